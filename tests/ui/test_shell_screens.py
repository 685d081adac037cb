"""Screenshots of every shell screen on a demo vault (300 fictional pupils, 3,000 concerns).

Saved under tests/output/ui/ for a person to look at; each test also checks that the screen
shows what it should (the demo banner, counts, filled tables), so a blank screen fails.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QImage, QPainter

from safelog.services.ui_triage import count_untriaged
from tests.ui.test_shell_support import (
    OUTPUT,
    copy_vault,
    demo_vault_template,
    shell_factory,
    shot,
    visible_texts,
)
from ui import worker
from ui.first_run import recovery_sheet
from ui.main_window import DEMO_TEXT

__all__ = ["demo_vault_template", "shell_factory"]


def _settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: worker.active_task_count() == 0, timeout=20_000)
    qtbot.wait(50)


def test_main_window_pages_on_a_demo_vault(qtbot, tmp_path, demo_vault_template, shell_factory):  # type: ignore[no-untyped-def]
    root = copy_vault(demo_vault_template, tmp_path / "vault")
    shell = shell_factory(root)
    controller = shell.start()
    shot(controller.unlock_window, "screen_unlock")
    shell.unlock()
    window = controller.main_window
    window.resize(1366, 820)
    assert DEMO_TEXT in visible_texts(window)

    dashboard = window.page("dashboard")
    _settle(qtbot)
    waiting = count_untriaged(controller.session)
    assert waiting > 0 and dashboard.untriaged_tile.number.text() == f"{waiting:,}"
    assert dashboard.due_model.rowCount() > 0 and dashboard.category_model.rowCount() > 0
    shot(window, "screen_dashboard")

    children = window.show_page("children")
    _settle(qtbot)
    shot(window, "screen_children")
    assert children is not None

    triage = window.show_page("triage")
    _settle(qtbot)
    assert triage.model.total() == waiting
    assert triage.model.rowCount() == min(200, waiting)
    shot(window, "screen_triage")

    reviews = window.show_page("reviews")
    _settle(qtbot)
    assert reviews.model.overdue_count() > 0
    shot(window, "screen_reviews")

    search = window.show_page("search")
    qtbot.keyClicks(search.search_edit, "bruise upper")
    qtbot.waitUntil(lambda: search.model.rowCount() > 0, timeout=5000)
    shot(window, "screen_search")

    search.view.selectRow(0)
    search.open_current()
    assert window.current_key() == "child"
    _settle(qtbot)
    shot(window, "screen_child_file")

    window.open_settings()
    from ui.settings_dialog import SettingsDialog

    shot(window.findChild(SettingsDialog), "screen_settings")


def test_the_printed_recovery_sheet() -> None:
    doc = recovery_sheet(
        "Fictional Primary School",
        "ABCDEF-123456-GHIJKL-789012-MNOPQR-345678-STUVWX-901234",
        "21/11/2026",
    )
    doc.setPageSize(QSizeF(595, 842))  # A4 in points
    image = QImage(595, 842, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    doc.drawContents(painter)
    painter.end()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    assert image.save(str(OUTPUT / "shell_screen_recovery_sheet.png"))
