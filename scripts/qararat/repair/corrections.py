"""Reviewed corrections: word-level readings no rule can decide, stored as data and checked by code.

One file per document, `seeds/corrections/<slug>.yml`:

    corrections:
      - line: 17                 # the source line (1-based, as `cat -n` shows it)
        raw: للجتماع             # the span exactly as it stands on that line once the generic
                                 # fixers have run (they are deterministic and recorded first)
        reading: للاجتماع        # what the page shows instead
        reason: ...              # why the raw text itself supports this reading
    doubts:
      - line: 14
        raw: بء                  # a word left as it is, listed as uncertain on the page
        reason: ...

A correction is applied only where its raw span stands on its line exactly once; anything else
stops the build with the file and line of the entry. A correction never rewrites what the raw
text does not show to be damaged: where the reading cannot be told from the texts, the word
stays and is listed under `doubts`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import BuildError
from ..model import Metadata, Problem, Repair
from ..read import YAML_LOADER

# The project's seeds/corrections folder (the package lives in <project>/scripts/qararat).
CORRECTIONS_DIR = Path(__file__).resolve().parents[3] / "seeds" / "corrections"
CORRECTION_FIXER = "reviewed-correction"
# A damaged report's corrections are read by its broken-font repair, which checks them against
# its own model of the damage; these files serve the other layouts.
BROKEN_FONT_LAYOUT = "damaged-report"
ENTRY_FIELDS = {"corrections": ("line", "raw", "reading", "reason"), "doubts": ("line", "raw", "reason")}


@dataclass(frozen=True)
class Correction:
    line: int
    raw: str
    reading: str
    reason: str
    entry: int = 0                   # line of the entry in the corrections file, for messages


@dataclass(frozen=True)
class Doubt:
    line: int
    raw: str
    reason: str
    entry: int = 0


@dataclass(frozen=True)
class Corrections:
    path: str                        # "seeds/corrections/a-res-80-173.yml"
    corrections: tuple[Correction, ...] = ()
    doubts: tuple[Doubt, ...] = ()


def is_correction(fixer: str) -> bool:
    """A record made by a reviewed correction rather than by a rule."""
    return "correction" in fixer


def applies_to(meta: Metadata) -> bool:
    """Whether a document's reviewed corrections are read here (every layout but a damaged report)."""
    return meta.layout != BROKEN_FONT_LAYOUT


def read_corrections(folder: Path, slug: str) -> Corrections:
    """The reviewed corrections of one document; none when it has no file."""
    return _read(folder.resolve() / f"{slug}.yml")


@lru_cache(maxsize=None)
def _read(path: Path) -> Corrections:
    where = f"{path.parent.parent.name}/{path.parent.name}/{path.name}"
    if not path.exists():
        return Corrections(where)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise BuildError([Problem(where, mark.line + 1 if mark else None, f"not valid YAML: {error}")]) from None
    problems: list[Problem] = []
    entries = parse_entries(root, where, problems)
    if problems:
        raise BuildError(problems)
    return Corrections(where, tuple(Correction(**e) for e in entries["corrections"]),
                       tuple(Doubt(**e) for e in entries["doubts"]))


def parse_entries(root, where: str, problems: list[Problem]) -> dict[str, list[dict]]:
    """The entries of each section as dicts, with the file line of each; every problem reported."""
    entries: dict[str, list[dict]] = {"corrections": [], "doubts": []}
    if root is None:
        return entries
    if not isinstance(root, yaml.MappingNode):
        problems.append(Problem(where, root.start_mark.line + 1, "expected a mapping with "
                                                                 "'corrections' and 'doubts'"))
        return entries
    for key_node, value_node in root.value:
        section = key_node.value
        if section not in ENTRY_FIELDS:
            problems.append(Problem(where, key_node.start_mark.line + 1, f"unknown section '{section}'"))
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            problems.append(Problem(where, value_node.start_mark.line + 1, f"'{section}' must be a list"))
            continue
        for item in value_node.value:
            entry = parse_entry(item, ENTRY_FIELDS[section], where, problems)
            if entry is not None:
                entries[section].append(entry)
    return entries


def parse_entry(node, fields: tuple[str, ...], where: str, problems: list[Problem]) -> dict | None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(where, line, f"an entry must be a mapping of {', '.join(fields)}"))
        return None
    values = {k.value: v.value for k, v in node.value if isinstance(v, yaml.ScalarNode)}
    missing = [f for f in fields if not str(values.get(f, "")).strip()]
    unknown = sorted(set(values) - set(fields))
    if missing or unknown:
        what = "; ".join(filter(None, [missing and f"missing {', '.join(missing)}",
                                       unknown and f"unknown {', '.join(unknown)}"]))
        problems.append(Problem(where, line, f"entry: {what}"))
        return None
    if not values["line"].isdigit() or int(values["line"]) < 1:
        problems.append(Problem(where, line, f"entry: line {values['line']!r} is not a line number"))
        return None
    entry = {f: values[f] for f in fields} | {"line": int(values["line"]), "entry": line}
    if "reading" in entry and entry["reading"] == entry["raw"]:
        problems.append(Problem(where, line, f"entry: the reading of '{entry['raw']}' is the raw span itself"))
        return None
    return entry


def apply_corrections(lines: tuple[str, ...], corrections: Corrections) -> tuple[tuple[str, ...], tuple[Repair, ...]]:
    """Each correction applied where its raw span stands; doubts checked against the result."""
    out = list(lines)
    repairs: list[Repair] = []
    problems: list[Problem] = []
    for c in corrections.corrections:
        problem = span_problem(out, c.line, c.raw)
        if problem:
            problems.append(Problem(corrections.path, c.entry, f"correction of line {c.line}: {problem}"))
            continue
        out[c.line - 1] = out[c.line - 1].replace(c.raw, c.reading, 1)
        repairs.append(Repair(CORRECTION_FIXER, c.line, c.raw, c.reading))
    for d in corrections.doubts:
        problem = span_problem(out, d.line, d.raw)
        if problem:
            problems.append(Problem(corrections.path, d.entry, f"doubt on line {d.line}: {problem}"))
    if problems:
        raise BuildError(problems)
    return tuple(out), tuple(repairs)


def span_problem(lines: list[str], number: int, span: str) -> str | None:
    """Why a span cannot be placed on a line, or None when it stands there exactly once."""
    if number > len(lines):
        return f"the text has only {len(lines)} lines"
    count = lines[number - 1].count(span)
    if count == 0:
        return f"'{span}' is not on that line"
    if count > 1:
        return f"'{span}' stands {count} times on that line: give a longer span"
    return None
