"""``SharingWizardDialog``: "Should I share information?", one step at a time, rendered from the
information-sharing graph (:func:`safelog.guidance.load_wizard`).

The dialog drives a :class:`~safelog.guidance.WizardWalk`: each node is a page
(:class:`~ui.sharing.step_widgets.NodePage`) with its golden rule, myth-busting point and source
beside it (:class:`~ui.sharing.guidance_panel.GuidancePanel`). Next is enabled only when
``walk.missing`` is empty; Back (Alt+Left) undoes the last answer with ``walk.back()`` and brings
back what was entered, so an earlier answer can be changed and the route follows. At a decision
outcome the closing form is filled, ``build_sharing_record`` checks it (its one sentence is shown
when something is missing, e.g. the reasons for not sharing), a summary of every answer and of
the record is shown, and only "Save record" stores it with ``save_sharing_decision``. Outcomes
that are not decisions (seek advice, check the requester) save nothing: they say what to do and
offer Back and Close. The emergency outcome shows the school's MASH, out-of-hours and police
numbers at once, then lets the DSL complete the record.

Thread: GUI only. Saving is one short transaction, so it runs on the GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import Permission
from safelog.guidance import (
    Decision,
    GuidanceError,
    Node,
    Outcome,
    SharingRecord,
    WizardGraph,
    WizardWalk,
    build_sharing_record,
    load_wizard,
)
from safelog.services.children import child_by_id
from safelog.services.sharing import save_sharing_decision
from safelog.store.errors import SafeLogError
from ui.context import AppContext
from ui.sharing.guidance_panel import GuidancePanel
from ui.sharing.kit import button, demo_banner, heading, hint, show_error
from ui.sharing.outcome_pages import OutcomePage
from ui.sharing.step_widgets import NodePage
from ui.sharing.summary import SummaryPage

TITLE = "Sharing decision"
SETTINGS = (
    "local_authority",
    "mash_phone",
    "mash_out_of_hours_phone",
    "police_phone",
    "lado_name",
    "lado_phone",
)
_REFUSED_STYLE = "color: #9b1c1c; font-weight: 600;"


class SharingWizardDialog(QDialog):
    """The information-sharing wizard for one child (optionally about one concern).

    After ``exec()`` returns Accepted, ``saved_id`` is the new sharing decision's id, and
    ``ctx.events.records_changed("sharing")`` has been emitted. Thread: GUI only.
    """

    def __init__(
        self,
        ctx: AppContext,
        child_id: int,
        concern_id: int | None = None,
        parent: QWidget | None = None,
        *,
        graph: WizardGraph | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.child_id = child_id
        self.concern_id = concern_id
        self.graph = graph or load_wizard()
        self.walk = WizardWalk(self.graph)
        self.child_name = child_by_id(ctx.session, child_id).display_name
        self.settings = {key: ctx.session.setting(key) for key in SETTINGS}
        self.saved_id: int | None = None
        self.stage = "step"  # step, intro, form, info or summary
        self.page: QWidget | None = None
        self.record: SharingRecord | None = None
        # What was entered at each node and outcome, so Back never loses typing.
        self._answers: dict[str, tuple[str, dict[str, Any]]] = {}
        self._closing: dict[str, dict[str, Any]] = {}

        self.setWindowTitle(f"{self.graph.title} — {self.child_name}")
        self.setAccessibleName(f"Information-sharing wizard for {self.child_name}")
        self.setMinimumSize(920, 620)
        self.resize(1120, 780)
        self._build()
        self._go_current()

    # --- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(heading(self.graph.title, self, size=4))
        top.addStretch(1)
        banner = demo_banner(self.ctx, self)
        if banner is not None:
            top.addWidget(banner)
        about = f"About {self.child_name}"
        if self.concern_id is not None:
            about += f" · concern C{self.concern_id}"
        about += ". Answer each question; the guidance on the right explains it."
        self.subtitle = hint(about, self, name="Who this decision is about")

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setAccessibleName("Wizard step")
        self.panel = GuidancePanel(self.graph, self)
        self.panel.setMinimumWidth(340)
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.scroll, 3)
        body.addWidget(self.panel, 2)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("What is still needed")

        self.back_button = button(
            "Back",
            "Go back and change the previous answer",
            self.go_back,
            shortcut="Alt+Left",
            parent=self,
        )
        self.cancel_button = button("Cancel", "Close the wizard (Esc)", self.reject, parent=self)
        self.next_button = button(
            "Next",
            "Answer and go on to the next step",
            self.go_next,
            shortcut="Alt+Right",
            parent=self,
        )
        footer = QHBoxLayout()
        footer.addWidget(self.back_button)
        footer.addStretch(1)
        footer.addWidget(self.cancel_button)
        footer.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.subtitle)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addLayout(footer)

    def _show(self, page: QWidget) -> None:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(4, 4, 14, 4)
        box.addWidget(page)
        self.scroll.setWidget(holder)  # deletes the previous page
        self.page = page
        self.scroll.verticalScrollBar().setValue(0)

    # --- moving through the walk ------------------------------------------------------------
    def _go_current(self) -> None:
        current = self.walk.current
        if isinstance(current, Node):
            self.stage = "step"
        elif current.decision is Decision.NONE_YET:
            self.stage = "info"
        else:
            self.stage = "intro" if current.emergency else "form"
        self._render()

    def _render(self) -> None:
        current = self.walk.current
        self.status.clear()
        if self.stage == "step":
            assert isinstance(current, Node)
            page = NodePage(
                self.graph,
                current,
                step_number=len(self.walk.history) + 1,
                previous=self._answers.get(current.id),
                base=self.walk.values,
                parent=None,
            )
            page.changed.connect(self._refresh)
            self.panel.show_node(current, first=not self.walk.history)
            self._show(page)
        elif self.stage in ("intro", "form", "info"):
            assert isinstance(current, Outcome)
            self._show(
                OutcomePage(
                    self.graph,
                    current,
                    stage=self.stage,
                    settings=self.settings,
                    previous=self._closing.get(current.id),
                    base=self.walk.values,
                )
            )
            self.panel.show_outcome(current)
        else:
            assert self.record is not None
            self._show(SummaryPage(self.graph, self.walk, self.record, self.child_name))
            self.panel.show_summary()
        self._refresh()
        self._focus_first()

    def _focus_first(self) -> None:
        if isinstance(self.page, NodePage):
            self.page.first_focus().setFocus(Qt.FocusReason.OtherFocusReason)
        elif isinstance(self.page, SummaryPage):
            self.page.text.setFocus(Qt.FocusReason.OtherFocusReason)  # read before saving
        elif isinstance(self.page, OutcomePage) and self.page.form is not None:
            editors = list(self.page.form.editors.values())
            if editors:
                editors[0].focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.next_button.isVisible():
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _refresh(self) -> None:
        """Buttons and the "still needed" line for the current stage."""
        self.back_button.setEnabled(bool(self.walk.history) or self.stage != "step")
        self.next_button.setVisible(self.stage != "info")
        self.next_button.setDefault(self.stage in ("step", "intro", "form"))
        self.cancel_button.setText("Close" if self.stage == "info" else "Cancel")
        labels = {
            "step": ("Next", "Answer and go on to the next step", "Alt+Right"),
            "intro": ("Complete the record", "Write down what was shared, now", "Alt+Right"),
            "form": ("Review and save…", "Check the record before saving it", "Alt+Right"),
            "summary": ("Save record", "Save this decision to the child's chronology", "Ctrl+S"),
        }
        text, tip, keys = labels.get(self.stage, labels["step"])
        self.next_button.setText(text)
        self.next_button.setAccessibleName(text.replace("&", "").rstrip("…"))
        self.next_button.setShortcut(keys)
        self.next_button.setToolTip(f"{tip} ({keys})")
        if self.stage != "step" or not isinstance(self.page, NodePage):
            self.next_button.setEnabled(True)
            return
        missing = self._missing(self.page)
        self.next_button.setEnabled(not missing)
        if missing and self.page.selected_answer() is not None:
            self.status.setStyleSheet("color: #52606d;")
            self.status.setText("Still needed: " + " ".join(missing))
        else:
            self.status.clear()

    def _missing(self, page: NodePage) -> list[str]:
        label = page.selected_answer()
        if label is None:
            return ["Choose an answer."]
        try:
            fields = self.walk.missing(label, page.details())
        except GuidanceError as exc:
            return [str(exc)]
        return [f.missing for f in fields] + page.problems()

    def _remember(self) -> None:
        """Keep what the current page holds, so Back and Next bring it back."""
        current = self.walk.current
        if isinstance(self.page, NodePage) and (label := self.page.selected_answer()):
            self._answers[current.id] = (label, self.page.details())
        elif isinstance(self.page, SummaryPage):
            self.page.text.setFocus(Qt.FocusReason.OtherFocusReason)  # read before saving
        elif isinstance(self.page, OutcomePage) and self.page.form is not None:
            self._closing[current.id] = self.page.common()

    def go_next(self) -> None:
        """Next / Complete the record / Review and save / Save record, by stage."""
        if self.stage == "step" and isinstance(self.page, NodePage):
            if self._missing(self.page):
                return
            label = self.page.selected_answer() or ""
            details = self.page.details()
            try:
                self.walk.answer(label, details)
            except GuidanceError as exc:
                self._refuse(str(exc))
                return
            self._answers[self.page.node.id] = (label, details)
            self._go_current()
        elif self.stage == "intro":
            self.stage = "form"
            self._render()
        elif self.stage == "form" and isinstance(self.page, OutcomePage):
            self._remember()
            problems = self.page.problems()
            if problems:
                self._refuse(problems[0])
                return
            try:
                self.record = build_sharing_record(self.walk, self.page.common())
            except GuidanceError as exc:
                self._refuse(str(exc))
                return
            self.stage = "summary"
            self._render()
        elif self.stage == "summary":
            self._save()

    def go_back(self) -> None:
        """Back one stage; from a step, undo the last answer (``walk.back()``)."""
        self._remember()
        if self.stage == "summary":
            self.stage = "form"
            self._render()
            return
        current = self.walk.current
        if self.stage == "form" and isinstance(current, Outcome) and current.emergency:
            self.stage = "intro"
            self._render()
            return
        if not self.walk.history:
            return
        self.walk.back()
        self.record = None
        self._go_current()

    def _refuse(self, sentence: str) -> None:
        """Nothing is saved; say why in one sentence, on the page and in a message."""
        self.status.setStyleSheet(_REFUSED_STYLE)
        self.status.setText(sentence)
        self.ctx.prompter.error(TITLE, sentence)

    def _save(self) -> None:
        assert self.record is not None
        if not self.ctx.session.can(Permission.WRITE_RECORDS):
            self._refuse(
                f"A {self.ctx.session.role.label.lower()} cannot add to children's records, "
                "so this decision cannot be saved."
            )
            return
        record = self.record
        try:
            self.saved_id = save_sharing_decision(
                self.ctx.session,
                child_id=self.child_id,
                record=record.to_dict(),
                decision=record.decision.value,
                outcome=record.outcome,
                guidance_version=self.graph.version_tag,
                concern_id=self.concern_id,
            )
        except SafeLogError as exc:
            show_error(self.ctx, TITLE, exc)
            return
        self.ctx.events.records_changed.emit("sharing")
        self.ctx.events.status_message.emit(
            f"Sharing decision saved to {self.child_name}'s chronology."
        )
        super().accept()

    # --- closing ----------------------------------------------------------------------------
    def reject(self) -> None:
        """Close; ask first if answers would be lost (an advice outcome has nothing to lose)."""
        started = bool(self.walk.history) and self.stage != "info"
        if started and self.saved_id is None:
            keep_going = not self.ctx.prompter.confirm(
                "Close the wizard",
                "Your answers have not been saved. Close the wizard and lose them?",
                confirm_label="Close without saving",
                cancel_label="Keep going",
                destructive=True,
            )
            if keep_going:
                return
        super().reject()
