"""`sfmatch batch`: a list scored, for administrators."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Annotated

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
from sfmatch.commands._options import AsOfOpt, LangOpt, ProgramsOpt
from sfmatch.commands._shared import (
    _as_of,
    _file_or_stdout,
    _format_for,
    _lang,
    _load,
    _outputs_apart,
    _program,
    _stale,
    _usage,
    _warn,
)
from sfmatch.i18n import N_, Joined, said

FORMATS = ("csv", "json", "xlsx")  # what `batch --format` takes


def _write_scored(fmt, output, listing, catalog, day, tally, progress, top, jobs, lang,
                  within=None) -> list:  # fmt: skip
    """Write the default batch results as they are scored; returns the rejected rows."""
    import uuid
    from functools import partial

    from sfmatch import batch as scoring
    from sfmatch.output import atomic_path, open_output
    from sfmatch.render import batch as out

    rejected: list = []
    if fmt == "csv":  # laid out as CSV text by the workers; only duplicate flags are added here
        csv_out = out.BatchCsv(lang)
        job = scoring.Job(listing, catalog, day, top, text=partial(out.csv_block, lang=lang),
                          within=within, lang=lang)  # fmt: skip
        with open_output(output, "utf-8-sig") as handle:
            handle.write(csv_out.header(listing.kind == "folder"))
            # closed as soon as the writing stops (a reader gone from `-o -`): workers and all
            with closing(scoring.score_chunks(job, tally, progress, jobs)) as chunks:
                for shaped, flags in _shaped(chunks, rejected):
                    handle.write(csv_out.fill(shaped, flags))
        return rejected
    if fmt == "xlsx":  # laid out as XLSX rows by the workers, numbered and written here
        layout = partial(out.xlsx_block, lang=lang, run=uuid.uuid4().hex)
        job = scoring.Job(listing, catalog, day, top, text=layout, within=within, lang=lang)
        chunks = scoring.score_chunks(job, tally, progress, jobs)
        with closing(chunks), atomic_path(output) as tmp:
            columns = out.with_file(out.BATCH_COLUMNS, listing.kind == "folder")
            rows = out.xlsx_rows(_shaped(chunks, rejected))
            out.write_xlsx(tmp, columns, rows, rejected, day, lang)
        return rejected
    # JSON: each applicant's entry made by the workers from its full results
    shape = partial(out.json_block, top=top, lang=lang, run=uuid.uuid4().hex)
    job = scoring.Job(listing, catalog, day, top, detailed=True, shape=shape, within=within,
                      lang=lang)  # fmt: skip
    chunks = scoring.score_chunks(job, tally, progress, jobs)
    with closing(chunks), open_output(output) as handle:
        entries = _shaped(chunks, rejected)
        out.write_batch_json(handle, entries, rejected, tally, day, str(listing.path), lang)
    return rejected


def _shaped(chunks, rejected: list) -> Iterator[tuple[object, list]]:
    """Each chunk's rows as the workers shaped them, with its duplicate flags; its rejections
    are set aside (they are few) for their own sheet or section, written last."""
    from sfmatch.applicants import Rejected

    for chunk, flags in chunks:
        rejected.extend(item for item in chunk.items if isinstance(item, Rejected))
        yield chunk.shaped, flags


def _write_ranked(fmt, output, ranked, rejected, tally, program, day, source, lang) -> None:
    from sfmatch.output import atomic_path, open_output, write_csv
    from sfmatch.render import batch as out

    columns = out.with_file(out.PROGRAM_COLUMNS, source.is_dir())
    if fmt == "csv":
        with open_output(output, "utf-8-sig") as handle:
            write_csv(handle, columns, out.program_rows(ranked))
    elif fmt == "xlsx":
        with atomic_path(output) as tmp:
            out.write_xlsx(tmp, columns, out.program_rows(ranked), rejected, day, lang)
    else:
        with open_output(output) as handle:
            out.write_program_json(handle, ranked, rejected, tally, program, day, str(source), lang)


@app.command()
def batch(
    applicants: Annotated[
        Path, typer.Argument(help="A .csv, an .xlsx, or a folder of profile .toml files.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="The results file, written atomically; - writes CSV or JSON to stdout.",
        ),
    ] = None,
    program: Annotated[
        str | None,
        typer.Option(
            "--program",
            metavar="ID",
            help="Rank the applicants for this one program.",
            autocompletion=_complete.program_ids,
        ),
    ] = None,
    top: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="At most N programs per applicant.")
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="csv, json or xlsx (default: from -o's suffix).",
            autocompletion=_complete.words(FORMATS),
        ),
    ] = None,
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
    """Score every applicant of a list; rejected rows are explained, never dropped.

    Example: sfmatch batch applicants.csv -o results.csv --errors rejected.csv
    """
    if output is None:
        raise _usage("-o", N_("batch writes its results to a file"), N_("add -o results.csv"))
    file = _file_or_stdout(output)  # None: standard output
    _outputs_apart([applicants], [(file, "-o"), (errors, "--errors")], N_("the applicant list"))
    fmt = _format_for(format_, file, FORMATS, "csv")
    if file is None and fmt == "xlsx":
        raise _usage("-o", N_("a workbook cannot go to standard output"),
                     N_("add -o results.xlsx"))  # fmt: skip
    from sfmatch.output import writable

    for target in (file, errors):  # every output checked before any file is replaced
        if target is not None:
            writable(target)
    day = _as_of(as_of)
    said_in = _lang(lang)
    mapped = _mapping(map_, map_file)
    within = _within(region, district)
    _, catalog = _load(None, programs)
    chosen = _program(catalog, program, "--program", said_in) if program is not None else None
    from sfmatch import batch as scoring

    tally = scoring.Tally(outside_of=within.code if within else None)
    with _progress(applicants, said_in) as progress:
        listing = _open_applicants(
            applicants, encoding, sheet, show_mapping, mapped, day, said_in, progress
        )
        if chosen is not None:
            from functools import partial

            from sfmatch.render.batch import program_cells

            ranked, rejected = scoring.rank_for_program(
                listing, catalog, chosen, day, tally, progress, _jobs(jobs, listing),
                shape=None if fmt == "json" else partial(program_cells, lang=said_in),
                within=within, lang=said_in,
            )  # fmt: skip
            _write_ranked(fmt, output, ranked, rejected, tally, chosen.id, day, applicants,
                          said_in)  # fmt: skip
        else:
            workers = _jobs(jobs, listing)
            rejected = _write_scored(
                fmt, output, listing, catalog, day, tally, progress, top, workers, said_in, within
            )
    _write_errors(errors, rejected, tally.unknown, said_in)
    _report_rows(rejected, tally.unknown, errors, said_in)
    _report_readings(applicants, tally.readings, said_in)
    _warn([Joined((str(applicants), w), ": ") for w in listing.warnings], said_in)
    _warn(tally.notes, said_in)
    _stale(catalog, day, said_in)
    where = file or N_("standard output")
    to_stderr(f"{tally.summary(said_in)}; {said(N_('wrote {path}', path=where), said_in)}")
    if tally.rejected:
        raise typer.Exit(1)
