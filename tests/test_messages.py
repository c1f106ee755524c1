"""The message catalogue (generator/messages.py) cannot rot: every code is used, with its fields.

The code is read, not run: every call that words a message names its code as a literal, so a
code no call names, a call naming a code the catalogue lacks, and a field given but not in the
template (or in the template but not given) are all found here, without reaching the message.
"""

from __future__ import annotations

import ast
import re
import string
import sys
import unicodedata

import pytest
from conftest import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator import messages  # noqa: E402

PACKAGE = ROOT / "generator"
# The calls that word a message, and where each takes its code: say(code, ...), found(code, ...),
# problem(path, line, column, code, ...) and Checker.add(row, column, code, ...); the template's
# fields are the call's keywords.
CODE_ARGUMENT = {"say": 0, "found": 0, "problem": 3, "add": 2}
CODE = re.compile(r"^[a-z]+(-[a-z]+)*(\.[a-z]+(-[a-z]+)*)?$")


def fields(template: str) -> set[str]:
    """The named fields of a str.format template."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def uses() -> list[tuple[str, str, set[str] | None]]:
    """(where, code, keyword names or None when the call passes **fields) of every call that
    names a message code as a literal, in every module of the package but the catalogue."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "messages.py" and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            index = CODE_ARGUMENT.get(called)
            if index is None or len(node.args) <= index:
                continue
            code = node.args[index]
            if not (isinstance(code, ast.Constant) and isinstance(code.value, str)):
                continue  # a code passed on (Checker.add to say, news to placed): named where it was found
            names = {keyword.arg for keyword in node.keywords}
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            found.append((where, code.value, None if None in names else names))
    return found


def test_the_sections_do_not_share_a_code() -> None:
    sections = (messages.DATA, messages.CONTENT, messages.COMMANDS)
    assert len(messages.MESSAGES) == sum(len(section) for section in sections)


@pytest.mark.parametrize("code", sorted(messages.MESSAGES))
def test_every_template_is_well_formed(code: str) -> None:
    template = messages.MESSAGES[code]
    assert CODE.match(code), "a code is KIND or KIND.VARIANT, in lower case with hyphens"
    assert template == unicodedata.normalize("NFC", template) and template.strip() == template
    assert all(name.isidentifier() for name in fields(template)), "fields have names: {value}, not {}"


def test_every_call_names_a_code_of_the_catalogue() -> None:
    unknown = [f"{where}: {code}" for where, code, _ in uses() if code not in messages.MESSAGES]
    assert unknown == []


def test_every_code_is_used() -> None:
    used = {code for _, code, _ in uses()}
    assert sorted(set(messages.MESSAGES) - used) == []


def test_every_call_fills_exactly_the_fields_of_its_template() -> None:
    wrong = []
    for where, code, given in uses():
        if code not in messages.MESSAGES:
            continue
        expected = fields(messages.MESSAGES[code])
        if given is None:
            wrong.append(f"{where}: {code} is given **fields; name them so they can be checked")
        elif given != expected:
            wrong.append(f"{where}: {code} is given {sorted(given)}, its template has {sorted(expected)}")
    assert wrong == []


def test_the_reader_finds_the_calls() -> None:
    """The walk itself: known calls of each form are found (a reader that finds nothing passes)."""
    found = {(where.split(":")[0], code) for where, code, _ in uses()}
    assert ("generator/load.py", "missing-file") in found  # problem(...)
    assert ("generator/validate.py", "members") in found  # checker.add(...)
    assert ("generator/validate.py", "photo.missing") in found  # found(...)
    assert ("generator/cli.py", "build.refused") in found  # say(...)


def test_say_fills_the_template() -> None:
    assert messages.say("missing-file", path="models.csv") == (
        "Không tìm thấy tệp models.csv. Hãy thêm tệp này (có dòng tiêu đề) vào thư mục dữ liệu."
    )
    assert messages.found("control", codepoint=0, position=9).text.startswith(
        "Ô có ký tự điều khiển vô hình (mã U+0000) ở vị trí 9,"
    )
    assert "{ .md-button }" in messages.say("news.attributes", written="{: .x }")


def test_the_catalogue_imports_nothing_of_the_package() -> None:
    """A leaf: `check` and every stage import it, so it brings no other module with it."""
    tree = ast.parse((PACKAGE / "messages.py").read_text(encoding="utf-8"))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= {"__future__", "dataclasses"}


def test_a_problem_s_kind_is_its_code_up_to_the_variant() -> None:
    from generator.problems import problem

    assert problem("data/x.csv", 2, "photo", "photo.missing", value="a.jpg").kind == "photo"
    assert problem("data/x.csv", 2, "*", "csv").kind == "csv"


def test_no_message_is_left_as_text_in_the_checks() -> None:
    """The checks keep no Vietnamese sentence of their own (words they compare with the data, like
    "cá nhân" or "điện thoại", are not sentences). The job summary (summary_table) is a Markdown
    document laid out in code, like a page's template."""
    vietnamese = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
    modules = ["load.py", "validate.py", "permalinks.py", "news.py", "documents.py", "schema.py", "serve.py"]
    modules += ["workbook_import.py"]
    left = []
    for name in modules:
        tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
        skipped = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        layouts = [
            node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name == "summary_table"
        ]
        skipped |= {id(node) for layout in layouts for node in ast.walk(layout)}
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) and id(node) not in skipped else None
            if isinstance(text, str) and vietnamese.search(text) and len(text.split()) >= 4:
                left.append(f"{name}:{node.lineno}: {text[:60]}")
    assert left == []


@pytest.mark.parametrize("code", sorted(messages.WORKBOOK))
def test_a_workbook_wording_words_a_code_of_the_data_with_its_fields(code: str) -> None:
    """The workbook import words a problem `check` found again (workbook_import.Words): same code,
    no field the check does not give, and no CSV file or column named."""
    template = messages.WORKBOOK[code]
    assert code in messages.MESSAGES
    assert fields(template) <= fields(messages.MESSAGES[code])
    assert template == unicodedata.normalize("NFC", template) and template.strip() == template
    assert ".csv" not in template and not re.search(r"\b[a-z]+_[a-z_]+\b", template.replace("allow_removed_pages", ""))
