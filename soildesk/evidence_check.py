"""Checking the evidence store: every attachment's file against the SHA-256 it was
stored under (检查佐证材料), each file's condition as the evidence list shows it, and
copies for the system viewer that are what was added, or knowingly not."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ValidationError
from .files import safe_filename

if TYPE_CHECKING:
    from .evidence import Attachment

_CHUNK = 1024 * 1024
QUICK_HASH = 32 * 1024 * 1024  # hashed when listed; larger files only by size until opened


_HEX = frozenset("0123456789abcdef")


def is_sha256(name: str) -> bool:
    return isinstance(name, str) and len(name) == 64 and set(name) <= _HEX


class DamagedEvidence(ValidationError):
    """The stored file differs from what was added; it may still be opened, knowingly."""


@dataclass(frozen=True, slots=True)
class Problem:
    attachment: Attachment
    kind: str  # 'missing', 'altered' or 'invalid' (the record names no stored file)

    @property
    def label(self) -> str:
        return {"missing": "文件丢失", "altered": "文件内容被改动"}.get(self.kind, "记录无效")


class StoreChecks:
    """The checking half of EvidenceStore (evidence.py), which provides path_for and
    the attachment queries."""

    _conditions: dict[tuple[str, int, int], str]

    def path_for(self, sha256: str) -> Path:
        raise NotImplementedError

    def all_attachments(self) -> list[Attachment]:
        raise NotImplementedError

    def condition(self, att: Attachment) -> str:
        """'' when the stored file is as added, else 'missing', 'altered' or 'invalid'.
        Remembered per file state, so a list is hashed once, not on every row change."""
        if not is_sha256(att.sha256):
            return "invalid"
        path = self.path_for(att.sha256)
        try:
            info = path.stat()
        except OSError:
            return "missing"
        if info.st_size != att.size:
            return "altered"
        if info.st_size > QUICK_HASH:
            return ""  # checked when opened, and by 检查佐证材料
        cache = self.__dict__.setdefault("_conditions", {})
        key = (att.sha256, info.st_mtime_ns, info.st_size)
        if key not in cache:
            cache[key] = "" if file_sha256(path) == att.sha256 else "altered"
        return cache[key]

    # -- checking --------------------------------------------------------------
    def verify(self) -> list[Problem]:
        problems: list[Problem] = []
        hashes: dict[str, str | None] = {}
        for att in self.all_attachments():
            if not is_sha256(att.sha256):
                problems.append(Problem(att, "invalid"))
                continue
            if att.sha256 not in hashes:
                path = self.path_for(att.sha256)
                hashes[att.sha256] = file_sha256(path) if path.is_file() else None
            actual = hashes[att.sha256]
            if actual is None:
                problems.append(Problem(att, "missing"))
            elif actual != att.sha256:
                problems.append(Problem(att, "altered"))
        return problems

    def viewable_copy(self, att: Attachment, folder: Path, damaged_ok: bool = False) -> Path:
        """A copy under its original name (the system viewer chooses by extension), in
        `folder` (a per-user cache) keyed by the content's hash, checked after copying:
        a damaged store file is never shown as the evidence unless the clerk, warned
        (DamagedEvidence), asks for it; it is then marked in its name."""
        source = self.path_for(att.sha256)
        if not source.is_file():
            raise ValidationError(
                f"“{att.original_name}”的文件已丢失。请运行“检查佐证材料”，并重新添加该文件。"
            )
        target = Path(folder) / att.sha256[:16] / safe_filename(att.original_name)
        if not (target.is_file() and file_sha256(target) == att.sha256):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            if file_sha256(target) != att.sha256:
                target.unlink(missing_ok=True)
                if not damaged_ok:
                    raise DamagedEvidence(
                        f"“{att.original_name}”在存储中的文件已被改动或损坏，与添加时不一致。"
                        "请运行“检查佐证材料”，并重新添加原始文件。"
                    )
                damaged = Path(folder) / "damaged" / f"（已损坏）{safe_filename(att.original_name)}"
                damaged.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, damaged)
                return damaged
        return target


def file_sha256(path: Path) -> str:
    import hashlib  # OpenSSL's module: 7 ms of every start, only for files checked

    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
