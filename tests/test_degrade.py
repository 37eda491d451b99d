"""The degradation matrix (samples/degrade.py): made the same every time, and read as the issue asks.

The whole matrix is measured by ``bench/degradation.py`` (minutes of OCR); here a few cells
stand for it: a greyscale photocopy, whose colour fills become grey levels (statuses come
from the words, and a grey level never names a status).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from degrade import MATRIX, degrade
from helpers import SAMPLES
from rapidfuzz import fuzz
from twins import _pair as pair
from twins import score

from trackrecord import document_to_dict, extract_document

BY_NAME = {d.name: d for d in MATRIX}


def test_a_matrix_cell_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    source = SAMPLES / "lga-2018-19-q2.pdf"
    first = degrade(source, tmp_path / "a.pdf", BY_NAME["yellowed+marks"]).read_bytes()
    assert degrade(source, tmp_path / "b.pdf", BY_NAME["yellowed+marks"]).read_bytes() == first
    assert degrade(source, tmp_path / "c.pdf", BY_NAME["yellowed+marks"], seed=2).read_bytes() != first


def _read(tmp_path: Path, twin: str, name: str) -> tuple[dict, dict]:  # type: ignore[type-arg]
    path = degrade(SAMPLES / f"{twin}.pdf", tmp_path / f"{twin}--{name}.pdf", BY_NAME[name])
    want = json.loads((SAMPLES / "expected" / f"{twin}.json").read_text(encoding="utf-8"))
    return document_to_dict(extract_document(path)), want


def test_a_greyscale_photocopy_of_an_unruled_report_meets_the_bar(tmp_path: Path) -> None:
    got, want = _read(tmp_path, "lga-2017-18-q4-unruled", "grey")
    result = score(got, want)
    assert (result.recovered, result.status_right, result.target_similar) == (39, 39, 39)
    assert result.unflagged_wrong == []


def test_a_greyscale_photocopy_never_turns_a_grey_fill_into_a_status(tmp_path: Path) -> None:
    """Status cells whose colour became grey: every row is found, and each status is the word the
    cell prints or null and flagged — never a colour read off a grey level."""
    got, want = _read(tmp_path, "lga-2015-16-q3-colour", "grey")
    assert score(got, want).recovered == 26
    wanted = {r["target"][:40]: r["status"] for r in want["deliverables"]}
    for row in got["deliverables"]:
        status = row["fields"]["status"]
        assert "status_from_colour" not in status["flags"]
        if row["status"] is None:
            assert "status_missing" in status["flags"]
        else:
            assert row["status"] == wanted.get(row["target"][:40], row["status"])


def test_a_heading_band_a_scan_finds_rules_through_is_still_a_heading(tmp_path: Path) -> None:
    """A 150 dpi JPEG copy: the column rules are found running through the section bands (the
    smear joins them); a bold line whose words stand across those rules is a heading, so every
    row keeps its section."""
    got, want = _read(tmp_path, "lga-2018-19-q2", "jpeg")
    pairs = pair(got["deliverables"], want["deliverables"])
    assert all(g is not None for _, g in pairs)
    for w, g in pairs:  # the heading's own words may be misread ("chailenge"), and are flagged then
        assert g is not None and fuzz.ratio(g["section"], w["section"]) >= 90
        assert g["section"] == w["section"] or "ocr_suspect" in g["fields"]["section"]["flags"]


def test_a_table_pasted_as_a_picture_under_a_text_title_is_read_by_ocr_and_merged(tmp_path: Path) -> None:
    """Each page's text layer holds only a title and a footer; the table is a picture. The picture's
    region is read by OCR, the layer's words are kept as they are, and the two make one page."""
    got, want = _read(tmp_path, "lga-2018-19-q2", "pasted")
    result = score(got, want)
    assert (result.recovered, result.status_right) == (37, 37)
    assert result.unflagged_wrong == []
    assert got["source"]["kind"] == "pdf-mixed" and got["source"]["ocr_engine"] == "tesserocr"
    assert sum("the table is a picture on a digital page" in w for w in got["warnings"]) == 3
    titles = [d for d in got["dropped"] if d["text"] == "Appendix: monitoring table (pasted picture)"]
    assert [d["source"]["page"] for d in titles] == [1, 2, 3]  # from the text layer, once a page, not OCR'd again


def test_status_words_in_light_type_on_dark_fills_are_read(tmp_path: Path) -> None:
    """A greyscale copy of a report whose status cells are printed dark with light words: the words
    are read (inverted for OCR), a dark cell under a dark section band is still a cell of its own,
    a column of dark cells keeps its rows apart, and the rows under the page's second band are
    read too (the grid is followed across it though the dark cells hid a column rule)."""
    got, want = _read(tmp_path, "lga-2018-19-q2", "darkfills+grey")
    pairs = pair(got["deliverables"], want["deliverables"])
    assert all(g is not None for _, g in pairs)
    assert [g and g["status"] for _, g in pairs] == [w["status"] for w, _ in pairs]


def _page_rules(path: Path, number: int) -> list:  # type: ignore[type-arg]
    """The rules the scanned reading finds on one page of a copy (pixels only: no OCR)."""
    import numpy as np
    import pypdfium2 as pdfium

    from trackrecord.extract.pdf.ocr import clear_halftone, find_rules, pixel_kinds, render, shaded_areas

    pdf = pdfium.PdfDocument(str(path))
    image, _, _ = render(pdf[number - 1], 300)
    scale = 72 / 300
    rgb = np.asarray(image)
    grey = clear_halftone(np.asarray(image.convert("L")), scale)
    colourful, band = pixel_kinds(rgb, grey)
    colourful = colourful | shaded_areas(grey, colourful | band, scale)
    return find_rules(grey, scale, colourful, band)[0]


def test_rules_that_stand_against_dark_cells_are_found(tmp_path: Path) -> None:
    """Dark status cells drawn over their rules: the blurred edge beside a cell, and the header's
    line along the first cell's top, join a rule to the cell in the image. The rules are kept:
    each row's line in the column right of the cells, and the table's left edge beside the header
    (without it the status column, and every status on the page, was lost)."""
    q2 = degrade(SAMPLES / "lga-2018-19-q2.pdf", tmp_path / "q2--darkfills.pdf", BY_NAME["darkfills"])
    rows = [r for r in _page_rules(q2, 2) if r.horizontal and r.x0 < 445 and r.x1 > 800]
    assert len({round(r.top) for r in rows if 160 < r.top < 250}) >= 4, rows  # 165, 192, 218, 245
    colour = degrade(SAMPLES / "lga-2015-16-q3-colour.pdf", tmp_path / "c--darkfills.pdf", BY_NAME["darkfills"])
    left = [r for r in _page_rules(colour, 2) if not r.horizontal and r.x0 < 40]
    assert any(r.top <= 45 <= r.bottom for r in left), left  # the header's middle


def test_rows_under_a_second_dark_band_whose_column_rule_is_hidden_are_read(tmp_path: Path) -> None:
    """Under a dark section band and a grey sub-heading, the status column's left rule is lost in
    its dark cells; the grid goes on (the cells' sides stand where the rule was): every row read."""
    got, want = _read(tmp_path, "lga-2018-19-q2", "darkfills")
    result = score(got, want)
    assert (result.recovered, result.target_similar) == (37, 37)
    assert result.status_right >= 35 and not result.unflagged_wrong


def _one_page(source: Path, index: int, target: Path) -> Path:
    """Page ``index`` of ``source`` as a PDF of its own (a matrix cell of one page reads in seconds)."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(str(source)), [index])
    out.save(str(target))
    return target


def _statuses_on_page(tmp_path: Path, twin: str, index: int, name: str) -> tuple[list[Any], list[Any]]:
    """The statuses read from one page of a copy, and the twin's for the same rows (paired by target)."""
    page = _one_page(SAMPLES / f"{twin}.pdf", index, tmp_path / f"{twin}-p{index + 1}.pdf")
    want = document_to_dict(extract_document(page))
    got = document_to_dict(extract_document(degrade(page, tmp_path / f"{twin}-p{index + 1}--{name}.pdf",
                                                    BY_NAME[name])))
    pairs = pair(got["deliverables"], want["deliverables"])
    assert all(g is not None for _, g in pairs)
    return [g and g["status"] for _, g in pairs], [w["status"] for w, _ in pairs]


def test_words_the_page_layout_passes_over_and_a_red_cell_copied_dark_are_read(tmp_path: Path) -> None:
    """A greyscale JPEG copy: Tesseract's page layout passed over five of the page's status words
    (short words alone in a column), which are read again from the ink no word covered; the red
    cell, now dark grey, prints its word darker than its fill (read as black on white, not as light
    text on a dark band), and the row rules that ran into it go on along its edges (the column
    read as one cell over three rows, "Green Red Green")."""
    got, want = _statuses_on_page(tmp_path, "lga-2018-19-q2", 0, "grey+jpeg")
    assert len(want) == 14 and "Red" in want
    assert got == want


def test_a_column_whose_outer_rule_is_lost_is_still_a_column(tmp_path: Path) -> None:
    """A 150 dpi JPEG copy: the table's right border, beside a column of green cells, is lost on
    the upper half of a page; the header's last heading stands past the last rule found, so the
    column is kept to where the header's rules end (it was dropped, with every status on the page)."""
    got, want = _statuses_on_page(tmp_path, "lga-2017-18-q4", 4, "jpeg")
    assert len(want) == 7
    assert got == want


def test_dark_fills_keep_each_cell_its_own_colour_and_a_dark_green_is_green(tmp_path: Path) -> None:
    """The darkfills copy darkens each coloured cell in its own colour (an amber cell touching a
    green one was painted a pale mix of the two); a status shown only as a dark green fill is read
    from the colour."""
    import pypdfium2 as pdfium

    page = _one_page(SAMPLES / "lga-2015-16-q3-colour.pdf", 0, tmp_path / "colour-p1.pdf")
    copy = degrade(page, tmp_path / "colour-p1--darkfills.pdf", BY_NAME["darkfills"])
    image = pdfium.PdfDocument(str(copy))[0].render(scale=1).to_pil().convert("RGB")
    r, g, b = image.getpixel((45, 510))  # the amber cell beside the green ones (points, at 72 dpi)
    assert r > g > b and r - b > 60, (r, g, b)
    got, want = _statuses_on_page(tmp_path, "lga-2015-16-q3-colour", 0, "darkfills")
    assert got == want


def _rows_of_matrix_copy(tmp_path: Path, twin: str, index: int, name: str) -> list[tuple[Any, Any]]:
    """The rows read from page ``index`` of the matrix's own copy of ``twin`` (the same noise as
    the bench's: a copy of one page alone is seeded differently), paired with the twin's."""
    copy = degrade(SAMPLES / f"{twin}.pdf", tmp_path / f"{twin}--{name}.pdf", BY_NAME[name])
    got = document_to_dict(extract_document(_one_page(copy, index, tmp_path / f"{twin}--{name}-p{index + 1}.pdf")))
    want = document_to_dict(extract_document(_one_page(SAMPLES / f"{twin}.pdf", index,
                                                        tmp_path / f"{twin}-p{index + 1}.pdf")))
    return [(w, g) for w, g in pair(got["deliverables"], want["deliverables"])]


def _page_of_matrix_copy(tmp_path: Path, twin: str, index: int, name: str) -> tuple[list[Any], list[Any]]:
    """The statuses read from page ``index`` of the matrix's copy of ``twin``, and the twin's."""
    pairs = _rows_of_matrix_copy(tmp_path, twin, index, name)
    return [g and g["status"] for _, g in pairs], [w["status"] for w, _ in pairs]


def test_a_sheet_fed_in_sideways_keeps_its_shape(tmp_path: Path) -> None:
    """A scanner's page takes the sheet's way round: a landscape page fed in sideways comes out
    as a portrait page (it had been kept landscape, the picture squeezed to 0.7 of its width and
    stretched 1.4 times its height, which no scanner does: its 8 pt type read as 5.7 pt)."""
    import pypdfium2 as pdfium

    page = _one_page(SAMPLES / "lga-2018-19-q2.pdf", 0, tmp_path / "landscape-p1.pdf")
    copy = pdfium.PdfDocument(str(degrade(page, tmp_path / "landscape-p1--turn90.pdf", BY_NAME["turn90"])))
    width, height = copy[0].get_size()
    assert (round(width), round(height)) == (595, 842)
    (picture,) = list(copy[0].get_objects())
    assert picture.get_px_size() == (1654, 2339)  # 200 dpi each way


def test_status_words_in_a_sideways_fax_are_spotted_once_it_is_turned(tmp_path: Path) -> None:
    """A fax of a page fed in sideways: turned upright, its green cells' words (read as noise) are
    spotted by shape as on a fax fed in straight; the red cell, printed solid black, stays null."""
    got, want = _page_of_matrix_copy(tmp_path, "lga-2018-19-q2", 0, "fax+turn90")
    assert want.count("Green") == 11
    assert got == [None if w == "Red" else w for w in want]


def test_status_words_in_a_fax_shading_are_spotted(tmp_path: Path) -> None:
    """A fax: every green cell prints as dots about half black, through which the engine reads
    "Gieen", "@urer" or nothing; each word is spotted by its shape (flagged ocr_low_confidence)."""
    got, want = _page_of_matrix_copy(tmp_path, "lga-2018-19-q2", 0, "fax")
    assert want.count("Green") == 11
    assert got == [None if w == "Red" else w for w in want]  # a red cell a fax prints solid black: its word is gone


def test_words_a_stamp_cuts_are_flagged(tmp_path: Path) -> None:
    """A red stamp across a cell's text: the engine reads what is left of the words it crosses,
    with confidence ("the Cabinet office wi ing support"); the field is flagged, never silent."""
    rows = _rows_of_matrix_copy(tmp_path, "lga-2017-18-q4", 3, "marks")
    cut = [(w, g) for w, g in rows if g and g["fields"]["delivered"]["raw"] != w["fields"]["delivered"]["raw"]]
    assert cut
    for w, g in cut:
        assert "ocr_low_confidence" in g["fields"]["delivered"]["flags"], (w["ref"], g["fields"]["delivered"])


def test_a_letter_outside_its_word_box_is_not_read_again_as_a_word(tmp_path: Path) -> None:
    """On a yellowed copy the engine boxed "100" as its "00"; the "1" left outside was read again
    as a word of its own, and the target became "at least 1 100" (its value 1, with no flag)."""
    rows = _rows_of_matrix_copy(tmp_path, "lga-2017-18-q4", 3, "yellowed")
    (row,) = [(w, g) for w, g in rows if "100 high calibre" in w["target"]]
    assert row[1]["target"] == row[0]["target"] and row[1]["target_value"] == 100
