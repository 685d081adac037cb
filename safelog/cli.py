"""The ``safelog`` command line: a stable contract that tests and scripts rely on.

Exit codes: 0 ok, 1 a check failed, 2 usage or invalid input, 3 wrong passphrase or no such
user, 4 vault damaged or unreadable, 5 not permitted. Errors are one sentence on stderr.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, NoReturn

from safelog import __version__
from safelog.paths import resolve_vault_dir
from safelog.store.errors import InvalidInput, SafeLogError

# Each command module keeps its own argument wiring, so this file stays a dispatcher.


STDIN = "-"  # the file name that means standard input


class UsageError(InvalidInput):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(
            f"safelog: {message[0].upper()}{message[1:]}. "
            f"Run '{self.prog} --help' for how to use it.\n"
        )
        raise SystemExit(2)


@dataclass
class Context:
    """What every command needs: where the vault is, who is using it, how to get a secret."""

    vault_dir: Path
    user: str | None
    passphrase_file: str | None
    stdin_taken: bool = False

    def read_secret(self, prompt: str, *, confirm: bool = False) -> str:
        if self.passphrase_file is not None:
            if self.passphrase_file == STDIN:
                self.stdin_taken = True
                text = sys.stdin.readline()
            else:
                try:
                    text = Path(self.passphrase_file).read_text("utf-8")
                except OSError as exc:
                    raise UsageError(
                        f"The passphrase file cannot be read ({exc.strerror})."
                    ) from exc
                except UnicodeDecodeError as exc:
                    raise UsageError("The passphrase file is not UTF-8 text.") from exc
                text = text.splitlines()[0] if text else ""
            secret = text.rstrip("\r\n")
        else:
            if not sys.stdin.isatty():
                raise UsageError(
                    "No passphrase given: run this in a terminal or use "
                    "--passphrase-file FILE (or - for standard input)."
                )
            secret = getpass.getpass(prompt)
            if confirm and getpass.getpass("Type it again: ") != secret:
                raise UsageError("The two passphrases are not the same; nothing was created.")
        if not secret:
            raise UsageError("The passphrase is empty.")
        return secret


def _add_global(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--vault",
        metavar="DIR",
        help="the vault folder (default: SAFELOG_VAULT or your user data folder)",
    )
    parser.add_argument("--user", metavar="NAME", help="who is using the vault")
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE|-",
        help="read the passphrase from FILE, or standard input with -",
    )


def build_parser() -> argparse.ArgumentParser:
    from safelog.commands import register_all

    parser = _Parser(
        prog="safelog",
        description="SafeLog: offline, encrypted child-protection "
        "records. With no command, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"safelog {__version__}")
    _add_global(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    register_all(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # pyHanko logs validation doubts (with tracebacks) as warnings; verify-pdf reports them
    # itself, in plain sentences, so the libraries are kept quiet on stderr.
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = Context(
        resolve_vault_dir(args.vault),
        args.user or os.environ.get("SAFELOG_USER"),
        args.passphrase_file,
    )
    handler: Callable[[Context, argparse.Namespace], int] | None = getattr(args, "handler", None)
    try:
        if handler is None:
            return _launch_desktop(ctx)
        return handler(ctx, args)
    except SafeLogError as exc:
        sys.stderr.write(f"safelog: {exc.message}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("safelog: Stopped; anything not yet saved was not saved.\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never a traceback for a person; SAFELOG_DEBUG=1 shows it
        if os.environ.get("SAFELOG_DEBUG"):
            raise
        sys.stderr.write(
            f"safelog: Something unexpected went wrong ({type(exc).__name__}: "
            f"{exc}); nothing half-written was kept.\n"
        )
        return 1


def _launch_desktop(ctx: Context) -> int:
    """Start the desktop app, found through the ``safelog.desktop`` entry point: the core
    never imports the GUI by name, and a core-only install says so instead of crashing."""
    found = entry_points(group="safelog.desktop", name="app")
    if not found:
        sys.stderr.write("safelog: The desktop app is not installed; use the commands below.\n")
        build_parser().print_help(sys.stderr)
        return 2
    run_desktop = next(iter(found)).load()
    return int(run_desktop(ctx.vault_dir))


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default) + "\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
