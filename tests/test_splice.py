"""The raw HTML of generated pages goes around MkDocs and lands in the built pages unchanged."""
from __future__ import annotations

import json
import re

import pytest

from qararat.errors import BuildError
from qararat.render import document_page
from qararat.splice import PLACEHOLDER_PATTERN, set_aside, splice_site


def test_set_aside_keeps_markdown_and_joins_consecutive_raw_blocks():
    page = ("---\ntitle: x\n---\n\n# عنوان {: #top }\n\n<div class=\"unit\" id=\"p1\">١</div>\n\n"
            "<div class=\"unit\" id=\"p2\">٢</div>\n\n## قسم {: #s1 }\n\n<ul><li>أ</li></ul>\n\n"
            "<span>inline opens a Markdown paragraph</span>\n")
    markdown, parts = set_aside(page)
    assert parts == ['<div class="unit" id="p1">١</div>\n<div class="unit" id="p2">٢</div>', "<ul><li>أ</li></ul>"]
    assert markdown.split("\n\n") == ["---\ntitle: x\n---", "# عنوان {: #top }", '<div data-qararat-part="0"></div>',
                                      "## قسم {: #s1 }", '<div data-qararat-part="1"></div>',
                                      "<span>inline opens a Markdown paragraph</span>\n"]


def test_a_document_page_keeps_only_headings_for_mkdocs(corpus):
    doc = corpus.document("a-res-67-195")
    markdown, parts = set_aside(document_page(corpus, doc))
    assert 'id="pp30"' in "".join(parts) and 'id="pp30"' not in markdown
    kept = [b for b in markdown.split("\n\n") if not PLACEHOLDER_PATTERN.fullmatch(b.strip())]
    assert all(b.strip().startswith(("---", "#")) for b in kept), kept


def test_built_pages_hold_every_part_and_no_placeholder(built_site):
    pages = list(built_site.rglob("index.html"))
    assert not [p for p in pages if "data-qararat-part" in p.read_text(encoding="utf-8")]
    page = (built_site / "a-res-67-195" / "index.html").read_text(encoding="utf-8")
    unit = re.search(r'<div class="unit preamble" id="pp30".*?</div>', page)
    assert unit and "حيدر أباد" in unit.group(0)


def test_a_part_without_its_placeholder_is_an_error(tmp_path):
    (tmp_path / "site" / "a").mkdir(parents=True)
    (tmp_path / "site" / "a" / "index.html").write_text('<main><div data-qararat-part="0"></div></main>')
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "a.md.json").write_text(json.dumps(["<p>one</p>", "<p>two</p>"]))
    with pytest.raises(BuildError, match="1 of 2 parts of a.md have no placeholder"):
        splice_site(tmp_path / "site", tmp_path / "parts")
