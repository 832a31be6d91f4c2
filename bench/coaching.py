"""How the coach coaches: every real recording (at the runner's own median, +5% and +10%)
and every simulated runner profile (a 45-minute free run at +5%, three seeds), each judged
against an independent reading of what the runner did (cadence_coach/coaching/evaluation.py).

Prints one line a case; the figures and the goals are kept in docs/coaching.md.

    python bench/coaching.py [--minutes 45] [--seeds 3]
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.coaching.evaluation import (
    Figures,
    evaluate,
    truth_from_readings,
    truth_from_runner,
)
from cadence_coach.coaching.segments import MetronomeMode
from cadence_coach.plans.setup import free_run, replayed_run
from cadence_coach.sources.recordings.load import load_activity
from cadence_coach.sources.recordings.replay import ReplaySource
from cadence_coach.sources.runners import PROFILES
from cadence_coach.sources.simulated import SimulatedRunner
from cadence_coach.speech.phrases import PhraseBook

ROOT = Path(__file__).resolve().parent.parent
RECORDINGS = [ROOT / "tests" / "data", ROOT.parent / "shared" / "data" / "activities"]
BOOSTS = {"own median": None, "+5%": "5%", "+10%": "10%"}
HEADER = (
    f"{'case':<44} {'run min':>7} {'drift':>5} {'/min':>5} {'repeat':>6} {'first s':>7} "
    f"{'walk/stop':>9} {'in zone':>7} {'true':>5} {'steps':>5}"
)


def recordings() -> list[Path]:
    """Every recording in the corpus, each file once."""
    seen: dict[str, Path] = {}
    for folder in RECORDINGS:
        for path in sorted(folder.glob("*.fit")) if folder.is_dir() else []:
            seen.setdefault(path.name, path)
    return list(seen.values())


def replay_case(path: Path, boost: str | None) -> Figures:
    activity = load_activity(path)
    median = activity.median_cadence_spm
    target = median if boost is None else None
    setup = replayed_run(path.name, activity.duration_s, target, boost, median, None)
    chain = CoachingChain(setup.config, ReplaySource(activity), PhraseBook())
    chain.advance(setup.config.longest_s)
    return evaluate(chain.recorder, truth_from_readings(activity.readings, activity.duration_s))


def profile_case(name: str, minutes: float, seed: int) -> Figures:
    profile = PROFILES[name]
    habitual = profile.model.habitual_spm
    setup = free_run(None, "5%", habitual, None, minutes * 60, MetronomeMode.ON)
    runner = SimulatedRunner(
        profile.runner(habitual), profile.events(minutes * 60, seed), seed, keep_truth=True
    )
    chain = CoachingChain(setup.config, runner, PhraseBook(seed), runner)
    chain.advance(setup.config.longest_s)
    return evaluate(chain.recorder, truth_from_runner(runner.truth))


def line(case: str, f: Figures) -> str:
    def show(value: float | None, fmt: str = "g") -> str:
        return "-" if value is None else format(value, fmt)

    return (
        f"{case:<44} {f.moving_min:>7.1f} {f.drift_cues:>5} {f.cues_per_min:>5.2f} "
        f"{show(f.repeats_per_excursion):>6} {show(f.first_cue_s):>7} "
        f"{f.cues_walking_or_stopped:>9} {show(f.time_in_zone_pct):>7} "
        f"{show(f.true_in_zone_pct):>5} {f.target_changes:>5}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=45.0)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    print(HEADER)
    for path in recordings():
        for label, boost in BOOSTS.items():
            print(line(f"{path.name[:32]} {label}", replay_case(path, boost)), flush=True)
    rates: dict[str, list[float]] = {}
    for name in PROFILES:
        for seed in range(1, args.seeds + 1):
            figures = profile_case(name, args.minutes, seed)
            rates.setdefault(name, []).append(figures.cues_per_min)
            print(line(f"profile {name} seed {seed}", figures), flush=True)
    print()
    for name, values in rates.items():
        mean = statistics.fmean(values)
        print(f"{name:<14} drift cues a minute, mean of {len(values)} seeds: {mean:.2f}")


if __name__ == "__main__":
    main()
