"""Make the pictures of docs/huong-dan.md with bannergen itself: run it as a clerk would, in a
scratch folder with the office's settings and the sample letter, and rasterise what it wrote.

    python docs/make_pictures.py

Writes docs/hinh/*.png (and prints what each command said). The date is fixed, so the pictures
only change when bannergen's output does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
OUT = DOCS / "hinh"
LETTER = DOCS / "vi-du" / "cong-van-mau.txt"
SETTINGS = """\
office = ["UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH"]
place = "Quảng Ngãi"
"""
ORDER = """\
title: Băng rôn, áp phích mừng Đảng, mừng Xuân Bính Ngọ 2026
date: 05/03/2026
prepared_by: Văn phòng Sở
items:
  - slogan: 1
    size: 400x80cm
    quantity: 2
  - slogan: 5
    template: ap-phich
    size: A3
    quantity: 20
  - slogan: 2
    template: bang-ron-doc
    size: 80x200cm
    quantity: 4
"""


def bannergen(folder: Path, *args: str) -> None:
    env = {**os.environ, "BANNERGEN_TODAY": "2026-03-05", "BANNERGEN_LANG": "vi",
           "XDG_CONFIG_HOME": str(folder / "no-user-config")}
    env.pop("BANNERGEN_CATALOG", None)
    result = subprocess.run([sys.executable, "-m", "bannergen", *args], cwd=folder, env=env,
                            capture_output=True, text=True)
    print("$ bannergen " + " ".join(args))
    print((result.stdout + result.stderr).rstrip())
    if result.returncode != 0:
        raise SystemExit(result.returncode)


def picture(pdf: Path, name: str, width: int, page: int = 0, border: bool = False) -> None:
    """Page `page` of `pdf` as a PNG `width` pixels wide (PDFium, as bannergen's own rasters)."""
    import pypdfium2 as pdfium
    from PIL import ImageOps

    document = pdfium.PdfDocument(str(pdf))
    sheet = document[page]
    image = sheet.render(scale=width / sheet.get_width()).to_pil().convert("RGB")
    if border:  # a white page on a white page needs an edge
        image = ImageOps.expand(image, border=1, fill=(160, 160, 160))
    OUT.mkdir(exist_ok=True)
    image.save(OUT / name, optimize=True)
    print(f"  → docs/hinh/{name} ({image.width}×{image.height})")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bannergen-docs-") as scratch:
        folder = Path(scratch)
        (folder / "bannergen.toml").write_text(SETTINGS, encoding="utf-8")
        (folder / "cong-van.txt").write_text(LETTER.read_text(encoding="utf-8"), encoding="utf-8")
        (folder / "don-dat-in.yaml").write_text(ORDER, encoding="utf-8")
        bannergen(folder, "catalog", "new", "--from", "cong-van.txt", "--document",
                  "Công văn số 125-CV/BTGDVTU ngày 15/01/2026 của Ban Tuyên giáo và Dân vận "
                  "Tỉnh ủy Quảng Ngãi", "--valid-from", "20/01/2026", "--valid-to", "31/12/2026",
                  "-o", "khau-hieu-2026.yaml")
        (folder / "bannergen.toml").write_text(SETTINGS + 'catalog = "khau-hieu-2026.yaml"\n',
                                               encoding="utf-8")
        bannergen(folder, "render", "1", "--size", "400x80cm", "-o", "bang-ron.pdf")
        picture(folder / "bang-ron.pdf", "bang-ron.png", 1200)
        bannergen(folder, "render", "2", "-t", "ap-phich", "--size", "A4", "-o", "ap-phich.pdf")
        picture(folder / "ap-phich.pdf", "ap-phich-A4.png", 420)
        bannergen(folder, "render", "6", "-t", "bang-ron-doc", "--size", "80x200cm",
                  "-o", "bang-ron-doc.pdf")
        picture(folder / "bang-ron-doc.pdf", "bang-ron-doc.png", 160)
        bannergen(folder, "proof", "don-dat-in.yaml", "-o", "phieu-duyet.pdf")
        picture(folder / "phieu-duyet.pdf", "phieu-duyet.png", 900, border=True)
        bannergen(folder, "tile", "5", "--size", "200x40cm", "--paper", "A4", "-o", "ghep.pdf")
        picture(folder / "ghep.pdf", "ghep-to-A4.png", 900, border=True)


if __name__ == "__main__":
    main()
