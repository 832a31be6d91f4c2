"""Starting and stopping a Polar strap's accelerometer through its PMD control point, over a
connected bleak client: settings asked for, a rate chosen, refusals tried past.

Answers come back as indications on the control point; each request waits for its own
(op code) answer, a few seconds at most.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from cadence_coach.errors import MalformedPacket, SensorError
from cadence_coach.sensors.gatt import pmd

log = logging.getLogger(__name__)
ACC = pmd.MeasurementType.ACC
ANSWER_S = 5.0

MIN_RATE_HZ = 25
"""The lowest rate that meets the detector's goals on the real recordings
(docs/accelerometer.md; tests/unit/sources/test_steps.py checks it): the lowest a strap
offers at or above it is asked for, to spare its battery."""


def rate_preference(offered: tuple[int, ...], minimum: int = MIN_RATE_HZ) -> list[int]:
    """The rates to ask for, best first: the lowest at or above ``minimum``, then faster
    ones, then (a strap that offers only slower) the fastest of those."""
    fast = sorted(r for r in offered if r >= minimum)
    slow = sorted((r for r in offered if r < minimum), reverse=True)
    return fast + slow


class AccelerometerRefused(SensorError):
    """Raised when a strap refuses to start its accelerometer at every setting it offers;
    says what it answered."""


@dataclass(frozen=True, slots=True)
class Started:
    rate_hz: int
    factor: float
    refused: tuple[str, ...]
    """The settings refused before this one was taken, in words."""


class PmdControl:
    """One strap's control point. :meth:`on_indication` is its notify callback."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._answers: asyncio.Queue[pmd.Response] = asyncio.Queue()

    def on_indication(self, data: bytes) -> None:
        try:
            message = pmd.control_point_message(data)
        except MalformedPacket as err:
            log.debug("%s: skipped a bad control point indication: %s", self.name, err)
            return
        if isinstance(message, pmd.Stopped):
            log.info("%s stopped its streams %s by itself", self.name, message.measurements)
            return
        self._answers.put_nowait(message)

    async def _ask(self, client: Any, request: bytes) -> pmd.Response:
        """Send ``request`` and wait for its answer; one that says more is to come is joined
        with the indications that follow it."""
        op = request[0]
        await client.write_gatt_char(pmd.PMD_CONTROL_POINT, request, response=True)
        async with asyncio.timeout(ANSWER_S):
            answer = await self._answer_to(op)
            parameters = answer.parameters
            while answer.more:
                answer = await self._answer_to(op)
                parameters += answer.parameters
        return pmd.Response(answer.op, answer.measurement, answer.status, False, parameters)

    async def _answer_to(self, op: int) -> pmd.Response:
        while True:
            answer = await self._answers.get()
            if answer.op == op:
                return answer
            log.debug("%s: an answer to op %s while waiting for %s", self.name, answer.op, op)

    async def offers_accelerometer(self, client: Any) -> bool:
        """Whether the control point's features include the accelerometer."""
        try:
            data = await client.read_gatt_char(pmd.PMD_CONTROL_POINT)
            return ACC in pmd.features_from_bytes(data)
        except MalformedPacket as err:
            log.debug("%s: PMD features unreadable: %s", self.name, err)
            return False

    async def start(self, client: Any) -> Started:
        """Ask for the accelerometer's settings, then start it at the preferred rate,
        trying the next when the strap refuses one."""
        answer = await self._ask(client, pmd.settings_request(ACC))
        if answer.status is not pmd.Status.SUCCESS:
            raise AccelerometerRefused(
                f"{self.name} will not say its accelerometer's settings ({answer.status.words})",
                self.name,
            )
        try:
            offered = pmd.Settings.from_bytes(answer.parameters)
        except MalformedPacket as err:
            raise AccelerometerRefused(f"{self.name}: {err}", self.name) from None
        refused: list[str] = []
        for rate in rate_preference(offered.sample_rates_hz):
            chosen = _chosen(offered, rate)
            answer = await self._ask(client, pmd.start_request(ACC, chosen))
            if answer.status is pmd.Status.ALREADY_IN_STATE:  # still streaming from before
                await self._ask(client, pmd.stop_request(ACC))
                answer = await self._ask(client, pmd.start_request(ACC, chosen))
            if answer.status is pmd.Status.SUCCESS:
                return Started(rate, _factor(answer.parameters), tuple(refused))
            refused.append(f"{rate} Hz: {answer.status.words}")
        raise AccelerometerRefused(
            f"{self.name} refused to start its accelerometer at every rate it offers "
            f"({'; '.join(refused) or 'it offers none'})",
            self.name,
        )

    async def stop(self, client: Any) -> None:
        try:
            await self._ask(client, pmd.stop_request(ACC))
        except Exception as err:
            log.debug("%s: stopping the accelerometer: %s", self.name, err)


def _chosen(offered: pmd.Settings, rate: int) -> dict[pmd.SettingType, int]:
    """The rate, and the finest resolution and widest range offered (a running stride's
    impact reaches several g at the chest)."""
    chosen = {pmd.SettingType.SAMPLE_RATE: rate}
    for kind in (pmd.SettingType.RESOLUTION, pmd.SettingType.RANGE, pmd.SettingType.CHANNELS):
        if offered.get(kind):
            chosen[kind] = int(max(offered.get(kind)))
    return chosen


def _factor(parameters: bytes) -> float:
    """The factor a start answer may carry (compressed frames are scaled by it), else 1."""
    try:
        factors = pmd.Settings.from_bytes(parameters).get(pmd.SettingType.FACTOR)
    except MalformedPacket:
        return 1.0
    return float(factors[0]) if factors else 1.0
