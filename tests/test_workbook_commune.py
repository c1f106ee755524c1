"""The workbook per commune (generator/workbook_scope.py): a commune's Union gets only its rows,
and importing her workbook changes only them, in any order with the other communes' workbooks.

The data is made here: three communes with one former unit each, groups in the communes and in
the former units, products and yearly figures interleaved in the files, a model without a group,
portal-wide and per-commune indicators, and rows written with quotes a canonical CSV would not
use (so "byte-identical" means the bytes as committed, not as the import would write them).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, EPOCH, ROOT, run_generator
from openpyxl import load_workbook
from test_workbook import append, cell, column, label_of, snapshot

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.schema import load_config, load_package  # noqa: E402
from generator.workbook import LOOKUP_SHEET, SOURCE_SHEET, export_workbook  # noqa: E402
from generator.workbook_import import CellProblem, Result, import_workbook  # noqa: E402
from generator.workbook_scope import SCOPE_CELL, scope_of  # noqa: E402

IMPORT_SCRIPT = ROOT / ".github" / "scripts" / "import_workbooks.py"

COMMUNES = """\
code,name,kind,successor,union_name,union_role,union_phone
vinh-binh,Vĩnh Bình,xã,,Hội LHPN xã Vĩnh Bình,Văn phòng Hội,0297 3862 202
vinh-phong,Vĩnh Phong,xã,,Hội LHPN xã Vĩnh Phong,Chủ tịch Hội,0297 3863 203
vinh-thuan,Vĩnh Thuận,xã,,,Văn phòng Hội,0297 3861 201
cu-binh-minh,Bình Minh,xã,vinh-binh,,,
cu-phong-dong,Phong Đông,xã,vinh-phong,,,
cu-tan-thuan,Tân Thuận,xã,vinh-thuan,,,
"""
GROUP = "founded,status,sector,members_total,members_female,female_workers,women_managers"
COOPERATIVES = f"""\
id,type,name,commune,{GROUP},summary,phone,manager_name,manager_consent
htx-b1,HTX,HTX Tôm Phong Đông,cu-phong-dong,2019,hoạt động,thuy-san,12,9,10,2,Tôm.,0912 000 001,Trần Thị Bích,dy-b
htx-a1,HTX,HTX Lúa Bình Minh,cu-binh-minh,2018,hoạt động,trong-trot,20,12,15,3,Lúa sạch.,0912 000 002,Lê Thị An,dy-a
tht-b2,THT,Tổ hợp tác may Vĩnh Phong,vinh-phong,2021,hoạt động,may-mac,8,8,8,1,"Tổ may gia công.",,,
tht-a2,THT,Tổ hợp tác đan lục bình Vĩnh Bình,vinh-binh,2022,hoạt động,thu-cong,10,10,9,1,Đan lục bình.,,,
tht-c1,THT,Tổ hợp tác rau Tân Thuận,cu-tan-thuan,2023,hoạt động,trong-trot,7,6,6,1,Rau an toàn.,,,
"""
PRODUCTS = """\
id,cooperative_id,name,category,summary,price_vnd
tom-b1,htx-b1,Tôm càng xanh,thuy-san,Tôm tươi.,220000
gao-a1,htx-a1,Gạo thơm Bình Minh,gao,Gạo thơm.,25000
ao-b2,tht-b2,Áo bà ba,may-mac,"Áo may sẵn.",150000
gio-a2,tht-a2,Giỏ lục bình,thu-cong,Giỏ đan tay.,
rau-c1,tht-c1,Rau muống,rau-qua,Rau sạch.,10000
"""
YEARS = """\
cooperative_id,year,members_total,members_female,female_workers
htx-b1,2024,11,8,9
htx-a1,2024,18,11,14
htx-b1,2025,12,9,10
htx-a1,2025,20,12,15
"""
MODELS = """\
id,name,kind,year,award,summary,cooperative_id,consent
htx-b1-2024,Hợp tác xã Tôm Phong Đông,tập thể,2024,Giấy khen,"Tập thể tiêu biểu.",htx-b1,
htx-a1-2024,Hợp tác xã Lúa Bình Minh,tập thể,2024,Giấy khen,Tập thể tiêu biểu.,htx-a1,
ca-nhan-2025,Nguyễn Thị Hoa,cá nhân,2025,Bằng khen,Cá nhân tiêu biểu.,,dy-p
"""
CONSENTS = """\
id,person_name,scope,signed
dy-b,Trần Thị Bích,tên;ảnh;điện thoại,2024-04-15
dy-a,Lê Thị An,tên;ảnh;điện thoại,2024-04-16
dy-p,Nguyễn Thị Hoa,tên;ảnh,2024-04-17
"""
INDICATORS = """\
indicator,period,commune,value,note
members_vocational,2025-H1,,40,Cả cổng.
members_vocational,2025-H1,vinh-phong,31,"Lớp đan lục bình."
members_vocational,2025-H1,vinh-binh,36,Lớp nuôi tôm.
members_vocational,2025-H1,cu-tan-thuan,20,Lớp trồng rau.
"""
FILES = {
    "communes.csv": COMMUNES,
    "cooperatives.csv": COOPERATIVES,
    "products.csv": PRODUCTS,
    "cooperative_years.csv": YEARS,
    "models.csv": MODELS,
    "consents.csv": CONSENTS,
    "indicators.csv": INDICATORS,
}
# Which commune each line of the files above belongs to, by the first cell (or first two cells).
OWNER = {
    "vinh-binh": "vinh-binh",
    "cu-binh-minh": "vinh-binh",
    "htx-a1": "vinh-binh",
    "tht-a2": "vinh-binh",
    "gao-a1": "vinh-binh",
    "gio-a2": "vinh-binh",
    "htx-a1-2024": "vinh-binh",
    "dy-a": "vinh-binh",
    "nep-a1": "vinh-binh",
    "mam-b1": "vinh-phong",
    "vinh-phong": "vinh-phong",
    "cu-phong-dong": "vinh-phong",
    "htx-b1": "vinh-phong",
    "tht-b2": "vinh-phong",
    "tom-b1": "vinh-phong",
    "ao-b2": "vinh-phong",
    "htx-b1-2024": "vinh-phong",
    "dy-b": "vinh-phong",
    "vinh-thuan": "vinh-thuan",
    "cu-tan-thuan": "vinh-thuan",
    "tht-c1": "vinh-thuan",
    "rau-c1": "vinh-thuan",
}


def owner(line: str) -> str:
    """The commune a line of the test's files belongs to ('' for none: portal-wide, no group)."""
    cells = line.split(",")
    if cells[0] == "members_vocational":
        return OWNER.get(cells[2], "")
    return OWNER.get(cells[0], "")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    (folder / "images").mkdir(parents=True)
    shutil.copy(DATA / "datapackage.json", folder / "datapackage.json")
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    return folder


def make(data: Path, out: Path, commune: str | None) -> Path:
    package = load_package(data)
    scope = scope_of(package, data, commune) if commune else None
    export_workbook(package, load_config(), data, out, int(EPOCH), scope)
    return out


def run_import(workbook: Path, data: Path) -> Result:
    return import_workbook(workbook, data, load_package(data), load_config())


def keys(sheet) -> list[str]:
    return [sheet.cell(row, 1).value for row in range(3, sheet.max_row + 1) if sheet.cell(row, 1).value is not None]


def lines_of(folder: Path, commune: str | None = None, but: str | None = None) -> dict[str, list[bytes]]:
    """Each file's data lines as bytes, only those of `commune`, or all but those of `but`."""
    found = {}
    for path in sorted(folder.glob("*.csv")):
        lines = path.read_bytes().splitlines(keepends=True)[1:]
        found[path.name] = [
            line
            for line in lines
            if (commune is None or owner(line.decode()) == commune) and (but is None or owner(line.decode()) != but)
        ]
    return found


def test_the_sample_data_is_valid(data: Path) -> None:
    result = run_generator("check", "--data", str(data), cwd=data.parent)
    assert result.code == 0, result.out + result.err


# --- the workbook as written ----------------------------------------------------------------


def test_a_commune_workbook_holds_its_rows_and_every_dropdown(data: Path, tmp_path: Path) -> None:
    book = load_workbook(make(data, tmp_path / "vinh-binh.xlsx", "vinh-binh"))
    assert keys(book["HTX-THT"]) == ["htx-a1", "tht-a2"], "the commune's and its former unit's groups"
    assert keys(book["Sản phẩm"]) == ["gao-a1", "gio-a2"], "products follow their group"
    assert len(keys(book["Số liệu theo năm"])) == 2, "yearly figures follow their group"
    assert keys(book["Điển hình"]) == ["htx-a1-2024"], "a model without a group is no commune's"
    assert keys(book["Đồng ý công bố"]) == ["dy-a"], "the consents its rows refer to"
    assert keys(book["Xã"]) == ["vinh-binh", "cu-binh-minh"]
    assert [book["Chỉ tiêu"].cell(row, 3).value for row in (3, 4)] == ["xã Vĩnh Bình", None]
    assert book[SOURCE_SHEET][SCOPE_CELL].value == "vinh-binh"
    assert "Hội LHPN xã Vĩnh Bình" in book["Hướng dẫn"]["A2"].value
    # dropdowns list every commune, cooperative and consent, as the whole workbook's do
    for value in ("vinh-phong", "cu-tan-thuan", "vinh-binh"):
        assert label_of(book, "communes", value)
    for value in ("htx-b1", "tht-c1", "htx-a1"):
        assert label_of(book, "cooperatives", value)
    for value in ("dy-b", "dy-p"):
        assert label_of(book, "consents", value)
    whole = load_workbook(make(data, tmp_path / "all.xlsx", None))
    lookup = [[c.value for c in column] for column in book[LOOKUP_SHEET].iter_cols()]
    assert lookup == [[c.value for c in column] for column in whole[LOOKUP_SHEET].iter_cols()]
    assert whole[SOURCE_SHEET][SCOPE_CELL].value is None


def test_a_commune_workbook_is_deterministic(data: Path, tmp_path: Path) -> None:
    first = make(data, tmp_path / "a.xlsx", "vinh-phong").read_bytes()
    assert make(data, tmp_path / "b.xlsx", "vinh-phong").read_bytes() == first


def test_an_unknown_code_or_a_former_unit_is_refused_listing_the_communes(data: Path) -> None:
    listing = "“vinh-binh” (xã Vĩnh Bình), “vinh-phong” (xã Vĩnh Phong), “vinh-thuan” (xã Vĩnh Thuận)"
    out = data.parent / "x.xlsx"
    command = ("workbook", "--data", str(data), "--out", str(out), "--commune")
    unknown = run_generator(*command, "vinh-hoa", cwd=data.parent)
    assert unknown.code == 1 and not out.exists()
    assert unknown.lines == [
        f"{data / 'communes.csv'}:*:code: --commune vinh-hoa: không có xã nào mang mã này. Các xã hiện nay: {listing}."
    ]
    assert "Chưa tạo bảng tính." in unknown.err and "Traceback" not in unknown.err
    former = run_generator(*command, "cu-binh-minh", cwd=data.parent)
    assert former.code == 1 and not out.exists()
    assert former.lines[0].startswith(f"{data / 'communes.csv'}:5:successor: --commune cu-binh-minh: ")
    assert "thuộc xã Vĩnh Bình (mã “vinh-binh”)" in former.lines[0] and listing in former.lines[0]
    made = run_generator(*command, "vinh-binh", cwd=data.parent)
    assert made.code == 0 and out.exists()


# --- importing it -------------------------------------------------------------------------------


def edit_vinh_binh(workbook: Path) -> None:
    """A commune officer's edits: a price, a new product below its group's, a yearly row deleted."""
    book = load_workbook(workbook)
    cell(book["Sản phẩm"], "gao-a1", "price_vnd").value = 27000
    products = book["Sản phẩm"]
    products.insert_rows(4)
    for name, value in {"id": "nep-a1", "cooperative_id": "htx-a1", "name": "Nếp Bình Minh", "category": "gao"}.items():
        products.cell(4, column(products, name), value)
    products.cell(4, column(products, "summary"), "Nếp dẻo.")
    years = book["Số liệu theo năm"]
    years.delete_rows(next(r for r in range(3, years.max_row + 1) if years.cell(r, 2).value == 2024))
    cell(book["Xã"], "vinh-binh", "union_phone").value = "0297 3862 999"
    book.save(workbook)


def edit_vinh_phong(workbook: Path) -> None:
    """Another officer's edits: a group's members, a product deleted, a new product at the end."""
    book = load_workbook(workbook)
    cell(book["HTX-THT"], "tht-b2", "members_total").value = 9
    products = book["Sản phẩm"]
    products.delete_rows(next(r for r in range(3, products.max_row + 1) if products.cell(r, 1).value == "ao-b2"))
    append(
        products,
        {
            "id": "mam-b1",
            "cooperative_id": "htx-b1",
            "name": "Mắm tôm",
            "category": "thuc-pham",
            "summary": "Mắm tôm chua.",
        },
    )
    indicators = book["Chỉ tiêu"]
    indicators.cell(3, column(indicators, "value")).value = 33
    book.save(workbook)


def test_importing_a_commune_workbook_leaves_the_other_communes_byte_identical(data: Path, tmp_path: Path) -> None:
    workbook = make(data, tmp_path / "vinh-binh.xlsx", "vinh-binh")
    before = lines_of(data, but="vinh-binh")
    edit_vinh_binh(workbook)
    result = run_import(workbook, data)
    assert result.problems == [], [str(p) for p in result.problems]
    assert lines_of(data, but="vinh-binh") == before, "every other row, byte for byte, in its order"
    mine = lines_of(data, commune="vinh-binh")
    assert "gao-a1,htx-a1,Gạo thơm Bình Minh,gao,Gạo thơm.,27000\n".encode() in mine["products.csv"]
    assert mine["cooperative_years.csv"] == [b"htx-a1,2025,20,12,15\n"], "an own row deleted is removed"
    products = (data / "products.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in products[1:]] == ["tom-b1", "gao-a1", "nep-a1", "ao-b2", "gio-a2", "rau-c1"]
    assert "0297 3862 999" in (data / "communes.csv").read_text(encoding="utf-8")


def test_rows_absent_from_a_commune_workbook_are_no_deletion(data: Path, tmp_path: Path) -> None:
    workbook = make(data, tmp_path / "vinh-thuan.xlsx", "vinh-thuan")
    before = snapshot(data)
    book = load_workbook(workbook)
    assert keys(book["Sản phẩm"]) == ["rau-c1"]
    book.save(workbook)
    result = run_import(workbook, data)
    assert result.problems == [] and result.written == []
    assert snapshot(data) == before


def test_a_row_moved_into_another_commune_is_refused_naming_its_union(data: Path, tmp_path: Path) -> None:
    workbook = make(data, tmp_path / "vinh-binh.xlsx", "vinh-binh")
    book = load_workbook(workbook)
    cell(book["HTX-THT"], "tht-a2", "commune").value = label_of(book, "communes", "cu-phong-dong")
    cell(book["Sản phẩm"], "gao-a1", "cooperative_id").value = label_of(book, "cooperatives", "tht-c1")
    row = append(book["HTX-THT"], {"id": "tht-moi", "type": "THT", "name": "Tổ mới", "commune": "vinh-thuan"})
    book.save(workbook)
    before = snapshot(data)
    result = run_import(workbook, data)
    assert snapshot(data) == before, "nothing written"
    found = {(p.sheet, p.cell): p.message for p in result.problems if isinstance(p, CellProblem)}
    assert len(result.problems) == 3 and set(found) == {("HTX-THT", "D4"), ("Sản phẩm", "B3"), ("HTX-THT", f"D{row}")}
    assert "Dòng này được ghi sang xã Vĩnh Phong" in found[("HTX-THT", "D4")]
    assert "hãy báo Hội LHPN xã Vĩnh Phong" in found[("HTX-THT", "D4")]
    assert "hãy báo Hội LHPN xã Vĩnh Thuận" in found[("Sản phẩm", "B3")], "the Union's name as it is called"
    assert "bảng tính này là của xã Vĩnh Bình" in found[("HTX-THT", f"D{row}")]
    assert str(result.problems[0]).startswith(f"{workbook}:")


def test_rows_of_no_commune_and_taken_ids_are_refused(data: Path, tmp_path: Path) -> None:
    workbook = make(data, tmp_path / "vinh-binh.xlsx", "vinh-binh")
    book = load_workbook(workbook)
    indicators = book["Chỉ tiêu"]
    indicators.cell(3, column(indicators, "commune")).value = None
    model = append(
        book["Điển hình"],
        {
            "id": "ca-nhan-moi",
            "name": "Võ Thị Lan",
            "kind": "cá nhân",
            "year": 2025,
            "award": "Giấy khen",
            "summary": "Tiêu biểu.",
        },
    )
    taken = append(
        book["Sản phẩm"],
        {"id": "rau-c1", "cooperative_id": "htx-a1", "name": "Rau", "category": "rau-qua", "summary": "Rau."},
    )
    book.save(workbook)
    result = run_import(workbook, data)
    found = {(p.sheet, p.cell): p.message for p in result.problems if isinstance(p, CellProblem)}
    assert set(found) == {("Chỉ tiêu", "C3"), ("Điển hình", f"G{model}"), ("Sản phẩm", f"A{taken}")}
    assert found[("Chỉ tiêu", "C3")].startswith("Ô xã để trống là chỉ tiêu chung của cả cổng")
    assert found[("Điển hình", f"G{model}")].startswith("Điển hình không gắn với HTX, THT nào")
    assert found[("Sản phẩm", f"A{taken}")].startswith("Mã “rau-c1” đã là mã của một dòng không có trong bảng tính")


def test_no_lost_update_holds_in_a_commune_workbook(data: Path, tmp_path: Path) -> None:
    workbook = make(data, tmp_path / "vinh-binh.xlsx", "vinh-binh")
    book = load_workbook(workbook)
    cell(book["Sản phẩm"], "gao-a1", "price_vnd").value = 30000
    cell(book["Sản phẩm"], "gio-a2", "price_vnd").value = 90000
    book.save(workbook)
    # meanwhile, in the repository: the same product changed, the other one's group moved away
    text = (data / "products.csv").read_text(encoding="utf-8").replace("Gạo thơm.,25000", "Gạo thơm.,26000")
    (data / "products.csv").write_text(text, encoding="utf-8", newline="")
    groups = (data / "cooperatives.csv").read_text(encoding="utf-8")
    groups = groups.replace("Vĩnh Bình,vinh-binh,", "Vĩnh Bình,vinh-thuan,")
    (data / "cooperatives.csv").write_text(groups, encoding="utf-8", newline="")
    before = snapshot(data)
    result = run_import(workbook, data)
    assert snapshot(data) == before
    messages = sorted(p.message for p in result.problems)
    assert len(messages) == 2 and all(m.startswith("Xung đột: ") for m in messages)
    assert any("trên kho là “26000”" in m for m in messages)
    assert any("đã được chuyển sang xã khác" in m for m in messages)


def test_two_commune_workbooks_give_the_same_data_in_either_order(data: Path, tmp_path: Path) -> None:
    binh = edit_made(data, tmp_path / "vinh-binh.xlsx", "vinh-binh", edit_vinh_binh)
    phong = edit_made(data, tmp_path / "vinh-phong.xlsx", "vinh-phong", edit_vinh_phong)
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(data, first)
    shutil.copytree(data, second)
    for workbook in (binh, phong):
        assert run_import(workbook, first).problems == []
    for workbook in (phong, binh):
        assert run_import(workbook, second).problems == []
    assert snapshot(first) == snapshot(second)
    products = (first / "products.csv").read_text(encoding="utf-8")
    assert "nep-a1" in products and "mam-b1" in products and "ao-b2" not in products
    assert lines_of(first, commune="vinh-thuan") == lines_of(data, commune="vinh-thuan")


def edit_made(data: Path, out: Path, commune: str, edit) -> Path:
    edit(make(data, out, commune))
    return out


def test_the_upload_script_imports_several_commune_workbooks(data: Path, tmp_path: Path) -> None:
    """The import workflow's script, on two commune workbooks uploaded at once, gives what importing
    them one by one gives (its order is by file name: here the reverse of the one above)."""
    repo = tmp_path / "repo"
    (repo / "nhap").mkdir(parents=True)
    shutil.copytree(data, repo / "data")
    edit_made(data, repo / "nhap" / "a-vinh-phong.xlsx", "vinh-phong", edit_vinh_phong)
    edit_made(data, repo / "nhap" / "b-vinh-binh.xlsx", "vinh-binh", edit_vinh_binh)
    expected = tmp_path / "expected"
    shutil.copytree(data, expected)
    for name in ("b-vinh-binh.xlsx", "a-vinh-phong.xlsx"):
        assert run_import(repo / "nhap" / name, expected).problems == []
    env = {"PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH, "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, str(IMPORT_SCRIPT)], cwd=repo, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert snapshot(repo / "data") == snapshot(expected)


# --- getting one, and the guide ------------------------------------------------------------------


def test_every_commune_gets_its_workbook_beside_the_whole_one(data: Path) -> None:
    out = data.parent / "build" / "bang-tinh.xlsx"
    made = run_generator("workbook", "--data", str(data), "--out", str(out), "--every-commune", cwd=data.parent)
    assert made.code == 0, made.err
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "bang-tinh-vinh-binh.xlsx",
        "bang-tinh-vinh-phong.xlsx",
        "bang-tinh-vinh-thuan.xlsx",
        "bang-tinh.xlsx",
    ]
    assert load_workbook(out.parent / "bang-tinh-vinh-phong.xlsx")[SOURCE_SHEET][SCOPE_CELL].value == "vinh-phong"
    alone = make(data, data.parent / "alone.xlsx", "vinh-phong").read_bytes()
    assert (out.parent / "bang-tinh-vinh-phong.xlsx").read_bytes() == alone, "made together, the same bytes"
    dry = subprocess.run(
        ["make", "-n", "workbook", "COMMUNE=vinh-binh"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert '--out "build/bang-tinh-du-lieu-vinh-binh.xlsx" --commune "vinh-binh"' in dry.stdout


def test_guide_quotes_the_refusal_of_a_move_exactly(tmp_path: Path) -> None:
    """The staff guide's example is what the sample data's commune workbook really gets."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (tmp_path / "nhap").mkdir()
    workbook = make(data, tmp_path / "nhap" / "bang-tinh-du-lieu-vinh-binh.xlsx", "vinh-binh")
    book = load_workbook(workbook)
    cell(book["HTX-THT"], "htx-tom-cang-vinh-binh", "commune").value = label_of(book, "communes", "cu-phong-dong")
    book.save(workbook)
    result = run_generator("import", "nhap/bang-tinh-du-lieu-vinh-binh.xlsx", "--data", str(data), cwd=tmp_path)
    assert result.code == 1 and len(result.lines) == 1
    assert f"   {result.lines[0]}\n" in (ROOT / "HUONG_DAN.md").read_text(encoding="utf-8")


def test_a_workbook_recorded_for_a_unit_that_is_no_commune_now_is_refused(data: Path, tmp_path: Path) -> None:
    workbook = make(data, tmp_path / "vinh-binh.xlsx", "vinh-binh")
    book = load_workbook(workbook)
    book[SOURCE_SHEET][SCOPE_CELL].value = "cu-binh-minh"  # as if vinh-binh had since been merged
    book.save(workbook)
    before = snapshot(data)
    result = run_import(workbook, data)
    assert snapshot(data) == before
    assert [(p.sheet, p.cell) for p in result.problems] == [(SOURCE_SHEET, SCOPE_CELL)]
    assert "thuộc xã Vĩnh Bình (mã “vinh-binh”)" in result.problems[0].message
