"""Small building blocks for the sharing wizard, the referrals widget and the allegations page:
buttons and labelled rows with mnemonics, tooltips and accessible names, muted hints, the demo
banner, one-sentence errors through the Prompter, and London wall-clock conversions.

Kept inside these packages (rather than borrowed from other pages) so the three features stand
on their own and can be wired in wherever the lead chooses. Thread: GUI only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from importlib.resources import files

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from safelog.domain.timefmt import LONDON, parse_local
from safelog.store.errors import SafeLogError
from ui.context import AppContext
from ui.theme import COLOURS
from ui.worker import Cancelled

DEMO_TEXT = "FICTIONAL DEMO DATA"
MUTED = f"color: {COLOURS.muted_text};"
NOT_VERIFIED = "not verified against the official text"


def plain(text: str) -> str:
    """``text`` without its mnemonic ampersand or a trailing colon (for accessible names)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":").strip()


def with_mnemonic(text: str, used: set[str]) -> str:
    """``text`` with an ``&`` before the first letter not yet in ``used`` (preferring the start
    of a word), which is then added to ``used``; unchanged if every letter is taken.

    Text from the guidance data may hold a literal ``&``, so it is doubled first.
    """
    escaped = text.replace("&", "&&")
    starts = [
        i for i, ch in enumerate(escaped) if ch.isalnum() and (i == 0 or escaped[i - 1] == " ")
    ]
    others = [i for i, ch in enumerate(escaped) if ch.isalnum() and i not in starts]
    for i in [*starts, *others]:
        key = escaped[i].lower()
        if key not in used and escaped[i] != "&":
            used.add(key)
            return escaped[:i] + "&" + escaped[i:]
    return escaped


def error_sentence(exc: BaseException) -> str:
    """The one sentence to show for ``exc``: the core's ``.message`` when it has one."""
    if isinstance(exc, SafeLogError):
        return exc.message
    if isinstance(exc, ValueError) and str(exc):
        return str(exc)  # GuidanceError and TimeError speak in sentences
    return f"SafeLog could not finish this ({type(exc).__name__}); nothing was changed."


def show_error(ctx: AppContext, title: str, exc: BaseException) -> None:
    """Tell the person once, in one sentence, why something did not happen."""
    if not isinstance(exc, Cancelled):
        ctx.prompter.error(title, error_sentence(exc))


def demo_banner(ctx: AppContext, parent: QWidget | None = None) -> QLabel | None:
    """The "FICTIONAL DEMO DATA" strip on demo vaults; None on a real vault."""
    if not ctx.demo:
        return None
    label = QLabel(DEMO_TEXT, parent)
    label.setAccessibleName(DEMO_TEXT)
    label.setToolTip("This vault was filled with invented people for training and testing.")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(
        "background: #fff7d6; color: #5f4b00; border: 1px solid #c9a200; border-radius: 4px;"
        "font-weight: 700; letter-spacing: 1px; padding: 2px 10px;"
    )
    return label


def hint(text: str, parent: QWidget | None = None, *, name: str = "") -> QLabel:
    """Muted, wrapped, plain explanatory text."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(MUTED)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name or text[:80])
    return label


def heading(
    text: str, parent: QWidget | None = None, *, size: float = 0, wrap: bool = False
) -> QLabel:
    """Bold plain text, ``size`` points larger than the body font."""
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    if size:
        font.setPointSizeF(font.pointSizeF() + size)
    label.setFont(font)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setAccessibleName(plain(text))
    return label


def selectable(label: QLabel) -> QLabel:
    """Let mouse and keyboard select the label's text (numbers to copy, references)."""
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setCursor(Qt.CursorShape.IBeamCursor)
    return label


def button(
    text: str,
    tip: str,
    slot: Callable[[], object] | None = None,
    *,
    shortcut: str | QKeySequence.StandardKey | None = None,
    parent: QWidget | None = None,
) -> QPushButton:
    """A push button with a mnemonic, a tooltip naming its shortcut, and an accessible name."""
    widget = QPushButton(text, parent)
    widget.setAccessibleName(plain(text).rstrip("…"))
    widget.setAutoDefault(False)
    if shortcut is not None:
        sequence = QKeySequence(shortcut)
        widget.setShortcut(sequence)
        tip = f"{tip} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})"
    widget.setToolTip(tip)
    if slot is not None:
        widget.clicked.connect(lambda _checked=False: slot())
    return widget


def add_row(
    form: QFormLayout, text: str, widget: QWidget, tip: str = "", *, name: str = ""
) -> QLabel:
    """A form row whose label carries the mnemonic (Alt+letter focuses ``widget``) and names the
    field for screen readers; ``tip`` becomes the tooltip of both label and field."""
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(name or plain(text))
    if tip:
        label.setToolTip(tip)
        widget.setToolTip(tip)
    form.addRow(label, widget)
    return label


def text_box(
    placeholder: str = "", *, lines: int = 3, parent: QWidget | None = None
) -> QPlainTextEdit:
    """A plain-text box about ``lines`` high where Tab moves on instead of typing a tab."""
    box = QPlainTextEdit(parent)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 18)
    return box


def london_now() -> datetime:
    """Now in Europe/London, to the minute."""
    return datetime.now(LONDON).replace(second=0, microsecond=0)


def qdatetime_from_london(moment: datetime) -> QDateTime:
    local = moment.astimezone(LONDON)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def london_from_qdatetime(value: QDateTime) -> datetime:
    """The edit's wall-clock value read as Europe/London (raises TimeError for a time that did
    not exist because the clocks went forward)."""
    d, t = value.date(), value.time()
    return parse_local(
        f"{d.year():04d}-{d.month():02d}-{d.day():02d} {t.hour():02d}:{t.minute():02d}"
    )


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _chevron_url() -> str:
    return str(files("resources.icons").joinpath("chevron-down.svg")).replace("\\", "/")


def style_date_edit(edit: QDateTimeEdit) -> QDateTimeEdit:
    """Give a calendar drop-down the same chevron button as the theme's drop-down lists.

    The shared stylesheet pads date fields but leaves their drop-down button to Fusion, which
    then draws a clipped dark sliver; this local rule draws it like a combo box's arrow.
    """
    edit.setStyleSheet(
        "QDateTimeEdit { padding-right: 26px; }"
        f"QDateTimeEdit:disabled {{ color: {COLOURS.disabled_text};"
        f" background: {COLOURS.window}; }}"
        "QDateTimeEdit::drop-down { subcontrol-origin: border; subcontrol-position: center right;"
        " width: 24px; border: none; }"
        f'QDateTimeEdit::down-arrow {{ image: url("{_chevron_url()}"); width: 12px;'
        " height: 12px; }"
    )
    edit.setMinimumWidth(
        edit.fontMetrics().horizontalAdvance(edit.text() or "00/00/0000 00:00") + 56
    )
    return edit


def datetime_edit(initial: datetime | None = None, parent: QWidget | None = None) -> QDateTimeEdit:
    """A dd/mm/yyyy HH:MM field with a calendar drop-down, showing London wall-clock time."""
    edit = QDateTimeEdit(parent)
    edit.setDisplayFormat("dd/MM/yyyy HH:mm")
    edit.setCalendarPopup(True)
    edit.setDateTime(qdatetime_from_london(initial or london_now()))
    return style_date_edit(edit)


def join_lines(parts: Iterable[str]) -> str:
    return "\n".join(p for p in parts if p)
