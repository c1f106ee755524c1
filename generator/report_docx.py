"""The report as a Word document: the template's styles (site_config/bao-cao-mau.docx, which staff
may restyle in Word), the header block, sections I to III, the signature and the annex, in the
layout of Nghị định 30/2020/NĐ-CP, Phụ lục I; the bytes are the same for the same input."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt

from . import model, pipeline
from .messages import say
from .report_figures import Figures, actual_text, count_of, ratio_text, share_of, target_text
from .report_period import Period, ReportError
from .text import format_date, format_number, sort_key

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
STATUS_PHRASES = {"hoạt động": "đang hoạt động", "tạm ngừng": "tạm ngừng hoạt động", "giải thể": "đã giải thể"}


# --- the document ----------------------------------------------------------------------------


class Writer:
    """Adds the report's parts to a document opened from the template, with its styles only."""

    def __init__(self, template: Path):
        display = pipeline.display_path(template)
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
        for row in table.rows:
            _row_property(row, "w:cantSplit")  # a row moves to the next page whole, never cut in two
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
            f"{STATUS_PHRASES[status]} {count_of([c for c in coops if c.status == status], 'HTX')} HTX, "
            f"{count_of([c for c in coops if c.status == status], 'THT')} THT"
            for status in STATUS_PHRASES
            if any(c.status == status for c in coops)
        )
        w.para(
            "body",
            f"Đến ngày {end}, toàn địa bàn có {count_of(coops, 'HTX')} hợp tác xã (HTX) và {count_of(coops, 'THT')} "
            f"tổ hợp tác (THT) do phụ nữ tham gia quản lý (có ít nhất một phụ nữ giữ chức vụ quản lý). "
            f"Theo tình trạng: {by_status}.",
        )
        w.para("body", "Theo đơn vị hành chính hiện nay:")
        rows = [
            [
                commune.label[0].upper() + commune.label[1:],
                str(count_of(members, "HTX")),
                str(count_of(members, "THT")),
                format_number(sum(c.female_workers for c in members if c.status == "hoạt động")),
            ]
            for commune, members in f.communes
        ]
        active = [c for c in coops if c.status == "hoạt động"]
        rows.append(
            ["**Tổng cộng**", f"**{count_of(coops, 'HTX')}**", f"**{count_of(coops, 'THT')}**"]
            + [f"**{format_number(sum(c.female_workers for c in active))}**"]
        )
        w.table(["Xã", "HTX", "THT", "Lao động nữ (đơn vị đang hoạt động)"], rows, (6.5, 2.5, 2.5, 5.0), {1, 2, 3})
        w.para("body", "")
    if f.new:
        names = "; ".join(f"{c.name} ({c.current_commune.label}, {_founded(c)})" for c in f.new)
        counts = " và ".join(f"{count_of(f.new, kind)} {kind}" for kind in ("HTX", "THT") if count_of(f.new, kind))
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
            f"thành viên nữ ({share_of(female, total)}); tạo việc làm cho "
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
        w.para("body", f"{honours_in(period)} có {len(f.honours)} điển hình được khen thưởng, biểu dương:")
        for h in f.honours:
            by = f" ({h.awarded_by})" if h.awarded_by else ""
            w.para("body", f"- {h.name} ({h.kind}): {h.award}{by}.")
    else:
        w.para("body", f"Chưa có điển hình tiên tiến nào được ghi nhận trong {period.label}.")

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


def honours_in(period: Period) -> str:
    """The time the honours of a period cover, as a sentence starts: models carry only the year
    of their award, so a half-year report counts the year's awards up to its end."""
    if period.half == 2:
        return f"Lũy kế năm {period.year} (đến hết {period.label})"
    return f"Trong {period.label}"


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
