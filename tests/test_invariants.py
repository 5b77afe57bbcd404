"""Contract §4 on cases nobody wrote: seeded random companies and catalogs, checked against the
rules restated independently here (status, near miss, score, order, money, window, gaps)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from sfmatch.catalog import Catalog
from sfmatch.engine import recommend
from sfmatch.models import Profile, Program
from sfmatch.vocab import LEVELS, NEEDS, REGIONS, SIZES

AS_OF = dt.date(2026, 3, 2)
UNCHANGEABLE = {"regions", "districts", "ksic", "exclude_ksic"}


def _maybe(rng: random.Random, value, p: float = 0.5):
    return value if rng.random() < p else None


def random_program(rng: random.Random, n: int) -> dict:
    eligibility = {
        "regions": _maybe(rng, rng.sample(REGIONS.codes, rng.randint(1, 4)), 0.3),
        "sizes": _maybe(rng, rng.sample(SIZES.codes, rng.randint(1, 3)), 0.3),
        "employees": _maybe(rng, {"max": rng.choice([9, 49, 299])}, 0.3),
        "revenue_krw": _maybe(rng, {"max": rng.choice([10**9, 12 * 10**9, 30 * 10**9])}, 0.3),
        "ksic": _maybe(rng, [rng.choice(["C", "C25", "C29", "C2511"])], 0.3),
        "sf_level": _maybe(rng, {"min": rng.choice(LEVELS.codes[:3])}, 0.3),
        "age_years": _maybe(rng, {"min": rng.choice([1, 3, 7])}, 0.2),
        "root": _maybe(rng, True, 0.2),
        "prior_required": _maybe(rng, ["fam-build"], 0.15),
        "prior_excluded": _maybe(rng, {"programs": [f"p{n:02d}"], "within_years": 3}, 0.15),
        "clean_record": _maybe(rng, True, 0.3),
    }
    rules = []
    if rng.random() < 0.3:  # a weak condition: where it fails the firm is asked, never refused
        weak = rng.choice([
            {"sizes": rng.sample(SIZES.codes, 2)},
            {"revenue_krw": {"max": rng.choice([10**9, 12 * 10**9])}},
            {"sf_level": {"min": rng.choice(LEVELS.codes[1:3])}},
            {"regions": rng.sample(REGIONS.codes, 3)},
            {"employees": {"min": 10}},
        ])  # fmt: skip
        rules.append({"source": "generated [W]", "weak": True, **weak})
    if rng.random() < 0.3:  # alternatives: root technology or a division; a record or a level
        alternatives = rng.choice([
            [{"root": True}, {"ksic": ["C10", "C25"]}],
            [{"prior_required": ["fam-build"]}, {"sf_level": {"min": "basic"}}],
            [{"employees": {"max": 49}, "revenue_krw": {"max": 12 * 10**9}},
             {"processes_any": ["mold", "casting"]}],
            [{"regions": ["incheon"]}, {"clean_record": True, "age_years": {"min": 3}}],
        ])  # fmt: skip
        rules.append({"source": "generated", "weak": rng.random() < 0.3, "any": alternatives})
    if rules:
        eligibility["rules"] = rules
    elif rng.random() < 0.1:  # a file that states every manufacturer may apply, and no rule
        eligibility = {"open_to_all": {"source": "generated: every manufacturer may apply"}}
    window = rng.choice(
        [
            None,
            {"opens": dt.date(2026, 2, 1), "closes": dt.date(2026, 3, 20)},
            {"opens": dt.date(2026, 1, 1), "closes": dt.date(2026, 6, 30)},
            {"opens": dt.date(2025, 1, 1), "closes": dt.date(2025, 2, 1), "recurs": "yearly"},
            {"opens": dt.date(2026, 5, 1), "closes": dt.date(2026, 5, 31)},
            {"recurs": "yearly"},
        ]
    )
    funding = {
        "max_krw": _maybe(rng, rng.choice([5 * 10**6, 2 * 10**7, 2 * 10**8]), 0.7),
        "gov_share": _maybe(rng, rng.choice([0.5, 0.7, 0.9]), 0.6),
    }
    if rng.random() < 0.15:  # a matching program: a share of another program's own share
        funding["matches"] = rng.sample(["p00", "p01", "p02", "p03", "fam-a"], 2)
        funding["gov_share"] = _maybe(rng, rng.choice([0.2, 1.0]), 0.8)
    elif rng.random() < 0.2:  # a stated total-project-cost cap
        funding["project_max_krw"] = rng.choice([10**8, 4 * 10**8])
    data = {
        "id": f"p{n:02d}",
        "name": f"Program {n}",
        "operator": "test",
        "scope": "central",
        "covers": rng.sample(NEEDS.codes, rng.randint(1, 3)),
        "source": "generated",
        "verified": dt.date(2026, 1, 1),
        "window": window,
        "funding": {k: v for k, v in funding.items() if v is not None} or None,
        "eligibility": {k: v for k, v in eligibility.items() if v is not None},
    }
    return {k: v for k, v in data.items() if v is not None}


def random_profile(rng: random.Random) -> dict:
    data = {
        "name": "Random Co.",
        "region": rng.choice(REGIONS.codes),
        "ksic": rng.choice(["C25", "C29", "C2511", "C10", "C30"]),
        "employees": rng.choice([3, 9, 10, 30, 49, 50, 300]),
        "revenue_krw": _maybe(rng, rng.choice([5 * 10**8, 12 * 10**9, 13 * 10**9, 2 * 10**11])),
        "founded": _maybe(rng, rng.choice([dt.date(2000, 1, 1), dt.date(2024, 6, 1)])),
        "sf_level": _maybe(rng, rng.choice(LEVELS.codes)),
        "root_certified": _maybe(rng, rng.choice([True, False])),
        "processes": _maybe(rng, rng.choice([[], ["mold"]])),
        "needs": _maybe(rng, rng.sample(NEEDS.codes, rng.randint(0, 4)), 0.8),
        "project_budget_krw": _maybe(rng, rng.choice([5 * 10**7, 4 * 10**8])),
        "cofunding_krw": _maybe(rng, rng.choice([10**7, 3 * 10**8])),
        "prior": _maybe(rng, rng.choice([[], [{"program": "fam-build", "year": 2020}]])),
        "disqualifiers": _maybe(rng, rng.choice([[], ["tax-arrears"]])),
    }
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("seed", range(40))
def test_engine_follows_the_contract_on_random_cases(seed):
    rng = random.Random(seed)
    programs = tuple(Program.model_validate(random_program(rng, n)) for n in range(12))
    catalog = Catalog(root=None, programs=tuple(sorted(programs, key=lambda p: p.id)))  # type: ignore[arg-type]
    profile = Profile.model_validate(random_profile(rng))
    rec = recommend(profile, catalog, AS_OF)
    by_id = {p.id: p for p in programs}
    needs = list(profile.needs or [])

    assert len(rec.results) == len(programs)  # §5: every program, all statuses
    ranked_first = [r for r in rec.results if by_id[r.program].funding is None
                    or by_id[r.program].funding.matches is None]  # fmt: skip
    for r in rec.results:
        firm_fails = [c for c in r.checks if c.outcome == "fail" and not c.weak]
        open_ = [c for c in r.checks if c.outcome == "unknown" or (c.outcome == "fail" and c.weak)]
        # v2 §4.1 status: a firm fail refuses; an unknown or a failed weak condition asks
        expected = "ineligible" if firm_fails else "needs-info" if open_ else "eligible"
        assert r.status == expected
        # eligible only on a firm condition that passed
        if r.status == "eligible":
            assert any(c.outcome == "pass" and not c.weak for c in r.checks)
        rules = by_id[r.program].eligibility
        if not rules.given() and not rules.open_to_all and all(x.weak for x in rules.rules):
            assert r.status != "eligible"
            assert any(c.criterion == "conditions" for c in r.checks)
        # §4.2 near miss: one firm fail the company can change (an alternative it can meet)
        changeable = bool(firm_fails) and (
            firm_fails[0].criterion not in UNCHANGEABLE
            if firm_fails[0].criterion != "any"
            else any(all(c.criterion not in UNCHANGEABLE for c in alt if c.outcome == "fail")
                     for alt in firm_fails[0].alternatives)
        )  # fmt: skip
        assert r.near_miss == (len(firm_fails) == 1 and changeable)
        assert (r.flip is not None) == r.near_miss
        # §4.6 score
        assert (r.score is None) == (r.status == "ineligible")
        if r.score is not None:
            assert 0 <= r.score <= 100
            assert r.score == round(sum(c.points for c in r.components), 1)
        # §5 covers: the program's covered needs that the company also needs
        assert set(r.covers) == set(by_id[r.program].covers) & set(needs)
        # v2 §4.5 money, restated
        _check_money(r, by_id[r.program], profile, ranked_first, by_id)
        # §4.4 window
        window = by_id[r.program].window
        if window is None:
            assert r.window.status == "rolling"
        elif window.closes and window.closes < AS_OF:
            assert r.window.status == "closed"
        elif window.opens and window.opens > AS_OF:
            assert r.window.status == "upcoming"

    # §4.7 order
    keys = [({"eligible": 0, "needs-info": 1, "ineligible": 2}[r.status], -(r.score or 0), r.program)
            for r in rec.results]  # fmt: skip
    assert keys == sorted(keys)

    # §4.8 gaps, recomputed
    expected_gaps = {}
    for need in needs:
        candidates = [r for r in rec.results
                      if need in by_id[r.program].covers and r.status != "ineligible"]  # fmt: skip
        if not candidates:
            expected_gaps[need] = "uncovered"
        elif all(r.window.status == "closed" for r in candidates):
            expected_gaps[need] = "closed-only"
        elif all(r.money.cofunding_short for r in candidates if r.window.status != "closed"):
            expected_gaps[need] = "cofunding"
    assert {g.need: g.kind for g in rec.gaps} == expected_gaps
    if rec.gaps and any(g.need == "maintenance" for g in rec.gaps):
        assert rec.gaps[0].need == "maintenance"  # shown first, prominently


def _check_money(r, program, profile, ranked_first, by_id) -> None:
    """Contract v2 §4.5 restated: the funded project is the budget capped at the largest
    project the program funds (max / share, or its stated project cap), that largest with no
    budget; support = min(cap, share × project); own = project − support; a matching program
    on the own share of the program it matches that the firm ranks first."""
    funding = program.funding
    cap = funding.max_krw if funding else None
    share = funding.gov_share if funding else None
    budget = profile.project_budget_krw
    m = r.money
    if funding is not None and funding.matches is not None:
        matched = next((x for x in ranked_first if x.status != "ineligible" and x.current
                        and (x.program in funding.matches
                             or by_id[x.program].family_id in funding.matches)
                        and x.money.self_share_krw is not None), None)  # fmt: skip
        if matched is None:
            assert m.estimated_support_krw is None and m.matched is None
            return
        assert m.matched == matched.program
        project = largest = matched.money.self_share_krw
    else:
        limits = [round(cap / share)] if cap is not None and share is not None else []
        if funding is not None and funding.project_max_krw is not None:
            limits.append(funding.project_max_krw)
        largest = min(limits) if limits else None
        project = largest if budget is None else budget if largest is None else min(budget, largest)
    if share is not None and largest is not None:
        by_share = round(share * project)
        support = min(cap, by_share) if cap is not None else by_share
        assert (m.estimated_support_krw, m.self_share_krw) == (support, project - support)
        assert m.project_krw == project
        if budget is not None and funding.matches is None:
            assert m.estimated_support_krw + m.self_share_krw <= budget  # a grant's, within it
    elif cap is not None:
        expected = min(cap, project) if project is not None else cap
        assert m.estimated_support_krw == expected and m.support_is_cap
        assert m.self_share_krw is None
    else:
        assert m.estimated_support_krw is None and m.self_share_krw is None
    if m.cofunding_short is not None:
        assert m.cofunding_short == (profile.cofunding_krw < m.self_share_krw)


def test_random_cases_reach_every_kind_of_rule_and_money():
    """The random cases above meet what they are meant to check: weak conditions failed and
    passed, alternatives every way, rule-less and open-to-all programs, matching programs with
    and without a program to match, and a stated project cap."""
    seen = set()
    for seed in range(40):
        rng = random.Random(seed)
        programs = tuple(Program.model_validate(random_program(rng, n)) for n in range(12))
        catalog = Catalog(root=None, programs=tuple(sorted(programs, key=lambda p: p.id)))  # type: ignore[arg-type]
        rec = recommend(Profile.model_validate(random_profile(rng)), catalog, AS_OF)
        for r in rec.results:
            seen |= {(c.criterion if c.criterion in ("any", "conditions", "open_to_all")
                      else "weak" if c.weak else "firm", c.outcome) for c in r.checks}  # fmt: skip
            seen.add(("money", r.money.basis, r.money.matched is not None))
    for kind in ("any", "weak"):
        assert {(kind, o) for o in ("pass", "fail", "unknown")} <= seen, kind
    assert {("conditions", "unknown"), ("open_to_all", "pass")} <= seen
    assert {("money", "matched", True), ("money", "matched", False), ("money", "capped", False),
            ("money", "budget", False), ("money", "largest", False)} <= seen, seen  # fmt: skip
