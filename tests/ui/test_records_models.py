"""Every records table model passes pytest-qt's model tester, empty and full, and pages lazily."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from safelog.domain.pupil_csv import RowError, parse_pupils_csv
from safelog.domain.pupils import ChildFlag
from safelog.domain.records import ActionKind, ConcernRole
from safelog.services import children, concerns, household, responses
from safelog.services.attachments import attach_bytes, attachments_for_child
from safelog.services.children import ChildFilter
from safelog.services.chronology import chronology
from safelog.services.session import Session
from safelog.services.users import user_names
from tests.conftest import DSL
from tests.ui.test_records_support import add_pupils, csv_bytes, new_session, simple_draft, upn
from ui.models.base import PAGE_SIZE, ROW_ROLE
from ui.models.children_table import CHILD_ID_ROLE, ChildrenTableModel
from ui.models.concern_tables import (
    ChronologyTableModel,
    ConcernRow,
    ConcernsTableModel,
    RevisionsTableModel,
)
from ui.models.import_tables import (
    ColumnMappingTableModel,
    ImportErrorsTableModel,
    PupilPreviewTableModel,
    mapping_rows,
)
from ui.models.response_tables import (
    ActionsTableModel,
    AttachmentsTableModel,
    DecisionsTableModel,
    HouseholdTableModel,
    ReviewsTableModel,
)


@pytest.fixture
def session(tmp_path: Path, qapp: QApplication) -> Iterator[Session]:
    s = new_session(tmp_path / "vault")
    yield s
    s.close()


def _rows(model) -> int:  # type: ignore[no-untyped-def]
    return model.rowCount(QModelIndex())


def test_children_model_pages_lazily_and_filters(qtmodeltester, session: Session) -> None:  # type: ignore[no-untyped-def]
    add_pupils(session, 450)
    model = ChildrenTableModel(session, today=date(2026, 3, 1))
    assert model.total() == 450
    assert _rows(model) == PAGE_SIZE  # never the whole school at once
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert _rows(model) == 2 * PAGE_SIZE
    model.fetchMore(QModelIndex())
    assert _rows(model) == 450
    assert not model.canFetchMore(QModelIndex())
    qtmodeltester.check(model, force_py=True)

    model.set_filter(ChildFilter(text="Millie"))  # preferred names are found too
    assert model.total() == _rows(model) > 0
    name = model.index(0, 0)
    assert name.data().startswith("Millie ")
    assert name.data(Qt.ItemDataRole.ToolTipRole).startswith("Legal name: Amelia ")
    child = model.index(0, 0).data(ROW_ROLE)
    assert model.index(0, 0).data(CHILD_ID_ROLE) == child.child_id
    first = next(r for r in range(_rows(model)) if model.index(r, 1).data() == upn(1))
    assert model.index(first, 2).data() == "02/02/2013"
    assert model.index(first, 3).data() == "13"  # on 01/03/2026
    model.set_filter(ChildFilter(flag=ChildFlag.CP_PLAN))
    assert model.total() == 1 and model.index(0, 6).data() == "CP plan"
    model.set_filter(ChildFilter(text="nobody-is-called-this"))
    assert model.total() == 0 and _rows(model) == 0
    qtmodeltester.check(model, force_py=True)


def test_record_models_with_real_rows(qtmodeltester, session: Session) -> None:  # type: ignore[no-untyped-def]
    kids = add_pupils(session, 3)
    child = kids[0].child_id
    draft = simple_draft(child, "Fictional: worry <b>not markup</b>.", significant=True)
    concern_id = concerns.log_concern(session, draft)
    concerns.correct_concern(
        session,
        concern_id,
        simple_draft(child, "Fictional: corrected.", significant=True),
        "Fictional: typo.",
    )
    responses.add_action(
        session,
        child_id=child,
        kind=ActionKind.SPOKE_TO_PARENT,
        description="Phone call",
        owner=DSL,
        due_on=date(2020, 1, 1),
    )
    responses.record_decision(
        session, child_id=child, decision="Do not refer", reasons="Fictional reasons."
    )
    responses.set_review(session, child_id=child, due_on=date(2020, 1, 1), concern_id=concern_id)
    household.save_member(
        session,
        child_id=child,
        name="Fictional Parent",
        relationship="Mother",
        parental_responsibility=True,
        linked_child_id=kids[1].child_id,
    )
    attach_bytes(session, concern_id, "note.txt", b"Fictional note.")
    names = user_names(session)

    built = []
    chron = ChronologyTableModel()
    chron.set_rows(chronology(session, child))
    built.append(chron)
    concern_model = ConcernsTableModel()
    latest = concerns.concern(session, concern_id)
    concern_model.set_rows([ConcernRow(latest, "new", ConcernRole.SUBJECT)])
    built.append(concern_model)
    revisions = RevisionsTableModel(names)
    revisions.set_rows(concerns.concern_history(session, concern_id))
    built.append(revisions)
    actions = ActionsTableModel(names)
    actions.set_rows(responses.actions_for_child(session, child))
    built.append(actions)
    decisions = DecisionsTableModel(names)
    decisions.set_rows(responses.decisions_for_child(session, child))
    built.append(decisions)
    reviews = ReviewsTableModel()
    reviews.set_rows(responses.reviews_for_child(session, child))
    built.append(reviews)
    family = HouseholdTableModel({kids[1].child_id: kids[1].display_name})
    family.set_rows(household.household(session, child))
    built.append(family)
    files = AttachmentsTableModel(names)
    files.set_rows(attachments_for_child(session, child))
    built.append(files)
    for model in built:
        qtmodeltester.check(model, force_py=True)
        assert _rows(model) >= 1, type(model).__name__

    assert chron.index(0, 1).data() == "Concern ★"
    assert chron.index(0, 3).data() == "“It was at the park.”"
    assert chron.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert concern_model.index(0, 2).data() == "New"
    assert concern_model.index(0, 3).data() == "Subject"
    assert revisions.index(0, 3).data() == "First recorded"
    assert revisions.index(1, 3).data() == "Fictional: typo."
    assert revisions.index(1, 2).data() == DSL
    assert actions.index(0, 4).data() == "Overdue"  # a word, not only a colour
    assert decisions.index(0, 2).data() == "Fictional reasons."
    assert reviews.index(0, 4).data() == f"C{concern_id}"
    assert family.index(0, 3).data() == "Yes"
    assert family.index(0, 7).data() == kids[1].display_name
    assert files.index(0, 2).data() == "15 bytes"


def test_import_models(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    parsed = parse_pupils_csv(
        csv_bytes(
            [
                [upn(1), "Ødegård", "Amelia", "Millie", "13/11/2012", "8", "8A", "N"],
                ["BAD", "Kowalski", "Łukasz", "", "03/09/2012", "8", "8B", "Y"],
            ]
        )
    )
    mapping = ColumnMappingTableModel()
    mapping.set_rows(mapping_rows(parsed))
    preview = PupilPreviewTableModel()
    preview.set_rows(parsed.rows)
    errors = ImportErrorsTableModel()
    errors.set_rows(parsed.errors)
    for model in (mapping, preview, errors):
        qtmodeltester.check(model, force_py=True)
    assert errors.index(0, 0).data() == "3"
    assert preview.index(0, 4).data() == "Millie Ødegård"
    missing = [r for r in mapping.items() if not r[1]]
    assert all(
        mapping.index(mapping.items().index(r), 1).data() == "Not in the file" for r in missing
    )


def test_list_model_pages_in_memory_rows(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    errors = ImportErrorsTableModel()
    errors.set_rows([RowError(n, None, f"Problem {n}.") for n in range(2, 502)])
    assert _rows(errors) == PAGE_SIZE and errors.total() == 500
    errors.reveal(250)
    assert _rows(errors) == 2 * PAGE_SIZE
    errors.reveal(450)
    assert _rows(errors) == 500
    assert not errors.canFetchMore(QModelIndex())
    qtmodeltester.check(errors, force_py=True)
    errors.set_rows([])
    qtmodeltester.check(errors, force_py=True)
    assert _rows(errors) == 0


def test_children_import_keeps_model_consistent(qtmodeltester, session: Session) -> None:  # type: ignore[no-untyped-def]
    model = ChildrenTableModel(session)
    qtmodeltester.check(model, force_py=True)
    assert model.total() == 0
    add_pupils(session, 5)
    model.refresh()
    qtmodeltester.check(model, force_py=True)
    assert model.total() == 5
    assert children.count_children(session) == 5
