"""The staff workbook: export, edits made the way Excel and LibreOffice make them, import, and
the upload workflow (.github/workflows/import.yml and its script) run against a local git remote."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from conftest import DATA, EPOCH, ROOT, edit, run_generator
from openpyxl import load_workbook
from openpyxl.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet
from test_workflow import ACTIONS, command_problem, load, shell_commands, steps, triggers

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.schema import load_config, load_package  # noqa: E402
from generator.workbook import LOOKUP_SHEET, SHEETS, SOURCE_SHEET, export_workbook  # noqa: E402
from generator.workbook_import import CellProblem, Result, import_workbook  # noqa: E402

IMPORT_WORKFLOW = ROOT / ".github" / "workflows" / "import.yml"
IMPORT_SCRIPT = ROOT / ".github" / "scripts" / "import_workbooks.py"
GUIDE = ROOT / "HUONG_DAN.md"
CELL_PROBLEM = re.compile(r"^(?P<file>.+\.xlsx):(?P<sheet>[^!]+)!(?P<cell>[A-Z]+\d+|\d+:\d+): (?P<message>.+)$")


# --- helpers ------------------------------------------------------------------------------


def make_workbook(data: Path, out: Path) -> Path:
    export_workbook(load_package(data), load_config(), data, out, int(EPOCH))
    return out


def run_import(workbook: Path, data: Path) -> Result:
    return import_workbook(workbook, data, load_package(data), load_config())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def changed_lines(before: bytes, after: bytes) -> list[str]:
    """The lines a diff shows: '-old' and '+new'."""
    old, new = before.decode().splitlines(), after.decode().splitlines()
    return [
        line
        for line in difflib.unified_diff(old, new, lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("---", "+++")
    ]


def column(sheet: Worksheet, name: str) -> int:
    """The column index whose row 2 holds this CSV column name."""
    return next(cell.column for cell in sheet[2] if cell.value == name)


def cell(sheet: Worksheet, key: str, name: str) -> Cell:
    """The cell of column `name` in the row whose first column is `key`."""
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == key)
    return sheet.cell(row, column(sheet, name))


def append(sheet: Worksheet, values: dict[str, object]) -> int:
    row = sheet.max_row + 1
    for name, value in values.items():
        sheet.cell(row, column(sheet, name), value)
    return row


def label_of(book, list_name: str, value: str) -> str:
    """The dropdown label the lookup sheet shows for a CSV value."""
    lookup = book[LOOKUP_SHEET]
    header = [c.value for c in lookup[1]]
    labels, values = header.index(list_name) + 1, header.index(f"{list_name}:value") + 1
    for row in range(2, lookup.max_row + 1):
        if str(lookup.cell(row, values).value) == value:
            return lookup.cell(row, labels).value
    raise KeyError(value)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


@pytest.fixture
def workbook(data: Path, tmp_path: Path) -> Path:
    return make_workbook(data, tmp_path / "bang-tinh.xlsx")


# --- the workbook as written ----------------------------------------------------------------


def test_same_data_gives_the_same_workbook_bytes(data: Path, tmp_path: Path) -> None:
    first = make_workbook(data, tmp_path / "a.xlsx").read_bytes()
    second = make_workbook(data, tmp_path / "b.xlsx").read_bytes()
    assert first == second


def test_one_sheet_per_table_with_labels_names_and_instructions(workbook: Path) -> None:
    book = load_workbook(workbook)
    assert book.sheetnames[0] == "Hướng dẫn"
    assert book.sheetnames[1 : 1 + len(SHEETS)] == list(SHEETS.values())
    assert book[LOOKUP_SHEET].sheet_state == "hidden" and book[SOURCE_SHEET].sheet_state == "hidden"
    assert "nhap/" in " ".join(str(c.value) for c in book["Hướng dẫn"]["A"])
    products = book["Sản phẩm"]
    assert products.freeze_panes == "A3"
    assert products["A1"].value == "Mã *" and products["A2"].value == "id"
    assert cell(products, "tom-cang-xanh-tuoi", "price_vnd").value == 220000
    assert cell(products, "tom-cang-xanh-tuoi", "ocop_date").value.date() == dt.date(2024, 8, 26)
    assert cell(products, "tom-cang-xanh-tuoi", "category").value == "Thủy sản tươi"
    cooperatives = book["HTX-THT"]
    notes = cooperatives.cell(1, column(cooperatives, "internal_notes"))
    assert notes.value == "Ghi chú nội bộ (nội bộ)" and notes.fill.fgColor.rgb.endswith("FCE4D6")
    assert (
        cell(cooperatives, "htx-tom-cang-vinh-binh", "commune").value == "xã Vĩnh Bình Bắc (cũ, nay thuộc xã Vĩnh Bình)"
    )
    assert cell(cooperatives, "htx-tom-cang-vinh-binh", "phone").value == "0912 345 678"
    assert 10 <= cooperatives.column_dimensions["C"].width <= 50


def validations(sheet: Worksheet) -> dict[str, object]:
    """Each column's validation by CSV column name."""
    found = {}
    for rule in sheet.data_validations.dataValidation:
        for ref in str(rule.sqref).split():
            letter = re.match(r"[A-Z]+", ref).group()
            found[sheet[f"{letter}2"].value] = rule
    return found


def check_dropdowns(book) -> None:
    """Every column that refers to another table or a fixed list is a dropdown from the lookup sheet."""
    expected = {
        "HTX-THT": {"commune", "type", "status", "sector", "manager_consent"},
        "Sản phẩm": {"cooperative_id", "category", "ocop_stars", "featured"},
        "Số liệu theo năm": {"cooperative_id"},
        "Điển hình": {"cooperative_id", "kind", "consent"},
        "Chỉ tiêu": {"indicator", "commune"},
        "Xã": {"kind", "successor"},
    }
    for sheet_name, names in expected.items():
        rules = validations(book[sheet_name])
        lists = {name for name, rule in rules.items() if rule.type == "list"}
        assert lists == names, sheet_name
        for name in names:
            if name == "cooperative_id":  # by name, from the groups' sheet itself: a new group is listed
                assert re.fullmatch(r"'HTX-THT'!\$C\$3:\$C\$\d+", rules[name].formula1), (sheet_name, name)
                assert book["HTX-THT"]["C2"].value == "name" and rules[name].errorStyle in (None, "stop")
            else:
                assert rules[name].formula1.startswith(f"'{LOOKUP_SHEET}'!$"), (sheet_name, name)


def test_dropdowns_come_from_lookup_sheets_and_rules_have_vietnamese_errors(workbook: Path) -> None:
    book = load_workbook(workbook)
    check_dropdowns(book)
    rules = validations(book["Sản phẩm"])
    assert (rules["price_vnd"].type, rules["price_vnd"].formula1) == ("whole", "0")
    assert "120000" in rules["price_vnd"].error
    assert rules["ocop_date"].type == "date" and "26/08/2024" in rules["ocop_date"].error
    assert rules["ocop_date"].showErrorMessage and rules["ocop_date"].showInputMessage
    assert rules["ocop_date"].prompt.startswith("Ngày công nhận OCOP; giấy chứng nhận có hiệu lực 36 tháng.")
    for sheet_name in SHEETS.values():  # every column's description from datapackage.json, within Excel's limits
        for rule in validations(book[sheet_name]).values():
            assert 0 < len(rule.prompt) <= 255 and len(rule.error or "") <= 255, (sheet_name, rule.sqref)
            assert len(rule.promptTitle) <= 32 and len(rule.errorTitle) <= 32, (sheet_name, rule.sqref)
    years = validations(book["Số liệu theo năm"])["year"]
    assert (years.type, years.formula1, years.formula2) == ("whole", "1900", "2100")
    assert validations(book["HTX-THT"])["lat"].type == "decimal"
    assert validations(book["HTX-THT"])["commune"].errorStyle == "warning", "a new commune's code can be typed"
    assert validations(book["HTX-THT"])["status"].errorStyle in (None, "stop")
    consent = validations(book["HTX-THT"])["manager_consent"]
    assert "nội bộ" in consent.prompt and len(consent.prompt) <= 255
    lookup = book[LOOKUP_SHEET]
    header = [c.value for c in lookup[1]]
    communes = [c.value for c in lookup[get_letter(header.index("communes") + 1)][1:] if c.value]
    assert len(communes) == len(set(communes)) == 11
    assert "xã Vĩnh Phong" in communes and "thị trấn Vĩnh Thuận (cũ, nay thuộc xã Vĩnh Phong)" in communes
    assert label_of(book, "ocop_stars", "4") == 4


def get_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


# --- importing --------------------------------------------------------------------------------


def test_unchanged_round_trip_is_byte_identical(workbook: Path, data: Path) -> None:
    result = run_generator("import", str(workbook), "--data", str(data), cwd=ROOT)
    assert (result.code, result.lines) == (0, ["Bảng tính không có thay đổi nào so với dữ liệu."])
    assert snapshot(data) == snapshot(DATA)


def test_values_excel_would_change_come_back_as_written(data: Path, tmp_path: Path) -> None:
    """Trailing zeros, dotted phone numbers, a leading-zero code, outer spaces, a year alone: an
    untouched workbook still changes no byte."""
    path = data / "cooperatives.csv"
    text = path.read_text(encoding="utf-8").replace(",9.58556,", ",9.585560,", 1)
    path.write_text(text.replace(",0912 345 678,0912345678,", ",0912.345.678, 0912345678 ,", 1), "utf-8")
    products = data / "products.csv"
    products.write_text(products.read_text(encoding="utf-8").replace(",220000,kg,", ",220000,007,", 1), "utf-8")
    before = snapshot(data)
    workbook = make_workbook(data, tmp_path / "bang-tinh.xlsx")
    book = load_workbook(workbook)
    assert cell(book["HTX-THT"], "htx-tom-cang-vinh-binh", "lat").value == "9.585560"
    assert cell(book["Sản phẩm"], "tom-cang-xanh-tuoi", "unit").value == "007"
    result = run_import(workbook, data)
    assert (result.problems, result.written) == ([], [])
    assert snapshot(data) == before


def test_one_cell_edited_changes_exactly_one_line(workbook: Path, data: Path) -> None:
    book = load_workbook(workbook)
    cell(book["Sản phẩm"], "tom-cang-xanh-tuoi", "price_vnd").value = 250000.0  # Excel stores floats
    book.save(workbook)
    assert run_import(workbook, data).problems == []
    lines = changed_lines((DATA / "products.csv").read_bytes(), (data / "products.csv").read_bytes())
    assert len(lines) == 2 and lines[0][1:].replace(",220000,", ",250000,", 1) == lines[1][1:]
    assert {k: v for k, v in snapshot(data).items() if k != "products.csv"} == {
        k: v for k, v in snapshot(DATA).items() if k != "products.csv"
    }


def test_excel_edits_and_a_new_tht_with_two_products(workbook: Path, data: Path) -> None:
    book = load_workbook(workbook)
    cooperatives, products = book["HTX-THT"], book["Sản phẩm"]
    cell(cooperatives, "htx-tom-cang-vinh-binh", "phone").value = 912345679  # Excel dropped the 0
    cell(cooperatives, "htx-tom-cang-vinh-binh", "status").value = "tạm ngừng "  # a stray space
    cell(cooperatives, "htx-tom-cang-vinh-binh", "founded").value = dt.datetime(2019, 8, 13)
    cell(products, "tom-cang-xanh-tuoi", "ocop_date").value = dt.datetime(2024, 9, 1)
    cell(products, "tom-cang-xanh-tuoi", "ocop_stars").value = 5
    new = {
        "id": "tht-banh-xeo-vinh-phong",
        "type": "THT",
        "name": "Tổ hợp tác bánh xèo Vĩnh Phong",
        "commune": label_of(book, "communes", "vinh-phong"),
        "founded": 2025,
        "status": "hoạt động",
        "sector": label_of(book, "sectors", "che-bien"),
        "members_total": 8.0,
        "members_female": 7,
        "female_workers": 7,
        "women_managers": 2,
        "summary": "Tổ hợp tác làm bánh xèo và bột bánh cho chợ xã.",
        "phone": "0987 654 321",
    }
    append(cooperatives, new)
    for index, (name, price) in enumerate((("Bột bánh xèo", 35000.0), ("Bánh xèo chay", 20000))):
        append(
            products,
            {
                "id": f"banh-xeo-{index + 1}",
                # Typed, the new THT is in no dropdown yet: by its id, or by its name.
                "cooperative_id": ("tht-banh-xeo-vinh-phong", "Tổ hợp tác bánh xèo Vĩnh Phong")[index],
                "name": name,
                "category": label_of(book, "categories", "thuc-pham"),
                "summary": f"{name} của tổ hợp tác.",
                "price_vnd": price,
                "featured": "không",
            },
        )
    book.save(workbook)
    result = run_import(workbook, data)
    assert result.problems == []
    coops = changed_lines((DATA / "cooperatives.csv").read_bytes(), (data / "cooperatives.csv").read_bytes())
    assert coops[0].startswith("-htx-tom-cang-vinh-binh,") and coops[1].startswith("+htx-tom-cang-vinh-binh,")
    assert ",2019-08-13,tạm ngừng," in coops[1] and ",0912345679,0912345678," in coops[1]
    header = (DATA / "cooperatives.csv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert coops[2].count(",") == header.count(",")
    assert coops[2].rstrip(",") == (
        "+tht-banh-xeo-vinh-phong,THT,Tổ hợp tác bánh xèo Vĩnh Phong,vinh-phong,2025,hoạt động,che-bien,8,7,7,2,"
        "Tổ hợp tác làm bánh xèo và bột bánh cho chợ xã.,,0987 654 321"
    )
    assert len(coops) == 3
    prods = changed_lines((DATA / "products.csv").read_bytes(), (data / "products.csv").read_bytes())
    assert len(prods) == 4 and ",5,Quyết định số 1587/QĐ-UBND,2024-09-01," in prods[1]
    first = "+banh-xeo-1,tht-banh-xeo-vinh-phong,Bột bánh xèo,thuc-pham,Bột bánh xèo của tổ hợp tác.,35000"
    assert prods[2] == first + ",,,,,,,,,không,,"
    assert prods[3].startswith("+banh-xeo-2,tht-banh-xeo-vinh-phong,Bánh xèo chay,thuc-pham,") and ",20000," in prods[3]
    assert sorted(Path(p).name for p in result.written) == ["cooperatives.csv", "products.csv"]
    assert run_generator("check", "--data", str(data), cwd=ROOT).code == 0


def test_repository_changes_to_untouched_rows_are_kept(workbook: Path, data: Path) -> None:
    csv_path = data / "cooperative_years.csv"
    text = csv_path.read_text(encoding="utf-8")
    csv_path.write_text(
        text.replace("htx-tom-cang-vinh-binh,2022,8,6,8,", "htx-tom-cang-vinh-binh,2022,9,6,8,"), "utf-8"
    )
    book = load_workbook(workbook)
    cell(book["Sản phẩm"], "tom-cang-xanh-tuoi", "unit").value = "hộp"
    book.save(workbook)
    assert run_import(workbook, data).problems == []
    assert "htx-tom-cang-vinh-binh,2022,9,6,8," in csv_path.read_text(encoding="utf-8")
    assert ",hộp,4," in (data / "products.csv").read_text(encoding="utf-8")


def test_a_row_changed_on_both_sides_is_a_conflict_and_nothing_is_written(workbook: Path, data: Path) -> None:
    csv_path = data / "products.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(",220000,kg,", ",230000,kg,", 1), "utf-8")
    before = snapshot(data)
    book = load_workbook(workbook)
    price = cell(book["Sản phẩm"], "tom-cang-xanh-tuoi", "price_vnd")
    price.value = 250000
    cell(book["Sản phẩm"], "tom-cang-xanh-lam-sach", "unit").value = "hũ"  # a good edit elsewhere is not applied either
    book.save(workbook)
    result = run_generator("import", str(workbook), "--data", str(data), cwd=ROOT)
    assert result.code == 1 and snapshot(data) == before
    assert len(result.lines) == 1
    match = CELL_PROBLEM.match(result.lines[0])
    assert match and match["sheet"] == "Sản phẩm" and match["cell"] == price.coordinate
    assert "Xung đột" in match["message"] and "“250000”" in match["message"] and "“230000”" in match["message"]
    assert "vẫn giữ nguyên" in result.err


def test_a_row_inserted_in_the_sheet_lands_below_the_row_above_it(workbook: Path, data: Path) -> None:
    book = load_workbook(workbook)
    sheet = book["Số liệu theo năm"]
    sheet.insert_rows(5)  # below the first cooperative's rows for 2022 and 2023
    values = {"cooperative_id": "htx-tom-cang-vinh-binh", "year": 2021, "members_total": 7, "members_female": 5}
    for name, value in (values | {"female_workers": 6}).items():
        sheet.cell(5, column(sheet, name), value)
    book.save(workbook)
    assert run_import(workbook, data).problems == []
    old = (DATA / "cooperative_years.csv").read_text(encoding="utf-8").splitlines()
    new = (data / "cooperative_years.csv").read_text(encoding="utf-8").splitlines()
    assert new[:3] == old[:3] and new[3] == "htx-tom-cang-vinh-binh,2021,7,5,6,,," and new[4:] == old[3:]


def test_a_row_deleted_in_the_workbook_is_removed(workbook: Path, data: Path) -> None:
    book = load_workbook(workbook)
    sheet = book["Chỉ tiêu"]
    sheet.delete_rows(3)
    book.save(workbook)
    assert run_import(workbook, data).problems == []
    lines = changed_lines((DATA / "indicators.csv").read_bytes(), (data / "indicators.csv").read_bytes())
    assert len(lines) == 1 and lines[0].startswith("-union_staff_trained,2025-H1,")


def test_an_invalid_value_is_located_in_the_workbook_and_nothing_is_written(workbook: Path, data: Path) -> None:
    book = load_workbook(workbook)
    members = cell(book["HTX-THT"], "htx-tom-cang-vinh-binh", "members_female")
    members.value = 99
    date = cell(book["Sản phẩm"], "tom-cang-xanh-tuoi", "ocop_date")
    date.value = "31/02/2024"  # typed as text: not a real date
    book.save(workbook)
    result = run_generator("import", str(workbook), "--data", str(data), cwd=ROOT)
    assert result.code == 1 and snapshot(data) == snapshot(DATA)
    located = {(m["sheet"], m["cell"]) for m in map(CELL_PROBLEM.match, result.lines) if m}
    assert ("HTX-THT", members.coordinate) in located
    assert ("Sản phẩm", date.coordinate) in located
    assert all(CELL_PROBLEM.match(line) for line in result.lines), result.lines


def test_duplicate_ids_and_a_foreign_file_are_reported(workbook: Path, data: Path, tmp_path: Path) -> None:
    book = load_workbook(workbook)
    sheet = book["Chỉ tiêu"]
    row = append(sheet, {"indicator": sheet["A3"].value, "period": sheet["B3"].value, "value": 1})
    book.save(workbook)
    problems = run_import(workbook, data).problems
    assert [(p.sheet, p.cell) for p in problems if isinstance(p, CellProblem)] == [("Chỉ tiêu", f"{row}:{row}")]
    not_a_workbook = tmp_path / "x.xlsx"
    not_a_workbook.write_bytes((DATA / "products.csv").read_bytes())
    result = run_generator("import", str(not_a_workbook), "--data", str(data), cwd=ROOT)
    assert result.code == 1 and result.lines[0].startswith(f"{not_a_workbook}:*: Không mở được tệp")
    assert snapshot(data) == snapshot(DATA)


def test_github_summary_names_sheet_and_cell(workbook: Path, data: Path, tmp_path: Path) -> None:
    book = load_workbook(workbook)
    cell(book["Sản phẩm"], "tom-cang-xanh-tuoi", "price_vnd").value = "120.000"
    book.save(workbook)
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = run_generator("import", str(workbook), "--data", str(data), cwd=ROOT, env=env)
    assert result.code == 1
    assert any(line.startswith(f"::error file={workbook},line=") for line in result.lines)
    table = summary.read_text(encoding="utf-8")
    assert "| Trang tính | Ô | Lỗi và cách sửa |" in table and "| Sản phẩm | F" in table


# --- a real spreadsheet client --------------------------------------------------------------


def soffice_convert(source: Path, out_dir: Path, fmt: str, profile: Path) -> Path:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: `make test` installs libreoffice-calc-nogui from Debian"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out_dir / f"{source.stem}.{fmt}"


def test_libreoffice_resaves_the_workbook_and_it_still_imports(workbook: Path, data: Path, tmp_path: Path) -> None:
    book = load_workbook(workbook)
    cell(book["Sản phẩm"], "tom-cang-xanh-tuoi", "price_vnd").value = 250000
    cell(book["Sản phẩm"], "tom-cang-xanh-tuoi", "ocop_date").value = dt.datetime(2024, 9, 1)
    cell(book["Sản phẩm"], "tom-cang-xanh-tuoi", "ocop_stars").value = 5
    cell(book["HTX-THT"], "htx-tom-cang-vinh-binh", "zalo").value = 912345679
    book.save(workbook)
    resaved = soffice_convert(workbook, tmp_path / "lo", "xlsx", tmp_path / "profile")
    again = load_workbook(resaved)
    check_dropdowns(again)
    assert again[LOOKUP_SHEET].sheet_state == "hidden"
    assert validations(again["Sản phẩm"])["ocop_date"].type == "date"
    assert run_import(resaved, data).problems == []
    lines = changed_lines((DATA / "products.csv").read_bytes(), (data / "products.csv").read_bytes())
    assert len(lines) == 2 and ",250000,kg,5,Quyết định số 1587/QĐ-UBND,2024-09-01," in lines[1]
    lines = changed_lines((DATA / "cooperatives.csv").read_bytes(), (data / "cooperatives.csv").read_bytes())
    assert len(lines) == 2 and ",0912 345 678,0912345679," in lines[1]
    changed = {"products.csv", "cooperatives.csv"}
    assert {k: v for k, v in snapshot(data).items() if k not in changed} == {
        k: v for k, v in snapshot(DATA).items() if k not in changed
    }


# --- the upload workflow ------------------------------------------------------------------


def test_import_workflow_runs_on_uploads_to_nhap_and_may_push(tmp_path: Path) -> None:
    workflow = load(IMPORT_WORKFLOW)
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"] and on["push"]["paths"] == ["nhap/**.xlsx"]
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["import"]["permissions"] == {"contents": "write", "actions": "write"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    job = steps(workflow, "import")
    assert all(step["uses"].split("@")[0] in ACTIONS for step in job if "uses" in step)
    runs = [words for step in job for words in shell_commands(step.get("run", ""))]
    assert all(command_problem(words) is None for words in runs), runs
    assert runs == [["make", "privacy"], [".venv/bin/python", ".github/scripts/import_workbooks.py", "--commit"]]
    assert job[-1]["env"]["GITHUB_TOKEN"] == "${{ github.token }}"
    publish = load(ROOT / ".github" / "workflows" / "publish.yml")
    assert "workflow_dispatch" in triggers(publish), "the import starts publishing by workflow_dispatch"
    assert triggers(publish)["push"]["paths-ignore"] == ["nhap/**"], "an upload alone does not rebuild the site"
    artifact = [s for s in steps(publish, "workbook") if s.get("uses", "").startswith("actions/upload-artifact")]
    assert artifact[0]["with"]["path"] == "build/bang-tinh-du-lieu*.xlsx", "the whole workbook and each commune's"
    dry = subprocess.run(["make", "-n", "workbook"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "-m generator workbook --data data --out build/bang-tinh-du-lieu.xlsx" in dry.stdout


class _Dispatches(BaseHTTPRequestHandler):
    received: list[tuple[str, str, dict]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append((self.path, self.headers["Authorization"], body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def github_api() -> Iterator[tuple[str, list]]:
    received: list = []
    handler = type("Handler", (_Dispatches,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def uploaded(tmp_path: Path) -> tuple[Path, Path]:
    """A clone of a repository (on a local bare remote) whose last commit uploads nhap/bang-tinh.xlsx."""
    remote, clone = tmp_path / "remote.git", tmp_path / "clone"
    clone.mkdir()
    for name in ("generator", "site_config", "content", "data", ".github"):
        shutil.copytree(ROOT / name, clone / name, ignore=shutil.ignore_patterns("__pycache__"))
    git(clone, "init", "--quiet", "--initial-branch=main")
    git(clone, "add", ".")
    git(clone, "commit", "--quiet", "-m", "start")
    git(tmp_path, "clone", "--quiet", "--bare", str(clone), str(remote))
    git(clone, "remote", "add", "origin", str(remote))
    (clone / "nhap").mkdir()
    make_workbook(clone / "data", clone / "nhap" / "bang-tinh.xlsx")
    return clone, remote


def run_script(clone: Path, api: str, summary: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env |= {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_API_URL": api}
    env |= {"GITHUB_REPOSITORY": "hoi-phu-nu/htx", "GITHUB_TOKEN": "test-token", "SOURCE_DATE_EPOCH": EPOCH}
    script = clone / ".github" / "scripts" / "import_workbooks.py"
    return subprocess.run(
        [sys.executable, str(script), "--commit"], cwd=clone, env=env, capture_output=True, text=True, timeout=300
    )


def test_upload_is_imported_committed_to_main_and_published(uploaded, github_api, tmp_path: Path) -> None:
    clone, remote = uploaded
    api, received = github_api
    book = load_workbook(clone / "nhap" / "bang-tinh.xlsx")
    cell(book["Sản phẩm"], "tom-cang-xanh-tuoi", "price_vnd").value = 250000
    cell(book["Sản phẩm"], "tom-cang-xanh-tuoi", "photo").value = "tom-moi.jpg"  # uploaded beside it
    book.save(clone / "nhap" / "bang-tinh.xlsx")
    shutil.copy(DATA / "images" / "htx-tom-cang.jpg", clone / "nhap" / "tom-moi.jpg")
    git(clone, "add", "nhap")
    git(clone, "commit", "--quiet", "-m", "Upload bang-tinh.xlsx")
    git(clone, "push", "--quiet", "origin", "main")
    proc = run_script(clone, api, tmp_path / "summary.md")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "Nhập bảng tính nhap/bang-tinh.xlsx"
    files = git(remote, "show", "--name-status", "--no-renames", "--format=", "main").split("\n")
    assert sorted(f for f in files if f) == [
        "A\tdata/images/tom-moi.jpg",
        "D\tnhap/bang-tinh.xlsx",
        "D\tnhap/tom-moi.jpg",
        "M\tdata/products.csv",
    ]
    diff = git(remote, "show", "--format=", "-U0", "main", "--", "data/products.csv")
    assert len([line for line in diff.splitlines() if line.startswith(("+t", "-t"))]) == 2
    assert received == [
        ("/repos/hoi-phu-nu/htx/actions/workflows/publish.yml/dispatches", "Bearer test-token", {"ref": "main"})
    ]
    assert "Đã nhập bảng tính" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_a_broken_upload_changes_nothing(uploaded, github_api, tmp_path: Path) -> None:
    clone, remote = uploaded
    api, received = github_api
    book = load_workbook(clone / "nhap" / "bang-tinh.xlsx")
    cell(book["HTX-THT"], "htx-tom-cang-vinh-binh", "status").value = "đang làm"
    book.save(clone / "nhap" / "bang-tinh.xlsx")
    git(clone, "add", "nhap")
    git(clone, "commit", "--quiet", "-m", "Upload bang-tinh.xlsx")
    git(clone, "push", "--quiet", "origin", "main")
    head = git(remote, "rev-parse", "main")
    proc = run_script(clone, api, tmp_path / "summary.md")
    assert proc.returncode == 1
    assert "::error file=nhap/bang-tinh.xlsx," in proc.stdout
    assert git(remote, "rev-parse", "main") == head and received == []
    assert git(clone, "status", "--porcelain", "data") == ""
    assert "| HTX-THT | F3 |" in (tmp_path / "summary.md").read_text(encoding="utf-8")


# --- the guide ----------------------------------------------------------------------------


def test_guide_starts_with_the_excel_way() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    chapters = re.findall(r"^## (.+)$", guide, re.MULTILINE)
    assert chapters[0] == "Cách dễ nhất: sửa bằng Excel" and chapters[1].startswith("1. ")
    first = guide.split("\n## ")[1]
    for words in ("bang-tinh-du-lieu", "nhap/", "Upload files", "Commit changes", "Actions"):
        assert words in first, words
    settings = yaml.safe_load((ROOT / "generator" / "workbook.yml").read_text(encoding="utf-8"))
    for sheet in settings["sheets"].values():
        assert f"“{sheet}”" in first, sheet


def test_guide_quotes_the_import_message_exactly(data: Path, tmp_path: Path) -> None:
    (tmp_path / "nhap").mkdir()
    workbook = make_workbook(data, tmp_path / "nhap" / "bang-tinh-du-lieu.xlsx")
    book = load_workbook(workbook)
    cell(book["Sản phẩm"], "tom-cang-xanh-tuoi", "price_vnd").value = "120.000"
    book.save(workbook)
    result = run_generator("import", "nhap/bang-tinh-du-lieu.xlsx", "--data", str(data), cwd=tmp_path)
    assert result.code == 1 and len(result.lines) == 1
    assert f"   {result.lines[0]}\n" in GUIDE.read_text(encoding="utf-8")


# --- the workbook is the whole job (issue 29) ------------------------------------------------


def set_csv(data: Path, name: str, row_id: str, column: str, value: str) -> None:
    """Change one cell of a CSV file in data (the repository side)."""
    edit(data, name, row_id, column, value)


def product(book, **values: object) -> dict[str, object]:
    """A product row as staff fill it: no id, the group by name, labels from the dropdowns."""
    return {
        "cooperative_id": "Tổ hợp tác làm bánh phồng tôm Vĩnh Phong",
        "name": "Bánh phồng tôm",
        "category": label_of(book, "categories", "thuc-pham"),
        "summary": "Bánh phồng tôm làm tay.",
        "featured": "không",
    } | values


def new_group(book) -> dict[str, object]:
    return {
        "type": "THT",
        "name": "Tổ hợp tác bánh xèo Vĩnh Phong",
        "commune": label_of(book, "communes", "vinh-phong"),
        "founded": 2025,
        "status": "hoạt động",
        "sector": label_of(book, "sectors", "che-bien"),
        "members_total": 8,
        "members_female": 7,
        "female_workers": 7,
        "women_managers": 2,
        "summary": "Tổ hợp tác làm bánh xèo và bột bánh cho chợ xã.",
    }


def dropdown(book, sheet_name: str, column_name: str) -> list[str]:
    """The names a list rule over a sheet's range offers, as the workbook holds them now."""
    rule = validations(book[sheet_name])[column_name]
    sheet_part, cells = rule.formula1.rsplit("!", 1)
    source = book[sheet_part.strip("'").replace("''", "'")]
    return [c.value for row in source[cells.replace("$", "")] for c in row if c.value]


def test_a_new_row_with_no_id_gets_one_from_its_name_never_one_in_use_or_retired(data: Path, tmp_path: Path) -> None:
    set_csv(data, "products.csv", "tom-cang-xanh-tuoi", "former_ids", "banh-phong-tom-2")  # retired: it redirects
    book_path = make_workbook(data, tmp_path / "bang-tinh.xlsx")
    book = load_workbook(book_path)
    append(book["HTX-THT"], new_group(book))
    first = append(book["Sản phẩm"], product(book, cooperative_id="Tổ hợp tác bánh xèo Vĩnh Phong"))
    append(book["Sản phẩm"], product(book, cooperative_id="Tổ hợp tác bánh xèo Vĩnh Phong", name="Bánh xèo chay"))
    typed = append(book["Sản phẩm"], product(book, id="banh-xeo-dac-biet", name="Bánh xèo đặc biệt"))
    book.save(book_path)
    result = run_import(book_path, data)
    assert result.problems == []
    rows = {line.split(",", 1)[0]: line for line in (data / "products.csv").read_text(encoding="utf-8").splitlines()}
    assert rows["banh-phong-tom-3"].startswith("banh-phong-tom-3,tht-banh-xeo-vinh-phong,Bánh phồng tôm,")
    assert rows["banh-xeo-chay"].startswith("banh-xeo-chay,tht-banh-xeo-vinh-phong,")
    assert "banh-xeo-dac-biet" in rows, "an id staff type is kept"
    assert "tht-banh-xeo-vinh-phong,THT," in (data / "cooperatives.csv").read_text(encoding="utf-8")
    assert f"Sản phẩm: mã mới “banh-phong-tom-3” cho dòng {first} (Bánh phồng tôm)." in result.summary
    assert typed == first + 2
    assert run_generator("check", "--data", str(data), cwd=ROOT).code == 0
    again = make_workbook(data, tmp_path / "lan-hai.xlsx")  # stable: the next workbook holds the made ids
    assert cell(load_workbook(again)["Sản phẩm"], "banh-phong-tom-3", "name").value == "Bánh phồng tôm"
    before = snapshot(data)
    assert run_import(again, data).written == [] and snapshot(data) == before


def test_a_group_added_in_the_same_workbook_is_in_the_products_dropdown_by_name(workbook: Path, data: Path) -> None:
    book = load_workbook(workbook)
    row = append(book["HTX-THT"], new_group(book))
    names = dropdown(book, "Sản phẩm", "cooperative_id")
    assert "Tổ hợp tác bánh xèo Vĩnh Phong" in names and names[0] == book["HTX-THT"]["C3"].value
    assert book["HTX-THT"].cell(row, column(book["HTX-THT"], "name")).coordinate[1:] == str(row)
    rule = validations(book["Sản phẩm"])["cooperative_id"]
    assert rule.errorStyle in (None, "stop") and rule.showErrorMessage, (
        "a value outside the list is refused, no warning"
    )
    existing = cell(book["Sản phẩm"], "tom-cang-xanh-tuoi", "cooperative_id").value
    assert existing in names, "a product's group is shown by its name, as the dropdown lists it"


def test_a_photo_named_but_not_uploaded_is_said_at_its_cell_in_the_workbooks_words(workbook: Path, data: Path) -> None:
    book = load_workbook(workbook)
    photo = cell(book["Sản phẩm"], "tom-cang-xanh-tuoi", "photo")
    photo.value = "IMG_1234.HEIC"
    book.save(workbook)
    problems = run_import(workbook, data).problems
    assert [(p.sheet, p.cell) for p in problems] == [("Sản phẩm", photo.coordinate)]
    assert problems[0].message == (
        "Không tìm thấy ảnh “IMG_1234.HEIC”. Hãy tải ảnh này lên thư mục nhap/ cùng lúc với bảng tính "
        "(Add file → Upload files, kéo cả hai vào), hoặc sửa tên trong ô này cho giống tên tệp ảnh. (cột “Ảnh”)"
    )
    shutil.copy(DATA / "images" / "htx-tom-cang.jpg", data / "images" / "IMG_1234.heic.jpg")
    (data / "images" / "IMG_1234.heic.jpg").rename(data / "images" / "img_1234.heic")  # the phone's case differs
    assert run_import(workbook, data).problems == [], "the file is found whatever its case"
    assert ",img_1234.heic," in (data / "products.csv").read_text(encoding="utf-8")


CSV_WORDS = re.compile(r"\.csv|cột [a-z_]+\b|\b(cooperative_id|price_vnd|members_female|former_ids|photo)\b")


def test_every_workbook_message_is_at_a_cell_in_the_workbooks_words(workbook: Path, data: Path) -> None:
    book = load_workbook(workbook)
    products, coops = book["Sản phẩm"], book["HTX-THT"]
    edits = {
        (products, "tom-cang-xanh-tuoi", "price_vnd"): "120.000",
        (products, "tom-cang-xanh-tuoi", "ocop_date"): "31/02/2025",
        (products, "tom-cang-xanh-lam-sach", "cooperative_id"): "Tổ hợp tác không có thật",
        (products, "gao-st25-lua-tom", "photo"): "khong-co.jpg",
        (products, "kho-ca-loc-mot-nang", "id"): "Khô cá lóc",
        (coops, "htx-tom-cang-vinh-binh", "members_female"): 99,
        (coops, "htx-tom-cang-vinh-binh", "status"): "đang làm",
        (coops, "htx-tom-cang-vinh-binh", "sector"): "nghề lạ",
    }
    for (sheet, key, name), value in edits.items():
        cell(sheet, key, name).value = value
    book.save(workbook)
    result = run_generator("import", str(workbook), "--data", str(data), cwd=ROOT)
    assert result.code == 1 and snapshot(data) == snapshot(DATA)
    assert len(result.lines) >= len(edits)
    for line in result.lines:
        match = CELL_PROBLEM.match(line)
        assert match, line
        assert not CSV_WORDS.search(match["message"]), line
    by_cell = {(m["sheet"], m["cell"]): m["message"] for m in map(CELL_PROBLEM.match, result.lines)}
    date = cell(products, "tom-cang-xanh-tuoi", "ocop_date").coordinate
    assert by_cell[("Sản phẩm", date)].startswith("Ngày “31/02/2025” không có thật. Hãy kiểm tra lại tháng và ngày.")
    group = cell(products, "tom-cang-xanh-lam-sach", "cooperative_id").coordinate
    assert by_cell[("Sản phẩm", group)].startswith(
        "Không có “Tổ hợp tác không có thật” trong trang tính “HTX-THT”. Hãy bấm mũi tên ▼"
    )


def test_a_renamed_sheet_is_named(workbook: Path, data: Path) -> None:
    book = load_workbook(workbook)
    book["Sản phẩm"].title = "San pham"
    book.save(workbook)
    problems = run_import(workbook, data).problems
    assert [str(p) for p in problems] == [
        f"{workbook}:San pham!A1: Trang tính “San pham” có vẻ là “Sản phẩm” bị đổi tên. Hãy đổi lại tên thành "
        "“Sản phẩm” (nháy đúp vào tên trang tính ở dưới cùng, gõ lại tên), lưu rồi tải lên lại; dữ liệu bạn đã sửa "
        "vẫn giữ nguyên."
    ]


def test_an_edited_header_cell_gives_one_message_at_that_cell(workbook: Path, data: Path) -> None:
    book = load_workbook(workbook)
    sheet = book["Sản phẩm"]
    price = sheet.cell(2, column(sheet, "price_vnd"))
    price.value = "Giá"
    book.save(workbook)
    problems = run_import(workbook, data).problems
    assert [(p.sheet, p.cell) for p in problems] == [("Sản phẩm", price.coordinate)]
    assert problems[0].message.startswith(
        "Ô này ở dòng 2 đã bị sửa: phải là “price_vnd” (tên máy của cột “Giá (đồng)”)"
    )


def test_an_emptied_sheet_is_said_empty_before_anything_else(workbook: Path, data: Path) -> None:
    book = load_workbook(workbook)
    sheet = book["Sản phẩm"]
    sheet.delete_rows(3, sheet.max_row)
    book.save(workbook)
    problems = run_import(workbook, data).problems
    assert str(problems[0]).startswith(f"{workbook}:Sản phẩm!A3: Trang tính “Sản phẩm” không còn dòng dữ liệu nào")
    assert not any("không được dòng nào dùng" in p.message for p in problems)


def test_the_import_script_takes_every_photo_format_check_accepts() -> None:
    from generator import photo_formats

    text = IMPORT_SCRIPT.read_text(encoding="utf-8")
    listed = re.search(r"^PHOTOS = \((.*)\)$", text, re.MULTILINE).group(1)
    assert sorted(s.strip(' "').lstrip(".") for s in listed.split(",") if s.strip()) == sorted(photo_formats.SUFFIXES)
    assert "p.suffix.lower() in PHOTOS" in text


def test_publishing_keeps_the_current_workbook_at_one_fixed_address() -> None:
    publish = load(ROOT / ".github" / "workflows" / "publish.yml")
    job = publish["jobs"]["workbook"]
    assert job["permissions"] == {"contents": "write"}
    runs = [words for step in job["steps"] for words in shell_commands(step.get("run", ""))]
    # the whole workbook and one per commune (make workbook writes them all into build/)
    assert ["gh", "release", "upload", "bang-tinh", "build/bang-tinh-du-lieu*.xlsx", "--clobber"] in runs
    assert any(words[:4] == ["gh", "release", "create", "bang-tinh"] for words in runs)
    assert all(command_problem(words) is None for words in runs), runs
    link = "(../../releases/download/bang-tinh/bang-tinh-du-lieu.xlsx)"
    first = GUIDE.read_text(encoding="utf-8").split("\n## 1. ")[0]
    assert link in first
    with (DATA / "communes.csv").open(encoding="utf-8", newline="") as handle:
        current = [row["code"] for row in csv.DictReader(handle) if not row["successor"]]
    for code in current:  # each commune's Union gets hers at a fixed address too
        assert f"(../../releases/download/bang-tinh/bang-tinh-du-lieu-{code}.xlsx)" in first, code


# --- the guide's own example, action by action --------------------------------------------


def guide_actions() -> tuple[int, list[str]]:
    """The count the guide gives for adding a THT with two products and a photo, and its actions."""
    text = " ".join(GUIDE.read_text(encoding="utf-8").split())
    match = re.search(
        r"Thêm một THT với hai sản phẩm và một ảnh theo cách này cần \*\*(\d+) thao tác\*\*: (.+?)\.(?: |$)", text
    )
    assert match, "the guide counts the actions of its example"
    parts = re.split(r"\((\d+)\) ", match[2])[1:]
    numbers, actions = [int(n) for n in parts[0::2]], [a.strip().rstrip(",") for a in parts[1::2]]
    assert numbers == list(range(1, len(numbers) + 1))
    return int(match[1]), actions


def test_the_guides_example_takes_the_actions_it_counts_through_libreoffice(
    uploaded, github_api, tmp_path: Path
) -> None:
    """Add a THT with two products and an iPhone photo as the guide says, one action per numbered
    step, with the workbook opened and saved by LibreOffice Calc, uploaded and imported by the
    import workflow's script against a local remote: the guide's count is the actions done."""
    import pillow_heif

    clone, remote = uploaded
    api, received = github_api
    (clone / "nhap" / "bang-tinh.xlsx").unlink()
    state: dict[str, object] = {}
    downloads, profile = tmp_path / "Tải về", tmp_path / "lo-profile"

    def download() -> None:  # the release asset publish.yml replaces is what `make workbook` writes
        state["file"] = make_workbook(clone / "data", downloads / "bang-tinh-du-lieu.xlsx")

    def open_in_calc() -> None:  # opened (and kept) by LibreOffice Calc
        opened = soffice_convert(state["file"], tmp_path / "calc-mo", "xlsx", profile)
        state["book"] = load_workbook(opened)

    def in_list(sheet_name: str, name: str, value: object) -> object:
        """A value picked from the cell's dropdown: Excel shows no warning for it."""
        offered = dropdown(state["book"], sheet_name, name)
        assert value in offered, (sheet_name, name, value)
        return value

    def fill_group() -> None:
        book = state["book"]
        row = new_group(book) | {"phone": "0987 654 321"}
        for name in ("type", "commune", "status", "sector"):
            in_list("HTX-THT", name, row[name])
        append(book["HTX-THT"], row)  # the id cell stays empty

    def fill_product(name: str, price: int, photo: str | None) -> None:
        book = state["book"]
        group = in_list("Sản phẩm", "cooperative_id", "Tổ hợp tác bánh xèo Vĩnh Phong")
        row = product(book, cooperative_id=group, name=name, price_vnd=price, summary=f"{name} của tổ.")
        in_list("Sản phẩm", "category", row["category"])
        append(book["Sản phẩm"], row | ({"photo": photo} if photo else {}))

    def save() -> None:  # Ctrl+S in Calc, kept as .xlsx
        edited = tmp_path / "calc-sua" / "bang-tinh-du-lieu.xlsx"
        edited.parent.mkdir()
        state["book"].save(edited)
        state["file"] = soffice_convert(edited, tmp_path / "calc-luu", "xlsx", profile)

    def open_upload() -> None:  # nhap/ → Add file → Upload files
        assert (clone / "nhap").is_dir()

    def drag() -> None:  # the workbook and the phone's photo, as they are
        shutil.copy(state["file"], clone / "nhap" / "bang-tinh-du-lieu.xlsx")
        pillow_heif.register_heif_opener()
        from PIL import Image

        Image.new("RGB", (800, 600), (200, 120, 30)).save(clone / "nhap" / "IMG_1234.HEIC", quality=80)

    def commit_changes() -> None:
        git(clone, "add", "nhap")
        git(clone, "commit", "--quiet", "-m", "Add files via upload")
        git(clone, "push", "--quiet", "origin", "main")
        state["import"] = run_script(clone, api, tmp_path / "summary.md")

    steps = [
        ("tải", download),
        ("mở tệp", open_in_calc),
        ("HTX-THT", fill_group),
        ("sản phẩm thứ nhất", lambda: fill_product("Bột bánh xèo", 35000, "IMG_1234.HEIC")),
        ("sản phẩm thứ hai", lambda: fill_product("Bánh xèo chay", 20000, None)),
        ("lưu", save),
        ("Upload files", open_upload),
        ("kéo", drag),
        ("Commit changes", commit_changes),
    ]
    count, actions = guide_actions()
    assert count == len(actions) <= 10
    assert len(actions) == len(steps)
    for action, (words, step) in zip(actions, steps, strict=True):
        assert words in action, (action, words)
        step()
    proc = state["import"]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    files = git(remote, "show", "--name-status", "--no-renames", "--format=", "main").split("\n")
    assert sorted(f for f in files if f) == [
        "A\tdata/images/IMG_1234.HEIC",
        "D\tnhap/IMG_1234.HEIC",
        "D\tnhap/bang-tinh-du-lieu.xlsx",
        "M\tdata/cooperatives.csv",
        "M\tdata/products.csv",
    ]
    products = git(remote, "show", "main:data/products.csv")
    assert "\nbot-banh-xeo,tht-banh-xeo-vinh-phong,Bột bánh xèo,thuc-pham," in products
    assert ",IMG_1234.HEIC," in products and "\nbanh-xeo-chay,tht-banh-xeo-vinh-phong," in products
    assert "\ntht-banh-xeo-vinh-phong,THT,Tổ hợp tác bánh xèo Vĩnh Phong,vinh-phong,2025," in git(
        remote, "show", "main:data/cooperatives.csv"
    )
    assert len(received) == 1, "publishing was started"
