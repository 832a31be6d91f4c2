"""Music benchmarks: analysis and stretching per minute of music, memory, the time a live
session with music takes to its first sound, and its CPU share while it plays.

Run: make bench  (or .venv/bin/python bench/music.py [--quick]). Prints figures; asserts
nothing. Uses the free tracks of the Debian packages asc-music and planetblupi-music-ogg;
the live figures start a private PulseAudio server with a null sink.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from procstat import peak_rss_mb

from cadence_coach.emulation.pulse import (
    PulseUnavailable,
    private_pulse,
    read_recording,
    record_monitor,
)

TRACKS = [
    Path("/usr/share/games/asc/music/frontiers.mp3"),
    Path("/usr/share/games/asc/music/machine_wars.mp3"),
    Path("/usr/share/planetblupi/music/music007.ogg"),
]
FS = 48_000

ANALYSE = """
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from cadence_coach.music.analysis import analyse
from cadence_coach.music.decode import read_mono
out = []
for name in sys.argv[1:]:
    t = time.perf_counter()
    decoded = read_mono(Path(name))
    took = time.perf_counter() - t
    minutes = len(decoded[0]) / decoded[1] / 60
    t = time.perf_counter()
    try:
        tempo = analyse(*decoded).tempo_bpm  # as `music add` calls it
    except ValueError:
        tempo = None
    del decoded
    out.append({"track": name, "minutes": minutes, "decode_s": took,
                "analyse_s": time.perf_counter() - t, "tempo": tempo})
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"tracks": out, "peak_mb": peak}))
"""


def analysis_figures(tracks: list[Path]) -> None:
    """In a fresh process: the first track pays numba's compilation; so it is run twice."""
    done = subprocess.run(
        [sys.executable, "-c", ANALYSE, str(tracks[0]), *map(str, tracks)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    report = json.loads(done.stdout.splitlines()[-1])
    first, *rest = report["tracks"]
    print(f"analysis, first track in a fresh process (numba compiles): {first['analyse_s']:.1f} s")
    minutes = sum(t["minutes"] for t in rest)
    decode = sum(t["decode_s"] for t in rest)
    analyse = sum(t["analyse_s"] for t in rest)
    for t in rest:
        print(f"  {Path(t['track']).name}: {t['minutes']:.1f} min, decode {t['decode_s']:.2f} s, "
              f"analyse {t['analyse_s']:.2f} s, tempo {t['tempo']}")  # fmt: skip
    print(f"decode per minute of music: {decode / minutes:.3f} s")
    print(f"analysis per minute of music: {analyse / minutes:.3f} s")
    print(f"analysis process peak memory: {report['peak_mb']:.0f} MB")


def stretch_figures(track: Path, quick: bool) -> None:
    from cadence_coach.music.analysis import analyse
    from cadence_coach.music.beatmap import fit
    from cadence_coach.music.decode import read_mono
    from cadence_coach.music.library import Track
    from cadence_coach.music.playlist import Choice
    from cadence_coach.music.worker import Preparer, Request

    mono, fs = read_mono(track)
    analysis = analyse(mono, fs)
    found = fit(analysis.tempo_bpm, 172)
    assert found is not None
    choice = Choice(Track(1, track, track.stem, "", analysis, None), analysis, found)
    preparer = Preparer(FS, None)
    for count, label in ((16, "a song's first piece (16 beats)"), (64, "a later piece (64 beats)")):
        runs = 2 if quick else 5
        took, seconds = [], 0.0
        for k in range(runs):
            t = time.perf_counter()
            piece = preparer.prepare(Request(choice, Fraction(172), 1 + 70 * k, count, True))
            took.append(time.perf_counter() - t)
            seconds = len(piece.pcm) / FS
        median = float(np.median(took))
        print(f"prepare {label}: {seconds:.1f} s of music in {median:.2f} s (median of {runs}); "
              f"{median / seconds * 60:.2f} s per minute")  # fmt: skip
    preparer.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"bench process peak memory: {peak:.0f} MB")


def cpu_with_children(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def live_figures(env: dict[str, str], music: str, seconds: int, label: str) -> None:
    """A live ``run --music`` on the null sink: from launch to the first sound, and the CPU
    share (the process and the Rubber Band programs it ran) over the session."""
    data = Path(env["XDG_DATA_HOME"])
    run = [sys.executable, "-m", "cadence_coach", "run", "--target", "165", "--duration",
           f"{seconds}s", "--metronome", "faded", "--no-journal", "--music", music,
           "--device", "pulse"]  # fmt: skip
    recording = data / "monitor.raw"
    with record_monitor(env, recording):
        time.sleep(0.5)
        launched = time.monotonic()
        proc = subprocess.Popen(run, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        samples_before = os.path.getsize(recording) // 4 if recording.exists() else 0
        cpu, peak = 0.0, 0.0
        while proc.poll() is None:
            try:
                cpu = cpu_with_children(proc.pid)
                peak = max(peak, peak_rss_mb(proc.pid))
            except (FileNotFoundError, ProcessLookupError):
                break
            time.sleep(0.2)
        took = time.monotonic() - launched
        out, err = proc.communicate()
    heard = read_recording(recording)[samples_before:]
    loud = np.flatnonzero(np.abs(heard) > 0.01)
    first = loud[0] / 48_000 if len(loud) else float("nan")
    underflows = "ran short" in err.decode()
    print(f"live {seconds} s session, {label}: first sound {first:.1f} s after "
          f"launch; CPU {cpu / took * 100:.1f} % of one core (with Rubber Band); peak memory "
          f"{peak:.0f} MB; "
          f"underflows: {'yes' if underflows else 'none'}")  # fmt: skip
    print("  " + " | ".join(line for line in out.decode().splitlines() if line.startswith("music")))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    missing = [t for t in TRACKS if not t.exists()]
    if missing:
        sys.exit(f"missing {missing}: `make setup` installs asc-music, planetblupi-music-ogg")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    analysis_figures(TRACKS[:2] if args.quick else TRACKS)
    stretch_figures(TRACKS[0], args.quick)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "music")
        folder.mkdir()
        (folder / TRACKS[0].name).symlink_to(TRACKS[0])
        try:
            with private_pulse(Path(tmp, "pulse")) as pulse:
                env = {**pulse, "XDG_DATA_HOME": str(Path(tmp, "data")),
                       "XDG_CACHE_HOME": str(Path(tmp, "cache"))}  # fmt: skip
                subprocess.run([sys.executable, "-m", "cadence_coach", "music", "add", str(folder)],
                               env=env, capture_output=True, check=True)  # fmt: skip
                seconds = 30 if args.quick else 120
                # The speech cache is warmed first: a first session renders its phrases
                # (about 3 s before its first beat), music or none.
                live_figures(env, "off", 10, "no music, speech not yet cached")
                live_figures(env, "off", seconds, "no music")
                live_figures(env, str(folder), seconds, "music, no piece cached yet")
                live_figures(env, str(folder), seconds, "music, its pieces cached")
        except PulseUnavailable as err:
            print(f"live figures skipped: {err}")


if __name__ == "__main__":
    main()
