"""XLSX workbooks written at the speed of their rows, in constant memory.

xlsxwriter makes each workbook's frame (parts, styles, the two header rows, column widths, the
frozen panes and the filter) as it makes every workbook; the data rows, which are nearly all of
the work, are written here as the sheet XML that xlsxwriter writes in its constant-memory mode
(inline strings, numbers as `%.16G`, booleans; control characters escaped as `_xHHHH_`), a
third of the time per cell. Each sheet's rows go to an unnamed temporary file beside the output,
and the zip is streamed to the output from the frame and those files, so memory stays flat
however long the list. The document's dates are the as-of date: the same inputs give the same
bytes. Text never becomes a formula or a link: a string is always an inline string.
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
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

from sfmatch.errors import DataError, Problem

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


def write_workbook(path: Path, sheets: Sequence[tuple[Sheet, Sequence[str]]],
                   as_of: dt.date) -> None:  # fmt: skip
    """`sheets` in order, each (sheet, titles: the header as a person reads it), going on in
    `NAME 2`, `NAME 3`... past Excel's row limit (xlsxwriter would silently drop the rest)."""
    with contextlib.ExitStack() as files:

        def rows_file() -> IO[str]:  # unnamed, beside the output: no stray file, ever
            return files.enter_context(
                tempfile.TemporaryFile("w+", encoding="utf-8", newline="", dir=path.parent)
            )

        parts: list[_Part] = []
        for (name, header, rows), titles in sheets:
            rows = iter(rows)
            parts.append(_part(rows_file(), name, header, titles, rows))
            number = 2
            while (row := next(rows, None)) is not None:
                more = itertools.chain([row], rows)
                parts.append(_part(rows_file(), f"{name} {number}", header, titles, more))
                number += 1
        _zip(path, parts, _frame(parts, as_of))


def _part(handle: IO[str], name: str, header: Sequence[str], titles: Sequence[str],
          rows: Iterator[Sequence]) -> _Part:  # fmt: skip
    """Writes as many of `rows` as a sheet holds into `handle`; the rest stay in the iterator."""
    widths = [
        max(8, min(40, max(_width(t), len(h)) + 2)) for h, t in zip(header, titles, strict=True)
    ]
    part = _Part(name, header, titles, handle, widths, last_col=max(len(header) - 1, 0))
    letters = _LETTERS
    write = handle.write
    for n, row in enumerate(itertools.islice(rows, XLSX_MAX_ROWS - HEADER_ROWS), HEADER_ROWS + 1):
        cells = []
        last = 0
        for col, value in enumerate(row):
            if value is None:
                continue
            if col >= len(letters):
                letters = _letters_to(col)
            ref = f"{letters[col]}{n}"
            last = col
            if isinstance(value, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
                continue
            if isinstance(value, int | float) and math.isfinite(value):
                cells.append(f'<c r="{ref}"><v>{value:.16G}</v></c>')
                continue
            text = str(value)
            if len(text) > XLSX_MAX_TEXT:  # Excel would cut it short, silently
                raise DataError([Problem(
                    f"sheet {name}", f"a text of {len(text):,} characters is longer than"
                    f" an Excel cell holds ({XLSX_MAX_TEXT:,})",
                    where=f"row {n}, column {header[col] if col < len(header) else col + 1}",
                    hint="write CSV or JSON instead (-o results.csv)",
                )])  # fmt: skip
            cells.append(_text_cell(ref, text))
            if col < len(widths):
                widths[col] = max(widths[col], min(40, len(text) + 2))
        if cells:
            write(f'<row r="{n}">{"".join(cells)}</row>')
            part.last_row = n
            part.last_col = max(part.last_col, last)
    handle.seek(0)
    return part


_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")  # a literal escape, escaped in turn (_x005F_...)
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_SPECIAL = re.compile("[&<>_\x00-\x08\x0b-\x1f\ufffe\uffff]")
_SPACE = re.compile(r"^\s|\s$")


def _text_cell(ref: str, text: str) -> str:
    """An inline string cell, escaped as xlsxwriter escapes one (and Excel reads it)."""
    if _SPECIAL.search(text):
        text = _ESCAPE.sub(r"_x005F\1", text)
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if _SPACE.search(text) else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _width(text: str) -> int:
    """Columns of a header in Excel's units: a Hangul syllable takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _letters_to(col: int) -> list[str]:
    global _LETTERS
    while len(_LETTERS) <= col:
        n, name = len(_LETTERS) + 1, ""
        while n:
            n, rest = divmod(n - 1, 26)
            name = chr(65 + rest) + name
        _LETTERS.append(name)
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
    with zipfile.ZipFile(io.BytesIO(frame)) as frame_zip, zipfile.ZipFile(path, "w") as out:
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
            with out.open(member, "w", force_zip64=True) as sheet:
                sheet.write(head)
                while chunk := part.rows.read(1 << 20):
                    sheet.write(chunk.encode("utf-8"))
                sheet.write(end + tail)
