"""Speech benchmarks: render time (cold and cached), cue latency, memory of a session's phrases.

Run: make bench  (or .venv/bin/python bench/speech.py). Prints figures; asserts nothing.
Uses a fresh cache directory, so "cold" really renders.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np

from cadence_coach.audio.mixer import ClickParams, Mixer
from cadence_coach.audio.voices import load_voice
from cadence_coach.speech.phrases import PhraseBook
from cadence_coach.speech.speaker import Speaker
from cadence_coach.speech.tts import SpeechRenderer

FS = 48_000
BLOCK = 480
PHRASES = ["Quicker, lighter steps", "Walk now", "Thirty seconds left", "Cadence one seventy two"]


def timed(call: Callable[[str], object], texts: list[str]) -> list[float]:
    """Seconds each call took."""
    times = []
    for text in texts:
        t0 = time.perf_counter()
        call(text)
        times.append(time.perf_counter() - t0)
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


def main() -> None:
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        t0 = time.perf_counter()
        renderer = SpeechRenderer(FS, cache_dir=cache).start()
        print(f"speech engine start ({renderer.engine}): {ms(time.perf_counter() - t0)}")
        try:
            t0 = time.perf_counter()
            renderer.render("Warm up")
            print(f"first phrase (worker still importing scipy): {ms(time.perf_counter() - t0)}")
            cold = timed(renderer.render, PHRASES)
            print(
                f"render per phrase, cold: median {ms(statistics.median(cold))}, "
                f"max {ms(max(cold))} (short phrases, 48 kHz)"
            )
        finally:
            renderer.close()

        with SpeechRenderer(FS, cache_dir=cache) as again:
            disk = timed(again.render, PHRASES)
            memory = timed(again.pcm, PHRASES * 25)
            print(
                f"render per phrase, cached: from disk median {ms(statistics.median(disk))}, "
                f"from memory median {statistics.median(memory) * 1e6:.1f} us"
            )

            # Cue latency: request at a random sample, measure where the phrase starts.
            mixer = Mixer(FS, ClickParams(load_voice("click", FS)), Fraction(172))
            speaker = Speaker(mixer, again)
            cue = PhraseBook().cue("cadence_up")
            speaker.prepare([cue.text])
            out = np.zeros((BLOCK, 2), dtype=np.float32)
            rng = random.Random(1)
            delays = []
            for _ in range(200):
                for _ in range(rng.randrange(1, 300)):
                    mixer.render(out)
                    speaker.tick()
                # Live, the coach asks while the callback plays a block: at a random sample
                # of the block just rendered. The phrase starts with the next block.
                asked = mixer.frames - rng.randrange(1, BLOCK + 1)
                speaker.say(cue)
                mixer.render(out)
                handle = speaker.history[-1][2]
                assert handle.started_at is not None
                delays.append(handle.started_at - asked)
                while speaker.busy:
                    mixer.render(out)
                    speaker.tick()
            print(
                f"cue latency for a cached phrase, request to first sample in the mix "
                f"({BLOCK}-frame blocks): max {max(delays)} samples = {ms(max(delays) / FS)} "
                "(target: one block, 10 ms); live output adds the stream's buffer latency"
            )

        with SpeechRenderer(FS, cache_dir=cache) as session:
            numbers = [PhraseBook().cue("heart_rate_is", n).text for n in range(100, 190)]
            texts = list(dict.fromkeys(PhraseBook.all_texts(range(150, 200)) + numbers))
            t0 = time.perf_counter()
            session.prepare(texts)
            took = time.perf_counter() - t0
            seconds = sum(len(session.render(t)) for t in texts) / FS
            print(
                f"a full session's phrases (every fixed cue, cadence 150-199, heart rate "
                f"100-189): {len(texts)} phrases, {seconds:.0f} s of speech, prepared in "
                f"{took:.1f} s cold; cache holds {session.memory_bytes / 1e6:.1f} MB in memory"
            )


if __name__ == "__main__":
    main()
