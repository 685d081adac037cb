"""No plaintext on disk: plant a marker name and text, then scan every file in the vault folder
(including -wal and -shm, while the vault is open and after it is closed) in UTF-8 and UTF-16."""

from __future__ import annotations

from pathlib import Path

from safelog.services import children, concerns
from safelog.services.chronology import chronology
from safelog.services.session import login
from safelog.store.vault import create_vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.core.helpers import draft, pupil

MARKER_NAME = "Quillontrax"
MARKER_TEXT = "zebracrumpet marmalade ladder"
MARKER_UPN_SERIAL = 777


def _encodings(marker: str) -> list[bytes]:
    return [marker.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")]


def _scan(folder: Path) -> list[str]:
    found = []
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files, "nothing to scan"
    for path in files:
        data = path.read_bytes()
        for marker in (
            MARKER_NAME,
            MARKER_TEXT,
            pupil(MARKER_UPN_SERIAL).upn,
            "Fictional Secret School",
        ):
            for needle in _encodings(marker):
                if needle in data:
                    found.append(f"{marker!r} in {path.name}")
    return found


def test_no_marker_in_any_vault_file(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    vault, _ = create_vault(
        root,
        school="Fictional Secret School",
        dsl_name="Dee Fictional",
        passphrase=PASSPHRASE,
        kdf=FAST_KDF,
    )
    session = login(vault)
    children.import_pupils(session, [pupil(MARKER_UPN_SERIAL, MARKER_NAME, MARKER_NAME)])
    child = children.child_by_upn(session, pupil(MARKER_UPN_SERIAL).upn)
    for i in range(200):  # enough to spill pages into the WAL
        cid = concerns.log_concern(
            session,
            draft(child.child_id, f"{MARKER_TEXT} {i}", words=f"{MARKER_NAME} said {MARKER_TEXT}"),
        )
    concerns.correct_concern(session, cid, draft(child.child_id, "corrected"), MARKER_TEXT)
    assert concerns.search_concerns(session, MARKER_TEXT.split()[0])
    chronology(session, child.child_id)
    wal = root / "records.db-wal"
    assert wal.exists() and wal.stat().st_size > 0, "the WAL should hold pages while open"
    assert _scan(root) == []  # while open, -wal and -shm included
    session.close()
    assert _scan(root) == []
    assert "Fictional Secret School" not in (root / "vault.json").read_text("utf-8")
