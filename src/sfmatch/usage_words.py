"""Typer's own usage errors (a misspelt command or option, a missing argument, a value it cannot
parse), said in the run's language.

Typer (its vendored Click) writes them in English, with no catalog to translate them; the forms
are few, and each is read here by its pattern into a message of ours (`N_`), said in Korean
or English. A form not known here is said as Typer wrote it. Under English the line is Typer's
own, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sfmatch.i18n import N_, Msg, said

Reader = Callable[[re.Match], tuple[Msg, Msg | None]]

SEE_HELP = N_("see sfmatch --help")


def _value(detail: str) -> Msg | str:
    """What pydantic (Typer's coercion) says of a value, in our words where we know them."""
    for pattern, make in _VALUES:
        found = re.fullmatch(pattern, detail)
        if found:
            return make(found)
    return detail


_VALUES: list[tuple[str, Callable[[re.Match], Msg]]] = [
    (r"Input should be a valid integer.*", lambda m: N_("not a whole number")),
    (r"Input should be a valid number.*", lambda m: N_("not a number")),
    (r"Input should be greater than or equal to (?P<n>\S+)",
     lambda m: N_("it must be {n} or more", n=m["n"])),
    (r"Input should be less than or equal to (?P<n>\S+)",
     lambda m: N_("it must be {n} or less", n=m["n"])),
    (r"Input should be greater than (?P<n>\S+)", lambda m: N_("it must be over {n}", n=m["n"])),
    (r"(?:File|Directory|Path) (?P<path>'.*') does not exist\.",
     lambda m: N_("{path} does not exist", path=m["path"])),
]  # fmt: skip

_FORMS: list[tuple[str, Reader]] = [
    (r"No such command (?P<name>'.*?')\.(?: Did you mean (?P<near>.*)\?)?",
     lambda m: (N_("no such command {name}", name=m["name"]),
                N_("did you mean {near}?", near=m["near"]) if m["near"] else None)),
    (r"No such option: (?P<name>\S+)(?: \(Possible options: (?P<near>.*)\))?",
     lambda m: (N_("no such option {name}", name=m["name"]),
                N_("did you mean {near}?", near=m["near"]) if m["near"] else None)),
    (r"Missing argument (?P<name>'.*?')\.(?: .*)?",
     lambda m: (N_("missing argument {name}", name=m["name"]), None)),
    (r"Missing option (?P<name>'.*?')\.(?: .*)?",
     lambda m: (N_("missing option {name}", name=m["name"]), None)),
    (r"Missing command\.", lambda m: (N_("missing command"), None)),
    (r"Option (?P<name>'.*?') requires (?:an argument|\d+ arguments)\.",
     lambda m: (N_("option {name} needs a value", name=m["name"]), None)),
    (r"Option (?P<name>'.*?') does not take a value\.",
     lambda m: (N_("option {name} takes no value", name=m["name"]), None)),
    (r"Got unexpected extra argument(?:s|\(s\))? \((?P<extra>.*)\)",
     lambda m: (N_("unexpected extra arguments: {extra}", extra=m["extra"]), None)),
    (r"Invalid value for (?P<name>'.*?'): (?P<detail>.*)",
     lambda m: (N_("invalid value for {name}: {detail}", name=m["name"],
                   detail=_value(m["detail"])), None)),
]  # fmt: skip


def usage_line(message: str, lang: str) -> str:
    """The one line of a Typer usage error: `error: WHAT (hint: HOW)` in `lang` (`error:` and
    `hint:` as every problem line has them)."""
    message = " ".join(message.split())
    if lang == "en":
        return f"error: {message} (hint: {said(SEE_HELP, lang)})"
    for pattern, read in _FORMS:
        found = re.fullmatch(pattern, message)
        if found:
            what, hint = read(found)
            return f"error: {said(what, lang)} (hint: {said(hint or SEE_HELP, lang)})"
    return f"error: {message} (hint: {said(SEE_HELP, lang)})"
