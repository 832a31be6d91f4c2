"""A soak: a live session through the private PulseAudio sink, on emulated sensors that drop
and go away, measured from outside the coach: the sound that reached the sink, the outages
the emulator logged, what the coach stored and said, and its memory.

``bench/soak.py`` runs it for half an hour; a test runs a minute of it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np

from cadence_coach.emulation.outages import Outages
from cadence_coach.emulation.pulse import RATE, private_pulse, record_monitor
from cadence_coach.emulation.sensor_process import emulated_sensors

SENSORS = {"footpod": "stride", "strap": "HRM"}
"""The emulated sensors, and how the session names them (its log says these)."""
LOG_LINE = re.compile(r"^(\S+ \S+) cadence_coach\.sensors\.link: sensor (.+?): connected$")
DRIFT = ("cadence_up", "cadence_down")


@dataclass
class Soak:
    """What a soak measured."""

    seconds: float
    outages: list[tuple[float, float]]
    """(gone at, back at), as epoch seconds."""
    reconnect_s: dict[str, list[float | None]] = field(default_factory=dict)
    """Per sensor, seconds from each return to its reconnection (``None``: never)."""
    underruns: int = 0
    click_gaps: int = 0
    beats: int = 0
    sensor_cues: list[tuple[float, str]] = field(default_factory=list)
    """(epoch, cue id) of each "lost" and "back"."""
    drift_in_outages: int = 0
    samples: int = 0
    rss_mb: tuple[float, float] = (0.0, 0.0)
    """At the start and at the end."""
    returncode: int = 0
    errors: str = ""

    def lines(self) -> list[str]:
        """The figures, a line each."""
        out = [f"session: {self.seconds:.0f} s, {self.samples} samples stored, "
               f"exit {self.returncode}"]  # fmt: skip
        gone = ", ".join(f"{b - a:.0f} s" for a, b in self.outages)
        out.append(f"outages: {len(self.outages)} ({gone})")
        for name, times in self.reconnect_s.items():
            shown = ", ".join("never" if t is None else f"{t:.2f}" for t in times)
            out.append(f"reconnection after each return, {name}: {shown or '-'} s")
        out.append(f"underruns: {self.underruns}; gaps in the click track: {self.click_gaps} "
                   f"(of {self.beats} beats)")  # fmt: skip
        lost = sum(k == "sensor_lost" for _, k in self.sensor_cues)
        back = sum(k == "sensor_back" for _, k in self.sensor_cues)
        out.append(f"sensor cues: {lost} lost, {back} back; drift cues during outages: "
                   f"{self.drift_in_outages}")  # fmt: skip
        start, end = self.rss_mb
        out.append(f"memory: {start:.1f} MB at the start, {end:.1f} MB at the end")
        return out


def soak(folder: Path, minutes: float, outages: Outages) -> Soak:
    """Run the session and measure it; ``folder`` holds its files."""
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "outages.log"
    outages = Outages(outages.drop_every_s, outages.away_every_s, outages.away_s, outages.seed,
                      str(log))  # fmt: skip
    recording, summary = folder / "sink.raw", folder / "summary.json"
    with (
        private_pulse(folder / "pulse") as pulse,
        emulated_sensors(list(SENSORS), period_s=1.0, outages=outages) as radio,
    ):
        env = {**os.environ, **pulse, **radio, "XDG_DATA_HOME": str(folder / "data")}
        with record_monitor(pulse, recording):
            proc, rss, err = _run(env, minutes, summary, folder / "stderr.log")
    result = Soak(minutes * 60, _outages(log), returncode=proc.returncode, errors=err[-2000:])
    result.rss_mb = rss
    result.underruns = _underruns(err)
    result.reconnect_s = _reconnections(err, result.outages)
    result.beats, result.click_gaps = click_gaps(recording)
    _from_summary(result, summary, _first_beat_epoch(err))
    result.samples = _samples(folder / "data" / "cadence-coach" / "sessions.sqlite3")
    return result


def _run(
    env: dict[str, str], minutes: float, summary: Path, stderr: Path
) -> tuple[subprocess.Popen[str], tuple[float, float], str]:
    """The session, its memory sampled every few seconds; its log."""
    command = [sys.executable, "-m", "cadence_coach", "--debug", "run",
               "--sensor", SENSORS["footpod"], "--hr", SENSORS["strap"], "--target", "172",
               "--duration", f"{minutes * 60:.0f}s", "--device", "pulse", "--no-journal",
               "--summary", str(summary)]  # fmt: skip
    with stderr.open("w+", encoding="utf-8") as errors:
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors,
                                text=True)  # fmt: skip
        samples = []
        while proc.poll() is None:
            samples.append(_rss_mb(proc.pid))
            time.sleep(5)
        errors.seek(0)
        text = errors.read()
    taken = [s for s in samples[2:] if s > 0] or [0.0]
    return proc, (taken[0], taken[-1]), text


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _outages(log: Path) -> list[tuple[float, float]]:
    gone: list[tuple[float, float]] = []
    away = None
    for line in log.read_text().splitlines() if log.exists() else []:
        kind, epoch, *_ = line.split()
        if kind == "away":
            away = float(epoch)
        elif kind == "back" and away is not None:
            gone.append((away, float(epoch)))
            away = None
    return gone


def _epoch(stamp: str) -> float:
    """A log line's local time (``2026-12-01 23:59:01,123``) as epoch seconds."""
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f").timestamp()


def _reconnections(err: str, outages: list[tuple[float, float]]) -> dict[str, list[float | None]]:
    connected: dict[str, list[float]] = {}
    for line in err.splitlines():
        if m := LOG_LINE.match(line):
            connected.setdefault(m.group(2), []).append(_epoch(m.group(1)))
    out: dict[str, list[float | None]] = {}
    for name in SENSORS.values():
        times = connected.get(name, [])
        out[name] = [
            next((round(t - back, 2) for t in times if t >= back), None) for _, back in outages
        ]
    return out


def _underruns(err: str) -> int:
    m = re.search(r"ran short (\d+) times", err)
    return int(m.group(1)) if m else 0


def click_gaps(recording: Path, threshold: float = 0.02) -> tuple[int, int]:
    """Beats heard at the sink, and silences between them over 1.6 times the usual beat
    interval: a click missing. (Speech over the clicks is sound, not a gap, even where it
    runs the clicks together.)"""
    raw = np.memmap(recording, dtype="<i2", mode="r")
    left = raw[: len(raw) // 2 * 2].reshape(-1, 2)[:, 0]
    onsets = _onsets(left, threshold)
    if len(onsets) < 3:
        return len(onsets), 0
    intervals = np.diff(onsets)
    usual = float(np.median(intervals))
    gaps = 0
    for start, length in zip(onsets[:-1], intervals, strict=True):
        if length > 1.6 * usual and _silent(
            left, start + RATE // 6, start + length - RATE // 20, threshold
        ):
            gaps += 1
    return len(onsets), gaps


def _silent(left: np.ndarray, lo: int, hi: int, threshold: float) -> bool:
    return hi <= lo or float(np.abs(left[lo:hi].astype(np.float32)).max()) <= threshold * 32768


def _onsets(left: np.ndarray, threshold: float) -> np.ndarray:
    """Sample indices where sound starts after at least 0.1 s under the threshold."""
    loud = np.flatnonzero(np.abs(left.astype(np.float32)) > threshold * 32768)
    if len(loud) == 0:
        return loud
    keep = np.r_[True, np.diff(loud) > RATE // 10]
    return loud[keep]


def _first_beat_epoch(err: str) -> float | None:
    """When the session's clock started, from the coach's log of its stream starting."""
    for line in err.splitlines():
        if "stream started" in line:
            return _epoch(" ".join(line.split()[:2]))
    return None


def _from_summary(result: Soak, summary: Path, start: float | None) -> None:
    if not summary.exists() or start is None:
        return
    cues = json.loads(summary.read_text())["cues"]
    said = ("sensor_lost", "sensor_back")
    result.sensor_cues = [(start + c["t_s"], c["id"]) for c in cues if c["id"] in said]
    result.drift_in_outages = sum(
        1
        for c in cues
        if c["id"].startswith(DRIFT)
        and any(a <= start + c["t_s"] <= b + 10 for a, b in result.outages)
    )


def _samples(db: Path) -> int:
    import sqlite3

    if not db.exists():
        return 0
    with sqlite3.connect(db) as con:
        (n,) = con.execute("SELECT count(*) FROM samples").fetchone()
    return int(n)
