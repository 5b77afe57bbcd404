"""`--help` a person reads (FILE, DATE, N, no Python types), and shell completion."""

from __future__ import annotations

import enum
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Literal

import pytest
import typer
import typer.core
from typer.main import get_command
from typer.testing import CliRunner

from sfmatch.commands import app
from sfmatch.commands._help import App

from conftest import ROOT


def _commands(command=None, path=()):
    """Every command and group of the app, as the words that name it (the root is ())."""
    command = command or get_command(app)
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = dict(_commands())
# Every layout help is shown in: Rich panels at two widths, on a dumb terminal, and plain text
# (Typer without Rich, as TYPER_USE_RICH=0 gives).
LAYOUTS = {
    "rich-100": {"COLUMNS": "100"},
    "rich-80": {"COLUMNS": "80"},
    "dumb-80": {"COLUMNS": "80", "TERM": "dumb"},
    "plain-80": {"COLUMNS": "80", "plain": True},
}
PYTHON_FORMS = ("<str>", "<bool>", "<int", "<path>", "<list", "x>=", "[x")


@pytest.fixture(params=list(LAYOUTS))
def show_help(request, cli, monkeypatch):
    layout = dict(LAYOUTS[request.param])
    if layout.pop("plain", False):
        monkeypatch.setattr(typer.core, "HAS_RICH", False)
    for name, value in layout.items():
        monkeypatch.setenv(name, value)

    def run(*path: str) -> str:
        result = cli(*path, "--help")
        assert result.code == 0 and result.err == "", (path, result.err)
        return result.out

    return run


def _row(out: str, option: str) -> list[str]:
    """The words of the help row that declares `option`: its names, metavar, then its help."""
    for line in out.splitlines():
        words = [w for w in re.split(r"[\s,│*]+", line) if w]
        if option in words[:3]:
            return words
    raise AssertionError(f"no row for {option} in:\n{out}")


def _after_names(words: list[str], names: list[str]) -> str:
    rest = [w for w in words if w not in names]
    return rest[0] if rest else ""


def test_every_command_is_checked():
    names = {" ".join(path) for path in COMMANDS}
    expected = {"", "recommend", "explain", "validate", "batch", "gaps", "convert", "programs",
                "programs list", "programs show", "programs families"}  # fmt: skip
    assert expected <= names


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda p: " ".join(p) or "sfmatch")
def test_help_shows_no_python_types(show_help, path):
    out = show_help(*path)
    for form in PYTHON_FORMS:
        assert form not in out, (path, form, out)
    assert not re.search(r"<[a-z]", out), out
    assert not re.search(r"\{[a-z_]+\}", out), out  # Typer's `{profile}` in the usage line


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda p: " ".join(p) or "sfmatch")
def test_options_show_a_readable_metavar_and_flags_none(show_help, path):
    out = show_help(*path)
    for param in COMMANDS[path].params:
        if param.param_type_name != "option" or getattr(param, "hidden", False):
            continue
        longest = max(param.opts, key=len)
        after = _after_names(_row(out, longest), [*param.opts, *param.secondary_opts])
        if param.is_flag:  # the help follows the names directly
            assert after == param.help.split()[0], (path, longest, after)
        else:
            # a name in capitals, or the choices (`ko|en`)
            assert re.fullmatch(r"[A-Z][A-Z_]*(=[A-Z]+)?|[a-z]+(\|[a-z]+)+", after), (path, after)
    help_row = _row(out, "--help")
    assert _after_names(help_row, ["--help"]) == "Show", help_row


@pytest.mark.parametrize(
    ("path", "option", "metavar"),
    [
        (("recommend",), "--as-of", "DATE"),
        (("recommend",), "--top", "N"),
        (("recommend",), "--output", "FILE"),
        (("recommend",), "--programs", "FOLDER"),
        (("recommend",), "--format", "FORMAT"),
        (("explain",), "--format", "FORMAT"),
        (("validate",), "--programs", "FOLDER"),
        (("batch",), "--as-of", "DATE"),
        (("batch",), "--top", "N"),
        (("batch",), "--output", "FILE"),
        (("batch",), "--programs", "FOLDER"),
        (("batch",), "--program", "ID"),
        (("batch",), "--errors", "FILE"),
        (("batch",), "--map", "HEADER=KEY"),
        (("batch",), "--map-file", "FILE"),
        (("batch",), "--encoding", "ENCODING"),
        (("batch",), "--sheet", "SHEET"),
        (("batch",), "--jobs", "N"),
        (("gaps",), "--need", "NEED"),
        (("gaps",), "--list-uncovered", "NEED"),
        (("gaps",), "--with", "PATH"),
        (("gaps",), "--without", "ID"),
        (("gaps",), "--html", "FILE"),
        (("convert",), "--output", "FOLDER"),
        (("programs", "list"), "--region", "REGION"),
        (("programs", "list"), "--covers", "NEED"),
        (("programs", "list"), "--open-on", "DATE"),
        (("programs", "show"), "--as-of", "DATE"),
        (("recommend",), "--lang", "ko|en"),
        (("batch",), "--lang", "ko|en"),
        (("roadmap",), "--months", "N"),
        (("roadmap",), "--lang", "ko|en"),
        (("report",), "--output", "FILE"),
        (("report",), "--months", "N"),
        (("report",), "--lang", "ko|en"),
    ],
)
def test_the_metavars_name_what_to_give(show_help, path, option, metavar):
    out = show_help(*path)
    names = ["-o", "--output"] if option == "--output" else [option]
    assert _after_names(_row(out, option), names) == metavar


@pytest.mark.parametrize(
    ("path", "usage"),
    [
        (("recommend",), "sfmatch recommend [OPTIONS] PROFILE"),
        (("explain",), "sfmatch explain [OPTIONS] PROFILE PROGRAM_ID"),
        (("validate",), "sfmatch validate [OPTIONS] [PATHS]..."),
        (("batch",), "sfmatch batch [OPTIONS] APPLICANTS"),
        (("gaps",), "sfmatch gaps [OPTIONS] INPUTS..."),
        (("convert",), "sfmatch convert [OPTIONS] APPLICANTS"),
        (("programs", "show"), "sfmatch programs show [OPTIONS] PROGRAM_ID"),
    ],
)
def test_arguments_are_named_in_capitals(show_help, path, usage):
    out = show_help(*path)
    assert usage in " ".join(out.split())
    for param in COMMANDS[path].params:
        if param.param_type_name == "argument":
            assert re.search(rf"(^|[\s│*]){param.name.upper()}(\.\.\.)?\s", out), out


def test_ranges_are_said_in_words_by_the_help_and_still_checked(cli):
    assert "x>=" not in cli("batch", "--help").out
    run = cli("recommend", str(ROOT / "profiles" / "hanul-precision.toml"), "--top", "0")
    assert run.code == 2 and "greater than or equal to 1" in run.err


def test_a_missing_argument_is_named_as_help_shows_it(cli):
    assert "Missing argument 'PROFILE'" in cli("recommend").err


def test_help_piped_on_a_dumb_terminal_is_readable():
    """`COLUMNS=80 TERM=dumb sfmatch batch --help | cat`, as a person runs it."""
    env = {**os.environ, "COLUMNS": "80", "TERM": "dumb"}
    for plain in ("0", "1"):
        env["TYPER_USE_RICH"] = "0" if plain == "1" else "1"
        out = subprocess.run(
            [sys.executable, "-m", "sfmatch", "batch", "--help"],
            capture_output=True, text=True, env=env, check=True,
        ).stdout  # fmt: skip
        assert "APPLICANTS" in out and "--as-of" in out and "DATE" in out
        assert not any(form in out for form in PYTHON_FORMS), out
        assert max(len(line) for line in out.splitlines()) <= 80


# Shell completion ---------------------------------------------------------------------------


def test_the_root_help_offers_completion(cli):
    out = cli("--help").out
    assert "--install-completion" in out and "--show-completion" in out


@pytest.mark.parametrize("instruction", ["bash_complete", "complete_bash"])  # Click's, Typer's
@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("sfmatch rec", "1", ["recommend"]),
        ("sfmatch programs ", "2", ["list", "families", "show", "stale", "schema", "import"]),
        ("sfmatch batch --map", "2", ["--map", "--map-file"]),
        # values: the words an option takes, the needs, the catalog's program ids
        ("sfmatch gaps x.csv --by ", "4", ["district", "size", "level", "root", "division"]),
        ("sfmatch gaps x.csv --table p", "4", ["programs"]),
        ("sfmatch gaps x.csv --need ma", "4", ["maintenance"]),
        ("sfmatch recommend p.toml --format ", "4", ["table", "json", "csv"]),
        ("sfmatch batch x.csv --format x", "4", ["xlsx"]),
        ("sfmatch roadmap p.toml --lang ", "4", ["ko", "en"]),
        (
            "sfmatch explain p.toml kr-kosmes-sf-as",
            "3",
            ["kr-kosmes-sf-as-2021", "kr-kosmes-sf-as-subscription"],
        ),
    ],
)
def test_completion_answers_through_the_entry_point(cli, monkeypatch, instruction, words, cword,
                                                   expected):  # fmt: skip
    monkeypatch.setenv("_SFMATCH_COMPLETE", instruction)
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", cword)
    run = cli()
    assert run.code == 0, run.err
    assert "error" not in run.err
    assert run.out.split() == expected


def test_an_unknown_completion_request_fails_quietly(cli, monkeypatch):
    monkeypatch.setenv("_SFMATCH_COMPLETE", "complete_tcsh")
    run = cli()
    assert run.code == 1 and run.out == "" and "not supported" in run.err


def test_show_completion_prints_a_bash_script(cli, monkeypatch):
    # Typer's own switch to name the shell rather than detect the one that runs sfmatch
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    run = cli("--show-completion", "bash")
    assert run.code == 0, run.err
    assert "_sfmatch_completion()" in run.out
    assert "_SFMATCH_COMPLETE=complete_bash" in run.out
    assert "complete -o default -F _sfmatch_completion sfmatch" in run.out


def test_install_completion_writes_a_script_the_shell_sources(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    run = cli("--install-completion", "bash")
    assert run.code == 0, run.err
    script = tmp_path / ".bash_completions" / "sfmatch.sh"
    assert "_sfmatch_completion" in script.read_text()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()


SFMATCH = Path(sys.executable).parent / "sfmatch"


@pytest.mark.skipif(not (shutil.which("bash") and SFMATCH.exists()), reason="bash, installed CLI")
def test_bash_completes_a_command_with_the_shown_script():
    """What a person's bash does: detect the shell, load the script, complete `sfmatch rec`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("_TYPER")}
    env["PATH"] = f"{SFMATCH.parent}{os.pathsep}{env.get('PATH', '')}"
    script = (
        "source <(sfmatch --show-completion) || exit 9\n"
        "COMP_WORDS=(sfmatch rec); COMP_CWORD=1; _sfmatch_completion sfmatch\n"
        'echo "${COMPREPLY[*]}"'
    )
    run = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["recommend"]


# The fast path ------------------------------------------------------------------------------


def test_version_imports_no_cli_framework():
    """`sfmatch --version` answers before Typer, Click, Rich or pydantic are imported."""
    code = "from sfmatch.cli import main; main(['--version'])"
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True
    )
    assert run.stdout.startswith("sfmatch ")
    imported = {
        line.split("|")[-1].strip().split(".")[0]
        for line in run.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "sfmatch" in imported  # the import times were read
    assert not {"typer", "click", "rich", "pydantic", "shellingham"} & imported


# Kinds of options the commands do not have yet: choices, a count, a flag pair, a bounded number.
class Lang(enum.StrEnum):
    ko = "ko"
    en = "en"


toy = App(add_completion=False)


@toy.command()
def one(
    name: Annotated[str, typer.Argument(help="A name.")],
    lang: Annotated[Lang, typer.Option(help="Language.")] = Lang.ko,
    kind: Annotated[Literal["a", "b"], typer.Option(help="Kind.")] = "a",
    verbose: Annotated[int, typer.Option("-v", count=True, help="More.")] = 0,
    level: Annotated[int, typer.Option(min=1, max=5, help="Level.")] = 1,
    color: Annotated[bool, typer.Option("--color/--no-color", help="Colour.")] = True,
) -> None:
    print(name, lang.value, kind, verbose, level, color)


@toy.command()
def two() -> None: ...


def test_other_kinds_of_options_read_as_well(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    runner = CliRunner()
    out = runner.invoke(toy, ["one", "--help"]).output
    assert not any(form in out for form in (*PYTHON_FORMS, "<")), out
    assert _after_names(_row(out, "--lang"), ["--lang"]) == "ko|en"
    assert _after_names(_row(out, "--kind"), ["--kind"]) == "a|b"
    assert _after_names(_row(out, "--level"), ["--level"]) == "LEVEL"
    assert _after_names(_row(out, "-v"), ["-v"]) == "More."
    assert _after_names(_row(out, "--color"), ["--color", "--no-color"]) == "Colour."
    assert re.search(r"Usage: \S+ one \[OPTIONS\] NAME", out), out
    # only the help changed: the values are read and checked as before
    run = runner.invoke(toy, ["one", "x", "--lang", "en", "--kind", "b", "-vv", "--no-color"])
    assert run.output == "x en b 2 1 False\n"
    assert runner.invoke(toy, ["one", "x", "--level", "9"]).exit_code == 2


# --- help in Korean ------------------------------------------------------------------------

HELP_PO = ROOT / "src" / "sfmatch" / "locale" / "ko" / "LC_MESSAGES" / "help.po"


def test_every_help_text_has_its_korean_text():
    """The catalog holds exactly what --help shows (docs/make_help_po.py keeps it so), each text
    with its Korean, and the compiled catalog is the one the .po says."""
    import gettext

    from babel.messages.pofile import read_po

    from sfmatch.commands._help import help_texts

    po = {m.id: m.string for m in read_po(HELP_PO.open("rb")) if m.id}
    from sfmatch.commands._help import localize

    korean = get_command(app)
    localize(korean, "ko")  # as a Korean run leaves the process: the texts are still the English
    assert help_texts(korean) == help_texts(get_command(app))
    localize(korean, "en")
    shown = help_texts(get_command(app))
    assert set(shown) == set(po), "run docs/make_help_po.py: " + repr(set(shown) ^ set(po))
    assert not [t for t in shown if not po[t]], "fill the Korean texts of help.po"
    compiled = gettext.GNUTranslations(HELP_PO.with_suffix(".mo").open("rb"))
    assert {t: compiled.gettext(t) for t in shown} == {t: po[t] for t in shown}, (
        "compile: pybabel compile -d src/sfmatch/locale -D help"
    )


# What help keeps as it is in every language: metavars and the usage line's words in capitals,
# option names, codes, file names and examples.
HELP_KEPT = [
    r"\b[A-Z][A-Z_=]+\b(\.\.\.)?",
    r"\[OPTIONS\]|\[ARGS\]\.\.\.|\bko\|en\b",
    r"(?<![\w-])--?[a-z][\w-]*",
    r"\bsfmatch\b[^\n│]*",  # the examples, and the usage line
    r"\$SFMATCH_PROGRAMS|\./\w+|\bLC_ALL|\bLC_MESSAGES|\bLANG\b",
    r"\b(?:table|json|csv|xlsx|ko|en|needs|programs|kinds|district|size|level|root|division|"
    r"prior|any|true|false)\b",
]


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda p: " ".join(p) or "sfmatch")
@pytest.mark.parametrize("how", ["locale", "--lang ko"])
def test_help_is_korean_under_a_korean_locale_or_lang_ko(cli, monkeypatch, path, how):
    monkeypatch.setenv("COLUMNS", "100")
    if how == "locale":
        monkeypatch.setenv("LANG", "ko_KR.UTF-8")
        run = cli(*path, "--help")
    elif any(p.name == "lang" for p in COMMANDS[path].params):
        run = cli(*path, "--help", "--lang", "ko")
    else:  # a group has no --lang: its help follows the locale
        return
    assert run.code == 0 and "사용법:" in run.out, run.out
    text = run.out
    for pattern in HELP_KEPT:
        text = re.sub(pattern, " ", text)
    english = re.findall(r"\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\b", text)
    assert not english, (english, run.out)


def test_help_is_english_again_in_the_same_process(cli, monkeypatch):
    """Typer's words are set for the whole process: an English run after a Korean one is
    English (and the tests that follow are not Korean)."""
    monkeypatch.setenv("COLUMNS", "100")
    korean = cli("batch", "--help", "--lang", "ko").out
    english = cli("batch", "--help", "--lang", "en").out
    assert "옵션" in korean and "Options" in english and "사용법" not in english
    assert "Score every applicant of a list" in english
