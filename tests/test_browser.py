"""The built site in a real Chromium: deep links land, the page is Arabic and right to left from its root,
footnotes go both ways, nothing leaves the origin."""
from __future__ import annotations


def in_viewport(page, selector: str) -> bool:
    return page.evaluate("""(selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
        return box.top >= header && box.top < window.innerHeight && box.bottom > 0;
    }""", selector)


def test_deep_link_lands_on_the_paragraph(open_page, site_url):
    page = open_page()
    page.goto(f"{site_url}/a-res-80-173/#p99")
    assert in_viewport(page, "#p99")
    assert page.evaluate("document.querySelector(':target').id") == "p99"
    assert page.locator("#p99 p").inner_text().startswith("نقرر أن يصبح منتدى إدارة الإنترنت")


def test_page_is_arabic_right_to_left_with_numbers_in_the_right_margin(open_page, site_url):
    page = open_page()
    page.goto(f"{site_url}/a-res-67-195/#p14")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert page.evaluate("getComputedStyle(document.querySelector('#p14 > p')).direction") == "rtl"
    number = page.locator("#p14 > a.num").bounding_box()
    text = page.locator("#p14 > p").bounding_box()
    assert number["x"] >= text["x"] + text["width"] - 1, "the number sits to the right of the text"
    for landmark in ("header", "main", "footer", "nav", "[role=search]"):
        assert page.locator(landmark).count() >= 1, landmark
    assert page.locator("main").count() == 1 and page.locator("article h1").count() == 1


def test_footnote_marker_and_back_link(open_page, site_url):
    page = open_page()
    page.goto(f"{site_url}/a-res-67-195/")
    page.locator("#fnref10 a").click()
    page.wait_for_function("location.hash === '#fn10'")
    assert in_viewport(page, "#fn10")
    assert "E/2011/27" in page.locator("#fn10").inner_text()
    page.locator("#fn10 a.backref").click()
    page.wait_for_function("location.hash === '#fnref10'")
    assert in_viewport(page, "#fnref10")


def test_no_request_leaves_the_local_origin(open_page, site_url):
    page = open_page()
    for path in ("/", "/a-res-80-173/", "/ref/a-res-70-125/", "/about/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    page.click("#qr-search-input")
    page.fill("#qr-search-input", "الإنترنت")
    page.keyboard.press("End")
    page.wait_for_function("document.querySelector('#qr-search-results').dataset.query === '|الإنترنت'")
    page.locator("#qr-search-results a.md-search-result__link").first.hover()
    page.wait_for_load_state("networkidle")
    assert page.foreign_requests == []
