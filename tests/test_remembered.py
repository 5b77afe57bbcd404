"""What a catalog remembers (criteria.Remembered: checks by the facts they read, score parts,
windows and money by what they are made of) must change no answer: a catalog that has scored
thousands of other companies, on other dates, answers each company exactly as a fresh one."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from test_vector import _profile, _program

from sfmatch.catalog import Catalog
from sfmatch.criteria import READS, Remembered, conditions_of, run_checks
from sfmatch.engine import company_view, recommend
from sfmatch.records import CRITERIA_KEYS
from sfmatch.results import Decided

DATES = (dt.date(2026, 3, 2), dt.date(2025, 6, 1), dt.date(2027, 1, 15))


def _catalog(programs) -> Catalog:
    return Catalog(root=None, programs=programs)  # type: ignore[arg-type]


@pytest.mark.parametrize("limit", [Remembered.LIMIT, 7])
@pytest.mark.parametrize("seed", range(6))
def test_a_catalog_that_remembers_answers_as_a_fresh_one(seed, limit, monkeypatch):
    monkeypatch.setattr(Remembered, "LIMIT", limit)  # a full memory starts again
    rng = random.Random(seed)
    programs = tuple(sorted((_program(rng, n) for n in range(14)), key=lambda p: p.id))
    shared = _catalog(programs)
    for _ in range(150):
        profile, as_of = _profile(rng), rng.choice(DATES)
        fresh = recommend(profile, _catalog(programs), as_of)
        assert recommend(profile, shared, as_of) == fresh
        shown = [r.program for r in fresh.results[:3]]
        gapped = [g.need for g in fresh.gaps]
        everything = {r.program: r for r in fresh.results}.items()
        part = recommend(profile, shared, as_of, shown, gapped)
        assert {r.program: r for r in part.results}.items() <= everything
        assert part.gaps == fresh.gaps and part.results[:3] == fresh.results[:3]
        # as a batch asks: the programs its engine found the firm ineligible for read only
        # where a gap names them
        out = {r.program for r in fresh.results if r.status == "ineligible" or not r.current}
        least = recommend(profile, shared, as_of, shown, gapped, Decided(frozenset(out)))
        assert {r.program: r for r in least.results}.items() <= everything
        assert least.gaps == fresh.gaps and least.results[:3] == fresh.results[:3]
        named = {p for g in fresh.gaps for p in g.programs}
        assert {r.program for r in least.results} <= set(shown) | named | {
            r.program for r in least.results if r.status != "ineligible"
        }


def test_a_check_is_kept_by_every_fact_it_reads(monkeypatch):
    """Each criterion reads only the facts READS names: changing any other field of a profile
    never changes its check (else the memory would answer with another company's check)."""
    assert tuple(READS) == CRITERIA_KEYS
    rng = random.Random(7)
    programs = tuple(_program(rng, n) for n in range(14))
    catalog = _catalog(programs)
    profiles = [_profile(rng) for _ in range(200)]
    remembered = Remembered()
    for profile in profiles:
        as_of = rng.choice(DATES)
        company = company_view(profile, as_of)
        from sfmatch.criteria import Facts

        facts = Facts(profile, company.size, company.size_derived, as_of, catalog.family_of,
                      catalog.family_name)  # fmt: skip
        for program in programs:
            assert remembered.run(facts, program.eligibility) == run_checks(
                facts, program.eligibility
            ), (program.id, profile)
    kept = len(remembered._checks)
    made = sum(len(conditions_of(p.eligibility)) for p in programs) * len(profiles)
    assert kept < made / 2  # the memory is used: most checks were found, not made


def test_a_result_made_at_once_equals_one_made_by_its_constructor():
    from dataclasses import fields

    from sfmatch.results import Result

    rng = random.Random(11)
    catalog = _catalog(tuple(_program(rng, n) for n in range(6)))
    for profile in (_profile(rng) for _ in range(30)):
        for made in recommend(profile, catalog, DATES[0]).results:
            again = Result(**{f.name: getattr(made, f.name) for f in fields(Result)})
            assert made == again and made.__dict__ == again.__dict__
    with pytest.raises(AssertionError):
        Result.made(program="p00")  # every field, or none
