"""The repair record on the built site: raw text one click away, the notice, the repairs page."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import SEEDS, SLUGS
from qararat.fidelity import DEFECTS
from qararat.model import Repair
from qararat.parse import parse
from qararat.render_repairs import FIXER_AR, RAW_SUMMARY, block_extras
from qararat.repair.fixers import FIXERS
from test_fidelity import LISTED
from test_repair_fixers import repaired_source

OWN = [slug for slug in SLUGS if slug != "a-74-821"]


PARSED: dict[Path, BeautifulSoup] = {}


def soup(site: Path, path: str) -> BeautifulSoup:
    """A built page, parsed once per session (the pages are large); do not modify it."""
    if site / path not in PARSED:
        PARSED[site / path] = fresh_soup(site, path)
    return PARSED[site / path]


def fresh_soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_a_repaired_unit_offers_its_raw_extraction(built_site):
    unit = soup(built_site, "a-res-80-173/index.html").select_one("#p99")
    assert unit.find("p").get_text().startswith("نقرر أن يصبح منتدى إدارة الإنترنت هيئة دائمة")
    raw = unit.select_one("details.raw")
    assert raw.summary.get_text() == RAW_SUMMARY and "open" not in raw.attrs
    assert [li["value"] for li in raw.select("ol.raw-lines li")] == ["307"]
    assert "منتدى إدارة الإنترنط هيئاً دائمة" in raw.select_one("ol.raw-lines li").get_text()
    changes = [li.get_text(" ", strip=True) for li in raw.select("ul.changes li")]
    assert changes == ["fix_internet_spellings الإنترنط ← الإنترنت", "reviewed-correction هيئاً دائمة ← هيئة دائمة"]


def test_every_fixer_is_described_to_readers():
    assert set(FIXER_AR) == set(FIXERS) and all(FIXER_AR.values())


def test_a_unit_split_over_lines_shows_each_raw_line(built_site):
    raw = soup(built_site, "a-res-80-173/index.html").select_one("#p78 details.raw")
    assert [li["value"] for li in raw.select("ol.raw-lines li")] == ["236", "240", "241"]
    assert "(D-21)" not in raw.get_text()  # footnote 11 (line 238) is not part of the paragraph


def test_units_the_repair_left_alone_have_no_raw_view(built_site):
    assert soup(built_site, "a-res-67-195/index.html").select_one("#p1 details.raw") is None
    assert soup(built_site, "tunis-wsis20-declaration/index.html").select("details.raw") == []
    # 84 units of A/RES/80/173 were repaired: 82 paragraphs, the heading h14 and footnote 11.
    assert len(soup(built_site, "a-res-80-173/index.html").select("details.raw")) == 84


def raw_lines_shown(raw) -> dict[int, str]:
    return {int(li["value"]): li.get_text() for li in raw.select("ol.raw-lines li")}


def test_repaired_footnotes_and_headings_offer_their_raw_extraction(built_site):
    seed = (SEEDS / "a-74-821.txt").read_text(encoding="utf-8").split("\n")
    page = soup(built_site, "a-74-821/index.html")
    notes = page.select("div.footnote")
    assert len(notes) == 49 and all(note.select_one("details.raw") for note in notes)
    assert raw_lines_shown(page.select_one("#fn1 details.raw")) == {110: seed[109]}
    # A heading's raw view is the block right after it (a Markdown heading holds only its text).
    heading = page.select_one("#rec-1a")
    after = heading.find_next_sibling()
    assert "heading-repairs" in after["class"] and after.details.summary.get_text() == RAW_SUMMARY
    assert raw_lines_shown(after.details) == {199: seed[198]}
    assert len(page.select(".heading-repairs")) == 31
    r80 = soup(built_site, "a-res-80-173/index.html")
    assert "(D-21)" in r80.select_one("#fn11 details.raw ol.raw-lines").get_text()
    assert "الإنترنٌت" in r80.select_one("#h14").find_next_sibling().select_one("ol.raw-lines").get_text()


def test_the_raw_view_is_kept_out_of_the_search_index(built_site):
    """The index holds a unit's reading text only: not its raw source lines nor the list of changes."""
    indexed = {}
    for section in (built_site / "search" / "sections" / "a-res-80-173").glob("*.json"):
        indexed.update({anchor: text for anchor, _, text, _ in json.loads(section.read_text(encoding="utf-8"))["units"]})
    assert "منتدى إدارة الإنترنت هيئة دائمة" in indexed["p99"] and "الإنترنط" not in indexed["p99"]
    raws = soup(built_site, "a-res-80-173/index.html").select("div.unit[data-cite-ar] details.raw")
    assert len(raws) > 10
    for raw in raws:
        anchor = raw.find_parent("div", class_="unit")["id"]
        assert RAW_SUMMARY not in indexed[anchor] and "التغييرات" not in indexed[anchor], anchor


def test_raw_text_is_escaped():
    doc = parse(repaired_source("a-res-80-173"))
    lines = list(doc.raw_lines)
    lines[306] = "<script>alert(1)</script> & [x](#) {: #p1 }"
    hostile = type(doc)(**{**doc.__dict__, "raw_lines": tuple(lines),
                           "repairs": (Repair("drop_tatweel", 307, "<b>", "&"),)})
    html = block_extras(hostile, hostile.block("p99"))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [x](#)" in html
    assert "&lt;b&gt;</bdi> ← <bdi class=\"after\">&amp;</bdi>" in html


def test_uncertain_words_are_marked_where_they_stand(built_site):
    unit = soup(built_site, "a-res-67-195/index.html").select_one("#p22")
    note = unit.select_one("div.uncertain-note")
    assert note.find_parent("details") is None and note["role"] == "note"
    assert note.select_one("mark.uncertain").get_text() == "تحت"
    assert unit.find("p").get_text().startswith("تحت في هذا الصدد")  # the text itself is as extracted
    pages = {slug: soup(built_site, f"{slug}/index.html") for slug in OWN}
    assert {slug: len(page.select(".uncertain-note")) for slug, page in pages.items()} == {
        "a-res-80-173": 49, "a-res-67-195": 3, "itu-cwg-wsis-sdg-2024": 0, "tunis-wsis20-declaration": 1}


NOTICE = ("كلمات غيّرتها قواعد الإصلاح الآلية: {}؛ كلمات غيّرتها تصحيحات مراجَعة: {}؛ "
          "كلمات بقيت قراءتها غير مؤكدة: {}. سجل الإصلاحات")
COUNTS = {"a-res-80-173": (282, 114, 50), "a-res-67-195": (0, 0, 3), "itu-cwg-wsis-sdg-2024": (176, 0, 0),
          "tunis-wsis20-declaration": (0, 0, 1)}


@pytest.mark.parametrize("slug", OWN)
def test_the_notice_says_how_much_was_repaired(built_site, slug):
    summary = soup(built_site, f"{slug}/index.html").select_one(".notice .repair-summary")
    assert summary.get_text() == NOTICE.format(*COUNTS[slug])
    assert summary.a["href"] == f"../repairs/{slug}/"


# A/74/821: most of its words rest on reviewed readings (527 of its 745 lines are read whole from
# seeds/corrections/a-74-821.yml), and the notice says so by its counts.
DAMAGED_COUNTS = (3460, 6080, 4)


def test_the_damaged_report_has_a_notice_with_its_counts(built_site):
    summary = soup(built_site, "a-74-821/index.html").select_one(".notice.damaged .repair-summary")
    assert summary.get_text() == NOTICE.format(*DAMAGED_COUNTS)
    assert summary.a["href"] == "../repairs/a-74-821/"


def test_the_repairs_index_lists_every_document_with_its_counts_and_its_page(built_site):
    page = soup(built_site, "repairs/index.html")
    entries = page.select("ul.repair-documents > li")
    assert [li["id"] for li in entries] == SLUGS     # the addresses /repairs/#<slug> of earlier links
    assert [li.a["href"] for li in entries] == [f"{slug}/" for slug in SLUGS]
    counts = {slug: li.get_text().partition(": ")[2] for slug, li in zip(SLUGS, entries)}
    for slug, words in COUNTS.items():
        assert counts[slug] == NOTICE.format(*words).removesuffix(" سجل الإصلاحات")
    assert counts["a-74-821"] == NOTICE.format(*DAMAGED_COUNTS).removesuffix(" سجل الإصلاحات")


def test_a_documents_repairs_page_lists_its_fixers_corrections_and_doubts(built_site):
    page = soup(built_site, "repairs/a-res-80-173/index.html")
    fixers = page.select_one("#fixers").find_next("ul")
    assert [li.code.get_text() for li in fixers.select("li")] == [
        "replace_fullwidth_punctuation", "fix_internet_spellings", "drop_tatweel", "replace_farsi_yeh"]
    tatweel = fixers.select("li")[2]
    assert tatweel.get_text().startswith("drop_tatweel — حذف التطويل (ـ) الذي يمدّ الكلمات لضبط السطر، إلا في "
                                         "رمز البند «هـ». كلمات: 239؛ أسطر: 7؛ الوحدات: ")
    assert [a["href"] for a in tatweel.select("a")] == [f"../../a-res-80-173/#p{n}" for n in (22, 36, 37, 38, 39, 40, 41)]
    corrections = page.select_one("#corrections").find_next("ul").select("li")
    assert len(corrections) == 112
    assert corrections[0].get_text().startswith("السطر 36: «تiéتهم» ← «تنميتهم» — حرفان لاتينيان")
    assert corrections[0].a["href"] == "../../a-res-80-173/#p1"
    doubts = soup(built_site, "repairs/a-res-67-195/index.html").select_one("#doubts").find_next("ul").select("li")
    assert [li.a["href"] for li in doubts] == ["../../a-res-67-195/#pp1", "../../a-res-67-195/#p22",
                                              "../../a-res-67-195/#p12"]


def ids_of(site: Path, path: str, cache: dict[str, set[str]]) -> set[str]:
    if path not in cache:
        cache[path] = set(re.findall(r'\bid="([^"]+)"', (site / path).read_text(encoding="utf-8")))
    return cache[path]


def site_path(url: str) -> str:
    path = urlsplit(url).path.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def test_every_link_of_the_repair_record_lands(built_site):
    cache: dict[str, set[str]] = {}
    links = [("/repairs/", a["href"]) for a in soup(built_site, "repairs/index.html").select("article a[href]")]
    for slug in SLUGS:
        links += [(f"/repairs/{slug}/", a["href"])
                  for a in soup(built_site, f"repairs/{slug}/index.html").select("article a[href]")]
        page = soup(built_site, f"{slug}/index.html")
        links += [(f"/{slug}/", a["href"]) for a in page.select(".repair-summary a, details.raw a")]
    assert len(links) > 300
    for base, href in links:
        url = urljoin(base, href)
        target = site_path(url)
        assert (built_site / target).exists(), (base, href)
        fragment = urlsplit(url).fragment
        if fragment:
            assert fragment in ids_of(built_site, target, cache), (base, href)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_json_record_replays_on_the_raw_lines_it_holds(built_site, slug):
    record = json.loads((built_site / "data" / f"{slug}.repairs.json").read_text(encoding="utf-8"))
    lines = {int(n): text for n, text in record["raw_lines"].items()}
    assert set(lines) == {r["line"] for r in record["repairs"]}
    for r in record["repairs"]:
        assert r["before"] in lines[r["line"]], r   # every step finds what it changed
        lines[r["line"]] = lines[r["line"]].replace(r["before"], r["after"], 1)
    if slug in OWN:   # the generic fixers and the reviewed corrections give these lines
        repaired = repaired_source(slug).lines
        assert lines == {n: repaired[n - 1] for n in lines}


@pytest.mark.parametrize("slug", OWN)
def test_no_listed_defect_is_displayed_on_the_page_or_in_the_data(built_site, slug):
    page = fresh_soup(built_site, f"{slug}/index.html")
    for raw in page.select("details.raw"):
        raw.decompose()
    shown = page.select_one("article").get_text()
    data = json.loads((built_site / "data" / f"{slug}.json").read_text(encoding="utf-8"))
    texts = " ".join([b["text"] for b in data["blocks"]] + [f["text"] for f in data["footnotes"]])
    for defect in LISTED[slug]:
        if defect == "ـ":  # the page names other texts' items "(هـ)": count tatweel as the report does
            assert DEFECTS["tatweel"](shown) == DEFECTS["tatweel"](texts) == 0
        else:
            assert defect not in shown and defect not in texts, defect


@pytest.mark.parametrize("slug", OWN)
def test_the_raw_views_keep_the_page_weight_reasonable(built_site, slug):
    html = (built_site / slug / "index.html").read_text(encoding="utf-8")
    raw = sum(len(str(d)) for d in soup(built_site, f"{slug}/index.html").select("details.raw"))
    assert raw < 0.3 * len(html)


def test_the_damaged_reports_raw_view_names_whole_line_steps_and_counts_many_small_ones(built_site):
    """A/74/821 rewrites whole lines: the raw view shows the raw lines, names each step with its lines
    and counts a fixer's many small changes, and sends the reader to the full record."""
    raw = soup(built_site, "a-74-821/index.html").select_one("#p1 details.raw")
    assert [li["value"] for li in raw.select("ol.raw-lines li")] == ["64", "66", "67", "69", "70"]
    items = [li.get_text(" ", strip=True) for li in raw.select("ul.changes li")]
    assert items[0].startswith("drop_tatweel ×")
    assert "apply_reviewed_correction الأسطر 64، 66، 69، 70 كاملًا" in items
    assert "restore_run_order السطر 67 كاملًا" in items and "map_broken_font_glyphs السطر 67 كاملًا" in items
    assert raw.select_one("li.more a")["href"] == "../data/a-74-821.repairs.json"
