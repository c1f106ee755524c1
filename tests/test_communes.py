"""Every page that sells reaches a seller, and each commune's Women's Union has its page, its
targets and its report (generator/contact.py, /xa/<code>/, report --commune)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DATA, ROOT, is_redirect, run_generator
from docx import Document
from test_report import _cells, _number, _table_starting

sys.path.insert(0, str(ROOT))
from generator import contact, model, pipeline  # noqa: E402
from generator.load import load_tables  # noqa: E402
from generator.schema import load_config, load_package  # noqa: E402
from generator.validate import validate  # noqa: E402


def _rewrite(path: Path, change) -> None:
    """Rewrite a CSV file of the copy, row by row, as staff would in Excel."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
        header = list(rows[0].keys())
    for row in rows:
        change(row)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _portal(data: Path, config: dict | None = None) -> model.Portal:
    loaded = pipeline.load_and_validate(data)
    assert loaded.problems == []
    if config is not None:
        loaded.config = config
    return model.build_portal(loaded, data, 0)


def _soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


# --- the contact rule ------------------------------------------------------------------------


def test_a_group_with_channels_answers_itself_else_its_communes_union_else_the_publisher(data_copy: Path) -> None:
    def silence(row: dict) -> None:
        if row["id"] in {"htx-tom-cang-vinh-binh", "tht-dan-luc-binh-binh-minh"}:
            row["phone"] = row["zalo"] = ""
            row["manager_name"] = row["manager_consent"] = ""

    _rewrite(data_copy / "cooperatives.csv", silence)
    _rewrite(
        data_copy / "communes.csv",
        lambda r: r.update(union_phone="", union_zalo="") if r["code"] == "vinh-phong" else None,
    )
    portal = _portal(data_copy)
    coops = {c.id: c for c in portal.cooperatives}

    own = next(c for c in portal.cooperatives if c.status == "hoạt động" and c.phone)
    assert contact.seller(own, portal.config).source == contact.GROUP
    assert contact.seller(own, portal.config).phone == own.phone

    union = contact.seller(coops["tht-dan-luc-binh-binh-minh"], portal.config)  # Bình Minh is now Vĩnh Bình
    assert (union.source, union.name, union.phone) == (contact.UNION, "Hội LHPN xã Vĩnh Bình", "02973862202")
    assert union.url == "xa/vinh-binh/" and union.sms == "0945862202"  # a landline takes no text message

    in_vinh_phong = next(c for c in portal.cooperatives if c.current_commune.code == "vinh-phong")
    in_vinh_phong.phone = in_vinh_phong.zalo = ""
    publisher = contact.seller(in_vinh_phong, portal.config)
    assert publisher.source == contact.PUBLISHER and publisher.phone == "02973000000"

    closed = next(c for c in portal.cooperatives if c.phone and c.current_commune.code == "vinh-binh")
    closed.status = "giải thể"  # a closed group's number may no longer answer: ask its Union
    assert contact.seller(closed, portal.config).source == contact.UNION


def test_check_reports_a_group_nobody_would_answer_for_at_the_row_that_can_fix_it(data_copy: Path) -> None:
    _rewrite(data_copy / "communes.csv", lambda r: r.update(union_phone="", union_zalo=""))
    package = load_package(data_copy)
    tables, problems = load_tables(package, data_copy, display_dir="data")
    assert problems == []
    config = load_config()
    assert validate(package, tables, config, data_copy / "images") == [], "the publisher still answers"

    config["publisher"] = {**config["publisher"], "phone": ""}
    found = [p for p in validate(package, tables, config, data_copy / "images") if p.code == "contact.none"]
    silent = [r for r in tables["cooperatives"].rows if not (r.get("phone") or r.get("zalo"))]
    closed = [
        r for r in tables["cooperatives"].rows if r.get("status") != "hoạt động" and (r.get("phone") or r.get("zalo"))
    ]
    assert len(found) == len(silent) + len(closed) > 0
    first = found[0]
    assert first.column == "phone" and first.path.endswith("cooperatives.csv")
    assert "communes.csv dòng" in first.message and "union_phone" in first.message
    assert "Excel: dòng" in first.where


def test_every_product_page_of_the_sample_names_who_answers_and_links_a_call_or_zalo(built_site: Path) -> None:
    pages = [p for p in sorted((built_site / "san-pham").glob("*/index.html")) if p.parent.name != "trang"]
    pages = [p for p in pages if not is_redirect(p)]
    assert len(pages) >= 50
    by_source: dict[str, int] = {}
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        block = soup.select_one("article .portal-contact")
        assert block is not None, page
        links = [a["href"] for a in block.select('a[href^="tel:"], a[href^="https://zalo.me/"]')]
        assert links, page
        assert block.select_one(".portal-contact__who").get_text(strip=True).startswith("Liên hệ"), page
        source = next(c for c in block["class"] if c.startswith("portal-contact--")).split("--")[1]
        by_source[source] = by_source.get(source, 0) + 1
        if source != "group":
            assert "chưa công bố số điện thoại" in block.get_text() or "đã" in block.get_text(), page
    assert by_source.get("union", 0) > 20 and by_source.get("group", 0) > 10, by_source


# --- the commune pages -----------------------------------------------------------------------


def test_each_current_commune_has_its_page_with_groups_products_figures_targets_and_union(built_site: Path) -> None:
    portal = _portal(DATA)
    for commune in portal.current_communes:
        soup = _soup(built_site, f"xa/{commune.code}")
        assert soup.h1.get_text(strip=True) == commune.label[0].upper() + commune.label[1:]
        coops = portal.in_commune(commune)
        groups = soup.select(".portal-commune__groups li")
        assert len(groups) == len(coops)
        former = [c for c in coops if c.former_commune]
        assert sum("trước đây ở" in li.get_text() for li in groups) == len(former)
        on_sale = sum(1 for c in coops for p in c.products if p.on_sale)
        assert f"Sản phẩm đang bán ({on_sale})" in soup.get_text()
        union = soup.select_one('[aria-labelledby="union-title"]')
        assert union.select_one(f'a[href="tel:{commune.union.phone}"]') is not None
        stats = portal.stats(coops)
        numbers = [li.select_one(".portal-figures__number").get_text() for li in soup.select(".portal-figures li")]
        assert numbers[:2] == [str(stats["htx"]), str(stats["tht"])]
        assert soup.select_one(".portal-share") is not None and soup.find("meta", property="og:image") is not None
        labels = [t.get_text(strip=True) for t in soup.select(".portal-target__label")]
        assert labels == [t.label for t in model.commune_targets(portal, commune)]


def test_former_units_redirect_to_their_communes_page(built_site: Path) -> None:
    page = built_site / "xa" / "cu-tan-thuan" / "index.html"
    assert is_redirect(page)
    assert 'url=../vinh-thuan/"' in page.read_text(encoding="utf-8")


def test_communes_are_linked_from_the_list_directory_home_profiles_and_map_legend(built_site: Path) -> None:
    listing = _soup(built_site, "xa")
    rows = listing.select("#commune-list tbody tr")
    assert [r.a["href"] for r in rows] == ["../xa/vinh-binh/", "../xa/vinh-phong/", "../xa/vinh-thuan/"]
    binh = next(r for r in rows if "Vĩnh Bình" in r.get_text())
    assert "vinh binh bac" in binh["data-search"] and "binh minh" in binh["data-search"]  # folded, old names too
    assert _soup(built_site, "").select_one('a[href="xa/"]') is not None
    assert _soup(built_site, "htx").select_one('a[href="../xa/"]') is not None
    assert _soup(built_site, "htx").select_one('.portal-map__legend a[href="../xa/vinh-binh/"]') is not None
    profile = _soup(built_site, "htx/htx-tom-cang-vinh-binh")
    assert profile.select_one('a[href="../../xa/vinh-binh/"]') is not None


def test_progress_page_says_how_the_communes_add_up(built_site: Path) -> None:
    soup = _soup(built_site, "tien-do")
    portal = _portal(DATA)
    shares = model.commune_shares(portal)
    assert soup.select_one("#theo-xa") is not None and shares
    for share in shares:
        table = soup.select_one(f'[aria-labelledby="theo-xa-{share.target.key.replace("_", "-")}"] table')
        assert len(table.select("tbody tr")) == len(share.communes)
        foot = [tr.get_text(" ", strip=True) for tr in table.select("tfoot tr")]
        if share.additive:
            assert foot[0].startswith("Cộng các xã")
            assert share.actual_sum == share.target.actual  # counts: the communes add up to the portal
        else:
            assert len(foot) == 1  # percentages of different wholes are not summed


# --- the report per commune ------------------------------------------------------------------


def test_a_communes_report_is_its_unions_with_its_figures_equal_to_its_page(built_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "vinh-binh.docx"
    result = run_generator("report", "--period", "2025", "--commune", "vinh-binh", "--out", str(out), cwd=ROOT)
    assert result.code == 0, result.err
    doc = Document(str(out))
    header = doc.tables[0].rows[0].cells[0].text.upper()
    assert "HỘI LIÊN HIỆP PHỤ NỮ" in header and "XÃ VĨNH BÌNH" in header
    rows = _cells(_table_starting(doc, "Mục"))[1:]
    page = _soup(built_site, "xa/vinh-binh")
    shown = {}
    for li in page.select(".portal-target"):
        label = li.select_one(".portal-target__label").get_text(strip=True)
        shown[label] = li.get_text(" ", strip=True).removeprefix(label)
    assert [r[1] for r in rows] == list(shown)
    for _section, label, target, result_text, *_ in rows:
        actual, goal = shown[label].split("/ chỉ tiêu")
        assert _number(result_text) == _number(actual), label
        assert _number(target) == _number(goal), label
    coops = _cells(_table_starting(doc, "Xã"))
    assert [r[0] for r in coops[1:]] == ["Xã Vĩnh Bình", "Tổng cộng"]


def test_the_roll_up_report_still_covers_every_commune(tmp_path: Path) -> None:
    out = tmp_path / "all.docx"
    assert run_generator("report", "--period", "2025", "--out", str(out), cwd=ROOT).code == 0
    communes = [r[0] for r in _cells(_table_starting(Document(str(out)), "Xã"))[1:]]
    assert communes == ["Xã Vĩnh Bình", "Xã Vĩnh Phong", "Xã Vĩnh Thuận", "Tổng cộng"]


@pytest.mark.parametrize(
    ("code", "message"),
    [("xa-khong-co", "Không có xã nào mã “xa-khong-co”"), ("cu-tan-thuan", "Hãy ghi --commune vinh-thuan")],
)
def test_an_unknown_or_former_commune_is_a_message_and_writes_nothing(tmp_path: Path, code: str, message: str):
    out = tmp_path / "x.docx"
    result = run_generator("report", "--period", "2025", "--commune", code, "--out", str(out), cwd=ROOT)
    assert result.code != 0 and message in result.out + result.err
    assert "vinh-binh (xã Vĩnh Bình)" in result.out + result.err
    assert not out.exists()


# --- in a phone's browser --------------------------------------------------------------------


@pytest.mark.browser
def test_on_a_phone_every_product_page_offers_a_call_or_zalo_on_the_first_screen(browser, server, built_site) -> None:
    pages = [p.parent.name for p in sorted((built_site / "san-pham").glob("*/index.html"))]
    pages = [
        name for name in pages if name != "trang" and not is_redirect(built_site / "san-pham" / name / "index.html")
    ]
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        for name in pages:
            page.goto(f"{server}san-pham/{name}/")
            links = page.locator('article a[href^="tel:"], article a[href^="https://zalo.me/"]')
            assert links.count() > 0, name
            on_screen = [
                box
                for box in (links.nth(i).bounding_box() for i in range(links.count()))
                if box and box["y"] >= 0 and box["y"] + box["height"] <= 740 and box["height"] >= 24
            ]
            assert on_screen, f"{name}: no call or Zalo link on the first screen"
    finally:
        context.close()


@pytest.mark.browser
def test_the_commune_list_finds_a_commune_typed_without_diacritics(browser, server) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        page.goto(f"{server}xa/")
        page.fill("#commune-q", "binh minh")  # a former unit's name, without diacritics
        visible = page.locator("#commune-list tbody tr:visible")
        assert visible.count() == 1 and "Vĩnh Bình" in visible.inner_text()
        assert page.locator("[data-list-count]").inner_text() == "1 trên 3 xã"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        page.close()


def test_at_province_scale_the_commune_list_has_every_commune_with_counts_and_folded_names(tmp_path: Path) -> None:
    """A province (synthetic data: 100 current communes, 4,000 groups): one row per commune with
    its counts, which add up to the portal's, and its current and former names folded."""
    from synth import synthesize

    from generator.render import commune_rows, pages
    from generator.render.artifacts import ArtifactStore, Files

    synthesize(4000, tmp_path / "data", seed=5)
    portal = _portal(tmp_path / "data")
    assert len(portal.current_communes) == 100
    writer = pages.PageWriter(portal, Files(), ArtifactStore(tmp_path / "cache"))
    writer.write("xa/index.md", "communes.md.j2", rows=commune_rows(portal))
    writer.render_pages(tmp_path / "docs", processes=1)
    soup = BeautifulSoup((tmp_path / "docs" / "xa" / "index.md").read_text(encoding="utf-8"), "html.parser")
    rows = soup.select("#commune-list tbody tr")
    assert len(rows) == 100
    totals = portal.stats()
    counts = [[int(td.get_text().replace(".", "")) for td in tr.find_all("td")] for tr in rows]
    assert [sum(column) for column in zip(*counts, strict=True)] == [totals["htx"], totals["tht"], totals["products"]]
    for tr, commune in zip(rows, portal.current_communes, strict=True):
        assert tr["data-search"] == model.search_text(commune.name, *(f.name for f in portal.formers(commune)))
        assert tr["data-search"].isascii()


def test_a_dissolved_groups_pages_send_buyers_to_its_communes_union(data_copy: Path, tmp_path: Path) -> None:
    closed = "htx-tom-cang-vinh-binh"  # it publishes its own phone, which may no longer answer
    _rewrite(data_copy / "cooperatives.csv", lambda r: r.update(status="giải thể") if r["id"] == closed else None)
    result = run_generator("build", "--data", str(data_copy), "--out", str(tmp_path / "site"), "--quiet", cwd=tmp_path)
    assert result.code == 0, result.err
    page = _soup(tmp_path / "site", f"htx/{closed}")
    panel = page.select_one('[aria-labelledby="contact-title"]')
    assert panel.h2.get_text(strip=True) == "Hỏi thông tin"
    assert "đã giải thể: Hội LHPN xã Vĩnh Bình nhận lời nhắn" in panel.get_text(" ", strip=True)
    assert panel.select_one('a[href="tel:02973862202"]') is not None
    assert panel.select_one('a[href="tel:0912345678"]') is None  # the group's own number is not offered
    assert page.select_one(".portal-callbar") is None  # nothing is sold: no call bar
    product = next(p for p in (tmp_path / "site" / "san-pham").glob("*/index.html") if closed in p.read_text("utf-8"))
    block = BeautifulSoup(product.read_text(encoding="utf-8"), "html.parser").select_one(".portal-buy")
    assert block.h2.get_text(strip=True) == "Hỏi về sản phẩm này" and block.select_one('a[href^="tel:0297"]')


def test_a_communes_page_links_its_printed_catalogue(built_site: Path) -> None:
    portal = _portal(DATA)
    for commune in portal.current_communes:
        files = portal.commune_catalogues[commune.code]
        links = {
            a["href"] for a in _soup(built_site, f"xa/{commune.code}").select('[aria-labelledby="catalogue-title"] a')
        }
        assert links == {f"../../{files.a4}", f"../../{files.a5}"}
        assert all((built_site / path).is_file() for path in (files.a4, files.a5))
