"""`make bench`: SafeLog's performance targets on a school-scale demo vault.

Builds (once, cached under tests/output/bench/) a vault with 2,000 fictional pupils and 200,000
concerns, and a plain-SQLite copy with the same schema and data (sqlcipher_export). Runs the
same queries on both and prints medians and the SQLCipher/plain ratio, then the service-level
timings a DSL feels (unlock, open a child's chronology, search) and peak memory.
Figures are reported, never asserted: a benchmark is not a test.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import sqlcipher3

from safelog.domain.terms import term_containing
from safelog.domain.timefmt import LONDON
from safelog.services import concerns
from safelog.services.chronology import chronology
from safelog.services.demo import fill_demo
from safelog.services.session import Session, login
from safelog.store.db import Connection, open_database
from safelog.store.vault import create_vault, unlock

OUT = Path(__file__).resolve().parents[1] / "output" / "bench"
VAULT = OUT / "vault"
PLAIN = OUT / "plain.db"
USER = "Bench DSL"
PASSPHRASE = "benchmark passphrase only"
PUPILS = int(os.environ.get("SAFELOG_BENCH_PUPILS", "2000"))
CONCERNS = int(os.environ.get("SAFELOG_BENCH_CONCERNS", "200000"))
RUNS = 25
TERM_START = term_containing(datetime.now(LONDON).date()).start.isoformat()

CHRONOLOGY_SQL = """
SELECT r.id, r.concern_id, r.revision, r.occurred_at, r.facts, r.child_words,
  (SELECT json_group_array(json_array(child_id, role)) FROM concern_children
     WHERE revision_id = r.id),
  (SELECT json_group_array(category) FROM concern_categories WHERE revision_id = r.id)
FROM concern_revisions AS r JOIN concern_children AS cc ON cc.revision_id = r.id
WHERE cc.child_id = ? AND r.revision = (SELECT max(revision) FROM concern_revisions
                                        WHERE concern_id = r.concern_id)
ORDER BY r.occurred_at
"""
SEARCH_SQL = """
SELECT s.rowid, snippet(concern_search, -1, '[', ']', '…', 12) FROM concern_search AS s
WHERE concern_search MATCH ? ORDER BY s.rowid DESC LIMIT 50
"""
COUNT_SQL = """
SELECT c.category, count(*) FROM concern_revisions AS r INDEXED BY concern_revisions_by_time
JOIN concern_categories AS c ON c.revision_id = r.id
WHERE r.occurred_at >= ? AND
      r.revision = (SELECT max(revision) FROM concern_revisions WHERE concern_id = r.concern_id)
GROUP BY c.category ORDER BY 2 DESC
"""


def median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    fn()  # warm the page cache once, as a second look at a file would be
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if VAULT.exists():
        vault = unlock(VAULT, USER, PASSPHRASE)  # brings the vault to the current schema
        key = vault.key("records")
        version = vault.records.execute("PRAGMA user_version").fetchone()[0]  # type: ignore[union-attr]
        vault.close()
        for stale in VAULT.glob("*.backup.db"):
            stale.unlink()  # copies taken before a schema upgrade; the bench vault is rebuildable
        if not PLAIN.exists() or _plain_version() != version:
            _export_plain(key)
        return
    print(f"Building the bench vault: {PUPILS} pupils, {CONCERNS} concerns (once)…", flush=True)
    start = time.perf_counter()
    vault, _ = create_vault(
        VAULT,
        school="Fictional Bench Academy",
        dsl_name=USER,
        passphrase=PASSPHRASE,
        settings={"demo": True},
    )
    session = login(vault)
    last = [0.0]

    def progress(done: int, total: int, message: str) -> None:
        if time.perf_counter() - last[0] > 5:
            last[0] = time.perf_counter()
            print(f"  {message}: {done}/{total}", flush=True)

    fill_demo(session, pupils=PUPILS, concerns=CONCERNS, seed=1, progress=progress)
    key = vault.key("records")
    session.close()
    print(f"  demo data written in {time.perf_counter() - start:.0f} s")
    _export_plain(key)


def _plain_version() -> int:
    conn = sqlcipher3.connect(str(PLAIN))
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def _export_plain(key: bytes) -> None:
    """The same schema and data without encryption, for the SQLCipher/plain ratio."""
    conn = open_database(VAULT / "records.db", key)
    if PLAIN.exists():
        PLAIN.unlink()
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(PLAIN),))
    conn.execute("SELECT sqlcipher_export('plain')")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute(f"PRAGMA plain.user_version = {int(version)}")
    conn.execute("DETACH DATABASE plain")
    conn.close()


def plain_connection() -> Connection:
    conn = sqlcipher3.connect(str(PLAIN), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA cache_size = -65536")  # the same cache as the vault: a fair ratio
    return conn


def heavy_child(conn: Connection) -> int:
    row = conn.execute(
        "SELECT child_id, count(*) FROM concern_children GROUP BY child_id ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    return int(row[0])


def main() -> int:
    build()
    start = time.perf_counter()
    vault = unlock(VAULT, USER, PASSPHRASE)
    unlock_s = time.perf_counter() - start
    session: Session = login(vault)
    enc = session.conn()
    plain = plain_connection()
    child = heavy_child(enc)
    entries = len(enc.execute(CHRONOLOGY_SQL, (child,)).fetchall())
    total = enc.execute("SELECT count(*) FROM concerns").fetchone()[0]
    print(f"\nSafeLog benchmark: {total} concerns; the busiest child has {entries} entries.")
    print(f"{'query':<36}{'SQLCipher ms':>14}{'plain ms':>11}{'ratio':>8}")
    for label, sql, args in (
        ("open a child's chronology (SQL)", CHRONOLOGY_SQL, (child,)),
        ("full-text search 'home*'", SEARCH_SQL, ('"home"*',)),
        ("count by category, this term", COUNT_SQL, (TERM_START,)),
        ("count by category, all time", COUNT_SQL, ("",)),
    ):
        a = median_ms(lambda sql=sql, args=args: enc.execute(sql, args).fetchall())
        b = median_ms(lambda sql=sql, args=args: plain.execute(sql, args).fetchall())
        print(f"{label:<36}{a:>14.2f}{b:>11.2f}{a / b:>8.2f}")
    print("\nWhat a DSL feels (service level, SQLCipher):")
    print(f"  unlock (Argon2id + open + migrations check): {unlock_s * 1000:.0f} ms")
    chrono = median_ms(lambda: chronology(session, child), runs=10)
    print(
        f"  open the busiest child's chronology ({entries} entries, audited): {chrono:.1f} ms "
        "(target under 100 ms)"
    )
    for text in ("home", "bruise arm", "tea"):
        ms = median_ms(lambda text=text: concerns.search_concerns(session, text))
        print(f"  search '{text}': {ms:.1f} ms (target under 100 ms)")
    since = datetime.combine(
        term_containing(datetime.now(LONDON).date()).start, datetime.min.time(), tzinfo=LONDON
    )
    count = median_ms(lambda: concerns.count_by_category(session, since=since), runs=5)
    print(f"  count by category this term (the dashboard): {count:.1f} ms")
    try:
        from safelog.export.bench import bench_chronology
    except ImportError:
        pass
    else:
        bench_chronology(100)  # fonts registered and modules loaded, as in a running app
        secs = statistics.median(bench_chronology(1000) for _ in range(5))
        print(f"  signed PDF of a 1,000-entry chronology: {secs:.2f} s (target under 2 s)")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory of this process: {rss_mb:.0f} MB (target under 300 MB)")
    session.close()
    plain.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
