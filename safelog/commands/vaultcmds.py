"""init, demo, verify, users: the commands about the vault itself."""

from __future__ import annotations

import argparse
import sys

from safelog.cli import STDIN, Context, UsageError, print_json
from safelog.commands.common import choose_user, new_passphrase, open_session, say
from safelog.domain.records import Role
from safelog.services import users as user_service
from safelog.services.demo import DEMO_SCHOOL, DEMO_SETTINGS, fill_demo
from safelog.services.setup import create_school_vault
from safelog.services.verify import verify_vault
from safelog.store.errors import VaultMissing
from safelog.store.vault import read_header


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("init", help="create a vault and its first (DSL) user")
    p.add_argument("--school", required=True, metavar="NAME", help="the school's name")
    p.add_argument("--local-authority", metavar="NAME", help="the school's local authority")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="fill a demo vault (created if absent) with fictional data")
    p.add_argument("--pupils", type=_positive, default=2000, metavar="N")
    p.add_argument("--concerns", type=_non_negative, default=200_000, metavar="M")
    p.add_argument("--seed", type=int, default=2026, metavar="S")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("verify", help="check both databases and both audit chains")
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("users", help="the people who can unlock this vault")
    users_sub = p.add_subparsers(dest="users_command", metavar="list|add", required=True)
    q = users_sub.add_parser("list", help="list the users and their roles")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    q.set_defaults(handler=cmd_users_list)
    q = users_sub.add_parser("add", help="add a user with their own passphrase (DSL only)")
    q.add_argument("--name", required=True)
    q.add_argument("--role", required=True, choices=["dsl", "deputy", "head", "governor"])
    q.add_argument(
        "--new-passphrase-file",
        required=True,
        metavar="FILE|-",
        help="the new user's passphrase, from FILE or standard input (-)",
    )
    q.set_defaults(handler=cmd_users_add)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _print_recovery_key(key: str) -> None:
    sys.stdout.write(
        "Recovery key (shown only this once; print it or write it down and keep it in the "
        "school safe — without it, forgotten passphrases mean the records are lost):\n\n"
        f"Recovery key: {key}\n\n"
    )


def cmd_init(ctx: Context, args: argparse.Namespace) -> int:
    name = ctx.user or "DSL"
    secret = new_passphrase(ctx, names=[args.school, name])
    settings = {"local_authority": args.local_authority} if args.local_authority else {}
    session, recovery = create_school_vault(
        ctx.vault_dir, school=args.school, dsl_name=name, passphrase=secret, settings=settings
    )
    session.close()
    sys.stdout.write(
        f"Created a SafeLog vault for {args.school} at {ctx.vault_dir}, with {name} as the DSL.\n"
    )
    _print_recovery_key(recovery)
    return 0


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    try:
        read_header(ctx.vault_dir)
        session = open_session(ctx)
    except VaultMissing:
        name = ctx.user or "Demo DSL"
        secret = new_passphrase(ctx, names=[name])
        session, recovery = create_school_vault(
            ctx.vault_dir,
            school=DEMO_SCHOOL,
            dsl_name=name,
            passphrase=secret,
            settings=DEMO_SETTINGS,
        )
        sys.stdout.write(f"Created a demo vault at {ctx.vault_dir} (FICTIONAL DEMO DATA).\n")
        _print_recovery_key(recovery)
    try:
        if not session.is_demo:
            raise UsageError(
                "This vault holds real records; demo data can only go into a "
                "vault made by 'safelog demo'."
            )

        def progress(done: int, total: int, message: str) -> None:
            say(f"demo: {message}: {done}/{total}")

        summary = fill_demo(
            session, pupils=args.pupils, concerns=args.concerns, seed=args.seed, progress=progress
        )
    finally:
        session.close()
    sys.stdout.write(summary + "\n")
    return 0


def cmd_verify(ctx: Context, args: argparse.Namespace) -> int:
    session = open_session(ctx)
    try:
        report = verify_vault(session.vault)
    finally:
        session.close()
    for line in report.lines():
        sys.stdout.write(line + "\n")
    if report.ok:
        sys.stdout.write("The vault is intact.\n")
        return 0
    sys.stderr.write(
        "safelog: The vault failed its integrity check; restore from a backup "
        "and keep this copy for investigation.\n"
    )
    return 1


def cmd_users_list(ctx: Context, args: argparse.Namespace) -> int:
    choose_user(ctx)
    session = open_session(ctx)
    try:
        rows = user_service.list_users(session)
    finally:
        session.close()
    if args.json:
        print_json(
            [
                {
                    "name": u.name,
                    "role": u.role.value,
                    "created_at": u.created_at,
                    "active": u.active,
                }
                for u in rows
            ]
        )
    else:
        for u in rows:
            state = "" if u.active else " (removed)"
            sys.stdout.write(f"{u.name}\t{u.role.label}{state}\n")
    return 0


def cmd_users_add(ctx: Context, args: argparse.Namespace) -> int:
    if args.new_passphrase_file == STDIN and ctx.passphrase_file == STDIN:
        raise UsageError(
            "Only one of --passphrase-file and --new-passphrase-file can read standard input."
        )
    session = open_session(ctx)
    try:
        reader = Context(ctx.vault_dir, None, args.new_passphrase_file)
        secret = new_passphrase(reader, names=[args.name, session.school_name])
        user = user_service.add_user(
            session, name=args.name, role=Role(args.role), passphrase=secret
        )
    finally:
        session.close()
    sys.stdout.write(f"Added {user.name} as {user.role.label}.\n")
    return 0
