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
    (project / "build" / "cache" / "pages" / "a-res-67-195" / "key").write_bytes(b"\xff[")
    assert regenerated(run_build(project)) == (1, ["a-res-67-195"], 1)


def test_a_kept_file_cut_short_or_missing_is_made_again(project):
    entry = project / "build" / "cache" / "pages" / "a-res-80-173"
    run_build(project)
    assert sorted(line.split("\t")[0] for line in (entry / "key").read_text(encoding="utf-8").splitlines()[1:]) == [
        "docs/a-res-80-173.md", "docs/data/a-res-80-173.json", "docs/data/a-res-80-173.repairs.json",
        "docs/repairs/a-res-80-173.md", "parts/a-res-80-173.md.json", "parts/repairs/a-res-80-173.md.json"]
    page = entry / "parts" / "a-res-80-173.md.json"
    page.write_bytes(page.read_bytes()[:200])
    assert regenerated(run_build(project)) == (1, ["a-res-80-173"], 0)
    assert (project / "site" / "a-res-80-173" / "index.html").read_text(encoding="utf-8").count('class="unit') > 100
    (entry / "docs" / "data" / "a-res-80-173.json").unlink()
    assert regenerated(run_build(project)) == (1, ["a-res-80-173"], 0)
    assert regenerated(run_build(project)) == (0, [], 0)


def test_the_cache_keeps_the_staged_files_not_copies(project):
    run_build(project)
    staged = project / "build" / "docs" / "a-res-67-195.md"
    kept = project / "build" / "cache" / "pages" / "a-res-67-195" / "docs" / "a-res-67-195.md"
    assert staged.stat().st_ino == kept.stat().st_ino
