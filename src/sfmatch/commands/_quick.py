"""`sfmatch recommend` without Typer: the command's work, and a reading of its arguments that
`cli.main` tries before it loads Typer.

A consultant runs `recommend` most, and waits for it: Typer builds a pydantic validator for each
option before a command runs, which costs more than the recommendation itself (benchmarks/
startup.py). So `parse` reads the plain forms of the command's arguments (`--top 3`,
`--as-of=2026-03-02`, `-o out.csv`), as `OPTIONS` lists them; anything else (`--help`, a typo, a
value Typer would refuse, an option given twice) is left to Typer, which reads, or refuses, it as
always. Both ways run `recommend` below; a test holds `OPTIONS` equal to the Typer command's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sfmatch.commands._shared import (
    _as_of,
    _emit,
    _file_or_stdout,
    _format_for,
    _lang,
    _load_company,
    _outputs_apart,
    _render_text,
    _warn,
)
from sfmatch.i18n import N_

FORMATS = ("table", "json", "csv")  # what `recommend --format` takes

# The options of `sfmatch recommend` (recommend.py declares them for Typer): the names a person
# types → (the parameter, whether it takes a value).
OPTIONS: dict[str, tuple[str, bool]] = {
    "--top": ("top", True),
    "--all": ("all_", False),
    "--format": ("format_", True),
    "-o": ("output", True),
    "--output": ("output", True),
    "--programs": ("programs", True),
    "--as-of": ("as_of", True),
    "--lang": ("lang", True),
}


def parse(args: list[str]) -> Callable[[], None] | None:
    """`recommend`'s work for these arguments (those after `recommend`), or None where Typer
    must read them."""
    given: dict[str, object] = {}
    profile: list[str] = []
    words = iter(args)
    for word in words:
        if not word.startswith("-") or word == "-":
            profile.append(word)
            continue
        name, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        if name not in OPTIONS:
            return None
        param, takes_value = OPTIONS[name]
        if param in given or (equals and not takes_value):
            return None
        if takes_value and not equals:
            value = next(words, None)
            if value is None or (value.startswith("-") and value != "-"):
                return None
        given[param] = value if takes_value else True
    if len(profile) != 1 or not profile[0]:
        return None
    top = given.get("top")
    if top is not None:
        if not (isinstance(top, str) and top.isascii() and top.isdigit() and int(top) >= 1):
            return None
        given["top"] = int(top)
    for param in ("output", "programs"):
        if param in given:
            given[param] = Path(given[param])  # type: ignore[arg-type]
    given["output"] = _file_or_stdout(given.get("output"))  # type: ignore[arg-type]
    return lambda: recommend(Path(profile[0]), **given)  # type: ignore[arg-type]


def recommend(
    profile: Path,
    top: int | None = None,
    all_: bool = False,
    format_: str | None = None,
    output: Path | None = None,
    programs: Path | None = None,
    as_of: str | None = None,
    lang: str | None = None,
) -> None:
    """Rank the programs a company can apply for, with reasons, near misses and gaps."""
    _outputs_apart([profile], [(output, "-o")], N_("the profile"))
    fmt = _format_for(format_, output, FORMATS, "table")
    day = _as_of(as_of)
    said_in = _lang(lang)
    company, catalog = _load_company(profile, programs, day, said_in)
    from sfmatch.engine import recommend as run

    rec = run(company, catalog, day)
    _warn(rec.warnings, said_in)
    # --all shows every program: ineligible ones and a family's older editions too
    visible = [r for r in rec.results if all_ or (r.status != "ineligible" and r.current)]
    off_need = []  # the table leads with the firm's needs; the rest is counted (see --all)
    if fmt == "table" and not all_ and company.needs:
        off_need = [r for r in visible if not r.covers]
        visible = [r for r in visible if r.covers]
    shown = visible[:top] if top else visible
    if fmt == "json":
        from sfmatch.render.data import recommendation_dict, to_json

        _emit(to_json(recommendation_dict(rec, said_in)), output, lang=said_in)
    elif fmt == "csv":
        from sfmatch.render.data import recommendation_csv

        text = recommendation_csv(shown, said_in)
        _emit(text, output, "utf-8-sig", said_in)
    else:
        from sfmatch.render.table import render_recommendation

        _render_text(
            lambda c: render_recommendation(c, rec, shown, all_, off_need, said_in), output, said_in
        )
