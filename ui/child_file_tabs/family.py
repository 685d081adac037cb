"""The family and household tab: who the child lives with, who has parental responsibility,
and brothers or sisters at this school. Changes are new revisions with a reason.
Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from safelog.services.children import child_by_id
from safelog.services.household import household
from safelog.store.errors import InvalidInput
from ui.child_file_tabs import ChildTab, record_table, selected_row
from ui.context import AppContext
from ui.dialogs.common import button, hint
from ui.dialogs.household import HouseholdMemberDialog
from ui.models.response_tables import HouseholdTableModel


class FamilyTab(ChildTab):
    """Household members with Add and Edit."""

    title = "Famil&y and household"

    def __init__(self, ctx: AppContext, child_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, child_id, parent)
        self.model = HouseholdTableModel(parent=self)
        self.table = record_table(
            self.model,
            "Family and household",
            "Enter or double-click changes the member.",
            self,
            (190, 130, 120, 170, 100, 200, 220, 180),
            stretch=6,
        )
        self.table.activated.connect(lambda _i: self.edit_member())
        self.add_button = button(
            "Add &member…", "Add a parent, carer or household member.", self.add_member, parent=self
        )
        self.edit_button = button(
            "&Edit member…",
            "Change the selected member (you will be asked why).",
            self.edit_member,
            parent=self,
        )
        for b in (self.add_button, self.edit_button):
            b.setEnabled(self.can_write)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.edit_button)
        row.addWidget(
            hint("Lives with the child first. Every change is kept with its reason.", self), 1
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def reload(self) -> None:
        members = household(self.ctx.session, self.child_id)
        names: dict[int, str] = {}
        for m in members:
            if m.linked_child_id:
                try:
                    names[m.linked_child_id] = child_by_id(
                        self.ctx.session, m.linked_child_id
                    ).display_name
                except InvalidInput:
                    names[m.linked_child_id] = f"Child {m.linked_child_id}"
        self.model.child_names = names
        self.model.set_rows(members)

    def add_member(self) -> QDialog:
        return self.run_dialog(HouseholdMemberDialog(self.ctx, self.child_id, parent=self))

    def edit_member(self) -> QDialog | None:
        row = selected_row(self.table)
        if row < 0 or not self.can_write:
            return None
        member = self.model.item(row)
        return self.run_dialog(HouseholdMemberDialog(self.ctx, self.child_id, member, self))
