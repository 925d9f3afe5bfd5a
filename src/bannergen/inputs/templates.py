"""Load and validate layout templates (templates/*.yaml): size, margins, colours, typography, decorations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    PlainValidator,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from bannergen.errors import ErrorList, UserError
from bannergen.inputs.formats import MAX_BLEED_MM, MAX_DPI, MIN_DPI
from bannergen.inputs.model import (
    InputModel,
    Int,
    Name,
    Number,
    PageSize,
    Text,
    context,
    load,
    problem,
    problems,
    wrong_type,
)
from bannergen.inputs.printing import OutputConditionSpec
from bannergen.inputs.units import Size
from bannergen.inputs.yamlio import load_yaml
from bannergen.resources import templates_dir
from bannergen.scene import Color

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")

Ink = Annotated[Number, Field(ge=0, le=100)]


class ColorSpec(InputModel):
    """Một màu, ghi cả RGB (màn hình) và CMYK (in)"""

    rgb: Name = Field(description="Màu RGB dạng '#RRGGBB'", json_schema_extra={"pattern": HEX.pattern})
    cmyk: tuple[Ink, ...] = Field(description="Màu CMYK [C, M, Y, K], mỗi giá trị 0–100",
                                  json_schema_extra={"minItems": 4, "maxItems": 4})

    @model_validator(mode="after")
    def _well_formed(self) -> ColorSpec:
        if not HEX.match(self.rgb) or len(self.cmyk) != 4:
            inks = ", ".join(f"{c:g}" for c in self.cmyk)
            raise problem("bad_color", value=f"{self.rgb} / [{inks}]")
        return self

    def color(self, name: str) -> Color:
        return Color(rgb=tuple(int(self.rgb[i:i + 2], 16) / 255 for i in (1, 3, 5)),
                     cmyk=tuple(c / 100 for c in self.cmyk), name=name)


def _palette(raw: Any) -> dict[str, Color]:
    """The colours of a template file that are well formed, by name: what the colour references
    are resolved against (a malformed colour is reported once, where it is declared)."""
    colors = raw.get("colors") if isinstance(raw, dict) else None
    palette = {}
    for name, spec in (colors.items() if isinstance(colors, dict) else ()):
        try:
            palette[name] = ColorSpec.model_validate(spec).color(name)
        except ValidationError:
            continue
    return palette


def _color_ref(value: Any, info: ValidationInfo) -> Color:
    if isinstance(value, Color):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise wrong_type("type_text", value)
    name = str(value)
    palette = context(info, "palette", {})
    if name in palette:
        return palette[name]
    raw = context(info, "raw")
    if isinstance(raw, dict) and isinstance(raw.get("colors"), dict) and name in raw["colors"]:
        raise problem("reported_elsewhere")  # the colour itself is malformed, and said so
    raise problem("unknown_color", value=name)


#: A colour named in the template's `colors` (`yellow`), resolved to its RGB and CMYK values.
ColorRef = Annotated[Color, PlainValidator(_color_ref),
                     WithJsonSchema({"type": "string", "description": "Tên màu trong 'colors'"})]


def _own_name(value: str, info: ValidationInfo) -> str:
    path = context(info, "file")
    if path is not None and value != Path(path).stem:
        raise problem("template_name_mismatch", value=value, expected=Path(path).stem)
    return value


class Margins(InputModel):
    """Lề an toàn quanh nội dung"""

    ratio: Number = Field(0.08, ge=0, le=0.4, description="Lề an toàn = tỉ lệ này × cạnh ngắn của sản phẩm")
    min_mm: Number = Field(10, ge=0, le=500,
                           description="Lề an toàn tối thiểu (mm), vd. 50 mm cho viền may và khoen")


class Lead(InputModel):
    """Câu mở đầu ("NHIỆT LIỆT CHÀO MỪNG") đặt thành dòng riêng, chữ nhỏ hơn, phía trên khẩu hiệu"""

    use: bool = Field(False, description="Dùng dòng mở đầu khi nó làm chữ khẩu hiệu lớn hơn")
    size_ratio: Number = Field(0.6, ge=0.2, le=0.95,
                               description="Cỡ chữ dòng mở đầu tối đa so với cỡ chữ khẩu hiệu")


class TextStyle(InputModel):
    """Kiểu chữ của khẩu hiệu"""

    font: Name = Field(description="Tệp phông chữ trong fonts/")
    color: ColorRef
    case: Literal["upper", "as-is"] = Field("upper", description="Viết hoa hay giữ nguyên")
    align: Literal["center", "left", "right"] = "center"
    max_lines: Int = Field(3, ge=1, le=12, description="Số dòng tối đa")
    line_gap: Number = Field(0.12, ge=0, le=2,
                             description="Khoảng trống giữa phần mực của hai dòng, tính theo cỡ chữ")
    line_gap_max: Number | None = Field(
        None, ge=0, le=3, description="Khi khung chữ còn thừa chiều cao, giãn dòng tới mức này (theo "
        "cỡ chữ) để chữ trải đều khung — dùng cho băng rôn dọc, áp phích")
    min_size_pt: Number = Field(6, ge=1, le=1000, description="Cỡ chữ nhỏ nhất chấp nhận được, "
                                "khi mẫu không ghi 'min_cap_height_mm'")
    min_cap_height_mm: Number | None = Field(
        None, ge=0.5, le=1000, description="Chiều cao chữ hoa nhỏ nhất (mm) còn đọc được ở khoảng "
        "cách xem của mẫu (khoảng 1 mm cho mỗi 50 cm: băng rôn nhìn từ 4 m trở lên 8 mm, áp "
        "phích nhìn từ 1,5 m 3 mm); nội dung chỉ đặt được nhỏ hơn thì bị từ chối")
    lead: Lead = Field(Lead(), description="Dòng mở đầu chữ nhỏ hơn, phía trên khẩu hiệu")
    max_size_ratio: Number = Field(1.0, ge=0.05, le=1.0,
                                   description="Chiều cao chữ tối đa so với chiều cao khung chữ")
    tracking_min: Number = Field(0.0, ge=-0.1, le=0.0, description="Cho phép khít chữ (em, số âm, "
                                 "vd. -0.02) nếu được cỡ chữ lớn hơn; trước khi nén ngang")
    condense_min: Number = Field(1.0, ge=0.5, le=1.0, description="Cho phép nén ngang chữ tới tỉ lệ "
                                 "này nếu được cỡ chữ lớn hơn (vd. 0.9)")

    @property
    def widest_gap(self) -> float:
        """How far lines may spread to fill a tall box; no spreading unless `line_gap_max` says."""
        return self.line_gap if self.line_gap_max is None else self.line_gap_max


class Flags(InputModel):
    """Cờ Đảng và Quốc kỳ"""

    position: Literal["none", "left", "top", "auto", "emblem"] = Field(
        "none", description="Vị trí cặp cờ: left (đầu trái băng rôn), top (trên chữ), auto (left trên "
        "khổ dải dài, top trên khổ khác — cho màn hình), emblem (búa liềm lớn bên trái, cho phông "
        "hội trường), none (không vẽ cờ)")
    height_ratio: Number = Field(0.8, ge=0.1, le=1.0, description="Chiều cao cờ so với chiều cao (left) "
                                 "hoặc bề rộng (top) vùng an toàn")
    frame: ColorRef | None = Field(None, description="Tên màu viền quanh mỗi lá cờ (để cờ đỏ nổi trên nền đỏ)")


class LogoPlace(InputModel):
    """Chỗ đặt logo (PNG hoặc JPEG)"""

    position: Literal["left", "right", "top", "auto"] = Field(
        "right", description="Vị trí logo (khi có --logo): left/right (hai đầu băng rôn ngang), top (trên cùng), "
        "auto (right trên khổ dải dài, top trên khổ khác)")
    height_ratio: Number = Field(0.6, ge=0.05, le=1.0, description="Chiều cao logo so với chiều cao vùng "
                                 "an toàn (left/right) hoặc bề rộng (top)")
    min_ppi: Number | None = Field(None, ge=10, le=1200, description="Độ phân giải tối thiểu của "
                                   "logo ở kích thước in (điểm ảnh/inch); thấp hơn thì cảnh báo")


class Border(InputModel):
    """Đường viền trang trí quanh nội dung"""

    color: ColorRef
    width_mm: Number = Field(10, ge=0.1, le=200, description="Độ dày (mm)")
    inset_ratio: Number = Field(0.5, ge=0, le=1,
                                description="Vị trí viền trong lề: 0 = sát mép, 1 = sát vùng an toàn")


class Rules(InputModel):
    """Đường kẻ ngang trên và dưới khối chữ"""

    color: ColorRef
    width_ratio: Number = Field(0.003, ge=0.0005, le=0.02, description="Độ dày so với cạnh ngắn của sản phẩm")


class Secondary(InputModel):
    """Dòng chữ phụ (cơ quan, dịp) — dùng cho áp phích"""

    font: Name
    color: ColorRef
    lines: tuple[Literal["office", "occasion", "catalog"], ...] = Field(
        ("office",), description="Dòng phụ in dưới khẩu hiệu")
    size_ratio: Number = Field(0.035, ge=0.005, le=0.2, description="Cỡ chữ dòng phụ so với cạnh ngắn")


class Grommets(InputModel):
    """Khoen (ô-dê) trên viền băng rôn: ở bốn góc và cách đều dọc các cạnh"""

    spacing_mm: Number = Field(ge=100, le=3000, description="Khoảng cách tối đa giữa hai khoen (ô-dê) "
                               "dọc theo cạnh (mm), vd. 500")
    inset_mm: Number | None = Field(None, ge=5, le=200, description="Tâm khoen cách mép thành phẩm (mm); "
                                    "mặc định: giữa viền may")


class Template(InputModel):
    """Mẫu trình bày của bannergen"""

    name: Annotated[Name, AfterValidator(_own_name)] = Field(
        description="Tên mẫu (trùng tên tệp), vd. bang-ron")
    aliases: tuple[Name, ...] = Field((), description="Tên khác, vd. banner")
    title: Text = Field(description="Tên tiếng Việt")
    title_en: Text | None = Field(None, description="English name")
    default_size: PageSize = Field(description="Kích thước mặc định, vd. 500x80cm hoặc A2")
    dpi: Int = Field(100, ge=MIN_DPI, le=MAX_DPI, description="Độ phân giải mặc định cho ảnh")
    bleed_mm: Number = Field(0, ge=0, le=MAX_BLEED_MM, description="Tràn lề mặc định (mm)")
    hem_mm: Number = Field(0, ge=0, le=200, description="Viền may/hàn dọc mỗi cạnh (mm), nằm trong "
                           "kích thước thành phẩm; chữ tránh xa")
    grommets: Grommets | None = None
    colors: dict[Name, ColorSpec] = Field(description="Bảng màu của mẫu")
    background: ColorRef = Field(description="Tên màu nền")
    margins: Margins = Margins()
    text: TextStyle
    flags: Flags = Flags()
    logo: LogoPlace = LogoPlace()
    border: Border | None = None
    rules: Rules | None = None
    secondary: Secondary | None = None
    layout: Literal["slogan", "backdrop"] = Field(
        "slogan", description="slogan: một khẩu hiệu; backdrop: phông hội trường — các dòng của một sự "
        "kiện (dòng đầu, tên sự kiện lớn nhất, nhiệm kỳ, địa điểm và thời gian)")
    output_condition: OutputConditionSpec | None = Field(
        None, description="Điều kiện in (hồ sơ màu ICC CMYK) của mẫu, thay cho FOGRA39")

    _path: Path = PrivateAttr(Path("template.yaml"))

    @property
    def path(self) -> Path:
        return self._path

    @model_validator(mode="before")
    @classmethod
    def _english_title(cls, data: Any) -> Any:
        # An English name left out reads as the Vietnamese one (`templates --lang en` lists it).
        if isinstance(data, dict) and data.get("title_en") is None and isinstance(data.get("title"), str):
            return {**data, "title_en": data["title"]}
        return data

    @model_validator(mode="after")
    def _grommets_in_hem(self) -> Template:
        inset = self.grommets.inset_mm if self.grommets else None
        if inset is not None and self.hem_mm and inset > self.hem_mm:
            problems(type(self), [(("grommets", "inset_mm"), problem(
                "grommet_outside_hem", value=inset, hem=self.hem_mm), inset)])
        return self

    @property
    def palette(self) -> dict[str, Color]:
        """The template's colours by name, as the layout paints them."""
        return {name: spec.color(name) for name, spec in self.colors.items()}

    @property
    def grommet_inset_mm(self) -> float | None:
        """Where grommets sit: as stated; else centred in the hem, or 25 mm in (shop default)."""
        if self.grommets is None:
            return None
        if self.grommets.inset_mm is not None:
            return self.grommets.inset_mm
        return self.hem_mm / 2 if self.hem_mm else 25.0

    def margin_mm(self, size: Size) -> float:
        """Safe margin for a size: a share of the shorter side, never less than the hem allowance."""
        shorter = min(size.width_mm, size.height_mm)
        margin = min(max(self.margins.min_mm, self.margins.ratio * shorter), shorter * 0.3)
        # The hem is folded or welded and carries the grommets: no text in it (EMBLEMS.md, Sizes).
        return max(margin, self.hem_mm)


def load_template(path: Path) -> Template:
    path = Path(path)
    data = load_yaml(path)
    return load(Template, path, context={"palette": _palette(data)}, data=data)


def default_template(size: Size | None, event: bool = False, screen: bool = False) -> str:
    """The template when none is named (`render`, an order line): the screen template for a size
    in pixels or a slideshow; an event's own, the hall backdrop; else the horizontal banner."""
    if size is not None and size.px is not None or screen and size is None:
        return "man-hinh"
    return "phong-hoi-truong" if event else "bang-ron"


@dataclass(frozen=True)
class TemplateSet:
    """The templates of one folder, addressable by name or alias."""

    templates: tuple[Template, ...]

    @property
    def for_slogans(self) -> tuple[Template, ...]:
        """The templates a slogan is set on (a hall backdrop sets an event's facts instead)."""
        return tuple(t for t in self.templates if t.layout == "slogan")

    def get(self, name: str) -> Template:
        key = name.strip().lower()
        for template in self.templates:
            if key == template.name or key in template.aliases:
                return template
        choices = ", ".join(f"{t.name} ({', '.join(t.aliases)})" if t.aliases else t.name
                            for t in self.templates)
        raise UserError("unknown_template", value=name, choices=choices)


def load_templates(directory: Path | None = None) -> TemplateSet:
    """Load every *.yaml template of a folder; report all problems at once."""
    return _load_templates(Path(directory) if directory else templates_dir())


@cache
def _load_templates(directory: Path) -> TemplateSet:
    errors = []
    templates = []
    names: set[str] = set()
    for path in sorted(directory.glob("*.yaml"), key=lambda p: p.stem):
        try:
            template = load_template(path)
        except ErrorList as exc:
            errors.extend(exc.errors)
            continue
        except UserError as exc:
            errors.append(exc)
            continue
        for name in (template.name, *template.aliases):
            if name in names:
                errors.append(UserError("duplicate_template", file=path, value=name))
            names.add(name)
        templates.append(template)
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(errors)
    if not templates:
        raise UserError("file_not_found", file=directory / "*.yaml")
    return TemplateSet(tuple(templates))
