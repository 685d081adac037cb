"""Screenshots of the export dialog and the PDF preview on a fictional demo vault (300 pupils,
3,000 concerns), saved under tests/output/ui/ to be looked at. Each screen is also checked for
the demo banner and for inputs a screen reader could not name."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import hashlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QWidget,
)

from safelog.domain.timefmt import today_london
from safelog.services.children import list_children
from safelog.services.demo import fill_demo
from safelog.services.exports import Export, export_chronology, export_referral_pack
from safelog.services.session import Session
from tests.ui.test_exports_support import (
    finish_tasks,
    make_ctx,
    new_session,
    pdf_file_printer,
    pdf_pages,
    shot,
)
from ui.dialogs.common import DEMO_TEXT
from ui.exports import ExportDialog, PdfPreviewDialog
from ui.theme import apply_theme


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, qapp: QApplication) -> Iterator[Session]:
    apply_theme(qapp)
    session = new_session(tmp_path_factory.mktemp("demo") / "vault", demo=True)
    fill_demo(session, pupils=300, concerns=3000, seed=5)
    yield session
    finish_tasks()
    session.close()


@pytest.fixture(autouse=True)
def _no_threads_left() -> Iterator[None]:
    yield
    finish_tasks()


def _busiest_child(session: Session) -> int:
    """The demo's child with the long history (the chronology benchmark's child)."""
    return list_children(session, audit=False, limit=1)[0].child_id


def unnamed_inputs(root: QWidget) -> list[str]:
    missing = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or isinstance(w.parent(), QAbstractSpinBox | QComboBox):
            continue  # the line edit inside a spin box or combo goes with it
        if isinstance(w, QLineEdit | QComboBox | QAbstractSpinBox) and not w.accessibleName():
            missing.append(f"{type(w).__name__} {w.objectName()}")
        elif isinstance(w, QAbstractButton) and not (w.accessibleName() or w.text()):
            missing.append(f"{type(w).__name__} without text")
        elif isinstance(w, QAbstractButton) and not w.toolTip():
            missing.append(f"{type(w).__name__} {w.text()!r} without a tooltip")
    return missing


def check_and_shoot(widget: QWidget, name: str) -> Path:
    QApplication.processEvents()
    assert any(
        lbl.text() == DEMO_TEXT and lbl.isVisibleTo(widget) for lbl in widget.findChildren(QLabel)
    ), f"{name}: no demo banner"
    assert unnamed_inputs(widget) == [], name
    return shot(widget, name)


def _dialog(qtbot, demo: Session) -> ExportDialog:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(make_ctx(demo), _busiest_child(demo))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.entry_count is not None, timeout=20_000)
    return dialog


def test_screens_of_the_export_dialog(qtbot, demo: Session) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, demo)
    assert dialog.entry_count and dialog.entry_count > 100
    check_and_shoot(dialog, "exports_01_dialog_full")

    box = dialog.choice_box
    with qtbot.waitSignal(dialog.counted, timeout=20_000):
        qtbot.mouseClick(box.summary_radio, Qt.MouseButton.LeftButton)
    box.from_date.check.setChecked(True)
    box.from_date.edit.setDate(box.from_date.edit.date().addYears(-2))
    box.to_date.check.setChecked(True)
    qtbot.waitUntil(lambda: " to " in dialog.sentence(), timeout=20_000)
    check_and_shoot(dialog, "exports_02_dialog_summary_range")

    box.to_date.edit.setDate(box.from_date.edit.date().addDays(-1))
    assert "start date is after the end date" in dialog.sentence()
    check_and_shoot(dialog, "exports_03_dialog_bad_range")

    box.to_date.check.setChecked(False)
    qtbot.mouseClick(box.pack_radio, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "referral pack" in dialog.sentence(), timeout=20_000)
    check_and_shoot(dialog, "exports_04_dialog_referral_pack")


def test_screen_of_the_progress_while_signing(qtbot, demo: Session) -> None:  # type: ignore[no-untyped-def]
    """Signing shows progress (at once here, so the screenshot does not race the export)."""
    dialog = _dialog(qtbot, demo)
    dialog.progress_after = 0.0

    def progress() -> QProgressDialog | None:
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        ]
        return shown[0] if shown else None

    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert not dialog.preview_button.isEnabled()  # no second export while one is running
    qtbot.waitUntil(lambda: progress() is not None, timeout=20_000)
    shown = progress()
    assert shown is not None
    assert shown.windowTitle() == "Creating the signed chronology"
    shot(shown, "exports_00_progress")
    qtbot.waitUntil(lambda: dialog.last_preview is not None, timeout=60_000)
    assert progress() is None


def _preview(qtbot, demo: Session, made: Export, **kwargs) -> PdfPreviewDialog:  # type: ignore[no-untyped-def]
    dialog = PdfPreviewDialog(make_ctx(demo), made, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.verification is not None, timeout=30_000)
    qtbot.wait(400)  # the view paints its pages as they are rendered
    return dialog


def test_screens_of_the_preview(qtbot, demo: Session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    child_id = _busiest_child(demo)
    made = export_chronology(demo, child_id, date_from=date(today_london().year - 2, 1, 1))
    assert pdf_pages(made.pdf) > 2
    printed = tmp_path / "printed.pdf"
    dialog = _preview(qtbot, demo, made, choose_printer=pdf_file_printer(printed))
    assert dialog.banner.state == "ok"
    check_and_shoot(dialog, "exports_05_preview_chronology")

    dialog.navigation.zoom_combo.setCurrentIndex(dialog.navigation.zoom_combo.findData(1.5))
    dialog.navigation.go_to(1)
    qtbot.waitUntil(lambda: dialog.navigation.current_page() == 1)
    qtbot.wait(400)
    check_and_shoot(dialog, "exports_06_preview_zoomed_page_2")

    with qtbot.waitSignal(dialog.printed, timeout=120_000):
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    check_and_shoot(dialog, "exports_07_preview_printed")

    pack = export_referral_pack(demo, child_id)
    pack_dialog = _preview(qtbot, demo, pack, saved_to=tmp_path / "referral-pack.pdf")
    check_and_shoot(pack_dialog, "exports_08_preview_referral_pack")

    forged = bytearray(made.pdf)
    at = forged.index(b"ReportLab Generated")
    forged[at : at + 9] = b"Forged!!!"
    bad = _preview(
        qtbot, demo, replace(made, pdf=bytes(forged), sha256=hashlib.sha256(forged).hexdigest())
    )
    assert bad.banner.state == "failed"
    check_and_shoot(bad, "exports_09_preview_failed_check")
