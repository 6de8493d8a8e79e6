"""Stage `read`: seed bytes and metadata files become Sources, or located errors.

Only this module and `render` touch the file system.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import BuildError
from .model import Metadata, Problem
from .parse.common import Source

# libyaml where the wheel has it: the seeds' YAML files are read on every build, some are long.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LAYOUTS = ("un-resolution", "itu-council-report", "damaged-report", "declaration")
KINDS = ("resolution", "report", "declaration")
QUALITIES = ("clean", "defects", "damaged")
REQUIRED = ("slug", "symbol", "title", "short_title", "date", "body", "body_en", "kind", "layout",
            "source_url", "quality")
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
ANCHOR = re.compile(r"[a-z][a-z0-9-]*")


def read_corpus(seed_dir: Path) -> list[Source]:
    """Every `*.txt` in the seed folder with its `.yml`, sorted by slug; all problems at once."""
    problems: list[Problem] = []
    sources: list[Source] = []
    texts = sorted(seed_dir.glob("*.txt"))
    if not texts:
        raise BuildError([Problem(str(seed_dir), None, "no seed texts (*.txt) found")])
    for text_path in texts:
        try:
            sources.append(read_source(text_path))
        except BuildError as error:
            problems.extend(error.problems)
    if problems:
        raise BuildError(problems)
    return sources


def read_source(text_path: Path) -> Source:
    meta_path = text_path.with_suffix(".yml")
    meta = read_metadata(meta_path, text_path.stem)
    lines = read_lines(text_path)
    return Source(path=display_path(text_path), meta=meta, lines=tuple(lines))


def display_path(path: Path) -> str:
    """How messages name a seed file: its folder and name, `seeds/a-res-67-195.txt`."""
    return f"{path.parent.name}/{path.name}"


def read_lines(path: Path) -> list[str]:
    where = display_path(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BuildError([Problem(where, line, f"not valid UTF-8 (byte 0x{data[error.start]:02x} "
                                                f"at offset {error.start})")]) from None
    if not text.strip():
        raise BuildError([Problem(where, None, "the text is empty")])
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").split("\n")


def read_metadata(path: Path, stem: str) -> Metadata:
    where = display_path(path)
    if not path.exists():
        raise BuildError([Problem(where, None, f"metadata file missing for seed {stem}.txt")])
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except UnicodeDecodeError:
        raise BuildError([Problem(where, None, "metadata is not valid UTF-8")]) from None
    except yaml.YAMLError as error:
        # Where the broken construct began (an unclosed bracket) beats where the parser gave up.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise BuildError([Problem(where, line, f"metadata is not valid YAML: {error}")]) from None
    if not isinstance(raw, dict):
        raise BuildError([Problem(where, None, "metadata must be a mapping of fields")])
    problems = [Problem(where, field_line(path, key), message) for key, message in metadata_errors(raw, stem)]
    if problems:
        raise BuildError(problems)
    aliases = tuple(sorted((str(old), str(new)) for old, new in (raw.get("aliases") or {}).items()))
    return Metadata(
        slug=raw["slug"], symbol=raw["symbol"], title=raw["title"], short_title=raw["short_title"],
        date=str(raw["date"]), body=raw["body"], body_en=raw["body_en"], kind=raw["kind"],
        layout=raw["layout"], source_url=raw["source_url"], quality=raw["quality"],
        notice=raw.get("notice"), aliases=aliases,
    )


def metadata_errors(raw: dict, stem: str) -> list[tuple[str | None, str]]:
    """(field, message) for every field that is missing or wrong."""
    errors: list[tuple[str | None, str]] = []
    for key in REQUIRED:
        if key not in raw:
            errors.append((None, f"field '{key}' is missing"))
    for key in set(raw) - set(REQUIRED) - {"notice", "aliases"}:
        errors.append((key, f"unknown field '{key}'"))
    checks = {
        "slug": lambda v: isinstance(v, str) and SLUG.fullmatch(v) and v == stem,
        "symbol": lambda v: v is None or (isinstance(v, str) and v.strip() == v and v),
        "date": lambda v: isinstance(v, str) and DATE.fullmatch(v),
        "kind": lambda v: v in KINDS,
        "layout": lambda v: v in LAYOUTS,
        "quality": lambda v: v in QUALITIES,
        "source_url": lambda v: v is None or (isinstance(v, str) and v.startswith("https://")),
        "title": lambda v: isinstance(v, str) and v.strip(),
        "short_title": lambda v: isinstance(v, str) and v.strip(),
        "body": lambda v: isinstance(v, str) and v.strip(),
        "body_en": lambda v: isinstance(v, str) and v.strip(),
        "notice": lambda v: v is None or isinstance(v, str),
        "aliases": lambda v: v is None or (isinstance(v, dict) and all(
            ANCHOR.fullmatch(str(k)) and ANCHOR.fullmatch(str(t)) for k, t in v.items())),
    }
    expected = {
        "slug": f"the file's own name ('{stem}'), lower-case words joined by '-'",
        "symbol": "a document symbol or null",
        "date": "a quoted ISO date: \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"",
        "kind": " or ".join(KINDS),
        "layout": " or ".join(LAYOUTS),
        "quality": " or ".join(QUALITIES),
        "source_url": "an https:// address or null",
        "aliases": "a mapping of old anchor to current anchor",
    }
    for key, check in checks.items():
        if key in raw and not check(raw[key]):
            errors.append((key, f"field '{key}' is {raw[key]!r}: expected {expected.get(key, 'non-empty text')}"))
    return errors


def field_line(path: Path, key: str | None) -> int | None:
    """The line a top-level field starts on, so a message can point at it."""
    if key is None:
        return None
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None
