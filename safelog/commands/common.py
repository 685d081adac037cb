"""Shared by the command modules: opening a session as the right user."""

from __future__ import annotations

import sys

from safelog.cli import Context, UsageError
from safelog.domain.passphrase import assess_passphrase
from safelog.services.session import Session, login
from safelog.store.vault import RECOVERY_NAME, read_header, unlock


def choose_user(ctx: Context) -> str:
    if ctx.user:
        return ctx.user
    people = [s.name for s in read_header(ctx.vault_dir).slots if s.name != RECOVERY_NAME]
    if len(people) == 1:
        return people[0]
    raise UsageError(f"This vault has several users ({', '.join(people)}); say which with --user.")


def open_session(ctx: Context) -> Session:
    name = choose_user(ctx)  # reads vault.json first, so a missing vault is said before a prompt
    secret = ctx.read_secret(f"Passphrase for {name}: ")
    return login(unlock(ctx.vault_dir, name, secret))


def new_passphrase(ctx: Context, *, names: list[str]) -> str:
    secret = ctx.read_secret("Choose a passphrase (12 characters or more): ", confirm=True)
    verdict = assess_passphrase(secret, names=names)
    if not verdict.acceptable:
        raise UsageError(f"That passphrase is too weak: {verdict.advice}")
    return secret


def say(text: str) -> None:
    sys.stderr.write(text + "\n")
