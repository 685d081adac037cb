"""One concern in full, as the Concerns tab shows it beside the list.

Everything of the selected revision (facts, the child's words verbatim and the opinion kept
apart, children with their roles, categories, the body map read-only, attachments), the
revision history with who, when and why, the triage/outcome/closure events, and the buttons
for the DSL's response. Selecting an older revision in the history shows that revision, marked
as replaced. Text from records is always shown as plain text. Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.bodymap import BodyMark
from safelog.domain.records import Concern
from safelog.domain.timefmt import from_iso, uk_date, uk_datetime
from safelog.services.attachments import AttachmentInfo, attach_file, attachments_for_concern
from safelog.services.children import child_by_id
from safelog.services.concerns import concern_history
from safelog.services.responses import reviews_for_child
from safelog.services.ui_records import concern_events, concern_statuses
from safelog.store.errors import InvalidInput
from ui.child_file_tabs import ChildTab, record_table
from ui.dialogs.attachment_viewer import open_attachment
from ui.dialogs.common import MUTED, button, heading, hint
from ui.dialogs.pending_files import DELETE_ADVICE, FILE_FILTERS, check_file
from ui.models.base import quoted
from ui.models.concern_tables import RevisionsTableModel
from ui.models.labels import EVENT_LABELS, STATUS_LABELS, category_labels, yes_no
from ui.widgets.body_map import BodyMapWidget

_PILL = {
    "new": "background: #fde8e8; color: #9b1c1c; border: 1px solid #e02424;",
    "triaged": "background: #e8eef6; color: #1f4f99; border: 1px solid #1f5fbf;",
    "closed": "background: #e3f4e8; color: #1e6b34; border: 1px solid #3a9a57;",
}


def _text(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setAccessibleName(name)
    return label


class ConcernDetailWidget(QWidget):
    """Shows one concern of the file's child. ``tab`` owns dialogs and error reporting."""

    def __init__(self, tab: ChildTab, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tab = tab
        self.ctx = tab.ctx
        self.concern_id: int | None = None
        self.status = "new"
        self.history: list[Concern] = []
        self.shown: Concern | None = None
        self.attachments: list[AttachmentInfo] = []

        self.title = heading("", self, size=3)
        self.pill = QLabel(self)
        self.pill.setAccessibleName("Status of the concern")
        self.revision_label = QLabel(self)
        self.revision_label.setStyleSheet(MUTED)
        self.replaced_banner = _text(self, "Older revision notice")
        self.replaced_banner.setStyleSheet(
            "background: #fff7d6; border: 1px solid #c9a200; border-radius: 4px; padding: 6px;"
        )

        w = self.tab
        self.correct_button = button(
            "&Correct…",
            "Correct this concern: saved as a new revision with your reason.",
            w.correct_concern,
            parent=self,
        )
        self.triage_button = button(
            "&Triage…",
            "Record that a DSL has looked at it.",
            lambda: w.concern_event("triaged"),
            parent=self,
        )
        self.outcome_button = button(
            "Record &outcome…",
            "Record what came of the concern.",
            lambda: w.concern_event("outcome"),
            parent=self,
        )
        self.close_button = button(
            "Clo&se…",
            "Close the concern, with the reason.",
            lambda: w.concern_event("closed"),
            parent=self,
        )
        self.reopen_button = button(
            "&Reopen…",
            "Reopen a closed concern, with the reason.",
            lambda: w.concern_event("reopened"),
            parent=self,
        )
        self.review_button = button(
            "Set re&view…", "Set a date to look at it again.", w.set_review, parent=self
        )
        self.action_button = button(
            "Add act&ion…", "Add an action for this concern.", w.add_action, parent=self
        )
        self.decision_button = button(
            "Record d&ecision…",
            "Record a decision and its reasons (also when not referring).",
            w.record_decision,
            parent=self,
        )
        self.share_button = button(
            "Share infor&mation…",
            "Run the information-sharing wizard for this concern.",
            w.share_information,
            parent=self,
        )
        self.buttons = [
            self.correct_button,
            self.triage_button,
            self.outcome_button,
            self.close_button,
            self.reopen_button,
            self.review_button,
            self.action_button,
            self.decision_button,
            self.share_button,
        ]
        actions = QGridLayout()
        actions.setSpacing(6)
        # Close and Reopen share a cell: only the one that applies is shown.
        cells = [(0, 0), (0, 1), (0, 2), (0, 3), (0, 3), (1, 0), (1, 1), (1, 2), (1, 3)]
        for b, (row, col) in zip(self.buttons, cells, strict=True):
            b.setEnabled(w.can_write)
            actions.addWidget(b, row, col)

        self.facts_form = QFormLayout()
        self.facts_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.fields: dict[str, QLabel] = {}
        for name in (
            "Happened",
            "Recorded",
            "Where",
            "Categories",
            "Children",
            "Others present",
            "DSL told in person",
            "Significant event",
            "Next review",
        ):
            self.fields[name] = _text(self, name)
            self.facts_form.addRow(f"{name}:", self.fields[name])

        self.facts = _text(self, "What was seen or heard")
        self.words = _text(self, "The child's own words, verbatim")
        self.opinion = _text(self, "Opinion, kept apart from the facts")
        self.action = _text(self, "Immediate action")
        opinion_frame = QFrame(self)
        opinion_frame.setObjectName("opinionView")
        opinion_frame.setStyleSheet(
            "#opinionView { background: #fbf7ea; border: 1px dashed #c9a200; border-radius: 6px; }"
        )
        inner = QVBoxLayout(opinion_frame)
        inner.addWidget(heading("Opinion (kept apart from the facts)", opinion_frame))
        inner.addWidget(self.opinion)

        self.body_map = BodyMapWidget(self)
        self.body_map.set_read_only(True)
        self.body_map.setFixedHeight(380)
        self.no_marks = hint("No marks were recorded on a body map.", self)

        self.attachment_list = QListWidget(self)
        self.attachment_list.setAccessibleName("Attachments of the concern")
        self.attachment_list.setToolTip("Enter or double-click opens the file inside SafeLog.")
        self.attachment_list.setMaximumHeight(100)
        self.attachment_list.itemActivated.connect(lambda _i: self.open_selected_attachment())
        self.no_files = hint("No files are attached to this concern.", self)
        self.open_button = button(
            "O&pen attachment",
            "Show the selected file inside SafeLog.",
            self.open_selected_attachment,
            parent=self,
        )
        self.attach_button = button(
            "Add attach&ment…",
            "Attach a scan, photo or PDF to this concern.",
            self.add_attachment,
            parent=self,
        )
        self.attach_button.setEnabled(w.can_write)
        files_buttons = QHBoxLayout()
        files_buttons.addWidget(self.open_button)
        files_buttons.addWidget(self.attach_button)
        files_buttons.addStretch(1)

        self.revisions = RevisionsTableModel(parent=self)
        self.history_view = record_table(
            self.revisions,
            "Revision history",
            "Select a revision to read it as it was.",
            self,
            (70, 130, 140),
        )
        self.history_view.setMaximumHeight(130)
        self.history_view.selectionModel().currentRowChanged.connect(self._on_revision)
        self.events_label = _text(self, "Triage, outcome and closure")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 8)
        layout.setSpacing(8)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title)
        title_row.addWidget(self.pill)
        title_row.addStretch(1)
        title_row.addWidget(self.revision_label)
        layout.addLayout(title_row)
        layout.addWidget(self.replaced_banner)
        layout.addLayout(actions)
        layout.addLayout(self.facts_form)
        for text, widget in (
            ("What was seen or heard", self.facts),
            ("The child's own words (verbatim)", self.words),
        ):
            layout.addWidget(heading(text, self))
            layout.addWidget(widget)
        layout.addWidget(opinion_frame)
        layout.addWidget(heading("Immediate action", self))
        layout.addWidget(self.action)
        layout.addWidget(heading("Body map", self))
        layout.addWidget(self.body_map)
        layout.addWidget(self.no_marks)
        files_box = QGroupBox("Attachments", self)
        box = QVBoxLayout(files_box)
        box.addWidget(self.attachment_list)
        box.addWidget(self.no_files)
        box.addLayout(files_buttons)
        layout.addWidget(files_box)
        history_box = QGroupBox("History", self)
        box = QVBoxLayout(history_box)
        box.addWidget(self.history_view)
        box.addWidget(self.events_label)
        layout.addWidget(history_box)
        layout.addStretch(1)
        self.setEnabled(False)

    # --- showing --------------------------------------------------------------------------
    def show_concern(self, concern_id: int) -> None:
        """Read the concern's revisions, status, events and files, and show the latest."""
        session = self.ctx.session
        self.concern_id = concern_id
        self.history = concern_history(session, concern_id)
        self.status = concern_statuses(session, [concern_id])[concern_id]
        self.attachments = attachments_for_concern(session, concern_id)
        names = self.tab.names()
        self.revisions.names = names
        self.revisions.set_rows(self.history)
        events = concern_events(session, concern_id)
        self.events_label.setText(
            "\n".join(
                f"{EVENT_LABELS.get(e.event, e.event)} {uk_datetime(e.at)} by "
                f"{names.get(e.recorded_by, e.recorded_by)}" + (f": {e.detail}" if e.detail else "")
                for e in events
            )
            or "Not yet triaged."
        )
        self.attachment_list.clear()
        self.attachment_list.setVisible(bool(self.attachments))
        self.no_files.setVisible(not self.attachments)
        for info in self.attachments:
            item = QListWidgetItem(f"{info.filename} · {info.description or info.media_type}")
            item.setToolTip(f"Added {uk_datetime(from_iso(info.added_at))}")
            self.attachment_list.addItem(item)
        self.open_button.setEnabled(bool(self.attachments))
        self.setEnabled(True)
        self._show_revision(self.history[-1])
        self.history_view.selectRow(len(self.history) - 1)

    def _on_revision(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and 0 <= current.row() < len(self.history):
            self._show_revision(self.history[current.row()])

    def _show_revision(self, revision: Concern) -> None:
        self.shown = revision
        latest = self.history[-1]
        names = self.tab.names()
        draft = revision.draft
        self.title.setText(f"Concern C{revision.concern_id}")
        self.pill.setText(f" {STATUS_LABELS.get(self.status, self.status)} ")
        self.pill.setStyleSheet(
            f"{_PILL.get(self.status, '')} border-radius: 9px; padding: 1px 8px;font-weight: 600;"
        )
        self.revision_label.setText(f"Revision {revision.revision} of {latest.revision}")
        if revision.revision != latest.revision:
            replaced_by = self.history[revision.revision]  # revisions are numbered from 1
            self.replaced_banner.setText(
                f"You are reading revision {revision.revision}, as it was before it was replaced "
                f"on {uk_datetime(replaced_by.recorded_at)} by "
                f"{names.get(replaced_by.recorded_by, replaced_by.recorded_by)}: "
                f"{replaced_by.reason or ''}"
            )
            self.replaced_banner.show()
        else:
            self.replaced_banner.hide()
        children = []
        for inv in draft.children:
            try:
                name = child_by_id(self.ctx.session, inv.child_id).display_name
            except InvalidInput:
                name = f"Child {inv.child_id}"
            children.append(f"{name} — {inv.role.label}")
        by = names.get(revision.recorded_by, revision.recorded_by)
        recorded = f"{uk_datetime(revision.recorded_at)} by {by}"
        if revision.reason:
            recorded += f" (correction: {revision.reason})"
        reviews = [
            r
            for r in reviews_for_child(self.ctx.session, self.tab.child_id)
            if r.concern_id == revision.concern_id and r.status.value == "open"
        ]
        values = {
            "Happened": uk_datetime(draft.occurred_at),
            "Recorded": recorded,
            "Where": draft.location or "Not recorded",
            "Categories": category_labels(draft.categories),
            "Children": "\n".join(children),
            "Others present": draft.others_present or "None recorded",
            "DSL told in person": yes_no(draft.dsl_told),
            "Significant event": yes_no(draft.significant),
            "Next review": uk_date(reviews[0].due_on) if reviews else "None set",
        }
        for name, value in values.items():
            self.fields[name].setText(value)
        self.facts.setText(draft.facts)
        self.words.setText(quoted(draft.child_words) or "No words of the child were recorded.")
        self.opinion.setText(draft.opinion or "No opinion was recorded.")
        self.action.setText(draft.immediate_action or "None recorded.")
        marks = []
        for data in draft.body_marks:
            try:
                marks.append(BodyMark.from_dict(data))
            except ValueError:
                continue
        self.body_map.set_marks(marks)
        self.body_map.setVisible(bool(marks))
        self.no_marks.setVisible(not marks)
        closed = self.status == "closed"
        self.close_button.setVisible(not closed)
        self.reopen_button.setVisible(closed)
        self.triage_button.setEnabled(self.tab.can_write and self.status == "new")
        self.correct_button.setEnabled(self.tab.can_write and revision is latest)

    # --- attachments ----------------------------------------------------------------------
    def open_selected_attachment(self) -> QWidget | None:
        row = self.attachment_list.currentRow()
        if row < 0 and self.attachments:
            row = 0
        if not 0 <= row < len(self.attachments):
            return None
        return open_attachment(self.ctx, self.attachments[row], self.window())

    def add_attachment(self) -> None:
        if self.concern_id is None:
            return
        path = self.ctx.prompter.open_file("Attach a file", filters=FILE_FILTERS)
        if path is None:
            return
        concern_id = self.concern_id

        def attach() -> None:
            check_file(path)
            attach_file(self.ctx.session, concern_id, path)
            self.ctx.prompter.info("File stored", DELETE_ADVICE)
            self.ctx.events.records_changed.emit("concerns")

        self.tab.guard("Attach a file", attach)
