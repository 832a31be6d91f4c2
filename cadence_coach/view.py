"""The live view of a session: a rich panel on a terminal, plain log lines otherwise.

A shell at the end of the chain: it reads the coaching session, never changes it.
"""

from __future__ import annotations

import sys
from typing import IO, Any, Protocol

from cadence_coach.coaching import CoachingSession
from cadence_coach.units import format_duration

STATUS_EVERY_S = 30.0


class View(Protocol):
    def update(self, session: CoachingSession) -> None: ...

    def close(self) -> None: ...


def _status(session: CoachingSession) -> dict[str, str]:
    coach = session.coach
    seg = coach.segment
    row = session.recorder.rows[-1] if session.recorder.rows else None
    cadence = "-"
    if row is not None and row.cadence_spm is not None:
        cadence = f"{row.cadence_spm:.0f}"
    elif row is not None and not row.moving:
        cadence = "standing"
    heart = f"{row.heart_rate_bpm:.0f}" if row is not None and row.heart_rate_bpm else "-"
    left = max(
        0.0,
        sum(s.duration_s for s in session.config.segments[: coach.segment_index + 1]) - session.now,
    )
    return {
        "time": format_duration(session.now),
        "segment": f"{seg.name} ({format_duration(left)} left)",
        "target": f"{seg.target_spm:g} ({seg.zone_spm[0]:g}-{seg.zone_spm[1]:g})",
        "cadence": cadence,
        "in_zone": "" if row is None or row.in_zone is None else ("in" if row.in_zone else "out"),
        "heart": heart,
        "metronome": "on" if coach.metronome_on else "off",
        "sensor": _sensor(session, row.sensor if row is not None else "-"),
        "speed": "" if row is None or row.speed_mps is None else f"{row.speed_mps * 3.6:.1f} km/h",
        "incline": "" if row is None or row.incline_pct is None else f"{row.incline_pct:g} %",
    }


def _sensor(session: CoachingSession, state: str) -> str:
    """The estimator's word for the signal, and the last thing a sensor did, if recent."""
    for t, event, detail in reversed(session.recorder.events):
        if session.now - t > 10:
            break
        if event == "sensor":
            return f"{state} ({detail})"
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

    def update(self, session: CoachingSession) -> None:
        rec = session.recorder
        for t, event, detail in rec.events[self._events :]:
            if event not in ("metronome", "drift", "finished"):
                self._line(t, f"{event} {detail}".strip())
        self._events = len(rec.events)
        for cue in rec.cues[self._cues :]:
            self._line(cue.t_s, f"coach: {cue.text!r}")
        self._cues = len(rec.cues)
        if session.now >= self._next_status and rec.rows:
            st = _status(session)
            self._line(
                session.now,
                f"cadence {st['cadence']} {st['in_zone']} · target {st['target']} · "
                f"heart rate {st['heart']} · metronome {st['metronome']} · "
                f"{st['segment']} · sensor {st['sensor']}",
            )
            self._next_status = session.now + STATUS_EVERY_S

    def close(self) -> None:
        pass


class RichView:
    """A panel redrawn a few times a second: cadence against the zone, and the rest."""

    def __init__(self, console: Any = None) -> None:
        from rich.console import Console
        from rich.live import Live

        self._live = Live(console=console or Console(), refresh_per_second=4, transient=False)
        self._live.start()

    def update(self, session: CoachingSession) -> None:
        from rich.table import Table

        st = _status(session)
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
        for cue in session.recorder.cues[-3:]:
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
