"""A plan document (工作方案 / 行动计划) as paragraphs, each with the source lines it came
from: .txt and .md (Markdown headings and **bold** are markup, not words), .docx.

Lines that a PDF-to-text or a careless paste broke in the middle of a sentence are joined
back: a line continues the paragraph above unless the paragraph above ended a sentence
or the line starts a numbered heading."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ValidationError

_MARKUP = re.compile(r"^\s*#{1,6}\s*|\*\*|__")
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+\s*[、.．]|[（(]\s*[一二三四五六七八九十百]+\s*[）)]"
    r"|[（(]\s*\d+\s*[）)]|\d+\s*[.．、](?!\d))"
)
_ENDS_SENTENCE = tuple("。；！？：）)」』”")


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    first_line: int  # 1-based, in the source
    last_line: int
    heading_mark: bool = False  # Markdown made it a heading (#…)


def read_document(path: Path) -> tuple[list[Paragraph], list[str]]:
    """The document's paragraphs and its source lines (for showing where each came from)."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"找不到文件：{path}。")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        lines = _docx_lines(path)
    elif suffix in (".txt", ".md", ".markdown", ""):
        from ..importing.textdump import read_text

        lines = read_text(path, "方案文档").splitlines()
    else:
        raise ValidationError(
            f"无法读取 {path.name}：方案文档只支持 Word（.docx）、文本（.txt）和 Markdown（.md）。"
            "请在 Word/WPS 中打开后“另存为” .docx 或 .txt 再试。"
        )
    return paragraphs(lines), lines


def _docx_lines(path: Path) -> list[str]:
    import docx

    from ..importing.docx import _paragraph_text
    from ..importing.safety import PLAN_HINT, check_office_zip

    check_office_zip(path, "docx", PLAN_HINT)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on broken files
        raise ValidationError(
            f"{path.name} 无法作为 Word 文档打开（文件已损坏，或不是 Word 文档）。"
            "请在 Word/WPS 中打开它，“另存为” .docx 后再导入。"
        ) from exc
    lines: list[str] = []
    for p in document.paragraphs:
        text = _paragraph_text(p._p)
        style = (p.style.name if p.style is not None else "") or ""
        level = re.search(r"(?:Heading|标题)\s*(\d)", style)
        lines.append(("#" * int(level.group(1)) + " " if level else "") + text)
        lines.append("")  # Word's paragraphs are paragraphs
    return lines


def paragraphs(lines: list[str]) -> list[Paragraph]:
    out: list[Paragraph] = []
    text, first, last, heading = "", 0, 0, False
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        is_heading = bool(re.match(r"^\s*#{1,6}\s", raw))
        line = _MARKUP.sub("", line).strip() if line else ""
        if not line:
            # A blank line ends a finished sentence, a heading or a title; a sentence
            # broken by the blank line (a PDF's page or column end) goes on below it.
            if text and (text.endswith(_ENDS_SENTENCE) or heading or _short_line(text)):
                out.append(Paragraph(text, first, last, heading))
                text = ""
            continue
        continues = (
            text
            and not is_heading
            and not heading
            and not text.endswith(_ENDS_SENTENCE)
            and not _HEADING.match(line)
        )
        if continues:
            text += line
            last = number
            continue
        if text:
            out.append(Paragraph(text, first, last, heading))
        text, first, last, heading = line, number, number, is_heading
    if text:
        out.append(Paragraph(text, first, last, heading))
    return out


def _short_line(text: str) -> bool:
    """A title, a signature or a heading: short, and no sentence inside it."""
    return len(text) <= 40 and "。" not in text
