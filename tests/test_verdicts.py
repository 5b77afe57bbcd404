"""Contract v2 §4.1 and §4.5 as properties, over catalogs and companies Hypothesis draws:

- `eligible` rests on a firm condition that passed; a program with no firm condition is never
  eligible; a weak condition never refuses;
- a grant's support and own share are of the funded project, never more than the budget, and
  the support never more than the cap;
- the batch engine says what `recommend` says, weak rules and alternatives and matching included.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_invariants import AS_OF, random_profile, random_program

from sfmatch.catalog import Catalog
from sfmatch.engine import recommend
from sfmatch.models import Profile, Program
from sfmatch.results import CREDIT, outline
from sfmatch.vector import BatchEngine

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A seed draws a whole catalog and company (the generators of test_invariants), so that a
# failure is reproduced by its seed alone.
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


def _catalog(rng: random.Random, size: int = 10) -> Catalog:
    programs = tuple(Program.model_validate(random_program(rng, n)) for n in range(size))
    return Catalog(root=None, programs=tuple(sorted(programs, key=lambda p: p.id)))  # type: ignore[arg-type]


@SETTINGS
@given(SEEDS)
def test_eligible_only_on_a_firm_condition_that_passed(seed):
    rng = random.Random(seed)
    catalog = _catalog(rng)
    rec = recommend(Profile.model_validate(random_profile(rng)), catalog, AS_OF)
    for r in rec.results:
        program = catalog.get(r.program)
        if r.status == "eligible":
            assert any(c.outcome == "pass" and not c.weak for c in r.checks), r.checks
        assert not any(c.weak and c.blocks for c in r.checks)  # weak never refuses
        rules = program.eligibility
        firm = rules.given() or rules.open_to_all or any(not x.weak for x in rules.rules)
        if not firm:
            assert r.status != "eligible"
        if r.status == "ineligible":
            assert any(c.blocks for c in r.checks)


@SETTINGS
@given(SEEDS)
def test_a_grant_pays_within_the_budget_and_the_cap(seed):
    rng = random.Random(seed)
    catalog = _catalog(rng)
    profile = Profile.model_validate(random_profile(rng))
    budget = profile.project_budget_krw
    for r in recommend(profile, catalog, AS_OF).results:
        m = r.money
        funding = catalog.get(r.program).funding
        if m.kind in CREDIT:
            assert m.estimated_support_krw is None and m.self_share_krw is None
            continue
        if m.estimated_support_krw is not None and funding and funding.max_krw is not None:
            assert m.estimated_support_krw <= funding.max_krw
        if m.self_share_krw is not None:
            assert m.self_share_krw >= 0
            assert m.estimated_support_krw + m.self_share_krw == m.project_krw
            if budget is not None:
                assert m.project_krw <= budget  # the funded project is never more than it
        if m.estimated_support_krw is not None and budget is not None and m.basis != "matched":
            assert m.estimated_support_krw <= budget


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SEEDS, st.sampled_from([None, 1, 3]))
def test_batch_says_what_recommend_says(seed, top):
    rng = random.Random(seed)
    catalog = _catalog(rng, 12)
    profiles = [Profile.model_validate(random_profile(rng)) for _ in range(25)]
    got = BatchEngine(catalog, AS_OF).outlines(profiles, top)
    for profile, outlined in zip(profiles, got, strict=True):
        assert outlined == outline(recommend(profile, catalog, AS_OF), top)


def _program(tmp_path, name: str, body: str):
    path = tmp_path / "programs" / f"{name}.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(f'id = "{name}"\nname = "x"\noperator = "o"\nscope = "central"\n'
                    f'covers = ["ai"]\nsource = "s"\nverified = 2026-11-01\n{body}',
                    encoding="utf-8")  # fmt: skip
    return path


@pytest.mark.parametrize(
    ("body", "warning"),
    [
        ('[eligibility]\nopen_to_all = { source = "notice: 제조업 누구나" }\n',
         "states that every manufacturer may apply (notice: 제조업 누구나)"),
        ("", "encodes no condition on who may apply, so it is needs-info for every firm"),
        ('[eligibility]\nksic = ["C"]\n', "its only firm condition, KSIC C, every manufacturer"),
        ('[eligibility]\nsizes = ["small"]\n', None),
        ('[eligibility]\nsizes = ["small"]\n[funding]\ngov_share = 0.2\nmatches = ["kr-nowhere"]\n',
         "matches kr-nowhere, which no program checked here is"),
        ('[eligibility]\nsizes = ["small"]\n[funding]\ngov_share = 0.2\nmatches = ["t-warn"]\n',
         None),
        ('[[eligibility.rules]]\nsource = "[W]"\nweak = true\nsizes = ["small"]\n', None),
    ],
)  # fmt: skip
def test_validate_warns_where_a_person_should_read_the_conditions(cli, tmp_path, body, warning):
    path = _program(tmp_path, "t-warn", body)
    run = cli("validate", path, "--lang", "en")
    assert run.code == 0, run.err
    said = [line for line in run.err_lines if line.startswith(f"warning: {path}")]
    if warning is None:
        assert not said, said
    else:
        assert len(said) == 1 and warning in said[0], run.err


def test_programs_list_region_reads_firm_rules_and_alternatives_not_weak_ones(tmp_path):
    from sfmatch.engine import open_to_region
    from sfmatch.loader import load_program

    weak = _program(tmp_path, "t-weak", '[[eligibility.rules]]\nsource = "[W]"\nweak = true\n'
                    'regions = ["jeonbuk"]\n')  # fmt: skip
    either = _program(tmp_path, "t-either", '[[eligibility.rules]]\nsource = "item 4"\nany = ['
                      '{ regions = ["busan"] }, { districts = ["gyeongbuk/gumi"] }]\n')  # fmt: skip
    firm = _program(tmp_path, "t-firm", '[[eligibility.rules]]\nsource = "item 6"\n'
                    'regions = ["jeonnam"]\n')  # fmt: skip
    weak, either, firm = (load_program(p) for p in (weak, either, firm))
    assert open_to_region(weak, "incheon")  # a weak rule never refuses
    assert open_to_region(either, "busan") and open_to_region(either, "gyeongbuk")
    assert not open_to_region(either, "incheon")
    assert open_to_region(firm, "jeonnam") and not open_to_region(firm, "incheon")


@SETTINGS
@given(SEEDS)
def test_a_need_only_programs_to_confirm_cover_is_never_said_covered(seed):
    """Each stated need is a gap, covered for sure (an eligible current program, not closed,
    its own share within the cash), or `unconfirmed`: covered only once questions are answered."""
    rng = random.Random(seed)
    rec = recommend(Profile.model_validate(random_profile(rng)), _catalog(rng), AS_OF)
    gapped = {g.need for g in rec.gaps}
    for need in rec.company.needs or ():
        sure = [r for r in rec.results if r.current and r.status == "eligible"
                and need in r.covers and r.window.status != "closed"
                and r.money.cofunding_short is not True]  # fmt: skip
        kinds = (need in gapped) + bool(sure) + (need in rec.unconfirmed)
        assert kinds == 1, need  # a gap, sure, or to confirm: one of the three
        if need in rec.unconfirmed:
            assert any(r.current and r.status == "needs-info" and need in r.covers
                       for r in rec.results)  # fmt: skip
