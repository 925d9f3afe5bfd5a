"""Image files a user supplies (a logo): checked to be real PNG/JPEG, of sane size, before use."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bannergen.errors import UserError
from bannergen.i18n import Msg

MAX_IMAGE_BYTES = 20_000_000
# A logo needs a few megapixels; a file declaring more is a mistake or a decompression bomb
# (a few kilobytes of PNG that inflate to gigabytes). Checked from the header, before decoding.
MAX_IMAGE_PIXELS = 64_000_000
# A logo is decoded once, in the main process, into at most this much memory, then reduced to
# LOGO_MAX_SIDE: 2,048 px spans a 20 cm logo at 260 DPI (a poster's) and a 50 cm one at 100 DPI
# (a banner's), more than any template's logo slot needs at its printing resolution.
DECODE_BUDGET = 128 * 2**20
LOGO_MAX_SIDE = 2048

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"  # PNG spec 5.2
JPEG_SIGNATURE = b"\xff\xd8\xff"      # SOI marker followed by the first marker (ITU T.81 B.1.1)


def sniff(data: bytes) -> str | None:
    """The format by content, never by extension: "png", "jpeg" or None."""
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith(JPEG_SIGNATURE):
        return "jpeg"
    return None


def load_image(path: Path, max_bytes: int = MAX_IMAGE_BYTES,
               max_pixels: int = MAX_IMAGE_PIXELS, max_side: int | None = None) -> bytes:
    """The bytes of a PNG or JPEG file, after checking it is one, whole and of a sane size.

    With `max_side`, an image larger than that on its longer side comes back reduced to it
    (as PNG): what is drawn at a few centimetres never needs more, and every later stage (the
    fingerprint, each worker, the PDF painter) then handles the small image only.
    """
    from PIL import Image

    from bannergen.inputs.files import read_regular

    path = Path(path)
    name = str(path)
    data = read_regular(path, max_bytes)
    kind = sniff(data)
    if kind is None:
        raise UserError("image_not_image", value=name)
    declared = declared_size(data, kind)
    if declared is not None and declared[0] * declared[1] > max_pixels:
        raise UserError("image_bomb", value=name, width=declared[0], height=declared[1],
                        limit=max_pixels // 1_000_000)
    with warnings.catch_warnings():
        # Pillow's own guard (Image.MAX_IMAGE_PIXELS) warns, then errs at twice the limit: both are
        # bombs here. Our limit is checked first, from the header, whatever the global setting.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as image:
                width, height = image.size
                if width <= 0 or height <= 0 or width * height > max_pixels:
                    raise UserError("image_bomb", value=name, width=width, height=height,
                                    limit=max_pixels // 1_000_000)
                wanted = _reduced_size(width, height, max_side)
                if kind == "jpeg" and wanted != (width, height):
                    # JPEG decodes at 1/2, 1/4 or 1/8 scale for the asking (ITU T.81 DCT
                    # scaling): a large photo never exists at full size in memory.
                    image.draft(image.mode, wanted)
                _check_decoded_size(image, name, max_side)
                image.load()  # decode it all now: a truncated or corrupt file fails here, not later
                if max_side is not None and max(image.size) > max_side:
                    return _reduced_png(image, max_side)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            width, height = declared or ("?", "?")
            raise UserError("image_bomb", value=name, width=width, height=height,
                            limit=max_pixels // 1_000_000) from None
        except UserError:
            raise
        except (OSError, ValueError, SyntaxError, EOFError):
            # Pillow reports broken data as UnidentifiedImageError (the signature is right, the
            # rest makes no sense: an OSError), OSError ("image file is truncated"), SyntaxError
            # (bad PNG chunks) or ValueError; all mean the same to the user.
            raise UserError("image_broken", value=name, reason=Msg("reason_image_damaged")) from None
    return data


def decoded_bytes(mode: str, width: int, height: int) -> int:
    """What Pillow holds in memory for an image: 1 byte a pixel for L, P and 1, 2 for 16-bit
    greyscale, 4 for every other mode (RGB is stored as RGBX)."""
    per_pixel = 1 if mode in ("1", "L", "P") else 2 if mode.startswith("I;16") else 4
    return width * height * per_pixel


def _reduced_size(width: int, height: int, max_side: int | None) -> tuple[int, int]:
    if max_side is None or max(width, height) <= max_side:
        return width, height
    scale = max_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _check_decoded_size(image, name: str, max_side: int | None) -> None:
    """Refuse, before decoding, an image whose pixels would not fit the decoding budget: a PNG
    of a few hundred kilobytes can declare 8,000 × 8,000 16-bit pixels (256 MB in memory), and
    PNG, unlike JPEG, cannot be decoded at a reduced scale."""
    width, height = image.size
    size = decoded_bytes(image.mode, width, height)
    if size > DECODE_BUDGET:
        side = max_side or LOGO_MAX_SIDE
        raise UserError("image_decoded_too_large", value=name, width=width, height=height,
                        size=-(-size // 2**20), limit=DECODE_BUDGET // 2**20, max_side=side)


def _reduced_png(image, max_side: int) -> bytes:
    """The image at `max_side` pixels on its longer side, as an 8-bit PNG (deterministic bytes)."""
    from PIL import Image

    if image.mode.startswith("I"):  # 16-bit greyscale: keep the top 8 bits, not a clipped copy
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif image.mode not in ("1", "L", "LA", "RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info
                              else "RGB")
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def declared_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """Width and height as the file's header declares them, read without decoding anything."""
    import struct

    if kind == "png":
        # PNG spec 11.2.2: IHDR is the first chunk; width and height are its first 8 bytes.
        if len(data) >= 24 and data[12:16] == b"IHDR":
            return struct.unpack(">II", data[16:24])
        return None
    # JPEG: walk the markers to the first SOFn frame header (ITU T.81 B.2.2).
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    return None


@dataclass(frozen=True)
class Logo:
    """A checked logo image: its bytes (PNG or JPEG) and its size in pixels, for its aspect."""

    data: bytes = field(repr=False)
    width_px: int
    height_px: int
    name: str = ""  # the file's name, for messages (a logo too coarse for its print size)

    @property
    def aspect(self) -> float:
        return self.width_px / self.height_px

    @cached_property
    def sha256(self) -> str:
        """The fingerprint of the bytes, computed once (a batch asks for it once per file)."""
        return hashlib.sha256(self.data).hexdigest()


def read_logo(path: Path) -> Logo:
    """A logo file, checked by load_image and reduced to LOGO_MAX_SIDE, with its pixel size."""
    from PIL import Image

    data = load_image(path, max_side=LOGO_MAX_SIDE)
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    return Logo(data, width, height, name=Path(path).name)


def logo_in_folder(folder: Path, name: str, key: str = "logo_outside_folder") -> Path:
    """The logo an order (or a settings file) names, which must lie inside that file's folder
    (an order's event file too, refused with the message `key`).

    An order may come from someone else: a path such as `../../x.png` or `/home/…/y.png` would
    put any image readable on this machine into files that go to the print shop. A symbolic
    link that leads outside is refused the same way.
    """
    folder = Path(folder).resolve()
    try:
        target = (folder / name).resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL in the name
        raise UserError(key, value=name, folder=folder) from None
    if not target.is_relative_to(folder):
        raise UserError(key, value=name, folder=folder)
    return target
