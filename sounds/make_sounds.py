"""Write the click voices as WAV files beside this script, from our own synthesis code.

Run: python sounds/make_sounds.py  (the files are committed; tests check they match).
"""

from __future__ import annotations

from pathlib import Path

from cadence_coach.audio import VOICE_NAMES
from cadence_coach.audio.voices import SOURCE_RATE, synthesise, wav_path, write_wav_mono


def main() -> None:
    folder = Path(__file__).resolve().parent
    for name in VOICE_NAMES:
        for accent in (False, True):
            path = wav_path(name, accent, folder)
            write_wav_mono(path, synthesise(name, accent), SOURCE_RATE)
            print(f"wrote {path.name}")


if __name__ == "__main__":
    main()
