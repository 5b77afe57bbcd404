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


def _anchor(heading: str) -> str:
    """A heading's anchor as GitHub makes it."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_of_the_documentation_reaches_its_file_and_heading():
    """README.md and docs/*.md link each other by file and heading: none may point nowhere (a
    section moved, a heading renamed)."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    anchors = {
        page: {_anchor(h) for h in re.findall(r"(?m)^#{1,6} (.+)$", page.read_text("utf-8"))}
        for page in pages
    }
    checked = 0
    for page in pages:
        text = re.sub(r"```.*?```", "", page.read_text("utf-8"), flags=re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"(https?|mailto):", target):
                continue
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            assert file.exists(), f"{page.name}: {target}"
            if anchor and file.suffix == ".md":
                assert anchor in anchors.get(file, set()), f"{page.name}: {target}"
            checked += 1
    assert checked > 50


def test_the_readme_keeps_to_the_essentials():
    """What a newcomer needs, in at most 450 lines; the reference lives in docs/."""
    assert len(README.splitlines()) <= 450
    for section in ("## Quick start", "## Commands", "## Writing a profile", "## Documentation"):
        assert section in README
    keys = set(re.findall(r"^\| `([a-z_]+)` \|", README.split("## Writing a profile")[1], re.M))
    from sfmatch.models import Profile

    assert keys == set(Profile.model_fields) - {"area"}  # every key a profile may have
