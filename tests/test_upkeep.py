"""Keeping the catalog true (issue 21): `programs stale` says what to re-check, oldest first."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from sfmatch.catalog import load_catalog
from sfmatch.upkeep import stale

from conftest import ROOT

PROGRAMS = ROOT / "programs"


def _verified() -> dict[str, dt.date]:
    return {p.id: p.verified for p in load_catalog(PROGRAMS).programs}


@pytest.mark.parametrize(("as_of", "days"), [("2026-12-05", 365), ("2026-12-05", 30),
                                             ("2026-11-01", 0), ("2027-06-30", 365)])  # fmt: skip
def test_stale_lists_exactly_the_programs_older_than_the_days_oldest_first(cli, as_of, days):
    run = cli("programs", "stale", "--as-of", as_of, "--days", str(days), "--format", "json",
              "--programs", PROGRAMS)  # fmt: skip
    assert run.code == 0, run.err  # a report, not a failure
    data = run.json()
    assert (data["as_of"], data["days"]) == (as_of, days)
    day = dt.date.fromisoformat(as_of)
    want = {i for i, v in _verified().items() if (day - v).days > days}
    got = [p["program"] for p in data["programs"]]
    assert set(got) == want and len(got) == len(want)
    keys = [(p["verified"], p["program"]) for p in data["programs"]]
    assert keys == sorted(keys)
    for p in data["programs"]:
        assert p["age_days"] == (day - dt.date.fromisoformat(p["verified"])).days > days
        assert p["source"] and p["family"] and p["window"] in {
            "rolling", "open", "closing-soon", "closed", "upcoming", "unannounced",
            "expected-open"}  # fmt: skip


def test_stale_on_a_fixed_date_names_the_17_of_2025(cli, tmp_path):
    out = tmp_path / "stale.csv"
    run = cli("programs", "stale", "--as-of", "2026-12-05", "-o", out, "--programs", PROGRAMS)
    assert run.code == 0 and "wrote" in run.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 17 and {r["verified"] for r in rows} == {"2025-11-01"}
    assert list(rows[0]) == ["program", "family", "verified", "age_days", "source", "url",
                             "window", "window_opens", "window_closes"]  # fmt: skip
    assert all(r["age_days"] == "399" for r in rows)


def test_stale_as_a_table_in_korean_and_when_nothing_is_old(cli):
    run = cli("programs", "stale", "--as-of", "2026-12-05", "--lang", "ko",
              "--programs", PROGRAMS)  # fmt: skip
    assert run.code == 0
    assert "399일 전" in run.out and "다시 확인" in run.out
    fresh = cli("programs", "stale", "--as-of", "2025-11-02", "--programs", PROGRAMS)
    assert fresh.code == 0 and "every program was verified within 365 days" in fresh.out


def test_stale_refuses_a_negative_day_count(cli):
    run = cli("programs", "stale", "--days", "-1")
    assert run.code == 2 and "--days" in run.err


def test_the_engine_gives_the_same_objects_the_renderers_show():
    catalog = load_catalog(PROGRAMS)
    found = stale(catalog.programs, dt.date(2026, 12, 5))
    assert len(found) == 17 and found == sorted(found, key=lambda s: (s.verified, s.program))
    assert stale(catalog.programs, dt.date(2026, 12, 5), days=10_000) == []


# --- a maintainer's scenarios: `validate --scenarios` ----------------------------------------

CHECKS = ROOT / "checks"


def test_the_shipped_scenarios_hold_for_the_shipped_catalog(cli):
    run = cli("validate", "--scenarios", CHECKS, "--programs", PROGRAMS)
    assert run.code == 0, run.err
    assert "checked 4 cases: 22 expectations hold, 0 changed" in run.err


def test_an_edited_program_shows_which_expectations_changed(cli, tmp_path):
    import shutil

    programs = tmp_path / "programs"
    shutil.copytree(PROGRAMS, programs)
    path = programs / "central" / "kr-kosmes-sf-as-2021.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('max_krw = "2,000만"',
                                                             'max_krw = "1,500만"'),
                    encoding="utf-8")  # fmt: skip
    run = cli("validate", "--scenarios", CHECKS, "--programs", programs)
    assert run.code == 1
    assert "checked 4 cases: 20 expectations hold, 2 changed" in run.err  # support and own share
    assert ("한울정밀: 유지보수 (A/S): kr-kosmes-sf-as-2021.estimated_support_krw: expected "
            "20,000,000, now 15,000,000") in run.err  # fmt: skip
    korean = cli("validate", "--scenarios", CHECKS, "--programs", programs, "--lang", "ko")
    assert "기대 20,000,000, 지금 15,000,000" in korean.err


def test_every_problem_of_the_scenario_files_is_said_before_running(cli, tmp_path):
    folder = tmp_path / "checks"
    folder.mkdir()
    (folder / "a.toml").write_text(
        "as_of = 2026-12-05\nextra = 1\n"
        '[[cases]]\nname = "x"\nprofile = "missing.toml"\n'
        '[[cases]]\nname = "y"\nprofile = { name = "가", region = "인천", ksic = "C25" }\n'
        '[cases.expect.kr-nope]\nstatus = "eligible"\n'
        '[cases.expect.kr-kosmes-sf-as-2021]\nstauts = "eligible"\n'
        'estimated_support_krw = "lots"\n'
        '[cases.gaps]\nmaintenance = "gone"\n',
        encoding="utf-8",
    )
    (folder / "b.toml").write_text('[[cases]]\nname = "z"\nprofile = {}\n', encoding="utf-8")
    (folder / "c.toml").write_text(  # tables where values go, values where tables go
        "as_of = 2026-12-05\ncases = [1]\n", encoding="utf-8"
    )
    (folder / "d.toml").write_text(
        'as_of = 2026-12-05\n[[cases]]\nname = "w"\nprofile = { name = "가", region = "인천",'
        ' ksic = "C25" }\ngaps = "x"\n[cases.expect]\nkr-kosmes-sf-as-2021 = "eligible"\n',
        encoding="utf-8",
    )
    run = cli("validate", "--scenarios", folder, "--programs", PROGRAMS)
    assert run.code == 1 and "internal error" not in run.err
    errors = [x for x in run.err_lines if x.startswith("error: ")]
    for said in ("unknown key 'extra'", "cannot read the profile", "no program 'kr-nope'",
                 "unknown key 'stauts'", "cannot read amount 'lots'", "unknown gap kind 'gone'",
                 "no as_of date", "cases[1]: expected a table, got 1",
                 "cases[1].gaps: expected a table, got 'x'",
                 "expect.kr-kosmes-sf-as-2021: expected a table, got 'eligible'"):  # fmt: skip
        assert any(said in e for e in errors), (said, errors)
    assert "checked" not in run.err  # nothing ran
    empty = tmp_path / "none"
    empty.mkdir()
    assert cli("validate", "--scenarios", empty).code == 1
    assert cli("validate", "--scenarios", tmp_path / "nowhere").code == 1


def test_a_profile_that_cannot_be_read_names_its_case(cli, tmp_path):
    folder = tmp_path / "checks"
    folder.mkdir()
    (folder / "a.toml").write_text(
        'as_of = 2026-12-05\n[[cases]]\nname = "도매상"\n'
        'profile = { name = "가", region = "인천", ksic = "46102" }\n'
        '[cases.expect.kr-kosmes-sf-as-2021]\nstatus = "eligible"\n',
        encoding="utf-8",
    )
    run = cli("validate", "--scenarios", folder, "--programs", PROGRAMS)
    assert run.code == 1
    assert "도매상: ksic: KSIC '46102' is not a manufacturing code" in run.err, run.err
