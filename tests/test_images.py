"""User-supplied images (logos): real PNG/JPEG only, no decompression bombs, clear errors."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from bannergen.errors import UserError
from bannergen.inputs.images import declared_size, load_image


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A valid PNG header declaring a huge RGB image, with a token IDAT: 60 bytes on disk."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b""))
            + _chunk(b"IEND", b""))


@pytest.fixture
def images(tmp_path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (40, 20), (218, 37, 29)).save(tmp_path / "logo.png")
    Image.new("RGB", (40, 20), (218, 37, 29)).save(tmp_path / "logo.jpg", quality=90)
    (tmp_path / "fake.png").write_text("đây không phải là ảnh", encoding="utf-8")
    (tmp_path / "bomb.png").write_bytes(bomb_png())
    (tmp_path / "cut.png").write_bytes((tmp_path / "logo.png").read_bytes()[:45])
    (tmp_path / "logo-really-a-png.jpg").write_bytes((tmp_path / "logo.png").read_bytes())
    return tmp_path


def test_png_and_jpeg_load_by_content(images: Path) -> None:
    assert load_image(images / "logo.png").startswith(b"\x89PNG")
    assert load_image(images / "logo.jpg").startswith(b"\xff\xd8\xff")
    assert load_image(images / "logo-really-a-png.jpg").startswith(b"\x89PNG")  # content, not name
    assert declared_size((images / "logo.jpg").read_bytes(), "jpeg") == (40, 20)


@pytest.mark.parametrize("name, key, needles", [
    ("fake.png", "image_not_image", ["fake.png", "PNG or JPEG"]),
    ("bomb.png", "image_bomb", ["bomb.png", "100000×100000", "megapixel"]),
    ("cut.png", "image_broken", ["cut.png"]),
    ("missing.png", "file_not_found", ["missing.png"]),
])
def test_bad_images_are_clear_user_errors(images: Path, name: str, key: str, needles: list) -> None:
    with pytest.raises(UserError) as caught:
        load_image(images / name)
    assert caught.value.key == key
    for lang in ("vi", "en"):
        text = caught.value.render(lang)
        assert all(n in text for n in needles[:1]) and len(text.splitlines()) <= 2
    assert all(n in caught.value.render("en") for n in needles)


def test_bomb_is_refused_from_the_header(images: Path, monkeypatch) -> None:
    """Refused before Pillow decodes anything, whatever Pillow's global limit is."""
    from PIL import Image

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    with pytest.raises(UserError, match="100000"):
        load_image(images / "bomb.png")
    (images / "wide.png").write_bytes(bomb_png(9000, 9000))  # 81 Mpx, under Pillow's own limit
    with pytest.raises(UserError) as caught:
        load_image(images / "wide.png")
    assert caught.value.key == "image_bomb"


def test_image_file_size_limit(images: Path) -> None:
    with pytest.raises(UserError) as caught:
        load_image(images / "logo.png", max_bytes=10)
    assert caught.value.key == "file_too_large"
