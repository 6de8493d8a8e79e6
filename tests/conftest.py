"""Shared fixtures: the real seeds, parsed once; a built copy of the project, built once."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qararat.build import Layout, parse_corpus
from qararat.link import link_corpus, read_tables
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


@pytest.fixture(scope="session")
def parsed_corpus():
    """The five seeds read, repaired and parsed by the build's own stage, once."""
    docs, _ = parse_corpus(Layout(ROOT))
    return docs


@pytest.fixture(scope="session")
def corpus(parsed_corpus):
    """The parsed seeds linked with the curated tables of seeds/."""
    return link_corpus(parsed_corpus, read_tables(SEEDS))


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


# ---------------------------------------------------------------- the built site in a real Chromium

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served on the loopback interface, once for the whole session."""
    import functools
    import http.server
    import threading

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium driven by Playwright, one per test module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "Chromium is required for the browser tests (make test installs Debian's chromium)"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium, site_url):
    """Opens pages in fresh browser contexts (`open_page(width=390, color_scheme="dark")`); every
    request that leaves the local site is recorded in `page.foreign_requests`."""
    from urllib.parse import urlparse

    local = urlparse(site_url).netloc
    contexts = []

    def open_(width: int = 1280, height: int = 900, **options):
        options.setdefault("reduced_motion", "reduce")    # no fades to wait for
        context = chromium.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.foreign_requests = []

        def watch(request):
            url = urlparse(request.url)
            if url.scheme not in ("data", "blob", "about") and url.netloc != local:
                page.foreign_requests.append(request.url)
        page.on("request", watch)
        return page

    yield open_
    for context in contexts:
        context.close()
