"""Legacy Word and Excel files (``.doc``, ``.xls``: OLE2 compound files) converted with LibreOffice.

Reading the old binary formats is LibreOffice's craft, not ours: when ``soffice`` is installed the
file is converted headless, in a private profile (so a user's running LibreOffice is neither
used nor disturbed), with a time limit, into a temporary folder, and the result is read as the
``.docx`` or ``.xlsx`` it now is. When it is not installed, one line says what is missing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import LimitExceeded, UnreadableDocument

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_STREAM = "WordDocument".encode("utf-16-le")
EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
CONVERT_SECONDS = 180
PROGRAMS = ("soffice", "libreoffice")


def legacy_kind(path: Path, head: bytes) -> str | None:
    """"doc" or "xls" for an OLE2 file holding a Word document or a workbook (by its streams'
    names, else its suffix); None for anything else."""
    if not head.startswith(OLE2):
        return None
    data = path.read_bytes()[:4 << 20]  # the directory of a compound file sits early in all but huge files
    if WORD_STREAM in data:
        return "doc"
    if any(name in data for name in EXCEL_STREAMS):
        return "xls"
    suffix = path.suffix.lower()
    return "doc" if suffix == ".doc" else "xls" if suffix == ".xls" else None


def soffice() -> str | None:
    """The LibreOffice program on PATH, if any."""
    return next((found for name in PROGRAMS if (found := shutil.which(name))), None)


def convert(path: Path, legacy: str, folder: Path) -> Path:
    """Convert a ``.doc`` to ``.docx`` (or ``.xls`` to ``.xlsx``) into ``folder``; return the new file.

    :raises UnreadableDocument: LibreOffice is not installed, or fails on the file
    :raises LimitExceeded: the conversion takes longer than CONVERT_SECONDS
    """
    program = soffice()
    target = "docx" if legacy == "doc" else "xlsx"
    if program is None:
        raise UnreadableDocument(path, f"a legacy {'Word' if legacy == 'doc' else 'Excel'} file (.{legacy}): "
                                       "reading it needs LibreOffice (soffice), which is not installed")
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=folder))
    source = folder / f"source.{legacy}"
    shutil.copyfile(path, source)  # a name LibreOffice reads whatever the original is called
    command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(folder), str(source)]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                                   env=dict(os.environ, HOME=str(profile)))
        try:
            _, error = process.communicate(timeout=CONVERT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise LimitExceeded(path, f"LibreOffice did not convert the .{legacy} file in {CONVERT_SECONDS} s"
                                ) from None
    except OSError as exc:
        raise UnreadableDocument(path, f"LibreOffice could not be run ({exc})") from None
    converted = folder / f"source.{target}"
    if not converted.exists():
        reason = error.decode("utf-8", "replace").strip().splitlines()
        raise UnreadableDocument(path, f"LibreOffice could not convert the .{legacy} file"
                                       + (f" ({reason[-1][:120]})" if reason else ""))
    return converted
