"""A maintainer's scenarios (issue 21): companies with what the catalog should tell them.

A scenario file names cases, each a company (a profile file, or its keys inline) and what some
programs should say of it (status, near miss, window, money, covered needs) and which of its needs
should be gaps. `run` checks every case against a catalog, so that a person who edits a program
sees at once which expectations it changed. The values compared are the contract's JSON values
(`render.data.result_dict`): what `recommend --format json` says.

    as_of = 2026-12-05
    [[cases]]
    name = "부평 뿌리기업"
    profile = "../profiles/hanul-precision.toml"   # from this file; or an inline table
    [cases.expect.kr-kosmes-sf-as-2021]
    status = "needs-info"
    estimated_support_krw = "2,000만"
    [cases.gaps]
    maintenance = "none"                            # or uncovered, closed-only, cofunding
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sfmatch.errors import DataError, Problem, ValueProblem
from sfmatch.i18n import N_, Msg

# What a case may expect of a program: the contract's JSON keys, compared as JSON has them.
EXPECTED = ("status", "near_miss", "window", "estimated_support_krw", "self_share_krw",
            "cofunding_short", "covers", "support_is_cap")  # fmt: skip
MONEY = frozenset({"estimated_support_krw", "self_share_krw"})
GAP_KINDS = ("uncovered", "closed-only", "cofunding", "none")
FILE_KEYS = frozenset({"description", "as_of", "cases"})
CASE_KEYS = frozenset({"name", "profile", "as_of", "expect", "gaps"})


@dataclass(frozen=True)
class Case:
    file: str
    name: str
    profile: dict
    as_of: dt.date
    expect: dict[str, dict[str, object]]  # program id → key → value
    gaps: dict[str, str]  # need code → gap kind, or "none"


@dataclass(frozen=True)
class Finding:
    """One expectation and what the catalog says now."""

    file: str
    case: str
    what: str  # `kr-kosmes-sf-as-2021.status`, or `gaps.maintenance`
    expected: object
    got: object

    @property
    def holds(self) -> bool:
        return self.expected == self.got

    @property
    def said(self) -> Msg:
        return N_("{case}: {what}: expected {expected}, now {got}", case=self.case,
                  what=self.what, expected=_shown(self.expected), got=_shown(self.got))  # fmt: skip


def _shown(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return (
        "none" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    )


def scenario_files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        raise DataError([Problem(str(folder), N_("no such file or folder"),
                                 hint=N_("give a folder of scenario files (.toml)"))])  # fmt: skip
    return sorted(folder.rglob("*.toml"))


def load_cases(folder: Path, program_ids: set[str]) -> list[Case]:
    """Every case of every scenario file, checked: all problems reported together."""
    cases: list[Case] = []
    problems: list[Problem] = []
    files = scenario_files(folder)
    if not files:
        problems.append(Problem(str(folder), N_("no scenario files (.toml) here")))
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            problems.append(Problem(str(path), N_("cannot read: {why}", why=str(exc))))
            continue

        def wrong(where: str, what: Msg, hint: Msg | str = "", path=path) -> None:
            problems.append(Problem(str(path), what, where=where, hint=hint))

        _known_keys(data, FILE_KEYS, "", wrong)
        found = data.get("cases")
        if not isinstance(found, list) or not found:
            wrong("cases", N_("no [[cases]]"), N_("add at least one [[cases]] table"))
            continue
        for n, case in enumerate(found, 1):
            read = _case(path, data, case, f"cases[{n}]", program_ids, wrong)
            if read is not None:
                cases.append(read)
    if problems:
        raise DataError(problems)
    return cases


def _case(path: Path, data: dict, case: object, where: str, program_ids: set[str],
          wrong) -> Case | None:  # fmt: skip
    """One `[[cases]]` table read, or None where it cannot run (its problems said)."""
    from sfmatch import vocab
    from sfmatch.units import parse_money

    case = _table(case, where, wrong)
    if case is None:
        return None
    _known_keys(case, CASE_KEYS, where, wrong)
    as_of = case.get("as_of", data.get("as_of"))
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        wrong(where, N_("no as_of date"), N_("write as_of = 2026-12-05 in the file"))
        return None
    profile = case.get("profile")
    if isinstance(profile, str):
        profile = _profile_file(path.parent / profile, wrong, where)
    if not isinstance(profile, dict):
        wrong(where, N_("no profile"),
              N_('write profile = "../profiles/x.toml", or its keys inline'))  # fmt: skip
        return None
    expect: dict[str, dict[str, object]] = {}
    for program, wants in (_table(case.get("expect", {}), f"{where}.expect", wrong) or {}).items():
        wants = _table(wants, f"{where}.expect.{program}", wrong)
        if wants is None:
            continue
        if program not in program_ids:
            wrong(f"{where}.expect", N_("no program {id} in the catalog", id=repr(program)))
            continue
        _known_keys(wants, EXPECTED, f"{where}.expect.{program}", wrong)
        expect[program] = {}
        for key, value in wants.items():
            if key in MONEY and value != "none":
                try:
                    value = parse_money(value)
                except ValueProblem as exc:
                    wrong(f"{where}.expect.{program}.{key}", exc.what, exc.hint)
                    continue
            if key in EXPECTED:
                expect[program][key] = None if value == "none" else _sorted(key, value)
    gaps: dict[str, str] = {}
    for need, kind in (_table(case.get("gaps", {}), f"{where}.gaps", wrong) or {}).items():
        try:
            code = vocab.resolve_need(need)
        except ValueProblem as exc:
            wrong(f"{where}.gaps", exc.what, exc.hint)
            continue
        if kind not in GAP_KINDS:
            wrong(f"{where}.gaps.{need}", N_("unknown gap kind {kind}", kind=repr(kind)),
                  N_("use {kinds}", kinds=", ".join(GAP_KINDS)))  # fmt: skip
            continue
        gaps[code] = kind
    return Case(str(path), str(case.get("name") or where), profile, as_of, expect, gaps)


def _table(value: object, where: str, wrong) -> dict | None:
    if isinstance(value, dict):
        return value
    wrong(where, N_("expected a table, got {given}", given=repr(value)))
    return None


def _known_keys(table: dict, known, where: str, wrong) -> None:
    for key in sorted(set(table) - set(known)):
        wrong(where or key, N_("unknown key {key}", key=repr(key)),
              N_("use {keys}", keys=", ".join(sorted(known))))  # fmt: skip


def _sorted(key: str, value: object) -> object:
    return sorted(value) if key == "covers" and isinstance(value, list) else value


def _profile_file(path: Path, wrong, where: str) -> dict | None:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        wrong(where, N_("cannot read the profile {path}: {why}", path=str(path), why=str(exc)))
        return None


def run(cases: list[Case], catalog) -> list[Finding]:
    """Each expectation of each case, with what the catalog says now (in the files' order)."""
    from sfmatch.engine import recommend
    from sfmatch.loader import profile_keys, validate_model
    from sfmatch.models import Profile, to_record
    from sfmatch.render.data import result_dict

    found: list[Finding] = []
    problems: list[Problem] = []
    for case in cases:
        data, _notes = profile_keys(dict(case.profile))
        try:
            profile = validate_model(Profile, data, Path(case.file), "")
        except DataError as exc:  # each said in the run's language, with the case named
            problems += [
                Problem(
                    case.file, p.what, where=f"{case.name}: {p.where}".rstrip(": "), hint=p.hint
                )
                for p in exc.problems
            ]
            continue
        rec = recommend(to_record(profile), catalog, case.as_of)
        results = {r.program: result_dict(r) for r in rec.results}
        for program, wants in case.expect.items():
            got = results[program]
            for key, value in wants.items():
                now = got.get(key)
                if key == "covers" and isinstance(now, list):
                    now = sorted(now)
                found.append(Finding(case.file, case.name, f"{program}.{key}", value, now))
        gaps = {g.need: g.kind for g in rec.gaps}
        for need, kind in case.gaps.items():
            found.append(
                Finding(case.file, case.name, f"gaps.{need}", kind, gaps.get(need, "none"))
            )
    if problems:
        raise DataError(problems)
    return found
