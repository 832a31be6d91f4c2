"""An observer of the loop: each Bluetooth sensor's drops and reconnections, and its
cadence unit once settled, recorded as session events."""

from __future__ import annotations

from cadence_coach.coaching.actions import EventKind
from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.sensors.hub import LinkState, SensorHub


class SensorEvents:
    def __init__(self, hub: SensorHub) -> None:
        self.hub = hub
        # every sensor is connected when the session starts (connecting saw to it)
        self._seen: dict[str, tuple[LinkState, int]] = {
            s.target: (LinkState.CONNECTED, s.connects) for s in hub.statuses()
        }
        """Per sensor: the last state recorded (lost or connected) and its connections."""
        self._assumed: dict[str, str] = {}

    def update(self, chain: CoachingChain) -> None:
        for status in self.hub.statuses():
            name = status.name or status.target
            if status.unit_settled and self._assumed.get(status.target) != status.assumption:
                self._assumed[status.target] = status.assumption
                chain.recorder.mark(chain.now, EventKind.SENSOR, f"{name}: {status.assumption}")
            said, connects = self._seen.get(status.target, (LinkState.CONNECTED, status.connects))
            events = []
            if status.state is LinkState.LOST and said is not LinkState.LOST:
                events = [LinkState.LOST]
            elif status.state is LinkState.CONNECTED and status.connects != connects:
                # back again (if the drop fell between two looks, it is recorded too)
                events = (
                    [LinkState.LOST, LinkState.CONNECTED]
                    if said is LinkState.CONNECTED
                    else [LinkState.CONNECTED]
                )
            for state in events:
                chain.recorder.mark(chain.now, EventKind.SENSOR, f"{name} {state.value}")
            if events:
                self._seen[status.target] = (events[-1], status.connects)
