"""The real accelerometer recordings of tests/data/accelerometer/ (see its README): walks with
shoe-switch step times, treadmill runs with force-plate foot contacts."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.signal import resample_poly

from cadence_coach.sources.steps.grid import STANDARD_GRAVITY

Floats = npt.NDArray[np.float64]
DATA = Path(__file__).resolve().parents[1] / "data" / "accelerometer"
WALKS = [
    "Samsung_Carmelo_Hard_Armband_1",
    "Samsung_Dario_Hard_ArmBand_1",
    "Samsung_Dario_Hard_NeckPouch_1",
    "Pixel_Jamie_Hard_Armband_1",
    "Pixel_Jamie_Hard_NeckPouch_1",
]
TRIALS = range(1, 32)


@dataclass(frozen=True)
class Recording:
    name: str
    t_s: Floats
    xyz_g: Floats
    truth_s: Floats
    """Step times (walks: shoe switches, bounces left out) or foot contacts (runs)."""

    @property
    def truth_spm(self) -> float:
        """The cadence over the truth's own span."""
        if len(self.truth_s) < 2:
            return float("nan")
        return float(60 * (len(self.truth_s) - 1) / (self.truth_s[-1] - self.truth_s[0]))

    def truth_spm_at(self, t_s: float, window_s: float = 6.0) -> float | None:
        """The true cadence over the last ``window_s`` before ``t_s``."""
        recent = self.truth_s[(self.truth_s > t_s - window_s) & (self.truth_s <= t_s)]
        if len(recent) < 3:
            return None
        return float(60 * (len(recent) - 1) / (recent[-1] - recent[0]))

    def at_rate(self, rate_hz: int) -> Recording:
        """As a sensor sampling at ``rate_hz`` would have sent it (anti-aliased)."""
        fine = np.arange(self.t_s[0], self.t_s[-1], 1 / 400)
        uniform = np.column_stack([np.interp(fine, self.t_s, a) for a in self.xyz_g.T])
        down = resample_poly(uniform, rate_hz, 400, axis=0)
        t = fine[0] + np.arange(len(down)) / rate_hz
        return Recording(self.name, t, down, self.truth_s)

    def between(self, start_s: float, end_s: float) -> Recording:
        """The part from ``start_s`` to ``end_s``, its time axis starting again at 0."""
        keep = (self.t_s >= start_s) & (self.t_s < end_s)
        truth = self.truth_s[(self.truth_s >= start_s) & (self.truth_s < end_s)]
        return Recording(self.name, self.t_s[keep] - start_s, self.xyz_g[keep], truth - start_s)


@functools.cache
def walk(name: str) -> Recording:
    """A 60-s excerpt of a walk, in g (the file holds m/s²)."""
    acc = np.loadtxt(DATA / f"{name}_acc.csv.gz", delimiter=",", skiprows=1)
    with (DATA / f"{name}_steps_gt.csv").open() as f:
        truth = [float(r["t_s"]) for r in csv.DictReader(f) if r["bounce_suspect"] == "0"]
    return Recording(name, acc[:, 0], acc[:, 1:] / STANDARD_GRAVITY, np.array(truth))


@functools.cache
def _runs() -> tuple[Floats, dict[int, Floats]]:
    acc = np.loadtxt(DATA / "alcantara_sacrum_run_100hz.csv.gz", delimiter=",", skiprows=1)
    contacts: dict[int, list[float]] = {}
    with (DATA / "alcantara_contacts_gt.csv").open() as f:
        for r in csv.DictReader(f):
            contacts.setdefault(int(r["trial"][5:]), []).append(float(r["t_foot_on_s"]))
    return acc, {k: np.array(v) for k, v in contacts.items()}


def run(trial: int) -> Recording:
    """One 4.96-s treadmill trial from a sacrum sensor: vertical and forward axes (the
    recording has no sideways axis), in g."""
    acc, contacts = _runs()
    rows = acc[acc[:, 0] == trial]
    xyz = np.column_stack([rows[:, 2], rows[:, 3], np.zeros(len(rows))])
    return Recording(f"trial{trial:02d}", rows[:, 1], xyz, contacts[trial])


def joined(*parts: Recording) -> tuple[Recording, list[tuple[float, float, float]]]:
    """Recordings one after another (a walk, then a run...), and each part's span and truth
    cadence."""
    times, accs, truths, spans = [], [], [], []
    offset = 0.0
    for part in parts:
        times.append(part.t_s - part.t_s[0] + offset)
        accs.append(part.xyz_g)
        truths.append(part.truth_s - part.t_s[0] + offset)
        end = offset + part.t_s[-1] - part.t_s[0]
        spans.append((offset, end, part.truth_spm))
        offset = end + 0.01
    whole = Recording("joined", np.concatenate(times), np.vstack(accs), np.concatenate(truths))
    return whole, spans
