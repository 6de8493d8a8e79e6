"""Shared fixtures: the real seeds, parsed once; a built copy of the project, built once."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qararat.parse import parse
from qararat.read import read_source

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SLUGS = sorted(p.stem for p in SEEDS.glob("*.txt"))


class Documents(dict):
    """Each real seed parsed on first use, then kept for the whole session."""

    def __missing__(self, slug):
        self[slug] = parse(read_source(SEEDS / f"{slug}.txt"))
        return self[slug]


@pytest.fixture(scope="session")
def documents():
    return Documents()


def copy_project(target: Path) -> Path:
    """A private copy of what a build reads, so tests can break it or build it in peace."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(SEEDS, target / "seeds")
    return target


def run_build(root: Path, command: str = "build") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qararat.cli", command, "--root", str(root)],
                          capture_output=True, text=True)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The whole site built from the real seeds by the real command."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"
