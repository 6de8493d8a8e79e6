"""Rebuilds: a document whose inputs did not change is neither parsed nor rendered again, and the
build says which documents it made afresh; what it reuses gives the same site."""
from __future__ import annotations

import re

import pytest

from conftest import SLUGS, copy_project, run_build

FRESH = re.compile(r"Markdown regenerated for (\d+) of (\d+) documents(?:: ([^(]+))? \(parsed again: (\d+)\)")


def regenerated(result) -> tuple[int, list[str], int]:
    assert result.returncode == 0, result.stderr
    count, total, names, parsed = FRESH.search(result.stdout).groups()
    assert int(total) == len(SLUGS)
    return int(count), (names or "").strip().split(", ") if names else [], int(parsed)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("incremental"))
    assert regenerated(run_build(root)) == (5, SLUGS, 5)
    return root


def test_an_unchanged_corpus_is_taken_from_the_cache(project):
    before = (project / "site" / "a-res-80-173" / "index.html").read_bytes()
    assert regenerated(run_build(project)) == (0, [], 0)
    assert (project / "site" / "a-res-80-173" / "index.html").read_bytes() == before


def test_changing_one_document_regenerates_that_document_only(project):
    path = project / "seeds" / "tunis-wsis20-declaration.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("نستذكر بتقدير عميق", "نستذكر بتقدير بالغ", 1), encoding="utf-8")
    assert regenerated(run_build(project)) == (1, ["tunis-wsis20-declaration"], 1)
    page = (project / "site" / "tunis-wsis20-declaration" / "index.html").read_text(encoding="utf-8")
    assert "نستذكر بتقدير بالغ" in page and "نستذكر بتقدير عميق" not in page


def test_changing_a_curated_table_renders_every_document_again_without_parsing(project):
    path = project / "seeds" / "concepts.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert regenerated(run_build(project)) == (5, SLUGS, 0)


def test_a_damaged_cache_entry_is_rebuilt_not_trusted(project):
    (project / "build" / "cache" / "parsed" / "a-res-67-195.pickle").write_bytes(b"not a pickle")
    (project / "build" / "cache" / "pages" / "a-res-67-195.pickle").write_bytes(b"[")
    assert regenerated(run_build(project)) == (1, ["a-res-67-195"], 1)


def test_an_entry_cut_short_after_its_key_is_rebuilt(project):
    entry = project / "build" / "cache" / "pages" / "a-res-80-173.pickle"
    run_build(project)
    entry.write_bytes(entry.read_bytes()[:200])   # its key, then a cut
    assert regenerated(run_build(project)) == (1, ["a-res-80-173"], 0)
    assert (project / "site" / "a-res-80-173" / "index.html").read_text(encoding="utf-8").count('class="unit') > 100
