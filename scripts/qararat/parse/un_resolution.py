"""Layout `un-resolution`: a UN General Assembly resolution as the Official Document System prints it.

    header lines            الجمعية العامة / الدورة ... / قرار اتخذته ... / [بناء على ...] / title
    enacting formula        إن الجمعية العامة،
    (adoption clause)       تعتمد الوثيقة الختامية ... :          (an outcome document, A/RES/80/173)
    preambular paragraphs   إذ تشير ... ، / وإذ ...
    headings                short lines without final punctuation (A/RES/80/173 only)
    operative paragraphs    "12 - ..." or "- 12 - ..." (Western or Arabic-Indic digits)
    footnote definitions    "(7) ..." at page bottoms, or reversed: ".United Nations ... (7)"
    closing                 الجلسة العامة ٦١ / date

A page break or a footnote block can split a paragraph: a line that follows a paragraph
whose text does not yet end in final punctuation continues it.
"""
from __future__ import annotations

import re

from ..model import Block, BlockKind, Footnote, HeaderLine, Span, SpanKind
from .common import Parsed, Problems, Source, check_numbering, western_digits

PARAGRAPH_START = re.compile(r"^(?:- )?([0-9٠-٩]+) - ")
NOTE_DEFINITION = re.compile(r"^\(([0-9٠-٩]+)\) (.*)$")
# A footnote line printed in visual order: its number comes last and it does not start with Arabic.
REVERSED_NOTE_DEFINITION = re.compile(r"^(?![\u0621-\u064A])(.*\S) \(([0-9]+)\)$")
TITLE_LINE = re.compile(r"^(?:- )?[0-9٠-٩]+/[0-9٠-٩]+ - ")
FORMULA = re.compile(r"^إن الجمعية العامة،$")
CLOSING_MEETING = re.compile(r"^الجلسة العامة [0-9٠-٩]+$")
SUPERSCRIPT_MARKER = re.compile(r"⁽([⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾")
CARET_MARKER = re.compile(r"\^\(([0-9٠-٩]+)\)")
EMPTY_LINK = re.compile(r"\[([^\]\n]+)\]\(#\)")
STRONG = re.compile(r"\*\*(.+?)\*\*", re.S)
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
FINAL_PUNCTUATION = (".", "؛", ":", ";")
# A preambular paragraph ends in a comma: "وإذ تشير ... ،"
PREAMBLE_END = FINAL_PUNCTUATION + ("،", ",", "，")
HEADING_MAX_LENGTH = 90


def parse_layout(source: Source, problems: Problems) -> Parsed:
    lines = numbered_lines(source)
    header, position = read_header(lines)
    footnotes = [read_note(number, text, problems) for number, text in lines if is_note(text)]
    body = [(n, t) for n, t in lines[position:] if not is_note(t)]
    body, closing = split_closing(body)
    blocks = read_body(body, problems)
    check_numbering([(int(western_digits(b.number)), b.lines[0]) for b in blocks
                     if b.kind is BlockKind.PARAGRAPH], "paragraph", problems)
    check_numbering([(f.number, f.lines[0]) for f in footnotes], "footnote", problems)
    return Parsed(header=header + closing, blocks=blocks, footnotes=footnotes)


def numbered_lines(source: Source) -> list[tuple[int, str]]:
    """Non-blank lines with their 1-based numbers, stripped of surrounding whitespace."""
    return [(n, line.strip()) for n, line in enumerate(source.lines, start=1) if line.strip()]


def is_note(text: str) -> bool:
    return bool(NOTE_DEFINITION.match(text) or REVERSED_NOTE_DEFINITION.match(text))


def read_header(lines: list[tuple[int, str]]) -> tuple[list[HeaderLine], int]:
    """Identity lines up to and including the enacting formula; returns them and where the body starts."""
    header: list[HeaderLine] = []
    for position, (number, text) in enumerate(lines):
        header.append(HeaderLine(header_role(text, position), plain_text(text), number))
        if FORMULA.match(text):
            return header, position + 1
    return header, len(lines)


def header_role(text: str, position: int) -> str:
    if FORMULA.match(text):
        return "formula"
    if TITLE_LINE.match(text):
        return "title"
    if text.startswith("["):
        return "draft"
    if text.startswith("قرار اتخذته"):
        return "adopted"
    if text.startswith("البند"):
        return "agenda"
    return "body" if position == 0 else "session"


def split_closing(body: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[HeaderLine]]:
    """'الجلسة العامة ٦١' and the date line under it close the resolution; they are not paragraphs."""
    for position, (number, text) in enumerate(body):
        if CLOSING_MEETING.match(text):
            closing = [HeaderLine("meeting", text, number)]
            closing += [HeaderLine("closing-date", t, n) for n, t in body[position + 1:]]
            return body[:position], closing
    return body, []


def read_note(number: int, text: str, problems: Problems) -> Footnote:
    match = NOTE_DEFINITION.match(text)
    if match:
        printed, content = match.groups()
    else:
        content, printed = REVERSED_NOTE_DEFINITION.match(text).groups()
        logical = unreverse_note_text(content)
        problems.warn(number, f"footnote ({printed}) is printed in reversed order; read as '{logical}'")
        content = logical
    note = int(western_digits(printed))
    return Footnote(note, printed, f"fn{note}", text_spans(content), (number,))


def unreverse_note_text(content: str) -> str:
    """A footnote line emitted right to left puts its trailing Arabic part first.

    >>> unreverse_note_text(".United Nations, Treaty Series, vol. 2515, No. 44910")
    'United Nations, Treaty Series, vol. 2515, No. 44910.'
    >>> unreverse_note_text("، المرفق A/HRC/17/31")
    'A/HRC/17/31، المرفق'
    >>> unreverse_note_text("A/CONF.157/24 (Part I)")
    'A/CONF.157/24 (Part I)'
    """
    latin = re.search(r"[A-Za-z]", content)
    if not latin or latin.start() == 0:
        return content
    lead, rest = content[: latin.start()].strip(), content[latin.start():].strip()
    return rest + lead


def read_body(body: list[tuple[int, str]], problems: Problems) -> list[Block]:
    """Group body lines into blocks: operative paragraphs, headings, preambular and unnumbered ones."""
    drafts: list[dict] = []
    seen_operative = False
    for position, (number, text) in enumerate(body):
        start = PARAGRAPH_START.match(text)
        open_draft = drafts[-1] if drafts and not ends_paragraph(drafts[-1]) else None
        next_starts_paragraph = position + 1 < len(body) and PARAGRAPH_START.match(body[position + 1][1])
        if start:
            seen_operative = True
            drafts.append({"kind": BlockKind.PARAGRAPH, "number": start.group(1),
                           "text": text[start.end():], "lines": [number]})
        elif open_draft:
            open_draft["text"] += " " + text
            open_draft["lines"].append(number)
        elif is_heading(text) and next_starts_paragraph:
            seen_operative = True
            drafts.append({"kind": BlockKind.HEADING, "number": None, "text": text, "lines": [number]})
        elif seen_operative:
            problems.warn(number, "unnumbered paragraph among the operative paragraphs")
            drafts.append({"kind": BlockKind.UNNUMBERED, "number": None, "text": text, "lines": [number]})
        else:
            drafts.append({"kind": preamble_kind(text), "number": None, "text": text, "lines": [number]})
    return assign_anchors(drafts)


def ends_paragraph(draft: dict) -> bool:
    ends = PREAMBLE_END if draft["kind"] is BlockKind.PREAMBLE else FINAL_PUNCTUATION
    return draft["text"].rstrip().rstrip("*").endswith(ends)


def is_heading(text: str) -> bool:
    """A heading is short, has no final punctuation, and an operative paragraph follows it."""
    return len(text) <= HEADING_MAX_LENGTH and not text.endswith(PREAMBLE_END)


def preamble_kind(text: str) -> BlockKind:
    """Before the first heading or operative paragraph: the adoption clause of an outcome document
    ("تعتمد الوثيقة الختامية ... :") is an unnumbered operative paragraph, the rest is preamble."""
    return BlockKind.UNNUMBERED if text.endswith(":") else BlockKind.PREAMBLE


def assign_anchors(drafts: list[dict]) -> list[Block]:
    """Anchors from the source's own numbering; position only where it numbers nothing."""
    counters = {BlockKind.PREAMBLE: 0, BlockKind.UNNUMBERED: 0, BlockKind.HEADING: 0}
    prefixes = {BlockKind.PREAMBLE: "pp", BlockKind.UNNUMBERED: "u", BlockKind.HEADING: "h"}
    blocks = []
    for draft in drafts:
        kind = draft["kind"]
        if kind is BlockKind.PARAGRAPH:
            anchor = f"p{int(western_digits(draft['number']))}"
        else:
            counters[kind] += 1
            anchor = f"{prefixes[kind]}{counters[kind]}"
        blocks.append(Block(kind=kind, anchor=anchor, spans=text_spans(draft["text"]),
                            lines=tuple(draft["lines"]), number=draft["number"],
                            level=2 if kind is BlockKind.HEADING else 0))
    return blocks


def plain_text(text: str) -> str:
    """Extraction residue that is markup, not words: empty links '[x](#)' and '**'."""
    return EMPTY_LINK.sub(r"\1", text).replace("**", "")


def text_spans(text: str) -> tuple[Span, ...]:
    """Spans of a block: footnote markers become note references, '**x**' emphasis."""
    text = EMPTY_LINK.sub(r"\1", text)
    spans: list[Span] = []
    for piece, strong in split_strong(text):
        spans.extend(marker_spans(piece, SpanKind.STRONG if strong else SpanKind.TEXT))
    return tuple(spans)


def split_strong(text: str) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in STRONG.finditer(text):
        pieces.append((text[position:match.start()], False))
        pieces.append((match.group(1), True))
        position = match.end()
    pieces.append((text[position:], False))
    return [(piece, strong) for piece, strong in pieces if piece]


def marker_spans(text: str, kind: SpanKind) -> list[Span]:
    spans: list[Span] = []
    position = 0
    for match in re.finditer(f"{SUPERSCRIPT_MARKER.pattern}|{CARET_MARKER.pattern}", text):
        if match.start() > position:
            spans.append(Span(text[position:match.start()], kind))
        printed = (match.group(1) or match.group(2)).translate(SUPERSCRIPT_DIGITS)
        spans.append(Span.note_ref(printed, int(western_digits(printed))))
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:], kind))
    return spans
