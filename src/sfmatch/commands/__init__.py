"""The commands: parse options, call the engine, render. One module per command, in the order
`--help` lists them; heavy imports live inside each command, so that `--help` stays fast."""

import importlib

from sfmatch.commands._app import app

for _name in ("recommend", "roadmap", "report", "programs", "validate", "batch", "gaps", "convert"):
    importlib.import_module(f"sfmatch.commands.{_name}")

__all__ = ["app"]
