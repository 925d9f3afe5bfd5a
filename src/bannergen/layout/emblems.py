"""Draw the national flag and the Party flag as vector Scene items, from the published rules."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from bannergen.scene import Box, Color, Item, Path, Rect

Point = tuple[float, float]

# Constitution 2013, Art. 13(1); Quy định 99-QĐ/TW Art. 1(1): both flags are 3:2 (width = 2/3
# of the length).
FLAG_LENGTH_PER_HEIGHT = 1.5

# Hướng dẫn 3420/HD-BVHTTDL (quoting Thông tư 68/VHTT-TT): the star's centre is where the
# diagonals cross and its points lie 1/5 of the flag's length from that centre.
STAR_RADIUS_PER_LENGTH = 1 / 5
# A regular pentagram's outline: the inner (concave) vertices lie where two point-to-point
# edges cross, at R·sin 18°/sin 126° ≈ 0.381966 R. Keeping the edges straight from point to
# point is the rule ("từ đầu cánh sao này đến đầu cánh sao đối diện là đường thẳng").
STAR_INNER_RATIO = math.sin(math.radians(18)) / math.sin(math.radians(126))

# Quy định 99-QĐ/TW Art. 1(2): the hammer and sickle's diameter is 4/10 of the flag's
# "chiều ngang" (its horizontal side, the length), so its circle has the star's radius.
EMBLEM_DIAMETER_PER_LENGTH = 4 / 10

# The drawing of the hammer and sickle, in units of the emblem's radius, origin at the flag's
# centre, y up. Only these proportions are a design choice; every position below is derived
# from them and from the rules of Quy định 99-QĐ/TW Art. 1(2).
_BLADE_RADIUS = 0.72  # outer edge of the sickle blade, a circle tangent to the emblem circle
_BLADE_HOLLOW_OFFSET = 0.30  # how far the inner edge's circle is moved off the outer one ...
_BLADE_HOLLOW_ANGLE = math.radians(145)  # ... and which way: the blade is widest lower right
_HANDLE_WIDTH = 0.14  # both handles
_HEAD_LENGTH = 0.64  # hammer head, across the handle
_HEAD_SHIFT = 0.06  # the head sits a little towards the striking end, up-right
_HANDLE_RISE = 0.03  # both handle axes pass this far above the blade's centre
_CROSSING_GAP = 0.035  # red left between the hammer handle and the sickle it passes over

# Unit vectors of the two tools: the hammer handle rises 45° to the upper left (Art. 1(2):
# "đặt chếch lên 45 độ"), the sickle handle is at right angles to it ("vuông góc").
_ROOT_HALF = math.sqrt(0.5)
_HAMMER_AXIS: Point = (-_ROOT_HALF, _ROOT_HALF)
_SICKLE_AXIS: Point = (_ROOT_HALF, _ROOT_HALF)


def flag_box(x: float, y: float, height: float) -> Box:
    """A 3:2 flag of the given height whose bottom-left corner is at (x, y)."""
    return Box(x, y, x + FLAG_LENGTH_PER_HEIGHT * height, y + height)


def _centre(box: Box) -> Point:
    # The diagonals cross at the middle of the box (Hướng dẫn 3420/HD-BVHTTDL).
    return ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)


def star_radius(box: Box) -> float:
    """Distance from the star's centre to each of its points: 1/5 of the flag's length."""
    return STAR_RADIUS_PER_LENGTH * box.width


def star_points(box: Box) -> tuple[Point, ...]:
    """The star's outline: 10 vertices counter-clockwise from the top point, outer and inner
    alternating, so the outline never crosses itself."""
    cx, cy = _centre(box)
    outer = star_radius(box)
    inner = outer * STAR_INNER_RATIO
    points = []
    for k in range(10):
        # One point aims straight up (Hướng dẫn 3420: "hướng thẳng lên phía trên").
        angle = math.pi / 2 + k * math.pi / 5
        radius = outer if k % 2 == 0 else inner
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return tuple(points)


def star_top(box: Box) -> Point:
    """The star's top point."""
    cx, cy = _centre(box)
    return (cx, cy + star_radius(box))


def national_flag(box: Box, red: Color, yellow: Color) -> tuple[Item, ...]:
    """Quốc kỳ: a red field with a yellow five-pointed star in the middle (Constitution 2013,
    Art. 13(1)); `box` must be 3:2."""
    first, *rest = star_points(box)
    ops = (("M", *first), *(("L", *p) for p in rest), ("Z",))
    return (Rect(box, red), Path(ops, yellow))


@dataclass(frozen=True)
class PartyEmblem:
    """The hammer and sickle of one Party flag, in page coordinates.

    The named points are the ones Quy định 99-QĐ/TW Art. 1(2) lines up, so that callers and
    tests can check the rules: each face is a pair of its end points.
    """

    centre: Point
    radius: float
    hammer: Path
    sickle: Path
    sickle_tip: Point
    hammer_axis: Point  # unit vector from the hammer's foot towards its head
    sickle_axis: Point  # unit vector from the sickle handle's foot towards the blade
    head_top_face: tuple[Point, Point]
    head_joint: tuple[Point, Point]  # where the hammer handle meets the head
    sickle_handle_top_face: tuple[Point, Point]
    hammer_foot: tuple[Point, Point]  # the hammer handle's bottom end face
    sickle_foot: tuple[Point, Point]  # the sickle handle's bottom end face


@dataclass(frozen=True)
class _UnitEmblem:
    """The emblem drawn once in units of its radius about the flag's centre."""

    hammer: tuple[Point, ...]
    sickle_ops: tuple[tuple, ...]
    tip: Point
    head_top_face: tuple[Point, Point]
    head_joint: tuple[Point, Point]
    sickle_handle_top_face: tuple[Point, Point]
    hammer_foot: tuple[Point, Point]
    sickle_foot: tuple[Point, Point]


def _along(hammer: float, sickle: float) -> Point:
    """The point `hammer` units along the hammer axis and `sickle` units along the sickle
    handle's axis, from the emblem's centre."""
    return (hammer * _HAMMER_AXIS[0] + sickle * _SICKLE_AXIS[0],
            hammer * _HAMMER_AXIS[1] + sickle * _SICKLE_AXIS[1])


def _circle_line(centre: Point, radius: float, origin: Point, direction: Point) -> list[Point]:
    """Where the line origin + t·direction (direction a unit vector) meets the circle."""
    fx, fy = origin[0] - centre[0], origin[1] - centre[1]
    b = fx * direction[0] + fy * direction[1]
    c = fx * fx + fy * fy - radius * radius
    root = math.sqrt(b * b - c)
    return [(origin[0] + t * direction[0], origin[1] + t * direction[1]) for t in (-b - root,
                                                                              -b + root)]


def _angle(centre: Point, point: Point) -> float:
    return math.atan2(point[1] - centre[1], point[0] - centre[0])


def _arc(centre: Point, radius: float, start: float, end: float) -> list[tuple]:
    """Cubic Bézier segments ("C" ops) along a circle from angle `start` to `end`; each covers
    at most 45°, which keeps the curve within 5e-6 radius of the true arc."""
    count = max(1, math.ceil(abs(end - start) / (math.pi / 4) - 1e-9))
    step = (end - start) / count
    handle = 4 / 3 * math.tan(step / 4) * radius
    ops = []
    for i in range(count):
        a0, a1 = start + i * step, start + (i + 1) * step
        x0, y0 = centre[0] + radius * math.cos(a0), centre[1] + radius * math.sin(a0)
        x1, y1 = centre[0] + radius * math.cos(a1), centre[1] + radius * math.sin(a1)
        ops.append(("C", x0 - handle * math.sin(a0), y0 + handle * math.cos(a0),
                    x1 + handle * math.sin(a1), y1 - handle * math.cos(a1), x1, y1))
    return ops


def _clockwise(start: float, end: float) -> float:
    while end > start:
        end -= 2 * math.pi
    return end


def _counter_clockwise(start: float, end: float) -> float:
    while end < start:
        end += 2 * math.pi
    return end


def _dot(p: Point, axis: Point) -> float:
    return p[0] * axis[0] + p[1] * axis[1]


@lru_cache(maxsize=1)
def _unit_emblem() -> _UnitEmblem:
    """Construct the hammer and sickle from the rules of Quy định 99-QĐ/TW Art. 1(2).

    Distances along the hammer axis and along the sickle handle's axis are measured from the
    emblem's centre; the unit is the emblem's radius (0.2 × the flag's length).
    """
    # The sickle's tip is the top of the emblem's circle: then, with both flags the same size
    # and side by side, it is level with the top point of the national star, whose points lie
    # on a circle of the same radius (EMBLEMS.md, Placement).
    tip = (0.0, 1.0)
    # The blade's outer edge touches the emblem's circle at the tip.
    blade_centre = (0.0, 1.0 - _BLADE_RADIUS)
    # Both handle axes pass just above the blade's centre, like spokes of the sickle's circle,
    # at the same distance from it: the two tools mirror each other about the vertical through
    # the tip, which is what lets the feet below stand level.
    offset = _dot(blade_centre, _SICKLE_AXIS) + _HANDLE_RISE
    half = _HANDLE_WIDTH / 2
    # Art. 1(2): "điểm giao giữa cán Búa và đầu Búa tạo thành đường thẳng với mặt trên cán
    # Liềm" - the joint of the hammer's handle and head lies on the line of the sickle
    # handle's top face. Both run at right angles to the hammer axis, so they share a line.
    joint = offset + half
    # Art. 1(2): "mặt trên cùng đầu Búa tạo thành đường thẳng với đỉnh nhọn lưỡi Liềm" - the
    # line of the head's top face runs through the sickle's tip; that fixes the head's depth.
    head_top = _dot(tip, _HAMMER_AXIS)
    # The outer corners of both feet lie on the emblem's circle (its diameter is 4/10 of the
    # flag's length), and being mirror images the feet stand level: Art. 1(2), "điểm dưới cùng
    # của cán Búa tạo thành đường thẳng ngang với điểm dưới cùng của cán Liềm".
    foot = math.sqrt(1.0 - joint * joint)
    head_low = offset + _HEAD_SHIFT - _HEAD_LENGTH / 2
    head_high = offset + _HEAD_SHIFT + _HEAD_LENGTH / 2

    hammer = tuple(_along(h, s) for h, s in (
        (-foot, offset - half), (-foot, offset + half), (joint, offset + half),
        (joint, head_high), (head_top, head_high), (head_top, head_low),
        (joint, head_low), (joint, offset - half)))
    sickle_foot = (_along(joint - _HANDLE_WIDTH, -foot), _along(joint, -foot))

    # The blade is the crescent between the outer circle and an inner circle through the tip,
    # so the tip comes to a point ("đỉnh nhọn lưỡi Liềm").
    hollow_centre = (blade_centre[0] + _BLADE_HOLLOW_OFFSET * math.cos(_BLADE_HOLLOW_ANGLE),
                     blade_centre[1] + _BLADE_HOLLOW_OFFSET * math.sin(_BLADE_HOLLOW_ANGLE))
    hollow_radius = math.dist(hollow_centre, tip)
    # The handle's top face runs on into the blade's inner edge, its lower face into the
    # outer edge, where they meet the circles at the heel (lower left).
    heel_outer = min(_circle_line(blade_centre, _BLADE_RADIUS,
                                  _along(joint - _HANDLE_WIDTH, 0.0), _SICKLE_AXIS),
                     key=lambda p: _dot(p, _SICKLE_AXIS))
    heel_inner = min(_circle_line(hollow_centre, hollow_radius, _along(joint, 0.0),
                                  _SICKLE_AXIS),
                     key=lambda p: _dot(p, _SICKLE_AXIS))
    # Art. 1(2): "không có nét chồng tại chỗ giao nhau" - no overlapping strokes where hammer
    # and sickle cross. The hammer handle stays whole; the blade stops a small gap short of
    # it on either side, where the handle crosses the blade at the lower right.
    cuts = []
    for side in (-1, 1):
        edge = _along(0.0, offset + side * (half + _CROSSING_GAP))
        cuts.append(tuple(min(_circle_line(centre, radius, edge, _HAMMER_AXIS),
                              key=lambda p: _dot(p, _HAMMER_AXIS))
                          for centre, radius in ((blade_centre, _BLADE_RADIUS),
                                                 (hollow_centre, hollow_radius))))
    (outer_before, inner_before), (outer_after, inner_after) = cuts

    # Heel piece: outer edge clockwise to the heel, down the handle and back up, then the
    # inner edge counter-clockwise to the gap.
    start = _angle(blade_centre, outer_before)
    ops: list[tuple] = [("M", *outer_before)]
    ops += _arc(blade_centre, _BLADE_RADIUS, start,
                _clockwise(start, _angle(blade_centre, heel_outer)))
    ops += [("L", *sickle_foot[0]), ("L", *sickle_foot[1]), ("L", *heel_inner)]
    start = _angle(hollow_centre, heel_inner)
    ops += _arc(hollow_centre, hollow_radius, start,
                _counter_clockwise(start, _angle(hollow_centre, inner_before)))
    ops.append(("Z",))
    # Tip piece: from the tip clockwise along the outer edge to the gap, back along the inner.
    start = _angle(blade_centre, tip)
    ops.append(("M", *tip))
    ops += _arc(blade_centre, _BLADE_RADIUS, start,
                _clockwise(start, _angle(blade_centre, outer_after)))
    ops.append(("L", *inner_after))
    start = _angle(hollow_centre, inner_after)
    ops += _arc(hollow_centre, hollow_radius, start,
                _counter_clockwise(start, _angle(hollow_centre, tip)))
    ops.append(("Z",))

    return _UnitEmblem(
        hammer=hammer, sickle_ops=tuple(ops), tip=tip,
        head_top_face=(hammer[4], hammer[5]),
        head_joint=(_along(joint, offset - half), _along(joint, offset + half)),
        sickle_handle_top_face=(sickle_foot[1], heel_inner),
        hammer_foot=(hammer[0], hammer[1]), sickle_foot=sickle_foot)


def emblem_radius(box: Box) -> float:
    """Half the hammer and sickle's diameter: 0.2 × the flag's length, the star's radius."""
    return EMBLEM_DIAMETER_PER_LENGTH / 2 * box.width


def party_emblem(box: Box, yellow: Color) -> PartyEmblem:
    """The hammer and sickle of a Party flag in `box` (3:2), centred, 4/10 of its length
    across (Quy định 99-QĐ/TW Art. 1(2))."""
    unit = _unit_emblem()
    cx, cy = _centre(box)
    radius = emblem_radius(box)

    def place(p: Point) -> Point:
        return (cx + radius * p[0], cy + radius * p[1])

    def place_op(op: tuple) -> tuple:
        coords = op[1:]
        return (op[0], *(v for i in range(0, len(coords), 2)
                         for v in place((coords[i], coords[i + 1]))))

    first, *rest = unit.hammer
    hammer_ops = (("M", *place(first)), *(("L", *place(p)) for p in rest), ("Z",))

    def pair(face: tuple[Point, Point]) -> tuple[Point, Point]:
        return (place(face[0]), place(face[1]))

    return PartyEmblem(
        centre=(cx, cy), radius=radius,
        hammer=Path(hammer_ops, yellow),
        sickle=Path(tuple(place_op(op) for op in unit.sickle_ops), yellow),
        sickle_tip=place(unit.tip), hammer_axis=_HAMMER_AXIS, sickle_axis=_SICKLE_AXIS,
        head_top_face=pair(unit.head_top_face), head_joint=pair(unit.head_joint),
        sickle_handle_top_face=pair(unit.sickle_handle_top_face),
        hammer_foot=pair(unit.hammer_foot), sickle_foot=pair(unit.sickle_foot))


def sickle_tip(box: Box) -> Point:
    """The sharp tip of the sickle's blade on a Party flag in `box`."""
    cx, cy = _centre(box)
    tip = _unit_emblem().tip
    return (cx + emblem_radius(box) * tip[0], cy + emblem_radius(box) * tip[1])


def party_flag(box: Box, red: Color, yellow: Color) -> tuple[Item, ...]:
    """Cờ Đảng: a red field with a yellow hammer and sickle in the centre (Quy định 99-QĐ/TW
    Art. 1); `box` must be 3:2."""
    emblem = party_emblem(box, yellow)
    return (Rect(box, red), emblem.sickle, emblem.hammer)


def flag_pair(x: float, y: float, height: float, gap: float, red: Color,
              yellow: Color) -> tuple[tuple[Item, ...], Box]:
    """The Party flag on the left and the national flag on the right, as the audience sees
    them (Công văn 9743-CV/BTGTW), both `height` tall and `gap` apart, with the lower one's
    bottom at y.

    The sickle's tip is level with the star's top point (EMBLEMS.md, Placement). The emblem is
    drawn so that this holds with both flags standing on the same line; the shift below keeps
    the rule true should the drawing ever change. Returns the items and the pair's bounding box.
    """
    party = flag_box(x, y, height)
    national = flag_box(party.x1 + gap, y, height)
    shift = sickle_tip(party)[1] - star_top(national)[1]
    if shift > 0:
        national = Box(national.x0, national.y0 + shift, national.x1, national.y1 + shift)
    elif shift < 0:
        party = Box(party.x0, party.y0 - shift, party.x1, party.y1 - shift)
    items = party_flag(party, red, yellow) + national_flag(national, red, yellow)
    union = Box(party.x0, min(party.y0, national.y0), national.x1, max(party.y1, national.y1))
    return items, union
