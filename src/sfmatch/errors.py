"""One error root for everything a user can cause, and the one-line form each problem takes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can. `what` and `hint` are
    text, or messages (`i18n.N_`) said in the language the line is rendered in."""

    path: str
    what: Any
    where: str = ""
    hint: Any = ""
    line: int | None = None
    col: int | None = None

    def render(self, lang: str = "en") -> str:
        """`error: PATH[:LINE[:COL]]: WHERE: WHAT (hint: HOW TO FIX)` — contract §6; the prefix,
        the path and the place stay as they are in every language (scripts look for them)."""
        from sfmatch.i18n import said

        what, hint = said(self.what, lang), said(self.hint, lang) if self.hint else ""
        loc = self.path
        if self.line is not None:
            loc += f":{self.line}"
            if self.col is not None:
                loc += f":{self.col}"
        parts = [loc]
        if self.where:
            parts.append(_cut(self.where))
        parts.append(_cut(what))
        text = "error: " + ": ".join(parts)
        if hint:
            text += f" (hint: {_cut(hint)})"
        return " ".join(text.split())  # one line, whatever the inputs held


SHOWN = 300  # characters of a message's part; a value pasted whole (a 1 MB cell) is cut


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN else f"{text[: SHOWN - 20]} … {text[-15:]}"


class SfmatchError(Exception):
    """Root of every error a user can cause; the CLI maps it to an exit code."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(p.render() for p in self.problems))


class DataError(SfmatchError):
    """Input files are missing, unreadable or invalid (exit 1)."""


class UsageError(SfmatchError):
    """The command line asks for something that cannot be done (exit 2)."""

    exit_code = 2


class ValueProblem(ValueError):
    """A single value could not be understood; carries a hint for the user. `what` and `hint`
    are messages (`i18n.N_`), or text.

    Raised by vocabulary and money parsers; model loading turns it into a `Problem`.
    """

    def __init__(self, what: Any, hint: Any = ""):
        super().__init__(str(what))
        self.what = what
        self.hint = hint


def described(value: object) -> Any:
    """A value as the user wrote it, with its kind, said in any language: `text 'many'`,
    `integer 10`, `false`, `a list`."""
    from sfmatch.i18n import N_

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return N_("a table")
    if isinstance(value, list | tuple):
        return N_("a list")
    shown = repr(value) if isinstance(value, str) else str(value)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    if isinstance(value, str):
        return N_("text {value}", value=shown)
    if isinstance(value, int):
        return N_("integer {value}", value=shown)
    if isinstance(value, float):
        return N_("number {value}", value=shown)
    return f"{type(value).__name__} {shown}"
