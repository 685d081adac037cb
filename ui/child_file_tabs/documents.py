"""The documents tab: every scan, photo and PDF attached to the child's concerns.

Files open inside SafeLog (:func:`~ui.dialogs.attachment_viewer.open_attachment`), each opening
audited by the core. Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from safelog.services.attachments import attachments_for_child
from ui.child_file_tabs import ChildTab, record_table, selected_row
from ui.context import AppContext
from ui.dialogs.attachment_viewer import open_attachment
from ui.dialogs.common import button, hint
from ui.models.response_tables import AttachmentsTableModel


class DocumentsTab(ChildTab):
    """All attachments of the child's concerns, oldest first."""

    title = "&Documents"

    def __init__(self, ctx: AppContext, child_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, child_id, parent)
        self.model = AttachmentsTableModel(parent=self)
        self.table = record_table(
            self.model,
            "Documents",
            "Enter or double-click opens the file inside SafeLog.",
            self,
            (220, 110, 80, 260, 70, 130, 140),
            stretch=3,
        )
        self.table.activated.connect(lambda _i: self.open_selected())
        self.open_button = button(
            "&Open", "Show the selected file inside SafeLog.", self.open_selected, parent=self
        )
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(
            hint("Files are kept encrypted in the vault; add them from a concern.", self), 1
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def reload(self) -> None:
        self.model.names = self.names()
        self.model.set_rows(attachments_for_child(self.ctx.session, self.child_id))
        self.open_button.setEnabled(self.model.total() > 0)

    def open_selected(self) -> QWidget | None:
        row = selected_row(self.table)
        if row < 0 and self.model.total():
            row = 0
        if row < 0:
            return None
        return open_attachment(self.ctx, self.model.item(row), self.window())
