"""The staff workbook: every table as one Excel sheet, with dropdowns and cell rules.

CSV stays the source of truth; the workbook is how staff edit it. `export_workbook` writes it,
`workbook_import.import_workbook` turns an edited one back into CSV files. What both sides must
agree on lives here: sheet names, which column takes its values from which list, how a CSV
value becomes a cell and back, and the fingerprint of a row that tells an edit from a copy.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from .load import BOM
from .schema import Field, Package, Resource, load_config, load_package
from .text import nfc, sort_key

SETTINGS = yaml.safe_load((Path(__file__).with_name("workbook.yml")).read_text(encoding="utf-8"))
SHEETS: dict[str, str] = SETTINGS["sheets"]
NAMES: dict[str, str] = SETTINGS["names"]
INSTRUCTIONS_SHEET: str = SETTINGS["instructions_sheet"]
LOOKUP_SHEET: str = SETTINGS["lookup_sheet"]
SOURCE_SHEET: str = SETTINGS["source_sheet"]
HINTS: dict[str, str] = SETTINGS["hints"]
LABELS: dict[str, str] = SETTINGS["labels"]
FORMAT_VERSION = "1"
FIRST_ROW = 3  # row 1: Vietnamese label, row 2: CSV column name
SPARE_ROWS = 2000  # rows below the data that get the dropdowns and rules too
DATE_FORMAT = "DD/MM/YYYY"
EXCEL_EPOCH = dt.date(1899, 12, 30)
YEARS = (1900, 2100)
PRIVATE_FILL = PatternFill("solid", fgColor="FCE4D6")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
OCOP_STARS = (3, 4, 5)
LARGEST = 999_999_999_999_999.0  # bound of a number rule without a maximum (Excel keeps 15 digits)
CORE_PROPERTIES = "docProps/core.xml"
WRAP_AT = 90  # characters of the instructions' column (width 100) on one line, about
REFERENCED_TABLES = ("communes", "consents")  # lists made from rows staff may add, frozen at export
# Lists read from a sheet's own column, so a row added in the same workbook is in them at once.
LIVE_LISTS = {"cooperatives": "name"}


@dataclass(frozen=True)
class Choice:
    """One entry of a dropdown: what staff see, and what the CSV holds."""

    label: str | int
    value: str | int


# --- reading CSV files as they are ---------------------------------------------------------


@dataclass
class RawTable:
    """A CSV file exactly as committed: header, rows of cells, and each row's first line."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    texts: dict[tuple[str, ...], str] = dataclasses.field(default_factory=dict)  # a row's cells -> its exact text
    head: str = ""  # the header's exact text


def read_raw(path: Path) -> RawTable:
    """Read a CSV file without changing any cell, so unchanged rows can be written back as they were."""
    if not path.exists():
        return RawTable([], [], [])
    text = path.read_bytes().removeprefix(BOM).decode("utf-8", errors="replace")
    physical = io.StringIO(text, newline="").readlines()  # the lines csv.reader counts
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    rows, lines, texts, previous_end = [], [], {}, reader.line_num
    head = "".join(physical[:previous_end])
    for cells in reader:
        start, previous_end = previous_end + 1, reader.line_num
        if any(cell.strip() for cell in cells):
            rows.append(cells + [""] * (len(header) - len(cells)))
            lines.append(start)
            texts.setdefault(tuple(rows[-1]), "".join(physical[start - 1 : previous_end]))
    return RawTable([nfc(name).strip() for name in header], rows, lines, texts, head)


class Selection(Protocol):
    """The rows a workbook holds and how it says so (workbook_scope.Scope: one commune's)."""

    def rows(self, tables: dict[str, RawTable]) -> dict[str, RawTable]: ...

    def mark(self, book: Workbook) -> None: ...


def canonical_csv(header: list[str], rows: list[list[str]], kept: RawTable | None = None) -> str:
    """The project's CSV form: UTF-8 without BOM, LF, quotes only where needed; with `kept` (the
    file as it is) and the same header, a row it holds unchanged keeps its exact bytes."""
    if kept is None or kept.header != header:
        kept = RawTable(header, [], [])
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    for number, cells in enumerate([header, *rows]):
        text = kept.head if number == 0 else kept.texts.get(tuple(cells))
        if text:
            out.write(text if text.endswith(("\n", "\r")) else text + "\n")
        else:
            writer.writerow(cells)
    return out.getvalue()


def normalised(header: list[str], cells: list[str]) -> dict[str, str]:
    """A row's non-empty values by column, as the checks see them (NFC, no outer spaces)."""
    values = {}
    for name, cell in zip(header, cells, strict=False):
        value = nfc(cell).strip()
        if name and value:
            values[name] = value
    return values


def fingerprint(values: dict[str, str]) -> str:
    """A short hash of a row's values, independent of column order and empty columns."""
    text = json.dumps(sorted(values.items()), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def row_key(resource: Resource, values: dict[str, str]) -> str:
    """The row's primary key as one string ('' when a required part is missing; an optional part,
    such as an indicator's commune, may be empty)."""
    required = set(resource.required)
    parts = [values.get(name, "") for name in resource.primary_key]
    missing = any(not part for name, part in zip(resource.primary_key, parts, strict=True) if name in required)
    return "" if missing or not any(parts) else json.dumps(parts, ensure_ascii=False)


# --- which column takes its values from which list -------------------------------------------


def list_name(resource: Resource, field: Field) -> str | None:
    """The lookup list a column's dropdown shows, or None for a free column."""
    for fk in resource.foreign_keys:
        if fk.fields == (field.name,):
            return fk.resource
    if field.keys:
        return field.keys
    if field.enum:
        return f"{resource.name}.{field.name}"
    if field.name == "ocop_stars":
        return "ocop_stars"
    return None


def _unique_labels(pairs: list[tuple[str, str]]) -> list[Choice]:
    """Choices whose labels are unique: a label two values share gets the value added."""
    counts: dict[str, int] = {}
    for label, _ in pairs:
        counts[label] = counts.get(label, 0) + 1
    return [Choice(label if counts[label] == 1 else f"{label} — {value}", value) for label, value in pairs]


def _commune_choices(rows: list[dict[str, str]]) -> list[Choice]:
    """Current communes first, then the former units, each saying which commune it is now part of."""
    names = {row.get("code", ""): f"{row.get('kind', '')} {row.get('name', '')}".strip() for row in rows}

    def label(row: dict[str, str]) -> str:
        successor = row.get("successor", "")
        former = f" (cũ, nay thuộc {names.get(successor, successor)})" if successor else ""
        return names[row.get("code", "")] + former

    ordered = sorted(rows, key=lambda row: (bool(row.get("successor")), sort_key(label(row))))
    return _unique_labels([(label(row), row.get("code", "")) for row in ordered])


def lookup_lists(package: Package, config: dict[str, Any], tables: dict[str, RawTable]) -> dict[str, list[Choice]]:
    """Every list a dropdown uses, by name, from the data and portal.yml."""

    def rows(name: str) -> list[dict[str, str]]:
        table = tables.get(name) or RawTable([], [], [])
        return [normalised(table.header, cells) for cells in table.rows]

    lists: dict[str, list[Choice]] = {}
    for resource in package.resources.values():
        for field in resource.fields:
            name = list_name(resource, field)
            if name is None or name in lists:
                continue
            if name == "communes":
                lists[name] = _commune_choices(rows("communes"))
            elif name == "cooperatives":
                pairs = [(r.get("name", r.get("id", "")), r.get("id", "")) for r in rows("cooperatives")]
                lists[name] = _unique_labels(sorted(pairs, key=lambda p: sort_key(p[0])))
            elif name == "consents":
                pairs = [(f"{r.get('person_name', '')} — {r.get('id', '')}", r.get("id", "")) for r in rows("consents")]
                lists[name] = _unique_labels(pairs)
            elif field.keys:
                entries = config.get(field.keys) or {}
                pairs = [(v["label"] if isinstance(v, dict) else str(v), k) for k, v in entries.items()]
                lists[name] = _unique_labels(pairs)
            elif field.enum:
                lists[name] = [Choice(member, member) for member in field.enum]
            else:
                lists[name] = [Choice(stars, stars) for stars in OCOP_STARS]  # numbers, as staff type them
    return lists


# --- cells ---------------------------------------------------------------------------------


def _is_plain_integer(text: str) -> bool:
    digits = text.removeprefix("-")
    return digits.isdigit() and (digits == "0" or not digits.startswith("0")) and len(digits) < 16


def cell_value(field: Field, text: str, labels: dict[str, str]) -> str | int | float | dt.date | None:
    """The cell that shows a CSV value: a number, a date, a dropdown label or the text itself."""
    if text == "":
        return None
    if text in labels:
        return labels[text]
    if field.type in ("integer", "year") and _is_plain_integer(text):
        return int(text)
    if field.type == "number" and _is_plain_number(text):
        return float(text) if "." in text else int(text)
    if field.rule == "year-or-date" and len(text) == 4 and text.isdigit():
        return int(text)
    if field.type == "date" or field.rule == "year-or-date":
        try:
            return dt.date.fromisoformat(text) if len(text) == 10 else text
        except ValueError:
            return text
    return text


def _is_plain_number(text: str) -> bool:
    try:
        return number_text(float(text)) == text
    except ValueError:
        return False


def number_text(value: float) -> str:
    """A float as staff would write it: 9.58556, 12 (not 12.0), no binary noise."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")


def cell_text(field: Field, value: Any) -> str:
    """The CSV value of a cell, undoing what Excel does on its own (dates, floats, zeros, spaces)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return str(value.year) if field.type == "year" else value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int | float):
        if field.type == "date" and 1 <= value < 2958466:  # a date that lost its date format
            return (EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
        text = number_text(float(value))
        if field.rule == "phone" and len(text) == 9:
            text = "0" + text  # Excel drops a phone number's leading zero
        return text
    text = nfc(str(value)).strip()
    if field.type == "date" or field.rule == "year-or-date":
        text = _iso_date(text)
    return text


def _iso_date(text: str) -> str:
    """A date typed day first (26/8/2024, 26-08-2024, 26.08.2024) as 2024-08-26; else unchanged."""
    for separator in "/.-":
        parts = text.split(separator)
        if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4 and len(parts[0]) <= 2:
            day, month, year = (int(p) for p in parts)
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                return text
    return text


# --- writing the workbook ------------------------------------------------------------------


def make_workbook(
    data_dir: Path, out: Path, scope: Selection | None = None, more: list[tuple[Path, Selection]] | None = None
) -> None:
    """Write the workbook of the data in data_dir (its datapackage.json and portal.yml) to out, and
    the `more` workbooks of the same data (one per commune) reading it once."""
    from .pipeline import source_date_epoch

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or source_date_epoch(data_dir))
    package, config = load_package(data_dir), load_config()
    tables = {name: read_raw(data_dir / resource.path) for name, resource in package.resources.items()}
    read = (tables, lookup_lists(package, config, tables))
    for path, selection in [(out, scope), *(more or [])]:
        export_workbook(package, config, data_dir, path, epoch, selection, read)


def export_workbook(
    package: Package,
    config: dict[str, Any],
    data_dir: Path,
    out: Path,
    epoch: int = 0,
    scope: Selection | None = None,
    read: tuple[dict[str, RawTable], dict[str, list[Choice]]] | None = None,
) -> None:
    """Write the workbook of the data in data_dir to out: the same data and date give the same bytes.
    With a scope, the sheets hold only its rows, and the dropdowns still list every row; `read`:
    the tables and lists already read from data_dir."""
    if read is None:
        tables = {name: read_raw(data_dir / resource.path) for name, resource in package.resources.items()}
        read = (tables, lookup_lists(package, config, tables))
    tables, lists = read
    tables = scope.rows(tables) if scope is not None else tables
    book = Workbook()
    _instructions(book.active)
    ranges = _lookup_sheet(book.create_sheet(LOOKUP_SHEET), lists)
    ranges |= _live_ranges(package, tables)
    source = book.create_sheet(SOURCE_SHEET)
    source.append(["format", FORMAT_VERSION, ""])
    source.append(["bảng", "khóa", "dấu vân tay"])
    for name, sheet_name in SHEETS.items():
        resource = package.resources[name]
        sheet = book.create_sheet(sheet_name, index=len(book.sheetnames) - 2)
        _table_sheet(sheet, resource, tables[name], lists, ranges)
        for cells in tables[name].rows:
            values = normalised(tables[name].header, cells)
            source.append([name, row_key(resource, values), fingerprint(values)])
    book[LOOKUP_SHEET].sheet_state = "hidden"
    source.sheet_state = "hidden"
    if scope is not None:
        scope.mark(book)
    when = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    book.properties.creator = book.properties.lastModifiedBy = "python -m generator workbook"
    book.properties.title = "Dữ liệu cổng thông tin HTX, THT do phụ nữ quản lý"
    buffer = io.BytesIO()
    book.save(buffer)
    book.properties.created = book.properties.modified = when  # save() stamps the clock time
    core = tostring(book.properties.to_tree())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(_dated_zip(buffer.getvalue(), when, {CORE_PROPERTIES: core}))


def _dated_zip(data: bytes, when: dt.datetime, replace: dict[str, bytes]) -> bytes:
    """The same zip with every entry dated `when` (and some entries replaced): stable bytes."""
    stamp = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, replace.get(info.filename) or source.read(info.filename))
    return out.getvalue()


def _instructions(sheet: Worksheet) -> None:
    sheet.title = INSTRUCTIONS_SHEET
    for line in SETTINGS["instructions"]:
        sheet.append([line])
    for row in sheet.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
        # Rows as tall as their wrapped lines: LibreOffice keeps the default height and overlaps them.
        lines = -(-len(str(row[0].value or "")) // WRAP_AT) or 1
        sheet.row_dimensions[row[0].row].height = 15 * lines
    sheet.row_dimensions[1].height = 22
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 100
    sheet.sheet_properties.tabColor = "70AD47"


def _lookup_sheet(sheet: Worksheet, lists: dict[str, list[Choice]]) -> dict[str, str]:
    """Two columns per list (label, value); returns each list's label range for the dropdowns."""
    ranges = {}
    quoted = "'" + LOOKUP_SHEET.replace("'", "''") + "'"
    for index, (name, choices) in enumerate(lists.items()):
        label_col, value_col = get_column_letter(2 * index + 1), get_column_letter(2 * index + 2)
        sheet[f"{label_col}1"], sheet[f"{value_col}1"] = name, f"{name}:value"
        for row, choice in enumerate(choices, start=2):
            sheet[f"{label_col}{row}"] = choice.label
            sheet[f"{value_col}{row}"] = choice.value
        last = max(2, len(choices) + 1)
        ranges[name] = f"{quoted}!${label_col}$2:${label_col}${last}"
    return ranges


def _live_ranges(package: Package, tables: dict[str, RawTable]) -> dict[str, str]:
    """The dropdowns that list a sheet's own column (a product's group by its name): the whole
    column down to the last row that has rules, so a group added below is listed too."""
    ranges = {}
    for name, column in LIVE_LISTS.items():
        resource = package.resources[name]
        letter = get_column_letter([f.name for f in resource.fields].index(column) + 1)
        last = FIRST_ROW + len(tables[name].rows) + SPARE_ROWS
        quoted = "'" + SHEETS[name].replace("'", "''") + "'"
        ranges[name] = f"{quoted}!${letter}${FIRST_ROW}:${letter}${last}"
    return ranges


def field_label(field: Field) -> str:
    """A column's Vietnamese name in the workbook: its title, unless the workbook says otherwise."""
    return LABELS.get(field.name) or field.title or field.name


def column_label(field: Field) -> str:
    """Row 1 of a column: its label, * when required, (nội bộ) when never published."""
    text = field_label(field)
    if field.required:
        text += " *"
    if not field.public:
        text += " (nội bộ)"
    return text


def _table_sheet(
    sheet: Worksheet, resource: Resource, table: RawTable, lists: dict[str, list[Choice]], ranges: dict[str, str]
) -> None:
    fields = list(resource.fields)
    sheet.append([column_label(f) for f in fields])
    sheet.append([f.name for f in fields])
    last_row = FIRST_ROW + len(table.rows) + SPARE_ROWS
    for index, field in enumerate(fields, start=1):
        letter = get_column_letter(index)
        name = list_name(resource, field)
        labels = {str(c.value): c.label for c in lists[name]} if name else {}
        widest = len(column_label(field))
        for row, cells in enumerate(table.rows, start=FIRST_ROW):
            text = normalised(table.header, cells).get(field.name, "")
            cell = sheet.cell(row=row, column=index, value=cell_value(field, text, labels))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, even for text starting with "="
            elif isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
            widest = max(widest, min(len(str(cell.value or "")), 60))
        _style_column(sheet, letter, field, widest)
        validation = _validation(resource, field, name, ranges)
        validation.add(f"{letter}{FIRST_ROW}:{letter}{last_row}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.print_title_rows = f"1:{FIRST_ROW - 1}"  # printed pages repeat both header rows
    sheet.page_setup.orientation = "landscape"
    if not resource.public or all(not f.public for f in fields):
        sheet.sheet_properties.tabColor = "ED7D31"


def _style_column(sheet: Worksheet, letter: str, field: Field, widest: int) -> None:
    label, name = sheet[f"{letter}1"], sheet[f"{letter}2"]
    label.font = Font(bold=True)
    label.alignment = Alignment(wrap_text=True, vertical="top")
    fill = PRIVATE_FILL if not field.public else HEADER_FILL
    label.fill = name.fill = fill
    name.font = Font(italic=True, color="808080", size=9)
    dimension = sheet.column_dimensions[letter]
    dimension.width = max(10, min(widest + 2, 50))
    if field.type == "date":
        dimension.number_format = DATE_FORMAT
    elif field.type == "string" and field.rule != "year-or-date":
        dimension.number_format = "@"  # typed text stays text: 0912… keeps its zero


def _validation(resource: Resource, field: Field, name: str | None, ranges: dict[str, str]) -> DataValidation:
    """The dropdown or rule of a column, with its help as the input message."""
    if name is not None and name in LIVE_LISTS:
        rule = DataValidation(type="list", formula1=ranges[name], allow_blank=True)
        rule.error = (
            f"Hãy bấm mũi tên ▼ và chọn một tên trong danh sách. Danh sách lấy từ trang tính “{SHEETS[name]}”: "
            "một đơn vị mới thì thêm ở đó trước, rồi chọn tên của nó ở đây."
        )
    elif name is not None and name in REFERENCED_TABLES:
        # A row added in this workbook is not in the list yet: warn, and let staff type its id.
        rule = DataValidation(type="list", formula1=ranges[name], allow_blank=True, errorStyle="warning")
        rule.error = (
            "Giá trị không có trong danh sách ▼. Nếu đó là dòng mới thêm trong bảng tính này, "
            "hãy gõ tên hoặc mã của dòng đó rồi bấm Yes/Có; nếu không, bấm No/Không và chọn trong danh sách."
        )
    elif name is not None:
        rule = DataValidation(type="list", formula1=ranges[name], allow_blank=True)
        rule.error = "Giá trị không có trong danh sách. Hãy bấm mũi tên ▼ ở góc ô và chọn một dòng."
    elif field.type == "date":
        first, last = ((dt.date(y, 1, 1) - EXCEL_EPOCH).days for y in YEARS)
        rule = DataValidation(type="date", operator="between", formula1=str(first), formula2=str(last))
        rule.error = "Hãy gõ một ngày có thật theo kiểu ngày/tháng/năm, ví dụ 26/08/2024."
    elif field.type == "year" or field.name == "plan_year":
        rule = DataValidation(type="whole", operator="between", formula1=str(YEARS[0]), formula2=str(YEARS[1]))
        rule.error = "Năm viết bằng 4 chữ số, ví dụ 2025."
    elif field.type in ("integer", "number"):
        low = field.minimum if field.minimum is not None else -LARGEST
        high = field.maximum if field.maximum is not None else LARGEST
        kind = "whole" if field.type == "integer" else "decimal"
        rule = DataValidation(type=kind, operator="between", formula1=number_text(low), formula2=number_text(high))
        rule.error = _number_error(field, low, high)
    else:
        rule = DataValidation(allow_blank=True)
    rule.allow_blank = True
    rule.showErrorMessage = name is not None or field.type in ("date", "year", "integer", "number")
    rule.errorTitle = "Giá trị không hợp lệ"
    rule.showInputMessage = True
    rule.promptTitle = field_label(field)[:32]
    rule.prompt = input_message(field, name)[:255]
    return rule


def _number_error(field: Field, low: float, high: float) -> str:
    whole = "số nguyên" if field.type == "integer" else "số"
    if field.minimum == 0 and field.maximum is None:
        return f"Hãy gõ {whole} từ 0 trở lên, viết liền không dấu chấm: 120000."
    if field.minimum is not None and field.maximum is not None:
        return f"Hãy gõ {whole} từ {number_text(low)} đến {number_text(high)}."
    return f"Hãy gõ {whole}, viết liền không dấu chấm: 120000."


def input_message(field: Field, list_name_: str | None) -> str:
    """What a column holds and how to fill it, shown when staff select a cell."""
    parts = [field.description] if field.description else []
    parts.append("Bắt buộc." if field.required else "Có thể để trống.")
    kind = _hint_kind(field, list_name_)
    if kind:
        parts.append(HINTS[kind])
    if not field.public:
        parts.append(HINTS["private"])
    return " ".join(parts)


def _hint_kind(field: Field, list_name_: str | None) -> str | None:
    if list_name_ is not None:
        return "list"
    if field.rule in HINTS:
        return field.rule
    if field.type in HINTS:
        return field.type
    if field.format == "uri":
        return "uri"
    if field.pattern and "a-z0-9" in field.pattern:
        return "slug"
    return None
