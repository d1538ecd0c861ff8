"""Drawing on 16:9 PPTX slides (python-pptx): text boxes, banded tables, the 演示数据 tag, footers, in CJK type.

Pure (no streamlit). Text is native PowerPoint text in 微软雅黑 (Microsoft YaHei), which every Windows
PowerPoint and WPS has, set as the Latin and East Asian font of every run, so the deck opens at the meeting
as it was laid out (a font the meeting room's PC lacks is substituted and the text reflows). Positions are inches.
"""

from __future__ import annotations

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Inches, Pt

from ui.style import labels, theme

FONT = "Microsoft YaHei"
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
BLANK_LAYOUT = 6  # the default template's empty layout


def new_deck() -> Presentation:
    """An empty 16:9 presentation."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    return prs


def add_blank_slide(prs):
    """A slide with no placeholders, appended to the deck."""
    return prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


def style_run(run, size: float, *, bold: bool = False, colour: str = theme.TEXT) -> None:
    """Size, weight, colour and the CJK font of one run, Latin and East Asian alike."""
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, rgb(colour)
    run.font.name = FONT  # a:latin
    ea = OxmlElement("a:ea")  # python-pptx has no API for the East Asian face; it follows a:latin in the schema
    ea.set("typeface", FONT)
    run._r.get_or_add_rPr().find(qn("a:latin")).addnext(ea)


def add_text(slide, box: tuple[float, float, float, float], lines, *, size: float = 14, bold: bool = False,
             colour: str = theme.TEXT, gap: float = 0):
    """A text box at (left, top, width, height) inches; lines: strings or (text, size, bold, colour), gap pt apart."""
    shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
    frame = shape.text_frame
    frame.word_wrap = True
    for i, line in enumerate([lines] if isinstance(lines, str) else lines):
        words, line_size, line_bold, line_colour = (line, size, bold, colour) if isinstance(line, str) else line
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(gap)
        run = paragraph.add_run()
        run.text = words
        style_run(run, line_size, bold=line_bold, colour=line_colour)
    return shape


def add_table(slide, box: tuple[float, float, float, float], header: list[str], rows: list[list[str]],
              widths: list[float], *, size: float, right: tuple[int, ...] = (), header_height: float = 0.0) -> None:
    """A native table at box's (left, top) with box's row height, in inches: a blue header, banded rows.

    Columns in `right` (numbers) are right-aligned; a newline in a cell starts a second line.
    """
    left, top, row_height = box[0], box[1], box[3]
    header_height = header_height or row_height
    shape = slide.shapes.add_table(len(rows) + 1, len(header), Inches(left), Inches(top), Inches(sum(widths)),
                                   Inches(header_height + row_height * len(rows)))
    table = shape.table
    for j, w in enumerate(widths):
        table.columns[j].width = Inches(w)
    for i, values in enumerate([header, *rows]):
        table.rows[i].height = Inches(header_height if i == 0 else row_height)
        for j, value in enumerate(values):
            cell = table.cell(i, j)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.fill.solid()
            cell.fill.fore_color.rgb = rgb(theme.PRIMARY if i == 0 else theme.GRID if i % 2 == 0 else
                                           theme.BACKGROUND)
            for k, line in enumerate(value.split("\n")):
                paragraph = cell.text_frame.paragraphs[0] if k == 0 else cell.text_frame.add_paragraph()
                paragraph.alignment = PP_ALIGN.RIGHT if j in right else PP_ALIGN.LEFT
                run = paragraph.add_run()
                run.text = line
                style_run(run, size, bold=i == 0, colour=theme.BACKGROUND if i == 0 else theme.TEXT)


def add_demo_tag(slide) -> None:
    """The red 演示数据 tag in the top-right corner of a slide."""
    shape = add_text(slide, (11.45, 0.3, 1.45, 0.5), labels.DEMO_MARK, size=18, bold=True, colour=theme.DEMO_BADGE)
    shape.line.color.rgb = rgb(theme.DEMO_BADGE)
    shape.line.width = Pt(2)
    shape.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    shape.name = "demo-mark"


def add_footer(slide, lines: list[str], demo: bool) -> None:
    """Source lines in small grey type across the foot of the slide, then the demo note in red when demo."""
    notes = [(line, 9, False, theme.MUTED_TEXT) for line in lines]
    if demo:
        notes.append((labels.DEMO_NOTE, 9, True, theme.DEMO_BADGE))
    add_text(slide, (0.45, 6.78, 12.45, 0.65), notes)
