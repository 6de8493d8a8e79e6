"""Pieces every layout parser shares: the source handed to it, digits, labels, anchors, markers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Block, Footnote, HeaderLine, Metadata, Problem, Repair, Span

if TYPE_CHECKING:
    from ..repair.corrections import Corrections

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
_TO_WESTERN = str.maketrans(ARABIC_INDIC + "۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)

# Sub-item letters as the UN's other language versions label them (DESIGN.md, URL contract).
LETTER_TO_LATIN = {
    "أ": "a", "ا": "a", "ب": "b", "ج": "c", "د": "d", "هـ": "e", "ه": "e", "ھ": "e",
    "و": "f", "ز": "g", "ح": "h", "ط": "i", "ي": "j", "ك": "k", "ل": "l",
}
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


def western_digits(text: str) -> str:
    """'١٤' -> '14'; other characters are left as they are."""
    return text.translate(_TO_WESTERN)


def letter_anchor(letter: str) -> str:
    """The Latin letter of an Arabic sub-item label: 'ز' -> 'g', 'هـ' -> 'e'."""
    return LETTER_TO_LATIN[letter.strip()]


def roman_anchor(number: int) -> str:
    """Roman sub-item '1' -> 'i'."""
    return ROMAN[number - 1]


@dataclass(frozen=True)
class Source:
    """One seed as the parsers see it: its metadata and its lines (index 0 is line 1)."""

    path: str
    meta: Metadata
    lines: tuple[str, ...]           # the text the parser reads: repaired, once `repair` has run
    raw_lines: tuple[str, ...] = ()  # the extraction as read; empty until `repair` has run
    repairs: tuple[Repair, ...] = ()
    reviewed: Corrections | None = None   # the reviewed corrections read by `repair`

    def line(self, number: int) -> str:
        return self.lines[number - 1]


@dataclass
class Parsed:
    """What a layout parser hands back; `parse` turns it into a Document after the shared checks."""

    header: list[HeaderLine]
    blocks: list[Block]
    footnotes: list[Footnote]


@dataclass
class Problems:
    """Collects a parser's located errors and warnings, so a stage reports all of them."""

    path: str
    items: list[Problem] = field(default_factory=list)

    def error(self, line: int | None, message: str) -> None:
        self.items.append(Problem(self.path, line, message, "error"))

    def warn(self, line: int | None, message: str) -> None:
        self.items.append(Problem(self.path, line, message, "warning"))

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.items if p.severity == "warning")


def check_unique_anchors(blocks: list[Block], footnotes: list[Footnote], problems: Problems) -> None:
    seen: dict[str, int] = {}
    for unit in [*blocks, *footnotes]:
        line = unit.lines[0] if unit.lines else None
        if unit.anchor in seen:
            problems.error(line, f"anchor #{unit.anchor} is already used by the unit at line {seen[unit.anchor]}")
        seen[unit.anchor] = line or 0


def check_numbering(numbered: list[tuple[int, int]], what: str, problems: Problems) -> None:
    """`numbered` is (number, line) in reading order; report repeats and gaps as errors."""
    expected = 1
    seen: set[int] = set()
    for number, line in numbered:
        if number in seen:
            problems.error(line, f"{what} {number} repeats a number already used")
        elif number != expected:
            problems.error(line, f"{what} {number} follows {expected - 1}: expected {expected}")
        seen.add(number)
        expected = max(expected, number + 1)


def check_notes(blocks: list[Block], footnotes: list[Footnote], problems: Problems) -> None:
    """Every marker should have a definition and every definition a marker.

    A marker without a definition is a defect of the source, not of the parse: it is a
    warning and the page flags it. A definition no marker points to is a warning too.
    """
    defined = {f.number for f in footnotes}
    marked: set[int] = set()
    for unit in [*blocks, *footnotes]:
        for span in unit.spans:
            if span.note is None:
                continue
            marked.add(span.note)
            if span.note not in defined:
                problems.warn(unit.lines[0], f"footnote marker {span.text} has no definition in the text")
    for note in footnotes:
        if note.number not in marked:
            problems.warn(note.lines[0], f"footnote {note.printed} is defined but no marker points to it")


def spans_with_markers(text: str, marker: re.Pattern[str]) -> tuple[Span, ...]:
    """Split text at footnote markers; the pattern's group 1 is the printed number."""
    spans: list[Span] = []
    position = 0
    for match in marker.finditer(text):
        if match.start() > position:
            spans.append(Span.plain(text[position:match.start()]))
        printed = match.group(1)
        spans.append(Span.note_ref(printed, int(western_digits(printed))))
        position = match.end()
    if position < len(text):
        spans.append(Span.plain(text[position:]))
    return tuple(spans)
