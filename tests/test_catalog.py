"""The shipped catalog and example profiles: well-formed, sourced, and pinned to their results.

`tests/examples/expected.json` pins each example company's top results, near misses and gaps against
the shipped catalog as of a fixed date, so a catalog edit that changes a recommendation shows up as a
test diff. Regenerate it deliberately with SFMATCH_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from sfmatch import vocab
from sfmatch.catalog import load_catalog, program_files
from sfmatch.criteria import conditions_of
from sfmatch.engine import recommend
from sfmatch.loader import load_profile, load_program
from sfmatch.models import Profile

from conftest import ROOT

PROGRAMS = ROOT / "programs"
PROFILES = sorted((ROOT / "profiles").glob("*.toml"))
PINNED = Path(__file__).parent / "examples" / "expected.json"
AS_OF = dt.date(2026, 3, 2)
CATALOG = load_catalog(PROGRAMS)


def test_catalog_size_and_layout():
    assert len(CATALOG.programs) >= 25
    for path in program_files(PROGRAMS):  # what-if scenarios are not part of the catalog
        program = CATALOG.get(path.stem)
        assert program is not None, f"{path}: file name must be the program id"
        folder = path.relative_to(PROGRAMS).parts[0]
        assert folder in ("central", "incheon"), path
        assert program.scope == ("central" if folder == "central" else "local"), path
        if folder == "incheon":
            assert program.eligibility.regions == ["incheon"], path
    local = [p for p in CATALOG.programs if p.scope == "local"]
    assert len(local) >= 8


def test_every_program_is_sourced_dated_and_unique():
    ids = [p.id for p in CATALOG.programs]
    assert len(ids) == len(set(ids))
    for program in CATALOG.programs:
        assert program.source.strip(), program.id
        assert isinstance(program.verified, dt.date), program.id
        assert program.name_ko and program.summary and program.keywords, program.id


def _known_gaps_in_readme() -> set[str]:
    text = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    section = text.split("### Known gaps of the catalog", 1)[1].split("\n#", 1)[0]
    return set(re.findall(r"`([a-z-]+)`", section)) & set(vocab.NEEDS.codes)


def test_the_catalog_page_is_made_from_the_catalog():
    """docs/catalog.md's table is what docs/make_catalog_table.py makes of programs/ now."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make", ROOT / "docs" / "make_catalog_table.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)  # type: ignore[union-attr]
    text = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    assert make.current(text) == text, "run: python docs/make_catalog_table.py"
    rows = re.findall(r"^\| `([a-z0-9-]+)` \|", text, flags=re.M)
    assert sorted(rows) == sorted(p.id for p in CATALOG.programs)


def test_every_need_is_covered_or_listed_as_a_known_gap():
    covered = {need for p in CATALOG.programs for need in p.covers}
    missing = set(vocab.NEEDS.codes) - covered
    assert missing <= _known_gaps_in_readme(), f"uncovered and not in the README: {missing}"


def test_programs_the_issue_names_are_encoded_as_the_sources_say():
    by_family = {p.family_id: p for p in CATALOG.programs}
    assert "maintenance" in by_family["kr-kosmes-sf-as"].covers
    assert by_family["kr-kosmes-sf-as"].eligibility.prior_required
    uses = [c for c in conditions_of(by_family["kr-kosmes-innovation-voucher"].eligibility)
            if c.criterion == "prior_excluded"]  # fmt: skip
    # stated for 2025, carried over to 2026: a weak rule, never a refusal
    assert [(c.rule.within_years, c.rule.max_uses, c.weak) for c in uses] == [(5, 3, True)]
    # Samsung: the partner regions limit only the 기초 track; the 고도화 track is open everywhere
    assert by_family["kr-kbiz-samsung-sf"].eligibility.regions is None
    samsung = by_family["kr-kbiz-samsung-sf-basic"].eligibility.regions
    assert "incheon" not in samsung and "gyeongnam" in samsung
    # Update of 2026-11: a loan is credit (70억 in 2019, not 100억); a priority is not a limit
    loan = CATALOG.get("kr-kosmes-smart-mfg-loan-2019").funding
    assert (loan.kind, loan.max_krw) == ("loan", 70 * 10**8)
    assert by_family["ic-root-firm-support"].eligibility.revenue_krw is None
    subscription = by_family["kr-kosmes-sf-as-subscription"].funding
    assert (subscription.max_krw, subscription.gov_share) == (7 * 10**6, 0.5)
    assert by_family["kr-semas-micro-sf"].eligibility.employees.max == 9
    assert "cofunding" in by_family["ic-city-sf-matching"].covers


def test_example_profiles_say_what_they_demonstrate():
    assert len(PROFILES) >= 8
    for path in PROFILES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# Demonstrates: "), path


def _summary(path: Path) -> dict:
    rec = recommend(load_profile(path), CATALOG, AS_OF)
    return {
        "size": rec.company.size,
        "statuses": dict(sorted(Counter(r.status for r in rec.results).items())),
        "top": [f"{r.program} {r.status} {r.score}" for r in rec.results if r.current][:3],
        "near_misses": [r.program for r in rec.near_misses],
        "gaps": [f"{g.need} {g.kind}" for g in rec.gaps],
    }


def test_examples_are_pinned_to_their_results():
    got = {path.stem: _summary(path) for path in PROFILES}
    if os.environ.get("SFMATCH_UPDATE_GOLDEN") == "1":
        PINNED.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert got == json.loads(PINNED.read_text(encoding="utf-8"))


def test_examples_exercise_every_status_near_miss_gap_kind_size_and_level():
    profiles = [load_profile(path) for path in PROFILES]
    recs = [recommend(p, CATALOG, AS_OF) for p in profiles]
    assert {r.status for rec in recs for r in rec.results} == {
        "eligible",
        "needs-info",
        "ineligible",
    }
    assert any(rec.near_misses for rec in recs)
    assert {g.kind for rec in recs for g in rec.gaps} == {"uncovered", "closed-only", "cofunding"}
    assert any(g.need == "maintenance" for rec in recs for g in rec.gaps)
    assert {rec.company.size for rec in recs} >= {"micro", "small", "medium", "midsize"}
    assert {p.sf_level for p in profiles} >= set(vocab.LEVELS.codes)
    assert {bool(p.root_certified or p.processes) for p in profiles} == {True, False}
    assert len({p.district for p in profiles if p.region == "incheon"}) >= 3
    assert any(p.region in vocab.REGION_GROUPS["non-capital"] for p in profiles)


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_every_example_recommends_through_the_cli(cli, path):
    run = cli("recommend", path, "--programs", PROGRAMS, "--as-of", AS_OF.isoformat())
    assert run.code == 0 and "Gaps" in run.out


def test_no_program_is_without_a_condition_by_accident():
    """Contract v2 §4.1: a file with no condition on who may apply is needs-info for every firm.
    Every shipped file (the what-if proposals too) states a condition, weak ones included, or
    that every manufacturer may apply, with its source."""
    for path in sorted(PROGRAMS.rglob("*.toml")):
        rules = load_program(path).eligibility
        assert rules.given() or rules.rules or rules.open_to_all, f"{path}: no condition"


LARGE = {"name": "대기업 Co.", "region": "incheon", "district": "namdong", "ksic": "C29",
         "employees": 1200, "revenue_krw": 3_000 * 10**8, "size": "large", "sf_level": "none",
         "prior": [], "disqualifiers": [], "root_certified": False, "processes": []}  # fmt: skip


def test_a_large_firm_is_eligible_for_no_sme_program():
    """The issue's 1,200-employee 대기업 at level none: every program whose firm conditions are
    for SMEs (or SMEs and 중견) refuses it, and none of the national programs is eligible; K-등대
    and the policy loans among them."""
    rec = recommend(Profile.model_validate(LARGE), CATALOG, dt.date(2026, 12, 4))
    by_id = {r.program: r for r in rec.results}
    for program in CATALOG.programs:
        firm_sizes = [c.rule for c in conditions_of(program.eligibility)
                      if c.criterion == "sizes" and not c.weak]  # fmt: skip
        if any("large" not in sizes for sizes in firm_sizes):
            assert by_id[program.id].status == "ineligible", program.id
        if program.scope == "central":
            assert by_id[program.id].status != "eligible", program.id
    for program in ("kr-mss-k-lighthouse-2022", "kr-kosmes-smart-mfg-loan-2026"):
        assert by_id[program].status != "eligible"
    # rule-less in v1, now with an inferred weak SME condition: the 대기업 is asked, not refused
    lighthouse = by_id["kr-mss-k-lighthouse-2022"]
    assert lighthouse.status == "needs-info"
    assert {c.criterion for c in lighthouse.checks if c.open} == {"sizes", "conditions"}


def test_the_registrys_large_firms_are_eligible_for_no_sme_program(cli, tmp_path):
    """FactoryOn rows 50 and 59 are 대기업 (공장크기): `batch` shows them no program whose firm
    conditions are for SMEs, and no national program as eligible."""
    out = tmp_path / "o.json"
    run = cli("batch", ROOT / "tests" / "data" / "registry" / "factoryon.xlsx", "-o", out,
              "--as-of", "2026-12-04", "--programs", PROGRAMS)  # fmt: skip
    assert run.code == 1, run.err  # the file's rejected rows, as test_registry expects
    applicants = {a["row"]: a for a in json.loads(out.read_text(encoding="utf-8"))["applicants"]}
    sme_only = {p.id for p in CATALOG.programs
                if any(c.criterion == "sizes" and not c.weak and "large" not in c.rule
                       for c in conditions_of(p.eligibility))}  # fmt: skip
    for row in (50, 59):
        large = applicants[row]
        assert large["company"]["size"] == "large"
        shown = {r["program"]: r["status"] for r in large["results"]}
        assert not sme_only & set(shown), row  # ineligible: not listed
        central = {p.id for p in CATALOG.programs if p.scope == "central"}
        assert all(status != "eligible" for p, status in shown.items() if p in central), row


def _korean_program(tmp_path: Path) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "p.toml").write_text(
        'id = "kr-test-as-2026"\nname = "Test after-care"\nname_ko = "시험 AS 지원"\n'
        'operator = "KOSMES"\nscope = "central"\ncovers = ["maintenance"]\n'
        'summary = "Repairs of smart-factory systems."\n'
        'summary_ko = "스마트공장 시스템 수리를 지원합니다."\n'
        'source = "test 2026-01-01"\nverified = 2026-11-01\n'
        'notes = ["Figures are from the 2021 edition", "Rolling (상시) application [I]"]\n'
        'notes_ko = ["2021년 공고 기준 금액입니다", "상시 접수 [I]"]\n'
        '[funding]\nmax_krw = "2,000만"\ngov_share = 0.5\n'
        '[eligibility]\nsizes = ["micro", "small", "medium", "midsize"]\n',
        encoding="utf-8",
    )
    return folder


def test_the_catalogs_korean_texts_are_shown_to_korean_readers(cli, tmp_path):
    """`summary_ko` and `notes_ko` (each note's Korean, in order) are what the Korean table,
    JSON and page show; English readers get the notes as written."""
    folder = _korean_program(tmp_path)
    profile = ROOT / "profiles" / "hanul-precision.toml"  # needs maintenance
    show = cli("programs", "show", "kr-test-as-2026", "--programs", folder, "--lang", "ko")
    assert "스마트공장 시스템 수리를 지원합니다." in show.out
    assert "2021년 공고 기준 금액입니다" in show.out and "Figures are from" not in show.out
    english = cli("programs", "show", "kr-test-as-2026", "--programs", folder, "--lang", "en")
    assert "Repairs of smart-factory systems." in english.out and "Figures are from" in english.out
    for lang, first in (
        ("ko", "2021년 공고 기준 금액입니다"),
        ("en", "Figures are from the 2021 edition"),
    ):
        run = cli("recommend", profile, "--programs", folder, "--as-of", "2026-12-01",
                  "--all", "--format", "json", "--lang", lang)  # fmt: skip
        [result] = json.loads(run.out)["results"]
        assert result["to_confirm"][:2] == [first, result["to_confirm"][1]], result["to_confirm"]
    page = tmp_path / "r.html"
    cli("report", profile, "--programs", folder, "--as-of", "2026-12-01", "--detail", "-o", page)
    assert "2021년 공고 기준 금액입니다" in page.read_text(encoding="utf-8")


def test_korean_notes_pair_with_the_notes(tmp_path):
    from sfmatch.errors import DataError

    folder = _korean_program(tmp_path)
    text = (folder / "p.toml").read_text(encoding="utf-8")
    (folder / "p.toml").write_text(text.replace(', "상시 접수 [I]"', ""), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_program(folder / "p.toml")
    assert "notes_ko has 1 notes and notes 2" in caught.value.problems[0].render()


def test_every_shipped_program_speaks_korean():
    """The contract says every shipped program has its summary and notes in Korean: each note
    its Korean text (in order, the confidence marks where they stand), each summary its own."""
    for path in sorted((ROOT / "programs").rglob("*.toml")):
        program = load_program(path)
        assert len(program.notes_ko) == len(program.notes), path.name
        assert (program.summary_ko is None) == (program.summary is None), path.name
        assert program.operator_ko and re.search(r"[가-힣]{2}", program.operator_ko), path.name
        assert program.operator.count("[I]") == program.operator_ko.count("[I]"), path.name
        for note, korean in zip(program.notes, program.notes_ko, strict=True):
            assert note.count("[I]") == korean.count("[I]"), (path.name, korean)
            assert re.search(r"[가-힣]{2}", korean), (path.name, korean)
            assert "십시오" not in korean, (path.name, korean)
