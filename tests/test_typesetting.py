"""Vietnamese banner typesetting on the real templates: breaks, binding words, balance, flags."""

import itertools
import math

import pytest

from bannergen.inputs.job import Job
from bannergen.inputs.units import parse_size
from bannergen.layout.compose import compose
from bannergen.layout.emblems import star_top
from bannergen.layout.text import set_case
from bannergen.scene import Path, Rect


def write_file(path, text):
    path.write_text(text, encoding="utf-8")
    return path

TEMPLATES = ["bang-ron", "bang-ron-doc", "ap-phich", "pano"]
OTHER_SIZES = {"bang-ron": "300x100cm", "bang-ron-doc": "60x200cm", "ap-phich": "A3",
               "pano": "600x300cm"}
COMPOUNDS = ["ĐẠI HỘI", "ĐẢNG BỘ", "TOÀN QUỐC", "CỘNG SẢN", "XÃ HỘI CHỦ NGHĨA", "VIỆT NAM",
             "HỒ CHÍ MINH", "CỘNG HÒA", "LẦN THỨ XVI", "LẦN THỨ XIII",
             "ĐẠI HỘI XIII", "CỦA ĐẢNG", "NGHỊ QUYẾT", "THẮNG LỢI", "CHÀO MỪNG", "ĐẠI BIỂU",
             "TỔ QUỐC", "MUÔN NĂM", "QUANG VINH", "LÃNH ĐẠO", "CÁCH MẠNG", "DÂN TỘC", "SỨC MẠNH"]
BINDING = ["VÀ", "CỦA", "VỚI", "VÌ", "CÁC", "MỌI", "LẦN THỨ", "TIẾN TỚI"]
# Phrases a horizontal banner keeps whole; a narrow format may break them (principle 5).
WIDE_PHRASES = ["HỆ THỐNG CHÍNH TRỊ", "ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẠI HỘI ĐẢNG BỘ",
                "SỨC MẠNH DÂN TỘC", "TỔ QUỐC VIỆT NAM", "CÔNG CUỘC ĐỔI MỚI"]


def slogan_lines(catalog, templates, slogan_id, template, size=None):
    s = catalog.find(slogan_id)
    t = templates.get(template)
    scene = compose(Job(text=s.text, template=t, size=parse_size(size) if size else t.default_size,
                        slogan_id=s.id, keep=s.keep, lines=s.lines, office=catalog.office))
    runs = [r for r in scene.glyph_runs() if r.font.name == t.text.font]
    return scene, runs


def t_shape(template, size):
    from bannergen.inputs.job import shape
    from bannergen.inputs.templates import load_templates

    return shape(parse_size(size) if size else load_templates().get(template).default_size)


CASES = [(sid, t, size) for sid in range(1, 12) for t in TEMPLATES
         for size in (None, OTHER_SIZES[t])]


@pytest.fixture(scope="module")
def layouts(catalog, templates):
    return {(sid, t, size): slogan_lines(catalog, templates, sid, t, size)
            for sid, t, size in CASES}


@pytest.mark.slow
@pytest.mark.parametrize("slogan_id, template, size", CASES)
def test_breaks_like_a_sign_maker(layouts, catalog, slogan_id, template, size):
    _, runs = layouts[slogan_id, template, size]
    lines = [r.text for r in runs]
    text = set_case(catalog.find(slogan_id).text, "upper")
    assert " ".join(lines) == text
    padded = [f" {line.strip(',!-')} " for line in lines]
    wide = t_shape(template, size) == "wide"
    for compound in COMPOUNDS + (WIDE_PHRASES if wide else []):
        if f" {compound} " in f" {text.replace(',', ' ').replace('!', ' ')} ":
            assert any(f" {compound}" in f" {line} " for line in lines), (compound, lines)
    for line in lines[:-1]:
        for word in BINDING:
            assert not line.endswith(" " + word) and line != word, (word, lines)
    # never a line that starts with punctuation
    assert not any(line[0] in "-,!" for line in lines)
    # no line shorter than a third of the longest, no line of a single syllable
    widths = [r.ink.width / r.hscale for r in runs]
    assert min(widths) >= max(widths) / 3 - 1e-6, lines
    assert len(lines) == 1 or all(" " in line for line in lines), lines
    del padded


@pytest.mark.parametrize("slogan_id, template, size", CASES)
def test_ink_apart_and_inside_the_safe_area(layouts, slogan_id, template, size):
    scene, _ = layouts[slogan_id, template, size]
    runs = scene.glyph_runs()
    for run in runs:
        assert scene.safe_area.contains(run.ink)
    for a, b in itertools.combinations(runs, 2):
        assert not a.ink.overlaps(b.ink)


# Reference layouts of docs/typesetting.md that the breaker reproduces exactly.
REFERENCES = {
    ("bang-ron", 1): "NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ CÁC CẤP, / ĐẠI HỘI ĐẢNG BỘ TỈNH LẦN THỨ XVI, / TIẾN TỚI ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIII CỦA ĐẢNG!",
    ("bang-ron", 2): "THI ĐUA LẬP THÀNH TÍCH CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ CÁC CẤP, / ĐẠI HỘI ĐẢNG BỘ TỈNH LẦN THỨ XVI, / TIẾN TỚI ĐẠI HỘI TOÀN QUỐC LẦN THỨ XIII CỦA ĐẢNG!",
    ("bang-ron", 4): "ĐẨY MẠNH TOÀN DIỆN, ĐỒNG BỘ / CÔNG CUỘC ĐỔI MỚI ĐẤT NƯỚC!",
    ("bang-ron", 8): "TẤT CẢ VÌ MỤC TIÊU DÂN GIÀU, NƯỚC MẠNH, / DÂN CHỦ, CÔNG BẰNG, VĂN MINH!",
    ("bang-ron", 9): "ĐẢNG CỘNG SẢN VIỆT NAM / QUANG VINH MUÔN NĂM!",
    ("bang-ron", 10): "NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA / VIỆT NAM MUÔN NĂM!",
    ("ap-phich", 9): "ĐẢNG CỘNG SẢN / VIỆT NAM / QUANG VINH / MUÔN NĂM!",
    ("ap-phich", 10): "NƯỚC CỘNG HÒA / XÃ HỘI CHỦ NGHĨA / VIỆT NAM / MUÔN NĂM!",
    ("bang-ron-doc", 9): "ĐẢNG CỘNG SẢN / VIỆT NAM / QUANG VINH / MUÔN NĂM!",
    ("bang-ron-doc", 10): "NƯỚC CỘNG HÒA / XÃ HỘI CHỦ NGHĨA / VIỆT NAM / MUÔN NĂM!",
}


@pytest.mark.parametrize("template, slogan_id", sorted(REFERENCES))
def test_reference_layouts(layouts, template, slogan_id):
    _, runs = layouts[slogan_id, template, None]
    assert " / ".join(r.text for r in runs) == REFERENCES[template, slogan_id]


# Narrow reference layouts are the least a sign-maker would do (docs/typesetting.md): the breaker
# may take more, shorter lines, but only to set the text larger. (Slogan 1 on the poster was an
# exact reference under the old "balanced first" rule; size first now sets it in more lines.)
NARROW_REFERENCES = {
    ("ap-phich", 1): "NHIỆT LIỆT CHÀO MỪNG / ĐẠI HỘI ĐẢNG BỘ CÁC CẤP, / ĐẠI HỘI ĐẢNG BỘ TỈNH / LẦN THỨ XVI, / "
    "TIẾN TỚI ĐẠI HỘI / ĐẠI BIỂU TOÀN QUỐC / LẦN THỨ XIII CỦA ĐẢNG!",
    ("bang-ron-doc", 1): "NHIỆT LIỆT CHÀO MỪNG / ĐẠI HỘI ĐẢNG BỘ CÁC CẤP, / ĐẠI HỘI ĐẢNG BỘ TỈNH / "
    "LẦN THỨ XVI, / TIẾN TỚI ĐẠI HỘI / ĐẠI BIỂU TOÀN QUỐC / LẦN THỨ XIII CỦA ĐẢNG!",
    ("ap-phich", 7): "ĐẢNG CỘNG SẢN / VIỆT NAM - / NGƯỜI LÃNH ĐẠO, / TỔ CHỨC MỌI THẮNG LỢI / "
    "CỦA CÁCH MẠNG / VIỆT NAM!",
    ("bang-ron-doc", 7): "ĐẢNG CỘNG SẢN / VIỆT NAM - / NGƯỜI LÃNH ĐẠO, / TỔ CHỨC MỌI THẮNG LỢI / "
    "CỦA CÁCH MẠNG / VIỆT NAM!",
}


@pytest.mark.parametrize("template, slogan_id", sorted(NARROW_REFERENCES))
def test_narrow_layouts_are_at_least_as_large_as_the_reference(layouts, catalog, templates,
                                                               template, slogan_id):
    _, runs = layouts[slogan_id, template, None]
    s = catalog.find(slogan_id)
    t = templates.get(template)
    reference = compose(Job(text=s.text, template=t, size=t.default_size,
                            lines=tuple(NARROW_REFERENCES[template, slogan_id].split(" / "))))
    ref_runs = [r for r in reference.glyph_runs() if r.font.name == t.text.font]
    assert [r.text for r in ref_runs] == NARROW_REFERENCES[template, slogan_id].split(" / ")
    assert max(r.size for r in runs) >= max(r.size for r in ref_runs) - 1e-6


def test_hint_lines_override_the_breaker(catalog, templates):
    from dataclasses import replace

    s = catalog.find(11)
    t = templates.get("bang-ron")
    hint = ("Chủ tịch Hồ Chí Minh vĩ đại", "sống mãi trong sự nghiệp của chúng ta!")
    scene = compose(Job(text=s.text, template=t, size=t.default_size, lines=hint))
    assert [r.text for r in scene.glyph_runs()] == [set_case(h, "upper") for h in hint]
    del replace


def test_keep_hint_keeps_a_phrase_together(templates):
    t = templates.get("ap-phich")
    text = "Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư"
    free = compose(Job(text=text, template=t, size=t.default_size))
    kept = compose(Job(text=text, template=t, size=t.default_size,
                       keep=("xây dựng đời sống văn hóa",)))
    assert any("XÂY DỰNG ĐỜI SỐNG VĂN HÓA" in r.text for r in kept.glyph_runs())
    assert free.glyph_runs()  # the free layout exists too (and may break the phrase)


@pytest.mark.parametrize("text, words", [
    ("Bảo vệ môi trường sinh thái là trách nhiệm của toàn dân!", ["MÔI TRƯỜNG", "TRÁCH NHIỆM"]),
    ("Nhiệt liệt chào mừng kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam!",
     ["KỶ NIỆM", "THÀNH LẬP", "CỘNG SẢN", "VIỆT NAM", "90 NĂM"]),
    ("Kỷ niệm 45 năm Ngày giải phóng tỉnh Kon Tum (16/3/1975 - 16/3/2020)",
     ["KON TUM", "GIẢI PHÓNG", "16/3/1975 - 16/3/2020"]),
])
def test_uncurated_slogans_break_well(templates, text, words):
    for name in TEMPLATES:
        t = templates.get(name)
        lines = [r.text for r in compose(Job(text=text, template=t, size=t.default_size)).glyph_runs()]
        for word in words:
            assert any(word in line for line in lines), (name, word, lines)


def test_flags_on_a_horizontal_banner(catalog, templates):
    scene, runs = slogan_lines(catalog, templates, 9, "bang-ron")
    fields = [item for item in scene.items if isinstance(item, Rect)][1:3]
    party, national = sorted(fields, key=lambda r: r.box.x0)
    # Party flag left of the national flag as the viewer sees them, both 3:2, left of the text
    assert party.box.x1 < national.box.x0
    for flag in (party, national):
        assert flag.box.width == pytest.approx(1.5 * flag.box.height)
        assert flag.box.x1 < min(r.ink.x0 for r in runs)
        assert scene.safe_area.contains(flag.box)
    yellow = [i for i in scene.items if isinstance(i, Path)]
    tip = max(p[-1] for i in yellow if i.ops[0][1] < party.box.x1 for p in i.ops if len(p) > 2)
    assert tip == pytest.approx(star_top(national.box)[1], abs=0.5)


@pytest.mark.parametrize("template", ["bang-ron-doc", "ap-phich"])
def test_flags_above_the_text(catalog, templates, template):
    scene, runs = slogan_lines(catalog, templates, 9, template)
    fields = [item for item in scene.items if isinstance(item, Rect)][1:3]
    assert len(fields) == 2
    assert min(f.box.y0 for f in fields) > max(r.ink.y1 for r in runs)


def test_templates_can_switch_flags_off(catalog, templates):
    banner = templates.get("bang-ron")
    t = banner.model_copy(update={"flags": banner.flags.model_copy(update={"position": "none"})})
    s = catalog.find(1)
    with_flags = compose(Job(text=s.text, template=templates.get("bang-ron"), size=t.default_size))
    without = compose(Job(text=s.text, template=t, size=t.default_size))
    assert not [i for i in without.items if isinstance(i, Path)]
    # the text takes the room the flags leave
    assert max(r.size for r in without.glyph_runs()) > max(r.size for r in with_flags.glyph_runs())


def test_poster_has_secondary_line_in_second_font(catalog, templates):
    scene, runs = slogan_lines(catalog, templates, 9, "ap-phich")
    secondary = [r for r in scene.glyph_runs() if r.font.name == "BeVietnamPro-Regular.ttf"]
    assert [r.text for r in secondary] == ["SỞ TÀI CHÍNH TỈNH KON TUM"]
    assert secondary[0].ink.y1 < min(r.ink.y0 for r in runs)
    assert secondary[0].size < runs[0].size / 2


def test_condensing_only_within_the_template_limit(layouts, templates):
    for (sid, name, size), (_, runs) in layouts.items():
        for run in runs:
            assert templates.get(name).text.condense_min <= run.hscale <= 1.0


@pytest.fixture
def logo_file(tmp_path):
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((0, 0, 299, 199), fill=(20, 60, 160, 255))
    path = tmp_path / "logo.png"
    image.save(path)
    return path


@pytest.mark.parametrize("template", TEMPLATES)
def test_logo_slot(catalog, templates, template, logo_file):
    from bannergen.inputs.images import read_logo
    from bannergen.scene import Image as SceneImage

    s = catalog.find(9)
    t = templates.get(template)
    scene = compose(Job(text=s.text, template=t, size=t.default_size, logo=read_logo(logo_file)))
    [image] = [i for i in scene.items if isinstance(i, SceneImage)]
    assert scene.safe_area.contains(image.box)
    assert image.box.width / image.box.height == pytest.approx(1.5, rel=1e-6)
    for run in scene.glyph_runs():
        assert not run.ink.overlaps(image.box)
    flags = [i.box for i in scene.items if isinstance(i, Rect)][1:3]
    assert not any(f.overlaps(image.box) for f in flags)


def test_logo_in_pdf_rgb_and_cmyk(cli, tmp_path, logo_file):
    from pypdf import PdfReader

    for extra, space in (([], "/DeviceRGB"), (["--cmyk"], "/DeviceCMYK")):
        out = tmp_path / f"logo{len(extra)}.pdf"
        result = cli("render", "9", "--size", "200x40cm", "--logo", str(logo_file), *extra,
                     "-o", str(out))
        assert result.returncode == 0, result.stderr
        xobjects = PdfReader(out).pages[0]["/Resources"]["/XObject"]
        images = [x.get_object() for x in xobjects.values()
                  if x.get_object()["/Subtype"] == "/Image"]
        assert images and images[0]["/ColorSpace"] == space


def test_logo_that_is_not_an_image(cli, tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("not a picture")
    result = cli("render", "9", "--logo", str(fake), cwd=tmp_path)
    assert result.returncode == 2 and "logo.png" in result.stderr
    assert not list(tmp_path.glob("*.pdf"))


def test_occasion_line_on_the_poster(catalog, templates):
    s = catalog.find(9)
    t = templates.get("ap-phich")
    scene = compose(Job(text=s.text, template=t, size=t.default_size, office=catalog.office,
                        occasion="Chào mừng Đại hội Đảng bộ tỉnh lần thứ XVI"))
    secondary = [r.text for r in scene.glyph_runs() if r.font.name == "BeVietnamPro-Regular.ttf"]
    assert secondary == ["CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ TỈNH LẦN THỨ XVI", "SỞ TÀI CHÍNH TỈNH KON TUM"]


def test_rules_close_the_text_block(layouts):
    from bannergen.scene import Stroke

    scene, runs = layouts[1, "ap-phich", None]
    rules = [i for i in scene.items if isinstance(i, Stroke) and len(i.ops) == 2]
    assert len(rules) == 2
    top, bottom = sorted((r.ops[0][2] for r in rules), reverse=True)
    assert all(bottom < r.ink.y0 and r.ink.y1 < top for r in runs)


# --- size first on narrow formats (issue 9's measurements) ----------------------------------------

def _main_size(scene, template) -> float:
    return max(r.size for r in scene.glyph_runs() if r.font.name == template.text.font)


@pytest.mark.parametrize("slogan_id, template, old_size, expected", [
    # slogan 5 was set in 3 lines at 174 pt on the vertical banner, slogan 2 in 5 at 130 pt
    (5, "bang-ron-doc", 174.4, "XÂY DỰNG, / CHỈNH ĐỐN ĐẢNG / VÀ HỆ THỐNG / CHÍNH TRỊ / TRONG SẠCH, / VỮNG MẠNH!"),
    (2, "bang-ron-doc", 130.3, None),
])
def test_vertical_banners_are_set_much_larger(catalog, templates, slogan_id, template, old_size,
                                              expected):
    t = templates.get(template)
    scene = compose(Job.for_slogan(catalog.find(slogan_id), t, office=catalog.office))
    assert _main_size(scene, t) > 1.5 * old_size
    if expected:
        assert " / ".join(r.text for r in scene.glyph_runs()) == expected


def test_a_poster_in_an_empty_field_takes_more_lines(templates):
    # Was 2 lines at 76 pt on an A2 poster; a sign-maker reaches ~125 pt with 4.
    t = templates.get("ap-phich")
    scene = compose(Job(text="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh!",
                        template=t, size=t.default_size))
    assert _main_size(scene, t) >= 125
    lines = [r.text for r in scene.glyph_runs()]
    assert "HỒ CHÍ MINH!" in lines[-1] and not any(line.endswith(" VÀ") for line in lines)


# --- slogans of other campaigns -----------------------------------------------------------------

# Written for these tests (not in the catalogue): National Day, elections, Tết, anniversaries,
# Hồ Chí Minh's sayings. For each: the names and expressions that must stay on one line, and the
# type size the old breaker ('balanced first', enumeration) reached on each template's default
# size where it kept every rule; where it broke one, it is no reference (the reason in a comment).
CAMPAIGNS = {
    "Nhiệt liệt chào mừng kỷ niệm 80 năm Cách mạng Tháng Tám và Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam (2/9/1945 - 2/9/2025)!":
        (["80 NĂM", "(2/9/1945 - 2/9/2025)!", "CỘNG HÒA", "XÃ HỘI CHỦ NGHĨA"],
         {"bang-ron": 425.5, "bang-ron-doc": 173.8, "ap-phich": 98.1, "pano": 581.4}),
    "80 năm Cách mạng Tháng Tám (19/8/1945 - 19/8/2025)":
        (["80 NĂM", "(19/8/1945 - 19/8/2025)", "CÁCH MẠNG THÁNG TÁM"],
         {"bang-ron": 764.7, "bang-ron-doc": 151.7, "ap-phich": 85.6, "pano": 581.4}),
    "Không có gì quý hơn độc lập, tự do!":
        # the old vertical and poster layouts split KHÔNG CÓ / GÌ; the wide banner's old layout
        # kept the rules: the new one is as good by the search's measure, a little smaller once
        # fitted on its exact marks (docs/typesetting.md, "The search")
        (["KHÔNG CÓ GÌ", "QUÝ HƠN", "ĐỘC LẬP,", "TỰ DO!"], {"pano": 1200.3}),
    "Vì lợi ích mười năm thì phải trồng cây, vì lợi ích trăm năm thì phải trồng người":
        # old vertical: "TRỒNG / NGƯỜI" (a widow, a split expression); poster: "MƯỜI / NĂM"
        (["MƯỜI NĂM", "TRĂM NĂM", "TRỒNG CÂY,", "TRỒNG NGƯỜI"],
         {"bang-ron": 560.7, "pano": 824.6}),
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh!":
        (["HỒ CHÍ MINH!", "LÀM THEO"],
         {"bang-ron": 674.8, "bang-ron-doc": 368.9, "ap-phich": 75.6, "pano": 513.1}),
    "Tinh thần Cách mạng Tháng Tám và Quốc khánh 2/9 bất diệt!":
        (["QUỐC KHÁNH 2/9", "CÁCH MẠNG THÁNG TÁM"],
         {"bang-ron": 694.7, "bang-ron-doc": 137.9, "ap-phich": 77.8, "pano": 528.2}),
    "Nhiệt liệt chào mừng ngày bầu cử đại biểu Quốc hội khóa XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026 - 2031!":
        # the old banner split "ĐẠI BIỂU / HỘI ĐỒNG NHÂN DÂN"
        (["QUỐC HỘI KHÓA XVI", "HỘI ĐỒNG NHÂN DÂN", "2026 - 2031!"],
         {"bang-ron-doc": 165.1, "ap-phich": 93.2, "pano": 632.5}),
    "Ngày 15/3/2026, tất cả cử tri đi bầu cử!":
        (["NGÀY 15/3/2026,", "CỬ TRI"],
         {"bang-ron": 824.2, "bang-ron-doc": 302.6, "ap-phich": 170.8, "pano": 1159.4}),
    "Chúc mừng năm mới Xuân Bính Ngọ 2026!":
        # the old layouts split "XUÂN / BÍNH NGỌ" and left "2026!" alone
        (["XUÂN BÍNH NGỌ", "CHÚC MỪNG"], {"bang-ron": 846.8}),
    "Xây dựng quê hương Kon Tum ngày càng giàu đẹp!":
        (["KON TUM", "GIÀU ĐẸP!"],
         {"bang-ron": 785.5, "bang-ron-doc": 421.6, "ap-phich": 206.2, "pano": 793.6}),
    "Chi bộ Sở Tài chính tỉnh Kon Tum quyết tâm hoàn thành xuất sắc nhiệm vụ năm 2026!":
        # the old vertical and poster layouts split "SỞ / TÀI CHÍNH"
        (["SỞ TÀI CHÍNH", "TỈNH KON TUM", "NĂM 2026!"], {"bang-ron": 529.8, "pano": 737.6}),
    "Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ huyện Đắk Hà lần thứ XVIII, nhiệm kỳ 2025 - 2030!":
        (["HUYỆN ĐẮK HÀ", "LẦN THỨ XVIII,", "2025 - 2030!"],
         {"bang-ron": 486.2, "bang-ron-doc": 211.1, "ap-phich": 119.1, "pano": 760.5}),
    "Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ Ủy ban nhân dân tỉnh Kon Tum lần thứ XVI!":
        # "ĐẢNG BỘ ỦY BAN NHÂN DÂN" was held as one name, which set a narrow page's width:
        # 177.9 pt on the vertical banner, 100.4 on the poster, 681.5 on the billboard
        (["ỦY BAN NHÂN DÂN", "TỈNH KON TUM", "LẦN THỨ XVI!"],
         {"bang-ron": 559.1, "bang-ron-doc": 268.6, "ap-phich": 143.1, "pano": 737.3}),
    "Không uống rượu, bia khi tham gia giao thông!":
        # "rượu, bia" is one item (rượu bia): was "KHÔNG UỐNG RƯỢU, / BIA KHI THAM GIA ..."
        (["RƯỢU, BIA", "KHÔNG UỐNG"], {"bang-ron": 800.9, "pano": 953.0}),
    "Hãy tham gia Bảo hiểm xã hội tự nguyện để được hưởng lương hưu!":
        # the billboard ended a line on "ĐỂ ĐƯỢC", which binds to its verb
        (["BẢO HIỂM XÃ HỘI", "ĐỂ ĐƯỢC HƯỞNG"], {}),
    "Chào mừng ngày Nhà giáo Việt Nam 20/11!":
        # the banner ended its first line on "NGÀY", which is named by what follows
        (["NGÀY NHÀ GIÁO", "CHÀO MỪNG"], {}),
    "Vì một Việt Nam không còn nạn mua bán người!":
        # "KHÔNG CÒN NẠN / MUA BÁN NGƯỜI" on the narrow formats: "nạn" precedes its head
        (["NẠN MUA BÁN NGƯỜI", "VIỆT NAM"], {}),
    "Đẩy mạnh chuyển đổi số, xây dựng chính quyền số, kinh tế số, xã hội số!":
        # the vertical banner had "CHÍNH QUYỀN / SỐ, KINH TẾ SỐ,"
        (["CHUYỂN ĐỔI SỐ", "CHÍNH QUYỀN SỐ", "KINH TẾ SỐ", "XÃ HỘI SỐ"], {}),
    "Phấn đấu đến năm 2030, tỷ lệ hộ nghèo giảm còn dưới 3%!":
        # was "… NĂM 2030, TỶ LỆ / HỘ NGHÈO …" on the banner and "TỶ LỆ HỘ / NGHÈO GIẢM" on the
        # vertical one: "hộ nghèo" is a word, and a rate goes with what it measures
        (["TỶ LỆ HỘ NGHÈO", "NĂM 2030,"], {}),
    "Chung tay vì người nghèo - Không để ai bị bỏ lại phía sau!":
        # "VÌ NGƯỜI / NGHÈO -" (vertical) and "BỊ BỎ / LẠI PHÍA SAU" (billboard) split words
        (["NGƯỜI NGHÈO", "BỎ LẠI"], {}),
    "Quyết tâm xây dựng huyện Sa Thầy đạt chuẩn nông thôn mới vào năm 2025!":
        # the banner and the billboard had "… HUYỆN SA THẦY ĐẠT / CHUẨN NÔNG THÔN MỚI …"
        (["ĐẠT CHUẨN", "HUYỆN SA THẦY", "NÔNG THÔN MỚI"], {}),
    "Phấn đấu 100% hộ dân được sử dụng nước sạch!":
        # the old layouts split "100% HỘ / DÂN"
        (["100% HỘ DÂN", "NƯỚC SẠCH!"], {"bang-ron": 748.4, "pano": 950.9}),
}


@pytest.fixture(scope="module")
def campaign_scenes(templates):
    return {(text, name): compose(Job(text=text, template=templates.get(name),
                                      size=templates.get(name).default_size,
                                      names=("Sở Tài chính tỉnh Kon Tum",)))
            for text in CAMPAIGNS for name in TEMPLATES}


@pytest.mark.parametrize("text", sorted(CAMPAIGNS))
@pytest.mark.parametrize("template", TEMPLATES)
def test_slogans_of_other_campaigns(campaign_scenes, templates, text, template):
    t = templates.get(template)
    scene = campaign_scenes[text, template]
    runs = [r for r in scene.glyph_runs() if r.font.name == t.text.font]
    lines = [r.text for r in runs]
    assert " ".join(lines) == set_case(text, "upper")
    kept, old_sizes = CAMPAIGNS[text]
    for unit in kept:  # names and expressions on one line
        assert any(unit in line for line in lines), (unit, lines)
    for line in lines[:-1]:  # no binding ending
        for word in BINDING:
            assert not line.endswith(" " + word) and line != word, (word, lines)
    assert len(lines) == 1 or all(" " in line for line in lines), lines  # no one-syllable line
    if template in old_sizes:
        assert _main_size(scene, t) >= old_sizes[template] - 0.05, lines
    for run in scene.glyph_runs():
        assert scene.safe_area.contains(run.ink)
    for a, b in itertools.combinations(scene.glyph_runs(), 2):
        assert not a.ink.overlaps(b.ink)


# --- the lead-in line ------------------------------------------------------------------------------

def test_lead_in_line_on_the_billboard(catalog, templates, tmp_path):
    from pypdf import PdfReader

    from bannergen.output.pdf import render_pdf

    t = templates.get("pano")
    s = catalog.find(1)
    scene = compose(Job.for_slogan(s, t, office=catalog.office))
    runs = scene.glyph_runs()
    lead, main = runs[0], runs[1:]
    assert lead.text == "NHIỆT LIỆT CHÀO MỪNG"
    assert lead.size <= 0.6 * min(r.size for r in main) + 1e-6
    assert lead.ink.y0 > max(r.ink.y1 for r in main)  # above the main text
    # chosen because the main text is larger than without it
    plain = compose(Job.for_slogan(s, t, office=catalog.office, lead=False))
    assert max(r.size for r in main) > 1.05 * max(r.size for r in plain.glyph_runs())
    # the PDF's text is still the approved text, in reading order
    path = tmp_path / "p.pdf"
    path.write_bytes(render_pdf(scene))
    extracted = " ".join(PdfReader(path).pages[0].extract_text().split())
    assert extracted == set_case(s.text, "upper")


def test_lead_in_only_when_it_helps_and_the_template_uses_it(catalog, templates):
    s = catalog.find(1)
    banner = templates.get("bang-ron")
    # On the horizontal banner the lead-in would not set the main text clearly larger.
    runs = compose(Job.for_slogan(s, banner)).glyph_runs()
    assert runs[0].text.startswith("NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI")
    pano = templates.get("pano")
    off = pano.model_copy(update={"text": pano.text.model_copy(
        update={"lead": pano.text.lead.model_copy(update={"use": False})})})
    runs = compose(Job.for_slogan(s, off)).glyph_runs()
    assert len({r.size for r in runs}) == 1  # one size: no lead-in


def test_lead_hint_names_the_opening_phrase(templates):
    t = templates.get("pano")
    text = "Nhiệt liệt chào mừng kỷ niệm 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9!"
    scene = compose(Job(text=text, template=t, size=t.default_size, lead="Nhiệt liệt chào mừng"))
    assert scene.glyph_runs()[0].text == "NHIỆT LIỆT CHÀO MỪNG"
    wrong = compose(Job(text=text, template=t, size=t.default_size, lead="Chào mừng",
                        slogan_id=7))
    assert [key for key, _ in wrong.warnings] == ["hint_lead_not_prefix"]
    assert dict(wrong.warnings[0][1])["slogan"] == "7"


# --- hints per format ------------------------------------------------------------------------------

HINTED = """title: Thử
slogans:
  - id: 1
    slug: thu
    text: Đảng Cộng sản Việt Nam quang vinh muôn năm!
    hints:
      lines:
        wide: [Đảng Cộng sản Việt Nam, quang vinh muôn năm!]
        narrow: [Đảng Cộng sản, Việt Nam quang vinh, muôn năm!]
        ap-phich: [Đảng Cộng sản Việt Nam quang vinh, muôn năm!]
  - id: 2
    slug: qua-nhieu
    text: Đảng Cộng sản Việt Nam quang vinh muôn năm!
    hints:
      lines: [Đảng, Cộng sản, Việt Nam, quang vinh, muôn năm!]
"""


def test_hints_per_shape_and_per_template(tmp_path, templates):
    from bannergen.inputs.catalog import load_catalog

    cat = load_catalog(write_file(tmp_path / "c.yaml", HINTED))
    s = cat.find(1)

    def lines(name, size=None):
        t = templates.get(name)
        job = Job.for_slogan(s, t, parse_size(size) if size else None)
        return [r.text for r in compose(job).glyph_runs()]

    assert lines("bang-ron") == ["ĐẢNG CỘNG SẢN VIỆT NAM", "QUANG VINH MUÔN NĂM!"]
    assert lines("bang-ron-doc") == ["ĐẢNG CỘNG SẢN", "VIỆT NAM QUANG VINH", "MUÔN NĂM!"]
    assert lines("ap-phich") == ["ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH", "MUÔN NĂM!"]
    # the same template at another size takes the hint of that size's shape
    assert lines("bang-ron", "200x100cm") == ["ĐẢNG CỘNG SẢN", "VIỆT NAM QUANG VINH", "MUÔN NĂM!"]


def test_a_hint_that_cannot_be_honoured_is_a_warning(tmp_path, templates, capsys, monkeypatch):
    from bannergen.cli import main
    from bannergen.inputs.catalog import load_catalog

    path = write_file(tmp_path / "c.yaml", HINTED)
    cat = load_catalog(path)
    t = templates.get("bang-ron")
    scene = compose(Job.for_slogan(cat.find(2), t))
    [(key, params)] = scene.warnings
    assert key == "hint_lines_too_many"
    assert dict(params) == {"slogan": "2", "template": "bang-ron", "given": "5", "max_lines": "3"}
    assert len(scene.glyph_runs()) <= 3  # laid out by the breaker instead
    monkeypatch.setenv("BANNERGEN_TODAY", "2020-06-01")
    monkeypatch.chdir(tmp_path)
    for lang, words in (("en", "slogan 2: the 'lines' hint has 5 lines, template 'bang-ron'"),
                        ("vi", "khẩu hiệu 2: gợi ý 'lines' có 5 dòng, mẫu 'bang-ron'")):
        with pytest.raises(SystemExit) as done:
            main(["--lang", lang, "render", "2", "--catalog", str(path), "-o",
                  str(tmp_path / f"{lang}.pdf")])
        assert done.value.code in (0, None)
        assert words in capsys.readouterr().err
        assert (tmp_path / f"{lang}.pdf").is_file()


# --- the legibility floor --------------------------------------------------------------------------

def test_text_below_the_legibility_floor_is_refused(tmp_path, capsys, monkeypatch):
    from bannergen.cli import main

    monkeypatch.setenv("BANNERGEN_TODAY", "2020-06-01")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "small.pdf"
    # Slogan 1 on a 50x10 cm banner: capitals of about 7 mm, under the banner's 8 mm.
    for lang, words in (("en", ["cannot fit", "'bang-ron'", "50x10cm", "8 mm",
                                "larger size, fewer words or another template"]),
                        ("vi", ["mẫu 'bang-ron'", "8 mm", "kích thước lớn hơn"])):
        with pytest.raises(SystemExit) as done:
            main(["--lang", lang, "render", "1", "--size", "50x10cm", "-o", str(out)])
        err = capsys.readouterr().err
        assert done.value.code == 2
        assert all(w in err for w in words), err
        assert "Traceback" not in err and len(err.strip().splitlines()) <= 2
        assert not out.exists()


def test_the_floor_is_the_templates_own(catalog, templates):
    from bannergen.errors import UserError

    s = catalog.find(1)
    banner = templates.get("bang-ron")
    size = parse_size("50x10cm")
    with pytest.raises(UserError) as refused:
        compose(Job.for_slogan(s, banner, size))
    cap = float(refused.value.params["cap_height"])
    assert 0 < cap < 8
    # The same size with a floor below what it reaches is set.
    lenient = banner.model_copy(update={"text": banner.text.model_copy(
        update={"min_cap_height_mm": cap - 0.5})})
    scene = compose(Job.for_slogan(s, lenient, size))
    assert scene.glyph_runs()


# --- numbers, terms and series (docs/typesetting.md principles 2, 3, 5) ----------------------------

def _lines(templates, text, template, size=None):
    t = templates.get(template)
    scene = compose(Job(text=text, template=t, size=parse_size(size) if size else t.default_size))
    return [r.text for r in scene.glyph_runs() if r.font.name == t.text.font], _main_size(scene, t)


def test_an_amount_stays_whole_and_a_year_stays_with_its_name(templates):
    # was "HUY ĐỘNG 5.000 TỶ / ĐỒNG XÂY DỰNG / ...": the amount split
    lines, _ = _lines(templates, "HUY ĐỘNG 5.000 TỶ ĐỒNG XÂY DỰNG NÔNG THÔN MỚI VÀ ĐÔ THỊ VĂN MINH",
                      "bang-ron-doc")
    assert any("5.000 TỶ ĐỒNG" in line for line in lines), lines
    # was "SEA GAMES / 2031 TẠI HÀ NỘI": the year glued to the preposition
    for text, name in (("CHÀO MỪNG SEA GAMES 2031 TẠI HÀ NỘI", "SEA GAMES 2031"),
                       ("CHÀO MỪNG APEC 2027 TẠI VIỆT NAM", "APEC 2027")):
        for template in ("bang-ron-doc", "bang-ron"):
            lines, _ = _lines(templates, text, template)
            assert any(name in line for line in lines), (template, lines)
            assert not any(line.startswith(name.split()[-1]) for line in lines), lines


def test_a_term_breaks_before_its_range_on_a_narrow_banner(templates):
    text = "CHÀO MỪNG ĐẠI HỘI NHIỆM KỲ 2025 - 2030"
    # was 2 lines at 172 pt, "NHIỆM KỲ 2025 - 2030" held as one name
    lines, size = _lines(templates, text, "bang-ron-doc", "60x400cm")
    assert lines[-2:] == ["NHIỆM KỲ", "2025 - 2030"] and size >= 300, (lines, size)
    # on a wide banner the term stays whole (a phrase)
    lines, _ = _lines(templates, text, "bang-ron")
    assert any("NHIỆM KỲ 2025 - 2030" in line for line in lines), lines


def test_a_series_breaks_after_the_comma_not_after_its_opener(templates):
    # was "MỪNG ĐẢNG, MỪNG / XUÂN BÍNH NGỌ 2026"
    for template, size in (("bang-ron", "300x100cm"), ("bang-ron-doc", None)):
        lines, _ = _lines(templates, "MỪNG ĐẢNG, MỪNG XUÂN BÍNH NGỌ 2026", template, size)
        assert lines == ["MỪNG ĐẢNG,", "MỪNG XUÂN BÍNH NGỌ 2026"], (template, lines)


# --- the hall backdrop on a portrait page -----------------------------------------------------------

@pytest.mark.parametrize("size", ["A4", "A0", "300x400cm", "50x300cm"])
def test_a_backdrop_on_a_portrait_page(cli, tmp_path, size):
    # was "internal error (ValueError: math domain error)": the emblem at the left took more than
    # the page's width and left the title a box of negative width
    write_file(tmp_path / "e.yaml", "title: Đại hội\n")
    result = cli("render", "--event", "e.yaml", "--size", size, "-o", "e.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "e.pdf").is_file()


def test_a_box_of_no_width_is_too_small_not_an_internal_error():
    from bannergen.layout.text import Box2, Measure, choose_layout

    m = Measure(1.0, 0.0, 1.0, -0.2, 0.9)
    for width, height in ((-137.5, 484.7), (0.0, 100.0), (100.0, 0.0)):
        box = Box2(width=width, height=height, line_gap=0.16, max_size=max(height, 1.0),
                   min_size=6, condense_min=0.9)
        assert choose_layout(["ĐẠI", "HỘI"], [m, m], 0.25, [math.inf], box, 4) is None
