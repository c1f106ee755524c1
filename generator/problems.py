"""Problems found in the data, and the ways they are shown to staff."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .messages import Found, say


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem: file, physical line (header = 1; 0 for the whole file, shown as '*'),
    column name or '*', message, and the message's code in the catalogue (messages.py)."""

    path: str
    line: int
    column: str
    message: str
    code: str = "invalid"
    where: str = ""  # the row as a spreadsheet shows it: " (Excel: dòng 12, mã “…”)"
    # The message's fields (messages.py), so the workbook import can word it again in its own terms.
    fields: tuple[tuple[str, object], ...] = field(default=(), compare=False, repr=False)

    @property
    def kind(self) -> str:
        """The sort of problem: the code up to its variant ("photo" for "photo.missing")."""
        return self.code.split(".")[0]

    @property
    def text(self) -> str:
        """The message as staff read it, with the row as Excel shows it."""
        return self.message + self.where

    def __str__(self) -> str:
        return f"{self.path}:{self.line or '*'}:{self.column}: {self.text}"


def problem(path: str, line: int, column: str, code: str, /, **fields: object) -> Problem:
    """A located problem with the catalogue's message for code."""
    return Problem(path, line, column, say(code, **fields), code, fields=tuple(fields.items()))


def placed(path: str, line: int, column: str, found: Found) -> Problem:
    """What a check found (documents, news), placed at its file, line and column."""
    return Problem(path, line, column, found.text, found.code, fields=found.fields)


class DataError(Exception):
    """Raised by the pipeline when the data has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} lỗi dữ liệu")
        self.problems = problems


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Order problems by file, then line, keeping the order rules found them in on one line."""
    indexed = list(enumerate(problems))
    indexed.sort(key=lambda item: (item[1].path, item[1].line, item[0]))
    seen: set[Problem] = set()
    ordered = []
    for _, problem in indexed:
        if problem not in seen:
            seen.add(problem)
            ordered.append(problem)
    return ordered


def escape_data(value: str) -> str:
    """Escape a GitHub workflow command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a GitHub workflow command's property value (also ':' and ',')."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """The ::error workflow command that puts a problem on the file's line in a pull request."""
    title = f"{Path(problem.path).name} – cột {problem.column}"
    line = f",line={problem.line}" if problem.line else ""  # none: the whole file
    where = f"file={escape_property(problem.path)}{line},title={escape_property(title)}"
    return f"::error {where}::{escape_data(problem.text)}"


def table_cell(value: str) -> str:
    """A table cell of the job summary: HTML-escaped (messages quote tags like <script>), one line."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def summary_table(problems: list[Problem]) -> str:
    """A Markdown table of every problem, in Vietnamese, for the job summary."""
    if not problems:
        return "## Kiểm tra dữ liệu\n\nDữ liệu hợp lệ, không có lỗi nào.\n"
    lines = [
        "## Kiểm tra dữ liệu: cần sửa " + f"{len(problems)} lỗi",
        "",
        "Mở tệp, tìm đúng dòng và cột, sửa theo hướng dẫn rồi lưu lại dạng CSV UTF-8.",
        "",
        "| Tệp | Dòng | Cột | Lỗi và cách sửa |",
        "| --- | ---: | --- | --- |",
    ]
    for p in problems:
        lines.append(f"| {table_cell(p.path)} | {p.line or '*'} | {table_cell(p.column)} | {table_cell(p.text)} |")
    return "\n".join(lines) + "\n"


GROUP_OVER = 5  # more cells than this of one column with one problem are said once for the column
FIXES = ("plain", "fixed")  # the fields that hold the value to write instead


def grouped(problems: list[Problem]) -> list[Problem]:
    """The problems as staff read them: when more than GROUP_OVER cells of one column have the
    same problem (a CSV file Excel reformatted), the first says it once for the column (count,
    first rows, the fix), then each cell is listed in a few words (its value and what to write)."""
    groups: dict[tuple[str, str, str, str], list[Problem]] = {}
    for p in problems:
        if p.column != "*":
            groups.setdefault(_group_key(p), []).append(p)
    shown: list[Problem] = []
    for p in problems:
        group = groups.get(_group_key(p), []) if p.column != "*" else []
        if len(group) <= GROUP_OVER:
            shown.append(p)
        elif p is group[0]:
            shown.append(replace(p, message=_group_head(group), where=""))
            shown += [replace(q, message=_group_row(q)) for q in group]
    return shown


def _group_key(p: Problem) -> tuple[str, str, str, str]:
    return (p.path, str(getattr(p, "sheet", "")), p.column, p.code)


def _group_head(group: list[Problem]) -> str:
    first = group[0]
    cells = [str(getattr(p, "cell", "")) for p in group]
    if all(cells):  # a workbook's cells: the column by its letter in its sheet
        letter = "".join(ch for ch in cells[0] if ch.isalpha())
        column = f"{letter} của trang tính “{getattr(first, 'sheet', '')}”"
        return say("grouped.sheet", count=len(group), column=column, rows=", ".join(cells[:5]), message=first.message)
    rows = ", ".join(str(p.line) for p in group[:5])
    return say("grouped", count=len(group), column=first.column, rows=rows, message=first.message)


def _group_row(p: Problem) -> str:
    fields = dict(p.fields)
    value, fix = fields.get("value"), next((fields[name] for name in FIXES if name in fields), None)
    if value is not None and fix is not None:
        return say("grouped.fix", value=value, fix=fix)
    return say("grouped.same", value=value) if value is not None else say("grouped.cell")


def report(problems: list[Problem], stream, table: Callable[[list[Problem]], str] = summary_table) -> None:
    """Print problems one per line; under GitHub Actions also annotate and summarise (as `table`)."""
    problems = grouped(problems)
    for problem in problems:
        print(problem, file=stream)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(annotation(problem), file=stream)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(table(problems))
