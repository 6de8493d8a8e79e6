"""Stage `parse`: a Source becomes a Document, with every anchor assigned here and only here.

Each layout (the shape a family of texts is printed in) has its own module exposing
`parse_layout(source, problems) -> Parsed`; this module picks it from the metadata and runs
the checks every document shares.
"""
from __future__ import annotations

from importlib import import_module

from ..errors import fail_on_errors
from ..model import Document
from .common import Problems, Source, check_notes, check_unique_anchors

LAYOUT_MODULES = {
    "un-resolution": "un_resolution",
    "itu-council-report": "itu_council",
    "damaged-report": "damaged_report",
    "declaration": "declaration",
}


def parse(source: Source) -> Document:
    problems = Problems(source.path)
    layout = import_module(f"{__name__}.{LAYOUT_MODULES[source.meta.layout]}")
    parsed = layout.parse_layout(source, problems)
    check_unique_anchors(parsed.blocks, parsed.footnotes, problems)
    check_notes(parsed.blocks, parsed.footnotes, problems)
    fail_on_errors(problems.items)
    return Document(
        meta=source.meta,
        header=tuple(parsed.header),
        blocks=tuple(parsed.blocks),
        footnotes=tuple(sorted(parsed.footnotes, key=lambda f: f.number)),
        warnings=problems.warnings,
        raw_lines=source.raw_lines or source.lines,
        repairs=source.repairs,
        reviewed=source.reviewed,
    )
