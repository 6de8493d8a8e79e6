"""The navigation: documents grouped by body, a large body listed by its page only, the MkDocs
configuration of a build, and the built pages' menus."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from conftest import ROOT
from qararat.navigation import LISTED_PER_BODY, body_slug, mkdocs_config, navigation

PAGES = {"index.md", "a-res-80-173.md", "a-res-67-195.md", "a-74-821.md", "itu-cwg-wsis-sdg-2024.md",
         "tunis-wsis20-declaration.md", "about.md", "benchmark.md", "repairs/index.md", "ref/index.md",
         "ref/tunis-agenda.md", "concepts/index.md", "concepts/igf.md"}


def test_body_addresses():
    assert body_slug("UN General Assembly") == "un-general-assembly"
    assert body_slug("Ministerial meeting, Tunis") == "ministerial-meeting-tunis"


def test_the_five_documents_are_listed_under_their_bodies(parsed_corpus):
    nav, left_out = navigation(parsed_corpus, PAGES)
    assert left_out == []
    assert nav == [
        "index.md",
        {"الجمعية العامة للأمم المتحدة": ["bodies/un-general-assembly/index.md", "a-res-80-173.md", "a-res-67-195.md"]},
        {"الاجتماع الوزاري في تونس": ["bodies/ministerial-meeting-tunis/index.md", "tunis-wsis20-declaration.md"]},
        {"مجلس الاتحاد الدولي للاتصالات": ["bodies/itu-council/index.md", "itu-cwg-wsis-sdg-2024.md"]},
        {"الأمين العام للأمم المتحدة": ["bodies/un-secretary-general/index.md", "a-74-821.md"]},
        "ref/index.md", "concepts/index.md", "repairs/index.md", "about.md", "benchmark.md",
    ]


def test_a_large_body_is_listed_by_its_page_only(parsed_corpus):
    resolution = next(d for d in parsed_corpus if d.meta.slug == "a-res-80-173")
    copies = [replace(resolution, meta=replace(resolution.meta, slug=f"a-res-80-{300 + i}"))
              for i in range(LISTED_PER_BODY)]
    nav, left_out = navigation([*parsed_corpus, *copies], PAGES | {f"{d.meta.slug}.md" for d in copies})
    assert {"الجمعية العامة للأمم المتحدة": ["bodies/un-general-assembly/index.md"]} in nav
    assert sorted(left_out) == sorted(["a-res-80-173.md", "a-res-67-195.md", *(f"{d.meta.slug}.md" for d in copies)])
    assert len(nav) == 10


def test_the_build_configuration_is_the_projects_with_the_navigation(tmp_path):
    text = mkdocs_config(ROOT / "mkdocs.yml", tmp_path / "docs", ["index.md"], ["a-res-80-300.md"])
    config = yaml.safe_load(text)
    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == str(tmp_path / "docs")
    assert Path(config["theme"]["custom_dir"]) == ROOT / "docs" / "overrides"
    assert config["nav"] == ["index.md"]
    assert config["not_in_nav"].splitlines() == [*project["not_in_nav"].splitlines(), "/*.md"]
    everything_listed = yaml.safe_load(mkdocs_config(ROOT / "mkdocs.yml", tmp_path / "docs", ["index.md"], []))
    assert everything_listed["not_in_nav"].splitlines() == project["not_in_nav"].splitlines()
    assert {k: v for k, v in config.items() if k not in ("docs_dir", "theme", "nav", "not_in_nav")} == \
           {k: v for k, v in project.items() if k not in ("docs_dir", "theme", "not_in_nav")}


def test_a_body_page_lists_its_documents(built_site):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((built_site / "bodies" / "un-general-assembly" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    links = [a["href"] for a in page.select("article ul.doc-list a")]
    assert links == ["../../a-res-80-173/", "../../a-res-67-195/"]


def test_a_document_page_carries_its_own_section_and_the_other_bodies(built_site):
    """Hubs and concept pages are reached from the text and their indexes; other bodies' documents
    through their body's page: the menu does not grow with the corpus."""
    from urllib.parse import urlsplit

    from bs4 import BeautifulSoup

    page = BeautifulSoup((built_site / "a-res-80-173" / "index.html").read_text(encoding="utf-8"), "html.parser")
    nav = page.select_one("nav.md-nav--primary")
    targets = [urlsplit(a["href"]).path for a in nav.select("a.md-nav__link[href]")]
    pages = [t for t in targets if t]
    assert pages == ["..", "../bodies/un-general-assembly/", "./", "../a-res-67-195/",
                     "../bodies/ministerial-meeting-tunis/", "../bodies/itu-council/", "../bodies/un-secretary-general/",
                     "../ref/", "../concepts/", "../repairs/", "../about/", "../benchmark/"]
