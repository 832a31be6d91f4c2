"""A track analysed once: its tempo, its beats, where the beat is steady, its loudness.

The beats come from librosa's dynamic-programming beat tracker on a coarse onset envelope,
each then moved to the peak of a fine one (2.9 ms frames), so a beat is placed to a few
milliseconds; over the steady stretch each beat is then set on a line fitted through its
neighbours, which takes out the tracker's jitter and keeps a live drummer's drift.
Loudness is the EBU R128 integrated loudness (pyloudnorm) of the mono mix that is played,
measured at the analysis rate (22.05 kHz: what lies above 11 kHz moves it by tenths of a
LU, and it halves the memory).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cadence_coach.audio.pcm import FloatArray

ANALYSIS_FS = 22_050
"""The rate the beat tracker works at."""
COARSE_HOP = 512
COARSE_FFT = 2048
PRIOR_S = 120.0
"""The tempo prior is taken from this much of the middle of the track."""
FINE_HOP = 64
FINE_FFT = 1024
CHUNK_S = 20.0
"""The fine envelope is worked out this much of the track at a time."""
ONSET_LAG_S = 0.0062
"""How far the fine onset envelope's peak lies after the sound's onset (measured on clicks,
tests/unit/music/test_analysis.py); taken off every beat."""
PHASE_RANGE_S = (-0.045, 0.025)
"""How far the fine envelope may move the tracker's beats (it places them late)."""
REFINE_S = 0.03
"""How far from a beat its nearest onset is looked for."""
STEADY_S = 0.035
"""A beat is steady within this of the line through its neighbours."""
MIN_STEADY_S = 30.0
"""A track needs this long a steady stretch to be played on the beat."""
FIT_HALF_WIDTH = 8
"""Beats either side in each beat's local line."""
ON_LINE_S = 0.015


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the library keeps of a track."""

    tempo_bpm: float
    beats_s: tuple[float, ...]
    """The steady stretch's beats, in seconds from the track's start."""
    confidence: float
    """Share of the steady stretch's tracked beats within 15 ms of their fitted line."""
    loudness_lufs: float
    duration_s: float

    @property
    def usable_s(self) -> tuple[float, float]:
        """Where the beat is steady: from its first to its last beat."""
        return self.beats_s[0], self.beats_s[-1]


class NoSteadyBeat(ValueError):
    """The track has no stretch long enough with a beat to follow; says how long it found."""


def analyse(mono: FloatArray, fs: int) -> Analysis:
    """Analyse a whole track, mono at ``fs``. Raises :class:`NoSteadyBeat`."""
    import librosa

    duration = len(mono) / fs
    if duration < MIN_STEADY_S:
        raise NoSteadyBeat(f"{duration:.0f} s long: too short to run to")
    y = mono if fs == ANALYSIS_FS else librosa.resample(mono, orig_sr=fs, target_sr=ANALYSIS_FS)
    del mono  # the caller's; a long track at 44.1 kHz is 100 MB
    loudness = loudness_lufs(y, ANALYSIS_FS)
    coarse, fine = track_beats(np.asarray(y, dtype=np.float32))
    if len(coarse) < 2 * FIT_HALF_WIDTH + 2:
        raise NoSteadyBeat("no beat found")
    lo, hi = steady_run(coarse)
    found = coarse[hi] - coarse[lo]
    if found < MIN_STEADY_S:
        raise NoSteadyBeat(f"no steady beat (the longest steady stretch is {found:.0f} s; "
                           f"{MIN_STEADY_S:.0f} s are needed)")  # fmt: skip
    fitted = fit_locally(coarse[lo : hi + 1])
    frame_rate = ANALYSIS_FS / FINE_HOP
    beats = place(fitted, fine, frame_rate)
    peaks = refine(beats, fine, frame_rate)
    on_line = float(np.mean(np.abs(peaks - beats) <= ON_LINE_S))
    tempo = 60.0 * (len(beats) - 1) / (beats[-1] - beats[0])
    return Analysis(
        float(tempo),
        tuple(float(t) for t in beats),
        round(on_line, 3),
        loudness,
        duration,
    )


def track_beats(y: FloatArray) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Coarse beat times (s) of ``y`` at :data:`ANALYSIS_FS`, and the fine onset envelope."""
    import librosa

    coarse = onset_envelope(y, COARSE_HOP, COARSE_FFT)
    # The tempo prior from two minutes in the middle: the whole track's tempogram would
    # take half a gigabyte for ten minutes of music, and says no more.
    frame_rate = ANALYSIS_FS / COARSE_HOP
    half = round(PRIOR_S / 2 * frame_rate)
    middle = coarse[max(0, len(coarse) // 2 - half) : len(coarse) // 2 + half]
    prior = librosa.feature.tempo(onset_envelope=middle, sr=ANALYSIS_FS, hop_length=COARSE_HOP)
    _, frames = librosa.beat.beat_track(
        onset_envelope=coarse, sr=ANALYSIS_FS, hop_length=COARSE_HOP, bpm=float(prior[0])
    )
    coarse_s = np.asarray(frames, dtype=np.float64) * COARSE_HOP / ANALYSIS_FS
    return coarse_s, onset_envelope(y, FINE_HOP, FINE_FFT)


def onset_envelope(y: FloatArray, hop: int, n_fft: int) -> npt.NDArray[np.float64]:
    """librosa's onset strength, as one call on the whole track gives it, but with the
    spectrum worked out :data:`CHUNK_S` at a time (each with a margin that is then
    dropped) into one array of mel bands, turned into decibels in place (librosa's
    defaults: 10 log10 of the power, floored 80 dB under the loudest): a long track needs
    a few hundred megabytes, not the gigabyte its short-time spectrum would take."""
    import librosa

    chunk = round(CHUNK_S * ANALYSIS_FS / hop) * hop
    margin = 4 * n_fft
    total = 1 + len(y) // hop  # as many frames as one call on the whole track gives
    log: npt.NDArray[np.float32] | None = None
    for start in range(0, len(y), chunk):
        lo = max(0, start - margin)
        hi = min(len(y), start + chunk + margin)
        mel = librosa.feature.melspectrogram(
            y=y[lo:hi], sr=ANALYSIS_FS, n_fft=n_fft, hop_length=hop
        )
        if log is None:
            log = np.empty((mel.shape[0], total), dtype=np.float32)
        first = start // hop
        part = mel[:, (start - lo) // hop :][:, : min(chunk // hop, total - first)]
        log[:, first : first + part.shape[1]] = part
    if log is None:
        return np.zeros(0)
    np.maximum(log, 1e-10, out=log)
    np.log10(log, out=log)
    log *= 10.0
    np.maximum(log, log.max() - 80.0, out=log)
    env = librosa.onset.onset_strength(S=log, sr=ANALYSIS_FS, hop_length=hop, n_fft=n_fft)
    return np.asarray(env, dtype=np.float64)


def place(
    fitted: npt.NDArray[np.float64], fine: npt.NDArray[np.float64], frame_rate: float
) -> npt.NDArray[np.float64]:
    """Shift each fitted beat by the offset (within :data:`PHASE_RANGE_S`) at which the fine
    envelope, summed over it and its neighbours, is highest: the beats' phase, set by many
    onsets together, so an off-beat hi-hat cannot pull one beat away."""
    steps = np.arange(
        round(PHASE_RANGE_S[0] * frame_rate), round(PHASE_RANGE_S[1] * frame_rate) + 1
    )
    frames = np.rint(fitted * frame_rate).astype(np.int64)
    at = np.clip(frames[None, :] + steps[:, None], 0, len(fine) - 1)
    window = np.ones(2 * FIT_HALF_WIDTH + 1)
    score = np.array([np.convolve(row, window, mode="same") for row in fine[at]])
    shift = steps[np.argmax(score, axis=0)] / frame_rate
    placed = fitted + shift - ONSET_LAG_S
    return fit_locally(placed)


def refine(
    beats_s: npt.NDArray[np.float64], fine: npt.NDArray[np.float64], frame_rate: float
) -> npt.NDArray[np.float64]:
    """The onset nearest each beat: the fine envelope's highest point within
    :data:`REFINE_S` (used to say how well the beats sit on the music)."""
    reach = max(1, round(REFINE_S * frame_rate))
    out = np.empty_like(beats_s)
    for i, t in enumerate(beats_s + ONSET_LAG_S):
        c = round(t * frame_rate)
        lo, hi = max(0, c - reach), min(len(fine), c + reach + 1)
        peak = lo + int(np.argmax(fine[lo:hi])) if hi > lo else c
        out[i] = peak / frame_rate - ONSET_LAG_S
    return out


def steady_run(beats: npt.NDArray[np.float64]) -> tuple[int, int]:
    """The first and last beat of the longest stretch in which every beat lies within
    :data:`STEADY_S` of the line through its neighbours (the coarse tracker's frames are
    23 ms apart, so that much is quantisation, not the music)."""
    steady = np.abs(beats - fit_locally(beats, monotonic=False)) <= STEADY_S
    best, best_lo, best_hi, run_lo = 0.0, 0, 0, None
    for i, ok in enumerate([*steady, False]):
        if ok and run_lo is None:
            run_lo = i
        elif not ok and run_lo is not None:
            length = beats[i - 1] - beats[run_lo]
            if length > best:
                best, best_lo, best_hi = length, run_lo, i - 1
            run_lo = None
    return best_lo, best_hi


def fit_locally(
    beats: npt.NDArray[np.float64], *, monotonic: bool = True
) -> npt.NDArray[np.float64]:
    """Each beat set on the line fitted through it and :data:`FIT_HALF_WIDTH` neighbours
    either side (fewer at the ends)."""
    n = len(beats)
    index = np.arange(n, dtype=np.float64)
    out = np.empty(n)
    for i in range(n):
        lo, hi = max(0, i - FIT_HALF_WIDTH), min(n, i + FIT_HALF_WIDTH + 1)
        slope, intercept = np.polyfit(index[lo:hi], beats[lo:hi], 1)
        out[i] = slope * i + intercept
    return np.maximum.accumulate(out) if monotonic else out


def loudness_lufs(mono: FloatArray, fs: int) -> float:
    """EBU R128 integrated loudness of ``mono`` (LUFS); a silent track reads -70."""
    import pyloudnorm

    if len(mono) < fs:  # the gated measure needs at least one 400 ms block, and more
        return -70.0
    value = float(pyloudnorm.Meter(fs).integrated_loudness(np.asarray(mono, dtype=np.float64)))
    return value if np.isfinite(value) else -70.0
