"""The citation graph: for every cited document, every unit of the corpus that cites it; for every
concept, every unit that mentions it."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from ..model import Document, Footnote, SpanKind
from .citations import Ref
from .concepts import Concept, Mention
from .resolve import Catalogue


@dataclass(frozen=True)
class Citing:
    """One citation of a document: the citing unit, the words as written, the cited paragraph."""

    slug: str
    anchor: str
    surface: str
    pinpoint: str | None = None
    via: tuple[str, ...] = ()       # for a footnote: the units whose marker leads to it


@dataclass(frozen=True)
class Reference:
    ref: Ref
    title: str | None
    published_in: str | None        # id of the document that carries this one, per the references table
    in_corpus: str | None           # slug, when the cited document is one of the corpus
    cited_by: tuple[Citing, ...]
    names: tuple[str, ...] = ()     # the names the texts use for it, per the references table

    @property
    def id(self) -> str:
        return self.ref.id

    @property
    def hub(self) -> str:
        return f"/ref/{self.ref.id}/"

    @cached_property
    def memo(self) -> dict:
        """Values derived from this reference and the corpus, kept by the code that derives them (the
        same list of the documents citing it is shown on most of their pages)."""
        return {}

    @cached_property
    def by_document(self) -> dict[str, tuple[Citing, ...]]:
        """The citing units grouped by citing document, documents in order of first citation."""
        groups: dict[str, list[Citing]] = {}
        for citing in self.cited_by:
            groups.setdefault(citing.slug, []).append(citing)
        return {slug: tuple(citings) for slug, citings in groups.items()}

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(self.by_document)


def note_callers(doc: Document) -> dict[int, tuple[str, ...]]:
    """Footnote number -> anchors of the units carrying its marker, in reading order."""
    callers: dict[int, list[str]] = {}
    for unit in [*doc.blocks, *doc.footnotes]:
        for number in dict.fromkeys(s.note for s in unit.spans if s.kind is SpanKind.NOTE_REF):
            callers.setdefault(number, []).append(unit.anchor)
    return {n: tuple(a) for n, a in callers.items()}


def citings(doc: Document) -> list[tuple[str, Citing]]:
    """(cited id, Citing) for every citation span of a document, in reading order."""
    callers = note_callers(doc)
    out = []
    for unit in [*doc.blocks, *doc.footnotes]:
        via = callers.get(unit.number, ()) if isinstance(unit, Footnote) else ()
        for span in unit.spans:
            if span.kind is SpanKind.CITATION:
                out.append((span.ref, Citing(doc.meta.slug, unit.anchor, span.text, span.pinpoint, via)))
    return out


def build_references(documents: tuple[Document, ...], catalogue: Catalogue,
                     refs: dict[str, Ref]) -> tuple[Reference, ...]:
    """One Reference per cited id, sorted by id."""
    cited: dict[str, list[Citing]] = {}
    for doc in documents:
        for ref_id, citing in citings(doc):
            cited.setdefault(ref_id, []).append(citing)
    out = []
    for ref_id in sorted(cited):
        entry = catalogue.entries.get(ref_id)
        out.append(Reference(refs[ref_id], entry.title if entry else None,
                             entry.published_in if entry else None, catalogue.corpus.get(ref_id),
                             tuple(cited[ref_id]), entry.names if entry else ()))
    return tuple(out)


def build_concepts(documents: tuple[Document, ...], concepts: tuple[Concept, ...]) -> tuple[Concept, ...]:
    """Every concept of the table with every unit that mentions it, in the table's order."""
    mentions: dict[str, list[Mention]] = {c.id: [] for c in concepts}
    for doc in documents:
        for unit in [*doc.blocks, *doc.footnotes]:
            for span in unit.spans:
                if span.kind is SpanKind.CONCEPT and span.ref in mentions:
                    mentions[span.ref].append(Mention(doc.meta.slug, unit.anchor, span.text))
    return tuple(replace(c, mentions=tuple(mentions[c.id])) for c in concepts)
