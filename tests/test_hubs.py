"""The citation graph on the built site: hub pages list every citing unit, shared hubs list every
document, backlinks and notes on document pages, the JSON export, and every link of every page lands."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import copy_project

from qararat import render_refs
from qararat.build import Layout, build
from qararat.link import link_corpus, read_tables
from qararat.model import Span, SpanKind

ROOT = Path(__file__).resolve().parent.parent


@cache
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@cache
def links_and_ids(path: Path) -> tuple[list[str], set[str]]:
    """Every href of a page, and every id (or anchor name) on it."""
    tags = soup(path).find_all(True)
    hrefs = [t["href"] for t in tags if t.name in ("a", "link") and t.has_attr("href")]
    ids = {t["id"] for t in tags if t.has_attr("id")} | {t["name"] for t in tags if t.name == "a" and t.has_attr("name")}
    return hrefs, ids


def page(site: Path, path: str) -> BeautifulSoup:
    return soup(site / path.strip("/") / "index.html")


@pytest.fixture(scope="module")
def corpus_json(built_site):
    return json.loads((built_site / "data" / "corpus.json").read_text(encoding="utf-8"))


def hub_links(site: Path, ref_id: str) -> set[tuple[str, str]]:
    """(slug, anchor) of every citing-unit link on a hub page."""
    links = set()
    for a in page(site, f"ref/{ref_id}").select("article ul.citing a[href]"):
        target = urlsplit(a["href"])
        links.add((target.path.strip("/").split("/")[-1], target.fragment))
    return links


# ---------------------------------------------------------------- hubs

def test_every_hub_lists_every_citing_unit(built_site, corpus_json):
    references = corpus_json["references"]
    assert len(references) == len(list((built_site / "ref").glob("*/index.html")))
    for reference in references:
        expected = {(c["slug"], c["anchor"]) for c in reference["cited_by"]}
        assert expected <= hub_links(built_site, reference["id"]), reference["id"]
        assert reference["hub"] == f"/ref/{reference['id']}/"


def test_hubs_cited_by_several_documents_list_them_all(built_site, corpus_json):
    shared = [r for r in corpus_json["references"] if len({c["slug"] for c in r["cited_by"]}) >= 2]
    # the texts share these outside documents (none of the five cites another of the five)
    assert {r["id"] for r in shared} == {
        "a-res-70-1", "a-res-70-125", "a-res-217-a-iii", "a-res-79-1", "a-res-56-183", "a-c-2-59-3", "a-60-687",
        "a-res-66-288", "geneva-declaration", "geneva-plan-of-action", "tunis-commitment", "tunis-agenda",
        "global-digital-compact"}
    for reference in shared:
        sections = {h["id"] for h in page(built_site, f"ref/{reference['id']}").select("article h2[id]")}
        assert sections == {f"from-{c['slug']}" for c in reference["cited_by"]}, reference["id"]


def test_tunis_agenda_hub(built_site):
    hub = page(built_site, "ref/tunis-agenda")
    assert hub.select_one("h1").get_text(strip=True) == "برنامج عمل تونس بشأن مجتمع المعلومات"
    assert [h.get_text(strip=True) for h in hub.select("article h2")] == [
        "تسخير تكنولوجيات المعلومات والاتصالات لأغراض التنمية (2012)",
        "الوثيقة الختامية للاستعراض العشريني للقمة العالمية لمجتمع المعلومات",
        "تقرير رئيس فريق العمل التابع للمجلس المعني بالقمة العالمية لمجتمع المعلومات وأهداف التنمية المستدامة (2024)",
        "إعلان تونس الوزاري بمناسبة الذكرى العشرين للقمة العالمية لمجتمع المعلومات"]
    item = next(li for li in hub.select("ul.citing li") if li.a["href"] == "../../a-res-67-195/#p11")
    assert item.a.get_text() == "الفقرة 11" and "يحيل إلى الفقرة 111" in item.get_text()
    assert item.select_one("mark").get_text() == "الفقرة ١١١ من برنامج عمل تونس بشأن مجتمع المعلومات"
    published = hub.select_one(".ref-card a[href='../a-60-687/']")
    assert published and published.get_text() == "A/60/687"


def test_un_hub_links_the_official_resolver(built_site):
    hub = page(built_site, "ref/a-res-70-125")
    official = hub.select_one(".ref-card a[rel=external]")
    assert official["href"] == "https://undocs.org/ar/A/RES/70/125"
    assert hub.select_one("h1").get_text(strip=True) == "A/RES/70/125"


def test_footnote_citations_name_the_paragraphs_that_call_them(built_site):
    hub = page(built_site, "ref/a-c-2-59-3")
    items = {li.a["href"]: [a["href"] for a in li.find_all("a")[1:]] for li in hub.select("ul.citing li")}
    assert items == {"../../a-res-67-195/#fn1": ["../../a-res-67-195/#pp3", "../../a-res-67-195/#p10"],
                     "../../a-res-80-173/#fn3": ["../../a-res-80-173/#p2"],
                     "../../a-res-80-173/#fn4": ["../../a-res-80-173/#p2"]}


def test_hub_index_is_sorted_by_citations(built_site, corpus_json):
    rows = page(built_site, "ref").select("table.ref-index tbody tr")
    counts = [int(r.find_all("td")[2].get_text()) for r in rows]
    assert len(rows) == len(corpus_json["references"]) and counts == sorted(counts, reverse=True)
    assert rows[0].a["href"] == "a-res-70-1/" and rows[0].find_all("td")[1].get_text().startswith("تحويل عالمنا")


# ---------------------------------------------------------------- document pages

def test_citations_link_to_their_hubs(built_site):
    doc = page(built_site, "a-res-80-173")
    p58 = doc.select_one("#p58 a.citation")
    assert (p58.get_text(), p58["href"], p58["data-ref"]) == ("125/70", "../ref/a-res-70-125/", "a-res-70-125")
    assert p58["title"].startswith("A/RES/70/125: الوثيقة الختامية")
    fn6 = doc.select_one("#fn6 a.citation")
    assert (fn6.get_text(), fn6["href"]) == ("1/70", "../ref/a-res-70-1/")
    p96 = doc.select_one("#p96 a.citation")
    assert p96["data-pinpoint"] == "p72" and p96.get_text() == "الفقرة 72 من برنامج عمل تونس لمجتمع المعلومات"


def test_also_cited_by(built_site):
    p2 = page(built_site, "a-res-80-173").select_one("#p2 details.also-cited")
    hrefs = {a["href"] for a in p2.select("a")}
    # p2 cites the Geneva and Tunis outcomes in its text and A/C.2/59/3, A/60/687 through its footnotes
    assert {"../ref/geneva-declaration/", "../ref/tunis-agenda/", "../ref/a-c-2-59-3/", "../ref/a-60-687/"} <= hrefs
    assert {"../a-res-67-195/#pp3", "../a-res-67-195/#fn1", "../tunis-wsis20-declaration/#u4",
            "../itu-cwg-wsis-sdg-2024/#annex-a-recognizing-e"} <= hrefs
    assert not page(built_site, "a-res-80-173").select_one("#p3 details.also-cited")


def test_also_cited_lists_name_the_other_documents_of_each_page(built_site):
    """The list for one reference is made once per distinct list and reused: each page still names the
    other documents citing it, never itself."""
    rows = {}
    for slug in ["a-res-80-173", "tunis-wsis20-declaration", "a-res-67-195", "itu-cwg-wsis-sdg-2024"]:
        for li in page(built_site, slug).select("details.also-cited li"):
            documents = {urlsplit(a["href"]).path.strip("./") for a in li.select("a") if "#" in a["href"]}
            assert slug not in documents, slug
            rows.setdefault(li.a["href"], {})[slug] = documents
    tunis_agenda = rows["../ref/tunis-agenda/"]
    assert "tunis-wsis20-declaration" in tunis_agenda["a-res-80-173"]
    assert "a-res-80-173" in tunis_agenda["tunis-wsis20-declaration"]


def test_references_section_of_a_document(built_site):
    doc = page(built_site, "tunis-wsis20-declaration")
    items = doc.select("ul.references > li")
    assert [li.a["href"] for li in items] == [
        "../ref/itu-pp-res-73/", "../ref/a-res-56-183/", "../ref/geneva-declaration/",
        "../ref/geneva-plan-of-action/", "../ref/tunis-commitment/", "../ref/tunis-agenda/", "../ref/a-res-70-1/",
        "../ref/e-res-2025-18/", "../ref/global-digital-compact/", "../ref/itu-wsis20-report/"]
    a56 = items[1]
    assert "../a-res-67-195/#pp1" in {a["href"] for a in a56.select(".also a")}


def test_editorial_notes(built_site):
    note = page(built_site, "a-res-80-173").select_one("#p99 details.annotation")
    assert note.summary.get_text().startswith("ملاحظة تحريرية")
    assert [a["href"] for a in note.select(".annotation-text a")] == ["../a-res-67-195/#pp25", "../a-res-80-173/#p103"]
    data = json.loads((built_site / "data" / "a-res-80-173.json").read_text(encoding="utf-8"))
    p99 = next(b for b in data["blocks"] if b["anchor"] == "p99")
    assert p99["annotations"][0]["links"] == [{"slug": "a-res-67-195", "anchor": "pp25"},
                                              {"slug": "a-res-80-173", "anchor": "p103"}]


# ---------------------------------------------------------------- JSON

def test_document_json_carries_citations(built_site):
    data = json.loads((built_site / "data" / "a-res-80-173.json").read_text(encoding="utf-8"))
    p58 = next(b for b in data["blocks"] if b["anchor"] == "p58")
    assert p58["citations"] == [{"id": "a-res-70-125", "surface": "125/70", "pinpoint": None}]
    assert {"kind": "citation", "text": "125/70", "ref": "a-res-70-125"} in p58["spans"]
    fn4 = next(f for f in data["footnotes"] if f["anchor"] == "fn4")
    assert fn4["citations"] == [{"id": "a-c-2-59-3", "surface": "المرجع نفسه", "pinpoint": None}]
    data = json.loads((built_site / "data" / "a-res-67-195.json").read_text(encoding="utf-8"))
    p11 = next(b for b in data["blocks"] if b["anchor"] == "p11")
    assert p11["citations"] == [{"id": "tunis-agenda", "surface": "الفقرة ١١١ من برنامج عمل تونس بشأن مجتمع المعلومات",
                                 "pinpoint": "p111"}]


def test_corpus_json_references(corpus_json):
    a56 = next(r for r in corpus_json["references"] if r["id"] == "a-res-56-183")
    assert a56["hub"] == "/ref/a-res-56-183/" and a56["url"] == "https://undocs.org/ar/A/RES/56/183"
    assert a56["cited_by"] == [{"slug": "a-res-67-195", "anchor": "pp1", "surface": "١٨٣/٥٦"},
                               {"slug": "tunis-wsis20-declaration", "anchor": "u3", "surface": "A/RES/56/183"}]


# ---------------------------------------------------------------- in-corpus citations

def test_a_citation_of_a_corpus_document_lands_on_its_paragraph(parsed_corpus):
    """None of the five cites another, so a text citing one is made here from a real unit."""
    docs = parsed_corpus
    tunis = next(d for d in docs if d.meta.slug == "tunis-wsis20-declaration")
    u7 = replace(tunis.blocks[6], spans=(Span("كما قررت الجمعية العامة في الفقرة 99 من قرارها 173/80 وفي القرار 195/67."),))
    docs = [replace(tunis, blocks=tunis.blocks[:6] + (u7,) + tunis.blocks[7:]) if d is tunis else d for d in docs]
    corpus = link_corpus(docs, read_tables(ROOT / "seeds"))
    spans = [s for s in corpus.document("tunis-wsis20-declaration").block(u7.anchor).spans
             if s.kind is SpanKind.CITATION]
    assert [(s.ref, s.pinpoint, s.target) for s in spans] == [
        ("a-res-80-173", "p99", "a-res-80-173/#p99"), ("a-res-67-195", None, "a-res-67-195/")]
    assert '<a class="citation" href="../a-res-80-173/#p99"' in render_refs.citation_html(spans[0], "x")
    assert corpus.reference("a-res-80-173").in_corpus == "a-res-80-173"
    cited_by = render_refs.document_extras(corpus, corpus.document("a-res-80-173"))
    assert "{: #cited-by }" in cited_by and f'href="../tunis-wsis20-declaration/#{u7.anchor}"' in cited_by


# ---------------------------------------------------------------- every link lands

def target_file(site: Path, page_path: Path, href: str) -> Path | None:
    path = unquote(urlsplit(href).path)
    if not path:
        return page_path
    base = page_path.parent if not path.startswith("/") else site
    target = (base / path.lstrip("/")).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site: Path, pages: list[Path]) -> tuple[list[str], int]:
    """The links of these pages that land on no file of the site, or on no such id; and how many were checked."""
    broken, checked = [], 0
    for html_path in pages:
        for href in links_and_ids(html_path)[0]:
            if urlsplit(href).scheme or href.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = target_file(site, html_path, href)
            fragment = unquote(urlsplit(href).fragment)
            checked += 1
            if target is None or not target.exists() or not str(target).startswith(str(site)):
                broken.append(f"{html_path.relative_to(site)}: {href} (no file)")
            elif fragment and target.suffix == ".html" and fragment not in links_and_ids(target)[1]:
                broken.append(f"{html_path.relative_to(site)}: {href} (no #{fragment})")
    return broken, checked


def test_every_link_on_every_page_lands(built_site):
    site = built_site.resolve()
    broken, checked = broken_links(site, sorted(site.rglob("*.html")))
    assert checked > 5000
    assert broken == []



# ---------------------------------------------------------------- long hub and concept pages

def pages_of(files: dict[str, str], folder: str, page_id: str) -> list[str]:
    """The paths of a hub's or concept's pages, in order: <id>.md, then <id>/2.md, <id>/3.md, ..."""
    paths = [f"{folder}/{page_id}.md"]
    while f"{folder}/{page_id}/{len(paths) + 1}.md" in files:
        paths.append(f"{folder}/{page_id}/{len(paths) + 1}.md")
    return paths


def url_of(path: str) -> str:
    """The address MkDocs gives a generated page: ref/x.md -> /ref/x/, ref/x/2.md -> /ref/x/2/."""
    return "/" + path.removesuffix(".md") + "/"


@pytest.mark.parametrize("folder, list_class, section", [("ref", "citing", "from"), ("concepts", "mentions", "in")])
def test_long_hub_and_concept_pages_are_cut_into_pages_of_whole_documents(corpus, monkeypatch, folder, list_class,
                                                                          section):
    """With at most 3 units a page, every hub and concept of the five texts still lists every unit that
    cites or mentions it, each document on one page in the order of the single page, and every page links
    to every page."""
    monkeypatch.setattr(render_refs, "UNITS_PER_PAGE", 3)
    files = dict(render_refs.pages(corpus))
    owners = ({r.id: [(c.slug, c.anchor) for c in r.cited_by] for r in corpus.references} if folder == "ref" else
              {c.id: list(dict.fromkeys((m.slug, m.anchor) for m in c.mentions)) for c in corpus.concepts})
    longest = 0
    for page_id, expected in owners.items():
        paths = pages_of(files, folder, page_id)
        longest = max(longest, len(paths))
        listed, documents = [], []
        for path in paths:
            markdown = files[path]
            slugs = re.findall(rf"\{{: #{section}-([a-z0-9-]+) \}}", markdown)
            units = BeautifulSoup(markdown, "html.parser").select(f"ul.{list_class} > li")
            assert len(slugs) == 1 or len(units) <= 3, path
            documents += slugs
            prefix = "../../" if path == paths[0] else "../../../"
            for li in units:
                assert li.a["href"].startswith(prefix), path
                target = urlsplit(li.a["href"])
                listed.append((target.path.strip("/").split("/")[-1], target.fragment))
            pager = BeautifulSoup(markdown, "html.parser").select("nav.pager")
            if len(paths) > 1:
                assert len(pager) == 2 and pager[0]["aria-label"] != pager[1]["aria-label"], path
                hrefs = [urljoin(url_of(path), a["href"]) for a in pager[0].select("a")]
                assert hrefs == [url_of(p) for p in paths], path
                assert pager[0].select_one("a[aria-current=page]")["href"] in ("./", f"../{paths.index(path) + 1}/")
            else:
                assert not pager, path
        assert listed == expected, page_id
        assert documents == list(dict.fromkeys(slug for slug, _ in expected)), page_id
    assert longest >= 4     # some run to four pages


def test_a_site_with_long_hub_pages_builds_and_every_link_of_their_pages_lands(tmp_path, monkeypatch):
    """The real build (MkDocs in strict mode, the set-aside HTML spliced back) of the five texts with at
    most 3 units a page: the later pages of a hub are built at /ref/<id>/<k>/ with their lists, and
    every link of every hub and concept page lands."""
    monkeypatch.setattr(render_refs, "UNITS_PER_PAGE", 3)
    root = copy_project(tmp_path)
    build(Layout(root))
    site = (root / "site").resolve()
    later = sorted(site.glob("ref/*/[0-9]*/index.html")) + sorted(site.glob("concepts/*/[0-9]*/index.html"))
    assert len(later) > 20
    second = page(site, "ref/a-res-70-1/2")
    assert second.select("article ul.citing > li") and not second.select("[data-qararat-part]")
    pager = second.select("nav.pager")[0]
    assert [a["href"] for a in pager.select("a")][:3] == ["../", "../2/", "../3/"]
    assert pager.select_one("a[aria-current=page]")["href"] == "../2/"
    broken, checked = broken_links(site, sorted(site.glob("ref/**/index.html")) + sorted(site.glob("concepts/**/index.html")))
    assert checked > 2000
    assert broken == []
