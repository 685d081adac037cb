"""The one way SafeLog runs long work off the GUI thread.

Pattern after Anki's ``QueryOp`` and Vorta's workers: the caller hands over a plain function that
takes a progress callback, plus success and error callbacks. The function runs on a background
thread and may call the core freely (no Qt in it); the callbacks always run on the GUI thread. A
modal progress dialog appears only when the work outlasts ``show_progress_after`` seconds, so quick
work never flashes a window. Cancel (button, Escape or closing the dialog) sets a flag, and the next
call of the progress callback raises :class:`Cancelled` inside the work function, which then
reaches ``on_error``.

Tasks run one at a time, in the order submitted, on a private thread pool with a single thread:
the vault is one SQLCipher file and concurrent writers would only queue on its lock anyway.

Threads: :func:`run_in_background`, :func:`cancel_all_tasks` and :func:`wait_for_all_tasks` are
called on the GUI thread. The progress callback may be called from the work function's thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import (
    SIGNAL,
    SLOT,
    QCoreApplication,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QPushButton, QWidget

T = TypeVar("T")

ProgressCallback = Callable[[int, int, str], None]
"""``(done, total, message)``; ``total <= 0`` means "unknown". Plain Python: safe for the core."""

# Progress signals are throttled: a core loop reporting every row must not flood the event queue.
_PROGRESS_INTERVAL_SECONDS = 0.05

_pool_instance: QThreadPool | None = None
_active_tasks: set[BackgroundTask[Any]] = set()


class Cancelled(Exception):
    """Raised by the progress callback once the user has asked to cancel.

    The work function may catch it to tidy up, but should re-raise it so ``on_error`` learns the
    work stopped early.
    """

    def __init__(self, message: str = "Cancelled by the user.") -> None:
        super().__init__(message)


class _TaskProgressDialog(QProgressDialog):
    """A progress dialog that never hides itself: Cancel, Escape and close only *ask* to cancel.

    The work may take a moment to reach its next progress call; keeping the modal up until it
    really stops means the user cannot start something else against a half-finished task.
    Thread: GUI.
    """

    cancel_requested = Signal()

    def __init__(self, label: str, parent: QWidget | None) -> None:
        super().__init__(label, "Cancel", 0, 0, parent)
        self._closing_for_good = False
        self.setWindowTitle(label)
        self.setAccessibleName(f"Progress: {label}")
        # The stock layout is tight; a label with margins gives the text room to breathe.
        text = QLabel(label)
        text.setContentsMargins(2, 10, 2, 6)
        text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setLabel(text)
        # Label the stock button rather than replacing it: a replacement would add a second
        # Escape shortcut, and two ambiguous shortcuts make Escape do nothing at all.
        button = self.findChild(QPushButton)
        if button is not None:
            button.setToolTip("Stop this task (Escape).")
            button.setAccessibleName(f"Cancel {label}")
        self.setMinimumWidth(440)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(0)
        # The stock dialog hides itself on Cancel; route the button to a request instead.
        QObject.disconnect(self, SIGNAL("canceled()"), self, SLOT("cancel()"))
        self.canceled.connect(self.cancel_requested)

    def reject(self) -> None:  # Escape
        self.cancel_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_for_good:
            super().closeEvent(event)
            return
        event.ignore()
        self.cancel_requested.emit()

    def finish(self) -> None:
        """Close for real once the work has ended."""
        self._closing_for_good = True
        self.hide()
        self.deleteLater()


class BackgroundTask(QObject, Generic[T]):
    """Handle on one piece of background work; returned by :func:`run_in_background`.

    The object is owned by the application, not by the caller's widget, so it outlives a window
    closed mid-task; if the requesting object is destroyed the work is cancelled and neither
    callback runs. Thread: lives on, and is used from, the GUI thread (``cancel`` is safe anywhere).
    """

    progressed = Signal(int, int, str)
    """Throttled progress, on the GUI thread."""
    finished = Signal()
    """Emitted on the GUI thread after ``on_success``/``on_error`` ran (or were skipped)."""

    _progress_from_worker = Signal(int, int, str)
    _completed = Signal(bool, object)

    def __init__(
        self,
        owner: QObject,
        fn: Callable[[ProgressCallback], T],
        *,
        on_success: Callable[[T], None],
        on_error: Callable[[BaseException], None],
        label: str,
        show_progress_after: float,
    ) -> None:
        super().__init__(QCoreApplication.instance())
        self._owner = owner
        self._fn = fn
        self._on_success = on_success
        self._on_error = on_error
        self._label = label
        self._cancel_event = threading.Event()
        self._owner_state = {"gone": False}
        self._finished = False
        self._dialog: _TaskProgressDialog | None = None
        self._last_progress: tuple[int, int, str] = (0, 0, "")
        self._last_emit = 0.0
        # Both the worker (after its last emit) and the GUI (after the callbacks) must be done
        # with this object before it may be deleted; whichever finishes second deletes it.
        self._holders = 2
        self._holders_lock = threading.Lock()

        self._progress_from_worker.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._completed.connect(self._on_completed, Qt.ConnectionType.QueuedConnection)

        owner_state, cancel_event = self._owner_state, self._cancel_event

        def owner_destroyed(*_args: object) -> None:
            # Touches only plain Python state: the task object itself may already be gone.
            owner_state["gone"] = True
            cancel_event.set()

        self._owner_connection = owner.destroyed.connect(owner_destroyed)

        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show_dialog)
        self._show_timer.start(max(0, round(show_progress_after * 1000)))

    # --- public API (GUI thread) -----------------------------------------------------------
    @property
    def label(self) -> str:
        return self._label

    def cancel(self) -> None:
        """Ask the work to stop at its next progress call. Thread: GUI."""
        self._cancel_event.set()
        dialog = self._dialog
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.setLabelText("Cancelling…")
            cancel_button = dialog.findChild(QPushButton)
            if cancel_button is not None:
                cancel_button.setEnabled(False)

    def is_cancel_requested(self) -> bool:
        return self._cancel_event.is_set()

    def is_finished(self) -> bool:
        return self._finished

    def progress_dialog(self) -> QProgressDialog | None:
        """The progress dialog while it is on screen, else ``None`` (for tests)."""
        dialog = self._dialog
        if dialog is None or not shiboken6.isValid(dialog) or not dialog.isVisible():
            return None
        return dialog

    # --- worker side ------------------------------------------------------------------------
    def _report_progress(self, done: int, total: int, message: str) -> None:
        """The callback handed to the work function. Thread: the worker."""
        if self._cancel_event.is_set():
            raise Cancelled()
        now = time.monotonic()
        final = total > 0 and done >= total
        if final or now - self._last_emit >= _PROGRESS_INTERVAL_SECONDS:
            self._last_emit = now
            self._progress_from_worker.emit(int(done), int(total), str(message))

    def _run(self) -> None:
        """Thread: the worker. Never touches widgets; reports only through queued signals."""
        try:
            if self._cancel_event.is_set():
                raise Cancelled()
            result = self._fn(self._report_progress)
        except BaseException as exc:  # every failure must reach on_error, never vanish
            self._completed.emit(False, exc)
        else:
            self._completed.emit(True, result)
        self._release()

    def _release(self) -> None:
        """Give up one holder; the last one out schedules deletion. Thread: either."""
        with self._holders_lock:
            self._holders -= 1
            last = self._holders == 0
        if last:
            self.deleteLater()  # thread-safe; runs on the GUI thread's event loop

    # --- GUI side ---------------------------------------------------------------------------
    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        self._last_progress = (done, total, message)
        self.progressed.emit(done, total, message)
        if self._dialog is not None and shiboken6.isValid(self._dialog):
            self._apply_progress(self._dialog)

    def _apply_progress(self, dialog: QProgressDialog) -> None:
        done, total, message = self._last_progress
        if not self._cancel_event.is_set():
            dialog.setLabelText(message or self._label)
        if total > 0:
            dialog.setRange(0, total)
            dialog.setValue(min(max(done, 0), total))
        else:
            dialog.setRange(0, 0)  # an honest "busy" bar when the total is unknown

    @Slot()
    def _show_dialog(self) -> None:
        if self._finished or not isinstance(QCoreApplication.instance(), QApplication):
            return
        owner = self._owner
        parent: QWidget | None = None
        if shiboken6.isValid(owner) and isinstance(owner, QWidget):
            parent = owner.window()
        if parent is None:
            parent = QApplication.activeWindow()
        dialog = _TaskProgressDialog(self._label, parent)
        dialog.setWindowModality(
            Qt.WindowModality.WindowModal
            if parent is not None
            else Qt.WindowModality.ApplicationModal
        )
        dialog.cancel_requested.connect(self.cancel)
        self._dialog = dialog
        self._apply_progress(dialog)
        dialog.show()

    @Slot(bool, object)
    def _on_completed(self, ok: bool, payload: object) -> None:
        self._finished = True
        self._show_timer.stop()
        if self._dialog is not None and shiboken6.isValid(self._dialog):
            self._dialog.finish()
        self._dialog = None
        owner_alive = not self._owner_state["gone"] and shiboken6.isValid(self._owner)
        if owner_alive:
            QObject.disconnect(self._owner_connection)
        try:
            if owner_alive:
                if ok:
                    self._on_success(payload)  # type: ignore[arg-type]
                else:
                    assert isinstance(payload, BaseException)
                    self._on_error(payload)
        finally:
            # Drop references so the result (possibly decrypted records) is not kept alive.
            self._fn = _dropped_fn
            _active_tasks.discard(self)
            self.finished.emit()
            self._release()


def _dropped_fn(_progress: ProgressCallback) -> Any:
    raise RuntimeError("This task has already run.")


def _pool() -> QThreadPool:
    global _pool_instance
    if _pool_instance is None:
        _pool_instance = QThreadPool()
        _pool_instance.setMaxThreadCount(1)
        _pool_instance.setObjectName("SafeLogBackgroundPool")
    return _pool_instance


def run_in_background(
    parent: QObject,
    fn: Callable[[ProgressCallback], T],
    *,
    on_success: Callable[[T], None],
    on_error: Callable[[BaseException], None],
    label: str,
    show_progress_after: float = 0.6,
) -> BackgroundTask[T]:
    """Run ``fn(progress)`` on the background thread; deliver its outcome on the GUI thread.

    ``parent`` is the object that asked (usually a widget): the progress dialog is modal over its
    window, and if it is destroyed first the work is cancelled and no callback runs. ``label`` is a
    short verb phrase ("Exporting chronology") shown as the dialog title. A :class:`Cancelled`
    raised by the progress callback reaches ``on_error`` like any other exception.
    Thread: call on the GUI thread.
    """
    if QCoreApplication.instance() is None:
        raise RuntimeError("run_in_background needs a running QApplication.")
    task: BackgroundTask[T] = BackgroundTask(
        parent,
        fn,
        on_success=on_success,
        on_error=on_error,
        label=label,
        show_progress_after=show_progress_after,
    )
    _active_tasks.add(task)
    _pool().start(task._run)
    return task


def active_task_count() -> int:
    """Tasks started whose callbacks have not yet been delivered. Thread: GUI."""
    return len(_active_tasks)


def running_thread_count() -> int:
    """Background threads currently alive (0 after :func:`wait_for_all_tasks` succeeds)."""
    return 0 if _pool_instance is None else _pool_instance.activeThreadCount()


def cancel_all_tasks() -> None:
    """Ask every running or queued task to stop (on lock and on quit). Thread: GUI."""
    for task in list(_active_tasks):
        if shiboken6.isValid(task):
            task.cancel()


def wait_for_all_tasks(timeout: float = 30.0) -> bool:
    """Block until every background thread has finished and exited, or ``timeout`` seconds pass.

    Returns ``True`` if no thread is left. Callbacks still queued for the GUI thread are not run
    here; they are delivered the next time the event loop turns. Used by tests and at shutdown
    (after :func:`cancel_all_tasks`). Thread: GUI.
    """
    if _pool_instance is None:
        return True
    return _pool_instance.waitForDone(max(0, round(timeout * 1000)))
