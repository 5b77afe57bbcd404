"""The roadmap (`sfmatch.roadmap.plan`): cases worked out by hand in tests/roadmap/*.toml, run
through the real loaders on small catalogs; the invariants on every shipped profile against the
shipped catalog, over dates (Hypothesis) and on random catalogs; the Korean texts."""

from __future__ import annotations

import ast
import datetime as dt
import random
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sfmatch.catalog import Catalog, load_catalog
from sfmatch.engine import recommend, window_state
from sfmatch.loader import load_profile
from sfmatch.models import Profile, Program
from sfmatch.roadmap import (
    CHAINED,
    PROJECT_MONTHS,
    Roadmap,
    add_months,
    first_accepting,
    plan,
)
from sfmatch.vocab import LEVELS, NEEDS, REGIONS

ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = Path(__file__).parent / "roadmap"
PROFILES = sorted((ROOT / "profiles").glob("*.toml"))
CASE_KEYS = {
    "name",
    "profile",
    "drop",
    "drop_profile",
    "program_changes",
    "as_of",
    "horizon_months",
    "steps",
    "beside",
    "never",
    "notes",
    "why",
}
STEP_KEYS = {"stage", "program", "status", "start", "after"}


# -- the invariants every roadmap keeps ------------------------------------------------------


def check_invariants(roadmap: Roadmap, rec, catalog: Catalog, horizon_months: int) -> None:
    """What any roadmap must satisfy, whatever the firm and catalog."""
    assert roadmap.as_of == rec.as_of
    assert roadmap.until == add_months(rec.as_of, horizon_months)
    steps = roadmap.steps
    assert [s.order for s in steps] == list(range(1, len(steps) + 1))
    # ordered by start, steps without a start last
    keys = [(s.start is None, s.start or dt.date.min) for s in steps]
    assert keys == sorted(keys), "steps are not ordered by start"
    results = {r.program: r for r in rec.results}
    seen: dict[str, object] = {}
    for step in steps:
        assert step.stage in NEEDS.codes
        assert step.why, f"step {step.order} says nothing about why"
        if step.program is None:  # a gap: nothing to apply for
            assert step.start is None and step.window is None and step.after == ()
            assert step.status is None
            continue
        program = catalog.get(step.program)
        result = results[step.program]
        assert program is not None and step.stage in program.covers
        assert result.current, f"{step.program} is not a current edition"
        assert step.name == program.name and step.name_ko == program.name_ko
        # every step it waits for is an earlier step
        for earlier in step.after:
            assert earlier in seen, f"{step.program} waits for {earlier}, not an earlier step"
        # never ineligible, except through the chain of an earlier step's family
        if result.status == "ineligible":
            assert step.status == CHAINED
            fails = {c.criterion for c in result.checks if c.outcome == "fail"}
            assert fails == {"prior_required"}
            required = program.eligibility.prior_required or []
            families = {catalog.get(a).family_id for a in step.after} | set(step.after)
            assert families & set(required), f"{step.program}: no earlier step of {required}"
        else:
            assert step.status == result.status
        # timing: within the plan, accepting on its start, after what it waits for
        if step.start is not None:
            assert rec.as_of <= step.start <= roadmap.until, f"{step.program} {step.start}"
            assert step.window == window_state(program.window, step.start)
            assert step.window.accepting
            for earlier in step.after:
                before = seen[earlier]
                assert before is not None, f"{step.program} dated after an undated step"
                assert step.start >= add_months(before, PROJECT_MONTHS)
        else:
            assert step.window == window_state(program.window, rec.as_of)
        seen[step.program] = step.start
        # what goes beside it: open to the firm (or through the chain), never a step itself
        for aside in step.beside:
            assert aside.role in ("cofunding", "financing", "maintenance", "consulting")
            assert aside.role in catalog.get(aside.program).covers
            assert results[aside.program].current
            assert aside.why
            if results[aside.program].status == "ineligible":
                fails = {c.criterion for c in results[aside.program].checks if c.outcome == "fail"}
                assert fails == {"prior_required"}
    planned = [s.program for s in steps if s.program]
    assert len(planned) == len(set(planned)), "a program is planned twice"
    families = [catalog.get(p).family_id for p in planned]
    assert len(families) == len(set(families)), "a family is planned twice"
    asides = {a.program for s in steps for a in s.beside}
    assert not asides & set(planned), "a step's program is also beside a step"


# -- cases worked out by hand --------------------------------------------------------------


def _cases():
    for path in sorted(CASES_DIR.glob("*.toml")):
        scenario = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in scenario["cases"]:
            yield pytest.param(scenario, case, id=f"{path.stem}: {case['name']}")


def _setup(tmp_path: Path, scenario: dict, case: dict) -> tuple[Catalog, Profile]:
    folder = tmp_path / "programs"
    folder.mkdir()
    defaults = scenario.get("program_defaults", {})
    changes = case.get("program_changes", {})
    assert set(changes) <= {p["id"] for p in scenario["programs"]}, "unknown program changed"
    for program in scenario["programs"]:
        if program["id"] in case.get("drop", []):
            continue
        data = {**defaults, **program, **changes.get(program["id"], {})}
        (folder / f"{program['id']}.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    profile = {**scenario["base_profile"], **case.get("profile", {})}
    for key in case.get("drop_profile", []):
        profile.pop(key)
    path = tmp_path / "company.toml"
    path.write_text(tomli_w.dumps(profile), encoding="utf-8")
    return load_catalog(folder), load_profile(path)


@pytest.mark.parametrize(("scenario", "case"), list(_cases()))
def test_case(tmp_path, scenario, case):
    assert set(case) <= CASE_KEYS, f"unknown case keys {set(case) - CASE_KEYS}"
    catalog, profile = _setup(tmp_path, scenario, case)
    as_of = case.get("as_of", scenario["as_of"])
    horizon = case.get("horizon_months", 24)
    rec = recommend(profile, catalog, as_of)
    roadmap = plan(rec, profile, catalog, horizon)
    check_invariants(roadmap, rec, catalog, horizon)

    got = [
        {
            "stage": s.stage,
            "program": s.program or "",
            "status": s.status,
            "start": s.start or "none",
            "after": list(s.after),
        }
        for s in roadmap.steps
    ]
    wanted = []
    for step in case["steps"]:
        assert set(step) <= STEP_KEYS, f"unknown step keys {set(step) - STEP_KEYS}"
        wanted.append({"status": None, **step})
    assert got == wanted

    by_program = {s.program: s for s in roadmap.steps if s.program}
    for program, asides in case.get("beside", {}).items():
        assert [a.program for a in by_program[program].beside] == asides, program
    everywhere = {s.program for s in roadmap.steps} | {
        a.program for s in roadmap.steps for a in s.beside
    }
    for program in case.get("never", []):
        assert program in {p.id for p in catalog.programs}, f"{program} is not in the catalog"
        assert program not in everywhere, f"{program} is planned"
    notes = [str(n) for n in roadmap.notes]
    for text in case.get("notes", []):
        assert any(text in n for n in notes), f"no note with {text!r} in {notes}"
    for program, texts in case.get("why", {}).items():
        why = [str(w) for w in by_program[program].why]
        for text in texts:
            assert any(text in w for w in why), f"{program}: no reason with {text!r} in {why}"


# -- the shipped catalog and profiles -----------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog(ROOT / "programs")


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    return {p.stem: load_profile(p) for p in PROFILES}


def test_there_are_profiles_to_plan():
    assert len(PROFILES) >= 5


@pytest.mark.parametrize("as_of", ["2025-03-01", "2026-03-02", "2026-11-27", "2027-08-05"])
@pytest.mark.parametrize("horizon", [12, 24])
def test_every_shipped_profile_plans(shipped, profiles, as_of, horizon):
    day = dt.date.fromisoformat(as_of)
    for name, profile in profiles.items():
        rec = recommend(profile, shipped, day)
        roadmap = plan(rec, profile, shipped, horizon)
        check_invariants(roadmap, rec, shipped, horizon)
        assert roadmap.steps or roadmap.notes, f"{name}: an empty plan says nothing"
        assert roadmap == plan(rec, profile, shipped, horizon), f"{name}: not deterministic"


def test_a_shipped_firm_with_a_prior_build_gets_after_care_now_and_no_build(shipped, profiles):
    """bitnara-coating: level basic, a 2019 government build, needs after-care."""
    profile = profiles["bitnara-coating"]
    rec = recommend(profile, shipped, dt.date(2026, 11, 27))
    roadmap = plan(rec, profile, shipped)
    first = roadmap.steps[0]
    assert (first.stage, first.program, first.start) == (
        "maintenance",
        "kr-kosmes-sf-as-2021",
        dt.date(2026, 11, 27),
    )
    assert "construction" not in {s.stage for s in roadmap.steps}
    assert any("already done" in str(n) for n in roadmap.notes)


def test_a_shipped_firm_at_level_none_starts_with_a_level_check(shipped, profiles):
    profile = profiles["dodam-sheetmetal"]
    rec = recommend(profile, shipped, dt.date(2026, 11, 27))
    steps = plan(rec, profile, shipped).steps
    assert [s.stage for s in steps[:2]] == ["level-assessment", "construction"]
    assert steps[0].program == "kr-mss-sf-level-check"
    # after-care is open to it only through the build: beside the build, waiting for it
    care = [a for a in steps[1].beside if a.role == "maintenance"]
    assert care and all("assumed" in str(care[0].why) for _ in care)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    day=st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
    name=st.sampled_from(
        [
            "dodam-sheetmetal",
            "hanul-precision",
            "arin-circuit",
            "noeul-optics",
            "hanmaru-autoparts",
            "cheolmae-casting",
        ]
    ),
    horizon=st.integers(1, 36),
)
def test_invariants_hold_on_any_day(shipped, profiles, day, name, horizon):
    profile = profiles[name]
    rec = recommend(profile, shipped, day)
    check_invariants(plan(rec, profile, shipped, horizon), rec, shipped, horizon)


# -- random catalogs -------------------------------------------------------------------------


def _random_catalog(rng: random.Random) -> Catalog:
    windows = [
        None,
        {"recurs": "yearly"},
        {"opens": dt.date(2026, 2, 1), "closes": dt.date(2026, 3, 20)},
        {"opens": dt.date(2025, 4, 1), "closes": dt.date(2025, 4, 30), "recurs": "yearly"},
        {"opens": dt.date(2026, 9, 1), "closes": dt.date(2026, 9, 30), "recurs": "yearly"},
        {"closes": dt.date(2025, 6, 1)},
        {"opens": dt.date(2026, 1, 5), "recurs": "yearly"},
    ]
    stages = [
        "level-assessment",
        "construction",
        "upgrade",
        "ai",
        "maintenance",
        "cofunding",
        "financing",
        "consulting",
        "data",
    ]
    programs = []
    for n in range(14):
        family = rng.choice(["fam-a", "fam-b", "fam-c", None, None])
        eligibility = {
            "sf_level": {"min": rng.choice(LEVELS.codes[:3])} if rng.random() < 0.2 else None,
            "prior_required": rng.sample(["fam-a", "fam-b", "fam-build"], rng.randint(1, 2))
            if rng.random() < 0.3
            else None,
            "sizes": ["micro"] if rng.random() < 0.15 else None,
            "clean_record": True if rng.random() < 0.3 else None,
        }
        data = {
            "id": f"p{n:02d}-{2025 + rng.randint(0, 1)}",
            "family": family,
            "name": f"Program {n}",
            "operator": "test",
            "scope": "central",
            "covers": rng.sample(stages, rng.randint(1, 2)),
            "source": "generated",
            "verified": dt.date(2026, 1, 1),
            "window": rng.choice(windows),
            "funding": {"max_krw": 10**8, "gov_share": 0.5} if rng.random() < 0.6 else None,
            "eligibility": {k: v for k, v in eligibility.items() if v is not None},
        }
        programs.append(Program.model_validate({k: v for k, v in data.items() if v is not None}))
    return Catalog(root=None, programs=tuple(sorted(programs, key=lambda p: p.id)))  # type: ignore[arg-type]


def _random_profile(rng: random.Random) -> Profile:
    data = {
        "name": "Random Co.",
        "region": rng.choice(REGIONS.codes),
        "ksic": "C25",
        "employees": rng.choice([5, 30]),
        "sf_level": rng.choice([*LEVELS.codes, None]),
        "needs": rng.choice([None, [], rng.sample(NEEDS.codes, rng.randint(1, 4))]),
        "prior": rng.choice(
            [None, [], [{"program": rng.choice(["fam-a", "fam-build"]), "year": 2022}]]
        ),
        "disqualifiers": rng.choice([None, []]),
    }
    return Profile.model_validate({k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize("seed", range(60))
def test_invariants_hold_on_random_catalogs(seed):
    rng = random.Random(seed)
    catalog = _random_catalog(rng)
    profile = _random_profile(rng)
    day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 3 * 365))
    horizon = rng.choice([6, 12, 24])
    rec = recommend(profile, catalog, day)
    check_invariants(plan(rec, profile, catalog, horizon), rec, catalog, horizon)


# -- small pieces ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2026-08-31", 6, "2027-02-28"),
        ("2026-11-27", 24, "2028-11-27"),
        ("2026-12-15", 1, "2027-01-15"),
        ("2026-03-02", 0, "2026-03-02"),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize(
    ("window", "day", "expected"),
    [
        (None, "2026-05-01", ("2026-05-01", "now")),
        ({"recurs": "yearly"}, "2026-05-01", (None, "unannounced")),
        ({"opens": "2026-06-01", "closes": "2026-06-30"}, "2026-05-01", ("2026-06-01", "opens")),
        ({"opens": "2026-06-01", "closes": "2026-06-30"}, "2026-06-10", ("2026-06-10", "now")),
        ({"opens": "2026-06-01", "closes": "2026-06-30"}, "2026-07-01", (None, "closed")),
        (
            {"opens": "2025-06-01", "closes": "2025-06-30", "recurs": "yearly"},
            "2026-07-01",
            ("2027-06-01", "projected"),
        ),
        (
            {"opens": "2025-06-01", "closes": "2025-06-30", "recurs": "yearly"},
            "2026-06-15",
            ("2026-06-15", "now"),
        ),  # inside last year's dates projected: expected open
        ({"closes": "2025-01-06", "recurs": "yearly"}, "2025-02-01", (None, "closed")),
    ],
)
def test_first_accepting(window, day, expected):
    from sfmatch.models import Window

    shaped = (
        None
        if window is None
        else Window.model_validate(
            {k: dt.date.fromisoformat(v) if k != "recurs" else v for k, v in window.items()}
        )
    )
    found = first_accepting(shaped, dt.date.fromisoformat(day))
    start = dt.date.fromisoformat(expected[0]) if expected[0] else None
    assert found == (start, expected[1])


def test_horizon_must_be_positive(shipped, profiles):
    profile = profiles["dodam-sheetmetal"]
    rec = recommend(profile, shipped, dt.date(2026, 3, 2))
    with pytest.raises(ValueError, match="horizon_months"):
        plan(rec, profile, shipped, 0)


def test_the_module_imports_no_interface_library():
    code = "import sys, sfmatch.roadmap; print(sorted(m for m in ('typer', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    tree = ast.parse((ROOT / "src/sfmatch/roadmap.py").read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not {n for n in names if n.split(".")[0] in ("typer", "rich")}


# -- Korean texts ----------------------------------------------------------------------------


def test_every_reason_a_plan_gives_has_a_korean_text(shipped, profiles):
    """The messages a real plan makes are said in Korean, with their values filled in."""
    for profile in profiles.values():
        rec = recommend(profile, shipped, dt.date(2026, 11, 27))
        roadmap = plan(rec, profile, shipped)
        said = [
            *roadmap.notes,
            *(w for s in roadmap.steps for w in s.why),
            *(w for s in roadmap.steps for a in s.beside for w in a.why),
        ]
        for msg in said:
            korean = msg.say("ko")
            assert re.search("[가-힣]", korean) and "{" not in korean, (msg.id, korean)


def test_roadmap_command_in_both_languages_and_as_json(cli):
    profile = ROOT / "profiles" / "dodam-sheetmetal.toml"
    korean = cli("roadmap", profile, "--as-of", "2026-11-27", "--lang", "ko")
    assert korean.code == 0, korean.err
    assert "단계별 지원사업 로드맵 (2026-11-27 ~ 2028-11-27)" in korean.out
    assert "1. 2026-11-27 · 수준확인" in korean.out and "kr-mss-sf-level-check" in korean.out
    english = cli("roadmap", profile, "--as-of", "2026-11-27", "--lang", "en")
    assert "roadmap from 2026-11-27 to 2028-11-27" in english.out
    assert "1. 2026-11-27 · level check" in english.out
    data = cli(
        "roadmap", profile, "--as-of", "2026-11-27", "--format", "json", "--lang", "ko"
    ).json()
    first = data["steps"][0]
    # the level check's conditions are not in the research: a step to confirm (v2 §4.1)
    assert (first["stage"], first["stage_label"], first["status"]) == (
        "level-assessment", "수준확인", "needs-info")  # fmt: skip
    assert first["start"] == "2026-11-27" and first["window"] == "rolling"
    assert data["lang"] == "ko" and data["until"] == "2028-11-27"
    builds = [s for s in data["steps"] if s["stage"] == "construction"]
    assert builds and {a["role"] for a in builds[0]["beside"]} >= {"cofunding", "maintenance"}
    short = cli("roadmap", profile, "--as-of", "2026-11-27", "--months", "3", "--format", "json")
    assert all(s["start"] is None or s["start"] <= "2027-02-27" for s in short.json()["steps"])
    assert cli("roadmap", profile, "--months", "0").code == 2
