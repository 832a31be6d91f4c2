"""What a session is made of: segments with their targets, and the coach's settings. Pure.

A plan compiles to a tuple of :class:`Segment` (see :mod:`cadence_coach.plans`); a free run
is one segment.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from cadence_coach.errors import BadValue


class MetronomeMode(Enum):
    ON = "on"
    OFF = "off"
    FADED = "faded"
    """Plays to set the rhythm, withdraws once the zone is held, returns on a drift."""


class SegmentKind(Enum):
    """What the runner does in a segment, as plans name it."""

    WARM_UP = "warm-up"
    RUN = "run"
    WALK = "walk"
    DRILL = "drill"
    STRIDES = "strides"
    HILL = "hill"
    COOLDOWN = "cooldown"
    BASELINE = "baseline"

    @property
    def running(self) -> bool:
        """Whether its cadence is coached (a warm-up, drill or cooldown has no drift cues)."""
        return self in RUNNING_KINDS


RUNNING_KINDS = frozenset(
    (SegmentKind.RUN, SegmentKind.STRIDES, SegmentKind.HILL, SegmentKind.BASELINE)
)

GRACE_S = 10.0
"""No drift cues this long after a segment starts or the runner moves off again."""

DISTANCE_CAP = 2.0
"""A segment that lasts a distance ends after at most this many times its expected time."""


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
    kind: SegmentKind = SegmentKind.RUN
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
    listen: bool = False
    """On your own: no beat and no cues; the coach only listens, to measure whether the
    runner holds the cadence unaided (a retention check)."""
    distance_m: float | None = None
    """Set for a segment that lasts a distance: it ends when the speed readings add up to
    it, and ``duration_s`` is only the time it is expected to take. With no speed at all it
    ends after the expected time, and in any case after ``DISTANCE_CAP`` times that."""

    @property
    def longest_s(self) -> float:
        """The longest this segment can last."""
        return self.duration_s * (DISTANCE_CAP if self.distance_m is not None else 1)


@dataclass(frozen=True, slots=True)
class CoachConfig:
    segments: tuple[Segment, ...]
    dwell_s: float = 8.0
    """Out of the zone this long before the first cue."""
    cooldown_s: float = 30.0
    """No two drift cues closer than this; the first reminder for one excursion comes this
    long after its first cue, and each later one twice as long after the last..."""
    reminder_max_s: float = 240.0
    """...up to this."""
    cue_budget: int = 3
    """Drift cues that may come close together (across excursions)..."""
    cue_refill_s: float = 240.0
    """...earning one back this often: the ceiling on drift cues per minute."""
    escalate_after: int = 1
    """Drift cues ignored before the firmer wording."""
    edge_margin_pct: float = 1.0
    """A drift cue needs the cadence past the zone's edge by this share of the target."""
    overshoot_pct: float = 0.0
    """A session that raises cadence does not scold this much more above the zone."""
    step_down_after_s: float = 240.0
    """Coached running this long mostly under the zone, cues unheeded: a lower target..."""
    step_down_pct: float = 2.5
    """...this much lower (of the plan's target)..."""
    max_step_downs: int = 2
    """...at most this many times; once the lower target is held for
    ``step_up_after_s``, the coach offers to rise again."""
    step_up_after_s: float = 180.0
    habitual_spm: float | None = None
    """The runner's own cadence, when known: no target is stepped down to within
    ``STEP_FLOOR`` of it (a target at the runner's habit coaches nothing)."""
    recall: bool = False
    """Start the first run with a short recall cue of the cadence learned."""
    fade_after_s: float = 45.0
    """Faded mode: in the zone this long and the metronome withdraws."""
    pause_metronome_after_s: float = 4.0
    """Standing still this long pauses the metronome."""
    praise_after_s: float = 5.0
    """Back in the zone this long before the praise: not on a flicker across the edge."""
    grace_s: float = GRACE_S
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

    @property
    def duration_s(self) -> float:
        """How long the session is expected to last."""
        return sum(seg.duration_s for seg in self.segments)

    @property
    def longest_s(self) -> float:
        """The longest it can last (segments that run a distance may take longer)."""
        return sum(seg.longest_s for seg in self.segments)
