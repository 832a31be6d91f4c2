"""``programme``: a multi-week programme, where the runner is in it, and today's session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import click

from cadence_coach.cli import context
from cadence_coach.plans.programme import DEFAULT_PROGRAMME

if TYPE_CHECKING:
    from cadence_coach.history.records import SessionInfo
    from cadence_coach.plans.programme import Programme
    from cadence_coach.plans.progress import Progress


@dataclass(frozen=True, slots=True)
class _Started:
    """The programme the runner started, when, and what the history says of it."""

    programme: Programme
    start: date
    sessions: list[SessionInfo]
    habitual: float | None

    def progress(self, today: date) -> Progress:
        from cadence_coach.plans.programme import plan_names
        from cadence_coach.plans.progress import progress

        names = plan_names(self.programme)
        return progress(self.programme, self.start, today, self.sessions, names)


def _started() -> _Started:
    from cadence_coach.plans.programme import find_programme
    from cadence_coach.plans.progress import check_stored_start

    store = context.store()
    try:
        started = store.settings.programme()
    except ValueError:  # a start date that is not a date
        started = (DEFAULT_PROGRAMME, date.max)
    if started is None:
        raise click.UsageError(
            "no programme started: `cadence-coach programme list`, then "
            "`cadence-coach programme start NAME`"
        )
    name, start = started
    try:
        check_stored_start(start, date.today())
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    return _Started(find_programme(name), start, store.sessions(), store.settings.habitual())


@click.group(invoke_without_command=True)
@click.pass_context
def programme(ctx: click.Context) -> None:
    """Multi-week programmes: which session on which day, with a boost that rises as you
    adapt. Without a command: where you are in yours."""
    if ctx.invoked_subcommand is not None:
        return
    from cadence_coach.plans.programme import DAYS

    started = _started()
    chosen, start, habitual = started.programme, started.start, started.habitual
    today = date.today()
    where = started.progress(today)
    if where.finished(chosen):
        click.echo(f"{chosen.name}: finished (started {start:%a %Y-%m-%d})")
    else:
        click.echo(
            f"{chosen.name}: week {where.week} of {len(chosen.weeks)}, started {start:%a %Y-%m-%d}"
        )
    target = ""
    if habitual is not None:
        target = f" over your habitual {habitual:g} spm ({where.target_spm(habitual):g} spm)"
    click.echo(f"boost now +{where.boost_pct:g}%{target}")
    for w in where.past:
        zone = "-" if w.time_in_zone_pct is None else f"{w.time_in_zone_pct:.0f}% in zone"
        click.echo(
            f"  week {w.week}: {w.sessions} sessions at +{w.boost_pct:g}%, {zone}: {w.decision}"
        )
    if where.today is not None:
        click.echo(
            f"today ({DAYS[today.weekday()]}): {where.today.plan}; `cadence-coach programme run`"
        )
    if where.next_day is not None:
        when, day = where.next_day
        click.echo(f"next: {when:%a %Y-%m-%d}, {day.plan}")


@programme.command("list")
def programme_list() -> None:
    """The programmes there are."""
    from cadence_coach.plans.library import programmes
    from cadence_coach.plans.programme import load_programme
    from cadence_coach.units import printable

    for name, path in programmes().items():
        try:
            p = load_programme(path)
        except ValueError as err:  # one broken file hides none of the others
            click.echo(f"{printable(name):<20} (broken: {printable(str(err))})")
            continue
        click.echo(f"{printable(name):<20} {p.name} ({len(p.weeks)} weeks)")


@programme.command("show")
@click.argument("name", default=DEFAULT_PROGRAMME)
def programme_show(name: str) -> None:
    """A programme's weeks, day by day, and how its boost rises."""
    from cadence_coach.plans.programme import find_programme

    try:
        chosen = find_programme(name)
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    click.echo(chosen.name)
    if chosen.description:
        click.echo(chosen.description)
    rule = chosen.boost
    click.echo(
        f"boost: from +{rule.start_pct:g}% in steps of {rule.step_pct:g}% to at most "
        f"+{rule.max_pct:g}%, after {rule.weeks_per_step} weeks at a step; a week under "
        f"{rule.hold_below_pct:g}% in zone holds it"
    )
    for i, week in enumerate(chosen.weeks, start=1):
        click.echo(f"  week {i}: " + ", ".join(f"{d.day} {d.plan}" for d in week))


@programme.command("start")
@click.argument("name", default=DEFAULT_PROGRAMME)
@click.option("--on", "on", help="Start date, YYYY-MM-DD (default: this week's Monday while "
              "Tuesday is ahead, else next Monday).")  # fmt: skip
def programme_start(name: str, on: str | None) -> None:
    """Start (or restart) a programme."""
    from cadence_coach.plans.programme import find_programme
    from cadence_coach.plans.progress import start_date

    try:
        chosen = find_programme(name)
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    today = date.today()
    start = start_date(today) if on is None else _start_on(on, today)
    context.store().settings.start_programme(name, start)
    click.echo(f"{chosen.name}: week 1 starts {start:%a %Y-%m-%d}")
    click.echo("`cadence-coach programme` says what is next")


def _start_on(on: str, today: date) -> date:
    """``--on``: a date within a year of today."""
    from cadence_coach.plans.progress import check_start

    try:
        start = date.fromisoformat(on)
    except ValueError:
        raise click.BadParameter(
            f"{on[:20]!r} is not a date like {today.isoformat()}", param_hint="'--on'"
        ) from None
    try:
        return check_start(start, today)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="'--on'") from None


@programme.command("run", context_settings={"ignore_unknown_options": True})
@click.argument("run_args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def programme_run(ctx: click.Context, run_args: tuple[str, ...]) -> None:
    """Run today's session (or, on a rest day, the next one) at the programme's boost.
    Options are passed to `run` (e.g. --sensor, --device, --out)."""
    from cadence_coach.cli.run import run
    from cadence_coach.plans.library import find_plan
    from cadence_coach.plans.progress import week_of

    started = _started()
    chosen = started.programme
    when = date.today()
    where = started.progress(when)
    if where.finished(chosen):
        raise click.UsageError(f"{chosen.name} is finished; `cadence-coach programme start` again")
    day = where.today
    if day is None:
        if where.next_day is None:
            raise click.UsageError("no session left in this programme")
        when, day = where.next_day
        click.echo(f"a rest day: running the next session ({when:%a}) early")
    needs = find_plan(day.plan).needs_habitual
    if started.habitual is None and "--habitual" not in run_args and needs:
        raise click.UsageError(
            f"{day.plan} sets targets from your habitual cadence, and no baseline has measured "
            "it yet: run `cadence-coach baseline` first (or give --habitual SPM)"
        )
    click.echo(
        f"programme week {week_of(started.start, when)}: {day.plan} at +{where.boost_pct:g}%"
    )
    args = [day.plan, "--boost", f"{where.boost_pct:g}%", *run_args]
    with run.make_context("run", args, parent=ctx.find_root()) as sub:
        run.invoke(sub)
