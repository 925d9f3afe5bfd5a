"""JPEG encoder: baseline JPEG encoded by libjpeg in pieces joined with restart markers."""

from __future__ import annotations

import io
import struct
from typing import BinaryIO

from bannergen.output.raster.base import RasterError, srgb_profile

QUALITY = 95
MAX_SIDE = 65535  # ITU T.81 B.2.2: frame height and width are 16-bit
# 4:2:0 chroma subsampling (Pillow's subsampling=2: luma 2x2, each chroma 1x1; one MCU is
# 16 x 16 px, T.81 A.2.2), as Ghostscript's jpeg device and every camera write: it halves the
# DCT work against 4:4:4. Banners are read from metres away and the text's edges are luma edges
# (yellow on red differ in luma as much as in colour), which stay at full resolution; only the
# colour of a 1-2 px edge fringe is averaged, below what 150 DPI print shows.
SUBSAMPLING = 2
MCU = 16  # rows (and columns) of one MCU at 4:2:0


class JpegEncoder:
    """Baseline JPEG (ITU T.81) encoded in pieces by libjpeg (via Pillow) and joined losslessly.

    Each piece is a whole number of MCU rows (16 px at 4:2:0) and is encoded on its own with
    the same quality, so the same quantisation and standard Huffman tables (T.81 Annex K); the
    chroma of each 2 x 2 block is averaged inside the block, so no piece depends on its
    neighbours. The entropy-coded segments are concatenated with restart markers RST0..7
    between them and a DRI whose interval is one piece's MCU count (T.81 B.2.4.4, E.1.4): a
    restart resets the DC predictors, which is exactly what each piece's own encoding assumed,
    so the result decodes to the same pixels as encoding the whole image at once. The frame
    header gets the full height.

    Rows arrive as RGBx (four bytes a pixel, the fourth unused): PDFium draws those about 40 %
    faster than packed RGB, and Pillow hands them to libjpeg without a conversion pass, straight
    from the strip buffer: the first strip sets the piece size (its rows, down to whole MCU
    rows), and as every strip but the last is as tall, each piece is a view of a strip, not a
    copy. libjpeg runs on the caller's thread while PDFium draws the next strip on the
    renderer's (ctypes lets go of the GIL; Pillow's encoder holds it, so more encoding threads
    would only take turns). Each piece is joined before ``write`` returns: no view of the strip
    outlives it.

    The strips are PDFium's fast ones (``exact = False``): each its own bitmap, so some
    anti-aliased edge pixels differ by a level or two from a one-shot render, far below what
    quality 95 quantisation moves them (tests/test_raster.py measures both).
    """

    bytes_per_pixel = 4
    row_multiple = MCU
    exact = False

    def __init__(
        self, fp: BinaryIO, width: int, height: int, dpi: float, *, cmyk: bool = False
    ) -> None:
        self._fp = fp
        self._width, self._height = width, height
        self._density = max(1, min(65535, round(dpi)))  # JFIF density is a 16-bit integer
        self._row_bytes = width * self.bytes_per_pixel
        self._mcus_per_row = -(-width // MCU)
        # DRI's interval is 16-bit (T.81 B.2.4.4), which caps the MCU rows per piece.
        self._max_piece_rows = max(1, 65535 // self._mcus_per_row) * MCU
        self._piece_bytes = 0  # set by the first run of rows: every piece but the last alike
        self._restart_interval = 0
        self._pending = bytearray()  # rows of a piece that arrived in parts
        self._pieces = 0
        self._tables: bytes | None = None

    def write(self, rows: memoryview) -> None:
        view = rows
        if not self._piece_bytes:  # the first run sets the piece size: whole MCU rows
            piece_rows = min(max(MCU, len(view) // self._row_bytes // MCU * MCU),
                             self._max_piece_rows)
            self._piece_bytes = piece_rows * self._row_bytes
            self._restart_interval = piece_rows // MCU * self._mcus_per_row
        if self._pending:
            take = min(len(view), self._piece_bytes - len(self._pending))
            self._pending += view[:take]
            view = view[take:]
            if len(self._pending) == self._piece_bytes:
                self._encode(self._pending)
                self._pending = bytearray()
        whole = len(view) - len(view) % self._piece_bytes
        for start in range(0, whole, self._piece_bytes):
            self._encode(view[start : start + self._piece_bytes])
        self._pending += view[whole:]

    def _encode(self, pixels: memoryview | bytearray) -> None:
        rows = len(pixels) // self._row_bytes
        self._join(_encode(pixels, self._width, rows, self._density, first=not self._pieces))

    def _join(self, encoded: bytes) -> None:
        header, tables, sos, scan = split_jpeg(encoded, self._height)
        if self._tables is None:
            self._tables = tables
            self._fp.write(header)
            self._fp.write(struct.pack(">HHH", 0xFFDD, 4, self._restart_interval))  # DRI
            self._fp.write(sos)
        elif tables != self._tables:
            raise RasterError("libjpeg used different tables for two pieces; cannot join them")
        else:
            self._fp.write(bytes((0xFF, 0xD0 + (self._pieces - 1) % 8)))  # RSTm, m counts mod 8
        self._fp.write(scan)
        self._pieces += 1

    def finish(self) -> None:
        if self._pending:  # the last piece may be shorter: it ends the scan
            self._encode(self._pending)
            self._pending = bytearray()
        self._fp.write(b"\xff\xd9")  # EOI

    def close(self) -> None:
        self._pending = bytearray()


def _encode(pixels: memoryview | bytearray, width: int, rows: int, density: int, *,
            first: bool) -> bytes:
    """One piece of RGBx rows as a complete baseline JFIF file (libjpeg's standard tables); only
    the first carries the ICC profile, the one whose headers the joined file keeps."""
    from PIL import Image

    image = Image.frombuffer("RGBX", (width, rows), pixels, "raw", "RGBX", 0, 1)
    encoded = io.BytesIO()
    try:
        image.save(
            encoded,
            "JPEG",
            quality=QUALITY,
            subsampling=SUBSAMPLING,
            optimize=False,
            progressive=False,
            dpi=(density, density),
            # APP2: the samples are sRGB (ICC.1 B.4)
            icc_profile=srgb_profile() if first else None,
        )
    finally:
        image.close()  # lets go of the strip buffer, which the renderer reuses
    return encoded.getvalue()


def split_jpeg(data: bytes, height: int) -> tuple[bytes, bytes, bytes, bytes]:
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
