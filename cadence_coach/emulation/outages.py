"""Outages of the emulated sensors: connections cut (back at once) and sensors gone a while
(no advertising), at times a seed decides, each written to a log the soak reads."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from cadence_coach.emulation.peripheral import Emulated


@dataclass(frozen=True)
class Outages:
    """When the sensors drop (a cut connection, back at once) and go away (gone a while)."""

    drop_every_s: float = 0.0
    away_every_s: float = 0.0
    """About this often (0.5 to 1.5 times, at random) the sensors go away..."""
    away_s: tuple[float, float] = (20.0, 60.0)
    """...for between these many seconds."""
    seed: int = 0
    log: str | None = None
    """A file where each outage is written (``away EPOCH SECONDS``, ``back EPOCH``)."""


async def drops(sensors: Sequence[Emulated], every_s: float) -> None:
    """Cut every sensor's connections every ``every_s`` (0: never), until cancelled."""
    while every_s > 0:
        await asyncio.sleep(every_s)
        for sensor in sensors:
            await sensor.drop()


async def aways(sensors: Sequence[Emulated], outages: Outages) -> None:
    """Send the sensors away now and then, as ``outages`` says, until cancelled."""
    rng = random.Random(outages.seed)
    while outages.away_every_s > 0:
        await asyncio.sleep(rng.uniform(0.5, 1.5) * outages.away_every_s)
        seconds = rng.uniform(*outages.away_s)
        _log(outages.log, f"away {time.time():.3f} {seconds:.1f}")
        await asyncio.gather(*(sensor.away(seconds) for sensor in sensors))
        _log(outages.log, f"back {time.time():.3f}")


def _log(path: str | None, line: str) -> None:
    if path is not None:
        with open(path, "a", encoding="utf-8") as f:
            print(line, file=f, flush=True)
