"""Office colours to RGB: ``FF00B050`` (ARGB), a palette index, or a theme colour with a tint.

A spreadsheet styled with the theme ("Accent 6, lighter 40 %") stores no RGB at all: the colour
is the theme's sixth accent, lightened. Reading it needs the workbook's theme and Excel's tint
rule (a tint moves the colour's HLS lightness towards white, or towards black when negative).
"""

from __future__ import annotations

import colorsys
import re
from typing import Any
from xml.etree import ElementTree

from ..model import RGB

DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
#: the theme's colour slots in the order Excel numbers them (it swaps dark and light 1 and 2)
THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
               "hlink", "folHlink")
#: the theme of a workbook that carries none (Office's default theme)
DEFAULT_THEME = ("FFFFFF", "000000", "E7E6E6", "44546A", "4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5",
                 "70AD47", "0563C1", "954F72")
HEX = re.compile(r"^[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?$")


def theme_colours(theme_xml: bytes | str | None) -> tuple[str, ...]:
    """Given a workbook's theme part, return its twelve colours (hex RGB) in Excel's numbering."""
    if not theme_xml:
        return DEFAULT_THEME
    try:
        root = ElementTree.fromstring(theme_xml)
    except ElementTree.ParseError:
        return DEFAULT_THEME
    scheme = root.find(f".//{DRAWING}clrScheme")
    if scheme is None:
        return DEFAULT_THEME
    out = []
    for slot, default in zip(THEME_ORDER, DEFAULT_THEME):
        element = scheme.find(f"{DRAWING}{slot}")
        value = None
        if element is not None:
            srgb = element.find(f"{DRAWING}srgbClr")
            system = element.find(f"{DRAWING}sysClr")
            value = srgb.get("val") if srgb is not None else (system.get("lastClr") if system is not None else None)
        out.append(value if value and HEX.match(value) else default)
    return tuple(out)


def hex_rgb(value: str) -> RGB | None:
    """Given "FF00B050", "00B050" or "#00b050", return the colour as RGB (0..1 each)."""
    value = value.lstrip("#")
    if not HEX.match(value):
        return None
    value = value[-6:]
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def tinted(colour: RGB, tint: float) -> RGB:
    """Excel's tint: lightness scaled towards black (tint < 0) or moved towards white (tint > 0)."""
    if not tint:
        return colour
    h, lightness, s = colorsys.rgb_to_hls(*colour)
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    return colorsys.hls_to_rgb(h, max(0.0, min(1.0, lightness)), s)


def resolve(color: Any, theme: tuple[str, ...], indexed: tuple[str, ...]) -> RGB | None:
    """Given an openpyxl ``Color`` (rgb, indexed or theme, with a tint), return its RGB, or None
    when it names no colour (automatic, the system's)."""
    if color is None:
        return None
    kind = getattr(color, "type", None)
    tint = float(getattr(color, "tint", 0.0) or 0.0)
    if kind == "rgb" and isinstance(color.rgb, str):
        if color.rgb.upper().startswith("00") and len(color.rgb) == 8 and color.rgb[2:] == "000000":
            return None  # "00000000": openpyxl's "no colour"
        base = hex_rgb(color.rgb)
    elif kind == "theme" and isinstance(color.theme, int) and 0 <= color.theme < len(theme):
        base = hex_rgb(theme[color.theme])
    elif kind == "indexed" and isinstance(color.indexed, int) and 0 <= color.indexed < len(indexed):
        base = hex_rgb(indexed[color.indexed])
    else:
        return None
    return tinted(base, tint) if base is not None else None
