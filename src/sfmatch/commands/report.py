"""`sfmatch report`: one company's recommendations as a page to hand over."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sfmatch.commands import _complete
from sfmatch.commands._app import app
from sfmatch.commands._options import AsOfOpt, ProgramsOpt
from sfmatch.commands._shared import (
    _as_of,
    _choice,
    _emit,
    _lang,
    _load_company,
    _outputs_apart,
    _usage,
    _warn,
)
from sfmatch.i18n import LANGS, N_


@app.command()
def report(
    profile: Annotated[Path, typer.Argument(help="Company profile (.toml).", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="FILE", help="The page to write (.html).", show_default=False
        ),
    ] = None,
    months: Annotated[
        int,
        typer.Option(
            min=1, max=60, metavar="N", help="How far ahead the roadmap plans, in months."
        ),
    ] = 24,
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            metavar="ko|en",
            help="ko or en. The page is for the client: Korean by default.",
            autocompletion=_complete.words(LANGS),
        ),
    ] = "ko",
    detail: Annotated[
        bool,
        typer.Option(
            "--detail",
            help="The consultant's version: every program in full, how the profile was read, the"
            " catalog's notes and research sources.",
        ),
    ] = False,
) -> None:
    """Write one self-contained page (A4, nothing fetched) to hand to the client: the company,
    the programs to apply for with why, money and window, the questions to answer, near misses,
    gaps, the roadmap and the sources.

    Example: sfmatch report profiles/hanul-precision.toml -o hanul.html
    """
    if output is None:
        raise _usage("-o", N_("the report needs a file to write"), N_("give -o report.html"))
    if output.suffix.lower() not in (".html", ".htm"):
        raise _usage("-o", N_("{name}: the report is a page", name=output.name),
                     N_("give a .html file"))  # fmt: skip
    _outputs_apart([profile], [(output, "-o")], N_("the profile"))
    said_in = _choice("--lang", lang.strip().lower(), LANGS, "language")
    day = _as_of(as_of)
    company, catalog = _load_company(profile, programs, day, said_in)
    from sfmatch.engine import recommend
    from sfmatch.render.report import report_html
    from sfmatch.roadmap import plan

    rec = recommend(company, catalog, day)
    _warn(rec.warnings, said_in)
    page = report_html(rec, plan(rec, company, catalog, months), catalog, day, said_in, detail)
    _emit(page, output, lang=_lang(None))
