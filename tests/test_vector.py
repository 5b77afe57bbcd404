"""The batch engine must give exactly what `recommend` gives, projected to a batch table.

`vector.BatchEngine` restates parts of §4 as array operations; these tests hold its outlines
equal to `outline(recommend(...))` on every example profile with the real catalog, and on seeded
random catalogs and companies whose numbers (revenue, budgets, cash, founding dates) are drawn
wide, so that rounding, money and age edges are met, not only the round values of examples.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest
from test_invariants import AS_OF, random_program

from sfmatch.catalog import Catalog, load_catalog
from sfmatch.engine import recommend
from sfmatch.loader import load_profile
from sfmatch.models import Funding, Profile, Program
from sfmatch.results import Decided, outline
from sfmatch.sizing import tables
from sfmatch.vector import BatchEngine, _round_tenths
from sfmatch.vocab import DISQUALIFIERS, LEVELS, NEEDS, PROCESSES, REGIONS, SIZES

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = ["유지보수", "AI", "예지보전", "MES", "자동화", "데이터", "탄소", "로봇", "품질검사"]
# Places old and new, as people write them: today's districts, divided ones (with and without a
# 동), and the merged region, so that both engines judge rules by area alike.
PLACES = [
    *((code, None) for code in REGIONS.codes),
    ("incheon", "namdong"), ("incheon", "bupyeong"), ("incheon", "서구"), ("incheon", "중구"),
    ("인천", "중구 운서동"), ("인천", "동구"), ("인천", "제물포구"), ("인천", "검단구"),
    ("광주광역시", None), ("전라남도", None), ("전라남도", "나주시"), ("광주", "광산구"),
    ("전남광주통합특별시", None), ("전남광주통합특별시", "목포시"),
]  # fmt: skip
# Size derivation's edges, under both tables of the law (the caps changed on 2025-09-01)
CAPS = sorted({cap for t in tables() for cap in (*t.sme.values(), *t.small.values())})
GOALS = ["", "설비 유지보수 비용 절감", "AI 비전 품질검사", "MES 고도화와 데이터 수집", "자도화"]


def _examples() -> list[Profile]:
    return [load_profile(p) for p in sorted((ROOT / "profiles").glob("*.toml"))]


@pytest.mark.parametrize("top", [None, 1, 3])
def test_examples_equal_recommend(top):
    catalog = load_catalog(ROOT / "programs")
    profiles = _examples()
    for as_of in (dt.date(2026, 3, 2), dt.date(2025, 6, 1), dt.date(2026, 11, 23)):
        engine = BatchEngine(catalog, as_of)
        got = engine.outlines(profiles, top)
        for profile, outlined in zip(profiles, got, strict=True):
            assert outlined == outline(recommend(profile, catalog, as_of), top), profile.name


def _program(rng: random.Random, n: int) -> Program:
    data = random_program(rng, n)
    if rng.random() < 0.4:  # editions of one family: only the current one is shown
        data["family"] = rng.choice(["fam-a", "fam-b"])
    rules = data.setdefault("eligibility", {})
    extra = {
        "districts": rng.choice(
            [
                ["incheon/namdong", "incheon/bupyeong"],
                ["incheon/jung"],
                ["incheon/seo", "incheon/jemulpo"],
            ]
        ),
        "exclude_ksic": ["C10"],
        "processes_any": rng.sample(PROCESSES.codes, 2),
        "employees": {"min": rng.choice([5, 10]), "max": rng.choice([49, 299])},
        "age_years": {"min": 3, "max": rng.choice([7, 20])},
        "prior_excluded": {"programs": ["fam-build"], "within_years": 5, "max_uses": 3},
        "sf_level": {"max": rng.choice(LEVELS.codes[1:])},
        "revenue_krw": {"min": 10**9, "max": rng.choice([12 * 10**9, 30 * 10**9])},
    }
    for name, rule in extra.items():
        if rng.random() < 0.15 and "open_to_all" not in rules:
            rules[name] = rule
    if "districts" in rules:
        rules.pop("regions", None)
    elif rng.random() < 0.2 and "open_to_all" not in rules:  # old regions keep their land
        rules["regions"] = rng.sample(["gwangju", "jeonnam", "jeonnam-gwangju", "non-capital"], 2)
    if rng.random() < 0.6:
        data["keywords"] = rng.sample(KEYWORDS, rng.randint(1, 4))
    else:
        data["summary"] = "스마트공장 유지보수와 데이터 활용을 지원"
    return Program.model_validate(data)


def _profile(rng: random.Random) -> Profile:
    def maybe(value, p: float = 0.7):
        return value if rng.random() < p else None

    region, district = rng.choice(PLACES)
    data = {
        "name": "Random Co.",
        "region": region if district is None or rng.random() < 0.5 else f"{region} {district}",
        "district": maybe(district, 0.5),
        "ksic": rng.choice(["C25", "C29", "C2511", "C10", "C30", "C34", "C22"]),
        "employees": rng.randint(0, 400),
        "revenue_krw": maybe(
            rng.choice([rng.randint(10**8, 2 * 10**11), *CAPS, *(c + 1 for c in CAPS)])
        ),
        "founded": maybe(dt.date.fromordinal(rng.randint(726000, 739300))),
        "size": maybe(rng.choice(SIZES.codes), 0.2),
        "sf_level": maybe(rng.choice(LEVELS.codes)),
        "root_certified": maybe(rng.choice([True, False])),
        "processes": maybe(rng.choice([[], rng.sample(PROCESSES.codes, 2)])),
        "needs": maybe(rng.sample(NEEDS.codes, rng.randint(0, 5)), 0.85),
        "goals": maybe(rng.choice(GOALS[1:]), 0.5),
        "industry": maybe("자동차 부품", 0.2),
        "project_budget_krw": maybe(rng.choice([0, rng.randint(10**6, 10**9)])),
        "cofunding_krw": maybe(rng.choice([rng.randint(0, 2 * 10**7), rng.randint(0, 5 * 10**8)])),
        "prior": maybe(
            [
                {
                    "program": rng.choice(["fam-build", "p01", "p03"]),
                    "year": rng.randint(2018, 2026),
                }
                for _ in range(rng.randint(0, 4))
            ]
        ),
        "disqualifiers": maybe(rng.choice([[], [rng.choice(DISQUALIFIERS.codes)]])),
    }
    if data["employees"] % 5 == 0:  # a fifth with no head count, as registries give (drawn from
        data["employees"] = None  # no new random number: the other cases stay what they were)
    return Profile.model_validate({k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize("seed", range(12))
def test_random_cases_equal_recommend(seed):
    rng = random.Random(seed)
    programs = tuple(_program(rng, n) for n in range(14))
    catalog = Catalog(root=None, programs=tuple(sorted(programs, key=lambda p: p.id)))  # type: ignore[arg-type]
    profiles = [_profile(rng) for _ in range(300)]
    top = rng.choice([None, 3])
    got = BatchEngine(catalog, AS_OF).outlines(profiles, top)
    statuses, kinds = set(), set()
    for profile, outlined in zip(profiles, got, strict=True):
        rec = recommend(profile, catalog, AS_OF)
        expected = outline(rec, top)
        assert outlined == expected, profile.model_dump(exclude_none=True)
        statuses |= {r.status for r in rec.results if r.current and r.status != "ineligible"}
        kinds |= {kind for _, kind in expected.gaps}
    # The cases reach what they are meant to compare.
    assert statuses == {"eligible", "needs-info"} and len(kinds) >= 2, (statuses, kinds)


def test_chunks_do_not_leak_into_each_other():
    """Memos carry over between chunks; a chunk's outlines must not depend on the one before."""
    catalog = load_catalog(ROOT / "programs")
    profiles = _examples()
    engine = BatchEngine(catalog, AS_OF)
    together = engine.outlines(profiles, 3)
    fresh = BatchEngine(catalog, AS_OF)
    apart = [o for p in reversed(profiles) for o in fresh.outlines([p], 3)][::-1]
    assert together == apart


def test_scores_round_as_python_rounds():
    """x * 10 rounds differently from round(x, 1) next to halves: 0.35 is 0.34999... (→ 0.3)."""
    rng = random.Random(7)
    values = [0.35, 0.25, 2.675, 57.45, 99.95, 0.05, 12.5, 33.349999999999994]
    values += [rng.randint(0, 10000) / 100 for _ in range(2000)]
    values += [rng.random() * 100 for _ in range(2000)]
    tenths = _round_tenths(np.array(values)).tolist()
    assert [t / 10 for t in tenths] == [round(v, 1) for v in values]


@pytest.mark.parametrize("remembered", [50_000, 5])
def test_term_set_finds_what_mentions_finds(monkeypatch, remembered):
    """Relevance in batch looks for every catalog term at once; same strengths as `mentions`,
    whether the words' fuzzy scores are remembered or forgotten between texts."""
    import sfmatch.text
    from sfmatch.scoring import relevance_terms
    from sfmatch.text import TermSet, mentions

    monkeypatch.setattr(sfmatch.text, "NEAR_WORDS_LIMIT", remembered)

    catalog = load_catalog(ROOT / "programs")
    terms = list(dict.fromkeys(t for p in catalog.programs for t in relevance_terms(p)))
    terms += ["a1", "3D", "ai", "자동화", "유지보수"]
    term_set = TermSet(terms)
    rng = random.Random(11)
    words = [*GOALS, "자도화 설비", "유지 보수", "AI비전", "detail", "a1 라인", "a 1", "스마트 공장",
             "예지보전", "MES고도화", "에너지절감", "공정자동와", "A/S", "3d 프린팅", "ＡＩ",
             "로보트", "advancedsmartfactorwxyz", "advancedsmartfactorxy"]  # fmt: skip
    texts = [" ".join(rng.sample(words, rng.randint(1, 4))) for _ in range(400)]
    fuzzy_hits = 0
    for text in texts:
        found = term_set.mentioned(text)
        expected = {t: s for t in terms if (s := mentions(text, t)) > 0}
        assert found == expected, text
        fuzzy_hits += any(0 < s < 1 for s in expected.values())
    assert fuzzy_hits > 10  # the fuzzy way is met, not only literal mentions


def test_numbers_past_64_bits_are_scored_the_exact_way():
    """A typo like 99999999999999999999999 won does not fit the arrays; such companies (or all,
    with such a catalog) are scored by `recommend` itself, in their place in the chunk."""
    catalog = load_catalog(ROOT / "programs")
    profiles = _examples()
    typo = profiles[0].model_copy(update={"revenue_krw": 10**23, "employees": 10**20})
    chunk = [profiles[1], typo, profiles[2]]
    got = BatchEngine(catalog, AS_OF).outlines(chunk, 3)
    assert got == [outline(recommend(p, catalog, AS_OF), 3) for p in chunk]

    rng = random.Random(3)
    programs = [_program(rng, n) for n in range(6)]
    # (files cannot give such a cap any more: amounts past 1,000조 are refused; the engine's
    # exact way stays as a safety net)
    funding = Funding.model_construct(max_krw=10**21, gov_share=0.5, slots=None, budget_krw=None)
    programs[0] = programs[0].model_copy(update={"funding": funding})
    huge = Catalog(root=None, programs=tuple(sorted(programs, key=lambda p: p.id)))  # type: ignore[arg-type]
    engine = BatchEngine(huge, AS_OF)
    assert engine.huge_catalog
    people = [_profile(rng) for _ in range(20)]
    assert engine.outlines(people, None) == [outline(recommend(p, huge, AS_OF)) for p in people]


def test_recommending_only_the_shown_programs_says_what_the_whole_says():
    """Batch JSON evaluates only the programs the batch engine shows, those covering the needs
    and those a matching one is estimated on; with what the batch engine decided (`decided`:
    the programs each firm is ineligible for, the program each matching one rests on), fewer
    still. Each result shown and each gap must be what the whole `recommend` gives, field for
    field (reasons, money, matched program)."""
    matched = checked = fewer = 0
    for seed in range(8):
        rng = random.Random(1000 + seed)
        programs = tuple(_program(rng, n) for n in range(14))
        catalog = Catalog(root=None, programs=tuple(sorted(programs, key=lambda p: p.id)))  # type: ignore[arg-type]
        profiles = [_profile(rng) for _ in range(200)]
        top = rng.choice([None, 1, 3])
        engine = BatchEngine(catalog, AS_OF)
        outlines = engine.outlines(profiles, top)
        decided = engine.decided(len(profiles))
        for profile, outlined, known in zip(profiles, outlines, decided, strict=True):
            whole = recommend(profile, catalog, AS_OF)
            shown = [r for r in whole.results if r.status != "ineligible" and r.current][:top]
            asked = ([line.program for line in outlined.results],
                     [need for need, _kind in outlined.gaps])  # fmt: skip
            some = recommend(profile, catalog, AS_OF, *asked)
            least = recommend(profile, catalog, AS_OF, *asked, known)
            for part in (some, least):
                assert [r for r in part.results if r.status != "ineligible" and r.current][
                    :top
                ] == shown
                assert part.gaps == whole.gaps and part.company == whole.company
            assert {r.program for r in least.results} <= {r.program for r in some.results}
            checked += len(whole.results) - len(some.results)
            fewer += len(some.results) - len(least.results)
            matched += sum(1 for r in shown if r.money.matched)
    # the cases reach what they are meant to compare: matched programs, and programs left out
    assert matched and checked and fewer, (matched, checked, fewer)


def test_what_the_batch_engine_decided_is_what_recommend_finds():
    """`decided`: the programs each firm is ineligible for are those `recommend` finds
    ineligible (older editions with them), and each matching program rests on the program
    `recommend` estimates it on; after a chunk scored partly the exact way, nothing."""
    catalog = load_catalog(ROOT / "programs")
    rng = random.Random(5)
    profiles = [_profile(rng) for _ in range(300)]
    engine = BatchEngine(catalog, AS_OF)
    engine.outlines(profiles, 3)
    rested = 0
    for profile, known in zip(profiles, engine.decided(len(profiles)), strict=True):
        whole = recommend(profile, catalog, AS_OF)
        assert known.ineligible == {
            r.program for r in whole.results if r.status == "ineligible" or not r.current
        }
        on = {r.program: r.money.matched for r in whole.results
              if catalog.get(r.program).funding and catalog.get(r.program).funding.matches}  # fmt: skip
        assert known.estimated_on == on
        rested += sum(1 for p in on.values() if p)
    assert rested  # the case reaches a matching program that rests on another
    typo = profiles[0].model_copy(update={"revenue_krw": 10**23})
    engine.outlines([typo, profiles[1]], 3)
    assert engine.decided(2) == [Decided(), Decided()]
