"""The forward model of A/74/821's broken fonts: what the PDF extraction makes of correct Arabic.

The report's fonts map glyphs to the wrong code points. A glyph is a letter in one of its
shaping forms (isolated, initial, medial, final) or a lam-alef ligature, so the damage depends
on where a letter stands in its word: a final ة comes out as ا, an isolated ت is lost (the
extraction shows a space), a medial ث comes out as غ, and so on. `damage` applies that table to
correct text; the repair runs it backwards to find readings and forwards to check them:

>>> damage("الرقمية"), damage("أكثر"), damage("ينبغي"), damage("أصحاب المصلحة")
('الرقميا', 'أكغر', 'ينبري', 'أ حاب الم لحا')
>>> damage("بشأن ذلك، في الصعيد العالمي.")
'بشين ذلعي في ال عيد العالميو'

The headings and the title block are set in a second font with its own map:

>>> damage("الأمم المتحدة", HEADING), damage("توصيات", HEADING)
('اممح المت دة', 'توميال')

Every entry of the tables was read off the raw text against words whose reading is certain
(the examples beside each entry are from seeds/a-74-821.txt). Letters and forms not listed come
out unchanged.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

BODY = "body"
HEADING = "heading"
LOST = "\u25a1"      # a glyph the extraction lost; the raw text shows a space where it stood
TATWEEL = "\u0640"
# A word the repair could not read is kept as extracted between these marks: it is raw text,
# not a reading, so the forward model passes it through unchanged.
UNCERTAIN_OPEN, UNCERTAIN_CLOSE = "\u27e6", "\u27e7"
KEPT = re.compile(f"{UNCERTAIN_OPEN}([^{UNCERTAIN_CLOSE}]*){UNCERTAIN_CLOSE}")

# Shaping forms, as the font picks its glyphs.
ISOLATED, INITIAL, MEDIAL, FINAL = "s", "i", "m", "f"

ARABIC_LETTERS = frozenset(chr(c) for c in range(0x0621, 0x064B) if c != 0x0640)
RIGHT_JOINING = frozenset("اأإآدذرزوؤة")   # join to the letter before only
NON_JOINING = frozenset("ء")
ALEFS = frozenset("اأإآ")                    # a lam before one of these makes a ligature

# Body font: (letter or ligature, form) -> what the extraction shows. LOST: a space.
BODY_GLYPHS: dict[tuple[str, str], str] = {
    ("ة", FINAL): "ا",                                        # الرقميا = الرقمية
    ("ت", FINAL): LOST, ("ت", ISOLATED): LOST,                # الوق  = الوقت, معلوما  = معلومات
    ("ث", INITIAL): "غ", ("ث", MEDIAL): "غ",                  # غما = ثمة, أكغر = أكثر
    ("ث", FINAL): LOST, ("ث", ISOLATED): LOST,                # حي  = حيث
    ("غ", INITIAL): LOST, ("غ", MEDIAL): "ر",                 #  ير = غير, ينبري = ينبغي
    ("غ", FINAL): "د", ("غ", ISOLATED): "،",                  # البالد = البالغ, بلو، = بلوغ
    ("ئ", INITIAL): "ح", ("ئ", MEDIAL): "ح",                  # جاححا = جائحة, البيحا = البيئة
    ("ئ", FINAL): LOST,                                       # فت  = فتئ
    ("ص", INITIAL): LOST, ("ص", MEDIAL): LOST,                # أ حاب = أصحاب, الم لحا = المصلحة
    ("ص", ISOLATED): "ا", ("ص", FINAL): "ا",                  # الخاا = الخاص, تنا = تنص
    ("ط", INITIAL): "ا", ("ط", MEDIAL): "ا",                  # النااق = النطاق, خااب = خطاب
    ("ط", FINAL): "ا", ("ط", ISOLATED): "ا",                  # فقا = فقط, خا = خط
    ("ع", ISOLATED): "ا",                                     # التنوا = التنوع
    ("ك", FINAL): "ع", ("ك", ISOLATED): "ع",                  # ذلع = ذلك, المشترع = المشترك
    ("ه", MEDIAL): LOST, ("ه", FINAL): LOST,                  # ب ا = بها, نفس  = نفسه
    ("لا", FINAL): LOST,                                      # خ ل = خلال
    ("لأ", FINAL): "ل",                                       # للمين = للأمين
    ("لإ", FINAL): "د",                                       # لددارة = للإدارة
    ("لآ", ISOLATED): ".", ("لآ", FINAL): "ي",                # ا.خرين = الآخرين, ليغار = للآثار
    ("آ", ISOLATED): "لا", ("آ", FINAL): LOST,                # لالاف = آلاف, ب غار = بآثار
    ("أ", FINAL): "ي",                                        # بشين = بشأن
    ("إ", FINAL): LOST,                                       # ب نشاء = بإنشاء
    ("إ", ISOLATED): "ا" + LOST,                              # وا رادة = وإرادة (not word-initial)
    ("ي", ISOLATED): "ل",                                     # الذل = الذي
    ("ض", FINAL): LOST, ("ض", ISOLATED): LOST,                # البع  = البعض, مر  = مرض
    ("ح", FINAL): "ن",                                        # يتين = يتيح
    ("ش", ISOLATED): "إ",                                     # للتحرإ = للتحرش, الإنعاإ = الإنعاش
    ("خ", FINAL): "ض", ("خ", ISOLATED): LOST,                 # ترسيض = ترسيخ, المنا  = المناخ
}

# Heading font (chapter, section, recommendation and topic headings; the title block).
HEADING_GLYPHS: dict[tuple[str, str], str] = {
    ("ق", INITIAL): "ج", ("ق", MEDIAL): LOST,                 # الرجمت = الرقمي, ت رير = تقرير
    ("ي", FINAL): "ت", ("ي", ISOLATED): LOST,                 # المعنت = المعني, الاجتماد  = الاقتصادي
    ("ت", FINAL): "ل", ("ت", ISOLATED): "ل",                  # البيانال = البيانات
    ("ص", INITIAL): "م", ("ص", MEDIAL): "م",                  # تومية = توصية
    ("لأ", ISOLATED): "م", ("لأ", FINAL): "م",                # اممين = الأمين
    ("م", FINAL): "ح", ("م", ISOLATED): "ح",                  # اممح = الأمم, العاح = العام
    ("ح", INITIAL): LOST, ("ح", MEDIAL): LOST,                # المت دة = المتحدة
    ("ع", INITIAL): LOST, ("ع", FINAL): LOST,                 #  لى = على, الراي  = الرفيع
    ("ف", INITIAL): "ا",                                      # ات = في
    ("ؤ", ISOLATED): "ر", ("ؤ", FINAL): "ر",                  # المرسسية = المؤسسية
    ("ى", ISOLATED): LOST,                                    # المستو  = المستوى (but  لى = على)
    ("إ", ISOLATED): "ا" + LOST,                              # وا رادة = وإرادة
    ("ئ", INITIAL): "ا", ("ئ", MEDIAL): "ا",                  # الرايسية = الرئيسية
    ("ج", FINAL): "ل",                                        # لنتاال = لنتائج
    ("ه", INITIAL): "لأ",                                     # لأاء = هاء
}

# Punctuation of the body font. Brackets come out mirrored and mis-mapped: "(كوفيد-19)" shows
# as "ككوفيد-19(", "(أ)" as "كأ(". The heading font keeps its punctuation, but a footnote marker
# in a heading is set like the body's: "(7)" shows as "( 7ك".
ARABIC_PUNCTUATION = {"،": "ي", ".": "و", "(": "ك", ")": "("}
MARKER = re.compile(r"\(\d{1,2}\)")
# The heading font prints its kashida as ق (المنسققق ان), the body font as tatweel.
KASHIDA = {BODY: TATWEEL, HEADING: "ق"}
TABLES = {BODY: BODY_GLYPHS, HEADING: HEADING_GLYPHS}

LATIN = re.compile(r"[A-Za-z]")


def is_letter(char: str) -> bool:
    return char in ARABIC_LETTERS


def joins_forward(char: str) -> bool:
    """Does this letter connect to the one after it (dual-joining letters and tatweel)?"""
    return char == TATWEEL or (char in ARABIC_LETTERS and char not in RIGHT_JOINING and char not in NON_JOINING)


def joins_backward(char: str) -> bool:
    return char == TATWEEL or (char in ARABIC_LETTERS and char not in NON_JOINING)


def glyphs(word: str) -> list[tuple[str, str]]:
    """A run of Arabic letters as the font draws it: (letter or lam-alef, shaping form).

    >>> glyphs("للأمين")
    [('ل', 'i'), ('لأ', 'f'), ('م', 'i'), ('ي', 'm'), ('ن', 'f')]
    """
    units: list[str] = []
    position = 0
    while position < len(word):
        if word[position] == "ل" and word[position + 1:position + 2] in ALEFS and position + 1 < len(word):
            units.append(word[position:position + 2])
            position += 2
        else:
            units.append(word[position])
            position += 1
    forms: list[tuple[str, str]] = []
    for index, unit in enumerate(units):
        before = units[index - 1] if index else ""
        after = units[index + 1] if index + 1 < len(units) else ""
        joined_before = len(before) == 1 and joins_forward(before) and joins_backward(unit[0])
        joined_after = len(unit) == 1 and joins_forward(unit) and bool(after) and joins_backward(after[0])
        form = {(False, False): ISOLATED, (True, False): FINAL,
                (False, True): INITIAL, (True, True): MEDIAL}[(joined_before, joined_after)]
        forms.append((unit, form))
    return forms


@lru_cache(maxsize=1 << 17)     # the same words recur on every line of a report and in every copy
def damage_word(word: str, font: str = BODY) -> str:
    """One run of Arabic letters (tatweel allowed) through the font; lost glyphs are LOST.

    >>> damage_word("معلومات"), damage_word("الاختلافات")
    ('معلوما□', 'الاخت□فا□')
    """
    marked = shadda_after(word)
    word = word.replace(SHADDA, "")
    out = []
    position = 0
    for index, (unit, form) in enumerate(glyphs(word)):
        out.append(KASHIDA[font] if unit == TATWEEL else shown(unit, form, index == 0, font))
        position += len(unit)
        if position in marked and font == BODY:
            out.append("ك")
    return "".join(out)


def shadda_after(word: str) -> set[int]:
    """Where, counted in letters without shadda, a shadda follows its letter."""
    found, letters = set(), 0
    for char in word:
        if char == SHADDA:
            found.add(letters)
        else:
            letters += 1
    return found


def shown(unit: str, form: str, first: bool, font: str) -> str:
    """What the font shows for one glyph. A word-initial isolated إ is drawn right ('إلى'); after
    و it comes out as ا and breaks the run ('وإرادة' -> 'وا' ... 'رادة')."""
    if first and unit == "إ":
        return unit
    return TABLES[font].get((unit, form), unit)


ARABIC_RUN = re.compile(f"[\u0621-\u064a{TATWEEL}\u0651]+")
SHADDA = "\u0651"     # the body font shows it as ك: وشككل = وشكّلت (l.93)


def damage(text: str, font: str = BODY, lost: str = " ") -> str:
    """Correct text as the broken font shows it, in logical order; lost glyphs become `lost`.

    Latin text keeps its own font: its commas, periods and brackets are not mapped. A period
    is the Arabic font's when no Latin text follows it ("2019." ends a footnote: "2019و").

    >>> damage("(1) ITU, Measuring Digital Development. Facts and figures 2019.")
    'ك1( ITU, Measuring Digital Development. Facts and figures 2019و'

    A word kept as extracted (between ⟦ and ⟧) passes through as it is:

    >>> damage("خبراء ⟦متخ⟧")
    'خبراء متخ'
    """
    if UNCERTAIN_OPEN in text:
        parts = KEPT.split(text)
        return "".join(part if index % 2 else damage(part, font, lost) for index, part in enumerate(parts))
    out: list[str] = []
    position = 0
    for match in ARABIC_RUN.finditer(text):
        out.append(damage_punctuation(text, position, match.start(), font))
        out.append(damage_word(match.group(), font).replace(LOST, lost))
        position = match.end()
    out.append(damage_punctuation(text, position, len(text), font))
    return "".join(out)


def damage_punctuation(text: str, start: int, end: int, font: str = BODY) -> str:
    """The characters between Arabic runs: Arabic-font punctuation is mapped, Latin kept."""
    out = []
    for index in range(start, end):
        char = text[index]
        if font == HEADING and not in_marker(text, index):
            out.append(char)
        elif char in ARABIC_PUNCTUATION and arabic_font_punctuation(text, index):
            out.append(ARABIC_PUNCTUATION[char])
        else:
            out.append(char)
    return "".join(out)


def in_marker(text: str, index: int) -> bool:
    return any(m.start() <= index < m.end() for m in MARKER.finditer(text))


def arabic_font_punctuation(text: str, index: int) -> bool:
    """Is the punctuation at `index` set in the Arabic font?

    '،' always is. A period is unless Latin text follows it ('Development. Facts'), or it ends
    an abbreviation inside Latin text ('vol. 1', 'No. 7722', 'D.C.,', 'www.un'): only the period
    that ends the text, or stands before Arabic, is the Arabic font's. A bracket is when the
    bracketed text is Arabic or a bare number (a footnote marker)."""
    char = text[index]
    if char == "،":
        return True
    if char == ".":
        rest = text[index + 1:].lstrip()
        following = text[index + 1:index + 2]
        if following and following.isascii() and (following.isalnum() or following in "/,;:)"):
            return False
        after_latin = index > 0 and bool(LATIN.match(text[index - 1]))
        return not (after_latin and (LATIN.match(rest) or rest[:1].isdigit()))
    inner = bracketed(text, index)
    if ARABIC_RUN.search(inner) or re.fullmatch(r"\s*\d{1,2}\s*", inner):
        return True
    # Latin in brackets: the Arabic font's brackets when Arabic text stands before them
    # ('للحماية (WeProtect)'), the Latin font's in a Latin reference ('Unions (ITU)').
    opening = index if char == "(" else text.rfind("(", 0, index)
    before = re.findall(r"[A-Za-z\u0621-\u064a]", text[:max(opening, 0)])
    return bool(before) and not LATIN.match(before[-1])


def bracketed(text: str, index: int) -> str:
    """The text inside the bracket pair that the bracket at `index` opens or closes."""
    if text[index] == "(":
        close = text.find(")", index)
        return text[index + 1:close if close >= 0 else len(text)]
    open_ = text.rfind("(", 0, index)
    return text[open_ + 1 if open_ >= 0 else 0:index]


# --- the forward check ----------------------------------------------------------------------

PIECE_CLASS = re.compile(r"[\u0621-\u064a]+|[0-9]+|[A-Za-z]+|[^\s\u0621-\u064a0-9A-Za-z]")



def raw_pieces(raw: str, font: str = BODY) -> Counter[str]:
    """The raw line as a multiset of pieces: kashida dropped, split at spaces and wherever the
    script changes ('20عمل' -> '20', 'عمل'; '1ك' -> '1', 'ك'), because a line's runs come out
    in another order than a reader reads them. The heading font prints kashida as a run of ق."""
    text = raw.replace(TATWEEL, "")
    if font == HEADING:
        text = re.sub("ق{2,}", "", text)
    return Counter(PIECE_CLASS.findall(text))


@lru_cache(maxsize=1 << 15)     # every build checks every repaired line; versions of a report share lines
def forward_matches(reading: str, raw: str, font: str = BODY) -> bool:
    """Does damaging `reading` give back `raw`, allowing for the order of its pieces?

    The damaged reading (lost glyphs kept as LOST, word spaces dropped) must be covered exactly
    by all the raw pieces, laid in some order, with every lost glyph between two pieces: nothing
    invented, nothing dropped, and a lost glyph only where the raw text has a gap.

    >>> forward_matches("أصحاب المصلحة", " ـــلحا أ ـحاب الم")
    True
    >>> forward_matches("أصحاب المصالح", " ـــلحا أ ـحاب الم")
    False
    """
    target = re.sub(r"\s+", "", damage(reading, font, LOST).replace(TATWEEL, ""))
    pieces = raw_pieces(raw, font)
    if sum(len(p) * n for p, n in pieces.items()) != len(target.replace(LOST, "")):
        return False
    return tile(target, pieces)


def tile(target: str, pieces: Counter[str]) -> bool:
    """Can `pieces` be laid over `target` so that every letter of it is covered once, no piece
    covers a lost glyph, and the pieces are used up?

    Longest pieces are laid first, each at its first free place. A raw piece that is not found
    whole may be laid as two parts far apart: where two chunks were written with no space between
    them ('الأعمالمن' = 'الأعمال' + 'من'), they are one piece of the raw line.

    >>> tile("الأعمال□من", Counter({"الأعمالمن": 1}))
    True
    """
    free = [char != LOST for char in target]

    def place(part: str) -> bool:
        start = 0
        while True:
            index = target.find(part, start)
            if index < 0:
                return False
            if all(free[index:index + len(part)]):
                free[index:index + len(part)] = [False] * len(part)
                return True
            start = index + 1

    # Long pieces rarely fit anywhere but their own place: lay them first. What is left (short
    # pieces, glued ones) is searched for, over the stretches the long ones left free.
    rest = Counter(piece for piece in pieces.elements() if len(piece) < 3 or not place(piece))
    if not rest:
        return not any(free)
    regions = "".join(char if open_ else LOST for char, open_ in zip(target, free))
    return search_tiling(regions, rest) or search_tiling(target, pieces)


MAX_STEPS = 30000
GLUED = "\x00"     # marks the other part of a raw piece that has been cut in two


def search_tiling(target: str, pieces: Counter[str]) -> bool:
    """The same question answered by depth-first search (where laying pieces first-come fails):
    an order of the pieces spelling `target`, LOST only between pieces, a piece possibly in two
    parts. Bounded: a line that needs more steps than MAX_STEPS does not pass."""
    failed: set[tuple[int, frozenset]] = set()
    steps = 0

    def search(position: int, left: Counter[str]) -> bool:
        nonlocal steps
        while position < len(target) and target[position] == LOST:
            position += 1
        if position == len(target):
            return not +left
        for glued in [p for p in left if left[p] > 0 and p.startswith(GLUED)]:
            if target.startswith(glued[1:], position):
                left[glued] -= 1
                if search(position + len(glued) - 1, left):
                    return True
                left[glued] += 1
        key = (position, frozenset((+left).items()))
        if key in failed:
            return False
        steps += 1
        if steps > MAX_STEPS:
            return False
        for piece in sorted((p for p in left if left[p] > 0 and not p.startswith(GLUED)), key=len, reverse=True):
            if target.startswith(piece, position):
                left[piece] -= 1
                if search(position + len(piece), left):
                    return True
                left[piece] += 1
        for piece in [p for p in left if left[p] > 0 and len(p) >= 2 and not p.startswith(GLUED)]:
            for cut in range(1, len(piece)):
                for used, rest in ((piece[:cut], piece[cut:]), (piece[cut:], piece[:cut])):
                    if target.startswith(used, position):
                        left[piece] -= 1
                        left[GLUED + rest] += 1
                        if search(position + len(used), left):
                            return True
                        left[GLUED + rest] -= 1
                        left[piece] += 1
        failed.add(key)
        return False

    return search(0, Counter(pieces))


# --- backwards: the readings a damaged word may have ------------------------------------------

LIGATURES = ("لا", "لأ", "لإ", "لآ")
WORD_FINAL_ONLY = frozenset("ةى")


def shaping_form(before: str | None, unit: str, after: str | None) -> str:
    joined_before = before is not None and len(before) == 1 and joins_forward(before) and joins_backward(unit[0])
    joined_after = after is not None and len(unit) == 1 and joins_forward(unit) and joins_backward(after[0])
    return {(False, False): ISOLATED, (True, False): FINAL,
            (False, True): INITIAL, (True, True): MEDIAL}[(joined_before, joined_after)]


def inverse_table(font: str) -> dict[str, tuple[str, ...]]:
    """What the font shows -> the letters that may have been meant (every letter may mean itself)."""
    inverse: dict[str, set[str]] = {}
    for (unit, _form), shown in TABLES[font].items():
        inverse.setdefault(shown, set()).add(unit)
    for unit in [*ARABIC_LETTERS, *LIGATURES]:
        inverse.setdefault(unit, set()).add(unit)
    return {shown: tuple(sorted(units)) for shown, units in inverse.items()}


INVERSE = {font: inverse_table(font) for font in TABLES}
SHOWN = {font: sorted(INVERSE[font], key=len, reverse=True) for font in TABLES}


def readings(damaged: str, font: str = BODY, limit: int = 20000, budget: int = 200000) -> list[str]:
    """Every letter sequence the font would show as `damaged` (LOST for a lost glyph).

    Built left to right; a letter's shaping form is known once its neighbour is chosen, so a
    choice the font would not have drawn that way is dropped at once.

    >>> sorted(readings("بشين"))
    ['بشأن', 'بشلآن', 'بشيح', 'بشين']
    >>> "أصحاب" in readings("أ□حاب")
    True
    """
    inverse, shown_forms = INVERSE[font], SHOWN[font]
    found: list[str] = []
    units: list[str] = []
    spans: list[str] = []
    steps = [budget]

    def shows(index: int, after: str | None) -> str:
        before = units[index - 1] if index else None
        return shown(units[index], shaping_form(before, units[index], after), index == 0, font)

    def extend(position: int) -> None:
        steps[0] -= 1
        if len(found) >= limit or steps[0] < 0:
            return
        if position == len(damaged):
            if units and shows(len(units) - 1, None) == spans[-1]:
                found.append("".join(units))
            return
        for shown in shown_forms:
            if not damaged.startswith(shown, position):
                continue
            for unit in inverse[shown]:
                if units:
                    if units[-1] in WORD_FINAL_ONLY or (units[-1] == "ل" and unit[0] in ALEFS):
                        continue
                    if shows(len(units) - 1, unit) != spans[-1]:
                        continue
                units.append(unit)
                spans.append(shown)
                extend(position + len(shown))
                units.pop()
                spans.pop()

    extend(0)
    return found
