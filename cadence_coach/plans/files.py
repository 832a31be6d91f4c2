"""Plan and programme files read within bounds, so that no file costs more than a moment:
a size and a number of parts in a dotted key checked before tomllib sees them (a key of
50,000 parts costs tomllib gigabytes), and nesting too deep for its recursion refused."""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path
from typing import Any

from cadence_coach.plans.model import PlanError
from cadence_coach.units import printable

MAX_FILE_BYTES = 256 * 1024
"""A plan of 500 segments, each with its cues, is well under this."""
MAX_DOTS = 100
"""Dots on one line: a dotted key's parts are fewer."""

_BOM = "\ufeff"


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML in ``path``, as tomllib reads it; :class:`PlanError` naming the file for
    anything that is not a plan-sized UTF-8 TOML file."""
    where = str(path)
    text = _text(_bytes(path, where), where)
    _scan(text, where)
    try:
        return tomllib.loads(text)
    except ValueError as err:  # TOMLDecodeError, or an integer too long to read
        raise PlanError(where, "", f"not valid TOML: {str(err)[:120]}") from None
    except RecursionError:  # arrays or inline tables hundreds deep
        raise PlanError(where, "", "not valid TOML: nested far too deep") from None


def _bytes(path: Path, where: str) -> bytes:
    try:
        if path.is_dir():
            raise PlanError(where, "", "is a folder, not a TOML file")
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise PlanError(where, "", "no such file") from None
    except OSError as err:
        raise PlanError(where, "", f"cannot read it ({err.strerror or err})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise PlanError(where, "", f"larger than {MAX_FILE_BYTES // 1024} KB; is it a plan?")
    return raw


def _text(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8").removeprefix(_BOM)
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        bad = raw[err.start : err.start + 1].hex()
        raise PlanError(
            where, "", f"not UTF-8 text: byte 0x{bad} on line {line} (save it as UTF-8)"
        ) from None


def _scan(text: str, where: str) -> None:
    """Refuse a line with more than :data:`MAX_DOTS` dots: a TOML key never spans lines, so
    no dotted key has more parts than that (strings are counted too, which costs a plan
    nothing: its texts are short)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.count(".") > MAX_DOTS:
            raise PlanError(
                where, "", f"line {number} has more than {MAX_DOTS} dots (too long a key)"
            )


def toml_value(value: Any) -> str:
    """A value as the file wrote it (``true``, ``"172"``, ``[1, 2]``), cut to a readable
    length and with no control character, for a message."""
    shown = _toml(value)
    return printable(shown if len(shown) <= 40 else shown[:37] + "...")


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return _integer(value)
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else {math.inf: "inf", -math.inf: "-inf"}.get(value, repr(value))
        )
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 36 else value[:33] + "...", ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value[:5]) + (", ...]" if len(value) > 5 else "]")
    if isinstance(value, dict):
        inner = ", ".join(f"{k} = {_toml(v)}" for k, v in list(value.items())[:5])
        return "{ " + inner + " }"
    return str(value)  # dates and times read as they are written


def _integer(value: int) -> str:
    try:
        digits = str(value)
    except ValueError:  # beyond Python's limit on digits converted
        return "a number too long to read"
    return digits if len(digits) <= 20 else f"{digits[:8]}... (a {len(digits)}-digit number)"
