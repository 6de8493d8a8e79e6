"""Rendering of the repair record: raw extraction one click away, counts, the repairs page."""
from __future__ import annotations

from .link import Corpus
from .model import Block, Document


def block_extras(doc: Document, block: Block) -> str:
    """HTML placed inside a unit after its text (the raw extraction of a repaired unit)."""
    return ""


def notice_extras(doc: Document) -> str:
    """What the document's notice adds about its repairs."""
    return ""


def pages(corpus: Corpus) -> dict[str, str]:
    """Extra generated files (the repairs page), path -> content."""
    return {}
