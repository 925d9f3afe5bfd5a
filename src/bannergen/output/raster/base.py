"""What every raster encoder shares: the errors, the page's pixel geometry, the encoder protocol,
work chunks and the ordered worker pool that compresses on all cores."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from concurrent.futures import Future

# Encoders work on at most this many bytes of rows at a time (filter/convert temporaries).
# Read as base.WORK_BYTES at run time, so that tests can shrink it.
WORK_BYTES = 4 << 20


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
class Geometry:
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


class Encoder(Protocol):
    """Receives the page's RGB rows top to bottom, in runs of whole rows.

    ``bytes_per_pixel`` says how the rows are laid out: 3 for packed RGB, 4 for RGBx (a padding
    byte per pixel); runs have a multiple of ``row_multiple`` rows, except the last. ``exact``
    asks for the pixels of a one-shot render (strips.render_strips: lossless formats need it;
    a lossy one may take the faster strips that can differ by one level along their borders).

    ``write`` must not keep the view it is given past the call (the strip buffer is reused)
    and may change writable rows in place (the PNG encoder filters them there);
    ``finish`` completes the file; ``close`` releases threads whether or not ``finish`` ran.
    Constructed as ``Encoder(fp, width, height, dpi, cmyk=...)``.
    """

    bytes_per_pixel: int
    row_multiple: int
    exact: bool

    def write(self, rows: memoryview) -> None: ...

    def finish(self) -> None: ...

    def close(self) -> None: ...


def chunks(rows: memoryview, row_bytes: int) -> Iterator[memoryview]:
    """Split a run of rows into pieces of at most WORK_BYTES (whole rows, at least one)."""
    step = max(1, WORK_BYTES // row_bytes) * row_bytes
    for start in range(0, len(rows), step):
        yield rows[start : start + step]


def worker_count() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


class Ordered:
    """Run encoding jobs on worker threads; hand results to ``sink`` in submission order.

    zlib releases the GIL while it compresses, and so does PDFium (through ctypes) while it
    renders, so the main thread renders and filters while workers compress. At most two jobs
    per worker are in flight, which bounds the memory held by queued data.
    """

    def __init__(self, sink: Callable[[bytes], object]) -> None:
        from concurrent.futures import ThreadPoolExecutor

        workers = worker_count()
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



def srgb_profile() -> bytes:
    """The sRGB ICC profile screen formats embed (the bundled copy: same bytes every run)."""
    from bannergen.output.colour import SRGB_PROFILE, profile_bytes

    return profile_bytes(SRGB_PROFILE)
