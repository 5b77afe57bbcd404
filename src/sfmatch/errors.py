"""One error root for everything a user can cause, and the one-line form each problem takes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can."""

    path: str
    what: str
    where: str = ""
    hint: str = ""
    line: int | None = None
    col: int | None = None

    def render(self) -> str:
        """`error: PATH[:LINE[:COL]]: WHERE: WHAT (hint: HOW TO FIX)` — contract §6."""
        loc = self.path
        if self.line is not None:
            loc += f":{self.line}"
            if self.col is not None:
                loc += f":{self.col}"
        parts = [loc]
        if self.where:
            parts.append(_cut(self.where))
        parts.append(_cut(self.what))
        text = "error: " + ": ".join(parts)
        if self.hint:
            text += f" (hint: {_cut(self.hint)})"
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
    """A single value could not be understood; carries a hint for the user.

    Raised by vocabulary and money parsers; model loading turns it into a `Problem`.
    """

    def __init__(self, what: str, hint: str = ""):
        super().__init__(what)
        self.what = what
        self.hint = hint
