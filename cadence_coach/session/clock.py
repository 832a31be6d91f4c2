"""The session clock of a session that can be paused: the output's sample counter, less its
lead-in and every stretch held. Pure: handed the mixer's frame count."""

from __future__ import annotations


class SessionClock:
    """Session seconds from the mixer's frames. While held (the runner paused, the output
    went away), session time stands still however the audio runs on; released, it goes on
    from where it stood, so nothing is skipped and nothing is counted twice."""

    def __init__(self, fs: int, lead_in_frames: int = 0) -> None:
        self.fs = fs
        self.lead_in_frames = lead_in_frames
        self.held_frames = 0
        """Frames spent held, over the whole session."""
        self._held_at: int | None = None

    @property
    def held(self) -> bool:
        return self._held_at is not None

    def now(self, frames: int) -> float:
        """Session time at mixer frame ``frames``."""
        at = frames if self._held_at is None else self._held_at
        return max(0, at - self.lead_in_frames - self.held_frames) / self.fs

    def frame_at(self, t: float) -> int:
        """The mixer frame session time ``t`` falls on, as things stand (no hold to come)."""
        return self.lead_in_frames + self.held_frames + round(t * self.fs)

    def hold(self, frames: int) -> None:
        if self._held_at is None:
            self._held_at = max(frames, self.lead_in_frames)

    def release(self, frames: int) -> None:
        if self._held_at is not None:
            self.held_frames += max(0, frames - self._held_at)
            self._held_at = None

    @property
    def held_s(self) -> float:
        return self.held_frames / self.fs
