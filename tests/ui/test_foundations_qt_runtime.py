"""The Qt binding itself must keep Python's reference counts straight.

PySide6 6.12.0 on CPython 3.11 returns ``None`` from every void method, and ``True`` from
``Signal.emit``, without taking a reference. Each call then steals one reference from the
interpreter's singleton; after some thousands of calls (a few seconds of painting, or a long
progress report) the count reaches zero and the process aborts with "Fatal Python error:
none_dealloc" or "bool_dealloc". PySide6 6.11.3 is correct, and from Python 3.12 these objects
are immortal, so either pin ``pyside6<6.12`` or run on 3.12+. This test says so plainly instead of
letting the app die at random.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys
from collections.abc import Callable

import pytest
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None and True are immortal from Python 3.12 (PEP 683)"
)


class _Emitter(QObject):
    ping = Signal(int)


def _references_lost(target: object, call: Callable[[], object], times: int = 200) -> int:
    before = sys.getrefcount(target)
    for _ in range(times):
        call()
    return before - sys.getrefcount(target)


def test_void_methods_keep_none_alive(qapp: QApplication) -> None:
    label = QLabel()
    lost = _references_lost(None, lambda: label.setText("Overdue"))
    assert lost < 10, (
        f"PySide6 {pyside_version} loses a reference to None on every void call ({lost} in 200): "
        "the app will abort with 'none_dealloc'. Pin pyside6<6.12 or use Python 3.12+."
    )


def test_signal_emit_keeps_true_alive(qapp: QApplication) -> None:
    emitter = _Emitter()
    lost = _references_lost(True, lambda: emitter.ping.emit(1))
    assert lost < 10, (
        f"PySide6 {pyside_version} loses a reference to True on every Signal.emit ({lost} in "
        "200): the app will abort with 'bool_dealloc'. Pin pyside6<6.12 or use Python 3.12+."
    )
