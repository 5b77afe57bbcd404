"""Reading applicant lists for `batch`, `gaps` and `convert`: options, mapping, progress, rejected rows."""

from __future__ import annotations

import datetime as dt
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sfmatch.cli import to_stderr
from sfmatch.commands._shared import _usage, _warn
from sfmatch.i18n import N_, Msg, said

if TYPE_CHECKING:
    pass

ERRORS_SHOWN = 50  # rejection lines printed on stderr; --errors FILE keeps them all

# Options shared by the commands that read applicant lists.
ErrorsOpt = Annotated[
    Path | None,
    typer.Option(
        "--errors", metavar="FILE", help="Write the rejected rows and reasons here (CSV)."
    ),
]
MappingOpt = Annotated[bool, typer.Option("--show-mapping", help="Show how each header was read.")]
EncodingOpt = Annotated[
    str | None,
    typer.Option(
        metavar="ENCODING", help="CSV encoding (default: detected: UTF-8, CP949, UTF-16)."
    ),
]
SheetOpt = Annotated[
    str | None, typer.Option(metavar="SHEET", help="XLSX sheet (default: the first).")
]


MapOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        metavar="HEADER=KEY",
        help="Read a column as a key: 'HEADER=key' (key '-' leaves it unused). Repeatable.",
        show_default=False,
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        min=1,
        metavar="N",
        help="Processes that score a long list (default: one per CPU).",
    ),
]
RegionOpt = Annotated[
    str | None,
    typer.Option(
        "--region",
        metavar="PLACE",
        help="Keep only the rows of this place: a 시·도 or a 시·군·구 (인천, '인천 남동구').",
        show_default=False,
    ),
]
DistrictOpt = Annotated[
    str | None,
    typer.Option(
        "--district",
        metavar="DISTRICT",
        help="With --region: keep only the rows of this 시·군·구 (남동구).",
        show_default=False,
    ),
]


def _within(region: str | None, district: str | None):
    """The place `--region` and `--district` keep a list to, or None."""
    if region is None:
        if district is not None:
            raise _usage("--district", N_("needs --region"),
                         N_("add --region 인천, or write both in it"))  # fmt: skip
        return None
    from sfmatch.errors import ValueProblem
    from sfmatch.vocab import within

    try:
        return within(region, district)
    except ValueProblem as exc:
        raise _usage("--district" if getattr(exc, "field", "") == "district" else "--region",
                     exc.what, exc.hint) from None  # fmt: skip


MapFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--map-file",
        metavar="FILE",
        help='A TOML file of "HEADER" = "key" lines, as --map.',
        show_default=False,
    ),
]


def _mapping(pairs: list[str] | None, file: Path | None) -> dict[str, str]:
    """--map-file's mappings, then --map's (which win), checked against the keys a list has."""
    from sfmatch.headers import KEYS

    found: dict[str, str] = {}
    if file is not None:
        from sfmatch.loader import read_toml

        data, _ = read_toml(file)
        for header, target in data.items():
            if not isinstance(target, str):
                raise _usage("--map-file", N_("{file}: {header} should map to a key as text",
                                              file=str(file), header=repr(header)))  # fmt: skip
            found[header.strip()] = target.strip()
    for pair in pairs or []:
        header, sep, target = pair.rpartition("=")
        if not sep or not header.strip():
            raise _usage("--map", N_("cannot read {pair}", pair=repr(pair)),
                         N_("write 'HEADER=key', e.g. '업체명=name'"))  # fmt: skip
        found[header.strip()] = target.strip()
    for header, target in found.items():
        if target not in KEYS:
            from rapidfuzz import process

            near = process.extractOne(target, KEYS)
            hint = (N_("did you mean {key}?", key=repr(near[0])) if near and near[1] >= 60
                    else N_("see --help"))  # fmt: skip
            raise _usage("--map", N_("{header}: {key} is not a key a list can have",
                                     header=repr(header), key=repr(target)), hint)  # fmt: skip
    return found


UNUSED_NAMED = 20  # unused columns named in the warning; a wider list says how many more


def _open_applicants(
    path: Path,
    encoding: str | None,
    sheet: str | None,
    show_mapping: bool,
    mapped: dict[str, str] | None = None,
    day: dt.date | None = None,
    lang: str = "en",
    bar: _Bar | None = None,
):
    """Open a list; report its header mapping on stderr (with --show-mapping, even when the
    mapping then fails, which is when it is needed), and the unused columns in one line.
    Values that cannot be true on `day` (default today) are not read."""
    from sfmatch.applicants import open_list
    from sfmatch.headers import JOINED

    listing = open_list(path, encoding, sheet, mapped)
    listing.as_of = day or dt.date.today()
    if bar is not None:
        bar.watch(listing)
    if show_mapping and listing.kind != "folder":
        from sfmatch.headers import how_words

        head = N_("{path}: header row {row}, encoding {encoding}", path=str(path),
                  row=listing.header_row, encoding=listing.encoding or "xlsx")  # fmt: skip
        to_stderr(said(head, lang))
        for c in listing.columns:
            scale = f" ×{c.scale:,}" if c.scale != 1 else ""
            if c.field is not None:
                target: str | Msg = c.field
            elif c.fills in JOINED:
                target = N_("(read together with {field})", field=c.fills)
            elif c.fills is not None:
                target = N_("(alternative for {field})", field=c.fills)
            else:
                target = N_("(not used)")
            how = said(how_words(c.how), lang)
            to_stderr(f"  {c.header!r} → {said(target, lang)}{scale} ({how})")
    listing.check()
    unused = [repr(c.header) for c in listing.unmapped]
    if unused:
        named = ", ".join(unused[:UNUSED_NAMED])
        if len(unused) > UNUSED_NAMED:
            named = N_("{named} and {n} more", named=named, n=f"{len(unused) - UNUSED_NAMED:,}")
        line = N_("{path}: {n} columns map to no profile key; their values are not used: {named}"
                  " (hint: see --show-mapping, or --map 'HEADER=key')", path=str(path),
                  n=len(unused), named=named)  # fmt: skip
        _warn([line], lang)
    return listing


class _Bar:
    """A progress line on stderr, from opening a list to its last row: "opening" while a
    workbook is loaded, then the row reached (blank ones too: a workbook can hold a million
    empty, formatted rows) and how many were scored or converted."""

    def __init__(self, bar, name: str, done: str, lang: str) -> None:
        self.bar, self.done, self.lang = bar, done, lang
        self.reached = self.count = 0
        self.task = bar.add_task(said(N_("opening {name}", name=name), lang), total=None)
        bar.refresh()  # shown at once, not at the next tick: opening may be all that takes time

    def _say(self, message) -> None:
        self.bar.update(self.task, description=said(message, self.lang))

    def watch(self, listing) -> None:
        """Be told the rows `listing` reaches while it is read."""
        listing.on_row = self.row

    def row(self, number: int) -> None:
        self.reached = max(self.reached, number)
        self._show()

    def __call__(self, count: int) -> None:  # the engine's `Progress`: rows scored so far
        self.count = count
        self._show()

    def _show(self) -> None:
        row, n = f"{self.reached:,}", f"{self.count:,}"
        if self.done == "converted":
            self._say(N_("reading row {row} · {n} converted", row=row, n=n))
        else:
            self._say(N_("reading row {row} · {n} scored", row=row, n=n))


@contextmanager
def _progress(path: Path, lang: str = "en", done: str = "scored"):
    """A `_Bar` for long lists, only when stderr is a terminal, else None. Enter it before the
    list is opened: opening a big workbook takes seconds of its own."""
    try:
        big = path.is_dir() or (path.is_file() and path.stat().st_size > 256 * 1024)
    except OSError:  # not to be read: opening it says so, in one line
        big = False
    if not (big and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        yield _Bar(bar, path.name, done, lang)


def _in_row_order(rejected, unknown) -> list:
    return sorted([*rejected, *unknown], key=lambda item: item.row)


def _report_rows(rejected, unknown, errors: Path | None, lang: str = "en") -> None:
    """The first problems of the list, in row order: rejections as errors, cells read as
    unknown as warnings; in `lang`."""
    from sfmatch.i18n import N_, said

    lines = [
        p.render(lang) if item.kind == "rejected"
        else "warning" + p.render(lang).removeprefix("error")
        for item in _in_row_order(rejected, unknown)
        for p in item.problems
    ]  # fmt: skip
    for line in lines[:ERRORS_SHOWN]:
        to_stderr(line)
    if len(lines) > ERRORS_SHOWN:
        more = len(lines) - ERRORS_SHOWN
        hint = N_("see the --errors file") if errors else N_("write them all with --errors FILE")
        to_stderr(f"error: {said(N_('... and {more} more problems', more=more), lang)}"
                  f" (hint: {said(hint, lang)})")  # fmt: skip


READINGS_SHOWN = 20


def _report_readings(path: Path, readings, lang: str = "en") -> None:
    """How places and prior programs were read where a person should know (old names,
    non-exact matches), and doubtful values: each once, with its number of rows."""
    ranked = sorted(((said(n, lang), rows) for n, rows in readings.items()),
                    key=lambda kv: (-kv[1], kv[0]))  # fmt: skip
    for note, rows in ranked[:READINGS_SHOWN]:
        count = N_("{n} row", n=rows) if rows == 1 else N_("{n} rows", n=rows)
        to_stderr(f"warning: {path}: {said(count, lang)}: {note}")
    if len(ranked) > READINGS_SHOWN:
        more = N_("... and {n} more readings", n=len(ranked) - READINGS_SHOWN)
        to_stderr(f"warning: {path}: {said(more, lang)}")


def _write_errors(errors: Path | None, rejected, unknown=(), lang: str = "en") -> None:
    if errors is None:
        return
    from sfmatch.output import atomic_open, write_csv
    from sfmatch.render.batch import error_header, error_rows

    rows = _in_row_order(rejected, unknown)
    with atomic_open(errors, "utf-8-sig") as handle:
        write_csv(handle, error_header(rows), error_rows(rows, lang))


MAX_DEFAULT_JOBS = 8  # past this the main process (reading, duplicates, writing) is the limit


def _jobs(asked: int | None, listing) -> int:
    """Worker processes: as asked, else one per CPU this process may use, for a long list (a
    short one is done sooner than workers start)."""
    if asked is not None:
        return asked
    long = listing.path.is_dir() or listing.path.stat().st_size > 1 << 19  # ~5,000 rows
    return min(_usable_cpus(), MAX_DEFAULT_JOBS) if long else 1


def _usable_cpus() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cpus = os.cpu_count() or 1
    try:  # a container's CPU quota (cgroup v2), which the affinity mask does not show
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cpus = min(cpus, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return cpus
