"""The approval sheet (phiếu duyệt maket): an A4 PDF of vector thumbnails, specs and signature blocks."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

from bannergen.errors import BannergenError
from bannergen.inputs.catalog import Catalogue
from bannergen.inputs.event import Event
from bannergen.inputs.formats import FORMATS
from bannergen.inputs.order import Order
from bannergen.inputs.settings import Settings
from bannergen.inputs.units import mm
from bannergen.layout.compose import compose
from bannergen.output.pdf import PRODUCER, PdfOptions, draw_scene, font_name
from bannergen.scene import Scene

REGULAR = "BeVietnamPro-Regular.ttf"
BOLD = "BeVietnamPro-Bold.ttf"


def build_proof(order: Order, catalogue: Catalogue, today: dt.date,
                settings: Settings | None = None) -> bytes:
    """The sheet the head of the office signs before anything is printed; deterministic bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    regular, bold = font_name(REGULAR), font_name(BOLD)
    date = order.date or today
    agency = agency_lines(order, catalogue, settings)
    place = settings.place if settings is not None else None
    pages = [0]
    # Laid out once: both passes below draw the same scenes (the layout search is the cost).
    thumbnails = [_layout(order.job(item, slogan, catalogue.office))
                  for item, slogan in order.products()]

    def footer(canvas, doc) -> None:
        # Every page carries its number and a box for the approver's initials (ký nháy), so
        # that no page of a multi-page sheet can be swapped after signing.
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.setFillColorRGB(0.2, 0.2, 0.2)
        label = f"Trang {doc.page}/{pages[0]}" if pages[0] else f"Trang {doc.page}"
        box_w, box_h = mm(32), mm(12)
        right = A4[0] - mm(15)
        canvas.drawString(mm(25), mm(12), label)
        canvas.drawRightString(right - box_w - mm(3), mm(12), "Người duyệt ký nháy")
        canvas.setLineWidth(0.5)
        canvas.setStrokeColorRGB(0.2, 0.2, 0.2)
        canvas.rect(right - box_w, mm(8), box_w, box_h, stroke=1, fill=0)
        canvas.restoreState()

    def build() -> bytes:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=mm(25), rightMargin=mm(15),
                                topMargin=mm(15), bottomMargin=mm(25), title="Phiếu duyệt maket",
                                author=" – ".join(agency), creator=PRODUCER, producer=PRODUCER,
                                subject=order.title or catalogue.title, invariant=1,
                                initialFontName=regular)
        story = _story(order, catalogue, date, agency, place, regular, bold, doc.width,
                       thumbnails)
        # invariant=1 freezes dates and ids; the initial font is ours, so that no unembedded
        # base-14 font appears in the resources (as for the banners, pdf.py).
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
        pages[0] = doc.page
        return buffer.getvalue()

    build()  # first pass counts the pages, for "Trang 1/3"
    return build()


def agency_lines(order: Order, catalogue: Catalogue, settings: Settings | None) -> tuple[str, ...]:
    """Who issues the sheet, one or two lines (parent body, then the office): the order's
    organization, else the settings' office, else the catalogue's."""
    if order.organization:
        return (order.organization,)
    if settings is not None and settings.office:
        return settings.office
    return (catalogue.office,) if catalogue.office else ()


def _styles(regular: str, bold: str):
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    # shaping: ReportLab sets every paragraph through HarfBuzz (uharfbuzz, a dependency), as the
    # banners are: marks sit on their letters whatever form the text came in, with kerning.
    base = ParagraphStyle("base", fontName=regular, fontSize=10, leading=13, alignment=TA_LEFT,
                          shaping=1)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("center_bold", parent=base, fontName=bold,
                                      alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=15, leading=19,
                                alignment=TA_CENTER, spaceBefore=8, spaceAfter=2),
        "head": ParagraphStyle("head", parent=base, fontName=bold, fontSize=8.5, leading=11,
                               alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=bold, fontSize=9,
                                    leading=11.5),
        "warn": ParagraphStyle("warn", parent=base, fontName=bold, fontSize=9.5,
                               textColor="#B00000"),
        "bold": ParagraphStyle("bold", parent=base, fontName=bold),
    }


def print_summary(printing, bleed_mm: float) -> str:
    """How the files are made, as the approver reads it: colour, PDF/X, scale, bleed, marks."""
    from bannergen.output.pdfx import LEVELS

    parts = ["CMYK" if printing.cmyk or printing.pdfx == "1a" else ""]
    if printing.pdfx:
        level = LEVELS[printing.pdfx]
        parts.append(level.conformance or level.version)
    if printing.scale and printing.scale != 1:
        parts.append(f"tỉ lệ 1:{printing.scale}")
    parts.append(f"tràn lề {bleed_mm:g} mm")
    if printing.marks:
        parts.append("dấu xén")
    if printing.grommet_marks:
        parts.append("dấu khoen")
    if printing.outline_text:
        parts.append("chữ thành nét")
    return " · ".join(p for p in parts if p)


def _esc(text: object) -> str:
    """Text from the user's files, ready for a Paragraph: composed (NFC), markup escaped."""
    text = unicodedata.normalize("NFC", str(text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def place_and_date(place: str | None, date: dt.date) -> str:
    """The place-and-date line of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I):
    "Quảng Ngãi, ngày 05 tháng 3 năm 2026" — a leading zero for days under 10 and for months 1
    and 2 only. With no place known, dots leave room to write it by hand."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place or '…………'}, ngày {date.day:02d} tháng {month} năm {date.year}"


def _layout(job) -> Scene | BannergenError:
    """A product's scene, or why it cannot be laid out (shown on the sheet, not raised)."""
    try:
        return compose(job)
    except BannergenError as exc:
        return exc


def _header(agency: tuple[str, ...], place: str | None, date: dt.date, st: dict,
            regular: str, bold: str, width: float):
    """The agency (parent body above, the office below in bold, a short rule under it) opposite
    the national motto (its second line underlined full length), then the place and date in
    italics under the motto: the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    left_w, right_w = width * 0.42, width * 0.58
    *parents, office = agency or ("",)
    left = [Paragraph(_esc(line.upper()), st["center"]) for line in parents]
    left.append(Paragraph(_esc(office.upper()), st["center_bold"]))
    left.append(Rule(left_w, 0.35, bold, office.upper(), 10))
    right = [Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st["center_bold"]),
             Paragraph("Độc lập - Tự do - Hạnh phúc", st["center_bold"]),
             Rule(right_w, None, bold, "Độc lập - Tự do - Hạnh phúc", 10),
             Oblique(place_and_date(place, date), regular, 10, right_w)]
    header = Table([[left, right]], colWidths=[left_w, right_w])
    # Every table names our font, even for empty cells: Table's default is Helvetica, an
    # unembedded base-14 font that preflight rejects.
    header.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), regular),
                                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return header


def _story(order: Order, catalogue: Catalogue, date: dt.date, agency: tuple[str, ...],
           place: str | None, regular: str, bold: str, width: float,
           thumbnails: list[Scene | BannergenError]) -> list:
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    st = _styles(regular, bold)
    story: list = []
    header = _header(agency, place, date, st, regular, bold, width)
    story += [header, Paragraph("PHIẾU DUYỆT MAKET", st["title"])]
    if order.title:
        story.append(Paragraph(_esc(order.title), st["center"]))
    story.append(Spacer(1, mm(4)))

    # The approving documents (căn cứ): those cited by the slogans on this order. An event is
    # the office's own text: no document approves it, the leaders approve it on this sheet.
    slogans = [s for _, s in order.products() if not isinstance(s, Event)]
    has_events = len(slogans) < len(list(order.products()))
    if slogans:
        used = {d for slogan in slogans for d in slogan.approved_by}
        documents = [d for d in catalogue.documents if d.id in used] or list(catalogue.documents)
        story.append(Paragraph(f"Danh mục khẩu hiệu: {_esc(catalogue.title)}.", st["base"]))
        if catalogue.valid_from or catalogue.valid_to:
            start = catalogue.valid_from.strftime("%d/%m/%Y") if catalogue.valid_from else "—"
            end = catalogue.valid_to.strftime("%d/%m/%Y") if catalogue.valid_to else "—"
            story.append(Paragraph(f"Thời gian hiệu lực: từ {start} đến {end}.", st["base"]))
        if documents:
            story.append(Paragraph("Căn cứ các văn bản phê duyệt khẩu hiệu:", st["base"]))
            for doc in documents:
                story.append(Paragraph(f"– {_esc(doc.title)}.", st["base"]))
        if catalogue.expired(date):
            story.append(Paragraph(
                f"Lưu ý: danh mục đã hết hiệu lực từ ngày {catalogue.valid_to:%d/%m/%Y}; "
                "đề nghị lãnh đạo xem xét trước khi duyệt.", st["warn"]))
    if has_events:
        story.append(Paragraph(
            "Các dòng ghi “Sự kiện” là nội dung do cơ quan soạn (tên, nhiệm kỳ, địa điểm, thời "
            "gian của sự kiện), không thuộc danh mục khẩu hiệu đã phê duyệt; đề nghị lãnh đạo "
            "duyệt nội dung này trên phiếu.", st["base"]))
    story.append(Spacer(1, mm(3)))

    thumb_w = width * 0.33
    rows = [[Paragraph(h, st["head"]) for h in
             ("STT", "Maket", "Nội dung khẩu hiệu", "Mẫu, kích thước", "Số lượng", "Định dạng")]]
    total = 0
    products = list(order.products())
    shown: dict[int, int] = {}  # the slides of each slideshow line shown so far
    for number, ((item, s), scene) in enumerate(zip(products, thumbnails), 1):
        job = order.job(item, s, catalogue.office)
        if isinstance(scene, BannergenError):
            # A text that cannot fit is shown on the sheet, where the approver sees it.
            thumb = Paragraph(_esc(scene.render("vi")), st["warn"])
        else:
            thumb = Thumbnail(scene, thumb_w - 8, mm(30))
        spec = [Paragraph(_esc(item.template.title), st["cell_bold"]),
                Paragraph(_esc(item.size.describe_cm()), st["cell"])]
        if item.slideshow is not None:  # one file of all the line's slides, counted once
            shown[id(item)] = slide = shown.get(id(item), 0) + 1
            spec.append(Paragraph(f"Trang {slide}/{len(item.subjects)} của trình chiếu, "
                                  f"{item.slideshow.seconds:g} giây mỗi trang", st["small"]))
        printing = print_summary(order.print_for(item), job.bleed)
        for extra in (item.material, item.finishing, item.note):
            if extra:
                spec.append(Paragraph(_esc(extra), st["small"]))
        first = item.slideshow is None or shown[id(item)] == 1
        rows.append([
            Paragraph(str(number), st["center"]), thumb,
            [*said(job, st), Paragraph("Tệp in: " + _esc(printing), st["small"])],
            spec,
            Paragraph(str(item.quantity) if first else "", st["center"]),
            Paragraph(", ".join(format_label(f) for f in item.formats), st["center"]),
        ])
        total += item.quantity if first else 0
    rows.append(["", "", Paragraph(f"Tổng cộng: {len(products)} maket", st["cell_bold"]), "",
                 Paragraph(str(total), st["center_bold"]), ""])
    widths = [width * 0.06, thumb_w, width * 0.30, width * 0.14, width * 0.08, width * 0.09]
    style = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 0), (1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ])
    header_style = [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE"))]
    head, body, last = rows[0], rows[1:-2], rows[-2:]
    if body:
        table = Table([head] + body, repeatRows=1, colWidths=widths)
        table.setStyle(TableStyle(style.getCommands() + header_style))
        story.append(table)
        tail = Table(last, colWidths=widths)
        tail.setStyle(style)
    else:
        tail = Table([head] + last, colWidths=widths)
        tail.setStyle(TableStyle(style.getCommands() + header_style))
    signatures = Table([
        [Paragraph("Người lập", st["center_bold"]), Paragraph("Lãnh đạo duyệt", st["center_bold"])],
        [Paragraph("(Ký, ghi rõ họ tên)", st["center"]),
         Paragraph("(Ký, ghi rõ họ tên, đóng dấu)", st["center"])],
        ["", ""],
        [Paragraph(_esc(order.prepared_by or ""), st["center_bold"]), ""],
    ], colWidths=[width / 2, width / 2], rowHeights=[None, None, mm(24), None])
    signatures.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), regular)]))
    # The signatures never stand alone on a page: the last item and the total go with them.
    story.append(KeepTogether([tail, Spacer(1, mm(8)), signatures]))
    return story


def said(job, st: dict) -> list:
    """What a row's product says: an approved slogan with its number in the catalogue, or an
    event's text marked as the office's own ("Sự kiện"), line by line as it is set."""
    from reportlab.platypus import Paragraph

    if job.event is None:
        return [Paragraph(f"Khẩu hiệu số {job.slogan_id}", st["small"]),
                Paragraph(_esc(job.text), st["cell"])]
    lines = job.event.lines if job.template.layout == "backdrop" else (job.text,)
    return [Paragraph("<b>Sự kiện</b> (nội dung của cơ quan, không thuộc danh mục khẩu hiệu)",
                      st["small"]),
            Paragraph("<br/>".join(_esc(line) for line in lines), st["cell"])]


def format_label(fmt: str) -> str:
    """A format as the sheet writes it (`mp4`, a slideshow's video, is not a page format)."""
    return FORMATS[fmt].label if fmt in FORMATS else fmt.upper()


try:
    from reportlab.platypus.flowables import Flowable as _Flowable
except ImportError:  # pragma: no cover - reportlab is a dependency
    _Flowable = object


class Rule(_Flowable):
    """A centred horizontal line under a heading: `fraction` of the text's width (the short
    rule under the office), or the text's whole width when `fraction` is None (under the
    motto), as Nghị định 30/2020/NĐ-CP draws them."""

    def __init__(self, width: float, fraction: float | None, font: str, text: str,
                 size: float) -> None:
        super().__init__()
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.box_width = width
        text_width = min(width, stringWidth(text, font, size))
        self.length = text_width * (fraction or 1.0) if fraction else text_width
        self.height = 5

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.box_width, self.height

    def draw(self) -> None:
        start = (self.box_width - self.length) / 2
        self.canv.setLineWidth(0.6)
        # 2 pt under the line above: clear of its descenders (p, g, ậ), as a typist's underline
        self.canv.line(start, self.height - 2, start + self.length, self.height - 2)



class Oblique(_Flowable):
    """One centred line in a slanted regular face: the italic of the place-and-date line. No
    italic face is bundled, so the regular one is slanted by 12°, as Word does without one."""

    SLANT_DEGREES = 12

    def __init__(self, text: str, font: str, size: float, width: float) -> None:
        super().__init__()
        self.text, self.font, self.size, self.box_width = text, font, size, width
        self.height = size * 1.3 + 4  # the line, and a little air above it

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.box_width, self.height

    def draw(self) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        canvas = self.canv
        width = stringWidth(self.text, self.font, self.size)
        canvas.saveState()
        canvas.translate((self.box_width - width) / 2, self.size * 0.3)
        canvas.skew(0, self.SLANT_DEGREES)
        canvas.setFont(self.font, self.size)
        canvas.drawString(0, 0, self.text)
        canvas.restoreState()


class Thumbnail(_Flowable):
    """A banner's own Scene, painted scaled into a box: the real product, still vector."""

    def __init__(self, scene: Scene, max_width: float, max_height: float) -> None:
        super().__init__()
        self.scene = scene
        self.scale = min(max_width / scene.width, max_height / scene.height)
        self.width = scene.width * self.scale
        self.height = scene.height * self.scale

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(0, 0, self.width, self.height)
        canvas.clipPath(clip, stroke=0, fill=0)
        draw_scene(canvas, self.scene, PdfOptions(), unit=self.scale)
        canvas.restoreState()
        canvas.setLineWidth(0.3)
        canvas.setStrokeColorRGB(0.3, 0.3, 0.3)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
