"""The tree model without a view: Qt's model tester, data roles, drop rules."""

import pytest
from PySide6.QtCore import QModelIndex, Qt

from soildesk.domain import Level, Node
from soildesk.evidence import EvidenceStore
from soildesk.progress import ProgressService
from tests.conftest import FakeInteraction
from ui.plan_document import PlanDocument
from ui.plan_session import PlanSession
from ui.tree_model import COL_TEXT, COL_UNITS, NodeRole, PlanTreeModel


@pytest.fixture
def session(plans, units, demo) -> PlanSession:
    # A fixture, so the model outlives qtmodeltester's teardown.
    session = PlanSession(
        plans, units, ProgressService(plans.db), EvidenceStore(plans.db), FakeInteraction()
    )
    session.load_plan(demo.id)
    return session


def test_model_passes_qt_model_tester(qtmodeltester, session) -> None:
    qtmodeltester.check(session.model, force_py=True)


def test_model_stays_valid_through_edits(qtmodeltester, session) -> None:
    model = session.model
    qtmodeltester.check(model, force_py=True)  # keeps watching the signals below
    item = session.document.roots[0].children[0].children[0]
    new_id = session.add(Level.SUBITEM, item.children[0])
    session.move(new_id, item.id, 0)
    session.move_by(item.children[0].id, 2)
    other = session.document.roots[0].children[1].children[0]
    session.move(item.children[0].id, other.id, 0)  # across parents
    session.undo_stack.undo()
    session.undo_stack.undo()
    session.undo_stack.redo()
    assert session.delete(session.document.roots[1].id)
    assert model.rowCount() == 5
    session.undo_stack.undo()
    assert model.rowCount() == 6


def test_data_roles(session) -> None:
    model = session.model
    article = model.index(0, COL_TEXT)
    assert model.data(article) == "一、实施黑土区综合保护，保障国家粮食安全"
    assert model.data(article, Qt.ItemDataRole.FontRole).bold()
    assert model.data(article, NodeRole.LEVEL) == Level.ARTICLE
    clause = model.index(0, 0, article)
    assert model.data(model.index(0, COL_UNITS, article)) == ""  # clauses carry no units
    item = model.index(0, 0, clause)
    assert model.data(model.index(0, COL_UNITS, clause)).startswith("县农业局牵头，县发展改革局、")
    sub = model.index(0, COL_UNITS, item)
    assert (
        model.data(sub) == "1、水利局牵头，环保局、国土资源局、林业局、财政局等部门配合。"
    )  # as written
    assert isinstance(model.data(model.index(0, 0, item), NodeRole.NODE), Node)


def test_flagged_units_are_marked() -> None:
    document = PlanDocument(None)
    model = PlanTreeModel(document)
    node = Node(1, Level.ITEM, text="项", units_raw="由县政府统一协调")
    document.load([node])
    index = model.index(0, COL_UNITS)
    assert model.data(index) == "⚠ 由县政府统一协调"
    assert "未能识别" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) is not None


def test_drops_only_within_a_level(session) -> None:
    model = session.model
    moves: list = []
    model.move_requested.connect(lambda *a: moves.append(a))
    article = model.index(0, 0)
    item = model.index(0, 0, model.index(0, 0, article))
    sub2 = model.index(1, 0, item)
    mime = model.mimeData([sub2])
    assert not model.canDropMimeData(
        mime, Qt.DropAction.MoveAction, 0, 0, article
    )  # not under an article
    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, item)
    assert (
        model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, item) is False
    )  # the command moves
    sub_id = model.node_from_index(sub2).id
    assert moves == [(sub_id, model.node_from_index(item).id, 0)]
    # Dropping an article into its own subtree is refused.
    art_mime = model.mimeData([article])
    assert not model.canDropMimeData(art_mime, Qt.DropAction.MoveAction, -1, 0, item)
