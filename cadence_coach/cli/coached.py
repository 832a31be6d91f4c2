"""Running a coached session from the command line, whatever started it (``run``, ``demo``,
``baseline``, ``replay``, a programme): stored as it goes, watched while live, summed up at
the end, with the runner's journal."""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cadence_coach.cli import context
from cadence_coach.cli.options import audio_encoding, count, output_device, warn
from cadence_coach.units import format_duration

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
) -> None:
    """Run a session: into ``out``, else with no audio for a ``replay`` (the recording's
    start time, or ``True`` when it has none), else live on ``device``; stored as it goes;
    its summary printed and written."""
    from cadence_coach.history.records import SessionKind
    from cadence_coach.history.writer import StoreWriter
    from cadence_coach.session.outputs import AudioFile, NoAudio, Stream

    recording = replay is not False
    output: Output = (
        AudioFile(out, audio_encoding(out))
        if out is not None
        else NoAudio()  # a recording needs no audio: the virtual clock
        if recording
        else Stream(output_device(device))
    )
    kind = SessionKind.of(replay=recording, rendered=out is not None, sensors=bool(sensors))
    started_at = replay if isinstance(replay, datetime) else None
    writer = StoreWriter(context.store(), setup.name, kind, started_at=started_at, notify=warn)
    done = _run(settings, output, writer, sensors, reporting.as_json)
    if sensors is not None:
        for line in sensors.summary():
            click.echo(line, err=reporting.as_json)
    _finish(writer, done, setup.baseline_segments, reporting)


def _run(
    settings: RunSettings,
    output: Output,
    writer: Observer,
    sensors: ConnectedSensors | None,
    as_json: bool,
) -> CoachingChain:
    """The session through the loop, with the live view when it plays live."""
    from cadence_coach.session.loop import run_session
    from cadence_coach.session.outputs import AudioFile, Stream
    from cadence_coach.session.sensor_events import SensorEvents
    from cadence_coach.session.view import make_view

    observers: list[Observer] = [writer]
    view = None
    if isinstance(output, Stream):
        click.echo(f"coaching on {output.device.name!r}; Ctrl-C to stop")
        view = make_view()
        observers.insert(0, view)
        settings = dataclasses.replace(settings, samplerate=output.device.default_samplerate)
    if sensors is not None:
        observers.insert(0, SensorEvents(sensors.hub))
    began = time.perf_counter()
    try:
        result = run_session(settings, output, observers=observers, notify=warn)
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
    _say_habitual(baseline, real, habitual)


def _say_habitual(baseline: tuple[str, ...], real: bool, habitual: float | None) -> None:
    if habitual is not None:
        click.echo(f"your habitual cadence: {habitual:g} spm (used for --boost from now on)")
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
        f"target {summary.target_spm:g} spm (zone {zone[0]:g}-{zone[1]:g})"
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
    if path is not None:
        click.echo(f"summary written to {path}")


def ask_journal(store: Store, session_id: int) -> None:
    """A short journal entry, as running coaches advise; Enter skips each question."""
    click.echo("How did it feel? (Enter skips)")
    effort: int | None = None
    while True:
        raw = click.prompt("  effort, 1 (easy) to 10 (all out)", default="", show_default=False)
        if not raw.strip():
            break
        if raw.strip().isdigit() and 1 <= int(raw) <= 10:
            effort = int(raw)
            break
        click.echo("  a number from 1 to 10, please (or Enter to skip)")
    foot = click.prompt("  foot strike: light, ok or heavy", default="", show_default=False)
    comfort = click.prompt("  comfort (any aches?)", default="", show_default=False)
    notes = click.prompt("  notes", default="", show_default=False)
    if effort is None and not (foot or comfort or notes):
        return
    store.journal(session_id, effort, foot.strip(), comfort.strip(), notes.strip())
    click.echo("  noted")
