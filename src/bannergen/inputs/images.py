"""Image files a user supplies (a logo): checked to be real PNG/JPEG, of sane size, before use."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from bannergen.errors import UserError
from bannergen.i18n import Msg, os_reason

MAX_IMAGE_BYTES = 20_000_000
# A logo needs a few megapixels; a file declaring more is a mistake or a decompression bomb
# (a few kilobytes of PNG that inflate to gigabytes). Checked from the header, before decoding.
MAX_IMAGE_PIXELS = 64_000_000

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
               max_pixels: int = MAX_IMAGE_PIXELS) -> bytes:
    """The bytes of a PNG or JPEG file, after checking it is one, whole and of a sane size."""
    from PIL import Image

    path = Path(path)
    name = str(path)
    try:
        if path.is_dir():
            raise UserError("file_unreadable", file=path, reason=Msg("reason_is_directory"))
        size = path.stat().st_size
        if size > max_bytes:
            raise UserError("file_too_large", file=path, size=size, limit=max_bytes)
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError("file_not_found", file=path) from None
    except OSError as exc:
        raise UserError("file_unreadable", file=path, reason=os_reason(exc)) from None
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
                image.load()  # decode it all now: a truncated or corrupt file fails here, not later
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            width, height = declared or ("?", "?")
            raise UserError("image_bomb", value=name, width=width, height=height,
                            limit=max_pixels // 1_000_000) from None
        except UserError:
            raise
        except Image.UnidentifiedImageError:
            # the signature is right but Pillow cannot make sense of the rest
            raise UserError("image_broken", value=name, reason=kind.upper()) from None
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            # Pillow reports broken data as OSError ("image file is truncated"), SyntaxError
            # (bad PNG chunks) or ValueError; all mean the same to the user.
            raise UserError("image_broken", value=name, reason=str(exc).splitlines()[0][:80]) from None
    return data


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

    @property
    def aspect(self) -> float:
        return self.width_px / self.height_px


def read_logo(path: Path) -> Logo:
    """A logo file, checked by load_image, with its pixel size."""
    from PIL import Image

    data = load_image(path)
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    return Logo(data, width, height)
