"""`sfmatch roadmap`: what a company can apply for next, and in what order."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sfmatch.commands import _complete
from sfmatch.commands._app import app
from sfmatch.commands._options import AsOfOpt, LangOpt, OutputOpt, ProgramsOpt
from sfmatch.commands._shared import (
    _as_of,
    _emit,
    _format_for,
    _lang,
    _load_company,
    _outputs_apart,
    _render_text,
    _stale,
    _warn,
)
from sfmatch.i18n import N_

FORMATS = ("table", "json")  # what `roadmap --format` takes


@app.command()
def roadmap(
    profile: Annotated[Path, typer.Argument(help="Company profile (.toml).", show_default=False)],
    months: Annotated[
        int,
        typer.Option(min=1, max=60, metavar="N", help="How far ahead to plan, in months (1–60)."),
    ] = 24,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="table or json (default: from -o's suffix, else table).",
            show_default=False,
            autocompletion=_complete.words(FORMATS),
        ),
    ] = None,
    output: OutputOpt = None,
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
) -> None:
    """Lay out what to apply for next and in what order: level check, build, upgrade, AI, with
    after-care and co-funding beside each step, and why each step comes where it does.

    Example: sfmatch roadmap profiles/dodam-sheetmetal.toml --lang ko
    """
    _outputs_apart([profile], [(output, "-o")], N_("the profile"))
    fmt = _format_for(format_, output, FORMATS, "table")
    day = _as_of(as_of)
    said_in = _lang(lang)
    company, catalog = _load_company(profile, programs, day, said_in)
    from sfmatch.engine import profile_warnings, recommend
    from sfmatch.roadmap import plan

    _warn(profile_warnings(company, catalog), said_in)
    rec = recommend(company, catalog, day)
    steps = plan(rec, company, catalog, months)
    if fmt == "json":
        from sfmatch.render.data import roadmap_dict, to_json

        _emit(to_json(roadmap_dict(steps, rec.company, said_in)), output, lang=said_in)
    else:
        from sfmatch.render.table import render_roadmap

        _render_text(lambda c: render_roadmap(c, rec.company, steps, said_in), output, said_in)
    _stale(catalog, day, said_in)
