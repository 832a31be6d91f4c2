"""The segment clock: which segment is running, when it ends (by time, or by the distance
the speed estimates add up to), and the cues timed within it. Pure; handed ``now``."""

from __future__ import annotations

from dataclasses import dataclass

from cadence_coach.coaching.actions import DistanceToGo, Say
from cadence_coach.coaching.estimator import Estimate
from cadence_coach.coaching.segments import CoachConfig, Segment


@dataclass(frozen=True, slots=True)
class SegmentStart:
    """A segment begins."""

    index: int
    segment: Segment
    covered: str | None = None
    """How the previous one ended, when it lasted a distance: ``400 m in 100 s``."""

    @property
    def first(self) -> bool:
        return self.index == 0


class Timeline:
    """Moves through the segments; call :meth:`move` then :meth:`due` with increasing
    ``now``."""

    def __init__(self, config: CoachConfig) -> None:
        self.config = config
        self.index = -1
        self.finished = False
        self._start_s = 0.0
        self._end_s = 0.0
        self._distance_m = 0.0
        """Covered in this segment, from the speed estimates."""
        self._speed_seen = False
        self._last_now: float | None = None
        self._timed: list[tuple[float, Say]] = []
        self._at_distance: list[tuple[float, Say]] = []
        self._skipped = False

    def skip(self, now: float) -> None:
        """End the running segment at ``now``: the next :meth:`move` starts the next one
        (or finishes the session after the last)."""
        if self.index >= 0 and not self.finished:
            self._end_s = now
            self._skipped = True

    @property
    def segment(self) -> Segment:
        return self.config.segments[max(self.index, 0)]

    @property
    def distance_m(self) -> float:
        """Covered in this segment so far, from the speed estimates."""
        return self._distance_m

    def move(self, now: float, est: Estimate) -> list[SegmentStart]:
        """Add the distance run since the last call; start each segment that begins by
        ``now`` (``finished`` once the last one is over)."""
        last, speed = self._last_now, est.speed_mps
        if self.config.feedback and last is not None and speed is not None and est.moving:
            self._distance_m += speed * (now - last)
            self._speed_seen = True
        self._last_now = now
        started: list[SegmentStart] = []
        segments = self.config.segments
        while not self.finished and (self.index < 0 or self._over(now)):
            if self.index + 1 >= len(segments):
                self.finished = True
            else:
                started.append(self._next(now))
        return started

    def due(self, now: float) -> list[Say]:
        """The timed and distance cues whose moment has come."""
        out = []
        while self._timed and now - self._start_s >= self._timed[0][0]:
            out.append(self._timed.pop(0)[1])
        while self._at_distance and self._distance_m >= self._at_distance[0][0]:
            out.append(self._at_distance.pop(0)[1])
        return out

    def _over(self, now: float) -> bool:
        if self._skipped:
            return True
        seg = self.segment
        if seg.distance_m is None:
            return now >= self._end_s
        elapsed = now - self._start_s
        return (
            self._distance_m >= seg.distance_m
            or elapsed >= seg.longest_s
            or (not self._speed_seen and elapsed >= seg.duration_s)
        )

    def _next(self, now: float) -> SegmentStart:
        first = self.index < 0
        by_time = first or self.segment.distance_m is None or self._skipped
        self._skipped = False
        covered = None if by_time else f"{self._distance_m:.0f} m in {now - self._start_s:.0f} s"
        self.index += 1
        seg = self.config.segments[self.index]
        self._start_s = now if not by_time or first else self._end_s
        self._end_s = self._start_s + seg.duration_s
        self._distance_m = 0.0
        self._speed_seen = False
        self._at_distance = distance_cues(seg)
        self._timed = timed_cues(seg, self.index + 1 < len(self.config.segments))
        return SegmentStart(self.index, seg, covered)


def timed_cues(seg: Segment, more_to_come: bool) -> list[tuple[float, Say]]:
    """The segment's timed cues, by offset: its plan cues, and with a timeline, halfway,
    thirty seconds left and a 3-2-1 countdown into the next segment."""
    out = [(at, Say("plan_cue", text=text)) for at, text in seg.cues]
    d = seg.duration_s
    if seg.timeline and seg.distance_m is None:
        if d >= 240:
            out.append((d / 2, Say("halfway")))
        if d >= 90:
            out.append((d - 30, Say("seconds_left", 30)))
        if more_to_come and d >= 15:
            out += [(d - 3, Say("count_3")), (d - 2, Say("count_2")), (d - 1, Say("count_1"))]
    return sorted(out, key=lambda item: item[0])


DISTANCE_TO_GO_M = 100.0


def distance_cues(seg: Segment) -> list[tuple[float, Say]]:
    """For a segment that lasts a distance: halfway, and a hundred metres to go."""
    d = seg.distance_m
    if d is None or not seg.timeline:
        return []
    out = []
    if d >= 400:
        out.append((d / 2, Say("halfway")))
    if d >= 300:
        out.append((d - DISTANCE_TO_GO_M, Say("plan_cue", about=DistanceToGo(DISTANCE_TO_GO_M))))
    return sorted(out, key=lambda item: item[0])
