"""SQLAlchemy and the ORM models, imported on first use.

Importing them costs about 0.5 s, more than an empty window's whole start: the window
paints the plan from plain SQLite reads (`Database.read`), and SQLAlchemy is imported
after the first paint (`warm_up`), or by the first edit if that comes sooner. Modules
that write write `sa.select(...)`, `m.NodeRow` through these names."""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any


class _Lazy:
    """A module that is imported when one of its names is first read (importlib's own
    locks make two threads asking at once safe); each name is cached after."""

    def __init__(self, name: str) -> None:
        self.__name = name

    def __getattr__(self, attr: str) -> Any:
        value = getattr(importlib.import_module(self.__name), attr)
        setattr(self, attr, value)
        return value


if TYPE_CHECKING:
    import sqlalchemy as sa
    import sqlalchemy.exc as sa_exc
    import sqlalchemy.orm as sa_orm

    from . import models as m
else:
    sa = _Lazy("sqlalchemy")
    sa_exc = _Lazy("sqlalchemy.exc")
    sa_orm = _Lazy("sqlalchemy.orm")
    m = _Lazy("soildesk.db.models")


def loaded() -> bool:
    return "sqlalchemy.orm" in sys.modules and "soildesk.db.models" in sys.modules


def warm_up() -> None:
    """Import what the first edit needs (called off the GUI thread after the first paint)."""
    importlib.import_module("sqlalchemy.orm")
    importlib.import_module("soildesk.db.models")
