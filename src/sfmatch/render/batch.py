"""Batch results as rows: streamed to CSV or JSON, or laid out in an XLSX workbook.

The same row builders feed every format, so CSV, JSON and XLSX cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

import orjson

from sfmatch import labels
from sfmatch.applicants import ERRORS_FILE_COLUMNS, Rejected, RowReport
from sfmatch.batch import Heads, Ranked, Scored, Tally, is_duplicate, ranking_key
from sfmatch.i18n import said
from sfmatch.output import CsvCells
from sfmatch.render.data import JSON_VERSION, batch_result_dict, gap_dict, yes_no
from sfmatch.results import Line, Outline, Result

if TYPE_CHECKING:
    from sfmatch.render.xlsx import Layout

APPLICANT_COLUMNS = ("row", "name", "brn", "region", "district", "size", "duplicate_of")
RESULT_COLUMNS = (
    "rank",
    "program",
    "name_ko",
    "status",
    "score",
    "window",
    "covers",
    "estimated_support_krw",
    "self_share_krw",
    "cofunding_short",
    "near_miss",
)
# After gaps, so that the columns before keep their places: what kind of money, and whether the
# support is the program's cap rather than an estimate.
MONEY_COLUMNS = ("funding_kind", "support_is_cap")
# Then, for people reading the sheet, the status and the window in --lang's language.
LABEL_COLUMNS = ("status_label", "window_label")
# Last, so that every other column keeps its place: the earlier row a row names as a firm in
# another 시·군·구 of its 시·도 (that firm's other factory, perhaps: not a duplicate).
OTHER_SITE = "other_site_of"
BATCH_COLUMNS = (
    *APPLICANT_COLUMNS, *RESULT_COLUMNS, "gaps", *MONEY_COLUMNS, *LABEL_COLUMNS, OTHER_SITE,
)  # fmt: skip
PROGRAM_COLUMNS = (
    "rank",
    *APPLICANT_COLUMNS,
    "status",
    "score",
    "readiness",
    "readiness_detail",
    "ask_for",
    "flip",
    "estimated_support_krw",
    "self_share_krw",
    "cofunding_short",
    *MONEY_COLUMNS,
    "reason",  # why an ineligible applicant is: its first failing criterion
    "ask_for_criteria",  # the criteria of ask_for's questions, as codes (for scripts)
    "status_label",  # the status in --lang's language
    OTHER_SITE,
)
ERROR_COLUMNS = ERRORS_FILE_COLUMNS
FILE_COLUMN = "file"  # last, for a folder of profiles: every other column keeps its place


def with_file(columns: tuple[str, ...], folder: bool) -> tuple[str, ...]:
    """A table's columns, with `file` at the end for a folder of profiles."""
    return (*columns, FILE_COLUMN) if folder else columns


def _file(item: Scored | Ranked) -> tuple:
    file = item.applicant.file
    return () if file is None else (file,)


def shown_results(item: Scored, top: int | None) -> list[Result]:
    """An applicant's non-ineligible results in ranking order, the first `top` when given."""
    assert item.recommendation is not None, "full results are kept only when detailed"
    shown = [r for r in item.recommendation.results if r.status != "ineligible" and r.current]
    return shown[:top] if top else shown


def _applicant(item: Scored | Ranked) -> tuple:
    """The applicant's cells but duplicate_of (known only once earlier rows are seen)."""
    profile = item.applicant.profile
    return (
        item.applicant.row,
        profile.name,
        profile.brn,
        profile.region,
        profile.district,
        item.size,
    )


def _result(rank: int | None, line: Line) -> tuple:
    return (
        rank,
        line.program,
        line.name_ko,
        line.status,
        line.score,
        line.window.status,
        ";".join(line.covers),
        line.support,
        line.own,
        yes_no(line.short),
        yes_no(line.near_miss),
    )


def _labels(line: Line, lang: str) -> tuple[str, str]:
    status = labels.status_label(line.status, line.window)
    return status.say(lang), labels.WINDOW[line.window.status].say(lang)


def batch_rows(scored: Iterable[Scored], lang: str = "en") -> Iterator[tuple]:
    """One row per (applicant, shown program); an applicant with none still gets one row."""
    for item in scored:
        head = (*_applicant(item), item.duplicate_of)
        yield from _rows_of(head, item.outline, _file(item), lang, item.other_site_of)


def _rows_of(head: tuple, outline: Outline, file: tuple, lang: str,
             other: str | None = None) -> Iterator[tuple]:  # fmt: skip
    gaps = "; ".join(f"{need} {kind}" for need, kind in outline.gaps)
    if not outline.results:
        empty = [None] * (len(MONEY_COLUMNS) + len(LABEL_COLUMNS))
        yield (*head, *([None] * len(RESULT_COLUMNS)), gaps, *empty, other, *file)
    for rank, line in enumerate(outline.results, 1):
        money = (line.kind, yes_no(line.support_is_cap))
        yield (*head, *_result(rank, line), gaps, *money, *_labels(line, lang), other, *file)


# in this process, for one run (its language is the run's): the layout, its results' cells and
# the rank cells
_XLSX: dict[str, tuple[Layout, dict, dict]] = {}
DUPLICATE_COLUMN = BATCH_COLUMNS.index("duplicate_of")
OTHER_COLUMN = BATCH_COLUMNS.index(OTHER_SITE)
REPEATS_FROM = BATCH_COLUMNS.index("program")  # a result's cells, which applicants share


def xlsx_block(heads: Heads, outlines: list[Outline], lang: str = "en", run: str = "") -> tuple:
    """`batch_rows` laid out as XLSX rows, for worker processes (plain lists, quick to send
    back): each row's cells with `render.xlsx.NUMBER` where its row number goes, where its
    duplicate flag's cell goes, its last column, the longest text of each column, how many rows
    each applicant has, the rows with a text too long for a cell, and where its other-site flag's
    cell goes. As in `BatchCsv`, an
    applicant's cells are laid out once for all its rows, and each distinct result's once for the
    whole list (a test holds the workbook equal to `batch_rows`')."""
    from sfmatch.render.xlsx import MARK, MARK2, NUMBER, Layout, TooLong

    found = _XLSX.get(run)
    if found is None:  # a new run (a process can make several): its own widths
        _XLSX.clear()
        layout = Layout(REPEATS_FROM, mark=DUPLICATE_COLUMN, mark2=OTHER_COLUMN)
        found = _XLSX[run] = (layout, {}, {})
    layout, results, ranks = found
    if len(results) > CsvCells.LIMIT:
        results.clear()
    rows: list[str] = []
    spots: list[int] = []
    lasts: list[int] = []
    counts: list[int] = []
    longs: list[tuple[int, int, int]] = []  # (row in the block, column, length)
    others: list[int] = []
    for (row, name, brn, region, district, file), outline in zip(heads, outlines, strict=True):
        head = (row, name, brn, region, district, outline.size, None)
        files = () if file is None else (file,)
        before = len(rows)
        try:
            if not outline.results:  # one row, without a result
                for cells in _rows_of(head, outline, files, lang):
                    laid, last = layout.lay(cells, NUMBER)
                    spots.append(laid.index(MARK))
                    laid = laid.replace(MARK, "")
                    others.append(laid.index(MARK2))
                    rows.append(laid.replace(MARK2, ""))
                    lasts.append(last)
            else:
                own = layout.lay(head, NUMBER)[0]
                spot, own = own.index(MARK), own.replace(MARK, "")
                gaps = outline.gaps
                for rank, line in enumerate(outline.results, 1):
                    run = results.get(key := (line, gaps, file))
                    if run is None:
                        shown = Outline(outline.size, (line,), gaps)
                        (cells,) = _rows_of(head, shown, files, lang)
                        xml, last = layout.cells(cells, REPEATS_FROM, len(cells), NUMBER)
                        run = results[key] = (xml.replace(MARK2, ""), last, xml.index(MARK2))
                    rank_cell = ranks.get(rank)
                    if rank_cell is None:
                        at = REPEATS_FROM - 1
                        rank_cell = ranks[rank] = layout.cells({at: rank}, at, at + 1, NUMBER)[0]
                    rows.append(own + rank_cell + run[0])
                    spots.append(spot)
                    lasts.append(run[1])
                    others.append(len(own) + len(rank_cell) + run[2])
        except TooLong as exc:  # the writer says which row, once it numbers them
            longs.append((len(rows), exc.col, exc.length))
            rows.append("")
            spots.append(0)
            lasts.append(-1)
            others.append(0)
        counts.append(len(rows) - before)
    return rows, spots, lasts, list(layout.texts), counts, longs, others


def xlsx_rows(blocks: Iterable[tuple[tuple, list[str | None]]]) -> Iterator:
    """The rows of laid-out blocks (`xlsx_block`), each applicant's duplicate or other-site flag
    in its rows."""
    from sfmatch.render.xlsx import NUMBER, Laid, Layout

    layout = Layout()  # the flags' cells
    for (rows, spots, lasts, texts, counts, longs, others), flags in blocks:
        long = {at: (col, length) for at, col, length in longs}
        at = 0
        for count, flag in zip(counts, flags, strict=True):
            if flag and count:  # its width counts as the others' do
                col, where = ((DUPLICATE_COLUMN, spots) if is_duplicate(flag)
                              else (OTHER_COLUMN, others))  # fmt: skip
                texts += [-1] * (col + 1 - len(texts))
                texts[col] = max(texts[col], len(flag))
                cell = layout.cell(col, str(flag), NUMBER)  # a plain text, as every cell
                for i in range(at, at + count):
                    rows[i] = rows[i][: where[i]] + cell + rows[i][where[i] :]
                    lasts[i] = max(lasts[i], col) if lasts[i] >= 0 else lasts[i]
            at += count
        for i, cells in enumerate(rows):
            yield Laid(cells, lasts[i], texts, long.get(i))


class BatchCsv:
    """`batch_rows` as CSV text, byte for byte as `write_csv` writes them (a test holds this).

    Formatting 300,000 rows is a good part of a 100,000-applicant run, so it is done a chunk at a
    time, in the worker processes when there are some: an applicant's cells once for all its
    rows, each distinct result once. Only the duplicate and other-site flags, known once every
    earlier row has been seen, are filled in afterwards (`fill`): the block leaves those cells
    empty and says where they are on each row.
    """

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.cell = CsvCells()
        self.flag = {None: "", True: "yes", False: "no"}
        # a list has few distinct results: format each once (cells before and after the gaps)
        self.tails: dict[Line, tuple[str, str]] = {}
        self.gaps: dict[tuple, str] = {}
        self.places: dict[tuple, str] = {}

    def header(self, folder: bool = False) -> str:
        return ",".join(map(self.cell, with_file(BATCH_COLUMNS, folder))) + "\r\n"

    def block(self, heads: Heads, outlines: list[Outline]) -> tuple:
        """The rows of applicants (`heads`: row, name, BRN, region, district, file) with their
        outlines: (the rows' text with duplicate_of and other_site_of empty; where the first is
        on each row; how many rows each applicant has; where the second is on each row)."""
        cell, tails, gap_texts = self.cell, self.tails, self.gaps
        if len(tails) > CsvCells.LIMIT or len(gap_texts) > CsvCells.LIMIT:
            tails.clear()
            gap_texts.clear()
        pieces: list[str] = []
        spots: list[int] = []
        counts: list[int] = []
        others: list[int] = []
        at = 0
        places = self.places
        if len(places) > CsvCells.LIMIT:
            places.clear()
        for (row, name, brn, region, district, file), outlined in zip(heads, outlines, strict=True):
            place = places.get(where := (brn, region, district, outlined.size))
            if place is None:
                place = places[where] = ",".join(map(cell, where))
            head = f"{row},{cell.text(name)},{place},"
            found = outlined.gaps
            gaps = gap_texts.get(found)
            if gaps is None:
                gaps = gap_texts[found] = cell("; ".join(f"{n} {k}" for n, k in found))
            end = f",{cell(file)}\r\n" if file is not None else "\r\n"
            results = outlined.results
            lines = (
                [f"{head},{rank},{(tails.get(r) or self._tail(r))[0]},{gaps},{tails[r][1]},{end}"
                 for rank, r in enumerate(results, 1)]
                if results
                else [f"{head},{',' * len(RESULT_COLUMNS)}{gaps}{',' * self.AFTER_GAPS}{end}"]
            )  # fmt: skip
            for line in lines:
                spots.append(at + len(head))
                at += len(line)
                others.append(at - len(end))
            pieces += lines
            counts.append(len(lines))
        return "".join(pieces), spots, counts, others

    AFTER_GAPS = len(MONEY_COLUMNS) + len(LABEL_COLUMNS) + 1  # and other_site_of

    def _tail(self, r: Line) -> tuple[str, str]:
        """A result's cells before the gaps, and its money and label cells after them."""
        cell, flag = self.cell, self.flag
        status, window = _labels(r, self.lang)
        found = self.tails[r] = (
            f"{cell(r.program)},{cell(r.name_ko)},{cell(r.status)},{cell(r.score)},"
            f"{cell(r.window.status)},{cell(';'.join(r.covers))},{cell(r.support)},{cell(r.own)},"
            f"{flag[r.short]},{flag[r.near_miss]}",
            f"{cell(r.kind)},{flag[r.support_is_cap]},{cell(status)},{cell(window)}",
        )
        return found

    def fill(self, block: tuple, flags: list[str | None]) -> str:
        """The block's text with each applicant's duplicate or other-site flag in its rows."""
        text, spots, counts, others = block
        if not any(flags):
            return text
        pieces, done, line = [], 0, 0
        for flag, count in zip(flags, counts, strict=True):
            if flag:
                value = self.cell(str(flag))  # a plain text, as every cell
                where = spots if is_duplicate(flag) else others
                for spot in where[line : line + count]:
                    pieces += (text[done:spot], value)
                    done = spot
            line += count
        pieces.append(text[done:])
        return "".join(pieces)


_CSV: dict[str, BatchCsv] = {}  # one per process and language: workers format with their own


def csv_block(heads: Heads, outlines: list[Outline], lang: str = "en") -> tuple:
    """`BatchCsv.block` as a plain function, for worker processes."""
    found = _CSV.get(lang)
    if found is None:
        found = _CSV[lang] = BatchCsv(lang)
    return found.block(heads, outlines)


def program_cells(items: list[Ranked], lang: str = "en") -> list[tuple[tuple, tuple]]:
    """(ranking key, the table cells but rank and duplicate_of) per applicant: what `--program`
    keeps to sort, a tenth of the size of a `Ranked` (runs in the worker processes)."""
    kept = []
    for item in items:
        r = item.result
        asked = r.questions
        ask = " | ".join(said(q, lang) for _c, q in asked)
        cells = (
            *_applicant(item),
            r.status,
            r.score,
            item.readiness,
            said(item.readiness_detail, lang),
            ask,
            said(r.flip, lang) if r.flip else None,
            r.money.estimated_support_krw,
            r.money.self_share_krw,
            yes_no(r.money.cofunding_short),
            r.money.kind,
            yes_no(r.money.support_is_cap),
            said(r.first_fail, lang) if r.status == "ineligible" else None,
            ", ".join(c for c, _q in asked),
            labels.status_label(r.status, r.window).say(lang),
            *_file(item),
        )
        kept.append((ranking_key(item), cells))
    return kept


def program_rows(ranked: Sequence[tuple[tuple, str | None]]) -> Iterator[tuple]:
    """The `--program` table: rank, the applicant's cells with its duplicate flag, the result,
    its other-site flag (and the file, last)."""
    width = len(APPLICANT_COLUMNS) - 1
    base = len(PROGRAM_COLUMNS) - 3  # but rank, duplicate_of and other_site_of
    for rank, (cells, flag) in enumerate(ranked, 1):
        duplicate, other = (
            (flag, None) if is_duplicate(flag) else (None, str(flag) if flag else None)
        )
        yield (rank, *cells[:width], duplicate, *cells[width:base], other, *cells[base:])


def _cell_names(rows: Sequence[RowReport]) -> list[str]:
    return list(dict.fromkeys(name for item in rows for name in item.cells))


def error_rows(rows: Sequence[RowReport], lang: str = "en") -> Iterator[tuple]:
    """Rejected rows, and scored rows with cells read as unknown (`kind`), with their cells as
    read and every problem (in `lang`), ready to fix and re-run."""
    names = _cell_names(rows)
    for item in rows:
        problems = " | ".join(p.render(lang).removeprefix("error: ") for p in item.problems)
        yield (item.row, item.kind, problems, *(item.cells.get(name, "") for name in names))


def error_header(rows: Sequence[RowReport]) -> tuple[str, ...]:
    return (*ERROR_COLUMNS, *_cell_names(rows))


# --- writers ---------------------------------------------------------------------------------


_SAID: dict[str, dict[str, dict]] = {}  # in this process, for one run: the programs said so far
_NO_DUPLICATE = b'"duplicate_of":null'
_NO_OTHER = b'"other_site_of":null'


def json_block(scored: list[Scored], top: int | None = None, lang: str = "en",
               run: str = "") -> list:  # fmt: skip
    """Each applicant's batch JSON entry as UTF-8 text, with `duplicate_of` null (the writer puts the
    flag in), and what it says once of the programs this process had not said before in the
    run `run` (the writer keeps the first it gets of each): made in the worker processes, as
    CSV rows are, or in the writing process itself."""
    if run not in _SAID:  # a new run (a process can make several: tests, library use)
        _SAID.clear()
    known = _SAID.setdefault(run, {})
    entries = []
    for item in scored:
        rec = item.recommendation
        assert rec is not None, "batch JSON is made of full results"
        new: dict[str, dict] = {}
        results = [batch_result_dict(r, lang, known if r.program in known else new)
                   for r in shown_results(item, top)]  # fmt: skip
        known.update(new)
        entry = {
            "row": item.applicant.row,
            **({"file": item.applicant.file} if item.applicant.file else {}),
            "name": rec.company.name,
            "duplicate_of": None,
            "other_site_of": None,
            "company": {
                "region": rec.company.region,
                "district": rec.company.district,
                "size": rec.company.size,
                "size_derived": rec.company.size_derived,
            },
            "results": results,
            "gaps": [gap_dict(g, lang) for g in rec.gaps],
        }
        entries.append((compact_json(entry), new))
    return entries


def compact_json(value: object) -> bytes:
    """`value` as compact JSON in UTF-8 (no spaces after `,` and `:`), by orjson: the standard
    library's encoder took an eighth of a JSON run, orjson a fifth of that (measured). An
    integer past 64 bits (a typo, scored the exact way) goes to the standard library, which
    writes the same text."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _bytes_under(handle: IO[str]) -> IO[bytes] | None:
    """The binary file under a UTF-8 text handle, where entries already in UTF-8 go straight
    (they are most of the file: not decoded and encoded again), else None."""
    raw = getattr(handle, "buffer", None)
    encoding = (getattr(handle, "encoding", None) or "").lower().replace("-", "")
    if raw is None or encoding != "utf8":
        return None
    handle.flush()  # what the text handle holds goes first
    return raw


def write_batch_json(
    handle: IO[str],
    blocks: Iterable[tuple[list, list[str | None]]],
    rejected: list[Rejected],
    tally: Tally,
    as_of: dt.date,
    source: str,
    lang: str = "en",
) -> None:
    """Streams one applicant at a time (`json_block`'s entries, each with its duplicate flag);
    the programs and the summary come last, once every row is counted."""
    handle.write(
        f'{{"sfmatch": "{JSON_VERSION}", "as_of": "{as_of.isoformat()}", '
        f'"source": {json.dumps(source, ensure_ascii=False)},\n "applicants": ['
    )
    programs: dict[str, dict] = {}
    raw = _bytes_under(handle)
    n = 0
    for entries, flags in blocks:
        for (text, parts), flag in zip(entries, flags, strict=True):
            if flag:  # the first `"duplicate_of":null` is the key's: text in a value is escaped
                if is_duplicate(flag):
                    text = text.replace(_NO_DUPLICATE, b'"duplicate_of":' + compact_json(flag), 1)
                else:
                    other = compact_json(str(flag))
                    text = text.replace(_NO_OTHER, b'"other_site_of":' + other, 1)
            for program, part in parts.items():
                programs.setdefault(program, part)
            piece = (b"\n  " if n == 0 else b",\n  ") + text
            if raw is not None:
                raw.write(piece)
            else:
                handle.write(piece.decode())
            n += 1
    _json_tail(handle, rejected, tally, programs, lang)


def write_program_json(
    handle: IO[str],
    ranked: Sequence[tuple[Ranked, str | None]],
    rejected: list[Rejected],
    tally: Tally,
    program: str,
    as_of: dt.date,
    source: str,
    lang: str = "en",
) -> None:
    handle.write(
        f'{{"sfmatch": "{JSON_VERSION}", "as_of": "{as_of.isoformat()}", '
        f'"program": "{program}", "source": {json.dumps(source, ensure_ascii=False)},\n'
        ' "applicants": ['
    )
    programs: dict[str, dict] = {}
    for n, (item, flag) in enumerate(ranked):
        duplicate, other = (
            (flag, None) if is_duplicate(flag) else (None, str(flag) if flag else None)
        )
        entry = {
            "rank": n + 1,
            "row": item.applicant.row,
            **({"file": item.applicant.file} if item.applicant.file else {}),
            "name": item.applicant.profile.name,
            "duplicate_of": duplicate,
            "other_site_of": other,  # extension: the earlier row of that name in another 시·군·구
            "readiness": item.readiness,
            "readiness_detail": said(item.readiness_detail, lang),
            "result": batch_result_dict(item.result, lang, programs),
        }
        handle.write(("\n  " if n == 0 else ",\n  ") + json.dumps(entry, ensure_ascii=False))
    _json_tail(handle, rejected, tally, programs, lang)


def _json_tail(
    handle: IO[str], rejected: list[Rejected], tally: Tally, programs: dict[str, dict],
    lang: str = "en",
) -> None:  # fmt: skip
    def rows(items: Sequence[RowReport]) -> list[dict]:
        return [
            {"row": r.row, "problems": [p.render(lang) for p in r.problems], "cells": r.cells}
            for r in items
        ]

    summary = {
        "read": tally.read,
        "scored": tally.scored,
        "rejected": tally.rejected,
        **({"outside": tally.outside} if tally.outside else {}),
        "blank": tally.blank,
        "duplicates": tally.duplicates,
        "unknown_cells": tally.unknown_cells,
        "masked_brns": tally.masked_brns,
        "other_sites": tally.other_sites,  # extension: named as a firm in another 시·군·구
    }
    handle.write("\n ],\n")
    said_once = json.dumps(dict(sorted(programs.items())), ensure_ascii=False)
    handle.write(f' "programs": {said_once},\n')
    handle.write(f' "rejected": {json.dumps(rows(rejected), ensure_ascii=False)},\n')
    handle.write(f' "unknown": {json.dumps(rows(tally.unknown), ensure_ascii=False)},\n')
    handle.write(f' "summary": {json.dumps(summary)}\n}}\n')


def write_xlsx(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence],
    rejected: list[Rejected],
    as_of: dt.date,
    lang: str = "en",
) -> None:
    """A workbook: the results sheet, then the rejected rows (see `write_workbook`).

    `rows` is consumed first, so that rejections met while streaming all reach the second sheet.
    """
    write_workbook(path, [("results", header, rows)], rejected, as_of, lang)


Sheet = tuple[str, Sequence[str], Iterable[Sequence]]  # name, header, rows


def write_workbook(path: Path, sheets: Sequence[Sheet], rejected: list[Rejected],
                   as_of: dt.date, lang: str = "en") -> None:  # fmt: skip
    """`sheets` in order, then the rejected rows (see `render.xlsx`); text never becomes a
    formula or link.

    Each sheet has two header rows: what a person reads (`labels.COLUMN` in `lang`; a column
    not there by its own name), then the codes, which scripts and the CSV files use, with
    Excel's filter buttons on them; the data starts on row 3, under both, frozen.
    """
    from sfmatch.render import xlsx

    def titled(sheet: Sheet) -> tuple[Sheet, list[str], int | None]:
        header = sheet[1]
        titles = [said(labels.COLUMN[h], lang) if h in labels.COLUMN else h for h in header]
        # an applicant's results repeat what other applicants' do, from the program on
        repeats = tuple(header[: len(BATCH_COLUMNS)]) == BATCH_COLUMNS
        return sheet, titles, header.index("program") if repeats else None

    def in_turn() -> Iterator[tuple[Sheet, list[str], int | None]]:
        yield from map(titled, sheets)
        # made once the sheets above are written: their rows' rejections are all known then
        yield titled(("rejected", error_header(rejected), error_rows(rejected, lang)))

    xlsx.write_workbook(path, in_turn(), as_of)
