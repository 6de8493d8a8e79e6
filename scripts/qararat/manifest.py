"""The published anchors of every document, committed under `seeds/anchors/<slug>.txt`.

Once an address is published it must keep working: a build in which an anchor of the manifest
is neither an anchor of the document nor an alias that lands on one fails.
"""
from __future__ import annotations

from pathlib import Path

from .model import Document, Problem


def manifest_path(folder: Path, slug: str) -> Path:
    return folder / f"{slug}.txt"


def read_manifest(folder: Path, slug: str) -> list[str] | None:
    path = manifest_path(folder, slug)
    if not path.exists():
        return None
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_manifest(doc: Document, published: list[str] | None, where: str) -> list[Problem]:
    """Errors for published anchors that would stop working; warnings for unrecorded new ones."""
    current = doc.anchors()
    aliases = dict(doc.meta.aliases)
    problems = [Problem(where, None, f"alias #{old} points to #{new}, which is not an anchor of the document")
                for old, new in aliases.items() if new not in current]
    problems += [Problem(where, None, f"alias #{old} is also a current anchor of the document")
                 for old in aliases if old in current]
    if published is None:
        return problems + [Problem(where, None, "no anchor manifest yet: run `qararat manifest` to record it",
                                   "warning")]
    landing = set(current) | set(aliases)
    problems += [Problem(where, None, f"published anchor #{anchor} is gone: keep it working with an alias "
                                      f"in seeds/{doc.meta.slug}.yml (aliases: {{{anchor}: <new anchor>}})")
                 for anchor in published if anchor not in landing]
    new = [anchor for anchor in current if anchor not in published]
    if new:
        problems.append(Problem(where, None, f"{len(new)} anchors not yet in the manifest (first: #{new[0]}): "
                                             "run `qararat manifest` to record them", "warning"))
    return problems


def write_manifest(folder: Path, doc: Document) -> None:
    """Record the current anchors; published anchors that now live on as aliases stay recorded,
    so the manifest only ever grows (the build has already refused any anchor that was dropped)."""
    folder.mkdir(parents=True, exist_ok=True)
    published = read_manifest(folder, doc.meta.slug) or []
    current = doc.anchors()
    kept = [anchor for anchor in published if anchor not in current]
    manifest_path(folder, doc.meta.slug).write_text("\n".join(current + kept) + "\n", encoding="utf-8")
