"""Checks on a file before any parser opens it: its real type, encryption, and the
declared sizes inside a zip (an xlsx or docx is one), so that a zip bomb is refused
before anything is unpacked."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import ValidationError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls/.doc, and encrypted xlsx/docx
ZIP_MAGIC = b"PK\x03\x04"
MAX_UNPACKED = 300 * 1024 * 1024  # far above any real breakdown table
MAX_RATIO = 200  # deflate rarely beats 100:1 on real sheets
MAX_MEMBERS = 10_000


_OTHER_KINDS = (
    (b"\x89PNG", "一张 PNG 图片"),
    (b"\xff\xd8\xff", "一张 JPEG 照片"),
    (b"GIF8", "一张 GIF 图片"),
    (b"BM", "一张 BMP 图片"),
    (b"%PDF", "一个 PDF 文件"),
    (b"Rar!", "一个 RAR 压缩包"),
    (b"7z\xbc\xaf", "一个 7z 压缩包"),
    (b"{\\rtf", "一个 RTF 文档"),
)


def read_error(exc: OSError) -> str:
    """Why a file could not be read, in the clerk's words (the OS says it in English)."""
    import errno

    return {
        errno.ENOENT: "找不到这个文件，请检查文件名和位置",
        errno.EACCES: "没有读取权限（文件可能正被其他程序独占打开）",
        errno.EISDIR: "这是一个文件夹，不是文件",
        errno.EIO: "读磁盘时出错（U 盘是否已拔出？）",
    }.get(exc.errno or 0, exc.strerror or str(exc))


def sniff(path: Path) -> str:
    """'zip', 'ole', 'empty', or 'other' from the first bytes."""
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise ValidationError(f"无法读取文件 {path.name}：{read_error(exc)}。") from exc
    if not head:
        return "empty"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head == OLE_MAGIC:
        return "ole"
    return "other"


TABLE_HINT = "请确认选择的文件；任务分解表应是 Excel、WPS 表格或 Word 文件。"
PLAN_HINT = "请确认选择的文件；方案文档应是 Word（.docx）、文本（.txt）或 Markdown（.md）文件。"


def wrong_file(path: Path, what: str, hint: str = TABLE_HINT) -> ValidationError:
    """The message for a file that is not the `what` its name says, saying what it is."""
    if sniff(path) == "empty":
        return ValidationError(
            f"{path.name} 是空文件（0 字节），里面没有任何内容。文件可能没有传完整，"
            "请向发件单位重新索取，或从原来的位置重新复制。"
        )
    with path.open("rb") as f:
        head = f.read(8)
    kind = next((name for magic, name in _OTHER_KINDS if head.startswith(magic)), None)
    if kind:
        return ValidationError(
            f"{path.name} 实际上是{kind}，不是 {what}，只是扩展名写成了“{path.suffix}”。{hint}"
        )
    return ValidationError(
        f"{path.name} 不是有效的{what}（文件内容与扩展名不符，或文件已损坏）。"
        "请在 Excel/WPS 中打开它，“另存为” .xlsx 后再导入；打不开时请向发件单位重新索取。"
    )


def check_office_zip(path: Path, kind: str, hint: str = TABLE_HINT) -> None:
    """Refuse what is not a sound Office zip, with what to do about it."""
    what = {"xlsx": "Excel 工作簿", "docx": "Word 文档"}[kind]
    magic = sniff(path)
    if magic == "ole":
        raise ValidationError(
            f"{path.name} 是受密码保护的 {what}，或是旧版 .{kind[:-1]} 格式。"
            f"请在 Excel/WPS 中打开后取消密码，另存为 .{kind} 格式再导入。"
        )
    if magic != "zip":
        raise wrong_file(path, what, hint)
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
            if len(members) > MAX_MEMBERS:
                raise ValidationError(
                    f"{path.name} 内部文件数量异常（{len(members)} 个），已拒绝导入。"
                )
            total = sum(m.file_size for m in members)
            packed = sum(m.compress_size for m in members) or 1
            if total > MAX_UNPACKED or (total / packed > MAX_RATIO and total > 20 * 1024 * 1024):
                raise ValidationError(
                    f"{path.name} 解压后大小异常（{total // (1024 * 1024)} MB），可能是恶意构造的文件，已拒绝导入。"
                )
            for m in members:
                if m.filename.startswith(("/", "\\")) or ".." in Path(m.filename).parts:
                    raise ValidationError(f"{path.name} 含有不安全的内部路径，已拒绝导入。")
                if m.flag_bits & 0x1:
                    raise ValidationError(f"{path.name} 已加密，请先取消密码再导入。")
    except zipfile.BadZipFile as exc:
        raise ValidationError(
            f"{path.name} 已损坏，无法打开（文件可能没有传完整）。请向发件单位重新索取文件。"
        ) from exc
