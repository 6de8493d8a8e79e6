"""Robustness: the parser on random and mutated texts, and builds that repeat byte for byte."""
from __future__ import annotations

import signal
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import SEEDS, SLUGS, copy_project, run_build
from qararat.errors import BuildError
from qararat.model import Document
from qararat.parse import parse
from qararat.read import read_source
from qararat.repair import repair_source

SOURCES = {slug: read_source(SEEDS / f"{slug}.txt") for slug in SLUGS}
HANG_SECONDS = 10
# Characters the layouts give meaning to, so random lines look like the structure they parse.
STRUCTURAL = list("0123456789٠١٢٣٤٥٦٧٨٩ -–.،؛:()[]*^\t\xa0⁽⁾¹²³ـ'’‘/") + [
    "أ )", "ب)", "هـ )", "- ", "**", "^(١)", "⁽¹⁾", "[bookmark: x]", "[footnoteRef:1]1", "[1: 1\t", "الملحق",
    "إذ ", "وإذ ", "يقرر", "إن الجمعية العامة،", "الجلسة العامة ٦١", "__________", "( 1ك", "كأ(", "A/74/821 ",
]
ARABIC_WORDS = ["تسلم", "القرار", "الجمعية", "العامة", "تكنولوجيات", "المعلومات", "و", "في", "الرقمية"]


def unit_text():
    return st.lists(st.sampled_from(STRUCTURAL + ARABIC_WORDS), max_size=12).map("".join)


@st.composite
def mutated_sources(draw):
    """A seed with a few lines deleted, duplicated, swapped, renumbered, truncated or overwritten,
    or random unicode injected; split into lines again as `read` would."""
    source = SOURCES[draw(st.sampled_from(SLUGS))]
    lines = list(source.lines)
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(lines) - 1))
        other = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "unicode", "structure",
                                          "renumber", "truncate"]))
        if operation == "delete" and len(lines) > 1:
            del lines[at]
        elif operation == "duplicate":
            lines.insert(other, lines[at])
        elif operation == "swap":
            lines[at], lines[other] = lines[other], lines[at]
        elif operation == "unicode":
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:cut] + draw(st.text(min_size=1, max_size=8)) + lines[at][cut:]
        elif operation == "structure":
            lines[at] = draw(unit_text())
        elif operation == "renumber":
            digits = draw(st.sampled_from(["0123456789", "٠١٢٣٤٥٦٧٨٩"]))
            lines[at] = "".join(draw(st.sampled_from(digits)) if c.isdigit() else c for c in lines[at])
        elif operation == "truncate":
            lines = lines[: max(1, at)]
    text = "\n".join(lines).replace("\r\n", "\n")
    return replace(source, lines=tuple(text.split("\n")))


@contextmanager
def hang_guard(seconds: int):
    """Fail instead of hanging: a per-example deadline only measures, this one interrupts."""
    def alarm(*_):
        raise TimeoutError(f"parsing took longer than {seconds} s")
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@settings(max_examples=40, deadline=timedelta(seconds=4), derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(source=mutated_sources())
def test_a_mutated_text_parses_or_fails_with_located_errors(source):
    if not "".join(source.lines).strip():
        return   # `read` rejects an empty text before the parser sees it
    with hang_guard(HANG_SECONDS):
        try:
            result = parse(repair_source(source))
        except BuildError as error:
            event("located error")
            assert error.problems, "a BuildError names at least one problem"
            corrections = f"seeds/corrections/{source.meta.slug}.yml"
            for problem in error.problems:
                assert problem.path in (source.path, corrections), problem
                assert problem.message.strip(), problem
                if problem.path == source.path and problem.line is not None:
                    assert 1 <= problem.line <= len(source.lines), problem
            return
    event("parsed")
    assert isinstance(result, Document)
    assert result.meta.slug == source.meta.slug


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_sources_are_byte_identical(built_site, tmp_path):
    first_root = built_site.parent
    second_root = copy_project(tmp_path / "again")
    result = run_build(second_root)
    assert result.returncode == 0, result.stderr
    for part in ("site/data", "site/search", "build/docs", "build/parts"):
        first, second = tree(first_root / part), tree(second_root / part)
        assert first, f"{part} is empty"
        assert first.keys() == second.keys(), part
        assert [name for name in first if first[name] != second[name]] == [], part
    pages = {str(p.relative_to(first_root)): p.read_bytes() for p in sorted((first_root / "site").rglob("*.html"))}
    again = {str(p.relative_to(second_root)): p.read_bytes() for p in sorted((second_root / "site").rglob("*.html"))}
    assert len(pages) > 100 and pages == again
    generated = [name for name in tree(first_root / "build" / "docs") if name.endswith(".md")]
    assert {f"{slug}/index.md" for slug in SLUGS} <= set(generated) or \
        {f"{slug}.md" for slug in SLUGS} <= set(generated)
