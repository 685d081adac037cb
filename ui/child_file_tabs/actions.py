"""The actions and decisions tab: what was done and by whom, decisions with their reasons
(including not referring), and review dates. Overdue items say "Overdue" in words and in red.
Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import Status
from safelog.services.responses import actions_for_child, decisions_for_child, reviews_for_child
from ui.child_file_tabs import ChildTab, record_table, selected_row
from ui.context import AppContext
from ui.dialogs.common import button
from ui.dialogs.responses import (
    AddActionDialog,
    CompleteActionDialog,
    CompleteReviewDialog,
    RecordDecisionDialog,
    SetReviewDialog,
)
from ui.models.response_tables import ActionsTableModel, DecisionsTableModel, ReviewsTableModel


def _section(
    title: str, table: QTableView, buttons: list[QPushButton], parent: QWidget
) -> QGroupBox:
    box = QGroupBox(title, parent)
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    layout = QVBoxLayout(box)
    layout.addWidget(table, 1)
    layout.addLayout(row)
    return box


class ActionsTab(ChildTab):
    """Three lists, each with its own buttons."""

    title = "&Actions and decisions"

    def __init__(self, ctx: AppContext, child_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, child_id, parent)
        self.actions = ActionsTableModel(parent=self)
        self.decisions = DecisionsTableModel(parent=self)
        self.reviews = ReviewsTableModel(self)
        self.actions_view = record_table(
            self.actions,
            "Actions",
            "Actions for this child, oldest first.",
            self,
            (190, 260, 140, 90, 80, 220, 70, 130),
            stretch=1,
        )
        self.decisions_view = record_table(
            self.decisions,
            "Decisions",
            "Decisions and their reasons.",
            self,
            (130, 280, 380, 140, 70),
            stretch=2,
        )
        self.reviews_view = record_table(
            self.reviews,
            "Review dates",
            "Review dates, soonest first.",
            self,
            (90, 150, 80, 400, 70),
            stretch=3,
        )
        self.add_action_button = button(
            "Add act&ion…",
            "Record what was done or assign what is to be done.",
            self.add_action,
            parent=self,
        )
        self.complete_button = button(
            "Co&mplete action…",
            "Mark the selected open action done, with its outcome.",
            self.complete_action,
            parent=self,
        )
        self.decision_button = button(
            "Record d&ecision…",
            "Record a decision and its reasons (also when not referring).",
            self.record_decision,
            parent=self,
        )
        self.review_button = button(
            "Set re&view…",
            "Set a date to review this child's case or a concern.",
            self.set_review,
            parent=self,
        )
        self.reviewed_button = button(
            "Mark revie&wed…",
            "Record that the selected review took place.",
            self.complete_review,
            parent=self,
        )
        for b in (
            self.add_action_button,
            self.complete_button,
            self.decision_button,
            self.review_button,
            self.reviewed_button,
        ):
            b.setEnabled(self.can_write)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(
            _section(
                "Actions", self.actions_view, [self.add_action_button, self.complete_button], self
            )
        )
        splitter.addWidget(_section("Decisions", self.decisions_view, [self.decision_button], self))
        splitter.addWidget(
            _section(
                "Review dates", self.reviews_view, [self.review_button, self.reviewed_button], self
            )
        )
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter)

    def reload(self) -> None:
        names = self.names()
        self.actions.names = names
        self.decisions.names = names
        self.actions.set_rows(actions_for_child(self.ctx.session, self.child_id))
        self.decisions.set_rows(decisions_for_child(self.ctx.session, self.child_id))
        self.reviews.set_rows(reviews_for_child(self.ctx.session, self.child_id))

    # --- buttons --------------------------------------------------------------------------
    def add_action(self) -> QDialog:
        return self.run_dialog(AddActionDialog(self.ctx, self.child_id, parent=self))

    def complete_action(self) -> QDialog | None:
        row = selected_row(self.actions_view)
        if row < 0:
            self.ctx.prompter.info("Complete an action", "Select the action first.")
            return None
        action = self.actions.item(row)
        if action.status is not Status.OPEN:
            self.ctx.prompter.info("Complete an action", "That action is already finished.")
            return None
        return self.run_dialog(CompleteActionDialog(self.ctx, action, self))

    def record_decision(self) -> QDialog:
        return self.run_dialog(RecordDecisionDialog(self.ctx, self.child_id, parent=self))

    def set_review(self) -> QDialog:
        return self.run_dialog(SetReviewDialog(self.ctx, self.child_id, parent=self))

    def complete_review(self) -> QDialog | None:
        row = selected_row(self.reviews_view)
        if row < 0:
            self.ctx.prompter.info("Record a review", "Select the review first.")
            return None
        review = self.reviews.item(row)
        if review.status is not Status.OPEN:
            self.ctx.prompter.info("Record a review", "That review has already taken place.")
            return None
        return self.run_dialog(CompleteReviewDialog(self.ctx, review, self))
