"""Incremental builds: a document whose inputs have not changed is not parsed or rendered again.

Two caches under build/cache/, one entry per document, each stored with the key it was made for:

    parsed/<slug>.pickle   the parsed Document; key: the pipeline's version and the document's own
                           files (text, metadata, reviewed corrections, anchor manifest)
    pages/<slug>/          the document's generated files as a build staged them (page, its set-aside
                           HTML, JSON, repair record), hard links to the staged files, and `key`:
                           the key, then each file's name and size; key: the parse key, the curated
                           tables, where its citations lead, and what the page shows of the other
                           documents that share its citations

The pipeline's version is a hash of the package's own files, so any change to the code or its
data invalidates everything. A missing or unreadable entry is a miss, never an error.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Callable

from .jsonio import compact_json
from .link import Corpus
from .model import Document
from .render_refs import others

PACKAGE = Path(__file__).resolve().parent


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


@cache
def pipeline_version() -> str:
    files = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return digest(*(part for p in files for part in (str(p.relative_to(PACKAGE)), p.read_bytes())))


def file_bytes(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b"(none)"


def source_key(seeds: Path, slug: str) -> str:
    """What a document's parse depends on: the pipeline and the document's own files."""
    return digest(pipeline_version(), *(file_bytes(p) for p in (
        seeds / f"{slug}.txt", seeds / f"{slug}.yml", seeds / "corrections" / f"{slug}.yml",
        seeds / "anchors" / f"{slug}.txt")))


def tables_key(seeds: Path) -> str:
    """The curated tables every page may show: references, concepts, editorial annotations."""
    files = [seeds / "references.yml", seeds / "concepts.yml", *sorted((seeds / "annotations").glob("*.yml"))]
    return digest(*(part for p in files for part in (p.name, file_bytes(p))))


def link_context(corpus: Corpus, doc: Document) -> bytes:
    """What a document's generated files take from the rest of the corpus: where each of its
    citations and concept mentions leads (every field of its spans that carry one), and, for each
    reference it shares, the other documents its page names (up to the page's limit) and how many
    there are."""
    spans = [(unit.anchor, span) for unit in [*doc.blocks, *doc.footnotes] for span in unit.spans
             if span.ref is not None]
    slug = doc.meta.slug
    shared = []
    for reference in (*corpus.references_cited_in(slug), *corpus.references_to(slug)):
        named = others(reference, slug)
        shown = [(s, corpus.document(s).meta.short_title, [c.anchor for c in reference.by_document[s]])
                 for s in named.first]
        shared.append((reference.id, reference.title, reference.in_corpus, named.count, shown))
    return compact_json([spans, shared])


@dataclass
class BuildCache:
    folder: Path
    documents: int = 0                                      # documents in the last build
    parsed_again: list[str] = field(default_factory=list)   # slugs read, repaired and parsed afresh
    regenerated: list[str] = field(default_factory=list)    # slugs whose generated files were made afresh

    # An entry is its key on a line of its own, then the pickled value: the key can be checked without
    # reading the rest, and pickling is several times cheaper than any text format for these values.
    def _load(self, path: Path, key: str):
        try:
            with path.open("rb") as entry:
                if entry.readline() != key.encode("ascii") + b"\n":
                    return None
                return pickle.loads(entry.read())
        except Exception:               # missing, truncated or from another version: rebuild it
            return None

    def _store(self, path: Path, key: str, value: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(path.suffix + ".tmp")
        partial.write_bytes(key.encode("ascii") + b"\n" + value)
        partial.replace(path)

    def parsed(self, slug: str, key: str) -> Document | None:
        return self._load(self.folder / "parsed" / f"{slug}.pickle", key)

    def keep_parsed(self, slug: str, key: str, doc: Document) -> bytes:
        """Stores the document; returns it pickled, for a worker to send back without pickling it again."""
        value = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
        self._store(self.folder / "parsed" / f"{slug}.pickle", key, value)
        return value

    # A document's generated files are kept as hard links to the files the build staged: the same bytes
    # on disk once, and nothing to serialise or write again (they are most of what a build writes).
    # Nothing writes into a staged file once it is written, so the two names stay the same file.
    def take_pages(self, slug: str, key: str, staged: Callable[[str], Path]) -> bool:
        """Stage the files kept for `key` (each name at `staged(name)`); False, staging nothing, when
        there are none for this key, or one is missing or not the size it was kept at."""
        entry = self.folder / "pages" / slug
        try:
            head, *listed = (entry / "key").read_text(encoding="utf-8").splitlines()
            if head != key:
                return False
            files = {name: int(size) for name, size in (line.rsplit("\t", 1) for line in listed)}
            if any((entry / name).stat().st_size != size for name, size in files.items()):
                return False
        except (OSError, ValueError):       # missing, damaged, or from another version: make them again
            return False
        for name in files:
            link_or_copy(entry / name, staged(name))
        return True

    def keep_pages(self, slug: str, key: str, staged: dict[str, Path]) -> None:
        """Keep a document's staged files (by name) for `key`; the key is written last, so an entry
        cut short by an interrupted build is never taken."""
        entry = self.folder / "pages" / slug
        shutil.rmtree(entry, ignore_errors=True)
        for name, path in staged.items():
            link_or_copy(path, entry / name)
        listing = "".join(f"{name}\t{path.stat().st_size}\n" for name, path in staged.items())
        partial = entry / "key.tmp"
        partial.write_text(f"{key}\n{listing}", encoding="utf-8")
        partial.replace(entry / "key")


def link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:         # a file system without hard links, or another one
        shutil.copyfile(source, target)
