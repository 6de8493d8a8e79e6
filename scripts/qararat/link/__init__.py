"""Stage `link`: the whole corpus at once: citations recognised, resolved and back-linked."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Document


@dataclass(frozen=True)
class Corpus:
    """The documents with their citation spans, and the graph between them."""

    documents: tuple[Document, ...]
    references: tuple = field(default=())   # cited documents with who cites them
    concepts: tuple = field(default=())     # recurring bodies and processes with who mentions them


def link_corpus(documents: list[Document]) -> Corpus:
    return Corpus(documents=tuple(documents))
