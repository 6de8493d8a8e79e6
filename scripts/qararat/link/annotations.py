"""Editorial annotations: notes beside a paragraph that connect it with paragraphs of the corpus.

A note's text may carry links written `[words](slug#anchor)`; each must land on a unit of the corpus,
and the note is rendered as text and links only (its words are escaped like any source text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document, Problem
from .tables import AnnotationEntry

LINK = re.compile(r"\[(?P<words>[^\[\]]+)\]\((?P<slug>[a-z0-9-]+)#(?P<anchor>[a-z][a-z0-9-]*)\)")


@dataclass(frozen=True)
class NotePart:
    """A run of a note's text; a link when `slug` is set."""

    text: str
    slug: str | None = None
    anchor: str | None = None


@dataclass(frozen=True)
class Annotation:
    slug: str                       # the annotated document
    anchor: str                     # the annotated unit
    title: str
    parts: tuple[NotePart, ...]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.parts)

    @property
    def links(self) -> tuple[tuple[str, str], ...]:
        return tuple((p.slug, p.anchor) for p in self.parts if p.slug)


def note_parts(text: str) -> tuple[NotePart, ...]:
    """'انظر [الفقرة 20](a-res-67-195#p20).' -> text, link, text."""
    parts, position = [], 0
    for match in LINK.finditer(text):
        if match.start() > position:
            parts.append(NotePart(text[position:match.start()]))
        parts.append(NotePart(match["words"], match["slug"], match["anchor"]))
        position = match.end()
    if position < len(text):
        parts.append(NotePart(text[position:]))
    return tuple(parts)


def build_annotations(entries: tuple[AnnotationEntry, ...], documents: tuple[Document, ...],
                      problems: list[Problem]) -> tuple[Annotation, ...]:
    """The notes whose anchor and links all land on units of the corpus; a problem for every other."""
    anchors = {doc.meta.slug: set(doc.anchors()) for doc in documents}
    notes = []
    for entry in entries:
        before = len(problems)
        if entry.slug not in anchors:
            problems.append(Problem(entry.path, entry.line, f"no document '{entry.slug}' in the corpus"))
        elif entry.anchor not in anchors[entry.slug]:
            problems.append(Problem(entry.path, entry.line, f"no unit #{entry.anchor} in {entry.slug}"))
        parts = note_parts(entry.text)
        for part in parts:
            if part.slug and part.anchor not in anchors.get(part.slug, ()):
                problems.append(Problem(entry.path, entry.line,
                                        f"link [{part.text}]({part.slug}#{part.anchor}) lands on no unit"))
        if "](" in "".join(p.text for p in parts if not p.slug):
            problems.append(Problem(entry.path, entry.line, "a link must be written [words](slug#anchor)"))
        if len(problems) == before:
            notes.append(Annotation(entry.slug, entry.anchor, entry.title, parts))
    return tuple(notes)
