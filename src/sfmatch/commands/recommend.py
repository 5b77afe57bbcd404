"""`sfmatch recommend` and `sfmatch explain`: one company."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sfmatch.commands._app import app
from sfmatch.commands._shared import (
    AsOfOpt,
    LangOpt,
    OutputOpt,
    ProgramsOpt,
    _as_of,
    _choice,
    _console,
    _emit,
    _format_for,
    _lang,
    _load_company,
    _outputs_apart,
    _program,
    _render_text,
    _stale,
    _warn,
)


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
    _outputs_apart([profile], [(output, "-o")], "the profile")
    fmt = _format_for(format_, output, ("table", "json", "csv"), "table")
    day = _as_of(as_of)
    said_in = _lang(lang)
    company, catalog = _load_company(profile, programs, day, said_in)
    from sfmatch.engine import recommend as run

    rec = run(company, catalog, day)
    _warn(rec.warnings, said_in)
    # --all shows every program: ineligible ones and a family's older editions too
    visible = [r for r in rec.results if all_ or (r.status != "ineligible" and r.current)]
    off_need = []  # the table leads with the firm's needs; the rest is counted (see --all)
    if fmt == "table" and not all_ and company.needs:
        off_need = [r for r in visible if not r.covers]
        visible = [r for r in visible if r.covers]
    shown = visible[:top] if top else visible
    if fmt == "json":
        from sfmatch.render.data import recommendation_dict, to_json

        _emit(to_json(recommendation_dict(rec, said_in)), output)
    elif fmt == "csv":
        from sfmatch.render.data import recommendation_csv

        text = recommendation_csv(shown, said_in)
        _emit(text, output, "utf-8-sig")
    else:
        from sfmatch.render.table import render_recommendation

        _render_text(
            lambda c: render_recommendation(c, rec, shown, all_, off_need, said_in), output
        )


@app.command()
def explain(
    profile: Annotated[Path, typer.Argument(help="Company profile (.toml).", show_default=False)],
    program_id: Annotated[str, typer.Argument(help="Program id.", show_default=False)],
    format_: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="table or json.")
    ] = "table",
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show every criterion, score component, money figure and note for one program.

    Example: sfmatch explain profiles/hanul-precision.toml kr-kosmes-sf-as-2021
    """
    fmt = _choice("--format", format_, ("table", "json"))
    day = _as_of(as_of)
    said_in = _lang(lang)
    company, catalog = _load_company(profile, programs, day, said_in)
    program = _program(catalog, program_id)
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
