"""The fidelity report: per document, what the repair stage changed and what is still doubtful."""
from __future__ import annotations

from .model import Document


def fidelity_report(docs: list[Document]) -> str:
    """A plain-text table, one row per document."""
    rows = [f"{'document':<28} {'repairs':>8}"]
    rows += [f"{doc.meta.slug:<28} {len(doc.repairs):>8}" for doc in docs]
    return "\n".join(rows)
