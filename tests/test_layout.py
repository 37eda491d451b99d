"""The package's layout: installable and checkable from a checkout of any name, rooms that import
only the rooms below them, and a registry that names every source kind once."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

from helpers import ROOT, SAMPLES

from trackrecord.contract import Kind
from trackrecord.extract.sources import SOURCES, detect, report_files

PACKAGE_DIRS = ("catalog", "contract", "extract", "reconcile", "review")


def _packages_on_disk() -> set[str]:
    found = {"trackrecord"}
    for top in PACKAGE_DIRS:
        for init in (ROOT / top).rglob("__init__.py"):
            found.add(".".join(("trackrecord", *init.parent.relative_to(ROOT).parts)))
    return found


def test_every_package_folder_is_installed() -> None:
    """A folder with an __init__.py that pyproject does not list would be missing from a wheel."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    assert listed == _packages_on_disk()
    assert set(config["tool"]["setuptools"]["package-data"]["trackrecord.contract"]) == {
        p.name for p in (ROOT / "contract").iterdir() if p.suffix in (".json", ".md")}


def test_type_check_view_covers_the_package() -> None:
    """scripts/test.sh type-checks through a view of the package's top-level items; none is left out."""
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    line = next(ln for ln in script.splitlines() if ln.startswith("for item in"))
    items = set(line.split(" in ", 1)[1].split(";")[0].split())
    top_level = {"__init__.py", "cli.py", *PACKAGE_DIRS}
    assert items == top_level


def _imports(path: Path) -> set[str]:
    """The trackrecord modules a source file imports, as absolute names."""
    package = ".".join(("trackrecord", *path.relative_to(ROOT).with_suffix("").parts))
    if path.name == "__init__.py":
        package = package.rsplit(".", 1)[0] + "._"
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: -node.level]
                out.add(".".join([*base, *(node.module.split(".") if node.module else [])]))
            elif node.module and node.module.startswith("trackrecord"):
                out.add(node.module)
    return out


def test_extract_never_imports_reconcile() -> None:
    for path in (ROOT / "extract").rglob("*.py"):
        assert not any(m.startswith("trackrecord.reconcile") for m in _imports(path)), path


def test_the_pdf_and_text_paths_do_not_import_each_other() -> None:
    for one, other in (("pdf", "text"), ("text", "pdf")):
        for path in (ROOT / "extract" / one).rglob("*.py"):
            assert not any(m.startswith(f"trackrecord.extract.{other}") for m in _imports(path)), path


def test_field_readers_know_no_source_path() -> None:
    """fields/ is shared by every source: it may use the row model, never a source's own path."""
    for path in (ROOT / "extract" / "fields").rglob("*.py"):
        for module in _imports(path):
            assert not module.startswith(("trackrecord.extract.pdf", "trackrecord.extract.text",
                                          "trackrecord.extract.normalise", "trackrecord.extract.pipeline")), path


def _loaded_after(code: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sys.modules))"],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return {m.split(".")[0] for m in done.stdout.split()}


def test_reading_a_digital_pdf_loads_neither_scikit_learn_nor_scipy() -> None:
    loaded = _loaded_after("import trackrecord.extract")
    assert not {"sklearn", "scipy"} & loaded
    loaded = _loaded_after(f"from trackrecord import extract_document\n"
                           f"extract_document({str(SAMPLES / 'lga-2017-18-q4.pdf')!r})")
    assert not {"sklearn", "scipy"} & loaded
    loaded = _loaded_after("import trackrecord.cli")  # `trackrecord extract` starts without them too
    assert not {"sklearn", "scipy"} & loaded


def test_registry_names_every_kind_once() -> None:
    emitted = [kind for source in SOURCES.values() for kind in source.emits]
    assert sorted(emitted) == sorted(Kind)
    assert all(source.suffixes and source.description for source in SOURCES.values())


def test_kind_is_told_by_content_not_name(tmp_path: Path) -> None:
    disguised = tmp_path / "report.pdf"
    disguised.write_bytes((SAMPLES / "000_a697e2d45aa348d4.txt").read_bytes())
    assert detect(disguised).name == "text"
    renamed = tmp_path / "report.txt"
    renamed.write_bytes((SAMPLES / "lga-2017-18-q4.pdf").read_bytes())
    assert detect(renamed).name == "pdf"
    workbook = tmp_path / "report.pdf"
    workbook.write_bytes((SAMPLES / "office" / "xlsx" / "lga-2018-19-q2.xlsx").read_bytes())
    assert detect(workbook).name == "office"


def test_a_folder_expands_to_the_suffixes_the_registry_reads(tmp_path: Path) -> None:
    for name in ("a.pdf", "b.TXT", "c.json", "d.docx", "e.csv", "f.XLSX", "g.pptx"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in report_files([tmp_path])] == ["a.pdf", "b.TXT", "d.docx", "f.XLSX"]
    named = tmp_path / "e.csv"
    assert report_files([named]) == [named]  # a file named directly is kept, and its content decides
