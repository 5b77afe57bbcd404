"""Eligibility criteria as a table: name → small pure function giving pass / fail / unknown.

Each function gets the company's facts and the program's rule for that criterion, and returns a
`Check` whose detail names both values. Adding a criterion means adding one function and one row.

Every text is a message (`i18n.N_`), said in Korean or English where it is shown. A criterion
that is unknown asks its question in words a factory owner can answer; one that fails says what
would flip it and how far the firm is from that (`distance`, `near`: see `NEAR_DISTANCE`).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sfmatch import vocab
from sfmatch.i18n import N_, Joined, Msg, Named, Term
from sfmatch.records import (
    CRITERIA_KEYS,
    Count,
    Eligibility,
    LevelRange,
    MoneyRange,
    PriorExcluded,
    Years,
)
from sfmatch.results import Check

if TYPE_CHECKING:
    from sfmatch.models import Profile
from sfmatch.units import format_money

# How far a failing criterion may be for its near miss to count as near (contract §4.2 extension).
# A distance is the share the firm is past a number (0.15 = 15% over the cap), or for what is not a
# number, the documented share below; near is at most 0.20, or at most 3 people past a head count.
NEAR_DISTANCE = 0.20
NEAR_PEOPLE = 3
STEP_DISTANCE = 0.10  # per smart-factory level to climb (one level is near, two are not)
CERTIFICATE_DISTANCE = 0.10  # a 뿌리기업 확인서 to obtain
PRIOR_DISTANCE = 0.15  # a prior program to complete first
CLEARABLE_DISTANCE = 0.05  # a disqualifier the firm can clear (arrears paid, default resolved)
CLEARABLE = frozenset({"tax-arrears", "credit-default"})
YEAR_DISTANCE = 0.20  # per year to wait (founding age, a prior use falling out of its window)


@dataclass(frozen=True)
class Facts:
    """What the criteria may look at: the profile, its (maybe derived) size, the date, the catalog."""

    profile: Profile
    size: str | None
    size_derived: bool
    as_of: dt.date
    family_of: Callable[[str], str | None]  # None: the name is of no program known
    family_name: Callable[[str], tuple[str | None, str | None]] = lambda f: (None, f)
    # each fact's value as a key, read once for all the programs one firm is checked against
    keys: dict[str, object] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Criterion:
    check: Callable[[Facts, Any], Check]
    changeable: bool  # can the company change it? (decides near misses, contract §4.2)


def _span(lo: object, hi: object, show: Callable[[Any], Any] = str, unit: bool = False) -> Msg:
    """`lo–hi`, `lo or more` or `hi or less`, each bound shown by `show`; with `unit`, `show`
    adds a unit, which a range says once (`5–49 people`, `5–49명`)."""
    if lo is not None and hi is not None:
        return N_("{lo}–{hi}", lo=lo if unit else show(lo), hi=show(hi))
    return N_("{lo} or more", lo=show(lo)) if lo is not None else N_("{hi} or less", hi=show(hi))


def _people(n: int) -> Msg:
    return N_("{n} people", n=n)


def _years(n: int) -> Msg:
    return N_("{n} years", n=n)


def _few(items: list, shown: int = 3) -> Any:
    """A long list cut for one-line advice; `explain` shows the whole list in the detail."""
    if len(items) <= shown:
        return items
    return N_("{items} or {more} more", items=items[:shown], more=len(items) - shown)


def _both(company: Any, rule: Any) -> Msg:
    """The company's side, then the rule's, as one detail."""
    return N_("{company}; {rule}", company=company, rule=rule)


def _rule(company: Any, rule: Any) -> Msg:
    return N_("{company}; program takes {rule}", company=company, rule=rule)


def _pass(name: str, detail: Msg) -> Check:
    return Check(name, "pass", detail)


def _fail(name: str, detail: Msg, flip: Msg | None = None, distance: float | None = None,
          near: bool | None = None) -> Check:  # fmt: skip
    near = near if near is not None else distance is not None and distance <= NEAR_DISTANCE
    return Check(name, "fail", detail, flip, distance=distance, near=near)


def _unknown(name: str, detail: Msg, question: Msg) -> Check:
    return Check(name, "unknown", detail, question=question)


def _names(f: Facts, families: list[str]) -> list[Named]:
    return [Named(*f.family_name(family)) for family in families]


REVENUE_QUESTION = N_("What was the company's average yearly revenue over the last 3 years?")
HEADCOUNT_QUESTION = N_("How many people does the company employ full-time (상시근로자)?")
SIZE_QUESTION = N_("What was the company's average yearly revenue over the last 3 years, and how"
                   " many people does it employ full-time (상시근로자)?")  # fmt: skip


def _within(f: Facts, name: str, rule: list[str], where: Msg) -> Check:
    """A place rule by area: pass when the company is surely inside the rule's places, fail
    when surely outside, unknown when it may be either (an old code, or no district given)."""
    p = f.profile
    company = vocab.company_area(p.region, p.district, p.area)
    wanted = vocab.area_of(rule[0]).union(*(vocab.area_of(r) for r in rule[1:]))
    if p.area:
        where = N_("{where} (given as former {area})", where=where, area=Term("place", p.area))
    detail = _rule(where, [Term("place", r) for r in rule])
    if company <= wanted:
        return _pass(name, detail)
    if company.isdisjoint(wanted):
        return _fail(name, detail)
    if not p.district:
        question = N_("In which district (시·군·구) is the factory?")
    else:
        question = N_("What is the factory's address, with its 동 or 읍·면?")
    return _unknown(name, N_("{detail}; which part is not known", detail=detail), question)


def regions(f: Facts, rule: list[str]) -> Check:
    where = N_("located in {region}", region=Term("place", f.profile.region))
    return _within(f, "regions", rule, where)


def districts(f: Facts, rule: list[str]) -> Check:
    p = f.profile
    inside = not vocab.area_of(p.region).isdisjoint(
        vocab.area_of(rule[0]).union(*(vocab.area_of(r) for r in rule[1:]))
    )
    if not inside or not p.district:
        where = N_("located in {region}", region=Term("place", p.region))
        if inside:
            where = N_("{where}, district not given", where=where)
    else:
        where = N_("located in {district}", district=Term("place", p.district))
    return _within(f, "districts", rule, where)


def sizes(f: Facts, rule: list[str]) -> Check:
    wanted = [Term("size", s) for s in rule]
    if f.size is None:
        # A size is derived from revenue, and below the small-firm cap from the head count too.
        # This check reads the size alone (READS; what it says is kept for every firm of that
        # size), so where the size is unknown it says so whatever else is missing.
        detail = _rule(N_("size class not given, nor derivable without revenue (and, for a small"
                          " firm, the head count)"), wanted)  # fmt: skip
        return _unknown("sizes", detail, SIZE_QUESTION)
    size = Term("size", f.size)
    shown = (N_("size class {size} (derived)", size=size) if f.size_derived
             else N_("size class {size}", size=size))  # fmt: skip
    detail = _rule(shown, wanted)
    if f.size in rule:
        return _pass("sizes", detail)
    return _fail("sizes", detail, N_("{size} — program takes {sizes}", size=size, sizes=wanted))


def employees(f: Facts, rule: Count) -> Check:
    n = f.profile.employees
    wanted = _span(rule.min, rule.max, _people, unit=True)
    if n is None:
        return _unknown("employees", _rule(N_("head count not given"), wanted), HEADCOUNT_QUESTION)
    detail = _rule(N_("{n} employees", n=n), wanted)
    if rule.max is not None and n > rule.max:
        over = n - rule.max
        flip = N_("{n} employees — cap {max} ({over} over)", n=n, max=rule.max, over=over)
        distance = over / max(rule.max, 1)
        return _fail(
            "employees", detail, flip, distance, distance <= NEAR_DISTANCE or over <= NEAR_PEOPLE
        )
    if rule.min is not None and n < rule.min:
        short = rule.min - n
        flip = N_("{n} employees — minimum {min} ({short} short)", n=n, min=rule.min, short=short)
        distance = short / rule.min
        return _fail(
            "employees", detail, flip, distance, distance <= NEAR_DISTANCE or short <= NEAR_PEOPLE
        )
    return _pass("employees", detail)


def revenue_krw(f: Facts, rule: MoneyRange) -> Check:
    wanted = _span(rule.min, rule.max, format_money)
    rev = f.profile.revenue_krw
    if rev is None:
        return _unknown("revenue_krw", _rule(N_("revenue not given"), wanted), REVENUE_QUESTION)
    detail = _rule(N_("revenue {revenue}", revenue=format_money(rev)), wanted)
    if rule.max is not None and rev > rule.max:
        flip = N_(
            "revenue {revenue} — cap {max} ({over}, {pct} over)",
            revenue=format_money(rev), max=format_money(rule.max),
            over=format_money(rev - rule.max), pct=_pct(rev - rule.max, rule.max),
        )  # fmt: skip
        return _fail("revenue_krw", detail, flip, (rev - rule.max) / max(rule.max, 1))
    if rule.min is not None and rev < rule.min:
        flip = N_(
            "revenue {revenue} — minimum {min} ({short}, {pct} short)",
            revenue=format_money(rev), min=format_money(rule.min),
            short=format_money(rule.min - rev), pct=_pct(rule.min - rev, rule.min),
        )  # fmt: skip
        return _fail("revenue_krw", detail, flip, (rule.min - rev) / rule.min)
    return _pass("revenue_krw", detail)


def _pct(part: int, whole: int) -> str:
    share = 100 * part / whole if whole else 100.0
    return "<1%" if share < 1 else f"{round(share)}%"


def _ksic_shown(prefix: str) -> Msg | str:
    if prefix == "C":
        return N_("C (all manufacturing)")
    return prefix


def ksic(f: Facts, rule: list[str]) -> Check:
    code = f.profile.ksic
    hit = next((p for p in rule if code.startswith(p)), None)
    if hit:
        return _pass(
            "ksic", N_("KSIC {code} is within {prefix}", code=code, prefix=_ksic_shown(hit))
        )
    shown = [_ksic_shown(p) for p in rule]
    return _fail("ksic", _rule(N_("KSIC {code}", code=code), shown))


def exclude_ksic(f: Facts, rule: list[str]) -> Check:
    code = f.profile.ksic
    hit = next((p for p in rule if code.startswith(p)), None)
    if hit:
        detail = N_(
            "KSIC {code} is an excluded industry ({prefix})", code=code, prefix=_ksic_shown(hit)
        )
        return _fail("exclude_ksic", detail)
    shown = [_ksic_shown(p) for p in rule]
    return _pass(
        "exclude_ksic", N_("KSIC {code} is not among the excluded {codes}", code=code, codes=shown)
    )


def sf_level(f: Facts, rule: LevelRange) -> Check:
    span = _span(rule.min, rule.max, lambda c: Term("level", c))
    level = f.profile.sf_level
    if level is None:
        return _unknown(
            "sf_level",
            _rule(N_("smart-factory level not given"), span),
            N_(
                "If the factory has had a smart-factory level check, what level was it"
                " (none, basic, intermediate 1 or 2, advanced)?"
            ),
        )
    shown = Term("level", level)
    detail = _rule(N_("level {level}", level=shown), span)
    rank = vocab.LEVELS.rank
    if rule.min is not None and rank(level) < rank(rule.min):
        steps = rank(rule.min) - rank(level)
        wanted = Term("level", rule.min)
        if steps == 1:
            flip = N_("level {level} — program takes {min} or higher (one level to climb)",
                      level=shown, min=wanted)  # fmt: skip
        else:
            flip = N_("level {level} — program takes {min} or higher ({steps} levels to climb)",
                      level=shown, min=wanted, steps=steps)  # fmt: skip
        # one level is near; two or more are not, whatever their distance
        return _fail("sf_level", detail, flip, STEP_DISTANCE * steps, near=steps == 1)
    if rule.max is not None and rank(level) > rank(rule.max):
        flip = N_(
            "level {level} — program takes {max} or lower", level=shown, max=Term("level", rule.max)
        )
        return _fail("sf_level", detail, flip)
    return _pass("sf_level", detail)


def age_years(f: Facts, rule: Years) -> Check:
    span = N_("{span} since founding", span=_span(rule.min, rule.max, _years, unit=True))
    founded = f.profile.founded
    if founded is None:
        return _unknown(
            "age_years",
            _rule(N_("founding date not given"), span),
            N_("When was the company founded (the date on its business registration)?"),
        )
    years = whole_years(founded, f.as_of)
    detail = _rule(N_("founded {founded}, {years} years ago", founded=founded, years=years), span)
    if rule.min is not None and years < rule.min:
        eligible_on = add_years(founded, rule.min)
        flip = N_("founded {founded} — program takes {min} years or more (eligible from {date})",
                  founded=founded, min=rule.min, date=eligible_on)  # fmt: skip
        wait = (eligible_on - f.as_of).days / 365
        return _fail("age_years", detail, flip, YEAR_DISTANCE * wait)
    if rule.max is not None and years > rule.max:
        flip = N_("founded {founded} — program takes {max} years or less ({over} years over)",
                  founded=founded, max=rule.max, over=years - rule.max)  # fmt: skip
        return _fail("age_years", detail, flip)
    return _pass("age_years", detail)


def whole_years(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


ROOT_RULE = N_("program is for root-industry (뿌리) firms")


def root(f: Facts, _rule: bool) -> Check:
    cert, processes = f.profile.root_certified, f.profile.processes
    if cert:
        return _pass("root", _both(N_("holds a 뿌리기업 확인서"), ROOT_RULE))
    if processes:
        runs = N_(
            "runs root processes {processes}", processes=[Term("process", p) for p in processes]
        )
        return _pass("root", _both(runs, ROOT_RULE))
    if cert is False and processes == []:
        detail = _both(N_("no 뿌리기업 확인서 and no root processes"), ROOT_RULE)
        flip = N_("no 뿌리기업 확인서 — obtain one to apply")
        return _fail("root", detail, flip, CERTIFICATE_DISTANCE)
    return _unknown(
        "root",
        _both(N_("root-industry status not given"), ROOT_RULE),
        N_(
            "Does the company hold a 뿌리기업 확인서, or run root processes such as casting, mold,"
            " welding or surface treatment?"
        ),
    )


def processes_any(f: Facts, rule: list[str]) -> Check:
    wanted = N_("any of {processes}", processes=[Term("process", p) for p in rule])
    if f.profile.processes is None:
        return _unknown(
            "processes_any",
            _rule(N_("processes not given"), wanted),
            N_("Does the factory run any of these processes: {processes}?",
               processes=[Term("process", p) for p in rule]),
        )  # fmt: skip
    common = [p for p in f.profile.processes if p in rule]
    runs = [Term("process", p) for p in f.profile.processes]
    company = N_("runs {processes}", processes=runs) if runs else N_("runs no root process")
    detail = _rule(company, wanted)
    if common:
        return _pass("processes_any", detail)
    flip = N_("runs none of {processes}", processes=_few([Term("process", p) for p in rule]))
    return _fail("processes_any", detail, flip)


def _matches(f: Facts, entry_program: str, names: list[str]) -> bool | None:
    """Whether a prior entry is one of the named programs; None when it names no program known
    (then a rule that depends on it is unknown, never a false fail)."""
    if entry_program in names:
        return True
    family = f.family_of(entry_program)
    return None if family is None else family in names


def _unread_prior(name: str, entries: list, wanted: Msg) -> Check:
    """Unknown: prior entries that name no program known, and which program each is."""
    names = [repr(e.program) for e in entries]
    company = N_("prior {names} names no program known (write its id or name, see sfmatch"
                 " programs families)", names=names)  # fmt: skip
    question = N_("Which program is the prior record {names}?", names=names)
    return _unknown(name, _both(company, wanted), question)


def prior_required(f: Facts, rule: list[str]) -> Check:
    wanted = N_("program requires one of {programs} completed", programs=_few(_names(f, rule)))
    if f.profile.prior is None:
        return _unknown(
            "prior_required",
            _both(N_("prior participation not given"), wanted),
            N_(
                "Has the company completed any of these programs: {programs}?",
                programs=_few(_names(f, rule), 2),
            ),
        )
    read = [(e, _matches(f, e.program, rule)) for e in f.profile.prior]
    hits = [e for e, hit in read if hit]
    if hits:
        got = N_("received {programs}", programs=[f"{e.program} ({e.year})" for e in hits])
        return _pass("prior_required", _both(got, wanted))
    unread = [e for e, hit in read if hit is None]
    if unread:
        return _unread_prior("prior_required", unread, wanted)
    flip = N_("no record of {programs} — complete one first", programs=_few(_names(f, rule), 2))
    detail = _both(N_("no such record in prior"), wanted)
    return _fail("prior_required", detail, flip, PRIOR_DISTANCE)


def prior_excluded(f: Facts, rule: PriorExcluded) -> Check:
    names = _names(f, rule.programs)
    if rule.max_uses == 1:
        wanted = N_("program takes no one who received {programs} in the last {years} years",
                    programs=rule.programs, years=rule.within_years)  # fmt: skip
        question = N_("Has the company received {programs} in the last {years} years?",
                      programs=names, years=rule.within_years)  # fmt: skip
    else:
        wanted = N_("program allows at most {uses} earlier uses of {programs} in {years} years",
                    uses=rule.max_uses - 1, programs=rule.programs, years=rule.within_years)  # fmt: skip
        question = N_("Has the company received {programs} {uses} times or more in the last {years} years?",
                      programs=names, uses=rule.max_uses, years=rule.within_years)  # fmt: skip
    if f.profile.prior is None:
        company = N_("prior participation not given")
        return _unknown("prior_excluded", _both(company, wanted), question)
    recent = [e for e in f.profile.prior if f.as_of.year - e.year < rule.within_years]
    read = [(e, _matches(f, e.program, rule.programs)) for e in recent]
    years = sorted((e.year for e, hit in read if hit), reverse=True)
    unread = [e for e, hit in read if hit is None]
    if len(years) >= rule.max_uses:
        got = N_("received in {years}", years=[str(y) for y in sorted(years)])
        # Eligible again once the max_uses-th most recent use falls out of the window.
        again = years[rule.max_uses - 1] + rule.within_years
        flip = N_("received {programs} in {years} — eligible again from {again}",
                  programs=names, years=[str(y) for y in sorted(years)], again=again)  # fmt: skip
        detail = _both(got, wanted)
        return _fail("prior_excluded", detail, flip, YEAR_DISTANCE * (again - f.as_of.year))
    if unread and len(years) + len(unread) >= rule.max_uses:
        return _unread_prior("prior_excluded", unread, wanted)
    if not years:
        return _pass(
            "prior_excluded",
            _both(N_("no such record in the window"), wanted),
        )
    got = N_("received in {years}", years=[str(y) for y in sorted(years)])
    return _pass("prior_excluded", _both(got, wanted))


CLEAN_RULE = N_("program excludes tax arrears, closure, insolvency and credit default")


def clean_record(f: Facts, _rule: bool) -> Check:
    found = f.profile.disqualifiers
    if found is None:
        return _unknown(
            "clean_record",
            _both(N_("disqualifiers not declared"), CLEAN_RULE),
            N_(
                "Does any of these apply to the company: unpaid national or local taxes, closure,"
                " rehabilitation or bankruptcy, default with a financial institution?"
            ),
        )
    if not found:
        return _pass(
            "clean_record",
            _both(N_("no disqualifier declared"), CLEAN_RULE),
        )
    terms = [Term("disqualifier", d) for d in found]
    detail = _both(N_("{found} applies", found=terms), CLEAN_RULE)
    if set(found) <= CLEARABLE:
        return _fail(
            "clean_record", detail, N_("{found} — clear it first", found=terms), CLEARABLE_DISTANCE
        )
    return _fail("clean_record", detail, N_("{found} — not eligible while it lasts", found=terms))


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
assert tuple(CRITERIA) == CRITERIA_KEYS, "every eligibility key needs a criterion, in order"

# Contract v2 §4.1: besides the table's criteria, a program's conditions may be a rule with
# alternatives (ANY); a file that encodes no firm condition gets CONDITIONS, which is unknown for
# everyone ("read the announcement"); a file that states with a source that every manufacturer
# may apply gets OPEN_TO_ALL, which passes.
ANY, CONDITIONS, OPEN_TO_ALL = "any", "conditions", "open_to_all"


@dataclass(frozen=True)
class Condition:
    """One condition of a program as the engine checks it: a criterion of the table with its
    rule, a rule with alternatives (`ANY`: alternatives of (criterion, rule) pairs), or one of
    `CONDITIONS` and `OPEN_TO_ALL`. Weak ones ask to confirm where they fail."""

    criterion: str
    rule: Any
    weak: bool = False
    source: str | None = None

    def reads(self) -> tuple[str, ...]:
        """The criteria whose facts it reads, in table order."""
        if self.criterion == ANY:
            names = {name for alternative in self.rule for name, _ in alternative}
            return tuple(n for n in CRITERIA if n in names)
        return (self.criterion,) if self.criterion in CRITERIA else ()


_CONDITIONS: dict[int, tuple[Eligibility, tuple[Condition, ...]]] = {}  # id: (rules, theirs)


def conditions_of(rules: Eligibility) -> tuple[Condition, ...]:
    """A program's conditions in the order they are shown: the table's keys, then its
    `[[eligibility.rules]]`, then `OPEN_TO_ALL`, or `CONDITIONS` where none is firm. Made once
    per program's rules (a batch asks for them once per applicant); the rules are kept beside
    them, so that an id is never taken for another's."""
    known = _CONDITIONS.get(id(rules))
    if known is not None and known[0] is rules:
        return known[1]
    if len(_CONDITIONS) >= 4096:  # catalogs made and dropped (tests make thousands)
        _CONDITIONS.clear()
    found = _conditions_of(rules)
    _CONDITIONS[id(rules)] = (rules, found)
    return found


def _conditions_of(rules: Eligibility) -> tuple[Condition, ...]:
    found = [Condition(name, getattr(rules, name)) for name in rules.given()]
    for rule in rules.rules:
        if rule.any is not None:
            alternatives = tuple(
                tuple((name, getattr(alternative, name)) for name in alternative.given())
                for alternative in rule.any
            )
            found.append(Condition(ANY, alternatives, rule.weak, rule.source))
        else:
            found += [
                Condition(name, getattr(rule, name), rule.weak, rule.source)
                for name in rule.given()
            ]
    if rules.open_to_all is not None:
        found.append(Condition(OPEN_TO_ALL, rules.open_to_all.source))
    elif not any(not c.weak for c in found):
        found.append(Condition(CONDITIONS, bool(found)))  # rule: whether weak ones were given
    return tuple(found)


READ_THE_CALL = N_(
    "Read the conditions on who may apply in the announcement: does the company meet them?"
)


def check(facts: Facts, condition: Condition) -> Check:
    """One condition's outcome for one company."""
    name = condition.criterion
    if name == CONDITIONS:
        detail = (N_("only conditions from weak or single sources are known for this program")
                  if condition.rule else N_("no condition on who may apply is known for this"
                                            " program"))  # fmt: skip
        return _unknown(CONDITIONS, detail, READ_THE_CALL)
    if name == OPEN_TO_ALL:
        detail = N_("every manufacturer may apply, as its source states ({source})",
                    source=condition.rule)  # fmt: skip
        return Check(OPEN_TO_ALL, "pass", detail, source=condition.rule)
    check_of = _any if name == ANY else CRITERIA[name].check
    found = check_of(facts, condition.rule)
    if not condition.weak:
        return found if condition.source is None else replace(found, source=condition.source)
    return _weakened(found, condition.source)


def _weakened(found: Check, source: str | None) -> Check:
    """A check of a weak condition: a fail asks to confirm, and is no near miss."""
    detail = N_("{detail} (weak or single source)", detail=found.detail)
    question = found.question
    if found.outcome == "fail":
        question = N_("Check in the announcement whether it requires this; as given, the company"
                      " does not meet it: {detail}", detail=found.detail)  # fmt: skip
    return replace(found, detail=detail, question=question, weak=True, source=source,
                   flip=None, distance=None, near=False)  # fmt: skip


def _any(facts: Facts, alternatives: tuple) -> Check:
    """A rule with alternatives: passes when one alternative passes (all of its checks do),
    fails when every one fails, else unknown. A fail names the easiest alternative to meet."""
    checked = tuple(
        tuple(CRITERIA[name].check(facts, rule) for name, rule in alternative)
        for alternative in alternatives
    )
    outcomes = [_all(alternative) for alternative in checked]
    detail = N_("one of: {alternatives}", alternatives=Joined(
        [Joined([c.detail for c in alternative], " + ") for alternative in checked], " | "))  # fmt: skip
    if "pass" in outcomes:
        return Check(ANY, "pass", detail, alternatives=checked)
    if "unknown" in outcomes:
        asked = [c.question for alt, outcome in zip(checked, outcomes, strict=True)
                 if outcome == "unknown" for c in alt if c.question is not None]  # fmt: skip
        question = asked[0] if len(asked) == 1 else Joined(dict.fromkeys(asked), " / ")
        return Check(ANY, "unknown", detail, question=question, alternatives=checked)
    easiest = _easiest(checked)
    if not easiest:  # no alternative the company can change
        return Check(ANY, "fail", detail, alternatives=checked)
    first = [c for c in easiest[0] if c.outcome == "fail"]
    distance = (
        sum(c.distance for c in first) if all(c.distance is not None for c in first) else None
    )
    near = len(first) == 1 and first[0].near
    ways = [Joined([c.flip or c.detail for c in alt if c.outcome == "fail"], " + ")
            for alt in easiest]  # fmt: skip
    flip = N_("meet one of the alternatives; the nearest: {flip}", flip=Joined(ways, " / "))
    return Check(ANY, "fail", detail, flip, distance=distance, near=near, alternatives=checked)


def _all(checks: tuple[Check, ...]) -> str:
    outcomes = {c.outcome for c in checks}
    return "fail" if "fail" in outcomes else "unknown" if "unknown" in outcomes else "pass"


def _easiest(alternatives: tuple[tuple[Check, ...], ...]) -> list[tuple[Check, ...]]:
    """The failing alternatives a company can most easily meet, all equally near: every fail of
    them changeable, fewest fails, then the smallest distance (unmeasured last); none where no
    alternative can be changed."""
    changeable = [
        alternative
        for alternative in alternatives
        if all(CRITERIA[c.criterion].changeable for c in alternative if c.outcome == "fail")
    ]

    def cost(alternative: tuple[Check, ...]) -> tuple:
        fails = [c for c in alternative if c.outcome == "fail"]
        measured = all(c.distance is not None for c in fails)
        return (len(fails), not measured, sum(c.distance or 0 for c in fails) if measured else 0)

    if not changeable:
        return []
    best = min(cost(alternative) for alternative in changeable)
    return [alternative for alternative in changeable if cost(alternative) == best]


def changeable(found: Check) -> bool:
    """Whether a failing check is one the company can change (contract §4.2): its criterion's,
    or for a rule with alternatives, whether one alternative can be met."""
    if found.criterion == ANY:
        return found.flip is not None
    criterion = CRITERIA.get(found.criterion)
    return criterion is not None and criterion.changeable


def settles(found: Check) -> tuple[str, ...]:
    """The facts that would settle an open check, as criterion names (`CONDITIONS`: the
    announcement's conditions): the policy view counts firms by them."""
    if found.outcome == "fail" and found.weak:
        return (CONDITIONS,)
    if found.outcome != "unknown":
        return ()
    if found.criterion == ANY:
        return tuple(dict.fromkeys(
            c.criterion for alternative in found.alternatives for c in alternative
            if c.outcome == "unknown"))  # fmt: skip
    return (found.criterion,)


def run_checks(facts: Facts, rules: Eligibility) -> tuple[Check, ...]:
    return tuple(check(facts, condition) for condition in conditions_of(rules))


# The facts each criterion reads besides its rule: the profile's fields, and of `Facts` the size
# (given or derived), whether it was derived, and the date (`OF_FACTS`). The same facts give the
# same check: `Remembered` keeps checks by them, and the batch engine decides by them.
READS: dict[str, tuple[str, ...]] = {
    "regions": ("region", "district", "area"),
    "districts": ("region", "district", "area"),
    "sizes": ("size", "size_derived"),
    "employees": ("employees",),
    "revenue_krw": ("revenue_krw",),
    "ksic": ("ksic",),
    "exclude_ksic": ("ksic",),
    "sf_level": ("sf_level",),
    "age_years": ("founded", "as_of"),
    "root": ("root_certified", "processes"),
    "processes_any": ("processes",),
    "prior_required": ("prior", "as_of"),
    "prior_excluded": ("prior", "as_of"),
    "clean_record": ("disqualifiers",),
}
assert tuple(READS) == CRITERIA_KEYS, "every criterion names the facts it reads"
OF_FACTS = frozenset({"size", "size_derived", "as_of"})


def reads(condition: Condition) -> tuple[str, ...]:
    """The facts a condition reads (`READS`), each once, in one order."""
    return tuple(sorted({fact for name in condition.reads() for fact in READS[name]}))


class Remembered:
    """What one catalog's programs gave for the same facts: each condition's check, kept by the
    facts it reads, and (`kept`) the parts of a score, kept by what they are made of. A list of
    applicants meets the same place, KSIC code, level, size or needs thousands of times, and
    each is made once for them (tests hold them equal to those made anew). At most `LIMIT` of
    each are kept; a full memory starts again."""

    LIMIT = 50_000

    def __init__(self) -> None:
        self._checks: dict[tuple, tuple[Condition, Check]] = {}
        self._reads: dict[int, tuple[Condition, tuple[str, ...]]] = {}
        self._made: dict[Hashable, Any] = {}
        self._verdicts: dict[tuple, tuple[Any, tuple[Check, ...], Any]] = {}

    def kept(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """What `make` gives, made once for `key`, which must name all it depends on."""
        found = self._made.get(key, _NOTHING)
        if found is _NOTHING:
            if len(self._made) >= self.LIMIT:
                self._made.clear()
            found = self._made[key] = make()
        return found

    def verdict(self, program: Any, checks: tuple[Check, ...], make: Callable[[], Any]) -> Any:
        """What `make` gives of a program's checks, made once for the same checks (these
        very objects, which `run` keeps)."""
        key = (id(program), *map(id, checks))
        found = self._verdicts.get(key)
        if (found is not None and found[0] is program
                and all(map(operator.is_, found[1], checks))):  # fmt: skip
            return found[2]
        made = make()
        if len(self._verdicts) >= self.LIMIT:
            self._verdicts.clear()
        self._verdicts[key] = (program, checks, made)
        return made

    def run(self, facts: Facts, rules: Eligibility) -> tuple[Check, ...]:
        """`run_checks`, each check made once for the facts it reads."""
        return tuple(self.check(facts, condition) for condition in conditions_of(rules))

    def check(self, facts: Facts, condition: Condition) -> Check:
        known = facts.keys
        key = (id(condition), *[known[name] if name in known else _fact(facts, name)
                                for name in self._read(condition)])  # fmt: skip
        found = self._checks.get(key)
        if found is not None and found[0] is condition:
            return found[1]
        made = check(facts, condition)
        if len(self._checks) >= self.LIMIT:
            self._checks.clear()
        self._checks[key] = (condition, made)
        return made

    def _read(self, condition: Condition) -> tuple[str, ...]:
        found = self._reads.get(id(condition))
        if found is None or found[0] is not condition:
            if len(self._reads) >= self.LIMIT:
                self._reads.clear()
            found = self._reads[id(condition)] = (condition, reads(condition))
        return found[1]


_NOTHING = object()


def _fact(facts: Facts, name: str) -> object:
    """A fact's value as a key (a list as a tuple), kept in `facts.keys`."""
    if name in OF_FACTS:
        value = getattr(facts, name)
    else:
        value = getattr(facts.profile, name)
        if type(value) is list:
            value = tuple(value)
    facts.keys[name] = value
    return value
