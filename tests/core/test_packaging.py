"""The program a clerk gets is the one the tests ran: the locked set is installed, it
satisfies pyproject.toml, known-bad releases are excluded, and a wheel carries every
module and the shipped resources."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _lock() -> dict[str, Requirement]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            req = Requirement(line)
            pins[canonicalize_name(req.name)] = req
    return pins


def _declared() -> list[Requirement]:
    project = _pyproject()["project"]
    extras = project["optional-dependencies"]
    return [Requirement(r) for r in project["dependencies"] + extras["test"] + extras["build"]]


def test_lock_pins_every_declared_dependency_within_its_range() -> None:
    pins = _lock()
    for req in _declared():
        pin = pins.get(canonicalize_name(req.name))
        assert pin is not None, f"{req.name} is not in requirements.lock"
        (spec,) = pin.specifier
        assert spec.operator == "==", f"{pin} is not an exact pin"
        assert req.specifier.contains(spec.version), f"{pin} is outside {req}"


def test_known_bad_pyside_release_is_excluded() -> None:
    # PySide6 6.12.0 drops a reference to True on every Signal.emit() (CPython 3.11 aborts).
    for req in _declared():
        if canonicalize_name(req.name) in {"pyside6-essentials", "shiboken6"}:
            assert not req.specifier.contains("6.12.0")


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def test_installed_versions_are_the_locked_ones() -> None:
    env = default_environment()
    for name, pin in _lock().items():
        (spec,) = pin.specifier
        version = _installed(name)
        if (pin.marker is not None and not pin.marker.evaluate(env)) or version is None:
            continue  # another platform's, or the installer build's (not in a test set-up)
        assert version == spec.version, f"installed {name} {version} is not the locked {spec}"
    project = _pyproject()["project"]
    for line in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert _installed(Requirement(line).name), f"{line} is not installed"


def test_wheel_carries_every_module_and_the_resources(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.fail(done.stdout + done.stderr)
    (wheel,) = tmp_path.glob("soildesk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("soildesk", "ui"):
        for source in (ROOT / folder).rglob("*.py"):
            rel = source.relative_to(ROOT).as_posix()
            assert rel in names, f"{rel} is missing from the wheel"
    for resource in (ROOT / "resources").rglob("*"):
        if resource.is_file():
            rel = "soildesk/resources/" + resource.relative_to(ROOT / "resources").as_posix()
            assert rel in names, f"{rel} is missing from the wheel"
