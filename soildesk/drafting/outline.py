"""From a plan document's paragraphs to draft breakdowns (FORMAT.md §5).

Headings are recognised by their numbering wherever the document puts them (一、 article,
（一） clause, 1. / 1、 / 1． item), whatever Markdown level it gave them; a heading may be
only the first sentence of its paragraph. A file may hold several documents (two plans
one after the other): each title starts a draft of its own. The text before the first
article (文号, 印发通知, signatures, dates, the preamble) is kept as the draft's preamble;
sections that are not tasks (指导思想, 总体要求, 工作目标…) are drafted but left out by
default, for the clerk to include."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..domain import Level, NodeDraft, Role, UnitRef, count_levels
from ..numbering import split_number
from .document import Paragraph
from .tasks import DocumentRules, item_parts, propose_subitems

_ARTICLE = re.compile(r"^[一二三四五六七八九十百]+\s*[、.．]")
_CLAUSE = re.compile(r"^[（(]\s*[一二三四五六七八九十百]+\s*[）)]")
_ITEM = re.compile(r"^\d+\s*[.．、](?!\d)")
# The end of a document's body: a rule, 抄送, the 印发 line, 本…由…负责解读.
_CLOSING = re.compile(r"^(?:-{3,}|\*{3,}|抄送[：:]|.{0,30}印发$|本(?:行动)?(?:计划|方案).{0,20}由.{2,40}负责解读)")
_TITLE = re.compile(r"(行动计划|工作方案|实施方案|行动方案|工作计划)$")
NOT_TASKS = ("指导思想", "总体要求", "工作目标", "基本原则", "主要目标", "目标任务", "总体目标")
DEFAULT_LEFT_OUT = ("指导思想", "总体要求", "工作目标")


@dataclass(slots=True)
class Source:
    """Where a drafted node came from in the document (1-based lines)."""

    first_line: int
    last_line: int


@dataclass(slots=True)
class Draft:
    title: str
    preamble: list[str] = field(default_factory=list)
    roots: list[NodeDraft] = field(default_factory=list)
    left_out: list[NodeDraft] = field(default_factory=list)  # sections not taken as tasks
    sources: dict[int, Source] = field(default_factory=dict)  # id(NodeDraft) -> lines
    inherited: dict[int, list[UnitRef]] = field(default_factory=dict)  # id(item) -> units
    guesses: list[str] = field(default_factory=list)  # what the clerk should check
    closing: list[str] = field(default_factory=list)  # 抄送, 印发 date, 负责解读: not tasks

    def counts(self) -> dict[Level, int]:
        return count_levels(self.roots)


def is_title(p: Paragraph) -> bool:
    text = p.text.strip().replace(" ", "")
    return (
        len(text) <= 40
        and bool(_TITLE.search(text))
        and not text.startswith("关于")
        and "通知" not in text
        and not _ARTICLE.match(text)
        and not _CLAUSE.match(text)
        and not _ITEM.match(text)
    )


def split_documents(paragraphs: list[Paragraph]) -> list[tuple[str, list[Paragraph]]]:
    """(title, paragraphs) of each document in a file. A title starts a new document
    once the one before it has articles; before that it names the document it heads."""
    docs: list[tuple[str, list[Paragraph]]] = [("", [])]
    for p in paragraphs:
        title, body = docs[-1]
        if is_title(p):
            if any(_ARTICLE.match(q.text) for q in body if q is not p):
                docs.append((p.text.strip(), [p]))
                continue
            if not title:
                docs[-1] = (p.text.strip(), body)
        body.append(p)
    return [(t, b) for t, b in docs if any(_ARTICLE.match(q.text) for q in b)]


def _heading_and_rest(text: str) -> tuple[str, str]:
    """A heading that is only the first sentence of its paragraph: （一）加强组织领导。各…"""
    m = re.match(r"^(.{2,60}?[。；])(.+)$", text)
    return (m.group(1), m.group(2)) if m else (text, "")


class _Builder:
    def __init__(self, title: str, rules: DocumentRules) -> None:
        self.draft = Draft(title)
        self.rules = rules
        self.article: NodeDraft | None = None
        self.clause: NodeDraft | None = None
        self.item: NodeDraft | None = None

    def _source(self, node: NodeDraft, p: Paragraph) -> None:
        src = self.draft.sources.get(id(node))
        if src is None:
            self.draft.sources[id(node)] = Source(p.first_line, p.last_line)
        else:
            src.last_line = max(src.last_line, p.last_line)

    def _extend(self, node: NodeDraft | None, p: Paragraph) -> None:
        while node is not None:  # a parent's source reaches as far as its children's
            self._source(node, p)
            node = self._parent.get(id(node))

    _parent: dict[int, NodeDraft]

    def add(self, p: Paragraph) -> None:
        text = p.text.strip()
        if self.draft.closing or (self.article is not None and _CLOSING.match(text)):
            self.draft.closing.append(text)  # after the body: never a task's words
            return
        if _ARTICLE.match(text):
            number, body = split_number(text)
            self.article = NodeDraft(Level.ARTICLE, number, body)
            self.clause = self.item = None
            section = re.sub(r"[。：:]$", "", body)
            target = (
                self.draft.left_out
                if any(word in section for word in DEFAULT_LEFT_OUT)
                else self.draft.roots
            )
            target.append(self.article)
            self._source(self.article, p)
            return
        if self.article is None:
            self.draft.preamble.append(text)
            return
        if _CLAUSE.match(text):
            heading, rest = _heading_and_rest(text) if "。" in text[:-1] else (text, "")
            number, body = split_number(heading)
            self.clause = NodeDraft(Level.CLAUSE, number, body.rstrip("。；"))
            self.article.children.append(self.clause)
            self._parent[id(self.clause)] = self.article
            self.item = None
            self._extend(self.clause, p)
            if rest:
                self._item(rest, p, numbered=False)
            return
        if _ITEM.match(text):
            self._item(text, p, numbered=True)
            return
        units_only = re.fullmatch(r"[（(]([^（）()]*)[）)]。?", text)
        if units_only and self.item is not None and not self.item.units_text:
            self.rules.apply_units(self.item, units_only.group(1), self.draft)  # on its own line
            self._extend(self.item, p)
            return
        if self.item is not None and not self.item.units_text and not _ITEM.match(text):
            self.item.text += text  # a paragraph that goes on the item above
            self._extend(self.item, p)
            return
        self._item(text, p, numbered=False)

    def _item(self, text: str, p: Paragraph, numbered: bool) -> None:
        if self.clause is None:  # an article with items but no clauses: one empty clause
            self.clause = NodeDraft(Level.CLAUSE)
            assert self.article is not None
            self.article.children.append(self.clause)
            self._parent[id(self.clause)] = self.article
        number, body = split_number(text) if numbered else ("", text)
        body, units = item_parts(body)
        item = NodeDraft(Level.ITEM, number, body)
        self.clause.children.append(item)
        self._parent[id(item)] = self.clause
        self.item = item
        self._extend(item, p)
        self.rules.apply_units(item, units, self.draft)

    def _check_numbers(self) -> None:
        """Items are numbered through the document: a gap is worth a look (was a task lost
        in the copy, or is it the document's own?)."""
        last = 0
        for article in self.draft.roots:
            for clause in article.children:
                for item in clause.children:
                    n = _number_value(item.number)
                    if n is None:
                        continue
                    if last and n not in (last + 1, 1):
                        src = self.draft.sources.get(id(item))
                        where = f"第{src.first_line}行前后：" if src else ""
                        self.draft.guesses.append(
                            f"{where}项的编号从 {last} 跳到了 {n}，请对照原文确认没有漏掉任务"
                        )
                    last = n

    def finish(self) -> Draft:
        for root in self.draft.roots + self.draft.left_out:
            for clause in root.children:
                for item in clause.children:
                    item.children = propose_subitems(item, self.rules.plan_year)
                    src = self.draft.sources.get(id(item))
                    for sub in item.children:
                        if src is not None:
                            self.draft.sources[id(sub)] = Source(src.first_line, src.last_line)
                    if root in self.draft.roots and not item.units:
                        self.draft.guesses.append(
                            f"第{src.first_line if src else '?'}行“{(item.number + item.text)[:20]}…”没有写明责任单位，请补上"
                        )
        self._check_numbers()
        for article in self.draft.roots:
            if any(word in article.text for word in NOT_TASKS):
                self.draft.guesses.append(f"“{article.number}{article.text}”可能不是具体任务，请确认是否列入")
        return self.draft


def _number_value(number: str) -> int | None:
    digits = re.match(r"\s*(\d+)", number)
    return int(digits.group(1)) if digits else None


def draft_documents(paragraphs: list[Paragraph], plan_year: int | None = None) -> list[Draft]:
    """One draft per document in the file."""
    drafts = []
    for title, body in split_documents(paragraphs):
        text = "\n".join(p.text for p in body)
        year = plan_year or _year(title)
        builder = _Builder(title, DocumentRules(text, year))
        builder._parent = {}
        for p in body:
            if p.text.strip() == title:
                continue
            builder.add(p)
        drafts.append(builder.finish())
    return drafts


def _year(title: str) -> int | None:
    m = re.search(r"(20\d\d)\s*年", title)
    return int(m.group(1)) if m else None


__all__ = ["Draft", "Role", "Source", "draft_documents", "split_documents"]
