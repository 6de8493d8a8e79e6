"""The pipeline, stage by stage: read -> repair -> parse -> link -> render -> mkdocs build and search
index (side by side) -> splice -> swap into site/.

Nothing is written before every document has been read and parsed without error, and the
site is built into a temporary folder that replaces `site/` only when MkDocs and Pagefind succeeded,
so a failed build leaves the previous site untouched. Documents are parsed, linked and rendered in
worker processes when there are many (qararat.parallel).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

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
from .repair import repair_source
from .search import SEARCH_PAGES, finish_index, start_index
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
    def search_pages(self) -> Path:
        """What Pagefind indexes: each document's sections of paragraphs (qararat.search)."""
        return self.root / "build" / SEARCH_PAGES

    @property
    def search_index(self) -> Path:
        """Where Pagefind writes the index while MkDocs builds the site; moved into it after."""
        return self.root / "build" / "pagefind"

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

    def parse_and_keep(source: Source) -> Document | BuildError:
        # An error is returned, not raised, so that every document is tried and all errors reported.
        try:
            doc = parse(repair_source(source, layout.seeds / "corrections"))
        except BuildError as error:
            return error
        if cache:
            cache.keep_parsed(source.meta.slug, keys[source.meta.slug], doc)
        return doc

    parsed = dict(zip((s.meta.slug for s in fresh), map_in_order(parse_and_keep, fresh)))
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


def render_site(corpus: Corpus, layout: Layout, cache: BuildCache) -> Iterator[dict[str, str]]:
    """Every generated file, a document's files at a time (so they need not all be held at once). A
    document's own files are rendered again only when its key changed: its parse key, the curated
    tables, or what it shows of the rest of the corpus."""
    tables = tables_key(layout.seeds)
    cache.documents = len(corpus.documents)
    keys = {doc.meta.slug: digest(source_key(layout.seeds, doc.meta.slug), tables, link_context(corpus, doc))
            for doc in corpus.documents}
    stale = [doc for doc in corpus.documents if not cache.has_pages(doc.meta.slug, keys[doc.meta.slug])]

    def render_and_keep(doc: Document) -> dict[str, str]:
        pages = document_files(corpus, doc)
        cache.keep_pages(doc.meta.slug, keys[doc.meta.slug], pages)
        return pages

    rendered = map_in_order(render_and_keep, stale)     # the workers start on the stale documents now
    yield corpus_files(corpus)                          # while this process renders the corpus pages
    stale_slugs = {doc.meta.slug for doc in stale}
    for doc in corpus.documents:
        if doc.meta.slug not in stale_slugs:
            pages = cache.pages(doc.meta.slug, keys[doc.meta.slug])
            if pages is None:                           # its entry is damaged after the key
                pages = render_and_keep(doc)
                stale_slugs.add(doc.meta.slug)
            yield pages
    yield from rendered
    cache.regenerated.extend(doc.meta.slug for doc in corpus.documents if doc.meta.slug in stale_slugs)


def stage_docs(layout: Layout, rendered: Iterable[dict[str, str]]) -> None:
    """The hand-written pages and assets plus the generated files, in one folder MkDocs reads; beside
    it, the raw HTML of the generated pages set aside, and the pages for the search index."""
    targets = (layout.staged_docs, layout.staged_parts, layout.search_pages)
    docs, parts, search_pages = fresh = [target.with_name(target.name + ".tmp") for target in targets]
    for folder in fresh:
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(layout.docs, docs, ignore=shutil.ignore_patterns("overrides"))
    for files in rendered:
        for relative, content in files.items():
            if relative.startswith(SEARCH_PAGES + "/"):
                write_file(search_pages / relative.removeprefix(SEARCH_PAGES + "/"), content)
                continue
            if relative.endswith(".md"):
                content, raw_parts = set_aside(content)
                write_parts(parts, relative, raw_parts)
            write_file(docs / relative, content)
    for folder, target in zip(fresh, targets):
        shutil.rmtree(target, ignore_errors=True)
        folder.rename(target)


def write_file(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def write_site_config(layout: Layout, docs: list[Document]) -> None:
    """This build's MkDocs configuration: the project's, with the navigation of this corpus."""
    pages = {str(p.relative_to(layout.staged_docs)) for p in layout.staged_docs.rglob("*.md")}
    nav, left_out = navigation(docs, pages)
    layout.site_config.write_text(mkdocs_config(layout.root / "mkdocs.yml", layout.staged_docs, nav, left_out),
                                  encoding="utf-8")


def run_mkdocs(layout: Layout, site_dir: Path) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", str(layout.site_config), "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=layout.root, capture_output=True, text=True)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise BuildError([Problem("mkdocs.yml", None, f"mkdocs build --strict failed:\n{output}")])


def swap_into_place(built: Path, target: Path) -> None:
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    built.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def build(layout: Layout, cache: BuildCache | None = None) -> list[Problem]:
    """Build the whole site; returns the warnings, raises BuildError with every error. What the
    cache (by default build/cache) held and what was made afresh is recorded on it."""
    cache = cache or BuildCache(layout.cache)
    docs, problems = parse_corpus(layout, cache)
    stage_docs(layout, render_site(link_corpus(docs, read_tables(layout.seeds)), layout, cache))
    write_site_config(layout, docs)
    built = layout.site.with_name(layout.site.name + ".tmp")
    shutil.rmtree(built, ignore_errors=True)
    indexing = start_index(layout.search_pages, layout.search_index)
    try:
        run_mkdocs(layout, built)
        splice_site(built, layout.staged_parts)
        finish_index(indexing, layout.search_index, built)
    except BaseException:       # a failed build, or an interrupted one: leave no Pagefind running
        indexing.stop()
        shutil.rmtree(built, ignore_errors=True)
        raise
    swap_into_place(built, layout.site)
    return problems
