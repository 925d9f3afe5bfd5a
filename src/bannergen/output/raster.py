"""PDF page -> pixels: PDFium renders horizontal strips, streamed into PNG, JPEG or TIFF."""

from __future__ import annotations

import io
import math
import os
import re
import struct
import threading
import zlib
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from bannergen.errors import UserError
from bannergen.inputs.formats import Format, format_of
from bannergen.output.atomic import atomic_output

# Heavy imports (pypdfium2, PIL, pypdf; even concurrent.futures and fractions cost ~5-10 ms each)
# stay inside functions: importing this module must be cheap for the CLI.
if TYPE_CHECKING:
    from concurrent.futures import Future

    import pypdfium2
    from PIL import Image

__all__ = [
    "ImageTooLargeError",
    "RasterError",
    "RasterInfo",
    "rasterise",
]


# Rows PDFium renders per call are capped so that one strip never holds more than this many bytes,
# whatever strip_height a caller passes: a 100,000 px wide page must not blow the memory bound.
# Two strips are resident at once (one encoding, the next rendering).
_MAX_STRIP_BYTES = 24 << 20
# Encoders work on at most this many bytes of rows at a time (filter/convert temporaries).
_WORK_BYTES = 4 << 20
# A "band" is one PDFium bitmap spanning many strips; see _render_strips for why it exists. Its
# memory is reserved, not committed: only the strip being rendered is resident.
_MAX_BAND_BYTES = 1 << 30

_PNG_ZLIB_LEVEL = 6  # measured: levels 1-3 make banner PNGs ~4x larger; 9 is 20% slower for ~1%
_PNG_IDAT_BYTES = 1 << 20
_PNG_FILTER_UP = 2

_TIFF_ZLIB_LEVEL = 6
_TIFF_STRIP_BYTES = 1 << 20
_TIFF_MAX_FILE = 2**32 - 1  # classic TIFF offsets are 32-bit (TIFF 6.0 section 2)

_JPEG_QUALITY = 95
_JPEG_MCU = 8  # 4:4:4 sampling, so one MCU is one 8x8 block per component

# PDFium is not thread-safe: every call into it is serialised. Batch jobs should use processes.
_PDFIUM_LOCK = threading.Lock()


class RasterError(Exception):
    """Raster output could not be produced (unreadable PDF, bad page, bad option)."""


class ImageTooLargeError(RasterError):
    """The requested raster exceeds what the output format (or PDFium) can hold.

    JPEG frames are limited to 65,535 px per side (ITU T.81 B.2.2): a 600 cm banner at 300 DPI
    (70,866 px) cannot be a JPEG, use PNG or TIFF. Classic TIFF files cannot exceed 4 GiB.
    """

    def __init__(
        self, message: str, *, fmt: str, width_px: int, height_px: int, limit: int
    ) -> None:
        super().__init__(message)
        self.fmt = fmt
        self.width_px = width_px
        self.height_px = height_px
        self.limit = limit


@dataclass(frozen=True)
class RasterInfo:
    """What :func:`rasterise` wrote."""

    width_px: int
    height_px: int
    dpi: float
    fmt: str  # canonical: "png", "jpeg" or "tiff"
    path: Path


@dataclass(frozen=True)
class _Geometry:
    """How the page maps onto the output pixel grid.

    PDFium's base transform (see FPDF_RenderPageBitmapWithMatrix) takes page space to "display"
    units: the visible page box, rotated by /Rotate, origin top-left, y down, one unit per PDF
    unit. ``scale_x/scale_y`` and ``offset_x/offset_y`` then map display units to pixels.
    """

    width_px: int
    height_px: int
    scale_x: float
    scale_y: float
    offset_x: float
    offset_y: float


def rasterise(
    pdf: bytes | Path,
    out: Path,
    fmt: str,
    dpi: float,
    *,
    cmyk: bool = False,
    page_index: int = 0,
    strip_height: int = 1024,
) -> RasterInfo:
    """Rasterise one PDF page to ``out`` as PNG, JPEG or TIFF at ``dpi``, with bounded memory.

    The output shows the page's trim: its TrimBox if set, else its MediaBox (both clipped to the
    CropBox, as PDF viewers show them), times the page's /UserUnit, which PDFium ignores. Pixel
    size is that physical size times ``dpi``, rounded to whole pixels; the page is stretched by
    under half a pixel per axis so the trim fills the raster exactly, and ``dpi`` is recorded in
    the file (PNG pHYs, JFIF density rounded to an integer, TIFF X/YResolution in inches).

    Rendering: annotations and form fields are not drawn, the background is white, anti-aliasing
    is on. Output is deterministic (same input and options, same bytes: no timestamps).

    Memory: the page is rendered ``strip_height`` rows at a time (fewer if one strip would exceed
    24 MiB) and each strip is streamed to the encoder while PDFium renders the next one, so a
    600 x 80 cm banner at 150 DPI (35,433 x 4,724 px, 0.5 GB as one bitmap) is written with
    ~150 MB peak RSS for the whole CLI process (docs/benchmark.md). Compression runs on up to 4
    worker threads; PDFium calls are serialised by a lock (PDFium is not thread-safe), so
    parallel batch jobs should use processes.

    - PNG: RGB, 8 bits, Up filter, one zlib stream (run-length strategy) over all strips. PNG and TIFF pixels are
      identical to a one-shot render of the page at the same scale: no seams (see
      ``_render_strips`` for the one exception, rasters over 1 GiB).
    - TIFF: baseline strip TIFF, Adobe Deflate; RGB, or with ``cmyk=True`` CMYK (InkSet 1) by a
      naive conversion (C = 1 - R ..., K = 0) that is no colour management: the vector PDF is
      the colour-accurate product.
    - JPEG: baseline, quality 95, 4:4:4 (no chroma subsampling: coloured text on coloured ground
      keeps sharp edges). Strips are encoded separately by libjpeg and joined with restart
      markers into one image, so JPEG memory is bounded too; JPEG cannot exceed 65,535 px per
      side, larger requests raise :class:`ImageTooLargeError` before any work is done.

    The file appears under ``out`` only when complete (temporary file + ``os.replace``).
    ``cmyk`` is only valid with TIFF. Raises :class:`RasterError` for unreadable PDFs, a
    missing page or invalid options, :class:`ImageTooLargeError` for sizes a format cannot hold.
    """
    spec = _raster_format(fmt)
    if spec is None:
        raise RasterError(f"unknown raster format {fmt!r}: use one of png, jpg, tiff")
    canonical = spec.label.lower()  # the codec's name, reported in RasterInfo: "jpeg" for jpg
    if (
        isinstance(dpi, bool)
        or not isinstance(dpi, (int, float))
        or not math.isfinite(dpi)
        or dpi <= 0
    ):
        raise RasterError(f"DPI must be a positive number, not {dpi!r}")
    if cmyk and not spec.cmyk:
        raise RasterError("CMYK raster output is only available as TIFF")
    if isinstance(strip_height, bool) or not isinstance(strip_height, int) or strip_height < 1:
        raise RasterError(f"strip_height must be a positive integer, not {strip_height!r}")
    out = Path(out)
    data = pdf if isinstance(pdf, (bytes, bytearray)) else Path(pdf).read_bytes()

    import pypdfium2 as pdfium

    with _PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(bytes(data))
        except pdfium.PdfiumError as exc:
            raise RasterError(f"cannot read the PDF: {exc}") from exc
    try:
        with _PDFIUM_LOCK:
            count = len(doc)
            if not isinstance(page_index, int) or not 0 <= page_index < count:
                raise RasterError(
                    f"page index {page_index!r} out of range: the PDF has {count} page(s)"
                )
            page = doc[page_index]
        try:
            user_unit = _user_unit(data, page_index, count)
            with _PDFIUM_LOCK:
                geo = _geometry(page, user_unit, float(dpi))
            _check_limits(spec, geo)
            with atomic_output(out) as fp:
                encoder = _make_encoder(canonical, fp, geo, float(dpi), cmyk)
                try:
                    with closing(_render_strips(page, geo, strip_height)) as strips:
                        for rows in strips:
                            encoder.write(rows)
                    encoder.finish()
                finally:
                    encoder.close()
        finally:
            with _PDFIUM_LOCK:
                page.close()
    finally:
        with _PDFIUM_LOCK:
            doc.close()
    return RasterInfo(geo.width_px, geo.height_px, float(dpi), canonical, out)


# --------------------------------------------------------------------------------------------
# Page geometry


_USER_UNIT = re.compile(rb"/UserUnit\s*([-+]?(?:\d+\.?\d*|\.\d+))")


def _user_unit(data: bytes, page_index: int, page_count: int) -> float:
    """The page's /UserUnit (PDF 1.6; ISO 32000-1 table 30), 1.0 when absent or invalid.

    PDFium has no API for it. A byte scan settles what bannergen's own PDFs (and most others)
    need without a parser: no /UserUnit at all, or one page, or every page with the same value.
    Otherwise (several pages that differ, or keys possibly hidden in compressed object streams,
    PDF 1.5) pypdf reads the page dictionary; it is imported only then.
    """
    hidden = b"/ObjStm" in data
    found = [float(v) for v in _USER_UNIT.findall(data)]
    if not hidden and not found:
        return 1.0
    if not hidden and len(set(found)) == 1 and (page_count == 1 or len(found) == page_count):
        return _valid_unit(found[0])
    try:
        import pypdf
    except ImportError as exc:
        raise RasterError("reading this PDF's /UserUnit needs the pypdf package") from exc
    try:
        value = pypdf.PdfReader(io.BytesIO(data)).pages[page_index].get("/UserUnit", 1)
        return _valid_unit(float(value.get_object() if hasattr(value, "get_object") else value))
    except Exception as exc:  # pypdf raises many types; any failure means we cannot size the page
        raise RasterError(f"cannot read the page's /UserUnit: {exc}") from exc


def _valid_unit(unit: float) -> float:
    # ISO 32000-1 table 30: a positive number; readers ignore anything else, and so do we.
    return unit if math.isfinite(unit) and unit > 0 else 1.0


def _geometry(page: pypdfium2.PdfPage, user_unit: float, dpi: float) -> _Geometry:
    left, bottom, right, top = page.get_bbox()  # MediaBox ∩ CropBox, inherited: what PDFium draws
    trim = page.get_trimbox(fallback_ok=False)
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

    rotation = page.get_rotation()

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
    return _Geometry(width_px, height_px, scale_x, scale_y, -x0 * scale_x, -y0 * scale_y)


def _raster_format(fmt: object) -> Format | None:
    """The raster Format a spelling names (`jpg`, `JPEG`, `.tif`), or None."""
    try:
        spec = format_of(fmt) if isinstance(fmt, str) else None
    except UserError:
        return None
    return spec if spec is not None and spec.raster else None


def _check_limits(spec: Format, geo: _Geometry) -> None:
    side = max(geo.width_px, geo.height_px)
    fmt, limit = spec.label.lower(), spec.max_side
    if limit is not None and side > limit:
        instead = "PNG or TIFF" if fmt == "jpeg" else "TIFF"
        raise ImageTooLargeError(
            f"{geo.width_px} x {geo.height_px} px is too large for {fmt.upper()} (at most "
            f"{limit} px per side): lower the DPI or use {instead}",
            fmt=fmt,
            width_px=geo.width_px,
            height_px=geo.height_px,
            limit=limit,
        )
    if geo.width_px * 3 > 2**31 - 1:  # PDFium bitmap strides are C ints
        raise ImageTooLargeError(
            f"{geo.width_px} px rows are too wide to render",
            fmt=fmt,
            width_px=geo.width_px,
            height_px=geo.height_px,
            limit=(2**31 - 1) // 3,
        )


# --------------------------------------------------------------------------------------------
# Rendering


def _render_strips(
    page: pypdfium2.PdfPage, geo: _Geometry, strip_height: int
) -> Generator[memoryview, None, None]:
    """Yield the page as consecutive packed RGB strips, top to bottom; each view dies on resume.

    Each strip is one PDFium call clipped to the strip's rows, but into a bitmap that spans the
    whole page (a "band"), backed by an anonymous mapping: untouched rows cost no memory, and
    rendered rows are handed back to the kernel (MADV_DONTNEED) once encoded. Rendering into a
    bitmap the size of the strip would be cheaper to set up but not exact: AGG clips path edges
    at the bitmap's border and the cut edge is rasterised with a slightly different slope (and
    a different float32 translation), which changes anti-aliased pixels by 1 level along edges
    crossing strip borders. With one band, strips equal a one-shot render bit for bit. Bands are
    capped at 1 GiB of address space (and PDFium's int-sized bitmaps), so images beyond that
    (e.g. 600 x 80 cm above ~210 DPI) have those +-1 differences at band borders only.
    """
    import ctypes
    import mmap

    import pypdfium2.raw as pdfium_c

    width, height = geo.width_px, geo.height_px
    stride = width * 3
    rows_per_strip = max(1, min(strip_height, _MAX_STRIP_BYTES // stride))
    if height * stride <= _MAX_BAND_BYTES:
        rows_per_band = height
    else:  # bands are whole strips, so that no strip straddles two bitmaps
        rows_per_band = max(1, _MAX_BAND_BYTES // stride // rows_per_strip) * rows_per_strip
    page_size = mmap.PAGESIZE
    flags = pdfium_c.FPDF_REVERSE_BYTE_ORDER  # RGB byte order; no FPDF_ANNOT: annotations stay off
    for band_top in range(0, height, rows_per_band):
        band_rows = min(rows_per_band, height - band_top)
        mem = mmap.mmap(-1, stride * band_rows)
        whole = memoryview(mem)
        buffer = (ctypes.c_ubyte * (stride * band_rows)).from_buffer(mem)
        with _PDFIUM_LOCK:
            bitmap = pdfium_c.FPDFBitmap_CreateEx(
                width, band_rows, pdfium_c.FPDFBitmap_BGR, buffer, stride
            )
        try:
            if not bitmap:
                raise RasterError(f"PDFium could not create a {width} x {band_rows} px bitmap")
            matrix = pdfium_c.FS_MATRIX(
                geo.scale_x, 0.0, 0.0, geo.scale_y, geo.offset_x, geo.offset_y - band_top
            )

            def render(top: int, bitmap=bitmap, matrix=matrix, band_rows=band_rows) -> None:
                rows = min(rows_per_strip, band_rows - top)
                clip = pdfium_c.FS_RECTF(0.0, float(top), float(width), float(top + rows))
                with _PDFIUM_LOCK:
                    pdfium_c.FPDFBitmap_FillRect(bitmap, 0, top, width, rows, 0xFFFFFFFF)
                    pdfium_c.FPDF_RenderPageBitmapWithMatrix(bitmap, page.raw, matrix, clip, flags)

            # PDFium renders the next strip (ctypes lets go of the GIL) while the encoder works
            # on this one: the strips are disjoint rows of the band, so they never share bytes.
            tops = list(range(0, band_rows, rows_per_strip))
            with ThreadPoolExecutor(max_workers=1) as ahead:
                pending = ahead.submit(render, tops[0])
                for index, top in enumerate(tops):
                    pending.result()
                    if index + 1 < len(tops):
                        pending = ahead.submit(render, tops[index + 1])
                    rows = min(rows_per_strip, band_rows - top)
                    start, end = top * stride, (top + rows) * stride
                    view = whole[start:end]
                    try:
                        yield view
                    finally:
                        if index + 1 < len(tops):
                            pending.result()  # never leave PDFium writing into a closing band
                    view.release()  # raises if an encoder kept a reference to the strip: a bug
                    # Only pages wholly inside this strip: one shared with the next is kept.
                    first = -(-start // page_size) * page_size
                    last = end // page_size * page_size
                    if last > first:
                        mem.madvise(mmap.MADV_DONTNEED, first, last - first)
        finally:
            if bitmap:
                with _PDFIUM_LOCK:
                    pdfium_c.FPDFBitmap_Destroy(bitmap)
            del buffer
            try:
                whole.release()
                mem.close()
            except BufferError:
                # After an encoder failed, its traceback may still hold a view of the strip; the
                # mapping then goes when that does. Raising here would hide the real error.
                pass


# --------------------------------------------------------------------------------------------
# Encoders


class _Encoder(Protocol):
    def write(self, rows: memoryview) -> None: ...

    def finish(self) -> None: ...

    def close(self) -> None: ...


def _make_encoder(fmt: str, fp: BinaryIO, geo: _Geometry, dpi: float, cmyk: bool) -> _Encoder:
    if fmt == "png":
        return _PngEncoder(fp, geo.width_px, geo.height_px, dpi)
    if fmt == "tiff":
        return _TiffEncoder(fp, geo.width_px, geo.height_px, dpi, cmyk)
    return _JpegEncoder(fp, geo.width_px, geo.height_px, dpi)


def _chunks(rows: memoryview, row_bytes: int) -> Iterator[memoryview]:
    """Split a run of rows into pieces of at most _WORK_BYTES (whole rows, at least one)."""
    step = max(1, _WORK_BYTES // row_bytes) * row_bytes
    for start in range(0, len(rows), step):
        yield rows[start : start + step]


def _gray(buffer: bytes | memoryview, width: int, height: int) -> Image.Image:
    """A zero-copy 8-bit Pillow view of bytes (Pillow maps 'L' buffers instead of copying)."""
    from PIL import Image

    return Image.frombuffer("L", (width, height), buffer, "raw", "L", 0, 1)


def _worker_count() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


class _Ordered:
    """Run encoding jobs on worker threads; hand results to ``sink`` in submission order.

    zlib releases the GIL while it compresses, and so does PDFium (through ctypes) while it
    renders, so the main thread renders and filters while workers compress. At most two jobs
    per worker are in flight, which bounds the memory held by queued data.
    """

    def __init__(self, sink: Callable[[bytes], object]) -> None:
        from concurrent.futures import ThreadPoolExecutor

        workers = _worker_count()
        self._sink = sink
        self._pool = (
            ThreadPoolExecutor(workers, thread_name_prefix="bannergen-raster")
            if workers > 1
            else None
        )
        self._queue: deque[Future[bytes]] = deque()
        self._limit = 2 * workers

    def submit(self, job: Callable[..., bytes], *args: object) -> None:
        if self._pool is None:
            self._sink(job(*args))
            return
        self._queue.append(self._pool.submit(job, *args))
        while len(self._queue) > self._limit:
            self._sink(self._queue.popleft().result())

    def drain(self) -> None:
        while self._queue:
            self._sink(self._queue.popleft().result())

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class _PngEncoder:
    """Streaming PNG writer (PNG spec, ISO/IEC 15948 / W3C PNG 3rd edition).

    Truecolour 8-bit (colour type 2), every row filtered with Up (filter type 2, spec 9.2), one
    zlib stream (spec 10) cut into IDAT chunks (spec 11.2.4). Filter, measured on a 28 Mpx banner
    piece at zlib level 6: Up 106 KB, None 120 KB, Sub 123 KB, Pillow's per-row adaptive choice
    106 KB; Up is also just two Pillow C calls per chunk. A palette (colour type 3) would halve
    the file (a red/yellow banner has ~200 colours), but whether <= 256 colours occur is known
    only after rendering everything: it would take a second render pass to save ~0.6 MB on a
    6 m banner, so it is not done.

    The deflate stream is built pigz-style so that compression (~60% of the work) runs on all
    cores: each chunk of filtered rows is deflated on its own, primed with the previous 32 KiB as
    dictionary and ended with a sync flush (RFC 1951 3.2.4: an empty stored block, byte aligned),
    so the pieces concatenate into one valid stream; the Adler-32 (RFC 1950) is kept in order.
    """

    def __init__(self, fp: BinaryIO, width: int, height: int, dpi: float) -> None:
        self._fp = fp
        self._row_bytes = width * 3
        self._prev = bytes(self._row_bytes)  # spec 9.2: the row before the first one is all zero
        self._tail = b""  # the last 32 KiB of filtered data: the next piece's dictionary
        self._adler = zlib.adler32(b"")
        self._pending = bytearray(b"\x78\x9c")  # RFC 1950 2.2 header: deflate, 32K window, level 6
        self._jobs = _Ordered(self._pending.extend)
        fp.write(b"\x89PNG\r\n\x1a\n")  # spec 5.2 signature
        # spec 11.2.2 IHDR: 8-bit truecolour, deflate, adaptive filtering method 0, no interlace
        self._chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        # spec 11.3.5.3 pHYs: pixels per metre, unit 1 (metre)
        ppm = round(dpi / 0.0254)
        self._chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))

    def _chunk(self, kind: bytes, body: bytes | bytearray | memoryview) -> None:
        # spec 5.3: length, type, data, CRC-32 over type and data
        self._fp.write(struct.pack(">I", len(body)) + kind)
        self._fp.write(body)
        self._fp.write(struct.pack(">I", zlib.crc32(body, zlib.crc32(kind))))

    def write(self, rows: memoryview) -> None:
        from PIL import Image, ImageChops

        rb = self._row_bytes
        for chunk in _chunks(rows, rb):
            n = len(chunk) // rb
            # Each output row is the filter-type byte then the filtered row (spec 7.3).
            out = Image.new("L", (rb + 1, n), _PNG_FILTER_UP)
            # Up: each byte minus the byte above it, modulo 256 (spec 9.2)
            out.paste(
                ImageChops.subtract_modulo(_gray(chunk[:rb], rb, 1), _gray(self._prev, rb, 1)),
                (1, 0),
            )
            if n > 1:
                above = _gray(chunk[:-rb], rb, n - 1)
                out.paste(ImageChops.subtract_modulo(_gray(chunk[rb:], rb, n - 1), above), (1, 1))
            self._prev = bytes(chunk[-rb:])
            filtered = out.tobytes()
            del out
            self._adler = zlib.adler32(filtered, self._adler)
            self._jobs.submit(_deflate_piece, filtered, self._tail)
            self._tail = (self._tail + filtered[-32768:])[-32768:]
            self._emit_full_idats()

    def _emit_full_idats(self) -> None:
        while len(self._pending) >= _PNG_IDAT_BYTES:
            self._chunk(b"IDAT", memoryview(self._pending)[:_PNG_IDAT_BYTES])
            del self._pending[:_PNG_IDAT_BYTES]

    def finish(self) -> None:
        self._jobs.drain()
        self._pending += zlib.compressobj(
            _PNG_ZLIB_LEVEL, zlib.DEFLATED, -15
        ).flush()  # final block
        self._pending += struct.pack(">I", self._adler)
        self._emit_full_idats()
        if self._pending:
            self._chunk(b"IDAT", self._pending)
        self._chunk(b"IEND", b"")

    def close(self) -> None:
        self._jobs.close()


def _deflate_piece(data: bytes, dictionary: bytes) -> bytes:
    """Raw deflate of one piece of a larger stream, byte-aligned at the end (sync flush).

    Z_RLE: after the Up filter a flat-colour banner is long runs of zeros broken by text edges,
    which run-length matching (distance 1) codes almost as well as the full match search at a
    fraction of the time. Measured on a 600 x 80 cm banner at 150 DPI: 1.2 s and 1.45 MB with
    Z_RLE against 2.2 s and 1.33 MB with the default strategy, both at level 6.
    """
    if dictionary:
        packer = zlib.compressobj(
            _PNG_ZLIB_LEVEL, zlib.DEFLATED, -15, 8, zlib.Z_RLE, dictionary
        )
    else:
        packer = zlib.compressobj(_PNG_ZLIB_LEVEL, zlib.DEFLATED, -15, 8, zlib.Z_RLE)
    return packer.compress(data) + packer.flush(zlib.Z_SYNC_FLUSH)


class _TiffEncoder:
    """Streaming baseline TIFF writer (TIFF 6.0), little-endian, one image, chunky strips.

    Strips are written as they fill; the IFD goes last and the header is patched to point at it
    (TIFF 6.0 section 2 allows the IFD anywhere). Compression 8 is Adobe Deflate (TIFF Technical
    Note 2 / libtiff), one zlib stream per strip. Strips hold ~1 MiB of raw rows rather than the
    8 KB TIFF 6.0 section 3 (RowsPerStrip) suggests: deflate needs long runs to compress flat
    colour well, and every reader of 2020s handles such strips. No Predictor: horizontal
    differencing did not shrink banner strips in measurements.
    """

    def __init__(self, fp: BinaryIO, width: int, height: int, dpi: float, cmyk: bool) -> None:
        self._fp = fp
        self._width, self._height, self._dpi, self._cmyk = width, height, dpi, cmyk
        self._samples = 4 if cmyk else 3
        self._row_bytes = width * self._samples
        self._rows_per_strip = max(1, min(height, _TIFF_STRIP_BYTES // self._row_bytes))
        self._strip_bytes = self._rows_per_strip * self._row_bytes
        self._buffer = bytearray()
        self._offsets: list[int] = []
        self._counts: list[int] = []
        self._pos = 8
        self._jobs = _Ordered(self._write_strip)
        fp.write(b"II*\x00\x00\x00\x00\x00")  # section 2 header; IFD offset patched in finish()

    def write(self, rows: memoryview) -> None:
        for chunk in _chunks(rows, self._width * 3):
            data: bytes | memoryview = chunk
            if self._cmyk:
                from PIL import Image

                n = len(chunk) // (self._width * 3)
                # Pillow's RGB->CMYK is C=255-R, M=255-G, Y=255-B, K=0: naive, not colour-managed.
                data = (
                    Image.frombuffer("RGB", (self._width, n), chunk, "raw", "RGB", 0, 1)
                    .convert("CMYK")
                    .tobytes()
                )
            view = memoryview(data)
            while view:
                take = min(len(view), self._strip_bytes - len(self._buffer))
                self._buffer += view[:take]
                view = view[take:]
                if len(self._buffer) == self._strip_bytes:
                    self._flush_strip()

    def _flush_strip(self) -> None:
        # Strips are independent zlib streams: compress them on worker threads, write in order.
        self._jobs.submit(zlib.compress, bytes(self._buffer), _TIFF_ZLIB_LEVEL)
        self._buffer.clear()

    def _write_strip(self, packed: bytes) -> None:
        self._offsets.append(self._pos)
        self._counts.append(len(packed))
        self._write(packed)

    def _write(self, data: bytes) -> None:
        if self._pos + len(data) > _TIFF_MAX_FILE:
            raise ImageTooLargeError(
                f"the TIFF would exceed 4 GiB ({self._width} x {self._height} px): lower the DPI",
                fmt="tiff",
                width_px=self._width,
                height_px=self._height,
                limit=_TIFF_MAX_FILE,
            )
        self._fp.write(data)
        self._pos += len(data)

    def finish(self) -> None:
        if self._buffer:
            self._flush_strip()
        self._jobs.drain()
        if self._pos % 2:  # section 2: IFDs and out-of-line values start on a word boundary
            self._write(b"\x00")
        from fractions import Fraction

        short, long_, rational = 3, 4, 5  # section 2 field types
        res = Fraction(self._dpi).limit_denominator(1000)
        res_num, res_den = min(res.numerator, 2**32 - 1), max(1, res.denominator)
        entries: list[tuple[int, int, list[int]]] = [
            (256, long_, [self._width]),  # ImageWidth
            (257, long_, [self._height]),  # ImageLength
            (258, short, [8] * self._samples),  # BitsPerSample
            (259, short, [8]),  # Compression: Adobe Deflate
            (
                262,
                short,
                [5 if self._cmyk else 2],
            ),  # Photometric: separated (section 16) / RGB (section 6)
            (273, long_, self._offsets),  # StripOffsets
            (277, short, [self._samples]),  # SamplesPerPixel
            (278, long_, [self._rows_per_strip]),  # RowsPerStrip
            (279, long_, self._counts),  # StripByteCounts
            (282, rational, [res_num, res_den]),  # XResolution
            (283, rational, [res_num, res_den]),  # YResolution
            (284, short, [1]),  # PlanarConfiguration: chunky
            (296, short, [2]),  # ResolutionUnit: inch
        ]
        if self._cmyk:
            entries.append((332, short, [1]))  # InkSet: CMYK (section 16)
        # Values over 4 bytes go out of line, before the IFD (section 2: "Value Offset").
        extra = bytearray()
        ifd_entries = []
        ifd_size = 2 + 12 * len(entries) + 4
        for tag, kind, values in entries:
            code = "H" if kind == short else "I"
            payload = struct.pack(f"<{len(values)}{code}", *values)
            count = len(values) // 2 if kind == rational else len(values)
            if len(payload) <= 4:
                field = payload.ljust(4, b"\x00")  # left-justified in the offset field
            else:
                field = struct.pack("<I", self._pos + ifd_size + len(extra))
                extra += payload
                if len(extra) % 2:
                    extra += b"\x00"
            ifd_entries.append(struct.pack("<HHI", tag, kind, count) + field)
        ifd_offset = self._pos
        ifd = struct.pack("<H", len(entries)) + b"".join(ifd_entries) + struct.pack("<I", 0)
        self._write(ifd + bytes(extra))
        self._fp.seek(4)
        self._fp.write(struct.pack("<I", ifd_offset))
        self._fp.seek(0, os.SEEK_END)

    def close(self) -> None:
        self._jobs.close()


class _JpegEncoder:
    """Baseline JPEG (ITU T.81) encoded in strips by libjpeg (via Pillow) and joined losslessly.

    Each strip is a multiple of 8 rows (one MCU row at 4:4:4) and is encoded on its own with the
    same quality, so the same quantisation and standard Huffman tables (T.81 Annex K). The
    entropy-coded segments are concatenated with restart markers RST0..7 between them and a DRI
    whose interval is one strip's MCU count (T.81 B.2.4.4, E.1.4): a restart resets the DC
    predictors, which is exactly what each strip's own encoding assumed, so the result decodes to
    the same pixels as encoding the whole image at once. The frame header gets the full height.
    """

    def __init__(self, fp: BinaryIO, width: int, height: int, dpi: float) -> None:
        self._fp = fp
        self._width, self._height = width, height
        self._density = max(1, min(65535, round(dpi)))  # JFIF density is a 16-bit integer
        self._row_bytes = width * 3
        mcus_per_row = -(-width // _JPEG_MCU)
        # DRI's interval is 16-bit (T.81 B.2.4.4), which caps the MCU rows per strip.
        mcu_rows = max(1, min(65535 // mcus_per_row, _WORK_BYTES // (_JPEG_MCU * self._row_bytes)))
        self._strip_rows = mcu_rows * _JPEG_MCU
        self._restart_interval = mcu_rows * mcus_per_row
        self._buffer = bytearray()
        self._strips = 0
        self._tables: bytes | None = None

    def write(self, rows: memoryview) -> None:
        strip_bytes = self._strip_rows * self._row_bytes
        view = rows
        while view:
            take = min(len(view), strip_bytes - len(self._buffer))
            self._buffer += view[:take]
            view = view[take:]
            if len(self._buffer) == strip_bytes:
                self._encode_strip()

    def _encode_strip(self) -> None:
        from PIL import Image

        n = len(self._buffer) // self._row_bytes
        image = Image.frombuffer("RGB", (self._width, n), self._buffer, "raw", "RGB", 0, 1)
        encoded = io.BytesIO()
        image.save(
            encoded,
            "JPEG",
            quality=_JPEG_QUALITY,
            subsampling=0,
            optimize=False,
            progressive=False,
            dpi=(self._density, self._density),
        )
        del image
        self._buffer.clear()
        header, tables, sos, scan = _split_jpeg(encoded.getvalue(), self._height)
        if self._tables is None:
            self._tables = tables
            self._fp.write(header)
            self._fp.write(struct.pack(">HHH", 0xFFDD, 4, self._restart_interval))  # DRI
            self._fp.write(sos)
        elif tables != self._tables:
            raise RasterError("libjpeg used different tables for two strips; cannot join them")
        else:
            self._fp.write(bytes((0xFF, 0xD0 + (self._strips - 1) % 8)))  # RSTm, m counts mod 8
        self._fp.write(scan)
        self._strips += 1

    def finish(self) -> None:
        if self._buffer:
            self._encode_strip()
        self._fp.write(b"\xff\xd9")  # EOI

    def close(self) -> None:
        """Nothing to release: libjpeg runs in this thread (Pillow holds the GIL while encoding)."""


def _split_jpeg(data: bytes, height: int) -> tuple[bytes, bytes, bytes, bytes]:
    """Split one libjpeg baseline file into (header, tables, SOS segment, entropy-coded data).

    ``header`` is SOI and every segment before SOS, with the frame height (SOF0 field Y, T.81
    B.2.2) set to ``height``; ``tables`` is the DQT, DHT and SOF segments (SOF height zeroed),
    for checking that strips can be joined; the scan data excludes the final EOI.
    """
    if data[:2] != b"\xff\xd8" or data[-2:] != b"\xff\xd9":
        raise RasterError("libjpeg output is not a complete JPEG file")
    header = bytearray(data[:2])
    tables = bytearray()
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise RasterError("unexpected byte in libjpeg output headers")
        marker = data[pos + 1]
        if marker == 0xFF:  # T.81 B.1.1.2: fill bytes may precede a marker
            pos += 1
            continue
        (length,) = struct.unpack_from(">H", data, pos + 2)
        segment = data[pos : pos + 2 + length]
        pos += 2 + length
        if marker == 0xDA:  # SOS: the scan's entropy-coded data follows its header
            return bytes(header), bytes(tables), segment, data[pos:-2]
        if marker == 0xC0:  # SOF0, baseline DCT: P, Y (height), X, ...
            tables += segment[:5] + b"\x00\x00" + segment[7:]
            segment = segment[:5] + struct.pack(">H", height) + segment[7:]
        elif 0xC1 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            raise RasterError("libjpeg did not write a baseline JPEG; cannot join strips")
        elif marker in (0xC4, 0xDB):  # DHT, DQT
            tables += segment
        header += segment
    raise RasterError("libjpeg output has no scan")
