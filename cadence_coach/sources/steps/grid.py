"""Acceleration in g from whatever units a file or sensor uses, and irregular samples put on a
uniform grid for the detector. Pure."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cadence_coach.errors import CoachError

Floats = npt.NDArray[np.float64]

STANDARD_GRAVITY = 9.80665
GRID_HZ = 50.0
"""The detector's rate: ten samples per step even at 300 steps per minute."""


class SignalError(CoachError, ValueError):
    """Raised for acceleration that cannot be read as steps: gravity's magnitude fits neither
    g nor m/s², or the samples are not three finite axes."""


@dataclass(frozen=True, slots=True)
class Units:
    name: str
    """``g`` or ``m/s²``, as recognised."""
    per_g: float
    """How many of these units make one g."""


G = Units("g", 1.0)
METRES_PER_S2 = Units("m/s²", STANDARD_GRAVITY)


def recognise_units(xyz: Floats) -> Units:
    """g or m/s², from the median magnitude (gravity's, for a body that is mostly upright and
    not accelerating on average): about 1 in g, about 9.8 in m/s²."""
    if xyz.ndim != 2 or xyz.shape[1] != 3 or not len(xyz):
        raise SignalError("acceleration needs three axes (x, y, z) per sample")
    median = float(np.median(np.linalg.norm(xyz, axis=1)))
    if 0.5 <= median <= 2.5:
        return G
    if 5.0 <= median <= 25.0:
        return METRES_PER_S2
    raise SignalError(
        f"the median magnitude of the acceleration is {median:.3g}: gravity reads about 1 in g "
        "and about 9.8 in m/s², so these are neither"
    )


class Regridder:
    """Irregular samples onto a uniform grid: each bin holds the mean of its samples (which
    also filters what a faster sensor sends above the grid's rate), and empty bins between
    two filled ones are interpolated. The newest bin stays open until a later sample
    arrives, so the grid is the same however the samples are split into chunks."""

    def __init__(self, rate_hz: float = GRID_HZ) -> None:
        self.rate_hz = rate_hz
        self._open: int | None = None
        self._sum = 0.0
        self._count = 0
        self._closed: tuple[int, float] | None = None

    def restart(self) -> None:
        """Forget everything: after a gap, nothing is interpolated across it."""
        self._open = None
        self._sum = 0.0
        self._count = 0
        self._closed = None

    def feed(self, t_s: Floats, values: Floats) -> tuple[npt.NDArray[np.int64], Floats]:
        """The bins closed by these samples (their indices, counted from t = 0 at the grid's
        rate) and their values. Times must not go back."""
        if not len(t_s):
            return np.empty(0, np.int64), np.empty(0)
        index = np.floor(t_s * self.rate_hz).astype(np.int64)
        if self._open is not None:
            index = np.concatenate(([self._open], index))
            values = np.concatenate(([self._sum], values))
            counts = np.concatenate(([self._count], np.ones(len(t_s), np.int64)))
        else:
            counts = np.ones(len(t_s), np.int64)
        starts = np.flatnonzero(np.diff(index, prepend=index[0] - 1))
        bins = index[starts]
        sums = np.add.reduceat(values, starts)
        numbers = np.add.reduceat(counts, starts)
        self._open, self._sum, self._count = int(bins[-1]), float(sums[-1]), int(numbers[-1])
        bins, means = bins[:-1], sums[:-1] / numbers[:-1]
        if not len(bins):
            return bins, means
        previous, self._closed = self._closed, (int(bins[-1]), float(means[-1]))
        if previous is not None:  # handed out already: the start of the interpolation
            bins = np.concatenate(([previous[0]], bins))
            means = np.concatenate(([previous[1]], means))
        full = np.arange(bins[0], bins[-1] + 1, dtype=np.int64)
        filled = np.interp(full, bins, means)
        if previous is not None:
            return full[1:], filled[1:]
        return full, filled
