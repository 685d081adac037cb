"""Use cases over an unlocked vault: the only way the CLI and the desktop app change records."""
