"""An event: the office's own facts for a congress or a meeting (title, header, term, place and
date), set on the meeting-hall backdrop or on the congress's own banner.

An event is not an approved slogan: it needs no `--draft`, and the proof and the manifest say it
is an event, so it is never taken for a line of the approved catalogue.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from bannergen.inputs.catalog import problem_of
from bannergen.inputs.model import InputModel, OneLine, load, problem, without_marks


def _text_ok(value: str) -> str:
    found = problem_of(value)
    if found is not None:
        raise found
    return value


class Event(InputModel):
    """The facts of one event, as the office writes them in an event file."""

    title: OneLine = Field(description="Tên sự kiện, vd. Đại hội Chi bộ Văn phòng Sở Tài chính lần thứ XV")
    header: tuple[OneLine, ...] = Field(
        (), description="Một hoặc hai dòng trên cùng, vd. [Đảng Cộng sản Việt Nam, Đảng bộ Sở Tài chính]")
    subtitle: OneLine | None = Field(None, description="Dòng phụ, vd. Nhiệm kỳ 2025 - 2030")
    place_date: OneLine | None = Field(None, description="Địa điểm và thời gian, vd. Quảng Ngãi, tháng 6 năm 2025")
    lead: OneLine | None = Field(
        None, description="Lời chào trên băng rôn của sự kiện (mặc định: Nhiệt liệt chào mừng)")

    @field_validator("title", "subtitle", "place_date", "lead")
    @classmethod
    def _line(cls, value: str | None) -> str | None:
        return None if value is None else _text_ok(value)

    @field_validator("header", mode="before")
    @classmethod
    def _one_or_two(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("header")
    @classmethod
    def _header_lines(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(value) > 2:
            raise problem("event_header_lines", lines=len(value))
        return tuple(_text_ok(line) for line in value)

    @property
    def lines(self) -> tuple[str, ...]:
        """The facts top to bottom, as a backdrop sets them (the proof and the manifest say them)."""
        return (*self.header, self.title, *(t for t in (self.subtitle, self.place_date) if t))

    @property
    def slug(self) -> str:
        """An ASCII name for files: the title without marks, cut to a few words, plus a short
        digest of every fact so that two events with the same title never share a file name."""
        words = re.findall(r"[a-z0-9]+", without_marks(self.title).lower())[:6]
        digest = hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:6]
        return "-".join(["su-kien", *words, digest])


def load_event(path: Path) -> Event:
    """Read and check an event file (YAML): every problem with its file, line and field."""
    return load(Event, Path(path))


def event_from_mapping(data: dict, path: Path) -> Event:
    """An event written inline (an order item's `event:` mapping), checked like a file."""
    return load(Event, Path(path), data=data)
