"""The recorder: what happened in a session, second by second, and its summary. Pure.

The history (:mod:`cadence_coach.history`) stores it as it runs. The summary's JSON keys
are fixed, because other tools read them: ``duration_s``, ``target_spm``, ``zone_spm``,
``cadence_mean_spm``, ``cadence_median_spm``, ``time_in_zone_pct``,
``heart_rate_mean_bpm``, ``moving_s``, ``paused_s``, ``pauses``, ``interrupted``, ``cues``,
and since the coach can step a target down, ``target_changes``, ``unaided`` (the
on-your-own segments' figures, or null) and ``no_readings_s``.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cadence_coach.coaching.actions import EventKind
from cadence_coach.coaching.estimator import SensorState


@dataclass(frozen=True, slots=True)
class Row:
    """One second of a session."""

    t: float
    segment: str
    target_spm: float
    zone_spm: tuple[float, float]
    cadence_spm: float | None
    heart_rate_bpm: float | None
    speed_mps: float | None
    moving: bool
    sensor: SensorState
    metronome: bool
    coached: bool = True
    incline_pct: float | None = None
    """A treadmill's incline, when one is connected."""
    walking: bool = False
    """A walk break in a running segment (not kept by the history)."""
    unaided: bool = False
    """An on-your-own segment: no beat, no cues (not kept by the history)."""

    @property
    def in_zone(self) -> bool | None:
        """Whether the cadence (the ten-second estimate) is in the zone; ``None`` when there
        is none to judge (standing, walking, no sensor, or a segment whose cadence is not
        coached, such as a walk)."""
        if self.cadence_spm is None or not self.moving or not self.coached or self.walking:
            return None
        return self.zone_spm[0] <= self.cadence_spm <= self.zone_spm[1]


@dataclass(frozen=True, slots=True)
class CueRecord:
    t_s: float
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Event:
    t: float
    kind: EventKind
    detail: str = ""


@dataclass(frozen=True, slots=True)
class TargetChange:
    """The coach stepped the target down (or up again) at ``t_s``."""

    t_s: float
    from_spm: float
    to_spm: float


@dataclass(frozen=True, slots=True)
class Unaided:
    """How the on-your-own segments went: the retention check."""

    seconds: int
    cadence_mean_spm: float | None
    time_in_zone_pct: float | None


@dataclass(frozen=True, slots=True)
class Summary:
    """A session in figures. Means and time in zone count only the time the runner was
    moving with a cadence to judge: pauses and dropouts do not distort them."""

    duration_s: float | None
    """``None`` only in a stored summary that lacks it."""
    target_spm: float | None
    """The target most of the coached time was under; ``None`` with nothing coached."""
    zone_spm: tuple[float, float] | None
    cadence_mean_spm: float | None
    cadence_median_spm: float | None
    time_in_zone_pct: float | None
    heart_rate_mean_bpm: float | None
    moving_s: int
    paused_s: int
    pauses: int
    interrupted: bool
    cues: tuple[CueRecord, ...]
    target_changes: tuple[TargetChange, ...] = ()
    unaided: Unaided | None = None
    no_readings_s: int = 0
    """Seconds with no reading from the sensor (waiting, dropped out, lost): the time in
    zone says nothing about them."""
    holds: tuple[str, ...] = ()
    """Why the session was held, each time (``runner``: paused with a button; ``output
    lost``): its clock stood still, so these are not in ``paused_s``."""

    @property
    def stepped_down(self) -> bool:
        """Whether the session ended under a target lowered for the runner."""
        return bool(self.target_changes) and (
            self.target_changes[-1].to_spm < self.target_changes[0].from_spm
        )

    def to_json(self) -> dict[str, Any]:
        """The summary as stored and printed (``run --summary``, ``--json``)."""
        return {
            "duration_s": self.duration_s,
            "target_spm": self.target_spm,
            "zone_spm": None if self.zone_spm is None else list(self.zone_spm),
            "cadence_mean_spm": self.cadence_mean_spm,
            "cadence_median_spm": self.cadence_median_spm,
            "time_in_zone_pct": self.time_in_zone_pct,
            "heart_rate_mean_bpm": self.heart_rate_mean_bpm,
            "moving_s": self.moving_s,
            "paused_s": self.paused_s,
            "pauses": self.pauses,
            "interrupted": self.interrupted,
            "cues": [{"t_s": round(c.t_s, 1), "id": c.id, "text": c.text} for c in self.cues],
            "target_changes": [
                {"t_s": c.t_s, "from_spm": c.from_spm, "to_spm": c.to_spm}
                for c in self.target_changes
            ],
            "no_readings_s": self.no_readings_s,
            "holds": list(self.holds),
            "unaided": None
            if self.unaided is None
            else {
                "seconds": self.unaided.seconds,
                "cadence_mean_spm": self.unaided.cadence_mean_spm,
                "time_in_zone_pct": self.unaided.time_in_zone_pct,
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Summary:
        """A stored summary; keys an older version did not write read as unknown."""
        zone = data.get("zone_spm")
        return cls(
            duration_s=data.get("duration_s"),
            target_spm=data.get("target_spm"),
            zone_spm=None if zone is None else (float(zone[0]), float(zone[1])),
            cadence_mean_spm=data.get("cadence_mean_spm"),
            cadence_median_spm=data.get("cadence_median_spm"),
            time_in_zone_pct=data.get("time_in_zone_pct"),
            heart_rate_mean_bpm=data.get("heart_rate_mean_bpm"),
            moving_s=int(data.get("moving_s") or 0),
            paused_s=int(data.get("paused_s") or 0),
            pauses=int(data.get("pauses") or 0),
            interrupted=bool(data.get("interrupted", False)),
            cues=tuple(CueRecord(c["t_s"], c["id"], c["text"]) for c in data.get("cues", [])),
            target_changes=tuple(
                TargetChange(float(c["t_s"]), float(c["from_spm"]), float(c["to_spm"]))
                for c in data.get("target_changes") or []
            ),
            unaided=_unaided(data.get("unaided")),
            no_readings_s=int(data.get("no_readings_s") or 0),
            holds=tuple(str(h) for h in data.get("holds") or () if isinstance(h, str)),
        )


def _unaided(data: Any) -> Unaided | None:
    if not isinstance(data, Mapping):
        return None
    return Unaided(
        int(data.get("seconds") or 0), data.get("cadence_mean_spm"), data.get("time_in_zone_pct")
    )


@dataclass(slots=True)
class SoFar:
    """Running counts over a session's rows (each row taken once)."""

    seen: int = 0
    judged: int = 0
    in_zone: int = 0
    metres: float = 0.0

    def take(self, rows: list[Row]) -> None:
        for r in rows[self.seen :]:
            if r.in_zone is not None:
                self.judged += 1
                self.in_zone += bool(r.in_zone)
            if r.moving:
                self.metres += r.speed_mps or 0.0
        self.seen = len(rows)

    @property
    def time_in_zone_pct(self) -> float | None:
        return None if not self.judged else 100 * self.in_zone / self.judged


@dataclass(slots=True)
class Recorder:
    rows: list[Row] = field(default_factory=list)
    cues: list[CueRecord] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    interrupted: bool = False
    _so_far: SoFar = field(default_factory=lambda: SoFar(), repr=False)

    def so_far(self) -> SoFar:
        """Time in zone and distance up to the latest second, for the panel and the
        spoken status: worked out from the rows added since the last call only."""
        self._so_far.take(self.rows)
        return self._so_far

    def mark(self, t: float, kind: EventKind, detail: str = "") -> None:
        self.events.append(Event(t, kind, detail))

    def cue(self, t: float, key: str, text: str) -> None:
        self.cues.append(CueRecord(t, key, text))

    def habitual_from(self, segments: tuple[str, ...], min_s: int = 60) -> float | None:
        """The median moving cadence over ``segments`` (a baseline's steady block), or
        ``None`` when the session was cut short or there are fewer than ``min_s`` readings."""
        measured = [
            r.cadence_spm
            for r in self.rows
            if r.segment in segments and r.moving and r.cadence_spm is not None
        ]
        if self.interrupted or len(measured) < min_s:
            return None
        return round(statistics.median(measured), 1)

    def summary(self, duration_s: float | None = None) -> Summary:
        """The session summary; ``duration_s`` defaults to the seconds recorded."""
        judged = [r for r in self.rows if r.in_zone is not None]
        moving = [r for r in self.rows if r.moving]
        if not judged or sum(r.walking for r in moving) > len(judged):
            # nothing coached, or a session walked through: its figures are the walk's
            counted, judged = moving, []
        else:
            counted = judged
        cadences = [r.cadence_spm for r in counted if r.cadence_spm is not None]
        hearts = [r.heart_rate_bpm for r in self.rows if r.heart_rate_bpm is not None]
        target, zone = _main_target(self.rows)
        elapsed = (
            duration_s if duration_s is not None else (self.rows[-1].t + 1 if self.rows else 0)
        )
        return Summary(
            duration_s=round(elapsed, 1),
            target_spm=target,
            zone_spm=zone,
            cadence_mean_spm=_rounded(statistics.fmean, cadences),
            cadence_median_spm=_rounded(statistics.median, cadences),
            time_in_zone_pct=(
                round(100 * sum(bool(r.in_zone) for r in judged) / len(judged), 1)
                if judged
                else None
            ),
            heart_rate_mean_bpm=_rounded(statistics.fmean, hearts),
            moving_s=len(counted),
            paused_s=sum(not r.moving for r in self.rows),
            pauses=sum(1 for e in self.events if e.kind is EventKind.PAUSE),
            interrupted=self.interrupted,
            cues=tuple(self.cues),
            target_changes=self._target_changes(),
            unaided=self._unaided(),
            no_readings_s=sum(r.sensor is not SensorState.OK for r in self.rows),
            holds=tuple(e.detail for e in self.events if e.kind is EventKind.SESSION_PAUSED),
        )

    def _target_changes(self) -> tuple[TargetChange, ...]:
        changes = []
        for e in self.events:
            if e.kind is EventKind.TARGET:
                before, _, after = e.detail.partition(" -> ")
                changes.append(TargetChange(e.t, float(before), float(after)))
        return tuple(changes)

    def _unaided(self) -> Unaided | None:
        rows = [r for r in self.rows if r.unaided and r.in_zone is not None]
        if not rows:
            return None
        cadences = [r.cadence_spm for r in rows if r.cadence_spm is not None]
        inside = round(100 * sum(bool(r.in_zone) for r in rows) / len(rows), 1)
        return Unaided(len(rows), _rounded(statistics.fmean, cadences), inside)


def _rounded(average: Any, values: list[float]) -> float | None:
    return round(average(values), 1) if values else None


def _main_target(rows: list[Row]) -> tuple[float | None, tuple[float, float] | None]:
    """The target and zone the runner spent most coached time under (none: a baseline)."""
    coached = [r for r in rows if r.coached]
    if not coached:
        return None, None
    counts: dict[tuple[float, tuple[float, float]], int] = {}
    for r in coached:
        key = (round(r.target_spm, 1), (round(r.zone_spm[0], 1), round(r.zone_spm[1], 1)))
        counts[key] = counts.get(key, 0) + 1
    return max(counts, key=lambda k: counts[k])
