"""Staff publish without surprises: what the site says follows the data, nothing is silently
ignored, and messages lead to a fix that works."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DATA, edit, run_generator
from PIL import Image


def json_ld(page: Path) -> list[dict]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [json.loads(tag.string) for tag in soup.select('script[type="application/ld+json"]')]


OFF_SALE = ["banh-trang-phoi-suong", "gio-luc-binh-dan-tay", "hop-dung-do-luc-binh", "khay-luc-binh"]


def off_sale(data: Path = DATA) -> list[str]:
    rows = csv.DictReader(io.StringIO((data / "products.csv").read_text(encoding="utf-8"), newline=""))
    owners = ("tht-dan-luc-binh-phong-dong", "tht-banh-trang-vinh-thuan")
    return sorted(row["id"] for row in rows if row["cooperative_id"] in owners)


def test_a_stopped_or_dissolved_groups_products_keep_their_pages_without_an_offer(dissolved_site: Path) -> None:
    products = off_sale()
    assert len(products) == 4
    for product in products:
        page = dissolved_site / "san-pham" / product / "index.html"
        text = page.read_text(encoding="utf-8")
        assert "Sản phẩm hiện không được bán" in text, product
        assert "Cách mua" not in text
        (item,) = [d for d in json_ld(page) if d.get("@type") == "Product"]
        assert "offers" not in item, item
    still = json_ld(dissolved_site / "san-pham" / "tom-cang-xanh-tuoi" / "index.html")
    assert [d["offers"]["availability"] for d in still if d.get("@type") == "Product"] == ["https://schema.org/InStock"]
    for coop, status in (("tht-dan-luc-binh-phong-dong", "giải thể"), ("tht-banh-trang-vinh-thuan", "tạm ngừng")):
        text = (dissolved_site / "htx" / coop / "index.html").read_text(encoding="utf-8")
        assert f"Tổ hợp tác này đã {status}." in text
        cards = BeautifulSoup(text, "html.parser").select(".portal-card--product")
        assert cards and all("Không còn bán" in card.get_text() and "₫" not in card.get_text() for card in cards)


def test_they_leave_the_catalogue_the_finder_the_featured_list_and_the_print_cards(dissolved_site: Path) -> None:
    listing = [
        *dissolved_site.joinpath("san-pham").glob("index.html"),
        *dissolved_site.joinpath("san-pham", "trang").rglob("index.html"),
        dissolved_site / "index.html",
        *dissolved_site.joinpath("truyen-thong", "the-san-pham").rglob("index.html"),
    ]
    finder = list(dissolved_site.joinpath("san-pham", "tim").glob("*.json"))
    assert len(listing) >= 3 and finder
    for path in listing + finder:
        text = path.read_text(encoding="utf-8")
        for product in off_sale():
            assert f"san-pham/{product}/" not in text, (path, product)
    home = (dissolved_site / "index.html").read_text(encoding="utf-8")
    assert "san-pham/tom-cang-xanh-tuoi/" in home or "Sản phẩm nổi bật" in home


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils: make office")
def test_they_leave_the_printed_catalogue(dissolved_site: Path) -> None:
    pdfs = sorted(dissolved_site.joinpath("truyen-thong", "danh-muc").glob("*.pdf"))
    assert len(pdfs) >= 4
    for pdf in pdfs:
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
        text = "".join(out.stdout.decode("utf-8").replace("\u200b", "").split())  # an address wraps after a "/"
        assert "san-pham/tom-cang-xanh-tuoi/" in text or "vinh-binh" not in pdf.name
        for product in off_sale():
            assert f"san-pham/{product}/" not in text, (pdf.name, product)


def test_an_iphone_photo_is_published_upright_without_its_metadata(data_copy: Path, tmp_path: Path) -> None:
    import pillow_heif

    pillow_heif.register_heif_opener()
    photo = Image.new("RGB", (1200, 800), (200, 30, 30))
    photo.paste((30, 30, 200), (0, 400, 1200, 800))  # upright: red above blue
    exif = Image.Exif()
    exif[0x010F] = "ZQCANARYHEIC camera"
    photo.save(data_copy / "images" / "IMG_0412.HEIC", exif=exif, quality=85)
    edit(data_copy, "products.csv", "tom-cang-xanh-tuoi", "photo", "IMG_0412.HEIC")
    check = run_generator("check", "--data", "data", cwd=data_copy.parent)
    assert check.code == 0, check.out
    build = run_generator("build", "--data", "data", "--out", "site", "--work", "work", "--quiet", cwd=data_copy.parent)
    assert build.code == 0, build.out + build.err
    page = data_copy.parent / "site" / "san-pham" / "tom-cang-xanh-tuoi" / "index.html"
    img = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".portal-entity__photo img")
    published = page.parent / img["src"]
    with Image.open(published) as image:
        assert image.format == "WEBP" and image.width > image.height
        assert not image.getexif() and "xmp" not in image.info
        top, bottom = image.convert("RGB").getpixel((10, 10)), image.convert("RGB").getpixel((10, image.height - 10))
    assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0], (top, bottom)
    assert b"ZQCANARYHEIC" not in published.read_bytes()


def test_a_passing_check_says_what_it_checked(tmp_path: Path) -> None:
    result = run_generator("check", "--data", str(DATA), cwd=tmp_path)
    assert result.code == 0 and result.out == ""
    assert result.err.startswith("Dữ liệu hợp lệ: đã kiểm tra 7 tệp CSV (")


@pytest.mark.parametrize(
    "name, says",
    [
        ("products (1).csv", "Hãy đổi tên thành products.csv thay cho tệp cũ"),
        ("products - Trang tính1.csv", "Hãy đổi tên thành products.csv thay cho tệp cũ"),
        ("du-lieu-htx.xlsx", "“CSV UTF-8 (Comma delimited)” cho từng trang tính"),
        ("du-lieu-htx.ods", "“CSV UTF-8 (Comma delimited)” cho từng trang tính"),
        ("images/anh-moi.jpg", "không được dòng nào dùng"),
        ("ghi chu.txt", "Hãy xóa tệp này"),
    ],
)
def test_a_file_in_data_the_build_would_not_use_is_reported(data_copy: Path, name: str, says: str) -> None:
    shutil.copy(
        data_copy / "products.csv" if name.endswith(".csv") else data_copy / "images" / "non-la.jpg", data_copy / name
    )
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    assert result.code == 1
    assert len(result.lines) == 1 and result.lines[0].startswith(f"data/{name}:*:*: "), result.lines
    assert says in result.lines[0]


MESSAGES = [
    # (file, row id, column, typed value, words the message must hold)
    ("products.csv", "tom-cang-xanh-tuoi", "price_vnd", "220.000đ", "Hãy chỉ viết số: 220000."),
    ("products.csv", "tom-cang-xanh-tuoi", "price_vnd", "220000 ₫", "Hãy chỉ viết số: 220000."),
    ("cooperatives.csv", "tht-nuoi-vit-vinh-thuan", "founded", "26/08/2024", "Hãy viết năm-tháng-ngày: 2024-08-26."),
    ("cooperatives.csv", "tht-nuoi-vit-vinh-thuan", "commune", "Vĩnh Bình Bắc", "Hãy viết: cu-vinh-binh-bac."),
    ("cooperatives.csv", "tht-nuoi-vit-vinh-thuan", "commune", "xã Phong Đông", "Hãy viết: cu-phong-dong."),
]


@pytest.mark.parametrize("case", MESSAGES, ids=[f"{c[2]}={c[3]}" for c in MESSAGES])
def test_a_message_offers_the_value_to_write_and_it_is_accepted(data_copy: Path, case: tuple) -> None:
    name, row_id, column, typed, says = case
    edit(data_copy, name, row_id, column, typed)
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    assert len(result.lines) == 1, result.lines
    assert says in result.lines[0] and f"mã “{row_id}”" in result.lines[0], result.lines
    offered = says.rsplit(": ", 1)[1].rstrip(".")
    edit(data_copy, name, row_id, column, offered)
    assert run_generator("check", "--data", "data", cwd=data_copy.parent).code == 0, "the fix produced another error"


def test_a_renamed_id_is_named_where_it_is_still_used(data_copy: Path) -> None:
    edit(data_copy, "cooperatives.csv", "tht-nuoi-luon-vinh-thuan", "id", "tht-nuoi-luon-tan-thuan")
    edit(data_copy, "cooperatives.csv", "tht-nuoi-luon-tan-thuan", "former_ids", "tht-nuoi-luon-vinh-thuan")
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    assert result.lines, "the products and yearly figures still name the old id"
    for line in result.lines:
        assert "đã được đổi thành “tht-nuoi-luon-tan-thuan”" in line, line
        assert "Hãy sửa thành tht-nuoi-luon-tan-thuan." in line


def test_the_excel_row_and_id_are_named_after_a_multi_line_cell(data_copy: Path) -> None:
    text = (data_copy / "products.csv").read_text(encoding="utf-8")
    assert text.count("\n") > len(list(csv.reader(io.StringIO(text)))), "the sample has multi-line cells"
    edit(data_copy, "products.csv", "vit-chay-dong", "price_vnd", "mười nghìn")
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    rows = list(csv.reader(io.StringIO((data_copy / "products.csv").read_text(encoding="utf-8"), newline="")))
    excel = next(n for n, row in enumerate(rows, start=1) if row[0] == "vit-chay-dong")
    (line,) = result.lines
    physical = int(line.split(":")[1])
    assert physical > excel and line.endswith(f"(Excel: dòng {excel}, mã “vit-chay-dong”)"), line


def test_a_withdrawn_consent_on_a_person_model_gives_advice_that_passes(data_copy: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((data_copy / "models.csv").read_text(encoding="utf-8"), newline="")))
    person = next(row for row in rows if row["kind"] == "cá nhân" and row["consent"])
    edit(data_copy, "consents.csv", person["consent"], "withdrawn", "2025-11-20")
    (line,) = run_generator("check", "--data", "data", cwd=data_copy.parent).lines
    assert "hãy xóa cả dòng này khỏi models.csv" in line, line
    path = data_copy / "models.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(row for row in rows if row[0] != person["id"])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    if person["photo"]:
        assert f"và ảnh {person['photo']} trong data/images/" in line
        (data_copy / "images" / person["photo"]).unlink()
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    assert result.code == 0, result.out


@pytest.mark.parametrize("typed", ["31/02/2025", "2025-02-31", "30.02.2024"])
def test_an_impossible_date_is_called_impossible_as_typed(data_copy: Path, typed: str) -> None:
    edit(data_copy, "products.csv", "tom-cang-xanh-tuoi", "ocop_date", typed)
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    assert len(result.lines) == 1, result.lines
    assert f"Ngày “{typed}” không có thật. Hãy kiểm tra lại tháng và ngày." in result.lines[0]


def test_a_header_only_table_is_said_empty_first_and_its_photos_are_not_called_unused(data_copy: Path) -> None:
    for name in ("products.csv", "cooperatives.csv"):
        path = data_copy / name
        path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[0] + "\n", encoding="utf-8")
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    assert result.code == 1
    firsts = {}
    for line in result.lines:
        firsts.setdefault(line.split(":", 1)[0], line)
    for name in ("products.csv", "cooperatives.csv"):
        assert firsts[f"data/{name}"].startswith(f"data/{name}:1:*: Tệp {name} chỉ còn dòng tiêu đề"), result.lines
    assert not any("không được dòng nào dùng" in line for line in result.lines), result.lines


def test_more_than_five_cells_with_one_problem_are_said_once_for_the_column(data_copy: Path) -> None:
    path = data_copy / "products.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    index = rows[0].index("price_vnd")
    changed = [row for row in rows[1:] if row[index]][:7]
    for row in changed:
        row[index] = f"{int(row[index]):,}".replace(",", ".")  # as Excel shows a number it reformatted
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    head, *cells = result.lines
    assert head.startswith("data/products.csv:2:price_vnd: 7 ô của cột price_vnd có cùng một lỗi (dòng ")
    assert "Hãy viết liền không dấu chấm, phẩy: 220000." in head and "mọi ô được liệt kê" in head
    assert len(cells) == 7
    for line, row in zip(cells, changed, strict=True):
        price = row[index]
        assert f": “{price}” → {price.replace('.', '')} (Excel: dòng " in line and f"mã “{row[0]}”" in line
    # five are said one by one, as before
    edit(data_copy, "products.csv", changed[0][0], "price_vnd", changed[0][index].replace(".", ""))
    edit(data_copy, "products.csv", changed[1][0], "price_vnd", changed[1][index].replace(".", ""))
    lines = run_generator("check", "--data", "data", cwd=data_copy.parent).lines
    assert len(lines) == 5 and all("có dấu phân cách hàng nghìn" in line for line in lines)
