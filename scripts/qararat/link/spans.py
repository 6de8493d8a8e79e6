"""Cutting recognised citations and concept mentions out of a unit's spans.

Positions are offsets in the unit's reading text (`model.reading_text`). Only plain, bold and
inserted text is cut; a mark that would cross into a footnote marker, a deletion or a repaired
word is left alone, so the text a reader reads is never rearranged.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import READ_KINDS, Span, SpanKind, small_record

SPLITTABLE = (SpanKind.TEXT, SpanKind.STRONG, SpanKind.INSERTED)


@small_record
class LinkedSpan(Span):
    """A citation or concept span that also knows where it leads and what its tooltip says.

    `target` is a site path without the leading slash (`ref/a-res-70-125/`, `a-res-67-195/#p11`,
    `concepts/igf/`); `tip` is the text shown on hover and focus.
    """

    target: str = ""
    tip: str = ""


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    span: LinkedSpan          # its text is filled in when it is cut out


def apply_marks(spans: tuple[Span, ...], marks: list[Mark]) -> tuple[tuple[Span, ...], list[Mark]]:
    """The spans with every mark cut out; also the marks that could not be placed."""
    pending = sorted(marks, key=lambda m: m.start)
    out: list[Span] = []
    skipped: list[Mark] = []
    offset = 0
    for span in spans:
        if span.kind not in READ_KINDS:
            out.append(span)
            continue
        length = len(span.text)
        inside = []
        while pending and pending[0].start < offset + length:
            mark = pending.pop(0)
            fits = span.kind in SPLITTABLE and mark.start >= offset and mark.end <= offset + length
            (inside if fits else skipped).append(mark)
        out.extend(cut(span, offset, inside))
        offset += length
    return tuple(out), skipped + pending


def cut(span: Span, offset: int, marks: list[Mark]) -> list[Span]:
    pieces: list[Span] = []
    position = 0
    for mark in marks:
        start, end = mark.start - offset, mark.end - offset
        if start > position:
            pieces.append(replace(span, text=span.text[position:start]))
        pieces.append(replace(mark.span, text=span.text[start:end]))
        position = end
    if position < len(span.text) or not pieces:
        pieces.append(replace(span, text=span.text[position:]))
    return pieces
