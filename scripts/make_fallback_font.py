"""How resources/fonts/wqy-zenhei-gb2312.ttf was made: WenQuanYi Zen Hei (GPL-2 with
the font embedding exception, see LICENSE-wqy-zenhei.txt) cut to GB 2312's 6,763
characters, ASCII and the punctuation of official documents, without its bitmaps and
hinting: 2.3 MB instead of 17 MB, so the bundle stays under 150 MB. It is the last
resort, used only on a machine without any Chinese TrueType font.

    pip install fonttools   (a tool for this script only, not a dependency)
    python scripts/make_fallback_font.py /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "wqy-zenhei-gb2312.ttf"
PUNCTUATION = "（）、，。；：？！“”‘’《》〈〉【】—…·％‰　"


def gb2312() -> str:
    chars = {chr(c) for c in range(0x20, 0x7F)} | set(PUNCTUATION)
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):  # an unassigned code
                chars.add(bytes([b1, b2]).decode("gb2312"))
    return "".join(sorted(chars))


def main(source: str) -> int:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as text:
        text.write(gb2312())
        text.flush()
        return subprocess.call([
            "pyftsubset", source, "--font-number=0", f"--text-file={text.name}",
            "--no-hinting", "--drop-tables+=EBDT,EBLC,EBSC,bdat,bloc,DSIG",
            f"--output-file={OUT}",
        ])  # fmt: skip


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
