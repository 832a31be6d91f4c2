"""Drift out of the zone: a cue only after a dwell, never more often than a cooldown, firmer
if ignored, praise once on a return that holds; in faded mode the beat withdraws while the
zone is held, and comes back first when the runner drifts. It also keeps the segment's
cadence figures for its closing line."""

from __future__ import annotations

from enum import Enum

from cadence_coach.coaching.actions import Action, EventKind, Mark, Say, SegmentResult
from cadence_coach.coaching.metronome_wish import MetronomeWish
from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment

MIN_READINGS_FOR_RESULT = 20
"""Ten seconds of readings at two a second: fewer say nothing worth a closing line."""


class Zone(Enum):
    IN = "in"
    LOW = "low"
    HIGH = "high"


def zone_of(seg: Segment, cadence_spm: float) -> Zone:
    lo, hi = seg.zone_spm
    return Zone.LOW if cadence_spm < lo else Zone.HIGH if cadence_spm > hi else Zone.IN


class DriftWatcher:
    def __init__(self, config: CoachConfig, metronome: MetronomeWish) -> None:
        self.config = config
        self.metronome = metronome
        self._zone: Zone | None = None
        self._out_since: float | None = None
        self._in_since: float | None = None
        self._last_cue: float | None = None
        self._excursion_cues = 0
        self._quiet_until = 0.0
        self._total = 0.0
        self._readings = 0
        self._inside = 0

    def reset(self) -> None:
        """Forget the excursion in progress (a pause, a lost sensor, a new segment)."""
        self._zone = None
        self._out_since = None
        self._in_since = None
        self._excursion_cues = 0

    def quiet_until(self, t: float) -> None:
        """No drift cue before ``t`` (the dwell starts when the quiet ends)."""
        self._quiet_until = max(self._quiet_until, t)

    def new_segment(self, now: float) -> SegmentResult | None:
        """A segment starts: the last one's figures, then a fresh start with a grace."""
        result = None
        if self._readings >= MIN_READINGS_FOR_RESULT:
            result = SegmentResult(
                round(self._total / self._readings), round(100 * self._inside / self._readings)
            )
        self.reset()
        self._quiet_until = now + self.config.grace_s
        self._total, self._readings, self._inside = 0.0, 0, 0
        return result

    def step(self, now: float, cadence: float, seg: Segment, actions: list[Action]) -> None:
        zone = zone_of(seg, cadence)
        self._total += cadence
        self._readings += 1
        self._inside += zone is Zone.IN
        faded = seg.metronome is MetronomeMode.FADED
        if zone is Zone.IN:
            self._in_zone(now, faded, actions)
        else:
            self._out_of_zone(now, zone, cadence, faded, actions)

    def _in_zone(self, now: float, faded: bool, actions: list[Action]) -> None:
        if self._zone is not Zone.IN:
            self._in_since = now
        self._zone, self._out_since = Zone.IN, None
        assert self._in_since is not None
        held = now - self._in_since
        if self._excursion_cues and held >= self.config.praise_after_s:
            actions.append(Say("in_zone"))  # praise once, and only after a drift cue
            self._excursion_cues = 0
        if faded and held >= self.config.fade_after_s:
            self.metronome.want(False, "zone held", actions)

    def _out_of_zone(
        self, now: float, zone: Zone, cadence: float, faded: bool, actions: list[Action]
    ) -> None:
        cfg = self.config
        if zone is not self._zone:
            if self._zone is not Zone.IN or self._in_since is None:
                self._excursion_cues = 0  # a new excursion (not a flicker back in and out)
            self._zone, self._out_since = zone, now
            self._in_since = None
        assert self._out_since is not None
        if now < self._quiet_until:
            self._out_since = now  # the dwell starts when the grace period ends
            return
        if now - self._out_since < cfg.dwell_s:
            return
        if faded and not self.metronome.wanted:
            # The returning beat is the first feedback; words only if the drift persists.
            self.metronome.want(True, "drift", actions)
            self._out_since = now
            return
        if self._last_cue is not None and now - self._last_cue < cfg.cooldown_s:
            return
        key = "cadence_up" if zone is Zone.LOW else "cadence_down"
        if self._excursion_cues >= cfg.escalate_after:
            key += "_firm"
        actions.append(Say(key, round(cadence) if cfg.say_numbers else None))
        actions.append(Mark(EventKind.DRIFT, f"{zone.value} {cadence:.0f}"))
        self._last_cue = now
        self._excursion_cues += 1
