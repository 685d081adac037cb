"""SafeLog core: encrypted, append-only child-protection records. Never imports Qt."""

from __future__ import annotations

__version__ = "0.1.0"
