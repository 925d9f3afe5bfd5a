"""The job ticket (phiếu in) for the print shop: an A4 sheet in Vietnamese listing each file to
print, its finished size, bleed, hem, grommets, material and finishing, quantity, colour and its
SHA-256, under the order's facts. It goes in the zip beside the files and the signed proof."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from bannergen.inputs.units import mm
from bannergen.output.pdf import PRODUCER, font_name

REGULAR = "BeVietnamPro-Regular.ttf"
BOLD = "BeVietnamPro-Bold.ttf"
TICKET_NAME = "phieu-in.pdf"
PROOF_NAME = "phieu-duyet.pdf"


def build_ticket(entries: Iterable[dict], facts: dict, previews: Iterable[str] = ()) -> bytes:
    """The ticket for the manifest `entries` (manifest_entry dicts) of the print masters, with
    the order's `facts` (batch.order_facts) and the names of the preview files; deterministic
    bytes."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate

    regular, bold = font_name(REGULAR), font_name(BOLD)
    entries = list(entries)
    pages = [0]
    page_size = landscape(A4)

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.setFillColorRGB(0.35, 0.35, 0.35)
        label = f"Trang {doc.page}/{pages[0]}" if pages[0] else f"Trang {doc.page}"
        canvas.drawRightString(page_size[0] - mm(12), mm(8), label)
        canvas.drawString(mm(12), mm(8), f"Phiếu in — {PRODUCER}")
        canvas.restoreState()

    def build() -> bytes:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=page_size, leftMargin=mm(12),
                                rightMargin=mm(12), topMargin=mm(12), bottomMargin=mm(15),
                                title="Phiếu in", author=PRODUCER, creator=PRODUCER,
                                producer=PRODUCER, subject=facts.get("order_title") or "",
                                invariant=1, initialFontName=regular)
        doc.build(_story(entries, facts, list(previews), regular, bold, doc.width),
                  onFirstPage=footer, onLaterPages=footer)
        pages[0] = doc.page
        return buffer.getvalue()

    build()  # the first pass counts the pages, for "Trang 1/2"
    return build()


def _esc(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _vn_day(iso: str | None) -> str:
    if not iso:
        return "—"
    day = dt.date.fromisoformat(iso)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _cm(value_mm: float) -> str:
    return f"{value_mm / 10:g}".replace(".", ",")


def finished_size(entry: dict) -> str:
    return f"{_cm(entry['width_mm'])} × {_cm(entry['height_mm'])} cm"


def grommet_text(entry: dict) -> str:
    count, gap = entry.get("grommets") or 0, entry.get("grommet_spacing_mm")
    if not count:
        return "—"
    return f"{count} khoen" + (f", cách ≤ {_cm(gap)} cm" if gap else "")


def colour_text(entry: dict) -> str:
    parts = [entry.get("colour") or "RGB"]
    if entry.get("pdfx"):
        parts.append(entry["pdfx"])
    if entry.get("scale") and entry["scale"] != "1:1":
        parts.append(f"tỉ lệ {entry['scale']}")
    return " · ".join(parts)


def _story(entries: list[dict], facts: dict, previews: list[str], regular: str, bold: str,
           width: float) -> list:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    base = ParagraphStyle("base", fontName=regular, fontSize=9.5, leading=12.5)
    st = {
        "base": base,
        "bold": ParagraphStyle("bold", parent=base, fontName=bold),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=16, leading=20,
                                alignment=TA_CENTER),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "head": ParagraphStyle("head", parent=base, fontName=bold, fontSize=8, leading=10,
                               alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "num": ParagraphStyle("num", parent=base, fontName=bold, fontSize=10, alignment=TA_RIGHT),
        "hash": ParagraphStyle("hash", parent=base, fontSize=6.5, leading=8),
    }
    story: list = []
    organization = facts.get("organization") or ""
    story.append(Paragraph(_esc(organization.upper()), st["bold"]))
    story.append(Paragraph("PHIẾU IN", st["title"]))
    if facts.get("order_title"):
        story.append(Paragraph(_esc(facts["order_title"]), st["center"]))
    story.append(Spacer(1, mm(3)))
    total = sum(entry.get("quantity") or 0 for entry in entries)
    lines = [
        ("Đơn vị đặt in", organization or "—"),
        ("Người liên hệ", facts.get("contact") or "—"),
        ("Ngày đặt in", _vn_day(facts.get("order_date"))),
        ("Ngày cần giao", _vn_day(facts.get("due"))),
        ("Số tệp in", f"{len(entries)} tệp — tổng số lượng {total}"),
    ]
    facts_table = Table([[Paragraph(_esc(k) + ":", st["bold"]), Paragraph(_esc(v), st["base"])]
                         for k, v in lines], colWidths=[mm(40), width - mm(40)])
    facts_table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), regular),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("TOPPADDING", (0, 0), (-1, -1), 1),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [facts_table, Spacer(1, mm(4))]

    heads = ("STT", "Tệp in", "Thành phẩm", "Tràn lề", "Viền may", "Khoen",
             "Chất liệu, gia công", "SL", "Màu", "SHA-256")
    rows = [[Paragraph(h, st["head"]) for h in heads]]
    for number, entry in enumerate(entries, 1):
        name = [Paragraph(_esc(entry["file"]), st["cell"])]
        if entry.get("note"):
            name.append(Paragraph("Ghi chú: " + _esc(entry["note"]), st["small"]))
        making = [p for p in (entry.get("material"), entry.get("finishing")) if p]
        digest = entry.get("sha256") or ""
        rows.append([
            Paragraph(str(number), st["center"]), name,
            Paragraph(_esc(finished_size(entry)), st["cell"]),
            Paragraph(f"{_cm(entry.get('bleed_mm') or 0)} cm" if entry.get("bleed_mm")
                      else "—", st["center"]),
            Paragraph(f"{_cm(entry.get('hem_mm') or 0)} cm" if entry.get("hem_mm")
                      else "—", st["center"]),
            Paragraph(_esc(grommet_text(entry)), st["cell"]),
            [Paragraph(_esc(p), st["cell"]) for p in making] or Paragraph("—", st["center"]),
            Paragraph(str(entry.get("quantity") or 0), st["num"]),
            Paragraph(_esc(colour_text(entry)), st["cell"]),
            # Two halves on two lines: the whole digest, readable and comparable by eye.
            Paragraph(f"{digest[:32]}<br/>{digest[32:]}", st["hash"]),
        ])
    rows.append(["", Paragraph("Tổng số lượng", st["bold"]), "", "", "", "", "",
                 Paragraph(str(total), st["num"]), "", ""])
    fractions = (0.04, 0.20, 0.09, 0.06, 0.06, 0.09, 0.13, 0.04, 0.11, 0.18)
    table = Table(rows, repeatRows=1, colWidths=[width * f for f in fractions])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
        ("SPAN", (1, -1), (6, -1)),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    story += [table, Spacer(1, mm(3))]
    if previews:
        story.append(Paragraph("Tệp xem trước, không dùng để in: " + _esc(", ".join(previews)),
                               st["small"]))
    story.append(Paragraph(
        "Kiểm tra tệp nhận được đúng là tệp đã duyệt: mã SHA-256 của tệp (lệnh sha256sum hoặc "
        "certutil -hashfile TỆP SHA256) phải trùng mã trên phiếu. Tệp PDF/X kèm hồ sơ màu của "
        "điều kiện in; dấu khoen in bằng màu pha riêng 'Grommet' (không in).", st["small"]))
    story.append(Spacer(1, mm(8)))
    signatures = Table([
        [Paragraph("Bên đặt in", st["head"]), Paragraph("Nhà in nhận", st["head"])],
        [Paragraph("(Ký, ghi rõ họ tên)", st["center"]),
         Paragraph("(Ký, ghi rõ họ tên)", st["center"])],
    ], colWidths=[width / 2, width / 2])
    signatures.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), regular)]))
    story.append(KeepTogether([signatures]))
    return story
