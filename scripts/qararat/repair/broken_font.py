"""Repair of A/74/821, whose PDF fonts map letters to the wrong code points.

`repair_lines` takes the raw lines of a `damaged-report` document and gives back the same
number of lines, each in reading order and in correct Arabic where the repair could read it,
with one Repair record per step that changed a line:

    drop_tatweel               'شــــــكـل الأمين'                 -> 'شكل الأمين'
    restore_run_order          'لتقديم ي 2018في تموز/يولي   - 1'   -> '1 - في تموز/يولي 2018 ي ... لتقديم'
    map_broken_font_glyphs     'الحكوما  والقاـاا الخـاا'           -> 'الحكومات والقطاع الخاص'
    apply_reviewed_correction  a reading from seeds/corrections/a-74-821.yml

Structural tokens come out in the form the parser reads: the paragraph number first ('1 - '),
sub-item labels first ('(أ) '), footnote markers as '(1)' after their word, a footnote
definition's number first ('(8) ITU, ...'), the period and comma as '.' and '،'.

How a line is read (the steps are named functions below):

1. The line is cut into chunks (`split_chunks`, `line_pieces`): runs of Arabic, runs of Latin
   or digits, and the structural tokens. The extraction wrote the chunks of a line last-first
   (each chunk itself in reading order), so `restore_run_order` reverses them. Where a chunk
   ends inside an Arabic run is not marked: a lam-alef word is always a chunk of its own; a
   chunk may end at a word that ends or starts with the font's kashida ('اســــ' | 'ــتخدام'),
   and `best_chunking` keeps the cuts that make the line read best; a run whose last and first
   words make one word may hide one more chunk end (a "turn", `turn_candidates`). A word a
   chunk end cut in two is joined back by following its tatweel (`follow_kashida`); digits
   glued to Arabic are cut off (`unglue_chunks`), and Latin references put back together.
2. Each run of Arabic is decoded against the lexicon with the forward model (`decode`): the
   lexicon is indexed by what the broken font makes of each word, so a damaged word is found
   by looking its damaged form up, across the gaps a lost glyph leaves ('أ ـــحاب' -> 'أصحاب').
   Where one damaged form has several readings, the clean texts' word counts and word pairs
   and a letter model of their words decide. A word no reading explains is kept as extracted
   and marked uncertain: ⟦...⟧ (the parser turns the mark into an UNCERTAIN span).
3. Reviewed corrections (seeds/corrections/a-74-821.yml) replace the reading of a whole line,
   or of a span of it, where the rules cannot decide; each is verified by the forward model
   against the raw line before it is applied (`check_corrections`), and the build stops with
   the entry's file:line when one does not match. They are most of the report: 527 of its 745
   non-blank lines are read whole from them (on those lines the rules alone read 73% of the
   words right), and the page's notice counts the words each way.

Every repaired line is checked by `forward.forward_matches`: damaging it again must give back
the raw line's pieces. The parser flags a block whose lines fail the check.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import product
from pathlib import Path

import yaml

from ..errors import BuildError
from ..model import Problem, Repair
from ..read import YAML_LOADER
from .forward import (BODY, HEADING, LOST, TATWEEL, UNCERTAIN_CLOSE, UNCERTAIN_OPEN, damage, damage_word,
                      forward_matches)
from .lexicon import clean_counts, hunspell_words

ROOT = Path(__file__).resolve().parents[3]
CORRECTIONS = ROOT / "seeds" / "corrections" / "a-74-821.yml"

# --- structural tokens as the extraction shows them ------------------------------------------

# "- 12" anywhere in a line; not the "-" of "19-كوفيد", "2014-2015" or "3-4".
PARAGRAPH_NUMBER = re.compile(r"(?<![\d/,.])- (\d{1,3})(?![\d,/-])")
# "( 1ك" or "(1ك": the font prints ")" as "(" and "(" as "ك", and the digits run the other way.
NOTE_MARKER = re.compile(r"\( ?(\d{1,2}) ?ك")
# "كأ(" = "(أ)", a word of its own.
SUBITEM_LABEL = re.compile(r"(?<!\S)ك(أ|ب|ج|د|هـ|ه|و|ز|ح|ط|ي|ك|ل)\((?!\S)")
# Lines left as extracted: footnote separators, the running head and footer, repeated link
# targets, and the contents list with its dot leaders (the parser drops them all).
FURNITURE = re.compile(r"^(?:_{5,}|A/\d+/\d+|\d{2}-\d{5} +\d+/\d+|https?://[\x21-\x7e]+|.*(?:و ){5,}.*)$")
ARABIC = "\u0621-\u064a" + TATWEEL
# The body font prints لآ as "." ('ا.خرين' = الآخرين) and an isolated غ as "،": inside a run
# both are letters.
ARABIC_RUN = re.compile(f"[{ARABIC}](?:[{ARABIC}.،\\s؛:“”/\\-]*[{ARABIC}.،؛:“”])?")
WORD_PUNCTUATION = {"ي": "،", "و": "."}


# --- 1. chunks and their order -----------------------------------------------------------------

@dataclass(frozen=True)
class Chunk:
    """A piece of a raw line the extraction wrote as one unit."""

    kind: str          # "arabic", "ltr" (Latin or digits), "number", "marker", "label"
    text: str          # as extracted (tatweel kept), or the number / letter for structural tokens
    position: int      # index in the raw line's chunk list


def split_chunks(raw: str, cuts: frozenset[int] = frozenset(),
                 turns: tuple[tuple[int, int], ...] = ()) -> list[Chunk]:
    """The raw line's chunks in the order the extraction wrote them.

    `cuts` are the indexes (counted over the line, see `search_space`) of the places inside
    Arabic runs where a chunk may end (a kashida at the end or start of a word); `turns` are
    (run, k): an invisible chunk end inside the run before its k-th word. A lam-alef word
    always stands in a chunk of its own (the extraction wrote the ligature as a separate unit).

    >>> [c.text for c in split_chunks('شكل الأمين لتقـديم ي 2018في تموز/يوليـ   - 1')]
    ['شكل الأمين لتقـديم', 'ي', '2018', 'في تموز/يوليـ', '1']
    """
    chunks: list[tuple[str, str]] = []
    cut_index = 0
    run_index = 0
    turned = dict(turns)
    for kind, text in line_pieces(raw):
        if kind != "arabic":
            chunks.append((kind, text))
            continue
        hidden = turned.get(run_index)      # an invisible chunk end inside the run, before word k
        run_index += 1
        words = text.split()
        start = 0
        for index in range(1, len(words)):
            if index == hidden or is_lam_alef(words[index - 1]) or is_lam_alef(words[index]):
                chunks.append((kind, " ".join(words[start:index])))
                start = index
            elif is_possible_cut(words[index - 1], words[index]):
                if cut_index in cuts:
                    chunks.append((kind, " ".join(words[start:index])))
                    start = index
                cut_index += 1
        chunks.append((kind, " ".join(words[start:])))
    return [Chunk(kind, text, index) for index, (kind, text) in enumerate(chunks)]


def line_pieces(raw: str) -> list[tuple[str, str]]:
    """Structural tokens, Arabic runs and Latin/digit runs, in raw order."""
    pieces: list[tuple[str, str]] = []
    position = 0
    for start, end, kind, value in structural_tokens(raw):
        pieces += split_runs(raw[position:start])
        pieces.append((kind, value))
        position = end
    pieces += split_runs(raw[position:])
    return separate_number_punctuation(unglue_chunks(pieces))


def unglue_chunks(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Two chunks written with no space between them ('التنميا المستدامايمن أجل' = 'التنمية
    المستدامة،' + 'من أجل'): a token that no word explains but that two words do is cut there,
    and the cut ends a chunk."""
    out: list[tuple[str, str]] = []
    for kind, text in pieces:
        if kind != "arabic":
            out.append((kind, text))
            continue
        words = text.split()
        start = 0
        for index, word in enumerate(words):
            cut = glue_point(word.replace(TATWEEL, ""))
            if cut:
                out.append((kind, " ".join(words[start:index] + [word.replace(TATWEEL, "")[:cut]])))
                words[index] = word.replace(TATWEEL, "")[cut:]
                start = index
        out.append((kind, " ".join(words[start:])))
    return out


@lru_cache(maxsize=8192)
def glue_point(token: str) -> int:
    """Where a token is two readable words glued together (0: it is not)."""
    index = damaged_index(BODY)
    if len(token) < 5 or readable(token, index):
        return 0
    cuts = [cut for cut in range(2, len(token) - 1)
            if readable(token[:cut], index) and readable(token[cut:], index)]
    # A chunk usually ends with its comma or period ('المستداماي' | 'من', not 'المستداما' | 'يمن').
    punctuated = [cut for cut in cuts if token[cut - 1] in WORD_PUNCTUATION]
    return (punctuated or cuts or [0])[0]


def readable(token: str, index: dict) -> bool:
    core = token[:-1] if token[-1:] in WORD_PUNCTUATION and len(token) > 2 else token
    return any(key in index for key in (token, token + LOST, core, core + LOST))


def separate_number_punctuation(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A comma standing alone at the end of an Arabic run, right before a number, belongs to the
    number ('لتقديم ي 2018' is '2018، ... لتقديم'): a chunk of its own. (A period there ends
    the line: 'والمنظما و   300' is '300 من الكيانات والمنظمات.')"""
    out: list[tuple[str, str]] = []
    for index, (kind, text) in enumerate(pieces):
        following = pieces[index + 1][0] if index + 1 < len(pieces) else None
        words = text.split()
        if kind == "arabic" and following in ("ltr", "marker") and len(words) > 1 and words[-1] == "ي" \
                and re.match(r"\d", pieces[index + 1][1]):
            out += [(kind, text[:text.rstrip().rfind(words[-1])]), (kind, words[-1])]
        else:
            out.append((kind, text))
    return out


def is_lam_alef(word: str) -> bool:
    """'لا' or 'ولا' standing alone: the font's isolated lam-alef is written as a chunk of its own
    ('يتعر    لا' is 'لا يتمتع ... يتعرض', l.134)."""
    return word.replace(TATWEEL, "") in ("لا", "ولا")


def search_space(raw: str) -> int:
    """How many places a chunk may end inside the line's Arabic runs (the `cuts` indexes)."""
    cuts = 0
    for kind, text in line_pieces(raw):
        if kind == "arabic":
            words = text.split()
            cuts += sum(1 for a, b in zip(words, words[1:])
                        if is_possible_cut(a, b) and not (is_lam_alef(a) or is_lam_alef(b)))
    return cuts


def is_possible_cut(before: str, after: str) -> bool:
    """A chunk may end after a word ending in kashida ('اســــ' | 'ويغير'), or before one
    starting with it ('عددهم' | 'ــا ميليندا'). Either may as well be a lost glyph inside a
    chunk ('نفســـــ ي' = نفسه،): the decoder decides. 'كوفيد' ends the chunk its '-19' follows
    ('أيضا على جائحة كوفيد' | 'حقوق الإنسان')."""
    return before.endswith(TATWEEL) or after.startswith(TATWEEL) or before.replace(TATWEEL, "") == "كوفيد"


def structural_tokens(raw: str) -> list[tuple[int, int, str, str]]:
    found = []
    for pattern, kind in ((NOTE_MARKER, "marker"), (SUBITEM_LABEL, "label"), (PARAGRAPH_NUMBER, "number")):
        found += [(m.start(), m.end(), kind, m.group(1)) for m in pattern.finditer(raw)]
    kept, end = [], -1
    for token in sorted(found):
        if token[0] >= end:
            kept.append(token)
            end = token[1]
    return kept


def split_runs(text: str) -> list[tuple[str, str]]:
    """Arabic runs and the Latin/digit runs between them. A lone 'و' glued to Latin text is
    the Arabic font's period ending it ('2016)و', 'وITU, ... 2019'): it goes after that text."""
    spans: list[tuple[str, int, int]] = []
    position = 0
    for match in ARABIC_RUN.finditer(text):
        if text[position:match.start()].strip():
            spans.append(("ltr", position, match.start()))
        spans.append(("arabic", match.start(), match.end()))
        position = match.end()
    if text[position:].strip():
        spans.append(("ltr", position, len(text)))
    spans = join_latin_references(spans, text)
    return glue_latin_periods([(kind, text[start:end].strip()) for kind, start, end in spans], text)


def join_latin_references(spans: list[tuple[str, int, int]], text: str) -> list[tuple[str, int, int]]:
    """Latin references joined by '؛ و' ('May 2010 ؛ وShirin Nilizadeh') are one left-to-right
    run: the extraction keeps their order."""
    joined = list(spans)
    index = 0
    while index + 2 < len(joined):
        first, middle, last = joined[index:index + 3]
        if first[0] == last[0] == "ltr" and middle[0] == "arabic" and \
                re.fullmatch(r"\s*[؛،]?\s*و?\s*", text[middle[1]:middle[2]]):
            joined[index:index + 3] = [("ltr", first[1], last[2])]
        else:
            index += 1
    return joined


def glue_latin_periods(runs: list[tuple[str, str]], text: str) -> list[tuple[str, str]]:
    """Only at the line's ends: inside a line 'وShirin' is the conjunction ('؛ وShirin ...')."""
    text = " ".join(text.split())
    if len(runs) >= 2 and runs[-1] == ("arabic", "و") and runs[-2][0] == "ltr" and \
            re.search(re.escape(runs[-2][1]) + " ?و$", text):
        runs = runs[:-2] + [("ltr", runs[-2][1] + ".")]
    if len(runs) >= 2 and runs[0] == ("arabic", "و") and runs[1][0] == "ltr" and \
            re.match("و ?" + re.escape(runs[1][1][:20]), text):
        runs = [("ltr", runs[1][1] + ".")] + runs[2:]
    return runs


def restore_run_order(chunks: list[Chunk]) -> list[Chunk]:
    """Reading order: the chunks reversed, the paragraph number or label first, and each
    chunk that ends inside a word (in kashida) followed by the chunk that completes it."""
    ordered = list(reversed(chunks))
    front = [c for c in ordered if c.kind in ("number", "label")]
    rest = [c for c in ordered if c.kind not in ("number", "label")]
    return front + follow_kashida(rest)


def follow_kashida(chunks: list[Chunk]) -> list[Chunk]:
    """Move the continuation of a word cut by kashida right after its first part.

    A chunk ending in tatweel ('ويغير اســــ') is followed by the nearest later chunk starting
    in tatweel; the reversal put them apart when the line also holds a number ('2024') or a
    marker."""
    result = list(chunks)
    index = 0
    while index < len(result) - 1:
        if ends_in_kashida(result[index]) and not starts_in_kashida(result[index + 1]):
            for later in range(index + 2, len(result)):
                if starts_in_kashida(result[later]):
                    result.insert(index + 1, result.pop(later))
                    break
        index += 1
    return result


def ends_in_kashida(chunk: Chunk) -> bool:
    return chunk.kind == "arabic" and chunk.text.rstrip().endswith(TATWEEL)


def starts_in_kashida(chunk: Chunk) -> bool:
    return chunk.kind == "arabic" and chunk.text.lstrip().startswith(TATWEEL)


# --- 2. decoding Arabic against the lexicon ------------------------------------------------------

@dataclass(frozen=True)
class Token:
    """A whitespace-separated piece of an Arabic run, tatweel removed."""

    text: str
    open_before: bool      # the raw piece began with kashida: a word may continue into it
    open_after: bool       # the raw piece ended with kashida
    gap_before: int        # spaces before it in the ordered line (0: glued; -1: a new chunk)
    mark: bool = False     # a punctuation mark ('/', ':', '؛', quotes): kept, never part of a word


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str              # "word", "punctuation", "unknown", "raw" (non-Arabic, kept), ...
    span: tuple[int, int] | None = None   # the tokens it was read from


MARK = re.compile(r"[/:؛“”\-]")


def tokens(text: str, new_chunk: bool) -> list[Token]:
    """The run's whitespace-separated pieces; a punctuation mark inside one ('تموز/يوليـ',
    '”ع') is a token of its own, glued to its neighbours."""
    found: list[Token] = []
    for match in re.finditer(r"(\s*)(\S+)", text):
        raw = match.group(2)
        gap = -1 if new_chunk and not found else len(match.group(1))
        for part in re.split(f"({MARK.pattern})", raw):
            core = part.replace(TATWEEL, "")
            if not core:
                continue
            found.append(Token(core, part.startswith(TATWEEL), part.endswith(TATWEEL), gap, bool(MARK.fullmatch(core))))
            gap = 0
    return found


@lru_cache(maxsize=2)
def damaged_index(font: str) -> dict[str, tuple[str, ...]]:
    """The lexicon indexed by what the broken font shows for each word."""
    index: dict[str, list[str]] = {}
    for word in sorted(set(clean_counts()[0]) | hunspell_words()):
        if len(word) < 2:
            continue    # a lone letter is a fragment of a word, never a reading of one
        index.setdefault(damage_word(word, font), []).append(word)
    return {shown: tuple(words) for shown, words in index.items()}


def load_models() -> None:
    """Build the lexicon indexes and the letter model now. A build does this before its worker
    processes fork, so that they inherit them instead of each building them again (about a third of
    a second each)."""
    for font in (BODY, HEADING):
        damaged_index(font)
    letter_model()
    first_words()


def word_cost(word: str) -> float:
    """Words of the clean UN texts are cheap, the more frequent the cheaper. A hunspell-only word
    costs more, and more again the less its letters look like the clean texts' words: among the
    readings of 'الراهنا', 'الراهنة' has the ending UN Arabic writes after the article."""
    count = clean_counts()[0].get(word, 0)
    if count:
        return 3.0 - 0.7 * math.log(1 + count)
    return 4.5 + 0.6 * letter_cost(word) + (2.5 if DEFINITE_ACCUSATIVE.match(word) else 0.0)


# A word with the article does not take the accusative alif ('الرقميا' is 'الرقمية' damaged);
# plurals in -ايا ('القضايا') end in alif by themselves.
DEFINITE_ACCUSATIVE = re.compile(r"^(?:[وفبك]?ال|و?لل|وبال).*(?<!ا)[^ا]ا$")


@lru_cache(maxsize=1)
def letter_model() -> tuple[dict[str, int], dict[str, int]]:
    """Letter trigram and bigram counts of the clean texts' words ('^' and '$' mark the ends)."""
    trigrams: dict[str, int] = {}
    bigrams: dict[str, int] = {}
    for word, count in clean_counts()[0].items():
        padded = f"^^{word}$"
        for index in range(len(padded) - 2):
            trigrams[padded[index:index + 3]] = trigrams.get(padded[index:index + 3], 0) + count
            bigrams[padded[index:index + 2]] = bigrams.get(padded[index:index + 2], 0) + count
    return trigrams, bigrams


@lru_cache(maxsize=None)
def letter_cost(word: str) -> float:
    """Mean surprise per letter of `word` under the letter model (add-one smoothed)."""
    trigrams, bigrams = letter_model()
    padded = f"^^{word}$"
    total = 0.0
    for index in range(len(padded) - 2):
        total -= math.log((trigrams.get(padded[index:index + 3], 0) + 1) / (bigrams.get(padded[index:index + 2], 0) + 40))
    return total / (len(padded) - 2)


UNKNOWN_COST = 13.0
MAX_SPAN = 4


def decode(toks: list[Token], font: str = BODY, overrides: tuple[tuple[str, str], ...] = ()
           ) -> tuple[list[Piece], float]:
    """The cheapest reading of a run of tokens: a path through the word lattice. A reviewed
    reading of a span (`overrides`: its words as extracted, their reading) is taken wherever
    those words stand in the run."""
    pieces, cost = cached_decode(tuple(toks), font, overrides)
    return list(pieces), cost


BEAM = 6


@lru_cache(maxsize=20000)
def cached_decode(toks: tuple[Token, ...], font: str, overrides: tuple[tuple[str, str], ...] = ()
                  ) -> tuple[tuple[Piece, ...], float]:
    """Viterbi over the word lattice; a state is the last word read (for the word-pair costs),
    and only the BEAM cheapest states are kept at each token."""
    bigrams = clean_counts()[1]
    firsts = first_words()
    best: list[dict[str | None, tuple[float, tuple | None]]] = [dict() for _ in range(len(toks) + 1)]
    best[0][None] = (0.0, None)
    for start in range(len(toks)):
        states = sorted(best[start].items(), key=lambda item: item[1][0])[:BEAM]
        for end in range(start + 1, len(toks) + 1):
            if end - start > MAX_SPAN:
                arcs = override_arcs(toks[start:end], overrides)
                if not arcs:
                    continue
            else:
                arcs = word_arcs(toks[start:end], font) + override_arcs(toks[start:end], overrides)
            for last, (cost, _) in states:
                pairs = last in firsts
                for word, arc_cost, pieces in arcs:
                    total = cost + arc_cost
                    if pairs and word:
                        count = bigrams.get((last, word), 0)
                        if count:
                            total -= 1.2 * math.log(1 + count)
                    state = word if word else last
                    held = best[end].get(state)
                    if held is None or held[0] > total:
                        best[end][state] = (total, (start, last, pieces))
    state, (total, _) = min(best[-1].items(), key=lambda item: item[1][0])
    pieces: list[Piece] = []
    position = len(toks)
    while position > 0:
        _, (start, last, arc_pieces) = best[position][state]
        pieces[:0] = [replace(p, span=(p.span[0] + start, p.span[1] + start)) if p.span else p for p in arc_pieces]
        position, state = start, last
    return tuple(pieces), total


REVIEWED_COST = -50.0


def override_arcs(span: tuple[Token, ...], overrides: tuple[tuple[str, str], ...]
                  ) -> list[tuple[str | None, float, list[Piece]]]:
    """A reviewed reading of exactly these tokens, taken at a cost no rule can beat."""
    words = " ".join(t.text for t in span)
    return [(None, REVIEWED_COST, [Piece(reading, "word", (0, len(span)))])
            for raw, reading in overrides if raw.replace(TATWEEL, "") == words]


@lru_cache(maxsize=1)
def first_words() -> frozenset[str]:
    return frozenset(first for first, _ in clean_counts()[1])


@lru_cache(maxsize=50000)
def word_arcs(span: tuple[Token, ...], font: str) -> list[tuple[str | None, float, list[Piece]]]:
    """Every reading of the tokens of `span` as one word (with a trailing comma or period), or a
    lone punctuation token, or (one token only) an unknown word kept as extracted."""
    index = damaged_index(font)
    start, end = 0, len(span)
    arcs: list[tuple[str | None, float, list[Piece]]] = []
    if any(t.mark for t in span):
        if len(span) > 1:
            return []
        # A quote glued to the word before it closes; one standing before a word opens.
        kind = "mark" if span[0].text not in "“”" else ("close" if span[0].gap_before == 0 else "open")
        return [(None, 0.0, [Piece(span[0].text, kind, (start, end))])]
    if len(span) == 1 and span[0].text in WORD_PUNCTUATION:
        arcs.append((None, 0.4, [Piece(WORD_PUNCTUATION[span[0].text], "punctuation", (start, end))]))
    joins = [join_options(before, after) for before, after in zip(span, span[1:])]
    last = span[-1].text
    tails = [(last, None)]
    if len(last) > 1 and last[-1] in WORD_PUNCTUATION:
        tails.append((last[:-1], WORD_PUNCTUATION[last[-1]]))
    for chosen in product(*joins):
        head = "".join(t.text + sep for t, sep in zip(span, chosen))
        glued = sum(1 for sep in chosen if sep == "")
        for tail, punctuation in tails:
            for lead, trail in edge_gaps(span, punctuation):
                for word in index.get(lead + head + tail + trail, ()):
                    cost = (word_cost(word) + 1.0 * bool(lead) + 0.5 * bool(trail) + 0.6 * glued
                            + (0.3 if punctuation else 0.0))
                    pieces = [Piece(word, "word", (start, end))]
                    if punctuation:
                        pieces.append(Piece(punctuation, "punctuation"))
                    arcs.append((word, cost, pieces))
    if len(span) == 1:
        arcs.append((None, UNKNOWN_COST, [Piece(span[0].text, "unknown", (start, end))]))
    return arcs


def join_options(before: Token, after: Token) -> tuple[str, ...]:
    """Between two tokens of one word stand one or two lost glyphs ('إ  ق' = إغلاق), or nothing
    when a chunk or kashida break (not a glyph) cut the word."""
    options = [LOST]
    if after.gap_before >= 2:
        options.append(LOST * 2)
    if before.open_after or after.open_before or after.gap_before <= 0:
        options.append("")
    return tuple(options)


def edge_gaps(span: list[Token], punctuation: str | None) -> list[tuple[str, str]]:
    """Lost glyphs a word may begin or end with (the raw text shows only the space). Not after
    a comma or period glued to the word: that glyph stood right after the last one shown."""
    leads = ["", LOST] + ([LOST * 2] if span[0].gap_before >= 2 else [])
    trails = [""] if punctuation else ["", LOST]
    return [(lead, trail) for lead in leads for trail in trails]


# --- putting a line together ---------------------------------------------------------------------

@dataclass
class LineReading:
    ordered: str                       # the raw line's chunks in reading order, tatweel kept
    pieces: list[Piece] = field(default_factory=list)
    cost: float = 0.0
    font: str = BODY

    @property
    def text(self) -> str:
        return render(self.pieces)

    @property
    def unknown(self) -> int:
        return sum(1 for p in self.pieces if p.kind == "unknown")


def read_line(raw: str, font: str = BODY, cuts: frozenset[int] = frozenset(),
              overrides: tuple[tuple[str, str], ...] = (),
              turns: tuple[tuple[int, int], ...] = ()) -> LineReading:
    ordered = restore_run_order(split_chunks(raw, cuts, turns))
    reading = LineReading(ordered_text(ordered), font=font)
    buffer: list[Chunk] = []

    def flush() -> None:
        toks: list[Token] = []
        for chunk in buffer:
            toks += tokens(chunk.text, new_chunk=bool(toks))
        if toks:
            pieces, cost = decode(toks, font, overrides)
            reading.pieces += pieces
            reading.cost += cost
        buffer.clear()

    for chunk in ordered:
        if chunk.kind == "arabic":
            buffer.append(chunk)
            continue
        flush()
        pieces = structural_pieces(chunk)
        if pieces[0].kind == "suffix" and reading.pieces and reading.pieces[-1].text in ("كوفيد", "⟦كوفيد⟧"):
            reading.cost -= 3.0      # 'كوفيد-19' is read together
        reading.pieces += pieces
    flush()
    return reading


def structural_pieces(chunk: Chunk) -> list[Piece]:
    """A number's dash came out after it: '19-' after 'كوفيد' is 'كوفيد-19'."""
    if chunk.kind == "number":
        return [Piece(f"{chunk.text} -", "number")]
    if chunk.kind in ("label", "marker"):
        return [Piece(f"({chunk.text})", chunk.kind)]
    if re.fullmatch(r"\d+-", chunk.text):
        return [Piece("-" + chunk.text[:-1], "suffix")]
    return [Piece(leading_neutral_last(chunk.text), "raw")]


def leading_neutral_last(text: str) -> str:
    """A comma or dash that ended a left-to-right run comes out at its start: ',Jackie Wang, ...
    (South Pasadena' is 'Jackie Wang, ... (South Pasadena,'.

    >>> leading_neutral_last('– Patrick Grother, Face Recognition Vendor Test (FRVT): Part 3')
    'Patrick Grother, Face Recognition Vendor Test (FRVT): Part 3 –'
    """
    match = re.match(r"([,–])\s*(?=[A-Za-z])", text)
    if not match:
        return text
    rest = text[match.end():]
    return rest + match.group(1) if match.group(1) == "," else f"{rest} {match.group(1)}"


def ordered_text(chunks: list[Chunk]) -> str:
    parts = []
    for chunk in chunks:
        if chunk.kind == "number":
            parts.append(f"- {chunk.text}")
        elif chunk.kind == "marker":
            parts.append(f"( {chunk.text}ك")
        elif chunk.kind == "label":
            parts.append(f"ك{chunk.text}(")
        else:
            parts.append(chunk.text.strip())
    return " ".join(parts)


def render(pieces: list[Piece]) -> str:
    """Words with single spaces; punctuation and footnote markers stick to the word before, a
    slash or a hyphen to both neighbours, an opening quote to the word after."""
    out = ""
    glue_next = False
    for piece in pieces:
        attaches = piece.kind in ("punctuation", "marker", "suffix", "mark", "close")
        if glue_next or (attaches and out and not out.endswith(" -")):
            out += piece.text
            glue_next = piece.kind == "mark" and piece.text in "/-"
            continue
        glue_next = piece.kind == "open" or (piece.kind == "mark" and piece.text in "/-")
        if piece.kind == "unknown":
            out += (" " if out else "") + UNCERTAIN_OPEN + piece.text + UNCERTAIN_CLOSE
        else:
            out += (" " if out else "") + piece.text
    return out


# --- 3. reviewed corrections ----------------------------------------------------------------------

@dataclass(frozen=True)
class Correction:
    """A reviewed reading of a raw line, or of a span of it (`raw`, its words as extracted)."""

    line: int
    reading: str
    raw: str | None = None     # None: the whole line
    font: str = BODY
    entry: int = 0             # where the entry stands in the corrections file
    where: str = f"seeds/corrections/{CORRECTIONS.name}"    # the corrections file, for messages


FIELDS = {"line", "reading", "raw", "font", "reason"}


def load_corrections(path: Path = CORRECTIONS) -> list[Correction]:
    """The `corrections:` list of the file; every malformed entry reported with its file line."""
    if not path.exists():
        return []
    where = f"seeds/corrections/{path.name}"
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise BuildError([Problem(where, mark.line + 1 if mark else None, f"not valid YAML: {error}")]) from None
    if root is None:
        return []
    entries = next((value.value for key, value in root.value if key.value == "corrections"), []) \
        if isinstance(root, yaml.MappingNode) else None
    if not isinstance(entries, list):
        raise BuildError([Problem(where, root.start_mark.line + 1, "expected a mapping with a 'corrections' list")])
    corrections, problems = [], []
    for node in entries:
        at = node.start_mark.line + 1
        values = {k.value: v.value for k, v in node.value} if isinstance(node, yaml.MappingNode) else {}
        unknown = sorted(set(values) - FIELDS)
        if not str(values.get("line", "")).isdigit() or not str(values.get("reading", "")).strip() or unknown:
            problems.append(Problem(where, at, "a correction needs a line number and a reading"
                                    + (f"; unknown fields {', '.join(unknown)}" if unknown else "")))
            continue
        font = values.get("font", BODY)
        if font not in (BODY, HEADING):
            problems.append(Problem(where, at, f"font must be {BODY} or {HEADING}, not {font!r}"))
            continue
        corrections.append(Correction(int(values["line"]), values["reading"].strip(), values.get("raw"), font, at,
                                      where))
    if problems:
        raise BuildError(problems)
    return corrections


def check_corrections(corrections: list[Correction], raw_lines: tuple[str, ...], where: str) -> None:
    """A correction whose damaged form is not what the raw text shows is rejected."""
    problems = []
    for correction in corrections:
        if not 1 <= correction.line <= len(raw_lines):
            problems.append(Problem(where, correction.entry, f"line {correction.line} is not in the text"))
            continue
        raw = raw_lines[correction.line - 1]
        target = raw if correction.raw is None else correction.raw
        if correction.raw is not None and plain(correction.raw) not in plain(raw):
            problems.append(Problem(where, correction.entry,
                                    f"span {correction.raw!r} is not in line {correction.line}"))
        elif not forward_matches(correction.reading, target, correction.font):
            problems.append(Problem(where, correction.entry,
                                    f"the reading {correction.reading!r} damaged gives "
                                    f"{damage(correction.reading, correction.font)!r}, not what line "
                                    f"{correction.line} shows: {target.strip()!r}"))
    if problems:
        raise BuildError(problems)


# --- the entry point --------------------------------------------------------------------------------

def repair_lines(lines: tuple[str, ...], corrections: list[Correction] | None = None
                 ) -> tuple[tuple[str, ...], tuple[Repair, ...]]:
    """Repaired lines (as many as given) and the record of every change.

    The result depends on the lines and the corrections only, so it is computed once per process
    (a build and a test session each ask for it several times)."""
    if corrections is None:
        corrections = load_corrections()
    return repair_all(tuple(lines), tuple(corrections))


@lru_cache(maxsize=4)
def repair_all(lines: tuple[str, ...], corrections: tuple[Correction, ...]
               ) -> tuple[tuple[str, ...], tuple[Repair, ...]]:
    check_corrections(list(corrections), lines, corrections[0].where if corrections else "")
    by_line: dict[int, list[Correction]] = {}
    for correction in corrections:
        by_line.setdefault(correction.line, []).append(correction)
    out: list[str] = []
    repairs: list[Repair] = []
    for number, raw in enumerate(lines, start=1):
        text, steps = repair_line(raw, by_line.get(number, []))
        out.append(text)
        repairs += [Repair(fixer, number, before, after) for fixer, before, after in steps]
    return tuple(out), tuple(repairs)


def repair_line(raw: str, corrections: list[Correction]) -> tuple[str, list[tuple[str, str, str]]]:
    """One line through the rules, then its reviewed corrections; (text, [(fixer, before, after)]).

    A correction of the whole line replaces what the rules read; a correction of a span (its
    words as extracted) makes the rules read those words so."""
    steps: list[tuple[str, str, str]] = []
    if not raw.strip() or FURNITURE.match(raw.strip()):
        return raw, steps
    untatweeled = re.sub(f"{TATWEEL}+", "", raw)
    whole = next((c for c in corrections if c.raw is None), None)
    if whole is not None:
        # The reviewed reading of the whole line stands for every rule: they are not run.
        add_step(steps, "drop_tatweel", raw, untatweeled)
        add_step(steps, "apply_reviewed_correction", untatweeled, whole.reading)
        return whole.reading, steps
    reading = best_reading(raw)
    ordered = re.sub(f"{TATWEEL}+", "", reading.ordered)
    add_step(steps, "drop_tatweel", raw, untatweeled)
    add_step(steps, "restore_run_order", untatweeled, ordered)
    add_step(steps, "map_broken_font_glyphs", ordered, reading.text)
    current = reading.text
    spans = tuple((plain(c.raw), c.reading) for c in corrections if c.raw is not None)
    corrected = best_reading(raw, spans).text if spans else current
    add_step(steps, "apply_reviewed_correction", current, corrected)
    return corrected, steps


def add_step(steps: list[tuple[str, str, str]], fixer: str, before: str, after: str) -> None:
    if before != after:
        steps.append((fixer, before, after))


@lru_cache(maxsize=1 << 16)     # a line's reading depends on the line alone: versions of a report share most lines
def best_reading(raw: str, overrides: tuple[tuple[str, str], ...] = ()) -> LineReading:
    """Body font, unless a short line reads better in the heading font. `overrides` are reviewed
    readings of spans of the line: (its words as extracted, their reading)."""
    body = best_chunking(raw, BODY, overrides)
    if len(raw.strip()) > 100:
        return body
    heading = read_line(raw, HEADING)
    return heading if heading.cost + 2.0 < body.cost else body


def turn_candidates(raw: str) -> list[tuple[int, int]]:
    """(run, k) for the runs whose last word and first word make one word: two chunks of the run
    were written last-first with no visible break ('تاحا ... المجمعا الم' = 'الم' + 'تاحا'): a
    chunk may end before the run's k-th word."""
    index = damaged_index(BODY)
    found = []
    runs = [text for kind, text in line_pieces(raw) if kind == "arabic"]
    for number, text in enumerate(runs):
        words = [w.replace(TATWEEL, "") for w in text.split()]
        if len(words) < 3 or not words[0] or not words[-1]:
            continue
        if readable(words[-1] + words[0], index) or readable(words[-1] + LOST + words[0], index):
            found += [(number, k) for k in range(1, len(words))]
    return found


def best_chunking(raw: str, font: str, overrides: tuple[tuple[str, str], ...] = ()) -> LineReading:
    """Where the line's chunks end is not marked: start from a chunk end at every possible cut,
    try the one invisible turn that reads best (if it beats the plain reading by TURN_MARGIN),
    then undo or redo single cuts while that makes the line read better."""
    cut_count = search_space(raw)
    cuts = frozenset(range(cut_count))
    best = read_line(raw, font, cuts, overrides)
    turns: tuple[tuple[int, int], ...] = ()
    for turn in turn_candidates(raw):
        trial = read_line(raw, font, cuts, overrides, (turn,))
        if trial.cost < best.cost - TURN_MARGIN:
            best, turns = trial, (turn,)
    improved = True
    while improved:
        improved = False
        for cut in range(cut_count):
            trial = read_line(raw, font, cuts ^ {cut}, overrides, turns)
            if trial.cost < best.cost - 0.01:
                best, cuts, improved = trial, cuts ^ {cut}, True
    return best


# A turn must make the line's cost this much lower than reading it without one.
TURN_MARGIN = 2.0


def plain(text: str) -> str:
    """Words as extracted, tatweel out and spaces collapsed: how a correction's span is matched."""
    return " ".join(text.replace(TATWEEL, "").split())
