"""PDFium renders one page in horizontal strips into one reused buffer, the next strip while the
current one is being encoded."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Generator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from bannergen.output.raster.base import Geometry, RasterError

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pypdfium2

# Rows PDFium renders per call are capped so that one strip never holds more than this many bytes,
# whatever strip_height a caller passes: a 100,000 px wide page must not blow the memory bound.
# Two strips are resident at once (one encoding, the next rendering). Measured on a 600 x 80 cm
# banner at 150 DPI (whole CLI process): 24 MiB strips peak at 126 MB, 12 MiB at 102 MB for the
# same time (each PDFium call costs ~2 ms of set-up, so much smaller strips start to show).
MAX_STRIP_BYTES = 12 << 20
# A "band" is the page-sized bitmap PDFium is told it draws into; see render_strips for why it
# exists. Bands are capped at 1 GiB of rows (PDFium's bitmaps are int-sized); rasters beyond
# that are drawn band by band.
MAX_BAND_BYTES = 1 << 30

# PDFium is not thread-safe: every call into it is serialised. Batch jobs should use processes.
PDFIUM_LOCK = threading.Lock()


@contextmanager
def open_page(data: bytes, page_index: int) -> Iterator[pypdfium2.PdfPage]:
    """One page of a PDF held in memory, closed (with its document) on exit."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise RasterError(f"cannot read the PDF: {exc}") from exc
    try:
        with PDFIUM_LOCK:
            count = len(doc)
            if not isinstance(page_index, int) or not 0 <= page_index < count:
                raise RasterError(
                    f"page index {page_index!r} out of range: the PDF has {count} page(s)"
                )
            page = doc[page_index]
        try:
            yield page
        finally:
            with PDFIUM_LOCK:
                page.close()
    finally:
        with PDFIUM_LOCK:
            doc.close()


def geometry(page: pypdfium2.PdfPage, user_unit: float, dpi: float,
             bleed: bool = False) -> Geometry:
    """The page's trim at ``dpi``: its TrimBox if set, else its MediaBox (both clipped to the
    CropBox, as viewers show them), times ``user_unit``, which PDFium ignores (the caller knows
    it: the painter wrote it). With ``bleed``, the BleedBox instead (when the page has one): a
    shop that prints from pixels trims them itself."""
    with PDFIUM_LOCK:
        left, bottom, right, top = page.get_bbox()  # MediaBox ∩ CropBox: what PDFium draws
        trim = page.get_bleedbox(fallback_ok=False) if bleed else None
        if trim is None:
            trim = page.get_trimbox(fallback_ok=False)
        rotation = page.get_rotation()
    if trim is not None:
        # ISO 32000-1 14.11.2: boxes beyond the media box are reduced to the intersection.
        t_left, t_bottom, t_right, t_top = (
            min(trim[0], trim[2]),
            min(trim[1], trim[3]),
            max(trim[0], trim[2]),
            max(trim[1], trim[3]),
        )
        box = (max(left, t_left), max(bottom, t_bottom), min(right, t_right), min(top, t_top))
    else:
        box = (left, bottom, right, top)
    if box[2] - box[0] <= 0 or box[3] - box[1] <= 0:
        raise RasterError("the page's trim box is empty")

    # Where the box lies in PDFium's display space for each /Rotate (clockwise, as PDF viewers
    # show the page); mirrors CPDF_Page's page matrix.
    def to_display(x: float, y: float) -> tuple[float, float]:
        if rotation == 90:
            return y - bottom, x - left
        if rotation == 180:
            return right - x, y - bottom
        if rotation == 270:
            return top - y, right - x
        return x - left, top - y

    corners = [to_display(box[0], box[1]), to_display(box[2], box[3])]
    x0, x1 = sorted(c[0] for c in corners)
    y0, y1 = sorted(c[1] for c in corners)
    px_per_unit = dpi * user_unit / 72.0
    # Nearest pixel, halves up (round() would send 2000.5 to 2000 but 2001.5 to 2002).
    width_px = math.floor((x1 - x0) * px_per_unit + 0.5)
    height_px = math.floor((y1 - y0) * px_per_unit + 0.5)
    if width_px < 1 or height_px < 1:
        raise RasterError(f"at {dpi:g} DPI the page is smaller than one pixel")
    scale_x = width_px / (x1 - x0)
    scale_y = height_px / (y1 - y0)
    return Geometry(width_px, height_px, scale_x, scale_y, -x0 * scale_x, -y0 * scale_y)


def render_strips(
    page: pypdfium2.PdfPage, geo: Geometry, strip_height: int, *, bytes_per_pixel: int = 3,
    row_multiple: int = 1, exact: bool = True,
) -> Generator[memoryview, None, None]:
    """Yield the page as consecutive RGB strips, top to bottom; each view dies on resume.

    Pixels are packed RGB (``bytes_per_pixel`` 3) or RGBx (4; the fourth byte is padding, as
    PDFium's native 32-bit bitmaps have it, which it draws faster). Every strip but the last has
    a multiple of ``row_multiple`` rows (an encoder's unit: 16-row MCUs for JPEG).

    Rendering each strip into a bitmap the size of the strip would not be exact: AGG clips path
    edges at the bitmap's border and the cut edge is rasterised with a slightly different slope
    (and a different float32 translation), which changes anti-aliased pixels by 1 level along
    edges crossing strip borders. So PDFium is told it draws into a bitmap the size of the whole
    page (a "band"), with one matrix for every strip, and each call is clipped to the strip's
    rows: strips equal a one-shot render bit for bit. The band has no memory of its own: its
    "first row" pointer is placed so that the strip's rows fall into one of two reused strip
    slots, and PDFium writes nothing outside the clip rectangle (every fill, glyph and image
    composite goes through the device's clip box, CFX_AggDeviceDriver). One 35,433 px wide
    banner is thus rendered through ~25 MB, and the same pages are reused for every strip
    instead of 500 MB of freshly zeroed ones.

    Bands are capped at 1 GiB (MAX_BAND_BYTES), so images beyond that (e.g. 600 x 80 cm above
    ~210 DPI) have those +-1 differences at band borders only.

    Drawing into a band costs time, though: on a 600 x 80 cm banner at 150 DPI PDFium takes
    0.30 s through a band against 0.13 s into strip-sized bitmaps (RGBx). A lossy encoder, whose
    own quantisation moves pixels by tens of levels, passes ``exact=False`` and gets strip-sized
    bitmaps: their different translation moves some anti-aliased edge pixels by a level or two
    (0.2 % of the pixels of the test page).
    """
    import ctypes
    import mmap
    from concurrent.futures import ThreadPoolExecutor

    import pypdfium2.raw as pdfium_c

    width, height = geo.width_px, geo.height_px
    stride = width * bytes_per_pixel
    rows_per_strip = max(1, min(strip_height, MAX_STRIP_BYTES // stride, height))
    if rows_per_strip < height:
        rows_per_strip = max(row_multiple, rows_per_strip // row_multiple * row_multiple)
    pixel_format = pdfium_c.FPDFBitmap_BGRx if bytes_per_pixel == 4 else pdfium_c.FPDFBitmap_BGR
    if not exact:  # every strip is its own bitmap
        rows_per_band = rows_per_strip
    elif height * stride <= MAX_BAND_BYTES:
        rows_per_band = height
    else:  # bands are whole strips, so that no strip straddles two bitmaps
        rows_per_band = max(1, MAX_BAND_BYTES // stride // rows_per_strip) * rows_per_strip
    slot_bytes = rows_per_strip * stride
    memory = mmap.mmap(-1, 2 * slot_bytes)  # two slots: one rendering, one being encoded
    slots = memoryview(memory)
    pinned = (ctypes.c_ubyte * len(memory)).from_buffer(memory)
    address = ctypes.addressof(pinned)
    flags = pdfium_c.FPDF_REVERSE_BYTE_ORDER  # RGB(x) byte order; no FPDF_ANNOT: annotations stay off

    def render(band_top: int, band_rows: int, top: int, slot: int) -> None:
        rows = min(rows_per_strip, band_top + band_rows - top)
        matrix = pdfium_c.FS_MATRIX(
            geo.scale_x, 0.0, 0.0, geo.scale_y, geo.offset_x, geo.offset_y - band_top
        )
        if not exact:  # the slot's own bitmap, already white: one call, see below
            clip = pdfium_c.FS_RECTF(0.0, 0.0, float(width), float(rows))
            with PDFIUM_LOCK:
                pdfium_c.FPDF_RenderPageBitmapWithMatrix(slot_bitmaps[slot], page.raw, matrix,
                                                         clip, flags)
            return
        first_row = address + slot * slot_bytes - (top - band_top) * stride
        if first_row <= 0:  # only on a 32-bit address space with a band of hundreds of MB
            raise RasterError("the page is too large to render in this process")
        clip = pdfium_c.FS_RECTF(0.0, float(top - band_top), float(width), float(top - band_top + rows))
        with PDFIUM_LOCK:
            bitmap = pdfium_c.FPDFBitmap_CreateEx(
                width, band_rows, pixel_format, ctypes.c_void_p(first_row), stride
            )
            if not bitmap:
                raise RasterError(f"PDFium could not create a {width} x {band_rows} px bitmap")
            try:
                pdfium_c.FPDFBitmap_FillRect(bitmap, 0, top - band_top, width, rows, 0xFFFFFFFF)
                pdfium_c.FPDF_RenderPageBitmapWithMatrix(bitmap, page.raw, matrix, clip, flags)
            finally:
                pdfium_c.FPDFBitmap_Destroy(bitmap)

    # Strip-sized bitmaps (exact=False) are made once per slot, and the slots are whitened on
    # this thread as the encoder hands them back: the renderer then makes one PDFium call per
    # strip. That matters when the encoder holds the GIL (Pillow's libjpeg does, ~5 ms a
    # strip): a renderer that needs the GIL between two calls waits out each encode, and the
    # two threads take turns instead of running side by side (0.50 s against 0.39 s for a
    # 600 x 80 cm JPEG at 150 DPI).
    slot_bitmaps = []

    strips = []
    for band_top in range(0, height, rows_per_band):
        band_rows = min(rows_per_band, height - band_top)
        strips += [(band_top, band_rows, top) for top in range(band_top, band_top + band_rows, rows_per_strip)]
    try:
        if not exact:
            ctypes.memset(address, 0xFF, len(memory))
            with PDFIUM_LOCK:
                for slot in (0, 1):
                    bitmap = pdfium_c.FPDFBitmap_CreateEx(
                        width, rows_per_strip, pixel_format,
                        ctypes.c_void_p(address + slot * slot_bytes), stride)
                    if not bitmap:
                        raise RasterError(
                            f"PDFium could not create a {width} x {rows_per_strip} px bitmap")
                    slot_bitmaps.append(bitmap)
        with ThreadPoolExecutor(max_workers=1) as ahead:
            pending = ahead.submit(render, *strips[0], 0)
            for index, (band_top, band_rows, top) in enumerate(strips):
                pending.result()
                if index + 1 < len(strips):
                    # The slot the encoder left on the previous step: it is done with it.
                    slot = (index + 1) % 2
                    if not exact:
                        ctypes.memset(address + slot * slot_bytes, 0xFF, slot_bytes)
                    pending = ahead.submit(render, *strips[index + 1], slot)
                    time.sleep(0)  # let the renderer start PDFium before the encoder runs
                rows = min(rows_per_strip, band_top + band_rows - top)
                start = (index % 2) * slot_bytes
                view = slots[start : start + rows * stride]
                try:
                    yield view
                finally:
                    if index + 1 < len(strips):
                        pending.result()  # never leave PDFium writing into a closing buffer
                view.release()  # raises if an encoder kept a reference to the strip: a bug
    finally:
        with PDFIUM_LOCK:
            for bitmap in slot_bitmaps:
                pdfium_c.FPDFBitmap_Destroy(bitmap)
        del pinned
        try:
            slots.release()
            memory.close()
        except BufferError:
            # After an encoder failed, its traceback may still hold a view of the strip; the
            # mapping then goes when that does. Raising here would hide the real error.
            pass
