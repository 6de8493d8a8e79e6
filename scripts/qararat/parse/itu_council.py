"""Layout `itu-council-report`: an ITU Council report extracted from Word, with its annexed resolution.

The seed (itu-cwg-wsis-sdg-2024.txt) is a Word document flattened to text. What the layout looks like:

    header lines        title (wrapped over two lines, the first ends in a space), subtitle
    cover box           label line → value line: الغرض / الإجراء المطلوب من المجلس / ... / المراجع
    report sections     "1\\tمقدمة", "2\\tأنشطة ...", "3\\tوقد نظر الفريق ... ما يلي:" (a number on prose)
    numbered paragraphs "1.2\\t...", "1.10.2\\t..." (dotted numbers stored in reversed order)
    lettered items      "أ )\\t...", "ب)\\t...", "\\xa0أ\\xa0)\\t...", "ھ )\\t..." (U+06BE), "ه\\xa0)\\t..."
    annex               "الملحق A", the resolution number line, its title, "إن مجلس الاتحاد ...،",
                        part headings ("إذ يشير إلى" ... "يقرر" ... "يكلف الأمين العام" ...),
                        numbered "1\\t", lettered, roman "'1'\\t" / "’1‘\\t", bullets "-\\t",
                        unlabelled items "\\t...", then "الملحقات: 1", "الملحق" and the terms of reference

Structural residue interpreted and removed here (wording is left to the repair stage):

- `[bookmark: …]` anchors of the Word file (67) are deleted;
- the DOCX footnote syntax: the marker `[footnoteRef:1]1` becomes a note-reference span and the
  inline definition `[1: 1\\t…]` becomes footnote `fn1`;
- number and label tokens and the TAB after them; NBSP becomes a space.

Tracked changes are resolved and kept visible:

- a list label that concatenates the old and the new number ("57" = old 5, new 7) gives
  number "7" and old_number "5"; a label that is neither the next new number nor such a pair but the
  next old number is a deleted old item (block with deleted=True, anchor `<part>-deleted-<old>`);
- a deleted word followed by its replacement at the start of a heading or item ("يشجع يدعو",
  "على إلى") becomes a DELETED span and an INSERTED span;
- in a part whose heading replaced its verb, an item that ends in "؛" and runs straight on into a
  clause opening with the old verb's preposition ("...(WSIS)؛على المشاركة ...") carries that clause
  as a DELETED span: it is the old item whose number the label also prints.

Dropped furniture (no block, listed by `account_lines`): a rule made only of tatweel (U+0640) in the
cover box (line 14 of the seed). Blank and whitespace-only lines carry nothing.

Anchors (DESIGN.md, URL contract): cover box `box-purpose` ... `box-refs`; sections `s1`, `s2`;
section 3, whose number stands on prose, is paragraph `p3`; paragraphs in logical order (`1.10.2` →
`p2-10-1`); section list items `s1-a`; unnumbered prose `u<k>`; in the annex everything is prefixed
`annex-a-`: headings `annex-a`, `annex-a-h<k>`, formula `annex-a-formula`, parts named as the English
resolution names them (`annex-a-recalling`, `annex-a-instructs-sg`, ...), their items
(`annex-a-recalling-g`, `annex-a-resolves-3`, `annex-a-resolves-3-a`, `annex-a-recognizing-h-i`),
bullets and unlabelled items `<parent>-b<k>`, run-in lead-ins inside an item `<parent>-u<k>`,
terms of reference `annex-a-tor-a`; footnote `fn1`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Block, BlockKind, Footnote, HeaderLine, Span, SpanKind
from .common import (
    Parsed, Problems, Source, check_numbering, letter_anchor, roman_anchor, spans_with_markers,
)

NBSP = "\xa0"
BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
NOTE_DEFINITION = re.compile(r"\s*\[(\d+): (\d+)\t([^\]]*)\]")
NOTE_MARKER = re.compile(r"\[footnoteRef:\d+\](\d+)")
NOTE_MARKER_IDS = re.compile(r"\[footnoteRef:(\d+)\](\d+)")
TATWEEL_RULE = re.compile(r"\u0640{10,}")

SECTION = re.compile(r"(\d+)\t(.+)")
DOTTED = re.compile(r"(\d+(?:\.\d+)+)\t(.+)")
NUMBERED = re.compile(r"(\d+)\t(.+)")
# "هـ" before "ه" so that the two-character label is taken whole.
LETTERED = re.compile(r" *(هـ|[أبجدهھوزحطيكل]) *\)\t(.+)")
ROMAN = re.compile(r"(['’‘](\d+)['’‘])\t(.+)")
BULLET = re.compile(r"-\t(.+)")
UNLABELLED = re.compile(r"\t(.+)")

ANNEX = re.compile(r"الملحق ([A-Z])")
RESOLUTION_ANNEX = "الملحق"
ANNEX_LIST = re.compile(r"الملحقات: \d+")
FORMULA = re.compile(r"إن .+،")
SENTENCE_END = (".", ":", "؛", "،")

# The cover box of an ITU Council document, named as the English template names its fields.
COVER_LABELS = {
    "الغرض": "purpose",                               # Purpose
    "الإجراء المطلوب من المجلس": "action",             # Action required by the Council
    "روابط ذات صلة بالخطة الاستراتيجية": "links",      # Relevant links with the Strategic Plan
    "الآثار المالية": "finance",                       # Financial implications
    "المراجع": "refs",                                 # References
}
PREAMBULAR_PARTS = {
    "إذ يشير إلى": "recalling",
    "وإذ يضع في اعتباره": "considering",
    "وإذ يدرك": "recognizing",
    "وإذ يلاحظ": "noting",
}
# Longest first: "يكلف الأمين العام" begins "يكلف الأمين العام ومديري المكاتب".
OPERATIVE_PARTS = (
    ("يكلف الأمين العام ومديري المكاتب", "instructs-sg-dirs"),
    ("يكلف الأمين العام", "instructs-sg"),
    ("يكلف فريق العمل", "instructs-cwg"),
    ("يقرر", "resolves"),
    ("يدعو", "invites"),
)
# Tracked-change word pairs as the extraction shows them: deleted word, then its replacement.
# The deleted verb يشجع governs على; the inserted verb يدعو governs إلى.
TRACKED_PAIRS = (("يشجع", "يدعو"), ("على", "إلى"))
OLD_PREPOSITION = "على"
MERGED_OLD_CLAUSE = re.compile(r"(?<=؛)(" + OLD_PREPOSITION + r" .+)$")
LATIN_ORDER = "abcdefghijkl"


@dataclass(frozen=True)
class Line:
    """One source line with the Word residue removed: bookmarks gone, NBSP a space, outer spaces off.

    `wraps` is true when the raw line ended in a space: the extraction's mark of a heading or
    title wrapped onto the next line.
    """

    number: int
    text: str
    wraps: bool


@dataclass
class Out:
    """What the parse has built so far, and the counters positional anchors need."""

    problems: Problems
    blocks: list[Block] = field(default_factory=list)
    unnumbered: dict[str, int] = field(default_factory=dict)   # prefix → last u<k>
    bullets: dict[str, int] = field(default_factory=dict)      # parent anchor → last b<k>

    def add(self, block: Block) -> Block:
        self.blocks.append(block)
        return block

    def next_unnumbered(self, prefix: str) -> str:
        self.unnumbered[prefix] = self.unnumbered.get(prefix, 0) + 1
        return f"{prefix}u{self.unnumbered[prefix]}"

    def next_bullet(self, parent: str) -> str:
        self.bullets[parent] = self.bullets.get(parent, 0) + 1
        return f"{parent}-b{self.bullets[parent]}"

    def extend_last(self, line: Line) -> None:
        """Join a wrapped line to the block before it (a title printed over two lines)."""
        last = self.blocks[-1]
        self.blocks[-1] = replace(last, spans=last.spans + (Span.plain(" " + line.text),),
                                  lines=last.lines + (line.number,))


def parse_layout(source: Source, problems: Problems) -> Parsed:
    lines, footnotes = clean_lines(source, problems)
    regions = split_regions(lines, problems)
    header, _ = read_header(regions["header"], problems)
    out = Out(problems)
    read_cover_box(regions["cover"], out)
    read_report(regions["report"], out)
    read_annex(regions["annex"], out)
    return Parsed(header=header, blocks=out.blocks, footnotes=footnotes)


# ---------------------------------------------------------------- lines and regions

def clean_line(raw: str) -> str:
    """Remove the Word residue that carries no text.

    '[bookmark: lt_pId034]1.2\\tناقشت الاجتماعات ...' -> '1.2\\tناقشت الاجتماعات ...'
    'القرار\\xa01332 (المعدَّل عام 2024)' -> 'القرار 1332 (المعدَّل عام 2024)'
    Leading TABs stay: they separate a label from its text, or mark an unlabelled item.
    """
    return BOOKMARK.sub("", raw).replace(NBSP, " ")


def clean_lines(source: Source, problems: Problems) -> tuple[list[Line], list[Footnote]]:
    """Every non-blank line, cleaned, with footnote definitions lifted out into Footnotes."""
    lines: list[Line] = []
    footnotes: list[Footnote] = []
    for number, raw in enumerate(source.lines, start=1):
        text = clean_line(raw)
        text, notes = lift_note_definitions(text, number, problems)
        footnotes.extend(notes)
        check_note_markers(text, number, problems)
        if "[bookmark" in text or NOTE_DEFINITION.search(text):
            problems.error(number, "Word residue ([bookmark …] or [n: …]) left after cleaning")
        if text.strip():
            lines.append(Line(number, text.strip(" "), text.endswith(" ")))
    return lines, footnotes


def lift_note_definitions(text: str, number: int, problems: Problems) -> tuple[str, list[Footnote]]:
    """Cut the DOCX footnote definitions out of a line.

    '... الميسورة التكلفة، [1: 1\\tبما فيها مؤسسة الإنترنت ...] '
    -> ('... الميسورة التكلفة،', [Footnote 1 'بما فيها مؤسسة الإنترنت ...', line 107])
    """
    notes = []
    for match in NOTE_DEFINITION.finditer(text):
        ident, printed, body = match.groups()
        if ident != printed:
            problems.error(number, f"footnote definition [{ident}: {printed}…] prints another number")
        notes.append(Footnote(number=int(ident), printed=printed, anchor=f"fn{ident}",
                              spans=(Span.plain(body.strip()),), lines=(number,)))
    if notes:
        text = NOTE_DEFINITION.sub("", text).rstrip(" ")
    return text, notes


def check_note_markers(text: str, number: int, problems: Problems) -> None:
    """'[footnoteRef:1]1': the Word reference id and the printed number must agree."""
    for ident, printed in NOTE_MARKER_IDS.findall(text):
        if ident != printed:
            problems.error(number, f"footnote marker [footnoteRef:{ident}] prints {printed}")


def is_furniture(line: Line) -> bool:
    """A line that is page furniture only: a rule of tatweels ('ــــــ…' × 118 in the cover box)."""
    return bool(TATWEEL_RULE.fullmatch(line.text))


def split_regions(lines: list[Line], problems: Problems) -> dict[str, list[Line]]:
    """Header (up to the first cover label), cover box, report (from section 1), annex (from 'الملحق A')."""
    def first(predicate, start: int = 0) -> int | None:
        return next((i for i in range(start, len(lines)) if predicate(lines[i].text)), None)

    cover = first(lambda t: t.strip() in COVER_LABELS)
    report = first(lambda t: bool(SECTION.fullmatch(t)), cover or 0)
    annex = first(lambda t: bool(ANNEX.fullmatch(t)), report or 0)
    if cover is None:
        problems.error(None, "no cover box: none of its labels (الغرض, ...) was found")
    if report is None:
        problems.error(None, "no report body: no section line such as '1\\tمقدمة' was found")
    if annex is None:
        problems.warn(None, "no annex heading such as 'الملحق A' was found")
    end = len(lines)
    cover_at = cover if cover is not None else (report if report is not None else end)
    report_at = report if report is not None else end
    annex_at = annex if annex is not None else end
    return {"header": lines[:cover_at], "cover": lines[cover_at:report_at],
            "report": lines[report_at:annex_at], "annex": lines[annex_at:]}


# ---------------------------------------------------------------- header and cover box

def read_header(lines: list[Line], problems: Problems) -> tuple[list[HeaderLine], list[int]]:
    """Title (a wrapped line is joined to the next) and subtitle; returns them and the lines used.

    ' \\t[bookmark: lt_pId008]تقرير من رئيس فريق العمل ... العالمية ' + 'لمجتمع المعلومات ... (CWG-WSIS&SDG)'
    -> HeaderLine('title', 'تقرير من رئيس ... العالمية لمجتمع المعلومات ... (CWG-WSIS&SDG)', 1)
    """
    groups: list[list[Line]] = []
    for line in lines:
        if groups and groups[-1][-1].wraps:
            groups[-1].append(line)
        else:
            groups.append([line])
    roles = ("title", "subtitle")
    header = []
    for role, group in zip(roles, groups):
        header.append(HeaderLine(role, " ".join(line.text.strip() for line in group), group[0].number))
    for group in groups[len(roles):]:
        problems.error(group[0].number, "unexpected line before the cover box")
    if not groups:
        problems.error(None, "no title before the cover box")
    used = [line.number for group in groups[:len(roles)] for line in group]
    return header, used


def read_cover_box(lines: list[Line], out: Out) -> None:
    """Each label line and the value line under it become one block named after the label.

    '\\tالغرض' + 'يلخص هذا التقرير ...' -> UNNUMBERED #box-purpose, number 'الغرض', lines (6, 7)
    """
    label: Line | None = None
    for line in lines:
        if is_furniture(line):
            continue
        name = COVER_LABELS.get(line.text.strip())
        if name is not None:
            if label is not None:
                out.problems.error(label.number, f"cover label '{label.text.strip()}' has no value")
            label = line
            continue
        if label is None:
            out.problems.error(line.number, "cover box line without a label before it")
            continue
        out.add(Block(BlockKind.UNNUMBERED, f"box-{COVER_LABELS[label.text.strip()]}", text_spans(line.text),
                      (label.number, line.number), number=label.text.strip()))
        label = None
    if label is not None:
        out.problems.error(label.number, f"cover label '{label.text.strip()}' has no value")


# ---------------------------------------------------------------- the report

@dataclass
class ReportState:
    section: int | None = None
    prose: str | None = None                      # last prose block: the parent of a lettered list
    sections: list[tuple[int, int]] = field(default_factory=list)
    numbers: dict[tuple[int, ...], list[tuple[int, int]]] = field(default_factory=dict)
    letters: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def read_report(lines: list[Line], out: Out) -> None:
    """Sections 1–3 of the chair's report, in reading order."""
    state = ReportState()
    for line in lines:
        if match := DOTTED.fullmatch(line.text):
            read_dotted_paragraph(line, match[1], match[2], state, out)
        elif match := SECTION.fullmatch(line.text):
            read_section(line, int(match[1]), match[2], state, out)
        elif match := LETTERED.fullmatch(line.text):
            read_section_item(line, match[1], match[2], state, out)
        else:
            anchor = out.next_unnumbered("")
            out.add(Block(BlockKind.UNNUMBERED, anchor, text_spans(line.text), (line.number,)))
            state.prose = anchor
    check_numbering(state.sections, "section", out.problems)
    for prefix, numbered in state.numbers.items():
        what = "paragraph " + ".".join(map(str, prefix)) + "." if prefix else "paragraph"
        check_numbering(numbered, what, out.problems)
    for parent, letters in state.letters.items():
        check_letters(letters, parent, out.problems)


def read_section(line: Line, number: int, text: str, state: ReportState, out: Out) -> None:
    """A section number: on a title it is a heading, on prose a paragraph.

    '2\\tأنشطة فريق العمل ...'              -> HEADING #s2, level 2, number '2'
    '3\\tوقد نظر الفريق ... بشأن ما يلي:'   -> PARAGRAPH #p3, number '3' (section 3 has no title;
                                              a reader cites it as paragraph 3, and 3.1 … 3.15 as p3-1 …)
    """
    state.section = number
    state.sections.append((number, line.number))
    if text.rstrip().endswith(SENTENCE_END):
        out.problems.warn(line.number, f"section {number} has no title: its number stands on prose; "
                                       f"read as paragraph #p{number}")
        out.add(Block(BlockKind.PARAGRAPH, f"p{number}", text_spans(text), (line.number,), number=str(number)))
        state.prose = f"p{number}"
    else:
        out.add(Block(BlockKind.HEADING, f"s{number}", text_spans(text), (line.number,),
                      number=str(number), level=2))
        state.prose = None


def logical_number(stored: str) -> list[int]:
    """Dotted numbers are stored in reversed order: '1.10.2' is paragraph 2.10.1, '10.2' is 2.10."""
    return [int(part) for part in reversed(stored.split("."))]


def read_dotted_paragraph(line: Line, stored: str, text: str, state: ReportState, out: Out) -> None:
    """'[bookmark: lt_pId044]…1.10.2\\tاستهل فريق العمل ...' -> PARAGRAPH #p2-10-1, number '2.10.1', parent #p2-10"""
    parts = logical_number(stored)
    if parts[0] != state.section:
        out.problems.error(line.number, f"paragraph {stored} (logical {'.'.join(map(str, parts))}) "
                                        f"stands in section {state.section}")
    anchor = "p" + "-".join(map(str, parts))
    parent = "p" + "-".join(map(str, parts[:-1])) if len(parts) > 2 else None
    if parent and not any(b.anchor == parent for b in out.blocks):
        out.problems.error(line.number, f"paragraph {'.'.join(map(str, parts))} has no paragraph #{parent} before it")
    state.numbers.setdefault(tuple(parts[:-1]), []).append((parts[-1], line.number))
    out.add(Block(BlockKind.PARAGRAPH, anchor, text_spans(text), (line.number,),
                  number=".".join(map(str, parts)), parent=parent))
    state.prose = anchor


def read_section_item(line: Line, letter: str, text: str, state: ReportState, out: Out) -> None:
    """'[bookmark: lt_pId028]ھ )\\tمساهمة الاتحاد ...' -> SUBITEM #s1-e, number 'ھ', parent #u1"""
    if state.prose is None or state.section is None:
        out.problems.error(line.number, f"lettered item {letter} without a paragraph to hang from")
        return
    latin = letter_anchor(letter)
    state.letters.setdefault(f"s{state.section}", []).append((latin, line.number))
    out.add(Block(BlockKind.SUBITEM, f"s{state.section}-{latin}", text_spans(text), (line.number,),
                  number=letter, parent=state.prose))


# ---------------------------------------------------------------- the annex

@dataclass(frozen=True)
class Part:
    """A part of the resolution under one heading: its anchor name and how its items are numbered."""

    name: str                # "recalling", "resolves", "tor", ...
    style: str               # "preamble" (lettered), "operative" (numbered), "tor" (lettered)
    tracked_verb: bool = False   # the heading's verb was replaced by tracked change


@dataclass(frozen=True)
class Label:
    """How an operative item's label reads once tracked changes are resolved."""

    new: int | None          # None: a deleted old item
    old: int | None          # None: the label prints no old number
    reading: str             # "plain", "old-new", "new-old", "deleted"


@dataclass
class AnnexState:
    prefix: str = "annex-a-"
    part: Part | None = None
    item: Block | None = None        # the current top-level item of the part
    sub: Block | None = None         # the current lettered or roman sub-item
    expected: int = 1                # next new number of the part
    next_old: int | None = None      # next old number, once a label has shown one
    headings: int = 0                # last h<k> of this annex
    heading_wraps: bool = False      # the last heading's line ended in a space: the next line continues it
    letters: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    romans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def read_annex(lines: list[Line], out: Out) -> None:
    """Annex A: the revised Council resolution and its terms of reference, in reading order."""
    if not lines:
        return
    state = AnnexState()
    for line in lines:
        read_annex_line(line, state, out)
    for parent, letters in state.letters.items():
        check_letters(letters, parent, out.problems)
    for parent, romans in state.romans.items():
        check_numbering(romans, f"roman sub-item of #{parent}", out.problems)


def read_annex_line(line: Line, state: AnnexState, out: Out) -> None:
    """Dispatch one annex line by its shape; the order matters ('1\\t' before '\\t…').

    A line after a heading that ended in a space is the rest of that heading, whatever its shape.
    """
    text = line.text
    if state.heading_wraps:
        out.extend_last(line)
        state.heading_wraps = line.wraps
        return
    if match := ANNEX.fullmatch(text):
        read_annex_heading(line, match[1], state, out)
    elif ANNEX_LIST.fullmatch(text):
        read_annex_list(line, state, out)
    elif text == RESOLUTION_ANNEX:
        add_annex_heading(line, text, state, out)
        state.part, state.item, state.sub = Part("tor", "tor"), None, None
    elif FORMULA.fullmatch(text) and state.part is None:
        out.add(Block(BlockKind.FORMULA, f"{state.prefix}formula", text_spans(text), (line.number,)))
    elif (part := part_of_heading(text)) is not None:
        read_part_heading(line, part, state, out)
    elif match := NUMBERED.fullmatch(text):
        read_numbered_item(line, match[1], match[2], state, out)
    elif match := LETTERED.fullmatch(text):
        read_lettered_item(line, match[1], match[2], state, out)
    elif match := ROMAN.fullmatch(text):
        read_roman_item(line, match[1], int(match[2]), match[3], state, out)
    elif match := BULLET.fullmatch(text):
        parent = state.sub or state.item
        read_bullet(line, "-", match[1], parent, out)
    elif match := UNLABELLED.fullmatch(text):
        read_unlabelled_item(line, match[1], state, out)
    elif state.item is not None:
        read_lead_in(line, state, out)
    else:
        add_annex_heading(line, text, state, out)


def read_annex_list(line: Line, state: AnnexState, out: Out) -> None:
    """'الملحقات: 1' (the resolution's list of annexes) -> UNNUMBERED #annex-a-u1; it closes the last part."""
    out.add(Block(BlockKind.UNNUMBERED, out.next_unnumbered(state.prefix), text_spans(line.text), (line.number,)))
    state.part, state.item, state.sub = None, None, None


def read_annex_heading(line: Line, letter: str, state: AnnexState, out: Out) -> None:
    """' [bookmark: lt_pId077][bookmark: Annex_A]الملحق A' -> HEADING #annex-a, level 2. Its letter is in
    its text, so the heading has no number of its own (it would be printed twice: 'A الملحق A')."""
    state.prefix = f"annex-{letter.lower()}-"
    state.part, state.item, state.sub, state.headings = None, None, None, 0
    out.add(Block(BlockKind.HEADING, f"annex-{letter.lower()}", text_spans(line.text), (line.number,), level=2))


def add_annex_heading(line: Line, text: str, state: AnnexState, out: Out) -> None:
    """A heading the annex does not number, anchored by position; a wrapped title joins its next line.

    'القرار 1332 (المعدَّل عام 2024)'              -> HEADING #annex-a-h1, level 3
    'دور الاتحاد ... لمجتمع المعلومات ' + 'وخطة ...' -> HEADING #annex-a-h2, lines (71, 72)
    """
    state.heading_wraps = line.wraps
    state.headings += 1
    out.add(Block(BlockKind.HEADING, f"{state.prefix}h{state.headings}", text_spans(text), (line.number,), level=3))


def part_of_heading(text: str) -> Part | None:
    """The part a heading line opens, read after resolving a tracked verb.

    'إذ يشير إلى'                              -> Part('recalling', 'preamble')
    'يشجع يدعو الدول الأعضاء ... أصحاب المصلحة' -> Part('invites', 'operative', tracked_verb=True)
    """
    if text in PREAMBULAR_PARTS:
        return Part(PREAMBULAR_PARTS[text], "preamble")
    tracked = split_tracked_pair(text)
    reading = tracked[1] + tracked[2] if tracked else text
    for phrase, name in OPERATIVE_PARTS:
        if reading == phrase or reading.startswith(phrase + " "):
            return Part(name, "operative", tracked_verb=tracked is not None)
    return None


def read_part_heading(line: Line, part: Part, state: AnnexState, out: Out) -> None:
    """'وإذ يضع في اعتباره' -> HEADING #annex-a-considering, level 4; its items follow."""
    state.part, state.item, state.sub = part, None, None
    state.expected, state.next_old = 1, None
    out.add(Block(BlockKind.HEADING, f"{state.prefix}{part.name}", tracked_spans(line.text), (line.number,),
                  level=4))


def read_numbered_item(line: Line, label: str, text: str, state: AnnexState, out: Out) -> None:
    """An operative item; a tracked-change label gives the new number and keeps the old one.

    '3\\tبإعداد تقرير نهائي ...'   -> PARAGRAPH #annex-a-instructs-sg-3, number '3'
    '57\\tبتقديم تقرير سنوي ...'   -> PARAGRAPH #annex-a-instructs-sg-7, number '7', old_number '5'
    '7\\tبتقديم تقرير شامل ...'    -> deleted old item 7: #annex-a-instructs-sg-deleted-7, deleted=True
    """
    part = state.part
    if part is None or part.style != "operative":
        out.problems.error(line.number, f"numbered item {label} outside an operative part")
        return
    reading = read_label(label, state.expected, state.next_old)
    if reading is None:
        out.problems.error(line.number, f"item {label} of part '{part.name}': expected {state.expected}")
        return
    if reading.old is not None and state.next_old is not None and reading.old != state.next_old:
        out.problems.warn(line.number, f"label {label}: old number {reading.old} does not follow "
                                       f"old number {state.next_old - 1}")
    if reading.old is not None:
        state.next_old = reading.old + 1
    base = f"{state.prefix}{part.name}"
    if reading.reading == "deleted":
        out.problems.warn(line.number, f"label {label} is neither the next number ({state.expected}) nor an "
                                       f"old+new pair, but the next old number: read as deleted old item "
                                       f"{reading.old} (#{base}-deleted-{reading.old})")
        state.item = out.add(Block(BlockKind.PARAGRAPH, f"{base}-deleted-{reading.old}",
                                   (Span(text, SpanKind.DELETED),), (line.number,),
                                   old_number=str(reading.old), deleted=True))
        state.sub = None
        return
    spans = item_spans(text, part, line, out.problems)
    if reading.reading == "new-old":
        out.problems.warn(line.number, f"label {label} prints the new number first: read as new {reading.new}, "
                                       f"old {reading.old} (the next labels print old then new)")
    state.item = out.add(Block(BlockKind.PARAGRAPH, f"{base}-{reading.new}", spans, (line.number,),
                               number=str(reading.new),
                               old_number=str(reading.old) if reading.old is not None else None))
    state.sub = None
    state.expected += 1


def read_label(label: str, expected: int, next_old: int | None) -> Label | None:
    """Read an operative label against the next new number and, once known, the next old number.

    read_label('4', 4, None)    -> Label(4, None, 'plain')
    read_label('1012', 12, 10)  -> Label(12, 10, 'old-new')     stored old then new
    read_label('32', 3, None)   -> Label(3, 2, 'new-old')       only when old-new cannot be read
    read_label('7', 10, 7)      -> Label(None, 7, 'deleted')    the next old number, no new one
    read_label('5', 7, None)    -> None                         a skipped or repeated number
    """
    new = str(expected)
    if label == new:
        return Label(expected, None, "plain")
    rest = len(label) - len(new)
    if rest > 0 and label.endswith(new) and label[0] != "0":
        return Label(expected, int(label[:rest]), "old-new")
    if rest > 0 and label.startswith(new) and label[len(new)] != "0":
        return Label(expected, int(label[len(new):]), "new-old")
    if next_old is not None and label == str(next_old):
        return Label(None, next_old, "deleted")
    return None


def read_lettered_item(line: Line, letter: str, text: str, state: AnnexState, out: Out) -> None:
    """A lettered item: a preambular paragraph, a sub-item of an operative item, or a term of reference.

    ' أ )\\tالقرار 140 ...'  in 'إذ يشير إلى' -> PREAMBLE #annex-a-recalling-a, number 'أ'
    ' أ )\\tتحديث خرائط ...' under 'يقرر' 3    -> SUBITEM #annex-a-resolves-3-a, parent #annex-a-resolves-3
    'ه )\\tتزويد الأعضاء ...' in the annex      -> PARAGRAPH #annex-a-tor-e, number 'ه'
    """
    part = state.part
    latin = letter_anchor(letter)
    if part is None:
        out.problems.error(line.number, f"lettered item {letter} outside any part of the annex")
        return
    spans = item_spans(text, part, line, out.problems)
    if part.style == "operative":
        if state.item is None:
            out.problems.error(line.number, f"lettered item {letter} before any numbered item of '{part.name}'")
            return
        parent = state.item.anchor
        state.letters.setdefault(parent, []).append((latin, line.number))
        state.sub = out.add(Block(BlockKind.SUBITEM, f"{parent}-{latin}", spans, (line.number,),
                                  number=letter, parent=parent))
        return
    base = f"{state.prefix}{part.name}"
    state.letters.setdefault(base, []).append((latin, line.number))
    kind = BlockKind.PREAMBLE if part.style == "preamble" else BlockKind.PARAGRAPH
    state.item = out.add(Block(kind, f"{base}-{latin}", spans, (line.number,), number=letter))
    state.sub = None


def read_roman_item(line: Line, printed: str, number: int, text: str, state: AnnexState, out: Out) -> None:
    """A roman sub-item: '’1‘\\tاستمرار الصلة ...' under item ح -> SUBITEM #annex-a-recognizing-h-i, number '’1‘'"""
    if state.item is None:
        out.problems.error(line.number, f"roman sub-item {printed} without an item to hang from")
        return
    parent = state.item.anchor
    state.romans.setdefault(parent, []).append((number, line.number))
    state.sub = out.add(Block(BlockKind.SUBITEM, f"{parent}-{roman_anchor(number)}", text_spans(text),
                              (line.number,), number=printed, parent=parent))


def read_bullet(line: Line, printed: str | None, text: str, parent: Block | None, out: Out) -> None:
    """'-\\tأنشطة الاتحاد ...' under '5' -> SUBITEM #annex-a-considering-g-v-b1, number '-'

    An unlabelled item ('\\tتيسير تقديم الأعضاء ...') is numbered the same way, with no printed label.
    """
    if parent is None:
        out.problems.error(line.number, "bullet without an item to hang from")
        return
    out.add(Block(BlockKind.SUBITEM, out.next_bullet(parent.anchor), text_spans(text), (line.number,),
                  number=printed, parent=parent.anchor))


def read_unlabelled_item(line: Line, text: str, state: AnnexState, out: Out) -> None:
    """An item the extraction left without its label: numbered as an unlettered bullet of the item.

    '\tتيسير تقديم الأعضاء ...' after item ز ('... من أجل:') -> SUBITEM #annex-a-considering-g-b1
    """
    if state.item is not None:
        before = out.blocks[-1].text
        why = " (the line before it ends in ':' and opens this list)" if before.endswith(":") else ""
        out.problems.warn(line.number, f"item without a label (a TAB, no number or letter): read as an "
                                       f"unlettered item under #{state.item.anchor}{why}")
    state.sub = None
    read_bullet(line, None, text, state.item, out)


def read_lead_in(line: Line, state: AnnexState, out: Out) -> None:
    """A run-in line inside an item that introduces the next sub-items.

    'ويطلب من المجلس:' after item ز -> UNNUMBERED #annex-a-considering-g-u1, parent #annex-a-considering-g
    """
    parent = state.item
    assert parent is not None
    if not line.text.endswith(":"):
        out.problems.warn(line.number, f"unlabelled line inside #{parent.anchor} does not introduce a list")
    anchor = out.next_unnumbered(f"{parent.anchor}-")
    out.add(Block(BlockKind.UNNUMBERED, anchor, text_spans(line.text), (line.number,), parent=parent.anchor))
    state.sub = None


# ---------------------------------------------------------------- spans

def text_spans(text: str) -> tuple[Span, ...]:
    """Plain text with the footnote markers made note references.

    'والمنظمات المختصة[footnoteRef:1]1 المشاركة' -> (TEXT 'والمنظمات المختصة', NOTE_REF '1', TEXT ' المشاركة')
    """
    return spans_with_markers(text.strip(), NOTE_MARKER)


def split_tracked_pair(text: str) -> tuple[str, str, str] | None:
    """A deleted word followed by its replacement at the start of a line: (deleted, inserted, rest).

    'يشجع يدعو الدول الأعضاء ...' -> ('يشجع ', 'يدعو', ' الدول الأعضاء ...')
    'على إلى المشاركة بنشاط ...'  -> ('على ', 'إلى', ' المشاركة بنشاط ...')
    """
    for old, new in TRACKED_PAIRS:
        if text.startswith(f"{old} {new} "):
            return f"{old} ", new, text[len(old) + 1 + len(new):]
    return None


def tracked_spans(text: str) -> tuple[Span, ...]:
    """Spans with a leading tracked pair made DELETED + INSERTED: 'يشجع يدعو الدول' -> del 'يشجع ', ins 'يدعو', ' الدول'"""
    pair = split_tracked_pair(text)
    if pair is None:
        return text_spans(text)
    deleted, inserted, rest = pair
    return (Span(deleted, SpanKind.DELETED), Span(inserted, SpanKind.INSERTED)) + spans_with_markers(rest, NOTE_MARKER)


def item_spans(text: str, part: Part, line: Line, problems: Problems) -> tuple[Span, ...]:
    """An item's spans; in a part whose verb was replaced, an old clause run on after '؛' is DELETED.

    'إلى تعزيز مشاركتها ... (WSIS)؛على المشاركة بنشاط ... حسب الاقتضاء؛'
    -> (TEXT 'إلى تعزيز مشاركتها ... (WSIS)؛', DELETED 'على المشاركة بنشاط ... حسب الاقتضاء؛')
    """
    if not part.tracked_verb:
        return tracked_spans(text)
    match = MERGED_OLD_CLAUSE.search(text)
    if match is None:
        return tracked_spans(text)
    problems.warn(line.number, f"item runs on after '؛' into a clause opening with '{OLD_PREPOSITION}', the "
                               f"preposition of the deleted verb: read that clause as deleted old text")
    return tracked_spans(text[:match.start()]) + (Span(match[1], SpanKind.DELETED),)


# ---------------------------------------------------------------- checks and accounting

def check_letters(letters: list[tuple[str, int]], parent: str, problems: Problems) -> None:
    """Lettered items run أ ب ج د هـ و ز ح ط ي ك ل (a … l) without gaps or repeats."""
    check_numbering([(LATIN_ORDER.index(latin) + 1, line) for latin, line in letters],
                    f"lettered item (a=1) under #{parent}", problems)


def account_lines(source: Source, parsed: Parsed) -> dict[int, str]:
    """Where every non-blank source line went: 'header:title', 'block:p2-10-1', 'footnote:fn1', 'furniture:…'.

    The fidelity check: a line missing from this map was lost by the parse.
    """
    where: dict[int, str] = {}
    lines, _ = clean_lines(source, Problems(source.path))
    regions = split_regions(lines, Problems(source.path))
    _, used = read_header(regions["header"], Problems(source.path))
    for number in used:
        where[number] = "header"
    for line in lines:
        if is_furniture(line):
            where[line.number] = "furniture: rule of tatweels"
    for unit in [*parsed.blocks, *parsed.footnotes]:
        for number in unit.lines:
            where.setdefault(number, f"{'block' if isinstance(unit, Block) else 'footnote'}:{unit.anchor}")
    return where

