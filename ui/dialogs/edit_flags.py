"""Change a child's flags or preferred name, with the reason: a new version, never an edit.

Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLineEdit, QWidget

from safelog.domain.pupils import ChildFlag
from safelog.services.children import child_by_id, update_child
from ui.context import AppContext
from ui.dialogs.common import add_row, text_box
from ui.dialogs.responses import ResponseDialog


class EditFlagsDialog(ResponseDialog):
    """Tick boxes for every flag, the preferred names, and a required reason."""

    def __init__(self, ctx: AppContext, child_id: int, parent: QWidget | None = None) -> None:
        self.child = child_by_id(ctx.session, child_id)
        super().__init__(
            ctx,
            "Edit flags and preferred name",
            "&Save changes",
            f"{self.child.display_name} (UPN {self.child.upn}). The change is kept as a new "
            "version of the child's details, with your reason; the old version stays.",
            parent,
        )
        self.flag_boxes: dict[ChildFlag, QCheckBox] = {}
        holder = QWidget(self)
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        for n, flag in enumerate(ChildFlag):
            box = QCheckBox(flag.label, holder)
            box.setChecked(flag in self.child.flags)
            box.setAccessibleName(flag.label)
            box.setToolTip(f"Tick if the child currently has this status: {flag.label}.")
            self.flag_boxes[flag] = box
            grid.addWidget(box, n // 2, n % 2)
        holder.setAccessibleName("Flags")
        self.form.addRow("Flags:", holder)
        self.preferred_forename = QLineEdit(self.child.preferred_forename or "", self)
        self.preferred_forename.setPlaceholderText(f"Not set (legal: {self.child.legal_forename})")
        self.preferred_surname = QLineEdit(self.child.preferred_surname or "", self)
        self.preferred_surname.setPlaceholderText(f"Not set (legal: {self.child.legal_surname})")
        add_row(
            self.form,
            "Preferred &forename:",
            self.preferred_forename,
            "The first name the child uses, if not their legal one.",
        )
        add_row(
            self.form,
            "Preferred &surname:",
            self.preferred_surname,
            "The surname the child uses, if not their legal one.",
        )
        self.reason = text_box("For example: CP plan started at conference on 03/03/2026.", lines=3)
        add_row(self.form, "&Reason for the change:", self.reason, "Required: why this changed.")

    def flags(self) -> frozenset[ChildFlag]:
        return frozenset(f for f, box in self.flag_boxes.items() if box.isChecked())

    def commit(self) -> int:
        return update_child(
            self.ctx.session,
            self.child.child_id,
            flags=self.flags(),
            preferred_forename=self.preferred_forename.text(),
            preferred_surname=self.preferred_surname.text(),
            reason=self.reason.toPlainText(),
        )

    def submit(self) -> None:
        super().submit()
        if self.result_id is not None:
            self.ctx.events.records_changed.emit("children")
