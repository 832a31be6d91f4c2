"""A coaching chain on live sensors, stepped in real time by the tests."""

from __future__ import annotations

import time

from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.coaching.segments import CoachConfig, Segment
from cadence_coach.sensors.hub import SensorHub
from cadence_coach.sources.live import LiveSource
from cadence_coach.speech.phrases import PhraseBook


class LiveChain:
    """One segment coached from ``hub``'s readings, its clock started now."""

    def __init__(self, hub: SensorHub, segment: Segment) -> None:
        self.chain = CoachingChain(
            CoachConfig((segment,), grace_s=0), LiveSource(hub), PhraseBook()
        )
        self.began = time.monotonic()

    def run_until(self, t: float) -> None:
        """Step the chain as a session would until ``t`` seconds after it began."""
        while time.monotonic() - self.began < t:
            self.chain.advance(time.monotonic() - self.began)
            time.sleep(0.05)
