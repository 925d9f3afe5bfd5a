"""Load and validate print orders (đơn đặt in): slogans × templates × sizes × quantities × formats.

An order line sets approved slogans of the catalogue, or one event (the office's own facts, from
a file beside the order or written in the line); its slogans may also become one slideshow.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from bannergen.errors import UserError
from bannergen.i18n import Msg
from bannergen.inputs.catalog import Catalogue, Slogan, user_text
from bannergen.inputs.event import Event, load_event
from bannergen.inputs.formats import (
    DEFAULT_SECONDS,
    FORMATS,
    MAX_DPI,
    MAX_SECONDS,
    MAX_SLIDES,
    MIN_DPI,
    MIN_SECONDS,
    SLIDESHOW_FORMATS,
    normalise_format,
)
from bannergen.inputs.images import Logo, logo_in_folder, read_logo
from bannergen.inputs.job import Job
from bannergen.inputs.model import (
    Bool,
    Date,
    InputModel,
    Int,
    Name,
    Number,
    PageSize,
    Note,
    ShortText,
    context,
    from_user_error,
    load,
    problem,
    problems,
    wrong_type,
)
from bannergen.inputs.printing import PrintOptions
from bannergen.inputs.templates import Template, TemplateSet, default_template
from bannergen.inputs.units import Size, parse_size

DEFAULT_TEMPLATE = "bang-ron"


def _slogans(value: Any, info: ValidationInfo) -> tuple[Slogan, ...]:
    refs = list(value) if isinstance(value, (list, tuple)) else [value]
    if not refs:
        raise problem("order_no_slogan")
    catalogue: Catalogue | None = context(info, "catalogue")
    slogans = []
    for ref in refs:
        if isinstance(ref, Slogan):
            slogans.append(ref)
        elif isinstance(ref, bool) or not isinstance(ref, (int, str)) or catalogue is None:
            raise wrong_type("type_slogan_ref", ref)
        else:
            try:
                slogans.append(catalogue.find(ref))
            except UserError as exc:
                raise from_user_error(exc) from None
    return tuple(slogans)


def _template(value: Any, info: ValidationInfo) -> Template:
    if isinstance(value, Template):
        return value
    templates: TemplateSet | None = context(info, "templates")
    if isinstance(value, bool) or not isinstance(value, (int, str)) or templates is None:
        raise wrong_type("type_text", value)
    try:
        return templates.get(str(value))
    except UserError as exc:
        raise from_user_error(exc) from None


def _formats(value: Any, info: ValidationInfo) -> Any:
    if not isinstance(value, (list, tuple)):
        return value  # refused as "expected a list" by the tuple type
    # A slideshow line (its options absent from `data` only when they are wrong: still one)
    slideshow = info.data.get("slideshow", True) is not None
    if not value:
        raise problem("order_no_format", choices=", ".join(SLIDESHOW_FORMATS if slideshow else FORMATS))
    formats: list[str] = []
    for fmt in value:
        if fmt is None:
            continue
        if isinstance(fmt, bool) or not isinstance(fmt, (str, int, float)):
            return value  # refused item by item by the tuple type, at its place in the list
        spelled = str(fmt).strip().lower().lstrip(".")
        if slideshow:  # one file of all the line's slides: a video, or an animated WebP
            if spelled not in SLIDESHOW_FORMATS:
                raise problem("order_slideshow_format", value=fmt, choices=", ".join(SLIDESHOW_FORMATS))
            name = spelled
        elif spelled in SLIDESHOW_FORMATS and spelled not in FORMATS:
            raise problem("order_format_needs_slideshow", value=fmt)
        else:
            try:
                name = normalise_format(str(fmt))
            except UserError as exc:
                raise from_user_error(exc) from None
        if name not in formats:
            formats.append(name)
    return tuple(formats) or (SLIDESHOW_FORMATS[0] if slideshow else "pdf",)


def _occasion(value: Any) -> Any:
    """Free text printed on a poster: the catalogue's rules for invisible characters."""
    if not isinstance(value, str):
        return value
    try:
        return user_text(value)
    except UserError as exc:
        raise from_user_error(exc) from None


def _logo(value: Any, info: ValidationInfo) -> Logo:
    if isinstance(value, Logo):
        return value
    if not isinstance(value, str):
        raise wrong_type("type_text", value)
    folder = Path(context(info, "file", "order.yaml")).parent
    try:  # a relative path is read from the order's own folder, wherever batch runs
        return read_logo(logo_in_folder(folder, value))
    except UserError as exc:
        raise problem(exc.key, **{**exc.params, "value": exc.value or value}) from None


class _Nested(Msg):
    """Another file's own error (an event file named by the order), inside the order's message,
    rendered in the reader's language with its own file and line."""

    def __init__(self, error: UserError) -> None:
        super().__init__(error.key)
        self.error = error

    def render(self, lang: str) -> str:
        return self.error.render(lang)


def _event_file(value: Any, info: ValidationInfo) -> Any:
    """`event: su-kien.yaml` reads the event file beside the order; a mapping written in the line
    is checked by the Event model in place (its problems at the order's own lines)."""
    if not isinstance(value, str):
        return value
    folder = Path(context(info, "file", "order.yaml")).parent
    try:  # like a logo: only a file inside the order's folder (an order may come from elsewhere)
        path = logo_in_folder(folder, value, key="event_outside_folder")
    except UserError as exc:
        raise from_user_error(exc) from None
    try:
        return load_event(path)
    except UserError as exc:  # missing, unreadable or wrong inside: its own place, and this line
        raise problem("order_event_file", value=value, problem=_Nested(exc)) from None


#: One or several slogans of the catalogue, by id or slug.
SloganRefs = Annotated[tuple[Slogan, ...], PlainValidator(_slogans), WithJsonSchema({
    "anyOf": [{"type": ["integer", "string"]}, {"type": "array", "items": {"type": ["integer", "string"]}}]})]
TemplateRef = Annotated[Template, PlainValidator(_template), WithJsonSchema({"type": "string"})]
Occasion = Annotated[str, BeforeValidator(_occasion), WithJsonSchema({"type": "string"})]
LogoFile = Annotated[Logo, PlainValidator(_logo), WithJsonSchema({"type": "string"})]
EventRef = Annotated[Event, BeforeValidator(_event_file)]


def _file_or_mapping(schema: dict) -> None:
    """An editor accepts both spellings of `event:`: a file name, or the event's own mapping."""
    schema["anyOf"].insert(0, {"type": "string"})


class SlideshowOptions(InputModel):
    """Trình chiếu: các khẩu hiệu của dòng thành một tệp video MP4 hoặc ảnh động WebP"""

    seconds: Number = Field(DEFAULT_SECONDS, ge=MIN_SECONDS, le=MAX_SECONDS,
                            description="Số giây mỗi khẩu hiệu trên màn hình")


class OrderItem(InputModel):
    """Một dòng của đơn đặt in"""

    # demo_order builds lines in code; a line names slogans or an event, one of the two.
    model_config = ConfigDict(populate_by_name=True, json_schema_extra={
        "oneOf": [{"required": ["slogan"]}, {"required": ["event"]}]})

    slogans: SloganRefs = Field((), alias="slogan", description="Số hoặc mã khẩu hiệu trong danh "
                                "mục, hoặc một danh sách, vd. [1, 4, dang-quang-vinh]")
    event: EventRef | None = Field(None, json_schema_extra=_file_or_mapping, description=(
        "Sự kiện (thay cho khẩu hiệu): tệp sự kiện bên cạnh đơn, vd. su-kien.yaml, hoặc viết ngay "
        "tại đây (title, header, subtitle, place_date)"))
    template: TemplateRef = Field(DEFAULT_TEMPLATE, validate_default=True, description=(
        "Mẫu: bang-ron, bang-ron-doc, ap-phich, pano, man-hinh, phong-hoi-truong (mặc định: "
        "bang-ron; man-hinh cho kích thước px và trình chiếu; phong-hoi-truong cho sự kiện)"))
    size: PageSize | None = Field(None, validate_default=True,
                                  description="Kích thước, vd. 500x80cm hoặc A2 (mặc định theo mẫu)")
    quantity: Int = Field(1, ge=1, le=10_000, description="Số lượng cần in")
    # Before `formats`: a slideshow line's formats are the slideshow's (mp4, webp).
    slideshow: SlideshowOptions | None = Field(
        None, description="Trình chiếu cho màn hình: các khẩu hiệu của dòng thành MỘT tệp (định "
        "dạng mp4 hoặc webp, kích thước px), vd. {seconds: 8}")
    formats: Annotated[tuple[Name, ...], BeforeValidator(_formats)] = Field(
        ("pdf",), description="Định dạng tệp: " + ", ".join(FORMATS) + "; trình chiếu: "
        + ", ".join(SLIDESHOW_FORMATS) + " (mặc định " + SLIDESHOW_FORMATS[0] + ")")
    dpi: Number | None = Field(None, ge=MIN_DPI, le=MAX_DPI, description="Độ phân giải ảnh (mặc định theo mẫu)")
    note: Note | None = Field(None, description="Ghi chú cho nhà in")
    occasion: Occasion | None = Field(
        None, description="Dòng phụ về dịp, ngày cho dòng này (áp phích); thay cho dòng chung")
    material: ShortText | None = Field(None, description="Chất liệu, vd. Vải lụa đỏ, bạt hiflex 440 g/m²")
    finishing: ShortText | None = Field(None, description="Gia công, vd. May viền 3 cm, đóng 6 khoen")
    print: PrintOptions | None = Field(None, description="Tùy chọn in của dòng này; thay cho "
                                       "tùy chọn in chung của đơn, từng khóa một")

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        # What the line makes decides the defaults of what it leaves out: the template (see
        # templates.default_template) and, for a slideshow, its format (a video).
        if not isinstance(data, dict):
            return data
        slideshow = data.get("slideshow") is not None
        if data.get("template") is None:
            try:
                size = parse_size(str(data["size"])) if data.get("size") is not None else None
            except UserError:
                size = None  # reported at `size` by its own field
            data = {**data, "template": default_template(
                size, event=data.get("event") is not None, screen=slideshow)}
        if slideshow and data.get("formats") is None:
            data = {**data, "formats": [SLIDESHOW_FORMATS[0]]}
        return data

    @field_validator("size")
    @classmethod
    def _template_size(cls, size: Size | None, info: ValidationInfo) -> Size | None:
        # No size: the template's own (its default_size); the product always has one.
        template = info.data.get("template")
        return size if size is not None or template is None else template.default_size

    @model_validator(mode="after")
    def _what_it_makes(self) -> OrderItem:
        """Approved slogans or an event, one of the two; a backdrop takes an event; a slideshow is
        a screen's pixels (even sides for H.264's 4:2:0 chroma) and a bounded number of slides."""
        if self.event is None and not self.slogans:
            raise problem("order_slogan_or_event")
        if self.event is not None and self.slogans:
            raise problem("order_slogan_and_event")
        found = []
        if self.slogans and self.template.layout == "backdrop":
            found.append((("template",), problem("order_backdrop_needs_event",
                                                 template=self.template.name), self.template.name))
        if self.slideshow is not None:
            if self.size.px is None:
                found.append((("size",), problem("slideshow_needs_pixels", value=self.size.label),
                              self.size.label))
            elif "mp4" in self.formats and (self.size.px[0] % 2 or self.size.px[1] % 2):
                found.append((("size",), problem("slideshow_even_sides", value=self.size.label),
                              self.size.label))
            if len(self.slogans) > MAX_SLIDES:
                found.append((("slogan",), problem("slideshow_too_many", value=len(self.slogans),
                                                   limit=MAX_SLIDES), len(self.slogans)))
        problems(type(self), found)
        return self

    @property
    def subjects(self) -> tuple[Slogan, ...] | tuple[Event]:
        """What the line sets: its approved slogans, or its one event."""
        return (self.event,) if self.event is not None else self.slogans


class Order(InputModel):
    """Đơn đặt in của bannergen"""

    organization: ShortText | None = Field(None, description="Cơ quan đặt in; in trên phiếu duyệt và áp phích")
    title: ShortText | None = Field(None, description="Tên đợt in, vd. Băng rôn chào mừng Đại hội")
    date: Date | None = Field(None, description="Ngày lập phiếu (YYYY-MM-DD hoặc 15/9/2020); mặc định hôm nay")
    prepared_by: ShortText | None = Field(None, description="Người lập phiếu")
    occasion: Occasion | None = Field(None, description="Dòng phụ về dịp, ngày in trên áp phích, "
                                      "vd. Chào mừng Đại hội lần thứ XVI")
    logo: LogoFile | None = Field(None, description="Tệp logo PNG/JPEG (đường dẫn tính từ thư mục của "
                                  "đơn) đặt vào chỗ logo của mẫu")
    contact: Note | None = Field(None, description="Người liên hệ và số điện thoại, cho nhà in")
    due: Date | None = Field(None, description="Ngày cần giao hàng (30/6/2027 hoặc 2027-06-30)")
    print: PrintOptions | None = Field(None, description="Tùy chọn in chung cho mọi dòng: cmyk, "
                                       "marks, outline_text, bleed, pdfx, scale, grommet_marks")
    quantity_in_name: Bool = Field(False, description="Ghi số lượng vào tên tệp in, vd. …_SL03.pdf")
    items: tuple[OrderItem, ...] = Field(description="Các dòng của đơn")

    _path: Path | None = PrivateAttr(None)

    @property
    def path(self) -> Path | None:
        return self._path

    @field_validator("items")
    @classmethod
    def _not_empty(cls, items: tuple[OrderItem, ...]) -> tuple[OrderItem, ...]:
        if not items:
            raise problem("order_empty")
        return items

    def products(self) -> Iterator[tuple[OrderItem, Slogan | Event]]:
        """Each product the order asks for: a line with several slogans makes one per slogan (on
        a slideshow line, one slide per slogan); an event line makes one."""
        for item in self.items:
            for subject in item.subjects:
                yield item, subject

    def print_for(self, item: OrderItem) -> PrintOptions:
        """The print options of a line: its own, then the order's, key by key."""
        return (item.print or PrintOptions()).over(self.print)

    def job(self, item: OrderItem, slogan: Slogan | Event, office: str | None = None, *,
            printing: PrintOptions | None = None) -> Job:
        """What an order line renders for one of its slogans, or for its event (the files of
        `batch`, the proof). `printing`: the line's print_for, when the caller has it."""
        make = Job.for_event if isinstance(slogan, Event) else Job.for_slogan
        return make(slogan, item.template, item.size,
                    office=self.organization or office,
                    names=tuple(n for n in (office,) if n and n != self.organization),
                    occasion=item.occasion or self.occasion, logo=self.logo,
                    bleed_mm=(printing or self.print_for(item)).bleed)


def load_order(path: Path, catalogue: Catalogue, templates: TemplateSet) -> Order:
    """Load an order, resolving every slogan, template, size and format; report all problems."""
    return load(Order, Path(path), context={"catalogue": catalogue, "templates": templates})


def demo_order(catalogue: Catalogue, templates: TemplateSet,
               template_names: tuple[str, ...] = ("bang-ron", "ap-phich")) -> Order:
    """The whole catalogue on the default templates: what `batch` renders with no order."""
    items = tuple(OrderItem(slogans=(s,), template=templates.get(name))
                  for name in template_names for s in catalogue.slogans)
    # No organization of its own: the posters are signed by the settings' office, else the catalogue's.
    return Order(items=items, title=catalogue.title)
