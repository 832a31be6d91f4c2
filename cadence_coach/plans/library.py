"""Where plans and programmes are found: the built-in ones (``configs/``, in the repository
or the installed wheel) and the runner's own (the user config directory), a user file of
the same name winning. One lookup for both."""

from __future__ import annotations

from pathlib import Path

from cadence_coach.errors import BadValue
from cadence_coach.plans.files import toml_value
from cadence_coach.plans.loading import load_plan
from cadence_coach.plans.model import Plan


def builtin_dir() -> Path:
    """The built-in plans (``configs/`` in the installed wheel or the repository)."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "configs", package.parent / "configs"):
        if candidate.is_dir():
            return candidate
    return package.parent / "configs"


def user_dir() -> Path:
    """Where a runner keeps their own plans (platformdirs' user config directory)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("cadence-coach")) / "plans"


def _named(folders: tuple[Path, ...]) -> dict[str, Path]:
    """Names to TOML files across ``folders``: a later folder's file of the same name wins."""
    found: dict[str, Path] = {}
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found[path.stem] = path
    return found


def available() -> dict[str, Path]:
    """Plan names to files: built-in first, a user plan of the same name wins."""
    return _named((builtin_dir(), user_dir()))


def programmes() -> dict[str, Path]:
    """Programme names to files: built-in first, the user's own of the same name wins."""
    return _named((builtin_dir() / "programmes", user_dir().parent / "programmes"))


MAX_NAME = 1024
"""The longest name (or path) looked for."""


def named_file(name: str, what: str) -> Path | None:
    """``name`` as a file, when it is one (or ends in ``.toml``); ``None`` when it is only
    a name. A name no file could have, or a path that cannot be looked at, is refused."""
    if len(name) > MAX_NAME or not name.strip():
        raise BadValue(f"no {what} named {toml_value(name)}: a name is 1 to {MAX_NAME} characters")
    path = Path(name)
    try:
        exists = path.exists()
    except (OSError, ValueError) as err:  # a NUL, a part too long for the file system
        reason = getattr(err, "strerror", None) or err
        raise BadValue(f"{toml_value(name)}: cannot look for it ({reason})") from None
    return path if path.suffix == ".toml" or exists else None


def find_plan(name: str) -> Plan:
    """Load a plan by name, or by path when ``name`` is a file."""
    path = named_file(name, "plan")
    if path is not None:
        return load_plan(path)
    plans = available()
    if name not in plans:
        shown = toml_value(name)
        raise BadValue(f"no plan {shown}; `cadence-coach plans` lists them: {', '.join(plans)}")
    return load_plan(plans[name])


CHECKED_AT_HABITUAL_SPM = 170.0
"""A plan file is checked by compiling it for a runner of this habitual cadence."""


def check_plan(path: Path) -> Plan:
    """Load a plan file and compile it, so that every mistake is found now."""
    plan = load_plan(path)
    plan.segments(CHECKED_AT_HABITUAL_SPM)
    return plan
