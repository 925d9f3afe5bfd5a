"""Load and validate layout templates (templates/*.yaml): size, margins, colours, typography, decorations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bannergen.errors import ErrorList, UserError
from bannergen.inputs.units import Size, parse_size
from bannergen.inputs.yamlio import Checker, Field, Model, checked, defaults
from bannergen.resources import templates_dir
from bannergen.scene import Color

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")

COLOR = Model("color", (
    Field("rgb", "str", required=True, help="Màu RGB dạng '#RRGGBB'"),
    Field("cmyk", "list", required=True, items=Field("ink", "number", minimum=0, maximum=100),
          help="Màu CMYK [C, M, Y, K], mỗi giá trị 0–100"),
), help="Một màu, ghi cả RGB (màn hình) và CMYK (in)")

MARGINS = Model("margins", (
    Field("ratio", "number", default=0.08, minimum=0, maximum=0.4,
          help="Lề an toàn = tỉ lệ này × cạnh ngắn của sản phẩm"),
    Field("min_mm", "number", default=10, minimum=0, maximum=500,
          help="Lề an toàn tối thiểu (mm), vd. 50 mm cho viền may và khoen"),
), help="Lề an toàn quanh nội dung")

TEXT = Model("text", (
    Field("font", "str", required=True, help="Tệp phông chữ trong fonts/"),
    Field("color", "str", required=True, help="Tên màu trong 'colors'"),
    Field("case", "str", default="upper", choices=("upper", "as-is"), help="Viết hoa hay giữ nguyên"),
    Field("align", "str", default="center", choices=("center", "left", "right")),
    Field("max_lines", "int", default=3, minimum=1, maximum=12, help="Số dòng tối đa"),
    Field("line_gap", "number", default=0.12, minimum=0, maximum=2,
          help="Khoảng trống giữa phần mực của hai dòng, tính theo cỡ chữ"),
    Field("line_gap_max", "number", minimum=0, maximum=3,
          help="Khi khung chữ còn thừa chiều cao, giãn dòng tới mức này (theo cỡ chữ) để chữ "
               "trải đều khung — dùng cho băng rôn dọc, áp phích"),
    Field("min_size_pt", "number", default=6, minimum=1, maximum=1000,
          help="Cỡ chữ nhỏ nhất chấp nhận được"),
    Field("max_size_ratio", "number", default=1.0, minimum=0.05, maximum=1.0,
          help="Chiều cao chữ tối đa so với chiều cao khung chữ"),
    Field("tracking_min", "number", default=0.0, minimum=-0.1, maximum=0.0,
          help="Cho phép khít chữ (em, số âm, vd. -0.02) nếu được cỡ chữ lớn hơn; trước khi nén ngang"),
    Field("condense_min", "number", default=1.0, minimum=0.5, maximum=1.0,
          help="Cho phép nén ngang chữ tới tỉ lệ này nếu được cỡ chữ lớn hơn (vd. 0.9)"),
), help="Kiểu chữ của khẩu hiệu")

FLAGS = Model("flags", (
    Field("position", "str", default="none", choices=("none", "left", "top"),
          help="Vị trí cặp cờ: left (đầu trái băng rôn), top (trên chữ), none (không vẽ cờ)"),
    Field("height_ratio", "number", default=0.8, minimum=0.1, maximum=1.0,
          help="Chiều cao cờ so với chiều cao (left) hoặc bề rộng (top) vùng an toàn"),
    Field("frame", "str", help="Tên màu viền quanh mỗi lá cờ (để cờ đỏ nổi trên nền đỏ)"),
), help="Cờ Đảng và Quốc kỳ")

LOGO = Model("logo", (
    Field("position", "str", default="right", choices=("left", "right", "top"),
          help="Vị trí logo (khi có --logo): left/right (hai đầu băng rôn ngang), top (trên cùng)"),
    Field("height_ratio", "number", default=0.6, minimum=0.05, maximum=1.0,
          help="Chiều cao logo so với chiều cao vùng an toàn (left/right) hoặc bề rộng (top)"),
), help="Chỗ đặt logo (PNG hoặc JPEG)")

BORDER = Model("border", (
    Field("color", "str", required=True, help="Tên màu đường viền"),
    Field("width_mm", "number", default=10, minimum=0.1, maximum=200, help="Độ dày (mm)"),
    Field("inset_ratio", "number", default=0.5, minimum=0, maximum=1,
          help="Vị trí viền trong lề: 0 = sát mép, 1 = sát vùng an toàn"),
), help="Đường viền trang trí quanh nội dung")

RULES = Model("rules", (
    Field("color", "str", required=True, help="Tên màu đường kẻ"),
    Field("width_ratio", "number", default=0.003, minimum=0.0005, maximum=0.02,
          help="Độ dày so với cạnh ngắn của sản phẩm"),
), help="Đường kẻ ngang trên và dưới khối chữ")

SECONDARY = Model("secondary", (
    Field("font", "str", required=True),
    Field("color", "str", required=True),
    Field("lines", "list", items=Field("line", "str", choices=("office", "occasion", "catalog")),
          default=("office",), help="Dòng phụ in dưới khẩu hiệu"),
    Field("size_ratio", "number", default=0.035, minimum=0.005, maximum=0.2,
          help="Cỡ chữ dòng phụ so với cạnh ngắn"),
), help="Dòng chữ phụ (cơ quan, dịp) — dùng cho áp phích")

GROMMETS = Model("grommets", (
    Field("spacing_mm", "number", required=True, minimum=100, maximum=3000,
          help="Khoảng cách tối đa giữa hai khoen (ô-dê) dọc theo cạnh (mm), vd. 500"),
    Field("inset_mm", "number", minimum=5, maximum=200,
          help="Tâm khoen cách mép thành phẩm (mm); mặc định: giữa viền may"),
), help="Khoen (ô-dê) trên viền băng rôn: ở bốn góc và cách đều dọc các cạnh")

TEMPLATE = Model("template", (
    Field("name", "str", required=True, help="Tên mẫu (trùng tên tệp), vd. bang-ron"),
    Field("aliases", "list", items=Field("alias", "str"), default=(), help="Tên khác, vd. banner"),
    Field("title", "text", required=True, help="Tên tiếng Việt"),
    Field("title_en", "text", help="English name"),
    Field("default_size", "str", required=True, help="Kích thước mặc định, vd. 500x80cm hoặc A2"),
    Field("dpi", "int", default=100, minimum=10, maximum=1200, help="Độ phân giải mặc định cho ảnh"),
    Field("bleed_mm", "number", default=0, minimum=0, maximum=100, help="Tràn lề mặc định (mm)"),
    Field("hem_mm", "number", default=0, minimum=0, maximum=200,
          help="Viền may/hàn dọc mỗi cạnh (mm), nằm trong kích thước thành phẩm; chữ tránh xa"),
    Field("grommets", "map", model=GROMMETS, help=GROMMETS.help),
    Field("colors", "map", model=Model("colors", (), open_keys=True, values=COLOR),
          required=True, help="Bảng màu của mẫu"),
    Field("background", "str", required=True, help="Tên màu nền"),
    Field("margins", "map", model=MARGINS, help=MARGINS.help),
    Field("text", "map", model=TEXT, required=True, help=TEXT.help),
    Field("flags", "map", model=FLAGS, help=FLAGS.help),
    Field("logo", "map", model=LOGO, help=LOGO.help),
    Field("border", "map", model=BORDER, help=BORDER.help),
    Field("rules", "map", model=RULES, help=RULES.help),
    Field("secondary", "map", model=SECONDARY, help=SECONDARY.help),
), help="Mẫu trình bày của bannergen")


@dataclass(frozen=True)
class TextStyle:
    font: str
    color: Color
    case: str
    align: str
    max_lines: int
    line_gap: float
    line_gap_max: float
    min_size_pt: float
    max_size_ratio: float
    tracking_min: float
    condense_min: float


@dataclass(frozen=True)
class Secondary:
    font: str
    color: Color
    lines: tuple[str, ...]
    size_ratio: float


@dataclass(frozen=True)
class Border:
    color: Color
    width_mm: float
    inset_ratio: float


@dataclass(frozen=True)
class Rules:
    color: Color
    width_ratio: float


@dataclass(frozen=True)
class Template:
    name: str
    aliases: tuple[str, ...]
    title: str
    title_en: str
    default_size: Size
    dpi: int
    bleed_mm: float
    colors: dict[str, Color]
    background: Color
    margin_ratio: float
    margin_min_mm: float
    text: TextStyle
    flags_position: str
    flags_height_ratio: float
    flags_frame: Color | None
    logo_position: str
    logo_height_ratio: float
    border: Border | None
    rules: Rules | None
    secondary: Secondary | None
    path: Path
    hem_mm: float = 0.0
    grommet_spacing_mm: float | None = None
    grommet_inset_mm: float | None = None

    def margin_mm(self, size: Size) -> float:
        """Safe margin for a size: a share of the shorter side, never less than the hem allowance."""
        shorter = min(size.width_mm, size.height_mm)
        margin = min(max(self.margin_min_mm, self.margin_ratio * shorter), shorter * 0.3)
        # The hem is folded or welded and carries the grommets: no text in it (EMBLEMS.md, Sizes).
        return max(margin, self.hem_mm)


def _color(value: dict, checker: Checker, line: int, where: str) -> Color | None:
    rgb, cmyk = value["rgb"], value["cmyk"]
    if not isinstance(rgb, str) or not HEX.match(rgb) or cmyk is None or len(cmyk) != 4 \
            or any(c is None for c in cmyk):
        checker.fail("bad_color", line=line, field=where, value=f"{rgb} / {cmyk}")
        return None
    return Color(rgb=tuple(int(rgb[i:i + 2], 16) / 255 for i in (1, 3, 5)),
                 cmyk=tuple(c / 100 for c in cmyk), name=where.rsplit(".", 1)[-1])


def _build(value: dict, checker: Checker, raw: Any) -> Template | None:
    colors: dict[str, Color] = {}
    raw_colors = raw.get("colors") if isinstance(raw, dict) else None
    for name, spec in (value["colors"] or {}).items():
        if spec:
            line = raw_colors.line_of(name) if hasattr(raw_colors, "line_of") else raw.line
            color = _color(spec, checker, line, f"colors.{name}")
            if color:
                colors[name] = color

    def color(name: str | None, where: str) -> Color | None:
        if name is None:
            return None
        if name not in colors:
            if name in (value["colors"] or {}):
                return None  # the colour itself is wrong, and already reported
            line = _line(raw, where)
            checker.fail("unknown_color", line=line, field=where, value=name)
            return None
        return colors[name]

    expected = checker.path.stem
    if value["name"] and value["name"] != expected:
        checker.fail("template_name_mismatch", line=raw.line_of("name"), field="name",
                     value=value["name"], expected=expected)
    try:
        default_size = parse_size(value["default_size"]) if value["default_size"] else None
    except UserError as exc:
        checker.fail(exc.key, line=raw.line_of("default_size"), field="default_size",
                     **{"value": exc.value, **exc.params})
        default_size = None
    text = value["text"] or {}
    margins = value["margins"] or defaults(MARGINS)
    flags = value["flags"] or defaults(FLAGS)
    logo = value["logo"] or defaults(LOGO)
    secondary = value["secondary"]
    border, rules = value["border"], value["rules"]
    frame_color = color(flags["frame"], "flags.frame")
    border_color = color(border["color"], "border.color") if border else None
    rules_color = color(rules["color"], "rules.color") if rules else None
    grommets = value["grommets"]
    hem = float(value["hem_mm"] or 0)
    if grommets and grommets["inset_mm"] is not None and hem and grommets["inset_mm"] > hem:
        checker.fail("grommet_outside_hem", line=_line(raw, "grommets.inset_mm"),
                     field="grommets.inset_mm", value=grommets["inset_mm"], hem=hem)
    background = color(value["background"], "background")
    text_color = color(text.get("color"), "text.color")
    sec_color = color(secondary["color"], "secondary.color") if secondary else None
    if checker.errors or default_size is None or not text:
        return None
    return Template(
        name=value["name"], aliases=tuple(value["aliases"] or ()), title=value["title"],
        title_en=value["title_en"] or value["title"], default_size=default_size,
        dpi=value["dpi"], bleed_mm=float(value["bleed_mm"]), colors=colors,
        background=background, margin_ratio=float(margins["ratio"]),
        margin_min_mm=float(margins["min_mm"]),
        text=TextStyle(font=text["font"], color=text_color, case=text["case"],
                       align=text["align"], max_lines=text["max_lines"],
                       line_gap=float(text["line_gap"]),
                       line_gap_max=float(text["line_gap_max"] if text["line_gap_max"] is not None
                                          else text["line_gap"]),
                       min_size_pt=float(text["min_size_pt"]),
                       max_size_ratio=float(text["max_size_ratio"]),
                       tracking_min=float(text["tracking_min"]),
                       condense_min=float(text["condense_min"])),
        flags_position=flags["position"], flags_height_ratio=float(flags["height_ratio"]),
        flags_frame=frame_color,
        logo_position=logo["position"], logo_height_ratio=float(logo["height_ratio"]),
        border=Border(border_color, float(border["width_mm"]), float(border["inset_ratio"]))
        if border else None,
        rules=Rules(rules_color, float(rules["width_ratio"])) if rules else None,
        secondary=Secondary(font=secondary["font"], color=sec_color,
                            lines=tuple(secondary["lines"] or ()),
                            size_ratio=float(secondary["size_ratio"])) if secondary else None,
        path=checker.path,
        hem_mm=hem,
        grommet_spacing_mm=float(grommets["spacing_mm"]) if grommets else None,
        # Centred in the hem when not stated; 25 mm from the edge without a hem (shop default).
        grommet_inset_mm=(float(grommets["inset_mm"]) if grommets and grommets["inset_mm"]
                          is not None else (hem / 2 if hem else 25.0)) if grommets else None,
    )


def _line(raw: Any, dotted: str) -> int:
    node = raw
    line = getattr(raw, "line", 1)
    for part in dotted.split("."):
        if isinstance(node, dict) and part in node:
            line = node.line_of(part) if hasattr(node, "line_of") else line
            node = node[part]
    return line


def load_template(path: Path) -> Template:
    return checked(Path(path), TEMPLATE, _build)


@dataclass(frozen=True)
class TemplateSet:
    """The templates of one folder, addressable by name or alias."""

    templates: tuple[Template, ...]

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
