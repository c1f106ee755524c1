"""`python -m generator check`: every defect a staff member can make, located and explained."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import run_generator

CASES = sorted((Path(__file__).parent / "defects").glob("*.yml"))
PROBLEM = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+|\*):(?P<column>[^:]+): (?P<message>.+)$")


# --- editing a copy of data/ the way staff do ---------------------------------------------


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> list[int]:
    """Write like Excel's CSV UTF-8 would and return the physical start line of each data row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    starts = []
    for row in rows:
        starts.append(buffer.getvalue().count("\n") + 1)
        writer.writerow(row)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return starts


def apply_case(case: dict, data: Path) -> dict[str, dict]:
    """Edit data/ as the case says; return where rows start, by file, for the expectations."""
    edits: dict[str, dict] = {}
    tables: dict[str, tuple[list[str], list[list[str]]]] = {}

    def table(name: str):
        if name not in tables:
            tables[name] = _read(data / name)
        return tables[name]

    for edit in case.get("set", []):
        header, rows = table(edit["file"])
        row = next(r for r in rows if r[0] == edit["id"])
        row[header.index(edit["column"])] = edit["value"]
    appended: dict[str, list[list[str]]] = {}
    for edit in case.get("append", []):
        header, rows = table(edit["file"])
        if "base" in edit:
            base = next(r for r in rows if r[0] == edit["base"])
        else:
            base = rows[edit["base_line"] - 2]
        new = list(base)
        for column, value in edit["values"].items():
            new[header.index(column)] = value
        appended.setdefault(edit["file"], []).append(new)
    if "drop_column" in case:
        name, column = case["drop_column"]["file"], case["drop_column"]["column"]
        header, rows = table(name)
        index = header.index(column)
        tables[name] = (header[:index] + header[index + 1 :], [r[:index] + r[index + 1 :] for r in rows])
    for name, (header, rows) in tables.items():
        extra = appended.get(name, [])
        starts = _write(data / name, header, rows + extra)
        ids: dict[str, int] = {}
        for row, start in zip(rows, starts, strict=False):
            ids.setdefault(row[0], start)
        edits[name] = {"rows": ids, "appended": starts[len(rows) :]}
    for name in case.get("bom", []):
        path = data / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    for name in case.get("nfd", []):
        path = data / name
        path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    if "encode" in case:
        # Windows-1258 stores Vietnamese tones as combining marks; Windows-1252 keeps what it can.
        path, encoding = data / case["encode"]["file"], case["encode"]["encoding"]
        text = path.read_text(encoding="utf-8")
        if encoding == "cp1258":
            text = unicodedata.normalize("NFD", text)
        path.write_bytes(text.encode(encoding, errors="replace"))
    return edits


def expected_line(spec, name: str, edits: dict[str, dict], data: Path) -> int:
    if isinstance(spec, int):
        return spec
    if "appended" in spec:
        return edits[name]["appended"][spec["appended"] - 1]
    if name in edits:
        return edits[name]["rows"][spec["row"]]
    # A row in a file the case did not edit: find the line that starts with its id.
    for number, line in enumerate((data / name).read_text(encoding="utf-8").split("\n"), start=1):
        if line.startswith(spec["row"] + ","):
            return number
    raise AssertionError(f"{spec['row']} not found in {name}")


def parse(lines: list[str]) -> list[dict]:
    problems = []
    for line in lines:
        match = PROBLEM.match(line)
        assert match, f"not PATH:LINE:COLUMN: message -> {line!r}"
        problems.append(match.groupdict())
    return problems


# --- the tests ----------------------------------------------------------------------------


def test_sample_is_valid(tmp_path: Path) -> None:
    result = run_generator("check", "--data", str(Path(__file__).parent.parent / "data"), cwd=tmp_path)
    assert result.code == 0, result.out
    assert result.out == ""
    assert (
        result.err
        == "Dữ liệu hợp lệ: đã kiểm tra 7 tệp CSV (281 dòng), 10 ảnh, 2 bài tin tức và 3 trang trong content/.\n"
    )


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_defect_is_located(case_file: Path, data_copy: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    edits = apply_case(case, data_copy)
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    assert "Traceback" not in result.out + result.err
    if case.get("valid"):
        assert result.code == 0, result.out
        assert result.out == ""
        return
    assert result.code == 1, result.out
    problems = parse(result.lines)
    found = {(p["path"], int(p["line"]), p["column"]) for p in problems}
    wanted = {
        (f"data/{e['file']}", expected_line(e["line"], e["file"], edits, data_copy), e["column"])
        for e in case["expect"]
    }
    assert found == wanted, result.out
    for e in case["expect"]:
        where = (f"data/{e['file']}", expected_line(e["line"], e["file"], edits, data_copy), e["column"])
        messages = [p["message"] for p in problems if (p["path"], int(p["line"]), p["column"]) == where]
        for words in e["contains"]:
            assert any(words in m for m in messages), f"{words!r} not in {messages}"


def test_all_problems_are_reported_at_once(data_copy: Path) -> None:
    """Several defects in several files: every one is listed, sorted by file and line."""
    for name in ("slug.yml", "phone.yml", "ocop-stars.yml", "members.yml"):
        apply_case(yaml.safe_load((Path(__file__).parent / "defects" / name).read_text(encoding="utf-8")), data_copy)
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    assert result.code == 1
    problems = parse(result.lines)
    assert len(problems) == 2 + 2 + 3 + 1
    keys = [(p["path"], int(p["line"])) for p in problems]
    assert keys == sorted(keys)


def test_absolute_data_path_gives_absolute_paths(data_copy: Path, tmp_path: Path) -> None:
    header, rows = _read(data_copy / "products.csv")
    rows[0][header.index("price_vnd")] = "abc"
    _write(data_copy / "products.csv", header, rows)
    result = run_generator("check", "--data", str(data_copy), cwd=tmp_path)
    assert result.lines == [
        f"{data_copy}/products.csv:2:price_vnd: “abc” không phải số nguyên. "
        "Hãy viết số nguyên bằng chữ số, ví dụ 120000. (Excel: dòng 2, mã “tom-cang-xanh-tuoi”)"
    ]


def test_missing_file_and_garbage_never_show_a_traceback(data_copy: Path) -> None:
    (data_copy / "models.csv").unlink()
    (data_copy / "indicators.csv").write_bytes(b'indicator,period,value\n"unterminated,2025,1\n')
    (data_copy / "products.csv").write_bytes(b"")
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    paths = {p["path"] for p in parse(result.lines)}
    assert {"data/models.csv", "data/products.csv"} <= paths


def test_unknown_column_is_named(data_copy: Path) -> None:
    header, rows = _read(data_copy / "products.csv")
    header[header.index("season")] = "mua vu"
    _write(data_copy / "products.csv", header, rows)
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    assert result.lines[0].startswith("data/products.csv:1:mua vu: Cột “mua vu” không có trong mô tả dữ liệu.")
