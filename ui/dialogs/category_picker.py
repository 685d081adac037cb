"""Concern categories as tick-boxes in their KCSIE groups, with the guidance beside them.

The guidance panel shows the text for the category last ticked, focused or pointed at, with its
default review period and its source, so the person writing sees what the category means while
deciding. Categories come from the guidance set in force (``load_guidance``). Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from safelog.guidance.categories import Category, CategoryGroup
from ui.dialogs.common import MUTED
from ui.models.labels import guidance

COLUMNS = 2
GUIDANCE_WIDTH = 300


class CategoryPickerWidget(QWidget):
    """One group box per KCSIE group; ``changed`` fires when a tick changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._boxes: dict[str, QCheckBox] = {}
        self._by_box: dict[QObject, Category] = {}
        self.shown_id: str | None = None

        groups = QVBoxLayout()
        groups.setSpacing(4)
        for group in CategoryGroup:
            members = guidance().in_group(group)
            if not members:
                continue
            box = QGroupBox(group.label, self)
            grid = QGridLayout(box)
            grid.setHorizontalSpacing(16)
            grid.setVerticalSpacing(4)
            rows = (len(members) + COLUMNS - 1) // COLUMNS
            for n, category in enumerate(members):
                check = QCheckBox(category.label, box)
                check.setAccessibleName(category.label)
                check.setAccessibleDescription(category.guidance)
                check.setToolTip(f"{category.guidance}\n\nDefault review: {_days(category)}.")
                check.toggled.connect(lambda on, c=category: self._on_toggled(c, on))
                check.installEventFilter(self)
                self._boxes[category.id] = check
                self._by_box[check] = category
                # Down the first column, then the second: reading order matches tab order.
                grid.addWidget(check, n % rows, n // rows)
            groups.addWidget(box)

        self.panel = QFrame(self)
        self.panel.setObjectName("guidancePanel")
        self.panel.setFixedWidth(GUIDANCE_WIDTH)
        self.panel.setStyleSheet(
            "#guidancePanel { background: #eef4fb; border: 1px solid #b8c9e0; border-radius: 6px; }"
        )
        self.guide_title = QLabel("Guidance", self.panel)
        font = self.guide_title.font()
        font.setBold(True)
        self.guide_title.setFont(font)
        self.guide_title.setWordWrap(True)
        self.guide_group = QLabel(self.panel)
        self.guide_group.setStyleSheet(MUTED)
        self.guide_group.setWordWrap(True)
        self.guide_group.hide()
        self.guide_text = QLabel(
            "Tick the categories that fit what was seen or heard. Point at or tab to a category "
            "to read what it covers.",
            self.panel,
        )
        self.guide_text.setWordWrap(True)
        self.guide_text.setTextFormat(Qt.TextFormat.PlainText)
        self.guide_text.setAccessibleName("Guidance for the category")
        self.guide_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.guide_review = QLabel(self.panel)
        self.guide_review.setWordWrap(True)
        self.guide_source = QLabel(self.panel)
        self.guide_source.setWordWrap(True)
        self.guide_source.setStyleSheet(MUTED)
        inner = QVBoxLayout(self.panel)
        inner.setContentsMargins(12, 10, 12, 10)
        inner.setSpacing(6)
        for label in (self.guide_title, self.guide_group, self.guide_text):
            inner.addWidget(label)
        inner.addSpacing(4)
        inner.addWidget(self.guide_review)
        inner.addWidget(self.guide_source)
        inner.addStretch(1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(groups, 1)
        # The panel runs the full height of the groups, so the longest guidance always fits.
        layout.addWidget(self.panel)

    # --- public API -----------------------------------------------------------------------
    def selected(self) -> list[str]:
        """Ticked category ids, in the guidance file's order."""
        return [cid for cid, box in self._boxes.items() if box.isChecked()]

    def selected_categories(self) -> list[Category]:
        return [guidance().category(cid) for cid in self.selected()]

    def set_selected(self, category_ids: list[str] | tuple[str, ...]) -> None:
        """Tick exactly these (ids from an older edition resolve to today's category)."""
        wanted = set()
        for cid in category_ids:
            try:
                wanted.add(guidance().category(cid).id)
            except ValueError:
                continue  # a category this edition no longer has cannot be ticked here
        for cid, box in self._boxes.items():
            box.blockSignals(True)
            box.setChecked(cid in wanted)
            box.blockSignals(False)
        ticked = self.selected()
        if ticked:
            self.show_guidance(guidance().category(ticked[0]))

    def box(self, category_id: str) -> QCheckBox:
        return self._boxes[category_id]

    def show_guidance(self, category: Category) -> None:
        self.shown_id = category.id
        self.guide_title.setText(category.label)
        self.guide_group.setText(category.group.label)
        self.guide_group.show()
        self.guide_text.setText(category.guidance)
        self.guide_review.setText(
            f"Default review: {_days(category)}. {category.review_days_reason}"
        )
        self.guide_source.setText(f"Source: {category.source.describe()}")

    # --- internals ------------------------------------------------------------------------
    def _on_toggled(self, category: Category, on: bool) -> None:
        if on:
            self.show_guidance(category)
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.Enter):
            category = self._by_box.get(watched)
            if category is not None:
                self.show_guidance(category)
        return super().eventFilter(watched, event)


def _days(category: Category) -> str:
    days = category.default_review_days
    return "within 1 day" if days == 1 else f"within {days} days"
