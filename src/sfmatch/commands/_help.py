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

from collections.abc import Iterator
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

    def get_help_option(self, ctx):
        return _said_option(super().get_help_option(ctx))

    def get_usage(self, ctx) -> str:
        return _said_usage(super().get_usage(ctx))


class ReadableGroup(TyperGroup):
    def get_params(self, ctx) -> list:
        return _readable(super().get_params(ctx))

    def get_help_option(self, ctx):
        return _said_option(super().get_help_option(ctx))

    def get_usage(self, ctx) -> str:
        return _said_usage(super().get_usage(ctx))


# --- help in the reader's language ---------------------------------------------------------
#
# The help texts are the commands' docstrings and the options' `help=`, in English; their Korean
# texts are in the `help` message catalog (`locale/ko/LC_MESSAGES/help.po`, msgid = the English
# text), which `docs/make_help_po.py` keeps current from the commands themselves. `localize`
# sets a command tree's texts, and Typer's words around them (`FRAME`), in one language.

HELP_DOMAIN = "help"
# Typer's words around the help texts (`typer.rich_utils`), and the usage line's first word.
FRAME = {
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "DEFAULT_STRING": "[default: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ENVVAR_STRING": "[env var: {}]",
    "DEPRECATED_STRING": "(deprecated) ",
}
USAGE = "Usage: "
_SAY: dict[str, Any] = {"lang": "en"}  # the language help is said in, in this process


def _catalog(lang: str):
    import gettext
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "locale"
    return gettext.translation(HELP_DOMAIN, localedir=str(folder), languages=[lang], fallback=True)


def _said(text: str | None) -> str | None:
    if not text or _SAY["lang"] == "en":
        return text
    return _SAY["catalog"].gettext(text)


def _said_option(option):
    if option is not None:
        english = option.__dict__.setdefault("_english_help", option.help)
        option.help = _said(english)
    return option


def _said_usage(usage: str) -> str:
    return _said(USAGE) + usage.removeprefix(USAGE) if usage.startswith(USAGE) else usage


def tree(command) -> Iterator[Any]:
    """A command and every command under it, in order."""
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from tree(sub)


def help_texts(root) -> list[str]:
    """Every text `--help` shows of the commands under `root`, Typer's words with them, once
    each, in the order met (`docs/make_help_po.py` writes them into the catalog)."""
    from typer import _click

    def english(thing, attribute: str = "help") -> str | None:
        return thing.__dict__.get(f"_english_{attribute}", getattr(thing, attribute))

    before, _SAY["lang"] = _SAY["lang"], "en"  # whatever a run in this process said help in
    try:
        found = [*FRAME.values(), USAGE]
        for command in tree(root):
            ctx = _click.core.Context(command)
            found += [english(command), english(command, "short_help")]
            found += [english(p) for p in command.get_params(ctx)
                      if isinstance(p, TyperOption | TyperArgument)]  # fmt: skip
    finally:
        _SAY["lang"] = before
    return [t for t in dict.fromkeys(found) if t]


def localize(root, lang: str) -> None:
    """The help of `root`'s commands, and Typer's words around it, in `lang` (English is the
    texts as written)."""
    from typer import rich_utils

    _SAY["lang"] = lang
    if lang != "en":
        _SAY["catalog"] = _catalog(lang)
    for name, english in FRAME.items():
        setattr(rich_utils, name, _said(english))
    for command in tree(root):
        for attribute in ("help", "short_help"):
            english = command.__dict__.setdefault(
                f"_english_{attribute}", getattr(command, attribute)
            )
            setattr(command, attribute, _said(english))
        for param in command.params:
            if isinstance(param, TyperOption | TyperArgument):
                english = param.__dict__.setdefault("_english_help", param.help)
                param.help = _said(english)


class App(typer.Typer):
    """A Typer app whose commands and groups show readable help (`cls=` still wins)."""

    def __init__(self, *, cls: type[TyperGroup] | None = ReadableGroup, **kwargs: Any) -> None:
        super().__init__(cls=cls, **kwargs)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs):
        return super().command(name, cls=cls or ReadableCommand, **kwargs)
