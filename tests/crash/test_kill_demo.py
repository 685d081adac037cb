"""Kill the process (SIGKILL) in the middle of a large demo write, repeatedly: afterwards the
vault verifies and every batch the process reported as saved is there."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safelog.services.verify import verify_vault
from safelog.store.vault import unlock

PASSPHRASE = "orchard lantern pebble"
SAVED = re.compile(r"^demo: concerns saved: (\d+)/(\d+)$")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_sigkill_mid_write_loses_nothing_committed(tmp_path: Path) -> None:
    root = tmp_path / "demo-vault"
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    rng = random.Random(7)
    committed_total = 0
    for attempt in range(4):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "safelog",
                "--vault",
                str(root),
                "--passphrase-file",
                str(secret),
                "--user",
                "Kill Tester",
                "demo",
                "--pupils",
                "150",
                "--concerns",
                "200000",
                "--seed",
                str(attempt),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert proc.stderr is not None
        wanted = rng.randint(1, 4)
        reported = 0
        seen = 0
        for line in proc.stderr:
            match = SAVED.match(line.strip())
            if match:
                reported = int(match.group(1))
                seen += 1
                if seen >= wanted:
                    time.sleep(rng.random() * 0.3)  # land somewhere inside the next batch
                    break
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, "the process should have been killed mid-write"
        committed_total += reported

        vault = unlock(root, "Kill Tester", PASSPHRASE)
        try:
            report = verify_vault(vault)
            assert report.ok, report.lines()
            assert vault.records is not None
            stored = vault.records.execute("SELECT count(*) FROM concerns").fetchone()[0]
            # Everything reported is there; at most the batch in flight may also have landed.
            assert stored >= committed_total
            assert stored <= committed_total + 1000 * (attempt + 1)
            half = vault.records.execute(
                "SELECT count(*) FROM concerns c WHERE NOT EXISTS (SELECT 1 FROM "
                "concern_revisions r WHERE r.concern_id = c.id)"
            ).fetchone()[0]
            assert half == 0, "a concern without its revision is a half-written record"
            committed_total = stored
        finally:
            vault.close()
