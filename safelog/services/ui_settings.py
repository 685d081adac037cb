"""School settings the desktop app shows and changes: contacts and the idle-lock time.

Settings are append-only rows in governance.db (the latest row for a name is the one in force),
so a change is a new row written in one transaction with its audit event; nothing is updated in
place. Validation is here, not in the GUI, so the first-run wizard, the settings dialog and any
future command share one set of rules and one sentence per problem. No Qt. Thread: any (callers
serialise use of a session).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from safelog.domain.records import Permission
from safelog.domain.timefmt import iso, now_utc
from safelog.services.session import Session
from safelog.store.errors import InvalidInput
from safelog.store.header import GOVERNANCE, canonical

IDLE_LOCK_SETTING = "idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 30
"""A record left open longer than half an hour on a shared laptop is an incident."""

_MAX_TEXT = 200
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_CHARS = re.compile(r"^[0-9+()\- ]+$")
_POLICE_SHORT = ("101", "999", "112")


@dataclass(frozen=True)
class ContactField:
    """One school contact: its setting name, the label a DSL knows, its kind and a hint."""

    key: str
    label: str
    kind: str  # "text", "phone", "email" or "police"
    required: bool
    hint: str


CONTACT_FIELDS: tuple[ContactField, ...] = (
    ContactField(
        "local_authority",
        "Local authority",
        "text",
        True,
        "The council whose children's services cover the school, e.g. Exampleshire County Council.",
    ),
    ContactField(
        "mash_phone",
        "MASH phone",
        "phone",
        True,
        "The Multi-Agency Safeguarding Hub's number for professionals, in office hours.",
    ),
    ContactField(
        "mash_out_of_hours_phone",
        "MASH out-of-hours phone",
        "phone",
        False,
        "The emergency duty team, for evenings, weekends and holidays.",
    ),
    ContactField(
        "mash_email", "MASH email", "email", False, "The secure address for written referrals."
    ),
    ContactField(
        "lado_name", "LADO name", "text", False, "The Local Authority Designated Officer."
    ),
    ContactField("lado_phone", "LADO phone", "phone", False, "For allegations against staff."),
    ContactField("lado_email", "LADO email", "email", False, "The LADO's secure address."),
    ContactField(
        "police_phone",
        "Police phone",
        "police",
        False,
        "Your local police contact, or 101 for non-emergencies. In an emergency, always 999.",
    ),
)

CONTACT_KEYS = tuple(f.key for f in CONTACT_FIELDS)


def contact_field(key: str) -> ContactField:
    for f in CONTACT_FIELDS:
        if f.key == key:
            return f
    raise KeyError(key)


def _in_sentence(label: str) -> str:
    """'Local authority' -> 'local authority', but 'MASH phone' and 'LADO name' keep capitals."""
    return label if label[:2].isupper() else label[0].lower() + label[1:]


def clean_contact(key: str, value: str) -> str:
    """``value`` tidied (spaces collapsed), or :class:`InvalidInput` with one sentence.

    An empty optional field is returned as ``""``.
    """
    spec = contact_field(key)
    text = " ".join(value.split())
    if not text:
        if spec.required:
            raise InvalidInput(f"Enter the {_in_sentence(spec.label)}.")
        return ""
    if len(text) > _MAX_TEXT:
        raise InvalidInput(
            f"The {_in_sentence(spec.label)} is too long; keep it under {_MAX_TEXT} characters."
        )
    if spec.kind == "email" and not _EMAIL.match(text):
        raise InvalidInput(f"The {spec.label} does not look like an email address; check it.")
    if spec.kind in ("phone", "police"):
        if spec.kind == "police" and text in _POLICE_SHORT:
            return text
        digits = sum(ch.isdigit() for ch in text)
        if not _PHONE_CHARS.match(text) or not 10 <= digits <= 13:
            raise InvalidInput(
                f"The {spec.label} should be a full phone number with its area code, "
                "such as 01632 960 123."
            )
    return text


def clean_contacts(values: Mapping[str, str]) -> dict[str, str]:
    """Every contact in ``values`` cleaned; the first problem raises :class:`InvalidInput`."""
    return {f.key: clean_contact(f.key, values.get(f.key, "")) for f in CONTACT_FIELDS}


def idle_lock_minutes(session: Session) -> int:
    """The idle-lock time in force, always within 1..30 minutes (default 5)."""
    try:
        minutes = int(session.setting(IDLE_LOCK_SETTING, DEFAULT_IDLE_MINUTES))
    except (TypeError, ValueError):
        minutes = DEFAULT_IDLE_MINUTES
    return min(max(minutes, MIN_IDLE_MINUTES), MAX_IDLE_MINUTES)


def school_contacts(session: Session) -> dict[str, str]:
    """Every contact setting as text ("" where none was given)."""
    return {key: str(session.setting(key, "") or "") for key in CONTACT_KEYS}


def save_settings(
    session: Session, *, contacts: Mapping[str, str] | None = None, idle_minutes: int | None = None
) -> list[str]:
    """Write the settings that changed as new rows; return their names (empty if none changed).

    Only a DSL or deputy may change them. Everything is validated before anything is written,
    and all rows go in one transaction with one audit event, so nothing is half-saved.
    """
    session.require(Permission.WRITE_RECORDS)
    wanted: dict[str, Any] = {}
    if contacts is not None:
        wanted.update(clean_contacts(contacts))
    if idle_minutes is not None:
        if not MIN_IDLE_MINUTES <= int(idle_minutes) <= MAX_IDLE_MINUTES:
            raise InvalidInput(
                f"Choose between {MIN_IDLE_MINUTES} and {MAX_IDLE_MINUTES} minutes for the "
                "idle lock."
            )
        wanted[IDLE_LOCK_SETTING] = int(idle_minutes)
    current: dict[str, Any] = dict(school_contacts(session))
    current[IDLE_LOCK_SETTING] = idle_lock_minutes(session)
    changed = [name for name, value in wanted.items() if current.get(name) != value]
    if not changed:
        return []
    stamp = iso(now_utc())
    with session.writing(
        GOVERNANCE, action="change", object_type="settings", permission=Permission.WRITE_RECORDS
    ) as w:
        for name in changed:
            w.add(
                "setting",
                {
                    "name": name,
                    "value": canonical(wanted[name]).decode(),
                    "set_at": stamp,
                    "set_by": session.user_id,
                },
            )
        w.object_id = "school"
        w.payload = {"changed": changed}
    return changed
