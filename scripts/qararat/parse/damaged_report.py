"""Layout `damaged-report`: a UN report whose PDF extraction is badly damaged (A/74/821).

The parser reads the lines the repair stage gives back (`repair.broken_font`): each line in
reading order, its words repaired where they could be read, with the structural tokens in the
form a UN Arabic report prints them:

    paragraph number     "1 - في تموز/يوليه 2018، شكل الأمين العام ..."     first on its line
    footnote marker      "... في توصيات الفريق(1)."                          after its word
    sub-item label       "(أ) بناء اقتصاد ومجتمع رقميين شاملين للجميع؛"
    chapter heading      "أولا - معلومات أساسية"
    section heading      "ألف - اقتصاد ومجتمع رقميان شاملان للجميع"
    recommendation       "التوصية 1 ألف (الاتصال الإلكتروني العالمي)(7)"
    footnote zone        "__________" then definitions, each opening with its number:
                         "(8) ITU, Measuring Digital Development. Facts and figures 2019."
    uncertain word       "⟦...⟧": a word the repair kept as extracted; it becomes an
                         UNCERTAIN span

It recovers the structure in reading order and takes the wording as the repair gave it: it
removes only the tokens it interprets (paragraph numbers, footnote markers, which become note
references, sub-item labels, heading numbers) and page furniture. A block any of whose lines
fails the forward check of the repair (damaging the repaired line again does not give back
the raw line) is flagged "forward-check-failed". A source that has not been through the repair
stage (its `raw_lines` are empty) is repaired first, so the parser always reads repaired lines.

Page furniture dropped on the real text, each reported in one warning per kind:
    table of contents     lines 28, 29, 31, 33, 35, 37, 39, 41, 43, 45, 47
    running head/footer   lines 54 ("A/74/821"), 59 ("20-05913 3/24")
    footnote separators   lines 108, 156, 206, 265, 309, 363, 415, 476, 537, 583, 645, 677,
                          750, 807, 864, 912, 956
    duplicate URL lines   lines 112, 219, 325, 489, 490, 599 (link targets the PDF repeats after
                          a page's footnotes)

Where a page's footnotes end and its body resumes is not marked. The rule, checked zone by zone
against the text: within one zone (separator to separator) body text cannot stand between two
footnote definitions, so every line up to the last definition belongs to the footnotes; after
the last definition, lines continue that footnote until one ends its sentence (a period at the
line's end) or a duplicate URL line closes the footnote area; the lines after that are body.
A line that still cannot be placed goes to the body with a warning naming it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Block, BlockKind, Footnote, HeaderLine, Span, SpanKind
from ..repair.forward import BODY, HEADING, forward_matches
from .common import Parsed, Problems, Source, check_numbering, letter_anchor

# "12 - " opening a line.
PARAGRAPH_NUMBER = re.compile(r"^(\d{1,3}) -(?: |$)")
# "(12)" right after a word: a footnote marker.
NOTE_MARKER = re.compile(r"\((\d{1,2})\)")
# "(أ) " opening a line.
SUBITEM_LABEL = re.compile(r"^\((أ|ب|ج|د|هـ|ه|و|ز|ح|ط|ي|ك|ل)\) ")
SEPARATOR = re.compile(r"^_{5,}$")
BARE_URL = re.compile(r"^https?://[\x21-\x7e]+(?<!\.)$")   # a period ends a footnote, not a link target
RUNNING_HEAD = re.compile(r"^A/\d+/\d+$")
RUNNING_FOOTER = re.compile(r"^\d{2}-\d{5} +\d+/\d+$")
# The contents list keeps its dot leaders as extracted (the font prints "." as "و").
DOT_LEADER = re.compile(r"(?:و ){5,}|(?:\. ?){5,}")
SUMMARY_HEADING = "موجز"
UNCERTAIN = re.compile("\u27e6([^\u27e7]*)\u27e7")
FORWARD_CHECK_FAILED = "forward-check-failed"

CHAPTERS = {"أولا": 1, "ثانيا": 2, "ثالثا": 3, "رابعا": 4}
CHAPTER_WORDS = {1: "أولا", 2: "ثانيا", 3: "ثالثا", 4: "رابعا"}
CHAPTER = re.compile(r"^(" + "|".join(CHAPTERS) + r") - ")
SECTIONS = {"ألف": "ألف", "باء": "باء", "جيم": "جيم", "دال": "دال", "هاء": "هاء"}
SECTION_LATIN = {"ألف": "a", "باء": "b", "جيم": "c", "دال": "d", "هاء": "e"}
SECTION = re.compile(r"^(" + "|".join(SECTIONS) + r") - ")
# "التوصية 1 ألف (...)" / "التوصيتان 1 جيم و 1 دال (...)" opening a line.
RECOMMENDATION = re.compile(r"^التوصي(?:ة|تان) \d")
REC_LETTER = re.compile(r"(?<!\S)(ألف|باء|جيم|دال)(?![^\s(])")
REC_NUMBER = re.compile(r"(?<![\d(])\d(?![\d)])")
HEADING_MAX_LENGTH = 100


@dataclass(frozen=True)
class Line:
    """A non-blank source line: its number, its text without surrounding spaces, and how many
    blank (or whitespace-only) lines stand before it."""

    number: int
    text: str
    gap: int


@dataclass
class Draft:
    """A block while its lines are still being read."""

    kind: BlockKind
    anchor: str
    lines: list[int]
    spans: list[Span]
    number: str | None = None
    parent: str | None = None
    level: int = 0
    closed: bool = False

    def add(self, number: int, spans: list[Span]) -> None:
        """Join the next source line with a space, as the brief for joined lines asks."""
        if self.spans and spans:
            self.spans.append(Span.plain(" "))
        self.spans.extend(spans)
        self.lines.append(number)


@dataclass
class NoteDraft:
    """A footnote while its lines are read; `complete` once a line ends its sentence."""

    number: int
    lines: list[int]
    texts: list[str]
    complete: bool


@dataclass
class Reading:
    """What the body reader knows so far; only the functions of this module touch it."""

    problems: Problems
    drafts: list[Draft] = field(default_factory=list)
    notes: list[NoteDraft] = field(default_factory=list)
    seen: dict[int, int] = field(default_factory=dict)      # marker number -> line
    dropped: dict[str, list[int]] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    chapter: int = 0
    paragraph: Draft | None = None
    letters: list[str] = field(default_factory=list)

    def count(self, name: str) -> int:
        self.counters[name] = self.counters.get(name, 0) + 1
        return self.counters[name]

    def open_draft(self) -> Draft | None:
        if self.drafts and not self.drafts[-1].closed and self.drafts[-1].kind is not BlockKind.HEADING:
            return self.drafts[-1]
        return None

    def drop(self, reason: str, number: int) -> None:
        self.dropped.setdefault(reason, []).append(number)


def parse_layout(source: Source, problems: Problems) -> Parsed:
    source = repaired(source)
    lines = non_blank_lines(source)
    summary = next((i for i, line in enumerate(lines) if line.text == SUMMARY_HEADING), None)
    if summary is None:
        problems.error(None, f"no summary heading '{SUMMARY_HEADING}': cannot tell the header from the body")
        return Parsed(header=[], blocks=[], footnotes=[])
    header = read_header(lines[:summary], problems)
    reading = Reading(problems)
    body = drop_table_of_contents(lines[summary:], reading)
    read_body(body, reading)
    failed = failed_lines(source)
    blocks = [finish_block(draft, failed) for draft in reading.drafts]
    footnotes = [finish_note(note, problems) for note in reading.notes]
    check_numbering([(int(b.number), b.lines[0]) for b in blocks if b.kind is BlockKind.PARAGRAPH],
                    "paragraph", problems)
    check_numbering([(f.number, f.lines[0]) for f in footnotes], "footnote", problems)
    check_markers(reading, {f.number for f in footnotes})
    report_dropped(reading)
    return Parsed(header=header, blocks=blocks, footnotes=footnotes)


def repaired(source: Source) -> Source:
    """The source as the repair stage leaves it; repaired here when it skipped that stage."""
    if source.raw_lines:
        return source
    from dataclasses import replace

    from ..repair.broken_font import repair_lines
    lines, repairs = repair_lines(source.lines)
    return replace(source, lines=lines, raw_lines=source.lines, repairs=repairs)


def failed_lines(source: Source) -> set[int]:
    """Lines whose repaired text, damaged again by the forward model, is not their raw text."""
    failed = set()
    for number, (text, raw) in enumerate(zip(source.lines, source.raw_lines), start=1):
        if text == raw or not text.strip():
            continue
        if not (forward_matches(text, raw, BODY) or forward_matches(text, raw, HEADING)):
            failed.add(number)
    return failed


def non_blank_lines(source: Source) -> list[Line]:
    """Lines with text, each with the count of blank lines above it (headings stand after two)."""
    result: list[Line] = []
    gap = 0
    for number, raw in enumerate(source.lines, start=1):
        if not raw.strip():
            gap += 1
            continue
        result.append(Line(number, raw.strip(), gap))
        gap = 0
    return result


# --- header and front matter -------------------------------------------------------------

def read_header(lines: list[Line], problems: Problems) -> list[HeaderLine]:
    """The identity block above 'موجز', in groups parted by two or more blank lines.

    Group one holds the session ('الدورة الرابعة والسبعون'), the agenda item ('البند 14 من
    جدول الأعمال') and the agenda item's title; group two the report's title ('خريطة طريق من
    أجل التعاون الرقمي: ...', two lines); group three 'تقرير الأمين العام'. Spaces collapsed,
    uncertain marks dropped (the header has no spans).
    """
    groups: list[list[Line]] = []
    for line in lines:
        if not groups or line.gap >= 2:
            groups.append([])
        groups[-1].append(line)
    if len(groups) != 3:
        problems.warn(lines[0].number if lines else None,
                      f"header has {len(groups)} groups of lines, expected 3 (agenda, title, author)")
    header: list[HeaderLine] = []
    for position, group in enumerate(groups):
        for line in group:
            text = " ".join(UNCERTAIN.sub(r"\1", line.text).split())
            header.append(HeaderLine(header_role(line.text, position), text, line.number))
    return header


def header_role(text: str, group: int) -> str:
    if group == 0:
        if "الدورة" in text:
            return "session"
        if "البند" in text:
            return "agenda"
        return "agenda-title"
    return "title" if group == 1 else "subtitle"


def drop_table_of_contents(lines: list[Line], reading: Reading) -> list[Line]:
    """The contents list: dot-leader lines ('و و و و و ... 3  و', kept as extracted) and the
    short column titles right above the first of them ('المحتويات', 'الصفحة'). Everything from
    those titles to the last dot-leader line is dropped."""
    leaders = [i for i, line in enumerate(lines) if DOT_LEADER.search(line.text)]
    if not leaders:
        return lines
    start = leaders[0]
    while start > 0 and is_column_title(lines[start - 1]):
        start -= 1
    for line in lines[start:leaders[-1] + 1]:
        reading.drop("table of contents", line.number)
    return lines[:start] + lines[leaders[-1] + 1:]


def is_column_title(line: Line) -> bool:
    return len(line.text) <= 20 and not ends_sentence(line.text) and line.text != SUMMARY_HEADING


# --- the body ------------------------------------------------------------------------------

def read_body(lines: list[Line], reading: Reading) -> None:
    """Walk the lines once in reading order; footnote zones are read by `read_note_zone`."""
    position = 0
    while position < len(lines):
        line = lines[position]
        if SEPARATOR.match(line.text):
            reading.drop("footnote separator", line.number)
            position = read_note_zone(lines, position, reading)
            continue
        read_body_line(line, reading)
        position += 1


def read_body_line(line: Line, reading: Reading) -> None:
    """One line outside the footnotes: furniture, a heading, a paragraph or sub-item start, or
    the continuation of the block that is open."""
    furniture = furniture_kind(line.text)
    if furniture:
        reading.drop(furniture, line.number)
        return
    note_markers(line, reading)
    if heading(line, reading):
        return
    number = PARAGRAPH_NUMBER.search(line.text)
    if number:
        start_paragraph(line, number, reading)
        return
    label = SUBITEM_LABEL.search(line.text)
    if label:
        start_subitem(line, label, reading)
        return
    continue_block(line, reading)


def furniture_kind(text: str) -> str | None:
    """'A/74/821' (running head), '20-05913 3/24' (footer), a bare repeated URL."""
    if RUNNING_HEAD.match(text) or RUNNING_FOOTER.match(text):
        return "running head/footer"
    if BARE_URL.match(text):
        return "duplicate URL"
    return None


def note_markers(line: Line, reading: Reading) -> None:
    """Remember which markers the body has shown: a footnote's definition always comes after it."""
    for match in NOTE_MARKER.finditer(line.text):
        note = int(match.group(1))
        if note in reading.seen:
            reading.problems.warn(line.number, f"footnote marker ({note}) repeats "
                                               f"(first at line {reading.seen[note]})")
        reading.seen.setdefault(note, line.number)


def start_paragraph(line: Line, match: re.Match[str], reading: Reading) -> None:
    """'5 - ويتوخى هذا التقرير ...' -> paragraph 5, its text without '5 - '."""
    close_open(reading)
    printed = match.group(1)
    draft = Draft(BlockKind.PARAGRAPH, f"p{int(printed)}", [], [], number=printed)
    draft.add(line.number, line_spans(remove_token(line.text, match)))
    reading.drafts.append(draft)
    reading.paragraph = draft
    reading.letters = []


def start_subitem(line: Line, match: re.Match[str], reading: Reading) -> None:
    """'(أ) بناء اقتصاد ومجتمع رقميين شاملين للجميع؛' -> sub-item أ (#p2-a) of the open paragraph."""
    letter = "هـ" if match.group(1) == "ه" else match.group(1)
    parent = reading.paragraph
    if parent is None:
        reading.problems.warn(line.number, f"sub-item ({letter}) before any numbered paragraph: read as text")
        continue_block(line, reading)
        return
    expected = next_letter(reading.letters)
    if letter != expected:
        reading.problems.warn(line.number, f"sub-item ({letter}) of paragraph {parent.number}: "
                                           f"expected ({expected}) after {reading.letters or 'none'}")
    close_open(reading)
    reading.letters.append(letter)
    draft = Draft(BlockKind.SUBITEM, f"{parent.anchor}-{letter_anchor(letter)}", [], [],
                  number=letter, parent=parent.anchor)
    draft.add(line.number, line_spans(remove_token(line.text, match)))
    reading.drafts.append(draft)


ALPHABET = ["أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل"]


def next_letter(letters: list[str]) -> str:
    """The label a list continues with: [] -> 'أ', ['أ', 'ب'] -> 'ج'."""
    if not letters or letters[-1] not in ALPHABET[:-1]:
        return ALPHABET[0]
    return ALPHABET[ALPHABET.index(letters[-1]) + 1]


def continue_block(line: Line, reading: Reading) -> None:
    """A line without a structural token continues the open block, across page breaks and
    footnote zones; with none open (just after a heading) it starts an unnumbered paragraph."""
    draft = reading.open_draft()
    if draft is None:
        in_summary = bool(reading.drafts) and reading.drafts[-1].anchor == "summary"
        if not in_summary:
            reading.problems.warn(line.number, "text after a heading with no paragraph number: "
                                               "read as an unnumbered paragraph")
        draft = Draft(BlockKind.UNNUMBERED, f"u{reading.count('u')}", [], [])
        reading.drafts.append(draft)
        reading.paragraph = None
    draft.add(line.number, line_spans(line.text))
    # An unnumbered paragraph has no number to end it: a sentence end at a line end does.
    if draft.kind is BlockKind.UNNUMBERED and ends_sentence(line.text):
        draft.closed = True


def close_open(reading: Reading) -> None:
    draft = reading.open_draft()
    if draft:
        draft.closed = True


# --- headings ------------------------------------------------------------------------------

def heading(line: Line, reading: Reading) -> bool:
    """Read the line as a heading if it is one."""
    text = line.text
    if text == SUMMARY_HEADING:
        add_heading(line, reading, "summary", 2, None, text)
        return True
    if RECOMMENDATION.search(text) and len(text) <= HEADING_MAX_LENGTH:
        add_heading(line, reading, recommendation_anchor(line, reading.problems), 4, None, text)
        return True
    if PARAGRAPH_NUMBER.search(text) or len(text) > HEADING_MAX_LENGTH:
        return False
    chapter = CHAPTER.search(text)
    if chapter:
        reading.chapter = CHAPTERS[chapter.group(1)]
        add_heading(line, reading, f"ch-{reading.chapter}", 2, CHAPTER_WORDS[reading.chapter],
                    remove_token(text, chapter))
        return True
    section = SECTION.search(text)
    if section:
        word = SECTIONS[section.group(1)]
        add_heading(line, reading, f"ch-{reading.chapter}-{SECTION_LATIN[word]}", 3, word,
                    remove_token(text, section))
        return True
    if is_topic_heading(line):
        add_heading(line, reading, f"h{reading.count('h')}", 4, None, text)
        return True
    return False


def is_topic_heading(line: Line) -> bool:
    """An unnumbered sub-heading ('حماية البيانات والخصوصية').

    In this extraction only headings stand after two or more blank lines; a paragraph's lines are
    at most one blank apart."""
    return (line.gap >= 2 and len(line.text) <= HEADING_MAX_LENGTH and not NOTE_MARKER.search(line.text)
            and not SUBITEM_LABEL.search(line.text) and not PARAGRAPH_NUMBER.search(line.text))


def add_heading(line: Line, reading: Reading, anchor: str, level: int, number: str | None, text: str) -> None:
    close_open(reading)
    reading.paragraph = None
    draft = Draft(BlockKind.HEADING, anchor, [], [], number=number, level=level)
    draft.add(line.number, line_spans(text))
    reading.drafts.append(draft)


def recommendation_anchor(line: Line, problems: Problems) -> str:
    """Anchor from the recommendation numbers and letters.

    >>> recommendation_anchor(Line(394, 'التوصيتان 1 جيم(21) و 1 دال (الشمول الرقمي)(22)', 1), None)
    'rec-1c-1d'
    >>> recommendation_anchor(Line(493, 'التوصية 2 (بناء القدرات الرقمية)(27)', 1), None)
    'rec-2'
    """
    text = NOTE_MARKER.sub(" ", line.text)
    text = re.sub(r"\([^)]*\)", " ", text)
    numbers = REC_NUMBER.findall(text)
    letters = [SECTION_LATIN[SECTIONS[word]] for word in REC_LETTER.findall(text)]
    if not numbers or (letters and len(letters) != len(numbers)):
        problems.error(line.number, f"recommendation heading: cannot pair numbers {numbers} with letters {letters}")
        return f"rec-line-{line.number}"
    if not letters:
        letters = [""] * len(numbers)
    return "rec-" + "-".join(n + letter for n, letter in zip(numbers, letters))


# --- footnote zones ------------------------------------------------------------------------

def read_note_zone(lines: list[Line], separator: int, reading: Reading) -> int:
    """Read the footnotes after a '__________' line; return where the body resumes.

    A definition starts at a line with the marker of a footnote the body has already shown
    and not yet defined ('(3) المرجع نفسه.' starts footnote 3). A marker the body has not
    shown yet (line 165, which carries marker (5)) means the next page's body has begun.
    """
    end = zone_end(lines, separator)
    starts = definition_starts(lines, separator, end, reading)
    if not starts:
        reading.problems.warn(lines[separator].number, "footnote separator with no footnote definition after it")
        return separator + 1
    for position in range(separator + 1, starts[0]):
        keep_as_body(lines[position], reading, "line between a separator and the first footnote "
                                               "definition: kept as body text")
    for first, following in zip(starts, starts[1:] + [None]):
        note = start_note(lines[first], reading)
        if following is not None:
            for position in range(first + 1, following):
                add_to_note(note, lines[position])
            continue
        return read_note_tail(lines, first + 1, end, note, reading)
    return end  # unreachable: the last start returns above


def zone_end(lines: list[Line], separator: int) -> int:
    """Up to the next separator (the next page's footnotes) or the end of the text."""
    for position in range(separator + 1, len(lines)):
        if SEPARATOR.match(lines[position].text):
            return position
    return len(lines)


def definition_starts(lines: list[Line], separator: int, end: int, reading: Reading) -> list[int]:
    """Lines starting a definition; body lines cannot stand between two of them, so the search
    stops at the first paragraph number, heading or repeated URL (the body has resumed)."""
    starts: list[int] = []
    defined = {note.number for note in reading.notes}
    for position in range(separator + 1, end):
        text = lines[position].text
        if PARAGRAPH_NUMBER.search(text) or BARE_URL.match(text) or looks_like_heading(lines[position]):
            break
        if any(int(m.group(1)) in reading.seen and int(m.group(1)) not in defined
               for m in NOTE_MARKER.finditer(text)):
            starts.append(position)
    return starts


def looks_like_heading(line: Line) -> bool:
    """The heading tests of `heading`, without reading anything."""
    text = line.text
    if len(text) > HEADING_MAX_LENGTH:
        return False
    return bool(RECOMMENDATION.search(text) or CHAPTER.search(text) or SECTION.search(text)
                or is_topic_heading(line))


def start_note(line: Line, reading: Reading) -> NoteDraft:
    """'(8) ITU, Measuring Digital Development. Facts and figures 2019.' -> footnote 8:
    'ITU, Measuring Digital Development. Facts and figures 2019.'."""
    defined = {note.number for note in reading.notes}
    match = next(m for m in NOTE_MARKER.finditer(line.text)
                 if int(m.group(1)) in reading.seen and int(m.group(1)) not in defined)
    text = remove_token(line.text, match)
    note = NoteDraft(int(match.group(1)), [line.number], [text], ends_sentence(text))
    reading.notes.append(note)
    return note


def add_to_note(note: NoteDraft, line: Line) -> None:
    note.lines.append(line.number)
    note.texts.append(line.text)
    note.complete = ends_sentence(line.text)


def read_note_tail(lines: list[Line], start: int, end: int, note: NoteDraft, reading: Reading) -> int:
    """Lines after the zone's last definition: they continue it until it ends its sentence or
    a repeated URL line closes the footnote area; then the body resumes.

    After footnote 4 ('(4) Juniper Research, ... 27 August') the line '2019.' ends the
    sentence and belongs to it; the next line, 'غير أنه في الجانب ...', is body. Lines read
    while the footnote is still open when a paragraph number, heading or new marker arrives
    cannot be placed: they go to the body, each with a warning.
    """
    pending: list[Line] = []
    for position in range(start, end):
        line = lines[position]
        if BARE_URL.match(line.text):
            for waiting in pending:
                add_to_note(note, waiting)
            reading.drop("duplicate URL", line.number)
            return position + 1
        if note.complete or starts_structure(line, reading):
            undecided(pending, note, reading)
            return position
        pending.append(line)
        if ends_sentence(line.text):
            for waiting in pending:
                add_to_note(note, waiting)
            pending = []
    undecided(pending, note, reading)
    return end


def undecided(pending: list[Line], note: NoteDraft, reading: Reading) -> None:
    for line in pending:
        keep_as_body(line, reading, f"cannot tell whether this line ends footnote {note.number} "
                                    f"or continues the body: kept as body text")


def keep_as_body(line: Line, reading: Reading, why: str) -> None:
    """The brief's rule for what cannot be placed: the body keeps it, and a warning names it."""
    reading.problems.warn(line.number, why)
    read_body_line(line, reading)


def starts_structure(line: Line, reading: Reading) -> bool:
    """A paragraph number, a heading, a sub-item label or a marker not yet shown: body text."""
    text = line.text
    fresh_marker = any(int(m.group(1)) not in reading.seen for m in NOTE_MARKER.finditer(text))
    return bool(PARAGRAPH_NUMBER.search(text) or SUBITEM_LABEL.search(text) or fresh_marker
                or looks_like_heading(line) or RUNNING_HEAD.match(text) or RUNNING_FOOTER.match(text))


# --- text helpers --------------------------------------------------------------------------

def ends_sentence(text: str) -> bool:
    """A period ends the line (an uncertain word's mark may follow it).

    >>> ends_sentence('البيئي ورفاه الإنسان.'), ends_sentence('2019.'), ends_sentence('وينبغي، باعتبار')
    (True, True, False)
    """
    return UNCERTAIN.sub(r"\1", text).strip().endswith(".")


def remove_token(text: str, match: re.Match[str]) -> str:
    """Cut an interpreted token out.

    >>> line = '5 - ويتوخى هذا التقرير'
    >>> remove_token(line, PARAGRAPH_NUMBER.search(line))
    'ويتوخى هذا التقرير'
    """
    return (text[:match.start()] + text[match.end():]).strip()


def line_spans(text: str) -> list[Span]:
    """'... في المائة(8). في' -> text, note 8, text; '⟦كلمة⟧' -> an uncertain span.

    >>> [(s.kind.value, s.text) for s in line_spans('نموا(3). ⟦وشككل⟧ أفرقة')]
    [('text', 'نموا'), ('note_ref', '3'), ('text', '. '), ('uncertain', 'وشككل'), ('text', ' أفرقة')]
    """
    spans: list[Span] = []
    position = 0
    tokens = sorted([*NOTE_MARKER.finditer(text), *UNCERTAIN.finditer(text)], key=lambda m: m.start())
    for match in tokens:
        if match.start() < position:
            continue
        if match.start() > position:
            spans.append(Span.plain(text[position:match.start()]))
        if match.re is NOTE_MARKER:
            spans.append(Span.note_ref(match.group(1), int(match.group(1))))
        else:
            spans.append(Span(match.group(1), SpanKind.UNCERTAIN))
        position = match.end()
    if position < len(text):
        spans.append(Span.plain(text[position:]))
    return spans


def merge_text(spans: list[Span]) -> tuple[Span, ...]:
    """Adjacent plain spans (from joined lines) become one; the block's outer spaces go, which a
    removed marker or label leaves behind (' (العالمت ...' after '( 7ك')."""
    merged: list[Span] = []
    for span in spans:
        if merged and span.kind is SpanKind.TEXT and merged[-1].kind is SpanKind.TEXT:
            merged[-1] = Span.plain(merged[-1].text + span.text)
        else:
            merged.append(span)
    if merged and merged[0].kind is SpanKind.TEXT:
        merged[0] = Span.plain(merged[0].text.lstrip())
    if merged and merged[-1].kind is SpanKind.TEXT:
        merged[-1] = Span.plain(merged[-1].text.rstrip())
    return tuple(span for span in merged if span.text)


# --- finishing -----------------------------------------------------------------------------

def finish_block(draft: Draft, failed: set[int]) -> Block:
    flags = (FORWARD_CHECK_FAILED,) if failed.intersection(draft.lines) else ()
    return Block(kind=draft.kind, anchor=draft.anchor, spans=merge_text(draft.spans), lines=tuple(draft.lines),
                 number=draft.number, parent=draft.parent, level=draft.level, flags=flags)


def finish_note(note: NoteDraft, problems: Problems) -> Footnote:
    text = " ".join(t for t in note.texts if t)
    if not text:
        problems.error(note.lines[0], f"footnote {note.number} has no text")
    return Footnote(note.number, str(note.number), f"fn{note.number}", merge_text(line_spans(text)),
                    tuple(note.lines))


def check_markers(reading: Reading, defined: set[int]) -> None:
    """A marker whose footnote never comes is a lost definition: an error."""
    for note, line in sorted(reading.seen.items()):
        if note not in defined:
            reading.problems.error(line, f"footnote ({note}) is marked here but its definition was not found")


def report_dropped(reading: Reading) -> None:
    """One warning per kind of dropped furniture, naming every line, so nothing goes silently."""
    for reason, numbers in reading.dropped.items():
        listed = ", ".join(str(n) for n in numbers)
        reading.problems.warn(numbers[0], f"dropped {len(numbers)} {reason} line(s): {listed}")
