"""The shell's pages: dashboard, concerns to triage, reviews, search; and their table models."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from safelog.domain.timefmt import today_london, uk_date
from safelog.services.children import import_pupils, list_children
from safelog.services.concerns import log_concern
from safelog.services.responses import concern_status, reviews_for_child, set_review
from safelog.services.session import Session
from tests.core.helpers import draft, pupil
from tests.ui.test_shell_support import make_vault, open_session, shell_factory, with_session
from ui import worker
from ui.clipboard import ClipboardGuard
from ui.context import AppContext
from ui.pages.dashboard import CategoryCountTableModel, DashboardPage
from ui.pages.reviews import STATUS_ROLE, CompleteDueDialog, DueTableModel, ReviewsPage
from ui.pages.search import SearchPage, SearchResultsTableModel, run_search
from ui.pages.triage import PAGE_SIZE, TriagePage, UntriagedTableModel
from ui.seams import ScriptedPrompter
from ui.theme import DueStatus

__all__ = ["shell_factory"]


@pytest.fixture
def small_vault(tmp_path: Path) -> Path:
    """Two fictional children; one concern with a review overdue and one due in ten days."""
    root = tmp_path / "vault"
    make_vault(root)

    def fill(s: Session) -> None:
        import_pupils(s, [pupil(1, "Amara", "Okafor"), pupil(2, "Łukasz", "Nowak")])
        kids = {c.legal_forename: c.child_id for c in list_children(s, audit=False)}
        first = log_concern(
            s, draft(kids["Amara"], "Fictional: bruise seen on the left forearm at break.")
        )
        log_concern(s, draft(kids["Łukasz"], "Fictional: hungry and tired every morning."))
        today = today_london()
        set_review(
            s,
            child_id=kids["Amara"],
            due_on=today - timedelta(days=3),
            concern_id=first,
            note="Fictional check on the bruise",
        )
        set_review(s, child_id=kids["Łukasz"], due_on=today + timedelta(days=10))

    with_session(root, fill)
    return root


@pytest.fixture
def ctx(small_vault: Path) -> Iterator[AppContext]:
    session = open_session(small_vault)
    context = AppContext(session=session, prompter=ScriptedPrompter(), clipboard=ClipboardGuard())
    yield context
    worker.wait_for_all_tasks()
    session.close()


def _wait_loaded(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: worker.active_task_count() == 0, timeout=10_000)
    qtbot.wait(10)


def test_dashboard_shows_an_overdue_review_as_overdue(qtbot, ctx) -> None:
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: page.due_model.rowCount() == 1, timeout=10_000)
    index = page.due_model.index(0, 0)
    assert index.data() == "Overdue"
    assert page.due_model.data(index, STATUS_ROLE) == DueStatus.OVERDUE
    assert "3 days overdue" in page.due_model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert page.due_model.index(0, 2).data() == "Amara Okafor"
    assert page.overdue_tile.accessibleName() == "reviews and actions overdue: 1"
    assert "fde8e8" in page.overdue_tile.styleSheet()  # the alarm colour, with its word
    assert page.untriaged_tile.accessibleName() == "new concerns waiting for triage: 2"
    assert page.untriaged_model.rowCount() == 2
    # The pill is painted in the overdue red: find that colour in the status cell.
    rect = page.due_view.visualRect(index)
    image = page.due_view.viewport().grab(rect).toImage()
    reds = {
        (image.pixelColor(x, y).red(), image.pixelColor(x, y).green())
        for x in range(image.width())
        for y in range(image.height())
    }
    overdue_red = QColor("#9b1c1c")
    assert any(abs(r - overdue_red.red()) < 30 and g < 80 for r, g in reds)


def test_dashboard_reads_again_when_records_change(qtbot, ctx) -> None:
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.untriaged_model.rowCount() == 2, timeout=10_000)
    kids = list_children(ctx.session, audit=False)
    log_concern(ctx.session, draft(kids[0].child_id, "Fictional: a third concern."))
    ctx.events.records_changed.emit("concerns")
    qtbot.waitUntil(lambda: page.untriaged_model.rowCount() == 3, timeout=10_000)
    with qtbot.waitSignal(ctx.events.open_concern, timeout=2000) as signal:
        page.untriaged_view.setCurrentIndex(page.untriaged_model.index(0, 0))
        qtbot.keyClick(page.untriaged_view, Qt.Key.Key_Return)
    assert signal.args[1] in {k.child_id for k in kids}


def test_triage_page_fetches_200_at_a_time_and_marks_triaged(qtbot, tmp_path) -> None:
    root = tmp_path / "vault"
    make_vault(root)

    def fill(s: Session) -> None:
        import_pupils(s, [pupil(n, "Amara", f"Okafor{n}") for n in range(1, 4)])
        kids = [c.child_id for c in list_children(s, audit=False)]
        for n in range(450):
            log_concern(s, draft(kids[n % 3], f"Fictional fact number {n}."))

    with_session(root, fill)
    session = open_session(root)
    context = AppContext(session=session, prompter=ScriptedPrompter(), clipboard=ClipboardGuard())
    try:
        page = TriagePage(context)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: page.model.rowCount() == PAGE_SIZE, timeout=10_000)
        assert page.model.total() == 450
        assert page.model.canFetchMore(QModelIndex())
        page.model.fetchMore(QModelIndex())
        assert page.model.rowCount() == 2 * PAGE_SIZE
        page.model.fetchMore(QModelIndex())
        assert page.model.rowCount() == 450 and not page.model.canFetchMore(QModelIndex())
        ids = [page.model.concern(r).concern_id for r in range(450)]
        assert ids == sorted(ids)  # all recorded together: oldest first, then by number
        assert "450 concerns waiting" in page.summary.text()

        page.view.selectRow(0)
        first = page.model.concern(0).concern_id
        with qtbot.waitSignal(context.events.records_changed, timeout=2000):
            qtbot.keyClick(page.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
        assert concern_status(session, first) == "triaged"
        qtbot.waitUntil(lambda: page.model.total() == 449, timeout=10_000)
        assert page.model.concern(0).concern_id != first
    finally:
        worker.wait_for_all_tasks()
        session.close()


def test_reviews_page_completes_a_review_with_a_note(qtbot, ctx) -> None:
    page = ReviewsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    assert [page.model.index(r, 0).data() for r in range(2)] == ["Overdue", "OK"]
    assert page.until() == today_london() + timedelta(days=14)
    assert "2 due by" in page.summary.text() and "1 overdue" in page.summary.text()

    page.view.selectRow(0)
    item = page.model.item(0)
    assert page.complete_button.text() == "&Complete review…"
    qtbot.mouseClick(page.complete_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(CompleteDueDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no note yet
    assert dialog.isVisible() and dialog.error.text()
    qtbot.keyClicks(dialog.note, "Fictional: bruise healed; monitoring ends.")
    with qtbot.waitSignal(ctx.events.records_changed, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert reviews_for_child(ctx.session, item.child_id)[0].status.value == "done"
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)

    # An earlier date leaves out the review due in ten days.
    page.until_edit.setDate(page.until_edit.date().addDays(-7))
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    assert page.summary.text() == f"Nothing is due by {uk_date(page.until())}."


def test_search_finds_as_you_type_and_opens_the_concern(qtbot, ctx) -> None:
    page = SearchPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.keyClicks(page.search_edit, "bruis")  # the start of a word is enough
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.model.index(0, 2).data() == "Amara Okafor"
    assert "bruise" in page.model.index(0, 3).data()
    assert page.summary.text() == "1 concern contains “bruis”."
    with qtbot.waitSignal(ctx.events.open_concern, timeout=2000) as signal:
        qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    child = next(c for c in list_children(ctx.session, audit=False) if c.legal_forename == "Amara")
    assert signal.args == [page.model.row(0).concern_id, child.child_id]

    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "zebra")
    qtbot.waitUntil(lambda: page.summary.text() == "No concern contains “zebra”.", timeout=5000)
    assert page.model.rowCount() == 0


def test_a_slow_old_search_never_replaces_a_newer_one(qtbot, ctx) -> None:
    page = SearchPage(ctx)
    qtbot.addWidget(page)
    old = run_search(ctx.session, "hungry")
    page.search_edit.setText("bruise")
    page.search_now()
    stale_generation = page._generation - 1
    page._show(stale_generation, "hungry", old)  # arrives late
    assert page.model.rowCount() == 0
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert "bruise" in page.model.index(0, 3).data()


def test_models_pass_the_model_tester(qtmodeltester, ctx) -> None:
    session = ctx.session
    from safelog.services.due import due_items
    from safelog.services.ui_triage import untriaged_page

    untriaged = UntriagedTableModel()
    untriaged.reset(lambda o, n: untriaged_page(session, offset=o, limit=n), 2)
    qtmodeltester.check(untriaged)
    due = DueTableModel()
    due.set_items(due_items(session, today_london() + timedelta(days=30)), today_london())
    qtmodeltester.check(due)
    counts = CategoryCountTableModel()
    counts.set_counts({"physical-abuse": 3, "neglect": 5})
    qtmodeltester.check(counts)
    results = SearchResultsTableModel()
    results.set_rows(run_search(session, "fictional"))
    assert results.rowCount() == 2
    qtmodeltester.check(results)


def test_lazy_model_passes_the_model_tester_across_pages(qtmodeltester) -> None:
    from datetime import UTC, datetime

    from safelog.services.dashboard import UntriagedConcern

    moment = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    rows = [
        UntriagedConcern(n, moment, moment, 1, "Amara Okafor", "A1", ("neglect",), f"Fact {n}.")
        for n in range(1, 451)
    ]
    model = UntriagedTableModel()
    model.reset(lambda o, n: rows[o : o + n], len(rows))
    assert model.rowCount() == PAGE_SIZE and model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)  # fetches more as it walks
    due = DueTableModel()
    from safelog.domain.records import DueItem

    items = [
        DueItem("review", today_london() + timedelta(days=n - 200), 1, "A1", "Amara", "R", f"R{n}")
        for n in range(450)
    ]
    due.set_items(items, today_london())
    assert due.rowCount() == 200 and due.canFetchMore(QModelIndex())
    qtmodeltester.check(due)
