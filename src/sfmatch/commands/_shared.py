"""Helpers the commands share: the catalog, dates, output and usage errors. Nothing here imports
Typer (`sfmatch recommend` runs without it, see `_quick`); `_options` declares the options."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sfmatch.cli import to_stderr
from sfmatch.i18n import N_

if TYPE_CHECKING:
    from rich.console import Console

    from sfmatch.catalog import Catalog
    from sfmatch.models import Profile


def _file_or_stdout(output: Path | None) -> Path | None:
    """`-o`'s file, or None for standard output (no -o, or `-o -`)."""
    return None if output is None or str(output) == "-" else output


def _usage(option: str, what: object, hint: object = "") -> Exception:
    """A usage error of `option`; `what` and `hint` are messages (`N_`), said in the run's
    language."""
    from sfmatch.errors import Problem, UsageError

    return UsageError([Problem(option, what, hint=hint)])


def _outputs_apart(inputs: list[Path], targets: list[tuple[Path | None, str]], what: str) -> None:
    """Refuses, before anything is read, an output that is one of the inputs (or a profile file
    inside an input folder), or two outputs that are one file: either would destroy data."""
    given = [(target.resolve(), option) for target, option in targets if target is not None]
    for path in inputs:
        source = path.resolve()
        for target, option in given:
            inside = source.is_dir() and target.suffix.casefold() == ".toml" and (
                source in target.parents)  # fmt: skip
            if target == source or inside:
                raise _usage(option, N_("{file} is {what} itself", file=target.name, what=what),
                             N_("write to another file"))  # fmt: skip
    for n, (target, option) in enumerate(given):
        for other, first in given[:n]:
            if target == other:
                raise _usage(option, N_("is the same file as {other}", other=first),
                             N_("give each output its own file"))  # fmt: skip


# What an output file's suffix says it holds; `txt` is the table as plain text.
SUFFIX_FORMATS = {"csv": "csv", "json": "json", "xlsx": "xlsx", "txt": "table"}


def _format_for(
    given: str | None, output: Path | None, allowed: tuple[str, ...], default: str
) -> str:
    """The output format: `--format`, else what `-o`'s suffix names, else `default`. A suffix
    that names no format written here (`out.xls`), or another format than `--format` says, is a
    usage error: a file named .xls with CSV inside misleads Excel and the person opening it."""
    if given is not None:
        _choice("--format", given, allowed)
    if output is None:
        return given or default
    suffix = output.suffix.casefold().lstrip(".")
    named = SUFFIX_FORMATS.get(suffix)
    written = {f".{s}" for s, f in SUFFIX_FORMATS.items() if f in allowed}
    suffixes = ", ".join(sorted(written))
    hint = (N_("name it {suffixes}, or give --format", suffixes=suffixes) if given is None
            else N_("name it {suffixes}", suffixes=suffixes))  # fmt: skip
    if suffix == "xls":
        hint = N_("Excel 97 .xls is not written: {hint}", hint=hint)
    if given is not None:
        if named not in (None, "table", given):  # any text may go to a .txt file
            raise _usage("-o", N_("{name} does not name --format {format}",
                                  name=repr(output.name), format=given), hint)  # fmt: skip
        return given
    if not suffix:
        return default
    if named is None or named not in allowed:
        raise _usage("-o", N_("cannot tell a format from {name}", name=repr(output.name)), hint)
    return named


def _as_of(value: str | None, option: str = "--as-of") -> dt.date:
    """The date given to `option` (today if none); an error names the option the user typed."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _usage(option, N_("not a date: {value}", value=repr(value)),
                     N_("use YYYY-MM-DD, e.g. 2026-03-02")) from None  # fmt: skip


# What an option's value names, in an error's words (`_choice`).
NOUNS = {"format": N_("format"), "language": N_("language"), "table": N_("table"),
         "breakdown": N_("breakdown"), "schema": N_("kind of file")}  # fmt: skip


def _choice(option: str, value: str, allowed: tuple[str, ...], noun: str = "format") -> str:
    if value not in allowed:
        raise _usage(option, N_("unknown {noun} {value}", noun=NOUNS[noun], value=repr(value)),
                     N_("use one of {choices}", choices=", ".join(allowed)))  # fmt: skip
    return value


def _load(
    profile_path: Path | None, programs: Path | None, day: dt.date | None = None, lang: str = "en"
) -> tuple[Profile | None, Catalog]:
    """Load the catalog and the profile, reporting the problems of both before failing: with
    `day`, the profile's values that cannot be true on that day too. How the profile's place
    was read is a warning."""
    from sfmatch.catalog import load_catalog, programs_dir
    from sfmatch.errors import DataError
    from sfmatch.i18n import Joined

    problems = []
    catalog = profile = None
    try:
        catalog = load_catalog(programs_dir(programs))
    except DataError as exc:
        problems.extend(exc.problems)
    if profile_path is not None:
        notes: tuple = ()  # how the profile's place was read (messages)
        try:
            profile, notes = read_profile(profile_path)
        except DataError as exc:
            problems.extend(exc.problems)
        _warn([Joined((str(profile_path), note), ": ") for note in notes], lang)
        if profile is not None and day is not None:
            from sfmatch.errors import Problem
            from sfmatch.plausible import profile_problems

            problems.extend(
                Problem(str(profile_path), what, where=field, hint=hint)
                for field, what, hint in profile_problems(profile, day)
            )
    if problems:
        raise DataError(problems)
    assert catalog is not None
    return profile, catalog


def read_profile(path: Path) -> tuple[Profile, tuple]:
    """A profile file as a record, with how its place was read; one validated before is read
    from the cache."""
    from sfmatch import cache

    def build() -> tuple[Profile, tuple]:
        from sfmatch.loader import load_profile
        from sfmatch.models import to_record

        notes: list = []
        profile = load_profile(path, notes)
        return to_record(profile), tuple(notes)  # type: ignore[return-value]

    return cache.kept("profile", lambda: [("", cache.file_bytes(path) or b"")], build)


def _stale(catalog: Catalog, day: dt.date, lang: str = "en") -> None:
    """The stale-catalog warning, said by every command that advises from the catalog, once its
    work is done (a run that fails has no advice to qualify)."""
    from sfmatch.engine import stale_warnings

    _warn(stale_warnings(catalog, day), lang)


def _lang(value: str | None) -> str:
    """--lang, else the locale's language."""
    from sfmatch.i18n import LANGS, lang_from_env

    if value is None:
        return lang_from_env()
    return _choice("--lang", value.strip().lower(), LANGS, "language")


def _load_company(
    profile_path: Path, programs: Path | None, day: dt.date, lang: str = "en"
) -> tuple[Profile, Catalog]:
    profile, catalog = _load(profile_path, programs, day, lang)
    assert profile is not None
    return profile, catalog


def _program(catalog: Catalog, program_id: str, option: str = "PROGRAM_ID", lang: str = "en"):
    """The program with this id, or named by a name or family people write (said on stderr),
    or a usage error naming the closest ids."""
    program, reading = catalog.find(program_id)
    if program is None:
        raise _usage(option, N_("unknown program id {id}", id=repr(program_id)),
                     N_("closest: {near}", near=", ".join(catalog.closest_ids(program_id))))  # fmt: skip
    if reading is not None:
        _warn([N_("{option}: {given} read as {program} ({how})", option=option,
                  given=repr(program_id), program=program.id, how=reading.how_words)], lang)  # fmt: skip
    return program


def _console(file=None) -> Console:
    from rich.console import Console

    if file is not None:  # a file gets plain text at a fixed, readable width
        return Console(file=file, width=120, color_system=None, force_terminal=False)
    return Console(file=sys.stdout, highlight=False)


def _emit(text: str, output: Path | None, encoding: str = "utf-8", lang: str = "en") -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        from sfmatch.output import atomic_write

        atomic_write(output, text, encoding)
        _wrote(output, lang)


def _wrote(output: Path | str, lang: str = "en") -> None:
    """The line that says a file was written, in `lang`."""
    from sfmatch.i18n import N_, said

    to_stderr(said(N_("wrote {path}", path=str(output)), lang))


def _warn(lines, lang: str = "en") -> None:
    """Each line after `warning: ` (kept in English: scripts look for it), said in `lang`."""
    from sfmatch.i18n import said

    for line in lines:
        to_stderr(f"warning: {said(line, lang)}")


def _render_text(render, output: Path | None, lang: str = "en") -> None:
    """Run a table renderer to the terminal, or to a file as plain text."""
    if output is None:
        render(_console())
        return
    import io

    buffer = io.StringIO()
    render(_console(buffer))
    _emit(buffer.getvalue(), output, lang=lang)
