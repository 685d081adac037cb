"""The core imports, and its tests run, with PySide6 blocked (`make test` runs tests/core with
SAFELOG_BLOCK_QT=1). This test proves the blocker bites and every core module still imports."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

PROGRAM = textwrap.dedent("""
    import importlib, importlib.abc, pkgutil, sys

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "ui"):
                raise ImportError("blocked: " + name)

    sys.meta_path.insert(0, Block())
    try:
        import PySide6  # noqa
    except ImportError:
        pass
    else:
        raise SystemExit("the blocker did not block PySide6")
    import safelog
    names = [m.name for m in pkgutil.walk_packages(safelog.__path__, "safelog.")
             if m.name != "safelog.__main__"]
    for name in names:
        importlib.import_module(name)
    leaked = sorted(n for n in sys.modules if n.split(".")[0] in ("PySide6", "shiboken6"))
    print(len(names), "modules;", "leaked:", leaked)
    raise SystemExit(1 if leaked else 0)
""")


def test_every_core_module_imports_with_qt_blocked() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert int(result.stdout.split()[0]) > 15


@pytest.mark.skipif(os.environ.get("SAFELOG_BLOCK_QT") != "1", reason="only in the blocked pass")
def test_this_pass_really_has_qt_blocked() -> None:
    with pytest.raises(ImportError):
        import PySide6  # noqa: F401
