"""The built site in a real browser (Debian's Chromium, driven by Playwright), served on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import page_types
from playwright.sync_api import Browser, Page

# The fixtures `browser` (Debian's Chromium) and `server` (the sample site on 127.0.0.1) live in
# conftest.py, shared with test_quality.py; page_types() lists one page of each type in the built site.
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}


def open_page(browser: Browser, url: str, viewport: str = "phone", javascript: bool = True) -> Page:
    context = browser.new_context(viewport=VIEWPORTS[viewport], java_script_enabled=javascript)
    page = context.new_page()
    page.goto(url)
    return page


def found(page: Page, list_id: str) -> list[str]:
    """Titles of the finder's results, once it has read every part of its index shard."""
    page.wait_for_function("() => document.querySelector('[data-count]').textContent.startsWith('Tìm thấy')")
    assert page.locator(f"#{list_id}").is_hidden(), "the server list gives way to the results"
    return page.locator(f"#{list_id}-results > li .portal-card__title").all_inner_texts()


def visible_titles(page: Page, list_id: str) -> list[str]:
    return page.locator(f"#{list_id} > li .portal-card__title").all_inner_texts()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_page_types_have_no_errors_no_foreign_requests_no_overflow(
    browser: Browser, server: str, built_site: Path, viewport: str
) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith((server, "data:")) else None)
    for url in page_types(built_site):
        response = page.goto(server + url)
        assert response and response.ok, url
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {viewport}"
    context.close()
    assert errors == []
    assert foreign == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tom kho", "Tôm khô Vĩnh Bình"),
        ("dan", "Giỏ lục bình đan tay"),
        ("mat ong", "Mật ong U Minh"),
        ("DEM BANG", "Đệm bàng"),
    ],
)
def test_catalogue_finder_matches_without_diacritics(browser: Browser, server: str, query: str, expected: str):
    page = open_page(browser, server + "san-pham/")
    total = page.locator("#product-list > li").count()
    page.fill("#f-q", query)
    titles = found(page, "product-list")
    assert expected in titles
    assert 0 < len(titles) < total
    assert page.locator("[data-count]").inner_text() == f"Tìm thấy {len(titles)} kết quả"
    assert f"tim={query.replace(' ', '+')}" in page.url, "the filtered view can be shared as a link"
    page.fill("#f-q", "")
    assert page.locator("#product-list").is_visible() and page.locator("#product-list-results").is_hidden()


def test_catalogue_filters(browser: Browser, server: str) -> None:
    page = open_page(browser, server + "san-pham/", "desktop")
    server_cards = {
        card.locator(".portal-card__title").inner_text(): card for card in page.locator("#product-list > li").all()
    }
    page.select_option("#f-stars", "4")
    titles = found(page, "product-list")
    assert titles and all(int(server_cards[t].get_attribute("data-stars")) >= 4 for t in titles)
    page.select_option("#f-stars", "")
    page.select_option("#f-price", "contact")
    found(page, "product-list")
    prices = page.locator("#product-list-results .portal-price").all_inner_texts()
    assert prices and set(prices) == {"Liên hệ"}
    page.select_option("#f-price", "0-100000")
    titles = found(page, "product-list")
    assert titles and all(int(server_cards[t].get_attribute("data-price")) < 100000 for t in titles)
    page.select_option("#f-price", "")
    page.select_option("#f-category", "dac-san-kho")
    titles = found(page, "product-list")
    assert titles and all(server_cards[t].get_attribute("data-category") == "dac-san-kho" for t in titles)
    page.fill("#f-q", "khong co san pham nay")
    assert found(page, "product-list") == []
    assert page.locator("[data-empty]").is_visible()


def test_shared_link_restores_the_filter(browser: Browser, server: str) -> None:
    page = open_page(browser, server + "san-pham/?tim=luc+binh&category=thu-cong")
    titles = found(page, "product-list")
    assert titles and all("lục bình" in t.lower() for t in titles)
    assert page.input_value("#f-q") == "luc binh"


def test_shared_link_with_a_commune_restores_the_filter(browser: Browser, server: str) -> None:
    """The commune's choices arrive from options.json; a shared link's commune is applied after."""
    page = open_page(browser, server + "htx/?commune=cu-vinh-binh-bac", "phone")
    page.wait_for_function("() => document.querySelector('#f-commune').value === 'cu-vinh-binh-bac'")
    assert page.locator("#f-commune option:checked").inner_text() == "— xã Vĩnh Bình Bắc (cũ)"
    names = found(page, "htx-list")
    assert names and "Hợp tác xã Nông nghiệp Tôm càng xanh Vĩnh Bình" in names


def test_directory_filters_by_former_and_current_commune(browser: Browser, server: str) -> None:
    page = open_page(browser, server + "htx/", "desktop")
    total = page.locator("#htx-list > li").count()
    page.select_option("#f-commune", "cu-vinh-binh-bac")
    former = found(page, "htx-list")
    page.select_option("#f-commune", "vinh-binh")
    current = found(page, "htx-list")
    assert 0 < len(former) < len(current) < total
    assert set(former) <= set(current)
    page.select_option("#f-commune", "")
    page.select_option("#f-type", "HTX")
    assert len(found(page, "htx-list")) == 2
    page.select_option("#f-type", "")
    page.fill("#f-q", "dan luc binh")
    assert all("đan lục bình" in t for t in found(page, "htx-list"))


def test_lists_are_complete_without_javascript(browser: Browser, server: str) -> None:
    page = open_page(browser, server + "htx/", javascript=False)
    assert not page.locator("form.portal-filters").is_visible()
    assert len(visible_titles(page, "htx-list")) == page.locator("#htx-list > li").count() > 30


def test_keyboard_reaches_the_finder(browser: Browser, server: str) -> None:
    page = open_page(browser, server + "san-pham/", "desktop")
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id"))
        if {"f-q", "f-category", "f-commune", "f-stars", "f-price"} <= reached:
            break
    assert {"f-q", "f-category", "f-commune", "f-stars", "f-price"} <= reached


@pytest.mark.parametrize(("query", "expected"), [("mat ong", "Mật ong U Minh"), ("dan luc binh", "đan lục bình")])
def test_site_search_without_diacritics(browser: Browser, server: str, query: str, expected: str) -> None:
    page = open_page(browser, server, "desktop")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert any(expected.lower() in t.lower() for t in results.all_inner_texts())
