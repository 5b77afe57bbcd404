"""The options several commands share, as Typer declares them (`_shared` has the helpers that
read them, without Typer: `sfmatch recommend` runs without it, see `_quick`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sfmatch.commands import _complete
from sfmatch.commands._shared import _file_or_stdout
from sfmatch.i18n import LANGS

ProgramsOpt = Annotated[
    Path | None,
    typer.Option(
        "--programs",
        metavar="FOLDER",
        help="Catalog folder. Default: $SFMATCH_PROGRAMS, else ./programs, else the bundled catalog.",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Evaluate windows and ages on this date (YYYY-MM-DD). Default: today.",
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="ko|en",
        help="ko or en (default: from LC_ALL, LC_MESSAGES or LANG: ko… means Korean).",
        show_default=False,
        autocompletion=_complete.words(LANGS),
    ),
]


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        metavar="FILE",
        help="Write to this file (atomically) instead of stdout (- is stdout).",
        callback=_file_or_stdout,
    ),
]
