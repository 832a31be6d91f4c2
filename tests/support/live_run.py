"""Plays a short scripted coaching session live on the ``pulse`` device.

Run by tests/test_live.py as a subprocess. Prints one JSON line with the cues and events, so
the test can compare the live decisions with a simulated run of the same settings.
"""

from __future__ import annotations

import json

from cadence_coach.audio.output import resolve_device
from cadence_coach.coach import CoachConfig, MetronomeMode, Segment
from cadence_coach.session import RunSettings, play_run
from cadence_coach.sources.sim import RunnerModel, SimEvent

SETTINGS = RunSettings(
    CoachConfig((Segment("run", 30.0, 172.0, (166.8, 177.2), MetronomeMode.ON),), grace_s=0),
    runner=RunnerModel(habitual_spm=170, lapse_tau_s=0.3, heed=1.0),
    events=(SimEvent("lapse", 4.0, 20.0, 0.92),),
    samplerate=48_000,
    seed=5,
)


def main() -> None:
    session = play_run(SETTINGS, resolve_device("pulse"), notify=lambda _: None)
    rec = session.recorder
    cues = [[c.t_s, c.id, c.text] for c in rec.cues]
    print(json.dumps({"cues": cues, "events": [list(e) for e in rec.events]}))


if __name__ == "__main__":
    main()
