"""``safelog verify``: page HMACs and structure of both databases, both audit chains walked
from the start, and every stored record compared with the digest its audit event holds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from safelog.store import ledger
from safelog.store.audit import ChainHead, walk_chain
from safelog.store.db import Connection, DatabaseError, integrity_problems
from safelog.store.header import GOVERNANCE, RECORDS
from safelog.store.vault import DB_FILES, OpenVault

Progress = Callable[[int, int, str], None]


@dataclass
class DatabaseReport:
    database: str
    events: int = 0
    records: int = 0
    head: ChainHead | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class VerifyReport:
    databases: list[DatabaseReport]
    skipped: list[str]

    @property
    def ok(self) -> bool:
        return not any(d.problems for d in self.databases)

    def lines(self) -> list[str]:
        out: list[str] = []
        for d in self.databases:
            name = DB_FILES[d.database]
            if d.problems:
                out.append(f"{name}: FAILED")
                out.extend(f"  - {p}" for p in d.problems)
            else:
                head = f"; chain head {d.head.seq}:{d.head.hash[:16]}" if d.head else ""
                out.append(
                    f"{name}: intact ({d.events} audit events, {d.records} records checked{head})"
                )
        out.extend(
            f"{s}: not checked (this user's role does not hold its key)" for s in self.skipped
        )
        return out


def verify_vault(vault: OpenVault, progress: Progress | None = None) -> VerifyReport:
    reports: list[DatabaseReport] = []
    skipped: list[str] = []
    for step, database in enumerate((RECORDS, GOVERNANCE)):
        conn = vault.records if database == RECORDS else vault.governance
        if conn is None:
            skipped.append(DB_FILES[database])
            continue
        if progress:
            progress(step, 2, f"Checking {DB_FILES[database]}")
        report = DatabaseReport(database)
        try:
            _check_database(vault, database, conn, report)
        except DatabaseError as exc:
            report.problems.append(f"the file cannot be read to the end ({exc})")
        reports.append(report)
    return VerifyReport(reports, skipped)


def _check_database(
    vault: OpenVault, database: str, conn: Connection, report: DatabaseReport
) -> None:
    report.problems.extend(integrity_problems(conn))
    expected, collect = ledger.expected_digests()
    chain = walk_chain(vault.log(database), collect)
    report.events, report.head = chain.events, chain.head
    if not chain.ok:
        report.problems.append(
            f"the audit chain is broken at event {chain.broken_at}: {chain.problem}"
        )
    check = ledger.check_records(conn, database, expected)
    report.records = check.checked
    if chain.ok:
        # With a broken chain, the digests after the break cannot be trusted either way.
        report.problems.extend(check.problems)
