"""Stage `repair`: small named fixers turn the raw extraction into the text readers read.

    generic fixers      every document, every line, in the order of `fixers.FIXERS`, looped until
                        nothing changes (a fixed point)
    broken font         documents whose layout is `damaged-report`: `broken_font.repair_lines`
    corrections         the other documents: reviewed corrections, `seeds/corrections/<slug>.yml`

Every change is recorded on the Source as a Repair(fixer, line, before, after), where `before` is
the span (whole words) as it stood when that step ran and `after` what replaced it. Replaying the
records in order on the raw lines, each as `line.replace(before, after, 1)`, gives the repaired
lines (`replay`). Repair never changes the number of lines: line N of the repaired text is line N
of the raw text, so a block's `lines` find its raw extraction.
"""
from __future__ import annotations

import re
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from ..errors import BuildError
from ..model import Problem, Repair
from ..parse.common import Source
from .corrections import CORRECTIONS_DIR, applies_to, apply_corrections, read_corrections
from .fixers import ACTS_ON, FIXERS, Fixer

MAX_PASSES = 10
# Words and the spaces between them; NBSP is not a separator here, so "القرار\xa01332" is one word
# and its record shows what changed.
_TOKENS = re.compile(r"[ \t]+|[^ \t]+")


def repair_source(source: Source, corrections_dir: Path = CORRECTIONS_DIR) -> Source:
    """The source with its lines repaired and every change recorded.

    `corrections_dir` is where the reviewed corrections are read (by default this project's
    seeds/corrections; a build of another project folder passes its own).
    """
    raw = source.raw_lines or source.lines
    lines, repairs = fix_lines(raw, FIXERS)
    reviewed = None
    if applies_to(source.meta):
        reviewed = read_corrections(corrections_dir, source.meta.slug)
        lines, more = apply_corrections(lines, reviewed)
    else:
        lines, more = repair_broken_font(lines, source.path, corrections_dir / f"{source.meta.slug}.yml")
    return replace(source, lines=lines, raw_lines=raw, repairs=repairs + more, reviewed=reviewed)


def prepare(sources: list[Source]) -> None:
    """Load once what repairing these sources will need from outside them (the broken-font models),
    so that worker processes forked after this share it."""
    if any(not applies_to(source.meta) for source in sources):
        from .broken_font import load_models
        load_models()


def fix_lines(lines: tuple[str, ...], fixers: dict[str, Fixer]) -> tuple[tuple[str, ...], tuple[Repair, ...]]:
    """Run the fixers on every line to a fixed point; one record per changed span."""
    fixed: list[str] = []
    repairs: list[Repair] = []
    for number, line in enumerate(lines, start=1):
        steps = fix_line(line, fixers)
        for name, before, after in steps:
            repairs.extend(change_records(name, number, before, after))
        fixed.append(steps[-1][2] if steps else line)
    return tuple(fixed), tuple(repairs)


# What each fixer acts on as one pattern, and what any of them acts on: most lines need no fixer.
_ACTS_ON = {name: re.compile("|".join(map(re.escape, what))) for name, what in ACTS_ON.items()}
_ANY_ACTED_ON = re.compile("|".join(re.escape(what) for found in ACTS_ON.values() for what in found))


def fix_line(line: str, fixers: dict[str, Fixer]) -> list[tuple[str, str, str]]:
    """(fixer, line before, line after) for every fixer that changed the line, until none does. A fixer
    runs only on a line with something it acts on (`fixers.ACTS_ON`; one not listed there, always)."""
    steps: list[tuple[str, str, str]] = []
    if not _ANY_ACTED_ON.search(line) and all(name in _ACTS_ON for name in fixers):
        return steps
    for _ in range(MAX_PASSES):
        changed = False
        for name, fixer in fixers.items():
            acts_on = _ACTS_ON.get(name)
            if acts_on is not None and not acts_on.search(line):
                continue
            result = fixer(line)
            if result != line:
                steps.append((name, line, result))
                line, changed = result, True
        if not changed:
            return steps
    raise RuntimeError(f"the fixers reach no fixed point on {line!r}")


def fix_text(line: str, fixers: dict[str, Fixer] = FIXERS) -> str:
    """One line through every generic fixer, to a fixed point."""
    steps = fix_line(line, fixers)
    return steps[-1][2] if steps else line


def change_records(fixer: str, number: int, before: str, after: str) -> list[Repair]:
    """The words a step changed, as replayable records; the whole line when spans cannot replay."""
    return [Repair(fixer, number, old, new) for old, new in changed_spans(before, after)]


def token_opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes; where a step changed words in place (most fixers), the runs of differing
    positions, found in one pass instead of difflib's search."""
    if len(old) != len(new):
        return middle_opcodes(old, new)
    codes, start = [], None
    for i, (a, b) in enumerate([*zip(old, new), (None, None)]):
        if a != b and start is None:
            start = i
        elif a == b and start is not None:
            codes.append(("replace", start, i, start, i))
            start = None
    return codes


def middle_opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes for what lies between the words both ends share. A step changes a few words
    of a long line; difflib's search, quadratic in the words it is given, is kept to those."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    middle = SequenceMatcher(None, old[start:len(old) - end], new[start:len(new) - end], autojunk=False)
    return [(tag, i1 + start, i2 + start, j1 + start, j2 + start)
            for tag, i1, i2, j1, j2 in middle.get_opcodes() if tag != "equal"]


@lru_cache(maxsize=1 << 16)     # the same line changes the same way wherever it recurs
def changed_spans(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """(old words, new words) of every run a change touched, replayable in order on `before`."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    spans = []
    for tag, i1, i2, j1, j2 in token_opcodes(old, new):
        if tag == "equal":
            continue
        if i1 == i2:  # a pure insertion: anchor it on the word before it (or after it, at the start)
            if i1:
                i1, j1 = i1 - 1, j1 - 1
            else:
                i2, j2 = i2 + 1, j2 + 1
        spans.append(("".join(old[i1:i2]), "".join(new[j1:j2])))
    line = before
    for old_words, new_words in spans:
        line = line.replace(old_words, new_words, 1)
    return tuple(spans) if line == after else ((before, after),)


def replay_line(line: str, repairs: list[Repair] | tuple[Repair, ...]) -> str:
    for repair in repairs:
        line = line.replace(repair.before, repair.after, 1)
    return line


def replay(raw_lines: tuple[str, ...], repairs: tuple[Repair, ...]) -> tuple[str, ...]:
    """The repaired lines, rebuilt from the raw lines and the record alone."""
    lines = list(raw_lines)
    for repair in repairs:
        lines[repair.line - 1] = lines[repair.line - 1].replace(repair.before, repair.after, 1)
    return tuple(lines)


def repair_broken_font(lines: tuple[str, ...], path: str, corrections: Path
                       ) -> tuple[tuple[str, ...], tuple[Repair, ...]]:
    """The broken-font repair of a damaged report, with the document's own reviewed corrections."""
    from .broken_font import load_corrections, repair_lines
    repaired, repairs = repair_lines(lines, load_corrections(corrections))
    if len(repaired) != len(lines):
        raise BuildError([Problem(path, None, f"the broken-font repair returned {len(repaired)} lines "
                                              f"for {len(lines)}: repair must keep every line in place")])
    return tuple(repaired), tuple(repairs)
