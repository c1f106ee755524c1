"""Media and promotion: permanent links, QR codes, share cards, structured data, news feed, sitemap."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path

import numpy as np
import pytest
import yaml
import zxingcpp
from bs4 import BeautifulSoup
from conftest import DATA, ROOT, run_generator
from PIL import Image

SITE_URL = yaml.safe_load((ROOT / "site_config" / "portal.yml").read_text(encoding="utf-8"))["site_url"]


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def card_row(path: str, row: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The page whose share card a page uses, and its row: a product without a photo shares its
    group's card (generator/render/pages.py, share)."""
    if path.startswith("san-pham/") and not row.get("photo"):
        return f"htx/{row['cooperative_id']}/", next(
            r for r in rows("cooperatives.csv") if r["id"] == row["cooperative_id"]
        )
    return path, row


def entity_pages() -> list[tuple[str, dict[str, str]]]:
    pages = [(f"htx/{r['id']}/", r) for r in rows("cooperatives.csv")]
    pages += [(f"san-pham/{r['id']}/", r) for r in rows("products.csv")]
    pages += [(f"dien-hinh/{r['id']}/", r) for r in rows("models.csv")]
    return pages


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def meta(page: BeautifulSoup, key: str) -> str:
    node = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    assert node, key
    return node["content"]


def test_every_entity_page_has_share_meta_and_canonical(built_site: Path) -> None:
    for path, row in entity_pages():
        page = soup(built_site, path)
        canonical = SITE_URL + path
        assert page.find("link", rel="canonical")["href"] == canonical
        assert meta(page, "og:url") == canonical
        assert meta(page, "og:title") == row["name"]
        offer = ""
        if path.startswith("san-pham/") and row["price_vnd"]:  # the price leads a product's description
            offer = (
                f"{int(row['price_vnd']):,}".replace(",", ".")
                + " ₫"
                + (f" / {row['unit']}" if row["unit"] else "")
                + " · "
            )
        assert meta(page, "og:description") == offer + row["summary"]
        assert meta(page, "twitter:card") == "summary_large_image"
        image = meta(page, "og:image")
        card_path, _ = card_row(path, row)
        assert image.startswith(SITE_URL + "share/" + card_path.strip("/").replace("/", "-") + "."), (path, image)
        with Image.open(built_site / image[len(SITE_URL) :]) as card:
            assert card.size == (1200, 630) and card.format in ("JPEG", "PNG")


def test_every_page_has_share_meta_and_rss_link(built_site: Path) -> None:
    for html in built_site.rglob("index.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        if page.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect from a former id
        for key in ("og:title", "og:description", "og:image", "og:url", "twitter:card"):
            assert meta(page, key), f"{html}: {key}"
        assert (built_site / meta(page, "og:image").removeprefix(SITE_URL)).is_file(), html
        assert page.find("link", rel="canonical"), html
        feed = page.find("link", attrs={"type": "application/rss+xml"})["href"]
        assert (html.parent / feed).resolve() == (built_site / "tin-tuc" / "rss.xml").resolve(), html


def test_json_ld_organization_and_product(built_site: Path) -> None:
    for path, row in entity_pages():
        scripts = soup(built_site, path).find_all("script", type="application/ld+json")
        if path.startswith("dien-hinh/"):
            continue
        assert len(scripts) == 1, path
        data = json.loads(scripts[0].string)
        assert data["@context"] == "https://schema.org"
        assert data["url"] == SITE_URL + path
        assert data["name"] == row["name"]
        if path.startswith("htx/"):
            assert data["@type"] == "Organization"
            assert data["address"]["addressCountry"] == "VN"
        else:
            assert data["@type"] == "Product"
            offer = data["offers"]
            assert offer["@type"] == "Offer" and offer["priceCurrency"] == "VND"
            assert offer.get("price") == (int(row["price_vnd"]) if row["price_vnd"] else None)
            assert offer["seller"]["url"] == SITE_URL + f"htx/{row['cooperative_id']}/"


def svg_modules(svg) -> np.ndarray:
    """The dark modules an SVG QR code (the printed catalogue's) draws, read back from its viewBox
    and path by this test's own reading of the three commands the path uses: M x y, m dx 0, h length."""
    size = int(svg["viewbox"].split()[2])
    dark = np.zeros((size, size), dtype=bool)
    x = y = 0
    for command, first, second in re.findall(r"([Mmh])(\d+(?:\.\d+)?)(?: (\d+(?:\.\d+)?))?", svg.path["d"]):
        if command == "M":
            x, y = int(first), int(float(second))
        elif command == "m":
            assert second == "0", "moves stay on the row"
            x += int(first)
        else:
            dark[y, x : x + int(first)] = True
            x += int(first)
    return dark


def qr_modules(img) -> np.ndarray:
    """The dark modules a page's QR code shows: its data: URI's PNG, one pixel a module."""
    head, _, data = img["src"].partition(",")
    assert head == "data:image/png;base64", head
    with Image.open(io.BytesIO(base64.b64decode(data, validate=True))) as png:
        assert png.mode == "1", "a 1-bit PNG"
        return np.asarray(png.convert("L")) < 128


def decode_modules(dark: np.ndarray) -> list[str]:
    """What a phone reads from the modules drawn 8 px each, black on white."""
    image = Image.fromarray(np.where(dark, 0, 255).astype(np.uint8)).resize(
        (dark.shape[1] * 8, dark.shape[0] * 8), Image.Resampling.NEAREST
    )
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_inline_qr_codes_decode_to_canonical_urls(built_site: Path) -> None:
    """Every entity page carries its QR code in itself (no image to fetch), and it decodes to the page."""
    for path, _ in entity_pages():
        page = soup(built_site, path)
        img = page.select_one("img.portal-share__qr")
        assert img["alt"] == f"Mã QR mở trang {SITE_URL.split('://')[1]}{path}"
        assert decode_modules(qr_modules(img)) == [SITE_URL + path], path
        assert len(img["src"]) < 900, "a tenth of the SVG path it replaces"
        button = page.find("button", attrs={"data-qr-png": True})
        assert button.get_text() == "Tải mã QR để in (PNG)" and button.has_attr("hidden"), "shown by qr-png.js"
        assert img.find_parent(attrs={"data-qr-box": True}) is button.find_parent(attrs={"data-qr-box": True})


def test_the_site_holds_no_qr_files(built_site: Path) -> None:
    """QR codes are drawn inline: no qr/ folder, and no page links a QR image."""
    assert not (built_site / "qr").exists()
    for html in built_site.rglob("*.html"):
        assert not re.search(r'(?:src|href)="[^"]*\bqr/', html.read_text(encoding="utf-8")), html


def test_qr_codes_draw_exactly_the_encoders_modules() -> None:
    """The page's PNG and the catalogue's SVG path are zxing-cpp's module matrix: nothing added,
    nothing lost."""
    from bs4 import BeautifulSoup as Soup

    from generator.render.media import qr_code, qr_image

    for url in (SITE_URL + "san-pham/gao-thom-vinh-thuan/", SITE_URL + "htx/" + "a" * 80 + "/", SITE_URL):
        expected = np.asarray(zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image())
        code = qr_code(url)
        svg = Soup(f'<svg viewBox="0 0 {code.size} {code.size}"><path d="{code.path}"/></svg>', "html.parser").svg
        assert (svg_modules(svg) == (expected < 128)).all(), url
        assert (qr_modules({"src": qr_image(url)}) == (expected < 128)).all(), url
        assert decode_modules(svg_modules(svg)) == [url]


def test_qr_png_is_made_in_the_browser_on_request(built_site: Path, browser) -> None:
    """The button paints the page's code at print resolution and saves a PNG that decodes to the
    page; the code as Chromium draws it on the page, scaled up, decodes too."""
    tab = browser.new_page(viewport={"width": 390, "height": 844}, accept_downloads=True)
    shot = built_site.parent / "qr-shot.png"
    for path in ("htx/htx-tom-cang-vinh-binh/", "san-pham/tom-cang-xanh-tuoi/", "dien-hinh/truong-thi-my-linh-2024/"):
        tab.goto((built_site / path / "index.html").as_uri())
        button = tab.locator("button[data-qr-png]")
        assert button.is_visible()
        with tab.expect_download() as download:
            button.click()
        assert download.value.suggested_filename == "ma-qr-" + path.strip("/").replace("/", "-") + ".png"
        with Image.open(download.value.path()) as png:
            assert png.format == "PNG" and png.width >= 600, "print resolution: 16 px a module"
            assert [r.text for r in zxingcpp.read_barcodes(png)] == [SITE_URL + path]
        # As drawn at its page size (the sticky header and call bar, which may cover it, put aside).
        tab.add_style_tag(
            content=".md-header, .md-tabs, .md-banner, .md-top, .portal-callbar { display: none !important; }"
        )
        code = tab.locator("img.portal-share__qr")
        code.screenshot(path=str(shot))
        with Image.open(shot) as image:
            assert image.width == 148
            assert [r.text for r in zxingcpp.read_barcodes(image)] == [SITE_URL + path]
            grey = np.asarray(image.convert("L"))
            assert ((grey > 40) & (grey < 215)).mean() < 0.01, "scaled up without smoothing"
    tab.close()


def test_share_cards_are_encoded_for_their_content(built_site: Path) -> None:
    """A card with a photo is a JPEG, a flat card a palette PNG; both 1200x630 and within budget."""
    from generator.render.media import CARD_BUDGET

    seen = set()
    for path, row in entity_pages():
        image = meta(soup(built_site, path), "og:image")
        card = built_site / image[len(SITE_URL) :]
        path, row = card_row(path, row)
        with Image.open(card) as opened:
            assert opened.size == (1200, 630), path
            expected = ("JPEG", "RGB") if row.get("photo") else ("PNG", "P")
            assert (opened.format, opened.mode) == expected, path
            assert card.suffix == (".jpg" if row.get("photo") else ".png")
            assert card.stat().st_size <= CARD_BUDGET[opened.format], (path, card.stat().st_size)
            seen.add(opened.format)
    assert seen == {"JPEG", "PNG"}


def test_former_ids_redirect_to_the_current_page(built_site: Path) -> None:
    olds = [(f"htx/{o}/", f"htx/{r['id']}/") for r in rows("cooperatives.csv") for o in r["former_ids"].split(";") if o]
    olds += [
        (f"san-pham/{o}/", f"san-pham/{r['id']}/")
        for r in rows("products.csv")
        for o in r["former_ids"].split(";")
        if o
    ]
    assert olds
    for old, new in olds:
        page = soup(built_site, old)
        refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
        target = (built_site / old / refresh.split("url=", 1)[1]).resolve()
        assert target == (built_site / new).resolve()
        assert page.find("link", rel="canonical")["href"] == SITE_URL + new


def test_rss_feed(built_site: Path) -> None:
    channel = ET.parse(built_site / "tin-tuc" / "rss.xml").getroot().find("channel")
    items = channel.findall("item")
    assert len(items) >= 2
    dates = [parsedate_to_datetime(i.findtext("pubDate")) for i in items]
    assert dates == sorted(dates, reverse=True)
    for item in items:
        link = item.findtext("link")
        assert link.startswith(SITE_URL + "tin-tuc/") and link.isascii()
        assert (built_site / link[len(SITE_URL) :] / "index.html").is_file()
    post = soup(built_site, "tin-tuc/2025-03-10-ban-hanh-ke-hoach-34/")
    assert "Ngày 10 tháng 3 năm 2025" in post.get_text()
    home = soup(built_site, "")
    assert home.select_one("#news-title"), "latest news on the home page"


def test_sitemap_robots_and_404(built_site: Path) -> None:
    sitemap = ET.parse(built_site / "sitemap.xml").getroot()
    locs = {e.text.strip() for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for path, _ in entity_pages():
        assert SITE_URL + path in locs
    assert f"Sitemap: {SITE_URL}sitemap.xml" in (built_site / "robots.txt").read_text(encoding="utf-8")
    page = BeautifulSoup((built_site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert page.h1.get_text(strip=True) == "Không tìm thấy trang"
    assert page.find("a", href="/san-pham/")


def test_media_kit_has_printable_card_sheets(built_site: Path) -> None:
    kit = soup(built_site, "truyen-thong/")
    links = {a["href"] for a in kit.select("a[href]")}
    assert {"the-htx/", "the-san-pham/"} <= links
    cards = soup(built_site, "truyen-thong/the-san-pham/").select(".portal-print-card")
    assert len(cards) == len(rows("products.csv"))
    for card in cards:
        url = card.select_one(".portal-print-card__url").get_text()
        assert url.startswith(SITE_URL.split("://")[1])
        assert decode_modules(qr_modules(card.select_one("img.portal-print-card__qr"))) == ["https://" + url]
    assert soup(built_site, "truyen-thong/the-htx/").find("link", href=re.compile("mediakit.css$"))


@pytest.mark.parametrize(
    "path", ["htx/htx-tom-cang-vinh-binh/", "htx/tht-lua-tom-vinh-thuan/", "san-pham/kho-ca-loc-mot-nang/"]
)
def test_entity_page_prints_as_a_one_page_flyer(built_site: Path, browser, path: str) -> None:
    """Printed from Chromium to PDF, an entity page is one A4 sheet with its QR code."""
    tab = browser.new_page()
    tab.goto((built_site / path / "index.html").as_uri())
    tab.emulate_media(media="print")
    assert tab.locator(".portal-share__qr").is_visible()
    assert tab.locator(".md-header").is_hidden()
    pdf = tab.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    tab.close()
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_previous_sitemap_catches_a_renamed_id(built_site: Path, data_copy: Path) -> None:
    sitemap = data_copy.parent / "live-sitemap.xml"
    sitemap.write_text((built_site / "sitemap.xml").read_text(encoding="utf-8"), encoding="utf-8")
    path = data_copy / "cooperatives.csv"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("htx-tom-cang-vinh-binh,HTX", "htx-tom-cang,HTX"), encoding="utf-8")
    for name in ("products.csv", "cooperative_years.csv", "models.csv"):
        other = data_copy / name
        other.write_text(
            other.read_text(encoding="utf-8").replace(",htx-tom-cang-vinh-binh,", ",htx-tom-cang,"), encoding="utf-8"
        )
        other.write_text(
            re.sub(r"^htx-tom-cang-vinh-binh,", "htx-tom-cang,", other.read_text(encoding="utf-8"), flags=re.M),
            encoding="utf-8",
        )
    result = run_generator("check", "--data", "data", "--previous-sitemap", "live-sitemap.xml", cwd=data_copy.parent)
    assert result.code == 1, result.out
    line = next(
        n
        for n, l in enumerate(sitemap.read_text(encoding="utf-8").splitlines(), 1)
        if "/htx/htx-tom-cang-vinh-binh/<" in l
    )
    assert result.lines == [
        f"live-sitemap.xml:{line}:loc: Trang đã công bố {SITE_URL}htx/htx-tom-cang-vinh-binh/ sẽ bị mất: "
        "không còn mã “htx-tom-cang-vinh-binh” trong cooperatives.csv. Nếu đã đổi mã, hãy ghi “htx-tom-cang-vinh-binh” "
        "vào cột former_ids của dòng mới để mã QR và liên kết cũ vẫn dùng được; nếu đã xóa dòng, hãy giữ lại dòng đó "
        "với tình trạng “giải thể” hoặc “tạm ngừng”."
    ]
    # Recording the old id in former_ids keeps the printed QR codes working.
    text = path.read_text(encoding="utf-8")
    header = text.split("\n", 1)[0].split(",")
    reader = list(csv.reader(text.splitlines(keepends=True)))
    assert header.index("former_ids") > 0
    fixed = []
    for record in csv.reader(__import__("io").StringIO(text, newline="")):
        if record and record[0] == "htx-tom-cang":
            record[header.index("former_ids")] = "htx-tom-cang-vinh-binh"
        fixed.append(record)
    buffer = __import__("io").StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(fixed)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    assert reader
    result = run_generator("check", "--data", "data", "--previous-sitemap", "live-sitemap.xml", cwd=data_copy.parent)
    assert result.code == 0, result.out


def test_news_slugs_are_ascii(tmp_path: Path) -> None:
    from generator import documents, news

    (tmp_path / "tin-tuc").mkdir()
    (tmp_path / "tin-tuc" / "Đón Tết ở Vĩnh Thuận.md").write_text(
        "---\ntitle: Đón Tết\ndate: 2025-01-20\ndescription: Tin minh họa.\n---\nNội dung.\n", encoding="utf-8"
    )
    (tmp_path / "tin-tuc" / "thieu-ngay.md").write_text(
        "---\ntitle: Thiếu ngày\ndescription: x\n---\n", encoding="utf-8"
    )
    content, problems = news.load(tmp_path, "content", documents.Site([], []))
    posts = content.posts
    assert [p.url for p in posts] == ["tin-tuc/don-tet-o-vinh-thuan/"]
    assert posts[0].date == dt.date(2025, 1, 20)
    assert [str(p) for p in problems] == [
        "content/tin-tuc/thieu-ngay.md:1:date: Thiếu ngày hoặc ngày sai dạng. "
        "Thêm dòng: date: 2025-04-15 (năm-tháng-ngày)"
    ]


def test_phone_photo_is_shrunk_upright_from_a_reduced_decode(tmp_path: Path) -> None:
    """A photo stored on its side (EXIF orientation 6) decodes at a fraction of its size and
    still comes out upright, in the web renditions and in the share card's photo panel."""
    from generator.render import images, media

    stored = Image.new("RGB", (2000, 1000), (200, 30, 30))
    stored.paste((30, 30, 200), (1000, 0, 2000, 1000))  # seen upright: red on top, blue below
    exif = Image.Exif()
    exif[0x0112] = 6
    source = tmp_path / "tren-dien-thoai.jpg"
    stored.save(source, "JPEG", exif=exif)
    with Image.open(source) as opened:
        images.decode_at_least(opened, (480, 960))
        assert opened.size == (1000, 500)  # half of each side, still covering 960x480 as stored
    assert images.upright_size(source) == (1000, 2000)
    for picture in (
        Image.open(io.BytesIO(images.render_webp(str(source), 480, 960))),
        media._photo_panel(str(source), media.CARD_SPLIT),
    ):
        width, height = picture.size
        top, bottom = (
            picture.convert("RGB").getpixel((width // 2, 5)),
            picture.convert("RGB").getpixel((width // 2, height - 5)),
        )
        assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0], (picture.size, top, bottom)


def test_share_card_words_sit_where_the_whole_line_would() -> None:
    """Cards draw each word from a mask made once; the text must land where drawing the line in
    one go puts it (a misplaced or missing word shows as a large difference)."""
    from PIL import ImageChops, ImageDraw

    from generator.render import media

    title, subtitle = "Nước mắm cá cơm truyền thống Vĩnh Thuận", "125.000 ₫ / chai 500 ml · HTX Tôm càng Vĩnh Bình"
    args = ("", title, subtitle, "hoptacxa.example.vn", False)
    words = Image.open(io.BytesIO(media.render_card(*args))).convert("L")
    original = media._draw_words
    try:
        media._draw_words = lambda card, at, line, font, fill: ImageDraw.Draw(card).text(at, line, font=font, fill=fill)
        whole = Image.open(io.BytesIO(media.render_card(*args))).convert("L")
    finally:
        media._draw_words = original
    blank = Image.open(io.BytesIO(media.render_card("", "", "", "hoptacxa.example.vn", False))).convert("L")
    box = (media.CARD_SPLIT, 0, *media.CARD_SIZE)

    def mean_difference(a: Image.Image, b: Image.Image) -> float:
        histogram = ImageChops.difference(a.crop(box), b.crop(box)).histogram()
        return sum(value * count for value, count in enumerate(histogram)) / sum(histogram)

    assert mean_difference(words, blank) > 5  # the text is there
    assert mean_difference(words, whole) < 0.1 * mean_difference(words, blank)


def test_a_busy_photo_card_stays_within_its_budget(tmp_path: Path) -> None:
    """Noise is the worst photo for JPEG: the card's quality steps down until it fits."""
    from generator.render.media import CARD_BUDGET, render_card

    noisy = tmp_path / "nhieu.jpg"
    Image.fromarray(np.random.default_rng(1).integers(0, 255, (900, 1200, 3), dtype=np.uint8)).save(noisy, quality=95)
    card = render_card(str(noisy), "Ảnh nhiều chi tiết", "Dòng phụ", "example.vn", False)
    with Image.open(io.BytesIO(card)) as opened:
        assert (opened.format, opened.size) == ("JPEG", (1200, 630))
    assert CARD_BUDGET["JPEG"] / 2 < len(card) <= CARD_BUDGET["JPEG"]
