"""Database.read: the plain SQLite reads the window paints with, before SQLAlchemy."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from soildesk.db.database import Database
from soildesk.domain import PlanInfo
from soildesk.errors import StorageError
from soildesk.plans import PlanService


def test_a_read_sees_what_an_edit_just_committed(db: Database, plans: PlanService, demo) -> None:
    node = plans.load_tree(demo.id)[0]
    plans.update_fields(node.id, text="改过的内容")
    assert plans.load_tree(demo.id)[0].text == "改过的内容"
    assert plans.load_subtree(node.id).text == "改过的内容"


def test_one_read_block_is_one_snapshot(db: Database, plans: PlanService, demo) -> None:
    node = plans.load_tree(demo.id)[0]
    with db.read() as cur:
        before = cur.execute("SELECT text FROM node WHERE id = ?", (node.id,)).fetchone()[0]
        other = threading.Thread(target=plans.update_fields, args=(node.id,), kwargs={"text": "新"})
        other.start()
        other.join()
        inner = plans.load_subtree(node.id).text  # nested: the same snapshot
        again = cur.execute("SELECT text FROM node WHERE id = ?", (node.id,)).fetchone()[0]
    assert before == again == inner != "新"
    assert plans.load_subtree(node.id).text == "新"


def test_reads_never_write(db: Database, demo: PlanInfo) -> None:
    with pytest.raises(StorageError), db.read() as cur:  # query_only: refused by SQLite
        cur.execute("DELETE FROM node")
    assert PlanService(db).list_plans()[0].counts


def test_threads_take_turns_on_the_read_connection(db: Database, plans: PlanService, demo) -> None:
    counts: list[int] = []

    def count() -> None:
        for _ in range(20):
            counts.append(len(plans.load_tree(demo.id)))

    workers = [threading.Thread(target=count) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert counts == [6] * 80


def test_a_failing_read_is_worded_and_the_next_read_works(db: Database, demo: PlanInfo) -> None:
    with pytest.raises(StorageError, match="损坏"), db.read():
        raise sqlite3.DatabaseError("database disk image is malformed")
    assert PlanService(db).find_plan(demo.name) == demo


def test_closing_closes_the_read_connection(db: Database, demo: PlanInfo) -> None:
    with db.read() as cur:
        conn = cur.connection
    db.close()
    with pytest.raises(sqlite3.ProgrammingError):
        conn.execute("SELECT 1")
