"""Shared builders for the records UI tests (tests/ui/test_records_*.py); it holds no tests.

Real SQLCipher vaults in ``tmp_path`` with the fast KDF, fictional pupils, and an
:class:`~ui.context.AppContext` wired to a :class:`~ui.seams.ScriptedPrompter`.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QWidget

from safelog.domain.pupils import ChildFlag, PupilRow
from safelog.domain.records import ChildDetails, ConcernDraft, ConcernRole, Involvement
from safelog.domain.timefmt import LONDON
from safelog.domain.upn import make_upn
from safelog.services import children
from safelog.services.session import Session, login
from safelog.store.vault import create_vault
from tests.conftest import DSL, FAST_KDF, PASSPHRASE, SCHOOL
from ui.clipboard import ClipboardGuard
from ui.context import AppContext
from ui.seams import ScriptedPrompter

OUTPUT = Path(__file__).resolve().parents[1] / "output" / "ui"

NAMES = [
    ("Amelia", "Ødegård"),
    ("Łukasz", "Kowalski"),
    ("Siobhán", "Ó Súilleabháin"),
    ("Zoë", "Nguyễn"),
    ("Oliver", "Smith"),
    ("Priya", "Patel"),
    ("محمد", "Khan"),
    ("Grace", "O'Brien"),
]


def upn(serial: int) -> str:
    return make_upn(879, 4321, 14, serial)


def new_session(vault_dir: Path, *, demo: bool = False) -> Session:
    settings: dict[str, object] = {"demo": True} if demo else {}
    vault, _recovery = create_vault(
        vault_dir,
        school=SCHOOL,
        dsl_name=DSL,
        passphrase=PASSPHRASE,
        kdf=FAST_KDF,
        settings=settings,
    )
    return login(vault)


def add_pupils(session: Session, count: int = len(NAMES)) -> list[ChildDetails]:
    """Fictional pupils 1..count (names cycle through :data:`NAMES`); Year 7 or 8 by parity."""
    rows = []
    for serial in range(1, count + 1):
        forename, surname = NAMES[(serial - 1) % len(NAMES)]
        year = 7 + serial % 2
        rows.append(
            PupilRow(
                upn=upn(serial),
                legal_surname=surname if serial <= len(NAMES) else f"{surname}{serial}",
                legal_forename=forename,
                preferred_forename="Millie" if forename == "Amelia" else None,
                preferred_surname=None,
                dob=date(2012 + serial % 2, 1 + serial % 12, 1 + serial % 27),
                gender="F",
                year_group=f"Year {year}",
                form=f"{year}{'AB'[serial % 2]}",
                flags=frozenset({ChildFlag.CP_PLAN}) if serial == 2 else frozenset(),
            )
        )
    children.import_pupils(session, rows)
    return [children.child_by_upn(session, r.upn) for r in rows]


def make_ctx(session: Session, prompter: ScriptedPrompter | None = None) -> AppContext:
    return AppContext(
        session=session,
        prompter=prompter or ScriptedPrompter(),
        clipboard=ClipboardGuard(clear_after_seconds=None),
    )


def simple_draft(
    child_id: int,
    facts: str = "Fictional: a bruise seen at break.",
    *,
    significant: bool = False,
    hours_ago: int = 2,
) -> ConcernDraft:
    return ConcernDraft(
        children=(Involvement(child_id, ConcernRole.SUBJECT),),
        occurred_at=(datetime.now(LONDON) - timedelta(hours=hours_ago)).replace(microsecond=0),
        categories=("physical-abuse",),
        facts=facts,
        child_words="It was at the park.",
        location="Playground",
        significant=significant,
    )


def shot(widget: QWidget, name: str) -> Path:
    """Save what ``widget`` looks like to tests/output/ui/<name>.png and return the path."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    assert widget.grab().save(str(path)), f"could not save {path}"
    return path


def csv_bytes(rows: list[list[str]]) -> bytes:
    header = "UPN,Legal Surname,Legal Forename,Preferred Forename,DOB,Year Group,Reg Group,CP Plan"
    lines = [header] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def wait_tasks() -> Callable[[], None]:
    from ui.worker import cancel_all_tasks, wait_for_all_tasks

    def finish() -> None:
        cancel_all_tasks()
        assert wait_for_all_tasks(10), "a background thread outlived the test"

    return finish
