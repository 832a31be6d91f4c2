"""``music`` (add, list, remove, use) and the ``--music`` option of ``run`` and ``render``:
the runner's own tracks, analysed once, played on the beat."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cadence_coach.cli import context
from cadence_coach.cli.options import count, warn

if TYPE_CHECKING:
    from cadence_coach.music.library import Library, Track
    from cadence_coach.music.scan import Scanned
    from cadence_coach.session.settings import RunSettings

MUSIC_KEY = "music"
"""The settings key of ``music use``: a folder, ``all``, or absent."""
MUSIC_HELP = "Your music on the beat: a folder, or all (the library); off for the clicks alone."


def library() -> Library:
    """The music library in the session database, opened once per invocation."""
    from cadence_coach.music.library import Library

    root = click.get_current_context().find_root()
    found = root.meta.get("cadence_coach.music")
    if found is None:
        store = context.store()
        found = Library.open(None if store.kept_in_memory else store.path)
        root.meta["cadence_coach.music"] = found
        root.call_on_close(found.close)
    assert isinstance(found, Library)
    return found


@click.group()
def music() -> None:
    """Your own music as the metronome: tracks analysed once, then stretched onto the beat."""


@music.command("add")
@click.argument("folder", type=click.Path(path_type=Path))
def music_add(folder: Path) -> None:
    """Analyse the tracks in FOLDER (MP3, OGG, FLAC, M4A/AAC, WAV) and keep them."""
    scanned = add_folder(folder)
    usable = [s.track for s in scanned if s.track.analysis is not None]
    unusable = [s.track for s in scanned if s.track.analysis is None]
    fresh = sum(1 for s in scanned if s.analysed)
    for track in unusable:
        click.echo(f"  not playable on the beat: {track.path.name}: {track.problem}")
    click.echo(
        f"{count(len(usable), 'track')} ready in {folder} ({fresh} analysed now, "
        f"{len(scanned) - fresh} known), {len(unusable)} not playable"
    )


def add_folder(folder: Path) -> list[Scanned]:
    """Scan ``folder`` into the library, with a progress bar; raises ``MusicError``."""
    from cadence_coach.music.scan import music_files, scan

    files = music_files(folder.expanduser())
    library().forget_missing(folder.expanduser().absolute(), files)
    if not files:
        from cadence_coach.errors import BadValue

        raise BadValue(f"no music files in {folder} (MP3, OGG, FLAC, M4A/AAC or WAV)")
    out: list[Scanned] = []
    with click.progressbar(
        files,
        label="analysing",
        file=sys.stderr,
        item_show_func=lambda p: None if p is None else p.name[:30],
    ) as bar:
        for done in scan(library(), bar):
            out.append(done)
    return out


@music.command("list")
def music_list() -> None:
    """List the tracks: title, artist, tempo, where the beat is steady, confidence."""
    from cadence_coach.units import format_duration

    tracks = library().tracks()
    if not tracks:
        click.echo("no music yet: `cadence-coach music add FOLDER`")
        return
    click.echo(
        f"{'id':>4}  {'title':30} {'artist':20} {'tempo':>7}  {'steady beat':13} {'conf':>4}"
    )
    for t in tracks:
        a = t.analysis
        if a is None:
            continue
        lo, hi = a.usable_s
        span = f"{format_duration(lo)}-{format_duration(hi)}"
        click.echo(
            f"{t.id:>4}  {t.title[:30]:30} {t.artist[:20]:20} {a.tempo_bpm:7.1f}  {span:13} "
            f"{a.confidence:4.0%}"
        )
    for t in tracks:
        if t.analysis is None:
            click.echo(f"{t.id:>4}  {t.title[:30]:30} not playable on the beat: {t.problem}")


@music.command("remove")
@click.argument("what")
def music_remove(what: str) -> None:
    """Forget a track (by id or file) or every track in a folder."""
    gone = library().remove(what)
    if not gone:
        from cadence_coach.errors import BadValue

        raise BadValue(f"no track in the library is {what!r} (see `cadence-coach music list`)")
    click.echo(f"removed {count(len(gone), 'track')}")


@music.command("use")
@click.argument("choice")
def music_use(choice: str) -> None:
    """Keep music on for every session: a FOLDER, all (the library), or off."""
    from cadence_coach.music import ALL

    if choice == "off":
        library().forget_setting(MUSIC_KEY)
        click.echo("music off: sessions play the clicks alone unless you give --music")
        return
    if choice != ALL:
        add_folder(Path(choice))
        choice = str(Path(choice).expanduser().absolute())
    library().set_setting(MUSIC_KEY, choice)
    click.echo(f"music on for every session: {choice} (`cadence-coach music use off` to stop)")


def session_tracks(spec: str | None) -> tuple[Track, ...]:
    """The tracks ``--music`` asks for (or the kept choice when it is not given)."""
    from cadence_coach.errors import BadValue
    from cadence_coach.music import ALL

    if spec is None:
        spec = library().setting(MUSIC_KEY)
        if spec is None:
            return ()
    if spec == "off":
        return ()
    if spec == ALL:
        if context.store().kept_in_memory:
            raise BadValue(
                "--music all reads the library, which is kept in the history database that "
                "--no-history leaves closed: give --music FOLDER"
            )
        tracks = [t for t in library().tracks() if t.analysis is not None]
        if not tracks:
            raise BadValue("no playable music in the library: `cadence-coach music add FOLDER`")
        return tuple(tracks)
    folder = Path(spec).expanduser()
    scanned = add_folder(folder)
    tracks = [s.track for s in scanned if s.track.analysis is not None]
    if not tracks:
        raise BadValue(f"no track in {folder} can be played on the beat (see `music list`)")
    bad = len(scanned) - len(tracks)
    if bad:
        warn(f"{count(bad, 'track')} in {folder} cannot be played on the beat")
    return tuple(tracks)


def music_tracks(spec: str | None) -> tuple[Track, ...]:
    """``--music``'s tracks (analysed first when new), Rubber Band checked for."""
    tracks = session_tracks(spec)
    if tracks:
        from cadence_coach.music.stretch import program

        program()
    return tracks


def with_music(settings: RunSettings, tracks: tuple[Track, ...]) -> RunSettings:
    """``settings`` with the runner's tracks (and the cache of their stretched pieces)."""
    if not tracks:
        return settings
    import dataclasses

    from cadence_coach.music.worker import default_cache_dir

    return dataclasses.replace(settings, music=tracks, music_cache=default_cache_dir())
