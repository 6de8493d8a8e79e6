"""The site's navigation: documents grouped by the body that issued them.

Every page carries the navigation, so a flat list of N documents would put N links on each of the
N pages. The navigation lists one section per body; a section lists its documents while they are
few (`LISTED_PER_BODY`), and otherwise only the body's page, which lists them all. With Material's
`navigation.prune` a page carries the links of its own section only, so a document page does not
grow with the corpus.

The MkDocs configuration of a build is the project's mkdocs.yml with this navigation added; it is
written beside the staged pages (build/mkdocs.yml).
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .model import Document
from .read import YAML_LOADER

LISTED_PER_BODY = 12
# Pages of the project's own that close the navigation, in this order, when they exist.
CLOSING_PAGES = ("ref/index.md", "concepts/index.md", "repairs/index.md")


def body_slug(body_en: str) -> str:
    """'UN General Assembly' -> 'un-general-assembly': the address of a body's page."""
    return re.sub(r"[^a-z0-9]+", "-", body_en.lower()).strip("-")


def by_body(docs: list[Document]) -> dict[str, list[Document]]:
    """Bodies in order of their newest document; each body's documents newest first."""
    ordered = sorted(docs, key=lambda d: (d.meta.date, d.meta.slug), reverse=True)
    groups: dict[str, list[Document]] = {}
    for doc in ordered:
        groups.setdefault(body_slug(doc.meta.body_en), []).append(doc)
    return groups


def navigation(docs: list[Document], pages: set[str]) -> tuple[list, list[str]]:
    """The nav entries, and the document pages left out of them (listed on their body's page)."""
    nav: list = ["index.md"]
    left_out: list[str] = []
    for slug, group in by_body(docs).items():
        listed = group if len(group) <= LISTED_PER_BODY else []
        left_out += [f"{d.meta.slug}.md" for d in group if d not in listed]
        nav.append({group[0].meta.body: [f"bodies/{slug}/index.md", *(f"{d.meta.slug}.md" for d in listed)]})
    nav += [page for page in CLOSING_PAGES if page in pages]
    documents = {f"{d.meta.slug}.md" for d in docs}
    nav += sorted(page for page in pages if "/" not in page and page.endswith(".md")
                  and page != "index.md" and page not in CLOSING_PAGES and page not in documents)
    return nav, left_out


def mkdocs_config(project_config: Path, docs_dir: Path, nav: list, left_out: list[str]) -> str:
    """The project's MkDocs configuration with this build's navigation, its paths made absolute so
    that it can be read from beside the staged pages."""
    config = yaml.load(project_config.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    root = project_config.parent
    config["docs_dir"] = str(docs_dir)
    theme = config.get("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str(root / theme["custom_dir"])
    config["nav"] = nav
    # One pattern for the document pages left out (each on its body's page), not one per page: MkDocs
    # matches every pattern against every file, which at a thousand documents took seconds. Every other
    # page at the top level is in the navigation (`navigation`), so the pattern hides no forgotten page.
    config["not_in_nav"] = "\n".join([*(config.get("not_in_nav") or "").splitlines(),
                                      *(["/*.md"] if left_out else [])]) + "\n"
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=10_000)
