"""Workbooks read at the speed of their data: `.xlsx`, `.xlsm` and the older `.xls`.

A sheet is read by calamine (a Rust reader), which keeps only the cells that hold values; the
formatted, empty rows an export leaves below its data (a million of them in FactoryOn's) are cut
from the sheet's XML before calamine parses it, so such a file costs what its data costs. A
sheet whose XML is bigger than `STREAMED_FROM` bytes (a list near Excel's million rows) is
streamed by openpyxl instead, row by row in constant memory, since calamine holds the whole sheet.

Both readers give the same rows: the sheet's rows from row 1, each cell as openpyxl gives it in
read-only, values-only mode (None for an empty cell, int for a whole number, datetime for a date,
the error's text such as '#DIV/0!' for an error cell), so the rest of sfmatch never knows which
one read the file. (One difference: rows are as wide as the widest row when loaded, and as the
size the sheet claims when streamed; they differ only in a sheet that claims the wrong size.)
calamine gives error cells as blanks; for `.xlsx` they are found in the sheet's XML and put
back. In `.xls` (a binary format) they cannot be: there an error cell reads as blank. Blank rows
below the last row that holds a value are not rows of the list (calamine does not see them;
`ApplicantList.raw_rows` does not count them, whoever read them).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sfmatch.i18n import N_

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
STREAMED_FROM = 64 * 2**20  # bytes of sheet XML: past this, a sheet is streamed, not loaded
_WHOLE = 2**53  # a float past this is not an integer Excel stored as one


class Unreadable(Exception):
    """The file is not a workbook sfmatch can open (its text says why, for the user)."""

    def __init__(self, why: object, hint: object = None) -> None:
        super().__init__(str(why))
        self.what = why  # a message (`N_`) or an exception's name
        self.hint = hint if hint is not None else N_("save it again as .xlsx")


def _sniffed(path: Path) -> Unreadable | None:
    """What a file named like a workbook is instead, where it says so in its first bytes: many
    public systems export a web page (an HTML table) or an Excel 2003 XML file as `.xls`."""
    try:
        with path.open("rb") as handle:
            head = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    except OSError:
        return None
    if head.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")) or b"<html" in head:
        return Unreadable(N_("it is a web page, an HTML table saved under an Excel name"),
                          N_("open it in Excel and save it as .xlsx, or save it as CSV"))  # fmt: skip
    if head.startswith(b"<?xml"):
        return Unreadable(N_("it is an XML file, perhaps Excel 2003 XML"),
                          N_("open it in Excel and save it as .xlsx"))  # fmt: skip
    return None


class Damaged(Exception):
    """The sheet broke while it was being read, after row `after`; `why` names the failure."""

    def __init__(self, after: int, cause: BaseException) -> None:
        super().__init__(why(cause))
        self.after, self.cause = after, cause


def why(cause: BaseException) -> str:
    """A failure's name as a line can show it: zlib names its errors `error`."""
    name = type(cause).__name__
    return "damaged compressed data" if type(cause).__module__ == "zlib" else name


class Workbook:
    """An open workbook: its worksheets' names, and one sheet's rows."""

    def __init__(self, path: Path) -> None:
        import python_calamine  # imported only for workbooks

        self.path = path
        self._xlsx = path.suffix.casefold() != ".xls"
        self._sheets: dict[str, tuple[Any, dict | None]] = {}  # name: (sheet, error cells)
        self._streaming: Any = None  # the openpyxl workbook of a sheet too big to load
        self._cut: list[Any] = []  # workbooks with a sheet's empty rows cut off, for calamine
        try:
            self._book = python_calamine.CalamineWorkbook.from_path(str(path))
            worksheet = python_calamine.SheetTypeEnum.WorkSheet
            self.sheetnames = [m.name for m in self._book.sheets_metadata if m.typ == worksheet]
        except Exception as exc:  # calamine raises several kinds for damaged or other files
            raise _sniffed(path) or Unreadable(type(exc).__name__) from None
        if not self.sheetnames:
            raise Unreadable(N_("no worksheets"))

    def rows(self, name: str | None) -> Iterator[list]:
        """The rows of the sheet named `name` (the first worksheet for None), row 1 first, each
        as wide as the sheet's widest; a sheet is loaded once however often it is read."""
        name = self.sheetnames[0] if name is None else name
        if name not in self._sheets:
            self._sheets[name] = self._open(name)
        sheet, errors = self._sheets[name]
        if errors is None:
            return _streamed(sheet)
        return _loaded(sheet, errors)

    def _open(self, name: str) -> tuple[Any, dict | None]:
        member = _member(self.path, name) if self._xlsx else None
        if member is not None and member.file_size > STREAMED_FROM:
            from openpyxl import load_workbook  # slow to import: only for sheets too big to load

            try:
                self._streaming = load_workbook(self.path, read_only=True, data_only=True)
            except Exception as exc:
                raise Unreadable(type(exc).__name__) from None
            return self._streaming[name], None
        errors: dict[int, dict[int, str]] = {}
        book = self._book
        if member is not None:
            try:
                with zipfile.ZipFile(self.path) as package:
                    xml = package.read(member)
                errors = _error_cells(xml)
                cut = _without_empty_rows(xml)
                del xml  # calamine reads the sheet again: not both at once in memory
                if cut is not None:  # rows formatted below the data: calamine gets it without
                    book = _package(self.path, member, cut)
                    self._cut.append(book)
            except Exception as exc:  # a member that does not inflate (zlib.error), a bad zip
                raise Damaged(0, exc) from None
        try:
            return book.get_sheet_by_name(name), errors
        except Exception as exc:  # a sheet's XML that does not parse
            raise Damaged(0, exc) from None

    def close(self) -> None:
        self._sheets.clear()
        self._book.close()
        for book in self._cut:
            book.close()
        if self._streaming is not None:
            self._streaming.close()


def _loaded(sheet: Any, errors: dict[int, dict[int, str]]) -> Iterator[list]:
    if sheet.start is None:  # an empty sheet
        return
    left = [None] * sheet.start[1]
    for number, row in enumerate(sheet.iter_rows(), 1):
        cells = [*left, *map(_cell, row)]
        if number in errors:
            for column, text in errors[number].items():
                if column < len(cells):
                    cells[column] = text
        yield cells


def _cell(value: object) -> object:
    """A calamine value as openpyxl gives it."""
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float:
        return int(value) if value.is_integer() and -_WHOLE < value < _WHOLE else value  # type: ignore[union-attr]
    if kind is dt.date:
        return dt.datetime.combine(value, dt.time())  # type: ignore[arg-type]
    return value


def _streamed(sheet: Any) -> Iterator[list]:
    """The rows of an openpyxl read-only sheet: every row it holds, not only those its size
    claims, each padded to the claimed width (a column past the last named one is one without
    a name)."""
    width = sheet.max_column or 0
    sheet.reset_dimensions()
    for cells in sheet.iter_rows(values_only=True):
        yield [*cells, *[None] * (width - len(cells))]


# --- error cells of an .xlsx sheet -----------------------------------------------------------

_ERROR = re.compile(rb"""<(?:\w+:)?c\s[^>]*?\bt=["']e["'][^>]*>.*?</(?:\w+:)?c>""", re.S)
_REF = re.compile(rb"""\br=["']([A-Z]+)(\d+)["']""")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_ROW_END = re.compile(rb"</(?:\w+:)?row>")
_DATA_END = re.compile(rb"</(?:\w+:)?sheetData>")
_WORTH_CUTTING = 1 << 20  # bytes of empty rows: fewer are parsed faster than cut


def _member(path: Path, name: str) -> zipfile.ZipInfo | None:
    """The zip member holding the sheet named `name`, found as Excel finds it (the package's
    relationships to the workbook part, then to its sheets); None when the package does not
    say, and then the sheet is read as calamine reads it, without the error cells put back."""
    from xml.etree import ElementTree  # only for workbooks

    try:
        with zipfile.ZipFile(path) as package:
            book_part = next(
                (t for k, t in _targets(package, "_rels/.rels", "") if k == "officeDocument"),
                "xl/workbook.xml",
            )
            folder, file = posixpath.split(book_part)
            sheets = dict(_targets(package, posixpath.join(folder, "_rels", file + ".rels"), folder,
                                   by="Id"))  # fmt: skip
            book = ElementTree.fromstring(package.read(book_part))
            for sheet in book.iter():
                if sheet.tag.rpartition("}")[2] == "sheet" and sheet.get("name") == name:
                    rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
                    return package.getinfo(sheets[rid])
    except Exception:  # no such part, a part that does not parse or inflate: calamine judges
        return None
    return None


def _targets(package: zipfile.ZipFile, rels: str, folder: str, by: str = "Type"):
    """(the last word of each relationship's type, or its id; its target as a member name)."""
    from xml.etree import ElementTree

    for rel in ElementTree.fromstring(package.read(rels)).iter():
        if rel.tag.rpartition("}")[2] != "Relationship":
            continue
        target = rel.get("Target", "")
        where = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        key = rel.get("Id") if by == "Id" else rel.get("Type", "").rpartition("/")[2]
        yield key, posixpath.normpath(where)


def _error_cells(xml: bytes) -> dict[int, dict[int, str]]:
    """{row: {column index: '#N/A'}} of the sheet's error cells (a fast search for the error
    type; a cell is parsed only where one is found)."""
    found: dict[int, dict[int, str]] = {}
    if b't="e"' not in xml and b"t='e'" not in xml:
        return found
    for cell in _ERROR.finditer(xml):
        ref, value = _REF.search(cell.group()), _VALUE.search(cell.group())
        if ref is not None:
            row, column = int(ref.group(2)), _column(ref.group(1))
            found.setdefault(row, {})[column] = value.group(1).decode() if value else "#N/A"
    return found


def _without_empty_rows(xml: bytes) -> bytes | None:
    """The sheet's XML without the rows below the last one that holds a value (formatted, empty
    rows, which calamine parses only to leave out); None when there are few such rows."""
    last = max(xml.rfind(b"v>"), xml.rfind(b"is>"))  # a value's tags: <v>, </x:v>, </is>
    end = _ROW_END.search(xml, max(last, 0))
    data_end = _DATA_END.search(xml, end.end() if end else 0)
    if end is None or data_end is None or data_end.start() - end.end() < _WORTH_CUTTING:
        return None
    return xml[: end.end()] + xml[data_end.start() :]


def _package(path: Path, member: zipfile.ZipInfo, xml: bytes) -> Any:
    """The workbook with `member` holding `xml`, in memory, as calamine opens it."""
    import io

    import python_calamine

    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as package, zipfile.ZipFile(buffer, "w") as copy:
        for info in package.infolist():
            copy.writestr(
                info.filename, xml if info.filename == member.filename else package.read(info)
            )
    buffer.seek(0)
    return python_calamine.CalamineWorkbook.from_filelike(buffer)


def column_letters(index: int) -> str:
    """A column as a spreadsheet names it: 0 is A, 26 is AA."""
    name, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def _column(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1
