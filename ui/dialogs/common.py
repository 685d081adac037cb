"""Small building blocks shared by the records dialogs, the children page and the child's file:
labelled fields with mnemonics and accessible names, the demo banner, one-sentence errors
through the Prompter, optional dates and the London wall-clock conversion.

Thread: GUI only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
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


def plain(text: str) -> str:
    """A label's text without its mnemonic ampersand or trailing colon, for accessible names."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":").strip()


def error_sentence(exc: BaseException) -> str:
    """The one sentence to show for ``exc``: the core's ``.message`` when it has one."""
    if isinstance(exc, SafeLogError):
        return exc.message
    if isinstance(exc, OSError):
        name = f"{exc.filename}" if exc.filename else "The file"
        return f"{name} could not be read or written ({exc.strerror or 'system error'})."
    if isinstance(exc, ValueError) and str(exc):
        return str(exc)  # the domain's TimeError, GuidanceError and validators speak in sentences
    return f"SafeLog could not finish this ({type(exc).__name__}); nothing was changed."


def show_error(ctx: AppContext, title: str, exc: BaseException) -> None:
    """Tell the person, once, in one sentence, why something did not happen (a task they
    cancelled themselves needs no message)."""
    if not isinstance(exc, Cancelled):
        ctx.prompter.error(title, error_sentence(exc))


def demo_banner(ctx: AppContext, parent: QWidget | None = None) -> QLabel | None:
    """A quiet but unmissable "FICTIONAL DEMO DATA" strip on demo vaults; None otherwise."""
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


def add_row(
    form: QFormLayout, text: str, widget: QWidget, tip: str = "", *, name: str = ""
) -> QLabel:
    """A form row whose label has a mnemonic (Alt+letter) and names the field for screen
    readers; ``tip`` becomes the tooltip of both label and field."""
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(name or plain(text))
    if tip:
        label.setToolTip(tip)
        widget.setToolTip(tip)
    form.addRow(label, widget)
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
    if shortcut is not None:
        sequence = QKeySequence(shortcut)
        # A separate QShortcut, because setShortcut() would replace the Alt+letter mnemonic.
        # animateClick() shows the press and does nothing while the button is disabled.
        extra = QShortcut(sequence, widget)
        extra.setContext(Qt.ShortcutContext.WindowShortcut)
        extra.activated.connect(widget.animateClick)
        tip = f"{tip} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})"
    widget.setToolTip(tip)
    if slot is not None:
        widget.clicked.connect(lambda _checked=False: slot())
    return widget


def text_box(
    placeholder: str = "", *, lines: int = 4, parent: QWidget | None = None
) -> QPlainTextEdit:
    """A plain-text box about ``lines`` lines high, where Tab moves on instead of typing a tab."""
    box = QPlainTextEdit(parent)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    # A fixed height: in a scrolling form the stock size hint would make every box huge; a
    # long account scrolls inside its box instead.
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 16)
    return box


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def london_now_qdatetime() -> QDateTime:
    """Now, as the wall-clock time in London (the machine's own zone may differ)."""
    now = datetime.now(LONDON)
    return QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute))


def london_from_qdatetime(value: QDateTime) -> datetime:
    """The edit's wall-clock value read as Europe/London; raises TimeError for a time that
    did not exist (the hour the clocks go forward)."""
    d, t = value.date(), value.time()
    stamp = f"{d.year():04d}-{d.month():02d}-{d.day():02d} {t.hour():02d}:{t.minute():02d}"
    return parse_local(stamp)


def qdatetime_from_london(moment: datetime) -> QDateTime:
    local = moment.astimezone(LONDON)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def date_edit(initial: date | None = None, parent: QWidget | None = None) -> QDateEdit:
    """A dd/mm/yyyy date field with a calendar drop-down."""
    edit = QDateEdit(parent)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    if initial is not None:
        edit.setDate(to_qdate(initial))
    return edit


class OptionalDateWidget(QWidget):
    """A date that may be left out: a tick box ("Due by") enabling a dd/mm/yyyy field."""

    def __init__(
        self, text: str, initial: date | None, default: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.check = QCheckBox(text, self)
        self.edit = date_edit(initial or default, self)
        self.check.setChecked(initial is not None)
        self.edit.setEnabled(initial is not None)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.setAccessibleName(plain(text))
        self.edit.setAccessibleName(f"{plain(text)} date")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addStretch(1)
        self.setFocusProxy(self.check)

    def value(self) -> date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(to_qdate(value))
