"""The commands: parse options, call the engine, render. One module per command, in the order
`--help` lists them; heavy imports live inside each command, so that `--help` stays fast.

`app`, the Typer application with every command, is assembled when first asked for: importing
this package loads nothing, so that `sfmatch recommend` can run without Typer (`_quick`)."""

import importlib

COMMANDS = ("recommend", "roadmap", "report", "programs", "validate", "batch", "gaps", "convert")


def __getattr__(name: str):
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from sfmatch.commands._app import app

    for command in COMMANDS:
        importlib.import_module(f"sfmatch.commands.{command}")
    globals()["app"] = app
    return app


__all__ = ["app"]
