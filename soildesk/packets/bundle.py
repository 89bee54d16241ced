"""What a department sends back beside its packet: evidence files in a folder named
after the packet (县环保局/ beside 县环保局.xlsx), or everything in one zip. A file is
for the row its name or folder starts with (5-验收报告.pdf, 第5行/照片.jpg), the row
numbers the department sees at the left of its packet."""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import ValidationError
from ..evidence import MAX_FILE_BYTES
from .read import is_packet

MAX_MEMBERS = 2_000
MAX_TOTAL = 2 * 1024 * 1024 * 1024  # a period's photos and scans from one department
# 第5行照片.jpg, 第5行/…, 5-验收报告.pdf, 5（验收报告）.pdf, 5 照片.jpg; full-width digits too.
_ROW = re.compile(
    r"^\s*(?:第\s*(\d{1,6})\s*行|(\d{1,6})(?=$|[-_－—、.．，,\s（(]))[-_－—、.．，,\s]*+(?!\d)"
)  # a number then another (6-8月进展.pdf, 5.12现场.jpg) is a range or a date, not a row
_JUNK = {"thumbs.db", "desktop.ini", ".ds_store"}
# Programs and scripts are never evidence: a department's zip must not bring them in.
PROGRAMS = {
    ".exe",
    ".com",
    ".bat",
    ".cmd",
    ".msi",
    ".scr",
    ".vbs",
    ".js",
    ".ps1",
    ".lnk",
    ".dll",
    ".sh",
}


@dataclass
class Bundle:
    """The packets to read and, per packet, the files that came with it."""

    packets: list[Path] = field(default_factory=list)
    files: dict[Path, list[tuple[Path, Path]]] = field(
        default_factory=dict
    )  # packet -> (file, base)
    refused: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # files that could not be placed
    workdir: Path | None = None  # unpacked zips; removed by cleanup()

    def cleanup(self) -> None:
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


def _wanted(path: Path) -> bool:
    name = path.name
    return not (name.lower() in _JUNK or name.startswith(("~$", ".~")) or "__MACOSX" in path.parts)


def gather_bundle(paths: list[Path]) -> Bundle:
    bundle = Bundle()
    for path in (Path(p) for p in paths):
        if path.suffix.lower() == ".zip":
            _unzip(path, bundle)
            continue
        bundle.packets.append(path)
        beside = path.with_suffix("")
        if beside.is_dir():
            bundle.files[path] = [
                (f, beside) for f in sorted(beside.rglob("*")) if f.is_file() and _wanted(f)
            ]
    return bundle


def _unzip(path: Path, bundle: Bundle) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            members = [m for m in z.infolist() if not m.is_dir()]
            if len(members) > MAX_MEMBERS:
                raise ValidationError(
                    f"{path.name} 中有 {len(members)} 个文件，超过 {MAX_MEMBERS} 个，已拒绝。"
                )
            if sum(m.file_size for m in members) > MAX_TOTAL:
                raise ValidationError(
                    f"{path.name} 解压后超过 2 GB，已拒绝。请分成几个压缩包报送。"
                )
            if bundle.workdir is None:
                bundle.workdir = Path(tempfile.mkdtemp(prefix="soildesk-packets-"))
            target = bundle.workdir / f"{len(list(bundle.workdir.iterdir()))}"
            target.mkdir()
            extracted = []
            for m in members:
                name = _member_name(m)
                parts = PurePosixPath(name).parts
                if name.startswith("/") or ".." in parts or not parts:
                    raise ValidationError(f"{path.name} 含有不安全的内部路径，已拒绝。")
                if m.flag_bits & 0x1:
                    raise ValidationError(f"{path.name} 已加密，请不加密码重新压缩后报送。")
                if m.file_size > MAX_FILE_BYTES:
                    raise ValidationError(f"{path.name} 中的“{name}”超过 500 MB，已拒绝。")
                out = target.joinpath(*parts)
                out.parent.mkdir(parents=True, exist_ok=True)
                with z.open(m) as src, out.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                extracted.append(out)
    except zipfile.BadZipFile:
        bundle.refused.append((path, f"{path.name} 已损坏，无法解压。请向报送单位重新索取。"))
        return
    except ValidationError as exc:
        bundle.refused.append((path, str(exc)))
        return
    except OSError as exc:
        bundle.refused.append((path, f"无法解压 {path.name}：{exc.strerror or exc}。"))
        return
    packets = [f for f in extracted if f.suffix.lower() == ".xlsx" and is_packet(f)]
    if not packets:
        bundle.refused.append((path, f"{path.name} 中没有 SoilDesk 生成的填报表。"))
        return
    others = [f for f in extracted if f not in packets and _wanted(f)]
    bundle.packets.extend(packets)
    if len(packets) == 1:  # one packet: every file is its
        bundle.files[packets[0]] = [(f, target) for f in others]
        return
    # Several: a file is a packet's when it is in a folder named after it (县公安局/…), or in
    # the packet's own folder when no other packet shares it; the rest cannot be told apart.
    for packet in packets:
        alone = sum(1 for p in packets if p.parent == packet.parent) == 1
        bundle.files[packet] = [
            (f, base) for f in others for base in [_home(f, packet, alone)] if base is not None
        ]
    claimed = {f for files in bundle.files.values() for f, _b in files}
    unclaimed = [f for f in others if f not in claimed]
    if unclaimed:
        names = "、".join(f.name for f in unclaimed[:10]) + ("等" if len(unclaimed) > 10 else "")
        bundle.notes.append(
            f"{path.name} 中有 {len(packets)} 份填报表，{len(unclaimed)} 个文件（{names}）无法确定属于哪个单位，"
            "没有收录；请把每个单位的材料放进以该单位命名的文件夹，或在窗口中拖到相应小项上"
        )


def _home(file: Path, packet: Path, alone: bool) -> Path | None:
    """The folder a file is counted from for this packet, or None if it is not its."""
    for parent in file.parents:
        if parent.name == packet.stem:
            return parent
    if alone and packet.parent in file.parents:
        return packet.parent
    return None


def _member_name(m: zipfile.ZipInfo) -> str:
    """Windows' zip tool writes Chinese names in GBK without the UTF-8 flag."""
    if m.flag_bits & 0x800:
        return m.filename
    try:
        return m.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return m.filename


def row_of(file: Path, base: Path) -> int | None:
    """The packet row a file is for: from its folder under `base`, else its name."""
    rel = file.relative_to(base)
    for part in [*rel.parts[:-1], rel.name]:
        m = _ROW.match(unicodedata.normalize("NFKC", part))
        if m:
            return int(m.group(1) or m.group(2))
    return None


def strip_row(name: str) -> str:
    """The file's own name, without the row number the department put in front."""
    stem = Path(name).stem
    m = _ROW.match(unicodedata.normalize("NFKC", stem))
    rest = stem[m.end() :] if m else stem
    if rest.startswith(("（", "(")) and rest.endswith(("）", ")")):
        rest = rest[1:-1]  # 5（验收报告）.pdf
    return f"{rest}{Path(name).suffix}" if rest else name


def files_by_row(
    bundle: Bundle, packet_path: Path, rows: set[int]
) -> tuple[dict[int, list[Path]], list[Path], list[Path]]:
    """The packet's files by the row they are for, those that name no row of it, and
    programs (never taken)."""
    out: dict[int, list[Path]] = {}
    loose: list[Path] = []
    programs: list[Path] = []
    for file, base in bundle.files.get(packet_path, []):
        if file.suffix.lower() in PROGRAMS:
            programs.append(file)
            continue
        row = row_of(file, base)
        if row in rows:
            out.setdefault(row, []).append(file)
        else:
            loose.append(file)
    return out, loose, programs
