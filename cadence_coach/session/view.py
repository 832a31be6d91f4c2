"""The live view of a session: a rich panel on a terminal, plain log lines otherwise.

An observer of the loop: it reads the coaching chain, never changes it.
"""

from __future__ import annotations

import sys
from typing import IO, Any, Protocol

from cadence_coach.coaching.actions import EventKind
from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.units import format_duration

STATUS_EVERY_S = 30.0
QUIET_EVENTS = (EventKind.METRONOME, EventKind.DRIFT, EventKind.FINISHED)
"""Events the plain view leaves out: the cues and status lines already say them."""


class View(Protocol):
    def update(self, chain: CoachingChain) -> None: ...

    def close(self) -> None: ...


def _status(chain: CoachingChain) -> dict[str, str]:
    coach = chain.coach
    seg = coach.segment
    row = chain.recorder.rows[-1] if chain.recorder.rows else None
    cadence = "-"
    if row is not None and row.cadence_spm is not None:
        cadence = f"{row.cadence_spm:.0f}"
    elif row is not None and not row.moving:
        cadence = "standing"
    heart = f"{row.heart_rate_bpm:.0f}" if row is not None and row.heart_rate_bpm else "-"
    left = max(
        0.0,
        sum(s.duration_s for s in chain.config.segments[: coach.segment_index + 1]) - chain.now,
    )
    return {
        "time": format_duration(chain.now),
        "segment": f"{seg.name} ({format_duration(left)} left)",
        "target": f"{seg.target_spm:g} ({seg.zone_spm[0]:g}-{seg.zone_spm[1]:g})",
        "cadence": cadence,
        "in_zone": "" if row is None or row.in_zone is None else ("in" if row.in_zone else "out"),
        "heart": heart,
        "metronome": "on" if coach.metronome_on else "off",
        "sensor": _sensor(chain, row.sensor.value if row is not None else "-"),
        "speed": "" if row is None or row.speed_mps is None else f"{row.speed_mps * 3.6:.1f} km/h",
        "incline": "" if row is None or row.incline_pct is None else f"{row.incline_pct:g} %",
    }


def _sensor(chain: CoachingChain, state: str) -> str:
    """The estimator's word for the signal, and the last thing a sensor did, if recent."""
    for event in reversed(chain.recorder.events):
        if chain.now - event.t > 10:
            break
        if event.kind is EventKind.SENSOR:
            return f"{state} ({event.detail})"
    return state


class PlainView:
    """One line per cue and event, and a status line every 30 s (for logs and pipes)."""

    def __init__(self, out: IO[str] | None = None) -> None:
        self._out = out or sys.stdout
        self._cues = 0
        self._events = 0
        self._next_status = 0.0

    def _line(self, t: float, text: str) -> None:
        print(f"[{format_duration(t)}] {text}", file=self._out, flush=True)

    def update(self, chain: CoachingChain) -> None:
        rec = chain.recorder
        for event in rec.events[self._events :]:
            if event.kind not in QUIET_EVENTS:
                self._line(event.t, f"{event.kind.value} {event.detail}".strip())
        self._events = len(rec.events)
        for cue in rec.cues[self._cues :]:
            self._line(cue.t_s, f"coach: {cue.text!r}")
        self._cues = len(rec.cues)
        if chain.now >= self._next_status and rec.rows:
            st = _status(chain)
            self._line(
                chain.now,
                f"cadence {st['cadence']} {st['in_zone']} · target {st['target']} · "
                f"heart rate {st['heart']} · metronome {st['metronome']} · "
                f"{st['segment']} · sensor {st['sensor']}",
            )
            self._next_status = chain.now + STATUS_EVERY_S

    def close(self) -> None:
        pass


class RichView:
    """A panel redrawn a few times a second: cadence against the zone, and the rest."""

    def __init__(self, console: Any = None) -> None:
        from rich.console import Console
        from rich.live import Live

        self._live = Live(console=console or Console(), refresh_per_second=4, transient=False)
        self._live.start()

    def update(self, chain: CoachingChain) -> None:
        from rich.table import Table

        st = _status(chain)
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        colour = {"in": "green", "out": "yellow"}.get(st["in_zone"], "white")
        table.add_row("cadence", f"[{colour}]{st['cadence']}[/] spm  {st['in_zone']}")
        table.add_row("target", f"{st['target']} spm")
        table.add_row("heart rate", st["heart"])
        for key in ("speed", "incline"):
            if st[key]:
                table.add_row(key, st[key])
        table.add_row("time", st["time"])
        table.add_row("segment", st["segment"])
        table.add_row("metronome", st["metronome"])
        table.add_row("sensor", st["sensor"])
        for cue in chain.recorder.cues[-3:]:
            table.add_row("coach", f"[{format_duration(cue.t_s)}] {cue.text}")
        self._live.update(table)

    def close(self) -> None:
        self._live.stop()


def make_view(out: Any = None) -> View:
    """Rich on a terminal, plain lines otherwise."""
    stream = out or sys.stdout
    if stream.isatty():
        return RichView()
    return PlainView(stream)
