"""The commune workbook: which rows of each table belong to one current commune.

`workbook --commune CODE` writes the workbook of one commune's Women's Union and `import` of that
workbook changes only that commune's rows. A row belongs to current commune C when:

- communes: it is C's row, or a former unit merged into C (successor = C);
- cooperatives: its commune is C or a former unit of C (the unit's successor in communes.csv);
- products, cooperative_years, models: its cooperative_id is a cooperative of C (they follow their
  group); a model without a cooperative belongs to no commune and stays with the whole workbook;
- indicators: its commune is C or a former unit of C; a row with an empty commune is a
  portal-wide figure and stays with the whole workbook (the publisher's);
- consents have no commune: the rows a row of C refers to (cooperatives.manager_consent,
  models.consent) are in C's workbook, and on import so are the rows that workbook was made with;
  a consent added in it is C's to add. Two communes referring to one consent both see it; the
  fingerprints keep either from overwriting the other's edit.

Dropdowns are made from every row (all communes, cooperatives and consents), so a reference to a
row of another commune can still be chosen. On import the rows outside the scope keep their bytes
and their places; a row of the workbook that would land in another commune (or in none) is
refused at its cell, naming the Union that can move it. Rows a workbook adds go right after the
row above them in the sheet, so commune workbooks imported one after another give the same files
in any order (except two communes adding the first rows of a table neither had: both go last).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from openpyxl.styles import Alignment, Font
from openpyxl.workbook.workbook import Workbook

from .messages import say
from .problems import Problem, problem
from .schema import Package, Resource, load_package
from .workbook import INSTRUCTIONS_SHEET, SOURCE_SHEET, RawTable, fingerprint, normalised, read_raw, row_key

SCOPE_LABEL_CELL, SCOPE_CELL = "D1", "E1"  # on the hidden source sheet, beside the format version
SCOPE_LABEL = "xã"
FOLLOWS_GROUP = ("products", "cooperative_years", "models")
# The column that says which commune a row belongs to, by table: the cell a refusal points at.
OWNER_COLUMN = {
    "communes": "successor",
    "cooperatives": "commune",
    "indicators": "commune",
    "products": "cooperative_id",
    "cooperative_years": "cooperative_id",
    "models": "cooperative_id",
}
CONSENT_REFERENCES = (("cooperatives", "manager_consent"), ("models", "consent"))


class ScopeError(Exception):
    """A --commune code that is not a current commune; carries the located problem."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].message)
        self.problems = problems


@dataclass
class Places:
    """Where rows are: each commune's row and each cooperative's commune code."""

    communes: dict[str, dict[str, str]] = field(default_factory=dict)
    cooperatives: dict[str, str] = field(default_factory=dict)

    def current(self, code: str) -> str | None:
        """The current commune of a commune or former unit's code; None when the code is unknown."""
        row = self.communes.get(code)
        if row is None:
            return None
        return row.get("successor") or code

    def owner(self, table: str, values: dict[str, str]) -> str | None:
        """The current commune a row belongs to: '' for none (portal-wide), None when unknown."""
        if table == "communes":
            successor = values.get("successor", "")
            return self.current(successor) if successor else values.get("code")
        if table in ("cooperatives", "indicators"):
            code = values.get("commune", "")
            return self.current(code) if code else ("" if table == "indicators" else None)
        if table in FOLLOWS_GROUP:
            group = values.get("cooperative_id", "")
            if not group:
                return "" if table == "models" else None
            code = self.cooperatives.get(group)
            return self.current(code) if code else None
        return None

    def label(self, code: str) -> str:
        row = self.communes.get(code, {})
        return f"{row.get('kind', '')} {row.get('name', code)}".strip()

    def union(self, code: str) -> str:
        """The commune's Women's Union, as communes.csv names it or as it is called (model.Commune)."""
        return self.communes.get(code, {}).get("union_name") or f"Hội LHPN {self.label(code)}"

    def add(self, table: str, values: dict[str, str]) -> None:
        if table == "communes" and values.get("code"):
            self.communes[values["code"]] = values
        elif table == "cooperatives" and values.get("id"):
            self.cooperatives[values["id"]] = values.get("commune", "")


def places_of(tables: dict[str, RawTable]) -> Places:
    """The places of the communes and cooperatives in these tables."""
    places = Places()
    for name in ("communes", "cooperatives"):
        table = tables.get(name) or RawTable([], [], [])
        for cells in table.rows:
            places.add(name, normalised(table.header, cells))
    return places


def partition(tables: dict[str, RawTable]) -> dict[str, dict[str, list[int]]]:
    """The indexes of each current commune's rows in each table, in one pass over the rows."""
    places = places_of(tables)
    found: dict[str, dict[str, list[int]]] = {}
    users: dict[str, set[str]] = {}  # a consent's id -> the communes whose rows refer to it
    for name, table in tables.items():
        if name == "consents":
            continue
        for index, cells in enumerate(table.rows):
            values = normalised(table.header, cells)
            owner = places.owner(name, values)
            if not owner:
                continue
            found.setdefault(owner, {}).setdefault(name, []).append(index)
            for referring, column in CONSENT_REFERENCES:
                if referring == name and values.get(column):
                    users.setdefault(values[column], set()).add(owner)
    consents = tables.get("consents") or RawTable([], [], [])
    for index, cells in enumerate(consents.rows):
        for owner in sorted(users.get(normalised(consents.header, cells).get("id", ""), ())):
            found.setdefault(owner, {}).setdefault("consents", []).append(index)
    return found


class SheetRow(Protocol):
    number: int
    values: dict[str, str]
    key: str


class Sheet(Protocol):
    name: str
    rows: list[Any]

    def cell(self, column: str, row: int) -> str: ...


class MergedTable(Protocol):
    header: list[str]
    rows: list[list[str]]
    origins: list[Any]
    keys: list[str]


@dataclass
class Scope:
    """One current commune's part of the data: its code, label and Union, and the package."""

    code: str
    label: str
    union: str
    package: Package
    shared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # scopes of one data

    # --- the workbook as written --------------------------------------------------------------

    def rows(self, tables: dict[str, RawTable]) -> dict[str, RawTable]:
        """The tables with only the commune's rows (the sheets of its workbook)."""
        if self.shared.get("tables") is not tables:  # every commune's rows at once, for --every-commune
            self.shared.update(tables=tables, rows=partition(tables))
        inside = self.shared["rows"].get(self.code, {})
        return {name: part(table, inside.get(name, [])) for name, table in tables.items()}

    def mark(self, book: Workbook) -> None:
        """Record the commune on the hidden source sheet and say so on the instructions sheet."""
        source = book[SOURCE_SHEET]
        source[SCOPE_LABEL_CELL], source[SCOPE_CELL] = SCOPE_LABEL, self.code
        notes = book[INSTRUCTIONS_SHEET]
        notes.insert_rows(2, 2)
        text = say("scope.instructions", commune=self.label, union=self.union)
        notes["A2"] = text
        notes["A2"].alignment = Alignment(wrap_text=True, vertical="top")
        notes["A2"].font = Font(bold=True)
        notes.row_dimensions[2].height = 15 * (len(text) // 85 + 1)  # wrapped lines of a 100-wide column

    # --- which rows are the commune's -------------------------------------------------------------

    def inside(self, tables: dict[str, RawTable], base: dict[str, dict[str, str]]) -> dict[str, list[int]]:
        """The indexes of the commune's rows in each table; consents also keep the keys of base."""
        found = {name: list(indexes) for name, indexes in partition(tables).get(self.code, {}).items()}
        found = {name: found.get(name, []) for name in tables}
        if "consents" in tables and base.get("consents"):
            table, resource = tables["consents"], self.package.resources["consents"]
            kept = {
                index
                for index, cells in enumerate(table.rows)
                if row_key(resource, normalised(table.header, cells)) in base["consents"]
            }
            found["consents"] = sorted(kept | set(found["consents"]))
        return found

    # --- importing the commune's workbook -----------------------------------------------------------

    def check(
        self,
        sheets: dict[str, Sheet],
        current: dict[str, RawTable],
        base: dict[str, dict[str, str]],
        display: str,
    ) -> list[tuple[Problem, str, str]]:
        """Refuse rows staff moved into another commune (or none) and new rows whose key another
        commune's row has; drop unchanged rows the repository has moved out since. Returns each
        problem with its sheet and cell."""
        places = places_of(current)
        for name in ("communes", "cooperatives"):  # staff's own edits decide where their rows are
            for row in sheets[name].rows if name in sheets else []:
                if fingerprint(row.values) != base.get(name, {}).get(row.key):
                    places.add(name, row.values)
        inside = self.inside(current, base)
        found: list[tuple[Problem, str, str]] = []
        for name, sheet in sheets.items():
            resource = self.package.resources[name]
            table = current.get(name) or RawTable([], [], [])
            outside = self._outside_keys(resource, table, set(inside.get(name, [])))
            kept = []
            for row in sheet.rows:
                was = base.get(name, {}).get(row.key)
                changed = fingerprint(row.values) != was
                moved_out = row.key in outside and was is not None
                refusal = self._refusal(name, row, places, display) if changed and not moved_out else None
                if refusal is not None:
                    column = OWNER_COLUMN[name]
                    found.append((refusal, sheet.name, sheet.cell(column, row.number)))
                elif moved_out and changed:
                    moved = _moved_out(display, row.number)
                    found.append((moved, sheet.name, sheet.cell("*", row.number)))
                elif row.key in outside and was is None:
                    column = resource.primary_key[0] if resource.primary_key else "*"
                    taken = problem(display, row.number, column, "scope.key-taken", key=_key_text(row, resource))
                    found.append((taken, sheet.name, sheet.cell(column, row.number)))
                if not moved_out:
                    kept.append(row)
            sheet.rows[:] = kept  # a row the repository moved out is not the merge's (a conflict if changed)
        return found

    def _outside_keys(self, resource: Resource, table: RawTable, inside: set[int]) -> dict[str, int]:
        """The keys of a table's rows outside the commune, with their CSV lines."""
        keys = {}
        for index, cells in enumerate(table.rows):
            key = row_key(resource, normalised(table.header, cells))
            if index not in inside and key:
                keys[key] = table.lines[index]
        return keys

    def _refusal(self, name: str, row: SheetRow, places: Places, display: str) -> Problem | None:
        """The problem of a row staff changed or added that is not the commune's, or None."""
        if name not in OWNER_COLUMN:
            return None
        owner = places.owner(name, row.values)
        column = OWNER_COLUMN[name]
        if owner is None or owner == self.code:
            return None  # an unknown commune or group is reported by the checks
        if owner == "" and name == "models":
            return problem(display, row.number, column, "scope.no-group", commune=self.label)
        if owner == "":
            return problem(display, row.number, column, "scope.portal-wide", commune=self.label)
        return problem(
            display,
            row.number,
            column,
            "scope.moved",
            commune=self.label,
            other=places.label(owner),
            union=places.union(owner),
        )

    def rejoin(self, merged: MergedTable, current: RawTable, inside: list[int], resource: Resource) -> None:
        """Put the rows outside the commune back where they were, around the merged commune rows;
        a row added in the sheet stays right after the commune row above it."""
        inside_keys = {}
        for position, index in enumerate(inside):
            values = normalised(current.header, current.rows[index])
            inside_keys[index] = row_key(resource, values) or f"#csv-{position}"
        known = set(inside_keys.values())
        lead: list[int] = []
        groups: dict[str, list[int]] = {}
        anchor: str | None = None
        for position, key in enumerate(merged.keys):
            if key in known:
                anchor = key
                groups[key] = [position]
            else:
                (groups[anchor] if anchor is not None else lead).append(position)
        order: list[int | tuple[int]] = []  # a merged row's position, or (index,) of a row outside
        placed_lead = False
        for index in range(len(current.rows)):
            if index in inside_keys:
                if not placed_lead:
                    order += lead
                    placed_lead = True
                order += groups.get(inside_keys[index], [])
            else:
                order.append((index,))
        if not placed_lead:
            order += lead
        rows, origins, keys = [], [], []
        width = len(merged.header)
        for item in order:
            if isinstance(item, tuple):
                cells = current.rows[item[0]]
                rows.append(cells + [""] * (width - len(cells)))
                origins.append(current.lines[item[0]])
                keys.append(row_key(resource, normalised(current.header, cells)) or f"#outside-{item[0]}")
            else:
                rows.append(merged.rows[item])
                origins.append(merged.origins[item])
                keys.append(merged.keys[item])
        merged.rows[:], merged.origins[:], merged.keys[:] = rows, origins, keys


def _moved_out(display: str, number: int) -> Problem:
    """A row staff changed that the repository has since moved to another commune: a conflict."""
    what, fix = say("conflict.moved-in-repository"), say("workbook.fix")
    return problem(display, number, "*", "conflict", what=what, fix=fix)


def part(table: RawTable, indexes: list[int]) -> RawTable:
    """The rows of a table at these indexes, with their lines."""
    return RawTable(table.header, [table.rows[i] for i in indexes], [table.lines[i] for i in indexes])


def _key_text(row: SheetRow, resource: Resource) -> str:
    return ", ".join(row.values.get(name, "") for name in resource.primary_key)


def current_communes(places: Places) -> str:
    """The current communes as a message lists them: “vinh-binh” (xã Vĩnh Bình), …"""
    codes = sorted(code for code, row in places.communes.items() if not row.get("successor"))
    return ", ".join(f"“{code}” ({places.label(code)})" for code in codes)


def scope_of(package: Package, data_dir: Path, code: str, display: str = "") -> Scope:
    """The scope of current commune `code`; ScopeError (located at communes.csv) for an unknown
    code or a former unit's."""
    path = data_dir / package.resources["communes"].path
    table = read_raw(path)
    places = places_of({"communes": table})
    code = code.strip()
    row = places.communes.get(code)
    where = display or str(path)
    if row is None:
        found = problem(where, 0, "code", "scope.unknown", code=code, communes=current_communes(places))
        raise ScopeError([found])
    if row.get("successor"):
        line = next(
            table.lines[i] for i, cells in enumerate(table.rows) if normalised(table.header, cells).get("code") == code
        )
        successor = row["successor"]
        found = problem(
            where,
            line,
            "successor",
            "scope.former",
            code=code,
            former=places.label(code),
            commune=places.label(successor),
            successor=successor,
            communes=current_communes(places),
        )
        raise ScopeError([found])
    return Scope(code, places.label(code), places.union(code), package)


def commune_scope(data_dir: Path, code: str) -> Scope:
    """The scope of `workbook --commune CODE` on the data in data_dir."""
    return scope_of(load_package(data_dir), data_dir, code)


def every_commune(data_dir: Path) -> list[Scope]:
    """The scope of every current commune, by code (`workbook --every-commune`); they share the
    work of finding whose each row is."""
    package = load_package(data_dir)
    places = places_of({"communes": read_raw(data_dir / package.resources["communes"].path)})
    codes = sorted(code for code, row in places.communes.items() if not row.get("successor"))
    shared: dict[str, Any] = {}
    return [Scope(code, places.label(code), places.union(code), package, shared) for code in codes]


def recorded_scope(
    book: Workbook, package: Package, data_dir: Path, display: str
) -> tuple[Scope | None, list[tuple[Problem, str, str]]]:
    """The commune a workbook was made for (None: the whole data), checked against communes.csv
    as it is now; a problem is located at the hidden source sheet's cell that records it."""
    if SOURCE_SHEET not in book.sheetnames:
        return None, []
    code = book[SOURCE_SHEET][SCOPE_CELL].value
    if book[SOURCE_SHEET][SCOPE_LABEL_CELL].value != SCOPE_LABEL or not code:
        return None, []
    try:
        return scope_of(package, data_dir, str(code), display), []
    except ScopeError as error:
        return None, [(found, SOURCE_SHEET, SCOPE_CELL) for found in error.problems]
