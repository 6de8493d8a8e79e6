"""Resolving recognised refs: what the references table knows of each, and where each citation lands.

A citation of a document of the corpus lands on the cited paragraph when the text names one that
the document has, else on the document; any other citation lands on the cited document's hub page.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Document
from .citations import Ref
from .tables import ReferenceEntry, Tables


@dataclass(frozen=True)
class Catalogue:
    entries: dict[str, ReferenceEntry]       # by canonical id
    corpus: dict[str, str]                   # canonical id of a corpus document's symbol -> its slug
    anchors: dict[str, frozenset[str]]       # slug -> the anchors of that document

    @staticmethod
    def build(tables: Tables, documents: tuple[Document, ...]) -> Catalogue:
        corpus = {Ref.parse(d.meta.symbol).id: d.meta.slug for d in documents if d.meta.symbol}
        return Catalogue({e.ref.id: e for e in tables.references}, corpus,
                         {d.meta.slug: frozenset(d.anchors()) for d in documents})

    def title(self, ref_id: str) -> str | None:
        entry = self.entries.get(ref_id)
        return entry.title if entry else None

    def target(self, ref_id: str, pinpoint: str | None) -> str:
        """Site path (no leading slash) a citation links to."""
        slug = self.corpus.get(ref_id)
        if slug is None:
            return f"ref/{ref_id}/"
        return f"{slug}/#{pinpoint}" if pinpoint in self.anchors[slug] else f"{slug}/"

    def tip(self, ref: Ref) -> str:
        """A citation's tooltip: the cited document's label and, where known, its title."""
        title = self.title(ref.id)
        return f"{ref.label}: {title}" if title and title != ref.label else ref.label
