"""Small building blocks for the sharing wizard, the referrals widget and the allegations page:
buttons and labelled rows with mnemonics, tooltips and accessible names, muted hints, the demo
banner, one-sentence errors through the Prompter, and London wall-clock conversions.

Kept inside these packages (rather than borrowed from other pages) so the three features stand
on their own and can be wired in wherever the lead chooses. Thread: GUI only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from importlib.resources import files

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from safelog.domain.timefmt import LONDON, parse_local
from ui.dialogs.common import (
    DEMO_TEXT as DEMO_TEXT,
)
from ui.dialogs.common import (
    MUTED as MUTED,
)
from ui.dialogs.common import (
    add_row as add_row,
)

# The shared form kit, re-exported: this module adds only what the wizard needs on top.
from ui.dialogs.common import button as common_button
from ui.dialogs.common import (
    demo_banner as demo_banner,
)
from ui.dialogs.common import (
    error_sentence as error_sentence,
)
from ui.dialogs.common import (
    from_qdate as from_qdate,
)
from ui.dialogs.common import (
    heading as heading,
)
from ui.dialogs.common import (
    hint as hint,
)
from ui.dialogs.common import (
    plain as plain,
)
from ui.dialogs.common import (
    qdatetime_from_london as qdatetime_from_london,
)
from ui.dialogs.common import (
    show_error as show_error,
)
from ui.dialogs.common import (
    to_qdate as to_qdate,
)
from ui.theme import COLOURS

NOT_VERIFIED = "not verified against the official text"


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
    """The shared button (its shortcut never replaces the Alt+letter mnemonic), which never
    becomes the default: in the wizard Enter belongs to the field being typed in."""
    widget = common_button(text, tip, slot, shortcut=shortcut, parent=parent)
    widget.setAutoDefault(False)
    return widget


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


def london_from_qdatetime(value: QDateTime) -> datetime:
    """The edit's wall-clock value read as Europe/London (raises TimeError for a time that did
    not exist because the clocks went forward)."""
    d, t = value.date(), value.time()
    return parse_local(
        f"{d.year():04d}-{d.month():02d}-{d.day():02d} {t.hour():02d}:{t.minute():02d}"
    )


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
