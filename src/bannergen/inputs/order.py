"""Load and validate print orders (đơn đặt in): slogans × templates × sizes × quantities × formats."""

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
)

from bannergen.errors import UserError
from bannergen.inputs.catalog import Catalogue, Slogan, user_text
from bannergen.inputs.formats import FORMATS, MAX_DPI, MIN_DPI, normalise_format
from bannergen.inputs.images import Logo, logo_in_folder, read_logo
from bannergen.inputs.job import Job
from bannergen.inputs.model import (
    Date,
    InputModel,
    Int,
    Name,
    Number,
    PageSize,
    Text,
    context,
    from_user_error,
    load,
    problem,
    wrong_type,
)
from bannergen.inputs.templates import Template, TemplateSet
from bannergen.inputs.units import Size

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


def _formats(value: Any) -> Any:
    if not isinstance(value, (list, tuple)):
        return value  # refused as "expected a list" by the tuple type
    if not value:
        raise problem("order_no_format", choices=", ".join(FORMATS))
    formats: list[str] = []
    for fmt in value:
        if fmt is None:
            continue
        if isinstance(fmt, bool) or not isinstance(fmt, (str, int, float)):
            return value  # refused item by item by the tuple type, at its place in the list
        try:
            name = normalise_format(str(fmt))
        except UserError as exc:
            raise from_user_error(exc) from None
        if name not in formats:
            formats.append(name)
    return tuple(formats) or ("pdf",)


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


#: One or several slogans of the catalogue, by id or slug.
SloganRefs = Annotated[tuple[Slogan, ...], PlainValidator(_slogans), WithJsonSchema({
    "anyOf": [{"type": ["integer", "string"]}, {"type": "array", "items": {"type": ["integer", "string"]}}]})]
TemplateRef = Annotated[Template, PlainValidator(_template), WithJsonSchema({"type": "string"})]
Occasion = Annotated[str, BeforeValidator(_occasion), WithJsonSchema({"type": "string"})]
LogoFile = Annotated[Logo, PlainValidator(_logo), WithJsonSchema({"type": "string"})]


class OrderItem(InputModel):
    """Một dòng của đơn đặt in"""

    model_config = ConfigDict(populate_by_name=True)  # demo_order builds lines in code

    slogans: SloganRefs = Field(alias="slogan", description="Số hoặc mã khẩu hiệu trong danh mục, "
                                "hoặc một danh sách, vd. [1, 4, dang-quang-vinh]")
    template: TemplateRef = Field(DEFAULT_TEMPLATE, validate_default=True,
                                  description="Mẫu: bang-ron, bang-ron-doc, ap-phich, pano")
    size: PageSize | None = Field(None, validate_default=True,
                                  description="Kích thước, vd. 500x80cm hoặc A2 (mặc định theo mẫu)")
    quantity: Int = Field(1, ge=1, le=10_000, description="Số lượng cần in")
    formats: Annotated[tuple[Name, ...], BeforeValidator(_formats)] = Field(
        ("pdf",), description="Định dạng tệp: " + ", ".join(FORMATS))
    dpi: Number | None = Field(None, ge=MIN_DPI, le=MAX_DPI, description="Độ phân giải ảnh (mặc định theo mẫu)")
    note: Text | None = Field(None, description="Ghi chú cho nhà in")
    occasion: Occasion | None = Field(
        None, description="Dòng phụ về dịp, ngày cho dòng này (áp phích); thay cho dòng chung")

    @field_validator("size")
    @classmethod
    def _template_size(cls, size: Size | None, info: ValidationInfo) -> Size | None:
        # No size: the template's own (its default_size); the product always has one.
        template = info.data.get("template")
        return size if size is not None or template is None else template.default_size


class Order(InputModel):
    """Đơn đặt in của bannergen"""

    organization: Text | None = Field(None, description="Cơ quan đặt in; in trên phiếu duyệt và áp phích")
    title: Text | None = Field(None, description="Tên đợt in, vd. Băng rôn chào mừng Đại hội")
    date: Date | None = Field(None, description="Ngày lập phiếu (YYYY-MM-DD hoặc 15/9/2020); mặc định hôm nay")
    prepared_by: Text | None = Field(None, description="Người lập phiếu")
    occasion: Occasion | None = Field(None, description="Dòng phụ về dịp, ngày in trên áp phích, "
                                      "vd. Chào mừng Đại hội lần thứ XVI")
    logo: LogoFile | None = Field(None, description="Tệp logo PNG/JPEG (đường dẫn tính từ thư mục của "
                                  "đơn) đặt vào chỗ logo của mẫu")
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

    def products(self) -> Iterator[tuple[OrderItem, Slogan]]:
        """Each product the order asks for: a line with several slogans makes one per slogan."""
        for item in self.items:
            for slogan in item.slogans:
                yield item, slogan

    def job(self, item: OrderItem, slogan: Slogan, office: str | None = None) -> Job:
        """What an order line renders for one of its slogans (the files of `batch`, the proof)."""
        return Job.for_slogan(slogan, item.template, item.size,
                              office=self.organization or office,
                              names=tuple(n for n in (office,) if n and n != self.organization),
                              occasion=item.occasion or self.occasion, logo=self.logo)


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
