"""The Typer application and its root options; each command module adds its commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from sfmatch import __version__
from sfmatch.commands._help import App

if TYPE_CHECKING:
    pass

app = App(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Match Korean manufacturing SMEs to smart-factory support programs, with reasons and gaps.",
)
programs_app = App(no_args_is_help=True, help="List and show the programs of the catalog.")
app.add_typer(programs_app, name="programs")


def _version(value: bool) -> None:
    if value:
        print(f"sfmatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Match Korean manufacturing SMEs to smart-factory support programs, with reasons and gaps."""
