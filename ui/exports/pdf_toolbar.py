"""Page and zoom controls for a ``QPdfView``: previous/next, "Page [X] of Y", zoom out/in and a
zoom choice (fit width, whole page, or a percentage), each with a shortcut and a tooltip.

Thread: GUI only.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QIntValidator, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from ui.dialogs.common import button

ZOOM_STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
FIT_WIDTH = "width"
FIT_PAGE = "page"


class _PageNumberEdit(QLineEdit):
    """A page number box that keeps Enter to itself: Enter here means "go to this page", never
    the dialog's default button (Print…). (A QLineEdit, not a QSpinBox: the theme's style sheet
    squeezes a button-less spin box's text to nothing, and Previous/Next are the arrows.)"""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class PdfNavigationWidget(QWidget):
    """Controls that drive ``view``; they follow the view when it is scrolled by hand."""

    def __init__(self, view: QPdfView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setAccessibleName("Pages and zoom")
        self.previous_button = button(
            "◀ Pre&vious",
            "Go to the previous page.",
            self.previous_page,
            shortcut="Ctrl+PgUp",
            parent=self,
        )
        self.previous_button.setAccessibleName("Previous page")
        self.next_button = button(
            "Ne&xt ▶", "Go to the next page.", self.next_page, shortcut="Ctrl+PgDown", parent=self
        )
        self.next_button.setAccessibleName("Next page")
        self.page_label = QLabel("&Page", self)
        self.page_edit = _PageNumberEdit(self)
        self.page_validator = QIntValidator(1, 1, self.page_edit)
        self.page_edit.setValidator(self.page_validator)
        self.page_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_edit.setFixedWidth(self.page_edit.fontMetrics().horizontalAdvance("0000") + 24)
        self.page_edit.setToolTip("Type a page number and press Enter to go to it.")
        self.page_label.setBuddy(self.page_edit)
        self.of_label = QLabel(self)
        self.zoom_out_button = button(
            "−", "Zoom out.", self.zoom_out, shortcut="Ctrl+-", parent=self
        )
        self.zoom_out_button.setAccessibleName("Zoom out")
        self.zoom_in_button = button("+", "Zoom in.", self.zoom_in, shortcut="Ctrl+=", parent=self)
        self.zoom_in_button.setAccessibleName("Zoom in")
        for narrow in (self.zoom_out_button, self.zoom_in_button):
            # The theme's button padding (14 px a side) would clip a one-character label.
            narrow.setStyleSheet(
                "QPushButton { padding: 4px 0px; } QPushButton:focus { padding: 3px 0px; }"
            )
            narrow.setFixedWidth(narrow.fontMetrics().horizontalAdvance("M") * 2 + 16)
        self.zoom_label = QLabel("&Zoom", self)
        self.zoom_combo = QComboBox(self)
        self.zoom_combo.setAccessibleName("Zoom")
        self.zoom_combo.setToolTip("How large to show the pages (Ctrl+0: fit the width).")
        self.zoom_label.setBuddy(self.zoom_combo)
        self.zoom_combo.addItem("Fit width", FIT_WIDTH)
        self.zoom_combo.addItem("Whole page", FIT_PAGE)
        for step in ZOOM_STEPS:
            self.zoom_combo.addItem(f"{step:.0%}", step)
        self.zoom_combo.currentIndexChanged.connect(self._apply_zoom)
        # Ctrl+0 has no button of its own: the combo already shows the choice.
        fit = QShortcut(QKeySequence("Ctrl+0"), self)
        fit.setContext(Qt.ShortcutContext.WindowShortcut)
        fit.activated.connect(self.fit_width)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addSpacing(10)
        layout.addWidget(self.page_label)
        layout.addWidget(self.page_edit)
        layout.addWidget(self.of_label)
        layout.addSpacing(16)
        layout.addWidget(self.zoom_label)
        layout.addWidget(self.zoom_out_button)
        layout.addWidget(self.zoom_combo)
        layout.addWidget(self.zoom_in_button)

        self.page_edit.returnPressed.connect(self._on_typed)
        view.pageNavigator().currentPageChanged.connect(self._on_page)
        self.refresh()

    # --- public ---------------------------------------------------------------------------
    def page_count(self) -> int:
        document = self.view.document()
        return document.pageCount() if document is not None else 0

    def current_page(self) -> int:
        """0-based page the view is on."""
        return self.view.pageNavigator().currentPage()

    def refresh(self) -> None:
        """Bring the counts up to date (after the document loads)."""
        count = self.page_count()
        self.page_validator.setTop(max(1, count))
        self.of_label.setText(f"of {count}")
        self._on_page(self.current_page())

    def go_to(self, index: int) -> None:
        count = self.page_count()
        if count:
            index = min(max(index, 0), count - 1)
            navigator = self.view.pageNavigator()
            navigator.jump(index, QPointF(), navigator.currentZoom())

    def previous_page(self) -> None:
        self.go_to(self.current_page() - 1)

    def next_page(self) -> None:
        self.go_to(self.current_page() + 1)

    def fit_width(self) -> None:
        self.zoom_combo.setCurrentIndex(self.zoom_combo.findData(FIT_WIDTH))

    def zoom_in(self) -> None:
        factor = self._effective_zoom()
        bigger = next((s for s in ZOOM_STEPS if s > factor + 0.01), ZOOM_STEPS[-1])
        self.zoom_combo.setCurrentIndex(self.zoom_combo.findData(bigger))

    def zoom_out(self) -> None:
        factor = self._effective_zoom()
        smaller = next((s for s in reversed(ZOOM_STEPS) if s < factor - 0.01), ZOOM_STEPS[0])
        self.zoom_combo.setCurrentIndex(self.zoom_combo.findData(smaller))

    # --- internals ------------------------------------------------------------------------
    def _effective_zoom(self) -> float:
        data = self.zoom_combo.currentData()
        if isinstance(data, float):
            return data
        # In a fit mode the view works the factor out itself; a fit is near 100% on a laptop.
        factor = self.view.zoomFactor()
        return factor if factor > 0 else 1.0

    def _apply_zoom(self, _index: int) -> None:
        data = self.zoom_combo.currentData()
        mode = QPdfView.ZoomMode
        if data == FIT_WIDTH:
            self.view.setZoomMode(mode.FitToWidth)
        elif data == FIT_PAGE:
            self.view.setZoomMode(mode.FitInView)
        else:
            self.view.setZoomMode(mode.Custom)
            self.view.setZoomFactor(float(data))

    def _on_typed(self) -> None:
        text = self.page_edit.text().strip()
        if text.isdigit():
            self.go_to(int(text) - 1)
        self._on_page(self.current_page())  # show where the view really is

    def _on_page(self, index: int) -> None:
        count = self.page_count()
        self.page_edit.setText(str(index + 1))
        where = f"Page {index + 1} of {count}"
        self.page_edit.setAccessibleName(where)
        self.of_label.setAccessibleName(where)
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < count - 1)
