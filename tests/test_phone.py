"""What visitors see, in Chromium at a phone's 360x740 (touch) and a desktop's 1366x768: nothing
scrolls sideways, nothing is cut, charts and maps are legible and tappable, meters say what they
measure, and a closed group's pages promote nothing. Every page type of the one built sample."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import DATA, ROOT, page_types, serve

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
SIZES = {"360": PHONE, "1366": DESKTOP}
CONFIG = yaml.safe_load((ROOT / "site_config" / "portal.yml").read_text(encoding="utf-8"))
MIN_TEXT = 12  # CSS px
MIN_TARGET = 24  # CSS px, WCAG 2.2 target size (minimum)


@pytest.fixture(scope="module", params=list(SIZES))
def context(request, browser) -> Iterator:
    """A browsing context at one of the two sizes; the phone one is a touch screen."""
    ctx = browser.new_context(**SIZES[request.param])
    ctx.size = request.param
    yield ctx
    ctx.close()


@pytest.fixture
def tab(context) -> Iterator:
    page = context.new_page()
    page.size = context.size
    yield page
    page.close()


def open_all_details(page) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


# Regions that scroll sideways: an element whose overflow-x lets it scroll and whose content is
# wider than its box, or the document itself. Hidden elements (Material's closed drawer, search)
# are not seen.
SIDEWAYS = """() => {
  const found = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) found.push(`document ${doc.scrollWidth} > ${doc.clientWidth}`);
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(style.overflowX)) continue;
    if (!el.getClientRects().length || style.visibility === 'hidden') continue;
    if (el.closest('[hidden], .md-sidebar, .md-search, .md-tabs')) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      found.push(`${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth} > ${el.clientWidth}`);
    }
  }
  return found;
}"""


def test_no_region_of_any_page_scrolls_sideways(built_site: Path, server: str, tab) -> None:
    problems = []
    for url in page_types(built_site):
        tab.goto(server + url)
        open_all_details(tab)
        problems += [f"{url}: {found}" for found in tab.evaluate(SIDEWAYS)]
    assert problems == []


def test_the_header_title_fits_with_the_short_name_on_a_phone(built_site: Path, server: str, tab) -> None:
    for url in ["", "tien-do/", "san-pham/tom-cang-xanh-tuoi/"]:
        tab.goto(server + url)
        shown = tab.evaluate(
            """() => [...document.querySelectorAll('.md-header__topic:first-child .md-ellipsis')]
                 .filter(e => e.getClientRects().length)
                 .map(e => [e.textContent.trim(), e.scrollWidth, e.clientWidth])"""
        )
        assert len(shown) == 1, shown
        text, scroll, client = shown[0]
        assert scroll <= client, f"{url}: the title {text!r} is cut ({scroll} > {client})"
        expected = CONFIG["site_short_name"] if tab.size == "360" else CONFIG["site_name"]
        assert text == expected


CHART_TEXT = """() => [...document.querySelectorAll('figure.portal-chart svg text, .portal-chart__legend')]
  .filter(t => t.getClientRects().length)
  .map(t => {
    const size = parseFloat(getComputedStyle(t).fontSize);
    const scale = t.getScreenCTM ? t.getScreenCTM().a : 1;
    return [t.textContent.trim(), size * scale, t.getBoundingClientRect().right, innerWidth];
  })"""


def test_chart_text_is_at_least_12_px_as_rendered(built_site: Path, server: str, tab) -> None:
    for url in ["tien-do/", "htx/htx-tom-cang-vinh-binh/"]:
        tab.goto(server + url)
        texts = tab.evaluate(CHART_TEXT)
        assert len(texts) > 20, url
        small = [(text, round(px, 1)) for text, px, _, _ in texts if px < MIN_TEXT]
        assert small == [], url
        outside = [text for text, _, right, width in texts if right > width]
        assert outside == [], url
    assert not list(built_site.rglob("charts/*.svg")), "charts are drawn in their pages"


def test_the_charts_share_one_style_and_tell_series_apart_without_colour(built_site: Path, server: str, tab) -> None:
    tab.goto(server + "tien-do/")
    charts = tab.evaluate(
        """() => [...document.querySelectorAll('figure.portal-chart')].map(f => ({
             title: f.querySelector('figcaption').textContent.trim(),
             legend: [...f.querySelectorAll('.portal-chart__legend rect')].map(r =>
               [r.getAttribute('fill'), r.getAttribute('stroke') || '', r.getAttribute('stroke-dasharray') || '']),
             bars: [...new Set([...f.querySelectorAll('svg.portal-chart__svg rect')].map(r =>
               [r.getAttribute('fill'), r.getAttribute('stroke') || ''].join(' ')))],
             polylines: f.querySelectorAll('polyline').length,
           }))"""
    )
    assert len(charts) == 3
    for chart in charts:
        assert chart["polylines"] == 0, "no lines that could cross"
        assert chart["bars"], chart["title"]
        # Each series differs from the others in its shape (outline, dashes), not only in colour.
        shapes = [(bool(stroke), dash) for _, stroke, dash in chart["legend"]]
        assert len(set(shapes)) == len(shapes), chart
        assert len(chart["bars"]) == max(1, len(chart["legend"])), chart


METERS = """() => [...document.querySelectorAll('.portal-target')].map(li => {
  const meter = li.querySelector('[role=meter]');
  const track = meter.querySelector('svg').getBoundingClientRect();
  const value = meter.querySelector('.portal-meter__value');
  const mark = meter.querySelector('svg svg rect').getBoundingClientRect();
  return {
    label: li.querySelector('.portal-target__label').textContent.trim(),
    name: meter.getAttribute('aria-labelledby'),
    now: +meter.getAttribute('aria-valuenow'), min: +meter.getAttribute('aria-valuemin'),
    max: +meter.getAttribute('aria-valuemax'), text: meter.getAttribute('aria-valuetext'),
    figures: li.querySelector('.portal-target__figures').textContent.trim(),
    length: value ? value.getBoundingClientRect().width / track.width : 0,
    mark: (mark.left + mark.width / 2 - track.left) / track.width,
  };
})"""


def number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def test_meters_draw_the_value_on_its_scale_with_the_target_marked(built_site: Path, server: str, tab) -> None:
    targets = CONFIG["targets"]
    for url in ["", "tien-do/"]:
        tab.goto(server + url)
        meters = tab.evaluate(METERS)
        assert len(meters) >= 6, url
        for m in meters:
            spec = next(s for s in targets.values() if s["label"] == m["label"])
            shown = re.match(r"([\d.,]+)(%| )", m["figures"])
            assert shown, m
            assert m["now"] == pytest.approx(number(shown.group(1))), m  # the number read is the number drawn
            assert m["min"] == 0 and m["max"] >= max(m["now"], spec["target"]), m
            if spec.get("unit") == "%":
                assert m["max"] == 100, m
            assert m["length"] == pytest.approx(m["now"] / m["max"], abs=0.01), m
            assert m["mark"] == pytest.approx(spec["target"] / m["max"], abs=0.015), m
            state = (
                "vượt chỉ tiêu"
                if m["now"] > spec["target"]
                else "đạt chỉ tiêu"
                if m["now"] == spec["target"]
                else "chưa đạt chỉ tiêu"
            )
            assert state in m["text"] and state in m["figures"].lower(), m
    # A value below its target is drawn short of the mark, never as a full bar.
    below = [m for m in meters if m["length"] < 0.999]
    assert below, "no bar is drawn full unless its value is the end of its scale"


MAP_POINTS = """() => [...document.querySelectorAll('.portal-map__svg a')].map(a => {
  const dot = a.querySelector('circle').getBoundingClientRect();
  return {
    number: a.querySelector('text').textContent,
    x: dot.left + dot.width / 2, y: dot.top + dot.height / 2, w: dot.width, h: dot.height,
    title: a.querySelector('title').textContent,
  };
})"""


def test_the_overview_maps_points_are_big_apart_and_named(built_site: Path, server: str, tab) -> None:
    tab.goto(server + "htx/")
    points = tab.evaluate(MAP_POINTS)
    assert points
    for p in points:
        assert p["w"] >= MIN_TARGET and p["h"] >= MIN_TARGET, p
    for i, p in enumerate(points):
        for q in points[i + 1 :]:
            distance = ((p["x"] - q["x"]) ** 2 + (p["y"] - q["y"]) ** 2) ** 0.5
            assert distance >= (p["w"] + q["w"]) / 2, (p, q)  # no point hides another
    names = tab.evaluate(
        """() => [...document.querySelectorAll('.portal-map__names li')]
             .map(li => [li.value, li.textContent.trim(), li.getClientRects().length > 0])"""
    )
    assert sorted(int(p["number"]) for p in points) == [n for n, _, _ in names]
    for p in points:
        value, name, visible = next(n for n in names if n[0] == int(p["number"]))
        assert visible and p["title"].startswith(f"{value}. {name} ("), (p, name)
    # The legend counts what is drawn, and says how many are not.
    legend = tab.locator(".portal-map__legend").inner_text()
    drawn = sum(int(n) for n in re.findall(r"(\d+) trên bản đồ", legend))
    missing = sum(int(n) for n in re.findall(r"(\d+) chưa có toạ độ", legend))
    with (DATA / "cooperatives.csv").open(encoding="utf-8", newline="") as file:
        total = len(list(csv.DictReader(file)))
    assert drawn == len(points) and missing > 0 and drawn + missing == total
    lead = tab.locator(".portal-map__lead").inner_text()
    assert f"{len(points)} trong {total} HTX" in lead


def blocked_tiles(route) -> None:
    route.abort("internetdisconnected")


def test_the_detailed_map_says_when_its_tiles_fail_and_offers_the_list(built_site: Path, server: str, tab) -> None:
    tab.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), blocked_tiles)  # every other host is unreachable
    tab.goto(server + "htx/")
    tab.get_by_role("button", name="Xem bản đồ chi tiết").click()
    status = tab.locator("[data-map-status]")
    status.filter(has_text="Không tải được nền bản đồ").wait_for(timeout=20000)
    said = status.inner_text()
    assert "Đã mở" not in said and "phím" not in said
    tab.locator("[data-map-status] a").click()
    assert tab.locator("#ban-do-danh-sach").evaluate("d => d.open")


TILE = bytes.fromhex(  # a 1x1 PNG
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf000000030101009c2e6a7d0000000049454e44ae426082"
)


def fake_tiles(route) -> None:
    route.fulfill(body=TILE, content_type="image/png")


def test_the_detailed_map_tells_how_to_move_it_in_the_devices_words(built_site: Path, server: str, tab) -> None:
    tab.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), fake_tiles)
    tab.goto(server + "htx/")
    tab.get_by_role("button", name="Xem bản đồ chi tiết").click()
    status = tab.locator("[data-map-status]")
    status.filter(has_text="Đã mở bản đồ chi tiết").wait_for(timeout=20000)
    said = status.inner_text()
    if tab.size == "360":
        assert tab.evaluate("matchMedia('(hover: none), (pointer: coarse)').matches")
        assert "ngón" in said and "phím" not in said
    else:
        assert "phím" in said and "ngón" not in said


def test_no_keyboard_hints_on_a_touch_screen(built_site: Path, server: str, tab) -> None:
    pages = ["san-pham/tom-cang-xanh-tuoi/", "htx/htx-tom-cang-vinh-binh/", "truyen-thong/"]
    for url in [*pages, "truyen-thong/the-san-pham/"]:
        tab.goto(server + url)
        seen = tab.locator("body").inner_text()
        if tab.size == "360":
            assert "Ctrl" not in seen, url
        else:
            assert "Ctrl" in seen, url


def test_print_cards_end_their_text_at_a_stop_inside_the_box(built_site: Path, server: str, tab) -> None:
    tab.set_viewport_size({"width": 703, "height": 1000})  # printed on A4, whatever the screen
    for url in ["truyen-thong/the-san-pham/", "truyen-thong/the-htx/"]:
        tab.goto(server + url)
        tab.emulate_media(media="print")
        cards = tab.evaluate(
            """() => [...document.querySelectorAll('.portal-print-card')].map(c => {
                 const s = c.querySelector('.portal-print-card__summary');
                 return [s.textContent.trim(), s.getBoundingClientRect().bottom, c.getBoundingClientRect().bottom,
                         s.scrollHeight <= s.clientHeight + 1];
               })"""
        )
        assert cards, url
        for text, bottom, box, whole in cards:
            assert re.search(r"[.!?…]$", text), text
            assert bottom <= box and whole, text
        tab.emulate_media(media=None)


def test_the_product_leaflet_names_the_portal_and_union_and_fills_one_page(built_site: Path, server: str, tab) -> None:
    if tab.size == "360":
        pytest.skip("the leaflet is printed from a page, at A4")
    publisher = CONFIG["publisher"]
    for product in ["tom-cang-xanh-tuoi", "dau-bap"]:
        tab.goto(server + f"san-pham/{product}/")
        pdf = tab.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1, product
        tab.set_viewport_size({"width": 703, "height": 1000})  # A4 less its 12 mm margins
        tab.emulate_media(media="print")
        printed = tab.locator("body").inner_text()
        for words in (CONFIG["site_name"], publisher["name"], publisher["address"]):
            assert words in printed, (product, words)
        assert "Chia sẻ, in mã QR" not in printed and "Tải mã QR" not in printed
        bottom = tab.evaluate("document.querySelector('.portal-share').getBoundingClientRect().bottom")
        assert bottom > 0.85 * 990, (product, bottom)  # 262 mm of the 273 mm the sheet holds
        tab.emulate_media(media=None)
        tab.set_viewport_size({"width": 1366, "height": 768})


# --- a closed group --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def closed_server(dissolved_site: Path) -> Iterator[str]:
    with serve(dissolved_site) as url:
        yield url


def test_a_closed_groups_pages_offer_no_sharing_qr_or_printing(dissolved_site: Path, closed_server: str, tab) -> None:
    urls = ["htx/tht-dan-luc-binh-phong-dong/", "htx/tht-banh-trang-vinh-thuan/"]
    urls += [f"san-pham/{p}/" for p in ("tui-xach-luc-binh", "banh-trang-phoi-suong")]
    for url in urls:
        tab.goto(closed_server + url)
        body = tab.locator("body").inner_text()
        for words in ("Chia sẻ", "Tải mã QR", "In tờ rơi", "Quét mã QR"):
            assert words not in body, (url, words)
        assert tab.locator("[data-share], [data-print], a[download]").count() == 0, url
        assert tab.locator(".portal-share").count() == 0, url
        problems = tab.evaluate(SIDEWAYS)
        assert problems == [], url
    tab.goto(closed_server + "htx/tht-dan-luc-binh-phong-dong/")
    assert "Số liệu khi tổ hợp tác giải thể" in tab.locator(".portal-figures__when").inner_text()
    tab.goto(closed_server + "san-pham/tui-xach-luc-binh/")
    similar = tab.locator("section[aria-labelledby=similar-title] a.portal-card__link")
    assert similar.count() >= 1
    for href in [similar.nth(i).get_attribute("href") for i in range(similar.count())]:
        tab.goto(closed_server + "san-pham/tui-xach-luc-binh/" + href)
        assert tab.locator(".portal-entity__price").count() == 1, href  # on sale
        assert tab.locator(".portal-share").count() == 1, href
