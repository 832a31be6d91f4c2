"""What the history hands back about a stored session. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from cadence_coach.coaching.recorder import Summary


class SessionKind(Enum):
    """What a session was (the values are stored). Only a live session is real running: the
    trend, a programme's progress and the baseline count nothing else."""

    LIVE = "live"
    """Played live, on the runner's own sensors."""
    SIMULATED = "simulated"
    """Played live or run with no audio, with the simulated runner."""
    RENDERED = "render"
    """Rendered to an audio file."""
    REPLAYED = "replay"
    """A recorded run through the coach."""

    @classmethod
    def of(cls, *, replay: bool, rendered: bool, sensors: bool) -> SessionKind:
        """The kind of a session from how it ran."""
        if replay:
            return cls.REPLAYED
        if rendered:
            return cls.RENDERED
        return cls.LIVE if sensors else cls.SIMULATED


class SessionStatus(Enum):
    RUNNING = "running"
    FINISHED = "finished"
    INTERRUPTED = "interrupted"
    """Stopped early (Ctrl-C), or its process is gone while it was still running."""


@dataclass(frozen=True, slots=True)
class SessionInfo:
    id: int
    started_at: str
    plan: str
    kind: SessionKind
    status: SessionStatus
    summary: Summary | None
    """For a session killed before it finished: worked out from what it recorded."""
    effort: int | None = None
    """Perceived exertion (1-10) from the journal, if the runner wrote one."""
    habitual_spm: float | None = None
    """The habitual cadence this session measured (a baseline)."""

    @property
    def real(self) -> bool:
        """Real running: what the trend, the programme and the baseline count."""
        return self.kind is SessionKind.LIVE
