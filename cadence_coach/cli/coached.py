"""Running a coached session from the command line, whatever started it (``run``, ``demo``,
``baseline``, ``replay``, a programme): stored as it goes, watched while live, summed up at
the end, with the runner's journal."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from cadence_coach.cli import context
from cadence_coach.cli.options import audio_encoding, count, output_device, warn
from cadence_coach.units import format_duration, format_zone

T = TypeVar("T")

if TYPE_CHECKING:
    from cadence_coach.coaching.chain import CoachingChain
    from cadence_coach.coaching.recorder import Summary
    from cadence_coach.history.store import Store
    from cadence_coach.history.writer import StoreWriter
    from cadence_coach.plans.setup import Setup
    from cadence_coach.sensors.connected import ConnectedSensors
    from cadence_coach.session.loop import Observer
    from cadence_coach.session.outputs import Output
    from cadence_coach.session.settings import RunSettings
    from cadence_coach.session.steering import Steering


@dataclass(frozen=True, slots=True)
class Reporting:
    """What the runner asked to see and keep of a session."""

    summary_path: Path | None = None
    as_json: bool = False
    journal: bool | None = False
    """``None``: ask when run from a terminal."""


def coach(
    settings: RunSettings,
    setup: Setup,
    *,
    out: Path | None = None,
    device: str | None = None,
    replay: datetime | bool | None = False,
    sensors: ConnectedSensors | None = None,
    reporting: Reporting = Reporting(),
    steering: Steering | None = None,
    watchers: Sequence[Observer] = (),
    power: str = "balanced",
) -> None:
    """Run a session: into ``out``, else with no audio for a ``replay`` (the recording's
    start time, or ``True`` when it has none), else live on ``device`` (buffered as
    ``power`` says); stored as it goes; its summary printed and written. ``steering``: the
    runner's controls act on it; ``watchers`` see every tick (the service's watchdog)."""
    from cadence_coach.history.records import SessionKind
    from cadence_coach.history.writer import StoreWriter
    from cadence_coach.session.outputs import POWER, AudioFile, NoAudio

    recording = replay is not False
    output: Output = (
        AudioFile(out, audio_encoding(out))
        if out is not None
        else NoAudio()  # a recording needs no audio: the virtual clock
        if recording
        else POWER[power].stream(output_device(device))
    )
    kind = SessionKind.of(replay=recording, rendered=out is not None, sensors=bool(sensors))
    started_at = replay if isinstance(replay, datetime) else None
    writer = StoreWriter(context.store(), setup.name, kind, started_at=started_at, notify=warn)
    done = _run(
        settings, output, [writer, *watchers], sensors, reporting.as_json, setup.name, steering
    )
    if sensors is not None:
        for line in sensors.summary():
            click.echo(line, err=reporting.as_json)
    _finish(writer, done, setup.baseline_segments, reporting)


def _run(
    settings: RunSettings,
    output: Output,
    writers: list[Observer],
    sensors: ConnectedSensors | None,
    as_json: bool,
    name: str,
    steering: Steering | None = None,
) -> CoachingChain:
    """The session through the loop, with the live view when it plays live."""
    from cadence_coach.session.loop import run_session
    from cadence_coach.session.outputs import AudioFile, Stream
    from cadence_coach.session.sensor_events import SensorEvents
    from cadence_coach.session.view import make_view

    observers: list[Observer] = list(writers)
    if sensors is not None:
        observers.insert(0, SensorEvents(sensors.hub))
    view = None
    began = time.perf_counter()
    try:
        if isinstance(output, Stream):
            click.echo(f"coaching on {output.device.name!r}; Ctrl-C to stop")
            view = make_view()
            observers.insert(0, view)
            settings = dataclasses.replace(settings, samplerate=output.device.default_samplerate)
        with _alone(output, name):
            result = run_session(
                settings, output, observers=observers, notify=warn, steering=steering
            )
    except KeyboardInterrupt:  # Ctrl-C while the session was still being prepared
        click.echo("stopped before the first beat; nothing was stored", err=as_json)
        raise click.exceptions.Exit(0) from None
    finally:
        if view is not None:
            view.close()
    if isinstance(output, AudioFile):
        took = time.perf_counter() - began
        length = format_duration(result.chain.now)
        click.echo(f"wrote {output.path}: {length} rendered in {took:.1f} s", err=as_json)
    if result.underflows:
        warn(f"the audio device ran short {result.underflows} times (audible gaps)")
    if result.music:
        click.echo(f"music: {', '.join(result.music)}", err=as_json)
    return result.chain


def _alone(output: Output, name: str) -> contextlib.AbstractContextManager[None]:
    """A live session holds the right to play (a second one is refused); a file or a
    replay needs no such thing."""
    from cadence_coach.session.outputs import Stream
    from cadence_coach.session.playing import playing

    if not isinstance(output, Stream):
        return contextlib.nullcontext()
    return playing(f"{name!r} on {output.device.name!r}")


def _finish(
    writer: StoreWriter, done: CoachingChain, baseline: tuple[str, ...], reporting: Reporting
) -> None:
    """Store the summary (and a real baseline's habitual cadence); print it; ask how it
    felt."""
    from cadence_coach.history.records import SessionKind
    from cadence_coach.history.store import StoreError
    from cadence_coach.plans.setup import measured_habitual

    rec = done.recorder
    summary = rec.summary(done.now if rec.interrupted else None)
    real = writer.kind is SessionKind.LIVE
    habitual = measured_habitual(rec, baseline, real)
    failure: StoreError | None = None
    try:
        session_id = writer.finish(done, summary, habitual)
    except StoreError as err:
        session_id, failure = None, err
    if reporting.as_json:
        click.echo(json.dumps(summary.to_json()))
    else:
        print_summary(summary, reporting.summary_path)
    store = writer.store
    if failure is not None:
        warn(f"the session was not stored: {failure}")
    elif session_id is None:
        click.echo("nothing was recorded", err=reporting.as_json)
    elif store.kept_in_memory:
        click.echo("not stored (--no-history)", err=reporting.as_json)
    else:
        click.echo(f"stored as session {session_id} in {store.path}", err=reporting.as_json)
        if reporting.journal or (reporting.journal is None and sys.stdin.isatty()):
            ask_journal(store, session_id)
    kept = failure is None and session_id is not None and not store.kept_in_memory
    _say_habitual(baseline, real, habitual, kept)


def _say_habitual(
    baseline: tuple[str, ...], real: bool, habitual: float | None, kept: bool
) -> None:
    if habitual is not None:
        later = "used for --boost from now on" if kept else "not kept: nothing was stored"
        click.echo(f"your habitual cadence: {habitual:g} spm ({later})")
    elif baseline and not real:
        click.echo(
            "no habitual cadence stored: the simulated runner's cadence says nothing about "
            "yours; measure it with your footpod (`cadence-coach baseline --sensor NAME`)"
        )
    elif baseline:
        click.echo("no habitual cadence stored: the baseline block did not finish")


def print_summary(summary: Summary, path: Path | None) -> None:
    """Print the summary (and write it as JSON): also after Ctrl-C."""
    if path is not None:
        from cadence_coach.output_files import replacing

        with replacing(path, "w") as f:
            f.write(json.dumps(summary.to_json(), indent=2) + "\n")
    head = "stopped after" if summary.interrupted else "session"
    mean, in_zone, heart, zone = (
        summary.cadence_mean_spm,
        summary.time_in_zone_pct,
        summary.heart_rate_mean_bpm,
        summary.zone_spm,
    )
    aim = (
        f"target {summary.target_spm:g} spm (zone {format_zone(*zone)})"
        if zone is not None and summary.target_spm is not None
        else "no cadence target"
    )
    click.echo(
        f"{head} {format_duration(summary.duration_s or 0)}: {aim}, "
        f"mean cadence {'-' if mean is None else f'{mean:g}'} spm, "
        f"{'-' if in_zone is None else f'{in_zone:g}%'} in zone, "
        f"heart rate {'-' if heart is None else f'{heart:g}'}, "
        f"{count(summary.pauses, 'pause')}, {count(len(summary.cues), 'cue')}"
    )
    from cadence_coach.history.report.figures import (
        held_line,
        readings_gap,
        target_steps,
        unaided_line,
    )

    if (held := held_line(summary)) is not None:
        click.echo(f"held: {held}")
    if summary.target_changes:
        click.echo(f"target stepped for you: {target_steps(summary)}")
    if (gap := readings_gap(summary)) is not None:
        click.echo(gap)
    unaided = unaided_line(summary)
    if unaided is not None:
        click.echo(f"on your own: {unaided}")
    if path is not None:
        click.echo(f"summary written to {path}")


def ask_journal(store: Store, session_id: int) -> None:
    """A short journal entry, as running coaches advise. Enter at the first question skips
    the whole journal; at the others, that question."""
    from cadence_coach.history.records import FOOT_STRIKES, Journal

    click.echo("How did it feel? (Enter now skips the journal)")
    effort = _answer("  effort, 1 (easy) to 10 (all out)", _effort, "a number from 1 to 10")
    if effort is None:
        return
    choices = ", ".join(FOOT_STRIKES[:-1]) + f" or {FOOT_STRIKES[-1]}"
    foot = _answer(f"  foot strike: {choices}", _one_of(FOOT_STRIKES), choices)
    comfort = click.prompt("  comfort (any aches?)", default="", show_default=False).strip()
    notes = click.prompt("  notes", default="", show_default=False).strip()
    store.journal(session_id, Journal(effort, foot or "", comfort, notes))
    click.echo("  noted")


def _answer(question: str, read: Callable[[str], T | None], allowed: str) -> T | None:
    """Ask until the answer is one ``read`` accepts; ``None`` for Enter."""
    while True:
        raw = click.prompt(question, default="", show_default=False).strip().lower()
        if not raw:
            return None
        value = read(raw)
        if value is not None:
            return value
        click.echo(f"  {allowed}, please (or Enter to skip)")


def _effort(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= 10 else None


def _one_of(choices: tuple[str, ...]) -> Callable[[str], str | None]:
    return lambda raw: raw if raw in choices else None
