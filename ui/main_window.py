"""The main window: a thin shell of header, navigation, toolbar and status bar around the pages.

It knows which pages exist (``ui.pages.NAV_PAGES``), how to switch between them and how to
open a child's file; everything else (queries, models, what a button does) belongs to the pages
and dialogs themselves. It is built on unlock and destroyed, with every page, on lock.
A governor's key cannot open children's records at all, so a governor sees one plain sentence
instead of those pages. Thread: GUI only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from safelog.domain.records import Permission
from ui.context import AppContext
from ui.pages import PageSpec, visible_pages
from ui.theme import COLOURS

DEMO_TEXT = "FICTIONAL DEMO DATA"
GOVERNOR_SENTENCE = (
    "Governors do not see children's records: your key opens the governance records only. "
    "The policy register, training dates and the DSL's anonymised figures will be here."
)


def _action(
    parent: QWidget, text: str, shortcut: str, tip: str, slot: Any, *, enabled: bool = True
) -> QAction:
    action = QAction(text, parent)
    action.setShortcut(QKeySequence(shortcut))
    native = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip} ({native})")
    action.setStatusTip(tip)
    action.setEnabled(enabled)
    action.triggered.connect(lambda _checked=False: slot())
    return action


class MainWindow(QMainWindow):
    """Header (school, who is signed in, demo banner), navigation, pages and the child's file.

    ``lock_action`` belongs to the lock wiring (it outlives this window). Closing the window
    emits ``quit_requested``; the app controller locks and quits.
    """

    quit_requested = Signal()

    def __init__(
        self, ctx: AppContext, lock_action: QAction, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._pages: dict[str, QWidget] = {}
        self._child_file: QWidget | None = None
        self._back_to = "dashboard"
        self._closing = False
        self._has_records = ctx.session.vault.records is not None
        # Allegations against staff appear only for the roles that may open them.
        self.nav_pages = visible_pages(ctx) if self._has_records else ()
        school = ctx.session.school_name or "SafeLog"
        self.setWindowTitle(f"SafeLog – {school}")
        self.setAccessibleName("SafeLog main window")
        self.resize(1280, 800)
        self.setMinimumSize(QSize(960, 600))
        self.setStyleSheet(
            "QLabel#pageTitle { font-size: 15pt; font-weight: 600; }"
            f"QListWidget#navigation {{ border: none; border-right: 1px solid {COLOURS.border}; "
            f"background: {COLOURS.base}; padding-top: 6px; }}"
            "QListWidget#navigation::item { padding: 7px 12px; }"
        )

        self.nav = QListWidget()
        self.nav.setAccessibleName("Navigation")
        self.nav.setFixedWidth(200)
        self.nav.setObjectName("navigation")
        self.stack = QStackedWidget()
        self.stack.setAccessibleName("Page")

        may_write = ctx.session.can(Permission.WRITE_RECORDS)
        why_not = "Only the DSL or a deputy can do this."
        self.log_action = _action(
            self,
            "Log a &concern…",
            "Ctrl+N",
            "Log a new concern" if may_write else why_not,
            self.log_concern,
            enabled=may_write and self._has_records,
        )
        self.import_action = _action(
            self,
            "&Import pupils…",
            "Ctrl+I",
            "Import the pupil list from a CSV exported by your MIS" if may_write else why_not,
            self.import_pupils,
            enabled=may_write and self._has_records,
        )
        self.settings_action = _action(
            self,
            "&Settings…",
            "Ctrl+,",
            "Idle lock time and the school's contacts",
            self.open_settings,
        )
        self.quit_action = _action(self, "&Quit", "Ctrl+Q", "Lock and close SafeLog", self.close)
        self.back_action = _action(
            self,
            "&Back",
            "Alt+Left",
            "Back to the page you came from",
            self.go_back,
            enabled=False,
        )
        self.lock_action = lock_action
        self.addAction(lock_action)
        self._go_actions: list[QAction] = []

        self._build_toolbar()
        self._build_menus()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_header())
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)
        self.statusBar().setAccessibleName("Status")

        ctx.events.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        if self._has_records:
            for spec in self.nav_pages:
                item = QListWidgetItem(spec.label)
                item.setToolTip(spec.tooltip)
                item.setData(Qt.ItemDataRole.UserRole, spec.key)
                self.nav.addItem(item)
            self.nav.currentRowChanged.connect(self._on_nav_row)
            ctx.events.open_child.connect(self.open_child)
            ctx.events.open_concern.connect(self.open_concern)
            self.show_page("dashboard")
        else:
            self.stack.addWidget(self._governor_notice())

    # --- building ---------------------------------------------------------------------------
    def _governor_notice(self) -> QWidget:
        """What a governor sees: no navigation, no record actions, one plain sentence."""
        self.nav.hide()
        hidden = (self.log_action, self.import_action, self.back_action, self._record_separator)
        for action in (*hidden, *self._go_actions):
            action.setVisible(False)
        self.menuBar().actions()[1].setVisible(False)  # the Go menu leads only to records
        notice = QWidget()
        title = QLabel("Governance")
        title.setObjectName("pageTitle")
        sentence = QLabel(GOVERNOR_SENTENCE)
        sentence.setWordWrap(True)
        sentence.setAccessibleName("No children's records")
        sentence.setMaximumWidth(720)
        layout = QVBoxLayout(notice)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(title)
        layout.addWidget(sentence)
        layout.addStretch(1)
        return notice

    def _build_header(self) -> QWidget:
        header = QFrame()
        header.setObjectName("appHeader")
        header.setStyleSheet(
            f"QFrame#appHeader {{ background: {COLOURS.base}; "
            f"border-bottom: 1px solid {COLOURS.border}; }}"
        )
        school = QLabel(self.ctx.session.school_name)
        school.setObjectName("schoolName")
        school.setStyleSheet("font-size: 14pt; font-weight: 600;")
        school.setAccessibleName("School")
        school.setTextFormat(Qt.TextFormat.PlainText)
        session = self.ctx.session
        who = QLabel(f"Signed in as {session.user_name} · {session.role.label}")
        who.setObjectName("signedIn")
        who.setAccessibleName("Signed in as")
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setStyleSheet(f"color: {COLOURS.muted_text};")
        row = QHBoxLayout(header)
        row.setContentsMargins(16, 10, 16, 10)
        row.addWidget(school)
        row.addStretch(1)
        if self.ctx.demo:
            banner = QLabel(DEMO_TEXT)
            banner.setObjectName("demoBanner")
            banner.setAccessibleName(DEMO_TEXT)
            banner.setToolTip("Everyone in this vault is invented, for training and testing.")
            banner.setStyleSheet(
                "background: #fff7d6; color: #5f4b00; border: 1px solid #c9a200; "
                "border-radius: 4px; font-weight: 700; letter-spacing: 1px; padding: 3px 12px;"
            )
            row.addWidget(banner)
            row.addStretch(1)
        row.addWidget(who)
        return header

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main toolbar")
        bar.setAccessibleName("Main toolbar")
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addAction(self.log_action)
        bar.addAction(self.import_action)
        self._record_separator = bar.addSeparator()
        bar.addAction(self.settings_action)
        bar.addAction(self.lock_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        for action in (self.log_action, self.import_action, self.settings_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.quit_action)
        go_menu = self.menuBar().addMenu("&Go")
        for number, spec in enumerate(self.nav_pages, start=1):
            action = _action(
                self,
                spec.label,
                f"Alt+{number}",
                spec.tooltip,
                lambda key=spec.key: self.show_page(key),
                enabled=self._has_records,
            )
            self._go_actions.append(action)
            go_menu.addAction(action)
        go_menu.addSeparator()
        go_menu.addAction(self.back_action)

    # --- navigation -------------------------------------------------------------------------
    def page(self, key: str) -> QWidget | None:
        """The page for ``key`` if it has been built (tests and the app controller use this)."""
        return self._pages.get(key)

    def current_key(self) -> str:
        if self._child_file is not None and self.stack.currentWidget() is self._child_file:
            return "child"
        for key, widget in self._pages.items():
            if widget is self.stack.currentWidget():
                return key
        return ""

    def show_page(self, key: str, *, focus: bool = True) -> QWidget | None:
        """Switch to a navigation page, building it the first time; ``focus`` moves the
        keyboard into it (not when the DSL is arrowing through the navigation list)."""
        if not self._has_records:
            return None
        spec = next((s for s in self.nav_pages if s.key == key), None)
        if spec is None:
            return None
        page = self._pages.get(key) or self._build_page(spec)
        self.stack.setCurrentWidget(page)
        row = self.nav_pages.index(spec)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        self.back_action.setEnabled(False)
        if focus:
            page.setFocus()
        return page

    def _build_page(self, spec: PageSpec) -> QWidget:
        page = spec.build(self.ctx)
        navigate = getattr(page, "navigate", None)
        if navigate is not None:
            navigate.connect(self.show_page)
        self._pages[spec.key] = page
        self.stack.addWidget(page)
        return page

    def _on_nav_row(self, row: int) -> None:
        if 0 <= row < len(self.nav_pages):
            self.show_page(self.nav_pages[row].key, focus=False)

    def open_child(self, child_id: int) -> QWidget:
        """Show the child's file (replacing any other child's), with Back to where we were."""
        from ui.child_file import ChildFileWidget

        current = self.current_key()
        if current and current != "child":
            self._back_to = current
        old = self._child_file
        if old is not None and getattr(old, "child_id", None) == child_id:
            self.stack.setCurrentWidget(old)  # already open: no second read of the file
            self.back_action.setEnabled(True)
            old.setFocus()
            return old
        self._child_file = ChildFileWidget(self.ctx, child_id)
        self.stack.addWidget(self._child_file)
        self.stack.setCurrentWidget(self._child_file)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()  # one child's file in memory at a time
        self.back_action.setEnabled(True)
        self._child_file.setFocus()
        return self._child_file

    def open_concern(self, concern_id: int, child_id: int) -> None:
        """Open the child's file at one concern."""
        child_file = self.open_child(child_id)
        child_file.show_concern(concern_id)  # type: ignore[attr-defined]

    def child_file(self) -> QWidget | None:
        return self._child_file

    def go_back(self) -> None:
        if self.current_key() == "child":
            self.show_page(self._back_to)

    # --- toolbar ----------------------------------------------------------------------------
    def log_concern(self) -> None:
        """Open the log-a-concern form, for the child whose file is open if there is one."""
        from ui.dialogs.log_concern import LogConcernDialog

        for dialog in self.findChildren(LogConcernDialog):
            if dialog.isVisible():  # one form at a time: bring back the one being typed
                dialog.raise_()
                dialog.activateWindow()
                return
        in_file = self.current_key() == "child"
        child_id = getattr(self._child_file, "child_id", None) if in_file else None
        dialog = LogConcernDialog(self.ctx, child_id=child_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # window-modal without a nested loop, so a lock can end it at any moment

    def import_pupils(self) -> None:
        from ui.dialogs.import_pupils import ImportPupilsDialog

        dialog = ImportPupilsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # --- lifetime ---------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Before the session closes: stop page timers and silence the event bus."""
        self._closing = True
        for page in [*self._pages.values(), self._child_file]:
            stop = getattr(page, "shutdown", None)
            if callable(stop):
                stop()
        self.ctx.events.blockSignals(True)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing:
            event.accept()
            return
        event.ignore()  # the controller locks (saving any draft) and then quits
        self.quit_requested.emit()
