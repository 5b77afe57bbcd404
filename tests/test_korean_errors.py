"""Under a Korean locale every error a person can cause is said in Korean: issue 19's "a newcomer
meets no English sentence". Each case of `CASES` is a command line (with the files it needs)
that must fail with its exit code; its stderr is read line by line, and once the parts that stay
as they are (the `error:` and `hint:` marks, the path and the key's place, quoted values, option
names, codes and file names) are set aside, no two English words may follow each other.

Under `--lang en` the same command lines fail with the same codes, in English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

PROFILE = ROOT / "profiles" / "arin-circuit.toml"
LIST = ROOT / "tests" / "data" / "applicants" / "applicants.csv"
REGISTRY = ROOT / "tests" / "data" / "registry" / "datagokr_cp949.csv"

# What a line keeps as it is in every language (contract §6), and words that are names.
KEPT = [
    r"^(error|warning): ",
    r"\(hint: ",
    r"'[^']*'",
    r'"[^"]*"',
    r"(?<![\w-])--?[a-z][\w-]*",  # options
    r"\b(KSIC|BRN|CSV|UTF-8|UTF-16|CP949|Excel|XML|HTML|TOML|ID|AI|YYYY-MM-DD|sfmatch|min|max)\b",
    r"\b[a-z]+(?:[-_][a-z0-9]+)+\b",  # codes: kr-mss-sf-as, revenue_krw
    r"\S+\.(?:toml|csv|xlsx|xls|html|pdf|txt|json)\b",  # file names
    r"\b(?:true|false|open_to_all|matches|project_max_krw|any|sizes|root|region|district|address)\b",
]
ENGLISH = re.compile(r"\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\b")


def english_in(line: str, paths: list[str]) -> str | None:
    """The first English phrase left in a line once what stays is set aside, or None."""
    for path in sorted(paths, key=len, reverse=True):
        line = line.replace(path, " ")
    line = re.sub(r"^(error|warning): [^:]*?:(\d+:)? ", r"\1: ", line)  # the path (and line)
    for pattern in KEPT:
        line = re.sub(pattern, " ", line)
    found = ENGLISH.search(line)
    return found.group(0) if found else None


def _files(tmp: Path) -> dict[str, Path]:
    bad = tmp / "bad.toml"
    bad.write_text(
        'name = "x"\nregion = "인천 남동구"\nksic = "C99"\nemployees = "many"\n'
        'revenue_krw = "5억원쯤"\nneeds = ["자동화"]\nfounded = "2020-13-01"\nemploys = 3\n',
        encoding="utf-8",
    )
    empty = tmp / "empty.csv"
    empty.write_bytes(b"")
    headless = tmp / "headless.csv"
    headless.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    (tmp / "list.pdf").write_bytes(b"%PDF-1.4")
    (tmp / "page.xls").write_text("<html><table><tr><td>x</td></tr></table></html>")
    (tmp / "map.toml").write_text('"업체명" = 3\n', encoding="utf-8")
    return {"bad": bad, "empty": empty, "headless": headless}


# (name, exit code, arguments); {tmp} is the test's folder, files made by `_files`.
CASES = [
    ("missing profile", 1, ["recommend", "{tmp}/none.toml"]),
    ("bad values", 1, ["recommend", "{tmp}/bad.toml"]),
    ("unknown language", 2, ["recommend", PROFILE, "--lang", "jp"]),
    ("missing argument", 2, ["recommend"]),
    ("misspelt command", 2, ["recommnd", PROFILE]),
    ("misspelt option", 2, ["recommend", PROFILE, "--topp", "3"]),
    ("option without its value", 2, ["recommend", PROFILE, "--as-of"]),
    ("extra argument", 2, ["recommend", PROFILE, PROFILE]),
    ("flag with a value", 2, ["report", PROFILE, "--detail=yes", "-o", "{tmp}/r.html"]),
    ("not a date", 2, ["recommend", PROFILE, "--as-of", "2026-13-01"]),
    ("unknown program", 2, ["explain", PROFILE, "kr-nothing-2026"]),
    ("unknown program to show", 2, ["programs", "show", "kr-nothing-2026"]),
    ("unknown need", 2, ["programs", "list", "--covers", "자동화"]),
    ("unknown region", 2, ["programs", "list", "--region", "한양"]),
    ("batch without -o", 2, ["batch", LIST]),
    ("batch to .xls", 2, ["batch", LIST, "-o", "{tmp}/out.xls"]),
    ("suffix against --format", 2, ["batch", LIST, "-o", "{tmp}/out.xlsx", "--format", "csv"]),
    ("not a number", 2, ["batch", LIST, "-o", "{tmp}/o.csv", "--top", "abc"]),
    ("under the least", 2, ["batch", LIST, "-o", "{tmp}/o.csv", "--top", "0"]),
    ("district alone", 2, ["batch", LIST, "-o", "{tmp}/o.csv", "--district", "남동구"]),
    ("unknown key in --map", 2, ["batch", LIST, "-o", "{tmp}/o.csv", "--map", "업체명=nam"]),
    ("unreadable --map", 2, ["batch", LIST, "-o", "{tmp}/o.csv", "--map", "업체명"]),
    ("--map-file value", 2, ["batch", LIST, "-o", "{tmp}/o.csv", "--map-file", "{tmp}/map.toml"]),
    ("missing list", 1, ["batch", "{tmp}/none.csv", "-o", "{tmp}/o.csv"]),
    ("empty list", 1, ["batch", "{tmp}/empty.csv", "-o", "{tmp}/o.csv"]),
    ("no header", 1, ["batch", "{tmp}/headless.csv", "-o", "{tmp}/o.csv"]),
    ("not a list", 1, ["batch", "{tmp}/list.pdf", "-o", "{tmp}/o.csv"]),
    ("a web page named .xls", 1, ["batch", "{tmp}/page.xls", "-o", "{tmp}/o.csv"]),
    ("output is the input", 2, ["batch", LIST, "-o", LIST]),
    ("output folder missing", 1, ["batch", LIST, "-o", "{tmp}/no/o.csv"]),
    (
        "rows rejected and cells unknown",
        1,
        ["batch", LIST, "-o", "{tmp}/o.csv", "--errors", "{tmp}/e.csv"],
    ),
    ("a registry's rows", 1, ["batch", REGISTRY, "-o", "{tmp}/o.csv", "--as-of", "2026-03-02"]),
    ("unknown breakdown", 2, ["gaps", LIST, "--by", "city"]),
    ("unknown table", 2, ["gaps", LIST, "--table", "foo"]),
    ("changes without a what-if", 2, ["gaps", LIST, "--changes"]),
    ("workbook to the terminal", 2, ["gaps", LIST, "--format", "xlsx"]),
    ("unknown --without", 2, ["gaps", LIST, "--without", "kr-nothing"]),
    ("report without -o", 2, ["report", PROFILE]),
    ("report not a page", 2, ["report", PROFILE, "-o", "{tmp}/r.pdf"]),
    ("convert without -o", 2, ["convert", LIST]),
    ("convert into a file", 2, ["convert", LIST, "-o", PROFILE]),
    ("missing programs folder", 1, ["recommend", PROFILE, "--programs", "{tmp}/nothing"]),
    ("nothing to validate", 1, ["validate", "{tmp}/nothing"]),
]


def _args(args: list, tmp: Path) -> list[str]:
    return [str(a).replace("{tmp}", str(tmp)) for a in args]


@pytest.mark.parametrize(("name", "code", "args"), CASES, ids=[c[0] for c in CASES])
def test_every_error_is_said_in_korean(cli, tmp_path, monkeypatch, name, code, args):
    _files(tmp_path)
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    run = cli(*_args(args, tmp_path))
    assert run.code == code, (name, run.err)
    assert any(line.startswith("error:") for line in run.err.splitlines()), (name, run.err)
    lines = run.err.splitlines()  # every line a person reads: errors, warnings, summaries
    paths = [str(tmp_path), str(ROOT), str(PROFILE), str(LIST), str(REGISTRY)]
    left = {line: english_in(line, paths) for line in lines}
    assert not any(left.values()), {line: found for line, found in left.items() if found}
    assert re.search(r"[가-힣]", run.err), run.err
    errors_file = tmp_path / "e.csv"
    if errors_file.exists():  # the rows to fix are said as the run says them
        import csv

        rows = list(csv.reader(errors_file.open(encoding="utf-8-sig", newline="")))
        assert rows[0][:3] == ["row", "kind", "problems"] and len(rows) > 1
        for row in rows[1:]:
            for problem in row[2].split(" | "):
                assert not english_in("error: " + problem, paths), problem


@pytest.mark.parametrize(("name", "code", "args"), CASES[:12], ids=[c[0] for c in CASES[:12]])
def test_the_same_errors_are_english_under_lang_en(cli, tmp_path, name, code, args):
    _files(tmp_path)
    run = cli(*_args(args, tmp_path), "--lang", "en")
    if "--lang" in args:  # the case is about --lang itself
        return
    assert run.code == code, (name, run.err)
    assert run.err.startswith("error:") and not re.search(r"[가-힣]{2,}입니다", run.err), run.err


def test_the_detector_finds_english():
    """The check above can fail: English left in a line is found, what stays is not."""
    paths = ["/tmp/x"]
    assert english_in("error: /tmp/x/a.toml:3: ksic: KSIC 'C99' is not a code", paths)
    assert english_in("error: --top: Got unexpected extra argument(s)", paths)
    assert not english_in("error: /tmp/x/a.toml:3: ksic: 업종코드가 아닙니다: 'C99' "
                          "(hint: --programs에 준 경로를 확인하세요)", paths)  # fmt: skip
