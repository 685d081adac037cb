"""How tests/data/vault-v1 was made, by SafeLog 0.1.0 (vault format 1, records schema 2,
governance schema 1). Kept for the record; never re-run it to 'refresh' the fixture, since its
whole point is to stay as the first version wrote it. Fictional data only.

    .venv/bin/python -m tests.data.make_vault_v1
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from safelog.domain.records import ConcernRole
from safelog.domain.timefmt import LONDON
from safelog.services import children, concerns, responses
from safelog.services.session import login
from safelog.store.vault import create_vault
from tests.core.helpers import draft, pupil

HERE = Path(__file__).resolve().parent


def main() -> None:
    vault, recovery = create_vault(
        HERE / "vault-v1",
        school="Fictional Fixture Primary",
        dsl_name="Dana Fixture",
        passphrase="fixture passphrase for tests only",
    )
    session = login(vault)
    children.import_pupils(
        session, [pupil(11, "Łukasz", "Ødegård"), pupil(12, "Siobhán", "O'Brien")]
    )
    a = children.child_by_upn(session, pupil(11).upn)
    b = children.child_by_upn(session, pupil(12).upn)
    cid = concerns.log_concern(
        session,
        draft(
            a.child_id,
            "A fixture concern: bruise on the left shin noticed in PE.",
            when=datetime(2026, 2, 3, 11, 20, tzinfo=LONDON),
            others=((b.child_id, ConcernRole.WITNESS),),
            significant=True,
        ),
    )
    concerns.correct_concern(
        session,
        cid,
        draft(
            a.child_id,
            "A fixture concern: bruise on the right shin noticed in PE.",
            when=datetime(2026, 2, 3, 11, 20, tzinfo=LONDON),
            others=((b.child_id, ConcernRole.WITNESS),),
            significant=True,
        ),
        "Wrong leg",
    )
    responses.record_decision(
        session,
        child_id=a.child_id,
        concern_id=cid,
        decision="No referral; monitor",
        reasons="Explained injury.",
    )
    session.close()
    (HERE / "vault-v1.recovery-key.txt").write_text(recovery + "\n")


if __name__ == "__main__":
    main()
