"""Where SoilDesk keeps user data and finds its shipped resources."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_cache_path, user_data_path

DB_FILENAME = "soildesk.db"


def data_dir() -> Path:
    # Per-user data folder (never beside the exe: Program Files is not writable).
    return user_data_path("SoilDesk", appauthor=False, roaming=False)


def view_cache_dir() -> Path:
    """Copies of evidence opened in the system viewer: per user, never a shared /tmp."""
    return user_cache_path("SoilDesk", appauthor=False) / "view"


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller unpacks datas here
    if frozen:
        return Path(frozen) / "resources"
    package = Path(__file__).resolve().parent
    installed = package / "resources"  # a wheel maps resources/ into the package
    return installed if installed.is_dir() else package.parent / "resources"
