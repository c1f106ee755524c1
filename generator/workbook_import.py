"""Turn an edited staff workbook back into the CSV files, without losing anyone's update.

Three steps, and nothing in the data folder changes unless all of them pass:
1. read every sheet, undoing what Excel does on its own and mapping dropdown labels to codes;
2. merge with the CSV files as they are now, row by row, using the fingerprints the workbook
   recorded when it was made: rows staff changed win, rows changed since in the repository are
   kept, a row changed on both sides is a conflict;
3. write the would-be CSV files to a temporary folder and run the project's own checks on them.
Every problem is located in the workbook's terms, `FILE.xlsx:SHEET!F12: message`.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .ids import made_id, retired
from .load import load_tables
from .messages import MESSAGES, WORKBOOK, Found, say
from .problems import Problem, problem, report, sort_problems, table_cell
from .schema import Package, Resource, load_config, load_package
from .text import fold, nfc
from .validate import validate
from .workbook import (
    FIRST_ROW,
    FORMAT_VERSION,
    INSTRUCTIONS_SHEET,
    LOOKUP_SHEET,
    NAMES,
    SHEETS,
    SOURCE_SHEET,
    RawTable,
    canonical_csv,
    cell_text,
    field_label,
    fingerprint,
    list_name,
    normalised,
    number_text,
    read_raw,
    row_key,
)
from .workbook_scope import part, recorded_scope

EXCEL_ERRORS = {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!"}


@dataclass(frozen=True, order=True)
class CellProblem(Problem):
    """A problem located in the workbook: FILE.xlsx:SHEET!CELL (line is the sheet's row)."""

    sheet: str = ""
    cell: str = ""

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.sheet else "*"
        return f"{self.path}:{where}: {self.message}"


def _in_sheet(found: Problem, sheet: str = "", cell: str = "") -> CellProblem:
    """A problem of the workbook, at a sheet's cell (or the whole workbook, without sheet)."""
    return CellProblem(found.path, found.line, found.column, found.message, found.code, sheet=sheet, cell=cell)


@dataclass
class SheetRow:
    """One data row of a sheet: its row number and its values as CSV text."""

    number: int
    values: dict[str, str]
    key: str


@dataclass
class Sheet:
    """One table's sheet as read: where each CSV column is, and its rows."""

    name: str
    letters: dict[str, str]
    rows: list[SheetRow]

    def cell(self, column: str, row: int) -> str:
        return f"{self.letters.get(column, 'A')}{row}" if column != "*" else f"{row}:{row}"


@dataclass
class Merged:
    """A table after the merge: header, rows, where each row came from, what changed."""

    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    origins: list[SheetRow | int] = field(default_factory=list)  # a sheet row, or the CSV line
    keys: list[str] = field(default_factory=list)
    changed: int = 0
    added: int = 0
    removed: int = 0

    def add(self, cells: list[str], origin: SheetRow | int, key: str, position: int | None = None) -> None:
        cells = cells + [""] * (len(self.header) - len(cells))
        position = len(self.rows) if position is None else position
        self.rows.insert(position, cells)
        self.origins.insert(position, origin)
        self.keys.insert(position, key)


@dataclass
class Result:
    """What an import did: its problems (then nothing was written) or the files it wrote."""

    problems: list[Problem]
    written: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


def run_import(path: Path, data_dir: Path, stream) -> int:
    """The `import` command: 0 when the CSV files are up to date, 1 (nothing written) on any problem."""
    result = import_workbook(path, data_dir, load_package(data_dir), load_config())
    if result.problems:
        report(result.problems, stream, table=lambda problems: summary_table(str(path), problems))
        print(say("import.errors", count=len(result.problems), folder=data_dir), file=sys.stderr)
        return 1
    for line in result.summary or [say("import.unchanged")]:
        print(line, file=stream)
    return 0


def import_workbook(path: Path, data_dir: Path, package: Package, config: dict[str, Any]) -> Result:
    """Read the workbook, merge it with data_dir, check, and only then write the CSV files."""
    display = str(path)
    book, problems = _open(path, display)
    if book is None:
        return Result(problems)
    base, problems = _read_source(book, display)
    if problems:
        return Result(problems)
    scope, found = recorded_scope(book, package, data_dir, display)  # a commune's workbook: its rows only
    if found:
        return Result([_in_sheet(*where) for where in found])
    choices = _read_lookups(book)
    sheets: dict[str, Sheet] = {}
    for name, sheet_name in SHEETS.items():
        sheet, found = _read_sheet(book, sheet_name, package.resources[name], choices, display)
        problems += found
        if sheet is not None:
            sheets[name] = sheet
    if problems:
        return Result(problems)
    problems = _emptied(package, sheets, base, display)
    if problems:
        return Result(problems)
    made = _make_ids(package, sheets, data_dir)
    _photo_names(package, sheets, data_dir / "images")
    _name_references(package, sheets)

    currents = {name: read_raw(data_dir / package.resources[name].path) for name in sheets}
    if scope is not None:  # rows moved into another commune, reported with the merge's conflicts
        problems = [_in_sheet(*where) for where in scope.check(sheets, currents, base, display)]
    inside = scope.inside(currents, base) if scope is not None else {}
    merged: dict[str, Merged] = {}
    for name, sheet in sheets.items():
        resource, current = package.resources[name], currents[name]
        mine = part(current, inside[name]) if scope is not None else current
        merged[name], found = _merge(resource, sheet, mine, base.get(name, {}), display, data_dir)
        if scope is not None:  # the other communes' rows go back where they were, untouched
            scope.rejoin(merged[name], current, inside[name], resource)
        problems += found
    if problems:
        return Result(problems)

    problems = _check(package, config, data_dir, merged, sheets, display)
    if problems:
        return Result(problems)
    result = _write(package, data_dir, merged)
    result.summary += made if result.written else []
    return result


# --- reading the workbook ------------------------------------------------------------------


def _open(path: Path, display: str) -> tuple[Workbook | None, list[Problem]]:
    try:
        return load_workbook(path), []
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError):
        return None, [_in_sheet(problem(display, 0, "*", "workbook"))]


def _read_source(book: Workbook, display: str) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """The fingerprint of every row as the workbook was made, by table and key."""
    if SOURCE_SHEET not in book.sheetnames or book[SOURCE_SHEET]["B1"].value != FORMAT_VERSION:
        found = problem(display, 0, "*", "workbook.not-ours", sheet=SOURCE_SHEET, fix=say("workbook.fix"))
        return {}, [_in_sheet(found)]
    base: dict[str, dict[str, str]] = {}
    for table, key, mark in book[SOURCE_SHEET].iter_rows(min_row=3, max_col=3, values_only=True):
        if table and key:
            base.setdefault(str(table), {})[str(key)] = str(mark)
    return base, []


def _read_lookups(book: Workbook) -> dict[str, dict[str, str]]:
    """Each dropdown list, label -> CSV value, as the workbook offered it."""
    lists: dict[str, dict[str, str]] = {}
    if LOOKUP_SHEET not in book.sheetnames:
        return lists
    columns = list(book[LOOKUP_SHEET].iter_cols(values_only=True))
    for labels, values in zip(columns[::2], columns[1::2], strict=False):
        if not labels or not labels[0]:
            continue
        pairs = lists.setdefault(str(labels[0]), {})
        for label, value in zip(labels[1:], values[1:], strict=False):
            if label is not None and value is not None:
                text = number_text(float(value)) if isinstance(value, int | float) else str(value)
                pairs[nfc(str(label)).strip()] = text
    return lists


def _from_list(text: str, labels: dict[str, str]) -> str:
    """The CSV value of a dropdown label (case ignored); anything else as typed."""
    if text in labels:
        return labels[text]
    folded = {label.casefold(): value for label, value in labels.items()}
    return folded.get(text.casefold(), text)


def _read_sheet(
    book: Workbook, sheet_name: str, resource: Resource, choices: dict[str, dict[str, str]], display: str
) -> tuple[Sheet | None, list[Problem]]:
    if sheet_name not in book.sheetnames:
        renamed = _renamed(book, sheet_name, resource)
        if renamed:
            found = problem(display, 0, "*", "workbook.renamed-sheet", found=renamed, sheet=sheet_name)
            return None, [_in_sheet(found, renamed, "A1")]
        return None, [_in_sheet(problem(display, 0, "*", "workbook.no-sheet", sheet=sheet_name))]
    sheet: Worksheet = book[sheet_name]
    problems: list[Problem] = []

    def add(found: Problem, cell: str) -> None:
        problems.append(_in_sheet(found, sheet_name, cell))

    fields = {f.name: f for f in resource.fields}
    order = list(fields)
    columns: dict[int, str] = {}
    strangers: dict[int, str] = {}  # row 2 cells that name no column, by column index
    for index, cell in enumerate(sheet[2], start=1):
        name = nfc(str(cell.value or "")).strip()
        if name in fields and name not in columns.values():
            columns[index] = name
        elif name:
            strangers[index] = name
    for name in (n for n in order if n not in columns.values()):
        # The column the workbook was made with at this place: row 2 there was edited or emptied.
        index = order.index(name) + 1
        if index in strangers or (index not in columns and _empty(sheet, index)):
            found, title = strangers.pop(index, ""), field_label(fields[name])
            edited = problem(display, 2, name, "edited-header.sheet", name=name, title=title, found=found)
            add(edited, f"{get_column_letter(index)}2")
        else:
            missing = problem(display, 2, name, "missing-column.sheet", name=name, title=field_label(fields[name]))
            add(missing, f"{get_column_letter(index)}2")
    for index, name in strangers.items():
        add(problem(display, 2, "*", "unknown-column.sheet", name=name), f"{get_column_letter(index)}2")
    if problems:
        return None, problems
    letters = {name: get_column_letter(index) for index, name in columns.items()}

    lists = {name: list_name(resource, fields[name]) for name in columns.values()}
    rows: list[SheetRow] = []
    first_row: dict[str, int] = {}
    for number, cells in enumerate(sheet.iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW):
        values: dict[str, str] = {}
        for index, name in columns.items():
            raw = cells[index - 1] if index - 1 < len(cells) else None
            text = cell_text(fields[name], raw)
            if text in EXCEL_ERRORS:
                add(problem(display, number, name, "formula.sheet", error=text), f"{letters[name]}{number}")
            if text and lists[name] is not None:
                text = _from_list(text, choices.get(lists[name] or "", {}))
            if text:
                values[name] = text
        if not values:
            continue  # empty rows, and rows Excel keeps after a deletion
        key = row_key(resource, values)
        if key and key in first_row:
            column = resource.primary_key[-1] if len(resource.primary_key) == 1 else "*"
            cell = f"{letters[column]}{number}" if column != "*" else f"{number}:{number}"
            add(problem(display, number, column, "duplicate.sheet", line=first_row[key]), cell)
        first_row.setdefault(key, number)
        rows.append(SheetRow(number, values, key or f"#dòng-{number}"))
    return Sheet(sheet_name, letters, rows), problems


def _emptied(
    package: Package, sheets: dict[str, Sheet], base: dict[str, dict[str, str]], display: str
) -> list[Problem]:
    """A sheet the workbook was made with rows for and that has none now (every row deleted by a
    bad save or a wrong selection): said first, at its first data row, and nothing else."""
    words = Words(package, sheets)
    return [
        CellProblem(
            display,
            FIRST_ROW,
            "*",
            words.reword("empty-table", (("path", package.resources[name].path),), name),
            "empty-table",
            sheet=sheet.name,
            cell=f"A{FIRST_ROW}",
        )
        for name, sheet in sheets.items()
        if not sheet.rows and base.get(name)
    ]


def _empty(sheet: Worksheet, index: int) -> bool:
    """True when a column's row 2 cell is empty (a header cell staff cleared)."""
    return not nfc(str(sheet.cell(2, index).value or "")).strip()


def _renamed(book: Workbook, sheet_name: str, resource: Resource) -> str | None:
    """The sheet that is most likely `sheet_name` renamed: same name without marks or case, or
    a sheet of another name whose row 2 holds this table's column names."""
    ours = {*SHEETS.values(), INSTRUCTIONS_SHEET, LOOKUP_SHEET, SOURCE_SHEET}
    others = [name for name in book.sheetnames if name not in ours]
    for name in others:
        if " ".join(fold(name).split()) == " ".join(fold(sheet_name).split()):
            return name
    names = {f.name for f in resource.fields}
    for name in others:
        header = {nfc(str(cell.value or "")).strip() for cell in book[name][2]}
        if len(header & names) * 2 > len(names):
            return name
    return None


def _make_ids(package: Package, sheets: dict[str, Sheet], data_dir: Path) -> list[str]:
    """A new row with an empty id gets one made from its name (ids.made_id): never an id in use
    in the sheet or the data, nor one retired in a former_ids cell. Returns what was made."""
    made = []
    for name, sheet in sheets.items():
        resource = package.resources[name]
        column = NAMES.get(name, "name")
        if tuple(resource.primary_key) != ("id",) or "id" not in sheet.letters or column not in sheet.letters:
            continue
        current = read_raw(data_dir / resource.path)
        rows = [normalised(current.header, cells) for cells in current.rows]
        taken = {row.get("id", "") for row in rows} | {row.values.get("id", "") for row in sheet.rows}
        taken |= retired([row.get("former_ids", "") for row in rows])
        taken |= retired([row.values.get("former_ids", "") for row in sheet.rows])
        for row in sheet.rows:
            if row.values.get("id") or not row.values.get(column):
                continue
            new = made_id(row.values[column], taken, fallback=name)
            taken.add(new)
            row.values["id"] = new
            row.key = row_key(resource, row.values) or row.key
            made.append(say("import.id-made", sheet=sheet.name, id=new, row=row.number, name=row.values[column]))
    return made


def _photo_names(package: Package, sheets: dict[str, Sheet], images: Path) -> None:
    """A photo named with another case than its file (IMG_1234.heic for IMG_1234.HEIC, as a
    phone names it) is the file's name: staff cannot see the difference."""
    files = {p.name.casefold(): p.name for p in images.iterdir() if p.is_file()} if images.is_dir() else {}
    for name, sheet in sheets.items():
        columns = [f.name for f in package.resources[name].fields if f.rule == "photo"]
        for row in sheet.rows:
            for column in columns:
                value = row.values.get(column, "")
                if value and not (images / value).is_file() and value.casefold() in files:
                    row.values[column] = files[value.casefold()]


def _name_references(package: Package, sheets: dict[str, Sheet]) -> None:
    """A reference typed as the name of a row (a THT added in this workbook is in no dropdown yet)
    becomes that row's id, when exactly one row has that name and no row has it as its id."""
    for name, sheet in sheets.items():
        resource = package.resources[name]
        for fk in resource.foreign_keys:
            target = sheets.get(fk.resource)
            if len(fk.fields) != 1 or target is None or fk.resource not in NAMES:
                continue
            column, key = fk.fields[0], fk.reference[0]
            ids = {row.values.get(key) for row in target.rows}
            named: dict[str, set[str]] = {}
            for row in target.rows:
                named.setdefault(row.values.get(NAMES[fk.resource], "").casefold(), set()).add(row.values.get(key, ""))
            for row in sheet.rows:
                value = row.values.get(column, "")
                found = named.get(value.casefold(), set()) if value and value not in ids else set()
                if len(found) == 1 and "" not in found:
                    row.values[column] = next(iter(found))  # the set is shared by every row of that name
                    row.key = row_key(resource, row.values) or row.key


# --- merging with the CSV files as they are now ---------------------------------------------


def _merge(
    resource: Resource, sheet: Sheet, current: RawTable, base: dict[str, str], display: str, data_dir: Path
) -> tuple[Merged, list[Problem]]:
    """Apply the sheet's edits to the current rows; a row edited on both sides is a conflict."""
    header = list(current.header) or [f.name for f in resource.fields if f.required]
    used = {name for row in sheet.rows for name in row.values}
    header += [f.name for f in resource.fields if f.name in used and f.name not in header]
    merged = Merged(header)
    problems: list[Problem] = []
    in_sheet = {row.key: row for row in sheet.rows}
    current_keys = set()

    def conflict(row: SheetRow | None, column: str, line: int, what: str) -> None:
        fix = say("workbook.fix")
        if row is None:  # a row no longer in the sheet: said at the sheet, with its id
            found = problem(display, 0, column, "conflict", what=what, fix=fix)
            problems.append(_in_sheet(found, sheet.name, f"A{FIRST_ROW}"))
        else:
            found = problem(display, row.number, column, "conflict", what=what, fix=fix)
            problems.append(_in_sheet(found, sheet.name, sheet.cell(column, row.number)))

    def label(column: str) -> str:
        return next((field_label(f) for f in resource.fields if f.name == column), column)

    for index, cells in enumerate(current.rows):
        values = normalised(current.header, cells)
        key = row_key(resource, values) or f"#csv-{index}"
        current_keys.add(key)
        line, was = current.lines[index], base.get(key)
        row = in_sheet.get(key)
        if row is None:
            if was is None:  # added in the repository after the workbook was made
                merged.add(cells, line, key)
            elif fingerprint(values) != was:
                shown = ", ".join(values.get(name, "") for name in resource.primary_key)
                conflict(None, "*", line, say("conflict.deleted-in-sheet", key=shown))
            else:
                merged.removed += 1
            continue
        staff_changed = fingerprint(row.values) != was
        repo_changed = was is not None and fingerprint(values) != was
        if row.values == values or not staff_changed:
            merged.add(cells, line, key)
        elif repo_changed or was is None:
            for column in sorted(set(row.values) | set(values), key=_order(resource)):
                ours, theirs = row.values.get(column, ""), values.get(column, "")
                if ours != theirs:
                    if was is None:
                        what = say("conflict.added-on-both", column=label(column), ours=ours, theirs=theirs)
                    else:
                        what = say("conflict.changed-on-both", column=label(column), ours=ours, theirs=theirs)
                    conflict(row, column, line, what)
        else:
            merged.add(_edited(header, dict(zip(current.header, cells, strict=False)), row.values), row, key)
            merged.changed += 1

    previous: str | None = None
    for row in sheet.rows:
        if row.key in current_keys:
            previous = row.key
            continue
        if row.key in base:
            if fingerprint(row.values) != base[row.key]:
                conflict(row, "*", 1, say("conflict.deleted-in-repository"))
            continue
        position = _position_after(merged, previous)
        merged.add([row.values.get(name, "") for name in header], row, row.key, position)
        merged.added += 1
        previous = row.key
    return merged, problems


def _edited(header: list[str], raw: dict[str, str], values: dict[str, str]) -> list[str]:
    """An edited row: the staff's values, but a cell they did not change keeps its exact bytes."""
    return [
        raw.get(name, "") if nfc(raw.get(name, "")).strip() == values.get(name, "") else values.get(name, "")
        for name in header
    ]


def _order(resource: Resource):
    names = [f.name for f in resource.fields]
    return lambda column: names.index(column) if column in names else len(names)


def _position_after(merged: Merged, key: str | None) -> int:
    """Just after the row with this key (a new row stays below the row it follows in the sheet)."""
    if key is None:
        return 0
    if key in merged.keys:
        return len(merged.keys) - merged.keys[::-1].index(key)
    return len(merged.rows)


# --- checking the would-be CSV files -------------------------------------------------------


def _check(
    package: Package,
    config: dict[str, Any],
    data_dir: Path,
    merged: dict[str, Merged],
    sheets: dict[str, Sheet],
    display: str,
) -> list[Problem]:
    """Run the project's checks on the CSV files the import would write, each problem moved to
    its sheet and cell and worded in the workbook's terms."""
    with tempfile.TemporaryDirectory(prefix="nhap-") as tmp:
        folder = Path(tmp)
        words = Words(package, sheets)
        for name, table in merged.items():
            path = package.resources[name].path
            (folder / path).write_text(canonical_csv(table.header, table.rows), encoding="utf-8", newline="")
            words.rows[path] = _line_rows(table, sheets.get(name))
        tables, found = load_tables(package, folder, display_dir=tmp)
        found += validate(package, tables, config, data_dir / "images")
        located = []
        for problem in sort_problems(found):
            path = Path(problem.path).name
            name = next(n for n, r in package.resources.items() if r.path == path)
            located.append(_locate(problem, words, name, display, str(data_dir / path)))
        return located


@dataclass
class Words:
    """What the workbook calls the data's files, columns and lines: sheets, labels, sheet rows."""

    package: Package
    sheets: dict[str, Sheet]
    rows: dict[str, dict[int, int]] = field(default_factory=dict)  # CSV file -> line -> sheet row

    def table(self, path: str) -> str | None:
        return next((n for n, r in self.package.resources.items() if r.path == Path(path).name), None)

    def label(self, table: str, column: str) -> str:
        fields = {f.name: f for f in self.package.resources[table].fields}
        return field_label(fields[column]) if column in fields else column

    def reword(self, code: str, fields: tuple[tuple[str, object], ...], table: str) -> str:
        """The message of code as the workbook says it (messages.WORKBOOK), its fields in workbook terms."""
        values = dict(fields)
        other = self.table(str(values.get("file", ""))) or table  # {line} of a reference is the other sheet's
        said = {key: self._word(key, value, table, other) for key, value in values.items()}
        return (WORKBOOK.get(code) or MESSAGES[code]).format(**said)

    def _word(self, key: str, value: object, table: str, other: str) -> object:
        if isinstance(value, Found):
            return self.reword(value.code, value.fields, table)
        text = str(value)
        if key in ("file", "path") and self.table(text):
            return f"“{SHEETS[self.table(text) or table]}”"
        if key == "column" and value != "*":
            return f"“{self.label(table, text)}”"
        if key == "columns":
            return ", ".join(f"“{self.label(other, part.strip())}”" for part in text.split(","))
        if key == "line" and isinstance(value, int):
            return self.rows.get(self.package.resources[other].path, {}).get(value, value)
        if key in ("value", "first", "last", "date") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            year, month, day = text.split("-")
            return f"{day}/{month}/{year}"  # the workbook shows and takes dates day first
        return value


def _line_rows(table: Merged, sheet: Sheet | None) -> dict[int, int]:
    """Each physical line of the written CSV file -> the sheet row of that row (a row kept from
    the CSV file is found in the sheet by its key)."""
    by_key = {row.key: row.number for row in sheet.rows} if sheet else {}
    rows: dict[int, int] = {}
    line = 2
    for cells, origin, key in zip(table.rows, table.origins, table.keys, strict=True):
        number = origin.number if isinstance(origin, SheetRow) else by_key.get(key)
        span = 1 + sum(cell.count("\n") for cell in cells)
        for offset in range(span):
            if number is not None:
                rows[line + offset] = number
        line += span
    return rows


def _locate(problem: Problem, words: Words, table: str, display: str, csv_path: str) -> Problem:
    """A problem of the would-be CSV file at its sheet's cell, in the workbook's words; a row
    that is in the data but not in the sheet (added on the repository since) keeps its CSV line."""
    sheet = words.sheets.get(table)
    number = words.rows.get(Path(problem.path).name, {}).get(problem.line)
    message = words.reword(problem.code, problem.fields, table)
    if problem.column != "*" and sheet is not None:
        message = say("import.in-column", message=message, column=words.label(table, problem.column))
    if sheet is not None and number is not None:
        cell = sheet.cell(problem.column, number)
        return CellProblem(display, number, problem.column, message, problem.code, sheet=sheet.name, cell=cell)
    if sheet is not None and problem.line <= 1:  # the whole table: its first data row
        cell = sheet.cell(problem.column, FIRST_ROW) if problem.column != "*" else f"A{FIRST_ROW}"
        return CellProblem(display, FIRST_ROW, problem.column, message, problem.code, sheet=sheet.name, cell=cell)
    return Problem(csv_path, problem.line, problem.column, problem.message, problem.code, problem.where)


# --- writing -------------------------------------------------------------------------------


def _write(package: Package, data_dir: Path, merged: dict[str, Merged]) -> Result:
    """Replace the CSV files that changed, each in one step; the others keep their bytes."""
    result = Result([])
    for name, table in merged.items():
        path = data_dir / package.resources[name].path
        current = read_raw(path)
        if path.exists() and current.header == table.header and current.rows == table.rows:
            continue
        temporary = path.with_name(f".{path.name}.nhap")
        temporary.write_text(canonical_csv(table.header, table.rows, current), encoding="utf-8", newline="")
        os.replace(temporary, path)
        result.written.append(str(path))
        result.summary.append(
            say("import.written", path=path, changed=table.changed, added=table.added, removed=table.removed)
        )
    return result


# --- showing problems ----------------------------------------------------------------------


def summary_table(workbook: str, problems: list[Problem]) -> str:
    """A Markdown table of the import's problems, by sheet and cell, for the job summary."""
    lines = [
        f"## Nhập bảng tính {table_cell(workbook)}: cần sửa {len(problems)} lỗi",
        "",
        "Dữ liệu chưa được thay đổi. Mở bảng tính, tìm đúng trang tính và ô, sửa theo hướng dẫn rồi tải lên lại.",
        "",
        "| Trang tính | Ô | Lỗi và cách sửa |",
        "| --- | --- | --- |",
    ]
    for p in problems:
        if isinstance(p, CellProblem):
            sheet, cell = p.sheet or "(cả tệp)", p.cell or "*"
        else:
            sheet, cell = p.path, f"dòng {p.line}, cột {p.column}"
        lines.append(f"| {table_cell(sheet)} | {table_cell(cell)} | {table_cell(p.message)} |")
    return "\n".join(lines) + "\n"
