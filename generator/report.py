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
import datetime as dt
import io
import os
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt

from . import model, news, pipeline, report_scope
from .messages import say
from .problems import DataError, Problem, problem
from .schema import DEFAULT_CONFIG, PROJECT_ROOT
from .text import fold, format_date, format_number, nfc, sort_key

TEMPLATE = PROJECT_ROOT / "site_config" / "bao-cao-mau.docx"
NOTES_DIR = pipeline.CONTENT_DIR / news.REPORT_NOTES
PERIOD = re.compile(r"(?P<year>\d{4})(?:-(?P<half>H[12]))?")
TEXT_WIDTH_CM = 16.5  # A4 less the 30 mm and 15 mm margins
HEADER_COLUMNS_CM = (6.0, 10.5)
TARGET_COLUMNS_CM = (1.5, 4.8, 2.1, 2.3, 1.7, 1.8, 2.3)
ANNEX_COLUMNS_CM = (1.0, 6.6, 1.4, 4.4, 2.4, 2.4, 2.6, 2.2, 2.2)

# The template's paragraph styles, by the part of the report they dress.
STYLES = {
    "governing": "BC Cơ quan chủ quản",
    "issuing": "BC Cơ quan ban hành",
    "national": "BC Quốc hiệu",
    "motto": "BC Tiêu ngữ",
    "rule": "BC Đường kẻ",
    "number": "BC Số ký hiệu",
    "place_date": "BC Địa danh ngày tháng",
    "doc_type": "BC Tên loại",
    "summary": "BC Trích yếu",
    "heading": "BC Đề mục",
    "subheading": "BC Đề mục nhỏ",
    "body": "BC Nội dung",
    "placeholder": "BC Chỗ cần điền",
    "table": "BC Bảng",
    "table_head": "BC Bảng tiêu đề",
    "annex_title": "BC Tiêu đề phụ lục",
    "recipients_title": "BC Nơi nhận tiêu đề",
    "recipients": "BC Nơi nhận",
    "signer_role": "BC Chức vụ người ký",
    "signer_name": "BC Họ tên người ký",
}
TABLE_STYLE = "Table Grid"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
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
STATUS_PHRASES = {"hoạt động": "đang hoạt động", "tạm ngừng": "tạm ngừng hoạt động", "giải thể": "đã giải thể"}


class ReportError(Exception):
    """A problem with the command's arguments or the Word template, as located messages."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Period:
    """A reporting period: a year, or one of its halves."""

    year: int
    half: int | None

    @property
    def code(self) -> str:
        return f"{self.year}-H{self.half}" if self.half else str(self.year)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> dt.date:
        return model.period_end(self.code)

    @property
    def label(self) -> str:
        """'6 tháng đầu năm 2025', '6 tháng cuối năm 2025', 'năm 2025'."""
        if self.half:
            return f"6 tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.year}"
        return f"năm {self.year}"

    @property
    def next_label(self) -> str:
        return {1: f"6 tháng cuối năm {self.year}", 2: f"năm {self.year + 1}", None: f"năm {self.year + 1}"}[self.half]

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def parse_period(text: str, plan_year: int, today: dt.date) -> Period:
    """The period named on the command line, or a ReportError saying how to write it."""
    match = PERIOD.fullmatch(text.strip())
    if not match:
        raise ReportError([say("report.period", period=text)])
    period = Period(int(match["year"]), int(match["half"][1]) if match["half"] else None)
    if period.year < plan_year:
        raise ReportError([say("report.period-before-plan", period=text, year=plan_year)])
    if period.start > today:
        start, now = format_date(period.start), format_date(today)
        raise ReportError([say("report.period-future", period=text, start=start, today=now)])
    return period


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
    notes, problems = load_notes(notes_file, _display(notes_file))
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


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def report_settings(config: dict[str, Any], config_path: Path) -> dict[str, Any]:
    """The `report:` block of portal.yml, every key present, or the located problems."""
    block = config.get("report")
    text = config_path.read_text(encoding="utf-8")
    display = _display(config_path)
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


# --- the figures -----------------------------------------------------------------------------


@dataclass
class Figures:
    """What the report says about one period, computed before anything is written."""

    config: dict[str, Any]
    period: Period
    cooperatives: list[model.Cooperative]  # women-led, founded by the period's end
    new: list[model.Cooperative]
    communes: list[tuple[model.Commune, list[model.Cooperative]]]
    targets: list[model.Target]
    honours: list[model.Honour]
    posts: list[Any]
    year_rows: list[tuple[model.Cooperative, model.YearFigures]]
    pages: dict[str, int]


def period_figures(portal: model.Portal, period: Period, scope: report_scope.Scope | None = None) -> Figures:
    """Every figure of the report for the period and scope (a commune, or the whole portal)."""
    scope = scope or report_scope.Scope(portal)
    coops = [c for c in scope.cooperatives if c.women_led and c.founded_date <= period.end]
    by_commune = {
        commune.code: (commune, [c for c in coops if c.current_commune.code == commune.code])
        for commune in portal.current_communes
    }
    year_rows = [(c, y) for c in coops for y in c.years if y.year == period.year] if not period.half else []
    return Figures(
        config=portal.config,
        period=period,
        cooperatives=coops,
        new=[c for c in coops if period.holds(c.founded_date)],
        communes=[entry for entry in by_commune.values() if entry[1]],
        targets=scope.targets(period.code),
        honours=scope.honours(period.year),
        # the news is the portal's: the roll-up reports it, a commune's report does not
        posts=sorted((p for p in portal.posts if period.holds(p.date)), key=lambda p: (p.date, p.slug))
        if scope.commune is None
        else [],
        year_rows=year_rows,
        pages=scope.pages(),
    )


def target_text(target: model.Target) -> str:
    """The target as `/tien-do/` prints it: '≥ 80%', '36 THT'."""
    return ("≥ " if target.at_least else "") + _with_unit(target.target, target.unit)


def actual_text(target: model.Target) -> str:
    """The result as `/tien-do/` prints it, or that the period has no figure."""
    return "Chưa có số liệu" if target.actual is None else _with_unit(target.actual, target.unit)


def ratio_text(target: model.Target) -> str:
    """The result as a share of the target: '54,5%'; a dash when there is no figure."""
    if target.actual is None or not target.target:
        return "—"
    ratio = round(100 * target.actual / target.target, 1)
    return format_number(ratio, 1 if ratio % 1 else 0) + "%"


def _with_unit(value: float, unit: str) -> str:
    text = format_number(value, 1 if value % 1 else 0)
    return text + "%" if unit == "%" else f"{text} {unit}"


def _count(items: list[model.Cooperative], kind: str) -> int:
    return sum(1 for c in items if c.type == kind)


def _share(part: int, whole: int) -> str:
    return format_number(round(100 * part / whole, 1), 1) + "%" if whole else "—"


# --- the document ----------------------------------------------------------------------------


class Writer:
    """Adds the report's parts to a document opened from the template, with its styles only."""

    def __init__(self, template: Path):
        display = _display(template)
        try:
            self.doc = Document(str(template))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            raise ReportError([say("report.template", template=display, kind=type(error).__name__)]) from error
        names = {s.name for s in self.doc.styles}
        missing = [name for name in [*STYLES.values(), TABLE_STYLE] if name not in names]
        if missing:
            raise ReportError([say("report.style", template=display, name=name) for name in missing])
        self.doc.element.body.clear_content()  # the template's body text, if staff typed any, is not the report's

    def para(self, kind: str, text: str = "", container: Any = None) -> Any:
        paragraph = (container or self.doc).add_paragraph(style=self.doc.styles[STYLES[kind]])
        _add_marked_runs(paragraph, text)
        return paragraph

    def rule(self, container: Any, length_cm: float, width_cm: float) -> None:
        """A short solid line, centred: the style's bottom border, narrowed by indents."""
        paragraph = self.para("rule", container=container)
        side = max((width_cm - length_cm) / 2, 0)
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Cm(side)

    def table(self, header: list[str], rows: list[list[str]], widths: tuple[float, ...], numeric: set[int]) -> Any:
        table = self.doc.add_table(rows=1, cols=len(header), style=self.doc.styles[TABLE_STYLE])
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            _fill(cell, text, self.doc.styles[STYLES["table_head"]])
        for values in rows:
            cells = table.add_row().cells
            for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
                paragraph = _fill(cell, text, self.doc.styles[STYLES["table"]])
                if index in numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _widths(table, widths)
        _row_property(table.rows[0], "w:tblHeader")  # the header row repeats on every page
        return table


def _row_property(row: Any, tag: str) -> None:
    """Switch on a row property python-docx has no setting for (w:tblHeader, w:cantSplit): the
    element is added to a fresh row, which has no other property to keep in order."""
    row._tr.get_or_add_trPr().append(OxmlElement(tag))  # noqa: SLF001


def _fill(cell: Any, text: str, style: Any) -> Any:
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    _add_marked_runs(paragraph, text)
    return paragraph


def _widths(table: Any, widths: tuple[float, ...]) -> None:
    """Column widths, on the grid (LibreOffice reads it) and on each cell (Word reads those)."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _add_marked_runs(paragraph: Any, text: str) -> None:
    """Text with **bold** parts, the one Markdown mark staff use in their notes."""
    for index, part in enumerate(re.split(r"\*\*(.+?)\*\*", text)):
        if part:
            paragraph.add_run(part).bold = True if index % 2 else None


def _text_width_cm(text: str, size_pt: float, caps: bool) -> float:
    """About how wide a line of bold Times New Roman is (no font is read: same bytes everywhere)."""
    per_char = 0.68 if caps else 0.47
    return len(text) * size_pt * per_char * 2.54 / 72


def official_date(day: dt.date) -> str:
    """'ngày 05 tháng 02 năm 2025': days below 10 and months below 3 take a 0 (Nghị định 30/2020)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def render(
    figures: Figures,
    settings: dict[str, Any],
    notes: dict[str, list[str]],
    template: Path,
    today: dt.date,
    epoch: int,
) -> bytes:
    """The report as the bytes of a .docx file."""
    w = Writer(template)
    period, config = figures.period, figures.config
    plan = config["plan"]
    plan_ref = f"Kế hoạch số {plan['number']} ngày {format_date(dt.date.fromisoformat(str(plan['date'])))}"
    issuing = settings["issuing_body"]

    _header(w, settings, today)
    w.para("doc_type", "Báo cáo")
    summary = f"Kết quả {period.label} thực hiện {plan_ref}"
    w.para("summary", summary)
    w.rule(None, 0.4 * min(_text_width_cm(summary, 14, False), TEXT_WIDTH_CM), TEXT_WIDTH_CM)
    w.para("body", "")
    title = " ".join(str(plan["title"]).split())
    w.para("body", f"Thực hiện {plan_ref} ({title}), {issuing} báo cáo kết quả thực hiện {period.label} như sau:")

    w.para("heading", f"I. KẾT QUẢ THỰC HIỆN {period.label.upper()}")
    _results(w, figures)
    w.para("heading", "II. ĐÁNH GIÁ CHUNG")
    _notes(w, notes.get("assessment"), period, "Đánh giá", "những mặt làm được, khó khăn, hạn chế và nguyên nhân")
    w.para("heading", f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ {period.next_label.upper()}")
    _notes(w, notes.get("next_steps"), period, "Phương hướng", "nhiệm vụ, giải pháp trọng tâm và kiến nghị, đề xuất")
    w.para("body", f"Trên đây là báo cáo kết quả thực hiện {plan_ref} {period.label} của {issuing}./.")
    _signature(w, settings)
    _annex(w, figures, settings)

    doc = w.doc
    moment = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    props = doc.core_properties
    props.title = f"Báo cáo: {summary}"
    props.created = props.modified = moment
    props.last_printed = moment
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return deterministic_docx(buffer.getvalue(), epoch)


def _header(w: Writer, settings: dict[str, Any], today: dt.date) -> None:
    """The two-column block: bodies and number on the left, Quốc hiệu, Tiêu ngữ and date on the right."""
    left_cm, right_cm = HEADER_COLUMNS_CM
    table = w.doc.add_table(rows=2, cols=2)
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    (left, right), (number, place) = table.rows[0].cells, table.rows[1].cells
    for cell in (left, right, number, place):
        cell._element.remove(cell.paragraphs[0]._p)  # noqa: SLF001 - a new cell holds one empty paragraph
    w.para("governing", settings["governing_body"], left)
    w.para("issuing", settings["issuing_body"], left)
    name_cm = min(_text_width_cm(settings["issuing_body"], 13, True), left_cm)
    w.rule(left, 0.4 * name_cm, left_cm - 0.4)
    w.para("national", NATIONAL_NAME, right)
    w.para("motto", MOTTO, right)
    w.rule(right, _text_width_cm(MOTTO, 14, False), right_cm - 0.4)
    w.para("number", f"Số: …/BC-{settings['symbol']}", number)
    w.para("place_date", f"{settings['place']}, {official_date(today)}", place)
    _widths(table, HEADER_COLUMNS_CM)


def _results(w: Writer, f: Figures) -> None:
    period, coops = f.period, f.cooperatives
    end = format_date(period.end)
    w.para("subheading", "1. Hợp tác xã, tổ hợp tác do phụ nữ tham gia quản lý")
    if not coops:
        w.para("body", f"Đến ngày {end}, dữ liệu chưa có HTX, THT nào do phụ nữ tham gia quản lý.")
    else:
        by_status = "; ".join(
            f"{STATUS_PHRASES[status]} {_count([c for c in coops if c.status == status], 'HTX')} HTX, "
            f"{_count([c for c in coops if c.status == status], 'THT')} THT"
            for status in STATUS_PHRASES
            if any(c.status == status for c in coops)
        )
        w.para(
            "body",
            f"Đến ngày {end}, toàn địa bàn có {_count(coops, 'HTX')} hợp tác xã (HTX) và {_count(coops, 'THT')} "
            f"tổ hợp tác (THT) do phụ nữ tham gia quản lý (có ít nhất một phụ nữ giữ chức vụ quản lý). "
            f"Theo tình trạng: {by_status}.",
        )
        w.para("body", "Theo đơn vị hành chính hiện nay:")
        rows = [
            [
                commune.label[0].upper() + commune.label[1:],
                str(_count(members, "HTX")),
                str(_count(members, "THT")),
                format_number(sum(c.female_workers for c in members if c.status == "hoạt động")),
            ]
            for commune, members in f.communes
        ]
        active = [c for c in coops if c.status == "hoạt động"]
        rows.append(
            ["**Tổng cộng**", f"**{_count(coops, 'HTX')}**", f"**{_count(coops, 'THT')}**"]
            + [f"**{format_number(sum(c.female_workers for c in active))}**"]
        )
        w.table(["Xã", "HTX", "THT", "Lao động nữ (đơn vị đang hoạt động)"], rows, (6.5, 2.5, 2.5, 5.0), {1, 2, 3})
        w.para("body", "")
    if f.new:
        names = "; ".join(f"{c.name} ({c.current_commune.label}, {_founded(c)})" for c in f.new)
        counts = " và ".join(f"{_count(f.new, kind)} {kind}" for kind in ("HTX", "THT") if _count(f.new, kind))
        w.para("body", f"Trong {period.label} thành lập mới {counts}: {names}.")
    else:
        w.para("body", f"Trong {period.label} không có HTX, THT do phụ nữ quản lý nào được thành lập mới.")

    w.para("subheading", "2. Thành viên và việc làm cho lao động nữ")
    active = [c for c in coops if c.status == "hoạt động"]
    if active:
        total, female = sum(c.members_total for c in active), sum(c.members_female for c in active)
        w.para(
            "body",
            f"Các HTX, THT đang hoạt động có {format_number(total)} thành viên, trong đó {format_number(female)} "
            f"thành viên nữ ({_share(female, total)}); tạo việc làm cho "
            f"{format_number(sum(c.female_workers for c in active))} lao động nữ (HTX: "
            f"{format_number(sum(c.female_workers for c in active if c.type == 'HTX'))}, THT: "
            f"{format_number(sum(c.female_workers for c in active if c.type == 'THT'))}). "
            f"Có {format_number(sum(c.women_managers for c in active))} phụ nữ giữ chức vụ quản lý.",
        )
    else:
        w.para("body", "Chưa có số liệu: không có HTX, THT nào đang hoạt động trong dữ liệu.")
    if period.half:
        w.para("body", "Số liệu theo năm của từng HTX, THT (doanh thu, thu nhập) được tổng hợp trong báo cáo năm.")
    elif f.year_rows:
        revenue = [y.revenue_vnd for _, y in f.year_rows if y.revenue_vnd is not None]
        income = [y.avg_income_vnd for _, y in f.year_rows if y.avg_income_vnd is not None]
        text = f"Số liệu năm {period.year} của {len(f.year_rows)} HTX, THT có báo cáo: "
        text += f"{format_number(sum(y.female_workers for _, y in f.year_rows))} lao động nữ"
        if revenue:
            text += f"; tổng doanh thu {format_number(sum(revenue))} đồng ({len(revenue)} đơn vị)"
        if income:
            text += f"; thu nhập bình quân {format_number(round(sum(income) / len(income)))} đồng/người/tháng"
        w.para("body", text + ".")
    else:
        w.para("body", f"Chưa có số liệu năm {period.year} của từng HTX, THT (tệp cooperative_years.csv).")

    w.para("subheading", "3. Đào tạo, bồi dưỡng và các chỉ tiêu khác")
    derived = {k for k, spec in (f.config.get("targets") or {}).items() if spec.get("derive")}
    for t in f.targets:
        if t.key in derived and t.unit != "%":
            continue
        if t.actual is None:
            w.para("body", f"- {t.label}: chưa có số liệu trong {period.label}.")
        else:
            note = f" {t.note}" if t.note else ""
            w.para("body", f"- {t.label}: {actual_text(t)} (chỉ tiêu {target_text(t)}; số liệu kỳ {t.period}).{note}")

    w.para("subheading", "4. Điển hình tiên tiến")
    if f.honours:
        w.para("body", f"Năm {period.year} có {len(f.honours)} điển hình được khen thưởng, biểu dương:")
        for h in f.honours:
            by = f" ({h.awarded_by})" if h.awarded_by else ""
            w.para("body", f"- {h.name} ({h.kind}): {h.award}{by}.")
    else:
        w.para("body", f"Chưa có điển hình tiên tiến nào được ghi nhận trong năm {period.year}.")

    w.para("subheading", "5. Công tác tuyên truyền")
    pages = f.pages
    w.para(
        "body",
        f"Cổng thông tin {f.config['site_url'].rstrip('/')} giới thiệu {format_number(pages['htx'])} HTX, THT, "
        f"{format_number(pages['products'])} sản phẩm và {format_number(pages['honours'])} điển hình tiên tiến, "
        "mỗi trang có mã QR để in tờ rơi.",
    )
    if f.posts:
        w.para("body", f"Trong {period.label} đăng {len(f.posts)} tin bài:")
        for post in f.posts:
            w.para("body", f"- {format_date(post.date)}: {post.title}.")
    else:
        w.para("body", f"Trong {period.label} chưa đăng tin bài nào trên cổng thông tin.")

    w.para("subheading", "6. Kết quả thực hiện các chỉ tiêu của Kế hoạch")
    rows = [
        [
            t.section,
            t.label,
            target_text(t),
            actual_text(t),
            ratio_text(t),
            "—" if t.actual is None else ("Đạt" if t.met else "Chưa đạt"),
            t.period or "—",
        ]
        for t in f.targets
    ]
    header = ["Mục", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Tỷ lệ đạt", "Đánh giá", "Kỳ số liệu"]
    w.table(header, rows, TARGET_COLUMNS_CM, {0, 2, 3, 4, 5, 6})
    w.para("body", "")
    w.para(
        "body",
        "Chỉ tiêu về HTX, THT và việc làm được tính từ dữ liệu trên cổng thông tin (các đơn vị thành lập đến "
        f"ngày {end}); chỉ tiêu đào tạo, tập huấn lấy số liệu báo cáo mới nhất trong năm {period.year}, "
        "đến hết kỳ báo cáo. Danh sách từng HTX, THT ở Phụ lục kèm theo.",
    )


def _founded(c: model.Cooperative) -> str:
    return f"năm {c.founded}" if len(c.founded) == 4 else f"ngày {format_date(c.founded_date)}"


def _notes(w: Writer, paragraphs: list[str] | None, period: Period, heading: str, what: str) -> None:
    if paragraphs:
        for text in paragraphs:
            w.para("body", text)
        return
    w.para(
        "placeholder",
        f"[Cần bổ sung: {what}. Viết vào tệp content/bao-cao/{period.code}.md, dưới dòng “## {heading}”, "
        "rồi tạo lại báo cáo; hoặc gõ thẳng vào đây trong Word.]",
    )


def _signature(w: Writer, settings: dict[str, Any]) -> None:
    table = w.doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    for cell in (left, right):
        cell._element.remove(cell.paragraphs[0]._p)  # noqa: SLF001 - a new cell holds one empty paragraph
    w.para("recipients_title", "Nơi nhận:", left)
    for line in settings["recipients"]:
        w.para("recipients", f"- {line}", left)
    w.para("signer_role", settings["signer_authority"], right)
    w.para("signer_role", settings["signer_position"], right).paragraph_format.space_before = Pt(0)
    w.para("signer_name", settings.get("signer_name") or "", right)
    _widths(table, (7.5, 9.0))
    _row_property(table.rows[0], "w:cantSplit")  # the block moves to the next page whole


def _annex(w: Writer, f: Figures, settings: dict[str, Any]) -> None:
    """The list of cooperatives, one row each, on landscape pages."""
    section = w.doc.add_section(WD_SECTION.NEW_PAGE)
    # The empty paragraph that ends the first section: one point high, so it never makes a page of its own.
    w.doc.paragraphs[-1].paragraph_format.line_spacing = Pt(1)
    section.orientation = WD_ORIENT.LANDSCAPE
    first = w.doc.sections[0]
    section.page_width, section.page_height = first.page_height, first.page_width
    section.different_first_page_header_footer = False  # the annex's first page is numbered too
    w.para("annex_title", "Phụ lục")
    w.para("summary", f"Danh sách HTX, THT do phụ nữ tham gia quản lý đến ngày {format_date(f.period.end)}")
    w.para("place_date", f"(Kèm theo Báo cáo số …/BC-{settings['symbol']} ngày … tháng … năm …)")
    w.para("body", "")
    coops = sorted(f.cooperatives, key=lambda c: (c.type, sort_key(c.current_commune.name), sort_key(c.name), c.id))
    rows = [
        [
            str(index),
            c.name,
            c.type,
            c.current_commune.label + (f" (trước đây {c.commune.label})" if c.former_commune else ""),
            format_date(c.founded_date) if len(c.founded) > 4 else c.founded,
            c.status[0].upper() + c.status[1:],
            f"{format_number(c.members_female)}/{format_number(c.members_total)}",
            format_number(c.female_workers),
            format_number(c.women_managers),
        ]
        for index, c in enumerate(coops, 1)
    ]
    header = ["TT", "Tên HTX, THT", "Loại", "Xã", "Thành lập", "Tình trạng", "Thành viên nữ/tổng", "Lao động nữ"]
    w.table([*header, "Nữ quản lý"], rows, ANNEX_COLUMNS_CM, {0, 2, 4, 6, 7, 8})


def deterministic_docx(data: bytes, epoch: int) -> bytes:
    """The same .docx with every entry dated at epoch (not before 1980), so equal input gives equal bytes."""
    moment = max(dt.datetime.fromtimestamp(epoch, dt.UTC), dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
    stamp = moment.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()
