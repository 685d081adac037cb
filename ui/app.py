"""The desktop app: start-up, and the one place that decides which window is on screen.

:class:`AppController` moves between three states: no vault yet (the first-run wizard), locked
(the unlock window) and unlocked (the main window over a signed-in session). Locking is the
same whatever asked for it (Ctrl+L, the toolbar, idle time, sleep, screen lock, closing the
window): every window is hidden at once, background work is stopped, open forms keep their
drafts (encrypted, in the vault), dialogs are ended, the main window is destroyed with every
page, the clipboard is cleared if it still holds our text, and the session is closed, which
overwrites the keys. Then the unlock window comes back.
Thread: GUI only.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from safelog.services.session import Session
from safelog.services.ui_settings import idle_lock_minutes
from safelog.store.errors import SafeLogError, VaultMissing
from safelog.store.keys import PRODUCTION_KDF, KdfParams
from safelog.store.vault import user_names
from ui import worker
from ui.clipboard import ClipboardGuard
from ui.context import AppContext
from ui.first_run import FirstRunWizard, PrintDialogHook, default_print_dialog
from ui.lock import LockController, close_dialogs, hide_all_windows, lock_sentence, save_open_drafts
from ui.main_window import MainWindow
from ui.seams import Prompter, QtPrompter
from ui.theme import apply_theme
from ui.unlock_window import UnlockWindow

log = logging.getLogger(__name__)


class _MainWindowPrompter(QtPrompter):
    """The real prompter, modal over whichever main window is open (so it dies with it)."""

    def attach(self, parent: QWidget | None) -> None:
        self._parent = parent


class AppController(QObject):
    """Which window is showing, and the unlock/lock life cycle.

    ``prompter`` (tests pass a ``ScriptedPrompter``), ``clock``/``monotonic`` (the idle lock's
    time), ``kdf`` (for a vault made by the wizard), ``print_dialog`` and
    ``listen_for_system`` can all be injected. ``state`` is "first-run", "locked", "damaged"
    or "unlocked"; ``state_changed`` announces each change.
    """

    state_changed = Signal(str)
    quit_requested = Signal()

    def __init__(
        self,
        vault_dir: Path,
        *,
        prompter: Prompter | None = None,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        kdf: KdfParams = PRODUCTION_KDF,
        print_dialog: PrintDialogHook = default_print_dialog,
        listen_for_system: bool = True,
        check_interval_ms: int = 1000,
        clipboard: ClipboardGuard | None = None,
    ) -> None:
        super().__init__()
        self.vault_dir = vault_dir
        self._injected_prompter = prompter
        self._kdf = kdf
        self._print_dialog = print_dialog
        self.clipboard = clipboard or ClipboardGuard(self)
        self.lock = LockController(
            self,
            clock=clock,
            monotonic=monotonic,
            check_interval_ms=check_interval_ms,
            listen_for_system=listen_for_system,
        )
        self.lock.lock_requested.connect(self.lock_now)
        self.unlock_window = UnlockWindow(vault_dir)
        self.unlock_window.unlocked.connect(self._on_session)
        self.unlock_window.quit_requested.connect(self._quit_from_unlock_window)
        self.wizard: FirstRunWizard | None = None
        self.main_window: MainWindow | None = None
        self.context: AppContext | None = None
        self.session: Session | None = None
        self.state = ""
        self._last_user: str | None = None
        self._quitting = False

    # --- start ------------------------------------------------------------------------------
    def start(self) -> None:
        """Show the first-run wizard if there is no vault, else the unlock window."""
        try:
            user_names(self.vault_dir)
        except VaultMissing:
            self._show_wizard()
            return
        except SafeLogError:
            pass  # the unlock window says what is wrong and offers nothing else
        self._show_unlock()

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    def _show_wizard(self) -> None:
        wizard = FirstRunWizard(
            self.vault_dir, clipboard=self.clipboard, kdf=self._kdf, print_dialog=self._print_dialog
        )
        wizard.session_ready.connect(self._on_session)
        wizard.rejected.connect(self.quit)
        self.wizard = wizard
        self._set_state("first-run")
        wizard.show()

    def _show_unlock(self, reason: str = "") -> None:
        self.unlock_window.reload(reason=reason, select_user=self._last_user)
        self._set_state("damaged" if self.unlock_window.is_damaged() else "locked")
        self.unlock_window.show()
        self.unlock_window.raise_()
        self.unlock_window.activateWindow()

    # --- unlocked ---------------------------------------------------------------------------
    def _on_session(self, session: Session) -> None:
        """A session has been opened (by the unlock window or the wizard): show the records."""
        if self._quitting:  # the unlock finished after SafeLog was asked to close
            session.close()
            return
        if self.wizard is not None:
            self.wizard.deleteLater()
            self.wizard = None
        self.unlock_window.hide()
        prompter = self._injected_prompter or _MainWindowPrompter()
        ctx = AppContext(session=session, prompter=prompter, clipboard=self.clipboard)
        window = MainWindow(ctx, self.lock.lock_action)
        if isinstance(prompter, _MainWindowPrompter):
            prompter.attach(window)
        window.quit_requested.connect(self.quit)
        ctx.events.records_changed.connect(self._on_records_changed)
        self.session, self.context, self.main_window = session, ctx, window
        self._last_user = session.vault.user.name if session.role.value != "recovery" else None
        self.lock.activate(idle_lock_minutes(session))
        self._set_state("unlocked")
        window.show()
        window.activateWindow()
        self._restore_drafts(window, ctx)

    def _restore_drafts(self, window: MainWindow, ctx: AppContext) -> None:
        """Reopen the log-a-concern form if a lock (or a crash) left this user a draft of it.

        Drafts are stored per user, so a colleague unlocking next never sees another's typing.
        """
        if ctx.session.vault.records is None:
            return
        from ui.dialogs.log_concern import LogConcernDialog

        if LogConcernDialog.has_draft(ctx):
            window.log_concern()  # the form restores its own draft when it opens

    def _on_records_changed(self, what: str) -> None:
        if what == "settings" and self.session is not None:
            self.lock.set_idle_minutes(idle_lock_minutes(self.session))

    # --- locking ----------------------------------------------------------------------------
    def lock_now(self, reason: str = "manual") -> None:
        """Lock at once: see the module docstring for the order, which matters."""
        minutes = self.lock.idle_minutes()
        self._close_session(keep=self.unlock_window)
        if not self._quitting:
            self._show_unlock(lock_sentence(reason, minutes))

    def _close_session(self, keep: QWidget | None) -> None:
        self.lock.deactivate()
        hide_all_windows(keep=keep)  # nothing of a record stays on screen a moment longer
        session, window = self.session, self.main_window
        if session is None:
            return
        worker.cancel_all_tasks()
        if not worker.wait_for_all_tasks(timeout=10.0):
            log.warning("Background work was still running when the vault locked.")
        if window is not None:
            save_open_drafts()  # before the session closes: the drafts go into the vault
            close_dialogs(keep=keep)
            window.shutdown()
            window.close()
            window.deleteLater()
        self.main_window = self.context = self.session = None
        self.clipboard.clear_if_ours()
        session.close()

    # --- quitting ---------------------------------------------------------------------------
    def _quit_from_unlock_window(self) -> None:
        if self.state in ("locked", "damaged"):
            self.quit()

    def quit(self) -> None:
        """Lock (keeping any draft) and leave the event loop."""
        if self._quitting:
            return
        self._quitting = True
        self._close_session(keep=None)
        if self.wizard is not None and self.wizard.session is not None:
            self.wizard.session.close()  # closed mid-wizard after the vault was made
        self.unlock_window.hide()
        self.lock.dispose()
        self.quit_requested.emit()


def run_desktop(vault_dir: Path) -> int:
    """Start the desktop app on ``vault_dir``; return the process exit code.

    Called by ``safelog`` with no command (``make run``). Thread: the main thread.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("SafeLog")
    app.setApplicationDisplayName("SafeLog")
    app.setOrganizationName("SafeLog")
    app.setQuitOnLastWindowClosed(False)  # the controller decides when to quit, after locking
    apply_theme(app)
    controller = AppController(vault_dir)
    controller.quit_requested.connect(app.quit)
    app.aboutToQuit.connect(controller.quit)
    controller.start()
    code = app.exec()
    worker.cancel_all_tasks()
    worker.wait_for_all_tasks(timeout=10.0)
    return int(code)
