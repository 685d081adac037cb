"""The one exception the export package raises on purpose.

Every message is a complete sentence a DSL can read in a dialog or on stderr: no tracebacks,
no library jargon. Callers (services, the CLI) map it to their own exit codes.
"""

from __future__ import annotations

__all__ = ["ExportError"]


class ExportError(Exception):
    """An export, signing or certificate operation could not be done; ``str()`` says why."""
