"""The oldest glibc a built folder runs on: the highest GLIBC_x.y symbol version that any
of its ELF files requires (objdump -p's version references), and which file needs it.

    python -m scripts.glibc_floor dist/SoilDesk"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

_NEEDS = re.compile(r"\bGLIBC_(\d+)\.(\d+)(?:\.(\d+))?\b")


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def required(path: Path) -> tuple[int, int, int] | None:
    out = subprocess.run(
        ["objdump", "-p", str(path)], capture_output=True, text=True, check=False
    ).stdout
    refs = out.split("Version References:", 1)
    found = [tuple(int(x or 0) for x in m.groups()) for m in _NEEDS.finditer(refs[-1])]
    return max(found) if len(refs) == 2 and found else None  # type: ignore[return-value]


def floor(folder: Path) -> tuple[tuple[int, int, int], list[Path]]:
    needs: dict[tuple[int, int, int], list[Path]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and is_elf(path):
            version = required(path)
            if version:
                needs.setdefault(version, []).append(path)
    top = max(needs)
    return top, needs[top]


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/SoilDesk")
    (major, minor, patch), files = floor(folder)
    version = f"{major}.{minor}" + (f".{patch}" if patch else "")
    print(f"oldest glibc: {version} (needed by {', '.join(f.name for f in files[:5])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
