"""Direction of travel: trend words and arrows, which are a direction, never a traffic light.

"Improving", "↑", "▲" → Improving; "Stable", "No change", "→", "►" → Stable; "Worsening",
"Declining", "↓", "▼" → Worsening. The vocabulary is data; a series with other words is
described by adding them.
"""

from __future__ import annotations

import re

Trend = str  # "Improving" | "Stable" | "Worsening"

TREND_WORDS: dict[str, Trend] = {
    "improving": "Improving", "improved": "Improving", "better": "Improving", "up": "Improving",
    "stable": "Stable", "static": "Stable", "same": "Stable", "no change": "Stable", "unchanged": "Stable",
    "steady": "Stable", "maintained": "Stable",
    "worsening": "Worsening", "worse": "Worsening", "declining": "Worsening", "deteriorating": "Worsening",
    "down": "Worsening", "declined": "Worsening",
}
TREND_ARROWS: dict[str, Trend] = {
    "↑": "Improving", "▲": "Improving", "△": "Improving", "⬆": "Improving", "↗": "Improving", "⇧": "Improving",
    "→": "Stable", "►": "Stable", "▶": "Stable", "↔": "Stable", "⬌": "Stable", "⇨": "Stable", "➔": "Stable",
    "↓": "Worsening", "▼": "Worsening", "▽": "Worsening", "⬇": "Worsening", "↘": "Worsening", "⇩": "Worsening",
}
TRENDS: tuple[Trend, ...] = ("Improving", "Stable", "Worsening")


def trend_of(text: str) -> Trend | None:
    """Given a cell's text, return the direction it states, or None if it states none."""
    stripped = text.strip()
    if not stripped:
        return None
    arrows = {TREND_ARROWS[ch] for ch in stripped if ch in TREND_ARROWS}
    if len(arrows) == 1 and not any(ch.isalnum() for ch in stripped):
        return arrows.pop()
    words = " ".join(re.findall(r"[a-z]+", stripped.lower()))
    return TREND_WORDS.get(words)
