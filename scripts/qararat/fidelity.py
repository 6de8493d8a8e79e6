"""The fidelity report: per document, what the repair stage changed and what is still doubtful.

    words           words of the displayed text (title lines, units, footnotes)
    by fixer        words each generic or broken-font fixer changed
    corrected       words changed by reviewed corrections
    unknown         displayed words the lexicon does not know
    uncertain       words left as they are and listed as doubtful, plus spans marked uncertain
    check failed    units flagged "forward-check-failed"
    residual        defects still in the displayed text, by kind (see DEFECTS)

The lexicon is `repair.lexicon.load_lexicon()` when that module exists; until then it is the
vocabulary of the texts whose metadata calls them clean.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import import_module

from .model import Document, SpanKind
from .repair.corrections import is_correction

FORWARD_CHECK_FAILED = "forward-check-failed"
ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
WORD = re.compile(r"[^\s\d.,،؛:;!?؟()\[\]«»\"“”'‘’/\-–—]+")
SEPARATOR = re.compile(r"[ \t]+")  # as the repair record splits words: NBSP is inside a word
HARAKAT = re.compile("[\u064b-\u0652\u0640]")
PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")

# Residual defects, counted in the displayed text. The label "هـ" (the letter heh written
# alone) is the one legitimate use of tatweel; a Latin word after a one-letter Arabic clitic
# ("وA/RES/70/1") is Arabic grammar, not a defect.
TATWEEL = re.compile(r"(?<![\u0621-\u064a])(?:ه\u0640(?![\u0621-\u064a\u0640]))|(\u0640)")
LETTER_RUN = re.compile(f"[{ARABIC_LETTERS}\u064b-\u0652\u0640A-Za-z\u00c0-\u024f]+")
LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
ARABIC = re.compile(f"[{ARABIC_LETTERS}]")
CLITIC_BEFORE_LATIN = re.compile("[وبلكف][A-Za-z\u00c0-\u024f]+")


def count_tatweel(text: str) -> int:
    return sum(1 for m in TATWEEL.finditer(text) if m.group(1))


def count_latin_in_words(text: str) -> int:
    """Words mixing Latin and Arabic letters: 'تiéتهم', 'النواuges', 'الأكademية'."""
    return sum(1 for word in LETTER_RUN.findall(text)
               if LATIN.search(word) and ARABIC.search(word) and not CLITIC_BEFORE_LATIN.fullmatch(word))


def counter(pattern: str):
    compiled = re.compile(pattern)
    return lambda text: len(compiled.findall(text))


DEFECTS = {
    "tatweel": count_tatweel,
    "latin-in-word": count_latin_in_words,
    "presentation-forms": counter("[\ufb50-\ufdff\ufe70-\ufeff]"),
    "bookmark": counter(r"\[bookmark:|\[footnoteRef:|\[\d+: \d+\t"),
    "cjk": counter("[\u2e80-\u2fff\u3000-\u303f\u3040-\u9fff\uf900-\ufaff]"),
    "persian": counter("[\u06cc\u06a9\u06be]"),
    "fullwidth": counter("[\uff01-\uff60]"),
}


@dataclass(frozen=True)
class Fidelity:
    slug: str
    words: int
    by_fixer: dict[str, int] = field(default_factory=dict)
    corrected: int = 0
    unknown: int = 0
    uncertain: int = 0
    check_failed: int = 0
    residual: dict[str, int] = field(default_factory=dict)


def displayed_texts(doc: Document) -> list[str]:
    """Every piece of a document's text a reader sees: header lines, labels, units, footnotes."""
    texts = [h.text for h in doc.header]
    for block in doc.blocks:
        texts += [block.number or "", block.text]
    texts += [note.text for note in doc.footnotes]
    return [t for t in texts if t]


def residual_defects(texts: list[str]) -> dict[str, int]:
    """How many of each defect kind the texts still carry."""
    return {kind: sum(count(text) for text in texts) for kind, count in DEFECTS.items()}


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if re.search(f"[{ARABIC_LETTERS}A-Za-z]", w)]


@lru_cache(maxsize=1 << 16)
def changed_words(before: str, after: str) -> int:
    """Words a change touched: the raw words of every differing run (the new ones of an insertion)."""
    old, new = SEPARATOR.split(before.strip(" \t")), SEPARATOR.split(after.strip(" \t"))
    if len(old) == 1 == len(new):     # most changes: one word for one word
        return int(old != new)
    return sum((i2 - i1) or (j2 - j1) for tag, i1, i2, j1, j2 in
               SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if tag != "equal")


def normal_form(word: str) -> str:
    return HARAKAT.sub("", word)


def word_forms(word: str) -> list[str]:
    """A word and the word without each clitic prefix it may carry: 'والتنمية' -> ..., 'تنمية'."""
    word = normal_form(word)
    return [word] + [word[len(p):] for p in PREFIXES if word.startswith(p) and len(word) - len(p) >= 2]


def load_lexicon(docs: list[Document]):
    """The repair stage's lexicon when it has one; else the clean texts' own vocabulary."""
    try:
        module = import_module(".repair.lexicon", __package__)
    except ModuleNotFoundError as error:
        if error.name != f"{__package__}.repair.lexicon":
            raise
        module = None
    if module is not None and hasattr(module, "load_lexicon"):
        return module.load_lexicon()
    vocabulary: set[str] = set()
    for doc in docs:
        if doc.meta.quality == "clean":
            for text in displayed_texts(doc):
                for word in words(text):
                    vocabulary.update(word_forms(word))
    return vocabulary


def is_known(word: str, lexicon) -> bool:
    return any(form in lexicon for form in word_forms(word))


def fidelity(doc: Document, lexicon) -> Fidelity:
    texts = displayed_texts(doc)
    all_words = [w for t in texts for w in words(t)]
    by_fixer: Counter[str] = Counter()
    corrected = 0
    for repair in doc.repairs:
        count = changed_words(repair.before, repair.after)
        if is_correction(repair.fixer):
            corrected += count
        else:
            by_fixer[repair.fixer] += count
    uncertain_spans = sum(1 for unit in [*doc.blocks, *doc.footnotes] for s in unit.spans
                          if s.kind is SpanKind.UNCERTAIN)
    return Fidelity(
        slug=doc.meta.slug,
        words=len(all_words),
        by_fixer=dict(by_fixer.most_common()),
        corrected=corrected,
        unknown=sum(1 for w in all_words if not is_known(w, lexicon)),
        uncertain=len(doc.doubts) + uncertain_spans,
        check_failed=sum(1 for b in doc.blocks if FORWARD_CHECK_FAILED in b.flags),
        residual=residual_defects(texts),
    )


def fidelity_report(docs: list[Document]) -> str:
    """A plain-text table, one row per document, then the words each fixer changed."""
    lexicon = load_lexicon(docs)
    rows = [fidelity(doc, lexicon) for doc in docs]
    kinds = list(DEFECTS)
    head = (f"{'document':<28} {'words':>6} {'fixed':>6} {'corrected':>9} {'unknown':>7} {'uncertain':>9} "
            f"{'check-failed':>12}   residual: " + " ".join(kinds))
    lines = [head]
    for f in rows:
        residual = " ".join(f"{f.residual[k]:>{len(k)}}" for k in kinds)
        lines.append(f"{f.slug:<28} {f.words:>6} {sum(f.by_fixer.values()):>6} {f.corrected:>9} {f.unknown:>7} "
                     f"{f.uncertain:>9} {f.check_failed:>12}             {residual}")
    lines.append("")
    lines.append("words changed by each fixer:")
    for f in rows:
        fixers = ", ".join(f"{name} {count}" for name, count in f.by_fixer.items()) or "none"
        lines.append(f"  {f.slug}: {fixers}")
    return "\n".join(lines)
