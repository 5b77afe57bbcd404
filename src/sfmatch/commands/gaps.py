"""`sfmatch gaps`: the policy view over many firms."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sfmatch.cli import to_stderr
from sfmatch.commands import _complete
from sfmatch.commands._app import app
from sfmatch.commands._lists import (
    DistrictOpt,
    EncodingOpt,
    ErrorsOpt,
    JobsOpt,
    MapFileOpt,
    MapOpt,
    MappingOpt,
    RegionOpt,
    SheetOpt,
    _jobs,
    _mapping,
    _open_applicants,
    _progress,
    _report_readings,
    _report_rows,
    _within,
    _write_errors,
)
from sfmatch.commands._options import AsOfOpt, LangOpt, OutputOpt, ProgramsOpt
from sfmatch.commands._shared import (
    _as_of,
    _choice,
    _emit,
    _format_for,
    _lang,
    _load,
    _outputs_apart,
    _render_text,
    _stale,
    _usage,
    _warn,
    _wrote,
)
from sfmatch.i18n import N_, Joined

if TYPE_CHECKING:
    from sfmatch.catalog import Catalog


FORMATS = ("table", "csv", "json", "xlsx")  # what `gaps --format` takes
TABLES = ("needs", "programs", "kinds")  # and `--table`


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
            "--by",
            metavar="FIELD",
            autocompletion=_complete.breakdowns,
            help="Split the needs table: district, size, level, root or division.",
        ),
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            autocompletion=_complete.words(FORMATS),
            help="table, csv, json or xlsx (default: from -o's suffix, else table).",
            show_default=False,
        ),
    ] = None,
    table_: Annotated[
        str,
        typer.Option(
            "--table",
            metavar="TABLE",
            autocompletion=_complete.words(TABLES),
            help="For CSV: the needs, programs or kinds (demand per funding kind) table.",
        ),
    ] = "needs",
    with_: Annotated[
        list[Path] | None,
        typer.Option(
            "--with",
            metavar="PATH",
            help="What-if: add these programs (a file or a folder); same id replaces. Repeatable.",
            show_default=False,
        ),
    ] = None,
    without: Annotated[
        list[str] | None,
        typer.Option(
            "--without",
            metavar="ID",
            autocompletion=_complete.program_ids,
            help="What-if: leave this program out. Repeatable.",
            show_default=False,
        ),
    ] = None,
    need_: Annotated[
        list[str] | None,
        typer.Option(
            "--need",
            metavar="NEED",
            autocompletion=_complete.needs,
            help="Take this need as every firm's (for lists with no needs column, such as the"
            " factory registry). Repeatable.",
            show_default=False,
        ),
    ] = None,
    list_uncovered: Annotated[
        str | None,
        typer.Option(
            "--list-uncovered",
            metavar="NEED",
            autocompletion=_complete.needs,
            help="Write the firms this need leaves without sure coverage (only possibly covered,"
            " closed only, cash short or uncovered), with each program's reason or what to"
            " confirm.",
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
            metavar="FILE",
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
    jobs: JobsOpt = None,
    region: RegionOpt = None,
    district: DistrictOpt = None,
    lang: LangOpt = None,
) -> None:
    """Needs the catalog leaves uncovered across many firms, and demand on each program.

    Per need: covered for sure, possibly covered, closed only, cash short, uncovered.

    Demand: estimates of eligible firms; upper bounds, unknowns and needs-info firms apart.

    Example: sfmatch gaps 공장등록현황.xlsx --by district
    """
    from sfmatch.portfolio import BREAKDOWNS

    _outputs_apart(inputs, [(output, "-o"), (errors, "--errors"), (html, "--html")],
                   N_("an input"))  # fmt: skip
    fmt = _format_for(format_, output, FORMATS, "table")
    if fmt == "xlsx" and output is None:
        raise _usage("--format", N_("a workbook cannot go to the terminal"),
                     N_("add -o gaps.xlsx"))  # fmt: skip
    _choice("--table", table_, TABLES, "table")
    if changes and not (with_ or without):
        raise _usage("--changes", N_("needs a what-if catalog"),
                     N_("add --with PATH or --without ID"))  # fmt: skip
    if changes and list_uncovered is not None:
        raise _usage("--changes", N_("cannot go with --list-uncovered"),
                     N_("run them one at a time"))  # fmt: skip
    if by is not None:
        _choice("--by", by, BREAKDOWNS, "breakdown")
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
    said_in = _lang(lang)
    mapped = _mapping(map_, map_file)
    within = _within(region, district)
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
    total = scoring.Tally(outside_of=within.code if within else None)
    for path in inputs:
        tally = scoring.Tally()
        with _progress(path, said_in) as progress:
            if path.suffix.casefold() == ".toml" and path.is_file():
                listing = ApplicantList(path, "folder")
            else:
                listing = _open_applicants(
                    path, encoding, sheet, show_mapping, mapped, day, said_in, progress
                )
            job = scoring.Job(listing, catalog, day, portfolio=True, by=by, what_if=what_if,
                              left_out=need, assume=assumed, changes=changes,
                              within=within)  # fmt: skip
            for chunk, _flags in scoring.score_chunks(job, tally, progress, _jobs(jobs, listing)):
                rejected += [item for item in chunk.items if isinstance(item, Rejected)]
                if portfolio is None:
                    portfolio = Portfolio.empty(chunk.shaped.programs)
                portfolio.merge(chunk.shaped)
        _report_readings(path, tally.readings, said_in)
        _warn([Joined((str(path), w), ": ") for w in getattr(listing, "warnings", [])], said_in)
        for name in ("scored", "rejected", "outside", "blank", "masked_brns"):
            setattr(total, name, getattr(total, name) + getattr(tally, name))
        total.unknown += tally.unknown
        total.notes += tally.notes
    if portfolio is None:  # nothing was read at all
        from sfmatch.vector import BatchEngine

        portfolio = Portfolio.empty(BatchEngine(catalog, day).ids)
        if what_if is not None:
            portfolio.scenario = Portfolio.empty(BatchEngine(what_if, day).ids)
    _write_errors(errors, rejected, total.unknown, said_in)
    _report_rows(rejected, total.unknown, errors, said_in)
    from sfmatch.render import gaps as out

    summary = {"read": total.read, "scored": total.scored, "rejected": total.rejected,
               **({"outside": total.outside} if total.outside else {})}  # fmt: skip
    if html is not None:
        from sfmatch.output import atomic_write
        from sfmatch.render.html import gaps_html

        # the page goes to councils and offices: Korean unless --lang says otherwise
        page_lang = said_in if lang is not None else "ko"
        page = gaps_html(portfolio, catalog, day, summary, [str(p) for p in inputs], by, what_if,
                         page_lang)  # fmt: skip
        atomic_write(html, page, "utf-8")
        _wrote(html, said_in)
    firms = None  # the firms a need leaves out, or those a what-if changes: for staff to call
    if need is not None:
        firms = ("uncovered", out.left_out_table(portfolio, said_in),
                 out.left_out_rows(portfolio, said_in), {"need": need})  # fmt: skip
    elif changes:
        firms = ("changes", out.changes_table(portfolio), portfolio.changes, {})
    if fmt == "xlsx":
        from sfmatch.output import atomic_path
        from sfmatch.render.batch import write_workbook

        sheets = (
            [(firms[0], *firms[1])]
            if firms is not None
            else out.gaps_sheets(portfolio, catalog, day, summary, what_if)
        )
        with atomic_path(output) as tmp:  # type: ignore[arg-type]
            write_workbook(tmp, sheets, rejected, day, said_in)
        _wrote(output, said_in)
    elif firms is not None:
        key, table, rows, about = firms
        if fmt == "json":
            _emit(out.firms_json(key, rows, day, **about), output, lang=said_in)
        else:  # CSV, also for the table format: a list of firms is not a summary table
            from sfmatch.output import csv_text

            _emit(csv_text(*table), output, "utf-8-sig", said_in)
    elif fmt == "json":
        _emit(out.gaps_json(portfolio, catalog, day, summary, what_if), output, lang=said_in)
    elif fmt == "csv":
        _emit(out.gaps_csv(portfolio, catalog, day, table_, what_if), output, "utf-8-sig", said_in)
    else:

        def render(console):
            out.render_gaps(console, portfolio, catalog, day, what_if, said_in, by)

        _render_text(render, output, said_in)
    _warn(total.notes, said_in)  # about the run (workers that could not start), as batch says
    _stale(catalog, day, said_in)
    to_stderr(total.summary(said_in))
    if total.rejected:
        raise typer.Exit(1)


def _what_if(catalog: Catalog, added: list[Path], removed: list[str]):
    """The catalog with programs added or replaced (same id) from files or folders, and some
    left out: a proposed program, a budget restored, a program ended."""
    from sfmatch.catalog import Catalog, duplicate_ids, load_catalog
    from sfmatch.errors import DataError
    from sfmatch.loader import load_program
    from sfmatch.models import to_record

    programs = {p.id: p for p in catalog.programs}
    problems = []
    for path in added:
        try:
            read = load_catalog(path).programs if path.is_dir() else None
            found = read or (to_record(load_program(path)),)
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
            raise _usage("--without", N_("unknown program id {id}", id=repr(program_id)),
                         N_("closest: {near}", near=near))  # fmt: skip
        del programs[program_id]
    return Catalog(catalog.root, tuple(sorted(programs.values(), key=lambda p: p.id)))
