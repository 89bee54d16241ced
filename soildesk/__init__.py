"""SoilDesk core: domain, storage, import, export and reports. Never imports Qt."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("soildesk")
except PackageNotFoundError:  # running from a source tree or a frozen build
    __version__ = "0.1.0"

APP_NAME = "SoilDesk"
