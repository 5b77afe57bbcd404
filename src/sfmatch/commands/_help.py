"""Help a person reads: `--as-of DATE`, `--top N`, `PROFILE`, rather than `<str>`, `<int range>
[x>=1]` or `{profile}`.

Typer 0.29 shows each parameter's Python type in both help layouts (Rich panels and plain text):
beside an option's name unless it has `metavar=`, beside every argument and flag whatever they
declare, and number ranges as `x>=1`. It builds the parameters itself and offers no hook for
their class, so the command and group classes here give their parameters a subclass that changes
only how they are shown, when the command lists them (parsing and checks stay Typer's; an error
names an argument as help does: `Missing argument 'PROFILE'`). `App` makes every command of an
app such a command. An option shows its `metavar=` (declared where the option is), else its
choices (`ko|en`) or its long name in capitals (`--sheet SHEET`); a flag shows none; an argument
shows its name in capitals (`PROGRAM_ID`, `[PATHS]...`). A range is not shown: the help says it
in words where it matters.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


class ReadableOption(TyperOption):
    def display_type_rich(self, ctx) -> str | None:
        if self.is_flag or self.count:
            return None
        if self.metavar is not None:
            return self.metavar
        kind = self.type_descriptor
        if kind.is_choice and kind.choices and self.show_choices:  # `ko|en`, as Click shows it
            return "|".join(dict.fromkeys(str(getattr(c, "value", c)) for c in kind.choices))
        longest = max(self.opts, key=len)
        return longest.lstrip("-").replace("-", "_").upper()

    def _get_number_range_help_str(self) -> str | None:
        return None


class ReadableArgument(TyperArgument):
    @property
    def display_name_raw(self) -> str:  # the name column, the usage line and error messages
        return self.metavar if self.metavar is not None else (self.name or "").upper()

    def display_type_rich(self, ctx) -> str | None:
        return None  # the name says it

    def _usage_display_name(self) -> str:  # `PROFILE`, `[PATHS]...`, not `{profile}`
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")

    def _get_number_range_help_str(self) -> str | None:
        return None


def _readable(params: list) -> list:
    """The same parameters, shown as above: Typer's exact classes are given the subclass (which
    adds no state), anything else is left as it is."""
    for param in params:
        if type(param) is TyperOption:
            param.__class__ = ReadableOption
        elif type(param) is TyperArgument:
            param.__class__ = ReadableArgument
    return params


class ReadableCommand(TyperCommand):
    # Every path to the parameters goes through here: both help layouts, the usage line, parsing
    # and completion; this also reaches `--help`, made on first use, and options added later.
    def get_params(self, ctx) -> list:
        return _readable(super().get_params(ctx))


class ReadableGroup(TyperGroup):
    def get_params(self, ctx) -> list:
        return _readable(super().get_params(ctx))


class App(typer.Typer):
    """A Typer app whose commands and groups show readable help (`cls=` still wins)."""

    def __init__(self, *, cls: type[TyperGroup] | None = ReadableGroup, **kwargs: Any) -> None:
        super().__init__(cls=cls, **kwargs)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs):
        return super().command(name, cls=cls or ReadableCommand, **kwargs)
