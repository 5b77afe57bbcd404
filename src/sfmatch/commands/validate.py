"""`sfmatch validate`: program and profile files, every problem reported."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sfmatch.commands._app import app
from sfmatch.commands._shared import ProgramsOpt, _warn

if TYPE_CHECKING:
    pass


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
