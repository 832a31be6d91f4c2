"""Time-stretching with the pitch kept, through Rubber Band's command-line program and its
time map (``rubberband --timemap``): every beat of the map lands on its output frame.

Rubber Band is GPL; cadence-coach is MIT. The project runs it as a separate program (the
Debian package ``rubberband-cli``) on temporary files and links none of its code.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from cadence_coach.audio.pcm import FloatArray
from cadence_coach.music import MusicError
from cadence_coach.music.beatmap import TimeMap

PROGRAM = "rubberband"
ENGINE = ("--crisp", "5")
"""Rubber Band's R2 engine with its default crispness: about 40 times real time here, so a
Raspberry Pi keeps ahead of the music (docs/benchmarks.md)."""
TIMEOUT_S = 120.0


def program() -> str:
    """The path of ``rubberband``; raises :class:`MusicError` when it is not installed."""
    found = shutil.which(PROGRAM)
    if found is None:
        raise MusicError(
            "music needs Rubber Band's program to stretch tracks: "
            "apt-get install rubberband-cli (or see rubberband's site)"
        )
    return found


def stretch(excerpt: FloatArray, fs: int, tmap: TimeMap) -> FloatArray:
    """``excerpt`` (mono at ``fs``, from ``tmap.src_start``) stretched so that each beat of
    ``tmap`` lands on its frame; ``tmap.out_frames`` long. Raises :class:`MusicError`
    when Rubber Band fails (the track is then skipped)."""
    import soundfile as sf

    exe = program()
    ratio = tmap.out_frames / max(1, len(excerpt))
    with tempfile.TemporaryDirectory(prefix="cadence-coach-stretch-") as tmp:
        src, dst, mapping = Path(tmp, "in.wav"), Path(tmp, "out.wav"), Path(tmp, "map.txt")
        sf.write(str(src), excerpt, fs, subtype="FLOAT")
        mapping.write_text("".join(f"{s} {o}\n" for s, o in tmap.points))
        cmd = [exe, "--quiet", *ENGINE, "--time", f"{ratio:.9f}", "--timemap", str(mapping)]
        try:
            done = subprocess.run(
                [*cmd, str(src), str(dst)], capture_output=True, timeout=TIMEOUT_S, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as err:
            raise MusicError(f"Rubber Band could not run: {err}") from None
        if done.returncode != 0 or not dst.exists():
            said = done.stderr.decode(errors="replace").strip().splitlines()
            raise MusicError(f"Rubber Band failed: {said[-1] if said else done.returncode}")
        out, _ = sf.read(str(dst), dtype="float32", always_2d=True)
    return exactly(np.ascontiguousarray(out[:, 0]), tmap.out_frames)


def exactly(pcm: FloatArray, frames: int) -> FloatArray:
    """``pcm`` cut or padded with silence to ``frames``."""
    if len(pcm) >= frames:
        return pcm[:frames]
    return np.concatenate([pcm, np.zeros(frames - len(pcm), dtype=np.float32)])
