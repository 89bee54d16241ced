"""The core never imports Qt: every soildesk module imports with PySide6 blocked."""

import subprocess
import sys
import textwrap


def test_core_imports_without_qt() -> None:
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith(("PySide6.", "shiboken6", "ui")):
                    raise ImportError("Qt blocked: " + name)
                return None

        sys.meta_path.insert(0, Block())
        import soildesk
        names = [m.name for m in pkgutil.walk_packages(soildesk.__path__, "soildesk.")
                 if not m.name.startswith(("soildesk.migrations", "soildesk.__main__"))]
        for name in names:
            importlib.import_module(name)
        print(len(names))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 10
