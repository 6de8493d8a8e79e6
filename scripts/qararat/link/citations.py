"""Recognising citations: the `Ref` value object and the recognisers that find refs in Arabic text.

A `Ref` parses and validates on construction and compares by its canonical id, so
`Ref.parse("125/70") == Ref.parse("٧٠/١٢٥") == Ref.parse("A/RES/70/125")`. The recognisers work on
folded text (see `folding.py`) and hand back `Found` spans in folded coordinates:

- document symbols that name themselves: `A/RES/70/125`, `A/C.2/59/3`, `A/67/66-E/2012/49`,
  `A/CONF.157/24 (Part I)`, `E/RES/2025/18`, ITU working-group documents `CWG-WSIS&SDG-39/2`;
- resolution numbers introduced by a resolution word (`القرار`، `قرارها`، `قراراتها`، `وقراري المجلس` ...),
  alone or in lists: `125/70` or `70/125` (General Assembly, either order), `٤٦/٢٠٠٦` (ECOSOC number/year),
  `٢٧٠/٥٧ بء` (lettered), `217 ألف (د-3)` (old style), `140 (المراجَع في بوخارست، 2022)` (ITU, with the
  body read from the words around it);
- named instruments from the references table (`names.py`), with paragraph pinpoints
  (`الفقرة ١١١ من برنامج عمل تونس`).

A number pair is only ever read as a resolution after a resolution word, so dates, page numbers,
periods and decimals (`2014-2015`, `3/24`, `٢٤,٤`) are never taken for citations.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from .folding import fold, fold_words, phrase

# The latest General Assembly session a text of the corpus belongs to (A/RES/80/173). A number
# above it cannot be a session, which is how `125/70` and `70/125` both read as resolution 70/125.
MAX_SESSION = 80
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Lettered parts of a resolution as the Arabic texts write them ("بء" is the abbreviated "باء").
PARTS = {"الف": "A", "باء": "B", "بء": "B", "جيم": "C", "دال": "D", "هاء": "E"}
ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
ITU_BODIES = {
    "pp": ("itu-pp-res", "قرار مؤتمر المندوبين المفوضين"),
    "council": ("itu-council-res", "قرار مجلس الاتحاد الدولي للاتصالات"),
    "wtdc": ("itu-wtdc-res", "قرار المؤتمر العالمي لتنمية الاتصالات"),
    "wtsa": ("itu-wtsa-res", "قرار الجمعية العالمية لتقييس الاتصالات"),
    "itu-r": ("itu-r-res", "قرار قطاع الاتصالات الراديوية"),
}


def roman_value(letters: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = sum(values[c] for c in letters)
    return total - 2 * sum(values[a] for a, b in zip(letters, letters[1:]) if values[a] < values[b])


def roman(number: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


def slug_of(text: str) -> str:
    """'A/RES/70/125' -> 'a-res-70-125'; 'CWG-WSIS&SDG-39/2' -> 'cwg-wsis-sdg-39-2'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ---------------------------------------------------------------- the value object

@dataclass(frozen=True)
class Ref:
    """One cited document. Equal and hashed by `id` only; `label` and `symbol` say how to show it."""

    id: str
    label: str = field(compare=False)
    symbol: str | None = field(default=None, compare=False)   # an official UN symbol, where there is one

    def __post_init__(self):
        if not ID.fullmatch(self.id):
            raise ValueError(f"not a canonical id: {self.id!r}")
        if self.symbol is not None and not ANY_SYMBOL.fullmatch(self.symbol):
            raise ValueError(f"not a UN document symbol: {self.symbol!r}")

    @property
    def url(self) -> str | None:
        """The public resolver address of a UN symbol (Arabic version)."""
        if not self.symbol:
            return None
        old = OLD_SYMBOL.fullmatch(self.symbol)
        symbol = f"A/RES/{old['number']}({old['session']})" if old else self.symbol.replace(" ", "")
        return f"https://undocs.org/ar/{symbol}"

    # -- constructors, each validating what it is given

    @staticmethod
    def un(symbol: str) -> Ref:
        symbol = fold(symbol).text.strip()
        if not SYMBOL.fullmatch(symbol) or not re.search(r"\d", symbol):
            raise ValueError(f"not a UN document symbol: {symbol!r}")
        return Ref(slug_of(symbol), symbol, symbol)

    @staticmethod
    def resolution(session: int, number: int, part: str | None = None) -> Ref:
        """General Assembly resolution `session/number`, e.g. (70, 125) -> A/RES/70/125."""
        if not 1 <= session <= MAX_SESSION or number < 1:
            raise ValueError(f"no General Assembly resolution {session}/{number}")
        symbol = f"A/RES/{session}/{number}" + (f" {part}" if part else "")
        return Ref(slug_of(symbol), symbol, symbol)

    @staticmethod
    def old_resolution(number: int, part: str | None, session: int) -> Ref:
        """Resolutions before the 31st session: 217 A (III) -> A/RES/217 A (III)."""
        symbol = f"A/RES/{number}" + (f" {part}" if part else "") + f" ({roman(session)})"
        return Ref(slug_of(symbol), symbol, symbol)

    @staticmethod
    def ecosoc(year: int, number: int) -> Ref:
        if not 1946 <= year <= 2100 or number < 1:
            raise ValueError(f"no ECOSOC resolution {year}/{number}")
        symbol = f"E/RES/{year}/{number}"
        return Ref(slug_of(symbol), symbol, symbol)

    @staticmethod
    def itu(body: str, number: int) -> Ref:
        prefix, label = ITU_BODIES[body]
        return Ref(f"{prefix}-{number}", f"{label} {number}")

    @staticmethod
    def document(code: str) -> Ref:
        """A document with a code that is not a UN symbol (ITU working-group documents)."""
        return Ref(slug_of(code), code)

    @staticmethod
    def named(id: str, label: str) -> Ref:
        return Ref(id, label)

    @staticmethod
    def parse(text: str) -> Ref:
        """The one ref a written citation names.

        >>> Ref.parse("125/70") == Ref.parse("٧٠/١٢٥") == Ref.parse("A/RES/70/125") == Ref.parse("قرارها 70/125")
        True
        >>> Ref.parse("٤٦/٢٠٠٦").label
        'E/RES/2006/46'
        """
        folded = fold(text).text.strip()
        bare = SLASH_ITEM.fullmatch(folded)
        ref = slash_ref(bare) if bare else None
        if ref:
            return ref
        old = OLD_SYMBOL.fullmatch(folded)
        if old:
            return Ref.old_resolution(int(old["number"]), old["part"], roman_value(old["session"]))
        lettered = LETTERED_SYMBOL.fullmatch(folded)
        if lettered:
            return Ref.resolution(int(lettered["session"]), int(lettered["number"]), lettered["part"])
        if SYMBOL.fullmatch(folded):
            return Ref.un(folded)
        found = recognise_folded(folded, NameIndex(()), itu=True)
        if len(found) != 1:
            raise ValueError(f"{text!r} names {len(found)} citations, not one")
        return found[0].ref


# ---------------------------------------------------------------- what a recogniser finds

@dataclass(frozen=True)
class Found:
    """A citation in folded coordinates."""

    start: int
    end: int
    ref: Ref
    pinpoint: str | None = None


@dataclass(frozen=True)
class Name:
    """A written name of a named document, as a pattern whose `cited` group is the citation."""

    ref: Ref
    pattern: re.Pattern[str]
    needle: str                     # a word the name cannot match without: a quick test before the pattern
    literal: str                    # the cited words as any match holds them in plainly spaced text


class NameIndex:
    """The names of the documents the references table knows, longest first."""

    def __init__(self, names: tuple[tuple[str, Ref], ...]):
        compiled = [Name(ref, name_pattern(text), needle(text), core_literal(text)) for text, ref in names]
        self.names = sorted(compiled, key=lambda n: -len(n.pattern.pattern))
        self.by_needle = positions_by_needle(name.needle for name in self.names)

    @property
    def needles(self) -> set[str]:
        return set(self.by_needle)

    def find(self, text: str, present: Collection[str] | None = None) -> list[Found]:
        """The names in a folded text; `present`, when given, holds the needles the text contains
        (found for a whole document at once), and the names without one are not tried."""
        found = []
        plain = is_plainly_spaced(text)
        for name in with_needles(self.names, self.by_needle, present):
            if name.needle not in text or (plain and name.literal not in text):
                continue
            for match in name.pattern.finditer(text):
                start, end = match.span("cited")
                start = word_start(text, start)
                if start is not None:
                    found.append(Found(start, end, name.ref))
        return found


def positions_by_needle(needles: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """Where each needle stands in a list of patterns' needles."""
    positions: dict[str, list[int]] = {}
    for position, word in enumerate(needles):
        positions.setdefault(word, []).append(position)
    return {word: tuple(found) for word, found in positions.items()}


def with_needles(entries: list, by_needle: dict[str, tuple[int, ...]], present: Collection[str] | None) -> list:
    """The entries whose needle is in `present`, in their order (all of them when `present` is None)."""
    if present is None:
        return entries
    return [entries[i] for i in sorted(i for word in present for i in by_needle.get(word, ()))]


def name_parts(text: str) -> tuple[str, str, str]:
    """(words before, cited words, words after) of a written name: `إعلان المبادئ و[خطة العمل]`."""
    before, inner, after = re.fullmatch(r"([^\[]*)\[?([^\]]*)\]?(.*)", text).groups()
    return ("", before, after) if not inner else (before, inner, after)


def name_pattern(text: str) -> re.Pattern[str]:
    """A written name as a pattern. `إعلان المبادئ و[خطة العمل]` cites only the bracketed words.

    A leading article is optional so that `للإعلان العالمي` (ل + الإعلان) matches `الإعلان العالمي`.
    """
    before, inner, after = name_parts(text)
    core = phrase(inner)
    if not before and core.startswith("ال"):
        core = "(?:ال)?" + core[2:]
    context = (phrase(before.strip()) + r"\s*" if before.strip() else "")
    tail = (r"\s*" + phrase(after.strip()) if after.strip() else "")
    return re.compile(context + f"(?P<cited>{core})" + tail + r"(?![^\W\d_])")


def core_literal(text: str) -> str:
    """The cited words of a name (its optional leading article aside) as every match of its pattern
    holds them in a folded text whose only whitespace is single spaces: there each `\\s+` of the
    pattern is one space."""
    before, inner, _ = name_parts(text)
    words = fold_words(inner)
    return words[2:] if not before and words.startswith("ال") else words


# Whitespace other than the space: where it stands, a name's words may be apart by other than one space.
OTHER_SPACE = re.compile(r"[^\S ]")


def is_plainly_spaced(text: str) -> bool:
    """Whether a folded text's only whitespace is single spaces (folding makes runs of spaces one)."""
    return OTHER_SPACE.search(text) is None


def needle(text: str) -> str:
    """The longest folded word of a name (brackets and articles aside): any match contains it."""
    words = fold(re.sub(r"[\[\]]", " ", text)).text.split()
    return max((w.removeprefix("ال") for w in words), key=len)


def word_start(text: str, start: int) -> int | None:
    """Where the word holding `start` begins, if what precedes the match in it is only proclitics."""
    begin = start
    while begin > 0 and text[begin - 1].isalpha():
        begin -= 1
    return begin if re.fullmatch(r"[وفبلك]{0,3}(?:ال)?", text[begin:start]) else None


# ---------------------------------------------------------------- symbols

SEGMENT = r"(?:[A-Z]+(?:\.\d+)?|\d+)"
SYMBOL = re.compile(rf"[AE](?:/{SEGMENT})+(?:-[AE](?:/{SEGMENT})+)?(?: \(Part [IVX]+\))?")
OLD_SYMBOL = re.compile(r"A/RES/(?P<number>\d+)(?: (?P<part>[A-E]))? \((?P<session>[IVXL]+)\)")
LETTERED_SYMBOL = re.compile(r"A/RES/(?P<session>\d+)/(?P<number>\d+) (?P<part>[A-E])")
ANY_SYMBOL = re.compile(rf"{SYMBOL.pattern}(?: [A-E])?|{OLD_SYMBOL.pattern}")
SYMBOL_IN_TEXT = re.compile(rf"(?<![A-Za-z0-9/.\-]){SYMBOL.pattern}(?![A-Za-z0-9/])")
ITU_DOCUMENT = re.compile(r"(?<![A-Za-z0-9])CWG-WSIS&SDG-\d+/(?:INF/)?\d+")


def find_symbols(text: str) -> list[Found]:
    if "/" not in text:     # every symbol has one; most units have none
        return []
    found = [Found(m.start(), m.end(), Ref.un(m.group())) for m in SYMBOL_IN_TEXT.finditer(text)
             if re.search(r"/\d", m.group())]
    found += [Found(m.start(), m.end(), Ref.document(m.group())) for m in ITU_DOCUMENT.finditer(text)]
    return found


# ---------------------------------------------------------------- resolution numbers

TRIGGER = re.compile(r"(?<![^\W\d_])[وفبلك]{0,2}(?:ال)?قرار(?:اتها|اته|ات|ين|يه|ها|ه|ي|ا)?(?![^\W\d_])")
QUALIFIERS = [
    ("un", phrase("الجمعية العامة")),
    ("un", phrase("للأمم المتحدة")),
    ("ecosoc", phrase("المجلس الاقتصادي والاجتماعي") + r"(?:\s*\(ECOSOC\))?"),
    ("council", phrase("المجلس")),
    ("", phrase("رقم")),
]
QUALIFIER = re.compile(r"\s+(?:" + "|".join(f"(?P<q{i}>{p})" for i, (_, p) in enumerate(QUALIFIERS)) + ")")
PART = "|".join(PARTS)
SLASH_ITEM = re.compile(rf"(?P<a>\d{{1,4}})\s*/\s*(?P<b>\d{{1,4}})(?:\s+(?P<part>{PART})(?![^\W\d_]))?(?![\d/])")
OLD_ITEM = re.compile(rf"(?P<number>\d{{1,4}})(?:\s+(?P<part>{PART}))?\s*\((?:د|D)\s*-\s*(?P<session>\d{{1,2}})\)")
SYMBOL_ITEM = re.compile(r"A/(?P<session>\d{1,2})/(?P<number>\d{1,4})(?![\w/.])")
ITU_ITEM = re.compile(r"(?P<number>\d{1,4})(?:-(?P<rev>\d{1,2}))?(?![\d/])(?:\s*\((?P<paren>[^()]*)\))?")
SEPARATOR = re.compile(r"\s*(?:[،,؛]\s*)?و\s*|\s*[،,]\s*")
DATED = re.compile(r"\s+" + phrase("المؤرخ") + r"\s+\d{1,2}\s+[^\d،,؛]+?\s+\d{4}")
# Words that say which ITU body a bare resolution number belongs to: right after the number(s) ...
ITU_AFTER = [(body, re.compile(r"\s*(?:،\s*)?" + pattern)) for body, pattern in [
    ("pp", "ل?" + phrase("مؤتمر المندوبين المفوضين")),
    ("wtdc", "(?:لل|ال)" + phrase("مؤتمر العالمي لتنمية الاتصالات")),
    ("wtsa", "(?:لل|ال)" + phrase("جمعية العالمية لتقييس الاتصالات")),
    ("itu-r", "(?:لل|ال)" + phrase("مؤتمر العالمي للاتصالات الراديوية")),
    ("council", r"(?:الصادر(?:ين|ه|ان)?\s+عن\s+)?(?:لل|ال)" + phrase("مجلس") + r"(?!\s+الاقتصادي)"),
]]
# ... or shortly before the resolution word ("خلال مؤتمر المندوبين المفوضين ... (القرار 73)").
ITU_BEFORE = [("pp", phrase("مؤتمر المندوبين المفوضين")), ("wtdc", phrase("قطاع تنمية الاتصالات"))]
BEFORE_WINDOW = 100
# Plenipotentiary Conferences as the texts name their places in a revision note "(المراجَع في بوخارست، 2022)".
PP_PLACES = [phrase(p) for p in ("بوخارست", "غوادالاخارا", "بوسان", "مينيابوليس")]
# Council resolutions are four-digit numbers; a bare one is read as such only in an ITU Council text.
COUNCIL_MIN = 1000


def slash_ref(match: re.Match[str]) -> Ref | None:
    """A number pair as a resolution: ECOSOC when one side is a year, else GA session/number."""
    a, b = int(match["a"]), int(match["b"])
    part = PARTS.get(match["part"]) if match["part"] else None
    years = [n for n in (a, b) if 1946 <= n <= 2100]
    if years and not part:
        year = years[0]
        number = b if year == a else a
        return Ref.ecosoc(year, number) if number < 1000 else None
    sessions = [(s, n) for s, n in ((a, b), (b, a)) if 1 <= s <= MAX_SESSION]
    if not sessions:
        return None
    session, number = max(sessions)        # both readable: the larger number is the session (1/70 -> 70/1)
    return Ref.resolution(session, number, part)


@dataclass
class ListItem:
    start: int
    end: int
    ref: Ref | None = None
    itu_number: int | None = None
    paren: str = ""


def read_item(text: str, pos: int, first: bool) -> ListItem | None:
    """One resolution number at `pos`, in the first form that matches there."""
    if first:
        match = SYMBOL_ITEM.match(text, pos)
        if match:   # "القرار A/70/125": the resolution word makes the document symbol a resolution
            return ListItem(match.start(), match.end(),
                            Ref.resolution(int(match["session"]), int(match["number"])))
    match = OLD_ITEM.match(text, pos)
    if match:
        part = PARTS[match["part"]] if match["part"] else None
        return ListItem(match.start(), match.end(),
                        Ref.old_resolution(int(match["number"]), part, int(match["session"])))
    match = SLASH_ITEM.match(text, pos)
    if match:
        ref = slash_ref(match)
        return ListItem(match.start(), match.end(), ref) if ref else None
    match = ITU_ITEM.match(text, pos)
    if match:
        rev = int(match["rev"]) if match["rev"] else None
        # "2-61" is ITU-R 61-2 in visual order: the resolution is the larger number, the other its revision
        number = max(int(match["number"]), rev) if rev else int(match["number"])
        return ListItem(match.start(), match.end(), itu_number=number, paren=match["paren"] or "")
    return None


def itu_body(text: str, trigger: re.Match[str], qualifiers: set[str], items: list[ListItem],
             end: int, itu: bool) -> str | None:
    """Which ITU body the bare numbers of one list belong to, from the words around them."""
    if "council" in qualifiers:
        return "council"
    for body, pattern in ITU_AFTER:
        if pattern.match(text, end):
            return body
    if any(re.search(place, item.paren) for item in items for place in PP_PLACES):
        return "pp"
    window = text[max(0, trigger.start() - BEFORE_WINDOW):trigger.start()]
    nearest = max(((window.rfind(m.group()), body) for body, p in ITU_BEFORE for m in re.finditer(p, window)),
                  default=None)
    if nearest:
        return nearest[1]
    if itu and all(item.itu_number >= COUNCIL_MIN for item in items):
        return "council"
    return None


def find_resolutions(text: str, itu: bool) -> list[Found]:
    """Resolution numbers after a resolution word, one Found per number in a list."""
    found: list[Found] = []
    if "قرار" not in text:     # the resolution word; most units have none
        return found
    for trigger in TRIGGER.finditer(text):
        pos, qualifiers = trigger.end(), set()
        while (q := QUALIFIER.match(text, pos)):
            qualifiers |= {QUALIFIERS[int(k[1:])][0] for k, v in q.groupdict().items() if v}
            pos = q.end()
        items: list[ListItem] = []
        while True:
            gap = re.compile(r"\s*").match(text, pos) if not items else SEPARATOR.match(text, pos)
            item = read_item(text, gap.end(), not items) if gap else None
            if item is None or (items and (item.itu_number is None) != (items[0].itu_number is None)):
                break
            items.append(item)
            pos = item.end
            dated = DATED.match(text, pos)
            pos = dated.end() if dated else pos
        bare = [i for i in items if i.itu_number is not None]
        body = itu_body(text, trigger, qualifiers, bare, pos, itu) if bare else None
        for item in items:
            ref = item.ref or (Ref.itu(body, item.itu_number) if body else None)
            if ref:
                found.append(Found(item.start, item.end, ref))
    return found


# ---------------------------------------------------------------- pinpoints

NUMBERS = r"\d+(?:\s*(?:-|الي)\s*\d+)?(?:\s*(?:،|و)\s*\d+(?:\s*(?:-|الي)\s*\d+)?)*"
# "الفقرة 99 من قرارها 173/80": the resolution word may stand between the paragraph and the number
PINPOINT = re.compile(rf"(?<![^\W\d_])(?:[وفبلك]{{0,2}}ال)?فقر(?:ه|ات|تان|تين)\s+(?P<numbers>{NUMBERS})\s+من\s+"
                      rf"(?:{TRIGGER.pattern}(?:\s+{phrase('الجمعية العامة')})?\s+)?$")


def with_pinpoint(text: str, found: Found) -> Found:
    """`الفقرة ١١١ من برنامج عمل تونس`: the paragraph words join the citation and name its pinpoint."""
    match = PINPOINT.search(text, max(0, found.start - 80), found.start)
    if not match:
        return found
    first = re.match(r"(\d+)(?:\s*(?:-|الي)\s*(\d+))?", match["numbers"])
    # "82‑29" is the range 29-82 in visual order: a range starts at its smaller end
    paragraph = min(int(first[1]), int(first[2])) if first[2] else int(first[1])
    return Found(match.start(), found.end, found.ref, f"p{paragraph}")


# ---------------------------------------------------------------- all together

def recognise_folded(text: str, names: NameIndex, itu: bool, present: Collection[str] | None = None) -> list[Found]:
    """Every citation of a folded text, longest first where two overlap, in reading order (`present`:
    see NameIndex.find)."""
    # a resolution read after a resolution word comes first: "القرار A/70/125" is resolution 70/125
    candidates = find_resolutions(text, itu) + find_symbols(text) + names.find(text, present)
    candidates.sort(key=lambda f: (f.start, -(f.end - f.start)))
    chosen: list[Found] = []
    for candidate in candidates:
        if chosen and candidate.start < chosen[-1].end:
            continue
        chosen.append(candidate)
    return [with_pinpoint(text, f) for f in chosen]
