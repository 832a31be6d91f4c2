"""The package's layering, as docs/architecture.md states it: each folder imports only from
folders before it, with the one named exception; heavy libraries only in their shells."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "cadence_coach"
ORDER = [
    {"errors", "(root)"},
    {"units", "output_files"},
    {"config", "service"},
    {"audio"},
    {"sensors", "sources"},
    {"coaching"},
    {"speech"},
    {"history"},
    {"music"},
    {"plans"},
    {"session"},
    {"cli", "emulation"},
    {"__main__"},
]
ALLOWED_ACROSS = {
    # a footpod's cadence is converted to steps at the sensors' edge
    ("sensors", "cadence_coach.sources.strides"),
    # ...and a strap's acceleration to steps there too
    ("sensors", "cadence_coach.sources.steps.cadence"),
    ("sensors", "cadence_coach.sources.steps.detector"),
    ("sensors", "cadence_coach.sources.steps.grid"),
}
SHELLS = {
    "bleak": {"sensors.bluetooth", "sensors.link", "emulation.bleak_backend"},
    "sounddevice": {"audio.devices", "audio.stream"},
    "pyttsx3": {"speech.worker"},
    "click": {"cli"},
    "matplotlib": {"history.report"},
    "bumble": {"emulation"},
    "pulsectl": {"audio.server"},
    "dbus_fast": {"session.remote.mpris"},
    "gpiozero": {"session.remote.button"},
    "evdev": {"session.remote.keys"},
    "systemd_watchdog": {"session.watchdog"},
    "librosa": {"music.analysis"},
    "av": {"music.decode"},
}


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(p for p in parts if p != "__init__") or "(root)"
        found.append((name, ast.parse(path.read_text())))
    return found


def _folder(module: str) -> str:
    return module.removeprefix("cadence_coach.").split(".")[0] if module else "(root)"


def _rank(folder: str) -> int:
    return next(i for i, layer in enumerate(ORDER) if folder in layer)


def _imports(tree: ast.Module) -> list[str]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
        elif isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
    return out


def test_each_folder_imports_only_from_folders_before_it() -> None:
    wrong = []
    for name, tree in _modules():
        here = _folder(name)
        for target in _imports(tree):
            if not target.startswith("cadence_coach."):
                continue
            there = _folder(target)
            if there == here or (here, target) in ALLOWED_ACROSS:
                continue
            if here == "sources" and name == "sources.live" and there == "sensors":
                continue  # the live source reads the sensors' hub
            if _rank(there) >= _rank(here):
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_heavy_libraries_are_imported_only_in_their_shells() -> None:
    wrong = []
    for name, tree in _modules():
        for target in _imports(tree):
            top = target.split(".")[0]
            shells = SHELLS.get(top)
            if shells is not None and not any(
                name == s or name.startswith(s + ".") for s in shells
            ):
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_the_coach_words_nothing() -> None:
    for name, tree in _modules():
        if name.startswith("coaching."):
            assert not [t for t in _imports(tree) if t.startswith("cadence_coach.speech")], name
