"""Applicant lists read row by row: each row becomes a validated profile or a rejection with reasons.

Sources: a CSV file (UTF-8 with or without BOM, CP949, UTF-16 with BOM and tabs), an XLSX workbook
(first sheet or a named one), or a folder of profile TOML files. Rows are streamed, never all held.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import IO, Annotated

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from sfmatch import vocab
from sfmatch.errors import DataError, Problem, ValueProblem
from sfmatch.headers import MONEY_KEYS, Column, header_score, map_headers
from sfmatch.loader import load_profile, profile_problems
from sfmatch.models import Profile, Readiness
from sfmatch.units import parse_money

ERRORS_FILE_COLUMNS = ("row", "problems")  # added by --errors; the file can be fixed and re-run
HEADER_SEARCH_ROWS = 10  # a title row or two may stand above the header in Korean Excel files
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Applicant:
    row: int  # line (CSV), sheet row (XLSX), or file position (folder), counted from 1
    profile: Profile


@dataclass(frozen=True)
class Rejected:
    row: int
    cells: dict[str, str]  # header → cell as read, so the row can be fixed and re-run
    problems: tuple[Problem, ...]


@dataclass
class ApplicantList:
    """An applicant list opened for reading; iterate it once for applicants and rejections."""

    path: Path
    kind: str  # csv, xlsx or folder
    columns: list[Column] = field(default_factory=list)
    encoding: str | None = None
    header_row: int | None = None
    blank_rows: int = 0  # fully empty rows, skipped and counted
    sheet: str | None = None

    @property
    def unmapped(self) -> list[Column]:
        """Headers that feed nothing (our own --errors bookkeeping columns are expected ones)."""
        return [
            c
            for c in self.columns
            if c.field is None and c.header.strip() and c.header not in ERRORS_FILE_COLUMNS
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
        if self.kind == "folder":
            yield from enumerate(sorted(self.path.rglob("*.toml")), 1)
            return
        rows = _csv_rows(self) if self.kind == "csv" else _xlsx_rows(self)
        text_only = self.kind == "csv"  # a CSV row is all text: one join tells a blank row
        for number, cells in rows:
            if not "".join(cells).strip() if text_only else all(_blank(c) for c in cells):
                self.blank_rows += 1
                continue
            yield number, cells

    def parser(
        self, fast: FastReader | None = None
    ) -> Callable[[int, object], Applicant | Rejected]:
        """Turns what `raw_rows` gives into an applicant or a rejection with every reason (good
        rows through `fast`, a `FastReader` of this list, made here when not given)."""
        if self.kind == "folder":
            return _profile_file
        fast = fast or FastReader(self)
        return lambda number, cells: fast.read(number, cells) or parse_row(self, number, cells)  # type: ignore[arg-type]


def _profile_file(number: int, path: object) -> Applicant | Rejected:
    try:
        return Applicant(number, load_profile(path))  # type: ignore[arg-type]
    except DataError as exc:
        return Rejected(number, {"file": str(path)}, tuple(exc.problems))


def open_list(path: Path, encoding: str | None = None, sheet: str | None = None) -> ApplicantList:
    """Open a list, find its header row and map the headers; problems with the file itself raise."""

    def fail(what: str, hint: str = "") -> DataError:
        return DataError([Problem(str(path), what, hint=hint)])

    if not path.exists():
        raise fail("file or folder not found", "check the path")
    if path.is_dir():
        if not any(path.rglob("*.toml")):
            raise fail("no profile .toml files in this folder")
        return ApplicantList(path, "folder")
    suffix = path.suffix.casefold()
    if suffix not in (".csv", ".txt", ".tsv", ".xlsx", ".xlsm"):
        raise fail(
            f"cannot read {suffix or 'this'} files", "give a .csv, .xlsx or a folder of .toml"
        )
    if path.stat().st_size == 0:
        raise fail("file is empty")
    kind = "xlsx" if suffix in (".xlsx", ".xlsm") else "csv"
    listing = ApplicantList(path, kind, sheet=sheet)
    if kind == "csv":
        listing.encoding = encoding or detect_encoding(path)
        header_rows = _csv_rows(listing, header_only=True)
    else:
        header_rows = _xlsx_rows(listing, header_only=True)
    best = None
    for number, cells in header_rows:
        if best is None or header_score(cells) > header_score(best[1]):
            best = (number, cells)
    if best is None or header_score(best[1]) < 2:
        raise fail(
            "no header row found: fewer than 2 columns named like profile keys",
            "name the columns, e.g. 기업명, 소재지, 업종코드, 상시근로자수",
        )
    listing.header_row = best[0]
    listing.columns = map_headers([_text(c) for c in best[1]])
    _check_columns(listing)
    return listing


def _check_columns(listing: ApplicantList) -> None:
    seen: dict[str, Column] = {}
    problems = []
    for column in listing.columns:
        if column.field is None:
            continue
        if column.field in seen:
            first = seen[column.field]
            problems.append(
                Problem(
                    str(listing.path),
                    f"columns {first.header!r} and {column.header!r} both read as {column.field}",
                    where=f"header, column {column.header}",
                    hint="rename or remove one of them",
                    line=listing.header_row,
                )
            )
        seen.setdefault(column.field, column)
    for needed in ("name", "region", "ksic", "employees"):
        if needed not in seen:
            problems.append(
                Problem(
                    str(listing.path),
                    f"no column for the required key {needed!r}",
                    where="header",
                    hint="add it, or rename the column that holds it (see --show-mapping)",
                    line=listing.header_row,
                )
            )
    if problems:
        raise DataError(problems)


# --- CSV -------------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """BOM first, then strict UTF-8, then strict CP949 (Korean Excel), over the whole file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise DataError(
            [Problem(str(path), f"cannot read file: {exc.strerror}", hint="check its permissions")]
        ) from None
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "cp949"):
        if _decodes(path, encoding):
            return encoding
    raise DataError(
        [
            Problem(
                str(path),
                "cannot tell the text encoding: not UTF-8, UTF-16 or CP949",
                hint="save it as CSV UTF-8, or give --encoding",
            )
        ]
    )


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


def _csv_rows(listing: ApplicantList, header_only: bool = False) -> Iterator[tuple[int, list]]:
    """(line number where the record starts, cells) after the header, or the first rows."""
    assert listing.encoding is not None
    try:
        with listing.path.open(encoding=listing.encoding, newline="", errors="strict") as handle:
            sample = handle.read(_CHUNK)
            handle.seek(0)
            delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
            reader = csv.reader(_nfc_lines(handle), delimiter=delimiter)
            start = 1
            for cells in reader:
                number = start
                start = reader.line_num + 1
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
                    f"not {listing.encoding} text: {exc.reason}",
                    hint="give the right --encoding (utf-8, cp949, utf-16)",
                )
            ]
        ) from None
    except LookupError:
        raise DataError(
            [
                Problem(
                    str(listing.path),
                    f"unknown encoding {listing.encoding!r}",
                    hint="use utf-8, utf-8-sig, cp949 or utf-16",
                )
            ]
        ) from None
    except csv.Error as exc:
        raise DataError([Problem(str(listing.path), f"unreadable CSV: {exc}")]) from None
    except OSError as exc:
        raise DataError([Problem(str(listing.path), f"cannot read file: {exc.strerror}")]) from None


def _nfc_lines(handle: IO[str], size: int = _CHUNK * 16) -> Iterator[str]:
    """The file's lines in NFC (macOS and some exports write decomposed Hangul), normalised a
    block of whole lines at a time: line ends, delimiters and quotes compose with nothing, so the
    cells come out as if each were normalised on its own. Lines split as the file splits them."""
    while block := handle.read(size):
        block += handle.readline()  # end the block at a line end
        yield from io.StringIO(unicodedata.normalize("NFC", block), newline="")


# --- XLSX ------------------------------------------------------------------------------------


def _xlsx_rows(listing: ApplicantList, header_only: bool = False) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook  # imported only for workbooks: it is slow to import

    try:
        book = load_workbook(listing.path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged or non-xlsx files
        raise DataError(
            [
                Problem(
                    str(listing.path),
                    f"cannot open as an Excel workbook ({type(exc).__name__})",
                    hint="save it again as .xlsx",
                )
            ]
        ) from None
    try:
        if listing.sheet is not None and listing.sheet not in book.sheetnames:
            raise DataError(
                [
                    Problem(
                        str(listing.path),
                        f"no sheet named {listing.sheet!r}",
                        hint=f"sheets: {', '.join(book.sheetnames)}",
                    )
                ]
            )
        sheet = book[listing.sheet] if listing.sheet is not None else book.worksheets[0]
        rows = enumerate(sheet.iter_rows(values_only=True), 1)
        number = 0
        while True:
            try:
                number, cells = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # a damaged sheet fails while it is being read
                raise DataError(
                    [
                        Problem(
                            str(listing.path),
                            f"the sheet is damaged after row {number} ({type(exc).__name__})",
                            hint="open it in Excel and save it again as .xlsx",
                        )
                    ]
                ) from None
            if header_only:
                if number > HEADER_SEARCH_ROWS:
                    return
                yield number, list(cells)
            elif number > (listing.header_row or 0):
                yield number, [_nfc(c) for c in cells]
    finally:
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


_LIST_SPLIT = re.compile(r"[;,\n]")
_TRUE = {"y", "yes", "true", "1", "o", "예", "네", "유", "있음", "보유", "해당"}
_FALSE = {"n", "no", "false", "0", "x", "아니오", "아니요", "무", "없음", "미보유", "해당없음"}
_PRIOR = re.compile(r"^\s*([a-z0-9-]+)\s*[:(/\s]\s*(\d{4})\s*\)?\s*$")
_DATE = re.compile(r"^(\d{4})[-./\s]*(\d{1,2})[-./\s]*(\d{1,2})\.?$")


def _integer(value: object) -> int:
    if isinstance(value, bool):
        raise ValueProblem(f"expected a whole number, got {value}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value).replace(",", "").removesuffix("명").removesuffix("인").strip()
    if text.lstrip("-").isdigit():
        return int(text)
    raise ValueProblem(f"expected a whole number, got {_text(value)!r}")


def _money(value: object, scale: int) -> int:
    # The common cell, "8,500": what the Decimal way below gives, sooner.
    digits = value.replace(",", "").strip() if type(value) is str else ""
    if digits.isdigit() and digits.isascii():
        return int(digits) * scale
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        text = re.sub(r"[\s,]", "", _text(value)).removesuffix("원")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return parse_money(_text(value))  # Korean units in the cell win over the header's
    if number < 0:
        raise ValueProblem(f"amount {_text(value)} is negative")
    return int((number * scale).to_integral_value())


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE.match(_text(value))
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise ValueProblem(f"cannot read date {_text(value)!r}", "write 2006-04-01 or 2006.04.01")


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueProblem(f"expected yes or no, got {_text(value)!r}", "write Y/N, 예/아니오 or O/X")


def _items(value: object) -> list[str]:
    return [part.strip() for part in _LIST_SPLIT.split(_text(value)) if part.strip()]


def _prior(value: object) -> list[dict]:
    entries = []
    for item in _items(value):
        m = _PRIOR.match(item.casefold())
        if not m:
            raise ValueProblem(
                f"cannot read prior entry {item!r}", "write program:year; program:year"
            )
        entries.append({"program": m.group(1), "year": int(m.group(2))})
    return entries


_CELL_READERS = {
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


def read_cell(column: Column, value: object) -> object:
    """A filled cell as profile data, by its column's kind (money scaled by the header's unit)."""
    if column.field in MONEY_KEYS:
        return _money(value, column.scale)
    if column.field in _CELL_READERS:
        return _CELL_READERS[column.field](value)
    return _text(value)


def parse_row(listing: ApplicantList, number: int, cells: list) -> Applicant | Rejected:
    """One row: each cell read by its column's kind, then the whole validated as a profile."""
    path = str(listing.path)
    shown = {
        c.header: _text(cells[c.index]) if c.index < len(cells) else "" for c in listing.columns
    }
    data: dict = {}
    problems: list[Problem] = []
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
                f"{len(extra)} filled cells beyond the last header",
                where=f"row {number}",
                hint="give those columns a header",
                line=number,
            )
        )
    failed: set[str] = set()
    for column in listing.columns:
        value = cells[column.index] if column.index < len(cells) else None
        if column.field is None or _blank(value):
            continue  # an empty cell is unknown, like an absent key
        try:
            parsed = read_cell(column, value)
        except ValueProblem as exc:
            failed.add(column.field)
            problems.append(
                Problem(
                    path,
                    exc.what,
                    where=f"row {number}, column {column.header}",
                    hint=exc.hint,
                    line=number,
                )
            )
            continue
        head, _, tail = column.field.partition(".")
        if tail:
            data.setdefault(head, {})[tail] = parsed
        else:
            data[head] = parsed
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        # Report every problem of the row; a cell that could not be read is not "missing" too.
        by_field = {c.field: c for c in listing.columns if c.field is not None}
        for problem in profile_problems(exc, path):
            field_name = problem.where.split(".")[0].split("[")[0]
            if field_name in failed or problem.where in failed:
                continue
            column = by_field.get(problem.where) or by_field.get(field_name)
            header = column.header if column else problem.where
            hint = "fill in this cell" if problem.what.startswith("missing") else problem.hint
            what = problem.what.replace("missing required key", "missing required value for")
            problems.append(
                Problem(path, what, where=f"row {number}, column {header}", hint=hint, line=number)
            )
    else:
        if not problems:
            return Applicant(number, profile)
    return Rejected(number, shown, tuple(problems))


# --- the fast reading of good rows ------------------------------------------------------------


_UNREAD = object()  # cached: this cell cannot be read (parse_row will say why)
_BLANK = object()  # cached: an empty cell, which means unknown
_UNSEEN = object()
_REQUIRED = frozenset({"name", "region", "ksic", "employees"})
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

    def __init__(self, column: Column) -> None:
        self.column = column
        self.adapter = _field_adapter(column.field) if column.field != "district" else None
        self.seen: dict[object, object] = {}

    def fill(self, key: object, cell: object) -> object:
        """A cell not seen before: blank, unreadable, or its validated value (a region comes
        with the district its address names, as the model reads `region = "인천 남동구"`)."""
        if len(self.seen) >= CACHE_LIMIT:
            self.seen.clear()
        found: object
        if _blank(cell):
            found = _BLANK
        else:
            try:
                read = read_cell(self.column, cell)
                found = self.adapter.validate_python(read) if self.adapter else read
                if self.column.field == "region":
                    found = (found, vocab.district_in_address(found, read))  # type: ignore[arg-type]
            except (ValueProblem, ValidationError):
                found = _UNREAD
        self.seen[key] = found
        return found


_PLAIN, _REGION, _DISTRICT, _READINESS = range(4)


class FastReader:
    """Reads a good row through per-column caches; any other row is left to `parse_row`.

    A list repeats the same regions, codes, levels and needs in row after row, so validating each
    distinct cell once makes reading some ten times faster. The result is the same `Profile` that
    `Profile.model_validate` gives (a test holds them equal): every field goes through the model's
    own validator, and the two rules that span fields (a district belongs to its region; an address
    in `region` gives the district) are applied here as the model applies them. A row with any
    problem returns None, so that `parse_row` reports it in full.
    """

    def __init__(self, listing: ApplicantList) -> None:
        self.width = len(listing.columns)
        self.columns = []
        for c in listing.columns:
            if c.field is None:
                continue
            kind = {"region": _REGION, "district": _DISTRICT}.get(c.field, _PLAIN)
            if c.field.startswith("readiness."):
                kind = _READINESS
            cache = _ColumnCache(c)
            self.columns.append((c.index, c.field.rpartition(".")[2], kind, cache.seen, cache))
        self.districts: dict[tuple[str, str], str | None] = {}

    def read(self, number: int, cells: list) -> Applicant | None:
        width, given = self.width, len(cells)
        if given > width and any(not _blank(c) for c in cells[width:]):
            return None
        if given < width:
            cells = [*cells, *[None] * (width - given)]
        data: dict = {}
        readiness: dict = {}
        in_address = None
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
            elif kind == _REGION:
                data["region"], in_address = found  # type: ignore[misc]
            elif kind == _DISTRICT:
                data["district"] = found
            else:
                readiness[name] = found
        if not data.keys() >= _REQUIRED:
            return None
        if "district" in data:
            data["district"] = self._district(data["region"], data["district"])
            if data["district"] is None:
                return None
        elif in_address:
            data["district"] = in_address
        if readiness:
            try:
                data["readiness"] = Readiness.model_validate(readiness)
            except ValidationError:
                return None
        return Applicant(number, Profile.trusted(data))

    def read_columns(self, rows: list[tuple[int, list]]) -> tuple[dict[str, list], list[bool]]:
        """A chunk of rows read column by column: one list per profile field (None: unknown),
        and whether each row was read whole. The values of a row read whole are those `read`
        gives (a test holds them equal); other rows are for `parse_row` to explain."""
        width = self.width
        good = [True] * len(rows)
        table = []
        for i, (_, cells) in enumerate(rows):
            given = len(cells)
            if given > width and any(not _blank(c) for c in cells[width:]):
                good[i] = False
            elif given < width:
                cells = [*cells, *[None] * (width - given)]
            table.append(cells)
        values: dict[str, list] = {f: [None] * len(rows) for f in Profile.model_fields}
        readiness: dict[str, list] = {}
        in_address: list = [None] * len(rows)
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
            if kind == _REGION:
                values["region"] = [f[0] if f is not None else None for f in found]
                in_address = [f[1] if f is not None else None for f in found]
            elif kind == _READINESS:
                readiness[name] = found
            else:
                values[name] = found
        for name in _REQUIRED:
            for i in [i for i, v in enumerate(values[name]) if v is None]:
                good[i] = False
        self._place_all(values, in_address, good)
        if readiness:
            values["readiness"] = self._readiness(readiness, good)
        return values, good

    def _place_all(self, values: dict[str, list], in_address: list, good: list[bool]) -> None:
        """Districts as `read` places them: a given one resolved in its region, else the one
        the address in `region` names."""
        districts = values["district"]
        for i, (region, district) in enumerate(zip(values["region"], districts, strict=True)):
            if not good[i]:
                continue
            if district is None:
                districts[i] = in_address[i] or None
                continue
            districts[i] = self._district(region, district)
            if districts[i] is None:
                good[i] = False

    def _district(self, region: str, district: str) -> str | None:
        """A given district as the model resolves it in its region, or None if it is not one."""
        place = (region, district)
        if place not in self.districts:
            try:
                self.districts[place] = vocab.resolve_district(district, region)
            except ValueProblem:
                self.districts[place] = None
        return self.districts[place]

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
