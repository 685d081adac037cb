"""Embedded TrueType fonts that can print every name a school has.

Contract: :func:`register_fonts` registers DejaVu Sans (regular, bold, oblique) with reportlab
under the names in :data:`REGULAR`, :data:`BOLD` and :data:`OBLIQUE` and returns them. The fonts
are read from the ``resources.fonts`` package with :mod:`importlib.resources`, so the frozen app
and the source tree behave alike. reportlab embeds a subset of each font in every PDF, with a
ToUnicode map, so the names are both drawn and extractable (Łukasz, Siobhán, Zoë, Nguyễn,
Ødegård).

Arabic and other joined right-to-left scripts: DejaVu Sans (regular and bold) holds the Arabic
letters, but reportlab does not shape or reorder them, so محمد comes out as separate letters in
left-to-right order. The oblique face has no Arabic at all, which is why the renderers never
put a person's words or a name in oblique.

Thread: registration is guarded by a lock and happens once per process; after that the
reportlab font registry is only read, which is safe from any thread.
"""

from __future__ import annotations

import threading
from importlib.resources import files
from io import BytesIO

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from safelog.export.errors import ExportError

__all__ = ["BOLD", "FONT_FILES", "OBLIQUE", "REGULAR", "register_fonts"]

REGULAR = "SafeLogSans"
BOLD = "SafeLogSans-Bold"
OBLIQUE = "SafeLogSans-Oblique"

FONT_FILES: dict[str, str] = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    OBLIQUE: "DejaVuSans-Oblique.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> tuple[str, str, str]:
    """Register the embedded fonts once per process; return (regular, bold, oblique) names.

    Raises :class:`ExportError` if a font file is missing from the installation.
    """
    global _registered
    with _lock:
        if not _registered:
            package = files("resources.fonts")
            for name, filename in FONT_FILES.items():
                try:
                    data = package.joinpath(filename).read_bytes()
                except OSError as exc:
                    raise ExportError(
                        f"The font file {filename} is missing from this installation, "
                        "so PDFs cannot be made; reinstall SafeLog."
                    ) from exc
                pdfmetrics.registerFont(TTFont(name, BytesIO(data)))
            # Bold-oblique maps to bold: there is no need for a fourth 600 KB file, and
            # <b><i> in a paragraph still resolves to a registered face.
            addMapping(REGULAR, 0, 0, REGULAR)
            addMapping(REGULAR, 1, 0, BOLD)
            addMapping(REGULAR, 0, 1, OBLIQUE)
            addMapping(REGULAR, 1, 1, BOLD)
            _registered = True
    return REGULAR, BOLD, OBLIQUE
