"""`sfmatch recommend` read without Typer (commands._quick): the same options as the Typer
command, the same answers for every form of them, and Typer's reading wherever the quick one
does not take the arguments."""

from __future__ import annotations

import pytest
from typer.main import get_command

from sfmatch import cli as cli_module
from sfmatch.commands import _quick, app

from conftest import AS_OF, ROOT

PROFILE = ROOT / "profiles" / "hanul-precision.toml"


def test_the_quick_options_are_the_commands_options():
    command = get_command(app).commands["recommend"]
    declared = {}
    for param in command.params:
        if param.param_type_name == "argument":
            continue
        for name in param.opts:
            declared[name] = (param.name, not param.is_flag)
    # Typer names the parameters as the function does (`all_` is `--all`)
    assert {name: takes for name, (_, takes) in declared.items()} == {
        name: takes for name, (_, takes) in _quick.OPTIONS.items()
    }
    assert {name: param for name, (param, _) in declared.items()} == {
        name: param for name, (param, _) in _quick.OPTIONS.items()
    }
    arguments = [p.name for p in command.params if p.param_type_name == "argument"]
    assert arguments == ["profile"]


# Forms the quick reading takes, and forms it leaves to Typer (None): both must answer as Typer.
TAKEN = [
    ["--as-of", AS_OF],
    ["--as-of=" + AS_OF, "--top", "3"],
    ["--top=2", "--all", "--as-of", AS_OF, "--lang", "ko"],
    ["--as-of", AS_OF, "--format", "json"],
    ["--as-of", AS_OF, "--format", "csv", "--lang", "en"],
    ["--as-of", AS_OF, "-o", "-", "--format", "json"],
    ["--as-of", "2026-13-01"],  # the command's own usage error
    ["--as-of", AS_OF, "--format", "xml"],
    ["--as-of", AS_OF, "--lang", "fr"],
    ["--as-of", AS_OF, "--programs", str(ROOT / "programs")],
    ["--as-of", AS_OF, "--programs", "no-such-folder"],
]
LEFT = [
    ["--help"],
    ["--as-of", AS_OF, "--top", "0"],
    ["--as-of", AS_OF, "--top", "x"],
    ["--as-of", AS_OF, "--top", "-1"],
    ["--as-of", AS_OF, "--all=1"],
    ["--as-of", AS_OF, "--tpo", "3"],
    ["--as-of", AS_OF, "--as-of", AS_OF],
    ["--as-of"],
    ["--as-of", AS_OF, "--", "x"],
    ["--as-of", AS_OF, "-oout.csv"],
]


@pytest.mark.parametrize("words", TAKEN + LEFT, ids=lambda w: " ".join(w))
def test_quick_and_typer_answer_alike(cli, monkeypatch, words, tmp_path):
    monkeypatch.chdir(tmp_path)  # where `-oout.csv` writes
    taken = _quick.parse([str(PROFILE), *words]) is not None
    assert taken == (words in TAKEN)
    args = ("recommend", PROFILE, *words)
    quick = cli(*args)
    monkeypatch.setattr(cli_module, "_quick", lambda args: None)
    typer = cli(*args)
    assert (quick.code, quick.out, quick.err) == (typer.code, typer.out, typer.err)


def test_a_missing_or_second_profile_is_left_to_typer():
    assert _quick.parse([]) is None
    assert _quick.parse(["a.toml", "b.toml"]) is None
    assert _quick.parse([""]) is None
    assert _quick.parse(["a.toml"]) is not None


def test_an_output_file_is_written_alike(cli, monkeypatch, tmp_path):
    quick = tmp_path / "quick.csv"
    assert cli("recommend", PROFILE, "--as-of", AS_OF, "-o", quick).code == 0
    monkeypatch.setattr(cli_module, "_quick", lambda args: None)
    slow = tmp_path / "slow.csv"
    assert cli("recommend", PROFILE, "--as-of", AS_OF, "--output", slow).code == 0
    assert quick.read_bytes() == slow.read_bytes()
    assert quick.read_bytes().startswith(b"\xef\xbb\xbf")  # the CSV Excel opens as UTF-8


def test_shell_completion_is_left_to_typer(monkeypatch):
    monkeypatch.setenv("_SFMATCH_COMPLETE", "complete_bash")
    assert cli_module._quick(["recommend", "x.toml"]) is None
    monkeypatch.delenv("_SFMATCH_COMPLETE")
    assert cli_module._quick(["recommend", "x.toml"]) is not None
    assert cli_module._quick(["explain", "x.toml", "y"]) is None
