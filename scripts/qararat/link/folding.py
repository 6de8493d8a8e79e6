"""Folding Arabic text for matching, with a map back to the text as written.

Recognisers match on a folded copy (no tatweel or harakat, one alef, one yeh, Western digits,
single spaces) so that `١٩٥/٦٧` and `195/67`, `إعلان` and `اعلان`, `المعنى` and `المعني` match
alike; every match is then cut out of the original text, which is never rewritten.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_DROP = {"\u0640"} | {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670"} \
    | {chr(c) for c in range(0x200B, 0x2010)} | {chr(c) for c in range(0x2066, 0x206A)}
_MAP = str.maketrans({
    **{d: str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")},
    **{d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ھ": "ه",
    "\u00a0": " ", "\t": " ", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "，": "،",
})

# one lookup per character: what it folds to ("" when it is dropped)
_FOLDED = {char: "" for char in _DROP} | {chr(code): value for code, value in _MAP.items()}
# The same as replacements, each made only where its character stands. str.translate looks every
# character of an Arabic text up in a dict; a search for each of these few characters is several times
# faster, and no replacement makes a character another one replaces.
_FOLDING = tuple(_FOLDED.items())
_MARKING = tuple((char, "\x00" if not value else value) for char, value in _FOLDING)
# What `fold` leaves out: dropped characters, and a run of spaces after its first space (the first
# is kept unless what is kept before it already ends with a space).
_GAPS = re.compile(r"\x00+| [ \x00]+")


@dataclass(frozen=True)
class Folded:
    """A folded text and, for each of its characters, where it stands in the original."""

    text: str
    positions: Sequence[int]

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) of the folded slice [start, end)."""
        return self.positions[start], self.positions[end - 1] + 1


def fold(text: str) -> Folded:
    """Fold `text`; runs of spaces become one space.

    >>> fold("قرارها ١٢٥/٧٠").text
    'قرارها 125/70'
    >>> fold("إعلان  مبادئ").text
    'اعلان مبادئ'
    """
    quick = replace_all(text, _FOLDING)
    if len(quick) == len(text) and "  " not in quick:     # nothing dropped: positions are the identity
        return Folded(quick, range(len(text)))
    if "\x00" in text:                                     # the mark below would be ambiguous
        return _fold_by_character(text)
    # Each character folds to one character or none, so what is kept is runs of the original; the runs
    # are found by a pattern over the text with every dropped character marked, not character by character.
    marked = replace_all(text, _MARKING)
    out: list[str] = []
    positions: list[int] = []
    kept_from = 0
    for gap in _GAPS.finditer(marked):
        start = gap.start() + (gap.group().startswith(" ") and not _ends_with_space(out, kept_from, gap.start()))
        out.append(marked[kept_from:start])
        positions.extend(range(kept_from, start))
        kept_from = gap.end()
    out.append(marked[kept_from:])
    positions.extend(range(kept_from, len(text)))
    return Folded("".join(out), positions)


def replace_all(text: str, replacements: tuple[tuple[str, str], ...]) -> str:
    for char, value in replacements:
        if char in text:
            text = text.replace(char, value)
    return text


def _fold_by_character(text: str) -> Folded:
    out: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        folded = _FOLDED.get(char, char)
        if not folded or (folded == " " and out and out[-1] == " "):
            continue
        out.append(folded)
        positions.append(index)
    return Folded("".join(out), positions)


def _ends_with_space(out: list[str], kept_from: int, start: int) -> bool:
    """Whether what is kept before a run of spaces (and dropped characters) already ends with a space."""
    if start > kept_from:
        return False
    return any(out) and next(piece for piece in reversed(out) if piece).endswith(" ")


def fold_words(text: str) -> str:
    """A literal phrase folded the same way, for use in patterns."""
    return fold(text).text


def phrase(text: str) -> str:
    """A regex matching the folded phrase, with any run of spaces where it has one."""
    return r"\s+".join(re.escape(word) for word in fold_words(text).split(" "))
