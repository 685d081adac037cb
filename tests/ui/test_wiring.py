"""The child's file and the main window reach issue 4 and 5 features as a DSL would: Share
information, Referrals, Export / print, and Allegations against staff (DSL and head only)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from safelog.domain.records import Role
from safelog.services import concerns, users
from safelog.services.session import login
from safelog.store.vault import unlock
from tests.conftest import FAST_KDF
from tests.ui.test_records_support import add_pupils, make_ctx, new_session, shot, simple_draft
from ui.child_file import ChildFileWidget
from ui.exports import ExportDialog
from ui.main_window import MainWindow
from ui.referrals import ReferralsWidget
from ui.sharing import SharingWizardDialog
from ui.worker import active_task_count, cancel_all_tasks, wait_for_all_tasks


@pytest.fixture(autouse=True)
def _no_threads_left():  # type: ignore[no-untyped-def]
    yield
    cancel_all_tasks()
    assert wait_for_all_tasks(10)


def test_child_file_offers_sharing_referrals_and_export(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session = new_session(tmp_path / "v", demo=True)
    child = add_pupils(session, 3)[0]
    concerns.log_concern(session, simple_draft(child.child_id, significant=True))
    ctx = make_ctx(session)
    widget = ChildFileWidget(ctx, child.child_id)
    qtbot.addWidget(widget)
    widget.resize(1366, 760)
    widget.show()
    titles = [widget.tabs.tabText(i).replace("&", "") for i in range(widget.tabs.count())]
    assert "Referrals" in titles
    assert isinstance(widget.tabs.widget(titles.index("Referrals")), ReferralsWidget)
    shot(widget, "wiring_child_file_header")

    qtbot.mouseClick(widget.share_button, Qt.MouseButton.LeftButton)
    assert isinstance(widget.last_dialog, SharingWizardDialog)
    widget.last_dialog.close()

    assert "Ctrl+E" in widget.export_button.toolTip()
    qtbot.mouseClick(widget.export_button, Qt.MouseButton.LeftButton)
    assert isinstance(widget.last_dialog, ExportDialog)
    qtbot.waitUntil(lambda: active_task_count() == 0, timeout=10000)  # its entry count
    widget.last_dialog.close()
    session.close()


def test_allegations_in_the_navigation_only_for_dsl_and_head(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "v"
    session = new_session(root)
    users.add_user(
        session,
        name="Dee Deputy",
        role=Role.DEPUTY,
        passphrase="a long deputy passphrase",
        kdf=FAST_KDF,
    )
    window = MainWindow(make_ctx(session), QAction("Lock"))
    qtbot.addWidget(window)
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels[-1] == "Allegations against staff"
    window.close()
    session.close()
    deputy = login(unlock(root, "Dee Deputy", "a long deputy passphrase"))
    window = MainWindow(make_ctx(deputy), QAction("Lock"))
    qtbot.addWidget(window)
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "Allegations against staff" not in labels and labels[-1] == "Search"
    window.close()
    deputy.close()
    QApplication.processEvents()
