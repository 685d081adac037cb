"""Choose the children a concern involves, each with their part in it.

Type part of a name or a UPN; matches appear under the box (Down to move into them, Enter to
add). Each child added gets a role: the first child is the subject, and every later child starts
with *no* role, so a child who harmed another is never filed as a victim by default. Thread: GUI.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import ChildDetails, ConcernRole
from safelog.domain.timefmt import uk_date
from safelog.services.children import ChildFilter, child_by_id, list_children
from ui.context import AppContext
from ui.dialogs.common import MUTED, hint

SEARCH_DELAY_MS = 150
MAX_MATCHES = 8
CHOOSE_ROLE = "Choose a role…"


def describe(child: ChildDetails) -> str:
    """``Millie Ødegård (legal: Amelia) · Year 8 · 8A · UPN …`` for lists and labels."""
    parts = [child.display_name]
    if child.display_name != child.legal_name:
        parts[0] += f" (legal name {child.legal_name})"
    parts += [p for p in (child.year_group, child.form) if p]
    parts.append(f"born {uk_date(child.dob)}")
    parts.append(child.upn)
    return " · ".join(parts)


class _SearchEdit(QLineEdit):
    def __init__(self, picker: ChildInvolvementWidget) -> None:
        super().__init__(picker)
        self._picker = picker

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and self._picker.results.count():
            self._picker.results.setFocus()
            self._picker.results.setCurrentRow(0)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._picker.search_now()
            if self._picker.results.count():
                self._picker.add_from_results(0)
            return  # Enter here never submits the whole dialog
        super().keyPressEvent(event)


class ChildInvolvementWidget(QWidget):
    """The children of a concern and their roles. ``changed`` fires on every user change."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._children: list[ChildDetails] = []
        self._roles: list[QComboBox] = []

        self.search = _SearchEdit(self)
        self.search.setPlaceholderText("Type a name or UPN to add a child")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Add a child by name or UPN")
        self.search.setToolTip(
            "Type part of a name or a UPN, then Enter adds the first match (Down to choose)."
        )
        self.results = QListWidget(self)
        self.results.setAccessibleName("Children matching the search")
        self.results.setToolTip("Enter or double-click adds the child to the concern.")
        self.results.setMaximumHeight(150)
        self.results.hide()
        self.results.itemActivated.connect(
            lambda item: self.add_from_results(self.results.row(item))
        )
        self.rows = QWidget(self)
        self.grid = QGridLayout(self.rows)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setColumnStretch(0, 1)
        self.empty = hint("No child added yet.", self)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.search.textChanged.connect(lambda _t: self._timer.start())

        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._layout.addWidget(self.rows)
        self._layout.addWidget(self.empty)
        self._layout.addWidget(self.search)
        self._layout.addWidget(self.results)
        self._rebuild()

    def add_search_label(self, label: QLabel) -> None:
        """Put the caller's mnemonic label (e.g. "Add a &child:") just above the search box."""
        label.setBuddy(self.search)
        self._layout.insertWidget(self._layout.indexOf(self.search), label)

    # --- public API -----------------------------------------------------------------------
    def involvements(self) -> list[tuple[ChildDetails, ConcernRole | None]]:
        """Each child with the role chosen for them (None while no role is chosen)."""
        return [
            (child, ConcernRole(combo.currentData()) if combo.currentData() else None)
            for child, combo in zip(self._children, self._roles, strict=True)
        ]

    def role_box(self, child_id: int) -> QComboBox:
        """The role drop-down of one child already added."""
        return self._roles[self.child_ids().index(child_id)]

    def child_ids(self) -> list[int]:
        return [c.child_id for c in self._children]

    def add_child(self, child_id: int, role: ConcernRole | None = None) -> bool:
        """Add a child (once); the first child is the subject unless a role is given."""
        if child_id in self.child_ids():
            return False
        child = child_by_id(self.ctx.session, child_id)
        if role is None and not self._children:
            role = ConcernRole.SUBJECT
        self._children.append(child)
        self._roles.append(self._role_combo(child, role))
        self._rebuild()
        self.changed.emit()
        return True

    def set_involvements(self, items: list[tuple[int, ConcernRole | None]]) -> None:
        """Replace every child (restoring a draft or prefilling a correction)."""
        for combo in self._roles:
            combo.hide()
            combo.deleteLater()
        self._children, self._roles = [], []
        for child_id, role in items:
            child = child_by_id(self.ctx.session, child_id)
            self._children.append(child)
            self._roles.append(self._role_combo(child, role))
        self._rebuild()

    def remove_child(self, child_id: int) -> None:
        if child_id not in self.child_ids():
            return
        index = self.child_ids().index(child_id)
        del self._children[index]
        combo = self._roles.pop(index)
        combo.hide()
        combo.deleteLater()
        self._rebuild()
        self.changed.emit()
        self.search.setFocus()

    def search_now(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        self.results.clear()
        if not text:
            self.results.hide()
            return
        found = list_children(
            self.ctx.session, ChildFilter(text=text), limit=MAX_MATCHES, audit=False
        )
        for child in found:
            item = QListWidgetItem(describe(child))
            item.setData(Qt.ItemDataRole.UserRole, child.child_id)
            if child.child_id in self.child_ids():
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setText(item.text() + " (already added)")
            self.results.addItem(item)
        if not found:
            self.results.addItem(
                QListWidgetItem("No child matches; try a UPN or another spelling.")
            )
            self.results.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.results.show()

    def add_from_results(self, row: int) -> None:
        item = self.results.item(row)
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        child_id = item.data(Qt.ItemDataRole.UserRole)
        if child_id is None:
            return
        self.add_child(int(child_id))
        self.search.clear()
        self.results.clear()
        self.results.hide()
        combo = self._roles[-1]
        # A second child's role must be chosen on purpose: go straight to it.
        (combo if combo.currentData() is None else self.search).setFocus()

    # --- internals ------------------------------------------------------------------------
    def _role_combo(self, child: ChildDetails, role: ConcernRole | None) -> QComboBox:
        combo = QComboBox(self.rows)
        combo.addItem(CHOOSE_ROLE, None)
        for choice in ConcernRole:
            # Plain strings as item data: Qt hands enums back as str, not as ConcernRole.
            combo.addItem(choice.label, choice.value)
        if role is not None:
            combo.setCurrentIndex(list(ConcernRole).index(role) + 1)
        combo.setAccessibleName(f"Role of {child.display_name}")
        combo.setToolTip(
            "The child's part in the concern: the subject (it is about them), a witness, or "
            "the alleged perpetrator. A child who harmed another is never recorded as a victim."
        )
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    def _rebuild(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget()
            if widget is not None and widget not in self._roles:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        for row, (child, combo) in enumerate(zip(self._children, self._roles, strict=True)):
            name = QLabel(describe(child), self.rows)
            name.setTextFormat(Qt.TextFormat.PlainText)
            name.setToolTip(f"Legal name: {child.legal_name}")
            remove = QToolButton(self.rows)
            remove.setText("Remove")
            remove.setAccessibleName(f"Remove {child.display_name} from the concern")
            remove.setToolTip(f"Take {child.display_name} off this concern.")
            remove.clicked.connect(lambda _c=False, cid=child.child_id: self.remove_child(cid))
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(combo, row, 1)
            self.grid.addWidget(remove, row, 2)
        self.empty.setVisible(not self._children)
        self.rows.setVisible(bool(self._children))
        self.search.setPlaceholderText(
            "Type a name or UPN to add another child (a witness or the alleged perpetrator)"
            if self._children
            else "Type a name or UPN to add a child"
        )
        self.empty.setStyleSheet(MUTED)
