"""How one body's many names are recognised as one unit.

Documents write the same body as 县环保局 / 环保局 / 环保部门, and the 2018 reform renamed
most of them (环保局 -> 生态环境局). A name is reduced to a key; names with one key are
aliases of one unit. The wording a document used is always kept beside the link.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Suffixes that name the kind of body rather than the body.
_SUFFIXES = ("委员会", "办公室", "部门", "分局", "局", "委", "办", "厅")

# Short forms and renamed bodies -> one canonical stem. Old and new names after the
# 2018 institutional reform are one unit.
_STEM_SYNONYMS = {
    "发改": "发展改革",
    "发展和改革": "发展改革",
    "发展改革委": "发展改革",
    "生态环境": "环保",
    "环境保护": "环保",
    "生态环境保护": "环保",
    "自然资源": "国土资源",
    "规划和自然资源": "国土资源",
    "国土": "国土资源",
    "农业农村": "农业",
    "农": "农业",
    "住房和城乡建设": "住建",
    "住房城乡建设": "住建",
    "城乡建设": "住建",
    "应急管理": "安监",
    "安全生产监督管理": "安监",
    "卫生健康": "卫生计生",
    "卫计": "卫生计生",
    "水务": "水利",
    "市场监督管理": "市场监管",
    "工业和信息化": "工信",
    "工业信息化": "工信",
    "行政审批服务管理": "行政审批",
    "审批": "行政审批",
}


@lru_cache(maxsize=16_384)  # the same names are keyed for every sub-item and sheet
def alias_key(name: str) -> str:
    """Reduce a unit's name to the key its aliases share."""
    s = re.sub(r"\s+", "", name)
    s = s.strip("，,。；;、：:")
    if s.startswith("各") and len(s) > 2:  # 各乡镇人民政府 = 乡镇人民政府
        s = s[1:]
    level = ""
    # 市场监督管理局, 市政…, 市容…: that 市 is part of the name, not the city.
    if len(s) >= 3 and s[0] in "县市省区" and not s.startswith(("市场", "市政", "市容")):
        # A city's or province's bureau is another body than the county's; a bare
        # 环保局 in a county table is the county's own.
        level = s[0] if s[0] in "市省" else ""
        s = s[1:]
    for suffix in _SUFFIXES:
        if s.endswith(suffix) and len(s) > len(suffix):
            s = s[: -len(suffix)]
            break
    return level + _STEM_SYNONYMS.get(s, s)
