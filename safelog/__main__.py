"""``python -m safelog`` is the same as the ``safelog`` command."""

from __future__ import annotations

from safelog.cli import main

raise SystemExit(main())
