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
    for r in rec.results:
        outcomes = [c.outcome for c in r.checks]
        fails = [c for c in r.checks if c.outcome == "fail"]
        # §4.1 status
        expected = "ineligible" if fails else "needs-info" if "unknown" in outcomes else "eligible"
        assert r.status == expected
        # §4.2 near miss
        assert r.near_miss == (len(fails) == 1 and fails[0].criterion not in UNCHANGEABLE)
        assert (r.flip is not None) == r.near_miss
        # §4.6 score
        assert (r.score is None) == (r.status == "ineligible")
        if r.score is not None:
            assert 0 <= r.score <= 100
            assert r.score == round(sum(c.points for c in r.components), 1)
        # §5 covers: the program's covered needs that the company also needs
        assert set(r.covers) == set(by_id[r.program].covers) & set(needs)
        # §4.5 money
        funding = by_id[r.program].funding
        cap = funding.max_krw if funding else None
        share = funding.gov_share if funding else None
        budget = profile.project_budget_krw
        if budget is not None and share is not None:
            support = min(cap, round(share * budget)) if cap is not None else round(share * budget)
            assert r.money.estimated_support_krw == support
            assert r.money.self_share_krw == budget - support
        elif budget is None:
            assert r.money.estimated_support_krw == cap
        if r.money.cofunding_short is not None:
            assert r.money.cofunding_short == (profile.cofunding_krw < r.money.self_share_krw)
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
