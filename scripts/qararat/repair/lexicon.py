"""The Arabic lexicon the broken-font repair reads candidate words against.

Two sources, both shipped under `data/` so a build needs nothing outside the package:

- `clean-words.tsv` and `clean-bigrams.tsv`: every word (with its count) and every pair of
  neighbouring words in the four texts of the corpus that are not font-damaged. UN Arabic is
  repetitive, so these counts are what ranks one reading above another ("في المائة", "أصحاب
  المصلحة"). Regenerate with `python -m qararat.repair.lexicon clean`.
- `hunspell-ar.txt`: the words of Debian's Arabic hunspell dictionary (hunspell-ar 3.2, from
  Ayaspell, GPL 2.0 / LGPL 2.1 / MPL 1.1; see `data/hunspell-ar.LICENSE`) that are readings of
  some damaged word of A/74/821: every reading the forward model offers for the raw text was
  asked of hunspell and the accepted ones are listed. The dictionary is a generator (stems and
  affix rules), not a list, so this is the part of it the repair can ever ask about.
  Regenerate with `python -m qararat.repair.lexicon hunspell` (needs `apt-get install hunspell
  hunspell-ar`).
"""
from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")
CLEAN_WORDS = DATA / "clean-words.tsv"
CLEAN_BIGRAMS = DATA / "clean-bigrams.tsv"
HUNSPELL_WORDS = DATA / "hunspell-ar.txt"
CLEAN_SEEDS = ("a-res-80-173", "a-res-67-195", "itu-cwg-wsis-sdg-2024", "tunis-wsis20-declaration")

HARAKAT = re.compile("[\u064b-\u0652\u0670\u0640]")
WORD = re.compile(r"[\u0621-\u064a]+")
# Misspellings of these texts that must not pass for words (STRUCTURE.md lists them).
NOT_WORDS = frozenset({"الإنترنط", "الإنترنست", "للجتماع", "التعاوه"})


def normalise(text: str) -> str:
    """Harakat and tatweel out, Persian yeh and heh doachashmee to their Arabic letters."""
    return HARAKAT.sub("", text).replace("\u06cc", "ي").replace("\u06be", "ه")


def text_words(text: str) -> list[str | None]:
    """The Arabic words of a text in order; None stands for anything that breaks a phrase
    (punctuation, digits, Latin, a word glued to foreign letters such as 'الإنترن特')."""
    words: list[str | None] = []
    for token in normalise(text).split():
        found = WORD.findall(token)
        clean = len(found) == 1 and WORD.fullmatch(token.strip(".,،؛:()[]«»“”\"'!?-*")) is not None
        if not clean or found[0] in NOT_WORDS:
            words.append(None)
            continue
        words.append(found[0])
        if token[-1:] in ".,،؛:)]”\"":
            words.append(None)
    return words


def count_clean(texts: list[str]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    for text in texts:
        words = text_words(text)
        unigrams.update(w for w in words if w)
        bigrams.update((a, b) for a, b in zip(words, words[1:]) if a and b)
    return unigrams, bigrams


@lru_cache(maxsize=1)
def clean_counts() -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    unigrams = {w: int(n) for w, n in (line.split("\t") for line in read_lines(CLEAN_WORDS))}
    bigrams = {}
    for line in read_lines(CLEAN_BIGRAMS):
        first, second, count = line.split("\t")
        bigrams[(first, second)] = int(count)
    return unigrams, bigrams


@lru_cache(maxsize=1)
def hunspell_words() -> frozenset[str]:
    return frozenset(read_lines(HUNSPELL_WORDS))


@lru_cache(maxsize=1)
def load_lexicon() -> frozenset[str]:
    """Every word the repair accepts as Arabic: the clean texts' words and the hunspell list."""
    return frozenset(clean_counts()[0]) | hunspell_words()


def read_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


# --- regenerating the data files (developer commands, not run by the build) -------------------

def write_clean(seed_dir: Path) -> None:
    texts = [(seed_dir / f"{slug}.txt").read_text(encoding="utf-8") for slug in CLEAN_SEEDS]
    unigrams, bigrams = count_clean(texts)
    CLEAN_WORDS.write_text("".join(f"{w}\t{n}\n" for w, n in sorted(unigrams.items())), encoding="utf-8")
    CLEAN_BIGRAMS.write_text("".join(f"{a}\t{b}\t{n}\n" for (a, b), n in sorted(bigrams.items())),
                             encoding="utf-8")


def write_hunspell(candidates: set[str]) -> None:
    """Ask hunspell which candidates are words (`hunspell -G` echoes the correct ones)."""
    result = subprocess.run(["hunspell", "-d", "ar", "-G"], input="\n".join(sorted(candidates)),
                            capture_output=True, text=True, check=True)
    accepted = sorted(set(result.stdout.split()))
    header = "# Words of hunspell-ar 3.2 (Ayaspell; GPL 2.0 / LGPL 2.1 / MPL 1.1) that are readings of A/74/821\n"
    HUNSPELL_WORDS.write_text(header + "".join(f"{w}\n" for w in accepted), encoding="utf-8")


def document_candidates(raw_text: str, limit: int = 3000, budget: int = 5000) -> set[str]:
    """Every reading the forward model offers for the damaged words of a raw text: each word,
    each pair and triple of neighbours joined (a lost glyph may have split a word), each with a
    lost glyph allowed at its ends and joints, run backwards through the body font."""
    from multiprocessing import Pool

    from .forward import LOST, TATWEEL

    keys: set[str] = set()
    for line in raw_text.split("\n"):
        words = re.findall(r"[\u0621-\u064a.،]+", line.replace(TATWEEL, ""))
        # A final ي or و may be a comma or a period, not a letter.
        bases = [{w} | ({w[:-1]} if len(w) > 1 and w[-1] in "يو" else set()) for w in words]
        for i, word in enumerate(words):
            keys.update(pre + base + suf for base in bases[i] for pre in ("", LOST) for suf in ("", LOST))
            for j in (i - 1, i + 1):
                if 0 <= j < len(words):
                    keys.update(pre + word + mid + base + suf for base in bases[j]
                                for pre in ("", LOST) for mid in ("", LOST) for suf in ("", LOST))
            if i + 2 < len(words):
                keys.update(pre + word + LOST + words[i + 1] + LOST + base + suf for base in bases[i + 2]
                            for pre in ("", LOST) for suf in ("", LOST))
    keys = {k for k in keys if len(k.replace(LOST, "")) <= 14 and k.strip(LOST).count(LOST) <= 2}
    candidates: set[str] = set()
    with Pool() as pool:
        for found in pool.imap_unordered(_readings, sorted(keys), chunksize=500):
            candidates.update(found)
    return candidates


def _readings(damaged: str) -> tuple[str, ...]:
    from .forward import BODY, readings
    return tuple(readings(damaged, BODY, limit=3000, budget=5000))


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[3]
    if sys.argv[1:] == ["clean"]:
        write_clean(root / "seeds")
    elif sys.argv[1:] == ["hunspell"]:
        write_hunspell(document_candidates((root / "seeds" / "a-74-821.txt").read_text(encoding="utf-8")))
    else:
        sys.exit("usage: python -m qararat.repair.lexicon clean|hunspell")
