"""A reader's path through the documents in a real Chromium: a deep link lands below the sticky header
and marks its unit; a unit is cited by mouse and by keyboard; footnotes and links to paragraphs of the
corpus preview in place, inside the viewport on a desktop and on a phone; a page prints with its
paragraph numbers, footnotes and address."""
from __future__ import annotations

import io
import re

import pytest

HIGHLIGHT = "rgb(255, 244, 194)"   # --qr-target-bg of the light scheme

# (address, the unit it must land on, what kind of unit)
DEEP_LINKS = [
    ("/a-res-80-173/#p99", "p99", "numbered paragraph"),
    ("/a-74-821/#p2-a", "p2-a", "lettered sub-item"),
    ("/itu-cwg-wsis-sdg-2024/#s1-c", "s1-c", "list item of a numbered section"),
    ("/a-res-67-195/#pp3", "pp3", "preambular paragraph"),
    ("/a-res-80-173/#fn7", "fn7", "footnote"),
    ("/tunis-wsis20-declaration/#u5", "u5", "unnumbered paragraph"),
    ("/itu-cwg-wsis-sdg-2024/#annex-a-recalling-g", "annex-a-recalling-g", "lettered item of a resolution part"),
]

# (page, unit, kind, Arabic citation, English citation)
CITATIONS = [
    ("/a-res-80-173/", "p99", "paragraph", "A/RES/80/173، الفقرة 99", "A/RES/80/173, para. 99"),
    ("/a-res-80-173/", "pp3", "preamble", "A/RES/80/173، الفقرة 3 من الديباجة", "A/RES/80/173, preambular para. 3"),
    ("/a-74-821/", "p93-g", "subitem", "A/74/821، الفقرة 93 (ز)", "A/74/821, para. 93 (g)"),
    ("/tunis-wsis20-declaration/", "u5", "unnumbered",
     "إعلان تونس الوزاري بمناسبة الذكرى العشرين للقمة العالمية لمجتمع المعلومات، الفقرة [5] (ترقيم تحريري)",
     "Tunis Ministerial Outcome Declaration, WSIS+20 (2025), para. [5] (editorial numbering)"),
    ("/a-res-67-195/", "fn10", "footnote", "A/RES/67/195، الحاشية 10", "A/RES/67/195, footnote 10"),
    ("/itu-cwg-wsis-sdg-2024/", "annex-a-resolves-3-a", "subitem of a resolution part",
     "تقرير رئيس فريق العمل التابع للمجلس المعني بالقمة العالمية لمجتمع المعلومات وأهداف التنمية المستدامة (2024)"
     "، الملحق A، يقرر، الفقرة 3 (أ)",
     "Report by the Chair of the CWG-WSIS&SDG (2024), Annex A, resolves, para. 3 (a)"),
]


def header_bottom(page) -> float:
    return page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")


def land(page, address: str, unit: str) -> dict:
    page.goto(address)
    page.wait_for_function("(id) => document.getElementById(id).classList.contains('is-target')", arg=unit)
    return page.evaluate("""(id) => {
        const unit = document.getElementById(id), box = unit.getBoundingClientRect();
        return {top: box.top, bottom: box.bottom, background: getComputedStyle(unit).backgroundColor,
                target: document.querySelector(':target') && document.querySelector(':target').id,
                hash: location.hash, height: innerHeight};
    }""", unit)


# ---------------------------------------------------------------- deep links

@pytest.mark.parametrize("address, unit, kind", DEEP_LINKS, ids=[k for _, _, k in DEEP_LINKS])
def test_deep_link_lands_below_the_header_marked(open_page, site_url, address, unit, kind):
    page = open_page()
    landed = land(page, site_url + address, unit)
    assert landed["target"] == unit
    assert header_bottom(page) <= landed["top"] < landed["height"] / 2, f"{kind}: {landed}"
    assert landed["background"] == HIGHLIGHT
    assert page.foreign_requests == []
    # Nothing rewrites the cited fragment while the reader scrolls (Material's navigation.tracking would).
    page.mouse.wheel(0, 1200)
    page.wait_for_timeout(200)
    assert page.evaluate("location.hash") == f"#{unit}"


def test_deep_link_on_a_phone(open_page, site_url):
    page = open_page(width=390, height=844)
    landed = land(page, f"{site_url}/a-res-67-195/#p14", "p14")
    assert header_bottom(page) <= landed["top"] < landed["height"] / 2
    assert landed["background"] == HIGHLIGHT


def test_an_alias_lands_on_its_unit(open_page, site_url):
    """An old anchor is rendered as an empty `span.alias` inside the unit it now names (render.py);
    no document has one yet, so one is placed the way the renderer places it."""
    page = open_page()
    page.goto(f"{site_url}/a-res-67-195/")
    page.evaluate("""() => {
        const alias = document.createElement('span');
        alias.className = 'alias'; alias.id = 'old-p20';
        document.getElementById('p20').prepend(alias);
        location.hash = '#old-p20';
    }""")
    page.wait_for_function("document.getElementById('p20').classList.contains('is-target')")
    box = page.locator("#p20").bounding_box()
    assert header_bottom(page) <= box["y"] < 450
    assert page.evaluate("getComputedStyle(document.getElementById('p20')).backgroundColor") == HIGHLIGHT


# ---------------------------------------------------------------- cite a unit

@pytest.fixture
def clipboard_page(open_page):
    return open_page(permissions=["clipboard-read", "clipboard-write"])


def copied(page, text: str) -> str:
    """Wait for the announcement of `text`, then read the clipboard."""
    page.wait_for_function("(text) => document.querySelector('.qr-status').textContent.includes(text)", arg=text)
    value = page.evaluate("navigator.clipboard.readText()")
    page.evaluate("document.querySelector('.qr-status').textContent = ''")
    return value


@pytest.mark.parametrize("path, unit, kind, arabic, english", CITATIONS, ids=[c[2] for c in CITATIONS])
def test_copy_citation_by_keyboard_and_by_mouse(clipboard_page, site_url, path, unit, kind, arabic, english):
    page = clipboard_page
    address = f"{site_url}{path}#{unit}"
    page.goto(address)
    # Keyboard: the deep link focuses its unit (reader.js), so Tab reaches the unit's number, then its
    # copy buttons, shown on focus.
    page.wait_for_function("(id) => document.activeElement && document.activeElement.id === id", arg=unit)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('a.num') && document.activeElement.closest('.unit').id") == unit, \
        page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('button.cite-copy') && "
                         "document.activeElement.closest('.unit').id") == unit
    assert page.evaluate("getComputedStyle(document.activeElement.parentElement).opacity") == "1"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == f"انسخ الاستشهاد: {arabic}"
    page.keyboard.press("Enter")
    assert copied(page, arabic) == f"{arabic}، {address}"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.language") == "en"
    page.keyboard.press("Space")
    assert copied(page, english) == f"{english}, {address}"
    # Mouse: the controls appear on hover.
    page.evaluate("document.activeElement.blur()")
    page.mouse.move(0, 0)
    page.hover(f"#{unit} > p")
    tools = page.locator(f"#{unit} > .cite-tools")
    assert tools.evaluate("e => getComputedStyle(e).opacity") == "1"
    tools.locator("button[data-language=ar]").click()
    assert copied(page, arabic) == f"{arabic}، {address}"
    tools.locator("button[data-language=en]").click()
    assert copied(page, english) == f"{english}, {address}"
    assert page.locator(".qr-status").get_attribute("role") == "status"


# ---------------------------------------------------------------- previews

def preview_box(page) -> dict:
    page.wait_for_function("!document.getElementById('qr-preview').hidden")
    return page.evaluate("""() => {
        const tip = document.getElementById('qr-preview'), box = tip.getBoundingClientRect();
        return {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
                width: document.documentElement.clientWidth, height: innerHeight,
                label: tip.querySelector('.qr-preview__label').textContent,
                text: tip.querySelector('.qr-preview__text').textContent};
    }""")


def inside(box: dict) -> bool:
    return 0 <= box["left"] <= box["right"] <= box["width"] and 0 <= box["top"] <= box["bottom"] <= box["height"]


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_footnote_previews_stay_inside_the_viewport(open_page, site_url, width, height):
    page = open_page(width=width, height=height)
    page.goto(f"{site_url}/a-res-67-195/")
    markers = page.locator("sup.fnref a")
    assert markers.count() == 14
    for i in range(markers.count()):
        marker = markers.nth(i)
        marker.scroll_into_view_if_needed()
        marker.focus()
        number = marker.get_attribute("href").removeprefix("#fn")
        box = preview_box(page)
        assert inside(box), (i, box)
        assert box["label"] == f"A/RES/67/195، الحاشية {number}"
        page.keyboard.press("Escape")
        page.wait_for_function("document.getElementById('qr-preview').hidden")
    # The pointer shows the same preview, and the marker is described by it.
    page.locator("#fnref10 a").scroll_into_view_if_needed()
    page.hover("#fnref10 a")
    box = preview_box(page)
    assert inside(box), box
    assert "E/2011/27" in box["text"]
    assert page.get_attribute("#fnref10 a", "aria-describedby") == "qr-preview"


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_preview_of_a_paragraph_on_another_page(open_page, site_url, width, height):
    """A reference page links to every paragraph that cites it: each link previews that paragraph."""
    page = open_page(width=width, height=height)
    page.goto(f"{site_url}/ref/a-res-70-125/")
    links = page.locator("article a[href*='/a-res-80-173/#']")
    assert links.count() >= 4
    for i in range(links.count()):
        link = links.nth(i)
        anchor = link.get_attribute("href").split("#")[1]
        link.scroll_into_view_if_needed()
        link.hover()
        box = preview_box(page)
        assert inside(box), (anchor, box)
        assert box["label"].startswith("A/RES/80/173، ")
        expected = page.evaluate("(a) => fetch('../../a-res-80-173/').then(r => r.text()).then(t => "
                                 "new DOMParser().parseFromString(t, 'text/html').getElementById(a)"
                                 ".querySelector(':scope > p').textContent.replace(/\\s+/g, ' ').trim())", anchor)
        assert box["text"].startswith(expected[:60])
        page.mouse.move(0, 0)
        page.wait_for_function("document.getElementById('qr-preview').hidden")
    assert page.foreign_requests == []


def test_preview_of_a_reference_page(open_page, site_url):
    page = open_page()
    page.goto(f"{site_url}/a-res-80-173/")
    citation = page.locator("a.citation[href$='ref/a-res-70-125/']").first
    citation.scroll_into_view_if_needed()
    citation.hover()
    box = preview_box(page)
    assert inside(box)
    assert box["label"] == "A/RES/70/125"
    assert box["text"].startswith("الوثيقة الختامية للاجتماع الرفيع المستوى")


# ---------------------------------------------------------------- print

def test_printed_page_has_numbers_footnotes_and_address(open_page, site_url):
    pypdf = pytest.importorskip("pypdf")
    page = open_page()
    page.goto(f"{site_url}/itu-cwg-wsis-sdg-2024/")
    page.wait_for_load_state("networkidle")
    pdf = page.pdf(format="A4")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert f"{site_url}/itu-cwg-wsis-sdg-2024/" in text            # the page's address
    for number in ("2.1", "2.10.1", "2.14", "3.15.2"):                # paragraph numbers in the margin
        assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", text), number
    assert "ICANN" in text and "W3C" in text                          # the footnote, printed once
    assert text.count("ICANN") == 1
    assert not re.search(r"(?<!\w)EN(?!\w)", text)                    # no cite buttons on paper
