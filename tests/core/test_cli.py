"""The command line as scripts use it: real subprocesses, real vaults, exit codes, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from safelog.domain.upn import make_upn

SAMPLE = Path(__file__).resolve().parent / "data" / "pupils-sample.csv"
PASS = "a long enough passphrase"


def run(
    *args: str,
    vault: Path,
    stdin: str | None = None,
    pass_file: Path | None = None,
    user: str | None = None,
) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "safelog", "--vault", str(vault)]
    if pass_file is not None:
        argv += ["--passphrase-file", str(pass_file)]
    if user is not None:
        argv += ["--user", user]
    return subprocess.run(
        [*argv, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SAFELOG_USER": ""},
    )


@pytest.fixture(scope="module")
def cli_vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    base = tmp_path_factory.mktemp("cli")
    secret = base / "pass.txt"
    secret.write_text(PASS + "\n")
    vault = base / "vault"
    made = run(
        "init", "--school", "Fictional Primary", vault=vault, pass_file=secret, user="Sam Fictional"
    )
    assert made.returncode == 0, made.stderr
    recovery = next(
        line.split(": ", 1)[1]
        for line in made.stdout.splitlines()
        if line.startswith("Recovery key: ")
    )
    imported = run("pupils", "import", str(SAMPLE), vault=vault, pass_file=secret)
    assert imported.returncode == 0, imported.stderr
    return vault, secret, recovery


def test_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "safelog", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and result.stdout.startswith("safelog 0.")


def test_init_prints_the_recovery_key_once_and_it_works(cli_vault) -> None:  # type: ignore[no-untyped-def]
    vault, _, recovery = cli_vault
    assert len(recovery.replace("-", "")) == 48
    listed = run(
        "users",
        "list",
        "--json",
        vault=vault,
        stdin=recovery + "\n",
        pass_file=Path("-"),
        user="recovery",
    )
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)[0] == {
        "name": "Sam Fictional",
        "role": "dsl",
        "created_at": json.loads(listed.stdout)[0]["created_at"],
        "active": True,
    }
    assert recovery not in (vault / "vault.json").read_text()


def test_pupils_list_keeps_names_exactly(cli_vault) -> None:  # type: ignore[no-untyped-def]
    vault, secret, _ = cli_vault
    result = run("pupils", "list", "--json", vault=vault, pass_file=secret)
    assert result.returncode == 0, result.stderr
    pupils = json.loads(result.stdout)
    names = {(p["legal_forename"], p["legal_surname"]) for p in pupils}
    assert ("Siobhán", "O'Brien") in names and ("Zoë", "Brontë") in names
    assert len(pupils) == len(SAMPLE.read_text("utf-8").splitlines()) - 1
    assert all(len(p["dob"]) == 10 and p["dob"][4] == "-" for p in pupils)


def test_reimport_updates_instead_of_duplicating(cli_vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vault, secret, _ = cli_vault
    lines = SAMPLE.read_text("utf-8").splitlines()
    lines[1] = lines[1].replace(",9A,", ",9C,")
    changed = tmp_path / "changed.csv"
    changed.write_text("\n".join(lines) + "\n", "utf-8")
    result = run("pupils", "import", str(changed), vault=vault, pass_file=secret)
    assert result.returncode == 0, result.stderr
    assert "0 new, 1 updated" in result.stdout
    listed = json.loads(run("pupils", "list", "--json", vault=vault, pass_file=secret).stdout)
    assert len(listed) == len(lines) - 1


def test_bad_rows_are_all_reported_and_nothing_is_imported(cli_vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vault, secret, _ = cli_vault
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "\ufeffUPN,Legal Surname,Legal Forename,DOB,Year,Reg\n"
        f"{make_upn(879, 4321, 19, 901)},Newkid,Ann,01/02/2013,Year 8,8A\n"
        "A123,Short,Upn,01/02/2013,Year 8,8A\n"
        f"{make_upn(879, 4321, 19, 902)},Baddate,Bob,31/02/2013,Year 8,8A\n",
        "utf-8",
    )
    before = run("pupils", "list", "--json", vault=vault, pass_file=secret).stdout
    result = run("pupils", "import", str(bad), vault=vault, pass_file=secret)
    assert result.returncode == 2
    assert "line 3:" in result.stderr and "line 4:" in result.stderr
    assert "Nothing was imported" in result.stderr
    assert "Traceback" not in result.stderr
    assert run("pupils", "list", "--json", vault=vault, pass_file=secret).stdout == before


@pytest.mark.parametrize("category", ["physical", "neglect", "online-safety", "Physical abuse"])
def test_concern_add_accepts_ids_and_labels(cli_vault, category: str) -> None:  # type: ignore[no-untyped-def]
    vault, secret, _ = cli_vault
    upn = "U879432113004"
    result = run(
        "concern",
        "add",
        "--upn",
        upn,
        "--category",
        category,
        "--occurred",
        "2026-03-29 09:30",
        "--text-file",
        "-",
        vault=vault,
        pass_file=secret,
        stdin=f"Leo said something about {category} at break.\n",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Logged concern C")
    chrono = json.loads(run("chronology", upn, "--json", vault=vault, pass_file=secret).stdout)
    texts = [e["summary"] for e in chrono["entries"]]
    assert f"Leo said something about {category} at break." in texts
    entry = chrono["entries"][texts.index(f"Leo said something about {category} at break.")]
    assert entry["occurred_at"] == "2026-03-29T09:30:00+01:00"  # BST that day


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--category", "sexual"], 2, "could mean"),
        (["--category", "wibble"], 2, "wibble"),
        (["--category", "neglect", "--occurred", "2026-03-29 01:30"], 2, "clocks went forward"),
        (["--category", "neglect", "--occurred", "yesterday"], 2, "YYYY-MM-DD HH:MM"),
    ],
)
def test_concern_add_refuses_bad_input_with_one_sentence(
    cli_vault,
    tmp_path: Path,
    args,
    code,  # type: ignore[no-untyped-def]
    words,
) -> None:
    vault, secret, _ = cli_vault
    text = tmp_path / "t.txt"
    text.write_text("Something seen.")
    result = run(
        "concern",
        "add",
        "--upn",
        "U879432113004",
        *args,
        "--text-file",
        str(text),
        vault=vault,
        pass_file=secret,
    )
    assert result.returncode == code, result.stderr
    assert words in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_reviews_due_json(cli_vault) -> None:  # type: ignore[no-untyped-def]
    vault, secret, _ = cli_vault
    result = run("reviews", "due", "--until", "2099-01-01", "--json", vault=vault, pass_file=secret)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert items and {"kind", "due_date", "upn", "reference"} <= set(items[0])
    assert all(i["upn"] == "U879432113004" for i in items)


def test_exit_codes(cli_vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vault, secret, _ = cli_vault
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n")
    r = run("pupils", "list", vault=vault, pass_file=wrong)
    assert r.returncode == 3 and "not right" in r.stderr
    r = run("pupils", "list", vault=vault, pass_file=secret, user="Nobody")
    assert r.returncode == 3 and "no user called" in r.stderr
    r = run("pupils", "list", vault=tmp_path / "none", pass_file=secret)
    assert r.returncode == 4 and "no SafeLog vault" in r.stderr
    r = run("chronology", "A123", vault=vault, pass_file=secret)
    assert r.returncode == 2 and "13 characters" in r.stderr
    r = run("frobnicate", vault=vault)
    assert r.returncode == 2
    r = run("verify", vault=vault, pass_file=secret)
    assert r.returncode == 0 and "The vault is intact." in r.stdout


def test_governor_is_refused_children_records(cli_vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vault, secret, _ = cli_vault
    gov_pass = tmp_path / "gov.txt"
    gov_pass.write_text("parish minutes ledger lamp\n")
    added = run(
        "users",
        "add",
        "--name",
        "Gill Governor",
        "--role",
        "governor",
        "--new-passphrase-file",
        str(gov_pass),
        vault=vault,
        pass_file=secret,
        user="Sam Fictional",
    )
    assert added.returncode == 0, added.stderr
    r = run("chronology", "U879432113004", vault=vault, pass_file=gov_pass, user="Gill Governor")
    assert r.returncode == 5 and "governor cannot open children's records" in r.stderr
    r = run("verify", vault=vault, pass_file=gov_pass, user="Gill Governor")
    assert r.returncode == 0 and "records.db: not checked" in r.stdout


def test_weak_new_passphrase_is_refused(tmp_path: Path) -> None:
    weak = tmp_path / "weak.txt"
    weak.write_text("short\n")
    r = run("init", "--school", "Fictional", vault=tmp_path / "v", pass_file=weak)
    assert r.returncode == 2 and "too weak" in r.stderr
    assert not (tmp_path / "v").exists()


def test_verify_fails_with_exit_1_on_tampering(tmp_path: Path) -> None:
    from safelog.store.db import open_database
    from safelog.store.vault import unlock

    secret = tmp_path / "p.txt"
    secret.write_text(PASS)
    vault = tmp_path / "v"
    assert run("init", "--school", "Fictional", vault=vault, pass_file=secret).returncode == 0
    assert run("pupils", "import", str(SAMPLE), vault=vault, pass_file=secret).returncode == 0
    opened = unlock(vault, "DSL", PASS)
    key = opened.key("records")
    opened.close()
    conn = open_database(vault / "records.db", key)
    conn.execute("DROP TRIGGER child_versions_no_update")
    conn.execute("UPDATE child_versions SET legal_surname = 'Changed' WHERE id = 3")
    conn.close()
    r = run("verify", vault=vault, pass_file=secret)
    assert r.returncode == 1
    assert "child version 3 was changed" in r.stdout
