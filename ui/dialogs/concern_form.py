"""The concern form shared by "Log a concern" and "Correct a concern".

Sections follow how a DSL thinks about a concern: who it is about (each child with a role),
when and where, categories (with guidance beside them), what happened — facts, the child's own
words verbatim and the writer's opinion in three separate boxes — what was done, and the body
map. :meth:`ConcernFormWidget.draft` builds the core's :class:`ConcernDraft`; :meth:`state` and
:meth:`restore` turn every field into JSON-ready values for encrypted drafts. Thread: GUI only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.bodymap import BodyMark
from safelog.domain.records import ConcernDraft, ConcernRole, Involvement
from safelog.domain.timefmt import today_london
from safelog.store.errors import InvalidInput
from ui.context import AppContext
from ui.dialogs.category_picker import CategoryPickerWidget
from ui.dialogs.child_picker import ChildInvolvementWidget
from ui.dialogs.common import (
    hint,
    london_from_qdatetime,
    london_now_qdatetime,
    qdatetime_from_london,
    text_box,
    to_qdate,
)
from ui.widgets.body_map import BodyMapWidget
from ui.widgets.mark_dialog import MarkEditor

STATE_VERSION = 1
_WHEN_FORMAT = "yyyy-MM-dd HH:mm"


def _label(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _optional(text: str) -> str | None:
    return text.strip() or None


class ConcernFormWidget(QWidget):
    """Every field of a concern. ``changed`` fires on any edit (for autosave)."""

    changed = Signal()

    def __init__(
        self,
        ctx: AppContext,
        *,
        mark_editor: MarkEditor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx

        # Who
        self.children_box = QGroupBox("Who the concern is about", self)
        self.involvement = ChildInvolvementWidget(ctx, self.children_box)
        add_label = QLabel("Add a &child:", self.children_box)
        add_label.setBuddy(self.involvement.search)
        who = QVBoxLayout(self.children_box)
        who.addWidget(self.involvement)
        self.involvement.add_search_label(add_label)

        # When and where
        self.when_box = QGroupBox("When and where", self)
        self.when = QDateTimeEdit(self.when_box)
        self.when.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setDateTime(london_now_qdatetime())
        self.when.setMaximumDate(to_qdate(today_london()))
        self.when.setMinimumWidth(190)
        self.when.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.where = QLineEdit(self.when_box)
        self.where.setPlaceholderText("For example: playground, classroom 4B, school gate")
        self.others = QLineEdit(self.when_box)
        self.others.setPlaceholderText("Names and roles of anyone else there")
        form = QFormLayout(self.when_box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for text, widget, tip in (
            (
                "&When it happened:",
                self.when,
                "Date and time it happened, UK time. Change it when writing up something earlier.",
            ),
            ("Whe&re:", self.where, "Where it happened."),
            ("Who else was &present:", self.others, "Other adults or children who were there."),
        ):
            label = QLabel(text, self.when_box)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", "").rstrip(":"))
            widget.setToolTip(tip)
            form.addRow(label, widget)
        form.addRow("", hint("Times are UK time (Europe/London).", self.when_box))

        # Categories
        self.categories_box = QGroupBox("Categories", self)
        self.categories = CategoryPickerWidget(self.categories_box)
        QVBoxLayout(self.categories_box).addWidget(self.categories)

        # What happened: facts, words and opinion kept apart
        self.what_box = QGroupBox("What happened", self)
        self.facts = text_box("What you saw and heard, in the order it happened.", lines=7)
        self.words = text_box("Exactly what the child said, word for word.", lines=3)
        self.opinion = text_box("Optional: what you think or feel about it.", lines=3)
        self.facts.setAccessibleName("What was seen or heard (facts only)")
        self.facts.setToolTip("Facts only: who, what, where, when. Describe marks exactly.")
        self.words.setAccessibleName("The child's own words, verbatim")
        self.words.setToolTip("The child's words exactly as said: never tidied or summarised.")
        self.opinion.setAccessibleName("Your opinion, kept apart from the facts")
        self.opinion.setToolTip(
            "Your view, kept apart from the facts so nobody mistakes one for the other."
        )
        what = QVBoxLayout(self.what_box)
        what.setSpacing(4)
        what.addWidget(_label("What was seen or heard (&facts only)", self.facts, self))
        what.addWidget(self.facts)
        what.addWidget(
            hint(
                "Who, what, where and when, in order. Describe injuries exactly: "
                "size, colour and where on the body.",
                self,
            )
        )
        what.addSpacing(8)
        what.addWidget(
            _label("The child's own words, &verbatim (exactly as said)", self.words, self)
        )
        what.addWidget(self.words)
        what.addWidget(
            hint(
                "Keep their words, spelling of names and slang as they are. Do "
                "not put them into your own words.",
                self,
            )
        )
        self.opinion_frame = QFrame(self.what_box)
        self.opinion_frame.setObjectName("opinionFrame")
        self.opinion_frame.setStyleSheet(
            "#opinionFrame { background: #fbf7ea; border: 1px dashed #c9a200; border-radius: 6px; }"
        )
        apart = QVBoxLayout(self.opinion_frame)
        apart.setContentsMargins(10, 8, 10, 8)
        apart.addWidget(_label("Your &opinion (kept apart from the facts)", self.opinion, self))
        apart.addWidget(self.opinion)
        what.addSpacing(8)
        what.addWidget(self.opinion_frame)

        # What was done
        self.done_box = QGroupBox("What was done", self)
        self.action = text_box("What you did straight away, if anything.", lines=2)
        self.action.setAccessibleName("Immediate action taken")
        self.action.setToolTip("What you did straight away.")
        self.dsl_told = QCheckBox("A &DSL was told in person", self.done_box)
        self.dsl_told.setToolTip("Tick if you also told a DSL face to face.")
        self.significant = QCheckBox(
            "Si&gnificant event (appears in the summary chronology)", self.done_box
        )
        self.significant.setToolTip(
            "Significant events make up the summary chronology a MASH reads first."
        )
        for box in (self.dsl_told, self.significant):
            box.setAccessibleName(box.text().replace("&", ""))
        done = QVBoxLayout(self.done_box)
        done.addWidget(_label("&Immediate action taken", self.action, self))
        done.addWidget(self.action)
        done.addWidget(self.dsl_told)
        done.addWidget(self.significant)

        # Body map
        self.body_box = QGroupBox("Body map", self)
        self.body_map = BodyMapWidget(self.body_box, editor=mark_editor)
        self.body_map.setMinimumHeight(430)
        body = QVBoxLayout(self.body_box)
        body.addWidget(hint("Only if marks or injuries were seen. Leave it empty otherwise.", self))
        body.addWidget(self.body_map)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        for section in (
            self.children_box,
            self.when_box,
            self.categories_box,
            self.what_box,
            self.done_box,
            self.body_box,
        ):
            layout.addWidget(section)

        for signal in (
            self.involvement.changed,
            self.categories.changed,
            self.body_map.marks_changed,
            self.when.dateTimeChanged,
            self.where.textChanged,
            self.others.textChanged,
            self.facts.textChanged,
            self.words.textChanged,
            self.opinion.textChanged,
            self.action.textChanged,
            self.dsl_told.toggled,
            self.significant.toggled,
        ):
            signal.connect(lambda *_args: self.changed.emit())

    # --- building the draft ---------------------------------------------------------------
    def draft(self) -> ConcernDraft:
        """The form as a :class:`ConcernDraft`. Raises :class:`InvalidInput` (a child with no
        role) or ``TimeError`` (a time that did not exist); the core validates the rest."""
        children = []
        for child, role in self.involvement.involvements():
            if role is None:
                raise InvalidInput(f"Choose {child.display_name}'s role in the concern.")
            children.append(Involvement(child.child_id, role))
        words = self.words.toPlainText()
        return ConcernDraft(
            children=tuple(children),
            occurred_at=london_from_qdatetime(self.when.dateTime()),
            categories=tuple(self.categories.selected()),
            facts=self.facts.toPlainText().strip(),
            # Verbatim means verbatim: only an all-blank box becomes "none".
            child_words=words if words.strip() else None,
            opinion=_optional(self.opinion.toPlainText()),
            location=_optional(self.where.text()),
            others_present=_optional(self.others.text()),
            immediate_action=_optional(self.action.toPlainText()),
            dsl_told=self.dsl_told.isChecked(),
            significant=self.significant.isChecked(),
            body_marks=tuple(m.to_dict() for m in self.body_map.marks()),
        )

    def set_draft(self, draft: ConcernDraft) -> None:
        """Fill every field from a saved revision (for a correction)."""
        self.involvement.set_involvements([(i.child_id, i.role) for i in draft.children])
        self.when.setDateTime(qdatetime_from_london(draft.occurred_at))
        self.categories.set_selected(draft.categories)
        self.facts.setPlainText(draft.facts)
        self.words.setPlainText(draft.child_words or "")
        self.opinion.setPlainText(draft.opinion or "")
        self.where.setText(draft.location or "")
        self.others.setText(draft.others_present or "")
        self.action.setPlainText(draft.immediate_action or "")
        self.dsl_told.setChecked(draft.dsl_told)
        self.significant.setChecked(draft.significant)
        self.body_map.set_marks(BodyMark.from_dict(m) for m in draft.body_marks)

    # --- drafts ---------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """Every field as JSON-ready values (roles not yet chosen are kept as None)."""
        return {
            "version": STATE_VERSION,
            "children": [
                [child.child_id, role.value if role else None]
                for child, role in self.involvement.involvements()
            ],
            "occurred_at": self.when.dateTime().toString(_WHEN_FORMAT),
            "location": self.where.text(),
            "others_present": self.others.text(),
            "categories": self.categories.selected(),
            "facts": self.facts.toPlainText(),
            "child_words": self.words.toPlainText(),
            "opinion": self.opinion.toPlainText(),
            "immediate_action": self.action.toPlainText(),
            "dsl_told": self.dsl_told.isChecked(),
            "significant": self.significant.isChecked(),
            "body_marks": [m.to_dict() for m in self.body_map.marks()],
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Put back what :meth:`state` saved. Unknown or damaged parts are skipped, not fatal:
        a draft is working data and losing one field beats losing the whole draft."""
        items = []
        for child_id, role in state.get("children", []):
            items.append((int(child_id), ConcernRole(role) if role else None))
        try:
            self.involvement.set_involvements(items)
        except InvalidInput:
            self.involvement.set_involvements([])
        when = QDateTime.fromString(str(state.get("occurred_at", "")), _WHEN_FORMAT)
        if when.isValid():
            if when.date() > self.when.maximumDate():
                self.when.setMaximumDate(QDate(when.date()))
            self.when.setDateTime(when)
        self.where.setText(str(state.get("location", "")))
        self.others.setText(str(state.get("others_present", "")))
        self.categories.set_selected(list(state.get("categories", [])))
        self.facts.setPlainText(str(state.get("facts", "")))
        self.words.setPlainText(str(state.get("child_words", "")))
        self.opinion.setPlainText(str(state.get("opinion", "")))
        self.action.setPlainText(str(state.get("immediate_action", "")))
        self.dsl_told.setChecked(bool(state.get("dsl_told", False)))
        self.significant.setChecked(bool(state.get("significant", False)))
        marks = []
        for data in state.get("body_marks", []):
            try:
                marks.append(BodyMark.from_dict(data))
            except ValueError:
                continue
        self.body_map.set_marks(marks)

    def has_writing(self) -> bool:
        """Whether anything worth keeping was entered (beyond the child it was opened for)."""
        texts: list[QPlainTextEdit | QLineEdit] = [
            self.facts,
            self.words,
            self.opinion,
            self.action,
        ]
        typed = any(
            (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()).strip() for w in texts
        )
        return (
            typed
            or bool(self.where.text().strip() or self.others.text().strip())
            or bool(self.categories.selected())
            or bool(self.body_map.marks())
            or len(self.involvement.child_ids()) > 1
        )
