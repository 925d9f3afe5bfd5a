"""Tests for the national flag and the Party flag drawn from the published rules."""

from __future__ import annotations

import math

import pytest
from PIL import Image, ImageDraw

from bannergen.layout.emblems import (
    STAR_INNER_RATIO,
    flag_box,
    flag_pair,
    national_flag,
    party_emblem,
    party_flag,
    sickle_tip,
    star_points,
    star_top,
)
from bannergen.scene import Box, Color, Path, Rect

RED = Color((218 / 255, 37 / 255, 29 / 255), (0.0, 0.83, 0.87, 0.15), "red")
YELLOW = Color((1.0, 1.0, 0.0), (0.0, 0.0, 1.0, 0.0), "yellow")

# EMBLEMS.md: the public-domain drawing in `region-flags` on a 30 × 20 field, in SVG
# coordinates (y grows downwards).
REFERENCE_SVG = ((15, 4), (11.47, 14.85), (20.71, 8.15), (9.29, 8.15), (18.53, 14.85))
REFERENCE = tuple((x, 20 - y) for x, y in REFERENCE_SVG)  # as PDF points, y up


# --- helpers ---------------------------------------------------------------------------------

def flatten(ops: tuple[tuple, ...], steps: int = 32) -> list[list[tuple[float, float]]]:
    """The subpaths of a Path as polygons, each Bézier cut into `steps` chords."""
    polygons: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    pen = (0.0, 0.0)
    for op in ops:
        if op[0] == "M":
            if current:
                polygons.append(current)
            pen = (op[1], op[2])
            current = [pen]
        elif op[0] == "L":
            pen = (op[1], op[2])
            current.append(pen)
        elif op[0] == "C":
            (x0, y0), (x1, y1, x2, y2, x3, y3) = pen, op[1:]
            for i in range(1, steps + 1):
                t = i / steps
                u = 1 - t
                current.append((u ** 3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t ** 3 * x3,
                                u ** 3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y3))
            pen = (x3, y3)
        elif op[0] == "Z":
            if len(current) > 1 and math.dist(current[0], current[-1]) < 1e-12:
                current.pop()  # the outline came back to its start before closing
            if current:
                polygons.append(current)
            current = []
    if current:
        polygons.append(current)
    return polygons


def paint(items, box: Box, width_px: int) -> Image.Image:
    """Paint Rects and Paths with Pillow, the box filling an image `width_px` wide."""
    scale = width_px / box.width
    height_px = round(box.height * scale)
    image = Image.new("RGB", (width_px, height_px), "white")
    draw = ImageDraw.Draw(image)

    def to_px(p):
        return ((p[0] - box.x0) * scale, height_px - (p[1] - box.y0) * scale)

    for item in items:
        fill = tuple(round(255 * c) for c in (item.fill.rgb))
        if isinstance(item, Rect):
            b = item.box
            draw.rectangle([to_px((b.x0, b.y1)), to_px((b.x1, b.y0))], fill=fill)
        elif isinstance(item, Path):
            for polygon in flatten(item.ops):
                draw.polygon([to_px(p) for p in polygon], fill=fill)
    return image


def colour_share(image: Image.Image, rgb: tuple[int, int, int]) -> float:
    counts = dict((colour, n) for n, colour in image.getcolors(image.width * image.height))
    return counts.get(rgb, 0) / (image.width * image.height)


def cross(o, p, q) -> float:
    return (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0])


def distance_to_line(point, a, b) -> float:
    return abs(cross(a, b, point)) / math.dist(a, b)


def segments_cross(p1, p2, q1, q2) -> bool:
    d1, d2 = cross(q1, q2, p1), cross(q1, q2, p2)
    d3, d4 = cross(p1, p2, q1), cross(p1, p2, q2)
    return d1 * d2 < 0 and d3 * d4 < 0


def edges(polygon):
    return list(zip(polygon, polygon[1:] + polygon[:1]))


def point_segment_distance(p, a, b) -> float:
    ax, ay = b[0] - a[0], b[1] - a[1]
    if ax == ay == 0:
        return math.dist(p, a)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * ax + (p[1] - a[1]) * ay) / (ax * ax + ay * ay)))
    return math.dist(p, (a[0] + t * ax, a[1] + t * ay))


def inside(point, polygon) -> bool:
    x, y = point
    result = False
    for (x0, y0), (x1, y1) in edges(polygon):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            result = not result
    return result


def polygon_gap(first, second) -> float:
    """Smallest distance between two polygons' outlines (0 when they cross or nest)."""
    if any(inside(p, second) for p in first) or any(inside(p, first) for p in second):
        return 0.0
    for a, b in edges(first):
        for c, d in edges(second):
            if segments_cross(a, b, c, d):
                return 0.0
    return min(min(point_segment_distance(p, c, d) for p in first for c, d in edges(second)),
               min(point_segment_distance(p, a, b) for p in second for a, b in edges(first)))


def star_area(box: Box) -> float:
    outer = box.width / 5
    return 5 * outer * outer * STAR_INNER_RATIO * math.sin(math.radians(36))


# --- the national flag ------------------------------------------------------------------------

def test_flag_box_is_three_by_two_from_its_bottom_left_corner():
    assert flag_box(10, 20, 200) == Box(10, 20, 310, 220)


def test_star_outer_points_match_the_reference_drawing():
    points = star_points(Box(0, 0, 30, 20))
    outer = points[0::2]
    for ref in REFERENCE:
        assert min(math.dist(ref, p) for p in outer) < 0.01, ref
    # One point aims straight up, from the centre of the flag (Hướng dẫn 3420).
    assert outer[0] == pytest.approx((15, 16))
    assert star_top(Box(0, 0, 30, 20)) == pytest.approx((15, 16))
    assert all(math.dist(p, (15, 10)) == pytest.approx(6) for p in outer)


def test_star_outline_is_a_simple_ten_vertex_star_with_straight_edges():
    points = star_points(Box(0, 0, 30, 20))
    assert len(points) == 10
    inner = points[1::2]
    assert all(math.dist(p, (15, 10)) == pytest.approx(6 * 0.381966, abs=1e-5) for p in inner)
    # The edges run straight from point to point: each inner vertex lies on the chord that
    # joins the outer points on either side of it to the points beyond.
    outer = points[0::2]
    for k, vertex in enumerate(inner):
        assert distance_to_line(vertex, outer[k], outer[(k + 2) % 5]) < 1e-9
        assert distance_to_line(vertex, outer[(k + 1) % 5], outer[(k - 1) % 5]) < 1e-9
    # A proper outline: no two non-adjacent edges cross.
    sides = edges(list(points))
    for i, (a, b) in enumerate(sides):
        for j, (c, d) in enumerate(sides):
            if abs(i - j) > 1 and {i, j} != {0, 9}:
                assert not segments_cross(a, b, c, d)


def test_star_scales_and_moves_with_the_box():
    small = star_points(Box(0, 0, 30, 20))
    box = flag_box(100, 50, 300)  # 450 × 300, fifteen times the reference
    big = star_points(box)
    for p, q in zip(small, big):
        assert q == pytest.approx((100 + 15 * p[0], 50 + 15 * p[1]))
    assert star_top(box) == pytest.approx((325, 50 + 150 + 90))


def test_national_flag_is_a_red_field_and_a_yellow_star():
    box = flag_box(0, 0, 20)
    field, star = national_flag(box, RED, YELLOW)
    assert field == Rect(box, RED)
    assert star.fill == YELLOW
    assert [op[0] for op in star.ops] == ["M"] + ["L"] * 9 + ["Z"]
    assert tuple(op[1:] for op in star.ops[:-1]) == star_points(box)


# --- the Party flag ---------------------------------------------------------------------------

PARTY_BOX = flag_box(40, 30, 200)


def emblem_points(box: Box) -> list[tuple[float, float]]:
    emblem = party_emblem(box, YELLOW)
    return [p for path in (emblem.hammer, emblem.sickle) for poly in flatten(path.ops, 64)
            for p in poly]


def test_party_flag_items_are_a_red_field_and_yellow_paths_with_curves():
    field, *paths = party_flag(PARTY_BOX, RED, YELLOW)
    assert field == Rect(PARTY_BOX, RED)
    assert paths and all(isinstance(p, Path) and p.fill == YELLOW for p in paths)
    kinds = {op[0] for p in paths for op in p.ops}
    assert "C" in kinds  # the sickle's edges are Béziers
    assert all(p.ops[0][0] == "M" and p.ops[-1] == ("Z",) for p in paths)
    assert party_flag(PARTY_BOX, RED, YELLOW) == party_flag(PARTY_BOX, RED, YELLOW)


def test_emblem_diameter_is_four_tenths_of_the_length_centred_on_the_flag():
    centre = (PARTY_BOX.x0 + PARTY_BOX.width / 2, PARTY_BOX.y0 + PARTY_BOX.height / 2)
    radius = 0.4 * PARTY_BOX.width / 2
    emblem = party_emblem(PARTY_BOX, YELLOW)
    assert emblem.centre == pytest.approx(centre)
    assert emblem.radius == pytest.approx(radius)
    points = emblem_points(PARTY_BOX)
    distances = [math.dist(p, centre) for p in points]
    assert max(distances) <= radius * (1 + 1e-5)
    # ...and it is that circle, not a smaller one: the points touching it leave no gap of half
    # a turn, so the smallest circle around the emblem is this one, centred on the flag.
    touching = sorted(math.atan2(p[1] - centre[1], p[0] - centre[0])
                      for p, d in zip(points, distances) if d >= radius * (1 - 1e-4))
    gaps = [b - a for a, b in zip(touching, touching[1:])] + [
        touching[0] + 2 * math.pi - touching[-1]]
    assert max(gaps) < math.pi


def test_hammer_rises_at_45_degrees_and_the_sickle_handle_is_at_right_angles():
    emblem = party_emblem(PARTY_BOX, YELLOW)
    foot = [(a + b) / 2 for a, b in zip(*emblem.hammer_foot)]
    joint = [(a + b) / 2 for a, b in zip(*emblem.head_joint)]
    rise, run = joint[1] - foot[1], joint[0] - foot[0]
    assert rise > 0
    assert abs(math.degrees(math.atan2(rise, abs(run)))) == pytest.approx(45)
    (x0, y0), (x1, y1) = emblem.sickle_handle_top_face
    assert run * (x1 - x0) + rise * (y1 - y0) == pytest.approx(0, abs=1e-9)


def test_head_top_face_is_in_line_with_the_sickle_tip():
    # Art. 1(2): "mặt trên cùng đầu Búa tạo thành đường thẳng với đỉnh nhọn lưỡi Liềm".
    emblem = party_emblem(PARTY_BOX, YELLOW)
    a, b = emblem.head_top_face
    assert distance_to_line(emblem.sickle_tip, a, b) < 1e-9 * PARTY_BOX.width
    assert emblem.sickle_tip == sickle_tip(PARTY_BOX)
    # The tip is the blade's sharp point at the top of the emblem.
    sickle_points = [p for poly in flatten(emblem.sickle.ops) for p in poly]
    assert max(p[1] for p in sickle_points) == pytest.approx(emblem.sickle_tip[1])
    assert emblem.sickle_tip in [op[1:] for op in emblem.sickle.ops if op[0] == "M"]


def test_head_joint_is_in_line_with_the_sickle_handle_top_face():
    # Art. 1(2): "điểm giao giữa cán Búa và đầu Búa tạo thành đường thẳng với mặt trên cán
    # Liềm".
    emblem = party_emblem(PARTY_BOX, YELLOW)
    a, b = emblem.sickle_handle_top_face
    for point in emblem.head_joint:
        assert distance_to_line(point, a, b) < 1e-9 * PARTY_BOX.width


def test_bottom_ends_of_both_handles_are_level():
    # Art. 1(2): "điểm dưới cùng của cán Búa tạo thành đường thẳng ngang với điểm dưới cùng
    # của cán Liềm".
    emblem = party_emblem(PARTY_BOX, YELLOW)
    hammer_bottom = min(p[1] for p in emblem.hammer_foot)
    sickle_bottom = min(p[1] for p in emblem.sickle_foot)
    assert hammer_bottom == pytest.approx(sickle_bottom, abs=1e-9)
    # The feet are the lowest points of their tools, left for the sickle, right for the hammer.
    hammer_points = flatten(emblem.hammer.ops)[0]
    assert min(p[1] for p in hammer_points) == pytest.approx(hammer_bottom)
    assert max(p[0] for p in emblem.sickle_foot) < emblem.centre[0] < min(
        p[0] for p in emblem.hammer_foot)


def test_hammer_and_sickle_cross_without_overlapping_strokes():
    emblem = party_emblem(PARTY_BOX, YELLOW)
    hammer = flatten(emblem.hammer.ops)[0]
    pieces = flatten(emblem.sickle.ops, 64)
    assert len(pieces) == 2
    for piece in pieces:
        assert polygon_gap(hammer, piece) > 0.005 * PARTY_BOX.width
    # The hammer handle really passes over the sickle: the blade goes on either side of it.
    foot = [(a + b) / 2 for a, b in zip(*emblem.hammer_foot)]
    joint = [(a + b) / 2 for a, b in zip(*emblem.head_joint)]
    sides = [{cross(foot, joint, p) > 0 for p in piece} for piece in pieces]
    assert sides == [{False}, {True}] or sides == [{True}, {False}]


def test_sickle_outline_does_not_cross_itself():
    emblem = party_emblem(PARTY_BOX, YELLOW)
    for piece in flatten(emblem.sickle.ops, 16):
        sides = edges(piece)
        for i, (a, b) in enumerate(sides):
            for j in range(i + 2, len(sides)):
                if i == 0 and j == len(sides) - 1:
                    continue
                assert not segments_cross(a, b, *sides[j])


def test_emblem_scales_with_the_box():
    unit = party_emblem(flag_box(0, 0, 2 / 3), YELLOW)  # length 1: radius 0.2
    moved = party_emblem(flag_box(100, 200, 300), YELLOW)  # length 450
    for p, q in zip(flatten(unit.sickle.ops)[1], flatten(moved.sickle.ops)[1]):
        assert q == pytest.approx((100 + 450 * p[0], 200 + 450 * p[1]))


# --- both flags side by side -------------------------------------------------------------------

def test_flag_pair_puts_the_party_flag_left_with_the_sickle_tip_level_with_the_star():
    items, union = flag_pair(10, 20, 100, 12, RED, YELLOW)
    fields = [item for item in items if isinstance(item, Rect)]
    assert len(fields) == 2
    party, national = fields[0].box, fields[1].box
    assert party.x1 + 12 == pytest.approx(national.x0)
    assert party.height == pytest.approx(100) and national.height == pytest.approx(100)
    assert party.width == pytest.approx(150) and national.width == pytest.approx(150)
    assert not party.overlaps(national)
    assert sickle_tip(party)[1] == pytest.approx(star_top(national)[1], abs=1e-9)
    assert min(party.y0, national.y0) == pytest.approx(20)
    assert union.contains(party) and union.contains(national)
    assert union == Box(party.x0, min(party.y0, national.y0), national.x1,
                        max(party.y1, national.y1))
    # The Party flag's items come first and lie in its box; the star is on the right flag.
    star = items[-1]
    assert star.ops[0][1:] == pytest.approx(star_top(national))
    assert items[:len(items) - 2] == party_flag(party, RED, YELLOW)


# --- pixels -----------------------------------------------------------------------------------

RGB_RED = (218, 37, 29)
RGB_YELLOW = (255, 255, 0)


def test_painted_national_flag_has_the_star_area_in_yellow():
    box = flag_box(0, 0, 20)
    image = paint(national_flag(box, RED, YELLOW), box, 2400)  # 4× 600 × 400, then averaged
    yellow = colour_share(image, RGB_YELLOW)
    assert yellow == pytest.approx(star_area(box) / (box.width * box.height), rel=0.02)
    small = image.resize((600, 400), Image.Resampling.BOX)
    for corner in ((0, 0), (599, 0), (0, 399), (599, 399)):
        assert small.getpixel(corner) == RGB_RED
    assert small.getpixel((300, 200)) == RGB_YELLOW  # the star's centre


def test_painted_party_flag_has_yellow_only_inside_the_emblem_circle():
    box = flag_box(0, 0, 20)
    image = paint(party_flag(box, RED, YELLOW), box, 600)
    for corner in ((0, 0), (599, 0), (0, 399), (599, 399)):
        assert image.getpixel(corner) == RGB_RED
    pixels = image.load()
    radius_px = 0.2 * 600
    yellow_at = [(x, y) for x in range(600) for y in range(400) if pixels[x, y] == RGB_YELLOW]
    assert all(math.dist((x + 0.5, y + 0.5), (300, 200)) <= radius_px + 1.5
               for x, y in yellow_at)
    # The emblem is a solid figure, not a hairline: a fair share of its circle is yellow,
    # and the middle of the flag carries part of it.
    share = len(yellow_at) / (math.pi * radius_px ** 2)
    assert 0.2 < share < 0.6
    middle = [p for p in yellow_at if math.dist(p, (300, 200)) < 0.4 * radius_px]
    assert len(middle) > 0.05 * math.pi * (0.4 * radius_px) ** 2
