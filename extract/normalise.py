"""Normalisation: logical rows → records, every field with raw text, confidence, flags, source.

Confidence is decided here, by the stage that read or repaired the value, on one scale:
a clean reading is ≥ 0.8 and carries no flag; anything repaired, inferred or guessed is
flagged and below 0.8. The row's confidence is the minimum over its fields.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..contract import Flag
from .fields.key import StatusKey
from .fields.numbers import Headline, delivered_headline, parse_cell_number, target_headline
from .fields.refs import Ref, assign_families, fold_ref, infer_missing, parse_ref, ref_prefix
from .fields.status import CONFLICT, FUZZY, MISSING, StatusReading, read_status
from .fields.text import clean_text
from .fields.trend import trend_of
from .lost_headings import rows_under_lost_headings
from .model import Cell, Deliverable, FieldValue, LogicalRow, QuarterlyRow, Record, Source, pieces_text
from .settings import ExtractSettings

CLEAN = 0.95
DERIVED = 0.85  # a value computed from clean text by a documented rule
INFERRED = 0.6
GARBLED = 0.3
#: the confidence a field can keep when structure recovery had this doubt about it
DOUBT = {Flag.OCR: 0.75, Flag.OCR_LOW_CONFIDENCE: 0.5, Flag.OCR_SUSPECT: 0.5,
         Flag.REJOINED_LINES: 0.75, Flag.COLUMNS_INFERRED: 0.75, Flag.TRUNCATED: 0.6, Flag.TEXT_REPAIRED: 0.6,
         Flag.NUMERIC_REPAIRED: 0.6, Flag.ENGINE_DISAGREEMENT: 0.6, Flag.TARGET_MISSING: 0.3, Flag.PAGE_TURNED: 0.75,
         Flag.ENCODING_GUESSED: 0.75, Flag.FORMULA_NOT_CACHED: 0.3}
NUMERIC_ROLES = ("target", "q1", "q2", "q3", "q4", "total", "pct_achieved")
CONSISTENCY_TOLERANCE = 1.0  # percentage points, for "% achieved" against total / target
CONSISTENCY_SHARE = 0.01  # ... or this share of the expected percentage, whichever is larger
SUM_TOLERANCE = 0.5  # a total this close to the sum of the quarters is their sum (they are counts)
#: in a heading, words of at least this many letters show its case pattern; a pattern needs this many words
CASE_WORD_LETTERS, CASE_PATTERN_WORDS = 4, 3
#: a table uses refs when at least half of its rows (and at least this many) have one
REF_TABLE_ROWS = 2


def _source(cells: list[Cell]) -> tuple[Source, list[Source]]:
    """The first piece's source and every piece's; an empty cell's own area when no piece has text."""
    if not cells:
        return Source(None, None), []
    pieces = [c.source for c in cells if c.words] or [cells[0].source]
    return pieces[0], pieces


def _unique(cells: list[Cell]) -> list[Cell]:
    """A merged cell spans rows (and pages) as one object: each counted once."""
    return list({id(c): c for c in cells}.values())


def _ocr_conf(cells: list[Cell]) -> float | None:
    """The least confident OCR word of the cells, or None when no OCR word is among them."""
    return min((w.ocr_conf for c in cells for w in c.words if w.ocr_conf is not None), default=None)


def _repaired(cells: list[Cell]) -> list[Flag]:
    """``text_repaired`` when a word of the cells was put back together from a narrow cell's break."""
    return [Flag.TEXT_REPAIRED] if any(w.repaired for c in cells for w in c.words) else []


STOPPED_SHARE = 0.9  # a field whose texts end in a full stop this often, over at least ...
STOPPED_MIN = 5  # ... this many texts, ends every one: a text without, on an OCR'd page, lost its stop
TEXT_FIELDS = ("section", "subsection", "target", "delivered", "theme", "deliverable", "commentary")
HEADING_FIELDS = ("section", "subsection", "theme")
VARIANT_COMMON = 2  # a word printed at least this often is the document's own spelling of it
_WORD = re.compile(r"[A-Za-z]{4,}")
REF_SHAPE_USUAL = 0.6  # refs of one shape this share of a document's are its usual shape; a lone other is doubtful
OCR_PAIRS = (("rn", "m"), ("cl", "d"), ("vv", "w"), ("ri", "n"))  # two letters OCR often reads as one
#: a word of four letters or more capitalised in the middle of a sentence: after a lower-case word
#: (or its comma), no full stop between ("support and Started the work")
_CAPITAL_MID = re.compile(r"(?<![\w-])[a-z]+[,;]? ([A-Z][a-z]{3,})\b")
#: ... and alone there, between lower-case words (a name runs: "Cabinet Office", "Social Care"),
#: its capital one OCR tells from the small letter by size alone (C, O, S, V, W, X, Z, K, P, U)
_SHAPE_CAPITAL_ALONE = re.compile(r"(?<![\w-])[a-z]+[,;]? ([CKOPSUVWXZ][a-z]{3,}) (?=[a-z])")
_SENTENCE_THEN_LOWER = re.compile(r"(?<!\b[a-z])(?<!\be\.g)(?<!\bi\.e)(?<!\betc)[.!?] +[a-z]")


def case_suspect(text: str, heading: bool) -> bool:
    """Does OCR'd text break the case pattern around it, as OCR's I/i and case slips do?

    A sentence that starts in lower case ("the database. in the past"), or, in a heading, one
    word of four letters or more whose case differs from all the others after the first
    ("Enabling improvement in Local Authorities", "Sector Support and peer challenge").
    Flagged, never changed: the source may really read so.
    """
    if _SENTENCE_THEN_LOWER.search(text):
        return True
    if heading:
        # after the first word, one word of four letters or more whose case differs from all the others
        rest = [w for w in re.findall(r"[A-Za-z]+", text)[1:] if len(w) >= CASE_WORD_LETTERS]
        lower = sum(w[0].islower() for w in rest)
        return len(rest) >= CASE_PATTERN_WORDS and (lower == 1 or lower == len(rest) - 1)
    return False


class Vocabulary:
    """The words of a document's text fields, each counted once per place it is printed (a section
    heading repeated in every record under it is one printing), to tell a misread word from a
    rare one: a word printed once, one letter away from a word the document prints again and
    again ("chailenge" beside "challenge"), is most likely OCR's slip."""

    def __init__(self, records: Sequence[Record]) -> None:
        seen: set[tuple[int | None, object, str]] = set()
        self.counts: Counter[str] = Counter()
        self.capital_mid: Counter[str] = Counter()  # printings capitalised in mid-sentence, by the word in lower case
        self.in_lower: Counter[str] = Counter()  # printings all in lower case
        for record in records:
            for name, value in record.fields.items():
                key = (value.source.page, value.source.bbox, value.raw or "")
                if name in TEXT_FIELDS and value.raw and key not in seen:
                    seen.add(key)
                    self.counts.update(w.lower() for w in _WORD.findall(value.raw))
                    self.capital_mid.update(w.lower() for w in _CAPITAL_MID.findall(value.raw))
                    self.in_lower.update(w for w in _WORD.findall(value.raw) if w.islower())
        self._common = [w for w, n in self.counts.items() if n >= VARIANT_COMMON]
        # words printed that are another printed word with two letters run into one
        self._merged = {_fold(w) for w in self.counts if _fold(w) != w and _fold(w) in self.counts}
        self._near: dict[str, bool] = {}  # a word printed once: is a common word one letter away?

    def misread(self, text: str) -> list[str]:
        """The words of ``text`` printed only once in the document that are one letter away from a
        word it prints at least ``VARIANT_COMMON`` times (not merely its plural or its stem), and
        the words that are another word of the document with two letters run into one ("leaming"
        beside "learning": OCR merges "rn" into "m", it does not split "m"), however often; and a
        word capitalised in mid-sentence once in the document that it prints in lower case again
        and again ("and Started" among "started": OCR's case slip; a name the document capitalises
        is capitalised wherever it stands, so it is printed so more than once or never lower) — or
        that stands alone between lower-case words with a capital of the small letter's shape
        ("and Started their": S and s differ only in size, which a copy blurs)."""
        alone = set(_SHAPE_CAPITAL_ALONE.findall(text))
        out = [word for word in _CAPITAL_MID.findall(text) if self.capital_mid[word.lower()] == 1
               and (self.in_lower[word.lower()] >= VARIANT_COMMON or word in alone)]
        for word in _WORD.findall(text):
            lower = word.lower()
            if lower in self._merged:  # "leaming" where the document also prints "learning"
                out.append(word)
                continue
            if self.counts[lower] != 1 or word in out:
                continue
            if lower not in self._near:  # (a heading is asked about once for every record under it)
                near = process.extract(lower, self._common, scorer=Levenshtein.distance, score_cutoff=1, limit=3)
                self._near[lower] = any(not _inflection(lower, other) for other, _, _ in near)
            if self._near[lower]:
                out.append(word)
        return out


def _ref_shape(ref: str) -> str:
    """A ref's shape: digits as 9, letters as A ("4.1" → "9.9", "LC17" → "A9")."""
    return re.sub(r"[A-Za-z]+", "A", re.sub(r"\d+", "9", ref.strip()))


def _fold(word: str) -> str:
    """A word with the letter pairs OCR reads as one letter made that letter ("learning" and
    "leaming" fold alike)."""
    for pair, single in OCR_PAIRS:
        word = word.replace(pair, single)
    return word


def _inflection(a: str, b: str) -> bool:
    """Is one word the other with an ending added (plan / plans, complete / completed)?"""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and len(long) - len(short) == 1


def mark_ocr(records: Sequence[Record], ocr_pages: set[int], threshold: float,
             turned_pages: set[int] | None = None) -> None:
    """Flag what OCR read: ``ocr`` on every field from an OCR'd page (text, a status from a fill
    colour, a value taken from OCR'd text), ``ocr_low_confidence`` where one of the field's
    words (or of the text it was taken from) scored under ``threshold``, ``page_turned`` on a page
    read turned upright (``turned_pages``), and ``ocr_suspect`` where its capitals break the
    pattern around them, or where a word of it is printed nowhere else in the document while a
    word one letter away is printed again and again (:class:`Vocabulary`), or on a ref whose
    shape no other ref has where most share one ("41" among "4.1", "4.2"), or on the section of a
    row a lost heading may have left wrong (:mod:`lost_headings`); confidence follows."""
    vocabulary = Vocabulary(records)
    stopped = _fields_ending_in_stops(records)
    refs = {id(r): getattr(r, "ref", None) for r in records}  # as read (a repaired ref as repaired)
    out_of_step = refs_out_of_step([refs[id(r)] for r in records])
    shapes = Counter(_ref_shape(ref) for ref in refs.values() if ref)
    usual_count = shapes.most_common(1)[0][1] if shapes else 0
    headless = rows_under_lost_headings(records)
    for index in headless:  # a scanned row left with no section by a lost heading: its (null) section is flagged
        fields = records[index].fields
        source = next(iter(fields.values())).source if fields else None
        if "section" not in fields and source is not None and source.page in ocr_pages:
            fields["section"] = FieldValue(None, MISSING, [], source)
    for index, record in enumerate(records):
        for name, value in record.fields.items():
            if value.source.page not in ocr_pages:
                continue
            if value.ocr_conf is None and name.endswith("_value"):  # a headline value: its text's words
                text = record.fields.get("delivered" if name == "delivered_value" else "target")
                value.ocr_conf = text.ocr_conf if text is not None else None
            new = [Flag.OCR] + ([Flag.OCR_LOW_CONFIDENCE] if value.ocr_conf is not None and value.ocr_conf < threshold
                             else []) + ([Flag.PAGE_TURNED] if value.source.page in (turned_pages or ()) else [])
            if value.raw and name in TEXT_FIELDS and (case_suspect(value.raw, heading=name in HEADING_FIELDS)
                                                      or vocabulary.misread(value.raw)):
                new.append(Flag.OCR_SUSPECT)
            elif value.raw and name in stopped and value.raw.rstrip()[-1:].isalnum():
                new.append(Flag.OCR_SUSPECT)  # its full stop lost, where the document ends every one
            ref = refs[id(record)]
            if name == "ref" and ref and usual_count >= REF_SHAPE_USUAL * sum(shapes.values()) \
                    and usual_count >= VARIANT_COMMON and shapes[_ref_shape(ref)] == 1:
                new.append(Flag.OCR_SUSPECT)  # "41" among "4.1", "4.2", …: OCR lost the dot
            if name == "ref" and index in out_of_step and Flag.OCR_SUSPECT not in new:
                new.append(Flag.OCR_SUSPECT)  # "4.1" before "1.2", "1.3": a digit misread
            if name in ("section", "subsection") and index in headless and Flag.OCR_SUSPECT not in new:
                new.append(Flag.OCR_SUSPECT)  # under a heading the copy lost
            for flag in reversed(new):
                if flag not in value.flags:
                    value.flags.insert(0, flag)
                value.confidence = min(value.confidence, DOUBT[flag])


def _fields_ending_in_stops(records: Sequence[Record]) -> set[str]:
    """The text fields (not headings) whose texts this document ends with a full stop (or ! or ?)
    nine times in ten or more, over at least ``STOPPED_MIN`` texts: there, one that ends in a
    letter or a digit on an OCR'd page has likely lost its stop (a few pixels OCR leaves off)."""
    ends: dict[str, Counter[bool]] = {}
    for record in records:
        for name, value in record.fields.items():
            if name in TEXT_FIELDS and name not in HEADING_FIELDS and value.raw and value.raw.strip():
                ends.setdefault(name, Counter())[value.raw.rstrip()[-1] in ".!?"] += 1
    return {name for name, count in ends.items()
            if count.total() >= STOPPED_MIN and count[True] >= STOPPED_SHARE * count.total()}


def refs_out_of_step(refs: Sequence[str | None]) -> set[int]:
    """The positions of refs whose family breaks the run their neighbours make: "4.1" between
    "3.9" and "1.2" where "1.2", "1.3" follow ("1.1" misread), "E7" between "E6" and "E8" is in step.
    A ref is out of step when the refs either side of it (the first, or the last, the two after
    or before it) share a family it does not have, and count on through it as if it were theirs."""
    parsed = [parse_ref(r) if r else None for r in refs]
    out: set[int] = set()
    for i, ref in enumerate(parsed):
        if ref is None:
            continue
        before = parsed[i - 1] if i > 0 else None
        after = parsed[i + 1] if i + 1 < len(parsed) else None
        after2 = parsed[i + 2] if i + 2 < len(parsed) else None
        if before is not None and after is not None and before.family == after.family != ref.family \
                and before.number < ref.number < after.number:
            out.add(i)
        elif after is not None and after2 is not None and after.family == after2.family != ref.family \
                and ref.number == after.number - 1 and after2.number == after.number + 1 \
                and (before is None or before.family != after.family):
            out.add(i)  # the first of its run: "4.1", "1.2", "1.3"
    return out


def mark_guessed_lines(records: Sequence[Record], lines: set[int]) -> None:
    """Flag ``encoding_guessed`` on every field read from a text line that was not UTF-8 (by its
    source line; a headline value by its text's), where structure recovery has not already."""
    for record in records:
        for name, value in record.fields.items():
            source = value
            if name.endswith("_value"):  # a headline value: the text it was taken from
                source = record.fields.get("delivered" if name == "delivered_value" else "target", value)
            if source.source.line in lines or Flag.ENCODING_GUESSED in source.flags:
                if Flag.ENCODING_GUESSED not in value.flags:
                    value.flags.append(Flag.ENCODING_GUESSED)
                value.confidence = min(value.confidence, DOUBT[Flag.ENCODING_GUESSED])


def _text_field(cells: list[Cell], text: str | None = None, doubts: list[Flag] | None = None,
                fallback: Source | None = None) -> FieldValue:
    source, pieces = _source(cells)
    if not pieces and fallback is not None:
        source = fallback  # an empty cell: point at its row
    raw = pieces_text(cells) if text is None else text
    flags = [Flag.CONTINUED_ACROSS_PAGES] if len({p.page for p in pieces if p.page is not None}) > 1 else []
    if pieces and pieces[0].page is None and len({p.line for p in pieces}) > 1:
        flags.append(Flag.REJOINED_LINES)  # a text extraction's cell spread over lines, put back together
    flags += [d for d in [*(doubts or []), *_repaired(cells)] if d not in flags]
    confidence = min([CLEAN] + [DOUBT.get(f, CLEAN) for f in flags])
    return FieldValue(raw=raw or None, confidence=confidence, flags=flags, source=source, pieces=pieces,
                      ocr_conf=_ocr_conf(cells))


def normalise_deliverables(rows: list[LogicalRow], doc_id: str, settings: ExtractSettings,
                           used_headings: set[int] | None = None, key: StatusKey | None = None
                           ) -> list[Deliverable]:
    """Given logical rows, return the deliverables under their sections, in document order.

    ``used_headings`` collects the ids of the heading rows some deliverable took its section from;
    ``key`` is the document's own status key, through which its colours are read.
    """
    key = key or StatusKey()
    used = used_headings if used_headings is not None else set()
    section_row: LogicalRow | None = None
    subsection_row: LogicalRow | None = None
    drafts: list[Draft] = []
    section: str | None = None
    subsection: str | None = None
    section_field: FieldValue | None = None
    subsection_field: FieldValue | None = None
    caption_row: LogicalRow | None = None
    caption_field: FieldValue | None = None
    for row in rows:
        if row.table_kind != "narrative":
            continue
        if row.kind == "note":
            continue
        if row.kind == "caption":  # a table captioned of its own: its rows are under it, not the sections before
            caption_row, section_row, subsection_row = row, None, None
            caption_field = _text_field(row.cells["heading"], None, row.field_flags.get("heading")) \
                if row.text("heading") else None
            section = subsection = None
            section_field = subsection_field = None
            continue
        if row.kind == "section":
            section_row, subsection_row = row, None
            section, subsection = clean_text(row.text("heading")) or None, None
            section_field = _text_field(row.cells["heading"], None, row.field_flags.get("heading")) if section else None
            subsection_field = None
            continue
        if row.kind == "subsection":
            subsection_row = row
            subsection = clean_text(row.text("heading"))
            subsection_field = _text_field(row.cells["heading"], None, row.field_flags.get("heading"))
            continue
        drafts.append(_draft(row, section, subsection, caption_field, section_field, subsection_field, settings,
                             key))
        used.update(id(r) for r in (caption_row, section_row, subsection_row) if r is not None)
    _settle_refs(drafts)
    _doubt_lone_letters(drafts)
    _doubt_lost_status_columns(drafts)
    out: list[Deliverable] = []
    used_ids: set[str] = set()
    for seq, d in enumerate(drafts, start=1):
        ident = f"{doc_id}/{d.ref}" if d.ref else f"{doc_id}/{seq:03d}"
        if ident in used_ids:
            ident = f"{doc_id}/{seq:03d}"
        used_ids.add(ident)
        out.append(Deliverable(id=ident, seq=seq, section=d.section, subsection=d.subsection, ref=d.ref,
                               target=d.target, delivered=d.delivered, status=d.status,  # type: ignore[arg-type]
                               target_value=d.target_value, delivered_value=d.delivered_value, fields=d.fields,
                               statuses=d.statuses, group=d.group, percent_complete=d.percent_complete,
                               actual_value=d.actual_value, floor_value=d.floor_value))
    return out


LETTER_STATUS_SHARE = 0.2  # a column writes its statuses as letters when at least this share of them are


def _doubt_lone_letters(drafts: list[Draft]) -> None:
    """A status read from one letter ("a" for Amber) in a column that writes its statuses as words
    is a scrap as likely as a letter (a speck, a word's first letter left by a fax): it stays, flagged
    ``status_fuzzy``. Where the column writes letters (R, A, G), a letter is its own word."""
    read = [(d, d.fields["status"]) for d in drafts if d.status is not None and "status" in d.fields]
    letters = [(d, f) for d, f in read if len("".join(ch for ch in f.raw or "" if ch.isalnum())) == 1]
    if not letters or len(letters) >= LETTER_STATUS_SHARE * len(read):
        return
    for _, status in letters:
        _doubt(status, Flag.STATUS_FUZZY, FUZZY)


STATUS_COLUMN_SHARE = 0.75  # a document gives its rows a status when at least this share of them have a status column


def _doubt_lost_status_columns(drafts: list[Draft]) -> None:
    """A row with no status column in a document whose rows almost all have one (a page where the
    column was lost: its heading misread, its border faded) is flagged ``status_missing``: its null
    says "not found", not "the report gives none". A report whose tables have no status column
    at all, or only some of them, is left alone."""
    columnless = [d.fields["status"] for d in drafts if "status" in d.fields
                  and d.status is None and not d.fields["status"].flags]
    if not columnless or len(drafts) - len(columnless) < STATUS_COLUMN_SHARE * len(drafts):
        return
    for status in columnless:
        _doubt(status, Flag.STATUS_MISSING, MISSING)


@dataclass
class Draft:
    """A deliverable read from its row, before its ref is settled against its neighbours'."""

    section: str | None
    subsection: str | None
    ref_text: str | None  # the ref as the source wrote it (a ref cell, or a bold "E1." prefix)
    ref_source: Source
    target: str
    delivered: str | None
    status: str | None
    target_value: float | None
    delivered_value: float | None
    fields: dict[str, FieldValue]
    ref: str | None = None  # settled by :func:`_settle_refs`
    statuses: dict[str, str | None] = field(default_factory=dict)
    group: list[str] = field(default_factory=list)
    percent_complete: float | None = None
    actual_value: float | None = None
    floor_value: float | None = None


def _draft(row: LogicalRow, section: str | None, subsection: str | None, caption_field: FieldValue | None,
           section_field: FieldValue | None, subsection_field: FieldValue | None,
           settings: ExtractSettings, key: StatusKey) -> Draft:
    fields: dict[str, FieldValue] = {}
    row_source = _row_source(row)
    target_cells = row.cells.get("target", [])
    target_words = [w for c in target_cells for w in c.words]
    ref_text: str | None = None
    ref_source: Source | None = None
    if "ref" in row.cells and row.text("ref"):
        ref_text = row.text("ref")
        ref_source = _source(row.cells["ref"])[0]
    elif target_words and ref_prefix(target_words[0]) is not None:
        ref_text = ref_prefix(target_words[0])
        ref_source = Source(target_words[0].page, target_words[0].bbox, target_words[0].line)
        target_words = target_words[1:]
    target = clean_text(Cell(target_words, None, None).text)
    doubts = row.field_flags
    fields["target"] = _text_field(target_cells, target or None, doubts.get("target"), row_source)
    if not target:
        fields["target"].confidence = GARBLED
        fields["target"].flags.append(Flag.TARGET_MISSING)
    delivered_cells = row.cells.get("delivered", [])
    delivered = clean_text(row.text("delivered")) or None
    fields["delivered"] = _text_field(delivered_cells, None, doubts.get("delivered")) if delivered_cells \
        else FieldValue(None, CLEAN, [], fields["target"].source)
    _keep_other_columns(row, fields)
    reading, fields["status"] = _status_field(row.cells.get("status", []), settings, fields["target"].source, key)
    if "status" not in row.cells:  # the table has no status column: the document gives none
        reading = StatusReading(None, CLEAN, [])
        fields["status"] = FieldValue(None, CLEAN, [], fields["target"].source)
    statuses: dict[str, str | None] = {}
    for role in ("status_previous", "status_goal"):
        if role in row.cells:
            other, fields[role] = _status_field(row.cells[role], settings, fields["target"].source, key)
            statuses[role.removeprefix("status_")] = other.value
    if "trend" in row.cells:
        fields["trend"] = _text_field(row.cells["trend"], fallback=fields["target"].source)
        statuses["trend"] = trend_of(fields["trend"].raw or "")
    group = [c for c in (caption_field, section_field, subsection_field) if c is not None]
    if row.text("group"):
        fields["group"] = _text_field(row.cells["group"])
        group.append(fields["group"])
    if section_field is not None:
        fields["section"] = section_field
    if subsection_field is not None:
        fields["subsection"] = subsection_field
    t_head = target_headline(target)
    d_head = delivered_headline(delivered or "", t_head)
    fields["target_value"] = _value_field(t_head, fields["target"].source)
    fields["delivered_value"] = _value_field(d_head, fields["delivered"].source)
    values = {role: _cell_value(row, role, fields, fields["target"].source)
              for role in ("percent", "kpi_target", "actual", "floor") if role in row.cells}
    target_value = t_head.value
    if "kpi_target" in values:  # a KPI's target column states its target: no headline rule needed
        target_value = values["kpi_target"]
        fields["target_value"] = fields.pop("kpi_target")
    return Draft(section, subsection, ref_text,
                 ref_source or Source(fields["target"].source.page, None, fields["target"].source.line),
                 target, delivered, reading.value, target_value, d_head.value, fields, statuses=statuses,
                 group=[clean_text(g.raw or "") for g in group], percent_complete=values.get("percent"),
                 actual_value=values.get("actual"), floor_value=values.get("floor"))


#: where a column's number goes among a record's fields
VALUE_FIELDS = {"percent": "percent_complete", "kpi_target": "kpi_target", "actual": "actual_value",
                "floor": "floor_value"}


def _cell_value(row: LogicalRow, role: str, fields: dict[str, FieldValue], fallback: Source) -> float | None:
    """A number read from a column ("25%" → 25, "1,700" → 1700), its field kept under its value's name."""
    cells = row.cells[role]
    text = pieces_text(cells)
    value, readable = parse_cell_number(text)
    read = _text_field(cells, text or None, fallback=fallback)
    if not readable:
        read.flags.append(Flag.GARBLED_TEXT)
        read.confidence = GARBLED
    fields[VALUE_FIELDS[role]] = read
    return value


def _status_field(cells: list[Cell], settings: ExtractSettings, fallback: Source, key: StatusKey
                  ) -> tuple[StatusReading, FieldValue]:
    """A status column's reading for one row: the value, and its field (the colour it was read from kept).

    Text the page does not show (in the cell's own colour, or invisible) is evidence, never the
    reading where the page shows one: it confirms or contradicts what is seen, and where nothing is
    seen it is the reading, flagged ``hidden_text``.
    """
    text = pieces_text(cells)
    fill = next((c.fill for c in cells if c.fill is not None), None)
    reading = read_status(text, fill, settings.status_fuzzy_min, settings.status_phrases, key)
    hidden = " ".join(w.text for c in _unique(cells) for w in c.hidden)
    if hidden:
        said = read_status(hidden, None, settings.status_fuzzy_min, settings.status_phrases, key).value
        if reading.value is None and said is not None:
            reading = StatusReading(said, INFERRED, [Flag.HIDDEN_TEXT])
        elif said is not None and said != reading.value:
            reading = StatusReading(reading.value, CONFLICT, [*reading.flags, Flag.STATUS_CONFLICT, Flag.HIDDEN_TEXT])
        elif said is not None and reading.flags:  # a doubtful reading (a colour) that the hidden words confirm
            reading = StatusReading(reading.value, reading.confidence, [*reading.flags, Flag.HIDDEN_TEXT])
    source = _source(cells)[0] if cells else fallback
    if not text and cells:
        source = Source(cells[0].page, cells[0].bbox)
    colour = fill if fill is not None and Flag.STATUS_FROM_COLOUR in reading.flags else None
    if _repaired(cells) and Flag.TEXT_REPAIRED not in reading.flags:
        reading = StatusReading(reading.value, min(reading.confidence, DOUBT[Flag.TEXT_REPAIRED]),
                                [*reading.flags, Flag.TEXT_REPAIRED])
    return reading, FieldValue(text or None, reading.confidence, reading.flags, source, colour=colour,
                               ocr_conf=_ocr_conf(cells))


def _row_source(row: LogicalRow) -> Source | None:
    """The source of a row's first read cell: where a field with no cell of its own points."""
    return next((c.source for cells in row.cells.values() for c in cells if c.words), None)


#: roles a record reads into values of its own; every other column is kept as a field of its name
READ_ROLES = {"ref", "target", "delivered", "status", "status_previous", "status_goal", "trend", "group", "percent",
              "kpi_target", "actual", "floor", "theme", "deliverable", "q1", "q2", "q3", "q4", "total",
              "pct_achieved", "commentary"}


def _keep_other_columns(row: LogicalRow, fields: dict[str, FieldValue]) -> None:
    """Columns of no role the record reads ("Lead officer", "Due date", "Risks") are kept as fields of
    their own, named by their role."""
    for role, cells in row.cells.items():
        if role not in READ_ROLES and any(c.text for c in cells):
            fields[role] = _text_field(cells)


def _value_field(head: Headline, source: Source) -> FieldValue:
    if head.value is None:
        return FieldValue(None, DERIVED, [], source)
    if head.ambiguous:
        return FieldValue(head.raw, INFERRED, [Flag.VALUE_AMBIGUOUS], source)
    return FieldValue(head.raw, DERIVED, [], source)


def _settle_refs(drafts: list[Draft]) -> None:
    """Parse refs; where a table uses refs, infer the missing ones from the sequence."""
    parsed: list[Ref | None] = []
    guessed: list[Ref | None] = []
    blind: list[Ref | None] = []
    for d in drafts:
        text = d.ref_text
        parsed.append(parse_ref(text) if text else None)
        guessed.append((parse_ref(text) or fold_ref(text)) if text else None)  # look-alike glyphs read as E
        blind.append(fold_ref(text, lookalikes=False) if text else None)  # ... or as unknown letters
    uses_refs = sum(p is not None for p in guessed) >= max(REF_TABLE_ROWS, len(guessed) // 2)
    folded = guessed
    if uses_refs:
        # a family from the neighbours beats a glyph's look: "Ξ2" among HW refs is HW2, not E2
        context = assign_families(blind)
        folded = assign_families([c if c is not None and c.family else g for c, g in zip(context, guessed)])
    inferred = infer_missing(folded) if uses_refs else folded
    for d, original, final in zip(drafts, parsed, inferred):
        fields, source, text = d.fields, d.ref_source, d.ref_text
        if original is not None and original == final:
            d.ref = str(original)
            fields["ref"] = FieldValue(text, CLEAN, [], source)
        elif final is not None:
            d.ref = str(final)
            flag = Flag.REF_REPAIRED if text else Flag.REF_INFERRED
            fields["ref"] = FieldValue(text, INFERRED, [flag], source)
        elif text:
            fields["ref"] = FieldValue(text, GARBLED, [Flag.GARBLED_TEXT], source)
        elif uses_refs:
            fields["ref"] = FieldValue(None, INFERRED, [Flag.REF_MISSING], source)


def normalise_quarterly(rows: list[LogicalRow], doc_id: str, used_headings: set[int] | None = None
                        ) -> list[QuarterlyRow]:
    """Given logical rows, return the quarterly numbers rows with numbers checked by arithmetic."""
    used = used_headings if used_headings is not None else set()
    out: list[QuarterlyRow] = []
    theme: str | None = None
    theme_field: FieldValue | None = None
    theme_row: LogicalRow | None = None
    for row in rows:
        if row.table_kind != "quarterly":
            continue
        if row.kind in ("caption", "note"):
            continue
        if row.kind in ("section", "subsection"):
            theme = clean_text(row.text("heading")) or None
            theme_field = _text_field(row.cells["heading"], None, row.field_flags.get("heading")) if theme else None
            theme_row = row
            continue
        if row.text("theme"):
            theme, theme_field = clean_text(row.text("theme")), _text_field(row.cells["theme"])
            theme_row = None
        if theme_row is not None:
            used.add(id(theme_row))
        fields: dict[str, FieldValue] = {}
        deliverable_cells = row.cells.get("deliverable", [])
        deliverable = clean_text(row.text("deliverable"))
        fields["deliverable"] = _text_field(deliverable_cells, None, row.field_flags.get("deliverable"))
        row_source = _row_source(row)
        if not deliverable_cells and row_source is not None:  # the row's text was lost: point at the row
            fields["deliverable"].source = row_source
        _keep_other_columns(row, fields)
        if theme_field is not None:
            fields["theme"] = theme_field
        values: dict[str, float | None] = {}
        for role in NUMERIC_ROLES:
            cells = row.cells.get(role, [])
            text = pieces_text(cells)
            value, readable = parse_cell_number(text)
            source = _source(cells)[0] if cells else fields["deliverable"].source
            if cells and not text:
                source = Source(cells[0].page, cells[0].bbox)
            doubts = row.field_flags.get(role, [])
            fv = FieldValue(text or None, min([CLEAN if readable else GARBLED] + [DOUBT.get(f, CLEAN) for f in doubts]),
                            ([] if readable else [Flag.GARBLED_TEXT]) + list(doubts), source)
            values[role] = value
            fields[role] = fv
        _repair_percent(values, fields)
        _check_arithmetic(values, fields)
        commentary = clean_text(row.text("commentary")) or None
        if row.cells.get("commentary"):
            fields["commentary"] = _text_field(row.cells["commentary"])
        seq = len(out) + 1
        out.append(QuarterlyRow(id=f"{doc_id}/q{seq:03d}", seq=seq, theme=theme, deliverable=deliverable,
                                target=values["target"], q1=values["q1"], q2=values["q2"],
                                q3=values["q3"], q4=values["q4"], total=values["total"],
                                pct_achieved=values["pct_achieved"], commentary=commentary,
                                matches_deliverable=None, fields=fields))
    return out


GARBLED_PERCENT = re.compile(r"^\s*0\d|^\s*\d{4,}\s*$")


def _repair_percent(values: dict[str, float | None], fields: dict[str, FieldValue]) -> None:
    """A "% achieved" read as "10070" or "0070" (the % sign misread as digits) is repaired from
    total / target when its digits start with that result; otherwise it is garbled, not a number."""
    raw = fields["pct_achieved"].raw
    if raw is None or not GARBLED_PERCENT.match(raw):
        return
    total, target = values["total"], values["target"]
    expected = int(100 * total / target + 0.5) if total is not None and target else None  # half up, as printed
    if expected is not None and raw.strip().startswith(str(expected)):
        values["pct_achieved"] = expected
        _doubt(fields["pct_achieved"], Flag.NUMERIC_REPAIRED)
    else:
        values["pct_achieved"] = None
        fields["pct_achieved"].flags.append(Flag.GARBLED_TEXT)
        fields["pct_achieved"].confidence = GARBLED


def _check_arithmetic(values: dict[str, float | None], fields: dict[str, FieldValue]) -> None:
    """Flag totals that are not the sum of the quarters and percentages that are not total/target.

    Only flagged, never changed: some series report cumulative or distinct counts per quarter,
    so a total that is not the sum may be right. The reader of the flag decides.
    """
    quarters = [v for v in (values["q1"], values["q2"], values["q3"], values["q4"]) if v is not None]
    total, target, pct = values["total"], values["target"], values["pct_achieved"]
    if total is not None and len(quarters) >= 2 and abs(sum(quarters) - total) > SUM_TOLERANCE:
        _doubt(fields["total"], Flag.NUMERIC_INCONSISTENT)
    if pct is not None and total is not None and target:
        expected = 100.0 * total / target
        if abs(expected - pct) > max(CONSISTENCY_TOLERANCE, CONSISTENCY_SHARE * expected):
            _doubt(fields["pct_achieved"], Flag.NUMERIC_INCONSISTENT)


def _doubt(field: FieldValue, flag: Flag, confidence: float = INFERRED) -> None:
    """Flag a field (once) and lower its confidence to at most ``confidence``."""
    if flag not in field.flags:
        field.flags.append(flag)
    field.confidence = min(field.confidence, confidence)
