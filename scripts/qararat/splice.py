"""Raw HTML around MkDocs: set aside before it, spliced back into the built pages after it.

A generated page is mostly raw HTML (a document's units, its reference lists), which Python-Markdown
passes through unchanged, but only after parsing it block by block and holding it for the whole
build: at a thousand documents that was most of the build's time and memory. So each top-level block
of raw HTML of a generated page is replaced by a placeholder before MkDocs and put back, as it was,
into the built page after it. MkDocs still renders what is Markdown: the front matter, the headings
(and so the table of contents), the theme around the content.
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import BuildError
from .jsonio import compact_json, read_json
from .model import Problem
from .parallel import map_in_order

# Blocks Python-Markdown passes through as raw HTML: those opening with a block-level element. A block
# opening with an inline element (<span>, <a>) is a Markdown paragraph and stays with MkDocs.
RAW_HTML_BLOCK = re.compile(r"<(?:div|ul|ol|dl|details|table|section|nav|figure|aside|p)[\s>]")
PLACEHOLDER = '<div data-qararat-part="{}"></div>'
PLACEHOLDER_PATTERN = re.compile(r'<div data-qararat-part="(\d+)"></div>')


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """The page with each run of raw HTML blocks replaced by a placeholder, and the runs in order.

    Blocks are what the renderers separate by a blank line; consecutive raw blocks make one part."""
    out: list[str] = []
    parts: list[str] = []
    previous_raw = False
    for block in markdown.split("\n\n"):
        raw = RAW_HTML_BLOCK.match(block) is not None
        if raw and previous_raw:
            parts[-1] += "\n" + block
        elif raw:
            out.append(PLACEHOLDER.format(len(parts)))
            parts.append(block)
        else:
            out.append(block)
        previous_raw = raw
    return "\n\n".join(out), parts


def built_page(site_dir: Path, markdown_path: str) -> Path:
    """Where MkDocs (use_directory_urls) writes the page of `markdown_path`: a.md -> a/index.html."""
    path = Path(markdown_path)
    folder = path.parent if path.stem == "index" else path.parent / path.stem
    return site_dir / folder / "index.html"


def write_parts(parts_dir: Path, markdown_path: str, parts: list[str]) -> None:
    target = parts_dir / (markdown_path + ".json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(compact_json(parts))


def splice_site(site_dir: Path, parts_dir: Path) -> None:
    """Put every set-aside part back into its built page, in place of its placeholder (pages are
    spliced by worker processes when there are many)."""
    pages = sorted(parts_dir.rglob("*.md.json"))
    problems = [p for p in map_in_order(lambda parts_file: splice_page(site_dir, parts_dir, parts_file), pages) if p]
    if problems:
        raise BuildError(problems)


def splice_page(site_dir: Path, parts_dir: Path, parts_file: Path) -> Problem | None:
    markdown_path = parts_file.relative_to(parts_dir).as_posix().removesuffix(".json")
    page = built_page(site_dir, markdown_path)
    parts = read_json(parts_file)
    html = page.read_text(encoding="utf-8")
    placed: set[int] = set()

    def part(match: re.Match) -> str:
        placed.add(int(match.group(1)))
        return parts[int(match.group(1))]

    page.write_text(PLACEHOLDER_PATTERN.sub(part, html), encoding="utf-8")
    if len(placed) != len(parts):
        return Problem(str(page), None, f"splice: {len(parts) - len(placed)} of {len(parts)} "
                                        f"parts of {markdown_path} have no placeholder in the built page")
    return None
