"""Referrals: the one-working-day follow-up across weekends, Christmas and Easter; outcomes,
escalation, the due list; staff allegations only for the DSL and the head."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from safelog.domain.records import Role
from safelog.domain.timefmt import LONDON
from safelog.domain.workdays import add_working_days, is_working_day, referral_follow_up_due
from safelog.services import allegations, children, due, referrals, users
from safelog.services.chronology import chronology
from safelog.services.session import login
from safelog.services.verify import verify_vault
from safelog.store.errors import InvalidInput, NotPermitted
from safelog.store.vault import unlock
from tests.conftest import FAST_KDF
from tests.core.helpers import pupil


@pytest.mark.parametrize(
    ("referred", "due_on"),
    [
        (date(2026, 11, 18), date(2026, 11, 19)),  # Wednesday -> Thursday
        (date(2026, 11, 20), date(2026, 11, 23)),  # Friday -> Monday
        (date(2026, 11, 21), date(2026, 11, 23)),  # Saturday (out of hours) -> Monday
        (
            date(2026, 12, 24),
            date(2026, 12, 29),
        ),  # Christmas Eve -> past Christmas, Boxing Day (obs.)
        (date(2026, 12, 31), date(2027, 1, 4)),  # New Year's Eve -> past New Year's Day, weekend
        (date(2026, 4, 2), date(2026, 4, 7)),  # Maundy Thursday -> past Good Friday, Easter Monday
        (date(2027, 3, 25), date(2027, 3, 30)),  # Easter 2027
        (date(2026, 5, 22), date(2026, 5, 26)),  # Friday before the spring bank holiday
    ],
)
def test_one_working_day_follow_up(referred: date, due_on: date) -> None:
    assert referral_follow_up_due(referred) == due_on


def test_working_days() -> None:
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day observed
    assert is_working_day(date(2026, 12, 29))
    assert add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 30)


@pytest.fixture
def child(session):  # type: ignore[no-untyped-def]
    children.import_pupils(session, [pupil(1)])
    return children.child_by_upn(session, pupil(1).upn)


def test_referral_follow_up_outcome_and_escalation(session, child) -> None:  # type: ignore[no-untyped-def]
    made = referrals.add_referral(
        session,
        child_id=child.child_id,
        agency=referrals.Agency.parse("MASH"),
        referred_at=datetime(2025, 12, 24, 15, 40, tzinfo=LONDON),
        reference="MASH-123",
        spoke_to="Duty social worker",
    )
    assert made.follow_up_due == date(2025, 12, 29)
    items = due.due_items(session, date(2025, 12, 29))
    assert [(i.kind, i.due_on, i.upn) for i in items] == [
        ("referral_follow_up", date(2025, 12, 29), child.upn)
    ]
    assert made.late(date(2025, 12, 30)) and not made.late(date(2025, 12, 29))
    escalated = referrals.escalate(session, made.referral_id, "Called the team manager")
    assert escalated.escalation_note == "Called the team manager" and escalated.revision == 2
    done = referrals.record_outcome(
        session, made.referral_id, referrals.ReferralOutcome.CHILD_PROTECTION, note="s47 opened"
    )
    assert done.outcome is referrals.ReferralOutcome.CHILD_PROTECTION and done.revision == 3
    assert due.due_items(session, date(2026, 1, 31)) == []
    entry = next(
        e for e in chronology(session, child.child_id, summary=True) if e.kind == "referral"
    )
    assert "Children's social care / MASH" in entry.summary
    assert entry.outcome == "Child protection enquiry (s47): s47 opened"
    assert verify_vault(session.vault).ok
    with pytest.raises(InvalidInput, match="already has its outcome"):
        referrals.record_outcome(
            session, made.referral_id, referrals.ReferralOutcome.NO_FURTHER_ACTION
        )


def test_agency_names() -> None:
    assert referrals.Agency.parse("early-help") is referrals.Agency.EARLY_HELP
    with pytest.raises(InvalidInput, match="mash, police, lado or early-help"):
        referrals.Agency.parse("social services")


def test_allegations_only_for_dsl_and_head(session, vault_dir) -> None:  # type: ignore[no-untyped-def]
    case = allegations.open_case(
        session,
        staff_name="Mr Fictional Teacher",
        allegation="Grabbed a pupil's arm in the corridor.",
        received_at=datetime(2026, 11, 2, 9, 0, tzinfo=LONDON),
    )
    allegations.update_case(
        session,
        case,
        reason="LADO consulted",
        lado_reference="LADO-9",
        lado_consulted_at=datetime(2026, 11, 2, 11, 0, tzinfo=LONDON),
    )
    assert allegations.cases(session)[0].lado_reference == "LADO-9"
    for name, role in (("Dee Deputy", Role.DEPUTY), ("Hal Head", Role.HEAD)):
        users.add_user(
            session, name=name, role=role, passphrase="a very long passphrase", kdf=FAST_KDF
        )
    deputy = login(unlock(vault_dir, "Dee Deputy", "a very long passphrase"))
    with pytest.raises(NotPermitted, match="allegations against staff"):
        allegations.cases(deputy)
    deputy.close()
    head = login(unlock(vault_dir, "Hal Head", "a very long passphrase"))
    assert len(allegations.cases(head)) == 1
    with pytest.raises(NotPermitted):
        referrals.add_referral(
            head,
            child_id=1,
            agency=referrals.Agency.MASH,
            referred_at=datetime(2026, 11, 2, 9, 0, tzinfo=LONDON),
        )
    head.close()
