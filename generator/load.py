"""Read the CSV files exactly as staff saved them, keeping physical line numbers for messages."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from .messages import say
from .problems import Problem, problem
from .schema import Package, Resource
from .text import nfc

BOM = b"\xef\xbb\xbf"
CELL_LIMIT = 131_072  # characters in one cell: Python's default
# Characters Excel and the web leave in cells that no one sees: spaces that do not break, and
# zero-width marks (a name with one inside looks right and never matches). Tabs become spaces.
INVISIBLE = {0xA0: " ", 0x202F: " ", 0x2007: " ", 0x09: " "} | dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad")
)


@dataclass
class Row:
    """One data row: its values by column and the physical line each value starts on."""

    line: int
    values: dict[str, str]
    lines: dict[str, int] = field(default_factory=dict)
    excel: int = 0  # the row number a spreadsheet shows (header = 1); differs from line after multi-line cells

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    def line_of(self, column: str) -> int:
        return self.lines.get(column, self.line)


@dataclass
class Table:
    """One CSV file as read: where it is, its header and its rows."""

    resource: Resource
    path: str
    header: list[str]
    rows: list[Row]
    # False when the file is not UTF-8: its text is damaged, so only its structure is checked.
    readable: bool = True

    def has(self, column: str) -> bool:
        return column in self.header


def _decode(raw: bytes) -> tuple[str, int]:
    """Text of the file and how many of its lines are not UTF-8 (0 for a good file)."""
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    try:
        return raw.decode("utf-8"), 0
    except UnicodeDecodeError:
        bad_lines = sum(1 for chunk in raw.split(b"\n") if not _is_utf8(chunk))
        return raw.decode("utf-8", errors="replace"), bad_lines


def _encoding_problem(display: str, header: list[str], rows: list[Row], bad_lines: int) -> Problem:
    """Locate the first cell spoilt by a wrong encoding (header first, then rows)."""
    line, column = 1, "*"
    bad_header = [name for name in header if "\ufffd" in name]
    if bad_header:
        column = bad_header[0]
    else:
        for row in rows:
            bad = [name for name, value in row.values.items() if "\ufffd" in value]
            if bad:
                line, column = row.line_of(bad[0]), bad[0]
                break
    return problem(display, line, column, "encoding", lines=bad_lines, save_as=say("encoding.save-as"))


def _is_utf8(chunk: bytes) -> bool:
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _physical_lines(cells: list[str], start: int) -> list[int]:
    """The line each cell starts on, counting newlines inside earlier quoted cells."""
    lines, line = [], start
    for cell in cells:
        lines.append(line)
        line += cell.count("\n") + cell.replace("\r\n", "\n").count("\r")
    return lines


def read_table(resource: Resource, path: Path, display: str) -> tuple[Table | None, list[Problem]]:
    """Read one CSV file as text; report encoding, header and row-shape problems."""
    # A quote left open swallows the rest of the file into one cell: Python's csv module stops at
    # a cell longer than its limit, which other libraries raise for the whole process. Use ours.
    previous = csv.field_size_limit(CELL_LIMIT)
    try:
        return _read_table(resource, path, display)
    finally:
        csv.field_size_limit(previous)


def _read_table(resource: Resource, path: Path, display: str) -> tuple[Table | None, list[Problem]]:
    """read_table within the cell limit."""
    if not path.exists():
        return None, [problem(display, 1, "*", "missing-file", path=resource.path)]
    text, bad_lines = _decode(path.read_bytes())
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header_cells = next(reader)
    except StopIteration:
        return None, problems + [problem(display, 1, "*", "empty-file")]
    except csv.Error as error:
        return None, problems + [_csv_error(display, reader.line_num, error)]
    header = [nfc(name).strip() for name in header_cells]
    if len(header) == 1 and ";" in header[0]:
        # Excel with Vietnamese regional settings separates columns with ";".
        return None, problems + [problem(display, 1, "*", "delimiter", save_as=say("encoding.save-as"))]
    problems += _check_header(resource, header, display)

    rows: list[Row] = []
    previous_end = reader.line_num
    excel = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(_csv_error(display, previous_end + 1, error))
            break
        start, previous_end = previous_end + 1, reader.line_num
        excel += 1
        if not any(cell.strip() for cell in cells):
            continue  # blank lines and Excel's ",,,," rows
        starts = _physical_lines(cells, start)
        extra = [c for c in cells[len(header) :] if c.strip()]
        if extra:
            problems.append(problem(display, start, "*", "row-shape", cells=len(cells), columns=len(header)))
        values, lines = {}, {}
        for index, name in enumerate(header):
            if not name or name in values:
                continue
            values[name] = clean(cells[index]) if index < len(cells) else ""
            lines[name] = starts[index] if index < len(cells) else start
        rows.append(Row(start, values, lines, excel))
    if bad_lines:
        problems.insert(0, _encoding_problem(display, header, rows, bad_lines))
    return Table(resource, display, header, rows, readable=not bad_lines), problems


def clean(cell: str) -> str:
    """A cell as staff meant it: NFC, invisible characters dropped or made plain spaces, trimmed."""
    return nfc(cell).translate(INVISIBLE).strip()


def _csv_error(display: str, line: int, error: csv.Error) -> Problem:
    return problem(display, line, "*", "csv")


def _check_header(resource: Resource, header: list[str], display: str) -> list[Problem]:
    problems = []
    for name in resource.required:
        if name not in header:
            problems.append(problem(display, 1, name, "missing-column", name=name))
    known = {f.name for f in resource.fields}
    seen: set[str] = set()
    for name in header:
        if not name:
            continue
        if name in seen:
            problems.append(problem(display, 1, name, "duplicate-column", name=name))
        elif name not in known:
            names = ", ".join(f.name for f in resource.fields)
            problems.append(problem(display, 1, name, "unknown-column", name=name, names=names))
        seen.add(name)
    return problems


def load_tables(package: Package, data_dir: Path, display_dir: str) -> tuple[dict[str, Table], list[Problem]]:
    """Read every table of the package from data_dir; a table emptied by a bad save is said first."""
    tables, problems = {}, []
    for name, resource in package.resources.items():
        display = str(Path(display_dir) / resource.path) if display_dir else resource.path
        table, found = read_table(resource, data_dir / resource.path, display)
        problems += found
        if table is not None:
            tables[name] = table
    return tables, _emptied(tables, data_dir) + problems


def _emptied(tables: dict[str, Table], data_dir: Path) -> list[Problem]:
    """Tables with a header and no row that should have rows: those a portal cannot do without,
    and those with a photo column while photos in images/ are named by no row (their rows were lost)."""
    images = data_dir / "images"
    named = referenced_photos(tables)
    stray = images.is_dir() and any(p.is_file() and p.name not in named for p in images.iterdir())
    return [
        problem(table.path, 1, "*", "empty-table", path=table.resource.path)
        for name, table in tables.items()
        if not table.rows and (name in NEVER_EMPTY or (table.has("photo") and stray))
    ]


WORKBOOKS = (".xlsx", ".xls", ".xlsm", ".ods", ".numbers")
NEVER_EMPTY = ("communes", "cooperatives")  # a portal without them has nothing to show


def referenced_photos(tables: dict[str, Table]) -> set[str]:
    """The file names in data/images/ that rows name in their photo column."""
    return {row.get("photo") for table in tables.values() for row in table.rows if row.get("photo")}


def unused_files(package: Package, tables: dict[str, Table], data_dir: Path, display_dir: str) -> list[Problem]:
    """Every file under data_dir the build would not use, with the fix it most likely needs: a
    copy of a table saved under another name, a workbook, a photo no row names."""
    known = {resource.path for resource in package.resources.values()} | {"datapackage.json"}
    photos = referenced_photos(tables)
    # A missing table's photos, or the photo a typo in a row misses, would look unused: say it later.
    every_table_read = len(tables) == len(package.resources)
    every_table_read &= all((data_dir / "images" / name).is_file() for name in photos)
    every_table_read &= all(table.rows or not table.has("photo") for table in tables.values())  # no emptied table
    problems = []
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir).as_posix()
        if path.is_dir() or any(part.startswith(".") for part in relative.split("/")) or relative in known:
            continue
        folder, name = relative.rsplit("/", 1) if "/" in relative else ("", relative)
        if folder == "images" and (name in photos or not every_table_read):
            continue
        display = f"{display_dir}/{relative}" if display_dir else relative
        problems.append(_unused(package, display, folder, name))
    return problems


def _unused(package: Package, display: str, folder: str, name: str) -> Problem:
    """A file the build would not use, with the fix it most likely needs."""
    stem, suffix = (name.rsplit(".", 1) + [""])[:2]
    suffix = f".{suffix.lower()}"
    if folder == "images":
        return problem(display, 0, "*", "unused-file.photo", name=name)
    if suffix in WORKBOOKS:
        return problem(display, 0, "*", "unused-file.workbook", name=name)
    for resource in package.resources.values():
        table = resource.path.rsplit(".", 1)[0]
        if table != stem and stem.startswith(table):
            return problem(display, 0, "*", "unused-file.copy", name=name, path=resource.path)
    names = ", ".join(resource.path for resource in package.resources.values())
    return problem(display, 0, "*", "unused-file", name=name, names=names)
