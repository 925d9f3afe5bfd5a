"""The Job: one product to make — which text, on which template, at which size, with which extras."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bannergen.inputs.templates import Template
from bannergen.inputs.units import Size

if TYPE_CHECKING:
    from bannergen.inputs.catalog import Slogan
    from bannergen.inputs.images import Logo


# A3 (ISO 216), the largest sheet an office printer takes.
OFFICE_SHEET_MM = (297.0, 420.0)


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

    @classmethod
    def for_slogan(cls, slogan: Slogan, template: Template, size: Size | None = None,
                   **extra: Any) -> Job:
        """The job for an approved slogan: its text, id, slug and line-breaking hints."""
        return cls(text=slogan.text, template=template, size=size or template.default_size,
                   slogan_id=slogan.id, slug=slogan.slug, keep=slogan.keep, lines=slogan.lines,
                   **extra)

    @property
    def office_sheet(self) -> bool:
        """A size an office printer takes (A3 or smaller, either way round)."""
        short, long = sorted((self.size.width_mm, self.size.height_mm))
        return short <= OFFICE_SHEET_MM[0] + 0.5 and long <= OFFICE_SHEET_MM[1] + 0.5

    @property
    def bleed(self) -> float:
        """The bleed in millimetres: the job's own; else none on an office sheet (an office
        printer neither trims nor prints to the edge, and a page with bleed would be scaled
        down or cropped); else the template's default."""
        if self.bleed_mm is not None:
            return self.bleed_mm
        return 0.0 if self.office_sheet else self.template.bleed_mm
