"""Speech rendering through real pyttsx3 + espeak-ng, with the disk and memory caches."""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from cadence_coach.audio.pcm import to_float, write_wav_mono
from cadence_coach.errors import BadValue
from cadence_coach.speech import MAX_CHARS
from cadence_coach.speech.tts import SpeechRenderer, clean_text
from cadence_coach.speech.words import say_number
from tests.support.signals import envelope


@pytest.mark.parametrize("fs", [48_000, 44_100])
def test_a_phrase_becomes_audible_pcm_at_the_stream_rate(tmp_path: Path, fs: int) -> None:
    with SpeechRenderer(fs, cache_dir=tmp_path) as renderer:
        stored = renderer.render("Quicker, lighter steps")
    assert stored.dtype == np.int16  # half the memory of float32
    pcm = to_float(stored)
    assert 0.6 * fs < len(pcm) < 3.0 * fs  # three words at 180 words per minute
    assert 0.5 < np.max(np.abs(pcm)) <= 1.0
    loud = envelope(pcm, fs) > 0.02
    assert loud.mean() > 0.5  # speech most of the way: silence was trimmed
    assert loud[:3].any()  # it starts at once
    # Nothing left above the original 11 kHz band: resampled without images.
    spectrum = np.abs(np.fft.rfft(pcm)) ** 2
    freqs = np.fft.rfftfreq(len(pcm), 1 / fs)
    assert spectrum[freqs > 11_500].sum() < 1e-4 * spectrum.sum()


def test_the_cache_returns_the_same_samples_without_rendering(tmp_path: Path) -> None:
    with SpeechRenderer(48_000, cache_dir=tmp_path) as first:
        a = first.render("Walk now")
        assert first.renders == 1
        assert first.render("Walk now") is a  # from memory
        assert first.renders == 1
        assert first.pcm("Walk now") is a
        assert first.pcm("Run now") is None  # pcm() never renders
    with SpeechRenderer(48_000, cache_dir=tmp_path) as second:
        b = second.render("Walk now")  # from disk
        assert second.renders == 0
    np.testing.assert_array_equal(a, b)
    with SpeechRenderer(48_000, cache_dir=tmp_path, rate_wpm=150) as slower:
        c = slower.render("Walk now")  # the rate is part of the key
        assert slower.renders == 1
    assert len(c) > len(a)


def test_concurrent_requests_are_safe_and_share_renders(tmp_path: Path) -> None:
    texts = [f"Cadence one {w}" for w in ("sixty", "seventy", "eighty")] * 6
    with SpeechRenderer(48_000, cache_dir=tmp_path) as renderer:
        start = threading.Event()

        def ask(text: str) -> int:
            start.wait()  # all six threads ask at once
            return len(renderer.render(text))

        with ThreadPoolExecutor(6) as pool:
            futures = [pool.submit(ask, t) for t in texts]
            start.set()
            lengths = [f.result() for f in futures]
        assert renderer.renders == 3
        for text, n in zip(texts, lengths, strict=True):
            assert n == len(renderer.render(text))


def test_prints_stay_off_the_terminal(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    with SpeechRenderer(48_000, cache_dir=tmp_path) as renderer:
        renderer.render("Halfway there")
    out, err = capfd.readouterr()
    assert "Audio saved" not in out + err
    assert out == ""


def test_a_damaged_cache_entry_is_rendered_again(tmp_path: Path) -> None:
    with SpeechRenderer(48_000, cache_dir=tmp_path) as renderer:
        good = renderer.render("Sensor back")
        path = tmp_path / f"{renderer.key('Sensor back')}.wav"
    for damage in (b"RIFF garbage", b""):
        path.write_bytes(damage)
        with SpeechRenderer(48_000, cache_dir=tmp_path) as again:
            np.testing.assert_array_equal(again.render("Sensor back"), good)
            assert again.renders == 1
    write_wav_mono(path, np.zeros(0), 48_000)  # a valid file with no samples
    with SpeechRenderer(48_000, cache_dir=tmp_path) as again:
        np.testing.assert_array_equal(again.render("Sensor back"), good)
        assert again.renders == 1


def test_a_dead_worker_is_restarted(tmp_path: Path) -> None:
    with SpeechRenderer(48_000, cache_dir=tmp_path) as renderer:
        renderer.render("One")
        assert renderer.worker.proc is not None
        renderer.worker.proc.kill()
        renderer.worker.proc.wait()
        assert len(renderer.render("Two")) > 0


def test_unknown_voice_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BadValue, match=r"unknown voice 'englsh'; did you mean .*English") as info:
        SpeechRenderer(48_000, cache_dir=tmp_path, voice="englsh").start()
    assert "cadence-coach voices" in str(info.value)


@pytest.mark.parametrize("voice", ["gmw/en-us", "English (America)", "en-us"])
def test_voices_by_id_name_or_language(tmp_path: Path, voice: str) -> None:
    with SpeechRenderer(48_000, cache_dir=tmp_path, voice=voice) as renderer:
        assert renderer.voice == "gmw/en-us"
        assert any(v.id == "gmw/en-us" for v in renderer.voices)


@pytest.mark.parametrize("rate", [10, 1000])
def test_rate_out_of_range(rate: int) -> None:
    with pytest.raises(BadValue, match="words per minute"):
        SpeechRenderer(48_000, rate_wpm=rate)


def test_clean_text() -> None:
    assert clean_text("  quick\n feet  ") == ("quick feet", False)
    for empty in ("", "   ", "\n\t"):
        with pytest.raises(BadValue, match="empty"):
            clean_text(empty)
    long = "run " * 100
    cut, was_cut = clean_text(long)
    assert was_cut
    assert len(cut) <= MAX_CHARS
    assert cut.endswith("run")
    solid, _ = clean_text("x" * 500)
    assert len(solid) == MAX_CHARS


def test_back_to_back_renders_are_never_empty(tmp_path: Path) -> None:
    """Queued phrases render one right after another; pyttsx3's espeak driver used to end
    about one in 25 of them at once, empty, taking the last one's end for its own."""
    texts = [f"{say_number(n)} seconds left" for n in range(60)]
    with SpeechRenderer(48_000, cache_dir=tmp_path) as renderer:
        renderer.prepare(texts)
        short = [t for t in texts if len(renderer.render(t)) < 0.3 * 48_000]
    assert short == []


def test_a_render_depends_on_its_inputs_alone_even_under_load(tmp_path: Path) -> None:
    import subprocess

    busy = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])
        for _ in range(max(2, os.cpu_count() or 2))
    ]
    try:
        renders = []
        for n in range(3):  # fresh workers, fresh caches: nothing shared but the inputs
            with SpeechRenderer(48_000, cache_dir=tmp_path / str(n)) as renderer:
                renders.append([renderer.render(t) for t in ("Walk now", "Sensor back")])
        with SpeechRenderer(48_000, cache_dir=tmp_path / "slow", rate_wpm=140) as slower:
            slow = slower.render("Walk now")
    finally:
        for p in busy:
            p.kill()
            p.wait()
    for other in renders[1:]:
        for a, b in zip(renders[0], other, strict=True):
            np.testing.assert_array_equal(a, b)
    assert len(slow) > 1.15 * len(renders[0][0])  # the rate is applied to every phrase
