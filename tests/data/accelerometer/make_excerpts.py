"""Cut the excerpts the tests use from the recordings in ../shared/data/accelerometer/ (see
README.md here for their sources and licences). Run from the repository:
``python tests/data/accelerometer/make_excerpts.py ../shared/data/accelerometer``."""

from __future__ import annotations

import gzip
import io
import shutil
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.signal import resample_poly

HERE = Path(__file__).parent
WALKS = [
    "Samsung_Carmelo_Hard_Armband_1",
    "Samsung_Dario_Hard_ArmBand_1",
    "Samsung_Dario_Hard_NeckPouch_1",
    "Pixel_Jamie_Hard_Armband_1",
    "Pixel_Jamie_Hard_NeckPouch_1",
]
WALK_S = 60.0
TRIALS = 31


def write_gz(path: Path, header: str, rows: npt.NDArray[np.float64], fmt: list[str]) -> None:
    text = io.StringIO()
    np.savetxt(text, rows, fmt=fmt, delimiter=",", header=header, comments="")
    path.write_bytes(gzip.compress(text.getvalue().encode(), mtime=0))


def walks(source: Path) -> None:
    for name in WALKS:
        acc = np.loadtxt(source / "oxford_walk" / f"{name}_acc.csv", delimiter=",", skiprows=1)
        acc = acc[acc[:, 0] < WALK_S]
        if name.startswith("Pixel"):  # about 405 Hz: every other sample keeps about 200 Hz
            acc = acc[::2]
        write_gz(HERE / f"{name}_acc.csv.gz", "t_s,ax,ay,az", acc, ["%.6f", "%.3f", "%.3f", "%.3f"])
        lines = (source / "oxford_walk" / f"{name}_steps_gt.csv").read_text().splitlines()
        kept = [lines[0]] + [line for line in lines[1:] if float(line.split(",")[0]) < WALK_S]
        (HERE / f"{name}_steps_gt.csv").write_text("\n".join(kept) + "\n")


def runs(source: Path) -> None:
    folder = source / "alcantara_sacrum_run"
    rows = []
    for k in range(1, TRIALS + 1):
        acc = np.loadtxt(folder / f"trial{k:02d}_acc.csv", delimiter=",", skiprows=1)
        down = resample_poly(acc[:, 1:], 1, 5, axis=0)  # 500 Hz to 100 Hz, anti-aliased
        t = np.arange(len(down)) / 100.0
        rows.append(np.column_stack([np.full(len(down), k), t, down]))
    header = "trial,t_s,a_vertical_g,a_anteroposterior_g"
    formats = ["%d", "%.2f", "%.4f", "%.4f"]
    write_gz(HERE / "alcantara_sacrum_run_100hz.csv.gz", header, np.vstack(rows), formats)
    for name in ("contacts_gt.csv", "trials.csv"):
        shutil.copy(folder / name, HERE / f"alcantara_{name}")


if __name__ == "__main__":
    walks(Path(sys.argv[1]))
    runs(Path(sys.argv[1]))
