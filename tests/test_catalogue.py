"""The printed product catalogue, read back from its PDFs as a reader and a print shop would.

poppler's pdftotext, pdffonts and pdftoppm (installed by `make office`) read the text, the fonts
and the pages; pypdf the page sizes; zxing-cpp decodes the QR codes on the rendered pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from conftest import DATA, ROOT
from PIL import Image
from pypdf import PdfReader

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator import model  # noqa: E402
from generator.pipeline import Timer, load_and_validate  # noqa: E402
from generator.render import catalogue  # noqa: E402
from generator.render.artifacts import ArtifactStore  # noqa: E402
from generator.render.images import PhotoProcessor  # noqa: E402
from generator.text import format_vnd  # noqa: E402

EPOCH = 1764115200
A4 = (595.28, 841.89)
A5 = (419.53, 595.28)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils: make office")


def portal_of(data: Path) -> model.Portal:
    """The model of a data folder, as the build makes it."""
    loaded = load_and_validate(data, Timer(False), ROOT / "content")
    assert not loaded.problems, loaded.problems[:3]
    return model.build_portal(loaded, data, EPOCH)


def render_all(portal: model.Portal, tmp: Path) -> tuple[list[catalogue.Catalogue], ArtifactStore]:
    """Plan every catalogue of portal; the store renders a PDF when asked for its bytes."""
    store = ArtifactStore(tmp / "cache")
    return catalogue.plan(portal, store, PhotoProcessor(portal.data_dir / "images", store)), store


def text_of(pdf: Path) -> str:
    """The PDF's text with every run of white space (line ends, no-break spaces) as one space."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", out.stdout)


def price_line(product: model.Product) -> str:
    """The product's name and price as the catalogue prints them, spaces made plain."""
    unit = f" / {product.unit}" if product.unit and product.price_vnd is not None else ""
    return re.sub(r"\s+", " ", f"{product.name} {format_vnd(product.price_vnd)}{unit}")


@pytest.fixture(scope="module")
def sample(built_site: Path) -> tuple[model.Portal, Path]:
    """The sample's model, and its site as the generator built it (shared by the session)."""
    return portal_of(DATA), built_site


def test_every_product_on_sale_appears_once_with_its_price(sample) -> None:
    portal, site = sample
    whole = portal.district_catalogue
    assert whole is not None and whole.products == len(portal.catalogue) > 0
    for paper in ("a4", "a5"):
        text = text_of(site / getattr(whole, paper))
        for product in portal.catalogue:
            assert text.count(price_line(product)) == 1, (paper, price_line(product))
    for code, files in portal.commune_catalogues.items():
        text = text_of(site / files.a4)
        for product in portal.catalogue:
            here = product.cooperative.current_commune.code == code
            assert text.count(price_line(product)) == (1 if here else 0), (code, product.id)


def test_cover_contents_pages_date_and_licence(sample) -> None:
    portal, site = sample
    text = text_of(site / portal.district_catalogue.a4)
    first = text[: text.index("Mục lục")]
    for expected in (portal.config["site_name"], portal.config["publisher"]["name"], "Danh mục sản phẩm"):
        assert expected in first
    assert "Dữ liệu ngày 26/11/2025" in first and portal.config["licence"]["name"] in first
    pages = len(PdfReader(site / portal.district_catalogue.a4).pages)
    assert f"Trang {pages} / {pages}" in text and f"Trang 2 / {pages}" in text
    for coop in {p.cooperative.name for p in portal.catalogue}:  # the contents name every cooperative
        assert text.count(coop) >= 2


def test_page_sizes_booklet_and_embedded_fonts(sample) -> None:
    portal, site = sample
    files = [portal.district_catalogue, *portal.commune_catalogues.values()]
    for pair in files:
        for paper, size in (("a4", A4), ("a5", A5)):
            reader = PdfReader(site / getattr(pair, paper))
            for page in reader.pages:
                assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == size
            if paper == "a5":  # a booklet's sheets hold four pages each
                assert len(reader.pages) % 4 == 0
            fonts = subprocess.run(
                ["pdffonts", str(site / getattr(pair, paper))], capture_output=True, text=True, check=True
            ).stdout.splitlines()[2:]
            assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
            assert all("DejaVuSans" in line for line in fonts), fonts


def test_qr_codes_decode_to_the_products_pages(sample, tmp_path: Path) -> None:
    portal, site = sample
    code, files = next(iter(portal.commune_catalogues.items()))
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", str(site / files.a4), str(tmp_path / "p")], check=True)
    found = []
    for png in sorted(tmp_path.glob("p-*.png")):
        with Image.open(png) as image:
            found += [result.text for result in zxingcpp.read_barcodes(image)]
    expected = [portal.url(p.url) for p in portal.catalogue if p.cooperative.current_commune.code == code]
    assert sorted(found) == sorted([*expected, portal.url("san-pham/")])


def test_media_kit_links_every_catalogue(sample) -> None:
    portal, site = sample
    page = (site / "truyen-thong" / "index.html").read_text(encoding="utf-8")
    pairs = [portal.district_catalogue, *portal.commune_catalogues.values()]
    assert len(pairs) == 1 + len(portal.current_communes)  # the sample sells in every commune
    page_folder = site / "truyen-thong"
    linked = {
        (page_folder / href).resolve().relative_to(site.resolve()).as_posix()
        for href in re.findall(r'href="([^"]+\.pdf)"', page)
    }
    assert linked == {path for pair in pairs for path in (pair.a4, pair.a5)}
    for path in linked:
        assert (site / path).stat().st_size > 10_000


def test_stopped_and_dissolved_groups_are_left_out(data_copy: Path, tmp_path: Path) -> None:
    rows = (data_copy / "cooperatives.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    stopped = {"htx-tom-cang-vinh-binh": "giải thể"}
    portal = portal_of(DATA)
    other = next(c for c in portal.cooperatives if c.products and c.id not in stopped)
    stopped[other.id] = "tạm ngừng"
    for index, row in enumerate(rows):
        for coop, status in stopped.items():
            if row.startswith(f"{coop},"):
                rows[index] = row.replace(",hoạt động,", f",{status},", 1)
    (data_copy / "cooperatives.csv").write_text("".join(rows), encoding="utf-8")
    portal = portal_of(data_copy)
    gone = [p for p in portal.products if p.cooperative.id in stopped]
    assert gone and all(not p.on_sale for p in gone)
    _, store = render_all(portal, tmp_path)
    pdf = tmp_path / "whole.pdf"
    pdf.write_bytes(store.bytes_of(portal.district_catalogue.a4))
    text = text_of(pdf)
    for product in gone:
        assert product.name not in text and portal.url(product.url).split("://")[1] not in text
    for product in portal.catalogue:
        assert text.count(price_line(product)) == 1


def test_placeholder_for_a_product_without_photo(tmp_path: Path) -> None:
    portal = portal_of(DATA)
    store = ArtifactStore(tmp_path / "cache")
    commune = portal.catalogue[0].cooperative.current_commune
    by_commune = {commune.code: [p for p in portal.catalogue if p.cooperative.current_commune is commune]}
    photos = PhotoProcessor(DATA / "images", store)
    document, assets = catalogue.make_document(portal, photos, [commune], by_commune, "cooperative", "x", False)
    groups = document["sections"][0]["groups"]
    cards = [card for group in groups for card in group["products"]]
    files = {name for name, *_ in assets["photos"]} | {name for name, _ in assets["placeholders"]}
    assert len(cards) == len(by_commune[commune.code]) and all(card["photo"] in files for card in cards)
    without = [p for p in by_commune[commune.code] if not p.photo]
    assert without and {c["photo"] for c in cards if c["name"] in {p.name for p in without}} <= {
        name for name, _ in assets["placeholders"]
    }


def test_data_is_text_never_markup_and_output_is_deterministic(tmp_path: Path) -> None:
    portal = portal_of(DATA)
    hostile = '#panic("boom") *đậm* $x$ <nhan> @ref ] [ \\ // chú thích'
    portal.catalogue[0].name = hostile
    _, store = render_all(portal, tmp_path)
    path = portal.commune_catalogues[portal.catalogue[0].cooperative.current_commune.code].a4
    first = store.bytes_of(path)
    pdf = tmp_path / "hostile.pdf"
    pdf.write_bytes(first)
    assert re.sub(r"\s+", " ", hostile) in text_of(pdf)
    _, again = render_all(portal, tmp_path / "again")
    assert again.bytes_of(path) == first


def test_split_by_commune_past_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    portal = portal_of(DATA)
    assert portal.district_catalogue is not None
    monkeypatch.setattr(model, "CATALOGUE_SPLIT", len(portal.catalogue) - 1)
    assert portal.district_catalogue is None
    assert sum(files.products for files in portal.commune_catalogues.values()) == len(portal.catalogue)


def test_group_by_category_setting(tmp_path: Path) -> None:
    portal = portal_of(DATA)
    portal.config = {**portal.config, "catalogue": {"group_by": "category"}}
    catalogues, store = render_all(portal, tmp_path)
    pdf = tmp_path / "by-category.pdf"
    pdf.write_bytes(store.bytes_of(catalogues[0].files.a4))
    text = text_of(pdf)
    contents = text[text.index("Mục lục") : text.index("Trang 2 /")]
    labels = {p.category_label for p in portal.catalogue}
    assert all(label in contents for label in labels)
    portal.config = {**portal.config, "catalogue": {"group_by": "xã"}}
    with pytest.raises(ValueError, match="group_by"):
        render_all(portal, tmp_path / "bad")
