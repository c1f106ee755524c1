"""Write site_config/bao-cao-mau.docx: the Word template of the periodic report.

The template holds the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I: A4 paper, the margins,
the page number centred in the top margin from page 2, and one named style per part of the
report (Times New Roman, the sizes and weights the decree prescribes). The report
(generator/report.py) adds its text with these styles, so staff can open the template in Word,
change a style, save, and every later report follows. Run it again only to start over:

    .venv/bin/python -m generator.report_template
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .report import TEMPLATE
from .report_docx import STYLES, deterministic_docx

# The elements that follow w:pBdr inside w:pPr (ECMA-376 part 1, 17.3.1.26): Word reads the
# paragraph properties in this order only.
PPR_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT

# name: (size pt, bold, italic, all caps, alignment, first-line indent cm, space before pt, space after pt)
SPECS: dict[str, tuple[float, bool, bool, bool, object, float, float, float]] = {
    "governing": (13, False, False, True, CENTER, 0, 0, 0),
    "issuing": (13, True, False, True, CENTER, 0, 0, 0),
    "national": (12, True, False, True, CENTER, 0, 0, 0),
    "motto": (14, True, False, False, CENTER, 0, 0, 0),
    "rule": (2, False, False, False, CENTER, 0, 3, 0),
    "number": (13, False, False, False, CENTER, 0, 6, 0),
    "place_date": (14, False, True, False, CENTER, 0, 6, 0),
    "doc_type": (14, True, False, True, CENTER, 0, 18, 0),
    "summary": (14, True, False, False, CENTER, 0, 0, 0),
    "heading": (14, True, False, False, JUSTIFY, 1.27, 12, 6),
    "subheading": (14, True, False, False, JUSTIFY, 1.27, 6, 6),
    "body": (14, False, False, False, JUSTIFY, 1.27, 0, 6),
    "placeholder": (14, False, True, False, JUSTIFY, 1.27, 0, 6),
    "table": (12, False, False, False, LEFT, 0, 2, 2),
    "table_head": (12, True, False, False, CENTER, 0, 2, 2),
    "annex_title": (14, True, False, True, CENTER, 0, 0, 6),
    "recipients_title": (12, True, True, False, LEFT, 0, 12, 0),
    "recipients": (11, False, False, False, LEFT, 0, 0, 0),
    "signer_role": (14, True, False, True, CENTER, 0, 12, 0),
    "signer_name": (14, True, False, False, CENTER, 0, 72, 0),
}


def main(out: Path = TEMPLATE) -> None:
    """Write the template, the same bytes every time."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)

    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")  # Word's font for East Asian text
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    for key, (size, bold, italic, caps, align, indent, before, after) in SPECS.items():
        style = doc.styles.add_style(STYLES[key], WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size, style.font.bold, style.font.italic, style.font.all_caps = Pt(size), bold, italic, caps
        fmt = style.paragraph_format
        fmt.alignment, fmt.first_line_indent = align, Cm(indent) if indent else None
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.line_spacing = 1.15 if key in ("body", "placeholder", "heading", "subheading") else 1.0
        # Headings stay with their text; the signer's title with the name, so the block never splits.
        fmt.keep_with_next = key in ("heading", "subheading", "doc_type", "summary", "signer_role")
    doc.styles[STYLES["placeholder"]].font.highlight_color = WD_COLOR_INDEX.YELLOW
    _bottom_border(doc.styles[STYLES["rule"]])

    # Page numbers: Arabic, centred in the top margin, none on the first page.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.style = doc.styles["Header"]
    number.alignment = CENTER
    doc.styles["Header"].font.name, doc.styles["Header"].font.size = "Times New Roman", Pt(14)
    _page_field(number)

    doc.core_properties.title = "Mẫu báo cáo định kỳ thực hiện Kế hoạch"
    doc.core_properties.author = doc.core_properties.last_modified_by = "Cổng thông tin HTX phụ nữ"
    buffer = io.BytesIO()
    doc.save(buffer)
    out.write_bytes(deterministic_docx(buffer.getvalue(), 0))
    print(out)


def _bottom_border(style) -> None:
    """A solid line under the paragraph: python-docx has no border API, so the element is built."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    style.element.get_or_add_pPr().insert_element_before(borders, *PPR_AFTER_BORDER)


def _page_field(paragraph) -> None:
    """Word's PAGE field (the page's number), shown as 2 until Word or LibreOffice updates it."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


if __name__ == "__main__":
    main()
