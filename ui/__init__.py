"""SoilDesk's Qt user interface. Widgets receive the core services they need."""

import sys

import PySide6.QtCore  # noqa: F401 - installs PySide's import hook, replaced below


def _skip_feature_scan() -> None:
    """PySide reads the source of every module imported after it (inspect.getsource) to
    see whether `from __feature__ import …` might apply to it: 30-45 ms of every start
    from source. SoilDesk never selects a feature, so every module gets the default a
    module using PySide gets, without reading its source."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: True


_skip_feature_scan()
