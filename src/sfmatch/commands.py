"""The commands: parse options, call the engine, render. Heavy imports live inside each command."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sfmatch import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from sfmatch.catalog import Catalog
    from sfmatch.models import Profile


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Match Korean manufacturing SMEs to smart-factory support programs, with reasons and gaps.",
)
programs_app = typer.Typer(no_args_is_help=True, help="List and show the programs of the catalog.")
app.add_typer(programs_app, name="programs")


def _version(value: bool) -> None:
    if value:
        print(f"sfmatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Match Korean manufacturing SMEs to smart-factory support programs, with reasons and gaps."""


ProgramsOpt = Annotated[
    Path | None,
    typer.Option(
        "--programs",
        help="Catalog folder. Default: $SFMATCH_PROGRAMS, else ./programs, else the bundled catalog.",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Evaluate windows and ages on this date (YYYY-MM-DD). Default: today."
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("-o", "--output", help="Write to this file (atomically) instead of stdout."),
]


def _usage(option: str, what: str, hint: str = "") -> Exception:
    from sfmatch.errors import Problem, UsageError

    return UsageError([Problem(option, what, hint=hint)])


def _as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _usage(
            "--as-of", f"not a date: {value!r}", "use YYYY-MM-DD, e.g. 2026-03-02"
        ) from None


def _choice(option: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise _usage(option, f"unknown format {value!r}", f"use one of {', '.join(allowed)}")
    return value


def _load(
    profile_path: Path | None, programs: Path | None, day: dt.date | None = None
) -> tuple[Profile | None, Catalog]:
    """Load the catalog and the profile, reporting the problems of both before failing: with
    `day`, the profile's values that cannot be true on that day too. How the profile's place
    was read is a warning."""
    from sfmatch.catalog import load_catalog, programs_dir
    from sfmatch.errors import DataError
    from sfmatch.loader import load_profile

    problems = []
    catalog = profile = None
    try:
        catalog = load_catalog(programs_dir(programs))
    except DataError as exc:
        problems.extend(exc.problems)
    if profile_path is not None:
        notes: list[str] = []
        try:
            profile = load_profile(profile_path, notes)
        except DataError as exc:
            problems.extend(exc.problems)
        _warn([f"{profile_path}: {note}" for note in notes])
        if profile is not None and day is not None:
            from sfmatch.errors import Problem
            from sfmatch.plausible import profile_problems

            problems.extend(
                Problem(str(profile_path), what, where=field, hint=hint)
                for field, what, hint in profile_problems(profile, day)
            )
    if problems:
        raise DataError(problems)
    assert catalog is not None
    return profile, catalog


def _load_company(
    profile_path: Path, programs: Path | None, day: dt.date
) -> tuple[Profile, Catalog]:
    profile, catalog = _load(profile_path, programs, day)
    assert profile is not None
    return profile, catalog


def _program(catalog: Catalog, program_id: str, option: str = "PROGRAM_ID"):
    """The program with this id, or named by a name or family people write (said on stderr),
    or a usage error naming the closest ids."""
    program, reading = catalog.find(program_id)
    if program is None:
        near = ", ".join(catalog.closest_ids(program_id))
        raise _usage(option, f"unknown program id {program_id!r}", f"closest: {near}")
    if reading is not None:
        _warn([f"{option}: {program_id!r} read as {program.id} ({reading.how})"])
    return program


def _console(file=None) -> Console:
    from rich.console import Console

    if file is not None:  # a file gets plain text at a fixed, readable width
        return Console(file=file, width=120, color_system=None, force_terminal=False)
    return Console(file=sys.stdout, highlight=False)


def _emit(text: str, output: Path | None, encoding: str = "utf-8") -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        from sfmatch.output import atomic_write

        atomic_write(output, text, encoding)
        print(f"wrote {output}", file=sys.stderr)


def _warn(lines) -> None:
    for line in lines:
        print(f"warning: {line}", file=sys.stderr)


def _render_text(render, output: Path | None) -> None:
    """Run a table renderer to the terminal, or to a file as plain text."""
    if output is None:
        render(_console())
        return
    import io

    buffer = io.StringIO()
    render(_console(buffer))
    _emit(buffer.getvalue(), output)


@app.command()
def recommend(
    profile: Annotated[Path, typer.Argument(help="Company profile (.toml).", show_default=False)],
    top: Annotated[int | None, typer.Option(min=1, help="Show at most N programs.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Also show ineligible programs.")] = False,
    format_: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    output: OutputOpt = None,
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Rank the programs a company can apply for, with reasons, near misses and gaps.

    Example: sfmatch recommend profiles/hanul-precision.toml --as-of 2026-03-02
    """
    fmt = _choice("--format", format_, ("table", "json", "csv"))
    if output is not None and output.resolve() == profile.resolve():
        raise _usage("-o", f"{output} is the profile itself", "write to another file")
    day = _as_of(as_of)
    company, catalog = _load_company(profile, programs, day)
    from sfmatch.engine import recommend as run

    rec = run(company, catalog, day)
    _warn(rec.warnings)
    # --all shows every program: ineligible ones and a family's older editions too
    visible = [r for r in rec.results if all_ or (r.status != "ineligible" and r.current)]
    shown = visible[:top] if top else visible
    if fmt == "json":
        from sfmatch.render_data import recommendation_dict, to_json

        _emit(to_json(recommendation_dict(rec)), output)
    elif fmt == "csv":
        from sfmatch.render_data import recommendation_csv

        text = recommendation_csv(shown)
        _emit(text, output, "utf-8-sig")
    else:
        from sfmatch.render_table import render_recommendation

        _render_text(lambda c: render_recommendation(c, rec, shown, all_), output)


@app.command()
def explain(
    profile: Annotated[Path, typer.Argument(help="Company profile (.toml).", show_default=False)],
    program_id: Annotated[str, typer.Argument(help="Program id.", show_default=False)],
    format_: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Show every criterion, score component, money figure and note for one program.

    Example: sfmatch explain profiles/hanul-precision.toml kr-kosmes-sf-as-2021
    """
    fmt = _choice("--format", format_, ("table", "json"))
    day = _as_of(as_of)
    company, catalog = _load_company(profile, programs, day)
    program = _program(catalog, program_id)
    from sfmatch.engine import company_view, evaluate, profile_warnings

    _warn(profile_warnings(company, catalog))
    view = company_view(company, day)
    result = evaluate(company, view, program, day, catalog)
    if fmt == "json":
        from sfmatch.render_data import explanation_dict, to_json

        _emit(to_json(explanation_dict(day, view, result)), None)
    else:
        from sfmatch.render_table import render_explain

        render_explain(_console(), view, result, program, day)


@programs_app.command("list")
def programs_list(
    region: Annotated[str | None, typer.Option(help="Only programs open to this region.")] = None,
    covers: Annotated[str | None, typer.Option(help="Only programs covering this need.")] = None,
    open_on: Annotated[
        str | None, typer.Option("--open-on", help="Only programs accepting applications on DATE.")
    ] = None,
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """List the catalog, optionally filtered.

    Example: sfmatch programs list --region 인천 --covers 유지보수
    """
    from sfmatch import vocab
    from sfmatch.engine import select_programs, window_state
    from sfmatch.errors import ValueProblem

    day = _as_of(as_of)
    when = _as_of(open_on) if open_on is not None else None
    _, catalog = _load(None, programs)
    try:
        code = vocab.resolve_region(region) if region is not None else None
    except ValueProblem as exc:
        raise _usage("--region", exc.what, exc.hint) from None
    try:
        need = vocab.resolve_need(covers) if covers is not None else None
    except ValueProblem as exc:
        raise _usage("--covers", exc.what, exc.hint) from None
    chosen = select_programs(catalog, region=code, need=need, open_on=when)
    from sfmatch.render_table import render_program_list

    windows = [window_state(p.window, when or day) for p in chosen]  # as of --open-on
    render_program_list(_console(), chosen, windows)


@programs_app.command("families")
def programs_families(programs: ProgramsOpt = None) -> None:
    """List the program families, their editions, and the names each answers to.

    A `prior` entry, --program or an explain id may name a program by any of these names.
    Example: sfmatch programs families
    """
    from sfmatch.render_table import render_families

    _, catalog = _load(None, programs)
    render_families(_console(), catalog.families())


@programs_app.command("show")
def programs_show(
    program_id: Annotated[str, typer.Argument(help="Program id.", show_default=False)],
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Show one program: funding, window, eligibility rules, sources and notes.

    Example: sfmatch programs show kr-kosmes-sf-as-2021
    """
    from sfmatch.engine import window_state
    from sfmatch.render_table import render_program

    day = _as_of(as_of)
    _, catalog = _load(None, programs)
    program = _program(catalog, program_id)
    render_program(_console(), program, window_state(program.window, day))


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders. Default: the catalog and ./profiles.", show_default=False
        ),
    ] = None,
    programs: ProgramsOpt = None,
) -> None:
    """Check program and profile files; report every problem; exit 1 if any.

    Example: sfmatch validate programs profiles
    """
    from sfmatch.catalog import programs_dir
    from sfmatch.errors import DataError
    from sfmatch.validation import validate_paths

    if not paths:
        paths = [programs_dir(programs)]
        if Path("profiles").is_dir():
            paths.append(Path("profiles"))
    report = validate_paths(paths)
    _warn(report.warnings)
    summary = (
        f"checked {report.checked} files: {report.programs} valid programs,"
        f" {report.profiles} valid profiles, {len(report.problems)} problems"
    )
    print(summary, file=sys.stderr)
    if report.problems:
        raise DataError(list(report.problems))


ERRORS_SHOWN = 50  # rejection lines printed on stderr; --errors FILE keeps them all

# Options shared by the commands that read applicant lists.
ErrorsOpt = Annotated[
    Path | None, typer.Option("--errors", help="Write the rejected rows and reasons here (CSV).")
]
MappingOpt = Annotated[bool, typer.Option("--show-mapping", help="Show how each header was read.")]
EncodingOpt = Annotated[
    str | None, typer.Option(help="CSV encoding (default: detected: UTF-8, CP949, UTF-16).")
]
SheetOpt = Annotated[str | None, typer.Option(help="XLSX sheet (default: the first).")]


MapOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        help="Read a column as a key: 'HEADER=key' (key '-' leaves it unused). Repeatable.",
        show_default=False,
    ),
]
MapFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--map-file", help='A TOML file of "HEADER" = "key" lines, as --map.', show_default=False
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
                raise _usage("--map-file", f"{file}: {header!r} should map to a key as text")
            found[header.strip()] = target.strip()
    for pair in pairs or []:
        header, sep, target = pair.rpartition("=")
        if not sep or not header.strip():
            raise _usage("--map", f"cannot read {pair!r}", "write 'HEADER=key', e.g. '업체명=name'")
        found[header.strip()] = target.strip()
    for header, target in found.items():
        if target not in KEYS:
            from rapidfuzz import process

            near = process.extractOne(target, KEYS)
            hint = f"did you mean {near[0]!r}?" if near and near[1] >= 60 else "see --help"
            raise _usage("--map", f"{header!r}: {target!r} is not a key a list can have", hint)
    return found


UNUSED_NAMED = 20  # unused columns named in the warning; a wider list says how many more


def _open_applicants(
    path: Path,
    encoding: str | None,
    sheet: str | None,
    show_mapping: bool,
    mapped: dict[str, str] | None = None,
    day: dt.date | None = None,
):
    """Open a list; report its header mapping on stderr (with --show-mapping, even when the
    mapping then fails, which is when it is needed), and the unused columns in one line.
    Values that cannot be true on `day` (default today) are not read."""
    from sfmatch.applicants import open_list
    from sfmatch.headers import JOINED

    listing = open_list(path, encoding, sheet, mapped)
    listing.as_of = day or dt.date.today()
    if show_mapping and listing.kind != "folder":
        print(
            f"{path}: header row {listing.header_row}, encoding {listing.encoding or 'xlsx'}",
            file=sys.stderr,
        )
        for c in listing.columns:
            scale = f" ×{c.scale:,}" if c.scale != 1 else ""
            if c.field is not None:
                target = c.field
            elif c.fills in JOINED:
                target = f"(read together with {c.fills})"
            elif c.fills is not None:
                target = f"(alternative for {c.fills})"
            else:
                target = "(not used)"
            print(f"  {c.header!r} → {target}{scale} ({c.how})", file=sys.stderr)
    listing.check()
    unused = [repr(c.header) for c in listing.unmapped]
    if unused:
        named = ", ".join(unused[:UNUSED_NAMED])
        if len(unused) > UNUSED_NAMED:
            named += f" and {len(unused) - UNUSED_NAMED:,} more"
        _warn(
            [
                f"{path}: {len(unused)} columns map to no profile key; their values are not"
                f" used: {named} (hint: see --show-mapping, or --map 'HEADER=key')"
            ]
        )
    return listing


@contextmanager
def _progress(path: Path):
    """A Rich progress line on stderr for long lists, only when stderr is a terminal; yields the
    callback the engine calls with the number of rows read, or None."""
    big = path.is_dir() or path.stat().st_size > 256 * 1024
    if not (big and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("scoring {task.completed:,} rows"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("batch", total=None)
        yield lambda n: bar.update(task, completed=n)


def _in_row_order(rejected, unknown) -> list:
    return sorted([*rejected, *unknown], key=lambda item: item.row)


def _report_rows(rejected, unknown, errors: Path | None) -> None:
    """The first problems of the list, in row order: rejections as errors, cells read as
    unknown as warnings."""
    lines = [
        p.render() if item.kind == "rejected" else "warning" + p.render().removeprefix("error")
        for item in _in_row_order(rejected, unknown)
        for p in item.problems
    ]
    for line in lines[:ERRORS_SHOWN]:
        print(line, file=sys.stderr)
    if len(lines) > ERRORS_SHOWN:
        more = len(lines) - ERRORS_SHOWN
        hint = "see the --errors file" if errors else "write them all with --errors FILE"
        print(f"error: ... and {more} more problems ({hint})", file=sys.stderr)


READINGS_SHOWN = 20


def _report_readings(path: Path, readings) -> None:
    """How places and prior programs were read where a person should know (old names,
    non-exact matches), and doubtful values: each once, with its number of rows."""
    ranked = sorted(readings.items(), key=lambda kv: (-kv[1], kv[0]))
    for note, rows in ranked[:READINGS_SHOWN]:
        print(f"warning: {path}: {rows} {'row' if rows == 1 else 'rows'}: {note}", file=sys.stderr)
    if len(ranked) > READINGS_SHOWN:
        print(f"warning: {path}: ... and {len(ranked) - READINGS_SHOWN} more readings",
              file=sys.stderr)  # fmt: skip


def _write_errors(errors: Path | None, rejected, unknown=()) -> None:
    if errors is None:
        return
    from sfmatch.output import atomic_open, write_csv
    from sfmatch.render_batch import error_header, error_rows

    rows = _in_row_order(rejected, unknown)
    with atomic_open(errors, "utf-8-sig") as handle:
        write_csv(handle, error_header(rows), error_rows(rows))


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


def _write_scored(fmt, output, listing, catalog, day, tally, progress, top, jobs) -> list:
    """Write the default batch results as they are scored; returns the rejected rows."""
    from sfmatch import batch as scoring
    from sfmatch import render_batch as out
    from sfmatch.applicants import Rejected
    from sfmatch.output import atomic_open, atomic_path

    rejected: list = []
    if fmt == "csv":  # laid out as CSV text by the workers; only duplicate flags are added here
        csv_out = out.BatchCsv()
        job = scoring.Job(listing, catalog, day, top, text=out.csv_block)
        with atomic_open(output, "utf-8-sig") as handle:
            handle.write(csv_out.header(listing.kind == "folder"))
            for chunk, flags in scoring.score_chunks(job, tally, progress, jobs):
                rejected += [item for item in chunk.items if isinstance(item, Rejected)]
                handle.write(csv_out.fill(chunk.shaped, flags))
        return rejected
    job = scoring.Job(listing, catalog, day, top, detailed=fmt == "json")
    stream = scoring.score_list(job, tally, progress, jobs)
    scored = out.only_scored(stream, rejected)
    if fmt == "xlsx":
        with atomic_path(output) as tmp:
            columns = out.with_file(out.BATCH_COLUMNS, listing.kind == "folder")
            out.write_xlsx(tmp, columns, out.batch_rows(scored), rejected, day)
    else:
        with atomic_open(output) as handle:
            source = str(listing.path)
            out.write_batch_json(handle, scored, rejected, tally, top, day, source)
    return rejected


def _write_ranked(fmt, output, ranked, rejected, tally, program, day, source) -> None:
    from sfmatch import render_batch as out
    from sfmatch.output import atomic_open, atomic_path, write_csv

    columns = out.with_file(out.PROGRAM_COLUMNS, source.is_dir())
    if fmt == "csv":
        with atomic_open(output, "utf-8-sig") as handle:
            write_csv(handle, columns, out.program_rows(ranked))
    elif fmt == "xlsx":
        with atomic_path(output) as tmp:
            out.write_xlsx(tmp, columns, out.program_rows(ranked), rejected, day)
    else:
        with atomic_open(output) as handle:
            out.write_program_json(handle, ranked, rejected, tally, program, day, str(source))


@app.command()
def batch(
    applicants: Annotated[
        Path, typer.Argument(help="A .csv, an .xlsx, or a folder of profile .toml files.")
    ],
    output: OutputOpt = None,
    program: Annotated[
        str | None, typer.Option("--program", help="Rank the applicants for this one program.")
    ] = None,
    top: Annotated[
        int | None, typer.Option(min=1, help="At most N programs per applicant.")
    ] = None,
    format_: Annotated[
        str | None, typer.Option("--format", help="csv, json or xlsx (default: from -o's suffix).")
    ] = None,
    errors: ErrorsOpt = None,
    show_mapping: MappingOpt = False,
    map_: MapOpt = None,
    map_file: MapFileOpt = None,
    encoding: EncodingOpt = None,
    sheet: SheetOpt = None,
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", min=1, help="Processes that score a long list (default: one per CPU)."
        ),
    ] = None,
) -> None:
    """Score every applicant of a list; rejected rows are explained, never dropped.

    Example: sfmatch batch applicants.csv -o results.csv --errors rejected.csv
    """
    if output is None:
        raise _usage("-o", "batch writes its results to a file", "add -o results.csv")
    for target, option in ((output, "-o"), (errors, "--errors")):
        if target is not None and target.resolve() == applicants.resolve():
            raise _usage(option, f"{target} is the applicant list itself", "write to another file")
    if errors is not None and errors.resolve() == output.resolve():
        raise _usage("--errors", "is the same file as -o", "give the rejected rows their own file")
    from sfmatch.output import writable

    for target in (output, errors):  # every output checked before any file is replaced
        if target is not None:
            writable(target)
    suffix = output.suffix.casefold().lstrip(".")
    fmt = _choice(
        "--format",
        format_ or (suffix if suffix in ("json", "xlsx") else "csv"),
        ("csv", "json", "xlsx"),
    )
    day = _as_of(as_of)
    mapped = _mapping(map_, map_file)
    _, catalog = _load(None, programs)
    chosen = _program(catalog, program, "--program") if program is not None else None
    listing = _open_applicants(applicants, encoding, sheet, show_mapping, mapped, day)

    from sfmatch import batch as scoring

    tally = scoring.Tally()
    with _progress(applicants) as progress:
        if chosen is not None:
            from sfmatch.render_batch import program_cells

            ranked, rejected = scoring.rank_for_program(
                listing, catalog, chosen, day, tally, progress, _jobs(jobs, listing),
                shape=None if fmt == "json" else program_cells,
            )  # fmt: skip
            _write_ranked(fmt, output, ranked, rejected, tally, chosen.id, day, applicants)
        else:
            workers = _jobs(jobs, listing)
            rejected = _write_scored(
                fmt, output, listing, catalog, day, tally, progress, top, workers
            )
    _write_errors(errors, rejected, tally.unknown)
    _report_rows(rejected, tally.unknown, errors)
    _report_readings(applicants, tally.readings)
    _warn([f"{applicants}: {w}" for w in listing.warnings])
    for note in tally.notes:
        print(f"warning: {note}", file=sys.stderr)
    print(f"{tally.summary()}; wrote {output}", file=sys.stderr)
    if tally.rejected:
        raise typer.Exit(1)


@app.command()
def gaps(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Applicant lists (.csv, .xlsx), folders of profiles or profile files.",
            show_default=False,
        ),
    ],
    by: Annotated[
        str | None,
        typer.Option(
            "--by", help="Split the needs table: district, size, level, root or division."
        ),
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="table, csv, json or xlsx (default: from -o's suffix, else table).",
            show_default=False,
        ),
    ] = None,
    table_: Annotated[
        str,
        typer.Option(
            "--table", help="For CSV: the needs, programs or kinds (demand per funding kind) table."
        ),
    ] = "needs",
    with_: Annotated[
        list[Path] | None,
        typer.Option(
            "--with",
            help="What-if: add these programs (a file or a folder); same id replaces. Repeatable.",
            show_default=False,
        ),
    ] = None,
    without: Annotated[
        list[str] | None,
        typer.Option(
            "--without", help="What-if: leave this program out. Repeatable.", show_default=False
        ),
    ] = None,
    need_: Annotated[
        list[str] | None,
        typer.Option(
            "--need",
            help="Take this need as every firm's (for lists with no needs column, such as the"
            " factory registry). Repeatable.",
            show_default=False,
        ),
    ] = None,
    list_uncovered: Annotated[
        str | None,
        typer.Option(
            "--list-uncovered",
            help="Write the firms this need leaves uncovered, with each program's reason (CSV).",
            show_default=False,
        ),
    ] = None,
    changes: Annotated[
        bool,
        typer.Option(
            "--changes",
            help="With --with/--without: write each firm's programs whose status the what-if"
            " changes, both statuses given.",
        ),
    ] = False,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Also write a self-contained report page (charts, tables, sources; prints on A4).",
            show_default=False,
        ),
    ] = None,
    output: OutputOpt = None,
    errors: ErrorsOpt = None,
    show_mapping: MappingOpt = False,
    map_: MapOpt = None,
    map_file: MapFileOpt = None,
    encoding: EncodingOpt = None,
    sheet: SheetOpt = None,
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", min=1, help="Processes that score a long list (default: one per CPU)."
        ),
    ] = None,
) -> None:
    """Needs the catalog leaves uncovered across many firms, and demand on each program.

    Example: sfmatch gaps 공장등록현황.xlsx --by district
    """
    from sfmatch.portfolio import BREAKDOWNS

    suffix = output.suffix.casefold().lstrip(".") if output is not None else ""
    fmt = _choice(
        "--format",
        format_ or (suffix if suffix in ("csv", "json", "xlsx") else "table"),
        ("table", "csv", "json", "xlsx"),
    )
    if fmt == "xlsx" and output is None:
        raise _usage("--format", "a workbook cannot go to the terminal", "add -o gaps.xlsx")
    if table_ not in ("needs", "programs", "kinds"):
        raise _usage("--table", f"unknown table {table_!r}", "use needs, programs or kinds")
    if changes and not (with_ or without):
        raise _usage("--changes", "needs a what-if catalog", "add --with PATH or --without ID")
    if changes and list_uncovered is not None:
        raise _usage("--changes", "cannot go with --list-uncovered", "run them one at a time")
    if by is not None and by not in BREAKDOWNS:
        raise _usage("--by", f"unknown breakdown {by!r}", f"use one of {', '.join(BREAKDOWNS)}")
    from sfmatch import vocab
    from sfmatch.errors import ValueProblem

    need = None
    try:
        if list_uncovered is not None:
            need = vocab.resolve_need(list_uncovered)
        assumed = tuple(dict.fromkeys(vocab.resolve_need(n) for n in need_ or []))
    except ValueProblem as exc:
        option = "--list-uncovered" if need is None and list_uncovered else "--need"
        raise _usage(option, exc.what, exc.hint) from None
    day = _as_of(as_of)
    mapped = _mapping(map_, map_file)
    _, catalog = _load(None, programs)
    what_if = _what_if(catalog, with_ or [], without or []) if (with_ or without) else None
    from sfmatch.output import writable

    for target in (output, errors, html):
        if target is not None:
            writable(target)
    from sfmatch import batch as scoring
    from sfmatch.applicants import ApplicantList, Rejected
    from sfmatch.portfolio import Portfolio

    portfolio = None
    rejected: list = []
    total = scoring.Tally()
    for path in inputs:
        if path.suffix.casefold() == ".toml" and path.is_file():
            listing = ApplicantList(path, "folder")
        else:
            listing = _open_applicants(path, encoding, sheet, show_mapping, mapped, day)
        tally = scoring.Tally()
        job = scoring.Job(listing, catalog, day, portfolio=True, by=by, what_if=what_if,
                          left_out=need, assume=assumed, changes=changes)  # fmt: skip
        with _progress(path) as progress:
            for chunk, _flags in scoring.score_chunks(job, tally, progress, _jobs(jobs, listing)):
                rejected += [item for item in chunk.items if isinstance(item, Rejected)]
                if portfolio is None:
                    portfolio = Portfolio.empty(chunk.shaped.programs)
                portfolio.merge(chunk.shaped)
        _report_readings(path, tally.readings)
        _warn([f"{path}: {w}" for w in getattr(listing, "warnings", [])])
        for name in ("scored", "rejected", "blank", "masked_brns"):
            setattr(total, name, getattr(total, name) + getattr(tally, name))
        total.unknown += tally.unknown
        total.notes += tally.notes
    if portfolio is None:  # nothing was read at all
        from sfmatch.vector import BatchEngine

        portfolio = Portfolio.empty(BatchEngine(catalog, day).ids)
        if what_if is not None:
            portfolio.scenario = Portfolio.empty(BatchEngine(what_if, day).ids)
    _write_errors(errors, rejected, total.unknown)
    _report_rows(rejected, total.unknown, errors)
    from sfmatch import render_gaps as out

    summary = {"read": total.read, "scored": total.scored, "rejected": total.rejected}
    if html is not None:
        from sfmatch.output import atomic_write
        from sfmatch.render_html import gaps_html

        page = gaps_html(portfolio, catalog, day, summary, [str(p) for p in inputs], by, what_if)
        atomic_write(html, page, "utf-8")
        print(f"wrote {html}", file=sys.stderr)
    firms = None  # the firms a need leaves out, or those a what-if changes: for staff to call
    if need is not None:
        firms = ("uncovered", out.left_out_table(portfolio), portfolio.left_out, {"need": need})
    elif changes:
        firms = ("changes", out.changes_table(portfolio), portfolio.changes, {})
    if fmt == "xlsx":
        from sfmatch.output import atomic_path
        from sfmatch.render_batch import write_workbook

        sheets = (
            [(firms[0], *firms[1])]
            if firms is not None
            else out.gaps_sheets(portfolio, catalog, day, summary, what_if)
        )
        with atomic_path(output) as tmp:  # type: ignore[arg-type]
            write_workbook(tmp, sheets, rejected, day)
        print(f"wrote {output}", file=sys.stderr)
    elif firms is not None:
        key, table, rows, about = firms
        if fmt == "json":
            _emit(out.firms_json(key, rows, day, **about), output)
        else:  # CSV, also for the table format: a list of firms is not a summary table
            from sfmatch.output import csv_text

            _emit(csv_text(*table), output, "utf-8-sig")
    elif fmt == "json":
        _emit(out.gaps_json(portfolio, catalog, day, summary, what_if), output)
    elif fmt == "csv":
        _emit(out.gaps_csv(portfolio, catalog, day, table_, what_if), output, "utf-8-sig")
    else:

        def render(console):
            out.render_gaps(console, portfolio, catalog, day, what_if)

        _render_text(render, output)
    print(total.summary(), file=sys.stderr)
    if total.rejected:
        raise typer.Exit(1)


def _what_if(catalog: Catalog, added: list[Path], removed: list[str]):
    """The catalog with programs added or replaced (same id) from files or folders, and some
    left out: a proposed program, a budget restored, a program ended."""
    from sfmatch.catalog import Catalog, duplicate_ids, load_catalog
    from sfmatch.errors import DataError
    from sfmatch.loader import load_program

    programs = {p.id: p for p in catalog.programs}
    problems = []
    for path in added:
        try:
            found = load_catalog(path).programs if path.is_dir() else (load_program(path),)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(duplicate_ids([(path, p) for p in found]))
        programs.update((p.id, p) for p in found)
    if problems:
        raise DataError(problems)
    for program_id in removed:
        if program_id not in programs:
            near = ", ".join(catalog.closest_ids(program_id))
            raise _usage("--without", f"unknown program id {program_id!r}", f"closest: {near}")
        del programs[program_id]
    return Catalog(catalog.root, tuple(sorted(programs.values(), key=lambda p: p.id)))


@app.command()
def convert(
    applicants: Annotated[Path, typer.Argument(help="A .csv or .xlsx applicant list.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Folder for the profile files.")
    ] = None,
    errors: ErrorsOpt = None,
    show_mapping: MappingOpt = False,
    map_: MapOpt = None,
    map_file: MapFileOpt = None,
    encoding: EncodingOpt = None,
    sheet: SheetOpt = None,
) -> None:
    """Turn an applicant list into one profile .toml per applicant, to go on editing by hand.

    Example: sfmatch convert applicants.xlsx -o profiles/
    """
    if output is None:
        raise _usage("-o", "convert writes profile files into a folder", "add -o profiles/")
    if output.exists() and not output.is_dir():
        raise _usage("-o", f"{output} is a file, not a folder", "give a folder")
    listing = _open_applicants(applicants, encoding, sheet, show_mapping, _mapping(map_, map_file))
    if listing.kind == "folder":
        raise _usage("APPLICANTS", "is already a folder of profiles", "give a .csv or .xlsx")
    from sfmatch.applicants import Rejected
    from sfmatch.output import atomic_write
    from sfmatch.profile_files import profile_file_name, profile_toml

    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = f"cannot create folder {output}: {exc.strerror}"
        raise _usage("-o", where, "give a writable folder") from None
    written, rejected, unknown = 0, [], []
    readings: Counter[str] = Counter()
    for item in listing:
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        if item.unknown is not None:
            unknown.append(item.unknown)
        readings.update(item.notes)
        target = output / profile_file_name(item.row, item.profile.name)
        atomic_write(target, profile_toml(item.profile, f"{applicants}, row {item.row}"))
        written += 1
    _write_errors(errors, rejected, unknown)
    _report_rows(rejected, unknown, errors)
    _report_readings(applicants, readings)
    _warn([f"{applicants}: {w}" for w in listing.warnings])
    read = written + len(rejected)
    blank = f"; {listing.blank_rows} blank rows skipped" if listing.blank_rows else ""
    print(
        f"read {read} = converted {written} + rejected {len(rejected)}{blank}; wrote {output}",
        file=sys.stderr,
    )
    if rejected:
        raise typer.Exit(1)
