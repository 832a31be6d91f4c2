"""Which track plays next: only fitting ones, none repeated until all have played, a failed
one dropped."""

from __future__ import annotations

from pathlib import Path

from cadence_coach.music.analysis import Analysis
from cadence_coach.music.library import Track
from cadence_coach.music.playlist import Playlist


def track(id_: int, tempo: float) -> Track:
    beats = tuple(0.5 + 60 / tempo * k for k in range(200))
    return Track(
        id_, Path(f"/m/{id_}.mp3"), f"song {id_}", "", Analysis(tempo, beats, 1.0, -14, 90), None
    )


TRACKS = [track(1, 160), track(2, 168), track(3, 86), track(4, 120), track(5, 175)]
UNPLAYABLE = Track(6, Path("/m/6.mp3"), "noise", "", None, "no beat found")


def test_only_fitting_tracks_play_and_none_twice_until_all_have() -> None:
    playlist = Playlist([*TRACKS, UNPLAYABLE], seed=3)
    heard = []
    last = None
    for _ in range(8):
        choice = playlist.next(172.0, last)
        assert choice is not None
        heard.append(choice.track.id)
        last = choice.track.id
    assert set(heard[:4]) == {1, 2, 3, 5}  # 120 fits no 172; the unplayable never plays
    assert set(heard[4:]) == {1, 2, 3, 5}
    assert heard[3] != heard[4]  # no song twice in a row across the round


def test_the_order_follows_the_seed() -> None:
    def order(seed: int) -> list[int]:
        p = Playlist(TRACKS, seed)
        return [c.track.id for c in p.fitting(172.0)]

    assert order(1) == order(1)
    assert sorted(order(1)) == [1, 2, 3, 5]
    assert len({tuple(order(s)) for s in range(10)}) > 1


def test_a_dropped_track_plays_no_more() -> None:
    playlist = Playlist(TRACKS, seed=0)
    playlist.drop(1)
    ids = {c.track.id for c in playlist.fitting(160.0)}
    assert 1 not in ids
    assert ids


def test_nothing_fits_gives_none() -> None:
    assert Playlist(TRACKS).next(140.0) is None


def test_again_only_when_the_track_fits_the_new_target() -> None:
    playlist = Playlist(TRACKS)
    assert playlist.again(1, 165.0) is not None
    assert playlist.again(1, 120.0) is None
