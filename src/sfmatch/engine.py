"""Matching one company against a catalog: status, window, money, score, order and gaps (§4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from sfmatch import scoring, vocab
from sfmatch.catalog import Catalog
from sfmatch.criteria import ANY, Facts, add_years, changeable, conditions_of
from sfmatch.i18n import N_, Msg, Term, catalog_notes
from sfmatch.labels import project_words
from sfmatch.records import Funding, Program, Window
from sfmatch.results import (
    CREDIT,
    STATUS_ORDER,
    Check,
    CompanyView,
    Decided,
    Gap,
    Matched,
    Money,
    Recommendation,
    Result,
    Status,
    WindowState,
)
from sfmatch.sizing import derive_size
from sfmatch.units import format_money

if TYPE_CHECKING:
    from sfmatch.models import Profile

CLOSING_SOON_DAYS = 30
STALE_AFTER_DAYS = 365
NEAR_SHOWN = 3  # the ineligible programs a gap names as the nearest
FIND = object()  # `evaluate`: find the program a matching program is estimated on


def company_view(profile: Profile, as_of: dt.date) -> CompanyView:
    if profile.size is not None:
        size, derived, notes = profile.size, False, ()
    else:
        size, notes = derive_size(profile.ksic, profile.employees, profile.revenue_krw, as_of)
        derived = size is not None
    return CompanyView(
        name=profile.name,
        region=profile.region,
        district=profile.district,
        ksic=profile.ksic,
        employees=profile.employees,
        revenue_krw=profile.revenue_krw,
        size=size,
        size_derived=derived,
        sf_level=profile.sf_level,
        needs=tuple(profile.needs) if profile.needs is not None else None,
        project_budget_krw=profile.project_budget_krw,
        cofunding_krw=profile.cofunding_krw,
        notes=notes,
    )


def window_state(window: Window | None, as_of: dt.date) -> WindowState:
    """The window on `as_of` (§4.4). A yearly program whose last known window has passed is
    projected onto later years by its dates: inside a projected window it is `expected-open`
    (by last year's dates: to confirm); otherwise closed, with the next projected opening,
    this year's while it is ahead (never a year late)."""
    if window is None:
        return WindowState("rolling")
    opens, closes = window.opens, window.closes
    if opens is None and closes is None:
        return WindowState("unannounced")
    if opens and as_of < opens:
        return WindowState("upcoming", opens, closes)
    if closes and as_of > closes:
        next_opens = None
        if window.recurs == "yearly" and opens:
            years = as_of.year - opens.year
            for k in (years - 1, years):  # a window over New Year is last year's projection
                if k >= 1 and add_years(opens, k) <= as_of <= add_years(closes, k):
                    p_opens, p_closes = add_years(opens, k), add_years(closes, k)
                    left = (p_closes - as_of).days
                    return WindowState("expected-open", p_opens, p_closes, left)
            next_opens = add_years(opens, years)
            if next_opens <= as_of:
                next_opens = add_years(opens, years + 1)
        return WindowState("closed", opens, closes, next_opens=next_opens)
    days_left = (closes - as_of).days if closes else None
    status = "closing-soon" if days_left is not None and days_left <= CLOSING_SOON_DAYS else "open"
    return WindowState(status, opens, closes, days_left)


def largest_project(funding: Funding | None) -> int | None:
    """The largest total project a program funds (contract v2 §4.5): `max_krw / gov_share`, or
    the project-cost cap it states, the smaller where both are known; None where neither is."""
    if funding is None:
        return None
    found = []
    if funding.max_krw is not None and funding.gov_share is not None:
        found.append(round(funding.max_krw / funding.gov_share))
    if funding.project_max_krw is not None:
        found.append(funding.project_max_krw)
    return min(found) if found else None


def money_for(
    funding: Funding | None,
    budget: int | None,
    cash: int | None,
    matched: Matched | None = None,
) -> Money:
    """Contract v2 §4.5, the one computation of every money figure shown.

    The funded project is the company's budget, never more than the largest project the program
    funds; with no budget it is that largest project. Support = min(`max_krw`, `gov_share` ×
    funded project); own share = funded project − support; cash short = cash < own share. A
    program that states no `gov_share` gives at most `max_krw` (never more than the project), and
    its own share is unknown; one that states neither a cap nor a project size gives an unknown
    support. A matching program (`matches`) pays its share of the own share of the program it
    matches (`matched`: the one the firm ranks first). A loan's or guarantee's `max_krw` is a
    credit limit, never support.
    """
    kind = funding.kind if funding else "grant"
    cap = funding.max_krw if funding else None
    share = funding.gov_share if funding else None
    if kind in CREDIT:
        return Money(None, None, None, kind=kind, limit_krw=cap)
    if funding is not None and funding.matches is not None:
        if matched is None:  # none of the programs it matches is open to the firm, or priced
            return Money(None, None, None, kind=kind, basis="matched")
        project, basis, upper = matched.own_krw, "matched", matched.upper
        largest = project
    else:
        largest = largest_project(funding)
        if budget is None:
            project, basis, upper = largest, "largest", True
        elif largest is not None and budget > largest:
            project, basis, upper = largest, "capped", False
        else:
            project, basis, upper = budget, "budget", False
    support = own = None
    if share is not None and project is not None and largest is not None:
        by_share = round(share * project)
        support = min(cap, by_share) if cap is not None else by_share
        own = project - support
    elif cap is not None:
        support, upper = (min(cap, project) if project is not None else cap), True
    else:
        upper = False
    short = cash < own if (cash is not None and own is not None) else None
    if project is None and basis != "matched":
        basis = None
    return Money(support, own, short, kind=kind, support_is_cap=support is not None and upper,
                 project_krw=project, basis=basis,
                 matched=matched.program if matched else None)  # fmt: skip


def matched_by(program: Program, ranked: Sequence[Result], catalog: Catalog) -> Matched | None:
    """The program a matching program is estimated on: of the programs it matches (current
    editions), the first in the firm's ranking it is not ineligible for whose own share is
    known. None where there is none."""
    funding = program.funding
    if funding is None or funding.matches is None:
        return None
    for r in ranked:
        other = catalog.get(r.program)
        if (other is not None and r.current and r.status != "ineligible"
                and matches(program, other) and r.money.self_share_krw is not None):  # fmt: skip
            return Matched(r.program, r.money.self_share_krw, r.money.support_is_cap)
    return None


def is_matching(program: Program) -> bool:
    """A matching program: it pays a share of the own share of the programs it `matches`."""
    return program.funding is not None and program.funding.matches is not None


def matches(program: Program, other: Program) -> bool:
    """Whether a matching program matches `other` (by id or family), never another matching one."""
    names = program.funding.matches if program.funding else None
    return (bool(names) and not is_matching(other)
            and (other.id in names or other.family_id in names))  # type: ignore[operator]  # fmt: skip


def evaluate(
    profile: Profile,
    company: CompanyView,
    program: Program,
    as_of: dt.date,
    catalog: Catalog,
    ranked: Sequence[Result] | None = None,
    facts: Facts | None = None,
    estimated_on: object = FIND,  # a program id, or None
) -> Result:
    """One program for one company. A matching program is estimated on the programs it matches,
    as `ranked` (the firm's other results, in order) gives them; without it they are evaluated
    here, so that `explain` and `recommend` agree; or on the program `estimated_on` names (None:
    none), as a batch engine found it. `facts`: the company's (`facts_of`), made once for all
    the programs it is checked against."""
    if facts is None:
        facts = facts_of(profile, company, as_of, catalog)
    budget, cash = profile.project_budget_krw, profile.cofunding_krw
    checks = catalog.checks.run(facts, program.eligibility)
    status, near_miss, flip, distance, near, confirm = catalog.checks.verdict(
        program, checks, lambda: _verdict(program, checks)
    )
    kept = catalog.checks.kept  # each part made once for what it is made of
    window = kept(("window_state", program.id, as_of), lambda: window_state(program.window, as_of))
    matched = None
    if is_matching(program) and estimated_on is not FIND:
        matched = _matched_on(estimated_on, budget, cash, catalog)  # type: ignore[arg-type]
    elif is_matching(program):
        if ranked is None:
            others = [p for p in catalog.programs if not is_matching(p)]
            ranked = sorted((evaluate(profile, company, p, as_of, catalog, facts=facts) for p in others),
                            key=rank_key)  # fmt: skip
        matched = matched_by(program, ranked, catalog)
    money = kept(("money", program.id, budget, cash, matched),
                 lambda: money_for(program.funding, budget, cash, matched))  # fmt: skip
    needs = list(company.needs) if company.needs is not None else None
    covered = tuple(n for n in (needs or []) if n in program.covers)
    goal_text = " ".join(t for t in (profile.goals, profile.industry) if t)
    is_root = bool(profile.root_certified or profile.processes)
    components = (
        kept(("needs", None if needs is None else tuple(needs), covered),
             lambda: scoring.needs_component(needs, covered)),
        kept(("relevance", goal_text, program.id),
             lambda: scoring.relevance_component(goal_text, program)),
        kept(("funding", money.self_share_krw, money.estimated_support_krw, money.kind, budget,
              cash), lambda: scoring.funding_component(money, budget, cash)),
        kept(("window", window), lambda: scoring.window_component(window)),
        kept(("bonus", program.id, is_root, company.size),
             lambda: scoring.bonus_component(program, is_root, company.size)),
    )  # fmt: skip
    to_confirm = confirm
    if (
        company.size_derived
        and company.notes
        and kept(
            ("reads sizes", program.id),
            lambda: any("sizes" in c.reads() for c in conditions_of(program.eligibility)),
        )
    ):
        to_confirm += company.notes
    return Result.made(
        superseded_by=catalog.superseded(as_of).get(program.id),
        program=program.id,
        name=program.name,
        name_ko=program.name_ko,
        scope=program.scope,
        status=status,
        window=window,
        score=None if status == "ineligible" else scoring.total(components),
        components=components,
        covers=covered,
        money=money,
        checks=checks,
        near_miss=near_miss,
        flip=flip,
        to_confirm=to_confirm,
        distance=distance,
        near=near,
    )


def _matched_on(program: str | None, budget: int | None, cash: int | None,
                catalog: Catalog) -> Matched | None:  # fmt: skip
    """`matched_by`'s answer where the program is known: its own share is its money's."""
    if program is None:
        return None
    other = catalog.get(program)
    assert other is not None and not is_matching(other)
    money = catalog.checks.kept(("money", other.id, budget, cash, None),
                                lambda: money_for(other.funding, budget, cash, None))  # fmt: skip
    assert money.self_share_krw is not None, "a batch engine picks a known own share"
    return Matched(other.id, money.self_share_krw, money.support_is_cap)


def facts_of(profile: Profile, company: CompanyView, as_of: dt.date, catalog: Catalog) -> Facts:
    return Facts(profile, company.size, company.size_derived, as_of, catalog.family_of,
                 catalog.family_name)  # fmt: skip


def _verdict(program: Program, checks: tuple[Check, ...]) -> tuple:
    """What a program's checks decide: (status, near miss, its flip, distance and nearness,
    what to confirm: the catalog's notes and the weak conditions that passed)."""
    status = status_of(checks)
    fails = [c for c in checks if c.blocks]
    near_miss = len(fails) == 1 and changeable(fails[0])
    flip = (fails[0].flip or fails[0].detail) if near_miss else None
    distance = fails[0].distance if near_miss else None
    near = near_miss and fails[0].near
    confirm = (*catalog_notes(program), *(N_("confirm in the announcement: {detail}", detail=c.detail)
                                 for c in checks if c.weak and c.outcome == "pass"))  # fmt: skip
    return status, near_miss, flip, distance, near, confirm


def status_of(checks: Sequence[Check]) -> Status:
    """Contract v2 §4.1: `ineligible` where a firm condition fails; `needs-info` where one is
    unknown or a weak one fails; else `eligible`. A program whose conditions are none or all
    weak has the unknown `conditions` check (`criteria.conditions_of`), so `eligible` always
    rests on a firm condition that passed."""
    if any(c.blocks for c in checks):
        return "ineligible"
    if any(c.open for c in checks):
        return "needs-info"
    return "eligible"


def open_to_region(program: Program, region: str) -> bool:
    """Whether some firm in `region` can pass the program's firm region and district conditions
    (a weak one never refuses; a rule with alternatives where one of them can pass)."""
    here = vocab.area_of(region)

    def reaches(name: str, codes: object) -> bool:
        if name not in ("regions", "districts"):
            return True
        return any(not here.isdisjoint(vocab.area_of(code)) for code in codes)  # type: ignore[attr-defined]

    for condition in conditions_of(program.eligibility):
        if condition.weak:
            continue
        if condition.criterion == ANY:
            if not any(all(reaches(n, r) for n, r in alt) for alt in condition.rule):
                return False
        elif not reaches(condition.criterion, condition.rule):
            return False
    return True


def select_programs(
    catalog: Catalog, region: str | None, need: str | None, open_on: dt.date | None
) -> list[Program]:
    """`programs list` filters: open to a region, covering a need, accepting on a date."""
    return [
        p
        for p in catalog.programs
        if (region is None or open_to_region(p, region))
        and (need is None or need in p.covers)
        and (open_on is None or window_state(p.window, open_on).accepting)
    ]


def rank_key(result: Result) -> tuple[int, float, str]:
    return (STATUS_ORDER[result.status], -(result.score or 0.0), result.program)


def recommend(
    profile: Profile,
    catalog: Catalog,
    as_of: dt.date,
    shown: Collection[str] | None = None,
    gapped: Collection[str] | None = None,
    decided: Decided | None = None,
) -> Recommendation:
    """Every program for one company, ranked, and its gaps.

    With `shown` and `gapped` (the programs a batch shows the company and the needs it finds a
    gap in, as the batch engine found them), the results are those programs, the programs
    covering those needs that a gap's words read, and, for a matching program among them, the
    programs it matches (it is estimated on the first of them the company ranks): each as it is
    among all, in the same order, for a fraction of the work; the gaps are those needs'. With
    what the batch engine `decided`: of the programs the company is ineligible for, a gap
    reads only where no other program covers its need, and then the first `NEAR_SHOWN` current
    ones by id (the near ones it names: ineligible results rank by id); a matching program is
    estimated on the program decided, without the others; no warnings (the batch says them
    once, for the list). The batch's JSON is built so; a test holds it equal to the whole."""
    company = company_view(profile, as_of)
    programs = catalog.programs
    if shown is not None:
        covering, matched = catalog.checks.kept("index", lambda: _index(programs))
        old = catalog.superseded(as_of)
        decided = decided or Decided()
        wanted, out, on = set(shown), decided.ineligible, decided.estimated_on
        for need in gapped or ():
            ids = covering.get(need, ())
            open_to_us = [p for p in ids if p not in out]
            wanted.update(open_to_us or [p for p in ids if p not in old][:NEAR_SHOWN])
        if on is None:
            for p in list(wanted):
                wanted.update(o for o in matched.get(p, ()) if o not in out)
        programs = tuple(p for p in programs if p.id in wanted)
    on = (decided.estimated_on if decided else None) or {}
    facts = facts_of(profile, company, as_of, catalog)
    first = sorted(
        (evaluate(profile, company, p, as_of, catalog, facts=facts) for p in programs
         if not is_matching(p)), key=rank_key,
    )  # fmt: skip
    matching = [evaluate(profile, company, p, as_of, catalog, first, facts, on.get(p.id, FIND))
                for p in programs if is_matching(p)]  # fmt: skip
    results = sorted(first + matching, key=rank_key)
    return Recommendation(
        as_of=as_of,
        company=company,
        results=tuple(results),
        gaps=find_gaps(company, results, catalog, None if shown is None else gapped or ()),
        # a batch says how its rows were read and that the catalog is stale once, for the list
        warnings=()
        if shown is not None
        else profile_warnings(profile, catalog) + stale_warnings(catalog, as_of),
    )


def _index(programs: Sequence[Program]) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Need → the ids of the programs covering it, in order; a matching program's id → the ids
    of the programs it matches."""
    covering: dict[str, list[str]] = {}
    for p in sorted(programs, key=lambda p: p.id):
        for need in p.covers:
            covering.setdefault(need, []).append(p.id)
    matched = {p.id: {o.id for o in programs if matches(p, o)}
               for p in programs if is_matching(p)}  # fmt: skip
    return covering, matched


def profile_warnings(profile: Profile, catalog: Catalog) -> tuple[Msg, ...]:
    """What a person should know about how the profile was read: prior programs named in
    words (or naming nothing known), and values that are hard to believe."""
    from sfmatch.plausible import doubts

    notes = [catalog.read_program(e.program).note() for e in profile.prior or ()]
    return tuple(n for n in notes if n) + tuple(doubts(profile))


def stale_warnings(catalog: Catalog, as_of: dt.date) -> tuple[Msg, ...]:
    return catalog.checks.kept(("stale", as_of), lambda: stale_programs(catalog.programs, as_of))


def stale_programs(programs: Sequence[Program], as_of: dt.date) -> tuple[Msg, ...]:
    """One warning when programs were last verified over a year before `as_of`, else none."""
    stale = [p for p in programs if (as_of - p.verified).days > STALE_AFTER_DAYS]
    if not stale:
        return ()
    oldest = min(p.verified for p in stale)
    ids = ", ".join(p.id for p in stale[:3]) + (", ..." if len(stale) > 3 else "")
    return (
        N_("{stale} of {all} programs last verified over {days} days before {as_of} (oldest"
           " {oldest}: {ids}); re-check their announcements before advising",
           stale=len(stale), all=len(programs), days=STALE_AFTER_DAYS, as_of=as_of,
           oldest=oldest, ids=ids),
    )  # fmt: skip


def find_gaps(company: CompanyView, results: list[Result], catalog: Catalog,
              only: Collection[str] | None = None) -> tuple[Gap, ...]:  # fmt: skip
    """§4.8, one gap at most per need (of the needs `only`, when given); a maintenance gap
    comes first."""
    needs = sorted(company.needs or (), key=lambda n: (n != "maintenance", vocab.NEEDS.rank(n)))
    if only is not None:
        needs = [n for n in needs if n in only]
    gaps = []
    for need in needs:
        covering = [r for r in results if r.current and need in catalog.get(r.program).covers]
        open_to_us = [r for r in covering if r.status != "ineligible"]
        label = Term("need", need)
        if not open_to_us:
            near = [r for r in covering if r.status == "ineligible"][:NEAR_SHOWN]
            detail = N_("no program you qualify for covers {need}", need=label)
            if near:
                closest = [N_("{program}: {reason}", program=r.program, reason=r.first_fail)
                           for r in near]  # fmt: skip
                detail = N_("{detail} — ineligible: {closest}", detail=detail, closest=closest)
            gaps.append(Gap(need, "uncovered", detail, tuple(r.program for r in near)))
            continue
        not_closed = [r for r in open_to_us if r.window.status != "closed"]
        if not not_closed:
            reopen = sorted(
                (r.window.next_opens, r.program) for r in open_to_us if r.window.next_opens
            )
            detail = N_("every program you qualify for that covers {need} is closed now",
                        need=label)  # fmt: skip
            if reopen:
                detail = N_("{detail}; the next is expected to open {date} ({program})",
                            detail=detail, date=reopen[0][0], program=reopen[0][1])  # fmt: skip
            gaps.append(Gap(need, "closed-only", detail, tuple(r.program for r in open_to_us)))
            continue
        if all(r.money.cofunding_short for r in not_closed):
            # the figures the table shows: the smallest own share, of its funded project
            smallest = min(not_closed, key=lambda r: (r.money.self_share_krw or 0, r.program))
            detail = N_("your cash {cash} is short of the own share of every open program"
                        " covering {need} (smallest {smallest}: {program}, {project})",
                        cash=format_money(company.cofunding_krw), need=label,
                        smallest=format_money(smallest.money.self_share_krw),
                        program=smallest.program,
                        project=project_words(smallest.money))  # fmt: skip
            gaps.append(Gap(need, "cofunding", detail, tuple(r.program for r in not_closed)))
    return tuple(gaps)


def why_not(result: Result) -> Msg:
    """Why a program does not cover a firm's need now: its first failing criterion, its closed
    window, or the own share the firm's cash falls short of; else what it still needs to know."""
    if result.status == "ineligible":
        return result.first_fail or N_("ineligible")
    if result.window.status == "closed":
        if result.window.next_opens:
            return N_("closed; next ~{date}", date=result.window.next_opens)
        return N_("closed")
    if result.money.cofunding_short:
        return N_("own share {own} is more than the cash",
                  own=format_money(result.money.self_share_krw))  # fmt: skip
    unknown = [c.criterion for c in result.checks if c.open]
    if not unknown:
        return N_("covers it")
    return N_("covers it once these are confirmed: {questions}",
              questions=[q for _c, q in result.questions])  # fmt: skip
