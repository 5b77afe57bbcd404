"""Eligibility criteria as a table: name → small pure function giving pass / fail / unknown.

Each function gets the company's facts and the program's rule for that criterion, and returns a
`Check` whose detail names both values. Adding a criterion means adding one function and one row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sfmatch import vocab
from sfmatch.models import (
    Count,
    Eligibility,
    LevelRange,
    MoneyRange,
    PriorExcluded,
    Profile,
    Years,
)
from sfmatch.results import Check
from sfmatch.units import format_money


@dataclass(frozen=True)
class Facts:
    """What the criteria may look at: the profile, its (maybe derived) size, the date, the catalog."""

    profile: Profile
    size: str | None
    size_derived: bool
    as_of: dt.date
    family_of: Callable[[str], str | None]  # None: the name is of no program known


@dataclass(frozen=True)
class Criterion:
    check: Callable[[Facts, Any], Check]
    changeable: bool  # can the company change it? (decides near misses, contract §4.2)


def _span(lo: object, hi: object, show: Callable[[Any], str] = str) -> str:
    if lo is not None and hi is not None:
        return f"{show(lo)}–{show(hi)}"
    return f"≥ {show(lo)}" if lo is not None else f"≤ {show(hi)}"


def _listed(codes: list[str]) -> str:
    return ", ".join(codes)


def _few(codes: list[str], shown: int = 3) -> str:
    """A long list cut for one-line advice; `explain` shows the whole list in the detail."""
    if len(codes) <= shown:
        return _listed(codes)
    return f"{_listed(codes[:shown])} or {len(codes) - shown} more"


def _ok(name: str, passed: bool, detail: str, flip: str | None = None) -> Check:
    return Check(name, "pass" if passed else "fail", detail, None if passed else flip)


def _unknown(name: str, detail: str) -> Check:
    return Check(name, "unknown", detail)


def _within(f: Facts, name: str, rule: list[str], where: str, shown: list[str]) -> Check:
    """A place rule by area: pass when the company is surely inside the rule's places, fail
    when surely outside, unknown when it may be either (an old code, or no district given)."""
    p = f.profile
    company = vocab.company_area(p.region, p.district, p.area)
    wanted = vocab.area_of(rule[0]).union(*(vocab.area_of(r) for r in rule[1:]))
    if p.area:
        where += f" (given as former {p.area})"
    detail = f"{where}; program takes {_listed(shown)}"
    if company <= wanted:
        return _ok(name, True, detail)
    if company.isdisjoint(wanted):
        return _ok(name, False, detail)
    need = "the district" if not p.district else "the address with its 동"
    return _unknown(name, f"{detail}; which part is not known (give {need})")


def regions(f: Facts, rule: list[str]) -> Check:
    shown = [
        f"{r} ({', '.join(sorted(vocab.REGION_GROUPS[r]))})" if r in vocab.REGION_GROUPS else r
        for r in rule
    ]
    return _within(f, "regions", rule, f"region {f.profile.region}", shown)


def districts(f: Facts, rule: list[str]) -> Check:
    p = f.profile
    inside = not vocab.area_of(p.region).isdisjoint(
        vocab.area_of(rule[0]).union(*(vocab.area_of(r) for r in rule[1:]))
    )
    if not inside:
        where = f"region {p.region}"
    else:
        where = f"district {p.district}" if p.district else "district not given"
    return _within(f, "districts", rule, where, rule)


def sizes(f: Facts, rule: list[str]) -> Check:
    wanted = f"program takes {_listed(rule)}"
    if f.size is None:
        return _unknown("sizes", f"size not given nor derivable (needs revenue_krw); {wanted}")
    shown = f"size {f.size}{' (derived)' if f.size_derived else ''}"
    return _ok("sizes", f.size in rule, f"{shown}; {wanted}", f"{wanted}, not {f.size}")


def employees(f: Facts, rule: Count) -> Check:
    n = f.profile.employees
    detail = f"{n} employees; program takes {_span(rule.min, rule.max)}"
    if rule.max is not None and n > rule.max:
        return _ok(
            "employees", False, detail, f"{n - rule.max} employees over the cap of {rule.max}"
        )
    if rule.min is not None and n < rule.min:
        return _ok("employees", False, detail, f"{rule.min - n} employees short of {rule.min}")
    return _ok("employees", True, detail)


def revenue_krw(f: Facts, rule: MoneyRange) -> Check:
    wanted = f"program takes {_span(rule.min, rule.max, format_money)}"
    rev = f.profile.revenue_krw
    if rev is None:
        return _unknown("revenue_krw", f"revenue not given; {wanted}")
    detail = f"revenue {format_money(rev)}; {wanted}"
    if rule.max is not None and rev > rule.max:
        flip = f"revenue {format_money(rev)} is {_pct(rev - rule.max, rule.max)} over the"
        return _ok("revenue_krw", False, detail, f"{flip} {format_money(rule.max)} cap")
    if rule.min is not None and rev < rule.min:
        flip = f"revenue {format_money(rev)} is {_pct(rule.min - rev, rule.min)} under the"
        return _ok("revenue_krw", False, detail, f"{flip} {format_money(rule.min)} minimum")
    return _ok("revenue_krw", True, detail)


def _pct(part: int, whole: int) -> str:
    share = 100 * part / whole if whole else 100.0
    return "<1%" if share < 1 else f"{round(share)}%"


def _ksic_shown(prefix: str) -> str:
    return "C (all manufacturing)" if prefix == "C" else prefix


def ksic(f: Facts, rule: list[str]) -> Check:
    hit = next((p for p in rule if f.profile.ksic.startswith(p)), None)
    if hit:
        return _ok("ksic", True, f"KSIC {f.profile.ksic} matches {_ksic_shown(hit)}")
    shown = _listed([_ksic_shown(p) for p in rule])
    return _ok("ksic", False, f"KSIC {f.profile.ksic}; program takes {shown}")


def exclude_ksic(f: Facts, rule: list[str]) -> Check:
    hit = next((p for p in rule if f.profile.ksic.startswith(p)), None)
    if hit:
        return _ok("exclude_ksic", False, f"KSIC {f.profile.ksic} is excluded ({_ksic_shown(hit)})")
    shown = _listed([_ksic_shown(p) for p in rule])
    return _ok("exclude_ksic", True, f"KSIC {f.profile.ksic} is not among excluded {shown}")


def sf_level(f: Facts, rule: LevelRange) -> Check:
    wanted = f"program takes {_span(rule.min, rule.max)}"
    level = f.profile.sf_level
    if level is None:
        return _unknown("sf_level", f"smart-factory level not given; {wanted}")
    detail = f"level {level}; {wanted}"
    rank = vocab.LEVELS.rank
    if rule.min is not None and rank(level) < rank(rule.min):
        return _ok("sf_level", False, detail, f"reach level {rule.min} first (now {level})")
    if rule.max is not None and rank(level) > rank(rule.max):
        return _ok("sf_level", False, detail, f"level {level} is above the program's {rule.max}")
    return _ok("sf_level", True, detail)


def age_years(f: Facts, rule: Years) -> Check:
    wanted = f"program takes {_span(rule.min, rule.max)} years since founding"
    founded = f.profile.founded
    if founded is None:
        return _unknown("age_years", f"founding date not given; {wanted}")
    years = whole_years(founded, f.as_of)
    detail = f"founded {founded}, {years} years; {wanted}"
    if rule.min is not None and years < rule.min:
        eligible_on = add_years(founded, rule.min)
        return _ok("age_years", False, detail, f"eligible from {eligible_on}")
    if rule.max is not None and years > rule.max:
        return _ok(
            "age_years", False, detail, f"{years - rule.max} years past the limit of {rule.max}"
        )
    return _ok("age_years", True, detail)


def whole_years(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def root(f: Facts, _rule: bool) -> Check:
    cert, processes = f.profile.root_certified, f.profile.processes
    wanted = "program is for root-industry (뿌리) firms"
    if cert:
        return _ok("root", True, f"holds a 뿌리기업 확인서; {wanted}")
    if processes:
        return _ok("root", True, f"runs root processes {_listed(processes)}; {wanted}")
    if cert is False and processes == []:
        return _ok(
            "root",
            False,
            f"no 뿌리기업 확인서 and no root processes; {wanted}",
            "obtain a 뿌리기업 확인서",
        )
    return _unknown("root", f"root_certified and processes not given; {wanted}")


def processes_any(f: Facts, rule: list[str]) -> Check:
    wanted = f"program takes any of {_listed(rule)}"
    if f.profile.processes is None:
        return _unknown("processes_any", f"processes not given; {wanted}")
    common = [p for p in f.profile.processes if p in rule]
    runs = _listed(f.profile.processes) or "none"
    return _ok(
        "processes_any", bool(common), f"runs {runs}; {wanted}", f"needs one of {_few(rule)}"
    )


def _matches(f: Facts, entry_program: str, names: list[str]) -> bool | None:
    """Whether a prior entry is one of the named programs; None when it names no program known
    (then a rule that depends on it is unknown, never a false fail)."""
    if entry_program in names:
        return True
    family = f.family_of(entry_program)
    return None if family is None else family in names


def _unread(entries: list) -> str:
    shown = _listed([repr(e.program) for e in entries])
    return f"prior {shown} names no program known (write its id or name, see sfmatch programs families)"


def prior_required(f: Facts, rule: list[str]) -> Check:
    wanted = f"program requires one of {_listed(rule)}"
    if f.profile.prior is None:
        return _unknown("prior_required", f"prior participation not given; {wanted}")
    read = [(e, _matches(f, e.program, rule)) for e in f.profile.prior]
    hits = [e for e, hit in read if hit]
    if hits:
        got = _listed([f"{e.program} ({e.year})" for e in hits])
        return _ok("prior_required", True, f"received {got}; {wanted}")
    unread = [e for e, hit in read if hit is None]
    if unread:
        return _unknown("prior_required", f"{_unread(unread)}; {wanted}")
    return _ok(
        "prior_required",
        False,
        f"no such record in prior; {wanted}",
        f"complete one of {_few(rule)} first",
    )


def prior_excluded(f: Facts, rule: PriorExcluded) -> Check:
    limit = "none" if rule.max_uses == 1 else f"at most {rule.max_uses - 1} earlier"
    wanted = f"program allows {limit} of {_listed(rule.programs)} within {rule.within_years} years"
    if f.profile.prior is None:
        return _unknown("prior_excluded", f"prior participation not given; {wanted}")
    recent = [e for e in f.profile.prior if f.as_of.year - e.year < rule.within_years]
    read = [(e, _matches(f, e.program, rule.programs)) for e in recent]
    years = sorted((e.year for e, hit in read if hit), reverse=True)
    unread = [e for e, hit in read if hit is None]
    if len(years) >= rule.max_uses:
        got = f"received in {_listed([str(y) for y in sorted(years)])}"
        # Eligible again once the max_uses-th most recent use falls out of the window.
        again = years[rule.max_uses - 1] + rule.within_years
        return _ok("prior_excluded", False, f"{got}; {wanted}", f"eligible again from {again}")
    if unread and len(years) + len(unread) >= rule.max_uses:
        return _unknown("prior_excluded", f"{_unread(unread)}; {wanted}")
    if not years:
        return _ok("prior_excluded", True, f"no such record in the window; {wanted}")
    got = f"received in {_listed([str(y) for y in sorted(years)])}"
    return _ok("prior_excluded", True, f"{got}; {wanted}")


def clean_record(f: Facts, _rule: bool) -> Check:
    wanted = "program excludes tax arrears, closure, insolvency and credit default"
    found = f.profile.disqualifiers
    if found is None:
        return _unknown("clean_record", f"disqualifiers not declared; {wanted}")
    if not found:
        return _ok("clean_record", True, f"no disqualifiers declared; {wanted}")
    shown = _listed([f"{d} ({vocab.DISQUALIFIERS.label(d)})" for d in found])
    return _ok(
        "clean_record", False, f"{shown} applies; {wanted}", f"resolve {_listed(found)} first"
    )


# The table. Order is the order checks are shown in; keys are the `[eligibility]` keys.
CRITERIA: dict[str, Criterion] = {
    "regions": Criterion(regions, changeable=False),
    "districts": Criterion(districts, changeable=False),
    "sizes": Criterion(sizes, changeable=True),
    "employees": Criterion(employees, changeable=True),
    "revenue_krw": Criterion(revenue_krw, changeable=True),
    "ksic": Criterion(ksic, changeable=False),
    "exclude_ksic": Criterion(exclude_ksic, changeable=False),
    "sf_level": Criterion(sf_level, changeable=True),
    "age_years": Criterion(age_years, changeable=True),
    "root": Criterion(root, changeable=True),
    "processes_any": Criterion(processes_any, changeable=True),
    "prior_required": Criterion(prior_required, changeable=True),
    "prior_excluded": Criterion(prior_excluded, changeable=True),
    "clean_record": Criterion(clean_record, changeable=True),
}
assert set(CRITERIA) == set(Eligibility.model_fields), "every eligibility key needs a criterion"


def run_checks(facts: Facts, rules: Eligibility) -> tuple[Check, ...]:
    return tuple(
        criterion.check(facts, getattr(rules, name))
        for name, criterion in CRITERIA.items()
        if getattr(rules, name) is not None
    )
