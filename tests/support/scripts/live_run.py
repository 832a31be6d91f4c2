"""Plays a short scripted coaching session live on the ``pulse`` device.

Run by tests/integration/audio/test_live.py as a subprocess. Prints one JSON line with the
cues and events, so the test can compare the live decisions with a simulated run of the
same settings.
"""

from __future__ import annotations

import json

from cadence_coach.audio.devices import resolve_device
from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment
from cadence_coach.session.loop import run_session
from cadence_coach.session.outputs import Stream
from cadence_coach.session.settings import RunSettings
from cadence_coach.sources.simulated import RunnerModel, SimEvent, SimEventKind

SETTINGS = RunSettings(
    CoachConfig((Segment("run", 30.0, 172.0, (166.8, 177.2), MetronomeMode.ON),), grace_s=0),
    runner=RunnerModel(habitual_spm=170, lapse_tau_s=0.3, heed=1.0),
    events=(SimEvent(SimEventKind.LAPSE, 4.0, 20.0, 0.92),),
    samplerate=48_000,
    seed=5,
)


def main() -> None:
    session = run_session(SETTINGS, Stream(resolve_device("pulse")), notify=lambda _: None).chain
    rec = session.recorder
    cues = [[c.t_s, c.id, c.text] for c in rec.cues]
    events = [[e.t, e.kind.value, e.detail] for e in rec.events]
    print(json.dumps({"cues": cues, "events": events}))


if __name__ == "__main__":
    main()
