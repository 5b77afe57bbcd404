"""`sfmatch recommend` and `sfmatch explain`: one company."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sfmatch.commands import _complete
from sfmatch.commands._app import app
from sfmatch.commands._options import AsOfOpt, LangOpt, OutputOpt, ProgramsOpt
from sfmatch.commands._quick import FORMATS
from sfmatch.commands._shared import (
    _as_of,
    _choice,
    _console,
    _emit,
    _lang,
    _load_company,
    _program,
    _stale,
    _warn,
)

EXPLAIN_FORMATS = ("table", "json")


@app.command()
def recommend(
    profile: Annotated[Path, typer.Argument(help="Company profile (.toml).", show_default=False)],
    top: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="Show at most N programs.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Also show ineligible programs.")] = False,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="table, json or csv (default: from -o's suffix, else table).",
            show_default=False,
            autocompletion=_complete.words(FORMATS),
        ),
    ] = None,
    output: OutputOpt = None,
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
) -> None:
    """Rank the programs a company can apply for, with reasons, near misses and gaps.

    Example: sfmatch recommend profiles/hanul-precision.toml --as-of 2026-03-02
    """
    from sfmatch.commands._quick import recommend as run

    run(profile, top, all_, format_, output, programs, as_of, lang)


@app.command()
def explain(
    profile: Annotated[Path, typer.Argument(help="Company profile (.toml).", show_default=False)],
    program_id: Annotated[
        str,
        typer.Argument(
            help="Program id.", show_default=False, autocompletion=_complete.program_ids
        ),
    ],
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="table or json.",
            autocompletion=_complete.words(EXPLAIN_FORMATS),
        ),
    ] = "table",
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show every criterion, score component, money figure and note for one program.

    Example: sfmatch explain profiles/hanul-precision.toml kr-kosmes-sf-as-2021
    """
    fmt = _choice("--format", format_, EXPLAIN_FORMATS)
    day = _as_of(as_of)
    said_in = _lang(lang)
    company, catalog = _load_company(profile, programs, day, said_in)
    program = _program(catalog, program_id, lang=said_in)
    from sfmatch.engine import company_view, evaluate, profile_warnings

    _warn(profile_warnings(company, catalog), said_in)
    view = company_view(company, day)
    result = evaluate(company, view, program, day, catalog)
    if fmt == "json":
        from sfmatch.render.data import explanation_dict, to_json

        _emit(to_json(explanation_dict(day, view, result, said_in)), None)
    else:
        from sfmatch.render.table import render_explain

        render_explain(_console(), view, result, program, day, said_in)
    _stale(catalog, day, said_in)
