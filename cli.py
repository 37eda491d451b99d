"""The ``trackrecord`` command line: a thin layer over the Python API.

Each command parses its options, calls one API function per input and turns the library's
exceptions into one clear line and a non-zero exit. In a batch, a bad file is reported and
the others carry on.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Annotated

import typer

from .extract import ExtractSettings, SettingsError
from .extract.batch import extract_batch
from .extract.readers import KINDS
from .extract.settings import S, resolve_settings
from .reconcile import ReconcileError, ReconcileInputError, ReconcileSettings, load_doc, write_reconciliation
from .reconcile import reconcile as reconcile_docs

app = typer.Typer(help="Trustworthy data out of legacy monitoring reports.", no_args_is_help=True,
                  add_completion=False)

SUFFIXES = {"pdf": ".pdf", "text": ".txt"}


@app.callback()
def main() -> None:
    """Trustworthy data out of legacy monitoring reports."""


def expand(paths: list[Path]) -> list[Path]:
    """Given paths from the command line, return files: a folder stands for its report files."""
    out: list[Path] = []
    suffixes = {SUFFIXES[k] for k in KINDS if k in SUFFIXES}
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes))
        else:
            out.append(path)
    return out


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Report files, or folders of them.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write results into.")] = Path("output"),
    kind: Annotated[str | None, typer.Option(help=f"Force a reader: {', '.join(KINDS)}.")] = None,
    setting: Annotated[list[str] | None, typer.Option(
        "--setting", "-s", help="Override an extraction setting, NAME=VALUE (repeatable).")] = None,
    debug_dir: Annotated[Path | None, typer.Option(
        help="Also draw what the table finder saw on every page, as PNGs in this folder.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Files to extract at once, in worker processes.")] = 1,
) -> None:
    """Extract the monitoring tables of each report into OUT/<doc_id>.json and two CSVs.

    Example: trackrecord extract samples/ --out output
    """
    settings = _settings(ExtractSettings, setting)
    files = expand(paths)
    if not files:
        typer.echo("error: no report files found in the given paths", err=True)
        raise typer.Exit(2)
    failures: list[str] = []
    results = extract_batch(files, out, settings, kind=kind, debug_dir=debug_dir, workers=workers)
    with typer.progressbar(results, length=len(files), label="extracting", show_pos=True,
                           file=sys.stderr if len(files) > 1 else io.StringIO()) as progress:
        for result in progress:
            if result.summary:
                typer.echo(result.summary)
            if result.error:
                failures.append(result.error)
    for line in failures:
        typer.echo(line, err=True)
    if failures:
        typer.echo(f"{len(failures)} of {len(files)} file(s) failed", err=True)
        raise typer.Exit(1)


RECONCILE_OUTPUTS = {"crosswalk.json"}


@app.command()
def reconcile(
    paths: Annotated[list[Path], typer.Argument(help="Extracted documents (<doc_id>.json), or folders of them.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write crosswalk and lineage into.")] = Path(
        "output"),
    setting: Annotated[list[str] | None, typer.Option(
        "--setting", "-s", help="Override a reconciliation setting, NAME=VALUE (repeatable).")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes for matching document pairs (same result).")] = 1,
) -> None:
    """Match deliverables across documents into OUT/crosswalk.csv, crosswalk.json and lineage.csv.

    Example: trackrecord reconcile output/ --out output
    """
    settings = _settings(ReconcileSettings, setting)
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.json") if p.name not in RECONCILE_OUTPUTS))
        else:
            files.append(path)
    failures: list[str] = []
    docs = []
    for file in files:
        try:
            docs.append(load_doc(file))
        except ReconcileInputError as exc:
            failures.append(f"error: {exc}")
    for line in failures:
        typer.echo(line, err=True)
    if len(docs) < 2:
        typer.echo(f"error: reconcile needs at least two extracted documents, found {len(docs)}", err=True)
        raise typer.Exit(2 if not failures else 1)
    try:
        result = reconcile_docs(docs, settings, workers=workers)
    except ReconcileError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    written = write_reconciliation(result, out, settings)
    proposed = [m for m in result.matches if m.band]
    bands = {b: sum(1 for m in proposed if m.band == b) for b in ("high", "medium", "low")}
    lineages = len({row.lineage_id for row in result.lineage})
    typer.echo(f"{len(docs)} documents: {len(proposed)} matches ({bands['high']} high, {bands['medium']} medium, "
               f"{bands['low']} low), {lineages} lineages -> {', '.join(str(p) for p in written)}")
    if failures:
        typer.echo(f"{len(failures)} of {len(files)} file(s) could not be read", err=True)
        raise typer.Exit(1)


def _settings(cls: type[S], items: list[str] | None) -> S:
    """The --setting options as settings of cls; a bad one is a usage error naming the option."""
    try:
        return resolve_settings(cls, _parse_settings(items or []))
    except SettingsError as exc:
        raise typer.BadParameter(str(exc), param_hint="--setting") from None


def _parse_settings(items: list[str]) -> dict[str, float | int]:
    out: dict[str, float | int] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise SettingsError(f"setting {item!r} is not NAME=VALUE")
        try:
            out[name.strip()] = int(value) if value.strip().isdigit() else float(value)
        except ValueError:
            raise SettingsError(f"setting {name!r} needs a number, not {value!r}") from None
    return out

