"""The Job: one product to make — which text, on which template, at which size, with which extras."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bannergen.inputs.templates import Template
from bannergen.inputs.units import Size

if TYPE_CHECKING:
    from bannergen.inputs.catalog import Slogan
    from bannergen.inputs.images import Logo


#: A page at least this many times as wide as tall is a horizontal banner ("wide": two or
#: three long lines); anything else is "narrow" (vertical banners, posters, billboards: many
#: short lines). Catalogue hints may be given per shape; the line breaker keeps phrases whole
#: on wide pages only (docs/typesetting.md, principle 5).
WIDE_RATIO = 2.5


def shape(size: Size) -> str:
    """'wide' or 'narrow' (see WIDE_RATIO)."""
    return "wide" if size.width_mm >= WIDE_RATIO * size.height_mm else "narrow"


@dataclass(frozen=True)
class Job:
    """One product to make: which text, on which template, at which size."""

    text: str
    template: Template
    size: Size
    slogan_id: int | None = None
    slug: str = "text"
    bleed_mm: float | None = None
    keep: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()
    office: str | None = None
    occasion: str | None = None
    logo: Logo | None = None
    draft: bool = False
    # The opening phrase to set as a lead-in line: None finds it (data/openers.txt), False
    # sets none, a text names it (a catalogue hint).
    lead: str | bool | None = None
    names: tuple[str, ...] = ()  # organisation names besides the office (kept whole)

    @classmethod
    def for_slogan(cls, slogan: Slogan, template: Template, size: Size | None = None,
                   **extra: Any) -> Job:
        """The job for an approved slogan: its text, id, slug and line-breaking hints."""
        size = size or template.default_size
        hints = slogan.hints
        form = (template.name, shape(size))
        fields = {"keep": hints.for_format("keep", *form),
                  "lines": hints.for_format("lines", *form), "lead": hints.lead, **extra}
        return cls(text=slogan.text, template=template, size=size, slogan_id=slogan.id,
                   slug=slogan.slug, **fields)

    @property
    def bleed(self) -> float:
        """The bleed in millimetres: the job's own, else the template's default."""
        return self.template.bleed_mm if self.bleed_mm is None else self.bleed_mm
