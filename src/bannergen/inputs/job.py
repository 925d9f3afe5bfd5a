"""The Job: one product to make — which text, on which template, at which size, with which extras."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bannergen.inputs.templates import Template
from bannergen.inputs.units import Size

if TYPE_CHECKING:
    from bannergen.inputs.catalog import Slogan
    from bannergen.inputs.event import Event
    from bannergen.inputs.images import Logo

#: What a congress banner says before the event's title when the event names no lead of its own.
EVENT_LEAD = "Nhiệt liệt chào mừng"


#: A page at least this many times as wide as tall is a horizontal banner ("wide": two or
#: three long lines); anything else is "narrow" (vertical banners, posters, billboards: many
#: short lines). Catalogue hints may be given per shape; the line breaker keeps phrases whole
#: on wide pages only (docs/typesetting.md, principle 5).
WIDE_RATIO = 2.5


def shape(size: Size) -> str:
    """'wide' or 'narrow' (see WIDE_RATIO)."""
    return "wide" if size.width_mm >= WIDE_RATIO * size.height_mm else "narrow"


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
    # The opening phrase to set as a lead-in line: None finds it (data/openers.txt), False
    # sets none, a text names it (a catalogue hint, an event's lead).
    lead: str | bool | None = None
    names: tuple[str, ...] = ()  # organisation names besides the office (kept whole)
    event: Event | None = None  # the office's own facts (a backdrop, a congress banner), not a slogan

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

    @classmethod
    def for_event(cls, event: Event, template: Template, size: Size | None = None,
                  **extra: Any) -> Job:
        """The job for an event: on a backdrop template its facts are set as a hierarchy; on any
        other template the congress's own banner — the lead ("Nhiệt liệt chào mừng"), the title
        and the subtitle as one text."""
        parts = [event.lead or EVENT_LEAD, event.title]
        text = " ".join(parts) + (f", {event.subtitle}" if event.subtitle else "")
        extra.setdefault("lead", parts[0])  # the lead-in line, when the template uses one
        return cls(text=text, template=template, size=size or template.default_size,
                   slug=event.slug, event=event, **extra)

    @property
    def is_event(self) -> bool:
        return self.event is not None

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
