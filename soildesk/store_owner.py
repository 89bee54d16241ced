"""Which evidence folder belongs to which database. The folder is named after the
database's stem (`土十条.db` → `土十条.evidence`), so `土十条.old` finds the same folder;
removing an attachment in such a copy once deleted a file the real database uses.

An owner file in the folder names the database it belongs to (resolved path and the id
stored inside the database). Another database that finds the folder reads from it but
stores, and deletes, only in a folder of its own (`土十条.old.evidence`)."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

OWNER = "owner.json"


@dataclass(frozen=True, slots=True)
class StoreRoots:
    own: Path  # where this database stores new files and may delete
    shared: Path | None = None  # another database's folder it may read from

    def locate(self, sha256: str) -> Path:
        """Where a stored file is read from (the name is checked by the caller)."""
        own = self.own / sha256[:2] / sha256
        if self.shared is not None and not own.exists():
            shared = self.shared / sha256[:2] / sha256
            if shared.is_file():
                return shared
        return own


def _owner(root: Path) -> dict | None:
    try:
        data = json.loads((root / OWNER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def claim(root: Path, db_path: Path, db_id: str) -> None:
    """Write the owner file into an existing folder (best effort: a read-only folder is
    reported where files are written, not here)."""
    data = {"path": str(Path(db_path).resolve()), "database_id": db_id}
    if not root.is_dir() or _owner(root) == data:
        return
    with contextlib.suppress(OSError):
        tmp = root / f".{OWNER}.tmp"
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, root / OWNER)


def _stem_shared(db_path: Path) -> bool:
    """Another SQLite file beside `db_path` that finds the same folder by its stem."""
    for other in db_path.parent.glob(f"{glob_escape(db_path.stem)}.*"):
        if other == db_path or other.suffix in (".lock", ".evidence", ".backups"):
            continue
        if other.name.endswith(("-wal", "-shm", "-journal")) or not other.is_file():
            continue
        try:
            with other.open("rb") as f:
                if f.read(16) == b"SQLite format 3\x00":
                    return True
        except OSError:
            continue
    return False


def glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def store_roots(db_path: Path, db_id: str) -> StoreRoots:
    db_path = Path(db_path).resolve()
    classic = db_path.with_name(db_path.stem + ".evidence")
    owner = _owner(classic) if classic.is_dir() else None
    owner_path = Path(owner.get("path", "")) if owner else None
    ours = (
        # A folder from before owner files, or none yet: ours, unless another database
        # beside us has the same stem and may be the one whose files these are.
        (owner is None and not _stem_shared(db_path))
        or owner_path == db_path
        # the owner moved away (renamed with its folder kept) and was this database
        or (
            owner_path is not None and not owner_path.exists() and owner.get("database_id") == db_id
        )
    )
    if ours:
        claim(classic, db_path, db_id)
        return StoreRoots(classic)
    own = db_path.with_name(db_path.name + ".evidence")
    claim(own, db_path, db_id)
    return StoreRoots(own, classic)
