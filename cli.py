"""The ``trackrecord`` command line: a thin layer over the Python API.

Each command parses its options, calls one API function and turns the library's exceptions
into one clear line and a non-zero exit. In a batch, a bad file is reported and the others
carry on.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .contract import contract_text, schema_text
from .extract import ExtractSettings, SettingsError
from .extract.batch import extract_batch
from .extract.isolate import Limits
from .extract.settings import S, parse_settings
from .extract.sources import SOURCES, report_files
from .review.corrections import Correction, CorrectionsError, load_corrections

if TYPE_CHECKING:
    from .reconcile import ReconcileSettings

app = typer.Typer(help="Trustworthy data out of legacy monitoring reports.", no_args_is_help=True,
                  add_completion=False)

SettingOption = Annotated[list[str] | None, typer.Option(
    "--setting", "-s", help="Override a setting, NAME=VALUE (repeatable); the value is read by the setting's type.")]


@app.callback()
def main() -> None:
    """Trustworthy data out of legacy monitoring reports."""


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Report files, or folders of them.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write results into.")] = Path("output"),
    kind: Annotated[str | None, typer.Option(help=f"Force a reader: {', '.join(SOURCES)}.")] = None,
    setting: SettingOption = None,
    debug_dir: Annotated[Path | None, typer.Option(
        help="Also draw what the table finder saw on every page, as PNGs in this folder.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Files to extract at once, in worker processes.")] = 1,
    corrections: Annotated[Path | None, typer.Option(
        help="Apply an auditor's corrections file (saved by the review site) to the documents it names.")] = None,
    timeout: Annotated[float, typer.Option(min=0, help="Seconds one file may take (0: no limit).")] = 600.0,
    memory: Annotated[int, typer.Option(min=0, help="Megabytes of memory one file may take (0: no limit).")] = 4096,
) -> None:
    """Extract the monitoring tables of each report into OUT/<doc_id>.json and two CSVs.

    Each file is read in a process of its own, inside --timeout and --memory: a hostile file
    costs its own error line, and the others carry on.

    Example: trackrecord extract samples/ --out output
    """
    settings = _settings(ExtractSettings, setting)
    marks = _corrections(corrections)
    _folder_option(out, "--out")
    if debug_dir is not None:
        _folder_option(debug_dir, "--debug-dir")
    files = report_files(paths)
    if not files:
        typer.echo("error: no report files found in the given paths", err=True)
        raise typer.Exit(2)
    failures: list[str] = []
    results = extract_batch(files, out, settings, kind=kind, debug_dir=debug_dir, workers=workers,
                            corrections=marks, limits=Limits(timeout, memory))
    with typer.progressbar(results, length=len(files), label="extracting", show_pos=True,
                           file=sys.stderr if len(files) > 1 else io.StringIO()) as progress:
        for result in progress:
            if result.summary:
                typer.echo(result.summary)
            if result.error:
                failures.append(result.error)
            for note in result.notes:
                typer.echo(note, err=True)
    for line in failures:
        typer.echo(line, err=True)
    if failures:
        typer.echo(f"{len(failures)} of {len(files)} file(s) failed", err=True)
        raise typer.Exit(1)


@app.command()
def backfill(
    paths: Annotated[list[Path], typer.Argument(help="Report files, or folders searched recursively.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write each document's files into.")] = Path(
        "output"),
    catalog: Annotated[Path | None, typer.Option(help="The catalog database (default OUT/catalog.sqlite).")] = None,
    kind: Annotated[str | None, typer.Option(help=f"Force a reader: {', '.join(SOURCES)}.")] = None,
    setting: SettingOption = None,
    workers: Annotated[int, typer.Option(min=1, help="Files read at once (local processes).")] = 2,
    executor: Annotated[str, typer.Option(help="Where files are read: processes (this machine) or dask.")] = (
        "processes"),
    scheduler: Annotated[str | None, typer.Option(help="The Dask scheduler's address (tcp://host:8786).")] = None,
    timeout: Annotated[float, typer.Option(min=0, help="Seconds one file may take (0: no limit).")] = 600.0,
    memory: Annotated[int, typer.Option(min=0, help="Megabytes of memory one file may take (0: no limit).")] = 4096,
    retry_failed: Annotated[bool, typer.Option(help="Read again the files an earlier run failed on.")] = False,
) -> None:
    """Back-fill many reports into OUT and a catalog; run it again to resume or to pick up changes.

    A file already read with the same bytes, settings and code is skipped; kill the back-fill at
    any moment and run it again: only unfinished files are read.

    Example: trackrecord backfill archive/ --out output --catalog output/catalog.sqlite
    """
    from .catalog.backfill import prepare_backfill
    from .catalog.store import CatalogError

    settings = _settings(ExtractSettings, setting)
    try:
        job = prepare_backfill(paths, out, catalog, settings, kind, workers, executor, scheduler,
                               Limits(timeout, memory), retry_failed)
    except CatalogError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    with job:
        plan = job.plan
        typer.echo(f"{len(plan.files)} reports: {len(plan.skipped)} done before, {len(plan.duplicates)} the same "
                   f"bytes as another, {len(plan.jobs)} to read (run {job.run_id})", err=True)
        for line in plan.unreadable:
            typer.echo(line, err=True)
        started = time.perf_counter()
        done = 0

        def rate(_: object) -> str:
            per_minute = done / (time.perf_counter() - started) * 60 if done else 0.0
            return f"{per_minute:.1f} files/min"

        try:
            with typer.progressbar(job.run(), length=len(plan.jobs), label="reading", show_pos=True, show_eta=True,
                                   item_show_func=rate, file=sys.stderr) as progress:
                for finished in progress:
                    done += 1
                    if finished.outcome.error:
                        typer.echo(f"\n{finished.outcome.error}", err=True)
        except CatalogError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        summary = job.finish()
    typer.echo(summary.table())
    if summary.failed:
        typer.echo(f"{summary.failed} file(s) failed (listed above; the catalog's results table keeps each line)",
                   err=True)
        raise typer.Exit(1)


@app.command()
def reconcile(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Extracted documents (<doc_id>.json), or folders of them (none with --catalog).")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write crosswalk and lineage into.")] = Path(
        "output"),
    setting: SettingOption = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes for matching document pairs (same result).")] = 1,
    catalog: Annotated[Path | None, typer.Option(
        help="Reconcile the documents of this catalog and write crosswalk, lineage and versions into it as tables.")]
    = None,
) -> None:
    """Match deliverables across documents into OUT/crosswalk.csv, crosswalk.json and lineage.csv.

    Example: trackrecord reconcile output/ --out output
    Example: trackrecord reconcile --catalog output/catalog.sqlite
    """
    # imported here: reconciliation needs scikit-learn and scipy, extraction does not
    from .reconcile import ReconcileError, ReconcileSettings
    from .reconcile.batch import TooFewDocuments, reconcile_files

    settings = _settings(ReconcileSettings, setting)
    if catalog is not None:
        if paths:
            raise typer.BadParameter("give documents or --catalog, not both", param_hint="PATHS")
        _reconcile_catalog(catalog, settings, workers)
        return
    if not paths:
        raise typer.BadParameter("give extracted documents (or folders of them), or --catalog", param_hint="PATHS")
    try:
        run = reconcile_files(paths, out, settings, workers=workers)
    except TooFewDocuments as exc:
        for line in exc.failures:
            typer.echo(line, err=True)
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1 if exc.failures else 2) from None
    except ReconcileError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    for line in run.failures:
        typer.echo(line, err=True)
    typer.echo(run.summary())
    if run.failures:
        typer.echo(f"{len(run.failures)} of {len(run.files)} file(s) could not be read", err=True)
        raise typer.Exit(1)


def _reconcile_catalog(catalog: Path, settings: ReconcileSettings, workers: int) -> None:
    """reconcile --catalog: the catalog's documents in, the tables back into it."""
    from .catalog.reconciled import reconcile_catalog
    from .catalog.store import CatalogError
    from .reconcile import ReconcileError
    from .reconcile.batch import TooFewDocuments

    if not catalog.is_file():
        typer.echo(f"error: {catalog}: no such catalog", err=True)
        raise typer.Exit(2)
    try:
        result, failures = reconcile_catalog(catalog, settings, workers)
    except TooFewDocuments as exc:
        for line in exc.failures:
            typer.echo(line, err=True)
        typer.echo(f"error: {catalog}: {exc}", err=True)
        raise typer.Exit(1) from None
    except (CatalogError, ReconcileError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    for line in failures:
        typer.echo(line, err=True)
    lineages = len({row.lineage_id for row in result.lineage})
    typer.echo(f"{len(result.documents)} documents ({len(result.versions)} other forms set aside): "
               f"{sum(1 for m in result.matches if m.band)} matches, {lineages} lineages -> {catalog} "
               "(tables crosswalk, lineage, versions)")
    if failures:
        raise typer.Exit(1)


@app.command()
def export(
    catalog: Annotated[Path, typer.Option(help="The catalog database a back-fill wrote.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the tables into.")] = Path("export"),
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    table: Annotated[list[str] | None, typer.Option(help="Only this table (repeatable); default all.")] = None,
) -> None:
    """Write the catalog's tables as Parquet or CSV files, one per table, for other tools.

    Example: trackrecord export --catalog output/catalog.sqlite --format parquet --out export
    """
    from .catalog.export import TABLES, export_tables
    from .catalog.store import CatalogError

    if not catalog.is_file():
        typer.echo(f"error: {catalog}: no such catalog", err=True)
        raise typer.Exit(2)
    try:
        written = export_tables(catalog, out, fmt, tuple(table) if table else TABLES)
    except CatalogError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except OSError as exc:
        typer.echo(f"error: cannot write to {out} ({exc.strerror or exc})", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{len(written)} tables -> {out}")


@app.command()
def review(
    output_dir: Annotated[Path, typer.Argument(help="A folder an extraction wrote (<doc_id>.json per document).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for the site (default OUTPUT_DIR/review).")]
    = None,
    sources: Annotated[list[Path] | None, typer.Option(
        "--sources", help="Folder to look in for source files not found where the output says (repeatable).")] = None,
    corrections: Annotated[Path | None, typer.Option(
        help="A corrections file not yet applied: its marks count as pending in the audit summary.")] = None,
    dpi: Annotated[int, typer.Option(min=36, max=300, help="Resolution of the page images.")] = 100,
) -> None:
    """Build the auditor's review site: every value beside its place on the source page.

    The site is static: open OUT/index.html in a browser (it works offline, from disk). Marks
    made there are saved as a corrections file that `extract --corrections` applies.

    Example: trackrecord review output --out output/review
    """
    from .review.site import ReviewError, build_site

    pending = _corrections(corrections)
    try:
        report = build_site(output_dir, out, sources or [], pending, dpi)
    except ReviewError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        typer.echo(f"error: cannot write the site to {out or output_dir / 'review'} ({exc.strerror or exc})", err=True)
        raise typer.Exit(1) from None
    for line in report.problems:
        typer.echo(f"warning: {line}", err=True)
    typer.echo(report.summary())


@app.command()
def schema(
    contract: Annotated[bool, typer.Option("--contract", help="Print the contract in words (Markdown) instead.")]
    = False,
) -> None:
    """Print the output contract's JSON Schema, as shipped with this version.

    Example: trackrecord schema > output.schema.json
    """
    typer.echo(contract_text() if contract else schema_text(), nl=False)


def _folder_option(path: Path, option: str) -> None:
    """A folder option that names something other than a folder is a usage error naming the option."""
    if path.exists() and not path.is_dir():
        raise typer.BadParameter(f"{path} exists and is not a folder", param_hint=option)


def _corrections(path: Path | None) -> list[Correction]:
    """The corrections file's entries; an unusable file is a usage error naming it (nothing extracted)."""
    if path is None:
        return []
    try:
        return load_corrections(path)
    except CorrectionsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def _settings(cls: type[S], items: list[str] | None) -> S:
    """The --setting options as settings of cls; a bad one is a usage error naming the option."""
    try:
        return parse_settings(cls, items or [])
    except SettingsError as exc:
        raise typer.BadParameter(str(exc), param_hint="--setting") from None


def run() -> None:
    """The console script: the app, with anything unforeseen as one line and exit status 70,
    never a traceback (every foreseen error is already one line from its command)."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: said in one line, with what to report
        typer.echo(f"error: unexpected {type(exc).__name__}: {exc} (a bug in trackrecord; please report the "
                   "command that gave it)", err=True)
        sys.exit(70)
