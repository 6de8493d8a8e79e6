"""The built site in a real Chromium: deep links land, footnotes go both ways, nothing leaves the origin."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from urllib.parse import urlparse

import pytest

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base_url(built_site):
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "Chromium is required for the browser tests (make test installs Debian's chromium)"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url):
    """A page that records every request that does not go to the local site."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.foreign_requests = []
    local = urlparse(base_url).netloc

    def watch(request):
        url = urlparse(request.url)
        if url.scheme not in ("data", "blob", "about") and url.netloc != local:
            page.foreign_requests.append(request.url)
    page.on("request", watch)
    yield page
    context.close()


def in_viewport(page, selector: str) -> bool:
    return page.evaluate("""(selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        return box.top >= 0 && box.top < window.innerHeight && box.bottom > 0;
    }""", selector)


def test_deep_link_lands_on_the_paragraph(page, base_url):
    page.goto(f"{base_url}/a-res-80-173/#p99")
    assert in_viewport(page, "#p99")
    assert page.evaluate("document.querySelector(':target').id") == "p99"
    assert page.locator("#p99 p").inner_text().startswith("نقرر أن يصبح منتدى إدارة الإنترنط")


def test_page_is_right_to_left_with_numbers_in_the_right_margin(page, base_url):
    page.goto(f"{base_url}/a-res-67-195/#p14")
    assert page.evaluate("getComputedStyle(document.querySelector('#p14 > p')).direction") == "rtl"
    number = page.locator("#p14 > a.num").bounding_box()
    text = page.locator("#p14 > p").bounding_box()
    assert number["x"] >= text["x"] + text["width"] - 1, "the number sits to the right of the text"


def test_footnote_marker_and_back_link(page, base_url):
    page.goto(f"{base_url}/a-res-67-195/")
    page.locator("#fnref10 a").click()
    page.wait_for_function("location.hash === '#fn10'")
    assert in_viewport(page, "#fn10")
    assert "E/2011/27" in page.locator("#fn10").inner_text()
    page.locator("#fn10 a.backref").click()
    page.wait_for_function("location.hash === '#fnref10'")
    assert in_viewport(page, "#fnref10")


def test_no_request_leaves_the_local_origin(page, base_url):
    for path in ("/", "/a-res-80-173/", "/a-74-821/", "/itu-cwg-wsis-sdg-2024/", "/about/"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    assert page.foreign_requests == []
