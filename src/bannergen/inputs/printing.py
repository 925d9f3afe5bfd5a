"""What an order or a template says about printing: the print options of `render` (CMYK, marks,
outlines, bleed, PDF/X, scale, grommet marks) and the output condition (a CMYK ICC profile).

Declared once here, read by the order (order-wide and per line) and the template models, turned
into the painter's options by the batch (workflow/batch.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainValidator, ValidationInfo, WithJsonSchema

from bannergen.errors import UserError
from bannergen.inputs.formats import PDFX_LEVELS, normalise_pdfx
from bannergen.inputs.model import (
    Bool,
    InputModel,
    Number,
    Text,
    context,
    from_user_error,
    wrong_type,
)
from bannergen.inputs.units import MAX_SCALE, parse_scale

# An ICC file's header (ICC.1:2010 §7.2): 'acsp' at byte 36, the device class at 12, the data
# colour space at 16. An output condition is a printer ('prtr') profile of CMYK data.
_ICC_SIGNATURE = b"acsp"
MAX_PROFILE_BYTES = 20_000_000


def icc_kind(data: bytes) -> tuple[str, str] | None:
    """(device class, colour space) from an ICC header, or None if it is not an ICC profile."""
    if len(data) < 128 or data[36:40] != _ICC_SIGNATURE:
        return None
    return data[12:16].decode("latin-1").strip(), data[16:20].decode("latin-1").strip()


def check_profile(path: Path) -> Path:
    """A CMYK output profile file, resolved; a UserError naming the file otherwise."""
    from bannergen.inputs.files import read_regular

    path = Path(path)
    try:  # a regular file only (a FIFO or a device would hang), never more than the limit
        data = read_regular(path, MAX_PROFILE_BYTES)
    except UserError as exc:
        if exc.key == "file_not_found":
            raise UserError("profile_not_found", value=str(path)) from None
        if exc.key == "file_too_large":
            raise UserError("profile_not_cmyk", value=str(path), kind="?") from None
        raise UserError("profile_unreadable", value=str(path), reason=exc.params["reason"]) from None
    kind = icc_kind(data)
    if kind != ("prtr", "CMYK"):
        raise UserError("profile_not_cmyk", value=str(path), kind="/".join(kind) if kind else "?")
    return path.resolve()


def _profile(value: Any, info: ValidationInfo) -> Path:
    if isinstance(value, Path):
        return value
    if not isinstance(value, str):
        raise wrong_type("type_text", value)
    # A relative path is read from the folder of the file that names it, wherever bannergen runs.
    # Unlike a logo (images.logo_in_folder), a profile may lie anywhere: shops keep theirs in a
    # shared folder, and all that is read of it is a CMYK printing condition, no private data.
    folder = Path(context(info, "file", "order.yaml")).parent
    try:
        return check_profile(folder / value)
    except UserError as exc:
        raise from_user_error(exc) from None


def _pdfx(value: Any) -> Any:
    if value is None or isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return value
    try:
        return normalise_pdfx(value if not isinstance(value, float) else f"{value:g}")
    except UserError as exc:
        raise from_user_error(exc) from None


def _scale(value: Any) -> Any:
    # `scale: 10` or `scale: "1:10"` (YAML reads an unquoted 1:10 as a sexagesimal number in
    # YAML 1.1; our loader reads it as text): both mean 1:10.
    if isinstance(value, bool):
        raise wrong_type("type_scale", value)
    if isinstance(value, int) and 1 <= value <= MAX_SCALE:
        return value
    if isinstance(value, (str, int, float)):
        try:
            return parse_scale(f"1:{value}" if isinstance(value, (int, float)) else value)
        except UserError as exc:
            raise from_user_error(exc) from None
    raise wrong_type("type_scale", value)


ProfileFile = Annotated[Path, PlainValidator(_profile), WithJsonSchema({"type": "string"})]
PdfxLevel = Annotated[str, BeforeValidator(_pdfx),
                      WithJsonSchema({"type": ["string", "integer"], "enum": [*PDFX_LEVELS, 4]})]
Scale = Annotated[int, BeforeValidator(_scale),
                  WithJsonSchema({"type": ["string", "integer"], "pattern": r"^1:\d+$"})]


class OutputConditionSpec(InputModel):
    """Điều kiện in khác FOGRA39: hồ sơ màu ICC CMYK của nhà in (cho PDF/X và ảnh TIFF CMYK)"""

    profile: ProfileFile = Field(description="Tệp hồ sơ màu ICC CMYK (đường dẫn tính từ thư mục "
                                 "của tệp này), vd. PSOcoated_v3.icc")
    identifier: Text | None = Field(None, description="Tên điều kiện in trong sổ đăng ký ICC, vd. "
                                    "FOGRA51 (mặc định: tên tệp hồ sơ)")
    info: Text | None = Field(None, description="Mô tả điều kiện in, vd. Giấy couché, in offset")


class PrintOptions(InputModel):
    """Tùy chọn in cho nhà in — cùng nghĩa với các tùy chọn của lệnh render"""

    cmyk: Bool | None = Field(None, description="Mọi màu trong PDF là CMYK; ảnh TIFF là CMYK")
    marks: Bool | None = Field(None, description="Dấu xén và dòng thông tin ngoài vùng tràn lề")
    outline_text: Bool | None = Field(None, description="Chữ thành đường cong (không nhúng phông)")
    bleed: Number | None = Field(None, ge=0, le=100,
                                 description="Tràn lề (mm) quanh kích thước thành phẩm")
    pdfx: PdfxLevel | None = Field(None, description="Tệp PDF/X: 4 (PDF/X-4) hoặc 1a "
                                   "(PDF/X-1a:2003, chỉ CMYK); chỉ áp dụng cho tệp PDF")
    scale: Scale | None = Field(None, description="Tỉ lệ thu nhỏ, vd. 1:10")
    grommet_marks: Bool | None = Field(None, description="Đánh dấu vị trí khoen (màu pha riêng "
                                       "'Grommet', không in)")
    raster_bleed: Bool | None = Field(None, description="Ảnh PNG/JPEG/TIFF gồm cả phần tràn lề")
    output_condition: OutputConditionSpec | None = Field(
        None, description="Điều kiện in (hồ sơ màu) khác FOGRA39")

    def over(self, base: PrintOptions | None) -> PrintOptions:
        """These options, with what they leave unsaid taken from `base` (an order line over the
        order, the order over the template)."""
        if base is None:
            return self
        values = {name: getattr(self, name) if getattr(self, name) is not None
                  else getattr(base, name) for name in type(self).model_fields}
        return type(self).model_construct(**values)
