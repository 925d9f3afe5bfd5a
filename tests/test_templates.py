"""Templates: the four bundled ones, names and aliases, and validation of bad template files."""

import shutil

import pytest
from conftest import write

from bannergen.errors import ErrorList, UserError
from bannergen.inputs.templates import load_template, load_templates
from bannergen.resources import templates_dir


def test_bundled_templates(templates):
    names = [t.name for t in templates.templates]
    assert names == ["ap-phich", "bang-ron", "bang-ron-doc", "man-hinh", "pano", "phong-hoi-truong"]
    expect = {"bang-ron": ("banner", 5000, 800, 100), "bang-ron-doc": ("vertical-banner", 800, 2400, 100),
              "ap-phich": ("poster", 420, 594, 300), "pano": ("billboard", 4000, 2000, 100),
              "man-hinh": ("screen", 1920 * 25.4 / 96, 1080 * 25.4 / 96, 96)}
    for name, (alias, w, h, dpi) in expect.items():
        t = templates.get(name)
        assert templates.get(alias) is t
        assert (t.default_size.width_mm, t.default_size.height_mm, t.dpi) == (w, h, dpi)
        # flag red and yellow, given as RGB and CMYK side by side
        assert t.background.rgb == pytest.approx((218 / 255, 37 / 255, 29 / 255))
        assert t.text.color.rgb == (1.0, 1.0, 0.0)
        assert t.text.color.cmyk == (0, 0, 1, 0)
        assert t.text.case == "upper"


def test_banner_margins_leave_room_for_hems(templates):
    from bannergen.inputs.units import parse_size

    banner = templates.get("bang-ron")
    assert banner.margin_mm(parse_size("500x80cm")) >= 50
    assert banner.margin_mm(parse_size("300x100cm")) >= 50


def test_unknown_template_lists_choices(templates):
    with pytest.raises(UserError) as info:
        templates.get("bangron")
    text = info.value.render("en")
    assert "bangron" in text and "bang-ron (banner)" in text


@pytest.fixture
def template_copy(tmp_path):
    path = tmp_path / "bang-ron.yaml"
    shutil.copy(templates_dir() / "bang-ron.yaml", path)
    return path


@pytest.mark.parametrize("old, new, key, field", [
    ("default_size: 500x80cm", "default_size: 500x80", "bad_size", "default_size"),
    ("background: red", "background: blue", "unknown_color", "background"),
    ("  color: yellow", "  colour: yellow", "unknown_key", "text"),
    ('yellow: {rgb: "#FFFF00", cmyk: [0, 0, 100, 0]}', 'yellow: {rgb: "#FFFF0", cmyk: [0, 0, 100, 0]}',
     "bad_color", "colors.yellow"),
    ("  max_lines: 3", "  max_lines: 0", "bad_number", "text.max_lines"),
    ("  align: center", "  align: middle", "not_one_of", "text.align"),
    ("name: bang-ron", "name: bang-ronn", "template_name_mismatch", "name"),
])
def test_template_problems(template_copy, old, new, key, field):
    text = template_copy.read_text(encoding="utf-8")
    assert old in text
    write(template_copy, text.replace(old, new))
    with pytest.raises(UserError) as info:
        load_template(template_copy)
    errors = info.value.errors if isinstance(info.value, ErrorList) else [info.value]
    error = errors[0]
    assert error.key == key
    # a misspelt required key is also reported as missing; nothing else cascades
    assert [e.key for e in errors[1:]] in ([], ["missing_key"])
    assert error.field == field
    assert error.line and error.line > 1
    assert error.file == str(template_copy)


def test_a_folder_of_templates_reports_all(tmp_path):
    for name in ("bang-ron", "pano"):
        src = (templates_dir() / f"{name}.yaml").read_text(encoding="utf-8")
        write(tmp_path / f"{name}.yaml", src.replace("background: red", "background: nope"))
    with pytest.raises(ErrorList) as info:
        load_templates(tmp_path)
    assert len(info.value.errors) == 2


def test_templates_and_jobs_are_hashable(templates, catalog):
    """Frozen means usable as a key: a Job (and the Template in it) can be cached or deduplicated."""
    from bannergen.inputs.job import Job

    banner = templates.get("bang-ron")
    again = load_template(banner.path)
    assert again == banner and hash(again) == hash(banner)
    jobs = {Job.for_slogan(catalog.find(9), banner), Job.for_slogan(catalog.find(9), again)}
    assert len(jobs) == 1
    with pytest.raises(Exception):  # frozen: a loaded template cannot be changed in place
        banner.dpi = 300
