"""The sensors' drops and returns, recorded by the loop's observer."""

from __future__ import annotations

from cadence_coach.coaching.actions import EventKind
from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment
from cadence_coach.sensors.hub import LinkState, SensorHub
from cadence_coach.session.sensor_events import SensorEvents
from cadence_coach.sources.live import LiveSource
from cadence_coach.speech.phrases import PhraseBook

CONNECTING, CONNECTED, LOST = LinkState.CONNECTING, LinkState.CONNECTED, LinkState.LOST


def test_drops_and_returns_are_recorded_once_each() -> None:
    hub = SensorHub()
    hub.connected("pod", "Stride Sensor", "F0:0D:00:00:00:01")
    hub.set_state("pod", CONNECTED)
    events = SensorEvents(hub)
    seg = Segment("run", 600.0, 172.0, (167.0, 177.0), MetronomeMode.ON)
    session = CoachingChain(CoachConfig((seg,), grace_s=0), LiveSource(hub), PhraseBook())

    def look(*states: LinkState) -> None:
        for state in states:
            hub.set_state("pod", state)
        events.update(session)

    look(CONNECTING, LOST)  # out of range...
    look(CONNECTING, LOST)  # ...and still, retry after retry: said once
    look(CONNECTING)
    hub.connected("pod", "Stride Sensor", "F0:0D:00:00:00:01")
    look(CONNECTED)  # back
    hub.connected("pod", "Stride Sensor", "F0:0D:00:00:00:01")
    look(LOST, CONNECTING, CONNECTED)  # a drop and a return between two looks
    said = [e.detail for e in session.recorder.events if e.kind is EventKind.SENSOR]
    assert said == [
        "Stride Sensor lost",
        "Stride Sensor connected",
        "Stride Sensor lost",
        "Stride Sensor connected",
    ]
