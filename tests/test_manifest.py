"""The committed anchor manifest: the published addresses of every document keep working."""
from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import ROOT, SLUGS, copy_project, run_build
from qararat.manifest import read_manifest


def test_manifest_records_exactly_the_current_anchors(documents):
    for slug in SLUGS:
        published = read_manifest(ROOT / "seeds" / "anchors", slug)
        aliases = dict(documents[slug].meta.aliases)
        current = documents[slug].anchors()
        assert published is not None, f"no manifest for {slug}"
        assert [a for a in published if a not in aliases] == current, slug


def test_anchors_follow_the_contract(documents):
    doc = documents["a-res-80-173"]
    assert doc.anchors()[:3] == ["u1", "pp1", "pp2"]
    assert "p127" in doc.anchors() and "fn11" in doc.anchors() and "h17" in doc.anchors()


def test_dropping_a_published_anchor_fails_the_build(tmp_path):
    root = copy_project(tmp_path / "drop")
    manifest = root / "seeds" / "anchors" / "a-res-80-173.txt"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "p128\n", encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 1
    assert "seeds/anchors/a-res-80-173.txt: error: published anchor #p128 is gone" in result.stderr


def test_an_alias_keeps_a_dropped_anchor_working(tmp_path):
    root = copy_project(tmp_path / "alias")
    manifest = root / "seeds" / "anchors" / "a-res-80-173.txt"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "p128\n", encoding="utf-8")
    meta = root / "seeds" / "a-res-80-173.yml"
    meta.write_text(meta.read_text(encoding="utf-8") + "aliases:\n  p128: p127\n", encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((root / "site" / "a-res-80-173" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("#p128").find_parent(class_="unit")["id"] == "p127"


def test_manifest_command_never_forgets_a_published_anchor(tmp_path):
    root = copy_project(tmp_path / "record")
    manifest = root / "seeds" / "anchors" / "a-res-80-173.txt"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "p128\n", encoding="utf-8")
    assert run_build(root, "manifest").returncode == 1
    assert manifest.read_text(encoding="utf-8").endswith("p128\n")


def test_manifest_command_records_an_anchor_it_had_not_recorded(tmp_path):
    root = copy_project(tmp_path / "new")
    manifest = root / "seeds" / "anchors" / "a-res-80-173.txt"
    committed = manifest.read_text(encoding="utf-8")
    manifest.write_text(committed.replace("fn11\n", ""), encoding="utf-8")
    result = run_build(root, "manifest")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("anchor manifest written for 5 documents")
    assert manifest.read_text(encoding="utf-8") == committed


def test_check_command_reads_and_parses_and_writes_nothing(tmp_path):
    root = copy_project(tmp_path / "check")
    result = run_build(root, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "sources read and parsed without error\n"
    assert result.stderr.startswith("15 warnings:\n")
    assert "seeds/a-74-821.txt:28: warning: dropped 11 table of contents line(s)" in result.stderr
    assert not (root / "site").exists() and not (root / "build").exists()
    text = root / "seeds" / "a-res-80-173.txt"
    lines = text.read_text(encoding="utf-8").splitlines()
    lines.insert(40, "سطر زائد")      # the reviewed corrections below it no longer find their words
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_build(root, "check")
    assert result.returncode == 1
    assert result.stderr.startswith("build failed with ")
    assert "seeds/corrections/a-res-80-173.yml:" in result.stderr and "is not on that line" in result.stderr
