"""The plan's periodic report (python -m generator report): the layout of Nghị định 30/2020 read
back with python-docx, every target figure against /tien-do/ built from the same data, the PDF
that LibreOffice makes of it, the errors staff see, and the manual workflow that attaches it.

LibreOffice, pdftotext and the Liberation fonts are Debian's, installed by `make office` (a
prerequisite of `make test`).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import DATA, EPOCH, ROOT, run_generator
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator import report, report_docx, report_template  # noqa: E402
from generator.problems import DataError  # noqa: E402

PERIODS = ("2025-H1", "2025")  # the sample's reported periods (data/indicators.csv)
WORKFLOW = ROOT / ".github" / "workflows" / "report.yml"
SETTINGS = yaml.safe_load((ROOT / "site_config" / "portal.yml").read_text(encoding="utf-8"))["report"]
DATE_LINE = f"{SETTINGS['place']}, ngày 26 tháng 11 năm 2025"  # conftest's EPOCH, in Vietnam's time
NOTES = ROOT / "content" / "bao-cao"


# --- building --------------------------------------------------------------------------------


def _data_as_of(period: str, target: Path) -> Path:
    """A copy of the sample as it stood when the period closed: no figure reported after it."""
    shutil.copytree(DATA, target)
    path = target / "indicators.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    kept = [r for r in rows if _key(r["period"]) <= _key(period)]
    assert 0 < len(kept) <= len(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    founded = [r["founded"] for r in csv.DictReader((target / "cooperatives.csv").open(encoding="utf-8"))]
    end = "2025-06-30" if period.endswith("H1") else "2025-12-31"
    assert all(f[:10] <= end for f in founded), "the sample has a cooperative founded after the period"
    return target


def _key(period: str) -> tuple[int, int]:
    year, _, half = period.partition("-")
    return int(year), {"H1": 1, "H2": 2, "": 3}[half]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Per period: the report (.docx, .pdf) and /tien-do/ of a site built from the same data."""
    base = tmp_path_factory.mktemp("report")
    result: dict[str, dict[str, Path]] = {}
    for period in PERIODS:
        folder = base / period
        data = _data_as_of(period, folder / "data")
        out = folder / f"bao-cao-{period}.docx"
        made = run_generator("report", "--period", period, "--data", str(data), "--out", str(out), cwd=folder)
        assert made.code == 0, made.out + made.err
        assert made.out.strip() == str(out)
        site = run_generator(
            "build", "--data", str(data), "--out", str(folder / "site"), "--work", str(folder / "build"), cwd=folder
        )
        assert site.code == 0, site.out + site.err
        result[period] = {"docx": out, "progress": folder / "site" / "tien-do" / "index.html", "folder": folder}
    return result


@pytest.fixture(scope="module")
def pdfs(built: dict[str, dict[str, Path]]) -> dict[str, Path]:
    """Each report converted by Debian's LibreOffice, headless, with a throwaway profile."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: run `make office` (make test does)"
    result = {}
    for period, paths in built.items():
        folder = paths["folder"]
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{folder / 'lo-profile'}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(paths["docx"]),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        result[period] = paths["docx"].with_suffix(".pdf")
        assert result[period].is_file()
    return result


def _pdf_text(pdf: Path, page: int) -> str:
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True, capture_output=True, text=True
    )
    return out.stdout


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- reading the document back -----------------------------------------------------------------


def _style_value(style, attr: str, part: str = "font"):
    """A formatting value as Word resolves it: the style, then the styles it is based on."""
    while style is not None:
        value = getattr(getattr(style, part), attr)
        if value is not None:
            return value
        style = style.base_style
    return None


def _font(paragraph, attr: str):
    runs = [getattr(run.font, attr) for run in paragraph.runs if getattr(run.font, attr) is not None]
    return runs[0] if runs else _style_value(paragraph.style, attr)


def _para(paragraph, attr: str):
    value = getattr(paragraph.paragraph_format, attr)
    return value if value is not None else _style_value(paragraph.style, attr, "paragraph_format")


def _cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _table_starting(doc, first: str):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == first)


def _progress_rows(page: Path) -> dict[str, tuple[str, str, str, str]]:
    """The /tien-do/ table: label -> (section, target, result, period), as the page prints them."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one('table[aria-labelledby="bang-chi-tieu"]')
    rows = {}
    for tr in table.select("tbody tr"):
        label = tr.th.get_text(" ", strip=True)
        section, target, result, period, _source = (td.get_text(" ", strip=True) for td in tr.find_all("td"))
        # The page adds the state in words: "(đạt chỉ tiêu)", "(vượt chỉ tiêu)", "(chưa đạt chỉ tiêu)".
        rows[label] = (section, target, re.sub(r" \((đạt|vượt|chưa đạt) chỉ tiêu\)$", "", result), period)
    return rows


def _number(text: str) -> float:
    """'≥ 80%' -> 80, '368 người' -> 368, '54,5%' -> 54.5."""
    digits = re.search(r"\d[\d.]*(,\d+)?", text).group(0)
    return float(digits.replace(".", "").replace(",", "."))


# --- layout ----------------------------------------------------------------------------------


@pytest.mark.parametrize("period", PERIODS)
def test_page_is_a4_with_the_decrees_margins_and_numbers_from_page_two(built, period: str) -> None:
    doc = Document(str(built[period]["docx"]))
    first = doc.sections[0]
    for measured, expected in (
        (first.page_width, Mm(210)),
        (first.page_height, Mm(297)),
        (first.top_margin, Mm(20)),
        (first.bottom_margin, Mm(20)),
        (first.left_margin, Mm(30)),
        (first.right_margin, Mm(15)),
    ):
        assert abs(measured - expected) < Mm(0.5), (measured, expected)
    assert first.different_first_page_header_footer
    assert not "".join(p.text for p in first.first_page_header.paragraphs).strip()
    number = first.header.paragraphs[0]
    assert 'w:instr="PAGE"' in number._p.xml  # noqa: SLF001 - the field itself has no python-docx API
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert 13 <= _font(number, "size").pt <= 14
    annex = doc.sections[-1]
    assert annex.page_width > annex.page_height  # the annex table is landscape, still numbered
    assert not annex.different_first_page_header_footer
    assert doc.styles["Normal"].font.name == "Times New Roman"
    for paragraph in doc.paragraphs:
        assert (paragraph.style.font.name or "Times New Roman") == "Times New Roman", paragraph.style.name


@pytest.mark.parametrize("period", PERIODS)
def test_header_block_has_the_bodies_quoc_hieu_tieu_ngu_number_and_date(built, period: str) -> None:
    doc = Document(str(built[period]["docx"]))
    header = doc.tables[0]
    (left, right), (number, place) = header.rows[0].cells, header.rows[1].cells
    governing, issuing, rule = left.paragraphs
    national, motto, motto_rule = right.paragraphs
    assert governing.text == SETTINGS["governing_body"] and issuing.text == SETTINGS["issuing_body"]
    assert _font(governing, "all_caps") and _font(issuing, "all_caps")
    assert not _font(governing, "bold") and _font(issuing, "bold")
    assert all(12 <= _font(p, "size").pt <= 13 for p in (governing, issuing, national))
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and _font(national, "bold")
    assert not _font(national, "italic")
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and _font(motto, "bold")
    assert 13 <= _font(motto, "size").pt <= 14
    # The lines under the issuing body (1/3 to 1/2 of its name) and under the Tiêu ngữ (as long as it).
    for line in (rule, motto_rule):
        assert "w:bottom" in line.style.element.xml and not line.text
    rule_cm = (header.columns[0].width - 2 * rule.paragraph_format.left_indent) / Cm(1)
    assert 1.5 <= rule_cm <= 3.5
    motto_cm = (header.columns[1].width - 2 * motto_rule.paragraph_format.left_indent) / Cm(1)
    assert 5.5 <= motto_cm <= 7.0
    assert number.paragraphs[0].text == f"Số: …/BC-{SETTINGS['symbol']}"
    assert _font(number.paragraphs[0], "size").pt == 13
    date = place.paragraphs[0]
    assert date.text == DATE_LINE and _font(date, "italic") and 13 <= _font(date, "size").pt <= 14


@pytest.mark.parametrize("period", PERIODS)
def test_title_summary_body_and_signature_follow_the_decree(built, period: str) -> None:
    doc = Document(str(built[period]["docx"]))
    paragraphs = doc.paragraphs
    title = next(p for p in paragraphs if p.style.name == report_docx.STYLES["doc_type"])
    assert title.text == "Báo cáo" and _font(title, "all_caps") and _font(title, "bold")
    summary = paragraphs[paragraphs.index(title) + 1]
    label = "6 tháng đầu năm 2025" if period == "2025-H1" else "năm 2025"
    assert summary.text == f"Kết quả {label} thực hiện Kế hoạch số 34/KH-UBND ngày 10/03/2025"
    assert _font(summary, "bold") and 13 <= _font(summary, "size").pt <= 14
    assert _para(summary, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert paragraphs[paragraphs.index(title) + 2].style.name == report_docx.STYLES["rule"]
    body = [p for p in paragraphs if p.style.name == report_docx.STYLES["body"] and p.text]
    assert len(body) > 10
    for p in body[:3]:
        assert 13 <= _font(p, "size").pt <= 14
        assert _para(p, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert Cm(1) <= _para(p, "first_line_indent") <= Cm(1.27) + 1
        assert _para(p, "space_after") >= Pt(6)
        assert 1.0 <= _para(p, "line_spacing") <= 1.5
    headings = [p.text for p in paragraphs if p.style.name == report_docx.STYLES["heading"]]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III"]

    signature = next(t for t in doc.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    left, right = signature.rows[0].cells
    heading, *recipients = left.paragraphs
    assert _font(heading, "italic") and _font(heading, "bold") and _font(heading, "size").pt == 12
    assert [p.text for p in recipients] == [f"- {line}" for line in SETTINGS["recipients"]]
    assert all(_font(p, "size").pt == 11 for p in recipients)
    authority, position, name = right.paragraphs
    assert (authority.text, position.text) == (SETTINGS["signer_authority"], SETTINGS["signer_position"])
    for p in (authority, position, name):
        assert _font(p, "bold") and 13 <= _font(p, "size").pt <= 14
    assert _font(authority, "all_caps") and _font(position, "all_caps")


# --- the figures: the same as /tien-do/ ----------------------------------------------------------


@pytest.mark.parametrize("period", PERIODS)
def test_every_target_figure_equals_the_progress_page_of_the_same_data(built, period: str) -> None:
    doc = Document(str(built[period]["docx"]))
    rows = _cells(_table_starting(doc, "Mục"))
    assert rows[0] == ["Mục", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Tỷ lệ đạt", "Đánh giá", "Kỳ số liệu"]
    page = _progress_rows(built[period]["progress"])
    targets = plan_targets()
    assert [r[1] for r in rows[1:]] == [spec["label"] for spec in targets.values()]  # every target, in order
    assert set(page) == {r[1] for r in rows[1:]}
    for section, label, target, result, ratio, verdict, figure_period in rows[1:]:
        site_section, site_target, site_result, site_period = page[label]
        assert (section, target, result) == (site_section, site_target, site_result), label
        key = next(k for k, spec in targets.items() if spec["label"] == label)
        if result == "Chưa có số liệu":
            assert (ratio, verdict) == ("—", "—")
            continue
        expected = round(100 * _number(result) / _number(target), 1)
        assert _number(ratio) == expected, label
        assert verdict == ("Đạt" if _number(result) >= _number(target) else "Chưa đạt"), label
        # A reported figure names the period it was reported for; a derived one, the report's.
        assert figure_period == (period if targets[key].get("derive") else site_period), label


def plan_targets() -> dict:
    """The plan's targets in portal.yml, read fresh for each test."""
    return yaml.safe_load((ROOT / "site_config" / "portal.yml").read_text(encoding="utf-8"))["targets"]


def test_the_half_year_uses_the_half_years_figures_and_the_year_the_years(built) -> None:
    half = {r[1]: r[3] for r in _cells(_table_starting(Document(str(built["2025-H1"]["docx"])), "Mục"))}
    year = {r[1]: r[3] for r in _cells(_table_starting(Document(str(built["2025"]["docx"])), "Mục"))}
    label = plan_targets()["union_staff_trained"]["label"]
    assert (half[label], year[label]) == ("60%", "100%")  # data/indicators.csv, 2025-H1 and 2025


def test_the_cooperative_figures_and_annex_come_from_the_data(built) -> None:
    doc = Document(str(built["2025"]["docx"]))
    with (DATA / "cooperatives.csv").open(encoding="utf-8") as handle:
        coops = [r for r in csv.DictReader(handle) if int(r["women_managers"]) >= 1]
    annex_table = _table_starting(doc, "TT")
    assert "<w:tblHeader/>" in annex_table.rows[0]._tr.xml  # noqa: SLF001 - repeats on each page
    annex = _cells(annex_table)
    assert len(annex) - 1 == len(coops)
    assert {r[1] for r in annex[1:]} == {c["name"] for c in coops}
    by_name = {c["name"]: c for c in coops}
    for row in annex[1:]:
        coop = by_name[row[1]]
        assert row[2] == coop["type"]
        assert row[6] == f"{coop['members_female']}/{coop['members_total']}"
        assert row[7] == coop["female_workers"]
    communes = _cells(_table_starting(doc, "Xã"))
    total = communes[-1]
    htx, tht = (sum(1 for c in coops if c["type"] == kind) for kind in ("HTX", "THT"))
    assert total[:3] == ["Tổng cộng", str(htx), str(tht)]
    assert sum(int(r[1]) for r in communes[1:-1]) == htx and sum(int(r[2]) for r in communes[1:-1]) == tht
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Trong năm 2025 thành lập mới 1 THT: Tổ hợp tác trồng nấm rơm Vĩnh Thuận" in text
    assert "Trong năm 2025 có 2 điển hình được khen thưởng" in text
    assert "Trong năm 2025 đăng 2 tin bài:" in text


def test_staff_notes_fill_sections_two_and_three_and_placeholders_mark_the_rest(built) -> None:
    half = [p for p in Document(str(built["2025-H1"]["docx"])).paragraphs]
    texts = [p.text for p in half]
    assert "- Quy mô các tổ hợp tác còn nhỏ, vốn ít, thiếu liên kết tiêu thụ ổn định." in texts
    assert not [p for p in half if p.style.name == report_docx.STYLES["placeholder"]]
    bold = next(p for p in half if p.text.startswith("Các cấp Hội đã chủ động"))
    assert [r.text for r in bold.runs if r.bold] == ["một tổ hợp tác mới"]
    year = Document(str(built["2025"]["docx"])).paragraphs
    assert not (NOTES / "2025.md").exists()
    marks = [p for p in year if p.style.name == report_docx.STYLES["placeholder"]]
    assert len(marks) == 2
    assert all(p.text.startswith("[Cần bổ sung:") and "content/bao-cao/2025.md" in p.text for p in marks)
    assert marks[0].style.font.highlight_color is not None


def test_a_period_without_reported_figures_says_so_instead_of_zero(data_copy: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    (data_copy / "indicators.csv").write_text("indicator,period,value,note,source\n", encoding="utf-8")
    out = report.write_report(data_copy, "2025-H1", tmp_path / "r.docx", notes_dir=tmp_path)
    doc = Document(str(out))
    rows = {r[1]: r for r in _cells(_table_starting(doc, "Mục"))}
    label = plan_targets()["members_vocational"]["label"]
    assert rows[label][3:6] == ["Chưa có số liệu", "—", "—"]
    texts = [p.text for p in doc.paragraphs]
    assert f"- {label}: chưa có số liệu trong 6 tháng đầu năm 2025." in texts
    assert not any(re.search(r"\b0%", t) for t in texts)


# --- the PDF ---------------------------------------------------------------------------------


@pytest.mark.parametrize("period", PERIODS)
def test_libreoffice_pdf_first_page_has_header_title_and_date(pdfs, period: str) -> None:
    first = _flat(_pdf_text(pdfs[period], 1))
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", DATE_LINE):
        assert text in first, text
    assert "HỘI LIÊN HIỆP PHỤ NỮ" in first and "Số: …/BC-HLHPN" in first
    assert not first.startswith("1 ")  # no number on the first page
    assert _pdf_text(pdfs[period], 2).split()[0] == "2"
    info = subprocess.run(["pdfinfo", str(pdfs[period])], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info


# --- determinism, errors ---------------------------------------------------------------------


def test_same_data_gives_the_same_bytes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    one = report.write_report(DATA, "2025", tmp_path / "one.docx").read_bytes()
    two = report.write_report(DATA, "2025", tmp_path / "two.docx").read_bytes()
    assert one == two


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2025-H3", "--period 2025-H3: kỳ báo cáo không hợp lệ. Ghi năm (ví dụ 2025) cho báo cáo năm, hoặc 2025-H1"),
        ("25", "--period 25: kỳ báo cáo không hợp lệ."),
        ("2024", "--period 2024: Kế hoạch bắt đầu từ năm 2025; hãy chọn kỳ từ năm 2025."),
        ("2026-H1", "--period 2026-H1: kỳ này bắt đầu ngày 01/01/2026, sau hôm nay (26/11/2025)."),
    ],
)
def test_a_wrong_period_is_a_vietnamese_message_and_writes_nothing(tmp_path: Path, period: str, message: str):
    out = tmp_path / "r.docx"
    result = run_generator("report", "--period", period, "--out", str(out), cwd=ROOT)
    assert result.code == 1
    assert result.err.startswith(message), result.err
    assert "Traceback" not in result.err + result.out
    assert not out.exists()


def test_invalid_data_prints_the_located_problems_like_check_and_writes_nothing(data_copy: Path, tmp_path: Path):
    path = data_copy / "cooperatives.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",14,9,11,3,", ",14,90,11,3,", 1), encoding="utf-8")
    out = tmp_path / "r.docx"
    made = run_generator("report", "--period", "2025", "--data", str(data_copy), "--out", str(out), cwd=tmp_path)
    checked = run_generator("check", "--data", str(data_copy), cwd=tmp_path)
    assert made.code == checked.code == 1
    assert made.lines == checked.lines and made.lines
    assert made.lines[0].startswith(f"{data_copy}/cooperatives.csv:2:")
    assert made.err.strip() == f"Chưa tạo báo cáo: có {len(made.lines)} lỗi cần sửa."
    assert not out.exists()


def test_a_template_missing_a_style_or_not_a_docx_is_named(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    broken = Document(str(report.TEMPLATE))
    broken.styles[report_docx.STYLES["body"]].name = "Nội dung"  # renamed in Word
    template = tmp_path / "mau.docx"
    broken.save(str(template))
    with pytest.raises(report.ReportError) as error:
        report.write_report(DATA, "2025", tmp_path / "r.docx", template=template)
    assert error.value.messages == [
        f"{template}: thiếu kiểu (style) “BC Nội dung”. Trong Word, đừng xoá hay đổi tên kiểu này; "
        "chỉ sửa định dạng của nó (phông, cỡ chữ, khoảng cách)."
    ]
    template.write_text("không phải tệp Word", encoding="utf-8")
    with pytest.raises(report.ReportError) as error:
        report.write_report(DATA, "2025", tmp_path / "r.docx", template=template)
    assert error.value.messages[0].startswith(f"{template}: không mở được mẫu báo cáo")
    assert not (tmp_path / "r.docx").exists()


def test_notes_with_a_section_the_report_does_not_take_are_located(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    (tmp_path / "2025.md").write_text("# Báo cáo năm\n\n## Kết quả\n\nĐã làm.\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        report.write_report(DATA, "2025", tmp_path / "r.docx", notes_dir=tmp_path)
    lines = [str(p) for p in error.value.problems]
    assert lines[0].endswith(
        "2025.md:3:*: Mục “## Kết quả” không dùng được: báo cáo chỉ lấy hai mục “## Đánh giá” "
        "(khó khăn, hạn chế) và “## Phương hướng” (nhiệm vụ kỳ tới)."
    )
    assert len(lines) == 2 and ":5:*: Dòng này nằm ngoài mục nào" in lines[1]
    assert not (tmp_path / "r.docx").exists()


def test_a_missing_report_setting_is_located_in_portal_yml(tmp_path: Path) -> None:
    text = (ROOT / "site_config" / "portal.yml").read_text(encoding="utf-8")
    broken = tmp_path / "portal.yml"
    broken.write_text(re.sub(r"\n  issuing_body: .*", "\n  issuing_body: ''", text), encoding="utf-8")
    config = yaml.safe_load(broken.read_text(encoding="utf-8"))
    with pytest.raises(DataError) as error:
        report.report_settings(config, broken)
    line = broken.read_text(encoding="utf-8").splitlines().index("  issuing_body: ''") + 1
    assert [str(p) for p in error.value.problems] == [
        f"{broken}:{line}:report.issuing_body: cần ghi cơ quan ban hành báo cáo: một dòng chữ."
    ]


def test_the_template_script_makes_every_style_the_report_uses(tmp_path: Path) -> None:
    out = tmp_path / "mau.docx"
    report_template.main(out)
    names = {s.name for s in Document(str(out)).styles}
    assert set(report_docx.STYLES.values()) | {report_docx.TABLE_STYLE} <= names
    committed = {s.name for s in Document(str(report.TEMPLATE)).styles}
    assert set(report_docx.STYLES.values()) <= committed


def test_the_report_notes_are_not_published(built_site: Path) -> None:
    assert (NOTES / "2025-H1.md").is_file()
    assert not [p for p in built_site.rglob("*") if "bao-cao" in p.parts]
    note = "Quy mô các tổ hợp tác còn nhỏ"
    assert not [p for p in built_site.rglob("*.html") if note in p.read_text(encoding="utf-8")]


# --- the manual workflow ---------------------------------------------------------------------


def test_the_report_workflow_is_manual_builds_the_report_and_attaches_docx_and_pdf() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    on = workflow.get("on", workflow.get(True))
    assert list(on) == ["workflow_dispatch"]
    period = on["workflow_dispatch"]["inputs"]["period"]
    assert period["required"] and period["type"] == "string"
    assert workflow["permissions"] == {}  # it publishes nothing
    assert workflow["jobs"]["report"]["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["report"]["steps"]
    runs = [s.get("run", "") for s in steps]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert "make office" in runs
    build = next(s for s in steps if "make report" in s.get("run", ""))
    assert build["env"] == {"PERIOD": "${{ inputs.period }}", "COMMUNE": "${{ inputs.commune }}"}
    assert "${{" not in build["run"]  # the inputs reach the shell as variables only
    assert 'make report PERIOD="$PERIOD" COMMUNE="$COMMUNE"' in build["run"]
    assert "bao-cao-$PERIOD${COMMUNE:+-$COMMUNE}.pdf" in build["run"]
    commune = on["workflow_dispatch"]["inputs"]["commune"]
    assert not commune["required"] and commune["default"] == ""  # empty: the portal-wide roll-up
    assert runs.index("make privacy") < runs.index("make office") < steps.index(build)
    upload = steps[uses.index("actions/upload-artifact")]
    assert steps.index(build) < steps.index(upload)
    assert set(upload["with"]["path"].split()) == {"bao-cao/*.docx", "bao-cao/*.pdf"}
    assert upload["with"]["if-no-files-found"] == "error"
    assert not [u for u in uses if "pages" in u]


def test_make_report_and_office_exist_and_test_installs_office() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: .*\boffice\b", makefile, re.MULTILINE)
    office = re.search(r"^office:.*?(?=^\S)", makefile, re.MULTILINE | re.DOTALL).group(0)
    for package in ("libreoffice-writer-nogui", "poppler-utils", "fonts-liberation"):
        assert package in office
    assert "generator report --period" in makefile


def test_report_command_is_documented_for_staff() -> None:
    guide = (ROOT / "HUONG_DAN.md").read_text(encoding="utf-8")
    for words in ("make report PERIOD=2025-H1", "content/bao-cao/", "## Đánh giá", "## Phương hướng", "Artifacts"):
        assert words in guide, words
    for key in report.REPORT_KEYS:
        assert f"`{key}`" in guide, key


def test_an_out_path_that_cannot_be_written_is_a_message(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(report.ReportError) as error:
        report.write_report(DATA, "2025", blocker / "r.docx")
    assert error.value.messages[0].startswith(f"--out {blocker / 'r.docx'}: không ghi được tệp (")
    assert blocker.read_text(encoding="utf-8") == "x"


def test_an_empty_signer_name_is_no_name(tmp_path: Path) -> None:
    path = ROOT / "site_config" / "portal.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["report"]["signer_name"] = None  # `signer_name:` with nothing after it
    assert report.report_settings(config, path)["signer_name"] == ""


def test_no_table_row_splits_across_pages_and_header_rows_repeat(built) -> None:
    for period in PERIODS:
        doc = Document(str(built[period]["docx"]))
        tables = [t for t in doc.tables if t.style is not None and t.style.name == report_docx.TABLE_STYLE]
        assert len(tables) >= 3, period  # communes, targets, annex
        for table in tables:
            for index, row in enumerate(table.rows):
                xml = row._tr.xml  # noqa: SLF001 - python-docx has no setting for these row properties
                assert "<w:cantSplit/>" in xml, (period, table.rows[0].cells[0].text, index)
                assert ("<w:tblHeader/>" in xml) == (index == 0), (period, table.rows[0].cells[0].text, index)


@pytest.mark.parametrize(
    ("period", "says"),
    [
        ("2025-H1", "Trong 6 tháng đầu năm 2025 có"),
        ("2025-H2", "Lũy kế năm 2025 (đến hết 6 tháng cuối năm 2025) có"),
        ("2025", "Trong năm 2025 có"),
    ],
)
def test_the_honours_sentence_fits_the_period(period: str, says: str) -> None:
    parsed = report.parse_period(period, 2025, dt.date(2026, 1, 15))
    assert report_docx.honours_in(parsed) + " có" == says
    if parsed.half:
        assert not says.startswith("Năm ")


def test_a_half_year_report_never_words_the_year(built) -> None:
    text = "\n".join(p.text for p in Document(str(built["2025-H1"]["docx"])).paragraphs)
    assert "Trong 6 tháng đầu năm 2025 có 2 điển hình được khen thưởng" in text
    assert "Năm 2025 có" not in text


def test_make_report_prints_only_its_result(tmp_path: Path) -> None:
    """The report target's own commands and LibreOffice's Java warning stay off the terminal."""
    skip = shutil.ignore_patterns(".venv", "node_modules", "site", "build", ".git", "bao-cao")
    shutil.copytree(ROOT, tmp_path / "repo", ignore=skip)
    (tmp_path / "repo" / ".venv").symlink_to(ROOT / ".venv")
    done = subprocess.run(
        ["make", "--no-print-directory", "report", "PERIOD=2025-H1"],
        cwd=tmp_path / "repo",
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (done.stdout + done.stderr).splitlines() == ["bao-cao/bao-cao-2025-H1.docx", "bao-cao/bao-cao-2025-H1.pdf"]
