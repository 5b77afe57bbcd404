"""Runs every scenario in tests/scenarios/: a profile (per case) against a small program set, through
the real CLI and its JSON output, compared with the expected status, near miss, window, money,
company view, order and gaps. Only keys a case names are compared; an unknown key is an error.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
import tomli_w

SCENARIO_DIR = Path(__file__).parent / "scenarios"

RESULT_KEYS = {
    "status", "near_miss", "flip", "detail", "outcomes", "window", "next_opens", "days_left",
    "estimated_support_krw", "self_share_krw", "cofunding_short", "score", "score_min",
    "score_max", "covers", "to_confirm", "superseded_by", "near", "distance", "question",
    "project_krw", "project_basis", "matched_program", "status_label", "support_is_cap",
}  # fmt: skip
CASE_KEYS = {"name", "profile", "drop", "expect", "company", "order", "gaps", "as_of", "lang"}


def _cases():
    for path in sorted(SCENARIO_DIR.glob("*.toml")):
        scenario = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in scenario["cases"]:
            yield pytest.param(scenario, case, id=f"{path.stem}: {case['name']}")


def _write(tmp_path: Path, scenario: dict, case: dict) -> tuple[Path, Path]:
    programs = tmp_path / "programs"
    programs.mkdir()
    defaults = scenario.get("program_defaults", {})
    for program in scenario["programs"]:
        text = tomli_w.dumps({**defaults, **program})
        (programs / f"{program['id']}.toml").write_text(text, encoding="utf-8")
    profile = {**scenario.get("base_profile", {}), **case.get("profile", {})}
    for key in case.get("drop", []):
        profile.pop(key)
    path = tmp_path / "company.toml"
    path.write_text(tomli_w.dumps(profile), encoding="utf-8")
    return path, programs


def _day(value):
    """Expected values as JSON has them: dates as ISO text, and "<null>" (TOML has no null) as None."""
    if value == "<null>":
        return None
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize(("scenario", "case"), list(_cases()))
def test_scenario(cli, tmp_path, scenario, case):
    assert set(case) <= CASE_KEYS, f"unknown case keys {set(case) - CASE_KEYS}"
    profile, programs = _write(tmp_path, scenario, case)
    as_of = _day(case.get("as_of", scenario["as_of"]))
    lang = case.get("lang", "en")
    run = cli("recommend", profile, "--programs", programs, "--as-of", as_of, "--format", "json",
              "--lang", lang)  # fmt: skip
    assert run.code == 0, run.err
    data = run.json()
    results = {r["program"]: r for r in data["results"]}

    for key, want in case.get("company", {}).items():
        assert data["company"][key] == _day(want), f"company.{key}"

    for program_id, want in case.get("expect", {}).items():
        assert set(want) <= RESULT_KEYS, f"unknown expectation keys {set(want) - RESULT_KEYS}"
        got = results[program_id]
        checks = {c["criterion"]: c for c in got["criteria"]}
        for key, value in want.items():
            where = f"{program_id}.{key}"
            if key == "flip":
                assert got["flip"] is not None and value in got["flip"], f"{where}: {got['flip']}"
            elif key == "detail":
                details = " | ".join(c["detail"] for c in got["criteria"])
                assert value in details, f"{where}: {details}"
            elif key == "outcomes":
                assert {k: checks[k]["outcome"] for k in value} == value, where
            elif key == "question":
                asked = " | ".join(q["question"] for q in got["questions"])
                assert value in asked, f"{where}: {asked}"
            elif key == "distance":
                want = _day(value)
                if want is None:
                    assert got["distance"] is None, where
                else:
                    assert got["distance"] == pytest.approx(want, abs=1e-3), f"{where}: {got}"
            elif key == "status_label" and case.get("lang") == "ko":
                assert value in got["status_label"], f"{where}: {got['status_label']}"
            elif key == "to_confirm":
                assert any(value in note for note in got["to_confirm"]), where
            elif key in ("next_opens", "days_left"):
                assert got["window_detail"][key] == _day(value), where
            elif key == "score_min":
                assert got["score"] is not None and got["score"] >= value, where
            elif key == "score_max":
                assert got["score"] is not None and got["score"] <= value, where
            else:
                assert got[key] == _day(value), f"{where}: got {got[key]!r}"

    if "order" in case:
        assert [r["program"] for r in data["results"]] == case["order"]

    if "gaps" in case:
        got_gaps = [(g["need"], g["kind"]) for g in data["gaps"]]
        assert got_gaps == [(g["need"], g["kind"]) for g in case["gaps"]]
        for want, got in zip(case["gaps"], data["gaps"], strict=True):
            if "detail" in want:
                assert want["detail"] in got["detail"], got["detail"]


def test_every_criterion_has_pass_fail_and_unknown_in_the_scenarios():
    """The scenario set keeps covering every criterion's three outcomes (unknown where one exists)."""
    from sfmatch.criteria import ANY, CONDITIONS, CRITERIA, OPEN_TO_ALL

    seen: dict[str, set[str]] = {name: set() for name in (*CRITERIA, ANY, CONDITIONS, OPEN_TO_ALL)}
    for path in SCENARIO_DIR.glob("*.toml"):
        scenario = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in scenario["cases"]:
            for want in case.get("expect", {}).values():
                for criterion, outcome in want.get("outcomes", {}).items():
                    seen[criterion].add(outcome)
    no_unknown = {"regions", "employees", "ksic", "exclude_ksic"}  # contract §3: never unknown
    only = {CONDITIONS: {"unknown"}, OPEN_TO_ALL: {"pass"}}  # v2 §4.1: by what the file states
    for name, outcomes in seen.items():
        expected = {"pass", "fail"} | (set() if name in no_unknown else {"unknown"})
        expected = only.get(name, expected)
        assert outcomes >= expected, f"{name}: scenarios cover only {sorted(outcomes)}"
