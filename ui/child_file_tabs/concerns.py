"""The concerns tab: the child's concerns (newest first) beside the selected one in full.

The list shows this child's part in each concern and its status; the detail pane
(:mod:`ui.child_file_tabs.concern_detail`) shows it in full with its history and the DSL's
response buttons. Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QScrollArea, QSplitter, QVBoxLayout, QWidget

from safelog.domain.timefmt import today_london
from safelog.guidance.categories import review_due_for
from safelog.guidance.errors import GuidanceError
from safelog.services.concerns import concerns_for_child
from safelog.services.ui_records import concern_statuses
from ui.child_file_tabs import ChildTab, record_table
from ui.child_file_tabs.concern_detail import ConcernDetailWidget
from ui.context import AppContext
from ui.dialogs.correct_concern import CorrectConcernDialog
from ui.dialogs.responses import (
    AddActionDialog,
    ConcernEventDialog,
    RecordDecisionDialog,
    SetReviewDialog,
)
from ui.models.concern_tables import ConcernRow, ConcernsTableModel
from ui.models.labels import guidance

_WIDTHS = (124, 60, 70, 130, 200, 300)


class ConcernsTab(ChildTab):
    """Every concern the child is part of; ``detail`` shows the selected one."""

    title = "Co&ncerns"

    def __init__(self, ctx: AppContext, child_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, child_id, parent)
        self.model = ConcernsTableModel(self)
        self.table = record_table(
            self.model,
            "Concerns",
            "Select a concern to read it in full beside the list.",
            self,
            _WIDTHS,
            stretch=5,
        )
        self.detail = ConcernDetailWidget(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detail)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 760])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter)

    def reload(self) -> None:
        keep = self.detail.concern_id
        session = self.ctx.session
        found = concerns_for_child(session, self.child_id)
        statuses = concern_statuses(session, [c.concern_id for c in found])
        rows = []
        for c in reversed(found):  # newest first: the DSL's next job is usually the latest
            role = next((i.role for i in c.draft.children if i.child_id == self.child_id), None)
            rows.append(ConcernRow(c, statuses.get(c.concern_id, "new"), role))
        self.model.set_rows(rows)
        if keep is not None and self.model.row_of(keep) >= 0:
            self.select(keep)
        elif rows:
            self.table.selectRow(0)

    def select(self, concern_id: int) -> bool:
        """Select and show ``concern_id``; False if it is not one of this child's concerns."""
        self.ensure_loaded()
        row = self.model.row_of(concern_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        if self.detail.concern_id != concern_id:
            self.detail.show_concern(concern_id)
        return True

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.guard(
                "Concern",
                lambda: self.detail.show_concern(self.model.item(current.row()).concern_id),
            )

    # --- the DSL's response (buttons of the detail pane) ---------------------------------
    def correct_concern(self) -> QDialog | None:
        if self.detail.concern_id is None:
            return None
        return self.run_dialog(CorrectConcernDialog(self.ctx, self.detail.concern_id, self))

    def concern_event(self, event: str) -> QDialog | None:
        if self.detail.concern_id is None:
            return None
        return self.run_dialog(ConcernEventDialog(self.ctx, self.detail.concern_id, event, self))

    def set_review(self) -> QDialog | None:
        shown = self.detail.shown
        if shown is None:
            return None
        try:
            cats = [guidance().category(c) for c in shown.draft.categories]
            due = review_due_for(cats, shown.draft.occurred_at)
            if due < today_london():  # an old concern: count the period from today instead
                due = review_due_for(cats, today_london())
        except GuidanceError:
            due = None
        return self.run_dialog(
            SetReviewDialog(self.ctx, self.child_id, shown.concern_id, default_due=due, parent=self)
        )

    def add_action(self) -> QDialog | None:
        return self.run_dialog(
            AddActionDialog(self.ctx, self.child_id, self.detail.concern_id, parent=self)
        )

    def record_decision(self) -> QDialog | None:
        return self.run_dialog(
            RecordDecisionDialog(self.ctx, self.child_id, self.detail.concern_id, parent=self)
        )

    def share_information(self) -> QDialog | None:
        from ui.sharing import SharingWizardDialog

        if self.detail.concern_id is None:
            return None
        return self.run_dialog(
            SharingWizardDialog(self.ctx, self.child_id, self.detail.concern_id, self)
        )
