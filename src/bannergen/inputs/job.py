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
    event: Event | None = None  # the office's own facts (a backdrop, a congress banner), not a slogan

    @classmethod
    def for_slogan(cls, slogan: Slogan, template: Template, size: Size | None = None,
                   **extra: Any) -> Job:
        """The job for an approved slogan: its text, id, slug and line-breaking hints."""
        return cls(text=slogan.text, template=template, size=size or template.default_size,
                   slogan_id=slogan.id, slug=slogan.slug, keep=slogan.keep, lines=slogan.lines,
                   **extra)

    @classmethod
    def for_event(cls, event: Event, template: Template, size: Size | None = None,
                  **extra: Any) -> Job:
        """The job for an event: on a backdrop template its facts are set as a hierarchy; on any
        other template the congress's own banner — the lead ("Nhiệt liệt chào mừng"), the title
        and the subtitle as one text."""
        parts = [event.lead or EVENT_LEAD, event.title]
        text = " ".join(parts) + (f", {event.subtitle}" if event.subtitle else "")
        return cls(text=text, template=template, size=size or template.default_size,
                   slug=event.slug, event=event, **extra)

    @property
    def is_event(self) -> bool:
        return self.event is not None

    @property
    def bleed(self) -> float:
        """The bleed in millimetres: the job's own, else the template's default."""
        return self.template.bleed_mm if self.bleed_mm is None else self.bleed_mm
