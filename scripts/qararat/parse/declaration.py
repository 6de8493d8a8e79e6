"""Layout `declaration`: a ministerial declaration in unnumbered prose with bullet lists.

    title / subtitle          إعلان المخرجات الوزاري: / نتائج القمة ...
    prose paragraphs          unnumbered: #u1, #u2, ...
    numbered items            "1. إنشاء مبادرة ..." -> #p1
    bullets                   "- ..." or " - ..." -> #<parent>-b<k>, parent = the block before the list
    heading                   a short line without final punctuation -> #h1
"""
from __future__ import annotations

import re

from ..model import Block, BlockKind, HeaderLine, Span
from .common import Parsed, Problems, Source, check_numbering

NUMBERED = re.compile(r"^([0-9]+)\. (.*)$")
BULLET = re.compile(r"^ ?- (.*)$")
FINAL_PUNCTUATION = (".", "؛", ":", "،")
HEADING_MAX_LENGTH = 90
HEADER_LINES = 2


def parse_layout(source: Source, problems: Problems) -> Parsed:
    lines = [(n, line) for n, line in enumerate(source.lines, start=1) if line.strip()]
    header = [HeaderLine(role, text.strip(), n) for (n, text), role in zip(lines, ("title", "subtitle"))]
    blocks = read_blocks(lines[HEADER_LINES:], problems)
    check_numbering([(int(b.number), b.lines[0]) for b in blocks if b.kind is BlockKind.PARAGRAPH],
                    "numbered item", problems)
    return Parsed(header=header, blocks=blocks, footnotes=[])


def read_blocks(lines: list[tuple[int, str]], problems: Problems) -> list[Block]:
    blocks: list[Block] = []
    counters = {"u": 0, "h": 0}
    parent: Block | None = None
    bullets = 0
    for number, raw in lines:
        bullet = BULLET.match(raw)
        text = raw.strip()
        if bullet:
            if parent is None:
                problems.error(number, "a bullet comes before any paragraph it could belong to")
                continue
            bullets += 1
            blocks.append(Block(BlockKind.SUBITEM, f"{parent.anchor}-b{bullets}", (Span(bullet.group(1).strip()),),
                                (number,), number="-", parent=parent.anchor))
            continue
        parent, bullets = lead_block(number, text, counters), 0
        blocks.append(parent)
    warn_resumed_lists(lines, problems)
    return blocks


def lead_block(number: int, text: str, counters: dict[str, int]) -> Block:
    """A line that is not a bullet: numbered item, heading or unnumbered paragraph."""
    numbered = NUMBERED.match(text)
    if numbered:
        return Block(BlockKind.PARAGRAPH, f"p{numbered.group(1)}", (Span(numbered.group(2)),), (number,),
                     number=numbered.group(1))
    if len(text) <= HEADING_MAX_LENGTH and not text.endswith(FINAL_PUNCTUATION):
        counters["h"] += 1
        return Block(BlockKind.HEADING, f"h{counters['h']}", (Span(text),), (number,), level=2)
    counters["u"] += 1
    return Block(BlockKind.UNNUMBERED, f"u{counters['u']}", (Span(text),), (number,))


def warn_resumed_lists(lines: list[tuple[int, str]], problems: Problems) -> None:
    """Items of a list end in '؛' and its last item in '.'; bullets right after that last item
    belong to the same lead-in by position but may continue an earlier list (the Tunis
    declaration's achievements resume after the list of outputs). The source's order is kept
    and the doubt is reported, not guessed away."""
    previous_end = ""
    closed_at: int | None = None
    for number, raw in lines:
        if not BULLET.match(raw):
            previous_end, closed_at = "", None
            continue
        if closed_at is not None:
            problems.warn(number, f"bullets resume after the list that ended at line {closed_at}; "
                                  "kept in the source's order under the same lead-in")
            closed_at = None
        end = raw.rstrip()[-1]
        if end == "." and previous_end == "؛":
            closed_at = number
        previous_end = end
