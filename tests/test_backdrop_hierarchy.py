"""The backdrop's hierarchy holds whatever the event: a long title set small to fit keeps the
lines around it smaller still (header small, title largest, subtitle medium, place smallest)."""

from __future__ import annotations

import pytest

from bannergen.inputs.event import Event
from bannergen.inputs.job import Job
from bannergen.inputs.units import parse_size
from bannergen.layout.compose import compose
from bannergen.layout.fonts import get_font
from bannergen.scene import GlyphRun

TITLES = [
    "Đại hội Hội Cựu chiến binh xã Ba Tơ",
    ("Hội nghị Ban Chấp hành Đảng bộ tỉnh Gia Lai lần thứ mười chín, mở rộng, tổng kết công tác "
     "xây dựng Đảng và hệ thống chính trị năm 2028"),
    "Đại hội đại biểu Hội Liên hiệp Phụ nữ phường Nghĩa Lộ lần thứ IX",
]


def _cap(run: GlyphRun) -> float:
    """The run's cap height in points (header, title and subtitle share a font; the place line
    has its own), so that sizes of different fonts compare."""
    font = get_font(run.font.name)
    return run.size * font.shape("H").ink()[3] / font.units_per_em


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("size", ["800x400cm", "600x300cm", "1000x450cm", "400x300cm"])
def test_the_title_stays_the_largest_line(templates, title, size):
    event = Event(title=title, header=("Đảng Cộng sản Việt Nam", "Đảng bộ khối Cơ quan tỉnh"),
                  subtitle="Nhiệm kỳ 2028 - 2033", place_date="Gia Lai, ngày 02 tháng 9 năm 2028")
    scene = compose(Job.for_event(event, templates.get("phong-hoi-truong"), parse_size(size)))
    runs = [item for item in scene.items if isinstance(item, GlyphRun)]
    header, title_runs, subtitle, place = runs[:2], runs[2:-2], runs[-2], runs[-1]
    assert subtitle.text == "NHIỆM KỲ 2028 - 2033" and place.text.startswith("Gia Lai")
    title_cap = min(_cap(run) for run in title_runs)
    assert _cap(subtitle) <= 0.71 * title_cap
    assert max(_cap(run) for run in header) <= 0.51 * title_cap
    assert _cap(place) <= 0.43 * title_cap and _cap(place) < _cap(subtitle)
