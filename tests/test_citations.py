"""Citation recognition on the real texts: which documents each text cites, and where; every written
form resolving to one canonical id; tricky strings that are not citations; the curated tables."""
from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qararat.errors import BuildError
from qararat.link import Ref, citations_in, link_corpus, read_tables
from qararat.link import citations as citations_module
from qararat.link import concepts as concepts_module
from qararat.link import folding as fold_module
from qararat.model import SpanKind

ROOT = Path(__file__).resolve().parent.parent
TABLES = read_tables(ROOT / "seeds")



def cited(corpus, slug: str) -> dict[str, set[str]]:
    """Canonical id -> anchors of the units of one document that cite it."""
    out: dict[str, set[str]] = {}
    doc = corpus.document(slug)
    for unit in [*doc.blocks, *doc.footnotes]:
        for span in unit.spans:
            if span.kind is SpanKind.CITATION:
                out.setdefault(span.ref, set()).add(unit.anchor)
    return out


def spans(corpus, slug: str, anchor: str) -> list[tuple[str, str, str | None]]:
    doc = corpus.document(slug)
    unit = next(u for u in [*doc.blocks, *doc.footnotes] if u.anchor == anchor)
    return [(s.ref, s.text, s.pinpoint) for s in unit.spans if s.kind is SpanKind.CITATION]


# ---------------------------------------------------------------- per document, on the real texts

def test_a_res_80_173_cites_resolution_70_125_in_both_orders(corpus):
    assert cited(corpus, "a-res-80-173")["a-res-70-125"] == {"pp1", "p58", "p92", "p105", "p126"}
    surfaces = {text for anchor in ("pp1", "p58", "p92", "p105", "p126")
                for ref, text, _ in spans(corpus, "a-res-80-173", anchor) if ref == "a-res-70-125"}
    assert surfaces == {"125/70", "70/125"}


A_RES_80_173_NUMBERED = {          # every citation by number or symbol: ids and where
    "a-res-70-125": {"pp1", "p58", "p92", "p105", "p126"},
    "a-res-70-1": {"pp2", "fn6"},                  # "1/70": resolution 70/1, not a date
    "a-res-79-1": {"pp3", "fn8"},
    "a-res-79-277": {"pp4"},
    "a-res-75-240": {"p56"},
    "a-res-79-323": {"p65", "fn1"},
    "a-res-78-213": {"p70"},
    "a-res-217-a-iii": {"fn2"},                    # 217 ألف (د-3)
    "a-res-2200-a-xxi": {"fn11"},                  # 2200 ألف (D-21)
    "a-c-2-59-3": {"fn3", "fn4"},                  # fn4 is "المرجع نفسه"
    "a-60-687": {"fn5"},
    "a-conf-157-24-part-i": {"fn9"},
    "a-hrc-17-31": {"fn10"},
}


def test_a_res_80_173_numbered_citations(corpus):
    found = cited(corpus, "a-res-80-173")
    for ref_id, anchors in A_RES_80_173_NUMBERED.items():
        numbered = {a for a in found[ref_id]
                    if any(re.match(r"[0-9٠-٩A-Z]", text) or text == "المرجع نفسه"
                           for r, text, _ in spans(corpus, "a-res-80-173", a) if r == ref_id)}
        assert numbered == anchors, ref_id


def test_a_res_80_173_named_instruments(corpus):
    found = cited(corpus, "a-res-80-173")
    assert found["tunis-agenda"] == {"p2", "p88", "p92", "p96", "p104", "p111"}
    assert found["geneva-plan-of-action"] == {"p2", "p18", "p111"}
    assert found["geneva-declaration"] == found["tunis-commitment"] == {"p2"}
    assert found["a-res-217-a-iii"] == {"fn2", "p1", "p69", "p73", "p75"}      # the Universal Declaration
    assert found["iccpr"] == {"p74"} and found["crpd"] == {"p23", "fn7"} and found["crc"] == {"p80"}
    assert found["vienna-declaration"] == {"p69"} and found["netmundial-10"] == {"p94"}
    assert found["un-charter"] == {"p1", "p8", "p52"}
    assert found["sevilla-commitment"] >= {"pp5"}
    # the Global Digital Compact: every paragraph that names it under "التعاهد الرقمي العالمي"
    doc = corpus.document("a-res-80-173")
    naming = {b.anchor for b in doc.blocks if "التعاهد الرقمي العالمي" in b.text}
    assert {"p25", "p82", "p84", "p120", "p122", "p125"} <= found["global-digital-compact"] == naming


A_RES_67_195 = {
    "a-res-56-183": {"pp1"}, "a-res-57-238": {"pp1"}, "a-res-57-270-b": {"pp1"},
    "a-res-59-220": {"pp1", "fn2"}, "a-res-60-252": {"pp1"}, "a-res-62-182": {"pp1"}, "a-res-63-202": {"pp1"},
    "a-res-64-187": {"pp1"}, "a-res-65-141": {"pp1"}, "a-res-66-184": {"pp1"},
    "e-res-2006-46": {"pp2"}, "e-res-2008-3": {"pp2"}, "e-res-2009-7": {"pp2"}, "e-res-2010-2": {"pp2"},
    "e-res-2011-16": {"pp2"}, "e-res-2012-5": {"pp2"},
    "geneva-declaration": {"pp3", "pp20"}, "geneva-plan-of-action": {"pp3"}, "tunis-commitment": {"pp3"},
    "tunis-agenda": {"pp3", "pp23", "pp26", "pp29", "p11", "p20"},
    "a-res-60-1": {"pp4", "fn5"}, "a-res-66-288": {"pp6", "fn7"},
    "unesco-cultural-diversity-declaration": {"pp12"},
    "a-67-65-e-2012-48": {"p18", "fn11"},
    "a-c-2-59-3": {"fn1"}, "a-60-687": {"fn3"}, "a-res-60-202": {"fn4"}, "a-res-65-1": {"fn6"},
    "a-67-66-e-2012-49": {"fn8"}, "e-2011-27": {"fn10"},
}


def test_a_res_67_195_every_citation(corpus):
    assert cited(corpus, "a-res-67-195") == A_RES_67_195


def test_a_res_67_195_arabic_indic_list_in_order(corpus):
    assert [ref for ref, _, _ in spans(corpus, "a-res-67-195", "pp1")] == [
        "a-res-56-183", "a-res-57-238", "a-res-57-270-b", "a-res-59-220", "a-res-60-252", "a-res-62-182",
        "a-res-63-202", "a-res-64-187", "a-res-65-141", "a-res-66-184"]
    assert ("a-res-57-270-b", "٢٧٠/٥٧ بء", None) in spans(corpus, "a-res-67-195", "pp1")
    assert spans(corpus, "a-res-67-195", "pp2")[0] == ("e-res-2006-46", "٤٦/٢٠٠٦", None)


TUNIS_DECLARATION = {
    "itu-pp-res-73": {"u2"}, "a-res-56-183": {"u3"}, "e-res-2025-18": {"u8"}, "itu-wsis20-report": {"u9"},
    "geneva-declaration": {"u4"}, "geneva-plan-of-action": {"u4"}, "tunis-commitment": {"u4"},
    "tunis-agenda": {"u4", "u19"}, "a-res-70-1": {"u6-b10"}, "global-digital-compact": {"u8", "u17-b5"},
}


def test_tunis_declaration_every_citation(corpus):
    assert cited(corpus, "tunis-wsis20-declaration") == TUNIS_DECLARATION


def test_itu_report_resolutions_with_place_and_year(corpus):
    found = cited(corpus, "itu-cwg-wsis-sdg-2024")
    assert [ref for ref, _, _ in spans(corpus, "itu-cwg-wsis-sdg-2024", "box-refs")] == [
        "a-res-70-125", "a-res-70-1", "a-res-77-150", "a-71-212", "a-70-299", "a-70-684", "a-res-73-218",
        "e-res-2023-3", "itu-pp-res-140", "itu-pp-res-172", "itu-pp-res-71", "itu-council-res-1332",
        "itu-council-res-1334", "itu-wtdc-res-30", "itu-wtsa-res-75", "itu-r-res-61", "wsis10-statement",
        "wsis10-vision", "a-res-70-1"]       # the last: "... لتحقيق خطة التنمية المستدامة لعام 2030"
    assert spans(corpus, "itu-cwg-wsis-sdg-2024", "annex-a-recalling-a")[0] == (
        "itu-pp-res-140", "140 (المراجَع في بوخارست، 2022)", None)
    assert found["itu-pp-res-140"] == {"box-purpose", "box-refs", "annex-a-recalling-a", "annex-a-considering-b",
                                       "annex-a-considering-c", "annex-a-considering-e", "annex-a-considering-f",
                                       "annex-a-considering-g"}
    assert found["itu-council-res-1332"] == {"box-purpose", "box-action", "box-refs", "p2-1", "p2-2", "p2-12",
                                             "u5", "annex-a-h1"}
    assert found["itu-council-res-1334"] == {"box-purpose", "box-refs", "p2-1", "p3-13"}
    assert found["itu-wtdc-res-30"] == {"box-refs", "annex-a-instructs-sg-dirs-5"}
    # "القرار A/70/125 للجمعية العامة" and "قرار الجمعية العامة ... 70/125": the resolution, as A/RES/70/125
    assert found["a-res-70-125"] == {"box-refs", "p2-1", "annex-a-recalling-g", "annex-a-recalling-l"}
    assert found["a-res-76-307"] == {"annex-a-considering-e"}                 # 307/76 in Arabic order
    assert found["cwg-wsis-sdg-39-4"] == {"p2-3"} and found["cwg-wsis-sdg-40-inf-6"] == {"p2-5"}
    assert found["global-digital-compact"] == {"s1-e", "p2-5", "p2-8", "p2-10-3", "p3-8", "annex-a-recognizing-h-ii",
                                               "annex-a-noting-b", "annex-a-instructs-sg-6", "annex-a-instructs-sg-9",
                                               "annex-a-instructs-sg-10"}


def test_the_compact_under_both_arabic_names(corpus):
    surfaces = {text for doc in corpus.documents for unit in [*doc.blocks, *doc.footnotes]
                for span in unit.spans if span.ref == "global-digital-compact" for text in [span.text]}
    assert {s for s in surfaces if "التعاهد" in s} and {s for s in surfaces if "الميثاق" in s}
    reference = corpus.reference("global-digital-compact")
    assert reference.documents == ("a-res-80-173", "itu-cwg-wsis-sdg-2024", "tunis-wsis20-declaration")


PINPOINTS = [   # (document, unit, cited id, pinpoint, words that open the citation)
    ("a-res-67-195", "p11", "tunis-agenda", "p111", "الفقرة ١١١ من"),
    ("a-res-67-195", "pp29", "tunis-agenda", "p35", "الفقرات ٣٥ إلى ٣٧ و ٦٧ إلى ٧٢ من"),
    ("a-res-67-195", "pp20", "geneva-declaration", "p4", "الفقرات ٤ و ٥ و ٥٥ من"),
    ("a-res-80-173", "p96", "tunis-agenda", "p72", "الفقرة 72 من"),
    ("itu-cwg-wsis-sdg-2024", "annex-a-resolves-1", "tunis-agenda", "p109", "الفقرة 109 من"),
    ("itu-cwg-wsis-sdg-2024", "annex-a-considering-f", "geneva-declaration", "p64", "الفقرة 64 من"),
    ("itu-cwg-wsis-sdg-2024", "annex-a-considering-h", "tunis-agenda", "p29", "الفقرات 29"),   # printed 82‑29
]


@pytest.mark.parametrize("slug, anchor, ref_id, pinpoint, opening", PINPOINTS)
def test_paragraph_pinpoints(corpus, slug, anchor, ref_id, pinpoint, opening):
    hits = [(text, pin) for ref, text, pin in spans(corpus, slug, anchor) if ref == ref_id and pin]
    assert len(hits) == 1
    text, pin = hits[0]
    assert pin == pinpoint and fold_module.fold(text).text.startswith(fold_module.fold(opening).text)


def test_a_74_821_citations(corpus):
    """The repaired report: the one UN symbol its text shows, and the instruments it names, nothing else."""
    doc = corpus.document("a-74-821")
    shown = {Ref.parse(m).id for u in [*doc.blocks, *doc.footnotes]
             for m in re.findall(r"(?<![A-Za-z0-9/])A/\d+/\d+", u.text)}
    assert shown == {"a-70-174"}
    assert cited(corpus, "a-74-821") == {
        "a-70-174": {"p38"},
        "a-res-66-288": {"p69"},          # "المستقبل الذي نصبو إليه", The Future We Want
        "a-res-70-1": {"p69", "p91-a"},   # the 2030 Agenda
    }


def test_resolution_years_agree_with_sessions(corpus):
    """Where a text dates a General Assembly resolution, the date falls in the session read from its number."""
    checked = 0
    for doc in corpus.documents:
        for unit in [*doc.blocks, *doc.footnotes]:
            text = fold_module.fold(unit.text).text
            for span in unit.spans:
                match = re.fullmatch(r"a-res-(\d+)-\d+(?:-[a-z])?", span.ref or "")
                if span.kind is not SpanKind.CITATION or not match:
                    continue
                after = text[text.find(fold_module.fold(span.text).text):][:80]
                dated = re.search(r"^\S+(?: \S+)? المؤرخ \d+ [^\d]+? (\d{4})", after)
                if dated:
                    session = int(match[1])
                    assert int(dated[1]) in (1945 + session, 1946 + session), (doc.meta.slug, unit.anchor, span.text)
                    checked += 1
    assert checked == 13       # ten in A/RES/67/195 pp1, three in A/RES/80/173 (pp1, pp2, p65)


def test_linking_never_changes_the_text(corpus, parsed_corpus):
    for before in parsed_corpus:
        after = corpus.document(before.meta.slug)
        assert [u.text for u in [*before.blocks, *before.footnotes]] == \
               [u.text for u in [*after.blocks, *after.footnotes]]


# ---------------------------------------------------------------- written forms, as data

SAME_REF = [   # every form of one row parses to the same canonical id
    ("a-res-70-125", ["A/RES/70/125", "125/70", "70/125", "٧٠/١٢٥", "١٢٥/٧٠", "قرارها 125/70", "قرارها 70/125",
                      "القرار A/70/125 للجمعية العامة"]),
    ("a-res-67-195", ["A/RES/67/195", "١٩٥/٦٧", "67/195"]),
    ("a-res-70-1", ["A/RES/70/1", "1/70", "70/1", "القرار 1/70"]),
    ("e-res-2006-46", ["E/RES/2006/46", "٤٦/٢٠٠٦", "2006/46"]),
    ("a-res-57-270-b", ["A/RES/57/270 B", "٢٧٠/٥٧ بء", "270/57 باء"]),
    ("a-res-217-a-iii", ["A/RES/217 A (III)", "القرار 217 ألف (د-3)"]),
    ("a-res-2200-a-xxi", ["A/RES/2200 A (XXI)", "القرار 2200 ألف (D-21)"]),
    ("itu-pp-res-140", ["القرار 140 (المراجَع في بوخارست، 2022) لمؤتمر المندوبين المفوضين",
                        "القرار 140 (المراجَع في بوخارست، 2022)"]),
    ("itu-council-res-1332", ["قرار المجلس 1332", "قرار المجلس رقم 1332", "وقراري المجلس 1332 (المعدّل في 2023)"]),
    ("a-conf-157-24-part-i", ["A/CONF.157/24 (Part I)"]),
    ("a-67-66-e-2012-49", ["A/67/66-E/2012/49"]),
]


@pytest.mark.parametrize("ref_id, forms", SAME_REF)
def test_written_forms_resolve_alike(ref_id, forms):
    assert {Ref.parse(form) for form in forms} == {Ref.parse(forms[0])}
    assert Ref.parse(forms[0]).id == ref_id


def test_a_document_symbol_alone_is_the_document():
    """Without a resolution word A/70/125 is the document of that symbol, not resolution 70/125."""
    assert Ref.parse("A/70/125").id == "a-70-125" != Ref.parse("القرار A/70/125").id


IN_CONTEXT = [   # (text, [(surface, id, pinpoint)])
    ("إذ تشير إلى قراراتها ١٨٣/٥٦ المؤرخ ٢١ كانون الأول/ديسمبر ٢٠٠١ و ٢٣٨/٥٧ المؤرخ ٢٠ كانون الأول/ديسمبر ٢٠٠٢،",
     [("١٨٣/٥٦", "a-res-56-183", None), ("٢٣٨/٥٧", "a-res-57-238", None)]),
    ("قرارات المجلس الاقتصادي والاجتماعي ٤٦/٢٠٠٦ المؤرخ ٢٨ تموز/يوليه ٢٠٠٦ و ٣/٢٠٠٨ المؤرخ ١٨ تموز/يوليه ٢٠٠٨",
     [("٤٦/٢٠٠٦", "e-res-2006-46", None), ("٣/٢٠٠٨", "e-res-2008-3", None)]),
    ("وإذ تعيد أيضا تأكيد الفقرات ٣٥ إلى ٣٧ و ٦٧ إلى ٧٢ من برنامج عمل تونس بشأن مجتمع المعلومات،",
     [("الفقرات ٣٥ إلى ٣٧ و ٦٧ إلى ٧٢ من برنامج عمل تونس بشأن مجتمع المعلومات", "tunis-agenda", "p35")]),
    ("على النحو المنوه به في الفقرة ١١١ من برنامج عمل تونس بشأن مجتمع المعلومات",
     [("الفقرة ١١١ من برنامج عمل تونس بشأن مجتمع المعلومات", "tunis-agenda", "p111")]),
    ("وهدف التعاهد الرقمي العالمي والالتزامات", [("التعاهد الرقمي العالمي", "global-digital-compact", None)]),
    ("مساهمة الاتحاد في الميثاق الرقمي العالمي GDC))", [("الميثاق الرقمي العالمي", "global-digital-compact", None)]),
    ("وإذ نشير أيضاً إلى المؤتمر الدولي الرابع لتمويل التنمية وبالالتزام إشبيلية المنشق عنه",
     [("وبالالتزام إشبيلية", "sevilla-commitment", None)]),
    ("القرارات 140 (المراجَع في بوخارست، 2022) و172 (المراجَع في غوادالاخارا، 2010) و71 (المراجَع في بوخارست، 2022)"
     " لمؤتمر المندوبين المفوضين",
     [("140 (المراجَع في بوخارست، 2022)", "itu-pp-res-140", None),
      ("172 (المراجَع في غوادالاخارا، 2010)", "itu-pp-res-172", None),
      ("71 (المراجَع في بوخارست، 2022)", "itu-pp-res-71", None)]),
    ("والقرار 2-61 (المعدَّل في 2019) للمؤتمر العالمي للاتصالات الراديوية",
     [("2-61 (المعدَّل في 2019)", "itu-r-res-61", None)]),
    ("مؤتمر المندوبين المفوضين للاتحاد الدولي للاتصالات لعام 1998 في مينيابوليس (القرار 73)",
     [("73", "itu-pp-res-73", None)]),
]


@pytest.mark.parametrize("text, expected", IN_CONTEXT)
def test_citations_in_context(text, expected):
    assert [(c.surface, c.ref.id, c.pinpoint) for c in citations_in(text, TABLES)] == expected


NOT_CITATIONS = [   # (text, why it is not a citation)
    ("ضمن الميزانية المخصصة لفترة السنتين 2024-2025.", "a period of years"),
    ("الذي أقيم مؤخراً في الفترة من 27 إلى 31 مايو 2024.", "a date range"),
    ("20-05913 3/24", "a job number and a page number"),
    ("بأن ٢٤,٤ في المائة فقط من سكان البلدان النامية", "a decimal with a comma"),
    ("الذي عقد في تموز/ يوليه 2025،", "a month written with its two names"),
    ("للفترة 2025-2021 المنشأ", "a period in visual order"),
    ("في الفترة 27-31 مايو في مركز جنيف", "days of a month"),
    ("اليوم 1/70 من الخطة", "a number pair without a resolution word"),
    ("سجلات المؤتمر العام، الدورة الحادية والثلاثون، المجلد الأول، القرارات، الفصل الخامس، القرار ٢٥، المرفق الأول.",
     "a resolution number with no body the text names"),
    ("وفقاً لأحكام الفقرة 7 من \"يقرر\" التي تنص", "a paragraph of the same text"),
    ("تقديم هذا القرار باعتباره مساهمة", "this resolution"),
    ("خطوط العمل جيم1 وجيم3 وجيم7", "action line codes"),
    ("الحدث رفيع المستوى WSIS+20 لعام 2025", "an event name"),
    ("(د-21)", "a session alone"),
]


@pytest.mark.parametrize("text, why", NOT_CITATIONS)
def test_not_citations(text, why):
    assert citations_in(text, TABLES) == [], why


def test_an_itu_council_number_needs_an_itu_text():
    assert [c.ref.id for c in citations_in("وتماشياً مع القرار 1332،", TABLES, itu=True)] == ["itu-council-res-1332"]
    assert citations_in("وتماشياً مع القرار 1332،", TABLES, itu=False) == []


def test_ref_validates_on_construction():
    with pytest.raises(ValueError):
        Ref.resolution(95, 1)                     # no such session yet
    with pytest.raises(ValueError):
        Ref.un("not a symbol")
    with pytest.raises(ValueError):
        Ref.parse("2014-2015")
    assert Ref.parse("A/RES/70/125").url == "https://undocs.org/ar/A/RES/70/125"


def test_doctests():
    for module in (citations_module, fold_module):
        assert doctest.testmod(module).failed == 0


# ---------------------------------------------------------------- the curated tables

def test_every_name_in_the_references_table_is_cited_somewhere(corpus):
    surfaces = {fold_module.fold(s.text).text for d in corpus.documents for u in [*d.blocks, *d.footnotes]
                for s in u.spans if s.kind is SpanKind.CITATION}
    for entry in TABLES.references:
        for name in entry.names:
            inner = re.sub(r".*\[(.*)\].*", r"\1", name)
            core = fold_module.fold(inner).text
            assert any(core.removeprefix("ال") in s for s in surfaces), name


def test_titles_are_read_where_the_table_says(tmp_path, parsed_corpus):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "references.yml").write_text(
        "- symbol: A/RES/70/125\n  title: عنوان لم يرد في النص\n  title_from: a-res-80-173#pp1\n", encoding="utf-8")
    with pytest.raises(BuildError) as error:
        link_corpus(parsed_corpus, read_tables(seeds))
    assert str(error.value.problems[0]).startswith("seeds/references.yml:1: error: title of a-res-70-125 is not found")


BAD_TABLES = [   # (file, content, message start)
    ("references.yml", "- id: Not An Id\n  title: x\n  title_from: a#b\n", "seeds/references.yml:1: error: id"),
    ("references.yml", "- symbol: A/RES/70/125\n- symbol: ١٢٥/٧٠\n", "seeds/references.yml:2: error: 'a-res-70-125'"),
    ("references.yml", "- id: x\n  title: y\n", "seeds/references.yml:1: error: 'title' needs 'title_from'"),
    ("references.yml", "- id: x\n  title: y\n  title_from: a#b\n  color: red\n", "seeds/references.yml:1: error: unknown"),
    ("concepts.yml", "- id: igf\n  name: x\n  name_en: y\n", "seeds/concepts.yml:1: error: field 'forms'"),
    ("concepts.yml", "- id: a\n  name: x\n  name_en: y\n  forms: [z]\n- id: b\n  name: x\n  name_en: y\n  forms: [z]\n",
     "seeds/concepts.yml:5: error: form 'z'"),
    ("annotations/a-res-80-173.yml", "p99:\n  - title: t\n", "seeds/annotations/a-res-80-173.yml:2: error: field 'text'"),
    ("references.yml", "- id: [unclosed\n", "seeds/references.yml:1: error: not valid YAML"),
]


@pytest.mark.parametrize("name, content, message", BAD_TABLES)
def test_table_errors_say_file_and_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BuildError) as error:
        read_tables(tmp_path)
    assert str(error.value.problems[0]).startswith(message)


def test_annotation_links_must_land(tmp_path, parsed_corpus):
    (tmp_path / "annotations").mkdir()
    (tmp_path / "annotations" / "a-res-80-173.yml").write_text(
        "p99:\n  - title: t\n    text: انظر [الفقرة](a-res-67-195#p99).\n", encoding="utf-8")
    with pytest.raises(BuildError) as error:
        link_corpus(parsed_corpus, read_tables(tmp_path))
    assert str(error.value.problems[0]) == ("seeds/annotations/a-res-80-173.yml:2: error: "
                                            "link [الفقرة](a-res-67-195#p99) lands on no unit")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \u00a0\t\u0640\u064e\u0650\u0670\u200f\u2067اأإىة١2/ab\x00", max_size=40))
def test_fold_reads_the_text_as_character_by_character_folding_does(text):
    """`fold` works on runs of the text; it must give what folding one character at a time gives."""
    quick, slow = fold_module.fold(text), fold_module._fold_by_character(text)
    assert quick.text == slow.text and list(quick.positions) == list(slow.positions)
    # the replacements one after another give what replacing every character at once gives
    at_once = str.maketrans(dict(fold_module._FOLDING))
    assert fold_module.replace_all(text, fold_module._FOLDING) == text.translate(at_once)
    for start in range(len(quick.text)):
        assert text[slice(*quick.original(start, start + 1))].translate(at_once).strip() in \
            (quick.text[start].strip(), "")


def every_name_match(text: str, names) -> list:
    """What the references table's names match in a folded text when every pattern is run on it."""
    from qararat.link.citations import Found, word_start
    found = []
    for name in names.names:
        for match in name.pattern.finditer(text):
            start = word_start(text, match.start("cited"))
            if start is not None:
                found.append(Found(start, match.end("cited"), name.ref))
    return found


def test_needles_found_per_document_give_what_each_unit_gives_alone(parsed_corpus, monkeypatch):
    """Linking looks for the names' and concepts' needles once per document; every unit of the five
    texts must get the same citations and concept mentions as when each unit is searched alone."""
    from qararat.link import needles_by_unit
    from qararat.link.citations import NameIndex, recognise_folded
    from qararat.link.concepts import ConceptIndex, concept_of
    names = NameIndex(tuple((name, e.ref) for e in TABLES.references for name in e.names))
    concepts = ConceptIndex(tuple(concept_of(e) for e in TABLES.concepts))
    needles = tuple(sorted(names.needles | concepts.needles))
    checked = found = 0
    for doc in parsed_corpus:
        itu = doc.meta.body_en.startswith("ITU")
        texts = [fold_module.fold(u.text).text for u in (*doc.blocks, *doc.footnotes)]
        for text, present in zip(texts, needles_by_unit(texts, needles)):
            assert present == {n for n in needles if n in text}
            alone = recognise_folded(text, names, itu), concepts.find(text)
            assert (recognise_folded(text, names, itu, present), concepts.find(text, present)) == alone
            # and every pattern tried on the unit, with no quick test before it, finds the same names; the
            # concepts, without the test of their words in a plainly spaced text, the same mentions
            assert names.find(text) == every_name_match(text, names)
            with monkeypatch.context() as patched:
                patched.setattr(concepts_module, "is_plainly_spaced", lambda text: False)
                assert concepts.find(text) == alone[1]
            checked += 1
            found += len(alone[0]) + len(alone[1])
    assert checked == 645 and found > 500     # every unit of the five texts; 574 citations and mentions


def test_needles_at_the_edges_of_units_belong_to_their_own_unit():
    from qararat.link import needles_by_unit
    texts = ["قمة المعلومات", "", "المعلومات والاتصالات", "اتصالات"]
    assert needles_by_unit(texts, ("اتصالات", "معلومات", "قمة")) == [
        {"معلومات", "قمة"}, set(), {"معلومات", "اتصالات"}, {"اتصالات"}]
