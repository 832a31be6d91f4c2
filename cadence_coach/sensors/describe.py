"""Decoded sensor values as one line of text or one JSON object (``cadence-coach sensor``)."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any

from cadence_coach.sensors.gatt import HeartRateMeasurement, RscMeasurement, TreadmillData
from cadence_coach.sensors.step_reading import StepReading

KINDS = {RscMeasurement: "rsc", HeartRateMeasurement: "heart_rate", TreadmillData: "treadmill",
         StepReading: "steps"}  # fmt: skip


def as_json(value: object, steps_per_min: float | None) -> dict[str, Any]:
    """Every decoded field under its own name, plus ``type`` and, for a footpod, the
    cadence in steps per minute."""
    out: dict[str, Any] = {"type": KINDS.get(type(value), type(value).__name__)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            out[f.name] = v.name.lower() if isinstance(v, enum.Enum) else v
    if steps_per_min is not None:
        out["cadence_spm"] = steps_per_min
    return out


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _opt(value: float | None, fmt: str) -> str | None:
    return None if value is None else fmt.format(value)


def describe(value: object, steps_per_min: float | None) -> str:
    """One short line: what a runner wants to see of a notification."""
    parts: list[str | None]
    if isinstance(value, RscMeasurement):
        parts = [
            f"cadence {steps_per_min:g} spm (sent {value.cadence_per_min})"
            if steps_per_min is not None
            else f"cadence {value.cadence_per_min}",
            f"speed {value.speed_mps:.2f} m/s",
            _opt(value.stride_length_m, "stride {:.2f} m"),
            _opt(value.total_distance_m, "distance {:.1f} m"),
            "running" if value.running else "walking",
        ]
    elif isinstance(value, HeartRateMeasurement):
        rr = ", ".join(f"{r * 1000:.0f}" for r in value.rr_intervals_s)
        parts = [
            f"heart rate {value.heart_rate_bpm} bpm",
            f"contact {value.contact.name.lower().replace('_', ' ')}",
            _opt(value.energy_expended_kj, "energy {} kJ"),
            f"RR {rr} ms" if rr else None,
        ]
    elif isinstance(value, TreadmillData):
        parts = [
            _opt(value.speed_kmh, "speed {:.2f} km/h"),
            _opt(value.inclination_pct, "incline {:.1f} %"),
            _opt(value.total_distance_m, "distance {} m"),
            _opt(value.heart_rate_bpm, "heart rate {} bpm"),
            _opt(value.elapsed_time_s, "elapsed {} s"),
        ]
    elif isinstance(value, StepReading):
        parts = [
            _count(len(value.steps_t_s), "new step") if value.steps_t_s else "no new step",
            f"cadence {value.cadence_spm:g} spm (confidence {value.confidence:.2f})"
            if value.cadence_spm
            else ("standing still" if value.cadence_spm == 0 else "cadence not yet known"),
            f"{value.total_steps} steps in all",
        ]
    else:
        parts = [repr(value)]
    return ", ".join(p for p in parts if p)
