"""The directory's maps and the share button, in Debian's Chromium against the built sample.

The detailed map's tiles come from a stub tile server on 127.0.0.1, set in a copy of the
project's portal.yml (`map: tiles:`), so nothing reaches the network and the test can tell the
site's own requests from the tile host's. Screenshots of both maps at the two viewports go to
tests/output/maps/ for a person to look at.
"""

from __future__ import annotations

import io
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, run_generator, serve
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, Page

from generator.render.maps import LEAFLET_VERSION

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}
SHOTS = ROOT / "tests" / "output" / "maps"
ACTIVE = "hoạt động"


def _tile_png() -> bytes:
    """A plain 256 px tile: light ground, one canal, the tile's edge."""
    image = Image.new("RGB", (256, 256), (236, 240, 226))
    draw = ImageDraw.Draw(image)
    draw.line([(0, 120), (256, 136)], fill=(160, 190, 220), width=8)
    draw.rectangle([0, 0, 255, 255], outline=(205, 205, 200))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


class _TileHandler(BaseHTTPRequestHandler):
    tile = _tile_png()

    def do_GET(self) -> None:
        self.server.requested.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.tile)))
        self.end_headers()
        self.wfile.write(self.tile)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def tiles() -> Iterator[ThreadingHTTPServer]:
    """A stub tile server on 127.0.0.1 that answers every path with the same tile."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _TileHandler)
    httpd.requested = []  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def map_site(tmp_path_factory: pytest.TempPathFactory, tiles: ThreadingHTTPServer) -> Iterator[tuple[str, Path]]:
    """The sample built from a copy of the project whose portal.yml takes tiles from the stub."""
    copy = tmp_path_factory.mktemp("maps") / "repo"
    copy.mkdir()
    for name in ("generator", "site_config", "content", "data"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    settings = copy / "site_config" / "portal.yml"
    stub = f"http://127.0.0.1:{tiles.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
    text, count = re.subn(r"^  tiles: .*$", f'  tiles: "{stub}"', settings.read_text(encoding="utf-8"), flags=re.M)
    assert count == 1, "portal.yml has map: tiles:"
    settings.write_text(text, encoding="utf-8")
    result = run_generator("build", "--data", "data", "--out", "site", "--quiet", cwd=copy, env={"PYTHONPATH": ""})
    assert result.code == 0, result.out + result.err
    with serve(copy / "site") as url:
        yield url, copy


def cooperatives(repo: Path) -> list[dict[str, str]]:
    import csv

    with (repo / "data" / "cooperatives.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def watch(page: Page, site: str) -> list[str]:
    """Every request the page makes from now on that is not to the site itself."""
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith((site, "data:")) else None)
    return foreign


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_detailed_map_asks_the_tile_host_only_after_the_click(
    browser: Browser, map_site: tuple[str, Path], tiles: ThreadingHTTPServer, viewport: str
) -> None:
    site, _ = map_site
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    foreign = watch(page, site)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site + "htx/")
    page.wait_for_load_state("networkidle")
    assert foreign == [], "before the click the page asks no other host"
    assert page.evaluate("typeof window.L") == "undefined", "Leaflet is not loaded before the click"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".portal-map").screenshot(path=str(SHOTS / f"overview-{viewport}.png"))
    button = page.get_by_role("button", name="Xem bản đồ chi tiết")
    button.focus()
    page.keyboard.press("Enter")  # the keyboard opens it as well as a tap
    page.locator(".portal-map__pin").first.wait_for()
    page.wait_for_load_state("networkidle")
    tile_host = f"127.0.0.1:{tiles.server_address[1]}"
    assert foreign, "the detailed map loaded tiles"
    assert {urlsplit(u).netloc for u in foreign} == {tile_host}, "after the click, only the configured tile host"
    assert all(re.fullmatch(r"/\d+/\d+/\d+\.png", urlsplit(u).path) for u in foreign)
    assert page.get_by_role("button", name="Ẩn bản đồ chi tiết").get_attribute("aria-expanded") == "true"
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert "OpenStreetMap" in attribution
    page.locator("[data-map-canvas]").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"detail-{viewport}.png"))
    context.close()
    assert errors == []


def test_detailed_map_markers_link_to_profiles_and_take_the_keyboard(
    browser: Browser, map_site: tuple[str, Path]
) -> None:
    site, repo = map_site
    located = {r["id"]: r["name"] for r in cooperatives(repo) if r["lat"] and r["lon"]}
    page = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    page.goto(site + "htx/")
    page.click("[data-map-open]")
    pins = page.locator(".portal-map__pin")
    pins.first.wait_for()
    hrefs = pins.evaluate_all("pins => pins.map(a => [a.getAttribute('href'), a.getAttribute('aria-label')])")
    assert sorted(hrefs) == sorted([f"../htx/{i}/", name] for i, name in located.items())
    pins.first.focus()
    assert page.evaluate("document.activeElement.classList.contains('portal-map__pin')")
    target = pins.first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/htx/{target.split('/')[-2]}/")
    assert page.locator("h1").inner_text() == located[target.split("/")[-2]]


def test_overview_points_link_to_existing_profiles(browser: Browser, map_site: tuple[str, Path]) -> None:
    site, repo = map_site
    rows = cooperatives(repo)
    page = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False).new_page()
    page.goto(site + "htx/")
    links = page.locator(".portal-map__svg a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert sorted(links) == sorted(f"../htx/{r['id']}/" for r in rows if r["lat"] and r["lon"])
    for href in links:
        assert (repo / "site" / "htx" / href.split("/")[-2] / "index.html").is_file(), href
    titles = page.locator(".portal-map__svg a > title").all_text_contents()
    assert len(titles) == len(links) and all(t for t in titles)
    # Without JavaScript the detailed map's button and the share buttons stay out of the way.
    assert page.locator("[data-map]").is_hidden()
    assert page.locator(".portal-map__svg").is_visible()


def test_text_alternative_lists_every_active_cooperative_by_commune(
    browser: Browser, map_site: tuple[str, Path]
) -> None:
    site, repo = map_site
    rows = cooperatives(repo)
    page = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    page.goto(site + "htx/")
    page.locator(".portal-map__list > summary").click()
    listed = page.locator(".portal-map__list li a").all_inner_texts()
    active = [r["name"] for r in rows if r["status"] == ACTIVE]
    assert set(active) <= set(listed)
    assert len(listed) == len(rows), "each cooperative once"
    headings = page.locator(".portal-map__list h3").all_inner_texts()
    assert headings == ["Xã Vĩnh Bình", "Xã Vĩnh Phong", "Xã Vĩnh Thuận"]
    text = page.locator(".portal-map__list").inner_text()
    assert "Chưa có toạ độ" in text
    assert "xã Vĩnh Bình Bắc" in text and "thị trấn Vĩnh Thuận" in text, "former units are named"
    legend = page.locator(".portal-map__legend").inner_text()
    assert "gồm xã Bình Minh, xã Vĩnh Bình Bắc, xã Vĩnh Bình Nam cũ" in legend


def test_commune_view_keeps_only_its_points(browser: Browser, map_site: tuple[str, Path]) -> None:
    site, repo = map_site
    rows = cooperatives(repo)
    page = browser.new_context(viewport=VIEWPORTS["desktop"]).new_page()
    page.goto(site + "htx/?commune=cu-tan-thuan")
    page.wait_for_function("() => document.querySelector('#f-commune').value === 'cu-tan-thuan'")
    shown = page.locator(".portal-map__svg a:visible").evaluate_all("a => a.map(x => x.getAttribute('href'))")
    expected = [f"../htx/{r['id']}/" for r in rows if r["commune"] == "cu-tan-thuan" and r["lat"]]
    assert expected and sorted(shown) == sorted(expected)
    page.select_option("#f-commune", "")
    assert page.locator(".portal-map__svg a:visible").count() == sum(1 for r in rows if r["lat"])


def test_overview_fits_a_phone(browser: Browser, map_site: tuple[str, Path]) -> None:
    site, _ = map_site
    page = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    page.goto(site + "htx/")
    box = page.locator(".portal-map__svg").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    label = page.locator(".portal-map__labels text").first.bounding_box()
    assert label and label["height"] >= 11, "commune names stay readable at 390 px"


def test_vendored_leaflet_is_the_pinned_version() -> None:
    vendor = ROOT / "site_config" / "assets" / "vendor" / "leaflet"
    head = (vendor / "leaflet.js").read_text(encoding="utf-8")[:200]
    assert f"Leaflet {LEAFLET_VERSION}," in head
    assert "BSD 2-Clause" in (vendor / "LICENSE").read_text(encoding="utf-8")
    assert (vendor / "leaflet.css").is_file()


# --- sharing -----------------------------------------------------------------------------------

RECORD_SHARE = """
window.__shared = [];
navigator.share = (data) => { window.__shared.push(data); return Promise.resolve(); };
"""
NO_SHARE = """
delete Navigator.prototype.share;
window.__copied = [];
const record = (text) => { window.__copied.push(text); return Promise.resolve(); };
Object.defineProperty(navigator, 'clipboard', {value: {writeText: record}});
"""
SHARED_PAGES = [
    "htx/htx-tom-cang-vinh-binh/",
    "san-pham/tom-cang-xanh-tuoi/",
    "tin-tuc/2025-03-10-ban-hanh-ke-hoach-34/",
]


def canonical_of(page: Page) -> str:
    return page.locator("link[rel=canonical]").get_attribute("href")


def page_with(browser: Browser, script: str, viewport: str = "phone") -> Page:
    """A new page in its own context, with script run before any of the site's."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.add_init_script(script)
    return context.new_page()


@pytest.mark.parametrize("path", SHARED_PAGES)
def test_share_button_opens_the_share_sheet_with_the_canonical_address(
    browser: Browser, server: str, path: str
) -> None:
    page = page_with(browser, RECORD_SHARE)
    foreign = watch(page, server)
    page.goto(server + path)
    page.get_by_role("button", name="Chia sẻ", exact=True).click()
    page.wait_for_function("() => window.__shared.length === 1")
    shared = page.evaluate("window.__shared[0]")
    assert shared["url"] == canonical_of(page)
    assert shared["url"].endswith("/" + path)
    assert shared["title"] == page.locator("h1").inner_text()
    page.context.close()
    assert foreign == [], "no share SDK, no request to another host"


@pytest.mark.parametrize("path", SHARED_PAGES[:1] + SHARED_PAGES[2:])
def test_share_button_copies_the_address_where_there_is_no_share_sheet(
    browser: Browser, server: str, path: str
) -> None:
    page = page_with(browser, NO_SHARE)
    page.goto(server + path)
    assert page.evaluate("'share' in navigator") is False
    page.get_by_role("button", name="Chia sẻ", exact=True).click()
    status = page.locator("[data-share-status]")
    page.wait_for_function("() => document.querySelector('[data-share-status]').textContent !== ''")
    assert page.evaluate("window.__copied") == [canonical_of(page)]
    assert status.is_visible()
    assert status.inner_text().startswith("Đã chép địa chỉ " + canonical_of(page))
    assert status.get_attribute("aria-live") == "polite"
    page.context.close()


def test_share_button_copies_into_the_real_clipboard(browser: Browser, server: str) -> None:
    """Chromium's own clipboard, not a stand-in: what the reader pastes into Zalo is the address."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    context.add_init_script("delete Navigator.prototype.share;")
    page = context.new_page()
    page.goto(server + SHARED_PAGES[1])
    page.get_by_role("button", name="Chia sẻ", exact=True).click()
    page.get_by_text("Đã chép địa chỉ").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == canonical_of(page)
    context.close()


def test_without_javascript_the_address_stays_and_the_button_hides(browser: Browser, server: str) -> None:
    page = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False).new_page()
    for path in SHARED_PAGES:
        page.goto(server + path)
        assert page.locator("[data-share]").is_hidden()
        canonical = canonical_of(page)
        assert canonical.split("://", 1)[1] in page.locator(".portal-share__url").inner_text()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_axe_directory_with_the_maps_open(browser: Browser, map_site: tuple[str, Path], viewport: str) -> None:
    """No serious or critical axe violation with the list by commune and the detailed map open."""
    from test_quality import describe, run_axe

    site, _ = map_site
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(site + "htx/")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    problems = describe("htx/ (maps closed)", run_axe(page))
    page.click("[data-map-open]")
    page.locator(".portal-map__pin").first.wait_for()
    page.wait_for_load_state("networkidle")
    problems += describe("htx/ (detailed map open)", run_axe(page))
    context.close()
    assert problems == [], "\n".join(problems)


# --- the overview map as drawn ---------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_portal():
    from generator import model
    from generator.pipeline import load_and_validate

    loaded = load_and_validate(ROOT / "data")
    assert not loaded.problems
    return model.build_portal(loaded, ROOT / "data", 1764115200)


def test_overview_is_the_same_bytes_every_time_and_points_do_not_cover_each_other(sample_portal) -> None:
    from generator.render import maps

    first, again = maps.overview(sample_portal, "../"), maps.overview(sample_portal, "../")
    assert first.svg == again.svg and not first.by_commune
    centres = [
        (float(x), float(y)) for x, y in re.findall(r'class="portal-map__dot" cx="([\d.]+)" cy="([\d.]+)"', first.svg)
    ]
    assert len(centres) == first.located == 13
    for i, (x, y) in enumerate(centres):
        assert maps.PAD - 1 <= x <= maps.WIDTH - maps.PAD + 1
        for a, b in centres[i + 1 :]:
            assert (x - a) ** 2 + (y - b) ** 2 >= (2 * maps.DOT) ** 2, "two points would cover each other"
    assert "<script" not in first.svg and "foreignObject" not in first.svg


def test_overview_past_the_limit_draws_one_disc_per_commune(sample_portal) -> None:
    from generator.render import maps

    ov = maps.overview(sample_portal, "../", points_limit=5)
    assert ov.by_commune
    links = re.findall(r'<a href="([^"]+)"', ov.svg)
    assert links == ["../htx/?commune=vinh-binh", "../htx/?commune=vinh-phong", "../htx/?commune=vinh-thuan"]
    titles = re.findall(r"<title>([^<]+)</title>", ov.svg)
    assert titles == [
        "xã Vĩnh Bình: 16 HTX, tổ hợp tác",
        "xã Vĩnh Phong: 12 HTX, tổ hợp tác",
        "xã Vĩnh Thuận: 11 HTX, tổ hợp tác",
    ]
    assert len(ov.points) == ov.located, "the detailed map still has every point"


@pytest.mark.parametrize("spread", [0.0001, 0.01, 0.05])
def test_a_crowd_of_as_many_points_as_the_map_draws_is_spread_apart(spread: float) -> None:
    """Up to MAP_POINTS cooperatives in one village still get a dot each that covers no other."""
    import random
    import types

    from generator.render import maps

    rng = random.Random(7)
    places = [
        maps.Place(types.SimpleNamespace(lat=9.5 + rng.random() * spread, lon=105.2 + rng.random() * spread), "#000")
        for _ in range(maps.MAP_POINTS)
    ]
    height, _ = maps._project(places)
    maps._spread(places, height)
    points = [(p.x, p.y) for p in places]
    for i, (x, y) in enumerate(points):
        for a, b in points[i + 1 :]:
            assert (x - a) ** 2 + (y - b) ** 2 >= (maps.DOT * (1 + 2**0.5)) ** 2  # WCAG 2.2 target spacing
