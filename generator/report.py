"""The plan's periodic report (section IV: every six months and every year), drafted as a Word
document in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I, from the same data and with the
same targets (`model.build_targets`) as `/tien-do/`.

load -> validate -> model -> compute the period's figures -> write the .docx. The layout (page,
margins, the page number, one named style per part) lives in the Word template
site_config/bao-cao-mau.docx, which staff may restyle in Word; this module only adds text with
those styles. Sections II and III come from content/bao-cao/<period>.md when staff wrote it.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path
from typing import Any

from . import model, news, pipeline, report_scope
from .messages import say
from .problems import DataError, Problem, problem
from .report_docx import render
from .report_figures import period_figures
from .report_period import ReportError, parse_period
from .schema import DEFAULT_CONFIG, PROJECT_ROOT
from .text import fold, nfc

TEMPLATE = PROJECT_ROOT / "site_config" / "bao-cao-mau.docx"
NOTES_DIR = pipeline.CONTENT_DIR / news.REPORT_NOTES
REPORT_KEYS = {
    "governing_body": "cơ quan chủ quản (dòng trên cùng bên trái)",
    "issuing_body": "cơ quan ban hành báo cáo",
    "symbol": "chữ viết tắt tên cơ quan trong số ký hiệu (Số: …/BC-…)",
    "place": "địa danh ghi trước ngày tháng",
    "signer_authority": "thẩm quyền ký (TM. …)",
    "signer_position": "chức vụ người ký",
    "recipients": "danh sách nơi nhận",
}
SECTION_HEADINGS = {"assessment": ("danh gia", "kho khan"), "next_steps": ("phuong huong", "nhiem vu")}


# --- the command ----------------------------------------------------------------------------


def write_report(
    data_dir: Path,
    period_text: str,
    out: Path,
    template: Path = TEMPLATE,
    notes_dir: Path = NOTES_DIR,
    commune: str | None = None,
) -> Path:
    """Validate the data, compute the period's figures and write the report (of one commune's
    Women's Union with a commune code, else the portal-wide roll-up); nothing on any problem."""
    if out.suffix.lower() != ".docx":
        raise ReportError([say("report.out-suffix", out=out)])
    if out.is_dir():
        raise ReportError([say("report.out-folder", out=out, example=out / "bao-cao.docx")])
    loaded = pipeline.load_and_validate(data_dir)
    if loaded.problems:
        raise DataError(loaded.problems)
    # The report is dated the day it is drafted (staff may change it in Word before signing).
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or time.time())
    today = model.build_date(epoch)
    settings = report_settings(loaded.config, DEFAULT_CONFIG)
    period = parse_period(period_text, int(loaded.config["plan"]["year"]), today)
    notes_file = notes_dir / f"{period.code}.md"
    notes, problems = load_notes(notes_file, pipeline.display_path(notes_file))
    if problems:
        raise DataError(problems)
    portal = model.build_portal(loaded, data_dir, epoch)
    try:
        scope = report_scope.scope(portal, commune)
    except report_scope.ScopeError as error:
        raise ReportError([error.message]) from error
    figures = period_figures(portal, period, scope)
    data = render(figures, scope.settings(settings), notes, template, today, epoch)
    partial = out.with_name(out.name + ".tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        partial.replace(out)  # whole or not at all: Word never opens half a file
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise ReportError([say("report.out-write", out=out, reason=error.strerror)]) from error
    return out


def report_settings(config: dict[str, Any], config_path: Path) -> dict[str, Any]:
    """The `report:` block of portal.yml, every key present, or the located problems."""
    block = config.get("report")
    text = config_path.read_text(encoding="utf-8")
    display = pipeline.display_path(config_path)
    if not isinstance(block, dict):
        raise DataError([problem(display, 1, "report", "report.settings")])
    problems = []
    for key, meaning in REPORT_KEYS.items():
        value = block.get(key)
        empty = not value or (isinstance(value, list) and not all(isinstance(v, str) and v.strip() for v in value))
        if empty or (key != "recipients" and not isinstance(value, str)):
            line = _yaml_line(text, key) or _yaml_line(text, "report") or 1
            if key == "recipients":
                problems.append(problem(display, line, f"report.{key}", "report.setting-list", meaning=meaning))
            else:
                problems.append(problem(display, line, f"report.{key}", "report.setting", meaning=meaning))
    if problems:
        raise DataError(problems)
    return {key: _setting(value) for key, value in block.items()}


def _setting(value: Any) -> str | list[str]:
    """A setting as text (an empty `signer_name:` is no name), a list as its lines."""
    return [nfc(line) for line in value] if isinstance(value, list) else nfc(str(value or ""))


def _yaml_line(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*{re.escape(key)}\s*:", line):
            return number
    return None


# --- the staff's own text: sections II and III -----------------------------------------------


def load_notes(path: Path, display: str) -> tuple[dict[str, list[str]], list[Problem]]:
    """Sections II (assessment) and III (next steps) from the period's Markdown file, if any."""
    if not path.exists():
        return {}, []
    try:
        text = nfc(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        return {}, [problem(display, 1, "*", "report.encoding")]
    notes: dict[str, list[str]] = {}
    problems: list[Problem] = []
    current: list[str] | None = None
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph and current is not None:
            current.append(" ".join(paragraph))
        paragraph.clear()

    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("# ") or not stripped:
            flush()
            continue
        if stripped.startswith("##"):
            flush()
            title = fold(stripped.lstrip("#").strip()).lstrip("ivx. ")
            section = next((k for k, starts in SECTION_HEADINGS.items() if title.startswith(starts)), None)
            if section is None:
                problems.append(problem(display, number, "*", "report.section", heading=stripped))
                current = None
            else:
                current = notes.setdefault(section, [])
            continue
        if current is None:
            if not any(p.line == number for p in problems):
                problems.append(problem(display, number, "*", "report.outside"))
            continue
        if stripped[:2] in ("- ", "* ", "+ "):
            flush()
            current.append("- " + stripped[2:].strip())
        else:
            paragraph.append(stripped)
    flush()
    return notes, problems
