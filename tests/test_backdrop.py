"""The meeting-hall backdrop and the congress banner, made from an event's facts."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from bannergen.errors import UserError
from bannergen.inputs.event import load_event
from bannergen.inputs.job import Job
from bannergen.inputs.units import parse_size
from bannergen.layout.compose import compose
from bannergen.output.pdf import render_pdf
from bannergen.scene import GlyphRun

EVENT = """\
title: Đại hội Chi bộ Văn phòng Sở Tài chính lần thứ XV
header: [Đảng Cộng sản Việt Nam, Đảng bộ Sở Tài chính]
subtitle: Nhiệm kỳ 2025 - 2030
place_date: Quảng Ngãi, tháng 6 năm 2025
"""


@pytest.fixture
def event(tmp_path):
    path = tmp_path / "su-kien.yaml"
    path.write_text(EVENT, encoding="utf-8")
    return load_event(path)


def _runs(scene) -> list[GlyphRun]:
    return [item for item in scene.items if isinstance(item, GlyphRun)]


def _cap(run: GlyphRun) -> float:
    return run.size  # same font family per level: the size orders the hierarchy


@pytest.mark.parametrize("size", [None, "600x300cm", "1000x450cm", "300x200cm"])
def test_backdrop_sets_the_hierarchy_inside_the_safe_area(templates, event, size):
    template = templates.get("backdrop")
    job = Job.for_event(event, template, parse_size(size) if size else None)
    scene = compose(job)
    runs = _runs(scene)
    texts = [r.text for r in runs]
    assert texts[:2] == ["ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG BỘ SỞ TÀI CHÍNH"]
    assert texts[-2:] == ["NHIỆM KỲ 2025 - 2030", "Quảng Ngãi, tháng 6 năm 2025"]
    title = runs[2:-2]
    assert " ".join(r.text for r in title) == "ĐẠI HỘI CHI BỘ VĂN PHÒNG SỞ TÀI CHÍNH LẦN THỨ XV"
    header, subtitle, place = runs[0], runs[-2], runs[-1]
    # title largest, then subtitle, header, place/date smallest
    assert min(r.ink.height for r in title) > subtitle.ink.height > place.ink.height
    assert header.ink.height < min(r.ink.height for r in title)
    # top to bottom, never overlapping, all inside the safe area
    for upper, lower in zip(runs, runs[1:]):
        assert upper.ink.y0 > lower.ink.y1
    safe = scene.safe_area
    for run in runs:
        assert safe.x0 - 0.01 <= run.ink.x0 and run.ink.x1 <= safe.x1 + 0.01
        assert safe.y0 - 0.01 <= run.ink.y0 and run.ink.y1 <= safe.y1 + 0.01


def test_backdrop_pdf_text_and_default_size(templates, event):
    template = templates.get("phong-hoi-truong")
    assert (template.default_size.width_mm, template.default_size.height_mm) == (8000, 4000)
    pdf = render_pdf(compose(Job.for_event(event, template)))
    data = pdf if isinstance(pdf, bytes) else pdf.data
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    for fact in ("ĐẢNG CỘNG SẢN VIỆT NAM", "LẦN THỨ XV", "NHIỆM KỲ 2025 - 2030", "Quảng Ngãi"):
        assert fact in text


def test_event_on_a_banner_is_the_congress_banner(templates, event):
    scene = compose(Job.for_event(event, templates.get("bang-ron")))
    text = " ".join(r.text for r in _runs(scene))
    assert text.startswith("NHIỆT LIỆT CHÀO MỪNG")
    assert "ĐẠI HỘI CHI BỘ VĂN PHÒNG SỞ TÀI CHÍNH LẦN THỨ XV" in text.replace("  ", " ")
    assert text.endswith("NHIỆM KỲ 2025 - 2030")


def test_an_event_is_not_a_slogan(templates, event):
    job = Job.for_event(event, templates.get("bang-ron"))
    assert job.is_event and job.slogan_id is None and job.slug.startswith("su-kien-")
    assert not job.draft


def test_backdrop_without_an_event_is_refused(templates):
    job = Job(text="Đảng Cộng sản Việt Nam quang vinh muôn năm!", template=templates.get("backdrop"),
              size=parse_size("800x400cm"))
    with pytest.raises(UserError) as info:
        compose(job)
    assert info.value.key == "backdrop_needs_event"
