"""Colour for the press: the output condition (a CMYK ICC profile), sRGB, and RGB → CMYK pixels.

The template's flat colours carry their own CMYK values (EMBLEMS.md, Colours): those are kept
exactly. Only what has no declared CMYK value (a logo's pixels, the anti-aliased edge between
two flat colours, a translucent draft mark over the background) goes through a colour-managed
conversion, sRGB to the output condition's profile with LittleCMS (Pillow's ImageCms), whose
separation tables generate the black.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bannergen.errors import UserError

__all__ = ["CmykPixels", "OutputCondition", "load_condition", "to_cmyk"]

PROFILES_DIR = Path(__file__).resolve().parent / "profiles"
SRGB_PROFILE = PROFILES_DIR / "sRGB.icc"
FOGRA39_PROFILE = PROFILES_DIR / "FOGRA39L.icc"

# The characterisation registry of the ICC (ISO 15930-7 §6.2.4.2): a reader that knows the
# identifier FOGRA39 may use its own copy of the condition; the embedded profile serves the rest.
ICC_REGISTRY = "http://www.color.org"


@dataclass(frozen=True)
class OutputCondition:
    """The printing condition a PDF/X file is made for (its /OutputIntents entry) and the CMYK
    profile that characterises it, also used for CMYK pixels (a path: it travels to batch
    worker processes cheaply)."""

    identifier: str = "FOGRA39"
    info: str = "Coated FOGRA39 (ISO 12647-2:2004/Amd 1), offset, coated paper"
    condition: str = ("Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 "
                      "or 2 = coated art, 115 g/m2, tone value increase curves A (CMY) and B (K)")
    registry: str = ICC_REGISTRY
    profile: Path = FOGRA39_PROFILE

    @property
    def profile_bytes(self) -> bytes:
        return profile_bytes(self.profile)


DEFAULT_CONDITION = OutputCondition()


def load_condition(profile: Path, identifier: str | None = None, info: str | None = None,
                   *, file: Path | str | None = None, line: int | None = None,
                   field: str | None = None) -> OutputCondition:
    """Another output condition (a template's or an order's): its ICC file must exist and be a
    CMYK output profile. `file`, `line` and `field` say where it was named, for the error."""
    # Imported here: the raster stage reads colour.py for its profiles and needs no input models.
    from bannergen.inputs.printing import check_profile

    try:
        path = check_profile(Path(profile))
    except UserError as exc:
        raise UserError(exc.key, file=file, line=line, field=field, value=exc.value,
                        **exc.params) from None
    name = Path(profile).stem
    return OutputCondition(identifier=identifier or name, info=info or identifier or name,
                           condition=info or identifier or name,
                           registry="" if identifier is None else ICC_REGISTRY, profile=path)


def condition_for(spec) -> OutputCondition:
    """The condition a template or an order names (an inputs.printing.OutputConditionSpec, its
    profile already checked), or the bundled FOGRA39 when it names none."""
    if spec is None:
        return DEFAULT_CONDITION
    name = spec.profile.stem
    return OutputCondition(identifier=spec.identifier or name,
                           info=spec.info or spec.identifier or name,
                           condition=spec.info or spec.identifier or name,
                           registry=ICC_REGISTRY if spec.identifier else "",
                           profile=spec.profile)


@cache
def profile_bytes(path: Path) -> bytes:
    return Path(path).read_bytes()


@cache
def _transform(profile: Path):
    """sRGB → the condition's CMYK, relative colorimetric with black point compensation (the
    usual choice for artwork: in-gamut colours stay put, the darkest sRGB maps to the press's
    darkest black instead of clipping)."""
    from PIL import ImageCms

    source = ImageCms.ImageCmsProfile(io.BytesIO(profile_bytes(SRGB_PROFILE)))
    target = ImageCms.ImageCmsProfile(io.BytesIO(profile_bytes(profile)))
    return ImageCms.buildTransform(
        source, target, "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def to_cmyk(image, profile: Path = FOGRA39_PROFILE):
    """An RGB Pillow image through the profile: a CMYK image of the same size."""
    from PIL import ImageCms

    return ImageCms.applyTransform(image.convert("RGB"), _transform(Path(profile)))


def byte(value: float) -> int:
    """A 0..1 component as an 8-bit sample: what PDFium paints for a flat fill of that value."""
    return max(0, min(255, round(value * 255)))


class CmykPixels:
    """RGB pixel rows → CMYK: each flat colour of the page to its declared CMYK value exactly,
    everything else through the profile.

    `flat` maps 8-bit RGB triples to CMYK quadruples (0..255). A flat colour is recognised by an
    exact match of all three channels (a one-bit mask per channel, ANDed): a pixel one level off
    is an anti-aliased edge or a blend, and is converted like any other colour.
    """

    def __init__(self, flat: Mapping[tuple[int, int, int], tuple[int, int, int, int]],
                 profile: Path = FOGRA39_PROFILE) -> None:
        self.profile = Path(profile)
        self.profile_bytes = profile_bytes(self.profile)
        self.colours = [(rgb, cmyk, [[255 if v == c else 0 for v in range(256)] for c in rgb])
                        for rgb, cmyk in flat.items()]

    def convert(self, image):
        """An RGB Pillow image → a CMYK Pillow image of the same size."""
        from PIL import ImageChops

        rgb = image.convert("RGB")
        cmyk = to_cmyk(rgb, self.profile)
        channels = rgb.split()
        for _, ink, tables in self.colours:
            red, green, blue = (c.point(t, "1") for c, t in zip(channels, tables))
            cmyk.paste(ink, mask=ImageChops.logical_and(ImageChops.logical_and(red, green), blue))
        return cmyk


def scene_colours(scene, marks: Iterable = ()) -> list:
    """The flat colours a page paints, in painting order: every opaque fill and stroke of the
    scene and of its marks (a translucent fill never shows its own colour)."""
    from bannergen.scene import GlyphRun, Image, Path, Rect, Stroke

    colours = []
    for item in (*scene.items, *marks):
        if isinstance(item, (Rect, GlyphRun)):
            colours.append(item.fill)
        elif isinstance(item, Path) and item.opacity >= 1.0:
            colours.append(item.fill)
        elif isinstance(item, Stroke):
            colours.append(item.color)
        elif isinstance(item, Image) and item.backdrop is not None:
            colours.append(item.backdrop)
    return colours


def flat_colours(colours: Iterable) -> dict[tuple[int, int, int], tuple[int, int, int, int]]:
    """The flat-colour table of a page: each scene Color's 8-bit RGB → its declared CMYK.

    Two colours with the same RGB and different CMYK cannot both be recognised from pixels;
    the first one met (in painting order, the background first) wins.
    """
    table: dict[tuple[int, int, int], tuple[int, int, int, int]] = {}
    for colour in colours:
        key = tuple(byte(c) for c in colour.rgb)
        table.setdefault(key, tuple(byte(c) for c in colour.cmyk))
    return table
