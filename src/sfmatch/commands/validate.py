"""`sfmatch validate`: program and profile files, every problem reported."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sfmatch.cli import to_stderr
from sfmatch.commands._app import app
from sfmatch.commands._options import AsOfOpt, LangOpt, ProgramsOpt
from sfmatch.commands._shared import _as_of, _lang, _warn


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders. Default: the catalog and ./profiles.", show_default=False
        ),
    ] = None,
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check program and profile files; report every problem; exit 1 if any.

    Example: sfmatch validate programs profiles
    """
    from sfmatch.catalog import programs_dir
    from sfmatch.errors import DataError
    from sfmatch.i18n import N_, said
    from sfmatch.validation import validate_paths

    if not paths:
        paths = [programs_dir(programs)]
        if Path("profiles").is_dir():
            paths.append(Path("profiles"))
    said_in = _lang(lang)
    report = validate_paths(paths, _as_of(as_of))
    _warn(report.warnings, said_in)
    summary = N_("checked {files} files: {programs} valid programs, {profiles} valid profiles,"
                 " {problems} problems", files=report.checked, programs=report.programs,
                 profiles=report.profiles, problems=len(report.problems))  # fmt: skip
    to_stderr(said(summary, said_in))
    if report.problems:
        raise DataError(list(report.problems))
