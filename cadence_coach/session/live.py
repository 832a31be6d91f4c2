"""A live session's output kept going: the mixer played on the device, and when the device
goes away (headphones switched off, the sound server's sink gone), the session held, with
nothing recorded meanwhile, until it returns; then a new stream plays on from the same
mixer, and the session goes on from where it stood."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from cadence_coach.audio.devices import OutputDevice, refresh_devices
from cadence_coach.audio.mixer import Mixer
from cadence_coach.audio.server import sound_server
from cadence_coach.audio.stream import play
from cadence_coach.errors import AudioDeviceError, AudioUnavailable
from cadence_coach.session.ducking import Ducker
from cadence_coach.session.outputs import Stream
from cadence_coach.session.playing import lock_path
from cadence_coach.session.steering import Hold, Steering

log = logging.getLogger(__name__)

RETRY_S = 1.0
"""How often a lost output is looked for again."""
STEADY_S = 0.5
"""A new stream that has played this long is the output back."""
DUCKED_FILE = "ducked.json"
"""Beside the playing lock: the other apps' streams lowered and not yet put back."""


@dataclass(frozen=True, slots=True)
class LiveResult:
    underflows: int
    interrupted: bool
    losses: int
    """Times the output went away."""


def play_live(
    mixer: Mixer,
    output: Stream,
    steering: Steering,
    on_tick: Callable[[Mixer], None],
    stop: threading.Event,
    ending_s: float,
) -> LiveResult:
    """Play until ``stop`` (or the session clock reaches ``ending_s``) or Ctrl-C, through
    any number of losses of the output, other apps lowered while the coach speaks. A device
    that cannot be opened at the start is the runner's error (:class:`AudioDeviceError`),
    not a loss."""
    with sound_server(lock_path().parent / DUCKED_FILE) as server:
        ducker = None if server is None else Ducker(server, output.latency_s)

        def tick(m: Mixer) -> None:
            on_tick(m)
            if ducker is not None:
                ducker.update(m.frames / m.fs, steering.speaking)
            if steering.clock.now(m.frames) >= ending_s:
                stop.set()

        return _play(mixer, output, steering, tick, stop)


def _play(
    mixer: Mixer,
    output: Stream,
    steering: Steering,
    on_tick: Callable[[Mixer], None],
    stop: threading.Event,
) -> LiveResult:
    device, underflows, losses = output.device, 0, 0
    while True:
        begun = mixer.frames

        def tick(m: Mixer, begun: int = begun) -> None:
            if Hold.OUTPUT in steering.holds and m.frames - begun >= STEADY_S * m.fs:
                steering.release(Hold.OUTPUT, m.frames)
            on_tick(m)

        try:
            result = play(
                mixer,
                device,
                blocksize=output.blocksize,
                latency_s=output.latency_s,
                stop=stop,
                on_tick=tick,
                tick_s=output.tick_s,
                quiet_open=losses > 0,
            )
        except AudioDeviceError as err:
            if mixer.frames == 0:
                raise  # never played: the device named cannot be used
            log.info("output %s: %s", device.name, err)
        else:
            underflows += result.underflows
            if result.interrupted:
                return LiveResult(underflows, True, losses)
        if stop.is_set():
            return LiveResult(underflows, False, losses)
        if Hold.OUTPUT not in steering.holds:
            losses += 1
        steering.hold(Hold.OUTPUT, mixer.frames)
        found = _wait_for(device, mixer, steering, on_tick)
        if found is None:
            return LiveResult(underflows, not steering.stopped, losses)
        device = found


def _wait_for(
    device: OutputDevice, mixer: Mixer, steering: Steering, on_tick: Callable[[Mixer], None]
) -> OutputDevice | None:
    """Wait (ticking the session, so a stop is heard) until PortAudio lists the device
    again; ``None`` when the runner stopped the session or pressed Ctrl-C meanwhile."""
    try:
        while not steering.stopped:
            time.sleep(RETRY_S)
            on_tick(mixer)
            try:
                return refresh_devices(device.name)
            except (AudioDeviceError, AudioUnavailable) as err:
                log.debug("output %s not back: %s", device.name, err)
    except KeyboardInterrupt:
        pass
    return None
