"""Nothing staff type can crash the program (Hypothesis): any text in any column of any table, in
any cell of the workbook, in a news post's front matter, ends in located problems or success,
never a traceback; and whatever is accepted renders with no script of its own.

Bounded (max_examples, no deadline) so they fit in `make test-fast`: each example is a `check`
in-process, and the accepted ones are rendered (pages only, warm) to be read back.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DATA, EPOCH, ROOT
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.scan import PNG_DATA  # noqa: E402

from generator import model, pipeline, render  # noqa: E402
from generator.problems import Problem  # noqa: E402
from generator.schema import load_config, load_package  # noqa: E402
from generator.workbook import SHEETS, export_workbook  # noqa: E402
from generator.workbook_import import CellProblem, import_workbook  # noqa: E402

PACKAGE = load_package(DATA)
COLUMNS = [(name, f.name) for name, r in PACKAGE.resources.items() for f in r.fields]
# What people paste: script, handlers, links that run code, formulas, HTML that breaks out.
NASTY = [
    "<script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[bấm](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "javascript:alert(1)",
    '=HYPERLINK("http://x")',
    "{{ 7*7 }} {% raw %}",
    "---\ntitle: x\n---",
    "*&a [b]: <c>",
    "31/02/2025",
    "Tổ hợp tác\u200b ẩn",
    "\x00\x1f\x7f",
]
TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.sampled_from(NASTY),
    st.builds(lambda a, b: a + b, st.sampled_from(NASTY), st.text(max_size=10)),
)
# No shrinking: a failure is reported as found, so a run stays within its bound.
SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
    phases=[Phase.explicit, Phase.generate],
)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)
LINKS = ("href", "src", "action", "formaction", "xlink:href")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("props")
    shutil.copytree(DATA, base / "data")
    shutil.copytree(ROOT / "content", base / "content")
    return base


def located(problems: list[Problem]) -> None:
    """Every problem says where: a file, a line (0 for the whole file), a column, a message."""
    for p in problems:
        assert isinstance(p.path, str) and p.path and isinstance(p.line, int) and p.line >= 0, p
        assert isinstance(p.column, str) and p.column and p.message.strip(), p
        if isinstance(p, CellProblem):
            assert p.sheet and re.fullmatch(r"[A-Z]+\d+|\d+:\d+", p.cell), p


def no_script_of_its_own(work: Path, since: int = 0) -> None:
    """The rendered pages (those written since, in ns): a script only as JSON-LD data that cannot
    end its element; no event handler attribute, no link that runs code, no frame."""
    for page in sorted(p for p in (work / "docs").rglob("*.md") if p.stat().st_mtime_ns >= since):
        text = page.read_text(encoding="utf-8")
        for attributes, body in SCRIPT.findall(text):
            assert 'type="application/ld+json"' in attributes, page
            assert "</" not in body and json.loads(body) is not None, page
        for tag in BeautifulSoup(text, "html.parser").find_all(True):
            assert tag.name not in ("iframe", "object", "embed"), (page, tag)
            for name, value in tag.attrs.items():
                assert not name.lower().startswith("on"), (page, tag)
                if name.lower() in LINKS:
                    if tag.name == "img" and name == "src" and PNG_DATA.fullmatch(str(value)):
                        continue  # the page's QR code (render/media.py, qr_image)
                    scheme = str(value).strip().split(":", 1)[0].lower() if ":" in str(value) else ""
                    assert scheme not in ("javascript", "vbscript", "data"), (page, tag)


def rendered(data: Path, work: Path) -> None:
    """The pages of data, rendered as a build renders them (warm: only changed pages)."""
    loaded = pipeline.load_and_validate(data, content_dir=data.parent / "content")
    assert loaded.problems == []
    since = time.time_ns()
    plan = render.plan_site(model.build_portal(loaded, data, int(EPOCH)), work)
    plan.render_pages()
    no_script_of_its_own(work, since - 2_000_000_000)  # pages rewritten now (their bytes changed)


def test_the_sample_renders_with_no_script_of_its_own(folder: Path) -> None:
    rendered(folder / "data", folder / "work")


def write_cell(path: Path, column: str, row: int, value: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    index = rows[0].index(column) if column in rows[0] else None
    if index is None:
        rows[0].append(column)
        for cells in rows[1:]:
            cells.append("")
        index = len(rows[0]) - 1
    rows[1 + row % (len(rows) - 1)][index] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


@SETTINGS
@given(where=st.sampled_from(COLUMNS), row=st.integers(0, 200), value=TEXT)
@example(where=("cooperatives", "name"), row=0, value="Xưởng may 100 m²")  # found by this test: the sort crashed
def test_any_text_in_any_column_of_any_table_ends_in_located_problems_or_success(
    folder: Path, where: tuple[str, str], row: int, value: str
) -> None:
    table, column = where
    path = folder / "data" / PACKAGE.resources[table].path
    original = path.read_bytes()
    try:
        write_cell(path, column, row, value)
        problems = pipeline.check(folder / "data", content_dir=folder / "content")
        located(problems)
        if not problems:
            rendered(folder / "data", folder / "work")
    finally:
        path.write_bytes(original)


@pytest.fixture(scope="module")
def workbook(folder: Path) -> Path:
    out = folder / "bang-tinh.xlsx"
    export_workbook(PACKAGE, load_config(), folder / "data", out, int(EPOCH))
    return out


@settings(SETTINGS, max_examples=10)  # an example saves and imports a whole workbook: about 1 s
@given(
    sheet=st.sampled_from(list(SHEETS.items())),
    column=st.integers(1, 30),
    row=st.integers(1, 80),
    value=st.one_of(TEXT, st.integers(-(10**16), 10**16), st.floats(allow_nan=True)),
)
def test_any_cell_of_the_workbook_ends_in_located_problems_or_success(
    folder: Path, workbook: Path, sheet: tuple[str, str], column: int, row: int, value: object
) -> None:
    table, name = sheet
    data = folder / "data"
    before = {p.name: p.read_bytes() for p in data.glob("*.csv")}
    book = load_workbook(workbook)
    cell = book[name].cell(row, column)
    try:
        cell.value = value
    except IllegalCharacterError:
        return  # control characters: a worksheet cannot hold them, Excel no more than openpyxl
    if isinstance(value, str) and value:
        cell.data_type = "s"  # typed into a cell as text, as Excel keeps it (never a formula)
    edited = folder / "sua.xlsx"
    book.save(edited)
    try:
        result = import_workbook(edited, data, PACKAGE, load_config())
        located(result.problems)
        if result.written:
            rendered(data, folder / "work")
    finally:
        for path in data.glob("*.csv"):
            path.write_bytes(before[path.name])


FRONT = ("title", "date", "description")


@SETTINGS
@given(key=st.sampled_from([*FRONT, "tags", "x"]), value=TEXT, raw=st.booleans())
def test_any_front_matter_of_a_news_post_ends_in_located_problems_or_success(
    folder: Path, key: str, value: str, raw: bool
) -> None:
    post = folder / "content" / "tin-tuc" / "2025-09-01-bai-moi.md"
    fields = {"title": "Bài mới", "date": "2025-09-01", "description": "Tóm tắt."}
    fields[key] = value
    if raw:  # typed straight into the file, YAML or not
        front = "".join(f"{k}: {v}\n" for k, v in fields.items())
    else:  # a value YAML keeps as text
        front = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items())
    try:
        post.write_text(f"---\n{front}---\n\nNội dung bài.\n", encoding="utf-8")
        problems = pipeline.check(folder / "data", content_dir=folder / "content")
        located(problems)
        if not problems:
            rendered(folder / "data", folder / "work")
    finally:
        post.unlink(missing_ok=True)
