"""Every bad file in tests/data/invalid/ gives its one clear line (or lines), exit 1, no traceback."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

INVALID = Path(__file__).parent / "data" / "invalid"
EXPECTED = tomllib.loads((INVALID / "expected.toml").read_text(encoding="utf-8"))
CASES = [(kind, name, want) for kind, files in EXPECTED.items() for name, want in files.items()]


def test_every_bad_file_has_expectations_and_every_expectation_a_file():
    on_disk = {(p.parent.name, p.stem) for p in INVALID.glob("*/*.toml")}
    assert on_disk == {(kind, name) for kind, name, _ in CASES}


@pytest.mark.parametrize(("kind", "name", "want"), CASES, ids=[f"{k}/{n}" for k, n, _ in CASES])
def test_bad_file_message(cli, kind, name, want):
    path = INVALID / kind / f"{name}.toml"
    run = cli("validate", path)
    assert run.code == 1
    assert run.out == ""
    errors = [line for line in run.err_lines if line.startswith("error: ")]
    assert len(errors) == want.get("count", 1), run.err
    assert "Traceback" not in run.err
    joined = "\n".join(errors)
    for fragment in want["fragments"]:
        assert fragment in joined, f"{fragment!r} not in {joined!r}"
    prefix = f"error: {path}"
    assert all(line.startswith(prefix) for line in errors)
    if "line" in want:
        assert errors[0].startswith(f"{prefix}:{want['line']}"), errors[0]


@pytest.mark.parametrize("name", ["bad-money", "empty", "binary", "cp949"])
def test_bad_profile_fails_recommend_the_same_way(cli, name):
    run = cli("recommend", INVALID / "profiles" / f"{name}.toml")
    assert run.code == 1
    assert run.out == ""
    assert len(run.err_lines) == 1 and run.err_lines[0].startswith("error: ")


def test_validate_reports_all_files_before_failing(cli):
    run = cli("validate", INVALID / "profiles", INVALID / "programs")
    assert run.code == 1
    errors = [line for line in run.err_lines if line.startswith("error: ")]
    assert len(errors) == sum(want.get("count", 1) for _, _, want in CASES)
