"""XLSX workbooks written at the speed of their rows, in constant memory.

xlsxwriter makes each workbook's frame (parts, styles, the two header rows, column widths, the
frozen panes and the filter) as it makes every workbook; the data rows, which are nearly all of
the work, are laid out here (`Layout`) as the sheet XML that xlsxwriter writes in its
constant-memory mode (inline strings, numbers as `%.16G`, booleans; control characters escaped
as `_xHHHH_`), each distinct value's cell once, and, for batch results, in the worker processes
(`render.batch.xlsx_block`). Each sheet's rows go to an unnamed temporary file beside the
output, and the zip is streamed to the output from the frame and those files (compressed fast:
the rows are nearly all the bytes), so memory stays flat however long the list. The document's
dates are the as-of date: the same inputs give the same bytes. Text never becomes a formula or a
link: a string is always an inline string.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import itertools
import math
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

from rich.cells import cell_len  # a Hangul syllable takes two columns, in Excel as on a terminal

from sfmatch.errors import DataError, Problem
from sfmatch.i18n import N_
from sfmatch.workbook import column_letters

XLSX_MAX_ROWS = 1_048_576  # rows in an Excel sheet, the header's included
XLSX_MAX_TEXT = 32_767  # characters in an Excel cell
HEADER_ROWS = 2  # what a person reads, then the codes

Sheet = tuple[str, Sequence[str], Iterable[Sequence]]  # name, header (codes), rows


@dataclasses.dataclass
class _Part:
    """One sheet as written: its rows in `rows` (XML), counted, and its column widths."""

    name: str
    header: Sequence[str]
    titles: Sequence[str]
    rows: IO[str]
    widths: list[int]
    last_row: int = HEADER_ROWS  # the last row holding a cell, counted from 1
    last_col: int = 0  # the widest row's last column, counted from 0


def write_workbook(path: Path, sheets: Iterable[tuple[Sheet, Sequence[str], int | None]],
                   as_of: dt.date) -> None:  # fmt: skip
    """`sheets` in order, each taken once the one before is written: (sheet, titles: the header
    as a person reads it, the column from which rows repeat runs of values or None: see
    `Layout`), going on in `NAME 2`, `NAME 3`... past Excel's row limit (xlsxwriter would
    silently drop the rest)."""
    with contextlib.ExitStack() as files:

        def rows_file() -> IO[str]:  # unnamed, beside the output: no stray file, ever
            return files.enter_context(
                tempfile.TemporaryFile("w+", encoding="utf-8", newline="", dir=path.parent)
            )

        parts: list[_Part] = []
        for (name, header, rows), titles, repeat_from in sheets:
            rows = iter(rows)
            layout = Layout(repeat_from)  # one per sheet: its parts share the cells made
            parts.append(_part(rows_file(), name, header, titles, rows, layout))
            number = 2
            while (row := next(rows, None)) is not None:
                more = itertools.chain([row], rows)
                parts.append(_part(rows_file(), f"{name} {number}", header, titles, more, layout))
                number += 1
        _zip(path, parts, _frame(parts, as_of))


class TooLong(Exception):
    """A text longer than an Excel cell holds, in column `col`."""

    def __init__(self, col: int, length: int) -> None:
        super().__init__(col, length)
        self.col, self.length = col, length


class Laid:
    """A row laid out beforehand (by `Layout` in a worker process): its cells' XML with NUMBER
    where its row number goes and MARK where the cell of column `Layout.mark` goes, the longest
    text of each column in its block (shared by the block's rows), and its last column."""

    __slots__ = ("cells", "last", "long", "texts")

    def __init__(self, cells: str, last: int, texts: list[int],
                 long: tuple[int, int] | None = None) -> None:  # fmt: skip
        self.cells, self.last, self.texts = cells, last, texts
        self.long = long  # (column, length) of a text too long for a cell: the row's error


NUMBER, MARK, MARK2 = (
    "\x00",
    "\x01",
    "\x02",
)  # never in a cell's XML: control characters are escaped


class Layout:
    """Lays rows out as cells' XML, in the writing process or a worker.

    A list repeats its values (programs, statuses, labels, sizes): each distinct value's cell is
    made once, all but its reference (`_tail`), and a cell is then its column, its row and that.
    With `repeat_from`, the cells from that column on (a result, which many applicants share)
    are made once per distinct run of values, with NUMBER where the row number goes. With
    `mark`, an empty cell of that column leaves MARK, where a cell known only later goes (and
    with `mark2`, one of that column MARK2).
    """

    def __init__(self, repeat_from: int | None = None, mark: int | None = None,
                 mark2: int | None = None) -> None:  # fmt: skip
        self.repeat_from = repeat_from
        self.marks = {c: m for c, m in ((mark, MARK), (mark2, MARK2)) if c is not None}
        self.tails: dict[tuple[type, object], tuple[str, int]] = {}
        self.runs: dict[tuple, tuple[str, int]] = {}  # cells from `repeat_from` on: (XML, last)
        self.texts: list[int] = []  # the longest text of each column laid out (-1: none)

    def lay(self, row: Sequence, number: str) -> tuple[str, int]:
        """(the row's cells with `number` as their row's, its last cell's column or -1)."""
        split = len(row) if self.repeat_from is None else min(self.repeat_from, len(row))
        head, last = self.cells(row, 0, split, number)
        if len(row) <= split:
            return head, last
        values = tuple(row[split:])  # with their kinds (1, 1.0 and True are equal keys) and
        # the signs of float zeros (0.0 and -0.0 are too)
        key = (values, tuple(v.__class__ if v.__class__ is not float or v else repr(v)
                             for v in values))  # fmt: skip
        run = self.runs.get(key)
        if run is None:
            if len(self.runs) >= _TAILS:
                self.runs.clear()
            run = self.runs[key] = self.cells(row, split, len(row), NUMBER)
        if run[1] < 0:
            return head, last
        return head + (run[0] if number == NUMBER else run[0].replace(NUMBER, number)), run[1]

    def cell(self, col: int, value: object, number: str) -> str:
        """One cell (a value known late, such as a duplicate flag)."""
        return self.cells({col: value}, col, col + 1, number)[0]

    def cells(self, row: Sequence | dict[int, object], start: int, stop: int,
               number: str) -> tuple[str, int]:  # fmt: skip
        """The cells of columns `start` to `stop` of `row` (a sequence, or {column: value}),
        with `number` as their row's, and the last one's column (-1 when none)."""
        tails, texts, marks = self.tails, self.texts, self.marks
        letters = _LETTERS if stop <= len(_LETTERS) else _letters_to(stop)
        made, last = [], -1
        values = row.items() if isinstance(row, dict) else enumerate(row[start:stop], start)
        for col, value in values:
            if value is None:
                if col in marks:
                    made.append(marks[col])
                continue
            found = tails.get((value.__class__, value))
            if found is None:
                if len(tails) >= _TAILS:  # a list of distinct texts: keep memory flat
                    tails.clear()
                found = _tail(value)
                if value or value.__class__ is not float:  # 0.0 and -0.0 are equal keys
                    tails[(value.__class__, value)] = found
                if found[1] > XLSX_MAX_TEXT:  # Excel would cut it short, silently
                    raise TooLong(col, found[1])
            made.append(f'<c r="{letters[col]}{number}{found[0]}')
            last = col
            if found[1] >= 0:
                if col >= len(texts):
                    texts += [-1] * (col + 1 - len(texts))
                if found[1] > texts[col]:
                    texts[col] = found[1]
        return "".join(made), last


def _part(handle: IO[str], name: str, header: Sequence[str], titles: Sequence[str],
          rows: Iterator[Sequence | Laid], layout: Layout) -> _Part:  # fmt: skip
    """Writes as many of `rows` as a sheet holds into `handle`; the rest stay in the iterator.
    A row is a sequence of values, or `Laid` out beforehand."""
    widths = [
        max(8, min(40, max(cell_len(t), len(h)) + 2)) for h, t in zip(header, titles, strict=True)
    ]
    part = _Part(name, header, titles, handle, widths, last_col=max(len(header) - 1, 0))
    write, lay, seen = handle.write, layout.lay, None
    texts = [layout.texts]
    for n, row in enumerate(itertools.islice(rows, XLSX_MAX_ROWS - HEADER_ROWS), HEADER_ROWS + 1):
        long = None
        if row.__class__ is Laid:
            cells, last, long = row.cells.replace(NUMBER, str(n)), row.last, row.long  # type: ignore[union-attr]
            if row.texts is not seen:  # type: ignore[union-attr]
                seen = row.texts  # type: ignore[union-attr]
                texts.append(seen)
        else:
            try:
                cells, last = lay(row, str(n))  # type: ignore[arg-type]
            except TooLong as exc:
                long = (exc.col, exc.length)
        if long is not None:
            column = header[long[0]] if long[0] < len(header) else long[0] + 1
            raise DataError([Problem(
                f"sheet {name}", N_("a text of {length} characters is longer than an Excel cell"
                                    " holds ({most})", length=f"{long[1]:,}",
                                    most=f"{XLSX_MAX_TEXT:,}"),
                where=f"row {n}, column {column}",
                hint=N_("write CSV or JSON instead (-o results.csv)"),
            )])  # fmt: skip
        if cells:
            write(f'<row r="{n}">{cells}</row>')
            part.last_row = n
            part.last_col = max(part.last_col, last)
    for longest in texts:  # the widths of the texts laid out (those of earlier parts too)
        for col, length in enumerate(longest[: len(widths)]):
            if length + 2 > widths[col]:
                widths[col] = min(40, length + 2)
    handle.seek(0)
    return part


_TAILS = 1 << 16  # distinct values whose cells are kept


def _tail(value: object) -> tuple[str, int]:
    """A value's cell after its reference, and its length as text (-1 for a number)."""
    if isinstance(value, bool):
        return f'" t="b"><v>{int(value)}</v></c>', -1
    if isinstance(value, int | float) and math.isfinite(value):
        return f'"><v>{value:.16G}</v></c>', -1
    text = str(value)
    return _text_tail(text), len(text)


_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")  # a literal escape, escaped in turn (_x005F_...)
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_SPECIAL = re.compile("[&<>_\x00-\x08\x0b-\x1f\ufffe\uffff]")
_SPACE = re.compile(r"^\s|\s$")


def _text_tail(text: str) -> str:
    """An inline string cell after its reference, escaped as xlsxwriter escapes one (and Excel
    reads it)."""
    if _SPECIAL.search(text):
        text = _ESCAPE.sub(r"_x005F\1", text)
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if _SPACE.search(text) else ""
    return f'" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _letters_to(col: int) -> list[str]:
    """The columns' letters (A, B, ... AA), known up to `col` at least."""
    _LETTERS.extend(column_letters(i) for i in range(len(_LETTERS), col + 1))
    return _LETTERS


_LETTERS: list[str] = []
_letters_to(51)


def _frame(parts: Sequence[_Part], as_of: dt.date) -> bytes:
    """The workbook without its data rows, made by xlsxwriter."""
    import xlsxwriter  # only when writing workbooks

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False, "constant_memory": True})  # fmt: skip
    stamp = dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC)
    book.set_properties({"created": stamp})  # also the 'modified' date xlsxwriter writes
    bold, grey = book.add_format({"bold": True}), book.add_format({"font_color": "#666666"})
    for part in parts:
        sheet = book.add_worksheet(part.name)
        sheet.freeze_panes(HEADER_ROWS, 0)
        for col, title in enumerate(part.titles):  # row by row: constant-memory mode writes a
            sheet.write_string(0, col, title, bold)  # row out when the next one starts
        for col, code in enumerate(part.header):
            sheet.write_string(1, col, code, grey)
        for col, width in enumerate(part.widths):
            sheet.set_column(col, col, width)
        if part.header:
            sheet.autofilter(HEADER_ROWS - 1, 0, part.last_row - 1, len(part.header) - 1)
    book.close()
    return buffer.getvalue()


_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


def _zip(path: Path, parts: Sequence[_Part], frame: bytes) -> None:
    """The frame's parts in its order, each sheet's rows streamed into its XML."""
    rows = {f"xl/worksheets/sheet{i}.xml": part for i, part in enumerate(parts, 1)}
    with (
        zipfile.ZipFile(io.BytesIO(frame)) as frame_zip,
        zipfile.ZipFile(path, "w", compresslevel=1) as out,
    ):
        for info in frame_zip.infolist():
            body = frame_zip.read(info)
            part = rows.get(info.filename)
            if part is None or part.last_row == HEADER_ROWS:
                out.writestr(info, body)
                continue
            span = f"A1:{_letters_to(part.last_col)[part.last_col]}{part.last_row}"
            body = _DIMENSION.sub(f'<dimension ref="{span}"/>'.encode(), body, count=1)
            head, end, tail = body.partition(b"</sheetData>")
            assert end, "xlsxwriter wrote no </sheetData>"
            member = zipfile.ZipInfo(info.filename, info.date_time)
            member.compress_type, member.external_attr = info.compress_type, info.external_attr
            # fast compression: the rows are nearly all the bytes (Python 3.13 renamed the field)
            level = "compress_level" if hasattr(member, "compress_level") else "_compresslevel"
            setattr(member, level, 1)
            with out.open(member, "w", force_zip64=True) as sheet:
                sheet.write(head)
                while chunk := part.rows.read(1 << 20):
                    sheet.write(chunk.encode("utf-8"))
                sheet.write(end + tail)
