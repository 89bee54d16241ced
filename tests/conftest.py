"""Shared fixtures. Qt runs offscreen; every database, setting and file lives in tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # tests/__init__.py sets the screen

from soildesk.db.database import Database, open_database
from soildesk.demo import add_demo_plan
from soildesk.domain import PlanInfo
from soildesk.plans import PlanService
from soildesk.units import UnitService

# Real documents, kept in the repository so a clone with nothing beside it passes.
SAMPLES = Path(__file__).resolve().parent / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def tree_shape(nodes: list, with_ids: bool = False) -> list:
    """A tree (stored Nodes or NodeDrafts) as nested tuples, for comparing two trees."""
    return [
        (
            *((n.id,) if with_ids else ()),
            n.level,
            n.number,
            n.text,
            n.duties,
            n.units_raw,
            [((u.unit_id,) if with_ids else ()) + (u.wording, u.role) for u in n.units],
            tree_shape(n.children, with_ids),
        )
        for n in nodes
    ]


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # platformdirs reads these: no test ever touches the real user's data folder.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))  # the log file
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "test.db")
    yield database
    database.close()


@pytest.fixture
def plans(db: Database) -> PlanService:
    return PlanService(db)


@pytest.fixture
def units(db: Database) -> UnitService:
    return UnitService(db)


@pytest.fixture
def demo(plans: PlanService) -> PlanInfo:
    plan, _ = add_demo_plan(plans)
    return plan


class FakeInteraction:
    """Answers for the clerk in GUI tests and records what was said."""

    def __init__(self) -> None:
        self.confirm_answer = True
        self.choice: int | str | None = 0  # an index, or the text of the option to pick
        self.text_answer: str | None = None
        self.pick_answer: str | None = None  # the text of the item to pick
        self.open_answer: Path | None = None
        self.save_answer: Path | None = None
        self.import_name: str | None = ""  # "" accepts the proposed name, None cancels
        self.merge_answer: list[str] = []  # suspect unit wordings the clerk merges
        self.drafts_reviewed: list = []
        self.draft_edit = None  # a function given the Review, to correct it as a clerk would
        self.reviewed: list = []
        self.messages: list[tuple[str, str, str]] = []
        self.dangers: list[bool] = []  # the danger flag of each confirm()
        self.open_many: list[Path] = []
        self.folder_answer: Path | None = None
        self.packet_reviews: list = []
        self.packet_edit = None  # a function given the packet Review, as the clerk chooses
        self.packet_answer = True
        self.update_reviews: list = []
        self.update_edit = None  # a function given the UpdateReview, as the clerk chooses
        self.update_answer = True

    def confirm(self, title: str, text: str, ok_label: str = "确定", danger: bool = False) -> bool:
        self.messages.append(("confirm", title, text))
        self.dangers.append(danger)
        return self.confirm_answer

    def inform(self, title: str, text: str) -> None:
        self.messages.append(("inform", title, text))

    def error(self, title: str, text: str) -> None:
        self.messages.append(("error", title, text))

    def choose(self, title: str, text: str, options: list[str]) -> int | None:
        self.messages.append(("choose", title, text))
        if isinstance(self.choice, str):
            return next(i for i, o in enumerate(options) if self.choice in o)
        return self.choice

    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        self.messages.append(("ask_text", title, label))
        return self.text_answer

    def pick(self, title: str, label: str, items: list[str]) -> int | None:
        self.messages.append(("pick", title, label))
        return items.index(self.pick_answer) if self.pick_answer in items else None

    def open_file(self, title: str, filters: str) -> Path | None:
        self.messages.append(("open_file", title, filters))
        return self.open_answer

    def save_file(self, title: str, suggested: str, filters: str) -> Path | None:
        self.messages.append(("save_file", title, suggested))
        return self.save_answer

    def open_files(self, title: str, filters: str) -> list[Path]:
        self.messages.append(("open_files", title, filters))
        return list(self.open_many)

    def open_folder(self, title: str) -> Path | None:
        self.messages.append(("open_folder", title, ""))
        return self.folder_answer

    def review_update(self, review) -> bool:
        self.update_reviews.append(review)
        if self.update_edit is not None:
            self.update_edit(review)
        return self.update_answer

    def review_packets(self, review) -> bool:
        self.packet_reviews.append(review)
        if self.packet_edit is not None:
            self.packet_edit(review)
        return self.packet_answer

    def review_import(self, result, proposed_name: str, suspects=()):
        from ui.interaction import ImportChoice

        self.reviewed.append((result, proposed_name, list(suspects)))
        if self.import_name is None:
            return None
        merges = {s.wording: s.likely for s in suspects if s.wording in self.merge_answer}
        return ImportChoice(self.import_name or proposed_name, merges)

    def review_draft(self, review, lines, proposed_name: str, position):
        self.drafts_reviewed.append((review, proposed_name, position))
        if self.draft_edit is not None:
            self.draft_edit(review)
        return None if self.import_name is None else (self.import_name or proposed_name)

    def errors(self) -> list[str]:
        return [text for kind, _, text in self.messages if kind == "error"]


@pytest.fixture
def interaction() -> FakeInteraction:
    return FakeInteraction()
