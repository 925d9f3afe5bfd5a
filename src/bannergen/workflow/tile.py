"""A banner at full size split over A4/A3 sheets: glue overlaps, cut and alignment marks, a map.

The banner's Scene is painted once into a PDF form XObject and every sheet shows a clipped,
translated view of it: the file stays vector and small whatever the number of sheets.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bannergen.errors import UserError
from bannergen.inputs.job import Job
from bannergen.inputs.units import PAPER_MM, mm
from bannergen.layout.compose import compose
from bannergen.output.colour import OutputCondition, condition_for
from bannergen.output.pdf import PdfOptions, describe, draw_scene, font_name
from bannergen.output.prepress import user_unit_for
from bannergen.scene import Box, Scene

if TYPE_CHECKING:
    from bannergen.inputs.catalog import Catalogue

PAPERS = ("A4", "A3")
# Office printers leave 4–6 mm unprinted at the edges; 10 mm holds the marks and labels too.
PRINTER_MARGIN_MM = 10.0
MAX_OVERLAP_MM = 50.0
MAX_SHEETS = 400
FORM = "banner"
MARK = 0.35  # line width of marks, pt


@dataclass(frozen=True)
class Sheet:
    """One sheet: its row and column (1-based, row 1 at the top) and the banner region it shows
    (x0, y0 bottom-left, in points on the banner's trim box)."""

    number: int
    row: int
    col: int
    x0: float
    y0: float


@dataclass(frozen=True)
class TilePlan:
    paper: str
    landscape: bool
    page_w: float
    page_h: float
    margin: float
    piece_w: float  # the printable piece of banner one sheet shows
    piece_h: float
    overlap: float
    rows: int
    cols: int
    banner_w: float
    banner_h: float

    @property
    def step_x(self) -> float:
        return self.piece_w - self.overlap

    @property
    def step_y(self) -> float:
        return self.piece_h - self.overlap

    def sheets(self) -> list[Sheet]:
        out = []
        for r in range(self.rows):
            for c in range(self.cols):
                top = self.banner_h - r * self.step_y
                out.append(Sheet(number=len(out) + 1, row=r + 1, col=c + 1, x0=c * self.step_x,
                                 y0=top - self.piece_h))
        return out


def _count(length: float, piece: float, overlap: float) -> int:
    return 1 if length <= piece + 1e-6 else math.ceil((length - overlap) / (piece - overlap) - 1e-9)


def plan_tiles(width: float, height: float, paper: str = "A4", overlap_mm: float = 10.0) -> TilePlan:
    """The fewest sheets: portrait or landscape, whichever needs fewer (landscape on a tie, as
    banners are wide)."""
    name = paper.strip().upper()
    if name not in PAPERS:
        raise UserError("bad_paper", value=paper, choices=", ".join(PAPERS))
    if not (0 <= overlap_mm <= MAX_OVERLAP_MM):
        raise UserError("bad_overlap", value=overlap_mm, low=0, high=int(MAX_OVERLAP_MM))
    short, long = (mm(v) for v in PAPER_MM[name])
    margin, overlap = mm(PRINTER_MARGIN_MM), mm(overlap_mm)
    best = None
    for landscape in (True, False):
        page_w, page_h = (long, short) if landscape else (short, long)
        piece_w, piece_h = page_w - 2 * margin, page_h - 2 * margin
        rows, cols = _count(height, piece_h, overlap), _count(width, piece_w, overlap)
        plan = TilePlan(name, landscape, page_w, page_h, margin, piece_w, piece_h, overlap,
                        rows, cols, width, height)
        if best is None or rows * cols < best.rows * best.cols:
            best = plan
    if best.rows * best.cols > MAX_SHEETS:
        raise UserError("too_many_sheets", value=best.rows * best.cols, limit=MAX_SHEETS,
                        paper=name)
    return best


def build_tiles(job: Job, paper: str = "A4", overlap_mm: float = 10.0, label: str = "",
                short_label: str = "", *, pdfx: str | None = None,
                condition: OutputCondition | None = None,
                date: str | None = None) -> tuple[bytes, TilePlan]:
    """The tiled PDF: page 1 the assembly map, then one page per sheet, row by row. With
    `pdfx`, a PDF/X file for a shop's sheet printer (1a: everything in CMYK, the marks in
    black ink only)."""
    import unicodedata

    from reportlab.pdfgen.canvas import Canvas

    from bannergen.output import pdfx as x
    from bannergen.output.pdf import finish_forms, finish_page, has_transparency

    # ReportLab's canvas draws strings unshaped: composed letters (NFC) only, or the marks of
    # a decomposed label would stand beside their letters.
    label, short_label = (unicodedata.normalize("NFC", t) for t in (label, short_label))
    scene = compose(job)
    plan = plan_tiles(scene.width, scene.height, paper, overlap_mm)
    condition = condition or condition_for(job.template.output_condition)
    options = PdfOptions(pdfx=pdfx, condition=condition, date=date)
    # What the level forbids in the banner: a draft's transparency. Not the page limit of
    # PDF/X-1a (5080 mm, beyond which a page needs /UserUnit): every page here is an office
    # sheet (A4, A3) or the map on one, whatever the banner's length, and has no /UserUnit
    # (check_pdf measured the banner, and suggested a --scale that `tile` does not have).
    x.check(pdfx, draft=has_transparency(scene))
    regular, bold = font_name("BeVietnamPro-Regular.ttf"), font_name("BeVietnamPro-Bold.ttf")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(plan.page_w, plan.page_h), invariant=1, pageCompression=1,
                    initialFontName=regular,
                    pdfVersion=x.LEVELS[pdfx].pdf_version if pdfx else (1, 4),
                    # The sheets' own marks and labels are black and white: in CMYK, black ink.
                    enforceColorSpace=_grey_as_black_ink if options.process_cmyk else None)
    describe(canvas, f"{scene.title} — {plan.rows * plan.cols} tờ {plan.paper}", scene,
             f"paper={plan.paper}")
    # One drawing of the banner, reused by every page (a form XObject, ISO 32000-1 §8.10), in
    # the units of a banner page of that size (millimetres beyond 5.08 m): no number beyond
    # PDF 1.4's ±32,767, however long the banner.
    unit = form_unit(scene)
    canvas.beginForm(FORM, 0, 0, scene.width / unit, scene.height / unit)
    draw_scene(canvas, scene, options, unit=1 / unit)
    canvas.endForm()
    default_rgb = x.default_rgb(canvas._doc) if pdfx and not options.process_cmyk else None
    finish_forms(canvas, default_rgb)
    sheets = plan.sheets()
    # The map page is turned like the banner, whatever the sheets' orientation.
    short, long = sorted((plan.page_w, plan.page_h))
    canvas.setPageSize((long, short) if scene.width >= scene.height else (short, long))
    _map_page(canvas, scene, plan, sheets, job, label, regular, bold)
    canvas.showPage()
    finish_page(canvas, default_rgb=default_rgb)
    canvas.setPageSize((plan.page_w, plan.page_h))
    for sheet in sheets:
        _sheet_page(canvas, plan, sheet, len(sheets), short_label, regular, bold, unit)
        canvas.showPage()
        finish_page(canvas, default_rgb=default_rgb)
    if pdfx:
        x.make_pdfx(canvas, pdfx, condition, date)
    canvas.save()
    return buffer.getvalue(), plan


def _grey_as_black_ink(colour):
    """ReportLab's colour hook for a CMYK tile file: a grey (the marks' black, the labels'
    white) becomes black ink only; CMYK and spot colours pass unchanged."""
    from reportlab.lib.colors import CMYKColor, Color, toColor

    value = toColor(colour)
    if isinstance(value, Color) and not isinstance(value, CMYKColor):
        return CMYKColor(0, 0, 0, 1 - value.red, alpha=value.alpha)
    return value


def sheet_name(sheet: Sheet) -> str:
    return f"Hàng {sheet.row} – Cột {sheet.col}"


def form_unit(scene: Scene) -> float:
    """The banner form's units per point: those of a banner page of the scene's size."""
    return user_unit_for(Box(0.0, 0.0, scene.width, scene.height))


def _sheet_page(canvas, plan: TilePlan, sheet: Sheet, total: int, short_label: str,
                regular: str, bold: str, unit: float) -> None:
    m, pw, ph = plan.margin, plan.piece_w, plan.piece_h
    # The piece of banner: clipped to the printable area and to the banner itself.
    visible_w = min(pw, plan.banner_w - sheet.x0)
    visible_bottom = max(0.0, -sheet.y0)
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(m, m + visible_bottom, visible_w, ph - visible_bottom)
    canvas.clipPath(clip, stroke=0, fill=0)
    # The piece's offset in the form's units, under a q of its own: ReportLab merges adjacent
    # matrices, and one matrix would carry the offset in points (up to the banner's length).
    canvas.translate(m, m)
    canvas.scale(unit, unit)
    canvas.saveState()
    canvas.translate(-sheet.x0 / unit, -sheet.y0 / unit)
    canvas.doForm(FORM)
    canvas.restoreState()
    canvas.restoreState()

    canvas.setLineWidth(MARK)
    canvas.setStrokeColorRGB(0, 0, 0)
    x0, y0, x1, y1 = m, m + visible_bottom, m + visible_w, m + ph
    # Cut marks at the four corners of the piece, in the margin (the usual 3 mm off the corner).
    gap, length = mm(2), mm(6)
    for x, dx in ((x0, -1), (x1, 1)):
        for y, dy in ((y0, -1), (y1, 1)):
            canvas.line(x + dx * gap, y, x + dx * (gap + length), y)
            canvas.line(x, y + dy * gap, x, y + dy * (gap + length))
    ov = plan.overlap
    canvas.setDash(3, 2)
    canvas.setFont(regular, 6.5)
    if sheet.col < plan.cols and ov > 0:
        # The glue strip: the next sheet's cut edge goes on this line.
        gx = x1 - ov
        canvas.line(gx, y0 - mm(8), gx, y1 + mm(8))
        canvas.drawString(gx - mm(1) - canvas.stringWidth("mép tờ bên phải đặt tới vạch này", regular, 6.5),
                          y1 + mm(5), "mép tờ bên phải đặt tới vạch này")
    if sheet.row < plan.rows and ov > 0:
        gy = y0 + ov
        canvas.line(x0 - mm(8), gy, x1 + mm(8), gy)
        canvas.saveState()
        canvas.translate(x0 - mm(5), gy + mm(1))
        canvas.rotate(90)
        canvas.drawString(0, 0, "mép tờ bên dưới đặt tới vạch này")
        canvas.restoreState()
    canvas.setDash()
    # Alignment marks in the margins, at the middle of each overlap: the same banner point on
    # both neighbouring sheets, so the two marks coincide when the sheets are laid together.
    half = ov / 2
    if sheet.col > 1:
        _target(canvas, x0 + half, y1 + mm(4.5))
        _target(canvas, x0 + half, y0 - mm(4.5))
    if sheet.col < plan.cols:
        _target(canvas, x1 - half, y1 + mm(4.5))
        _target(canvas, x1 - half, y0 - mm(4.5))
    if sheet.row > 1:
        _target(canvas, x0 - mm(4.5), y1 - half)
        _target(canvas, x1 + mm(4.5), y1 - half)
    if sheet.row < plan.rows:
        _target(canvas, x0 - mm(4.5), y0 + half)
        _target(canvas, x1 + mm(4.5), y0 + half)
    # The label, in the bottom margin.
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(bold, 8)
    canvas.drawString(m + mm(9), mm(3.5), f"{sheet_name(sheet)}  (tờ {sheet.number}/{total})")
    canvas.setFont(regular, 6.5)
    right = f"{short_label}  ·  {plan.banner_w * 2.54 / 72:.0f}×{plan.banner_h * 2.54 / 72:.0f} cm  ·  in 100%"
    canvas.drawRightString(plan.page_w - m - mm(9), mm(3.5), right)


def _target(canvas, x: float, y: float) -> None:
    r = mm(1.6)
    canvas.circle(x, y, r, stroke=1, fill=0)
    canvas.line(x - 1.8 * r, y, x + 1.8 * r, y)
    canvas.line(x, y - 1.8 * r, x, y + 1.8 * r)


def _map_page(canvas, scene: Scene, plan: TilePlan, sheets: list[Sheet], job: Job, label: str,
              regular: str, bold: str) -> None:
    m = mm(15)
    width, height = canvas._pagesize
    y = height - m
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(bold, 15)
    canvas.drawString(m, y - 12, "SƠ ĐỒ GHÉP TỜ")
    canvas.setFont(regular, 9)
    lines = [
        label,
        f"Kích thước thật {job.size.describe_cm()} — {len(sheets)} tờ {plan.paper} "
        f"{'ngang' if plan.landscape else 'dọc'} ({plan.rows} hàng × {plan.cols} cột), "
        f"chồng mép {plan.overlap * 25.4 / 72:.0f} mm.",
    ]
    y -= 30
    for line in lines:
        canvas.drawString(m, y, line)
        y -= 13
    # The banner, scaled into the space left, with the sheets drawn over it.
    steps = [
        "1. In mọi trang ở tỉ lệ 100% (tắt “Vừa trang” / “Fit to page”); đoạn thước 5 cm bên dưới phải đo đúng 5 cm.",
        "2. Ghép từng hàng từ trái sang phải: cắt lề trái của tờ theo dấu cắt, đặt mép cắt lên vạch đứt "
        "của tờ bên trái sao cho các dấu canh khớp nhau, rồi dán.",
        "3. Ghép các hàng từ trên xuống: cắt lề trên của hàng dưới, đặt lên vạch đứt của hàng trên, khớp dấu, dán.",
        "4. Cuối cùng cắt bỏ lề ngoài cùng theo dấu cắt.",
    ]
    from reportlab.lib.utils import simpleSplit

    wrapped = [part for step in steps for part in simpleSplit(step, regular, 8.5, width - 2 * m)]
    bottom = m + 12 * len(wrapped) + mm(12)
    box_w, box_h = width - 2 * m, y - mm(6) - bottom
    s = min(box_w / scene.width, box_h / scene.height)
    bx = m + (box_w - scene.width * s) / 2
    by = bottom + (box_h - scene.height * s) / 2
    canvas.saveState()
    canvas.translate(bx, by)
    unit = form_unit(scene)
    canvas.scale(s * unit, s * unit)
    clip = canvas.beginPath()
    clip.rect(0, 0, scene.width / unit, scene.height / unit)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.doForm(FORM)
    canvas.restoreState()
    canvas.setLineWidth(0.8)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.rect(bx, by, scene.width * s, scene.height * s, stroke=1, fill=0)
    # Each sheet's own area (where its left and top edges fall once glued), numbered.
    canvas.setLineWidth(0.6)
    font_size = max(5.0, min(11.0, plan.step_x * s * 0.28, plan.step_y * s * 0.35))
    for sheet in sheets:
        left = sheet.x0
        right = min(plan.banner_w, sheet.x0 + (plan.step_x if sheet.col < plan.cols else plan.piece_w))
        top = sheet.y0 + plan.piece_h
        low = max(0.0, top - (plan.step_y if sheet.row < plan.rows else plan.piece_h))
        cx0, cy0 = bx + left * s, by + low * s
        cw, ch = (right - left) * s, (top - low) * s
        canvas.setStrokeColorRGB(1, 1, 1)
        canvas.rect(cx0, cy0, cw, ch, stroke=1, fill=0)
        text = f"{sheet.row}.{sheet.col}"
        canvas.setFont(bold, font_size)
        tw = canvas.stringWidth(text, bold, font_size)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.rect(cx0 + (cw - tw) / 2 - 1.5, cy0 + ch / 2 - font_size * 0.4, tw + 3,
                    font_size * 1.05, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawCentredString(cx0 + cw / 2, cy0 + ch / 2 - font_size * 0.25, text)
    canvas.setFont(regular, 7.5)
    canvas.drawString(m, by - 11, "Số trên mỗi ô: hàng.cột — in ở lề dưới mỗi tờ là “Hàng … – Cột …”.")
    y = bottom - mm(4)
    canvas.setFont(regular, 8.5)
    for part in wrapped:
        canvas.drawString(m if part[:2] in {"1.", "2.", "3.", "4."} else m + 9, y, part)
        y -= 12
    _ruler(canvas, m, m - mm(4), regular)


def _ruler(canvas, x: float, y: float, font: str) -> None:
    """A 5 cm bar: the user checks the printer did not scale the page."""
    canvas.setLineWidth(0.8)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.line(x, y, x + mm(50), y)
    for i in range(6):
        tick = mm(2) if i in (0, 5) else mm(1)
        canvas.line(x + mm(10 * i), y, x + mm(10 * i), y + tick)
    canvas.setFont(font, 7)
    canvas.drawString(x + mm(52), y, "5 cm")


@dataclass(frozen=True)
class TileRequest:
    """What `bannergen tile` was asked for, as the user typed it."""

    slogan: str
    template: str = "bang-ron"
    size: str | None = None
    paper: str = "A4"
    overlap_mm: float = 10.0
    output: Path | None = None
    draft: bool = False
    pdfx: str | None = None


def tile_slogan(request: TileRequest, catalogue: Catalogue, *, office: str | None = None,
                folder: Path | None = None, date: str | None = None) -> tuple[Path, TilePlan]:
    """Write the tiled PDF of one catalogue slogan; returns where it went and the sheet plan.

    Without `output` the file is named after the banner and the paper (…_to-A4.pdf), in
    `folder` (the settings' output folder) or here.
    """
    from bannergen.inputs.formats import normalise_pdfx
    from bannergen.inputs.templates import load_templates
    from bannergen.inputs.units import parse_size
    from bannergen.atomic import write_atomic
    from bannergen.workflow.render import default_name, prepare_destination

    level = normalise_pdfx(request.pdfx)
    slogan = catalogue.find(request.slogan)
    template = load_templates().get(request.template)
    size = parse_size(request.size) if request.size else template.default_size
    if size.px is not None:  # a screen image has no physical size to print at full scale
        raise UserError("tile_needs_physical_size", value=size.label)
    # Office sheets are cut at the banner's edge: no bleed.
    job = Job.for_slogan(slogan, template, size, office=office, draft=request.draft, bleed_mm=0)
    plan_tiles(size.width_pt, size.height_pt, request.paper, request.overlap_mm)  # before layout
    name = default_name(job, "pdf").replace(".pdf", f"_to-{request.paper.upper()}.pdf")
    target = request.output or (folder / name if folder is not None else Path(name))
    prepare_destination(target)
    data, plan = build_tiles(job, request.paper, request.overlap_mm,
                             label=f"Khẩu hiệu số {slogan.id}: {slogan.text}",
                             short_label=f"Khẩu hiệu số {slogan.id}", pdfx=level, date=date)
    write_atomic(target, data)
    return target, plan
