"""The README's promises that CI and newcomers rely on."""

from __future__ import annotations

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.S)


def test_quick_start_is_exactly_two_one_line_commands():
    commands = _quick_start_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    run, test = commands
    assert "pip install ." in run and "sfmatch recommend profiles/" in run
    profile = re.search(r"sfmatch recommend (\S+)", run).group(1)
    assert (ROOT / profile).is_file()
    assert "'.[test]'" in test and "pytest" in test


def test_ci_reads_the_readme_test_command():
    marker_line = README.splitlines().index(
        next(line for line in README.splitlines() if "ci:test-command" in line)
    )
    assert README.splitlines()[marker_line + 2] == _quick_start_commands()[1]
    assert "ci:test-command" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
