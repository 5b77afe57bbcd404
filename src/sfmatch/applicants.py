"""Applicant lists read row by row: each row becomes a validated profile or a rejection with reasons.

Sources: a CSV file (UTF-8 with or without BOM, CP949, UTF-16 with BOM and tabs), an XLSX workbook
(first sheet or a named one), or a folder of profile TOML files. Rows are streamed, never all held.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import IO, Annotated, Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from sfmatch.errors import DataError, Problem, ValueProblem
from sfmatch.headers import JOINED, MONEY_KEYS, PART, Column, header_score, map_headers
from sfmatch.i18n import N_, Msg
from sfmatch.ksic_names import exact_code, read_name
from sfmatch.loader import load_profile, profile_problems
from sfmatch.models import Profile, Readiness
from sfmatch.places import Placed, PlaceProblem
from sfmatch.places import resolve as resolve_place
from sfmatch.plausible import PLAUSIBLE, impossible
from sfmatch.units import (
    MONEY_FORMS,
    PLAIN_NUMBER,
    checked_amount,
    parse_money,
    read_count,
    read_date,
    read_items,
    shorten,
)
from sfmatch.workbook import WORKBOOK_SUFFIXES, Damaged, Unreadable, Workbook, column_letters, why

ERRORS_FILE_COLUMNS = ("row", "kind", "problems")  # added by --errors; fix the file and re-run it
HEADER_SEARCH_ROWS = 10  # a title row or two may stand above the header in Korean Excel files
_CHUNK = 1 << 16
ROWS_TOLD = 4096  # a progress line is told the row reached this often


@dataclass(frozen=True)
class RowReport:
    """A row with problems, its cells as read, so that it can be fixed and given back."""

    row: int
    cells: dict[str, str]  # header → cell as read
    problems: tuple[Problem, ...]
    kind = ""


class Unknown(RowReport):
    """A scored row with optional cells that could not be read: those fields are unknown."""

    kind = "unknown"


class Rejected(RowReport):
    """A row that could not be scored: a required cell is missing or unreadable."""

    kind = "rejected"


@dataclass(frozen=True)
class Applicant:
    row: int  # line (CSV), sheet row (XLSX), or file position (folder), counted from 1
    profile: Profile
    unknown: Unknown | None = None  # optional cells read as unknown
    notes: tuple[str, ...] = ()  # how the place was read, where a person should know
    file: str | None = None  # the profile file, for a folder of profiles


REQUIRED = ("name", "region", "ksic")  # a row without one of these is rejected


@dataclass
class ApplicantList:
    """An applicant list opened for reading; iterate it once for applicants and rejections."""

    path: Path
    kind: str  # csv, xlsx or folder
    columns: list[Column] = field(default_factory=list)
    encoding: str | None = None
    header_row: int | None = None
    blank_rows: int = 0  # fully empty rows above a filled one, skipped and counted
    sheet: str | None = None
    problems: list[Problem] = field(default_factory=list)  # the mapping's, raised by `check`
    merges: list[Merge] = field(default_factory=list)
    as_of: dt.date | None = None  # values that cannot be true on this day are not read
    delimiter: str = ","  # CSV: the one under which the header reads best
    mixed: bool = False  # CSV: UTF-8 with a few lines in another encoding (those are rejected)
    warnings: list[Msg] = field(default_factory=list)  # about the file, found while reading
    # Told the sheet row or line reached, blank ones included, every `ROWS_TOLD` (a progress
    # line: a workbook can hold a million formatted, empty rows before its end).
    on_row: Callable[[int], None] | None = field(default=None, repr=False, compare=False)
    # A workbook opened once, for its header and then its rows (opening one parses every
    # distinct text in it, which takes seconds in a big one).
    book: Workbook | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict:
        """What a spawned worker gets: neither the open workbook nor the progress line."""
        return {**self.__dict__, "on_row": None, "book": None}

    def check(self) -> None:
        """Stop on the mapping's problems (after the caller has shown the mapping)."""
        if self.problems:
            raise DataError(self.problems)

    @property
    def unmapped(self) -> list[Column]:
        """Headers that feed nothing (our own --errors bookkeeping columns are expected ones)."""
        return [
            c
            for c in self.columns
            if c.field is None
            and c.fills is None
            and c.header.strip()
            and c.header not in ERRORS_FILE_COLUMNS
            and not c.how.startswith("set by")
        ]

    def __iter__(self) -> Iterator[Applicant | Rejected]:
        parse = self.parser()
        for number, raw in self.raw_rows():
            yield parse(number, raw)

    def raw_rows(self) -> Iterator[tuple[int, object]]:
        """(row number, cells or profile file) of every row but the blank ones, which are counted.

        Reading a row's cells is cheap; making a profile of them is not, and is `parser()`'s job,
        so that workers can share it out.
        """
        if self.kind == "folder":  # a folder of profiles, or one profile file
            files = sorted(self.path.rglob("*.toml")) if self.path.is_dir() else [self.path]
            yield from enumerate(files, 1)
            return
        rows = _csv_rows(self) if self.kind == "csv" else _xlsx_rows(self)
        text_only = self.kind == "csv"  # a CSV row is all text: one join tells a blank row
        told = self.on_row
        blank = 0  # blank rows not yet followed by a filled one: those at the end are not counted
        # columns without a header feed nothing: their filled cells are counted, and said
        unnamed = [c.index for c in self.columns
                   if not c.header.strip() and c.field is None and c.fills is None]  # fmt: skip
        unread: Counter[int] = Counter()
        for number, cells in rows:
            if told is not None and not number % ROWS_TOLD:
                told(number)
            if not "".join(cells).strip() if text_only else all(_blank(c) for c in cells):
                blank += 1
                continue
            self.blank_rows += blank
            blank = 0
            for index in unnamed:
                if index < len(cells) and not _blank(cells[index]):
                    unread[index] += 1
            if self.mixed and not _is_text("".join(cells)):
                cells = BadRow(cells, N_("line {line} is not {encoding} text, as the rest is",
                                         line=number, encoding=self.encoding))  # fmt: skip
            yield number, cells
        if unread:
            self.warnings.append(N_(
                "{cells} filled cells in columns without a header are not used: {columns}"
                " (hint: give those columns a header, or see --show-mapping)",
                cells=sum(unread.values()),
                columns=", ".join(f"{column_letters(i)} ({n})"
                                  for i, n in sorted(unread.items()))))  # fmt: skip

    def parser(
        self, fast: FastReader | None = None
    ) -> Callable[[int, object], Applicant | Rejected]:
        """Turns what `raw_rows` gives into an applicant or a rejection with every reason (good
        rows through `fast`, a `FastReader` of this list, made here when not given)."""
        if self.kind == "folder":
            return _profile_file
        fast = fast or FastReader(self)
        return lambda number, cells: fast.read(number, cells) or parse_row(self, number, cells)  # type: ignore[arg-type]


class BadRow(list):
    """A row that cannot be read at all (a line in another encoding); `parse_row` rejects it."""

    def __init__(self, cells: list, reason: Msg) -> None:
        super().__init__(cells)
        self.reason = reason


def _is_text(text: str) -> bool:
    """No undecodable bytes (kept as surrogates when a file mixes encodings)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _profile_file(number: int, path: object) -> Applicant | Rejected:
    notes: list[str] = []
    try:
        profile = load_profile(path, notes)  # type: ignore[arg-type]
        return Applicant(number, profile, notes=tuple(notes), file=str(path))
    except DataError as exc:
        return Rejected(number, {"file": str(path)}, tuple(exc.problems))


def open_list(
    path: Path,
    encoding: str | None = None,
    sheet: str | None = None,
    mapped: dict[str, str] | None = None,
) -> ApplicantList:
    """Open a list, find its header row and map the headers (`mapped`: header → key, from
    --map); problems with the file itself raise, the mapping's wait in `problems`."""

    def fail(what: Msg, hint: Msg | str = "") -> DataError:
        return DataError([Problem(str(path), what, hint=hint)])

    if not path.exists():
        raise fail(N_("file or folder not found"), N_("check the path"))
    if path.is_dir():
        if not any(path.rglob("*.toml")):
            raise fail(N_("no profile .toml files in this folder"))
        return ApplicantList(path, "folder")
    suffix = path.suffix.casefold()
    if suffix not in (".csv", ".txt", ".tsv", *WORKBOOK_SUFFIXES):
        raise fail(
            N_("cannot read {suffix} files", suffix=suffix) if suffix
            else N_("cannot read files without a suffix"),
            N_("give a .csv, .xlsx, .xls or a folder of .toml"),
        )  # fmt: skip
    if path.stat().st_size == 0:
        raise fail(N_("file is empty"))
    kind = "xlsx" if suffix in WORKBOOK_SUFFIXES else "csv"  # "xlsx": any workbook
    listing = ApplicantList(path, kind, sheet=sheet)
    if kind == "csv":
        listing.encoding = encoding or detect_encoding(path, listing)
        header_rows = _header_rows_csv(listing, mapped)
    else:
        header_rows = _xlsx_rows(listing, header_only=True)
    best = None
    for number, cells in header_rows:
        if best is None or header_score(cells, mapped) > header_score(best[1], mapped):
            best = (number, cells)
    if best is None or header_score(best[1], mapped) < 2:
        raise fail(
            N_("no header row found: fewer than 2 columns named like profile keys"),
            N_("name the columns, e.g. 기업명, 소재지, 업종코드, 상시근로자수"),
        )
    listing.header_row = best[0]
    headers = [_text(c) for c in best[1]]
    listing.columns, clashes = map_headers(headers, mapped)
    listing.merges = _merges(listing.columns)
    listing.problems = _column_problems(listing, clashes, headers, mapped or {})
    return listing


def _column_problems(listing, clashes, headers: list[str], mapped: dict[str, str]) -> list:
    problems = []
    known = {h.strip() for h in headers}
    for header in mapped:
        if header not in known:
            problems.append(
                Problem(
                    str(listing.path),
                    N_("--map names a column {header} the list does not have", header=repr(header)),
                    where="header",
                    hint=N_("columns: {columns}", columns=", ".join(h for h in headers if h)),
                    line=listing.header_row,
                )
            )
    for first, other in clashes:
        problems.append(
            Problem(
                str(listing.path),
                N_(
                    "columns {first} and {other} both read as {key}",
                    first=repr(first.header),
                    other=repr(other.header),
                    key=first.field,
                ),
                where=f"header, column {other.header}",
                hint=N_("say which with --map '{header}=-' (or rename one)", header=other.header),
                line=listing.header_row,
            )
        )
    seen = {c.field for c in listing.columns if c.field is not None}
    if "address" in seen:
        seen.add("region")  # an address names the region too
    if "ksic_name" in seen:
        seen.add("ksic")  # so does a class name (업종명) its code
    for needed in REQUIRED:
        if needed not in seen:
            problems.append(
                Problem(
                    str(listing.path),
                    N_("no column for the required key {key}", key=repr(needed)),
                    where="header",
                    hint=N_("add it, or name the column that holds it with --map 'HEADER=key'"),
                    line=listing.header_row,
                )
            )
    return problems


@dataclass(frozen=True)
class Merge:
    """Columns read as one key: `target` is read; `wholes` fill its blank cells in turn, then
    `parts` add up (남종업원 + 여종업원); for free text, every cell is joined."""

    target: int
    wholes: tuple[int, ...]
    parts: tuple[int, ...]
    join: bool


def _merges(columns: list[Column]) -> list[Merge]:
    found = []
    for target in columns:
        if target.field is None:
            continue
        helpers = [c for c in columns if c.fills == target.field]
        if not helpers:
            continue
        wholes = tuple(c.index for c in helpers if not c.how.startswith(PART))
        parts = tuple(c.index for c in helpers if c.how.startswith(PART))
        if target.how.startswith(PART):
            parts = (target.index, *parts)
        found.append(Merge(target.index, wholes, parts, target.field in JOINED))
    return found


def _merged(cells: list, merges: list[Merge]) -> list:
    """A row with each merge applied to a copy of its cells."""
    cells = list(cells)
    width = max(max(m.target, *m.wholes, *m.parts) for m in merges) + 1
    if len(cells) < width:
        cells += [None] * (width - len(cells))
    for m in merges:
        if m.join:
            texts = [_text(cells[i]) for i in (m.target, *m.wholes) if not _blank(cells[i])]
            cells[m.target] = " / ".join(dict.fromkeys(texts)) or None
            continue
        if m.target not in m.parts and not _blank(cells[m.target]):
            continue
        filled = next((cells[i] for i in m.wholes if not _blank(cells[i])), None)
        if filled is None and m.parts:
            filled = _sum([cells[i] for i in m.parts if not _blank(cells[i])])
        cells[m.target] = filled
    return cells


def _sum(values: list) -> object:
    """Cells that add up (남종업원, 여종업원): their total as text, or the first that is no
    number as it is (so that reading it says what is wrong), or None when all are blank."""
    total = 0
    for value in values:
        try:
            total += _integer(value)
        except ValueProblem:
            return value
    return str(total) if values else None


# --- CSV -------------------------------------------------------------------------------------


def detect_encoding(path: Path, listing: ApplicantList | None = None) -> str:
    """BOM first, then strict UTF-8, then strict CP949 (Korean Excel), over the whole file. A
    UTF-8 file with a few lines in another encoding is read as UTF-8, those lines rejected one by
    one (`listing.mixed`); otherwise the first line that is not UTF-8 is named."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise DataError(
            [
                Problem(
                    str(path),
                    N_("cannot read file: {why}", why=exc.strerror),
                    hint=N_("check its permissions"),
                )
            ]
        ) from None
    bom = head.startswith(codecs.BOM_UTF8)
    if bom and _decodes(path, "utf-8-sig"):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in () if bom else ("utf-8", "cp949"):
        if _decodes(path, encoding):
            return encoding
    bad, lines = _lines_not_utf8(path)
    if listing is not None and bad and len(bad) <= max(1, lines // 10):
        # a few lines in another encoding (one pasted from elsewhere) are rejected alone, with
        # or without a BOM before the first line
        listing.mixed = True
        listing.warnings.append(N_(
            "{bad} of {lines} lines are not UTF-8 text (first: line {first}); they are rejected,"
            " the rest is read (hint: save the file as CSV UTF-8, or give --encoding)",
            bad=len(bad), lines=lines, first=bad[0]))  # fmt: skip
        return "utf-8-sig" if bom else "utf-8"
    what = (N_("cannot tell the text encoding: not UTF-8, UTF-16 or CP949 (line {line} is not"
               " UTF-8)", line=bad[0]) if bad
            else N_("cannot tell the text encoding: not UTF-8, UTF-16 or CP949"))  # fmt: skip
    raise DataError(
        [
            Problem(
                str(path),
                what,
                hint=N_("save it as CSV UTF-8, or give --encoding (utf-8, cp949, utf-16)"),
            )
        ]
    )


def _lines_not_utf8(path: Path) -> tuple[list[int], int]:
    """The numbers of the lines that are not UTF-8, and how many lines there are."""
    bad, number = [], 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                bad.append(number)
    return bad, number


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


MAX_FIELD = (
    1 << 26
)  # characters the csv module may read into one cell; past 32,767 is a row problem


def _header_rows_csv(listing: ApplicantList, mapped: dict[str, str] | None) -> list:
    """The first rows under the delimiter (comma or tab) that makes the best header of them:
    decided by the header, not by tabs or commas inside text cells."""
    best: tuple[int, str, list] | None = None
    for delimiter in (",", "\t"):
        listing.delimiter = delimiter
        rows = list(_csv_rows(listing, header_only=True))
        score = max((header_score(cells, mapped) for _, cells in rows), default=0)
        if best is None or score > best[0]:
            best = (score, delimiter, rows)
    assert best is not None
    listing.delimiter = best[1]
    return best[2]


def _csv_rows(listing: ApplicantList, header_only: bool = False) -> Iterator[tuple[int, list]]:
    """(line number where the record starts, cells) after the header, or the first rows."""
    assert listing.encoding is not None
    csv.field_size_limit(MAX_FIELD)
    errors = "surrogateescape" if listing.mixed else "strict"
    try:
        with listing.path.open(encoding=listing.encoding, newline="", errors=errors) as handle:
            lines = _Recorded(_nfc_lines(handle))
            reader = csv.reader(lines, delimiter=listing.delimiter)
            base, start = 0, 1  # lines before the reader's first; where the next record starts
            while (cells := next(reader, None)) is not None:
                number = start
                start = base + reader.line_num + 1
                unclosed = "".join(lines.taken).count('"') % 2 == 1  # open at the file's end
                if unclosed or (start - number > 1 and _stray_quote(cells, listing)):
                    # the quote's own line is read alone; the lines it swallowed are read again
                    # as the file has them, a cell that truly spans lines included
                    records = _line_by_line(lines.taken[:1], number, listing.delimiter)
                    lines.give_back(lines.taken[1:])
                    base, start = number, number + 1
                    reader = csv.reader(lines, delimiter=listing.delimiter)
                    if not header_only:
                        listing.warnings.append(N_(
                            "line {line}: a quote opens a cell and never closes; that line was"
                            " read alone, and the lines after it as they are"
                            " (hint: check the quotes on that line)", line=number))  # fmt: skip
                else:
                    records = [(number, cells)]
                lines.taken = []
                for number, cells in records:
                    if header_only:
                        if number > HEADER_SEARCH_ROWS:
                            return
                        yield number, cells
                    elif number > (listing.header_row or 0):
                        yield number, cells
    except UnicodeDecodeError as exc:
        raise DataError(
            [
                Problem(
                    str(listing.path),
                    N_("not {encoding} text: {why}", encoding=listing.encoding, why=exc.reason),
                    hint=N_("give the right --encoding (utf-8, cp949, utf-16)"),
                )
            ]
        ) from None
    except LookupError:
        raise DataError(
            [
                Problem(
                    str(listing.path),
                    N_("unknown encoding {encoding}", encoding=repr(listing.encoding)),
                    hint=N_("use utf-8, utf-8-sig, cp949 or utf-16"),
                )
            ]
        ) from None
    except csv.Error as exc:
        raise DataError(
            [Problem(str(listing.path), N_("unreadable CSV: {why}", why=str(exc)))]
        ) from None
    except OSError as exc:
        raise DataError(
            [Problem(str(listing.path), N_("cannot read file: {why}", why=exc.strerror))]
        ) from None


class _Recorded:
    """The lines a csv reader takes, kept until the record they make is handled (`taken`)."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.taken: list[str] = []
        self.again: list[str] = []  # lines given back, read again first

    def __iter__(self) -> _Recorded:
        return self

    def __next__(self) -> str:
        line = self.again.pop(0) if self.again else next(self.lines)
        self.taken.append(line)
        return line

    def give_back(self, lines: list[str]) -> None:
        """Lines taken for a record that turned out not to be one, to be read again."""
        self.again[:0] = lines


def _stray_quote(cells: list[str], listing: ApplicantList) -> bool:
    """Whether a record over several lines is a quote that never closed, not a cell with line
    breaks: a line inside one of its cells has as many delimiters as a row has, give or take."""
    width = max(len(listing.columns), 2)
    for cell in cells:
        if "\n" in cell or "\r" in cell:
            for line in cell.splitlines():  # the first too: two stray quotes close each other
                if line.count(listing.delimiter) >= (width - 1) // 2 and line.count(
                    listing.delimiter
                ):
                    return True
    return False


def _line_by_line(lines: list[str], first: int, delimiter: str) -> list[tuple[int, list]]:
    """The lines of a record opened by a stray quote, each read as its own row with its own line
    number; a quote that does not close on its line is read as a character."""
    records = []
    for offset, line in enumerate(lines):
        text = line.rstrip("\r\n")
        quoting = csv.QUOTE_MINIMAL if text.count('"') % 2 == 0 else csv.QUOTE_NONE
        cells = next(csv.reader([text], delimiter=delimiter, quoting=quoting), [])
        records.append((first + offset, cells))
    return records


def _nfc_lines(handle: IO[str], size: int = _CHUNK * 16) -> Iterator[str]:
    """The file's lines in NFC (macOS and some exports write decomposed Hangul), normalised a
    block of whole lines at a time: line ends, delimiters and quotes compose with nothing, so the
    cells come out as if each were normalised on its own. Lines split as the file splits them."""
    while block := handle.read(size):
        block += handle.readline()  # end the block at a line end
        yield from io.StringIO(unicodedata.normalize("NFC", block), newline="")


# --- XLSX ------------------------------------------------------------------------------------


def _book(listing: ApplicantList) -> Workbook:
    """The workbook, opened once for its header and its rows."""
    if listing.book is None:
        try:
            listing.book = Workbook(listing.path)
        except Unreadable as exc:
            raise _unopened(listing, exc) from None
    return listing.book


def _unopened(listing: ApplicantList, exc: Unreadable) -> DataError:
    return DataError(
        [
            Problem(
                str(listing.path),
                N_("cannot open as an Excel workbook ({why})", why=exc.what),
                hint=exc.hint,
            )
        ]
    )


def _xlsx_rows(listing: ApplicantList, header_only: bool = False) -> Iterator[tuple[int, list]]:
    """The sheet's rows with their numbers: the first `HEADER_SEARCH_ROWS` for the header, or
    those under the header; reading them all closes the workbook."""
    book = _book(listing)
    if listing.sheet is not None and listing.sheet not in book.sheetnames:
        raise DataError(
            [
                Problem(
                    str(listing.path),
                    N_("no sheet named {sheet}", sheet=repr(listing.sheet)),
                    hint=N_("sheets: {sheets}", sheets=", ".join(book.sheetnames)),
                )
            ]
        )
    number = 0

    def damaged(after: int, cause: BaseException) -> DataError:
        return DataError(
            [
                Problem(
                    str(listing.path),
                    N_("the sheet is damaged after row {row} ({why})", row=after, why=why(cause))
                    if after
                    else N_("the sheet is damaged ({why})", why=why(cause)),
                    hint=N_("open it in Excel and save it again as .xlsx"),
                )
            ]
        )

    try:
        rows = enumerate(book.rows(listing.sheet), 1)
        while True:
            try:
                number, cells = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # a damaged sheet fails while it is being read
                raise damaged(number, exc) from None
            if header_only:
                if number > HEADER_SEARCH_ROWS:
                    return
                yield number, cells
            elif number > (listing.header_row or 0):
                yield number, [_nfc(c) for c in cells]
    except Unreadable as exc:
        raise _unopened(listing, exc) from None
    except Damaged as exc:
        raise damaged(exc.after, exc.cause) from None
    finally:
        if not header_only:
            listing.book = None
            book.close()


def _nfc(value: object) -> object:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


# --- cells to profile data -------------------------------------------------------------------


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value).strip()


_TRUE = {"y", "yes", "true", "1", "o", "예", "네", "유", "있음", "보유", "해당"}
_FALSE = {"n", "no", "false", "0", "x", "아니오", "아니요", "무", "없음", "미보유", "해당없음"}


def _integer(value: object) -> int:
    if isinstance(value, bool):
        raise ValueProblem(N_("expected a whole number, got {value}", value=str(value)))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return read_count(_text(value))


def _money(value: object, scale: int) -> int:
    """A money cell in won: a number in the header's unit (`8,500` in 백만원), or an amount with
    Korean units (`85억`, which wins over the header's), by the rules of `units.parse_money`."""
    if type(value) is str:
        text = value.strip()
        if PLAIN_NUMBER.fullmatch(text):  # the common cell, "8,500"
            number = Decimal(text.replace(",", ""))
        elif PLAIN_NUMBER.fullmatch(text.removesuffix("원").replace(" ", "")):
            number = Decimal(text.removesuffix("원").replace(" ", "").replace(",", ""))
        else:
            return parse_money(text)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, float) and math.isfinite(value):
        number = Decimal(str(value))
    else:
        raise ValueProblem(N_("cannot read amount {value}", value=shorten(value)),
                           N_("use {forms}", forms=MONEY_FORMS))  # fmt: skip
    return checked_amount(int((number * scale).to_integral_value()), _text(value))


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if type(value) in (int, float) and EXCEL_SERIALS[0] <= value <= EXCEL_SERIALS[1]:
        # a date cell Excel shows as a number (its serial day count): 45000 is 2023-03-15
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    found = read_date(_text(value))
    if found is not None:
        return found
    raise ValueProblem(N_("cannot read date {value}", value=shorten(_text(value))),
                       N_("write 2006-04-01 or 2006.04.01"))  # fmt: skip


EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's serial dates (after its 1900 leap bug)
EXCEL_SERIALS = (10_000, 73_050)  # 1927-05-18 to 2099-12-31: never a year (2006) nor yyyymmdd


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueProblem(N_("expected yes or no, got {value}", value=repr(_text(value))),
                       N_("write Y/N, 예/아니오 or O/X"))  # fmt: skip


def _items(value: object) -> list[str]:
    return read_items(_text(value))


def _prior(value: object) -> list[dict]:
    """`kr-mss-sf-build:2021; 스마트공장 AS(2023); 혁신바우처 2022; 2020년 스마트공방` → entries;
    `없음` or `-` → none. The program is kept as written, for the catalog to read."""
    entries = []
    for item in _items(value):
        if item.casefold() in _NO_PRIOR:
            continue
        m = _PRIOR_END.match(item) or _PRIOR_START.match(item)
        if not m or not m.group("name").strip(" :-/("):
            raise ValueProblem(
                N_("cannot read prior entry {item}", item=repr(item)),
                N_("write program and year: kr-mss-sf-build:2021; 스마트공장 AS(2023)"),
            )
        entries.append({"program": m.group("name").strip(" :-/("), "year": int(m.group("year"))})
    return entries


_NO_PRIOR = {"없음", "해당없음", "해당 없음", "무", "-", "none", "n/a", "na"}
_PRIOR_END = re.compile(r"^(?P<name>.+?)[\s:(/\-]*(?P<year>(?:19|20)\d\d)\s*년?\s*\)?$")
_PRIOR_START = re.compile(r"^(?P<year>(?:19|20)\d\d)\s*년?[\s:)/\-]*(?P<name>.+)$")


def _first_code(value: object) -> str:
    """A KSIC cell; FactoryOn's 업종번호 lists several codes (`"25111, 29133"`): the first is
    the main one."""
    text = _text(value)
    return re.split(r"[,;/\s]+", text.strip())[0] if text.strip() else text


_CELL_READERS = {
    "ksic": _first_code,
    "employees": _integer,
    "founded": _date,
    "root_certified": _bool,
    "prior": _prior,
    "processes": _items,
    "needs": _items,
    "disqualifiers": _items,
    "readiness.ceo_commitment": _integer,
    "readiness.data_ready": _integer,
    "readiness.dedicated_staff": _bool,
}


MAX_CELL = 32_767  # characters in a spreadsheet cell; a longer one is a broken row


def read_cell(column: Column, value: object) -> object:
    """A filled cell as profile data, by its column's kind (money scaled by the header's unit)."""
    if isinstance(value, str) and len(value) > MAX_CELL:
        raise ValueProblem(
            f"a cell of {len(value):,} characters (a spreadsheet cell holds {MAX_CELL:,})",
            "check the row: a quote that never closes can swallow the lines after it",
        )
    if column.field in MONEY_KEYS:
        return _money(value, column.scale)
    if column.field in _CELL_READERS:
        return _CELL_READERS[column.field](value)
    return _text(value)


def read_place(region: object, district: object, address: object) -> Placed:
    """The place of a row from its region, district and address cells, as the profile reads
    them, but leniently: a district that cannot be read is unknown (`Placed.unread`). A region
    that cannot be read raises `PlaceProblem`."""
    return resolve_place(*(None if _blank(v) else _text(v) for v in (region, district, address)),
                         lenient=True)  # fmt: skip


def parse_row(listing: ApplicantList, number: int, cells: list) -> Applicant | Rejected:
    """One row: each cell read by its column's kind, then the whole validated as a profile.

    A required cell (`REQUIRED`) that is missing or cannot be read rejects the row. Any other
    cell that cannot be read makes its field unknown: the row is still scored, and the cell
    is reported (`Applicant.unknown`)."""
    path = str(listing.path)
    if isinstance(cells, BadRow):
        problem = Problem(path, cells.reason, where=f"row {number}", line=number,
                          hint=N_("save the file as CSV UTF-8, or give --encoding"))  # fmt: skip
        return Rejected(number, {}, (problem,))
    shown = {
        c.header: _text(cells[c.index]) if c.index < len(cells) else "" for c in listing.columns
    }
    if listing.merges:
        cells = _merged(cells, listing.merges)
    by_field = {c.field: c for c in listing.columns if c.field is not None}

    def problem(field_name: str, what: object, hint: object = "") -> Problem:
        """A cell's problem, its words kept as messages: said in the run's language on stderr,
        in the --errors file and in JSON."""
        column = by_field.get(field_name) or by_field.get(_SAID_BY.get(field_name, ""))
        header = column.header if column else field_name
        return Problem(path, what, where=f"row {number}, column {header}", hint=hint, line=number)

    problems: list[Problem] = []  # these reject the row
    unknown: list[tuple[str, object, object]] = []  # (field, what, hint): unknown fields
    extra = {
        f"(column {i + 1})": _text(c)
        for i, c in enumerate(cells)
        if i >= len(listing.columns) and not _blank(c)
    }
    shown.update(extra)  # kept for --errors: nothing in a rejected row is dropped
    if extra:
        problems.append(
            Problem(
                path,
                N_("{n} filled cells beyond the last header", n=len(extra)),
                where=f"row {number}",
                hint=N_("give those columns a header"),
                line=number,
            )
        )
    data: dict = {}
    for column in listing.columns:
        value = cells[column.index] if column.index < len(cells) else None
        if column.field is None or _blank(value):
            continue  # an empty cell is unknown, like an absent key
        try:
            parsed = read_cell(column, value)
            if listing.as_of is not None:
                wrong = impossible(column.field, parsed, listing.as_of)
                if wrong:
                    raise ValueProblem(*wrong)
        except ValueProblem as exc:
            if column.field in REQUIRED:
                problems.append(problem(column.field, exc.what, exc.hint))
            else:
                unknown.append((column.field, exc.what, exc.hint))
            continue
        head, _, tail = column.field.partition(".")
        if tail:
            data.setdefault(head, {})[tail] = parsed
        else:
            data[head] = parsed
    notes: tuple[Msg, ...] = ()
    if "ksic_name" in data:
        coded = by_field.get("ksic")  # a code given decides, read or not (its problem is said)
        given = coded is not None and not _blank(cells[coded.index] if coded.index < len(cells)
                                                  else None)  # fmt: skip
        try:
            notes = _ksic_of_name(data, given)
        except ValueProblem as exc:
            problems.append(problem("ksic_name", exc.what, exc.hint))
    placed = None
    if "region" in data or "address" in data:
        try:
            placed = read_place(data.get("region"), data.get("district"), data.get("address"))
        except PlaceProblem as exc:
            source = "region" if "region" in data else "address"
            problems.append(problem(source, exc.what, exc.hint))
            data.pop("region", None)
        else:
            for exc in placed.unread:
                field_name = "district" if exc.field == "district" else exc.field
                unknown.append((field_name, exc.what, exc.hint))
    context = {"placed": placed} if placed is not None else None
    profile = None
    while profile is None:
        try:
            profile = Profile.model_validate(data, context=context)
        except ValidationError as exc:
            dropped = False
            for found in profile_problems(exc, path):
                field_name = found.where.split(".")[0].split("[")[0]
                if field_name not in REQUIRED and field_name in data:
                    _drop(data, found.where)
                    unknown.append((found.where.split("[")[0], found.what, found.hint))
                    dropped = True
                elif field_name == "region" and placed is None and "region" not in data:
                    if not problems:
                        problems.append(problem("region", _missing("region"), FILL_IN))
                elif not any(p.where.endswith(_column_of(by_field, field_name)) for p in problems):
                    missing = isinstance(found.what, Msg) and found.what.id == MISSING_KEY
                    what = (
                        _missing(dict(found.what.args)["key"].strip("'")) if missing else found.what
                    )
                    problems.append(problem(field_name, what, FILL_IN if missing else found.hint))
            if not dropped:
                break
    if problems or profile is None:
        # a rejected row is not scored: its other cells' problems are said without "still scored"
        return Rejected(number, shown, tuple(problems + [problem(*u) for u in unknown]))
    report = (Unknown(number, shown, tuple(problem(f, what, _unknown_hint(hint))
                                           for f, what, hint in unknown)) if unknown else None)  # fmt: skip
    return Applicant(number, profile, report, (*(placed.notes if placed else ()), *notes))


KSIC_FROM_NAME = N_("KSIC read from the class name (업종명)")


def _coded_by_name(data: dict) -> bool | None:
    """`_ksic_of_name` for a row read whole: whether its code was read from its class name, or
    None where the name is not read exactly (`parse_row` says how it reads it)."""
    if "ksic" not in data and exact_code(data["ksic_name"]) is None:
        return None
    return bool(_ksic_of_name(data, "ksic" in data))


def _ksic_of_name(data: dict, coded: bool) -> tuple[Msg, ...]:
    """Reads a row's class name (업종명) into its KSIC code where it gives none (`coded`: it
    gives one), in place, and keeps it as the industry where there is none: what is said of it.
    Raises `ValueProblem` for a name that is no class's, where the code is needed."""
    name = data.pop("ksic_name")
    data["industry"] = _with_name(name, data.get("industry"))
    if coded:
        return ()
    code, note = read_name(name)
    data["ksic"] = code
    return (note,) if note else (KSIC_FROM_NAME,)


def _with_name(name: str, industry: str | None) -> str:
    """The industry of a row with a class name: the name, then what else it says (생산품), as
    the columns of one key are joined (`Merge`)."""
    return name if industry is None or industry == name else f"{name} / {industry}"


_SAID_BY = {"ksic": "ksic_name"}  # a key's cell, where its list has none: the one it is read from


def _column_of(by_field: dict, field_name: str) -> str:
    column = by_field.get(field_name) or by_field.get(_SAID_BY.get(field_name, ""))
    return f"column {column.header if column else field_name}"


MISSING_KEY = "missing required key {key}"  # the loader's message of a missing key
FILL_IN = N_("fill in this cell")


def _missing(key: str) -> Msg:
    return N_("missing required value for {key}", key=repr(key))


def _unknown_hint(hint: object) -> Msg:
    if not hint:
        return N_("read as unknown; the row is still scored")
    return N_("read as unknown; the row is still scored; {hint}", hint=hint)


def _drop(data: dict, where: str) -> None:
    """Removes the value at a key path (`needs`, `readiness.data_ready`, `prior[1].year`)."""
    head, _, tail = where.partition(".")
    head = head.split("[")[0]
    if tail and isinstance(data.get(head), dict):
        data[head].pop(tail.split("[")[0], None)
        if not data[head]:
            data.pop(head)
    else:
        data.pop(head, None)


# --- the fast reading of good rows ------------------------------------------------------------


_UNREAD = object()  # cached: this cell cannot be read (parse_row will say why)
_BLANK = object()  # cached: an empty cell, which means unknown
_UNSEEN = object()
_REQUIRED_BUT_REGION = frozenset(REQUIRED) - {"region"}  # the place is read apart
# Distinct cells remembered per column; a full cache starts again, so memory stays flat.
CACHE_LIMIT = 50_000


@cache
def _field_adapter(field_name: str) -> TypeAdapter:
    """The validator of one profile field (or `readiness.x`), exactly as the model declares it."""
    model: type[BaseModel] = Profile
    head, _, tail = field_name.partition(".")
    if tail:
        model, head = Readiness, tail
    info = model.model_fields[head]
    annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation, config=ConfigDict(strict=True))


class _ColumnCache:
    """One column: each distinct cell is read and validated once, then looked up in `seen`."""

    def __init__(self, column: Column, as_of: dt.date | None = None) -> None:
        self.column = column
        place = column.field in _PLACE_SLOTS  # read together, by `FastReader._place`
        # a class name (업종명) is kept as the industry: validated as one
        kept = "industry" if column.field == "ksic_name" else column.field
        self.adapter = None if place else _field_adapter(kept)  # type: ignore[arg-type]
        self.as_of = as_of if column.field in PLAUSIBLE else None  # only these can be impossible
        self.seen: dict[object, object] = {}

    def fill(self, key: object, cell: object) -> object:
        """A cell not seen before: blank, unreadable, or its validated value (a place cell: its
        text, for `FastReader._place`)."""
        if len(self.seen) >= CACHE_LIMIT:
            self.seen.clear()
        found: object
        if _blank(cell):
            found = _BLANK
        else:
            try:
                read = read_cell(self.column, cell)
                found = self.adapter.validate_python(read) if self.adapter else read
                if self.as_of and impossible(self.column.field, found, self.as_of):  # type: ignore[arg-type]
                    found = _UNREAD
            except (ValueProblem, ValidationError):
                found = _UNREAD
        self.seen[key] = found
        return found


_PLAIN, _PLACE, _READINESS = range(3)
_PLACE_SLOTS = {"region": 0, "district": 1, "address": 2}


class FastReader:
    """Reads a good row through per-column caches; any other row is left to `parse_row`.

    A list repeats the same regions, codes, levels and needs in row after row, so validating each
    distinct cell once makes reading some ten times faster. The result is the same `Profile` that
    `Profile.model_validate` gives (a test holds them equal): every field goes through the model's
    own validator, and the place (region, district and address, read together) is read once per
    distinct combination by `read_place`, as `parse_row` reads it. A row with any problem returns
    None, so that `parse_row` reports it in full. `notes` counts how the places of the rows read
    here were read (old names, non-exact matches), for the run's report.
    """

    def __init__(self, listing: ApplicantList) -> None:
        self.width = len(listing.columns)
        self.columns = []
        for c in listing.columns:
            if c.field is None:
                continue
            kind = _PLACE if c.field in _PLACE_SLOTS else _PLAIN
            if c.field.startswith("readiness."):
                kind = _READINESS
            cache = _ColumnCache(c, listing.as_of)
            self.columns.append((c.index, c.field.rpartition(".")[2], kind, cache.seen, cache))
        self.places: dict[tuple, Placed | None] = {}
        self.notes: Counter[str] = Counter()
        # rows outside the place a list is kept to (`--region`) are left out: no notes of theirs
        self.within: Any = None
        self.merges = listing.merges

    def _place(self, given: tuple) -> Placed | None:
        """The place of (region, district, address) texts, or None when any part is unreadable
        (then `parse_row` explains)."""
        found = self.places.get(given, _UNSEEN)
        if found is _UNSEEN:
            if len(self.places) >= CACHE_LIMIT:
                self.places.clear()
            try:
                placed = read_place(*given)
                found = None if placed.unread else placed
            except PlaceProblem:
                found = None
            self.places[given] = found  # type: ignore[assignment]
        return found  # type: ignore[return-value]

    def read(self, number: int, cells: list) -> Applicant | None:
        if isinstance(cells, BadRow):
            return None
        if self.merges:
            cells = _merged(cells, self.merges)
        width, given = self.width, len(cells)
        if given > width and any(not _blank(c) for c in cells[width:]):
            return None
        if given < width:
            cells = [*cells, *[None] * (width - given)]
        data: dict = {}
        readiness: dict = {}
        place: list = [None, None, None]
        for index, name, kind, seen, column in self.columns:
            cell = cells[index]
            # Excel gives numbers, booleans and dates too: 1, 1.0 and True are equal keys, but
            # not equal cells (True is no head count), so a key carries the type of all but text.
            key = cell if type(cell) is str else (type(cell), cell)
            found = seen.get(key, _UNSEEN)
            if found is _UNSEEN:
                found = column.fill(key, cell)
            if found is _BLANK:
                continue
            if found is _UNREAD:
                return None
            if kind == _PLAIN:
                data[name] = found
            elif kind == _PLACE:
                place[_PLACE_SLOTS[name]] = found
            else:
                readiness[name] = found
        if place[0] is None and place[2] is None:
            return None
        named = _coded_by_name(data) if "ksic_name" in data else False
        if named is None:
            return None
        placed = self._place(tuple(place))
        if placed is None:
            return None
        if not data.keys() >= _REQUIRED_BUT_REGION:
            return None
        data["region"], data["area"] = placed.region, placed.area
        if placed.district is not None:
            data["district"] = placed.district
        if place[2] is not None:
            data["address"] = place[2]
        if readiness:
            try:
                data["readiness"] = Readiness.model_validate(readiness)
            except ValidationError:
                return None
        if self._noted(placed):
            self.notes.update(placed.notes)
            if named:
                self.notes[KSIC_FROM_NAME] += 1
        return Applicant(number, Profile.trusted(data))

    def _noted(self, placed) -> bool:
        """Whether how a row's place was read is said: not for a row left out by `--region`."""
        within = self.within
        return within is None or within.holds(placed.region, placed.district, placed.area)

    def read_columns(self, rows: list[tuple[int, list]]) -> tuple[dict[str, list], list[bool]]:
        """A chunk of rows read column by column: one list per profile field (None: unknown),
        and whether each row was read whole. The values of a row read whole are those `read`
        gives (a test holds them equal); other rows are for `parse_row` to explain."""
        width = self.width
        good = [True] * len(rows)
        table = []
        merges = self.merges
        for i, (_, cells) in enumerate(rows):
            if isinstance(cells, BadRow):
                good[i] = False
            if merges:
                cells = _merged(cells, merges)
            given = len(cells)
            if given > width and any(not _blank(c) for c in cells[width:]):
                good[i] = False
            elif given < width:
                cells = [*cells, *[None] * (width - given)]
            table.append(cells)
        values: dict[str, list] = {f: [None] * len(rows) for f in Profile.model_fields}
        readiness: dict[str, list] = {}
        place: list[list] = [[None] * len(rows) for _ in range(3)]
        for index, name, kind, seen, column in self.columns:
            cells = [row[index] for row in table]
            keys = [c if type(c) is str else (type(c), c) for c in cells]
            found = [seen.get(k, _UNSEEN) for k in keys]
            for i in [i for i, f in enumerate(found) if f is _UNSEEN]:
                found[i] = seen.get(keys[i], _UNSEEN)  # an earlier row may have filled it
                if found[i] is _UNSEEN:
                    found[i] = column.fill(keys[i], cells[i])
            for i in [i for i, f in enumerate(found) if f is _BLANK or f is _UNREAD]:
                good[i] = good[i] and found[i] is _BLANK
                found[i] = None
            if kind == _PLACE:
                place[_PLACE_SLOTS[name]] = found
            elif kind == _READINESS:
                readiness[name] = found
            else:
                values[name] = found
        named = self._codes_by_name(values, good) if "ksic_name" in values else set()
        for name in _REQUIRED_BUT_REGION:
            for i in [i for i, v in enumerate(values[name]) if v is None]:
                good[i] = False
        self._place_all(values, place, good, named)
        if readiness:
            values["readiness"] = self._readiness(readiness, good)
        return values, good

    @staticmethod
    def _codes_by_name(values: dict[str, list], good: list[bool]) -> set[int]:
        """`_coded_by_name` for each row of a chunk, in place: the rows whose code was read from
        the class name (rows whose name is not read exactly are left to `parse_row`)."""
        names, codes, industries = values.pop("ksic_name"), values["ksic"], values["industry"]
        named = set()
        for i, name in enumerate(names):
            if name is None:
                continue
            industries[i] = _with_name(name, industries[i])
            if codes[i] is None:
                codes[i] = exact_code(name)
                if codes[i] is None:
                    good[i] = False
                else:
                    named.add(i)
        return named

    def _place_all(
        self, values: dict[str, list], place: list[list], good: list[bool], named: set[int]
    ) -> None:
        """Region, district and area of each row as `read` places them (`named`: the rows whose
        code was read from the class name, said with how the places were read)."""
        regions, districts, areas = values["region"], values["district"], values["area"]
        values["address"] = place[2]
        notes = self.notes
        for i, given in enumerate(zip(*place, strict=True)):
            if not good[i]:
                continue
            placed = self._place(given) if given[0] is not None or given[2] is not None else None
            if placed is None:
                good[i] = False
                continue
            regions[i], districts[i], areas[i] = placed.region, placed.district, placed.area
            if (placed.notes or i in named) and self._noted(placed):
                notes.update(placed.notes)
                if i in named:
                    notes[KSIC_FROM_NAME] += 1

    @staticmethod
    def _readiness(parts: dict[str, list], good: list[bool]) -> list:
        found: list = []
        for i in range(len(good)):
            given = {name: values[i] for name, values in parts.items() if values[i] is not None}
            try:
                found.append(Readiness.model_validate(given) if given else None)
            except ValidationError:
                found.append(None)
                good[i] = False
        return found
