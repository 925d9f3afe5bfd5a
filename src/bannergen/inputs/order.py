"""Load and validate print orders (đơn đặt in): slogans × templates × sizes × quantities × formats."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bannergen.errors import UserError
from bannergen.inputs.catalog import Catalogue, Slogan, user_text
from bannergen.inputs.images import Logo
from bannergen.inputs.job import Job
from bannergen.inputs.templates import Template, TemplateSet
from bannergen.inputs.units import Size, parse_size
from bannergen.inputs.yamlio import Checker, Field, Model, checked

DEFAULT_TEMPLATE = "bang-ron"

ITEM = Model("item", (
    Field("slogan", "any", required=True,
          help="Số hoặc mã khẩu hiệu trong danh mục, hoặc một danh sách, vd. [1, 4, dang-quang-vinh]"),
    Field("template", "str", default=DEFAULT_TEMPLATE, help="Mẫu: bang-ron, bang-ron-doc, ap-phich, pano"),
    Field("size", "str", help="Kích thước, vd. 500x80cm hoặc A2 (mặc định theo mẫu)"),
    Field("quantity", "int", default=1, minimum=1, maximum=10_000, help="Số lượng cần in"),
    Field("formats", "list", items=Field("format", "str"), default=("pdf",),
          help="Định dạng tệp: pdf, png, jpg, tiff"),
    Field("dpi", "number", minimum=10, maximum=1200, help="Độ phân giải ảnh (mặc định theo mẫu)"),
    Field("note", "text", help="Ghi chú cho nhà in"),
    Field("occasion", "text", help="Dòng phụ về dịp, ngày cho dòng này (áp phích); thay cho dòng chung"),
), help="Một dòng của đơn đặt in")

ORDER = Model("order", (
    Field("organization", "text", help="Cơ quan đặt in; in trên phiếu duyệt và áp phích"),
    Field("title", "text", help="Tên đợt in, vd. Băng rôn chào mừng Đại hội"),
    Field("date", "date", help="Ngày lập phiếu (YYYY-MM-DD); mặc định hôm nay"),
    Field("prepared_by", "text", help="Người lập phiếu"),
    Field("occasion", "text", help="Dòng phụ về dịp, ngày in trên áp phích, vd. Chào mừng Đại hội lần thứ XVI"),
    Field("logo", "str", help="Tệp logo PNG/JPEG (đường dẫn tính từ thư mục của đơn) đặt vào chỗ logo của mẫu"),
    Field("items", "list", items=ITEM, required=True, help="Các dòng của đơn"),
), help="Đơn đặt in của bannergen")


@dataclass(frozen=True)
class OrderItem:
    """One slogan on one template at one size: what the order line asks for."""

    slogan: Slogan
    template: Template
    size: Size
    quantity: int = 1
    formats: tuple[str, ...] = ("pdf",)
    dpi: float | None = None
    note: str | None = None
    occasion: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Order:
    path: Path | None
    items: tuple[OrderItem, ...]
    organization: str | None = None
    title: str | None = None
    date: dt.date | None = None
    prepared_by: str | None = None
    occasion: str | None = None
    logo: Logo | None = None

    def job(self, item: OrderItem, office: str | None = None) -> Job:
        """What an order line renders (the files of `batch` and the thumbnails of `proof`)."""
        return Job.for_slogan(item.slogan, item.template, item.size,
                              office=self.organization or office,
                              occasion=item.occasion or self.occasion, logo=self.logo)


def load_order(path: Path, catalogue: Catalogue, templates: TemplateSet) -> Order:
    """Load an order, resolving every slogan, template, size and format; report all problems."""

    def build(value: dict, checker: Checker, raw: Any) -> Order:
        return _build(value, checker, raw, catalogue, templates)

    return checked(Path(path), ORDER, build)


def demo_order(catalogue: Catalogue, templates: TemplateSet,
               template_names: tuple[str, ...] = ("bang-ron", "ap-phich")) -> Order:
    """The whole catalogue on the default templates: what `batch` renders with no order."""
    items = tuple(OrderItem(slogan=s, template=t, size=t.default_size)
                  for t in (templates.get(name) for name in template_names)
                  for s in catalogue.slogans)
    # No organization of its own: the posters are signed by the settings' office, else the catalogue's.
    return Order(path=None, items=items, title=catalogue.title)


def _build(value: dict, checker: Checker, raw: Any, catalogue: Catalogue,
           templates: TemplateSet) -> Order:
    from bannergen.workflow.render import normalise_format

    items: list[OrderItem] = []
    raw_items = raw.get("items") if isinstance(raw, dict) else None
    if not value["items"] and not checker.errors:
        checker.fail("order_empty", line=raw.line_of("items") if hasattr(raw, "line_of") else 1,
                     field="items")
    for index, item in enumerate(value["items"] or ()):
        if not item:
            continue
        raw_item = raw_items[index] if isinstance(raw_items, list) else {}
        line = getattr(raw_item, "line", 0)
        line_of = getattr(raw_item, "line_of", lambda key: line)
        where = f"items[{index + 1}]"

        def fail(exc: UserError, key: str) -> None:
            checker.fail(exc.key, line=line_of(key), field=f"{where}.{key}",
                         **{"value": exc.value, **exc.params})

        refs = item["slogan"]
        refs = list(refs) if isinstance(refs, list) else [refs]
        slogans = []
        if not refs:
            checker.fail("order_no_slogan", line=line_of("slogan"), field=f"{where}.slogan")
        for ref in refs:
            if not isinstance(ref, (int, str)) or isinstance(ref, bool):
                checker.fail("wrong_type", line=line_of("slogan"), field=f"{where}.slogan",
                             expected="a slogan id or slug", got=repr(ref))
                continue
            try:
                slogans.append(catalogue.find(ref))
            except UserError as exc:
                fail(exc, "slogan")
        template = None
        if item["template"] is not None:
            try:
                template = templates.get(item["template"])
            except UserError as exc:
                fail(exc, "template")
        size = None
        if item["size"] is not None:
            try:
                size = parse_size(item["size"])
            except UserError as exc:
                fail(exc, "size")
        formats = []
        for fmt in item["formats"] or ():
            if fmt is None:
                continue
            try:
                normalised = normalise_format(fmt)
            except UserError as exc:
                fail(exc, "formats")
                continue
            if normalised not in formats:
                formats.append(normalised)
        if item["formats"] is not None and not item["formats"]:
            checker.fail("order_no_format", line=line_of("formats"), field=f"{where}.formats")
        if template is None or (item["size"] is not None and size is None):
            continue
        occasion = _text(item["occasion"], checker, line_of("occasion"), f"{where}.occasion")
        for slogan in slogans:
            items.append(OrderItem(
                slogan=slogan, template=template, size=size or template.default_size,
                quantity=item["quantity"] or 1, formats=tuple(formats) or ("pdf",),
                dpi=item["dpi"], note=item["note"], occasion=occasion, line=line))
    lines_of = getattr(raw, "line_of", lambda key: 1)
    logo = None
    if value["logo"]:
        from bannergen.inputs.images import logo_in_folder, read_logo

        try:  # read from the order's own folder, wherever batch runs, and only from there
            logo = read_logo(logo_in_folder(checker.path.parent, value["logo"]))
        except UserError as exc:
            checker.fail(exc.key, line=lines_of("logo"), field="logo",
                         **{"value": exc.value or value["logo"], **exc.params})
    return Order(path=checker.path, items=tuple(items), organization=value["organization"],
                 title=value["title"], date=value["date"], prepared_by=value["prepared_by"],
                 occasion=_text(value["occasion"], checker, lines_of("occasion"), "occasion"),
                 logo=logo)


def _text(value: str | None, checker: Checker, line: int, field: str) -> str | None:
    """Free text of an order (an occasion line): the catalogue's rules for invisible characters."""
    if value is None:
        return None
    try:
        return user_text(value)
    except UserError as exc:
        checker.fail(exc.key, line=line, field=field, **{"value": exc.value, **exc.params})
        return None
