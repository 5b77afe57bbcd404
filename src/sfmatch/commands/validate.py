"""`sfmatch validate`: program and profile files, every problem reported."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sfmatch.cli import to_stderr
from sfmatch.commands import _complete
from sfmatch.commands._app import app
from sfmatch.commands._options import AsOfOpt, LangOpt, OutputOpt, ProgramsOpt
from sfmatch.commands._shared import _as_of, _choice, _emit, _lang, _usage, _warn

SCHEMAS = ("program", "profile")  # what `validate --schema` writes


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders. Default: the catalog and ./profiles.", show_default=False
        ),
    ] = None,
    schema: Annotated[
        str | None,
        typer.Option(
            "--schema",
            metavar="KIND",
            help="Write the JSON Schema of program or profile files instead (for an editor).",
            show_default=False,
            autocompletion=_complete.words(SCHEMAS),
        ),
    ] = None,
    scenarios: Annotated[
        Path | None,
        typer.Option(
            "--scenarios",
            metavar="FOLDER",
            help="Run these scenario files against the catalog: which expectations changed.",
            show_default=False,
        ),
    ] = None,
    output: OutputOpt = None,
    programs: ProgramsOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check program and profile files; report every problem; exit 1 if any. Or write the JSON
    Schema an editor checks those files with, or run a maintainer's scenarios (options below).

    Example: sfmatch validate programs profiles
    """
    if schema is not None:
        _choice("--schema", schema, SCHEMAS, "schema")
        if paths:
            from sfmatch.i18n import N_

            raise _usage("--schema", N_("--schema writes a schema and checks no files"),
                         N_("run validate without --schema to check files"))  # fmt: skip
        write_schema(schema, output, _lang(lang))
        return
    if scenarios is not None:
        run_scenarios(scenarios, programs, _lang(lang))
        return
    from sfmatch.catalog import programs_dir
    from sfmatch.errors import DataError
    from sfmatch.i18n import N_, said
    from sfmatch.validation import validate_paths

    if not paths:
        paths = [programs_dir(programs)]
        if Path("profiles").is_dir():
            paths.append(Path("profiles"))
    said_in = _lang(lang)
    report = validate_paths(paths, _as_of(as_of))
    _warn(report.warnings, said_in)
    summary = N_("checked {files} files: {programs} valid programs, {profiles} valid profiles,"
                 " {problems} problems", files=report.checked, programs=report.programs,
                 profiles=report.profiles, problems=len(report.problems))  # fmt: skip
    to_stderr(said(summary, said_in))
    if report.problems:
        raise DataError(list(report.problems))


def write_schema(kind: str, output: Path | None, lang: str) -> None:
    """The JSON Schema (draft 2020-12) of `kind` files, to standard output or `-o`."""
    import json

    from sfmatch.schema import schema

    text = json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n"
    _emit(text, output, lang=lang)


def run_scenarios(folder: Path, programs: Path | None, lang: str) -> None:
    """Every expectation of the scenario files against the catalog: each one that no longer holds
    is a problem (exit 1), and a summary line counts them."""
    from sfmatch.commands._shared import _load
    from sfmatch.errors import DataError, Problem
    from sfmatch.i18n import N_, said
    from sfmatch.scenarios import load_cases, run

    _, catalog = _load(None, programs)
    cases = load_cases(folder, {p.id for p in catalog.programs})
    found = run(cases, catalog)
    changed = [f for f in found if not f.holds]
    summary = N_("checked {cases} cases: {holding} expectations hold, {changed} changed",
                 cases=len(cases), holding=len(found) - len(changed), changed=len(changed))  # fmt: skip
    to_stderr(said(summary, lang))
    if changed:  # each said as validate says a file's problems, after the summary
        raise DataError([Problem(f.file, f.said) for f in changed])
