"""The analysis on synthetic signals whose beats are known exactly: beats placed to a few
milliseconds of the onsets, the tempo, the steady stretch, and what has no beat."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from cadence_coach.music.analysis import ANALYSIS_FS, MIN_STEADY_S, NoSteadyBeat, analyse

FS = ANALYSIS_FS


def clicks(bpm: float, seconds: float, start_s: float = 0.5, seed: int = 0) -> tuple[
    npt.NDArray[np.float32], npt.NDArray[np.float64]
]:  # fmt: skip
    """Noise bursts (a hi-hat's worth of decay) on a steady beat, and where they start."""
    rng = np.random.default_rng(seed)
    x = np.zeros(round(seconds * FS), dtype=np.float32)
    onsets = np.arange(start_s, seconds - 0.2, 60.0 / bpm)
    burst = (rng.standard_normal(900) * np.exp(-np.arange(900) / 150)).astype(np.float32)
    for t in onsets:
        i = round(t * FS)
        x[i : i + 900] += 0.5 * burst
    return x, onsets


@pytest.mark.parametrize("bpm", [150.0, 163.0, 176.0])
def test_beats_land_on_the_onsets(bpm: float) -> None:
    x, onsets = clicks(bpm, 45.0)
    found = analyse(x, FS)
    beats = np.asarray(found.beats_s)
    nearest = onsets[np.argmin(np.abs(onsets[None, :] - beats[:, None]), axis=1)]
    assert np.max(np.abs(beats - nearest)) < 0.005  # a few ms; the grid allows 15
    assert found.tempo_bpm == pytest.approx(bpm, rel=0.002)
    assert found.confidence > 0.95
    assert found.usable_s[1] - found.usable_s[0] > 40.0


def test_the_steady_stretch_is_where_the_beat_is() -> None:
    """Twenty seconds of noise, then a steady beat: the usable range starts with the beat."""
    x, _ = clicks(160.0, 60.0, start_s=20.0)
    noise = np.random.default_rng(1).standard_normal(20 * FS).astype(np.float32) * 0.05
    x[: 20 * FS] += noise
    found = analyse(x, FS)
    assert found.usable_s[0] == pytest.approx(20.0, abs=0.8)


def test_silence_has_no_beat() -> None:
    with pytest.raises(NoSteadyBeat, match="no beat found"):
        analyse(np.zeros(30 * FS, dtype=np.float32), FS)


def test_a_beat_too_short_to_run_with_is_refused() -> None:
    x, _ = clicks(160.0, MIN_STEADY_S * 0.6)
    tail = np.random.default_rng(2).standard_normal(30 * FS).astype(np.float32) * 0.2
    with pytest.raises(NoSteadyBeat, match="longest steady stretch"):
        analyse(np.concatenate([x, tail]), FS)


def test_loudness_is_measured() -> None:
    x, _ = clicks(160.0, 40.0)
    quiet = analyse(x * 0.1, FS)
    loud = analyse(x, FS)
    assert loud.loudness_lufs - quiet.loudness_lufs == pytest.approx(20.0, abs=0.1)


def test_the_fine_envelope_in_chunks_equals_the_whole() -> None:
    """Worked out a chunk at a time (to keep a long track's memory small), the envelope
    is the one a single pass over the whole track gives, to float precision."""
    import librosa

    from cadence_coach.music.analysis import CHUNK_S, FINE_FFT, FINE_HOP, onset_envelope

    x, _ = clicks(161.0, 2.6 * CHUNK_S)
    x += np.random.default_rng(4).standard_normal(len(x)).astype(np.float32) * 0.01
    chunked = onset_envelope(x, FINE_HOP, FINE_FFT)
    whole = librosa.onset.onset_strength(y=x, sr=FS, hop_length=FINE_HOP, n_fft=FINE_FFT)
    assert len(chunked) == len(whole)
    assert np.max(np.abs(chunked - whole)) < 1e-4 * np.max(whole)
