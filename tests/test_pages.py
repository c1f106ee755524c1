"""The built sample site, page type by page type: headings, figures, links, prices and order."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DATA
from PIL import Image

ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def first_letter_rank(name: str) -> int:
    import unicodedata

    letter = unicodedata.normalize("NFC", name.strip()[0].lower())
    base = unicodedata.normalize("NFD", letter)
    # Keep the letter-making marks (breve, circumflex, horn), drop the tones.
    kept = base[0] + "".join(m for m in base[1:] if m in "\u0306\u0302\u031b")
    return ALPHABET.index(unicodedata.normalize("NFC", kept))


# --- every page -----------------------------------------------------------------------------


def all_pages(site: Path) -> list[Path]:
    """Every page, less the small redirects that keep former ids working."""
    return sorted(
        p for p in site.rglob("index.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")[:600]
    )


def test_every_page_is_vietnamese_has_demo_notice_and_no_third_party(built_site: Path) -> None:
    pages = all_pages(built_site)
    assert len(pages) > 100
    for path in pages:
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        assert soup.html["lang"] == "vi", path
        assert "Dữ liệu minh họa" in html, path
        assert soup.title and soup.title.string.strip(), path
        assert soup.find("meta", attrs={"name": "description"})["content"].strip(), path
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for node in soup.find_all(tag):
                value = node.get(attr) or ""
                if tag == "link" and node.get("rel") in (["canonical"], ["license"]):
                    continue
                assert not re.match(r"^(https?:)?//", value), f"{path}: third-party {tag} {value}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_nav_is_short(built_site: Path) -> None:
    soup = page(built_site, "htx/htx-tom-cang-vinh-binh")
    assert len(soup.select(".md-nav--primary .md-nav__link")) < 30


# --- home -------------------------------------------------------------------------------------


def test_home_shows_key_figures_from_the_data(built_site: Path) -> None:
    coops = [r for r in rows("cooperatives.csv") if r["status"] == "hoạt động"]
    expected = [
        sum(r["type"] == "HTX" for r in coops),
        sum(r["type"] == "THT" for r in coops),
        sum(int(r["members_female"]) for r in coops),
        sum(int(r["female_workers"]) for r in coops),
    ]
    soup = page(built_site, "")
    figures = [text(n) for n in soup.select(".portal-figures .portal-figures__number")]
    assert figures == [f"{n:,}".replace(",", ".") for n in expected]
    assert expected[:2] == [2, 37]
    featured = {r["name"] for r in rows("products.csv") if r["featured"] == "có"}
    shown = {text(n) for n in soup.select(".portal-card__title")}
    assert shown == featured
    links = {a["href"] for a in soup.select("a[href]")}
    assert {"san-pham/", "htx/", "dien-hinh/", "tien-do/", "du-lieu/", "thanh-lap-htx/"} <= links


# --- directory and profiles -----------------------------------------------------------------


def test_directory_lists_every_cooperative_in_vietnamese_order(built_site: Path) -> None:
    soup = page(built_site, "htx")
    names = [text(n) for n in soup.select("#htx-list .portal-card__title")]
    assert sorted(names) == sorted(r["name"] for r in rows("cooperatives.csv"))
    ranks = [first_letter_rank(n) for n in names]
    assert ranks == sorted(ranks)
    # The filters exist (hidden until JavaScript shows them). Communes, hundreds in a province,
    # are not repeated in every list page: the script fills them from the finder's options,
    # which name former units too.
    assert [text(o) for o in soup.select("#f-commune option")] == ["Tất cả"]
    assert soup.select_one("#f-commune").has_attr("data-options")
    options = json.loads((built_site / "htx" / "tim" / "options.json").read_text(encoding="utf-8"))["commune"]
    current = options.index(["vinh-binh", "xã Vĩnh Bình"])
    assert ["cu-vinh-binh-bac", "— xã Vĩnh Bình Bắc (cũ)"] in options[current + 1 :]  # under its successor


def test_profile_page(built_site: Path) -> None:
    soup = page(built_site, "htx/htx-tom-cang-vinh-binh")
    assert text(soup.h1) == "Hợp tác xã Nông nghiệp Tôm càng xanh Vĩnh Bình"
    body = text(soup.select_one(".portal-entity"))
    assert "Do phụ nữ quản lý" in body
    assert "Xã Vĩnh Bình (trước 01/7/2025: xã Vĩnh Bình Bắc)" in body
    assert "12/08/2019" in body
    hrefs = [a["href"] for a in soup.select(".portal-entity a[href]")]
    assert "tel:0912345678" in hrefs
    assert any(h.startswith("https://zalo.me/0") for h in hrefs)
    assert any(h.startswith("https://www.openstreetmap.org/?mlat=") for h in hrefs)
    products = {text(n) for n in soup.select(".portal-card__title")}
    assert products == {r["name"] for r in rows("products.csv") if r["cooperative_id"] == "htx-tom-cang-vinh-binh"}
    charts = soup.select("figure.portal-chart")
    assert len(charts) == 2
    for chart in charts:
        svg = chart.select_one("svg.portal-chart__svg")  # drawn in the page: no chart file
        assert svg["role"] == "img" and svg["aria-label"].startswith("Biểu đồ cho thấy")
        assert not chart.select("img") and chart.select("table tbody tr")
    assert not (built_site / "charts").exists()
    assert "Bằng khen" in text(soup.select_one("#honours-title").find_parent("section"))


def test_profile_story_is_safe_markdown(built_site: Path) -> None:
    soup = page(built_site, "htx/tht-dan-luc-binh-phong-dong")
    prose = soup.select_one(".portal-prose")
    assert prose.find("p")
    links = prose.find_all("a")
    assert links and all(a["href"].startswith("https://") for a in links)
    assert all("noopener" in a["rel"] for a in links)


# --- catalogue and products --------------------------------------------------------------------


def test_catalogue_cards_prices_and_order(built_site: Path) -> None:
    soup = page(built_site, "san-pham")
    cards = soup.select("#product-list > li")
    assert len(cards) == len(rows("products.csv"))
    names = [text(c.select_one(".portal-card__title")) for c in cards]
    ranks = [first_letter_rank(n) for n in names]
    assert ranks == sorted(ranks)
    assert names.index("Đệm bàng") > names.index("Dưa cải muối") if "Dưa cải muối" in names else True
    by_name = {text(c.select_one(".portal-card__title")): c for c in cards}
    assert text(by_name["Tôm càng xanh tươi"].select_one(".portal-price")) == "220.000 ₫"
    assert text(by_name["Đệm bàng"].select_one(".portal-price")) == "Liên hệ"
    # Unaccented search text for the finder.
    assert "tom kho" in by_name["Tôm khô Vĩnh Bình"]["data-search"]
    assert by_name["Tôm càng xanh tươi"]["data-stars"] == "4"


def test_product_page(built_site: Path) -> None:
    soup = page(built_site, "san-pham/tom-cang-xanh-tuoi")
    assert text(soup.h1) == "Tôm càng xanh tươi"
    assert text(soup.select_one(".portal-entity__price")) == "220.000 ₫ / kg"
    facts = text(soup.select_one(".portal-facts"))
    assert "4 sao, Quyết định số 1587/QĐ-UBND, ngày 26/08/2024" in facts
    assert "Có hiệu lực đến 26/08/2027" in facts
    seller = soup.select_one(".portal-seller a")
    assert seller["href"] == "../../htx/htx-tom-cang-vinh-binh/"
    buy = [a["href"] for a in soup.select(".portal-buy a")]
    assert buy[0].startswith("https://") and "tel:0912345678" in buy
    # The shop is named, from the link's host; the unit, beside the price, is not repeated.
    assert text(soup.select_one(".portal-buy a")) == "Mua trên Postmart (postmart.vn)"
    assert "Đơn vị bán" not in facts
    contact = page(built_site, "san-pham/dau-bap")
    assert "Đơn vị bán" not in text(contact.select_one(".portal-facts")), "its price shows the unit"


def test_shop_names_and_excerpts() -> None:
    from generator.text import excerpt, shop_name

    assert shop_name("https://www.shopee.vn/a") == "Shopee (shopee.vn)"
    assert shop_name("https://cho.example.vn/x") == "cho.example.vn"
    two = "Một câu ngắn. Câu thứ hai dài hơn nhiều."
    assert excerpt(two, 20) == "Một câu ngắn."
    assert excerpt("một hai ba bốn năm sáu bảy tám", 16) == "một hai ba bốn…"
    assert excerpt("ngắn", 16) == "ngắn"


def test_expired_ocop_is_flagged(built_site: Path) -> None:
    soup = page(built_site, "san-pham/kho-ca-loc-mot-nang")
    facts = text(soup.select_one(".portal-ocop"))
    assert "đã hết hạn" in facts and "15/06/2025" in facts
    catalogue = page(built_site, "san-pham")
    card = next(c for c in catalogue.select("#product-list > li") if "kho-ca-loc-mot-nang" in c.a["href"])
    assert not card.select(".portal-stars"), "an expired certificate shows no stars on the card"


# --- outstanding models -------------------------------------------------------------------------


def test_honours_by_year(built_site: Path) -> None:
    soup = page(built_site, "dien-hinh")
    years = [int(text(h)[4:]) for h in soup.select(".portal-page > section > h2")]
    assert years == sorted({int(r["year"]) for r in rows("models.csv")}, reverse=True)
    for model in rows("models.csv"):
        detail = page(built_site, f"dien-hinh/{model['id']}")
        assert text(detail.h1) == model["name"]
        assert model["award"] in text(detail)
        if model["cooperative_id"]:
            assert detail.select_one(f'a[href$="htx/{model["cooperative_id"]}/"]')


# --- progress -----------------------------------------------------------------------------------


def test_progress_lists_every_target_with_actuals(built_site: Path) -> None:
    soup = page(built_site, "tien-do")
    targets = soup.select_one("#bang-chi-tieu").find_next("table")
    table = {text(r.th): [text(td) for td in r.find_all("td")] for r in targets.select("tbody tr")}
    assert table["HTX do phụ nữ quản lý được rà soát, củng cố"][1:3] == ["2 HTX", "2 HTX (đạt chỉ tiêu)"]
    assert table["Việc làm ổn định cho lao động nữ trong THT"][1:3] == ["368 người", "368 người (đạt chỉ tiêu)"]
    assert table["THT thành lập mới"][2] == "1 THT (đạt chỉ tiêu)"
    assert table["Việc làm cho lao động nữ trong THT thành lập mới"][2] == "5 người (đạt chỉ tiêu)"
    assert table["Nữ quản lý HTX được đào tạo, bồi dưỡng"][2] == "100% (đạt chỉ tiêu)"
    assert table["Cán bộ Hội các cấp được nâng cao kỹ năng tuyên truyền, vận động"][1] == "≥ 80%"
    assert len(table) == 11
    charts = soup.select("figure.portal-chart")
    assert len(charts) == 3
    for chart in charts:
        svg = chart.select_one("svg.portal-chart__svg")
        assert len(svg["aria-label"]) > 40
        assert svg.select("text"), "text kept as text"
    titles = [text(c.figcaption) for c in charts]
    assert "Lao động nữ có việc làm theo lĩnh vực (số HTX, THT trong ngoặc)" in titles
    by_sector = charts[titles.index("Lao động nữ có việc làm theo lĩnh vực (số HTX, THT trong ngoặc)")]
    assert not by_sector.select(".portal-chart__legend"), "one series: its name is the title"
    assert all(len(c.select(".portal-chart__legend li")) == 2 for c in charts if c is not by_sector)


# --- open data ----------------------------------------------------------------------------------


def test_open_data_public_columns_only(built_site: Path) -> None:
    folder = built_site / "du-lieu"
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert names == ["communes", "cooperatives", "cooperative_years", "products", "models", "indicators"]
    assert not (folder / "consents.csv").exists()
    header = (folder / "cooperatives.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert "internal_notes" not in header and "manager_consent" not in header and "summary" in header
    coops = json.loads((folder / "cooperatives.json").read_text(encoding="utf-8"))
    assert len(coops) == len(rows("cooperatives.csv"))
    assert isinstance(coops[0]["members_total"], int)
    soup = page(built_site, "du-lieu")
    page_text = text(soup)
    assert "CC BY 4.0" in page_text and "Cập nhật lần cuối" in page_text
    # Columns by their Vietnamese titles (datapackage.json), each with its name in the CSV beside it.
    fields = {r["name"]: r["schema"]["fields"] for r in descriptor["resources"]}
    block = soup.select_one("#bang-cooperatives").find_parent("li")
    listed = [(text(d.dt), text(d.dd)) for d in block.select(".portal-dataset__fields dl > div")]
    assert listed == [(f.get("title") or f["name"], f["name"]) for f in fields["cooperatives"]]
    assert ("Tên", "name") in listed


def test_private_text_appears_nowhere(built_site: Path) -> None:
    secrets = [r["internal_notes"] for r in rows("cooperatives.csv") if r["internal_notes"]]
    secrets += [r["document_ref"] for r in rows("consents.csv") if r["document_ref"]]
    assert secrets
    for path in built_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".csv", ".js", ".svg", ".txt"):
            content = path.read_text(encoding="utf-8", errors="ignore")
            for secret in secrets:
                assert secret not in content, f"{secret!r} leaked into {path}"


# --- photos --------------------------------------------------------------------------------------


def test_photos_are_upright_stripped_webp(built_site: Path) -> None:
    media = built_site / "media"
    webps = list(media.glob("*.webp"))
    assert webps
    originals = {p.read_bytes() for p in (DATA / "images").iterdir()}
    copies = [
        p
        for p in built_site.rglob("*")
        if p.is_file() and p.suffix in (".jpg", ".jpeg", ".png") and p.parent != built_site / "assets" / "images"
    ]  # assets/images holds the theme's own favicon
    assert all(p.parent.name == "share" for p in copies), "JPEGs and PNGs are share cards (QR codes are inline)"
    assert not [p for p in copies if p.read_bytes() in originals], "originals are never copied"
    for path in webps:
        with Image.open(path) as image:
            assert image.format == "WEBP"
            assert not image.info.get("exif") and not image.info.get("xmp"), path
            assert image.width <= 960
    soup = page(built_site, "htx/tht-lua-tom-vinh-thuan")
    img = soup.select_one(".portal-entity__photo img")
    # The phone photo is stored landscape with EXIF orientation 6: published portrait.
    assert int(img["height"]) > int(img["width"])
    assert img["srcset"].count("w,") == 1


@pytest.mark.parametrize("url", ["htx/tht-banh-trang-vinh-thuan", "san-pham/dem-bang"])
def test_placeholder_without_photo(built_site: Path, url: str) -> None:
    img = page(built_site, url).select_one(".portal-entity__photo img")
    assert img["src"].endswith(".svg") and img["width"] and img["height"]


def test_search_wrapper_folds_diacritics(built_site: Path) -> None:
    config = json.loads(page(built_site, "").select_one("#__config").string)
    assert config["search"].endswith("search-fold.js")
    wrapper = (built_site / "assets" / "javascripts" / "workers" / "search-fold.js").read_text(encoding="utf-8")
    assert "importScripts" in wrapper and 'normalize("NFD")' in wrapper
