"""`sfmatch programs list|families|show|stale|schema|import`: the catalog, what of it to
re-check, its editor schema, and notices from 기업마당 as drafts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sfmatch.commands import _complete
from sfmatch.commands._app import programs_app
from sfmatch.commands._options import AsOfOpt, LangOpt, OutputOpt, ProgramsOpt
from sfmatch.commands._shared import (
    _as_of,
    _choice,
    _console,
    _emit,
    _format_for,
    _lang,
    _load,
    _program,
    _render_text,
    _stale,
    _usage,
)
from sfmatch.i18n import N_


@programs_app.command("list")
def programs_list(
    region: Annotated[
        str | None, typer.Option(metavar="REGION", help="Only programs open to this region.")
    ] = None,
    covers: Annotated[
        str | None, typer.Option(metavar="NEED", help="Only programs covering this need.")
    ] = None,
    open_on: Annotated[
        str | None,
        typer.Option(
            "--open-on", metavar="DATE", help="Only programs accepting applications on DATE."
        ),
    ] = None,
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
) -> None:
    """List the catalog, optionally filtered.

    Example: sfmatch programs list --region 인천 --covers 유지보수
    """
    from sfmatch import vocab
    from sfmatch.engine import select_programs, window_state
    from sfmatch.errors import ValueProblem

    day = _as_of(as_of)
    said_in = _lang(lang)
    when = _as_of(open_on, "--open-on") if open_on is not None else None
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
    from sfmatch.render.table import render_program_list

    windows = [window_state(p.window, when or day) for p in chosen]  # as of --open-on
    render_program_list(_console(), chosen, windows, said_in)
    _stale(catalog, day, said_in)


@programs_app.command("families")
def programs_families(
    programs: ProgramsOpt = None, as_of: AsOfOpt = None, lang: LangOpt = None
) -> None:
    """List the program families, their editions, and the names each answers to.

    A `prior` entry, --program or an explain id may name a program by any of these names.
    Example: sfmatch programs families
    """
    from sfmatch.render.table import render_families

    day = _as_of(as_of)
    said_in = _lang(lang)
    _, catalog = _load(None, programs)
    render_families(_console(), catalog.families(), said_in)
    _stale(catalog, day, said_in)


@programs_app.command("show")
def programs_show(
    program_id: Annotated[
        str,
        typer.Argument(
            help="Program id.", show_default=False, autocompletion=_complete.program_ids
        ),
    ],
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show one program: funding, window, eligibility rules, sources and notes.

    Example: sfmatch programs show kr-kosmes-sf-as-2021
    """
    from sfmatch.engine import window_state
    from sfmatch.render.table import render_program

    day = _as_of(as_of)
    said_in = _lang(lang)
    _, catalog = _load(None, programs)
    program = _program(catalog, program_id, lang=said_in)
    render_program(_console(), program, window_state(program.window, day), said_in)
    _stale(catalog, day, said_in)


STALE_FORMATS = ("table", "json", "csv")  # what `programs stale --format` takes


@programs_app.command("stale")
def programs_stale(
    days: Annotated[
        int,
        typer.Option(
            min=0, metavar="N", help="Programs verified more than N days before the as-of date."
        ),
    ] = 365,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="table, json or csv (default: from -o's suffix, else table).",
            show_default=False,
            autocompletion=_complete.words(STALE_FORMATS),
        ),
    ] = None,
    output: OutputOpt = None,
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
) -> None:
    """List what to re-check: every program whose facts are older than N days, oldest first,
    with its family, verified date, the source to re-check and its window now. A report, not a
    failure: the exit code is 0.

    Example: sfmatch programs stale --days 180 -o stale.csv
    """
    from sfmatch.upkeep import stale

    fmt = _format_for(format_, output, STALE_FORMATS, "table")
    day = _as_of(as_of)
    said_in = _lang(lang)
    _, catalog = _load(None, programs)
    found = stale(catalog.programs, day, days)
    if fmt == "json":
        from sfmatch.render.data import to_json
        from sfmatch.render.upkeep import stale_dict

        _emit(to_json(stale_dict(found, day, days)), output, lang=said_in)
    elif fmt == "csv":
        from sfmatch.output import csv_text
        from sfmatch.render.upkeep import STALE_COLUMNS, stale_rows

        _emit(csv_text(STALE_COLUMNS, stale_rows(found)), output, "utf-8-sig", lang=said_in)
    else:
        from sfmatch.render.upkeep import render_stale

        _render_text(lambda c: render_stale(c, found, day, days, said_in), output, said_in)


@programs_app.command("schema")
def programs_schema(output: OutputOpt = None, lang: LangOpt = None) -> None:
    """Write the JSON Schema (draft 2020-12) of program files, for an editor: completion of
    every key and vocabulary, and each mistake marked as you type.

    Example: sfmatch programs schema -o program.schema.json
    """
    from sfmatch.commands.validate import write_schema

    write_schema("program", output, _lang(lang))


IMPORT_FORMATS = ("table", "json")  # what `programs import --format` takes


@programs_app.command("import")
def programs_import(
    answers: Annotated[
        list[Path],
        typer.Argument(
            help="Saved 기업마당 (Bizinfo) answers: JSON or RSS/XML.", show_default=False
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            metavar="FOLDER",
            help="Folder for the draft program files (made if missing).",
            show_default=False,
        ),
    ],
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            help="table or json: the report on standard output.",
            autocompletion=_complete.words(IMPORT_FORMATS),
        ),
    ] = "table",
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
) -> None:
    """Turn saved 기업마당 notices into draft program files: which notices are new editions of
    catalog programs, which are new smart-factory programs, and which are skipped, with why. A
    draft never enters the catalog by itself: review it against its notice, then move it.

    Example: sfmatch programs import bizinfo.json -o drafts/
    """
    from sfmatch.notices import decide, read_answers

    _choice("--format", format_, IMPORT_FORMATS)
    day = _as_of(as_of)
    said_in = _lang(lang)
    if output.exists() and not output.is_dir():
        raise _usage("-o", N_("{path} is a file, not a folder", path=str(output)),
                     N_("give a folder"))  # fmt: skip
    from sfmatch.catalog import programs_dir

    if output.resolve().is_relative_to(programs_dir(programs).resolve()):
        raise _usage("-o", N_("{path} is inside the catalog: the drafts would enter it unread",
                              path=str(output)),
                     N_("write the drafts elsewhere, e.g. -o drafts/"))  # fmt: skip
    _, catalog = _load(None, programs)
    outcomes = decide(read_answers(answers), catalog, day)
    _write_drafts(outcomes, output)
    if format_ == "json":
        from sfmatch.render.data import to_json
        from sfmatch.render.upkeep import import_dict

        _emit(to_json(import_dict(outcomes, str(output), said_in)), None, lang=said_in)
    else:
        from sfmatch.render.upkeep import render_import

        render_import(_console(), outcomes, str(output), said_in)


def _write_drafts(outcomes, folder: Path) -> None:
    """Every draft validated as a catalog file is, then all written at once (or none)."""
    from sfmatch.notices import draft_texts
    from sfmatch.output import FolderWrite

    texts = draft_texts(outcomes, folder)
    if not texts:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _usage("-o", N_("cannot create folder {path}: {why}", path=str(folder),
                              why=exc.strerror), N_("give a writable folder")) from None  # fmt: skip
    with FolderWrite(folder) as files:
        for name, text in texts.items():
            files.write(name, text)
