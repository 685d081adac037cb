"""Text helpers shared by the renderers: UK dates, safe paragraph markup, paragraph styles.

Contract: :func:`markup` turns any recorded text into reportlab paragraph markup that prints
exactly those words (escaped, line breaks kept, control characters dropped). Dates print as
dd/mm/yyyy and times in Europe/London whatever zone the datetime carries.

Thread: pure functions and immutable styles; safe anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from safelog.export._page import INK, MUTED
from safelog.export.fonts import BOLD, OBLIQUE, REGULAR

LONDON = ZoneInfo("Europe/London")
NOT_RECORDED = "Not recorded"

# C0 controls other than tab and newline (and DEL) break reportlab's XML parser, and a
# stray one pasted from another system is not part of anybody's words.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def markup(text: str) -> str:
    """Escape recorded text for a Paragraph, keeping its words and line breaks as they are."""
    cleaned = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return escape(cleaned.replace("\t", "    ")).replace("\n", "<br/>")


def uk_date(value: date) -> str:
    """dd/mm/yyyy."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def uk_datetime(value: datetime) -> str:
    """dd/mm/yyyy HH:MM in Europe/London."""
    local = value.astimezone(LONDON)
    return f"{uk_date(local)} {local:%H:%M}"


def uk_date_long(value: datetime) -> str:
    """'dd/mm/yyyy at HH:MM (UK time)', for sentences."""
    local = value.astimezone(LONDON)
    zone = local.tzname() or "UK time"
    return f"{uk_date(local)} at {local:%H:%M} ({zone})"


def age_on(dob: date, on: date) -> int:
    """Whole years of age on ``on``; a 29 February birthday counts on 1 March."""
    years = on.year - dob.year
    if (on.month, on.day) < (dob.month, dob.day):
        years -= 1
    return max(years, 0)


def yes_no(value: bool | None) -> str:
    return NOT_RECORDED if value is None else ("Yes" if value else "No")


def or_not_recorded(value: str | None) -> str:
    """The recorded text, or "Not recorded" when there is none (never a silent blank)."""
    return value if value is not None and value.strip() else NOT_RECORDED


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    subheading: ParagraphStyle
    note: ParagraphStyle


@cache
def styles() -> Styles:
    """The paragraph styles every SafeLog PDF uses (built once, after fonts are registered)."""

    def style(name: str, font: str, size: float, leading: float, **extra: object) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=leading,
            textColor=extra.pop("textColor", INK),
            alignment=TA_LEFT,
            **extra,
        )

    return Styles(
        title=style("title", BOLD, 15, 19, spaceAfter=2),
        heading=style("heading", BOLD, 11, 14, spaceBefore=10, spaceAfter=4),
        body=style("body", REGULAR, 9, 12),
        small=style("small", REGULAR, 7.5, 9.5, textColor=MUTED),
        label=style("label", BOLD, 8, 10.5, textColor=MUTED),
        subheading=style("subheading", BOLD, 9, 12, spaceBefore=4),
        note=style("note", OBLIQUE, 7.5, 9.5, textColor=MUTED),
    )
