"""`sfmatch programs list|families|show`: the catalog."""

from __future__ import annotations

from typing import Annotated

import typer

from sfmatch.commands import _complete
from sfmatch.commands._app import programs_app
from sfmatch.commands._options import AsOfOpt, LangOpt, ProgramsOpt
from sfmatch.commands._shared import _as_of, _console, _lang, _load, _program, _stale, _usage


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
