"""The pipeline, stage by stage: read -> repair -> parse -> link -> render -> mkdocs build and search
index (side by side) -> splice -> swap into site/.

Nothing is written before every document has been read and parsed without error, and the
site is built into a temporary folder that replaces `site/` only when MkDocs and the index succeeded,
so a failed build leaves the previous site untouched. Documents are parsed, linked and rendered in
worker processes when there are many (qararat.parallel).
"""
from __future__ import annotations

import contextlib
import gc
import pickle
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .errors import BuildError, fail_on_errors
from .cache import BuildCache, digest, link_context, source_key, tables_key
from .link import Corpus, link_corpus, read_tables
from .manifest import check_manifest, read_manifest
from .model import Document, Problem
from .navigation import mkdocs_config, navigation
from .parallel import map_in_order
from .parse import parse
from .parse.common import Source
from .read import read_corpus
from .render import corpus_files, document_files
from .repair import prepare, repair_source
from .search import SEARCH, write_index
from .splice import set_aside, splice_site, write_parts


@dataclass(frozen=True)
class Layout:
    """Where a project keeps its inputs and puts its products."""

    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def anchors(self) -> Path:
        return self.seeds / "anchors"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def staged_docs(self) -> Path:
        return self.root / "build" / "docs"

    @property
    def site_config(self) -> Path:
        return self.root / "build" / "mkdocs.yml"

    @property
    def staged_parts(self) -> Path:
        """The raw HTML of the generated pages, set aside while MkDocs runs (qararat.splice)."""
        return self.root / "build" / "parts"

    @property
    def search_index(self) -> Path:
        """The search index (qararat.search), made from the staged data files while MkDocs builds the site,
        and moved into it after."""
        return self.root / "build" / SEARCH

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def cache(self) -> Path:
        return self.root / "build" / "cache"


def parse_corpus(layout: Layout, cache: BuildCache | None = None) -> tuple[list[Document], list[Problem]]:
    """Read and parse every seed; report the errors of all documents together. With a cache, a
    document whose files and pipeline are unchanged is taken from it instead of parsed again."""
    sources = read_corpus(layout.seeds)
    keys = {s.meta.slug: source_key(layout.seeds, s.meta.slug) for s in sources} if cache else {}
    kept = {slug: cache.parsed(slug, key) for slug, key in keys.items()} if cache else {}
    fresh = [s for s in sources if kept.get(s.meta.slug) is None]

    def parse_and_keep(source: Source) -> bytes | BuildError:
        """The document pickled (a worker's result is pickled anyway: this way once, for the cache
        and for the way back), or its error: returned, not raised, so that every document is tried
        and all errors reported."""
        try:
            doc = parse(repair_source(source, layout.seeds / "corrections"))
        except BuildError as error:
            return error
        if cache:
            return cache.keep_parsed(source.meta.slug, keys[source.meta.slug], doc)
        return pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)

    prepare(fresh)
    parsed = {source.meta.slug: result if isinstance(result, BuildError) else pickle.loads(result)
              for source, result in zip(fresh, map_in_order(parse_and_keep, fresh, renew_workers=False))}
    docs: list[Document] = []
    problems: list[Problem] = []
    for source in sources:
        slug = source.meta.slug
        doc = parsed[slug] if slug in parsed else kept[slug]
        if isinstance(doc, BuildError):
            problems.extend(doc.problems)
            continue
        if cache and slug in parsed:
            cache.parsed_again.append(slug)
        docs.append(doc)
        problems.extend(doc.warnings)
        problems.extend(check_manifest(doc, read_manifest(layout.anchors, doc.meta.slug),
                                       f"seeds/anchors/{doc.meta.slug}.txt"))
    fail_on_errors(problems)
    return docs, problems


@dataclass(frozen=True)
class Staging:
    """Where a build writes the generated files before MkDocs: the folder MkDocs reads (the hand-written
    pages and assets, then the generated pages), and beside it the raw HTML of the generated pages set
    aside. Each is written as `<name>.tmp` and put in place whole."""

    docs: Path
    parts: Path

    @staticmethod
    def start(layout: Layout) -> Staging:
        staging = Staging(*(target.with_name(target.name + ".tmp") for target in Staging.targets(layout)))
        for folder in staging.folders():
            shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(layout.docs, staging.docs, ignore=shutil.ignore_patterns("overrides"))
        return staging

    @staticmethod
    def targets(layout: Layout) -> tuple[Path, Path]:
        return layout.staged_docs, layout.staged_parts

    def folders(self) -> tuple[Path, Path]:
        return self.docs, self.parts

    def trees(self) -> dict[str, Path]:
        """The two staged folders by name; a staged file is named `<tree>/<path inside it>`."""
        return {"docs": self.docs, "parts": self.parts}

    def write(self, files: Iterable[tuple[str, str | bytes]]) -> list[str]:
        """Writes (path, content) pairs, a page's raw HTML set aside; the names of the files written.
        The folders start empty, so no file is written over: one a build took from the cache is a
        link to the cache's own copy."""
        written = []
        for relative, content in files:
            if relative.endswith(".md"):
                content, raw_parts = set_aside(content)
                write_parts(self.parts, relative, raw_parts)
                written.append(f"parts/{relative}.json")
            write_file(self.docs / relative, content)
            written.append(f"docs/{relative}")
        return written

    def path(self, name: str) -> Path:
        tree, relative = name.split("/", 1)
        return self.trees()[tree] / relative

    def finish(self, layout: Layout) -> None:
        for folder, target in zip(self.folders(), Staging.targets(layout)):
            shutil.rmtree(target, ignore_errors=True)
            folder.rename(target)


def stage_site(corpus: Corpus, layout: Layout, cache: BuildCache) -> None:
    """Every generated file, staged for MkDocs and the search index. A document's own files are rendered
    again only when its key changed: its parse key, the curated tables, or what it shows of the rest
    of the corpus; otherwise they are taken from the cache. Documents are staged by worker processes
    (each writes its own files) while this one renders the pages about the whole corpus."""
    staging = Staging.start(layout)
    tables = tables_key(layout.seeds)
    cache.documents = len(corpus.documents)

    def stage_document(doc: Document) -> bool:
        """Stage one document's files; whether they were rendered afresh. Its key is made here, in the
        worker, like its files."""
        slug = doc.meta.slug
        key = digest(source_key(layout.seeds, slug), tables, link_context(corpus, doc))
        if cache.take_pages(slug, key, staging.path):
            return False
        written = staging.write(document_files(corpus, doc).items())
        cache.keep_pages(slug, key, {name: staging.path(name) for name in written})
        return True

    corpus.build_lookups()
    staged = map_in_order(stage_document, corpus.documents)    # the workers start now
    staging.write(corpus_files(corpus))                         # while this process renders these
    rendered = list(staged)
    cache.regenerated.extend(doc.meta.slug for doc, fresh in zip(corpus.documents, rendered) if fresh)
    staging.finish(layout)


def write_file(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def write_site_config(layout: Layout, docs: Iterable[Document]) -> None:
    """This build's MkDocs configuration: the project's, with the navigation of this corpus."""
    pages = {str(p.relative_to(layout.staged_docs)) for p in layout.staged_docs.rglob("*.md")}
    nav, left_out = navigation(docs, pages)
    layout.site_config.write_text(mkdocs_config(layout.root / "mkdocs.yml", layout.staged_docs, nav, left_out),
                                  encoding="utf-8")


class Background:
    """A command running beside the build: `seconds` is how long it ran, `printed` what it printed."""

    def __init__(self, command: list[str], cwd: Path):
        self.started = time.perf_counter()
        self.seconds = 0.0
        self.printed = ""
        self.process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.waiter = threading.Thread(target=self.wait_for_exit, daemon=True)
        self.waiter.start()

    def wait_for_exit(self) -> None:
        self.printed, _ = self.process.communicate()
        self.seconds = time.perf_counter() - self.started

    def finish(self) -> int:
        self.waiter.join()
        return self.process.returncode

    def stop(self) -> None:
        """Stop it (the build failed elsewhere); nothing if it has finished."""
        self.process.kill()
        self.waiter.join()


def start_mkdocs(layout: Layout, site_dir: Path) -> Background:
    return Background([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(layout.site_config),
                       "--site-dir", str(site_dir)], layout.root)


def finish_mkdocs(mkdocs: Background) -> None:
    if mkdocs.finish() != 0:
        raise BuildError([Problem("mkdocs.yml", None, f"mkdocs build --strict failed:\n{mkdocs.printed.strip()}")])


def swap_into_place(built: Path, target: Path) -> None:
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    built.rename(target)
    shutil.rmtree(old, ignore_errors=True)


# The build holds millions of long-lived objects (the corpus) and frees almost all its garbage by
# reference counting; at the collector's default thresholds it traverses the corpus again and again
# (about 15% of the parse and link stages' time at 1000 documents). Collections are made rarer, not
# stopped.
BUILD_GC_THRESHOLDS = (50_000, 20, 100)


@contextlib.contextmanager
def rare_collections():
    before = gc.get_threshold()
    gc.set_threshold(*BUILD_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def build(layout: Layout, cache: BuildCache | None = None) -> list[Problem]:
    """Build the whole site; returns the warnings, raises BuildError with every error. What the
    cache (by default build/cache) held and what was made afresh is recorded on it."""
    with rare_collections():
        return build_site(layout, cache or BuildCache(layout.cache))


def build_site(layout: Layout, cache: BuildCache) -> list[Problem]:
    docs, problems = parse_corpus(layout, cache)
    corpus = link_corpus(docs, read_tables(layout.seeds))
    del docs                    # the linked documents replace the parsed ones
    stage_site(corpus, layout, cache)
    write_site_config(layout, corpus.documents)
    slugs = [doc.meta.slug for doc in corpus.documents]
    del corpus                  # the search index is made from the staged data files
    built = layout.site.with_name(layout.site.name + ".tmp")
    shutil.rmtree(built, ignore_errors=True)
    mkdocs = start_mkdocs(layout, built)
    try:
        write_index(layout.search_index, layout.staged_docs / "data", slugs)    # while MkDocs builds the site
        finish_mkdocs(mkdocs)
        splice_site(built, layout.staged_parts)
        layout.search_index.rename(built / SEARCH)
    except BaseException:       # a failed build, or an interrupted one: leave no MkDocs running
        mkdocs.stop()
        shutil.rmtree(built, ignore_errors=True)
        raise
    swap_into_place(built, layout.site)
    return problems
