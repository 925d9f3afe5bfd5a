"""A slideshow for lobby screens: slogans one after another, as an animated WebP or an MP4.

Each slide is the slogan rendered on the screen template by the same chain as `render` (compose
→ PDF → PDFium), so a slide is exactly the PNG `render` would write. MP4 is H.264 in yuv420p,
the profile TVs, media players and LED-wall controllers play from a USB stick; it is written
with PyAV, whose wheels carry FFmpeg and libx264, so no system codec is needed. WebP animation
(Pillow) suits web pages and players that take images.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bannergen.atomic import atomic_output
from bannergen.errors import UserError
from bannergen.i18n import os_reason
from bannergen.inputs.formats import (
    MAX_SECONDS,
    MAX_SLIDES,
    MIN_SECONDS,
    SLIDESHOW_FORMATS,
)
from bannergen.inputs.job import Job
from bannergen.inputs.units import PX_PER_IN

#: Frames per second of the MP4. A still slide costs almost nothing per repeated frame in
#: H.264; 25 fps is the PAL rate every TV in Vietnam plays.
FPS = 25
#: x264's constant-quality factor: 18 is visually lossless for flat colour and clean letters.
CRF = 18
#: x264's threads, a fixed number and not the machine's: x264 gives the same bytes for the same
#: frames and thread count (its --non-deterministic is off). Two threads encode a 4K slide about
#: 1.7 times as fast as one on two cores, and 1.4 times on one (its lookahead overlaps the work).
THREADS = 2


@dataclass(frozen=True)
class Slideshow:
    """What was written: the file, its format, the pixel size, the slides and their duration."""

    path: Path
    fmt: str
    width_px: int
    height_px: int
    slides: int
    seconds: float


def slideshow_format(path: Path) -> str:
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in SLIDESHOW_FORMATS:
        raise UserError("slideshow_format", value=str(path), choices=", ".join(SLIDESHOW_FORMATS))
    return fmt


def check_slideshow(jobs: Sequence[Job], path: Path, seconds: float) -> str:
    """Refuse what cannot be made before any slide is rendered; the format's name."""
    fmt = slideshow_format(path)
    if not jobs:
        raise UserError("slideshow_empty")
    if len(jobs) > MAX_SLIDES:
        raise UserError("slideshow_too_many", value=len(jobs), limit=MAX_SLIDES)
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise UserError("slideshow_seconds", value=f"{seconds:g}", low=f"{MIN_SECONDS:g}",
                        high=f"{MAX_SECONDS:g}")
    sizes = {job.size for job in jobs}
    size = jobs[0].size
    if len(sizes) > 1 or size.px is None:
        raise UserError("slideshow_needs_pixels", value=size.label)
    width, height = size.px
    if fmt == "mp4" and (width % 2 or height % 2):
        # yuv420p halves the chroma in both directions: H.264 needs even sides.
        raise UserError("slideshow_even_sides", value=size.label)
    return fmt


def slideshow_name(jobs: Sequence[Job], fmt: str) -> str:
    """A name that says what the slideshow shows: its slides (slogan ids in order, or an event's
    name), the template and the screen; a long list is counted, with a digest of its slides."""
    import hashlib

    parts = [f"{job.slogan_id:02d}" if job.slogan_id is not None else job.slug for job in jobs]
    shown = "-".join(parts)
    if len(parts) > 6 or len(shown) > 48:
        digest = hashlib.sha256("\0".join(job.slug for job in jobs).encode()).hexdigest()[:6]
        shown = f"{len(parts)}-trang-{digest}"
    first = jobs[0]
    return f"trinh-chieu_{shown}_{first.template.name}_{first.size.label}.{fmt}"


def make_slideshow(jobs: Sequence[Job], path: Path, seconds: float = 8.0,
                   progress: Callable[[int, int], None] | None = None) -> Slideshow:
    """Render every job as a slide and write the slideshow to `path` (atomically).
    `progress(done, total)` is told of each step: each slide rendered, then each encoded."""
    fmt = check_slideshow(jobs, path, seconds)
    width, height = jobs[0].size.px
    total = 2 * len(jobs)
    step = (lambda done: progress(done, total)) if progress else (lambda done: None)
    frames = []
    for job in jobs:
        frames.append(_slide(job))
        step(len(frames))
    try:
        with atomic_output(Path(path)) as fp:
            if fmt == "webp":
                _write_webp(fp, frames, seconds)
                step(total)
            else:
                _write_mp4(fp, frames, seconds, (width, height),
                           lambda encoded: step(len(frames) + encoded))
    except OSError as exc:
        raise UserError("output_not_writable", value=str(path), reason=os_reason(exc)) from None
    return Slideshow(Path(path), fmt, width, height, len(frames), seconds * len(frames))


def _slide(job: Job):
    """One slide: the job rendered to RGB pixels by the same chain as a PNG from `render`."""
    from PIL import Image

    from bannergen.workflow.render import Output, render_job

    with tempfile.TemporaryDirectory(prefix="bannergen-slide-") as folder:
        target = Path(folder) / "slide.png"
        render_job(job, Output(fmt="png", dpi=PX_PER_IN), target)
        with Image.open(target) as image:
            return image.convert("RGB")


def _write_webp(fp, frames, seconds: float) -> None:
    from bannergen.output.raster.base import srgb_profile

    out = io.BytesIO()
    first, *rest = frames
    first.save(out, "WEBP", save_all=True, append_images=rest, duration=round(seconds * 1000),
               loop=0, lossless=True, method=4, icc_profile=srgb_profile())
    fp.write(out.getvalue())


def _write_mp4(fp, frames, seconds: float, size: tuple[int, int],
               encoded: Callable[[int], None]) -> None:
    import av

    # Encoded to a scratch file, then copied into the atomic output: to move the index to the
    # front (faststart, for players that start before the whole file is read) FFmpeg's muxer
    # reopens its output by name, which a Python file object does not have.
    scratch = tempfile.TemporaryDirectory(prefix="bannergen-mp4-")
    out = str(Path(scratch.name) / "slideshow.mp4")
    # bitexact: no encoder version or creation time in the file, so the same slides give the
    # same bytes, with a fixed number of threads (THREADS).
    container = av.open(out, mode="w", format="mp4", options={"fflags": "+bitexact",
                                                             "movflags": "+faststart"})
    try:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.thread_count = THREADS
        stream.options = {"crf": str(CRF), "preset": "veryfast", "tune": "stillimage",
                          "x264-params": f"threads={THREADS}:sliced-threads=0"}
        stream.codec_context.flags |= getattr(av.codec.context.Flags, "bitexact", 0)
        per_slide = max(1, round(seconds * FPS))
        index = 0
        for number, image in enumerate(frames, 1):
            frame = av.VideoFrame.from_image(image).reformat(format="yuv420p")
            for _ in range(per_slide):
                frame.pts = index
                index += 1
                for packet in stream.encode(frame):
                    container.mux(packet)
            encoded(number)
        for packet in stream.encode(None):
            container.mux(packet)
        container.close()
        fp.write(Path(out).read_bytes())
    finally:
        with contextlib.suppress(Exception):
            container.close()
        scratch.cleanup()
