"""Add or change a family or household member of a child (a change needs a reason).

Members are revisions too: editing saves a new revision with the reason. A brother or sister on
roll here can be linked, so the DSL can move between siblings' files. Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from safelog.domain.timefmt import parse_uk_date, uk_date
from safelog.services.children import ChildFilter, child_by_id, list_children
from safelog.services.household import HouseholdMember, save_member
from ui.context import AppContext
from ui.dialogs.common import add_row, text_box
from ui.dialogs.responses import ResponseDialog

RELATIONSHIPS = (
    "Mother",
    "Father",
    "Stepmother",
    "Stepfather",
    "Mother's partner",
    "Father's partner",
    "Grandmother",
    "Grandfather",
    "Brother",
    "Sister",
    "Half-brother",
    "Half-sister",
    "Aunt",
    "Uncle",
    "Foster carer",
    "Special guardian",
    "Lodger",
    "Family friend",
)


class HouseholdMemberDialog(ResponseDialog):
    """``member`` None adds someone; otherwise edits them (reason required)."""

    def __init__(
        self,
        ctx: AppContext,
        child_id: int,
        member: HouseholdMember | None = None,
        parent: QWidget | None = None,
    ) -> None:
        adding = member is None
        super().__init__(
            ctx,
            "Add a family member" if adding else "Change a family member",
            "&Add member" if adding else "&Save changes",
            "Parents, carers and anyone else in the child's life or household."
            if adding
            else "The change is kept as a new revision with your reason; the old one stays.",
            parent,
        )
        self.child_id = child_id
        self.member = member
        self.name = QLineEdit(member.name if member else "", self)
        self.relationship = QComboBox(self)
        self.relationship.setEditable(True)
        self.relationship.addItems(RELATIONSHIPS)
        self.relationship.setCurrentIndex(-1)
        self.relationship.lineEdit().setPlaceholderText("Choose or type")
        if member:
            self.relationship.setCurrentText(member.relationship)
        self.lives_with = QCheckBox("&Lives with the child", self)
        self.lives_with.setChecked(member.lives_with_child if member else True)
        self.responsibility = QCheckBox("Has &parental responsibility", self)
        self.responsibility.setChecked(member.parental_responsibility if member else False)
        self.responsibility.setToolTip(
            "Birth mothers always have it; others may (married or named father, court order)."
        )
        self.dob = QLineEdit(uk_date(member.dob) if member and member.dob else "", self)
        self.dob.setPlaceholderText("dd/mm/yyyy (optional)")
        self.contact = QLineEdit((member.contact or "") if member else "", self)
        self.contact.setPlaceholderText("Phone, address or how to reach them")
        self.notes = text_box("Anything a DSL should know", lines=3, parent=self)
        self.notes.setPlainText((member.notes or "") if member else "")
        self.linked = QComboBox(self)
        self.linked.addItem("Not at this school", None)
        self._fill_siblings(member.linked_child_id if member else None)
        self.reason = text_box("Why this is changing", lines=2, parent=self)

        add_row(self.form, "&Name:", self.name, "Their full name.")
        add_row(self.form, "&Relationship to the child:", self.relationship, "Who they are.")
        self.form.addRow("", self.lives_with)
        self.form.addRow("", self.responsibility)
        self.lives_with.setAccessibleName("Lives with the child")
        self.responsibility.setAccessibleName("Has parental responsibility")
        add_row(self.form, "&Date of birth:", self.dob, "Optional, dd/mm/yyyy.")
        add_row(self.form, "&Contact:", self.contact, "How to reach them.")
        add_row(self.form, "No&tes:", self.notes, "Anything a DSL should know.")
        add_row(
            self.form, "&Child at this school:", self.linked, "A brother or sister on roll here."
        )
        if not adding:
            add_row(self.form, "R&eason for the change:", self.reason, "Required when editing.")
        else:
            self.reason.hide()

    def _fill_siblings(self, selected: int | None) -> None:
        child = child_by_id(self.ctx.session, self.child_id)
        # Siblings usually share a surname; the list offers those first, then everyone else
        # stays reachable by typing in the combo.
        same = list_children(
            self.ctx.session, ChildFilter(text=child.legal_surname), limit=50, audit=False
        )
        for other in same:
            if other.child_id != self.child_id:
                label = f"{other.display_name} · {other.year_group or ''} · {other.upn}"
                self.linked.addItem(label, other.child_id)
        if selected is not None and self.linked.findData(selected) < 0:
            other = child_by_id(self.ctx.session, selected)
            self.linked.addItem(f"{other.display_name} · {other.upn}", selected)
        if selected is not None:
            self.linked.setCurrentIndex(self.linked.findData(selected))

    def commit(self) -> int:
        dob_text = self.dob.text().strip()
        return save_member(
            self.ctx.session,
            child_id=self.child_id,
            name=self.name.text(),
            relationship=self.relationship.currentText(),
            dob=parse_uk_date(dob_text) if dob_text else None,
            lives_with_child=self.lives_with.isChecked(),
            parental_responsibility=self.responsibility.isChecked(),
            contact=self.contact.text(),
            notes=self.notes.toPlainText(),
            linked_child_id=self.linked.currentData(),
            member_id=self.member.member_id if self.member else None,
            reason=self.reason.toPlainText() if self.member else None,
        )
