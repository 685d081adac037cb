"""Shared builders for the export UI tests (tests/ui/test_exports_*.py); it holds no tests.

Real SQLCipher vaults in ``tmp_path`` with the fast KDF, fictional pupils and concerns, an
:class:`~ui.context.AppContext` on a :class:`~ui.seams.ScriptedPrompter`, a printer seam that
writes to a PDF file, and helpers that read the signed PDFs back with pypdf.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io
from datetime import date, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from safelog.domain.pupils import PupilRow
from safelog.domain.records import ChildDetails, ConcernDraft, ConcernRole, Involvement, Role
from safelog.domain.timefmt import LONDON
from safelog.domain.upn import make_upn
from safelog.services import children, concerns
from safelog.services.session import Session, login
from safelog.services.users import add_user
from safelog.store.audit import AuditEvent
from safelog.store.header import RECORDS
from safelog.store.vault import create_vault, unlock
from tests.conftest import DSL, FAST_KDF, PASSPHRASE, SCHOOL
from ui.clipboard import ClipboardGuard
from ui.context import AppContext
from ui.exports.printing import PrinterChooser, PrintRequest
from ui.seams import ScriptedPrompter
from ui.worker import cancel_all_tasks, wait_for_all_tasks

OUTPUT = Path(__file__).resolve().parents[1] / "output" / "ui"
FORENAME, SURNAME = "Zoë", "Nguyễn"


def new_session(vault_dir: Path, *, demo: bool = False) -> Session:
    vault, _recovery = create_vault(
        vault_dir,
        school=SCHOOL,
        dsl_name=DSL,
        passphrase=PASSPHRASE,
        kdf=FAST_KDF,
        settings={"demo": True} if demo else {},
    )
    return login(vault)


def session_as(dsl: Session, vault_dir: Path, name: str, role: Role) -> Session:
    """Add ``name`` with ``role`` (as the DSL) and sign in as them on the same vault."""
    passphrase = f"{name} fictional passphrase for tests"
    add_user(dsl, name=name, role=role, passphrase=passphrase, kdf=FAST_KDF)
    return login(unlock(vault_dir, name, passphrase))


def add_child(session: Session, serial: int = 1) -> ChildDetails:
    upn = make_upn(879, 4321, 14, serial)
    children.import_pupils(
        session,
        [
            PupilRow(
                upn=upn,
                legal_surname=SURNAME,
                legal_forename=FORENAME,
                preferred_forename=None,
                preferred_surname=None,
                dob=date(2013, 5, 17),
                gender="F",
                year_group="Year 8",
                form="8B",
                flags=frozenset(),
            )
        ],
    )
    return children.child_by_upn(session, upn)


def add_concerns(session: Session, child_id: int, count: int, *, days_apart: int = 10) -> None:
    """``count`` fictional concerns, the newest an hour ago; every third is significant."""
    now = datetime.now(LONDON).replace(microsecond=0, second=0)
    for n in range(count):
        when = now - timedelta(hours=1) - timedelta(days=days_apart * (count - 1 - n))
        concerns.log_concern(
            session,
            ConcernDraft(
                children=(Involvement(child_id, ConcernRole.SUBJECT),),
                occurred_at=when,
                categories=("neglect",),
                facts=f"Fictional concern {n + 1}: arrived without a coat in the rain.",
                child_words="Mum said I didn't need one.",
                location="School gate",
                significant=n % 3 == 0,
            ),
        )


def make_ctx(session: Session, prompter: ScriptedPrompter | None = None) -> AppContext:
    return AppContext(
        session=session,
        prompter=prompter or ScriptedPrompter(),
        clipboard=ClipboardGuard(clear_after_seconds=None),
    )


def finish_tasks() -> None:
    """Teardown: no background thread may outlive a test."""
    cancel_all_tasks()
    assert wait_for_all_tasks(20), "a background thread outlived the test"


def pdf_file_printer(path: Path, seen: list[PrintRequest] | None = None) -> PrinterChooser:
    """The printer seam for tests: no dialog, a QPrinter writing a PDF file at ``path``."""

    def choose(_parent: QWidget, request: PrintRequest) -> QPrinter:
        if seen is not None:
            seen.append(request)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setResolution(96)  # keeps the rendered page images small and the test quick
        return printer

    return choose


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def audit_events(session: Session, child_id: int, action: str) -> list[AuditEvent]:
    log = session.vault.log(RECORDS)
    return [
        e for e in log.events(object_type="child", object_id=str(child_id)) if e.action == action
    ]


def shot(widget: QWidget, name: str) -> Path:
    """Save what ``widget`` looks like to tests/output/ui/<name>.png and return the path."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    assert widget.grab().save(str(path)), f"could not save {path}"
    return path
