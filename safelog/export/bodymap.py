"""Body maps for the referral pack: neutral front and back outlines with numbered marks.

Contract: :func:`body_map` returns a reportlab ``Drawing`` (a flowable) showing a plain, neutral
human outline seen from the front and from the back, each mark drawn as a numbered circle at its
``(x, y)``: x 0..1 left to right as you look at the outline, y 0..1 from the top of the head to
the soles of the feet. Marks are numbered from 1 in the order given, so the key beside the
figure can use the same numbers.

Thread: pure; safe anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Polygon, String
from reportlab.lib import colors

from safelog.export.fonts import BOLD
from safelog.export.model import BodyMarkView

__all__ = ["body_map"]

_FIG_W = 100.0  # outline drawn in a 100 x 220 box, then scaled
_FIG_H = 220.0
_TOP = 216.0  # top of the head
_BOTTOM = 2.0  # soles of the feet
_OUTLINE = colors.HexColor("#55606b")
_BODY_FILL = colors.HexColor("#f6f7f9")
_MARK = colors.HexColor("#b42318")

# The left half of a standing figure, arms slightly away from the body, from the neck round
# to the crotch; the right half is its mirror image. Simple on purpose: a body map records
# where, not what anyone looks like.
_LEFT_HALF: tuple[tuple[float, float], ...] = (
    (45.0, 186.0),
    (40.0, 181.0),
    (27.0, 177.0),
    (21.0, 171.0),
    (18.0, 150.0),
    (14.0, 122.0),
    (10.0, 104.0),
    (7.0, 96.0),
    (9.0, 90.0),
    (14.0, 94.0),
    (16.0, 101.0),
    (21.0, 122.0),
    (26.0, 146.0),
    (29.0, 134.0),
    (29.0, 116.0),
    (27.0, 100.0),
    (29.0, 60.0),
    (31.0, 16.0),
    (26.0, 8.0),
    (27.0, 3.0),
    (44.0, 3.0),
    (44.0, 14.0),
    (46.0, 60.0),
    (49.0, 98.0),
)


def _outline() -> list[tuple[float, float]]:
    left = list(_LEFT_HALF)
    right = [(_FIG_W - x, y) for x, y in reversed(_LEFT_HALF)]
    return [*left, (50.0, 96.0), *right]


def _figure(label: str, marks: Sequence[tuple[int, BodyMarkView]]) -> Group:
    group = Group()
    points = [coordinate for point in _outline() for coordinate in point]
    group.add(Polygon(points, fillColor=_BODY_FILL, strokeColor=_OUTLINE, strokeWidth=1.1))
    group.add(Circle(50, 201, 15, fillColor=_BODY_FILL, strokeColor=_OUTLINE, strokeWidth=1.1))
    group.add(
        String(50, -12, label, fontName=BOLD, fontSize=8, fillColor=_OUTLINE, textAnchor="middle")
    )
    for number, mark in marks:
        x = mark.x * _FIG_W
        y = _TOP - mark.y * (_TOP - _BOTTOM)
        group.add(Circle(x, y, 5.6, fillColor=colors.white, strokeColor=_MARK, strokeWidth=1.2))
        group.add(
            String(
                x,
                y - 2.3,
                str(number),
                fontName=BOLD,
                fontSize=6.5 if number < 10 else 5.5,
                fillColor=_MARK,
                textAnchor="middle",
            )
        )
    return group


def body_map(marks: Sequence[BodyMarkView], *, height: float = 190.0) -> Drawing:
    """Front and back outlines side by side, ``height`` points tall, marks numbered from 1.
    (On the front view the child's right is on the viewer's left; the key should say so.)"""
    numbered = list(enumerate(marks, start=1))
    scale = height / (_FIG_H + 30)
    gap = 40.0
    drawing = Drawing((2 * _FIG_W + gap) * scale, height)
    # The renderer's starting font would otherwise be Helvetica: named, unused, not embedded.
    drawing.initialFontName = BOLD
    for offset, side, label in ((0.0, "front", "Front"), (_FIG_W + gap, "back", "Back")):
        figure = _figure(label, [(n, m) for n, m in numbered if m.side == side])
        figure.transform = (scale, 0, 0, scale, offset * scale, 18 * scale)
        drawing.add(figure)
    return drawing
