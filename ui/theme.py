"""SafeLog's look: a calm, professional light palette, a readable font and visible focus.

One place for colours, so widgets that paint themselves (body map, status pills) match the rest.
Due states (overdue, due today, due soon, OK) never rely on colour alone: each has its own word and
its own icon shape, and every text/background pair meets WCAG AA contrast (4.5:1).
Thread: GUI only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from importlib.resources import files

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

MIN_POINT_SIZE = 10.0
MAX_POINT_SIZE = 11.0


@dataclass(frozen=True)
class ThemeColours:
    """Named colours (hex). Muted blue-grey neutrals with one blue accent."""

    window: str = "#f4f6f8"
    base: str = "#ffffff"
    alternate_base: str = "#f0f3f6"
    canvas: str = "#eef1f4"
    text: str = "#1f2933"
    muted_text: str = "#52606d"
    disabled_text: str = "#8a96a3"
    border: str = "#b8c2cc"
    accent: str = "#1f5fbf"
    accent_text: str = "#ffffff"
    focus: str = "#1f5fbf"
    hover: str = "#e8eef6"
    tooltip_base: str = "#1f2933"
    tooltip_text: str = "#ffffff"
    marker: str = "#b42318"
    good: str = "#1e6b34"
    bad: str = "#9b1c1c"


COLOURS = ThemeColours()


class DueStatus(StrEnum):
    """How a review, follow-up or policy date stands against today."""

    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    OK = "ok"


class StatusIcon(StrEnum):
    """Shapes drawn beside the status word, so the four states differ without colour."""

    WARNING = "warning"  # filled triangle with "!"
    CLOCK_FILLED = "clock_filled"  # solid clock face
    CLOCK_OUTLINE = "clock_outline"  # clock outline
    CHECK = "check"  # tick


@dataclass(frozen=True)
class StatusStyle:
    """Word, colours and icon for one :class:`DueStatus`."""

    label: str
    foreground: str
    background: str
    border: str
    icon: StatusIcon


STATUS_STYLES: dict[DueStatus, StatusStyle] = {
    DueStatus.OVERDUE: StatusStyle("Overdue", "#9b1c1c", "#fde8e8", "#e02424", StatusIcon.WARNING),
    DueStatus.DUE_TODAY: StatusStyle(
        "Due today", "#7a3e00", "#fdecc8", "#d97706", StatusIcon.CLOCK_FILLED
    ),
    DueStatus.DUE_SOON: StatusStyle(
        "Due soon", "#5f4b00", "#fff7d6", "#c9a200", StatusIcon.CLOCK_OUTLINE
    ),
    DueStatus.OK: StatusStyle("OK", "#1e6b34", "#e3f4e8", "#3a9a57", StatusIcon.CHECK),
}


def status_style(status: DueStatus) -> StatusStyle:
    return STATUS_STYLES[status]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio between two colours (1.0 to 21.0)."""

    def luminance(colour: str) -> float:
        c = QColor(colour)
        channels = []
        for v in (c.redF(), c.greenF(), c.blueF()):
            channels.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
        r, g, b = channels
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def build_palette(colours: ThemeColours = COLOURS) -> QPalette:
    """A light palette from :class:`ThemeColours`, with readable disabled text."""
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    pairs = {
        role.Window: colours.window,
        role.WindowText: colours.text,
        role.Base: colours.base,
        role.AlternateBase: colours.alternate_base,
        role.Text: colours.text,
        role.Button: colours.base,
        role.ButtonText: colours.text,
        role.BrightText: "#ffffff",
        role.Highlight: colours.accent,
        role.HighlightedText: colours.accent_text,
        role.ToolTipBase: colours.tooltip_base,
        role.ToolTipText: colours.tooltip_text,
        role.PlaceholderText: colours.muted_text,
        role.Link: colours.accent,
        role.Mid: colours.border,
        role.Dark: "#7b8794",
        role.Light: "#ffffff",
    }
    for r, value in pairs.items():
        palette.setColor(r, QColor(value))
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, r, QColor(colours.disabled_text))
    return palette


def build_stylesheet(colours: ThemeColours = COLOURS) -> str:
    """Spacing and focus rules on top of Fusion. Kept small: widgets that paint stay untouched."""
    c = colours
    return f"""
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDateEdit, QDateTimeEdit {{
    border: 1px solid {c.border}; border-radius: 4px; padding: 4px 6px;
    background: {c.base}; selection-background-color: {c.accent};
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QSpinBox:focus,
QDateEdit:focus, QDateTimeEdit:focus {{
    border: 2px solid {c.focus}; padding: 3px 5px;
}}
QLineEdit:disabled, QComboBox:disabled {{ color: {c.disabled_text}; background: {c.window}; }}
QComboBox {{ padding-right: 26px; }}
QComboBox::drop-down {{
    subcontrol-origin: border; subcontrol-position: center right; width: 24px; border: none;
}}
QComboBox::down-arrow {{
    image: url("{_icon_url("chevron-down.svg")}"); width: 12px; height: 12px;
}}
QComboBox::down-arrow:disabled {{
    image: url("{_icon_url("chevron-down-disabled.svg")}");
}}
QComboBox QAbstractItemView {{
    border: 1px solid {c.border}; background: {c.base}; selection-background-color: {c.accent};
    selection-color: {c.accent_text}; outline: none;
}}
QPushButton {{
    border: 1px solid {c.border}; border-radius: 4px; padding: 5px 14px;
    background: {c.base}; min-height: 20px;
}}
QPushButton:hover {{ background: {c.hover}; }}
QPushButton:pressed {{ background: #d9e2ec; }}
QPushButton:default {{ border: 1px solid {c.accent}; }}
QPushButton:focus {{ border: 2px solid {c.focus}; padding: 4px 13px; }}
QPushButton:disabled {{ color: {c.disabled_text}; background: {c.window}; border-color: #d3d9df; }}
QToolButton {{ border: 1px solid {c.border}; border-radius: 4px; padding: 4px 8px;
    background: {c.base}; }}
QToolButton:hover {{ background: {c.hover}; }}
QToolButton:checked {{ background: #dbe6f5; }}
QToolButton:focus {{ border: 2px solid {c.focus}; padding: 3px 7px; }}
QListView, QTreeView, QTableView {{
    border: 1px solid {c.border}; border-radius: 4px; background: {c.base};
}}
QListView:focus, QTreeView:focus, QTableView:focus {{ border: 2px solid {c.focus}; }}
QListView::item {{ padding: 4px 6px; }}
QToolTip {{
    color: {c.tooltip_text}; background: {c.tooltip_base}; border: none; padding: 5px 7px;
}}
QGroupBox {{ font-weight: 600; margin-top: 14px; padding-top: 8px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
"""


def _icon_url(name: str) -> str:
    """A file path for a theme icon, usable in a stylesheet ``url()`` (forward slashes)."""
    path = files("resources.icons").joinpath(name)
    return str(path).replace("\\", "/")


def readable_point_size(current: float) -> float:
    """The system size if it is already 10-11 pt, else the nearest end of that range."""
    if current <= 0:  # pixel-sized fonts report -1
        return 10.5
    return min(max(current, MIN_POINT_SIZE), MAX_POINT_SIZE)


def apply_theme(app: QApplication) -> None:
    """Fusion style, the light palette, a 10-11 pt system font and the stylesheet."""
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    app.setPalette(build_palette())
    font = app.font()
    font.setPointSizeF(readable_point_size(font.pointSizeF()))
    app.setFont(font)
    app.setStyleSheet(build_stylesheet())
