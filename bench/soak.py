"""A soak of a live session: through the private PulseAudio sink, on an emulated footpod and
strap that drop every minute and go away for 20-60 s now and then. Prints reconnection
times, underruns, gaps in the recorded click track, the sensor cues, drift cues during
outages, samples stored, and memory at the start and end (cadence_coach/emulation/soak.py).

    python bench/soak.py [--minutes 30] [--drop-every 60] [--away-every 240] [--away 20:60]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from cadence_coach.emulation.outages import Outages
from cadence_coach.emulation.soak import soak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--drop-every", type=float, default=60.0)
    parser.add_argument("--away-every", type=float, default=240.0)
    parser.add_argument("--away", default="20:60")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    lo, _, hi = args.away.partition(":")
    outages = Outages(args.drop_every, args.away_every, (float(lo), float(hi)), args.seed)
    with tempfile.TemporaryDirectory() as folder:
        result = soak(Path(folder), args.minutes, outages)
    for line in result.lines():
        print(line)
    if result.returncode:
        print(result.errors)


if __name__ == "__main__":
    main()
