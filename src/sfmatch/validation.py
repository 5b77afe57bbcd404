"""`sfmatch validate`: check many program and profile files, keeping going after each bad one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sfmatch.catalog import SCENARIOS, duplicate_ids
from sfmatch.errors import DataError, Problem
from sfmatch.i18n import N_, Joined, Msg
from sfmatch.loader import place_notes, profile_keys, read_toml, validate_model
from sfmatch.models import Profile, Program
from sfmatch.plausible import profile_problems


@dataclass(frozen=True)
class Report:
    checked: int  # files read, valid or not
    programs: int  # valid program files
    profiles: int  # valid profile files
    problems: tuple[Problem, ...]
    warnings: tuple = ()  # how profiles' places were read, and stale programs: messages


def conditions_note(program: Program) -> Msg | None:
    """Contract v2 §4.1: what a person should check in a program file's conditions on who may
    apply: a statement that every manufacturer may apply, no condition at all (it is needs-info
    for every firm), or only a firm condition every manufacturer meets (KSIC C). A file of weak
    conditions only is needs-info for every firm too, by design: no warning."""
    rules = program.eligibility
    if rules.open_to_all is not None:
        return N_("states that every manufacturer may apply ({source}): check that the"
                  " announcement sets no condition", source=rules.open_to_all.source)  # fmt: skip
    if not rules.given() and not rules.rules:
        return N_("encodes no condition on who may apply, so it is needs-info for every firm:"
                  " add the announcement's conditions (weak ones with weak = true), or"
                  " open_to_all with its source")  # fmt: skip
    firm = rules.given() + [
        name for rule in rules.rules if not rule.weak for name in (rule.given() or ["any"])
    ]
    if firm == ["ksic"] and rules.ksic == ["C"]:
        return N_("its only firm condition, KSIC C, every manufacturer meets: check that the"
                  " announcement sets no other condition")  # fmt: skip
    return None


def _kind(path: Path, data: dict) -> type[Program] | type[Profile]:
    """Programs live under programs/ (or the bundled catalog), profiles under profiles/; elsewhere a
    file is told apart by the keys it has."""
    parts = {part.casefold() for part in path.resolve().parent.parts}
    if parts & {"programs", "catalog"}:
        return Program
    if "profiles" in parts:
        return Profile
    program_keys = set(Program.model_fields) - set(Profile.model_fields)
    profile_keys = set(Profile.model_fields) - set(Program.model_fields)
    return Program if len(data.keys() & program_keys) > len(data.keys() & profile_keys) else Profile


def _expand(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.toml") if p.is_file())
            if not found:
                problems.append(Problem(str(path), N_("no .toml files in this folder")))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            problems.append(
                Problem(str(path), N_("file or folder not found"), hint=N_("check the path"))
            )
    return list(dict.fromkeys(files)), problems


def validate_paths(paths: list[Path], today: dt.date | None = None) -> Report:
    """Every file checked; a profile's values that cannot be true on `today` are problems too."""
    files, problems = _expand(paths)
    warnings: list = []
    programs: list[tuple[Path, Program]] = []
    profiles = 0
    for path in files:
        try:
            data, text = read_toml(path)
            model = _kind(path, data)
            renamed: list = []
            if model is Profile:
                data, renamed = profile_keys(data)
            item = validate_model(model, data, path, text)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        if isinstance(item, Program):
            programs.append((path, item))
            continue
        warnings += [Joined((str(path), note), ": ") for note in (*renamed, *place_notes(data))]
        wrong = profile_problems(item, today or dt.date.today())
        problems += [
            Problem(str(path), what, where=field, hint=hint) for field, what, hint in wrong
        ]
        profiles += 0 if wrong else 1
    # A what-if scenario may replace a program by its id: ids are unique within the catalog.
    problems.extend(duplicate_ids([(p, x) for p, x in programs if SCENARIOS not in p.parts]))
    from sfmatch.engine import stale_programs

    known = {name for _p, x in programs for name in (x.id, x.family_id)}
    for path, program in programs:
        note = conditions_note(program)
        if note is not None:
            warnings.append(Joined((str(path), note), ": "))
        unmatched = [
            n for n in ((program.funding and program.funding.matches) or ()) if n not in known
        ]
        if unmatched:  # its estimate would be unknown without a word why
            warnings.append(Joined((str(path), N_(
                "matches {names}, which no program checked here is (by id or family): its support"
                " cannot be estimated on them", names=unmatched)), ": "))  # fmt: skip
    warnings += stale_programs([x for _p, x in programs], today or dt.date.today())
    return Report(len(files), len(programs), profiles, tuple(problems), tuple(warnings))
