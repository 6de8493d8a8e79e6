"""Arabic search, paragraph by paragraph, measured in a real browser through the header's search box.

The query table is the measurement the engine was chosen by: each query must bring the listed paragraphs
into its first ten results, whatever the hamza and alef forms, ta marbuta and final ya, diacritics,
tatweel, the article and attached prefixes, digits (Western or Arabic-Indic) and the order a UN symbol is
written in. Every result must open an anchor that exists on its page.
"""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import SLUGS

from qararat.search import (COUNT_BITS, SECTION_WORDS, data_records, normalise, particle_key, record_forms,
                             search_key, sections, symbol_forms, text_forms, word_keys)

TOP = 10
R80 = "/a-res-80-173/#"
R67 = "/a-res-67-195/#"
ITU = "/itu-cwg-wsis-sdg-2024/#"
TUNIS = "/tunis-wsis20-declaration/#"
A74 = "/a-74-821/#"
CITE_70_125 = [R80 + "pp1", R80 + "p58", R80 + "p92", R80 + "p105", R80 + "p126", ITU + "annex-a-recalling-g"]

# (query, paragraphs it must return in its first ten results, what it measures). Each query matches few
# paragraphs, so the test measures what is found, not how the index orders many equal matches.
QUERIES = [
    ("A/RES/70/125", CITE_70_125, "full symbol finds 125/70 and A/70/125 as written"),
    ("70/125", CITE_70_125, "session/number finds the Arabic order 125/70"),
    ("125/70", CITE_70_125, "Arabic order finds 70/125 and A/70/125"),
    ("١٢٥/٧٠", CITE_70_125, "Arabic-Indic digits in a symbol"),
    ("A/RES/56/183", [R67 + "pp1", TUNIS + "u3"], "symbol finds ١٨٣/٥٦ in Arabic-Indic digits"),
    ("183/56", [R67 + "pp1", TUNIS + "u3"], "Arabic order finds A/RES/56/183"),
    ("60/252", [R67 + "pp1"], "session/number finds ٢٥٢/٦٠"),
    ("A/RES/70/1", [R80 + "pp2", R80 + "fn6", ITU + "annex-a-recalling-h"], "symbol finds 1/70 and A/70/1"),
    ("2006/46", [R67 + "pp2"], "ECOSOC year/number finds ٤٦/٢٠٠٦"),
    ("E/2011/27", [R67 + "fn10"], "a symbol inside a footnote"),
    ("منتدى 2012", [R67 + "pp8"], "Western digits find Arabic-Indic ٢٠١٢"),
    ("القرار ١٣٣٢", [ITU + "p2-2", ITU + "p2-12"], "Arabic-Indic digits find Western 1332"),
    ("اعلان المبادئ", [R67 + "pp3", R67 + "pp20", ITU + "annex-a-recognizing-e"], "bare alef finds إعلان"),
    ("إعلان المبادئ", [R67 + "pp3", R67 + "pp20", ITU + "annex-a-recognizing-e"], "hamza below, as written"),
    ("اشبيليه", [R80 + "pp5", R80 + "p65"], "bare alef and final ه find إشبيلية"),
    ("الاعاقه", [R80 + "p12", R80 + "p23", ITU + "annex-a-recalling-d"], "alef and ta marbuta"),
    ("الساحليه", [R67 + "p3", R80 + "p5", R80 + "p89"], "ta marbuta written as ه"),
    ("امريكا الوسطي", [R67 + "pp32"], "final ي finds ى"),
    ("المتوخي", [R67 + "pp28"], "final ي finds ى"),
    ("الحكومه الالكترونيه", [R67 + "pp13", R80 + "p36"], "bare alef finds الإلكترونية"),
    ("التجارة إلكترونية", [R80 + "p29"], "hamza, no article, finds التجارة الإلكترونية"),
    ("برنامج الامم المتحده الانمائى", [R80 + "p110", ITU + "u3"], "final ى finds ي"),
    ("مسئولية", [TUNIS + "u3"], "hamza on ya finds hamza on waw (مسؤولية)"),
    ("القرار 175 المراجع في بوخارست", [ITU + "annex-a-recalling-d"], "no diacritic finds المراجَع"),
    ("التَّعاهُد الرَّقميّ العالميّ", [R80 + "p25", R80 + "p82", R80 + "p84"], "a query with harakat"),
    ("الإنـتـرنـت عنصر أساسي", [R67 + "pp22"], "a query with tatweel"),
    ("إعلان عالمي حقوق إنسان", [R80 + "p69", R80 + "p73", R80 + "p75"], "no article finds the article"),
    ("والإعلان العالمي لحقوق الإنسان", [R80 + "p69", R80 + "p73", R80 + "p75"], "و + article finds the article alone"),
    ("بحيدر اباد", [R67 + "pp30"], "attached ب and bare alef find «وفي حيدر أباد»"),
    ("للشباب وكبار السن", [R80 + "p12"], "لل finds الشباب, و finds وكبار"),
    ("وللمرأة", [R67 + "p4"], "ولل finds للمرأة"),
    ("فالحوكمة الدولية للذكاء الاصطناعي", [R80 + "p84"], "ف + article finds الحوكمة"),
    ("وحقوق الطفل", [R80 + "p80"], "attached و finds حقوق"),
    ("منتدى ادارة الانترنت هيئه دائمه", [R80 + "p99"], "a phrase without hamza, ه for ة"),
    ("المستقبل الذي نصبو اليه", [R67 + "pp6"], "a quoted title"),
    ("AICTO", [TUNIS + "u10", TUNIS + "u13", TUNIS + "u15"], "a Latin acronym"),
    ("اليونسكو", [ITU + "p2-4", TUNIS + "u5-b2"], "a name"),
    ("المجتمع الذكي", [TUNIS + "p1"], "two words"),
    ("حرية التعبير", [R67 + "pp20", R80 + "p57"], "two words across documents"),
    ("النطاق العريض", [R80 + "p27", ITU + "annex-a-recalling-e"], "two words across documents"),
    ("الاوساط التقنيه والاكاديميه", [R80 + "pp6", R67 + "p21"], "article, hamza, و and ta marbuta together"),
    # Words with punctuation inside: the query is cleaned as the text's words are.
    ("A/C.2/59/3", [R80 + "fn3", R67 + "fn1"], "a symbol with a period"),
    ("A/CONF.157/24", [R80 + "fn9"], "a conference symbol"),
    ("A/78/L.49", [ITU + "annex-a-recalling-l"], "a draft resolution's symbol"),
    ("A/67/66-E/2012/49", [R67 + "fn8"], "a joint symbol with a hyphen"),
    ("كوفيد-19", [A74 + "p6", A74 + "p7", A74 + "p50", A74 + "p53"], "an Arabic word with a hyphen and digits"),
    ("WSIS+20", [TUNIS + "u6", ITU + "p2-4"], "a plus sign"),
    ("CWG-WSIS&SDG", [ITU + "box-purpose", ITU + "p2-3"], "a hyphen and an ampersand"),
    ("20,000", [TUNIS + "u6-b6"], "a number with a thousands comma"),
]


# ---------------------------------------------------------------- the keys, in Python

@pytest.mark.parametrize("word, key", [
    ("الإعلان", "اعلان"), ("والإعلان", "اعلان"), ("بالإعلان", "اعلان"), ("فالتنمية", "تنميه"),
    ("للتنمية", "تنميه"), ("وللمرأة", "مراه"), ("التنميه", "تنميه"), ("الدولى", "دولي"),
    ("مسئولية", "مسءوليه"), ("مسؤولية", "مسءوليه"), ("المراجَع", "مراجع"), ("الإنـتـرنـت", "انترنت"),
    ("١٢٥", "125"), ("۱۲۵", "125"), ("وزارة", "وزاره"), ("آلية", "اليه"), ("الآلية", "اليه"), ("ال", "ال"),
])
def test_search_key(word, key):
    assert search_key(word) == key


@pytest.mark.parametrize("key, loose", [
    ("واعلان", "اعلان"), ("بحيدر", "حيدر"), ("وبتنميه", "تنميه"), ("وزاره", "زاره"), ("في", "في"), ("بان", "بان"),
])
def test_particle_key_keeps_three_letters(key, loose):
    assert particle_key(key) == loose


def test_word_keys_add_only_what_the_text_does_not_say():
    assert word_keys("نؤكد التزامنا بإعلان مبادئ جنيف، وخطة عمل جنيف") == [
        "نءكد", "تزامنا", "باعلان", "اعلان", "مبادء", "وخطه", "خطه"]
    assert word_keys("إلكترونية") == ["الكترونيه", "كترونيه"]


@pytest.mark.parametrize("text, forms", [
    ("في قرارها 125/70، أن تكون", ["70/125", "125/70", "A/RES/70/125"]),
    ("قرارها ٧٠/١٢٥", ["70/125", "125/70", "A/RES/70/125"]),
    ("القرار 1/70 المؤرخ", ["70/1", "1/70", "A/RES/70/1"]),
    ("القرار A/70/125 للجمعية", ["A/RES/70/125", "A/70/125", "70/125", "125/70"]),
    ("قرار المجلس ٤٦/٢٠٠٦", ["46/2006", "2006/46"]),
    ("الفقرة 2.10.1 والبند 15", []),
])
def test_symbol_forms(text, forms):
    assert symbol_forms(text) == forms


def unit_reading(unit) -> str:
    """What a reader reads in a unit of a built page: its paragraph, without footnote markers, flags,
    tracked deletions and footnote back-links."""
    paragraph = copy.copy(unit.find("p", recursive=False))
    for hidden in paragraph.select("sup, del, .fnref, .flag, .deleted-label, .backref"):
        hidden.decompose()
    return " ".join(paragraph.get_text().split())


def test_each_record_is_a_unit_of_its_page_with_its_label_and_reading_text(built_site):
    """Every unit a reader can read (a wholly deleted one has nothing to find) is one record."""
    records = data_records(built_site)
    pages = {}
    for slug in SLUGS:
        page = BeautifulSoup((built_site / slug / "index.html").read_text(encoding="utf-8"), "html.parser")
        pages[slug] = {u["id"]: u for u in page.select("article div.unit[data-cite-ar]") if unit_reading(u)}
    assert sorted(r.url for r in records) == sorted(f"/{slug}/#{i}" for slug, units in pages.items() for i in units)
    for record in records:
        slug, anchor = record.url.strip("/").split("/#")
        unit = pages[slug][anchor]
        assert record.label == unit["data-cite-ar"], record.url
        assert record.text == unit_reading(unit), record.url
    p9 = next(r for r in records if r.url == "/a-res-67-195/#p9")
    assert p9.label == "A/RES/67/195، الفقرة 9" and p9.text.startswith("تسلم كذلك بالإمكانات الهائلة")


def read_index(site: Path) -> tuple[dict, dict[str, dict[int, int]]]:
    """The built index: its meta, and each form's postings decoded (section number -> count)."""
    meta = json.loads((site / "search" / "meta.json").read_text(encoding="utf-8"))
    postings = {}
    for first, name in meta["chunks"]:
        chunk = json.loads((site / "search" / "index" / f"{name}.json").read_text(encoding="utf-8"))
        assert min(chunk) == first
        for form, values in chunk.items():
            section, postings[form] = 0, {}
            for value in values:
                section += value >> COUNT_BITS
                postings[form][section] = value & ((1 << COUNT_BITS) - 1)
    return meta, postings


def test_the_index_lists_sections_of_consecutive_paragraphs(built_site):
    """A section file per run of consecutive paragraphs of one document, numbered in corpus order."""
    records = data_records(built_site)
    found = sections(records)
    assert [r for section in found for r in section] == records
    for section in found:
        assert len({r.document_url for r in section}) == 1
        assert sum(r.words for r in section[:-1]) < SECTION_WORDS
    assert len(found) * 5 < len(records)
    meta, _ = read_index(built_site)
    assert meta["sections"] == len(found) == sum(count for _, count, _ in meta["documents"])
    assert [slug for slug, _, _ in meta["documents"]] == sorted(SLUGS)
    number = 0
    for slug, count, _ in meta["documents"]:
        for n in range(count):
            units = json.loads((built_site / "search" / "sections" / slug / f"{n}.json").read_text(encoding="utf-8"))
            assert [(f"/{slug}/#{a}", label, text) for a, label, text, _ in units["units"]] == \
                [(r.url, r.label, r.text) for r in found[number]]
            number += 1


def test_every_form_of_a_paragraph_leads_to_its_section(built_site):
    """The postings, decoded as the search box decodes them: each form of every record lists the
    record's section, with how often the section has it; the chunks hold the forms in sorted order."""
    meta, postings = read_index(built_site)
    for number, section in enumerate(sections(data_records(built_site))):
        for record in section:
            for form in record_forms(record):
                assert number in postings[form], (record.url, form)
    assert postings["اعلان"] and postings["a/res/70/125"]
    firsts = [first for first, _ in meta["chunks"]]
    assert firsts == sorted(firsts) and len(firsts) == len(set(firsts)) > 1
    p9 = next(r for r in data_records(built_site) if r.url == "/a-res-67-195/#p9")
    assert {"تسلم", "كذلك", "ذلك", "تكنولوجيات"} <= set(record_forms(p9))


# ---------------------------------------------------------------- in the browser

@pytest.fixture(scope="module")
def search_page(chromium, site_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/a-res-80-173/")
    yield page
    context.close()


@pytest.fixture(scope="module")
def anchors(built_site) -> dict[str, set[str]]:
    """Every id of every built page, by page path ("/a-res-80-173/")."""
    found = {}
    for page in built_site.rglob("index.html"):
        path = "/" + page.parent.relative_to(built_site).as_posix() + "/"
        found[path.replace("/./", "/")] = set(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")))
    return found


def search(page, query: str, document: str = "") -> list[str]:
    """Type a query into the header's box and return the addresses of the results shown, in order."""
    page.select_option("#qr-search-document", value=document)
    page.click("#qr-search-input")
    page.fill("#qr-search-input", query)
    page.keyboard.press("End")    # a real key: typed Arabic alone fires no keyup
    page.wait_for_function("(expected) => document.querySelector('#qr-search-results').dataset.query === expected",
                           arg=f"{document}|{query}")
    return page.eval_on_selector_all("#qr-search-results a.md-search-result__link", "links => links.map(a => a.href)")


def relative(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.mark.parametrize("query, expected, measures", QUERIES, ids=[q for q, _, _ in QUERIES])
def test_query_finds_its_paragraphs(search_page, anchors, query, expected, measures):
    found = [relative(url) for url in search(search_page, query)]
    missing = [anchor for anchor in expected if anchor not in found[:TOP]]
    assert not missing, f"{query} ({measures}): {missing} not in the first {TOP}: {found[:TOP]}"
    for address in found:
        path, _, anchor = address.partition("#")
        assert anchor in anchors[path], f"{query}: result {address} has no such anchor"


def test_result_shows_citation_label_and_marked_excerpt(search_page):
    search(search_page, "حيدر أباد")
    first = search_page.locator("#qr-search-results li.qr-result").first
    assert first.locator(".qr-result__label").inner_text() == "A/RES/67/195، الفقرة 30 من الديباجة"
    assert first.locator("mark").first.inner_text() == "حيدر"
    # The excerpt is the paragraph's own text: none of the hidden keys is shown.
    assert "حيدر أباد" in first.locator(".qr-result__excerpt").inner_text()
    assert "125/70" not in first.inner_text()


@pytest.mark.parametrize("query", ["المرأة", "مسئولية", "الساحلية", "المنظمة"])
def test_every_result_contains_what_was_asked(search_page, query):
    """No stemmer: a result is there because its text has the word (in some written form), so every
    excerpt marks it. Pagefind's Arabic stemmer returned 58 paragraphs for «المرأة», most about other things."""
    search(search_page, query)
    items = search_page.locator("#qr-search-results li.qr-result")
    assert items.count() > 0
    for i in range(items.count()):
        assert items.nth(i).locator(".qr-result__excerpt mark").count() > 0, items.nth(i).inner_text()


@pytest.mark.parametrize("query, written", [("125/70", "A/RES/70/125"), ("A/RES/70/125", "125/70")])
def test_a_symbol_is_marked_however_the_paragraph_writes_it(search_page, query, written):
    """A paragraph found through a symbol's hidden form (the query 125/70, the ITU text A/RES/70/125)
    marks the symbol as the paragraph writes it."""
    search(search_page, query)
    items = search_page.locator("#qr-search-results li.qr-result")
    marks = [items.nth(i).locator(".qr-result__excerpt mark").all_inner_texts() for i in range(items.count())]
    assert marks and all(marks), marks
    assert any(written in mark for found in marks for mark in found), marks


def test_more_results_come_section_after_section(search_page):
    """Ten paragraphs at a time; the button brings the next ten and takes the focus to the first of them."""
    first = search(search_page, "المعلومات")
    assert len(first) == 10
    assert search_page.inner_text("#qr-search-status") == "أول 10 فقرات تطابق «المعلومات»"
    search_page.click("#qr-search-results .qr-more button")
    search_page.wait_for_function("document.querySelectorAll('#qr-search-results li.qr-result').length === 20")
    links = search_page.eval_on_selector_all("#qr-search-results a.md-search-result__link", "ls => ls.map(a => a.href)")
    assert links[:10] == first and len(set(links)) == 20
    assert search_page.evaluate("document.activeElement.href") == links[10]


def test_filter_by_document(search_page):
    everywhere = search(search_page, "اليونسكو")
    assert {relative(u).split("#")[0] for u in everywhere} == {"/itu-cwg-wsis-sdg-2024/", "/tunis-wsis20-declaration/"}
    title = "إعلان تونس الوزاري بمناسبة الذكرى العشرين للقمة العالمية لمجتمع المعلومات"
    only = search(search_page, "اليونسكو", document=title)
    assert only and {relative(u).split("#")[0] for u in only} == {"/tunis-wsis20-declaration/"}
    search_page.select_option("#qr-search-document", value="")


def test_keyboard_only_search_lands_on_the_paragraph(open_page, site_url):
    page = open_page()
    page.goto(f"{site_url}/about/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "qr-search-input"
    page.keyboard.insert_text("حيدر أباد")
    page.keyboard.press("End")
    page.wait_for_function("document.querySelector('#qr-search-results').dataset.query === '|حيدر أباد'")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('li').matches('.qr-result')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/a-res-67-195/#pp30$"))
    page.wait_for_function("document.querySelector('#pp30').classList.contains('is-target')")
    box = page.locator("#pp30").bounding_box()
    assert 48 <= box["y"] < 900
    assert page.foreign_requests == []


def test_escape_closes_the_search(open_page, site_url):
    page = open_page()
    page.goto(f"{site_url}/")
    page.click("#qr-search-input")
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")


def test_python_and_javascript_keys_agree(search_page, built_site):
    """The index is keyed in Python, the query in JavaScript: on every word of the corpus they agree."""
    words = sorted({w for page in built_site.glob("*/index.html") for w in re.findall(
        r"[\u0621-\u064a\u0660-\u0669\u0670-\u06ff\u0640\u064b-\u065f]+", Path(page).read_text(encoding="utf-8"))})
    assert len(words) > 5000
    in_browser = search_page.evaluate(
        "(words) => words.map(w => [window.qararatSearchKeys.searchKey(w), window.qararatSearchKeys.particleKey("
        "window.qararatSearchKeys.searchKey(w))])", words)
    in_python = [[search_key(w), particle_key(search_key(w))] for w in words]
    disagree = [(w, p, j) for w, p, j in zip(words, in_python, in_browser) if p != j]
    assert not disagree, disagree[:10]
    assert normalise("ٱلأُمَم") == "الامم"


def test_a_paragraph_word_is_indexed_by_the_forms_the_search_box_compares(search_page, built_site):
    """Each whitespace-separated word of every record, punctuation and all, cleaned and keyed in Python
    (what the index holds) and in JavaScript (what a query is compared with): the same forms."""
    tokens = sorted({word for record in data_records(built_site) for word in record.text.split()})
    assert len(tokens) > 5000 and any("/" in t and "(" in t for t in tokens) and any(t.endswith("،") for t in tokens)
    in_browser = search_page.evaluate(
        "(words) => words.map(w => { const k = window.qararatSearchKeys.searchKey(window.qararatSearchKeys.clean(w));"
        " return [...new Set([k, window.qararatSearchKeys.particleKey(k)])].filter(Boolean); })", tokens)
    disagree = [(t, list(text_forms(t)), j) for t, j in zip(tokens, in_browser) if list(text_forms(t)) != j]
    assert not disagree, disagree[:10]
