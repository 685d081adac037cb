"""The command-line commands, one module per area, each registering its own sub-parsers."""

from __future__ import annotations

import argparse

from safelog.commands import casework, exportcmds, records, vaultcmds


def register_all(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    vaultcmds.register(sub)
    records.register(sub)
    casework.register(sub)
    exportcmds.register(sub)
