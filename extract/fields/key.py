"""The document's own status key: what each colour (and phrase) means in this report.

Series that show status by colour often print a key ("Status Legend": a swatch beside "On-track",
"Slightly Off-track", "Accomplished"; or "Green: On Track / Yellow: Slightly Off-Track / Red: Off
Track"). A fill is read through the key when the key has a swatch of its colour family (two
greens are one status): the key decides, even that a colour is no traffic light at all ("Not
Started" in purple). Without a key, colours are read by hue (:func:`.status.status_from_colour`),
and blue means complete only where the series uses Blue.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

from ..model import RGB, Source
from .status import STATUS_PHRASES, Status, hue_family, status_from_colour, statuses_named

#: two colours are one swatch's family when their hues are this close (degrees) ...
HUE_CLOSE = 25.0
#: ... or, for colours with no hue (greys, navy-dark), when their channels are this close
CHANNELS_CLOSE = 0.12
#: what a key's label says before its explanation: "On-track: goal is on schedule" → "On-track"
LABEL_HEAD = re.compile(r"^\s*(?P<head>[^:=–—(]+?)\s*(?:[:=–—(]|\s-\s|$)")


@dataclass(frozen=True)
class KeyEntry:
    """One line of a key: a colour (None for a key in words), its label, what it means as a status."""

    colour: RGB | None
    label: str
    status: Status | None
    source: Source


@dataclass(frozen=True)
class StatusKey:
    """A document's key, as found: its entries in reading order."""

    entries: tuple[KeyEntry, ...] = ()

    @property
    def blue(self) -> bool:
        """Does the series use Blue (complete)?"""
        return any(e.status == "Blue" for e in self.entries)

    def colour(self, colour: RGB | None) -> tuple[bool, Status | None]:
        """Given a fill, return (the key has its colour, the status the key gives it)."""
        if colour is None:
            return False, None
        swatches = [e for e in self.entries if e.colour is not None]
        best = min(swatches, key=lambda e: _distance(e.colour, colour), default=None)  # type: ignore[arg-type]
        if best is None or best.colour is None or not _same_family(best.colour, colour):
            return False, None
        return True, best.status

    def phrases(self) -> tuple[tuple[str, str], ...]:
        """The key's labels as status phrases ("Accomplished" → Blue), for cells that print the label."""
        out = []
        for e in self.entries:
            head = label_head(e.label)
            if e.status is not None and head:
                out.append((" ".join(re.findall(r"[a-z]+", head.lower())), e.status))
        return tuple(out)


def label_head(label: str) -> str:
    """Given a key's label, return what it names before any explanation."""
    m = LABEL_HEAD.match(label)
    return m["head"].strip() if m else label.strip()


def label_status(label: str, colour: RGB | None, phrases: tuple[tuple[str, str], ...] = STATUS_PHRASES
                 ) -> Status | None:
    """Given a key's label and its swatch colour, return the status the entry stands for.

    The label says it in words ("Off-track", "Amber – at risk") where it can; a blue swatch is
    Blue (complete) whatever its label says, since blue is never another traffic light; a label
    that names no status ("Not started") over a colour that is no traffic light is no status.
    """
    head = label_head(label)
    words = " ".join(re.findall(r"[a-z]+", head.lower()))
    said = dict(phrases).get(words)
    named = statuses_named(head)
    hue = status_from_colour(colour, blue=True) if colour is not None else None
    if hue == "Blue":
        return "Blue"
    if said is not None:
        return said
    if len(named) == 1:
        return next(iter(named))
    return hue if said is None and not named and _is_status_word(words) else None


def label_names_status(label: str) -> bool:
    """Does a key's label say a status in its own words (a traffic light, a phrase, "Complete")?
    A swatch's colour alone makes no key: a column of status cells beside a table's text has
    colours too."""
    words = " ".join(re.findall(r"[a-z]+", label_head(label).lower()))
    return label_status(label, None) is not None or _is_status_word(words)


DONE_WORDS = frozenset({"complete", "completed", "accomplished", "achieved", "delivered", "done"})


def _is_status_word(words: str) -> bool:
    """A label that says the item is done ("Complete", "Completed on time"): its swatch's hue says
    which traffic light the series gives done work."""
    return words.split(" ", 1)[0] in DONE_WORDS


def _same_family(a: RGB, b: RGB) -> bool:
    ha, hb = hue_family(a), hue_family(b)
    if ha is None or hb is None:
        return ha is None and hb is None and max(abs(x - y) for x, y in zip(a, b)) <= CHANNELS_CLOSE
    return min(abs(ha - hb), 360 - abs(ha - hb)) <= HUE_CLOSE


def _distance(a: RGB, b: RGB) -> float:
    ha, la, sa = colorsys.rgb_to_hls(*a)
    hb, lb, sb = colorsys.rgb_to_hls(*b)
    dh = min(abs(ha - hb), 1 - abs(ha - hb))
    return dh * 4 + abs(la - lb) + abs(sa - sb) / 2
