"""Entry of the windowed program (SoilDesk.exe). A windowed exe has no console:
sys.stdout and sys.stderr are None, and any print would crash, so they go to a log file
in the user's data folder before anything else runs."""

from __future__ import annotations

import sys


def main() -> int:
    if sys.stdout is None or sys.stderr is None:
        from soildesk.paths import data_dir

        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log = open(folder / "soildesk.log", "a", encoding="utf-8", buffering=1)  # noqa: SIM115
        sys.stdout = sys.stdout or log
        sys.stderr = sys.stderr or log
    from soildesk.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
