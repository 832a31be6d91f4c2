"""The coach: a pure state machine, ``step(now, estimate) -> list[Action]``.

It sits between the estimator and the mixer/speaker. Given the same inputs it gives the
same actions, so a whole session can be simulated in milliseconds. It never reads a clock.

What it does, and why (see DEVELOPERS.md): it speaks only after the runner has been out of
the zone for a dwell time, never more often than a cooldown, firmer if ignored, and praises
once on return; it stays silent in a steady in-zone run; it treats standing still as a
pause, not a drift; in faded mode it withdraws the metronome once the runner holds the zone
and brings it back when they drift; it says once when the sensor is lost and when it is
back; with a heart-rate ceiling it asks for shorter steps, not slower ones, once per
excursion.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from cadence_coach.errors import BadValue
from cadence_coach.estimator import Estimate, SensorState


class MetronomeMode(Enum):
    ON = "on"
    OFF = "off"
    FADED = "faded"
    """Plays to set the rhythm, withdraws once the zone is held, returns on a drift."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of a session with its own target (a plan is a list of these)."""

    name: str
    duration_s: float
    target_spm: float
    zone_spm: tuple[float, float]
    metronome: MetronomeMode = MetronomeMode.ON
    announce: str | None = None
    """Phrase-book key said when the segment starts (``run_now``...)."""
    kind: str = "run"
    coached: bool = True
    """Whether drift cues apply (not while walking, drilling or cooling down)."""
    cue: str | None = None
    """The segment's one key cue, said after its announcement."""
    cues: tuple[tuple[float, str], ...] = ()
    """Words to say at offsets (seconds) into the segment."""
    interval: tuple[int, int] | None = None
    """``(n, of)``: "interval n of m"."""
    timeline: bool = False
    """Announce the segment, its time left, halfway and a 3-2-1 into the next (plans)."""
    distance_m: float | None = None
    """Set for a segment that lasts a distance: it ends when the speed readings add up to
    it, and ``duration_s`` is only the time it is expected to take. With no speed at all it
    ends after the expected time, and in any case after ``DISTANCE_CAP`` times that."""

    @property
    def longest_s(self) -> float:
        """The longest this segment can last."""
        return self.duration_s * (DISTANCE_CAP if self.distance_m is not None else 1)


DISTANCE_CAP = 2.0


@dataclass(frozen=True, slots=True)
class CoachConfig:
    segments: tuple[Segment, ...]
    dwell_s: float = 8.0
    """Out of the zone this long before the first cue."""
    cooldown_s: float = 30.0
    """No two drift cues closer than this."""
    escalate_after: int = 1
    """Drift cues ignored before the firmer wording."""
    fade_after_s: float = 45.0
    """Faded mode: in the zone this long and the metronome withdraws."""
    pause_metronome_after_s: float = 4.0
    """Standing still this long pauses the metronome."""
    praise_after_s: float = 5.0
    """Back in the zone this long before the praise: not on a flicker across the edge."""
    grace_s: float = 10.0
    """No drift cues this long after a segment starts or the runner moves off again."""
    ramp_beats: int = 16
    """A new target is reached over this many beats, not in a jump."""
    say_numbers: bool = False
    """Drift cues end with the cadence heard: "Quick feet. One sixty"."""
    feedback: bool = True
    """Off: only the timeline (announcements, timed cues), as for a plan rendered to a
    file to carry on a phone, with no sensor to listen to."""
    hr_max_bpm: float | None = None
    hr_dwell_s: float = 10.0
    hr_hysteresis_bpm: float = 3.0

    def __post_init__(self) -> None:
        if not self.segments:
            raise BadValue("a session needs at least one segment")
        for seg in self.segments:
            lo, hi = seg.zone_spm
            if not lo < seg.target_spm < hi:
                raise BadValue(f"target {seg.target_spm:g} is outside its zone {lo:g}-{hi:g}")


@dataclass(frozen=True, slots=True)
class SetTempo:
    bpm: float
    ramp_beats: int = 0


@dataclass(frozen=True, slots=True)
class SetMetronome:
    on: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Say:
    key: str
    """Phrase-book key."""
    n: int | None = None
    text: str | None = None
    """Words instead of the phrase book's (plan announcements and cues)."""
    prefix: str | None = None
    """``run`` or ``walk``: the transition's earcon goes before the words."""


@dataclass(frozen=True, slots=True)
class Mark:
    """An event for the record: ``pause``, ``resume``, ``segment``, ``sensor_lost``..."""

    event: str
    detail: str = ""


Action = SetTempo | SetMetronome | Say | Mark


class Zone(Enum):
    IN = "in"
    LOW = "low"
    HIGH = "high"


class Coach:
    """The state machine. Call :meth:`step` with increasing ``now``."""

    def __init__(self, config: CoachConfig) -> None:
        self.config = config
        self._seg_index = -1
        self._seg_start = 0.0
        self._segment_end = 0.0
        self._metronome_on = False
        self._zone: Zone | None = None
        self._out_since: float | None = None
        self._in_since: float | None = None
        self._last_drift_cue: float | None = None
        self._excursion_cues = 0
        self._still_since: float | None = None
        self._paused = False
        self._lost = False
        self._quiet_until = 0.0
        self._hr_above_since: float | None = None
        self._hr_warned = False
        self._timed: list[tuple[float, Say]] = []
        self._stats = [0.0, 0, 0]
        """Cadence sum, readings and readings in the zone, this segment."""
        self._distance_m = 0.0
        """Covered in this segment, from the speed estimates."""
        self._speed_seen = False
        self._last_now: float | None = None
        self._at_distance: list[tuple[float, Say]] = []
        self.finished = False

    @property
    def segment(self) -> Segment:
        return self.config.segments[max(self._seg_index, 0)]

    @property
    def segment_index(self) -> int:
        return max(self._seg_index, 0)

    @property
    def metronome_on(self) -> bool:
        """Whether the coach wants the metronome audible now."""
        return self._metronome_on and not self._paused

    def zone_of(self, cadence_spm: float) -> Zone:
        lo, hi = self.segment.zone_spm
        return Zone.LOW if cadence_spm < lo else Zone.HIGH if cadence_spm > hi else Zone.IN

    def step(self, now: float, est: Estimate) -> list[Action]:
        """Advance to ``now`` with the latest estimate; return what to do."""
        actions: list[Action] = []
        if self.finished:
            return actions
        feedback = self.config.feedback
        if feedback and self._last_now is not None and est.speed_mps is not None and est.moving:
            self._distance_m += est.speed_mps * (now - self._last_now)
            self._speed_seen = True
        self._last_now = now
        self._advance_segments(now, actions)
        if self.finished:
            return actions
        while self._timed and now - self._seg_start >= self._timed[0][0]:
            actions.append(self._timed.pop(0)[1])
        while self._at_distance and self._distance_m >= self._at_distance[0][0]:
            actions.append(self._at_distance.pop(0)[1])
        if not self.config.feedback:
            return actions
        if not self._sensor(now, est, actions):
            return actions
        if not self._standing(now, est, actions):
            return actions
        self._heart_rate(now, est, actions)
        if est.cadence_spm is not None and self.segment.coached:
            self._drift(now, est.cadence_spm, actions)
        return actions

    # -- the parts ----------------------------------------------------------------------------

    def _set_metronome(self, on: bool, reason: str, actions: list[Action]) -> None:
        if on != self._metronome_on:
            self._metronome_on = on
            if not self._paused:
                actions.append(SetMetronome(on, reason))

    def _segment_over(self, now: float) -> bool:
        seg = self.segment
        if seg.distance_m is None:
            return now >= self._segment_end
        elapsed = now - self._seg_start
        return (
            self._distance_m >= seg.distance_m
            or elapsed >= seg.longest_s
            or (not self._speed_seen and elapsed >= seg.duration_s)
        )

    def _advance_segments(self, now: float, actions: list[Action]) -> None:
        segments = self.config.segments
        while self._seg_index < 0 or self._segment_over(now):
            if self._seg_index + 1 >= len(segments):
                self.finished = True
                actions.append(Mark("finished"))
                actions.append(Say("session_done"))
                return
            first = self._seg_index < 0
            ended_by_time = first or self.segment.distance_m is None
            if not first and not ended_by_time:
                covered = f"{self._distance_m:.0f} m in {now - self._seg_start:.0f} s"
                actions.append(Mark("distance", covered))
            self._seg_index += 1
            seg = segments[self._seg_index]
            self._seg_start = now if first or not ended_by_time else self._segment_end
            self._segment_end = self._seg_start + seg.duration_s
            self._distance_m = 0.0
            self._speed_seen = False
            self._at_distance = _distance_cues(seg)
            actions.append(Mark("segment", seg.name))
            actions.append(SetTempo(seg.target_spm, 0 if first else self.config.ramp_beats))
            self._set_metronome(seg.metronome is not MetronomeMode.OFF, "segment", actions)
            if seg.announce:
                actions.append(Say(seg.announce))
            if seg.timeline:
                text = announcement(seg)
                if not first:
                    text = self._segment_summary(segments[self._seg_index - 1]) + text
                prefix = "walk" if seg.kind == "walk" else "run" if seg.coached else None
                actions.append(Say("segment", text=text, prefix=prefix))
            self._reset_drift()
            self._quiet_until = now + self.config.grace_s
            self._timed = _timed_cues(seg, self._seg_index + 1 < len(segments))
            self._stats = [0.0, 0, 0]

    def _reset_drift(self) -> None:
        self._zone = None
        self._out_since = None
        self._in_since = None
        self._excursion_cues = 0

    def _sensor(self, now: float, est: Estimate, actions: list[Action]) -> bool:
        """Handle loss and return; False when there is nothing to coach on."""
        if est.sensor is SensorState.LOST:
            if not self._lost:
                self._lost = True
                actions.append(Mark("sensor_lost"))
                actions.append(Say("sensor_lost"))
                # With no feedback, the beat is the runner's guide: keep it going.
                if self.segment.metronome is not MetronomeMode.OFF:
                    self._set_metronome(True, "sensor lost", actions)
                self._reset_drift()
            return False
        if est.sensor is SensorState.STALE:
            return False
        if self._lost:
            self._lost = False
            actions.append(Mark("sensor_back"))
            actions.append(Say("sensor_back"))
            self._quiet_until = max(self._quiet_until, now + self.config.dwell_s)
        return True

    def _standing(self, now: float, est: Estimate, actions: list[Action]) -> bool:
        """Standing still is a pause, not a drift. False while standing."""
        if not est.moving:
            if self._still_since is None:
                self._still_since = now
                actions.append(Mark("pause"))
                self._reset_drift()
            if (
                not self._paused
                and self._metronome_on
                and now - self._still_since >= self.config.pause_metronome_after_s
            ):
                self._paused = True
                actions.append(SetMetronome(False, "standing still"))
            return False
        if self._still_since is not None:
            self._still_since = None
            actions.append(Mark("resume"))
            if self._paused:
                self._paused = False
                if self._metronome_on:
                    actions.append(SetMetronome(True, "moving again"))
            self._quiet_until = max(self._quiet_until, now + self.config.grace_s)
        return True

    def _segment_summary(self, seg: Segment) -> str:
        """One line at the end of a running segment: "Average one seventy, in zone 85 percent"."""
        from cadence_coach.speech.phrases import say_number

        total, count, inside = self._stats
        if not seg.coached or count < 20:  # ten seconds of readings at two steps a second
            return ""
        mean, share = round(total / count), round(100 * inside / count)
        return f"Average {say_number(mean)}, in zone {say_number(share)} percent. "

    def _drift(self, now: float, cadence: float, actions: list[Action]) -> None:
        cfg = self.config
        zone = self.zone_of(cadence)
        self._stats[0] += cadence
        self._stats[1] += 1
        self._stats[2] += zone is Zone.IN
        faded = self.segment.metronome is MetronomeMode.FADED
        if zone is Zone.IN:
            if self._zone is not Zone.IN:
                self._in_since = now
            self._zone, self._out_since = Zone.IN, None
            assert self._in_since is not None
            held = now - self._in_since
            if self._excursion_cues and held >= cfg.praise_after_s:
                actions.append(Say("in_zone"))  # praise once, and only after a drift cue
                self._excursion_cues = 0
            if faded and held >= cfg.fade_after_s:
                self._set_metronome(False, "zone held", actions)
            return
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
        if faded and not self._metronome_on:
            # The returning beat is the first feedback; words only if the drift persists.
            self._set_metronome(True, "drift", actions)
            self._out_since = now
            return
        if self._last_drift_cue is not None and now - self._last_drift_cue < cfg.cooldown_s:
            return
        key = "cadence_up" if zone is Zone.LOW else "cadence_down"
        if self._excursion_cues >= cfg.escalate_after:
            key += "_firm"
        actions.append(Say(key, round(cadence) if cfg.say_numbers else None))
        actions.append(Mark("drift", f"{zone.value} {cadence:.0f}"))
        self._last_drift_cue = now
        self._excursion_cues += 1

    def _heart_rate(self, now: float, est: Estimate, actions: list[Action]) -> None:
        cfg = self.config
        hr = est.heart_rate_bpm
        if cfg.hr_max_bpm is None or hr is None:
            return
        if hr > cfg.hr_max_bpm:
            if self._hr_above_since is None:
                self._hr_above_since = now
            if not self._hr_warned and now - self._hr_above_since >= cfg.hr_dwell_s:
                self._hr_warned = True
                actions.append(Say("ease_off"))
                actions.append(Mark("heart_rate_high", f"{hr:.0f}"))
        elif hr <= cfg.hr_max_bpm - cfg.hr_hysteresis_bpm:
            self._hr_above_since = None
            self._hr_warned = False


def say_duration(seconds: float) -> str:
    """Words for a duration: "two minutes", "ninety seconds", "one minute thirty"."""
    from cadence_coach.speech.phrases import say_number

    total = round(seconds)
    minutes, secs = divmod(total, 60)
    if minutes == 0 or (minutes == 1 and secs and total < 120 and secs % 30):
        return f"{say_number(total)} seconds"
    words = "one minute" if minutes == 1 else f"{say_number(minutes)} minutes"
    return f"{words} {say_number(secs)}" if secs else words


def say_distance(metres: float) -> str:
    """Words for a distance: "four hundred metres", "one kilometre", "two point five
    kilometres"."""
    from cadence_coach.speech.phrases import say_number

    m = round(metres)
    if m < 1000:
        return f"{say_number(m)} metres"
    km, rest = divmod(m, 1000)
    unit = "kilometre" if km == 1 else "kilometres"
    if rest == 0:
        return f"{say_number(km)} {unit}"
    if rest % 100 == 0:
        return f"{say_number(km)} point {say_number(rest // 100)} kilometres"
    return f"{say_number(km)} {unit} {say_number(rest)} metres"


def announcement(seg: Segment) -> str:
    """What the coach says as a segment starts: what it is, how long, where in the set."""
    length = (
        say_duration(seg.duration_s) if seg.distance_m is None else say_distance(seg.distance_m)
    )
    parts = [f"{seg.name}, {length}"]
    if seg.interval is not None:
        parts.append(f"Interval {seg.interval[0]} of {seg.interval[1]}")
    if seg.cue:
        parts.append(seg.cue)
    return ". ".join(parts)


def _timed_cues(seg: Segment, more_to_come: bool) -> list[tuple[float, Say]]:
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


def _distance_cues(seg: Segment) -> list[tuple[float, Say]]:
    """For a segment that lasts a distance: halfway, and a hundred metres to go."""
    d = seg.distance_m
    if d is None or not seg.timeline:
        return []
    out = []
    if d >= 400:
        out.append((d / 2, Say("halfway")))
    if d >= 300:
        out.append((d - 100, Say("plan_cue", text=distance_to_go(100))))
    return sorted(out, key=lambda item: item[0])


def distance_to_go(metres: float) -> str:
    return f"{say_distance(metres).capitalize()} to go"
