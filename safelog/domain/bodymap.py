"""Body-map marks: where on a child's body an injury or mark was seen, and what it looked like.

Coordinates are fractions of the outline drawing for that side (``resources/bodymap/front.svg`` or
``back.svg``, whose viewBox is the whole drawing): ``x`` from the left edge (0.0) to the right edge
(1.0) of the drawing as the viewer sees it, ``y`` from the top (0.0) to the bottom (1.0). On the
front view the child's right side is on the viewer's left; on the back view it is on the viewer's
right. Anything that draws a body map (screen or PDF) must use the same drawings.

Pure data: no Qt, no I/O. Thread: any.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

MAX_NOTE_LENGTH = 500
"""A mark's note is a short description; the full account belongs in the concern itself."""


class BodySide(StrEnum):
    """Which drawing a mark is on."""

    FRONT = "front"
    BACK = "back"

    @property
    def label(self) -> str:
        return _SIDE_LABELS[self]


_SIDE_LABELS = {BodySide.FRONT: "Front", BodySide.BACK: "Back"}


class MarkKind(StrEnum):
    """What was seen. The stored value is stable; ``label`` is the plain wording shown to people."""

    BRUISE = "bruise"
    CUT = "cut"
    GRAZE = "graze"
    BURN = "burn"
    SCALD = "scald"
    BITE = "bite"
    SCRATCH = "scratch"
    SWELLING = "swelling"
    MARK = "mark"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    MarkKind.BRUISE: "Bruise",
    MarkKind.CUT: "Cut",
    MarkKind.GRAZE: "Graze",
    MarkKind.BURN: "Burn",
    MarkKind.SCALD: "Scald",
    MarkKind.BITE: "Bite mark",
    MarkKind.SCRATCH: "Scratch",
    MarkKind.SWELLING: "Swelling",
    MarkKind.MARK: "Mark",
    MarkKind.OTHER: "Other",
}


def _fraction(name: str, value: object) -> float:
    # bool is an int in Python; True as a coordinate is always a bug upstream.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number between 0 and 1, not {type(value).__name__}.")
    number = float(value)
    if not math.isfinite(number) or not 0.0 <= number <= 1.0:
        raise ValueError(f"{name} must be between 0 and 1 (got {value!r}).")
    return number


@dataclass(frozen=True)
class BodyMark:
    """One mark on a body map. Immutable; validated on construction.

    Raises ``TypeError`` for a value of the wrong type and ``ValueError`` for one out of range.
    """

    side: BodySide
    x: float
    y: float
    kind: MarkKind
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.side, BodySide):
            raise TypeError("side must be a BodySide.")
        if not isinstance(self.kind, MarkKind):
            raise TypeError("kind must be a MarkKind.")
        if not isinstance(self.note, str):
            raise TypeError("note must be text.")
        if len(self.note) > MAX_NOTE_LENGTH:
            raise ValueError(f"A mark's note can be at most {MAX_NOTE_LENGTH} characters.")
        # Frozen: normalise ints (0, 1) to float through object.__setattr__.
        object.__setattr__(self, "x", _fraction("x", self.x))
        object.__setattr__(self, "y", _fraction("y", self.y))

    @property
    def description(self) -> str:
        """``"Bruise (front): note"`` - for lists, tooltips and screen readers."""
        text = f"{self.kind.label} ({self.side.value})"
        return f"{text}: {self.note}" if self.note else text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form with stable keys: side, x, y, kind, note."""
        return {
            "side": self.side.value,
            "x": self.x,
            "y": self.y,
            "kind": self.kind.value,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BodyMark:
        """Inverse of :meth:`to_dict`. Raises ``ValueError`` for missing keys or unknown values."""
        missing = {"side", "x", "y", "kind"} - set(data)
        if missing:
            raise ValueError(f"Body-map mark is missing: {', '.join(sorted(missing))}.")
        try:
            side = BodySide(data["side"])
        except ValueError:
            raise ValueError(f"Unknown body side {data['side']!r}.") from None
        try:
            kind = MarkKind(data["kind"])
        except ValueError:
            raise ValueError(f"Unknown kind of mark {data['kind']!r}.") from None
        note = data.get("note", "")
        if not isinstance(note, str):
            raise ValueError("A mark's note must be text.")
        try:
            return cls(side=side, x=data["x"], y=data["y"], kind=kind, note=note)
        except TypeError as exc:
            raise ValueError(str(exc)) from None
