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
