"""Structure of A/74/821 ("Road map for digital cooperation") read from its damaged extraction.

Every expected value below was read off seeds/a-74-821.txt (line numbers as `cat -n` shows them).
The parser reads the lines as the broken-font repair gives them back (tests/test_repair_a_74_821.py
asserts the repaired wording); here the structure is asserted, and only words the repair reads
for certain.
"""
from __future__ import annotations

import dataclasses
import doctest
import re
from collections import Counter
from pathlib import Path

import pytest

from qararat.model import BlockKind, SpanKind
from qararat.parse import damaged_report, parse
from qararat.parse.common import Problems
from qararat.read import read_source
from qararat.repair.forward import forward_matches

SEED = Path("seeds/a-74-821.txt")

# Lines the parser drops, by kind; nothing else may be left out of the Document.
TABLE_OF_CONTENTS = {28, 29, 31, 33, 35, 37, 39, 41, 43, 45, 47}
RUNNING_HEAD_FOOTER = {54, 59}                    # "A/74/821", "20-05913 3/24"
SEPARATORS = {108, 156, 206, 265, 309, 363, 415, 476, 537, 583, 645, 677, 750, 807, 864, 912, 956}
DUPLICATE_URLS = {112, 219, 325, 489, 490, 599}   # link targets repeated after a page's footnotes
DROPPED = TABLE_OF_CONTENTS | RUNNING_HEAD_FOOTER | SEPARATORS | DUPLICATE_URLS

HEADINGS = [
    "summary",
    "ch-1", "ch-2",
    "ch-3", "ch-3-a", "rec-1a", "rec-1b", "rec-1c-1d",
    "ch-3-b", "rec-2",
    "ch-3-c", "rec-3a-3b", "h1", "h2", "h3", "h4", "rec-3c",
    "ch-3-d", "rec-4",
    "ch-3-e", "rec-5a-5b",
    "ch-4", "h5", "h6", "h7", "h8", "h9", "h10", "h11", "h12", "h13",
]
CHAPTER_PARAGRAPHS = {"ch-1": (1, 5), "ch-2": (6, 12), "ch-3": (13, 68), "ch-4": (69, 96)}
SUBITEMS = {
    "p2": ["أ", "ب", "ج", "د", "هـ"],                 # l.77-85 (STRUCTURE.md says para 3: it is para 2)
    "p56": ["أ", "ب", "ج"],                           # l.786-821
    "p77": ["أ", "ب", "ج", "د", "هـ"],                # l.1016-1032
    "p91": ["أ", "ب", "ج"],                           # l.1139-1148
    "p93": ["أ", "ب", "ج", "د", "هـ", "و", "ز"],      # l.1161-1182
}
# Where the marker of a footnote stands: (block anchor, source line).
MARKERS = {
    1: ("p4", 93), 5: ("p10", 165), 7: ("rec-1a", 199), 8: ("p13", 223), 15: ("rec-1b", 326),
    20: ("p24", 381), 21: ("rec-1c-1d", 394), 22: ("rec-1c-1d", 394), 27: ("rec-2", 493),
    29: ("rec-3a-3b", 547), 30: ("rec-3a-3b", 547), 40: ("p49", 670), 42: ("rec-3c", 741),
    44: ("p56-a", 786), 45: ("rec-4", 831), 47: ("p62", 873), 48: ("rec-5a-5b", 917),
    49: ("rec-5a-5b", 917),
}
NUMBER_TOKEN = re.compile(r"^\d{1,3} - ")
MARKER_TOKEN = re.compile(r"\(\d{1,2}\)")
LABEL_TOKEN = re.compile(r"^\((أ|ب|ج|د|هـ|ه|و|ز)\) ")


@pytest.fixture(scope="module")
def source():
    return read_source(SEED)


@pytest.fixture(scope="module")
def doc(source):
    return parse(source)


def kind_anchors(doc, kind):
    return [b.anchor for b in doc.blocks if b.kind is kind]


def first_words(text, count):
    return " ".join(text.split()[:count])


# --- counts and order ----------------------------------------------------------------------

def test_counts(doc):
    assert doc.count(BlockKind.PARAGRAPH) == 96
    assert len(doc.footnotes) == 49
    assert doc.count(BlockKind.UNNUMBERED) == 1          # the summary is one paragraph (l.22-27)
    assert doc.count(BlockKind.SUBITEM) == 23
    headings = [b for b in doc.blocks if b.kind is BlockKind.HEADING]
    levels = Counter((b.level, b.anchor.split("-")[0].rstrip("0123456789")) for b in headings)
    assert levels == {(2, "summary"): 1, (2, "ch"): 4, (3, "ch"): 5, (4, "rec"): 8, (4, "h"): 13}


def test_heading_anchors_in_reading_order(doc):
    assert kind_anchors(doc, BlockKind.HEADING) == HEADINGS


def test_chapter_and_section_numbers_as_printed(doc):
    chapters = [(b.anchor, b.number) for b in doc.blocks if b.kind is BlockKind.HEADING and b.level == 2]
    assert chapters == [("summary", None), ("ch-1", "أولا"), ("ch-2", "ثانيا"), ("ch-3", "ثالثا"), ("ch-4", "رابعا")]
    sections = [(b.anchor, b.number) for b in doc.blocks if b.level == 3]
    assert sections == [("ch-3-a", "ألف"), ("ch-3-b", "باء"), ("ch-3-c", "جيم"), ("ch-3-d", "دال"),
                        ("ch-3-e", "هاء")]


def test_heading_text_without_its_number(doc):
    assert doc.block("ch-1").text == "معلومات أساسية"                       # l.63 "معلومال أساسية  - أولا"
    assert doc.block("ch-3-d").text == "الثقة والأمن والاستقرار"            # l.829 "الث ة واممن والاست رار - دال"
    assert doc.block("h1").text == "حماية البيانات والخصوصية"               # l.606 " ماية البيانال والخمومية"
    assert doc.block("h4").lines == (714,)                                  # ends in "و" but is a heading
    assert doc.block("h5").lines == (980,)
    assert doc.block("h13").lines == (1154,)


def test_paragraph_numbers_run_one_to_96(doc):
    paragraphs = [b for b in doc.blocks if b.kind is BlockKind.PARAGRAPH]
    assert [b.number for b in paragraphs] == [str(n) for n in range(1, 97)]
    assert [b.anchor for b in paragraphs] == [f"p{n}" for n in range(1, 97)]


def test_paragraphs_fall_in_their_chapters(doc):
    chapter = None
    found: dict[str, list[int]] = {}
    for block in doc.blocks:
        if block.kind is BlockKind.HEADING and block.level == 2 and block.anchor != "summary":
            chapter = block.anchor
        if block.kind is BlockKind.PARAGRAPH:
            found.setdefault(chapter, []).append(int(block.number))
    assert {ch: (min(ns), max(ns)) for ch, ns in found.items()} == CHAPTER_PARAGRAPHS
    assert sum(len(ns) for ns in found.values()) == 96


# --- wording --------------------------------------------------------------------------------

@pytest.mark.parametrize("anchor, words", [
    ("u1", "يقدم هذا التقرير ردا"),
    ("p1", "في تموز/يوليه 2018، شكل الأمين العام فريقا"),
    ("p13", "تتطلب المشاركة المجدية في"),
    ("p2-a", "بناء اقتصاد ومجتمع"),
])
def test_first_words(doc, anchor, words):
    assert first_words(doc.block(anchor).text, len(words.split())) == words


def test_paragraph_number_is_cut_out_wherever_it_stands(doc):
    # l.64 ends in "- 1"; l.102 has "- 5" in the middle of the line: both come first, then go.
    assert doc.block("p1").text.startswith("في تموز/يوليه 2018،")
    assert doc.block("p5").text.startswith("ويتوخى هذا التقرير") and "- 5" not in doc.block("p5").text


@pytest.mark.parametrize("number, fragment", [
    (2, "International Telecommunications Unions (ITU)"),
    (3, "المرجع نفسه."),
    (4, "27 August 2019."),                       # l.162 + l.164, the year on the next line
    (8, "ITU, Measuring Digital Development"),
    (14, "https://gigaconnect.org/."),            # l.323 belongs to the note; l.325 is the duplicate
    (34, "Privacy by design"),
    (47, "Global Cybersecurity Index 2018"),
])
def test_footnote_text(doc, number, fragment):
    assert fragment in doc.footnote(number).text


def test_footnote_number_token_is_removed(doc):
    for note in doc.footnotes:
        assert not MARKER_TOKEN.search(note.text), note.anchor
        assert note.anchor == f"fn{note.number}" and note.printed == str(note.number)
    assert [f.number for f in doc.footnotes] == list(range(1, 50))


@pytest.mark.parametrize("number, lines", [
    (1, (110,)), (4, (162, 164)), (7, (212, 214, 215, 217)), (14, (320, 322, 323)),
    (34, (679, 681, 683, 685, 687, 689)), (40, (709,)), (44, (809, 810, 812, 813, 815, 816)),
    (48, (958, 959, 961, 962, 964)), (49, (965, 967)),
])
def test_footnote_lines(doc, number, lines):
    assert doc.footnote(number).lines == lines


# --- footnote markers ----------------------------------------------------------------------

@pytest.mark.parametrize("note, where", sorted(MARKERS.items()))
def test_marker_stands_in_its_block(doc, note, where):
    anchor, line = where
    block = doc.block(anchor)
    assert note in block.note_refs
    assert line in block.lines


def test_every_footnote_has_exactly_one_marker(doc):
    refs = Counter(n for b in doc.blocks for n in b.note_refs)
    assert refs == Counter(range(1, 50))


def test_markers_are_note_spans_not_text(doc):
    for block in doc.blocks:
        assert not MARKER_TOKEN.search(block.text), block.anchor
        for span in block.spans:
            if span.kind is SpanKind.NOTE_REF:
                assert span.text == str(span.note)


# --- sub-items -----------------------------------------------------------------------------

def test_subitems_per_parent(doc):
    found: dict[str, list[str]] = {}
    for block in doc.blocks:
        if block.kind is BlockKind.SUBITEM:
            found.setdefault(block.parent, []).append(block.number)
    assert found == SUBITEMS


def test_subitem_anchors_follow_their_parent(doc):
    latin = {"أ": "a", "ب": "b", "ج": "c", "د": "d", "هـ": "e", "و": "f", "ز": "g"}
    previous = None
    for block in doc.blocks:
        if block.kind is BlockKind.SUBITEM:
            assert block.anchor == f"{block.parent}-{latin[block.number]}"
            assert previous in (block.parent, *[f"{block.parent}-{x}" for x in latin.values()])
        previous = block.anchor
    assert not LABEL_TOKEN.search(" ".join(b.text for b in doc.blocks))


# --- nothing lost --------------------------------------------------------------------------

def test_no_structural_token_left_in_text(doc):
    for block in doc.blocks:
        if block.anchor.startswith("rec-"):
            continue  # "ألف - 1التومية": the "- 1" is the printed recommendation label, not a number
        assert not NUMBER_TOKEN.search(block.text), block.anchor


def test_every_line_is_read_or_documented_as_dropped(source, doc):
    used = Counter()
    used.update(h.line for h in doc.header)
    for unit in [*doc.blocks, *doc.footnotes]:
        used.update(unit.lines)
    text_lines = {n for n, line in enumerate(source.lines, start=1) if line.strip()}
    assert set(used) | DROPPED == text_lines
    assert not set(used) & DROPPED
    assert [n for n, c in used.items() if c > 1] == []          # no line read twice


def test_dropped_lines_are_reported(doc):
    reported = set()
    for warning in doc.warnings:
        if warning.message.startswith("dropped"):
            reported |= {int(n) for n in warning.message.split(":", 1)[1].split(",")}
    assert reported == DROPPED


def test_only_warnings_are_the_dropped_furniture(doc):
    assert [w.message.split(" line(s)")[0] for w in doc.warnings] == [
        "dropped 11 table of contents", "dropped 2 running head/footer",
        "dropped 17 footnote separator", "dropped 6 duplicate URL"]


@pytest.mark.parametrize("anchor, lines", [
    ("p10", (151, 152, 154, 165, 166, 168, 169)),        # resumes after the zone at l.156
    ("p13", (201, 202, 204, 220, 221, 223)),             # after footnotes 5-7 and the URL at l.219
    ("p24", (360, 361, 380, 381, 383)),                  # after footnote 19 ends ("و/https://...")
    ("p27", (409, 410, 412, 413, 434, 435)),
    ("p50", (672, 673, 675, 710, 711)),
    ("p53", (743, 744, 746, 747, 748, 763, 764)),
    ("p56-c", (802, 803, 805, 817, 818, 820, 821)),      # a sub-item resumes too
    ("p62", (859, 860, 861, 863, 872, 873, 875)),
])
def test_body_resumes_after_a_footnote_zone(doc, anchor, lines):
    assert doc.block(anchor).lines == lines


def test_header(doc):
    roles = [(h.role, h.line) for h in doc.header]
    assert roles == [("session", 1), ("agenda", 2), ("agenda-title", 4), ("agenda-title", 5),
                     ("agenda-title", 7), ("title", 13), ("title", 15), ("subtitle", 18)]
    assert doc.header[0].text == "الدورة الرابعة والسبعون"
    assert doc.header[1].text == "البند 14 من جدول الأعمال"
    assert doc.header[5].text == "خريطة طريق من أجل التعاون الرقمي: تنفيذ توصيات الفريق الرفيع المستوى"
    assert doc.header[7].text == "تقرير الأمين العام"


def test_module_doctests():
    assert doctest.testmod(damaged_report).failed == 0


# --- what the parser says when the text is not as expected ---------------------------------

def parse_lines(source, lines):
    """Lines as the repair stage would give them (raw and repaired the same: nothing to check)."""
    problems = Problems(source.path)
    lines = tuple(lines)
    parsed = damaged_report.parse_layout(dataclasses.replace(source, lines=lines, raw_lines=lines), problems)
    return parsed, problems


FRONT = ["", "", " موجز ", "نص الموجز.", "", "", "أولا - معلومات أساسية"]


def test_a_missing_paragraph_number_is_an_error(source):
    _, problems = parse_lines(source, FRONT + ["1 - نص أول", "3 - نص ثالث"])
    errors = [p for p in problems.items if p.severity == "error"]
    assert [(e.line, "expected 2" in e.message) for e in errors] == [(9, True)]


def test_a_missing_footnote_definition_is_an_error(source):
    _, problems = parse_lines(source, FRONT + ["1 - نص أول(1) نص", "__________", "", "بلا رقم."])
    errors = [p for p in problems.items if p.severity == "error"]
    assert [(e.line, "(1)" in e.message) for e in errors] == [(8, True)]


def test_an_undecidable_line_goes_to_the_body_with_a_warning(source):
    parsed, problems = parse_lines(source, FRONT + [
        "1 - نص أول(1) نص", "__________", "(1) تعريف الحاشية", "سطر لا يعرف مكانه",
        "2 - نص ثان"])
    assert parsed.footnotes[0].lines == (10,)
    assert parsed.blocks[-2].anchor == "p1" and parsed.blocks[-2].lines == (8, 11)
    assert [(p.severity, p.line) for p in problems.items if "cannot tell" in p.message] == [("warning", 11)]


def test_a_block_whose_repaired_line_the_raw_line_does_not_support_is_flagged(source):
    """A repaired line that the forward model, damaging it again, cannot turn back into its raw line is
    flagged on its block; a line with nothing repaired, or a repair the raw line supports, is not."""
    lines = FRONT + ["1 - نص أول:", "(أ) بناء اقتصاد ومجتمع رقميين شاملين للجميع؛", "(ب) تنمية القدرات البشرية."]
    raw = FRONT + ["1 - نص أول:", " بناء اقت اد ومجتمع رقميين شاملين للجميع؛ كأ( ",     # seed line 77
                   " كلام آخر لا يصنعه الخط من هذا السطر كب( "]
    assert forward_matches(lines[8], raw[8]) and not forward_matches(lines[9], raw[9])
    problems = Problems(source.path)
    parsed = damaged_report.parse_layout(dataclasses.replace(source, lines=tuple(lines), raw_lines=tuple(raw)),
                                         problems)
    assert [(b.anchor, b.flags) for b in parsed.blocks if b.anchor.startswith("p")] == [
        ("p1", ()), ("p1-a", ()), ("p1-b", ("forward-check-failed",))]
