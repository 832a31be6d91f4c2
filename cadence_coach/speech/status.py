"""What the runner hears of the session on demand, and while the coach waits to start: the
status line and the ready line, in words. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cadence_coach.speech.words import say_duration, say_number

_RATIO = re.compile(r"(\d+):(\d+)")


@dataclass(frozen=True, slots=True)
class SensorNews:
    """One sensor as the runner hears of it: what it is, whether it is there, its battery."""

    what: str
    """``Footpod``, ``Heart rate strap``, ``Treadmill``, or its name."""
    connected: bool
    battery_pct: int | None = None


@dataclass(frozen=True, slots=True)
class StatusFacts:
    """The session so far, for the status asked for with a button."""

    elapsed_s: float
    cadence_spm: float | None = None
    in_zone_pct: float | None = None
    heart_rate_bpm: float | None = None
    sensors: tuple[SensorNews, ...] = ()
    paused: bool = False


@dataclass(frozen=True, slots=True)
class ReadyFacts:
    """What the next session is and what it runs on, said while the coach waits for play."""

    session: str
    """The plan's name, or ``free run``."""
    target_spm: float | None = None
    duration_s: float | None = None
    sensors: tuple[SensorNews, ...] = ()


def say_name(name: str) -> str:
    """A plan's name as it is said: "Run-walk 2:1" is "Run-walk two to one"."""
    return _RATIO.sub(lambda m: f"{say_number(int(m[1]))} to {say_number(int(m[2]))}", name)


def _percent(value: float) -> str:
    return f"{say_number(round(value))} percent"


def _sensor(news: SensorNews) -> str:
    if not news.connected:
        return f"{news.what} not found"
    if news.battery_pct is None:
        return f"{news.what} connected"
    return f"{news.what} connected, battery {_percent(news.battery_pct)}"


def status_words(facts: StatusFacts) -> str:
    """ "Twelve minutes. Cadence one seventy two. In zone eighty percent. Heart rate one
    forty five. Footpod battery eighty percent": what is known, nothing about what is not."""
    elapsed = facts.elapsed_s if facts.elapsed_s < 120 else round(facts.elapsed_s / 60) * 60
    parts = [say_duration(max(elapsed, 1.0))]
    if facts.paused:
        parts[0] = f"Paused at {parts[0]}"
    if facts.cadence_spm is not None:
        parts.append(f"Cadence {say_number(round(facts.cadence_spm))}")
    if facts.in_zone_pct is not None:
        parts.append(f"In zone {_percent(facts.in_zone_pct)}")
    if facts.heart_rate_bpm is not None:
        parts.append(f"Heart rate {say_number(round(facts.heart_rate_bpm))}")
    for news in facts.sensors:
        if not news.connected:
            parts.append(f"{news.what} lost")
        elif news.battery_pct is not None:
            parts.append(f"{news.what} battery {_percent(news.battery_pct)}")
    return _sentences(parts)


def ready_words(facts: ReadyFacts) -> str:
    """ "Ready. Today: run-walk two to one. Footpod connected, battery eighty percent.
    Press play to start"."""
    today = say_name(facts.session)
    if facts.target_spm is not None and facts.session == "free run":
        today += f" at {say_number(round(facts.target_spm))}"
    if facts.duration_s is not None:
        today += f", {say_duration(facts.duration_s)}"
    parts = ["Ready", f"Today: {today}", *(_sensor(n) for n in facts.sensors)]
    return _sentences([*parts, "Press play to start"])


def _sentences(parts: list[str]) -> str:
    return ". ".join(p[0].upper() + p[1:] for p in parts)
