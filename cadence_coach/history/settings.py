"""What the runner has chosen or measured, kept between sessions in the store's settings
table: the habitual cadence, each footpod's cadence unit, the programme started."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date

from cadence_coach.sources.strides import CadenceUnit

HABITUAL_KEY = "habitual_spm"
UNITS_KEY = "cadence_units:"
"""Followed by a footpod's address."""
PROGRAMME_KEY = "programme"
PROGRAMME_START_KEY = "programme_start"


class Settings:
    def __init__(
        self, db: sqlite3.Connection, writing: Callable[[], AbstractContextManager[None]]
    ) -> None:
        self._db = db
        self._writing = writing
        """The store's transaction, which turns a failed write into one line."""

    def _get(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set(self, key: str, value: str) -> None:
        with self._writing():
            self._db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))

    def habitual(self) -> float | None:
        """The habitual cadence the last baseline measured."""
        value = self._get(HABITUAL_KEY)
        return None if value is None else float(value)

    def cadence_units(self) -> dict[str, CadenceUnit]:
        """What each footpod's cadence counts, by address, as the runner said."""
        rows = self._db.execute(
            "SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?",
            (len(UNITS_KEY), UNITS_KEY),
        )
        units = {value.value: value for value in CadenceUnit}
        return {str(k)[len(UNITS_KEY) :]: units[v] for k, v in rows if v in units}

    def remember_units(self, address: str, unit: CadenceUnit) -> None:
        self._set(UNITS_KEY + address, unit.value)

    def programme(self) -> tuple[str, date] | None:
        """The programme the runner started, and its first day."""
        name, start = self._get(PROGRAMME_KEY), self._get(PROGRAMME_START_KEY)
        return None if name is None or start is None else (name, date.fromisoformat(start))

    def start_programme(self, name: str, start: date) -> None:
        self._set(PROGRAMME_KEY, name)
        self._set(PROGRAMME_START_KEY, start.isoformat())
