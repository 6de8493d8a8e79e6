"""The concept index and glossary: a page for every listed body and process, every mention found,
tooltips on the mentions in the HTML and in a real browser."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from qararat.link import read_tables
from qararat.link.folding import fold
from qararat.model import SpanKind

ROOT = Path(__file__).resolve().parent.parent
TABLES = read_tables(ROOT / "seeds")



def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def mentioned(corpus, concept_id: str) -> dict[str, set[str]]:
    concept = next(c for c in corpus.concepts if c.id == concept_id)
    out: dict[str, set[str]] = {}
    for mention in concept.mentions:
        out.setdefault(mention.slug, set()).add(mention.anchor)
    return out


def test_the_listed_bodies_and_processes():
    assert [c.id for c in TABLES.concepts][:6] == ["igf", "cstd", "ungis", "wsis-forum", "wsis-action-lines",
                                                   "hlp-digital-cooperation"]
    igf = TABLES.concepts[0]
    assert (igf.name, igf.abbr, igf.name_en) == ("منتدى إدارة الإنترنت", "IGF", "Internet Governance Forum")


def test_every_surface_form_occurs_in_the_texts(corpus):
    texts = [fold(u.text).text for d in corpus.documents for u in [*d.blocks, *d.footnotes]]
    for concept in TABLES.concepts:
        for form in concept.forms:
            core = fold(form).text
            assert any(core in t or core.removeprefix("ال") in t for t in texts), (concept.id, form)


def test_igf_mentions(corpus):
    found = mentioned(corpus, "igf")
    assert {slug: anchors for slug, anchors in found.items() if slug != "a-74-821"} == {
        "a-res-67-195": {"pp24", "pp25", "pp28", "pp30", "p19"},      # p18 names it inside a cited title
        "a-res-80-173": {"pp7", "p96", "p97", "p98", "p99", "p100", "p102", "p103", "p125"},
        "itu-cwg-wsis-sdg-2024": {"annex-a-recognizing-h-ii"},
    }
    # the damaged report names the forum only where its repaired words read so
    report = corpus.document("a-74-821")
    naming = {u.anchor for u in [*report.blocks, *report.footnotes]
              if any(fold(form).text.removeprefix("ال") in fold(u.text).text for form in TABLES.concepts[0].forms)}
    assert found["a-74-821"] == naming == {"p66", "p68", "p93"}
    surfaces = {m.surface for c in corpus.concepts if c.id == "igf" for m in c.mentions}
    assert "منتدى حوكمة الإنترنت" in surfaces        # A/RES/80/173 pp7 uses the other Arabic name


def test_mentions_of_the_other_listed_bodies(corpus):
    assert mentioned(corpus, "hlp-digital-cooperation") == {"a-74-821": {"u1", "p71"}}
    assert mentioned(corpus, "ungis")["a-res-67-195"] == {"p17"}
    assert mentioned(corpus, "ungis")["tunis-wsis20-declaration"] == {"u6-b8"}
    assert mentioned(corpus, "wsis-forum")["a-res-80-173"] == {"p100", "p110"}
    assert mentioned(corpus, "cstd")["a-res-67-195"] == {"pp10", "pp11", "pp27", "p20", "p21", "p22", "p23"}
    action_lines = mentioned(corpus, "wsis-action-lines")
    assert set(action_lines) == {"a-res-67-195", "a-res-80-173", "itu-cwg-wsis-sdg-2024", "tunis-wsis20-declaration"}


def test_no_mention_in_a_heading(corpus):
    """(A mention inside a citation cannot be: a unit's spans do not overlap.)"""
    headings = [(doc.meta.slug, block) for doc in corpus.documents for block in doc.blocks
                if block.kind.value == "heading"]
    assert len(headings) > 40
    assert [(slug, block.anchor) for slug, block in headings
            if SpanKind.CONCEPT in {s.kind for s in block.spans}] == []


# ---------------------------------------------------------------- the built pages

def test_a_page_for_every_concept_and_the_glossary(built_site):
    glossary = page(built_site, "concepts")
    links = [a["href"] for a in glossary.select("table.glossary tbody a")]
    assert links == [f"{c.id}/" for c in TABLES.concepts]
    for concept in TABLES.concepts:
        html = page(built_site, f"concepts/{concept.id}")
        heading = concept.name + (f" ({concept.abbr})" if concept.abbr else "")
        assert html.select_one("h1").get_text(strip=True) == heading


def test_concept_page_lists_its_mentions(built_site):
    igf = page(built_site, "concepts/igf")
    assert {"in-a-res-67-195", "in-a-res-80-173", "in-itu-cwg-wsis-sdg-2024"} <= {
        h["id"] for h in igf.select("article h2[id]")}
    hrefs = [a["href"] for a in igf.select("ul.mentions > li > a:first-child")]
    data = json.loads((built_site / "data" / "corpus.json").read_text(encoding="utf-8"))
    units = {(m["slug"], m["anchor"]) for c in data["concepts"] if c["id"] == "igf" for m in c["mentioned_by"]}
    assert "../../a-res-80-173/#p99" in hrefs and len(hrefs) == len(units) >= 15


def test_mentions_carry_their_tooltip(built_site):
    html = page(built_site, "a-res-80-173")
    igf = html.select("#p99 a.concept[data-concept=igf]")
    assert len(igf) == 1
    assert igf[0]["title"] == "منتدى إدارة الإنترنت (IGF): Internet Governance Forum"
    assert igf[0]["href"] == "../concepts/igf/"
    itu = page(built_site, "itu-cwg-wsis-sdg-2024").select_one("a.concept[data-concept=cstd] abbr")
    assert itu.get_text() in ("CSTD", "UNCSTD")
    data = json.loads((built_site / "data" / "corpus.json").read_text(encoding="utf-8"))
    igf_data = next(c for c in data["concepts"] if c["id"] == "igf")
    assert igf_data["page"] == "/concepts/igf/" and len(igf_data["mentioned_by"]) >= 15


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_tooltip_renders_in_chromium(open_page, site_url, how):
    page_ = open_page()
    page_.goto(f"{site_url}/a-res-80-173/#p99")
    mention = page_.locator("#p99 a.concept[data-concept=igf]")
    assert mention.get_attribute("title") == "منتدى إدارة الإنترنت (IGF): Internet Governance Forum"
    mention.hover() if how == "hover" else mention.focus()
    tooltip = page_.get_by_role("tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    text = tooltip.inner_text()
    assert "منتدى إدارة الإنترنت" in text and "IGF" in text
    box, anchor = tooltip.bounding_box(), mention.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280           # drawn on screen, in RTL too
    assert abs(box["y"] - (anchor["y"] + anchor["height"])) < 200 or abs(anchor["y"] - (box["y"] + box["height"])) < 200
    assert page_.foreign_requests == []
