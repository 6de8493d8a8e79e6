"""The document model: what every stage after `parse` reads.

A Document is the structure of one text (its metadata, header lines and blocks in
reading order) plus its footnotes. Anchors live on the blocks and are assigned by
`parse`, never anywhere else. Dicts appear only at the JSON boundary (`export`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from functools import cached_property
from enum import Enum

if TYPE_CHECKING:   # the repair stage reads them; the model only carries them
    from .repair.corrections import Corrections, Doubt


class BlockKind(str, Enum):
    """Closed set of the citable (and navigational) units of a text."""

    HEADING = "heading"        # chapter, section or part heading
    PREAMBLE = "preamble"      # preambular paragraph ("إذ تشير ...")
    PARAGRAPH = "paragraph"    # paragraph numbered by the source
    SUBITEM = "subitem"        # lettered or roman sub-item, or a bullet, under a parent block
    UNNUMBERED = "unnumbered"  # prose paragraph the source leaves unnumbered
    FORMULA = "formula"        # enacting formula or closing line ("إن الجمعية العامة،")


class SpanKind(str, Enum):
    TEXT = "text"
    STRONG = "strong"          # bold in the source (UN Arabic sets operative verbs in bold)
    NOTE_REF = "note_ref"      # a footnote marker; `note` holds its number
    DELETED = "deleted"        # tracked-change text the source marks as removed
    INSERTED = "inserted"      # tracked-change text that replaced a deletion
    CITATION = "citation"      # a recognised citation; `ref` and `pinpoint` say what it cites
    UNCERTAIN = "uncertain"    # a repaired word the repair could not confirm; shown marked
    CONCEPT = "concept"        # a mention of a recurring body or process; `ref` holds the concept id


def _fields_in_order(self):
    return type(self), tuple(getattr(self, name) for name in self.__match_args__)   # its fields, in order


def small_record(cls):
    """A frozen dataclass with slots, pickled as its field values in order. A corpus holds millions of
    spans, blocks and repair records: a per-instance dict would double their memory, and the generic
    pickling of a slotted dataclass is several times slower than passing its fields."""
    cls = dataclass(frozen=True, slots=True)(cls)
    cls.__reduce__ = _fields_in_order
    return cls


@small_record
class Span:
    """A run of a block's text. Source text stays plain data: it is escaped when rendered."""

    text: str
    kind: SpanKind = SpanKind.TEXT
    note: int | None = None
    ref: str | None = None           # canonical id of the cited document ("a-res-70-125"), for CITATION
    pinpoint: str | None = None      # anchor cited inside that document ("p111"), when the text names one

    @staticmethod
    def plain(text: str) -> Span:
        return Span(text)

    @staticmethod
    def note_ref(printed: str, number: int) -> Span:
        return Span(printed, SpanKind.NOTE_REF, number)


def reading_text(spans: tuple[Span, ...]) -> str:
    """The text as a reader reads it: deletions left out, footnote markers left out."""
    return "".join(s.text for s in spans if s.kind in READ_KINDS)


READ_KINDS = (SpanKind.TEXT, SpanKind.STRONG, SpanKind.INSERTED, SpanKind.CITATION, SpanKind.UNCERTAIN,
              SpanKind.CONCEPT)


@small_record
class Block:
    kind: BlockKind
    anchor: str                      # unique on its page; see the URL contract in DESIGN.md
    spans: tuple[Span, ...]
    lines: tuple[int, ...]           # 1-based source lines the block was read from
    number: str | None = None        # the number or label as printed ("١٤", "1.10.2", "أ", "'1'")
    parent: str | None = None        # anchor of the enclosing block, for sub-items
    level: int = 0                   # heading depth: 2 chapter/section, 3 sub-section, 4 part
    deleted: bool = False            # the whole block is tracked-change deleted text
    old_number: str | None = None    # tracked-change number this one replaced ("5" in "57" = old 5, new 7)
    akn: str | None = None           # Akoma Ntoso style structural id, where one is useful
    flags: tuple[str, ...] = ()      # doubts the page must show ("forward-check-failed", ...)

    @property
    def text(self) -> str:
        return reading_text(self.spans)

    @property
    def note_refs(self) -> tuple[int, ...]:
        return tuple(s.note for s in self.spans if s.kind is SpanKind.NOTE_REF)


@small_record
class Footnote:
    number: int                      # logical number (Western)
    printed: str                     # as printed ("٧", "7")
    anchor: str                      # "fn7"
    spans: tuple[Span, ...]
    lines: tuple[int, ...]

    @property
    def text(self) -> str:
        return reading_text(self.spans)


@small_record
class Repair:
    """One change a fixer made to one source line: replayable, and shown to readers."""

    fixer: str
    line: int
    before: str
    after: str


@small_record
class HeaderLine:
    """A line of the document's identity block (body, session, date, draft symbol, title)."""

    role: str                        # "body", "session", "agenda", "adopted", "draft", "title", "subtitle", ...
    text: str
    line: int


@dataclass(frozen=True)
class Metadata:
    slug: str
    symbol: str | None
    title: str
    short_title: str
    date: str                        # ISO 8601, as precise as known: "2025-12-17", "2024", "2020-05"
    body: str                        # issuing body, in Arabic
    body_en: str
    kind: str                        # "resolution", "report", "declaration", ...
    layout: str                      # which parser reads the text
    source_url: str | None
    quality: str                     # "clean", "defects", "damaged"
    notice: str | None = None        # shown at the top of the page
    aliases: tuple[tuple[str, str], ...] = ()   # (old anchor, current anchor)


@dataclass(frozen=True)
class Problem:
    """A located message about a source: an error stops the build, a warning is listed."""

    path: str
    line: int | None
    message: str
    severity: str = "error"          # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Document:
    meta: Metadata
    header: tuple[HeaderLine, ...]
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...]
    warnings: tuple[Problem, ...] = field(default=())
    raw_lines: tuple[str, ...] = ()  # the extraction as read, before any repair (index 0 is line 1)
    repairs: tuple[Repair, ...] = () # every change the repair stage made, in order
    reviewed: Corrections | None = None  # its reviewed corrections and doubts (seeds/corrections/<slug>.yml)

    def __reduce__(self):
        """Pickled as its fields, the repair record as one flat run of the records' fields: a damaged
        report's record is thousands of changes, and pickle loads one flat run several times faster than
        as many objects (the build sends every parsed document from a worker to the main process). What
        the document has derived and kept (`memo`, lookups) is left out."""
        values = tuple(getattr(self, name) for name in DOCUMENT_FIELDS)
        flat = tuple(value for repair in self.repairs for value in (repair.fixer, repair.line, repair.before, repair.after))
        return _document, (values[:REPAIRS] + (flat,) + values[REPAIRS + 1:],)

    @property
    def doubts(self) -> tuple[Doubt, ...]:
        """The words its reviewed corrections leave uncertain."""
        return self.reviewed.doubts if self.reviewed else ()

    def anchors(self) -> list[str]:
        """Every anchor of the page, in reading order (blocks, then footnotes)."""
        return [b.anchor for b in self.blocks] + [f.anchor for f in self.footnotes]

    @cached_property
    def _units(self) -> dict[str, Block | Footnote]:
        units: dict[str, Block | Footnote] = {}
        for u in (*self.blocks, *self.footnotes):
            units.setdefault(u.anchor, u)
        return units

    @cached_property
    def _footnotes(self) -> dict[int, Footnote]:
        notes: dict[int, Footnote] = {}
        for f in self.footnotes:
            notes.setdefault(f.number, f)
        return notes

    @cached_property
    def memo(self) -> dict:
        """Values derived from this document alone, kept by the code that derives them (a unit's
        citation label is asked for once per backlink that names it)."""
        return {}

    def unit(self, anchor: str) -> Block | Footnote | None:
        """The block or footnote with this anchor (rendering asks once per citation and backlink)."""
        return self._units.get(anchor)

    def block(self, anchor: str) -> Block:
        found = self._units.get(anchor)
        if not isinstance(found, Block):
            raise KeyError(anchor)
        return found

    def footnote(self, number: int) -> Footnote | None:
        return self._footnotes.get(number)

    def count(self, kind: BlockKind) -> int:
        return sum(1 for b in self.blocks if b.kind is kind)


DOCUMENT_FIELDS = tuple(Document.__dataclass_fields__)
REPAIRS = DOCUMENT_FIELDS.index("repairs")


def _document(values: tuple) -> Document:
    """A Document from what its __reduce__ gave."""
    flat = iter(values[REPAIRS])
    repairs = tuple(Repair(*fields) for fields in zip(flat, flat, flat, flat))
    return Document(*values[:REPAIRS], repairs, *values[REPAIRS + 1:])
