"""Reading the curated tables the link stage uses (this module is the stage's only file access).

- `seeds/references.yml`: the documents the corpus cites: canonical id or UN symbol, Arabic title with
  the paragraph of the corpus it is taken from, the Arabic names the texts use, where it is published;
- `seeds/concepts.yml`: the recurring bodies and processes, with their Arabic names, abbreviations and the
  surface forms found in the texts;
- `seeds/annotations/<slug>.yml`: editorial notes per document, keyed by anchor.

Every problem is reported with its file and line, all of them at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import BuildError
from ..model import Problem
from .citations import ID, Ref

TARGET = re.compile(r"(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)#(?P<anchor>[a-z][a-z0-9-]*)")


@dataclass(frozen=True)
class ReferenceEntry:
    ref: Ref
    title: str | None
    title_from: tuple[str, str] | None      # (slug, anchor) of the paragraph the title is read from
    names: tuple[str, ...]
    published_in: str | None                # id of the document that carries this one
    line: int


@dataclass(frozen=True)
class ConceptEntry:
    id: str
    name: str
    abbr: str | None
    name_en: str
    forms: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class AnnotationEntry:
    slug: str
    anchor: str
    title: str
    text: str                               # may hold links written [words](slug#anchor)
    path: str
    line: int


@dataclass(frozen=True)
class Tables:
    references: tuple[ReferenceEntry, ...] = ()
    concepts: tuple[ConceptEntry, ...] = ()
    annotations: tuple[AnnotationEntry, ...] = ()
    references_path: str = "seeds/references.yml"


# ---------------------------------------------------------------- YAML with line numbers

class Located(dict):
    """A mapping read from YAML that remembers the line it starts on."""

    line = 0


class _Loader(yaml.SafeLoader):
    pass


def _located_mapping(loader, node):
    data = Located(loader.construct_mapping(node, deep=True))
    data.line = node.start_mark.line + 1
    return data


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _located_mapping)


def load_yaml(path: Path, where: str, problems: list[Problem]):
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except UnicodeDecodeError:
        problems.append(Problem(where, None, "not valid UTF-8"))
    except yaml.YAMLError as error:
        # where the broken construct began (an unclosed bracket) beats where the parser gave up
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        problems.append(Problem(where, mark.line + 1 if mark else None, f"not valid YAML: {error}"))
    return None


def text_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def check_keys(item: Located, allowed: set[str], required: set[str], where: str, problems: list[Problem]) -> bool:
    ok = True
    for key in sorted(set(item) - allowed):
        problems.append(Problem(where, item.line, f"unknown field '{key}'"))
        ok = False
    for key in sorted(required - set(item)):
        problems.append(Problem(where, item.line, f"field '{key}' is missing"))
        ok = False
    return ok


# ---------------------------------------------------------------- references.yml

def read_references(path: Path, where: str, problems: list[Problem]) -> tuple[ReferenceEntry, ...]:
    data = load_yaml(path, where, problems) if path.exists() else []
    if data is None:
        return ()
    if not isinstance(data, list) or not all(isinstance(i, Located) for i in data):
        problems.append(Problem(where, None, "expected a list of entries (- id: ... or - symbol: ...)"))
        return ()
    entries, seen_ids, seen_names = [], {}, {}
    for item in data:
        entry = reference_entry(item, where, problems)
        if entry is None:
            continue
        if entry.ref.id in seen_ids:
            problems.append(Problem(where, item.line, f"'{entry.ref.id}' is already listed at line "
                                                      f"{seen_ids[entry.ref.id]}"))
        seen_ids[entry.ref.id] = item.line
        for name in entry.names:
            if name in seen_names:
                problems.append(Problem(where, item.line, f"name '{name}' is already given at line {seen_names[name]}"))
            seen_names[name] = item.line
        entries.append(entry)
    return tuple(entries)


def reference_entry(item: Located, where: str, problems: list[Problem]) -> ReferenceEntry | None:
    allowed = {"id", "symbol", "title", "title_from", "names", "published_in"}
    if not check_keys(item, allowed, set(), where, problems):
        return None
    before = len(problems)

    def bad(message: str) -> None:
        problems.append(Problem(where, item.line, message))

    if ("id" in item) == ("symbol" in item):
        bad("an entry has either 'id' (a named document) or 'symbol' (a UN document symbol)")
        return None
    title = item.get("title")
    if title is not None and not (isinstance(title, str) and title.strip()):
        bad("'title' must be non-empty text")
    if "id" in item:
        if not (isinstance(item["id"], str) and ID.fullmatch(item["id"])):
            bad(f"id {item['id']!r} must be lower-case words joined by '-'")
        if not isinstance(title, str):
            bad("a named document needs its 'title'")
    else:
        try:
            Ref.parse(str(item["symbol"]))
        except ValueError:
            bad(f"symbol {item['symbol']!r} is not a UN document symbol")
    title_from = item.get("title_from")
    if title_from is not None and not (isinstance(title_from, str) and TARGET.fullmatch(title_from)):
        bad(f"'title_from' {title_from!r} must be slug#anchor")
    if title is not None and title_from is None:
        bad("'title' needs 'title_from': the paragraph of the corpus that gives this title")
    names = item.get("names", [])
    if not text_list(names):
        bad("'names' must be a list of non-empty texts")
    published = item.get("published_in")
    if published is not None and not (isinstance(published, str) and ID.fullmatch(published)):
        bad(f"'published_in' {published!r} must be a canonical id")
    if len(problems) > before:
        return None
    ref = (Ref.named(item["id"], title) if "id" in item else Ref.parse(str(item["symbol"])))
    target = TARGET.fullmatch(title_from) if title_from else None
    return ReferenceEntry(ref, title, (target["slug"], target["anchor"]) if target else None,
                          tuple(names), published, item.line)


# ---------------------------------------------------------------- concepts.yml

def read_concepts(path: Path, where: str, problems: list[Problem]) -> tuple[ConceptEntry, ...]:
    data = load_yaml(path, where, problems) if path.exists() else []
    if data is None:
        return ()
    if not isinstance(data, list) or not all(isinstance(i, Located) for i in data):
        problems.append(Problem(where, None, "expected a list of entries (- id: ...)"))
        return ()
    entries, seen_forms, seen_ids = [], {}, {}
    for item in data:
        if not check_keys(item, {"id", "name", "abbr", "name_en", "forms"}, {"id", "name", "name_en", "forms"},
                          where, problems):
            continue
        if not (isinstance(item["id"], str) and ID.fullmatch(item["id"])):
            problems.append(Problem(where, item.line, f"id {item['id']!r} must be lower-case words joined by '-'"))
            continue
        if not text_list(item["forms"]) or not all(isinstance(item[k], str) for k in ("name", "name_en")):
            problems.append(Problem(where, item.line, "'name', 'name_en' and each of 'forms' must be text"))
            continue
        if item["id"] in seen_ids:
            problems.append(Problem(where, item.line, f"'{item['id']}' is already listed at line {seen_ids[item['id']]}"))
        seen_ids[item["id"]] = item.line
        for form in item["forms"]:
            if form in seen_forms:
                problems.append(Problem(where, item.line, f"form '{form}' is already given at line {seen_forms[form]}"))
            seen_forms[form] = item.line
        entries.append(ConceptEntry(item["id"], item["name"], item.get("abbr"), item["name_en"],
                                    tuple(item["forms"]), item.line))
    return tuple(entries)


# ---------------------------------------------------------------- annotations/<slug>.yml

def read_annotations(folder: Path, problems: list[Problem]) -> tuple[AnnotationEntry, ...]:
    entries = []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        where = f"seeds/annotations/{path.name}"
        data = load_yaml(path, where, problems)
        if data is None:
            continue
        if not isinstance(data, dict):
            problems.append(Problem(where, None, "expected a mapping of anchor to a list of notes"))
            continue
        for anchor, notes in data.items():
            if not isinstance(notes, list) or not all(isinstance(n, Located) for n in notes):
                problems.append(Problem(where, getattr(data, "line", None),
                                        f"'{anchor}' must hold a list of notes (- title: ... text: ...)"))
                continue
            for note in notes:
                if not check_keys(note, {"title", "text"}, {"title", "text"}, where, problems):
                    continue
                if not all(isinstance(note[k], str) and note[k].strip() for k in ("title", "text")):
                    problems.append(Problem(where, note.line, "'title' and 'text' must be non-empty text"))
                    continue
                entries.append(AnnotationEntry(path.stem, str(anchor), note["title"].strip(),
                                               " ".join(note["text"].split()), where, note.line))
    return tuple(entries)


def read_tables(seed_dir: Path) -> Tables:
    """The three tables under `seed_dir`; raises BuildError listing every problem found."""
    problems: list[Problem] = []
    tables = Tables(
        references=read_references(seed_dir / "references.yml", "seeds/references.yml", problems),
        concepts=read_concepts(seed_dir / "concepts.yml", "seeds/concepts.yml", problems),
        annotations=read_annotations(seed_dir / "annotations", problems),
    )
    if problems:
        raise BuildError(problems)
    return tables
