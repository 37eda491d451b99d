"""A document's files change together: after a kill at any moment, with two writers, on a full disk."""

from __future__ import annotations

import multiprocessing
import multiprocessing.process
import os
import random
import stat
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
from helpers import names_in

from trackrecord.extract import commit
from trackrecord.extract.commit import JOURNAL_SUFFIX, settle, write_together

SUFFIXES = (".one", ".two", ".three")  # not .json: the suite validates every JSON document written


def writer(out: Path, started: Connection) -> None:
    """Commit two generations of one document's three files, turn about, for ever."""
    n = 0
    while True:
        tag = "ab"[n % 2] * 20000  # large enough that writing takes a while
        write_together({out / f"doc{s}": f"{s} {tag}" for s in SUFFIXES})
        n += 1
        if n == 1:
            started.send(True)


def start_writer(out: Path) -> multiprocessing.process.BaseProcess:
    """A writer in a forked process (cheap to start fifty times), once its first commit is done."""
    receive, send = FORK.Pipe(duplex=False)
    process = FORK.Process(target=writer, args=(out, send), daemon=True)
    process.start()
    send.close()  # so that a writer that dies early ends the wait below instead of hanging it
    assert receive.poll(30), "the writer never finished a commit"
    receive.recv()
    return process


FORK = multiprocessing.get_context("fork")


def generations(folder: Path) -> set[str]:
    """The generation (a or b) each of the document's files holds."""
    return {(folder / f"doc{s}").read_text().split()[1][0]
            for s in SUFFIXES if (folder / f"doc{s}").exists()}


def test_killed_writers_never_leave_files_of_two_runs(tmp_path: Path) -> None:
    rng = random.Random(15)
    out = tmp_path / "out"
    out.mkdir()
    pending_after_kill = 0
    for _ in range(50):
        process = start_writer(out)
        time.sleep(rng.uniform(0, 0.03))
        process.kill()
        process.join()
        pending_after_kill += any(out.glob(f".*{JOURNAL_SUFFIX}"))
        assert settle(out) == []
        assert len(generations(out)) == 1, "the three files must come from one commit"
        assert names_in(out) == sorted(f"doc{s}" for s in SUFFIXES), "no leftovers"
    assert pending_after_kill, "some kill must land inside a commit, or this test shows nothing"


def test_two_writers_take_turns(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    writers = [start_writer(out) for _ in range(2)]
    try:
        deadline = time.monotonic() + 60  # a bound, not a speed: a loaded machine hands out turns slowly
        reads = 0
        while reads < 5 and time.monotonic() < deadline:
            with commit.folder_lock(out, shared=True):  # a reader that must see agreeing files
                assert len(generations(out)) <= 1
            reads += 1
        assert reads == 5, "the reader must get its turn between the writers' commits"
    finally:
        for process in writers:
            process.kill()
            process.join()
    assert settle(out) == [] and len(generations(out)) == 1


def test_files_take_the_umask_and_reach_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(commit.os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    old = os.umask(0o027)
    try:
        (path,) = write_together({tmp_path / "a.json": "{}"})
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert len(synced) >= 3, "the file, the journal and the folder are flushed"


def test_a_commit_interrupted_after_its_journal_is_finished_by_the_next_reader(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    write_together({tmp_path / "d.a": "old", tmp_path / "d.b": "old"})
    real_replace = os.replace
    calls = {"n": 0}

    def dying_replace(src: str, dst: str) -> None:  # the journal lands, then the first file, then the end
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(commit.os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        write_together({tmp_path / "d.a": "new", tmp_path / "d.b": "new"})
    monkeypatch.setattr(commit.os, "replace", real_replace)
    assert {(tmp_path / n).read_text() for n in ("d.a", "d.b")} == {"old", "new"}  # mid-commit
    assert settle(tmp_path) == []
    assert {(tmp_path / n).read_text() for n in ("d.a", "d.b")} == {"new"}
    assert names_in(tmp_path) == ["d.a", "d.b"]
