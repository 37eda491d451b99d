"""Files that change together: a document's JSON and its two CSVs, from one run or not at all.

A reader must never find a new JSON beside old CSVs: not after a kill at any moment, not when
two runs write into one folder. A commit here goes like a database's:

1. under the folder's lock (``.trackrecord.lock``, an advisory ``flock`` every writer of this
   package takes, so a second writer waits its turn), each file is written to a temporary file
   beside its target and flushed to disk;
2. a journal (``.<name>.<random>.commit``) naming each temporary file and its target is written
   and flushed: from this moment the commit has happened;
3. the temporary files are renamed over their targets, the folder is flushed, the journal goes.

A kill before step 2 leaves only temporary files: the old outputs stand, whole, and the next
writer or reader clears the leftovers. A kill after it leaves a journal: the next writer or
reader (:func:`settle`) finishes the renames, so the new files all arrive. Either way no one
of this package ever reads a mix. Files get the modes the umask gives, as any program's do.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".trackrecord.lock"
JOURNAL_SUFFIX = ".commit"
TEMP_SUFFIX = ".tmp"
#: how long a writer waits for another's commit before it gives up (a commit takes milliseconds)
LOCK_WAIT_SECONDS = 120.0
LOCK_POLL_SECONDS = 0.02

_umask_lock = threading.Lock()


class CommitError(OSError):
    """The folder's files could not be committed or settled (locked too long, an unreadable journal)."""


def file_mode() -> int:
    """The mode a new file takes under this process's umask (0o666 less the umask)."""
    with _umask_lock:  # the umask can only be read by setting it
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def folder_lock(folder: Path, shared: bool = False) -> Iterator[None]:
    """Hold the folder's lock: exclusive to commit, shared to read files that must agree.

    :raises CommitError: another holder kept it longer than :data:`LOCK_WAIT_SECONDS`
    """
    handle = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, file_mode())
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise CommitError(f"{folder}: another run has held the folder's lock for over "
                                      f"{LOCK_WAIT_SECONDS:g} s ({LOCK_NAME})") from None
                time.sleep(LOCK_POLL_SECONDS)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def write_together(contents: dict[Path, str]) -> list[Path]:
    """Given file contents by path (all in one folder), write them all or none, durably.

    :returns: the paths written, in the order given
    :raises OSError: the folder cannot be written (nothing there has changed)
    """
    if not contents:
        return []
    folders = {path.parent for path in contents}
    if len(folders) != 1:
        raise ValueError("files committed together must share one folder")
    folder = folders.pop()
    mode = file_mode()
    with folder_lock(folder):
        settle_locked(folder)
        temps: list[tuple[Path, Path]] = []
        try:
            for path, text in contents.items():
                temps.append((_write_temp(folder, path.name, text.encode("utf-8"), mode), path))
            journal = _write_temp(folder, next(iter(contents)).name, json.dumps(
                [[tmp.name, path.name] for tmp, path in temps]).encode(), mode)
            _fsync_folder(folder)
            committed = journal.with_name(journal.name.removesuffix(TEMP_SUFFIX) + JOURNAL_SUFFIX)
            os.replace(journal, committed)
            _fsync_folder(folder)
        except BaseException:
            for tmp, _ in temps:
                with contextlib.suppress(OSError):
                    tmp.unlink()
            raise
        _finish(folder, committed)
    return list(contents)


def settle(folder: Path) -> list[str]:
    """Finish any commit a killed writer left in the folder, and clear its leftovers.

    Readers call it before they read a folder of outputs. Returns one line per problem (a
    folder that cannot be written while a commit is pending); an empty list when all is settled.
    """
    if not folder.is_dir() or (not any(folder.glob(f".*{JOURNAL_SUFFIX}")) and not any(
            folder.glob(f".*{TEMP_SUFFIX}"))):
        return []
    try:
        with folder_lock(folder):
            settle_locked(folder)
    except OSError as exc:
        pending = sorted(p.name for p in folder.glob(f".*{JOURNAL_SUFFIX}"))
        if pending:
            return [f"{folder}: an interrupted write could not be finished ({exc.strerror or exc}); "
                    f"pending: {', '.join(pending)}"]
    return []


def settle_locked(folder: Path) -> None:
    """:func:`settle`'s work, with the folder's lock already held."""
    for journal in sorted(folder.glob(f".*{JOURNAL_SUFFIX}")):
        _finish(folder, journal)
    for leftover in folder.glob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()  # written before a journal named it: the commit never happened


def _finish(folder: Path, journal: Path) -> None:
    """Carry out a journal's renames (those not yet done), flush the folder, drop the journal."""
    try:
        renames = json.loads(journal.read_bytes())
        pairs = [(str(tmp), str(target)) for tmp, target in renames]
    except (ValueError, TypeError) as exc:
        raise CommitError(f"{journal}: unreadable commit journal ({exc})") from None
    for tmp, target in pairs:
        if "/" in tmp or "/" in target:
            raise CommitError(f"{journal}: a commit journal names a file outside its folder")
        if (folder / tmp).exists():
            os.replace(folder / tmp, folder / target)
    _fsync_folder(folder)
    journal.unlink()


def _write_temp(folder: Path, name: str, data: bytes, mode: int) -> Path:
    """Write data to a new temporary file beside ``name``, flushed to disk; return its path."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=TEMP_SUFFIX)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _fsync_folder(folder: Path) -> None:
    """Flush the folder's entries (renames, new files) to disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
