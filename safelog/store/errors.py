"""Errors the vault raises. Each carries one plain sentence and the CLI exit code it maps to.

Exit codes follow the command-line contract in DESIGN.md: 2 usage or invalid input,
3 wrong passphrase or no such user, 4 vault damaged or unreadable, 5 not permitted.
"""

from __future__ import annotations


class SafeLogError(Exception):
    """Base for every error meant to reach a person as one clear sentence."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(SafeLogError):
    exit_code = 2


class WrongPassphrase(SafeLogError):
    exit_code = 3


class NoSuchUser(SafeLogError):
    exit_code = 3


class VaultDamaged(SafeLogError):
    exit_code = 4


class VaultTooNew(VaultDamaged):
    """The vault was written by a newer SafeLog; we refuse rather than guess (Electrum's rule)."""


class VaultMissing(VaultDamaged):
    pass


class VaultExists(InvalidInput):
    pass


class NotPermitted(SafeLogError):
    exit_code = 5
