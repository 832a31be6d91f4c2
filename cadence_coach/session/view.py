"""The live view of a session: a panel for a glance from a treadmill on a terminal, plain
log lines otherwise.

An observer of the loop: it reads the coaching chain (through
:mod:`~cadence_coach.session.status`), never changes it. The panel's rows are always the
same ones, whatever happens, so nothing jumps while the runner looks.
"""

from __future__ import annotations

import sys
from typing import IO, Any, Protocol

from cadence_coach.coaching.actions import EventKind
from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.session.status import Status, status
from cadence_coach.units import format_duration

STATUS_EVERY_S = 30.0
QUIET_EVENTS = (EventKind.METRONOME, EventKind.DRIFT, EventKind.FINISHED)
"""Events the plain view leaves out: the cues and status lines already say them."""

DIGITS = {
    "0": ("███", "█ █", "█ █", "█ █", "███"),
    "1": (" ██", "  █", "  █", "  █", "  █"),
    "2": ("███", "  █", "███", "█  ", "███"),
    "3": ("███", "  █", "███", "  █", "███"),
    "4": ("█ █", "█ █", "███", "  █", "  █"),
    "5": ("███", "█  ", "███", "  █", "███"),
    "6": ("███", "█  ", "███", "█ █", "███"),
    "7": ("███", "  █", "  █", "  █", "  █"),
    "8": ("███", "█ █", "███", "█ █", "███"),
    "9": ("███", "█ █", "███", "  █", "███"),
    "-": ("   ", "   ", "███", "   ", "   "),
}
"""Digits five lines tall, to read from a treadmill's deck."""
GAUGE_WIDTH = 41
GAUGE_SPAN = 0.10
"""The gauge runs from 10% under the target to 10% over it."""


class View(Protocol):
    def update(self, chain: CoachingChain) -> None: ...

    def close(self) -> None: ...


def big(text: str) -> list[str]:
    """``text`` (digits and dashes) five lines tall."""
    glyphs = [DIGITS.get(ch, DIGITS["-"]) for ch in text]
    return [" ".join(g[line] for g in glyphs) for line in range(5)]


def gauge(st: Status, width: int = GAUGE_WIDTH) -> str:
    """The zone on a scale around the target, the cadence as a marker: ``░░▓▓▓●▓▓░░``."""
    if st.target_spm is None or st.zone_spm is None:
        return " " * width
    lo_end = st.target_spm * (1 - GAUGE_SPAN)
    step = (2 * GAUGE_SPAN * st.target_spm) / (width - 1)
    cells = [
        "▓" if st.zone_spm[0] <= lo_end + i * step <= st.zone_spm[1] else "░" for i in range(width)
    ]
    if st.cadence_spm is not None:
        at = round((st.cadence_spm - lo_end) / step)
        cells[min(width - 1, max(0, at))] = "●" if 0 <= at < width else "◀▶"[at >= width]
    return "".join(cells)


def _dash(value: object, unit: str = "") -> str:
    return "-" if value is None else f"{value}{unit}"


def heart_text(st: Status) -> str:
    return _dash(st.heart_rate_bpm, " bpm") + ("  above your ceiling" if st.heart_high else "")


def pace_text(st: Status) -> str:
    distance = "-" if st.distance_km is None else f"{st.distance_km:.2f} km"
    return f"{st.pace or '-'}   {distance}"


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
            self._line(chain.now, self._status_line(status(chain)))
            self._next_status = chain.now + STATUS_EVERY_S

    @staticmethod
    def _status_line(st: Status) -> str:
        cadence = st.state if st.cadence_spm is None else f"cadence {st.cadence_spm} spm"
        zone = "in zone" if st.in_zone else "out of zone" if st.in_zone is False else ""
        target = "-" if st.target_spm is None else f"{st.target_spm:g} spm ({st.zone})"
        return (
            f"{cadence} {zone}".strip()
            + f" · target {target} · time in zone {_dash(st.time_in_zone_pct, '%')}"
            + f" · heart rate {heart_text(st)} · {st.segment}, {st.left}"
            + f" · metronome {'on' if st.metronome else 'off'} · sensor {st.sensor}"
        )

    def close(self) -> None:
        pass


class RichView:
    """A panel redrawn a few times a second: large cadence digits against the zone, and
    the rest in fixed rows."""

    def __init__(self, console: Any = None) -> None:
        from rich.console import Console
        from rich.live import Live

        self._live = Live(console=console or Console(), refresh_per_second=4, transient=False)
        self._live.start()

    def update(self, chain: CoachingChain) -> None:
        self._live.update(panel(status(chain), chain))

    def close(self) -> None:
        self._live.stop()


def panel(st: Status, chain: CoachingChain) -> Any:
    """The rich renderable for one moment: the same rows every time."""
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", min_width=10)
    table.add_column(min_width=GAUGE_WIDTH)
    colour = _colour(st)
    table.add_row("cadence", _digits(st, colour))
    table.add_row("", Text(gauge(st), style=colour))
    table.add_row(
        "target", "-" if st.target_spm is None else f"{st.target_spm:g} spm, zone {st.zone}"
    )
    table.add_row("in zone", _dash(st.time_in_zone_pct, "% so far"))
    table.add_row("segment", f"{st.segment}   {st.left}")
    table.add_row("time", st.time)
    table.add_row("heart rate", Text(heart_text(st), style="bold red" if st.heart_high else ""))
    table.add_row("pace", pace_text(st))
    incline = "" if st.incline_pct is None else f", incline {st.incline_pct:g} %"
    table.add_row("speed", _dash(st.speed_kmh, " km/h") + incline)
    table.add_row("metronome", "on" if st.metronome else "off")
    table.add_row("sensor", f"{st.sensor}, {st.state}")
    cues = chain.recorder.cues[-3:]
    for i in range(3):  # always three lines: the layout stays still
        text = f"[{format_duration(cues[i].t_s)}] {cues[i].text}" if i < len(cues) else ""
        table.add_row("coach" if i == 0 else "", text)
    return table


def _colour(st: Status) -> str:
    return "green" if st.in_zone else "yellow" if st.in_zone is False else "white"


def _digits(st: Status, colour: str) -> Any:
    """The cadence five lines tall; the runner's state in its place when there is none
    (standing, walking with no reading yet, no sensor), on as many lines."""
    from rich.text import Text

    lines = ["", "", st.state, "", ""] if st.cadence_spm is None else big(str(st.cadence_spm))
    return Text("\n".join(lines), style=f"bold {colour}")


def make_view(out: Any = None) -> View:
    """Rich on a terminal, plain lines otherwise."""
    stream = out or sys.stdout
    if stream.isatty():
        return RichView()
    return PlainView(stream)
