"""The built site: five document pages and the index, JSON data, ids, determinism, safety."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import SLUGS, copy_project, run_build


def page(site: Path, slug: str) -> BeautifulSoup:
    return BeautifulSoup((site / slug / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_site_has_every_document_and_the_index(built_site):
    index = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"].strip("/").removeprefix("./") for a in index.select(".doc-list a")}
    assert links == set(SLUGS) and len(SLUGS) == 5
    for slug in SLUGS:
        assert (built_site / slug / "index.html").exists()


def test_pages_are_arabic_and_right_to_left(built_site):
    soup = page(built_site, "a-res-80-173")
    assert soup.find("html")["lang"] == "ar" and soup.find("body")["dir"] == "rtl"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_json_anchor_is_an_element_id(built_site, slug):
    data = json.loads((built_site / "data" / f"{slug}.json").read_text(encoding="utf-8"))
    ids = {tag["id"] for tag in page(built_site, slug).find_all(id=True)}
    anchors = [b["anchor"] for b in data["blocks"]] + [f["anchor"] for f in data["footnotes"]]
    assert anchors and not [a for a in anchors if a not in ids]


def test_json_export_fields(built_site):
    data = json.loads((built_site / "data" / "a-res-80-173.json").read_text(encoding="utf-8"))
    assert (data["slug"], data["symbol"], data["date"]) == ("a-res-80-173", "A/RES/80/173", "2025-12-17")
    p99 = next(b for b in data["blocks"] if b["anchor"] == "p99")
    assert p99["kind"] == "paragraph" and p99["number"] == "99" and p99["parent"] is None
    # repaired: the extraction reads "الإنترنط ... هيئاً"
    assert p99["text"].startswith("نقرر أن يصبح منتدى إدارة الإنترنت هيئة دائمة")
    assert data["footnotes"][6] == {**data["footnotes"][6], "anchor": "fn7", "number": 7,
                                    "text": "United Nations, Treaty Series, vol. 2515, No. 44910."}
    corpus = json.loads((built_site / "data" / "corpus.json").read_text(encoding="utf-8"))
    assert [d["slug"] for d in corpus["documents"]] == SLUGS
    assert next(d for d in corpus["documents"] if d["slug"] == "a-res-67-195")["counts"]["paragraph"] == 24


def test_footnotes_link_both_ways(built_site):
    soup = page(built_site, "a-res-67-195")
    markers = soup.select("sup.fnref a")
    # 14 marker uses for 11 footnotes: 1, 3 and 8 are cited twice ("see footnote" style)
    assert len(markers) == 14
    assert soup.select_one("#fnref1 a")["href"] == "#fn1"
    backs = [a["href"] for a in soup.select("#fn1 a.backref")]
    assert backs == ["#fnref1", "#fnref1-2"]
    assert soup.select_one("#fnref1-2").find_parent(class_="unit")["id"] == "p10"


def test_missing_footnote_is_flagged_on_the_page(built_site):
    soup = page(built_site, "a-res-80-173")
    missing = soup.select_one("#fnref12")
    assert "fnref-missing" in missing["class"] and missing.find("a") is None
    assert "غير موجودة في نص المصدر" in missing.find_next_sibling(class_="flag").get_text()
    assert missing.find_parent(class_="unit")["id"] == "p80"


def test_paragraph_number_in_the_margin_links_to_itself(built_site):
    number = page(built_site, "a-res-80-173").select_one("#p99 > a.num")
    assert number.get_text() == "99" and number["href"] == "#p99"


def test_latin_references_keep_their_order(built_site):
    """An English title inside Arabic is one isolated run, commas included; a footnote with no Arabic
    at all reads left to right."""
    page = BeautifulSoup((built_site / "a-74-821" / "index.html").read_text(encoding="utf-8"), "html.parser")
    fn12 = page.select_one("#fn12 > p")
    assert fn12.get("dir") is None
    assert "Measuring the Information Society Report 2018, vol. 1 (Geneva, 2019)" in \
        [b.get_text() for b in fn12.select("bdi")]
    fn13 = page.select_one("#fn13 > p")
    assert fn13["dir"] == "ltr" and fn13.get_text().startswith("Broadband Commission for Sustainable Development, ")


def test_table_of_contents_leaves_out_footnote_markers(built_site):
    """A heading that carries a footnote marker is listed in the page's table of contents without it;
    the heading itself keeps its marker and the marker its link."""
    soup = page(built_site, "a-74-821")
    entry = soup.select_one('nav.md-nav--secondary a[href="#rec-1a"]')
    assert entry.get_text(" ", strip=True) == "التوصية 1 - ألف (الاتصال الإلكتروني العالمي)"
    heading = soup.select_one("#rec-1a")
    assert heading.select_one("sup.fnref a")["href"] == "#fn7"
    assert "data-toc-label" not in heading.attrs


def test_the_annex_heading_prints_its_letter_once(built_site):
    soup = page(built_site, "itu-cwg-wsis-sdg-2024")
    assert soup.select_one("h2#annex-a").get_text() == "الملحق A"
    entry = soup.select_one('nav.md-nav--secondary a[href="#annex-a"]')
    assert entry.get_text(" ", strip=True) == "الملحق A"


@pytest.mark.parametrize("slug, count", [("a-res-80-173", 4), ("a-res-67-195", 0), ("a-74-821", 4),
                                         ("itu-cwg-wsis-sdg-2024", 6), ("tunis-wsis20-declaration", 1)])
def test_editorial_notes_read_left_to_right_each_under_its_line(built_site, slug, count):
    """The parser's notes on a source are English: each is its own left-to-right block after its line number."""
    warnings = json.loads((built_site / "data" / f"{slug}.json").read_text(encoding="utf-8"))["warnings"]
    items = page(built_site, slug).select("details.editorial-notes li")
    assert len(items) == len(warnings) == count
    for item, warning in zip(items, warnings):
        note = item.select_one("span.note-en[dir=ltr][lang=en]")
        assert note.get_text() == warning["message"]
        assert item.get_text() == f"السطر {warning['line'] or '—'}: {warning['message']}"


@pytest.mark.parametrize("words, listed", [
    ("<script>x</script> & «ب»", "<script>x</script> & «ب»"),       # text, escaped, never markup
    ("قوس {: #x } في العنوان", "قوس {: #x } في العنوان3"),            # braces: no label, the heading as is
])
def test_table_of_contents_label_is_text(words, listed):
    import markdown
    from types import SimpleNamespace

    from qararat.model import Block, BlockKind, Span
    from qararat.render import NoteLinks, heading_markdown

    block = Block(BlockKind.HEADING, "h", (Span(words), Span.note_ref("3", 3)), (1,), level=2)
    converter = markdown.Markdown(extensions=["attr_list", "toc"])
    notes = NoteLinks(SimpleNamespace(footnotes=(SimpleNamespace(number=3),)))
    html = converter.convert(heading_markdown(block, notes, {}))
    assert "data-toc-label" not in html and "<script>" not in html
    name = BeautifulSoup(converter.toc_tokens[0]["name"], "html.parser").get_text()
    assert name == listed


def test_header_card(built_site):
    card = page(built_site, "a-res-80-173").select_one(".doc-card")
    text = card.get_text(" ")
    assert "A/RES/80/173" in text and "17 كانون الأول/ديسمبر 2025" in text and "الجمعية العامة للأمم المتحدة" in text
    assert card.select_one('a[rel="external"]')["href"] == "https://undocs.org/ar/A/RES/80/173"


@pytest.mark.parametrize("slug, title", [
    ("a-74-821", "خريطة طريق من أجل التعاون الرقمي: تنفيذ توصيات الفريق الرفيع المستوى المعني بالتعاون الرقمي"
                 " — تقرير الأمين العام"),
    ("itu-cwg-wsis-sdg-2024", "تقرير من رئيس فريق العمل التابع للمجلس المعني بالقمة العالمية لمجتمع المعلومات"
                              " وأهداف التنمية المستدامة، مع الملحق A: القرار 1332 (المعدَّل عام 2024)"),
    ("tunis-wsis20-declaration", "إعلان المخرجات الوزاري: نتائج القمة العالمية لمجتمع المعلومات WSIS+20 والتوجهات"
                                 " المستقبلية نحو \"مجتمع الذكاء\""),
])
def test_a_title_keeps_the_colon_the_document_gives_it(built_site, slug, title):
    assert page(built_site, slug).h1.get_text() == title


def test_damaged_document_carries_a_notice(built_site):
    assert "ملف PDF تالف" in page(built_site, "a-74-821").select_one(".notice.damaged").get_text()
    assert page(built_site, "a-res-67-195").select_one(".notice.damaged") is None


def test_no_third_party_requests_in_markup(built_site):
    for html_file in built_site.rglob("*.html"):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in soup.find_all(tag):
                assert not element.get(attr, "").startswith(("http:", "https:", "//")), (html_file, element)


def test_two_builds_give_identical_data(built_site, tmp_path):
    root = copy_project(tmp_path / "again")
    assert run_build(root).returncode == 0
    first = {p.name: p.read_bytes() for p in (built_site / "data").iterdir()}
    second = {p.name: p.read_bytes() for p in (root / "site" / "data").iterdir()}
    assert first == second


INJECTED = [
    "ونرحب <script>alert('x')</script> و <img src=x onerror=alert(1)> و [رابط](https://evil.example) بذلك.",
    "{: #u1 .evil onclick=\"alert(1)\" } **عريض** `رمز` &amp; فقرة.",
    "---",
    "title: injected",
    "---",
    "عنوان <b>مدسوس</b> [x](#u1) {: #h1 }",
]


def test_source_text_cannot_inject_markup(tmp_path):
    root = copy_project(tmp_path / "inject")
    seed = root / "seeds" / "tunis-wsis20-declaration.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n\n" + "\n\n".join(INJECTED) + "\n", encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    soup = page(root / "site", "tunis-wsis20-declaration")
    article = soup.select_one("article")
    assert not article.find("script") and not article.find("img") and not article.find("b")
    assert not article.select('a[href^="https://evil"]') and not article.select(".evil")
    text = article.get_text()
    for visible in ("<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "[رابط](https://evil.example)",
                    '{: #u1 .evil onclick="alert(1)" }', "**عريض**", "`رمز`", "&amp;", "title: injected",
                    "عنوان <b>مدسوس</b> [x](#u1) {: #h1 }"):
        assert visible in text, visible
    assert len(soup.select("#u1")) == 1 and len(soup.select("#h1")) == 1


def test_strict_build_validates_anchors(tmp_path):
    root = copy_project(tmp_path / "anchors")
    about = root / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[رابط مكسور](a-res-80-173.md#p999)\n", encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 1
    assert "p999" in result.stderr and "mkdocs build --strict failed" in result.stderr
