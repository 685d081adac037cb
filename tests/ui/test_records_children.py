"""The children page (filter as you type, open a child) and the pupil import dialog."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from safelog.domain.pupils import ChildFlag
from safelog.services import children
from safelog.services.session import Session
from tests.ui.test_records_support import (
    add_pupils,
    csv_bytes,
    make_ctx,
    new_session,
    shot,
    upn,
    wait_tasks,
)
from ui.context import AppContext
from ui.dialogs.import_pupils import NOTHING_UNTIL_FIXED, ImportPupilsDialog
from ui.pages.children import ChildrenPage
from ui.seams import ScriptedPrompter


def _type_filter(qtbot, page: ChildrenPage, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a person, then wait for the debounced query to catch up."""
    page.filter_edit.clear()
    qtbot.keyClicks(page.filter_edit, text)
    qtbot.waitUntil(lambda: page.model.current_filter().text == text, timeout=2000)


@pytest.fixture
def session(tmp_path: Path, qapp: QApplication) -> Iterator[Session]:
    s = new_session(tmp_path / "vault")
    yield s
    wait_tasks()()
    s.close()


@pytest.fixture
def ctx(session: Session) -> AppContext:
    return make_ctx(session)


def test_filter_as_you_type_and_open_with_enter(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    add_pupils(ctx.session, 8)
    page = ChildrenPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    assert page.model.total() == 8
    assert page.count_label.text() == "8 children"

    _type_filter(qtbot, page, "kowal")
    assert page.model.total() == 1
    assert page.model.index(0, 0).data() == "Łukasz Kowalski"
    assert page.count_label.text() == "1 child matches"

    # The UPN finds the child too, in any case.
    _type_filter(qtbot, page, upn(4).lower())
    assert page.model.total() == 1
    assert page.model.index(0, 1).data() == upn(4)

    _type_filter(qtbot, page, "Millie")  # preferred name shown, legal name in tooltip
    assert page.model.total() == 1
    assert page.model.index(0, 0).data() == "Millie Ødegård"
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Legal name: Amelia Ødegård"

    with qtbot.waitSignal(ctx.events.open_child, timeout=1000) as opened:
        qtbot.keyClick(page.filter_edit, Qt.Key.Key_Return)
    expected = children.child_by_upn(ctx.session, upn(1)).child_id
    assert opened.args == [expected]


def test_year_form_and_flag_filters(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    add_pupils(ctx.session, 8)
    page = ChildrenPage(ctx)
    qtbot.addWidget(page)
    years = [page.year_combo.itemText(i) for i in range(page.year_combo.count())]
    assert years == ["All years", "Year 7", "Year 8"]
    qtbot.keyClick(page.year_combo, Qt.Key.Key_Down)  # "Year 7"
    assert page.model.total() == 4
    forms = [page.form_combo.itemText(i) for i in range(page.form_combo.count())]
    assert forms == ["All forms", "7A"]
    qtbot.keyClick(page.form_combo, Qt.Key.Key_Down)
    assert page.model.current_filter().form == "7A"
    assert page.model.total() == 4
    page.clear_filters()
    page.flag_combo.setCurrentIndex(page.flag_combo.findText(ChildFlag.CP_PLAN.label))
    assert page.model.total() == 1
    assert page.model.index(0, 6).data() == "CP plan"
    page.clear_filters()
    assert page.model.total() == 8


def test_double_click_opens_the_child(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    kids = add_pupils(ctx.session, 3)
    page = ChildrenPage(ctx)
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    qtbot.waitExposed(page)
    rect = page.table.visualRect(page.model.index(1, 0))
    with qtbot.waitSignal(ctx.events.open_child, timeout=1000) as opened:
        # A real double-click starts with a press: the view only opens the row it was pressed on.
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [page.model.child_at(1).child_id]
    assert opened.args[0] in {k.child_id for k in kids}


def test_import_shows_every_bad_row_and_saves_nothing_then_imports(
    qtbot, tmp_path: Path, session: Session
) -> None:
    bad = tmp_path / "pupils-bad.csv"
    bad.write_bytes(
        csv_bytes(
            [
                [upn(1), "Ødegård", "Amelia", "Millie", "13/11/2012", "8", "8A", "N"],
                ["A123", "Kowalski", "Łukasz", "", "03/09/2012", "Year 8", "8B", "Y"],
                [upn(3), "Nguyễn", "Zoë", "", "31/02/2012", "Y8", "8A", "N"],
                [upn(4), "Smith", "Oliver", "", "01/05/2013", "7", "7A", "N"],
            ]
        )
    )
    good = tmp_path / "pupils-good.csv"
    good.write_bytes(
        csv_bytes(
            [
                [upn(1), "Ødegård", "Amelia", "Millie", "13/11/2012", "8", "8A", "N"],
                [upn(2), "Kowalski", "Łukasz", "", "03/09/2012", "Year 8", "8B", "Y"],
                [upn(3), "Nguyễn", "Zoë", "", "28/02/2012", "Y8", "8A", "N"],
                [upn(4), "Smith", "Oliver", "", "01/05/2013", "7", "7A", "N"],
            ]
        )
    )
    prompter = ScriptedPrompter(opens=[bad, good])
    ctx = make_ctx(session, prompter)
    page = ChildrenPage(ctx)
    qtbot.addWidget(page)
    dialog = ImportPupilsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.parsed is not None, timeout=5000)
    assert [e.line for e in dialog.errors_model.items()] == [3, 4]
    assert dialog.errors_model.index(0, 2).data()  # the reason, one sentence
    assert "31/02/2012" in dialog.errors_model.index(1, 2).data()
    assert NOTHING_UNTIL_FIXED in dialog.status_label.text()
    assert dialog.errors_box.isVisible()
    assert not dialog.import_button.isEnabled()
    assert dialog.preview_model.total() == 2
    mapping = {r[0]: r[1] for r in dialog.mapping_model.items()}
    assert mapping["UPN"] == "UPN" and mapping["Date of birth"] == "DOB"
    shot(dialog, "records_import_preview_errors_small")
    # Pressing the shortcut does nothing either: nothing was saved.
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(250)  # a shortcut clicks its button after a short animation
    assert children.count_children(session) == 0

    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=5000)
    assert not dialog.errors_box.isVisible()
    assert dialog.preview_model.total() == 4
    assert dialog.preview_model.index(0, 4).data() == "Millie Ødegård"
    assert dialog.preview_model.index(1, 8).data() == "CP plan"
    with qtbot.waitSignal(ctx.events.records_changed, timeout=5000) as changed:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert changed.args == ["children"]
    assert dialog.result_label.text() == "Imported 4 pupils: 4 new, 0 updated, 0 unchanged."
    assert not dialog.import_button.isEnabled()
    assert children.count_children(session) == 4
    assert page.model.total() == 4  # the page listened and refreshed
    assert prompter.unused_answers() == 0
    assert prompter.kinds() == ["open_file", "open_file"]


def test_unreadable_file_is_one_sentence(qtbot, tmp_path: Path, session: Session) -> None:  # type: ignore[no-untyped-def]
    prompter = ScriptedPrompter(opens=[tmp_path / "missing.csv"])
    dialog = ImportPupilsDialog(make_ctx(session, prompter))
    qtbot.addWidget(dialog)
    dialog.choose_file()
    qtbot.waitUntil(lambda: "error" in prompter.kinds(), timeout=5000)
    assert prompter.calls[-1].title == "Import pupils"
    assert "could not be read" in prompter.calls[-1].text
    assert dialog.choose_button.isEnabled()
