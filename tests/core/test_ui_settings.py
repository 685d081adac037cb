"""safelog.services.ui_settings: school contacts and idle-lock time as append-only settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from safelog.domain.records import Role
from safelog.services.session import Session, login
from safelog.services.ui_settings import (
    DEFAULT_IDLE_MINUTES,
    clean_contact,
    clean_contacts,
    idle_lock_minutes,
    save_settings,
    school_contacts,
)
from safelog.services.users import add_user
from safelog.services.verify import verify_vault
from safelog.store.errors import InvalidInput, NotPermitted
from safelog.store.vault import unlock
from tests.conftest import FAST_KDF

GOOD = {
    "local_authority": "Exampleshire County Council",
    "mash_phone": "01632 960 123",
    "mash_out_of_hours_phone": "",
    "mash_email": "mash@example.org",
    "lado_name": "Pat Placeholder",
    "lado_phone": "01632 960 456",
    "lado_email": "",
    "police_phone": "101",
}


def test_clean_contact_tidies_and_refuses_with_one_sentence() -> None:
    assert clean_contact("mash_phone", "  01632   960 123 ") == "01632 960 123"
    assert clean_contact("police_phone", "999") == "999"
    assert clean_contact("lado_email", "") == ""
    with pytest.raises(InvalidInput, match="MASH phone should be a full phone number"):
        clean_contact("mash_phone", "12345")
    with pytest.raises(InvalidInput, match="Enter the local authority"):
        clean_contact("local_authority", "   ")
    with pytest.raises(InvalidInput, match="does not look like an email"):
        clean_contact("mash_email", "mash at example")
    with pytest.raises(InvalidInput, match="full phone number"):
        clean_contact("lado_phone", "call 01632 960 456")


def test_clean_contacts_requires_the_mash_phone() -> None:
    with pytest.raises(InvalidInput, match="MASH phone"):
        clean_contacts({**GOOD, "mash_phone": ""})


def test_save_settings_appends_only_what_changed(session: Session) -> None:
    assert idle_lock_minutes(session) == DEFAULT_IDLE_MINUTES
    changed = save_settings(session, contacts=GOOD, idle_minutes=12)
    assert "mash_phone" in changed and "idle_lock_minutes" in changed
    assert "mash_out_of_hours_phone" not in changed  # "" before and after
    assert idle_lock_minutes(session) == 12
    assert school_contacts(session)["mash_email"] == "mash@example.org"
    assert save_settings(session, contacts=GOOD, idle_minutes=12) == []
    assert save_settings(session, idle_minutes=7) == ["idle_lock_minutes"]
    rows = session.vault.governance.execute(
        "SELECT value FROM settings WHERE name = 'idle_lock_minutes' ORDER BY id"
    ).fetchall()
    assert [r[0] for r in rows] == ["12", "7"]  # a new row per change, never an update
    report = verify_vault(session.vault)
    assert report.ok, report.lines()


def test_save_settings_saves_nothing_when_one_field_is_wrong(session: Session) -> None:
    with pytest.raises(InvalidInput):
        save_settings(session, contacts={**GOOD, "lado_email": "nope"}, idle_minutes=9)
    assert idle_lock_minutes(session) == DEFAULT_IDLE_MINUTES
    assert school_contacts(session)["mash_phone"] == ""
    with pytest.raises(InvalidInput, match="between 1 and 30"):
        save_settings(session, idle_minutes=31)


def test_idle_minutes_are_clamped_when_read(session: Session) -> None:
    save_settings(session, idle_minutes=30)
    assert idle_lock_minutes(session) == 30


def test_a_headteacher_cannot_change_settings(session: Session, vault_dir: Path) -> None:
    add_user(
        session, name="Hal Head", role=Role.HEAD, passphrase="head passphrase long", kdf=FAST_KDF
    )
    head = login(unlock(vault_dir, "Hal Head", "head passphrase long"))
    try:
        with pytest.raises(NotPermitted):
            save_settings(head, idle_minutes=10)
    finally:
        head.close()
