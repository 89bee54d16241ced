"""SoilDesk core: domain, storage, import, export and reports. Never imports Qt."""

# The one place the version is written: pyproject.toml reads it from here (importlib's
# metadata lookup cost 60 ms of every start, and a frozen build has no metadata).
__version__ = "0.1.0"

APP_NAME = "SoilDesk"
