"""The vault: key slots, SQLCipher connections, numbered migrations and the audit chain."""
