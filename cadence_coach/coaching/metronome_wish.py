"""Whether the coach wants the beat audible: the segment's mode, the sensor and the drift
watcher ask for it on or off; standing still pauses it without changing what is wanted.
Pure."""

from __future__ import annotations

from cadence_coach.coaching.actions import Action, SetMetronome


class MetronomeWish:
    def __init__(self) -> None:
        self.wanted = False
        self.paused = False

    @property
    def audible(self) -> bool:
        return self.wanted and not self.paused

    def want(self, on: bool, reason: str, actions: list[Action]) -> None:
        """Ask for the beat on or off; heard at once unless the runner is standing."""
        if on != self.wanted:
            self.wanted = on
            if not self.paused:
                actions.append(SetMetronome(on, reason))

    def pause(self, actions: list[Action]) -> None:
        if not self.paused and self.wanted:
            self.paused = True
            actions.append(SetMetronome(False, "standing still"))

    def resume(self, actions: list[Action]) -> None:
        if self.paused:
            self.paused = False
            if self.wanted:
                actions.append(SetMetronome(True, "moving again"))
