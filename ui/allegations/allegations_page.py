"""``AllegationsPage(ctx)``: allegations against members of staff, kept apart from children's
files, for the DSL and the headteacher (the case manager) only.

Anyone else who reaches the page (a deputy, by a stale link) sees one sentence saying who may
open it, and the case list is never read. Reading the list is an audit event, so it is read when
the page opens and after a change, never on repaint. Cases are opened with "New case…"; an open
case gets "Record LADO consultation…", "Record outcome…" and "Close case…", each a new revision
with a reason. Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
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
from safelog.services.allegations import Allegation, cases
from safelog.store.errors import SafeLogError
from ui.allegations.case_dialog import CaseUpdateDialog, NewCaseDialog
from ui.allegations.cases_model import AllegationCasesTableModel
from ui.context import AppContext
from ui.sharing.kit import button, demo_banner, error_sentence, heading, hint, selectable
from ui.theme import COLOURS

TITLE = "Allegations against staff"


class AllegationsPage(QWidget):
    """The page; ``refused`` is the sentence shown instead when the role may not open it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAccessibleName(TITLE)
        self.refused: str | None = None
        self.last_dialog: QDialog | None = None
        self.model = AllegationCasesTableModel(parent=self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(heading(TITLE, self, size=4))
        top.addStretch(1)
        banner = demo_banner(ctx, self)
        if banner is not None:
            top.addWidget(banner)
        layout.addLayout(top)
        if not ctx.session.can(Permission.ALLEGATIONS):
            role = ctx.session.role.label
            self._refuse(
                layout,
                "Only the DSL and the headteacher can open allegations against staff, and you "
                f"are signed in as {'an' if role[0] in 'AEIOU' else 'a'} {role}.",
            )
            return
        self._build(layout)
        self.refresh()

    def _refuse(self, layout: QVBoxLayout, sentence: str) -> None:
        self.refused = sentence
        self.message = QLabel(sentence, self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(sentence)
        self.message.setStyleSheet(
            f"background: {COLOURS.base}; border: 1px solid {COLOURS.border}; border-radius: 4px;"
            " padding: 10px 12px;"
        )
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _build(self, layout: QVBoxLayout) -> None:
        layout.addWidget(
            hint(
                "Kept apart from children's files: only the DSL and the headteacher can open "
                "these cases, and every opening of this list is recorded in the audit log. "
                "Each change is added as a new entry; nothing is overwritten.",
                self,
                name="Who can see this",
            )
        )
        self.new_button = button(
            "&New case…",
            "Record a new allegation against a member of staff",
            self.new_case,
            shortcut="Ctrl+Shift+N",
            parent=self,
        )
        self.lado_button = button(
            "Record &LADO consultation…",
            "When you spoke to the LADO and what they advised",
            lambda: self.update_case("lado"),
            parent=self,
        )
        self.outcome_button = button(
            "Record o&utcome…",
            "Substantiated, malicious, false, unsubstantiated or unfounded",
            lambda: self.update_case("outcome"),
            parent=self,
        )
        self.close_button = button(
            "&Close case…",
            "Close the selected case, with the reason",
            lambda: self.update_case("close"),
            parent=self,
        )
        bar = QHBoxLayout()
        self.count_label = hint("", self, name="How many cases")
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        for b in (self.new_button, self.lado_button, self.outcome_button, self.close_button):
            bar.addWidget(b)
        layout.addLayout(bar)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Allegation cases")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The allegation text gives way when space is short (it is in full below the table).
        header.setSectionResizeMode(
            AllegationCasesTableModel.ALLEGATION_COLUMN, QHeaderView.ResizeMode.Stretch
        )
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        layout.addWidget(self.table, 1)
        self.details = hint("", self, name="Selected case")
        selectable(self.details)
        layout.addWidget(self.details)

    # --- data ---------------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> None:
        """Read the case list (an audited read) and keep the selection where possible."""
        if self.refused is not None:
            return
        keep = select_id if select_id is not None else self.selected_id()
        try:
            rows = cases(self.ctx.session)
        except SafeLogError as exc:
            self.ctx.prompter.error(TITLE, error_sentence(exc))
            rows = []
        self.model.set_rows(rows)
        n = len(rows)
        open_n = sum(1 for c in rows if c.status == "open")
        self.count_label.setText(
            "No cases recorded" if n == 0 else f"{n} case{'s' * (n != 1)}, {open_n} open"
        )
        if keep is not None:
            for row in range(self.model.total()):
                if self.model.case(row).case_id == keep:
                    self.model.reveal(row)
                    self.table.selectRow(row)
        self._selection_changed()

    def selected(self) -> Allegation | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.case(rows[0].row()) if rows else None

    def selected_id(self) -> int | None:
        case = self.selected()
        return case.case_id if case else None

    def _selection_changed(self) -> None:
        case = self.selected()
        is_open = case is not None and case.status == "open"
        for b in (self.lado_button, self.outcome_button, self.close_button):
            b.setEnabled(is_open)
        if case is None:
            self.details.setText(
                "Select a case to see the allegation." if self.model.total() else ""
            )
            return
        parts = [f"A{case.case_id}: {case.allegation}"]
        if case.reported_by:
            parts.append(f"Reported by {case.reported_by}.")
        self.details.setText(" ".join(parts))

    # --- actions ------------------------------------------------------------------------------
    def _open(self, dialog: QDialog) -> None:
        self.last_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.refresh())
        dialog.open()

    def new_case(self) -> None:
        """ "New case…": open a case; it is selected once saved."""
        dialog = NewCaseDialog(self.ctx, self)
        dialog.accepted.connect(lambda: self.refresh(dialog.case_id))
        self.last_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def update_case(self, kind: str) -> None:
        """LADO consultation, outcome or closure for the selected open case."""
        case = self.selected()
        if case is None or case.status != "open":
            return
        if (
            kind == "close"
            and case.outcome is None
            and not self.ctx.prompter.confirm(
                "Close the case",
                "No outcome has been recorded for this case. Close it anyway?",
                confirm_label="Close without an outcome",
                cancel_label="Keep it open",
            )
        ):
            return
        self._open(CaseUpdateDialog(self.ctx, case, kind, self))
