"""Paint a Scene onto a vector PDF page with ReportLab: embedded subset fonts, exact boxes, stable bytes."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from bannergen.output.colour import DEFAULT_CONDITION, OutputCondition
from bannergen.scene import Color, GlyphRun, Image, Rect, Scene, Stroke
from bannergen.scene import Path as ScenePath

PRODUCER = "bannergen"

# Poppler (pdftoppm, Evince, Okular, 22.12 measured) draws no glyph set larger than about 1,430 pt
# in default user space; MuPDF, PDFium and Acrobat do. A run larger than this is painted as
# outlines, with the same text invisible over it (render mode 3, ISO 32000-1 §9.3.6): seen in
# every viewer, and still found, copied and extracted as the approved text.
LARGEST_TEXT_PT = 1400.0


@dataclass(frozen=True)
class PdfOptions:
    """How to produce the print file; one value shared by render, batch and tile.

    cmyk: every colour DeviceCMYK (marks: Separation /All). outline_text: glyphs as curves, no
    font in the file. marks: crop marks and a slug line outside the bleed. grommet_marks: a
    circle and cross at each grommet of the template's hem. scale: the N of a 1:N file.
    date: the ISO date printed in the slug and the PDF/X dates (an input, so that the bytes
    stay reproducible). pdfx: "4" or "1a" (see pdfx.py; 1a implies cmyk). condition: the CMYK
    output condition: the PDF/X output intent and the profile logos are converted with (None:
    the bundled FOGRA39).
    """

    cmyk: bool = False
    outline_text: bool = False
    marks: bool = False
    grommet_marks: bool = False
    scale: int = 1
    date: str | None = None
    pdfx: str | None = None
    condition: OutputCondition | None = None

    @property
    def output_condition(self) -> OutputCondition:
        return self.condition or DEFAULT_CONDITION

    @property
    def process_cmyk(self) -> bool:
        """Whether the page is painted in CMYK: asked for, or required by PDF/X-1a."""
        return self.cmyk or self.pdfx == "1a"


def sheet_for(scene: Scene, options: PdfOptions = PdfOptions()):
    """The press sheet for a scene under these options (boxes, marks, UserUnit)."""
    from bannergen.output.prepress import impose

    return impose(scene, marks=options.marks, grommet_marks=options.grommet_marks,
                  scale=options.scale, date=options.date)


def check_pdf(scene: Scene, options: PdfOptions = PdfOptions()) -> None:
    """Refuse a combination the PDF/X level forbids (exit 2), before anything is painted."""
    from bannergen.inputs.units import PT_PER_MM
    from bannergen.output import pdfx

    if options.pdfx is None:
        return
    sheet = sheet_for(scene, options)
    pdfx.check(options.pdfx, draft=has_transparency(scene), user_unit=sheet.user_unit,
               length_mm=max(scene.width, scene.height) / PT_PER_MM)


def has_transparency(scene: Scene) -> bool:
    return any(isinstance(item, ScenePath) and item.opacity < 1.0 for item in scene.items)


def render_pdf(scene: Scene, options: PdfOptions = PdfOptions()) -> bytes:
    """One scene → the bytes of a one-page PDF. The same scene and options give the same bytes."""
    from reportlab.pdfgen.canvas import Canvas

    from bannergen.output import pdfx

    check_pdf(scene, options)
    sheet = sheet_for(scene, options)
    unit = sheet.user_unit
    buffer = io.BytesIO()
    media = sheet.media_box
    # invariant=1 freezes the creation date and document id: deterministic bytes. The initial
    # font is one of ours: ReportLab's default (Helvetica) would put an unembedded base-14 font
    # in the page resources, which preflight rejects. /UserUnit needs PDF 1.6 (ISO 32000-1 t. 30).
    version = (1, 6) if unit != 1.0 else (1, 4)
    if options.pdfx:
        version = pdfx.LEVELS[options.pdfx].pdf_version
    canvas = Canvas(buffer, pagesize=(media.width / unit, media.height / unit), invariant=1,
                    pageCompression=1, pdfVersion=version,
                    initialFontName=_initial_font(scene))
    describe(canvas, scene.title, scene, scale=sheet.scale,
             extra=f"user_unit={unit / 72 * 25.4:g}mm" if unit != 1.0 else "")
    # Print-production boxes (PDF 1.3+, ISO 32000-1 §14.11.2): TrimBox is the ordered size (at
    # 1:N, the ordered size / N), BleedBox adds the bleed, the MediaBox holds the marks too.
    canvas.setTrimBox(_box(sheet.trim_box, unit))
    if sheet.bleed_box != sheet.trim_box:
        canvas.setBleedBox(_box(sheet.bleed_box, unit))
    # The art and the marks are written in the page's own units (millimetres on a /UserUnit
    # page, the reduced size of a 1:N file), not scaled by the page's matrix.
    canvas.saveState()
    canvas.translate(sheet.trim_box.x0 / unit, sheet.trim_box.y0 / unit)
    scene_fonts = draw_scene(canvas, scene, options, unit=sheet.art_scale / unit)
    canvas.restoreState()
    painter = _Painter(canvas, options, 1 / unit)
    for item in sheet.marks:
        painter.paint(item)
    canvas.showPage()
    rgb_profile = None
    if options.pdfx and not options.process_cmyk:
        rgb_profile = pdfx.default_rgb(canvas._doc)
    finish_page(canvas, unit, fontless=not (scene_fonts or painter.used_fonts),
                 default_rgb=rgb_profile)
    if options.pdfx:
        pdfx.make_pdfx(canvas, options.pdfx, options.output_condition, options.date)
    canvas.save()
    return buffer.getvalue()


def draw_scene(canvas, scene: Scene, options: PdfOptions = PdfOptions(), *,
               unit: float = 1.0) -> bool:
    """Paint a scene's items onto a ReportLab canvas (a page or a form) in the current
    coordinate system: the composers (proof thumbnails, tiles) reuse the one painter instead of
    rasterising. `unit`: the canvas's units per scene point (1/UserUnit, 1:N, a thumbnail's
    scale). Every number is written in those units rather than scaled by a matrix, so that
    none passes PDF 1.4's ±32,767 (PDF Reference 1.4, appendix C; a PDF/X-1a file is PDF 1.4)
    however long the banner. Returns whether any font was used."""
    painter = _Painter(canvas, options, unit)
    for item in scene.items:
        painter.paint(item)
    return painter.used_fonts


def _box(box, unit: float) -> tuple[float, float, float, float]:
    return (box.x0 / unit, box.y0 / unit, box.x1 / unit, box.y1 / unit)


def _exact_number(value: float) -> bytes:
    """A PDF number with 11 decimals, as bytes (ReportLab writes bytes as they are): its fp_str
    keeps 7 significant digits, which would make a 6 m page with a 1 mm user unit 0.6 µm short."""
    return f"{value:.11f}".rstrip("0").rstrip(".").encode("ascii")


def finish_page(canvas, unit: float = 1.0, *, fontless: bool = False,
                 default_rgb=None) -> None:
    """Hook the page dictionary ReportLab just made: /UserUnit, no /Font when none is used, and
    the /DefaultRGB colour space of a PDF/X-4 page painted in RGB.

    ReportLab has no API for either; its page objects are plain attribute bags whose keys are
    listed in __NoDefault__, so a subclass that lists UserUnit and drops the empty font
    reference writes exactly the dictionary we want, with no post-processing of the bytes.
    """
    page = canvas._doc.Pages.pages[-1]
    page.__class__ = _page_class()
    page.fontless = fontless
    page.default_rgb = default_rgb
    page.UserUnit = _exact_number(unit) if unit != 1.0 else None


def finish_forms(canvas, default_rgb=None) -> None:
    """Give every form XObject of the document the resources its stream uses: ReportLab writes
    only fonts and XObjects into a form's dictionary, so a form's ExtGState (a draft's
    transparency), colour spaces (spots) and /DefaultRGB would otherwise be looked up in the
    page, which ISO 32000-1 §7.8.3 deprecates and a preflight flags."""
    from reportlab.pdfbase.pdfdoc import PDFFormXObject

    for obj in list(canvas._doc.idToObject.values()):
        if isinstance(obj, PDFFormXObject) and not isinstance(obj, _form_class()):
            obj.__class__ = _form_class()
            obj.default_rgb = default_rgb


@cache
def _page_class():
    from reportlab.pdfbase.pdfdoc import PDFPage

    class Page(PDFPage):
        __NoDefault__ = [*PDFPage.__NoDefault__, "UserUnit"]
        fontless = False
        default_rgb = None

        def check_format(self, document) -> None:
            super().check_format(document)
            if self.fontless:
                # With text as curves a shop's preflight must find no font at all (not even an
                # empty /Font dictionary); ReportLab otherwise always refers to its font list.
                self.Resources.Font = {}
            if self.default_rgb is not None:
                self.Resources.ColorSpace["DefaultRGB"] = self.default_rgb

    return Page


@cache
def _form_class():
    from reportlab.pdfbase.pdfdoc import (
        PDFFormXObject,
        PDFObjectReference,
        PDFResourceDictionary,
    )

    class Form(PDFFormXObject):
        default_rgb = None

        def format(self, document):
            if not self.Resources:
                resources = PDFResourceDictionary()
                resources.basicFonts()
                resources.allProcs()
                if self.XObjects:
                    resources.XObject = self.XObjects
                if getattr(self, "ExtGState", None):
                    resources.ExtGState = self.ExtGState
                for space, name in (getattr(self, "_colorsUsed", None) or {}).items():
                    resources.ColorSpace[name] = PDFObjectReference(space)
                if self.default_rgb is not None:
                    resources.ColorSpace["DefaultRGB"] = self.default_rgb
                self.Resources = resources
            return super().format(document)

    return Form


class _Painter:
    """Scene items onto a canvas, each coordinate, width and type size times `unit`."""

    def __init__(self, canvas, options: PdfOptions, unit: float = 1.0) -> None:
        self.canvas = canvas
        self.options = options
        self.unit = unit
        self.used_fonts = False

    def _at(self, x: float, y: float) -> tuple[float, float]:
        return x * self.unit, y * self.unit

    def _separation(self, color: Color) -> bool:
        # Registration is black in an RGB file; any other spot colour (the grommet marks' own)
        # is a Separation in every file, so that a RIP can map it, whatever the process colours.
        return bool(color.spot) and (self.options.process_cmyk or color.spot != "All")

    def fill(self, color: Color) -> None:
        if self.options.process_cmyk or self._separation(color):
            self.canvas.setFillColor(_cmyk(color))
        else:
            self.canvas.setFillColorRGB(*color.rgb)

    def stroke_color(self, color: Color) -> None:
        if self.options.process_cmyk or self._separation(color):
            self.canvas.setStrokeColor(_cmyk(color))
        else:
            self.canvas.setStrokeColorRGB(*color.rgb)

    def paint(self, item) -> None:
        if isinstance(item, Rect):
            self.fill(item.fill)
            b, u = item.box, self.unit
            self.canvas.rect(b.x0 * u, b.y0 * u, b.width * u, b.height * u, stroke=0, fill=1)
        elif isinstance(item, ScenePath):
            if item.opacity < 1.0:
                self.canvas.saveState()
            self.fill(item.fill)
            if item.opacity < 1.0:
                # A translucent fill (the draft watermark): an ExtGState /ca, PDF 1.4 §11.6.4.4.
                # Set after the colour: ReportLab's setFillColor with a CMYK colour also sets
                # that colour's alpha (1), which made the CMYK mark opaque.
                self.canvas.setFillAlpha(item.opacity)
            self._path(item.ops, fill=True, even_odd=item.even_odd, transform=self._at)
            if item.opacity < 1.0:
                self.canvas.restoreState()
        elif isinstance(item, Stroke):
            if item.color.overprint:
                self.canvas.saveState()
                self.canvas.setStrokeOverprint(True)
                self.canvas.setOverprintMask(True)
            self.stroke_color(item.color)
            self.canvas.setLineWidth(item.width * self.unit)
            self._path(item.ops, fill=False, transform=self._at)
            if item.color.overprint:
                self.canvas.restoreState()
        elif isinstance(item, GlyphRun):
            self._glyph_run(item)
        elif isinstance(item, Image):
            from reportlab.lib.utils import ImageReader
            b, u = item.box, self.unit
            source = io.BytesIO(item.data)
            if self.options.process_cmyk:
                source = cmyk_image(item, self.options.output_condition.profile)
            self.canvas.drawImage(ImageReader(source), b.x0 * u, b.y0 * u, b.width * u,
                                  b.height * u,
                                  mask=None if self.options.process_cmyk else "auto")
        else:  # pragma: no cover - the Scene type is closed
            raise TypeError(f"cannot paint {type(item).__name__}")

    def _path(self, ops, *, fill: bool, even_odd: bool = False,
              transform=lambda x, y: (x, y)) -> None:
        path = self.canvas.beginPath()
        _trace(path, ops, transform)
        if fill:
            from reportlab.pdfgen.canvas import FILL_EVEN_ODD, FILL_NON_ZERO
            self.canvas.drawPath(path, stroke=0, fill=1,
                                 fillMode=FILL_EVEN_ODD if even_odd else FILL_NON_ZERO)
        else:
            self.canvas.drawPath(path, stroke=1, fill=0)

    def _glyph_run(self, run: GlyphRun) -> None:
        self.fill(run.fill)
        as_text = [] if self.options.outline_text else [
            g for g in run.glyphs if g.char is not None and g.y == 0]
        curves = [g for g in run.glyphs if g not in as_text]
        if as_text and run.size * self.unit > LARGEST_TEXT_PT:
            self._outlines(run, as_text)  # seen everywhere
            self._text(run, as_text, invisible=True)  # and still the text
        elif as_text:
            self._text(run, as_text)
        if curves:
            self._outlines(run, curves)

    def _text(self, run: GlyphRun, glyphs, *, invisible: bool = False) -> None:
        """One BT…ET per line: a TJ array whose numbers put each glyph where HarfBuzz put it.
        `invisible`: render mode 3, inside q…Q (the mode is graphics state, kept after ET)."""
        font = _reportlab_font(run.font)
        self.used_fonts = True
        canvas = self.canvas
        doc = canvas._doc
        # Horizontal scaling goes in the text matrix rather than Tz: the two are the same per
        # ISO 32000-1 §9.4.4, but PDFium drifts with Tz plus TJ adjustments on long lines.
        x, y = self._at(run.x, run.y)
        size = _n(run.size * self.unit)
        code = [f"BT {_n(run.hscale)} 0 0 1 {_n(x)} {_n(y)} Tm"]
        current_subset = None
        pen = 0.0  # in text space, before horizontal scaling (the matrix applies it)
        array: list[str] = []

        def flush() -> None:
            if array:
                code.append("[" + " ".join(array) + "] TJ")
                array.clear()

        for glyph in glyphs:
            [(subset, encoded)] = font.splitString(glyph.char, doc)
            if subset != current_subset:
                flush()
                code.append(f"{font.getSubsetInternalName(subset, doc)} {size} Tf")
                current_subset = subset
            shift = glyph.x - pen
            if abs(shift) > 1e-4:
                # TJ numbers are thousandths of an em, subtracted from the position (§9.4.3).
                array.append(_n(-shift * 1000 / run.size))
            array.append("(" + canvas._escape(encoded) + ")")
            pen = glyph.x + font.face.getCharWidth(ord(glyph.char)) * run.size / 1000
        flush()
        code.append("ET")
        if invisible:
            code = ["q", *code[:1], "3 Tr", *code[1:], "Q"]
        canvas._code.append(" ".join(code))

    def _outlines(self, run: GlyphRun, glyphs) -> None:
        """Each glyph's outline in font units under its own matrix: the path's numbers stay
        small (font units, not page positions a few metres out), which keeps outlined files
        about a third smaller than with every point transformed."""
        from bannergen.layout.fonts import load_font

        font = load_font(run.font)
        scale = run.size * self.unit / font.units_per_em
        for glyph in glyphs:
            ops = font.outline(glyph.gid)
            if not ops:
                continue
            self.canvas.saveState()
            self.canvas.transform(scale * run.hscale, 0, 0, scale,
                                  *self._at(run.x + glyph.x * run.hscale, run.y + glyph.y))
            self._path(ops, fill=True)
            self.canvas.restoreState()


@cache
def _cmyk(color: Color):
    """DeviceCMYK (`k`/`K`), or a Separation with a CMYK alternate for spot/registration."""
    from reportlab.lib.colors import CMYKColor, CMYKColorSep

    if color.spot:
        return CMYKColorSep(*color.cmyk, spotName=color.spot)
    return CMYKColor(*color.cmyk)


def cmyk_image(item: Image, profile: Path):
    """The logo for a CMYK page: its colours through the output condition's profile, then
    composited in CMYK onto the backdrop's own CMYK value with the logo's alpha. Where the logo
    is transparent the pixels are exactly the background's inks, so no box shows round it; and
    the image needs no soft mask (PDF/X-1a allows no transparency)."""
    from PIL import Image as PILImage

    from bannergen.output.colour import byte, to_cmyk

    with PILImage.open(io.BytesIO(item.data)) as image:
        rgba = image.convert("RGBA")
    backdrop = item.backdrop.cmyk if item.backdrop else (0.0, 0.0, 0.0, 0.0)
    flat = PILImage.new("CMYK", rgba.size, tuple(byte(c) for c in backdrop))
    flat.paste(to_cmyk(rgba.convert("RGB"), profile), mask=rgba.getchannel("A"))
    return flat


def _trace(path, ops, transform) -> None:
    for op in ops:
        kind = op[0]
        if kind == "M":
            path.moveTo(*transform(op[1], op[2]))
        elif kind == "L":
            path.lineTo(*transform(op[1], op[2]))
        elif kind == "C":
            path.curveTo(*transform(op[1], op[2]), *transform(op[3], op[4]),
                         *transform(op[5], op[6]))
        elif kind == "Z":
            path.close()


def describe(canvas, title: str, scene: Scene, extra: str = "", scale: int = 1) -> None:
    """The document information every bannergen PDF carries: title, producer, and the scene's
    slogan, template and size as the subject (a shop's preflight shows them). A 1:N file says
    so in its title, subject and keywords: its name is not the only place that knows."""
    if scale != 1:
        title = f"{title} — tỉ lệ 1:{scale}"
        extra = " ".join(part for part in (f"scale=1:{scale}", extra) if part)
        canvas.setKeywords(f"scale 1:{scale}")
    canvas.setTitle(title)
    canvas.setAuthor(PRODUCER)
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)
    canvas.setSubject(" ".join([*(f"{k}={v}" for k, v in scene.meta), *([extra] if extra else [])]))


def font_name(name: str) -> str:
    """The ReportLab name of a bundled font (registered on first use), for pages that set their
    own text with ReportLab: the proof sheet and the tiling map."""
    from bannergen.layout.fonts import font_path

    return _reportlab_font(font_path(name)).fontName


def _initial_font(scene: Scene) -> str:
    runs = scene.glyph_runs()
    if runs:
        return _reportlab_font(runs[0].font).fontName
    from bannergen.resources import bundled_fonts
    return _reportlab_font(bundled_fonts()[0]).fontName


def _n(value: float) -> str:
    """A PDF number: fixed precision so that the bytes do not depend on float noise."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@cache
def _reportlab_font(path: Path):
    from reportlab.pdfbase import pdfmetrics

    name = f"bannergen-{path.stem}"
    font = _font_class()(name, str(path))
    # Whole-number /Widths: PDFium keeps glyph widths as integers, so fractional widths made its
    # text drift from where the TJ adjustments meant it (3 mm over a 5 m line). With integers,
    # every reader advances the same, and our adjustments (computed from these same widths)
    # put each glyph exactly where HarfBuzz placed it.
    face = font.face
    face.charWidths = {code: round(width) for code, width in face.charWidths.items()}
    face.defaultWidth = round(face.defaultWidth)
    # A batch paints the same slogan in many sizes and templates: the same characters give the
    # same subset, so each subset is cut from the font file once (its bytes depend only on the
    # list of characters, in order).
    face.makeSubset = _cached_subsets(face.makeSubset)
    pdfmetrics.registerFont(font)
    return font


def _cached_subsets(make_subset):
    @lru_cache(maxsize=256)
    def cached(codes: tuple[int, ...]) -> bytes:
        return make_subset(list(codes))

    return lambda subset: cached(tuple(subset))


def subset_tag(font: str, codes, *context: str) -> str:
    """The six capital letters before a subset font's name (ISO 32000-1 §9.6.4), derived from
    the font, the subset's characters and the document's text: two files set with the same font
    get different tags (ganged or imposed together, their subsets no longer collide under
    ReportLab's fixed AAAAAA+), and the same input the same tag."""
    import hashlib

    digest = hashlib.sha256("\0".join([font, *map(str, codes), *context]).encode("utf-8"))
    number = int.from_bytes(digest.digest()[:8], "big")
    letters = []
    for _ in range(6):
        number, letter = divmod(number, 26)
        letters.append(chr(ord("A") + letter))
    return "".join(letters)


_SUBSET_LOCK = threading.Lock()


@cache
def _font_class():
    from reportlab.pdfbase import ttfonts

    class TaggedTTFont(ttfonts.TTFont):
        """ReportLab's TTFont with content-derived subset tags. ReportLab names subsets
        through its module function SUBSETN (AAAAAA, AAAAAB …): swapped for the duration of
        this font's addObjects, under a lock, since a module global is shared by threads."""

        def addObjects(self, doc):
            state = self.state.get(doc)
            subsets = state.subsets if state is not None else []
            info = doc.info
            tags = [subset_tag(self.face.name.decode("latin-1") if isinstance(self.face.name, bytes)
                               else str(self.face.name), codes, info.title, info.subject,
                               str(n)).encode("ascii")
                    for n, codes in enumerate(subsets)]
            with _SUBSET_LOCK:
                original = ttfonts.SUBSETN
                ttfonts.SUBSETN = lambda n, *_: tags[n]
                try:
                    super().addObjects(doc)
                finally:
                    ttfonts.SUBSETN = original

    return TaggedTTFont
