"""Facts of the ITU Council report (itu-cwg-wsis-sdg-2024) as the `itu-council-report` layout reads them.

Every expected value below was read off the seed text itself (line numbers as `cat -n` shows them).
The seed is parsed once per module.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from qararat.model import BlockKind, SpanKind
from qararat.parse import parse
from qararat.parse.common import Problems
from qararat.parse.itu_council import account_lines, logical_number, parse_layout, read_label
from qararat.read import read_source

SEED = Path(__file__).resolve().parents[1] / "seeds" / "itu-cwg-wsis-sdg-2024.txt"


@pytest.fixture(scope="module")
def source():
    return read_source(SEED)


@pytest.fixture(scope="module")
def doc(source):
    return parse(source)


def anchors_under(doc, part: str) -> list[str]:
    """Anchors of a part's own items, in reading order: '<part>-3', '<part>-g', '<part>-deleted-7'."""
    item = re.compile(re.escape(part) + r"-(\d+|[a-l]|deleted-\d+)")
    return [b.anchor for b in doc.blocks if item.fullmatch(b.anchor)]


def raw_text(unit) -> str:
    """Every span, deleted ones included: what the page shows, struck or not."""
    return "".join(s.text for s in unit.spans)


# ---------------------------------------------------------------- header and cover box

def test_header_is_the_joined_title_and_the_subtitle(doc):
    assert [(h.role, h.line) for h in doc.header] == [("title", 1), ("subtitle", 4)]
    title = doc.header[0].text
    assert title.startswith("تقرير من رئيس فريق العمل التابع للمجلس المعني بالقمة العالمية لمجتمع المعلومات")
    assert title.endswith("(CWG-WSIS&SDG)")
    assert doc.header[1].text.startswith("تقرير عن نتائج الاجتماعين التاسع والثلاثين والأربعين")


def test_cover_box_values_are_named_after_their_labels(doc):
    box = [b for b in doc.blocks if b.anchor.startswith("box-")]
    assert [(b.anchor, b.number, b.lines) for b in box] == [
        ("box-purpose", "الغرض", (6, 7)),
        ("box-action", "الإجراء المطلوب من المجلس", (8, 9)),
        ("box-links", "روابط ذات صلة بالخطة الاستراتيجية", (10, 11)),
        ("box-finance", "الآثار المالية", (12, 13)),
        ("box-refs", "المراجع", (15, 16)),
    ]
    assert all(b.kind is BlockKind.UNNUMBERED for b in box)
    assert doc.block("box-action").text == "يدعى المجلس إلى العلم بهذا التقرير، واعتماد المراجعات لقرار المجلس 1332 في الملحق A."
    assert doc.block("box-refs").text.startswith("قرارات الجمعية العامة للأمم المتحدة A/RES/70/125، A/RES/70/1")


# ---------------------------------------------------------------- counts

def test_counts_per_kind(doc):
    assert Counter(b.kind for b in doc.blocks) == {
        BlockKind.PARAGRAPH: 81, BlockKind.PREAMBLE: 31, BlockKind.SUBITEM: 21,
        BlockKind.HEADING: 16, BlockKind.UNNUMBERED: 13, BlockKind.FORMULA: 1,
    }
    assert len(doc.footnotes) == 1


def test_report_paragraph_counts(doc):
    section2 = [b for b in doc.blocks if b.anchor.startswith("p2-")]
    section3 = [b for b in doc.blocks if b.anchor.startswith("p3-")]
    assert len([b for b in section2 if b.parent is None]) == 14
    assert [b.anchor for b in section2 if b.parent] == ["p2-10-1", "p2-10-2", "p2-10-3"]
    assert len([b for b in section3 if b.parent is None]) == 15
    assert [b.anchor for b in section3 if b.parent] == ["p3-15-1", "p3-15-2"]
    assert [b.anchor for b in doc.blocks if b.anchor.startswith("u")] == ["u1", "u2", "u3", "u4", "u5"]


def test_annex_part_counts(doc):
    expected = {
        "annex-a-recalling": "abcdefghijkl",
        "annex-a-considering": "abcdefgh",
        "annex-a-recognizing": "abcdefghi",
        "annex-a-noting": "ab",
        "annex-a-tor": "abcdefgh",
    }
    for part, letters in expected.items():
        assert anchors_under(doc, part) == [f"{part}-{x}" for x in letters], part
    numbered = {"annex-a-resolves": 6, "annex-a-instructs-cwg": 5, "annex-a-instructs-sg-dirs": 5,
                "annex-a-invites": 7}
    for part, count in numbered.items():
        assert anchors_under(doc, part) == [f"{part}-{n}" for n in range(1, count + 1)], part
    sg = anchors_under(doc, "annex-a-instructs-sg")
    assert sg == [f"annex-a-instructs-sg-{n}" for n in range(1, 10)] + ["annex-a-instructs-sg-deleted-7"] \
        + [f"annex-a-instructs-sg-{n}" for n in range(10, 15)]
    assert [b.anchor for b in doc.blocks if b.deleted] == ["annex-a-instructs-sg-deleted-7"]


def test_recalling_has_twelve_preambular_items_a_to_l(doc):
    items = [b for b in doc.blocks if b.anchor.startswith("annex-a-recalling-")]
    assert len(items) == 12
    assert all(b.kind is BlockKind.PREAMBLE for b in items)
    assert [b.number for b in items] == ["أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل"]
    assert [b.lines[0] for b in items] == list(range(75, 87))


# ---------------------------------------------------------------- headings and anchors

def test_heading_anchors_in_reading_order(doc):
    assert [b.anchor for b in doc.blocks if b.kind is BlockKind.HEADING] == [
        "s1", "s2", "annex-a", "annex-a-h1", "annex-a-h2",
        "annex-a-recalling", "annex-a-considering", "annex-a-recognizing", "annex-a-noting",
        "annex-a-resolves", "annex-a-instructs-cwg", "annex-a-instructs-sg", "annex-a-instructs-sg-dirs",
        "annex-a-invites", "annex-a-h3", "annex-a-h4",
    ]


def test_heading_texts_and_wrapped_titles(doc):
    assert doc.block("s1").text == "مقدمة"
    assert doc.block("s2").number == "2" and doc.block("s2").level == 2
    assert doc.block("annex-a").text == "الملحق A" and doc.block("annex-a").number is None
    resolution = doc.block("annex-a-h1").text            # "القرار\xa01332 (المعدَّل عام 2024)" in the seed
    assert resolution.startswith("القرار 1332 (") and resolution.endswith(" عام 2024)")
    title = doc.block("annex-a-h2")
    assert title.lines == (71, 72)
    assert title.text == ("دور الاتحاد الدولي للاتصالات في تنفيذ نواتج القمة العالمية لمجتمع المعلومات "
                          "وخطة التنمية المستدامة لعام 2030")
    assert doc.block("annex-a-h3").text == "الملحق"
    assert doc.block("annex-a-h4").lines == (175, 176)
    assert doc.block("annex-a-recalling").level == 4
    assert doc.block("annex-a-formula").kind is BlockKind.FORMULA
    assert doc.block("annex-a-formula").text == "إن مجلس الاتحاد الدولي للاتصالات،"


def test_section_3_number_on_prose_is_paragraph_p3(doc):
    p3 = doc.block("p3")
    assert (p3.kind, p3.number, p3.lines) == (BlockKind.PARAGRAPH, "3", (48,))
    assert p3.text.startswith("وقد نظر الفريق في جميع المساهمات")
    assert "s3" not in doc.anchors()


@pytest.mark.parametrize("anchor, line, number, parent, opening", [
    ("p2-1", 31, "2.1", None, "ناقشت الاجتماعات التحديثات"),
    ("p2-10", 40, "2.10", None, "وفيما يتعلق بالأنشطة التحضيرية"),
    ("p2-10-1", 41, "2.10.1", "p2-10", "استهل فريق العمل التابع للمجلس"),
    ("p2-10-3", 43, "2.10.3", "p2-10", "وقد أعرب الفريق عن تقديره"),
    ("p2-14", 47, "2.14", None, "ونوقشت وقُدرت مشاركة الاتحاد"),
    ("p3-15", 63, "3.15", None, "دعوة المجلس في دورته لعام 2024"),
    ("p3-15-2", 65, "3.15.2", "p3-15", "أن يقدم تقريراً إلى المجلس"),
])
def test_reversed_dotted_numbers_get_logical_anchors(doc, anchor, line, number, parent, opening):
    block = doc.block(anchor)
    assert (block.lines, block.number, block.parent) == ((line,), number, parent)
    assert block.text.startswith(opening)


def test_logical_number_reverses_the_stored_parts():
    assert logical_number("1.10.2") == [2, 10, 1]
    assert logical_number("10.2") == [2, 10]
    assert logical_number("2.15.3") == [3, 15, 2]


def test_section_1_list_hangs_from_the_intro(doc):
    items = [doc.block(f"s1-{x}") for x in "abcde"]
    assert all(b.kind is BlockKind.SUBITEM and b.parent == "u1" for b in items)
    assert [b.number for b in items] == ["أ", "ب", "ج", "د", "ھ"]      # ھ is U+06BE, as printed
    assert items[0].text.startswith("الأنشطة التي يضطلع بها الاتحاد")
    assert items[4].text.startswith("مساهمة الاتحاد في الميثاق الرقمي العالمي")
    assert doc.block("u1").text.startswith("تحتوي هذه الوثيقة على التقرير الموجز")
    assert doc.block("u2").text.startswith("وشهد الاجتماعان حضوراً غفيراً")
    assert doc.block("u5").text.startswith("وبما أن عام 2025 سيصادف")


@pytest.mark.parametrize("anchor, kind, parent, opening", [
    ("annex-a-recalling-a", BlockKind.PREAMBLE, None, "القرار 140 (المراجَع في بوخارست، 2022)"),
    ("annex-a-recalling-l", BlockKind.PREAMBLE, None, "قرار الجمعية العامة للأمم المتحدة A/78/L.49"),
    ("annex-a-considering-g", BlockKind.PREAMBLE, None, "أن القرار 140 (المراجَع في بوخارست، 2022) ينص"),
    ("annex-a-considering-h", BlockKind.PREAMBLE, None, "أن القرار 102 (المراجَع في بوخارست، 2022)"),
    ("annex-a-recognizing-h-i", BlockKind.SUBITEM, "annex-a-recognizing-h", "استمرار الصلة الوثيقة"),
    ("annex-a-recognizing-h-ii", BlockKind.SUBITEM, "annex-a-recognizing-h", "استعراض الميثاق الرقمي العالمي"),
    ("annex-a-noting-b", BlockKind.PREAMBLE, None, "المدخلات التي قدمها الاتحاد"),
    ("annex-a-resolves-3-a", BlockKind.SUBITEM, "annex-a-resolves-3", "تحديث خرائط الطريق الخاصة"),
    ("annex-a-resolves-6-b", BlockKind.SUBITEM, "annex-a-resolves-6", "مشروع رؤية للحدث رفيع المستوى"),
    ("annex-a-instructs-cwg-1", BlockKind.PARAGRAPH, None, "باستهلال عملية تحضيرية مفتوحة"),
    ("annex-a-instructs-sg-dirs-5", BlockKind.PARAGRAPH, None, "بمواصلة إدماج تنفيذ خطة عمل"),
    ("annex-a-u1", BlockKind.UNNUMBERED, None, "الملحقات: 1"),
    ("annex-a-tor-a", BlockKind.PARAGRAPH, None, "تيسير تقديم الأعضاء لمدخلات"),
    ("annex-a-tor-e", BlockKind.PARAGRAPH, None, "تزويد الأعضاء بمقترحات"),
    ("annex-a-tor-h", BlockKind.PARAGRAPH, None, "القيام، بالاتصال مع أفرقة العمل الأخرى"),
])
def test_opening_words_of_annex_blocks(doc, anchor, kind, parent, opening):
    block = doc.block(anchor)
    assert (block.kind, block.parent) == (kind, parent)
    assert block.text.startswith(opening)


def test_considering_g_keeps_its_list(doc):
    """Item ز (l.94) ends 'من أجل:'; lines 95–106 are its list, not deleted text."""
    under_g = [(b.anchor, b.kind, b.number, b.lines[0]) for b in doc.blocks
               if b.anchor.startswith("annex-a-considering-g-")]
    assert under_g == [
        ("annex-a-considering-g-b1", BlockKind.SUBITEM, None, 95),
        ("annex-a-considering-g-u1", BlockKind.UNNUMBERED, None, 96),
        ("annex-a-considering-g-i", BlockKind.SUBITEM, "'1'", 97),
        ("annex-a-considering-g-ii", BlockKind.SUBITEM, "'2'", 98),
        ("annex-a-considering-g-iii", BlockKind.SUBITEM, "'3'", 99),
        ("annex-a-considering-g-iv", BlockKind.SUBITEM, "'4'", 100),
        ("annex-a-considering-g-v", BlockKind.SUBITEM, "'5'", 101),
        ("annex-a-considering-g-v-b1", BlockKind.SUBITEM, "-", 102),
        ("annex-a-considering-g-v-b2", BlockKind.SUBITEM, "-", 103),
        ("annex-a-considering-g-v-b3", BlockKind.SUBITEM, "-", 104),
        ("annex-a-considering-g-u2", BlockKind.UNNUMBERED, None, 105),
        ("annex-a-considering-g-b2", BlockKind.SUBITEM, None, 106),
    ]
    assert doc.block("annex-a-considering-g-v-b1").parent == "annex-a-considering-g-v"
    assert doc.block("annex-a-considering-g-u1").text == "ويطلب من المجلس:"
    assert doc.block("annex-a-considering-g-b1").text.startswith("تيسير تقديم الأعضاء للمساهمات")


# ---------------------------------------------------------------- tracked changes

def test_instructs_sg_labels_give_new_and_old_numbers(doc):
    sg = [doc.block(a) for a in anchors_under(doc, "annex-a-instructs-sg")]
    assert [(b.number, b.old_number, b.lines[0]) for b in sg] == [
        ("1", None, 142), ("2", None, 143), ("3", None, 144), ("4", None, 145), ("5", None, 146),
        ("6", None, 147), ("7", "5", 148), ("8", "6", 149), ("9", None, 150), (None, "7", 151),
        ("10", "8", 152), ("11", "9", 153), ("12", "10", 154), ("13", "11", 155), ("14", "12", 156),
    ]
    assert doc.block("annex-a-instructs-sg-7").text.startswith("بتقديم تقرير سنوي إلى المجلس الاقتصادي والاجتماعي")


def test_deleted_old_item_7_stays_visible(doc):
    deleted = doc.block("annex-a-instructs-sg-deleted-7")
    assert deleted.deleted and deleted.number is None and deleted.old_number == "7"
    assert [s.kind for s in deleted.spans] == [SpanKind.DELETED]
    assert raw_text(deleted).startswith("بتقديم تقرير شامل إلى مجلس الاتحاد سنوياً")
    assert deleted.text == ""                      # a reader's text leaves the deletion out


def test_invites_heading_resolves_the_replaced_verb(doc):
    heading = doc.block("annex-a-invites")
    assert [(s.kind, s.text) for s in heading.spans[:2]] == [(SpanKind.DELETED, "يشجع "), (SpanKind.INSERTED, "يدعو")]
    assert heading.text == "يدعو الدول الأعضاء وأعضاء القطاعات وجميع أصحاب المصلحة"
    assert heading.lines == (163,)


def test_invites_labels_and_prepositions(doc):
    items = [doc.block(f"annex-a-invites-{n}") for n in range(1, 8)]
    assert [(b.number, b.old_number) for b in items] == [
        ("1", None), ("2", None), ("3", "2"), ("4", "3"), ("5", "4"), ("6", "5"), ("7", "6"),
    ]
    for n in (2, 5, 6, 7):                         # "على إلى": على deleted, إلى inserted
        spans = items[n - 1].spans
        assert [(s.kind, s.text) for s in spans[:2]] == [(SpanKind.DELETED, "على "), (SpanKind.INSERTED, "إلى")]
    assert all(b.text.startswith("إلى ") for b in items)


def test_old_clause_run_on_in_invites_3_is_deleted(doc):
    item = doc.block("annex-a-invites-3")
    assert [s.kind for s in item.spans] == [SpanKind.TEXT, SpanKind.DELETED]
    assert item.text.endswith("لنتائج القمة العالمية لمجتمع المعلومات (WSIS)؛")
    assert item.spans[1].text.startswith("على المشاركة بنشاط في أنشطة الاتحاد")


@pytest.mark.parametrize("label, expected, next_old, reading", [
    ("4", 4, None, (4, None, "plain")),
    ("57", 7, None, (7, 5, "old-new")),
    ("1214", 14, 12, (14, 12, "old-new")),
    ("32", 3, None, (3, 2, "new-old")),
    ("7", 10, 7, (None, 7, "deleted")),
])
def test_read_label(label, expected, next_old, reading):
    result = read_label(label, expected, next_old)
    assert (result.new, result.old, result.reading) == reading


def test_read_label_refuses_skips_and_repeats():
    assert read_label("5", 7, None) is None
    assert read_label("3", 3 + 1, None) is None


# ---------------------------------------------------------------- footnote and residue

def test_footnote_marker_and_definition(doc):
    (note,) = doc.footnotes
    assert (note.number, note.printed, note.anchor, note.lines) == (1, "1", "fn1", (107,))
    assert note.text.startswith("بما فيها مؤسسة الإنترنت لتخصيص الأسماء والأرقام (ICANN)")
    assert note.text.endswith("وعلى أساس المعاملة بالمثل.")
    holders = [b for b in doc.blocks if b.note_refs]
    assert [(b.anchor, b.lines, b.note_refs) for b in holders] == [("annex-a-considering-h", (107,), (1,))]
    marker = next(s for s in holders[0].spans if s.kind is SpanKind.NOTE_REF)
    assert marker.text == "1"
    assert holders[0].text.endswith("الميسورة التكلفة،")


def test_no_word_residue_left(doc):
    texts = [raw_text(b) for b in doc.blocks] + [raw_text(f) for f in doc.footnotes] + [h.text for h in doc.header]
    for text in texts:
        for residue in ("[bookmark", "[footnoteRef", "\t", "\xa0", "[1:"):
            assert residue not in text, (residue, text[:60])
    assert all(text == text.strip() for text in texts)


def test_warnings_on_the_real_text(doc):
    assert sorted({w.line for w in doc.warnings}) == [48, 95, 106, 151, 166]
    assert all(w.severity == "warning" for w in doc.warnings)


# ---------------------------------------------------------------- fidelity

def test_every_non_blank_line_is_accounted_for(source, doc):
    parsed = parse_layout(source, Problems(source.path))
    where = account_lines(source, parsed)
    missing = [n for n, line in enumerate(source.lines, start=1) if line.strip() and n not in where]
    assert missing == []
    assert {n for n, what in where.items() if what.startswith("furniture")} == {14}
    assert where[2] == "header"
    assert all(b.lines for b in doc.blocks)


def test_blocks_follow_reading_order(doc):
    firsts = [b.lines[0] for b in doc.blocks]
    assert firsts == sorted(firsts)


# ---------------------------------------------------------------- structural errors

def errors_after(source, edit: dict[int, str]) -> list[tuple[int | None, str]]:
    """Parse the seed with some lines replaced; the located errors it reports."""
    lines = list(source.lines)
    for number, text in edit.items():
        lines[number - 1] = text
    problems = Problems(source.path)
    parse_layout(replace(source, lines=tuple(lines)), problems)
    return [(p.line, p.message) for p in problems.items if p.severity == "error"]


def test_repeated_paragraph_number_is_an_error(source):
    errors = errors_after(source, {32: source.line(32).replace("2.2\t", "1.2\t")})
    assert [line for line, _ in errors] == [32, 33]


def test_skipped_operative_number_is_an_error(source):
    errors = errors_after(source, {127: source.line(127).replace("3\t", "4\t", 1)})
    assert errors and errors[0][0] == 127


def test_skipped_letter_is_an_error(source):
    errors = errors_after(source, {76: source.line(76).replace("ب)", "ج)", 1)})
    assert [line for line, _ in errors][:1] == [76]
