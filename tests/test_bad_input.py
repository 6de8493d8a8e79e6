"""Every kind of bad input gets a message naming file, line and problem, and leaves site/ as it was."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import copy_project, run_build


def site_fingerprint(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(site)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def project_with_site(tmp_path_factory):
    """A project copy with a good site already built, so each case can check it survives."""
    root = copy_project(tmp_path_factory.mktemp("bad-input"))
    assert run_build(root).returncode == 0
    return root


@pytest.fixture
def project(project_with_site, tmp_path):
    """A fresh copy of the sources beside the already-built site, for one case to break."""
    root = project_with_site
    backup = tmp_path / "seeds"
    import shutil
    shutil.copytree(root / "seeds", backup)
    before = site_fingerprint(root / "site")
    yield root
    shutil.rmtree(root / "seeds")
    shutil.copytree(backup, root / "seeds")
    assert site_fingerprint(root / "site") == before, "a failed build changed the previous site"


def replace_line(path: Path, number: int, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")


def failed_build(root: Path) -> str:
    result = run_build(root)
    assert result.returncode == 1, result.stdout + result.stderr
    return result.stderr


def test_not_utf8(project):
    path = project / "seeds" / "a-res-67-195.txt"
    data = path.read_bytes().split(b"\n")
    data[13] = data[13][:10] + b"\xff\xfe" + data[13][10:]
    path.write_bytes(b"\n".join(data))
    assert "seeds/a-res-67-195.txt:14: error: not valid UTF-8" in failed_build(project)


def test_empty_seed(project):
    (project / "seeds" / "tunis-wsis20-declaration.txt").write_text("\n\n", encoding="utf-8")
    assert "seeds/tunis-wsis20-declaration.txt: error: the text is empty" in failed_build(project)


def test_missing_metadata(project):
    (project / "seeds" / "a-res-67-195.yml").unlink()
    assert "seeds/a-res-67-195.yml: error: metadata file missing for seed a-res-67-195.txt" in failed_build(project)


def test_invalid_metadata_value(project):
    path = project / "seeds" / "a-res-67-195.yml"
    text = path.read_text(encoding="utf-8").replace('date: "2012-12-21"', 'date: "21/12/2012"')
    path.write_text(text, encoding="utf-8")
    message = failed_build(project)
    assert "seeds/a-res-67-195.yml:5: error: field 'date' is '21/12/2012'" in message


def test_metadata_not_yaml(project):
    path = project / "seeds" / "a-res-80-173.yml"
    path.write_text(path.read_text(encoding="utf-8") + "aliases: [unclosed\n", encoding="utf-8")
    assert "seeds/a-res-80-173.yml:13: error: metadata is not valid YAML" in failed_build(project)


def test_metadata_missing_field(project):
    path = project / "seeds" / "a-res-80-173.yml"
    text = "\n".join(l for l in path.read_text(encoding="utf-8").split("\n") if not l.startswith("kind:"))
    path.write_text(text, encoding="utf-8")
    assert "seeds/a-res-80-173.yml: error: field 'kind' is missing" in failed_build(project)


def test_repeated_paragraph_number(project):
    path = project / "seeds" / "a-res-67-195.txt"
    line = path.read_text(encoding="utf-8").split("\n")[136]
    assert line.startswith("- ١٥ - ")
    replace_line(path, 137, line.replace("- ١٥ - ", "- ١٤ - ", 1))
    assert "seeds/a-res-67-195.txt:137: error: paragraph 14 repeats a number already used" in failed_build(project)


def test_skipped_paragraph_number(project):
    path = project / "seeds" / "a-res-80-173.txt"
    line = path.read_text(encoding="utf-8").split("\n")[370]
    assert line.startswith("127 - ")
    replace_line(path, 371, line.replace("127 - ", "128 - ", 1))
    assert "seeds/a-res-80-173.txt:371: error: paragraph 128 follows 126: expected 127" in failed_build(project)


def test_all_errors_of_a_build_are_reported_together(project):
    (project / "seeds" / "a-res-67-195.yml").unlink()
    (project / "seeds" / "tunis-wsis20-declaration.txt").write_text("", encoding="utf-8")
    message = failed_build(project)
    assert "build failed with 2 errors" in message
    assert "a-res-67-195.yml" in message and "tunis-wsis20-declaration.txt" in message


def test_marker_without_definition_is_a_located_warning(project_with_site):
    result = run_build(project_with_site)
    assert result.returncode == 0
    assert "seeds/a-res-80-173.txt:249: warning: footnote marker 12 has no definition in the text" in result.stderr


def test_a_failed_mkdocs_build_stops_the_search_index_and_keeps_the_site(project):
    """The search index is written while MkDocs builds: when MkDocs fails, it is not put in place either."""
    page = project / "docs" / "broken.md"
    page.write_text("# صفحة\n\n[رابط](no-such-page.md)\n", encoding="utf-8")
    try:
        message = failed_build(project)
    finally:
        page.unlink()
    assert "mkdocs build --strict failed" in message and "no-such-page.md" in message
    assert not (project / "site.tmp").exists()
    assert (project / "site" / "search" / "meta.json").exists()


def test_a_title_must_be_read_in_the_paragraph_it_is_said_to_come_from(project):
    path = project / "seeds" / "references.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title_from: itu-cwg-wsis-sdg-2024#annex-a-recalling-g", "title_from: itu-cwg-wsis-sdg-2024#no-such-unit", 1)
    text = text.replace("title_from: itu-cwg-wsis-sdg-2024#annex-a-recalling-h", "title_from: itu-cwg-wsis-sdg-2024#annex-a-recalling-a", 1)
    path.write_text(text, encoding="utf-8")
    errors = failed_build(project)
    assert "seeds/references.yml:14: error: 'title_from' itu-cwg-wsis-sdg-2024#no-such-unit is no unit of the corpus" in errors
    assert "seeds/references.yml:19: error: title of a-res-70-1 is not found in itu-cwg-wsis-sdg-2024#annex-a-recalling-a" in errors
