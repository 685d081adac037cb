"""On-demand benchmark: render and sign a long fictional chronology.

Contract: :func:`bench_chronology` returns the wall-clock seconds to render and sign an
``n``-entry chronology (fonts registered and identity made beforehand, so only the export
itself is timed). The design target is under 2 s for 1,000 entries. Run it with
``python -m safelog.export.bench [N]``.

Thread: runs on the calling thread; writes nothing.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime

from safelog.export._text import LONDON
from safelog.export.chronology_pdf import render_chronology
from safelog.export.fonts import register_fonts
from safelog.export.samples import sample_chronology
from safelog.export.signing import create_signing_identity, sign_pdf

__all__ = ["bench_chronology"]


def bench_chronology(n: int = 1000) -> float:
    """Seconds to render and sign an ``n``-entry fictional chronology."""
    register_fonts()
    document = sample_chronology(n)
    identity = create_signing_identity(
        document.school_name, document.produced_by, document.vault_id
    )
    start = time.perf_counter()
    pdf = render_chronology(document)
    sign_pdf(
        pdf,
        identity,
        signer_name=document.produced_by,
        role=document.produced_role,
        reason="Benchmark",
        location=document.school_name,
        when=datetime.now(LONDON),
    )
    return time.perf_counter() - start


if __name__ == "__main__":
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    runs = [bench_chronology(entries) for _ in range(3)]
    print(f"chronology, {entries} entries, render + sign: median {sorted(runs)[1]:.2f} s")
