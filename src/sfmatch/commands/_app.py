"""The Typer application and its root options; each command module adds its commands."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

from sfmatch import __version__
from sfmatch.commands._help import App, ReadableGroup

if TYPE_CHECKING:
    pass


class RootGroup(ReadableGroup):
    """`sfmatch` itself, which also answers shell completion requests: the script that
    `--install-completion` writes runs e.g. `_SFMATCH_COMPLETE=complete_bash sfmatch` with the
    words typed so far in `COMP_WORDS`."""

    def _main_shell_completion(self, ctx_args, prog_name: str, complete_var=None) -> None:
        # Click's hook (Typer's main calls it first). Typer reads the request as `complete_bash`;
        # Click, and scripts written for it, say `bash_complete`: both are read. The answer ends
        # the run as any command does, through cli.main (Typer would call sys.exit here).
        complete_var = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        instruction = os.environ.get(complete_var)
        if not instruction:
            return
        shell, _, action = instruction.partition("_")
        if action in ("complete", "source"):
            instruction = f"{action}_{shell}"
        from typer.completion import shell_complete

        raise typer.Exit(shell_complete(self, ctx_args, prog_name, complete_var, instruction))


# Completion adds `--install-completion` and `--show-completion`; `sfmatch --version` is
# answered in cli.main before any of this is imported.
app = App(
    cls=RootGroup,
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
