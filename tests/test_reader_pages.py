"""The pages as a whole in a real Chromium: the Naskh face served by the site, a comfortable line, light
and dark schemes, axe-core without a serious or critical violation, and screenshots a person can look at
(build/screenshots/). test_browser.py covers direction, landmarks and third-party requests."""
from __future__ import annotations

import time

import pytest

from conftest import ROOT

SCREENSHOTS = ROOT / "build" / "screenshots"
BLANK_SCREENSHOT_BYTES = 20_000     # a white or near-white page compresses to a few kilobytes
PAGES = {
    "index": "/",
    "document": "/a-res-67-195/",
    "hub": "/ref/a-res-70-125/",
    "about": "/about/",
}


def test_reading_face_is_naskh_served_by_the_site(open_page, site_url):
    page = open_page()
    font_requests = []
    page.on("requestfinished", lambda r: r.url.endswith(".woff2") and font_requests.append(r.url))
    page.goto(f"{site_url}/a-res-80-173/")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'نص')")
    assert "Noto Naskh Arabic" in page.evaluate("getComputedStyle(document.querySelector('#p1 > p')).fontFamily")
    assert font_requests and all(url.startswith(f"{site_url}/assets/fonts/") for url in font_requests)
    # a comfortable line: the text column of a paragraph stays under about 75 letters
    width = page.evaluate("document.querySelector('#p1 > p').getBoundingClientRect().width")
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#p1 > p')).fontSize)")
    assert 30 < width / size < 42


# ---------------------------------------------------------------- axe-core

# The dark scheme changes colours only: there axe checks the colour rules.
COLOUR_RULES = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
                "resultTypes": ["violations"]}


def serious(page, options: dict | None = None) -> list[str]:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    results = (axe.Axe().run(page, options=options) if options else axe.Axe().run(page)).response
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_violation(open_page, site_url, name):
    page = open_page()
    page.goto(site_url + PAGES[name])
    page.wait_for_load_state("networkidle")
    assert serious(page) == []


@pytest.mark.parametrize("name", ["document", "hub"])
def test_axe_dark_scheme_contrast(open_page, site_url, name):
    page = open_page(color_scheme="dark")
    page.goto(site_url + PAGES[name])
    page.wait_for_load_state("networkidle")
    assert serious(page, COLOUR_RULES) == []


def test_axe_on_search_results(open_page, site_url):
    """The open search box and its results (the rest of the page is the document page checked above)."""
    page = open_page()
    page.goto(f"{site_url}/a-res-80-173/")
    page.click("#qr-search-input")
    page.fill("#qr-search-input", "منتدى ادارة الانترنت")
    page.keyboard.press("End")
    page.wait_for_function("document.querySelector('#qr-search-results').dataset.query === '|منتدى ادارة الانترنت'")
    assert page.locator("#qr-search-results li.qr-result").count() == 10
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    results = axe.Axe().run(page, context={"include": [["[data-qr-search]"]]}).response
    assert [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")] == []


# ---------------------------------------------------------------- screenshots for a person to look at

def painted_screenshot(page, path, seconds: float = 5.0) -> int:
    """Saves a screenshot once the page shows more than a blank screen and returns its size in bytes.
    Software-rendered Chromium can show a white frame for a moment after a change: on a phone, Material's
    search panel opens by scaling a white overlay 45 times, and that layer takes a while to paint."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + seconds
    page.evaluate("document.fonts.ready")
    while True:
        page.screenshot(path=str(path))
        if path.stat().st_size > BLANK_SCREENSHOT_BYTES or time.monotonic() > deadline:
            return path.stat().st_size
        page.wait_for_timeout(100)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_a_document_page(open_page, site_url, scheme):
    """Desktop, then the same page at a phone's width, in one scheme."""
    page = open_page(color_scheme=scheme)
    page.goto(f"{site_url}/a-res-80-173/#p23")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    darkest = max(int(c) for c in background[background.index("(") + 1:background.index(")")].split(",")[:3])
    assert (darkest < 80) == (scheme == "dark"), background
    for device, width, height in (("desktop", 1280, 900), ("phone", 390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("document.getElementById('p23').scrollIntoView()")
        page.hover("#p23 > p")     # the cite controls show
        path = SCREENSHOTS / f"document-{device}-{scheme}.png"
        assert painted_screenshot(page, path) > BLANK_SCREENSHOT_BYTES
        assert page.locator("#p23 > .cite-tools").evaluate("e => getComputedStyle(e).opacity") == "1"


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_screenshot_of_search_results(open_page, site_url, width, height):
    page = open_page(width=width, height=height)
    page.goto(f"{site_url}/a-res-80-173/")
    if width < 960:
        page.click("label.md-header__button[for='__search']")
    page.click("#qr-search-input")
    page.fill("#qr-search-input", "125/70")
    page.keyboard.press("End")
    page.wait_for_function("document.querySelector('#qr-search-results').dataset.query === '|125/70'")
    page.locator("#qr-search-results li.qr-result").first.wait_for(state="visible")
    path = SCREENSHOTS / f"search-results-{'desktop' if width > 400 else 'phone'}.png"
    assert painted_screenshot(page, path) > BLANK_SCREENSHOT_BYTES
    assert page.locator("#qr-search-results li.qr-result").count() == 9


# Every margin label of a document page, with the number of lines it takes and whether it covers its text.
MARGIN_LABELS = """() => [...document.querySelectorAll('.unit > a.num')].map(a => {
    const label = a.getBoundingClientRect(), text = a.parentElement.querySelector(':scope > p').getBoundingClientRect();
    const lines = Math.round(label.height / parseFloat(getComputedStyle(a).lineHeight));
    const covers = label.bottom > text.top && label.top < text.bottom && label.left < text.right && label.right > text.left;
    return {href: a.getAttribute('href'), label: a.innerText, lines, covers: covers && label.width > 0};
})"""


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
@pytest.mark.parametrize("slug", ["itu-cwg-wsis-sdg-2024", "a-res-80-173", "a-74-821"])
def test_every_margin_label_reads_on_one_line_beside_or_above_its_text(open_page, site_url, slug, width):
    """'2.10.1' must not break into '2.10' over '.1' on a phone, nor a struck old number split from the new."""
    page = open_page(width=width, height=844)
    page.goto(f"{site_url}/{slug}/")
    page.wait_for_load_state("networkidle")
    labels = page.evaluate(MARGIN_LABELS)
    assert len(labels) > 40
    assert [label for label in labels if label["lines"] != 1 or label["covers"]] == []
    if slug == "itu-cwg-wsis-sdg-2024":
        assert {label["label"] for label in labels} >= {"2.10.1", "3.15.2", "الغرض"}
