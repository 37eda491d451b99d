"""Hostile and odd inputs: each gives one clear line or a correct output, inside its limits,
with the rest of the batch written and never a traceback (the corpus: ``samples/hostile.py``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trackrecord.extract.errors import ExtractionError
from trackrecord.extract.pipeline import extract_document
from trackrecord.reconcile.documents import ReconcileInputError, doc_from_dict

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(SAMPLES))
import hostile  # noqa: E402  (the corpus's generator lives with the samples)

CLI = [sys.executable, "-c", "from trackrecord.cli import run; run()"]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=600, cwd=ROOT)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return hostile.write_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def extracted(corpus: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[subprocess.CompletedProcess[str], Path, list[Path]]:
    """One ``extract`` over the whole corpus, two real reports among the hostile files, and a FIFO."""
    folder, _ = corpus
    good = [SAMPLES / "lga-2018-19-q2.pdf", SAMPLES / "002_372153f7c699848e.txt"]
    fifo = folder / "pipe.pdf"
    if not fifo.exists():
        os.mkfifo(fifo)
    out = tmp_path_factory.mktemp("out")
    inputs = sorted(folder.iterdir())
    result = run_cli("extract", *map(str, inputs[:len(inputs) // 2]), *map(str, good),
                     *map(str, inputs[len(inputs) // 2:]), "--out", str(out),
                     "--timeout", "120", "--memory", "3072", "--workers", "2")
    return result, out, good


def lines_about(result: subprocess.CompletedProcess[str], path: Path) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(f"error: {path}:")]


def test_no_input_prints_a_traceback_or_stops_the_batch(extracted: tuple[subprocess.CompletedProcess[str], Path,
                                                                       list[Path]]) -> None:
    result, out, good = extracted
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == 1
    for report in good:  # the real reports among the hostile ones are written, whole
        names = {p.name for p in out.glob(f"{report.stem}*")}
        assert names == {f"{report.stem}{suffix}" for suffix in (".json", ".deliverables.csv", ".quarterly.csv")}


@pytest.mark.parametrize("name", sorted(hostile.EXTRACT_CASES))
def test_each_hostile_file_gives_one_line_or_its_outputs(name: str, corpus: tuple[Path, Path],
                                                         extracted: tuple[subprocess.CompletedProcess[str], Path,
                                                                          list[Path]]) -> None:
    result, out, _ = extracted
    path = corpus[0] / name
    lines = lines_about(result, path)
    written = sorted(p.name for p in out.glob(f"{path.stem}.*"))
    if hostile.EXTRACT_CASES[name] == "error":
        assert len(lines) == 1 and not written, lines
    else:
        assert (len(lines) == 1 and not written) or (not lines and len(written) == 3), (lines, written)
    assert not any("unexpected" in line for line in lines), lines


@pytest.mark.parametrize(("name", "says"), [
    ("bomb.pdf", "max_stream_mb"),
    ("many-objects.pdf", "max_page_objects"),
    ("zero-pages.pdf", "PDF has no pages"),
    ("cyclic-pages.pdf", "page tree"),
    ("empty.pdf", "empty file"),
    ("pipe.pdf", "not a regular file"),
])
def test_the_line_says_which_limit_or_fault(name: str, says: str, corpus: tuple[Path, Path],
                                            extracted: tuple[subprocess.CompletedProcess[str], Path,
                                                             list[Path]]) -> None:
    result, _, _ = extracted
    (line,) = lines_about(result, corpus[0] / name)
    assert says in line


def test_an_enormous_scanned_page_is_read_at_fewer_pixels_not_to_exhaustion(
        extracted: tuple[subprocess.CompletedProcess[str], Path, list[Path]], corpus: tuple[Path, Path]) -> None:
    result, _, _ = extracted
    for name in ("huge-page.pdf", "enormous-page.pdf"):
        lines = lines_about(result, corpus[0] / name)
        assert not any("memory" in line for line in lines), lines


def test_an_ocr_engine_that_fails_mid_page_is_one_line_naming_the_file(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from trackrecord.extract.batch import extract_batch
    from trackrecord.extract.pdf import ocr

    def failing(*args: object, **kwargs: object) -> None:
        raise RuntimeError("tesseract: Error opening data file\nPlease make sure TESSDATA_PREFIX is set")

    monkeypatch.setattr(ocr, "read_scanned", failing)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(hostile.image_page(600))
    (result,) = extract_batch([scan], tmp_path / "out", limits=None)  # in process: the failing engine is this one
    assert result.error == (f"error: {scan}: page 1: OCR failed (RuntimeError: tesseract: Error opening data "
                            "file)")


def test_specks_of_ink_are_not_rules(tmp_path: Path) -> None:
    """A page of a hundred thousand tiny strokes: read, and none of them becomes a table rule."""
    from trackrecord.extract.pdf.reader import read_pdf

    path = tmp_path / "specks.pdf"
    path.write_bytes(hostile.specks(20_000))
    (page,) = list(read_pdf(path))
    assert page.rules == [] and [w.text for w in page.words] == ["Specks", "of", "ink"]


def extracted_documents(extracted: tuple[subprocess.CompletedProcess[str], Path, list[Path]]) -> list[Path]:
    """The documents ``extract`` wrote for the two real reports among the hostile files."""
    _, out, good = extracted
    return [out / f"{report.stem}.json" for report in good]


def test_reconcile_refuses_each_malformed_document_in_one_line(
        corpus: tuple[Path, Path], tmp_path: Path,
        extracted: tuple[subprocess.CompletedProcess[str], Path, list[Path]]) -> None:
    _, folder = corpus
    good = extracted_documents(extracted)
    result = run_cli("reconcile", str(folder), *map(str, good), "--out", str(tmp_path / "out"))
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == 1
    for name in [*hostile.RECONCILE_CASES, "folder.json"]:
        lines = lines_about(result, folder / name)
        assert len(lines) == 1, (name, result.stderr)
    assert (tmp_path / "out" / "crosswalk.json").exists()  # the two real documents were reconciled


def test_reconcile_into_a_folder_it_cannot_write_is_one_line(
        tmp_path: Path, extracted: tuple[subprocess.CompletedProcess[str], Path, list[Path]]) -> None:
    good = extracted_documents(extracted)
    blocked = tmp_path / "file"
    blocked.write_text("a file, not a folder")
    result = run_cli("reconcile", *map(str, good), "--out", str(blocked / "out"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and str(blocked) in result.stderr


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=20)
KEYS = ["doc_id", "period", "deliverables", "year", "as_at", "id", "target", "ref", "section", "subsection",
        "delivered", "status", "target_value", "confidence"]
DOCUMENTISH = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=6),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner,
                                                                                       max_size=6),
                           max_leaves=25)


@given(JSON | DOCUMENTISH)
@settings(max_examples=300, deadline=None)
def test_any_json_is_a_document_or_one_refusal(data: object) -> None:
    try:
        doc = doc_from_dict(data, "x.json")
    except ReconcileInputError as exc:
        assert str(exc).startswith("x.json: ") and "\n" not in str(exc)
        return
    assert all(isinstance(i.target, str) for i in doc.items)
    assert doc.year is None or isinstance(doc.year, str)
    json.dumps([doc.doc_id, doc.period, [i.section for i in doc.items]])


@given(st.binary(max_size=2000))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_read_as_a_report_or_refused(tmp_path: Path, data: bytes) -> None:
    for suffix, head in ((".txt", b""), (".pdf", b"%PDF-1.4\n")):
        path = tmp_path / f"x{suffix}"
        path.write_bytes(head + data)
        try:
            extract_document(path)
        except ExtractionError as exc:
            assert "\n" not in str(exc)


def test_a_damaged_real_report_is_read_or_refused(tmp_path: Path) -> None:
    """Every cut of a real report's bytes reads, or is refused by name: never another error."""
    data = (SAMPLES / "lga-2018-19-q2.pdf").read_bytes()
    for cut in range(0, len(data), max(1, len(data) // 40)):
        path = tmp_path / "cut.pdf"
        path.write_bytes(data[:cut] + data[cut + 64:])  # 64 bytes gone from the middle
        try:
            extract_document(path)
        except ExtractionError:
            pass



def test_a_stray_byte_in_a_utf8_extraction_costs_one_character_and_says_so(tmp_path: Path) -> None:
    clean = SAMPLES / "002_372153f7c699848e.txt"
    data = clean.read_bytes()
    at = data.index("£".encode())  # a pound sign of another encoding (one byte) in a UTF-8 file
    line = data[:at].count(b"\n") + 1
    stray = tmp_path / "stray.txt"
    stray.write_bytes(data[:at] + b"\xa3" + data[at + 2:])
    doc, twin = extract_document(stray), extract_document(clean)
    assert [[f.raw for f in d.fields.values()] for d in doc.deliverables] == \
        [[f.raw for f in d.fields.values()] for d in twin.deliverables]
    flagged = {d.id.split("/")[1] for d in doc.deliverables for f in d.fields.values() if "encoding_guessed" in f.flags}
    on_line = {d.id.split("/")[1] for d in doc.deliverables if d.fields["target"].source.line == line}
    assert flagged == on_line and len(flagged) == 1
    assert f"1 line(s) are not UTF-8 and were read as Windows-1252 (cp1252): line(s) {line}; their fields " \
           "are flagged encoding_guessed" in doc.warnings


@given(st.lists(st.binary(max_size=40), max_size=20))
@settings(max_examples=200, deadline=None)
def test_text_is_decoded_line_by_line(lines: list[bytes]) -> None:
    """Every line is read; a line of valid UTF-8 reads as UTF-8 whatever the others hold."""
    import tempfile

    from trackrecord.extract.text.reader import read_text

    lines = [b.replace(b"\n", b" ").replace(b"\r", b" ") for b in lines]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.txt"
        path.write_bytes(b"\n".join(lines))
        read = read_text(path)
    assert len(read) == max(len(lines), 1)
    for raw, text in zip(lines, read):
        try:
            expected = raw.decode("utf-8")
        except UnicodeDecodeError:
            assert text.decoded.startswith("cp1252")
            continue
        if raw.startswith(b"\xef\xbb\xbf") and text.number == 1:
            continue  # a byte-order mark at the start of the file is no text
        assert text.text == expected and text.decoded == ""


def test_the_reading_server_preloads_modules_that_exist() -> None:
    """The forkserver ignores a preload it cannot import, so a moved module would silently cost
    every file its imports again; found when isolate.py moved from catalog/ to extract/."""
    import importlib

    from trackrecord.extract.isolate import PRELOAD

    for name in PRELOAD:
        importlib.import_module(name)


def test_a_file_a_limit_stopped_is_read_again_when_the_limit_changes(tmp_path: Path) -> None:
    """A back-fill skips an unopenable file whatever the settings; one a limit stopped is not
    unopenable: raising the limit must read it again (its result depends on the settings)."""
    from trackrecord.extract.isolate import Job, extract_job
    from trackrecord.extract.settings import ExtractSettings

    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(hostile.bomb(24))
    stopped = extract_job(Job(str(bomb), None, "bomb", ExtractSettings(max_stream_mb=16)))
    assert stopped.error is not None and "max_stream_mb" in stopped.error
    assert stopped.reading is None  # not "unopened": the settings' key keeps max_stream_mb
    raised = extract_job(Job(str(bomb), None, "bomb", ExtractSettings(max_stream_mb=32)))
    assert raised.error is not None and "max_stream_mb" not in raised.error  # read, and found no table
