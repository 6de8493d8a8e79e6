"""How a reader cites a unit: its label in Arabic and in English, used by the page's cite control."""
from __future__ import annotations

from .model import Block, Document


def unit_attributes(doc: Document, block: Block) -> str:
    """Extra HTML attributes on a unit's element (leading space included), e.g. its citation labels."""
    return ""
