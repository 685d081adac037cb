"""Setting up a school's vault: the vault itself, then its own signing identity for PDFs."""

from __future__ import annotations

from pathlib import Path

from safelog.services.exports import signing_identity
from safelog.services.session import Session, login
from safelog.store.keys import PRODUCTION_KDF, KdfParams
from safelog.store.vault import create_vault


def create_school_vault(
    root: Path,
    *,
    school: str,
    dsl_name: str,
    passphrase: str,
    settings: dict[str, object] | None = None,
    kdf: KdfParams = PRODUCTION_KDF,
) -> tuple[Session, str]:
    """Create the vault and sign in as its DSL; return the session and the recovery key.

    The signing key and certificate (school name, DSL) are made now, at set-up, and kept
    encrypted in records.db, so the first export does not wait for key generation.
    """
    vault, recovery = create_vault(
        root, school=school, dsl_name=dsl_name, passphrase=passphrase, kdf=kdf, settings=settings
    )
    session = login(vault)
    try:
        signing_identity(session)
    except BaseException:
        session.close()
        raise
    return session, recovery
