"""The website in a real browser, opened from disk (file://) and over http on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page

from browser import PageWatch, serve

PAGES = ["en/index.html", "en/library.html", "en/sessions/count-stones.html", "en/curricula/test.html",
         "en/pages/about.html", "ur/index.html", "ur/library.html", "ur/sessions/feelings.html",
         "ur/sessions/count-stones.html", "ur/curricula/test.html", "ur/pages/about.html", "en/strands/sel.html"]


@pytest.fixture(scope="session")
def http_base(built_basic: Path) -> Iterator[str]:
    with serve(built_basic) as base:
        yield base


@pytest.fixture(params=["file", "http"])
def base(request: pytest.FixtureRequest, built_basic: Path) -> str:
    if request.param == "file":
        return built_basic.as_uri() + "/"
    return request.getfixturevalue("http_base")


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    yield context.new_page()
    context.close()


def visible_ids(page: Page) -> list[str]:
    return page.eval_on_selector_all("#results > li:not([hidden])", "cards => cards.map(c => c.dataset.id)")


def test_filters_narrow_the_list_and_update_the_count(page: Page, base: str) -> None:
    watch = PageWatch(page, base)
    page.goto(base + "en/library.html")
    assert page.inner_text("#result-count") == "2 of 2 sessions"
    page.check("input[name=strand][value=numeracy]")
    assert visible_ids(page) == ["count-stones"]
    assert page.inner_text("#result-count") == "1 of 2 sessions"
    page.check("input[name=strand][value=sel]")
    assert visible_ids(page) == ["count-stones", "feelings"]
    page.select_option("#filter-age", "5")
    assert visible_ids(page) == ["count-stones"]
    assert "strand=numeracy,sel" in page.url and "age=5" in page.url
    page.click("#clear-filters")
    assert visible_ids(page) == ["count-stones", "feelings"]
    assert "#" not in page.url or page.url.endswith("#")
    assert watch.errors == [] and watch.outside() == []


def test_a_filtered_view_can_be_bookmarked(page: Page, base: str) -> None:
    page.goto(base + "en/library.html#context=urban-school&domain=communication")
    assert visible_ids(page) == ["feelings"] or visible_ids(page) == []
    page.goto(base + "en/library.html#domain=communication")
    assert visible_ids(page) == ["feelings"]
    assert page.is_checked("input[name=domain][value=communication]")
    page.goto(base + "en/library.html#duration=20")
    assert visible_ids(page) == ["count-stones"]
    assert page.inner_text("#result-count") == "1 of 2 sessions"


def test_context_filter_keeps_sessions_that_suit_every_context(page: Page, base: str) -> None:
    page.goto(base + "en/library.html#context=urban-school")
    assert visible_ids(page) == ["count-stones"]  # no contexts: suits every setting
    page.goto(base + "en/library.html#context=refugee")
    assert visible_ids(page) == ["count-stones", "feelings"]


def test_english_search_finds_and_highlights(page: Page, base: str) -> None:
    page.goto(base + "en/library.html")
    page.fill("#q", "stone")
    assert visible_ids(page) == ["count-stones"]
    assert page.inner_text("#results li:not([hidden]) mark") == "Stones"
    page.fill("#q", "happy face")
    assert visible_ids(page) == ["feelings"]
    page.fill("#q", "zebra")
    assert visible_ids(page) == [] and page.is_visible("#no-results")


def test_search_matches_body_and_shows_the_words(page: Page, base: str) -> None:
    page.goto(base + "en/library.html#q=smooth")
    assert visible_ids(page) == ["count-stones"]
    assert "smooth" in page.inner_text("#results li:not([hidden]) .card-hits")


def test_urdu_search_finds_urdu_text(page: Page, base: str) -> None:
    page.goto(base + "ur/library.html")
    page.fill("#q", "چہرہ")
    assert visible_ids(page) == ["feelings"]
    page.fill("#q", "جذبات")
    assert visible_ids(page) == ["feelings"]
    assert page.inner_text("#results li:not([hidden]) .card-title mark") == "جذبات"


def test_home_search_box_leads_to_results(page: Page, base: str) -> None:
    page.goto(base + "en/index.html")
    assert page.get_attribute("#q", "type") == "search"
    page.fill("#q", "stones")
    page.press("#q", "Enter")
    page.wait_for_url("**/en/library.html#q=stones")
    assert visible_ids(page) == ["count-stones"]
    page.click("#results li:not([hidden]) .card-title a")
    page.wait_for_url("**/en/sessions/count-stones.html")


def test_language_switcher_keeps_the_session(page: Page, base: str) -> None:
    page.goto(base + "en/sessions/feelings.html")
    page.click(".languages a[hreflang=ur]")
    page.wait_for_url("**/ur/sessions/feelings.html")
    assert page.get_attribute("html", "dir") == "rtl"
    page.click(".languages a[hreflang=en]")
    page.wait_for_url("**/en/sessions/feelings.html")


@pytest.mark.parametrize("path", PAGES)
def test_page_stays_inside_the_site_without_errors_and_fits_a_phone(browser: Browser, base: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    watch = PageWatch(page, base)
    page.goto(base + path, wait_until="load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert watch.outside() == []
    assert watch.errors == []
    context.close()


def test_without_javascript_every_session_is_listed(browser: Browser, base: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "en/library.html")
    assert len(page.query_selector_all("#results > li")) == 2
    assert not page.is_visible("#finder")
    context.close()


def test_urdu_page_is_right_to_left_and_mirrored(page: Page, base: str) -> None:
    page.goto(base + "ur/sessions/feelings.html")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    first, last = page.query_selector_all(".site-nav li")[0], page.query_selector_all(".site-nav li")[-1]
    assert first.bounding_box()["x"] > last.bounding_box()["x"]  # the navigation starts on the right
    title = page.query_selector("h1").bounding_box()
    assert title["x"] + title["width"] > 900  # the heading hugs the right edge of the 1200 px page
    code = page.query_selector(".outcomes bdi.code")
    assert page.evaluate("el => getComputedStyle(el).direction", code) == "ltr"  # codes keep their order
    assert code.inner_text() == "T.SEL.1"
    english = page.query_selector(".site-title")
    assert english.inner_text() == "Test Library"
