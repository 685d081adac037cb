"""safelog.services.ui_records: the form list and concern events the desktop screens read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from safelog.services import children, concerns, responses, ui_records
from safelog.store.errors import InvalidInput
from tests.core.helpers import draft, pupil


def test_form_groups_are_in_school_order_and_follow_the_latest_version(session) -> None:  # type: ignore[no-untyped-def]
    rows = [
        pupil(1, form="10A", year_group="Year 10"),
        pupil(2, form="7B", year_group="Year 7"),
        pupil(3, form="7A", year_group="Year 7"),
        pupil(4, form="10A", year_group="Year 10"),
        pupil(5, form=None, year_group="Year 7"),
    ]
    children.import_pupils(session, rows)
    assert ui_records.form_groups(session) == ["7A", "7B", "10A"]
    assert ui_records.form_groups(session, "Year 7") == ["7A", "7B"]
    # A child who moves form leaves the old form off the list once nobody is in it.
    children.import_pupils(session, [pupil(1, form="10C", year_group="Year 10")])
    assert ui_records.form_groups(session, "Year 10") == ["10A", "10C"]
    children.import_pupils(session, [pupil(4, form="10C", year_group="Year 10")])
    assert ui_records.form_groups(session, "Year 10") == ["10C"]


def test_concern_events_and_statuses(session) -> None:  # type: ignore[no-untyped-def]
    children.import_pupils(session, [pupil(1)])
    child = children.list_children(session)[0].child_id
    first = concerns.log_concern(session, draft(child))
    second = concerns.log_concern(session, draft(child, "Another fictional account."))
    assert ui_records.concern_events(session, first) == []
    assert ui_records.concern_statuses(session, [first, second]) == {first: "new", second: "new"}

    before = datetime.now(UTC).replace(microsecond=0)
    responses.concern_event(session, first, "triaged", "Looked at the same day.")
    responses.concern_event(session, first, "outcome", "Parent spoken to; monitoring.")
    responses.concern_event(session, first, "closed", "No further concerns after review.")
    responses.concern_event(session, second, "triaged")
    responses.concern_event(session, second, "closed", "Resolved.")
    responses.concern_event(session, second, "reopened", "New information from the parent.")

    events = ui_records.concern_events(session, first)
    assert [e.event for e in events] == ["triaged", "outcome", "closed"]
    assert events[1].detail == "Parent spoken to; monitoring."
    assert events[0].recorded_by == session.user_id
    assert all(e.at >= before for e in events)
    statuses = ui_records.concern_statuses(session, [first, second])
    assert statuses == {first: "closed", second: "triaged"}
    # The batch answer agrees with the one-at-a-time service for every concern.
    for concern_id, status in statuses.items():
        assert responses.concern_status(session, concern_id) == status
    with pytest.raises(InvalidInput):
        responses.concern_event(session, first, "closed", "")


def test_many_concerns_in_one_call(session) -> None:  # type: ignore[no-untyped-def]
    children.import_pupils(session, [pupil(1)])
    child = children.list_children(session)[0].child_id
    ids = [concerns.log_concern(session, draft(child, f"Account {n}.")) for n in range(3)]
    statuses = ui_records.concern_statuses(session, [*ids, *range(10_000, 11_200)])
    assert len(statuses) == 1203
    assert set(statuses.values()) == {"new"}
