"""``ReferralsWidget(ctx, child_id)``: the child's referrals, for a "Referrals" tab.

Columns: agency, when referred, reference, who was spoken to, follow-up due, and the outcome or
status. A referral with no decision after its follow-up day is late: its row is tinted red AND
says "Late" in words, a line above the table counts them, and "Escalate…" is offered.
"Record outcome…" records the agency's decision. People who may only read (a head) see the list
without the buttons. Thread: GUI only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import Permission
from safelog.domain.timefmt import LONDON, today_london, uk_date, uk_datetime
from safelog.services.referrals import Referral, referrals_for_child
from safelog.store.errors import SafeLogError
from ui.context import AppContext
from ui.models.base import Index, PagedRowsModel
from ui.referrals.outcome_dialog import EscalateDialog, OutcomeDialog
from ui.referrals.referral_dialog import ReferralDialog
from ui.sharing.kit import button, heading, hint, selectable, show_error
from ui.theme import STATUS_STYLES, DueStatus

REFERRAL_ROLE = Qt.ItemDataRole.UserRole + 1
_LATE = STATUS_STYLES[DueStatus.OVERDUE]


def status_text(referral: Referral, today: date) -> str:
    """Outcome or status in words (never colour alone)."""
    if referral.outcome is not None:
        return referral.outcome.label
    if referral.late(today):
        return "Late: no decision yet"
    return "Awaiting decision"


class ReferralsTableModel(PagedRowsModel[Referral]):
    """A child's referrals, oldest first, revealed to the view a page at a time.

    ``today`` is injectable so tests can decide what counts as late. Thread: GUI only.
    """

    HEADERS = (
        "Agency",
        "Referred",
        "Reference",
        "Spoke to",
        "Follow up by",
        "Escalated",
        "Outcome",
    )

    def __init__(self, today: Callable[[], date] = today_london, parent: Any = None) -> None:
        super().__init__(parent)
        self._today = today

    def referral(self, row: int) -> Referral:
        return self._rows[row]

    def late_count(self) -> int:
        today = self._today()
        return sum(1 for r in self._rows if r.late(today))

    def column_total(self) -> int:
        return len(self.HEADERS)

    def _text(self, r: Referral, column: int) -> str:
        if column == 0:
            return r.agency.label
        if column == 1:
            return uk_datetime(r.referred_at)
        if column == 2:
            return r.reference or ""
        if column == 3:
            return r.spoke_to or ""
        if column == 4:
            return f"{r.follow_up_due:%a} {uk_date(r.follow_up_due)}"
        if column == 5:
            return uk_date(r.escalated_at.astimezone(LONDON).date()) if r.escalated_at else ""
        return status_text(r, self._today())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        r = self._rows[index.row()]
        late = r.late(self._today())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(r, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [self._text(r, index.column())] if index.column() == 3 else []
            lines += [f"Follow up if no decision by the end of {uk_date(r.follow_up_due)}."]
            if r.summary:
                lines.append(f"What was said: {r.summary}")
            if r.outcome_note:
                lines.append(f"Outcome note: {r.outcome_note}")
            if r.escalation_note:
                lines.append(f"Escalation: {r.escalation_note}")
            return "\n".join(line for line in lines if line)
        if role == Qt.ItemDataRole.ForegroundRole and late:
            return QColor(_LATE.foreground)
        if role == Qt.ItemDataRole.BackgroundRole and late:
            return QColor(_LATE.background)
        if role == Qt.ItemDataRole.FontRole and late:
            font = QFont()
            font.setBold(True)
            return font
        if role == REFERRAL_ROLE:
            return r
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.HEADERS[section]
        return None


class ReferralsWidget(QWidget):
    """The "Referrals" tab of a child's file. Refreshes itself on ``records_changed``.

    Thread: GUI only.
    """

    def __init__(
        self,
        ctx: AppContext,
        child_id: int,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = today_london,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.child_id = child_id
        self._today = today
        self.setAccessibleName("Referrals")
        self.can_write = ctx.session.can(Permission.WRITE_RECORDS)
        self.last_dialog: QDialog | None = None  # the dialog opened last (tests drive it)

        self.model = ReferralsTableModel(today, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Referrals for this child")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)  # the late tint must not be mistaken for striping
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # "Spoke to" gives way when space is short (full text in the tooltip); dates and the
        # outcome never do.
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Double-click or Enter on a row: record its outcome (or escalate it, when late).
        self.table.doubleClicked.connect(lambda *_: self._default_action())
        enter = QAction("Open referral", self.table)
        enter.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        enter.triggered.connect(self._default_action)
        self.table.addAction(enter)

        self.add_button = button(
            "&Make a referral…",
            "Record a new referral for this child",
            self.add,
            shortcut="Ctrl+Shift+R",
            parent=self,
        )
        self.outcome_button = button(
            "Record &outcome…", "Record the agency's decision", self.record_outcome, parent=self
        )
        self.escalate_button = button(
            "&Escalate…",
            "Record how you chased or escalated this referral",
            self.escalate,
            parent=self,
        )
        for b in (self.add_button, self.outcome_button, self.escalate_button):
            b.setVisible(self.can_write)

        self.count_label = hint("", self, name="How many referrals")
        self.late_label = QLabel(self)
        self.late_label.setWordWrap(True)
        self.late_label.setAccessibleName("Late referrals")
        self.late_label.setStyleSheet(
            f"background: {_LATE.background}; color: {_LATE.foreground}; border: 1px solid "
            f"{_LATE.border}; border-radius: 4px; padding: 6px 10px; font-weight: 600;"
        )
        self.details = hint("", self, name="Selected referral")
        selectable(self.details)

        bar = QHBoxLayout()
        bar.addWidget(heading("Referrals", self, size=2))
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.outcome_button)
        bar.addWidget(self.escalate_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(self.late_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)

        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        ctx.events.records_changed.connect(self._records_changed)
        self.refresh()

    # --- data ---------------------------------------------------------------------------------
    def _records_changed(self, what: str) -> None:
        if what in ("referrals", "children"):
            self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        """Read the child's referrals again (keeping the selection where possible)."""
        keep = select_id if select_id is not None else self.selected_id()
        try:
            rows = referrals_for_child(self.ctx.session, self.child_id)
        except SafeLogError as exc:
            show_error(self.ctx, "Referrals", exc)
            rows = []
        self.model.set_rows(rows)
        n, late = self.model.total(), self.model.late_count()
        self.count_label.setText("No referrals yet" if n == 0 else f"{n} referral{'s' * (n != 1)}")
        self.late_label.setText(
            f"Late: {late} referral{'s have' if late != 1 else ' has'} had no decision by the end "
            f"of the follow-up day. Chase {'them' if late != 1 else 'it'} with the agency and, "
            "if need be, escalate."
        )
        self.late_label.setVisible(late > 0)
        if keep is not None:
            self.select(keep)
        self._selection_changed()

    def selected(self) -> Referral | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.referral(rows[0].row()) if rows else None

    def selected_id(self) -> int | None:
        r = self.selected()
        return r.referral_id if r else None

    def select(self, referral_id: int) -> None:
        for row in range(self.model.total()):
            if self.model.referral(row).referral_id == referral_id:
                self.model.reveal(row)
                self.table.selectRow(row)
                return

    def _selection_changed(self) -> None:
        r = self.selected()
        today = self._today()
        self.outcome_button.setEnabled(r is not None and r.outcome is None)
        self.escalate_button.setEnabled(r is not None and r.outcome is None)
        self.escalate_button.setToolTip(
            "This referral is late: record how you chased or escalated it"
            if r is not None and r.late(today)
            else "Record how you chased or escalated this referral"
        )
        if r is None:
            self.details.setText(
                "Select a referral to see what was said." if self.model.total() else ""
            )
            return
        parts = [f"{r.agency.label}, referred {uk_datetime(r.referred_at)}."]
        if r.spoke_to:
            parts.append(f"Spoke to {r.spoke_to}.")
        if r.summary:
            parts.append(f"What was said: {r.summary}")
        if r.escalation_note:
            parts.append(f"Escalated: {r.escalation_note}")
        if r.outcome_note:
            parts.append(f"Outcome note: {r.outcome_note}")
        self.details.setText(" ".join(parts))

    # --- actions ------------------------------------------------------------------------------
    def _default_action(self) -> None:
        r = self.selected()
        if r is None or not self.can_write or r.outcome is not None:
            return
        if r.late(self._today()):
            self.escalate()
        else:
            self.record_outcome()

    def _open(self, dialog: QDialog) -> None:
        # open(), not exec(): window-modal without a nested event loop, so the rest of the app
        # (idle lock included) keeps running; the list refreshes on records_changed.
        self.last_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def add(self) -> None:
        """ "Add referral…": the referral dialog; the new referral is selected once saved."""
        dialog = ReferralDialog(self.ctx, self.child_id, parent=self)
        dialog.saved.connect(self.refresh)
        self._open(dialog)

    def record_outcome(self) -> None:
        """ "Record outcome…" for the selected referral."""
        r = self.selected()
        if r is not None and r.outcome is None:
            self._open(OutcomeDialog(self.ctx, r, self))

    def escalate(self) -> None:
        """ "Escalate…" for the selected referral."""
        r = self.selected()
        if r is not None and r.outcome is None:
            self._open(EscalateDialog(self.ctx, r, self))
