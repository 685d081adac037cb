"""ui.worker: background work with GUI-thread callbacks, a delayed progress dialog and cancel."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from ui.theme import apply_theme
from ui.worker import (
    Cancelled,
    ProgressCallback,
    active_task_count,
    cancel_all_tasks,
    run_in_background,
    running_thread_count,
    wait_for_all_tasks,
)

OUTPUT = Path(__file__).resolve().parents[1] / "output" / "ui"


@pytest.fixture(autouse=True)
def no_thread_outlives_the_test(qapp: QApplication) -> Iterator[None]:
    yield
    cancel_all_tasks()
    assert wait_for_all_tasks(10), "a background thread outlived the test"


@pytest.fixture
def owner(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    widget = QWidget()
    widget.setWindowTitle("Owner")
    qtbot.addWidget(widget)
    widget.show()
    return widget


class Recorder:
    """Collects callback outcomes and the thread each callback ran on."""

    def __init__(self) -> None:
        self.results: list[object] = []
        self.errors: list[BaseException] = []
        self.threads: list[threading.Thread] = []

    def success(self, value: object) -> None:
        self.results.append(value)
        self.threads.append(threading.current_thread())

    def error(self, exc: BaseException) -> None:
        self.errors.append(exc)
        self.threads.append(threading.current_thread())


def test_success_is_delivered_on_the_gui_thread(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    rec = Recorder()
    work_threads: list[threading.Thread] = []

    def work(progress: ProgressCallback) -> int:
        work_threads.append(threading.current_thread())
        progress(1, 1, "Counting")
        return 42

    task = run_in_background(owner, work, on_success=rec.success, on_error=rec.error, label="Count")
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert rec.results == [42]
    assert rec.errors == []
    assert rec.threads == [threading.main_thread()]
    assert work_threads and work_threads[0] is not threading.main_thread()
    assert active_task_count() == 0


def test_exception_reaches_on_error_not_on_success(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    rec = Recorder()

    def work(_progress: ProgressCallback) -> None:
        raise ValueError("Damaged file")

    task = run_in_background(owner, work, on_success=rec.success, on_error=rec.error, label="Open")
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert rec.results == []
    assert len(rec.errors) == 1
    assert isinstance(rec.errors[0], ValueError)
    assert str(rec.errors[0]) == "Damaged file"
    assert rec.threads == [threading.main_thread()]


def test_progress_arrives_on_gui_thread_and_final_value_is_kept(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[int, int, str, bool]] = []

    def work(progress: ProgressCallback) -> str:
        for i in range(1, 201):
            progress(i, 200, f"Row {i}")
        return "done"

    task = run_in_background(
        owner, work, on_success=lambda _v: None, on_error=pytest.fail, label="Rows"
    )
    task.progressed.connect(
        lambda d, t, m: seen.append(
            (d, t, m, threading.current_thread() is threading.main_thread())
        )
    )
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen, "no progress was delivered"
    assert all(on_main for *_rest, on_main in seen)
    assert seen[-1][:3] == (200, 200, "Row 200")
    # Throttled: 200 reports in well under a second must not become 200 queued signals.
    assert len(seen) < 50


def test_quick_work_never_shows_a_dialog(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    def work(_progress: ProgressCallback) -> int:
        return 1

    task = run_in_background(
        owner,
        work,
        on_success=lambda _v: None,
        on_error=pytest.fail,
        label="Quick",
        show_progress_after=0.2,
    )
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    qtbot.wait(300)  # past the threshold: the timer must have died with the task
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
    assert not [d for d in dialogs if d.isVisible()]


def _gate_work(gate: threading.Event, started: threading.Event):  # type: ignore[no-untyped-def]
    def work(progress: ProgressCallback) -> str:
        started.set()
        progress(0, 10, "Preparing the export")
        while not gate.wait(0.01):
            progress(3, 10, "Writing page 3 of 10")
        return "finished"

    return work


def test_slow_work_shows_modal_dialog_and_cancel_button_cancels(
    qtbot, qapp, owner: QWidget
) -> None:  # type: ignore[no-untyped-def]
    apply_theme(qapp)
    rec = Recorder()
    gate, started = threading.Event(), threading.Event()
    task = run_in_background(
        owner,
        _gate_work(gate, started),
        on_success=rec.success,
        on_error=rec.error,
        label="Exporting chronology",
        show_progress_after=0.1,
    )
    qtbot.waitUntil(lambda: task.progress_dialog() is not None, timeout=3000)
    dialog = task.progress_dialog()
    assert dialog is not None
    assert dialog.isModal()
    assert dialog.windowTitle() == "Exporting chronology"
    qtbot.waitUntil(lambda: dialog.value() == 3 and dialog.maximum() == 10, timeout=3000)
    assert "page 3" in dialog.labelText()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(OUTPUT / "progress_dialog.png"))

    button = dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    assert button.toolTip() and button.accessibleName() == "Cancel Exporting chronology"
    with qtbot.waitSignal(task.finished, timeout=5000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        # The dialog stays up, saying so, until the work has really stopped.
        assert task.is_cancel_requested()
    assert rec.results == []
    assert len(rec.errors) == 1 and isinstance(rec.errors[0], Cancelled)
    assert task.progress_dialog() is None
    gate.set()


def test_escape_on_the_dialog_cancels_rather_than_hiding_it(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    rec = Recorder()
    gate, started = threading.Event(), threading.Event()
    task = run_in_background(
        owner,
        _gate_work(gate, started),
        on_success=rec.success,
        on_error=rec.error,
        label="Backing up",
        show_progress_after=0.05,
    )
    qtbot.waitUntil(lambda: task.progress_dialog() is not None, timeout=3000)
    dialog = task.progress_dialog()
    assert dialog is not None
    with qtbot.waitSignal(task.finished, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert isinstance(rec.errors[0], Cancelled)


def test_work_that_ends_before_the_threshold_shows_no_dialog(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    def work(progress: ProgressCallback) -> None:
        time.sleep(0.05)
        progress(1, 1, "Done")

    task = run_in_background(
        owner,
        work,
        on_success=lambda _v: None,
        on_error=pytest.fail,
        label="Short",
        show_progress_after=0.6,
    )
    visible: list[bool] = []
    task.progressed.connect(lambda *_a: visible.append(task.progress_dialog() is not None))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert visible == [False]


def test_destroyed_owner_cancels_and_skips_callbacks(qtbot) -> None:  # type: ignore[no-untyped-def]
    rec = Recorder()
    gate, started = threading.Event(), threading.Event()
    doomed = QObject()
    task = run_in_background(
        doomed,
        _gate_work(gate, started),
        on_success=rec.success,
        on_error=rec.error,
        label="Orphan",
        show_progress_after=60,
    )
    assert started.wait(3)
    with qtbot.waitSignal(task.finished, timeout=5000):
        doomed.deleteLater()
    assert rec.results == [] and rec.errors == []


def test_tasks_run_one_at_a_time_in_order(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    order: list[str] = []
    overlap = threading.Lock()
    clashes: list[str] = []

    def make(name: str):  # type: ignore[no-untyped-def]
        def work(_progress: ProgressCallback) -> str:
            if not overlap.acquire(blocking=False):
                clashes.append(name)
                return name
            try:
                time.sleep(0.02)
                order.append(name)
            finally:
                overlap.release()
            return name

        return work

    tasks = [
        run_in_background(owner, make(n), on_success=lambda _v: None, on_error=pytest.fail, label=n)
        for n in ("a", "b", "c")
    ]
    with qtbot.waitSignal(tasks[-1].finished, timeout=5000):
        pass
    assert order == ["a", "b", "c"]
    assert clashes == []


def test_wait_for_all_tasks_leaves_no_thread(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    def work(_progress: ProgressCallback) -> None:
        time.sleep(0.1)

    task = run_in_background(
        owner, work, on_success=lambda _v: None, on_error=pytest.fail, label="Sleep"
    )
    assert wait_for_all_tasks(5)
    assert running_thread_count() == 0
    # The outcome is still delivered once the event loop turns.
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
