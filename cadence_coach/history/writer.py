"""An observer of the session loop: what the recorder gained since the last tick, written to
the store. It keeps its own place in the recorder.

The session is stored from its first tick, so a start that fails before the first beat
stores nothing. A write that fails (the disk full, say) never stops the session: the runner
is told once, the recorder keeps everything, and the writer tries again every
:data:`RETRY_S` of session time and once more at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.coaching.recorder import Summary
from cadence_coach.history.records import SessionKind
from cadence_coach.history.store import Store, StoreError

RETRY_S = 10.0


class StoreWriter:
    def __init__(
        self,
        store: Store,
        plan: str,
        kind: SessionKind,
        *,
        started_at: datetime | None = None,
        notify: Callable[[str], None] = print,
    ) -> None:
        self.store = store
        self.plan = plan
        self.kind = kind
        self.started_at = started_at
        self.notify = notify
        self.session_id: int | None = None
        self.failure: StoreError | None = None
        """Why the last write failed, while it keeps failing."""
        self._retry_at = 0.0
        self._rows = 0
        self._cues = 0
        self._events = 0

    def update(self, chain: CoachingChain) -> None:
        if self.failure is not None and chain.now < self._retry_at:
            return
        rec = chain.recorder
        try:
            if self.session_id is None:
                self.session_id = self.store.begin(self.plan, self.kind, self.started_at)
            self.store.append(
                self.session_id,
                rec.rows[self._rows :],
                rec.cues[self._cues :],
                rec.events[self._events :],
            )
        except StoreError as err:
            if self.failure is None:
                self.notify(
                    f"{err}: the session goes on, kept in memory, and is stored when it can be"
                )
            self.failure = err
            self._retry_at = chain.now + RETRY_S
            return
        self._rows, self._cues, self._events = len(rec.rows), len(rec.cues), len(rec.events)
        if self.failure is not None:
            self.failure = None
            self.notify("the history can be written again: the session is stored")

    def finish(
        self, chain: CoachingChain, summary: Summary, habitual_spm: float | None = None
    ) -> int | None:
        """Store the rest and the summary; the session's id, or ``None`` when it had not
        begun (nothing recorded). Raises :class:`StoreError` if it still cannot be stored."""
        if self.session_id is None and not chain.recorder.rows:
            return None
        self._retry_at = 0.0
        self.update(chain)
        if self.failure is not None:
            raise self.failure
        assert self.session_id is not None
        self.store.finish(self.session_id, summary, habitual_spm=habitual_spm)
        return self.session_id
