"""The children page: every child on roll, found by name or UPN as you type.

Filters: the text box (name, legal or preferred, or UPN; debounced so a fast typist causes one
query), year, form and flag. The table is a lazily paged :class:`ChildrenTableModel`, so 2,000
children never load at once. Enter or double-click opens the child's file through
``ctx.events.open_child``. Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.pupils import ChildFlag
from safelog.domain.records import Permission
from safelog.services.children import ChildFilter, year_groups
from safelog.services.ui_records import form_groups
from ui.context import AppContext
from ui.dialogs.common import button, demo_banner, heading, hint, show_error
from ui.models.children_table import CHILD_ID_ROLE, ChildrenTableModel

FILTER_DELAY_MS = 200
"""Wait this long after the last key press before querying, so typing stays smooth."""

_ALL = ""
_WIDTHS = (240, 130, 100, 50, 80, 64)  # Name, UPN, DOB, Age, Year, Form; Flags takes the rest


class _FilterLineEdit(QLineEdit):
    """The find box: Down moves into the results, Enter opens the highlighted child."""

    def __init__(self, page: ChildrenPage) -> None:
        super().__init__(page)
        self._page = page

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self._page.focus_results()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._page.apply_filter_now()
            self._page.open_current()
            return
        super().keyPressEvent(event)


class ChildrenPage(QWidget):
    """Find a child and open their file. Emits ``ctx.events.open_child(child_id)``."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAccessibleName("Children")

        self.filter_edit = _FilterLineEdit(self)
        self.filter_edit.setPlaceholderText("Name or UPN")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Find a child by name or UPN")
        self.filter_edit.setToolTip(
            "Type part of a name (legal or preferred) or a UPN; the list narrows as you type "
            "(Ctrl+F). Down moves to the list, Enter opens the child."
        )
        find_label = QLabel("&Find:", self)
        find_label.setBuddy(self.filter_edit)

        self.year_combo = self._combo("Year group", "Show only one year group.")
        self.form_combo = self._combo("Form", "Show only one registration form.")
        self.flag_combo = self._combo("Flag", "Show only children with this flag.")
        self.flag_combo.addItem("Any flag", _ALL)
        for flag in ChildFlag:
            # Plain strings as item data: Qt compares them reliably in findData.
            self.flag_combo.addItem(flag.label, flag.value)
        year_label = QLabel("&Year:", self)
        year_label.setBuddy(self.year_combo)
        form_label = QLabel("F&orm:", self)
        form_label.setBuddy(self.form_combo)
        flag_label = QLabel("Fl&ag:", self)
        flag_label.setBuddy(self.flag_combo)

        self.clear_button = button(
            "C&lear", "Show every child again.", self.clear_filters, parent=self
        )
        self.import_button = button(
            "&Import pupils…",
            "Add or update pupils from a CSV exported from the school's MIS.",
            self.open_import,
            parent=self,
        )
        if not ctx.session.can(Permission.WRITE_RECORDS):
            self.import_button.setEnabled(False)
            self.import_button.setToolTip("Only a DSL or deputy DSL can import pupils.")

        self.model = ChildrenTableModel(ctx.session, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Children")
        self.table.setToolTip("Enter or double-click opens the child's file.")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for column, width in enumerate(_WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.activated.connect(self._on_activated)

        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Number of children shown")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter_now)
        self.filter_edit.textChanged.connect(lambda _text: self._timer.start())
        self.year_combo.currentIndexChanged.connect(self._on_year_changed)
        self.form_combo.currentIndexChanged.connect(lambda _i: self.apply_filter_now())
        self.flag_combo.currentIndexChanged.connect(lambda _i: self.apply_filter_now())

        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_filter)

        title_row = QHBoxLayout()
        title_row.addWidget(heading("Children", self, size=4))
        title_row.addStretch(1)
        banner = demo_banner(ctx, self)
        if banner is not None:
            title_row.addWidget(banner)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(find_label)
        filters.addWidget(self.filter_edit, 3)
        filters.addSpacing(8)
        for label, combo in (
            (year_label, self.year_combo),
            (form_label, self.form_combo),
            (flag_label, self.flag_combo),
        ):
            filters.addWidget(label)
            filters.addWidget(combo, 1)
            filters.addSpacing(6)
        filters.addWidget(self.clear_button)
        filters.addStretch(0)
        filters.addSpacing(16)
        filters.addWidget(self.import_button)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        opens = hint("Enter or double-click opens the child's file.", self)
        opens.setWordWrap(False)
        footer.addWidget(opens)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(title_row)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)

        ctx.events.records_changed.connect(self._on_records_changed)
        self._fill_years()
        self._fill_forms()
        self._update_count()

    # --- public API -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the children again (after an import elsewhere), keeping the filters."""
        year, form = self.year_combo.currentData(), self.form_combo.currentData()
        self._fill_years(select=year)
        self._fill_forms(select=form)
        self.apply_filter_now()

    def shutdown(self) -> None:
        """Stop the typing timer before the session closes (called by the shell on lock)."""
        self._timer.stop()

    def current_filter(self) -> ChildFilter:
        flag = self.flag_combo.currentData()
        return ChildFilter(
            text=self.filter_edit.text().strip(),
            year_group=self.year_combo.currentData() or None,
            form=self.form_combo.currentData() or None,
            flag=ChildFlag(flag) if flag else None,
        )

    def apply_filter_now(self) -> None:
        """Query with the filters as they stand (the debounce timer calls this)."""
        self._timer.stop()
        wanted = self.current_filter()
        try:
            if wanted != self.model.current_filter():
                self.model.set_filter(wanted)
            else:
                self.model.refresh()
        except Exception as exc:  # a locked or damaged vault: say so once, keep the page
            show_error(self.ctx, "Children", exc)
            return
        if self.model.rowCount() > 0:
            self.table.selectRow(0)
        self._update_count()

    def clear_filters(self) -> None:
        for combo in (self.year_combo, self.form_combo, self.flag_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._fill_forms()
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self.apply_filter_now()
        self.filter_edit.setFocus()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def focus_results(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount() > 0:
            self.table.selectRow(0)

    def open_current(self) -> None:
        """Open the highlighted child (or the first, if none is highlighted)."""
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount() > 0:
            index = self.model.index(0, 0)
        if index.isValid():
            self._on_activated(index)

    def open_import(self) -> None:
        from ui.dialogs.import_pupils import ImportPupilsDialog

        dialog = ImportPupilsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # --- internals ------------------------------------------------------------------------
    def _combo(self, name: str, tip: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setToolTip(tip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMinimumContentsLength(8)
        return combo

    def _fill_years(self, select: str | None = None) -> None:
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem("All years", _ALL)
        for year in year_groups(self.ctx.session):
            self.year_combo.addItem(year, year)
        found = self.year_combo.findData(select) if select else 0
        self.year_combo.setCurrentIndex(max(found, 0))
        self.year_combo.blockSignals(False)

    def _fill_forms(self, select: str | None = None) -> None:
        year = self.year_combo.currentData() or None
        self.form_combo.blockSignals(True)
        self.form_combo.clear()
        self.form_combo.addItem("All forms", _ALL)
        for form in form_groups(self.ctx.session, year):
            self.form_combo.addItem(form, form)
        found = self.form_combo.findData(select) if select else 0
        self.form_combo.setCurrentIndex(max(found, 0))
        self.form_combo.blockSignals(False)

    def _on_year_changed(self, _index: int) -> None:
        self._fill_forms(select=self.form_combo.currentData())
        self.apply_filter_now()

    def _update_count(self) -> None:
        total = self.model.total()
        noun = "child" if total == 1 else "children"
        filtered = self.current_filter() != ChildFilter()
        verb = (" matches" if total == 1 else " match") if filtered else ""
        self.count_label.setText(f"{total:,} {noun}{verb}")

    def _on_activated(self, index: QModelIndex) -> None:
        child_id = self.model.index(index.row(), 0).data(CHILD_ID_ROLE)
        if child_id is not None:
            self.ctx.events.open_child.emit(int(child_id))

    def _on_records_changed(self, what: str) -> None:
        if what in ("children", "all"):
            self.refresh()
