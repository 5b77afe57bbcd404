"""Runs every file in tests/gaps/: fictional firms against a small program set, through
`sfmatch gaps --format json`, checked against coverage, demand and breakdown numbers worked out
by hand (each file's comments show the arithmetic). `"none"` stands for JSON null."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w

GAPS_DIR = Path(__file__).parent / "gaps"


def _files():
    for path in sorted(GAPS_DIR.glob("*.toml")):
        yield pytest.param(tomllib.loads(path.read_text(encoding="utf-8")), id=path.stem)


def _write(tmp_path: Path, scenario: dict) -> tuple[Path, Path]:
    programs, firms = tmp_path / "programs", tmp_path / "firms"
    programs.mkdir()
    firms.mkdir()
    defaults = scenario.get("program_defaults", {})
    for program in scenario["programs"]:
        data = {**defaults, **program}
        (programs / f"{program['id']}.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    for n, firm in enumerate(scenario["firms"], 1):
        (firms / f"{n:02d}.toml").write_text(tomli_w.dumps(firm), encoding="utf-8")
    return programs, firms


def _same(got: dict, expected: dict, where: str) -> None:
    for key, value in expected.items():
        want = None if value == "none" else value
        assert got[key] == pytest.approx(want) if isinstance(want, float) else got[key] == want, (
            f"{where}: {key} is {got[key]!r}, expected {want!r}"
        )


@pytest.mark.parametrize("scenario", list(_files()))
def test_gaps_scenario(cli, tmp_path, scenario):
    programs, firms = _write(tmp_path, scenario)
    expect = scenario["expect"]
    args = ("gaps", firms, "--programs", programs, "--as-of", str(scenario["as_of"]),
            "--format", "json")  # fmt: skip
    run = cli(*args)
    assert run.code == 0, run.err
    got = run.json()
    assert got["summary"]["firms"] == expect["firms"]
    assert got["summary"]["no_needs"] == expect["no_needs"]
    needs = {r["need"]: r for r in got["needs"]}
    for need, row in expect.get("needs", {}).items():
        _same(needs[need], row, need)
    stated = {need for need, row in needs.items() if row["stating"]}
    worked = {need for need, row in expect.get("needs", {}).items() if row.get("stating", 1)}
    assert stated == worked, "every stated need is worked out by hand"
    programs_got = {r["program"]: r for r in got["programs"]}
    for program, row in expect.get("programs", {}).items():
        _same(programs_got[program], row, program)
    kinds = {r["funding_kind"]: r for r in got["kinds"]}
    assert set(kinds) >= set(expect.get("kinds", {}))
    for kind, row in expect.get("kinds", {}).items():
        _same(kinds[kind], row, f"kind {kind}")
    for by, groups in expect.get("by", {}).items():
        split = cli(*args, "--by", by).json()
        for group, wanted in groups.items():
            rows = {r["need"]: r for r in split["needs"] if r["group"] == group}
            assert rows, f"--by {by}: no group {group!r} in {sorted(split['no_needs'])}"
            for key in ("firms", "no_needs"):
                if key in wanted:
                    got_value = split["no_needs"][group] if key == "no_needs" else (
                        next(iter(rows.values()))["firms"])  # fmt: skip
                    assert got_value == wanted[key], (by, group, key)
            for need, row in wanted.items():
                if isinstance(row, dict):
                    _same(rows[need], row, f"--by {by}: {group}: {need}")
