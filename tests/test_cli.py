"""The commands as a user runs them: exit codes, the stdout/stderr split, formats and files."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, DATA, ROOT

CATALOG = DATA / "catalog"
COMPANY = DATA / "company.toml"
GOLDEN = Path(__file__).parent / "golden"


def recommend(cli, *extra):
    return cli("recommend", COMPANY, "--programs", CATALOG, "--as-of", AS_OF, *extra)


def test_recommend_table_matches_the_golden_file(cli):
    """Fixed width, no colour. Regenerate with SFMATCH_UPDATE_GOLDEN=1 after a deliberate change."""
    run = recommend(cli)
    assert run.code == 0
    golden = GOLDEN / "recommend.txt"
    if os.environ.get("SFMATCH_UPDATE_GOLDEN") == "1":
        golden.write_text(run.out, encoding="utf-8")
    assert run.out == golden.read_text(encoding="utf-8")
    assert "\x1b[" not in run.out


def test_recommend_table_content(cli):
    run = recommend(cli, "--all")
    assert run.code == 0
    for fragment in ("t-upgrade", "kr-kosmes-sf-as-2021", "closing soon", "own 2,000만",
                     "of 4,000만", "One criterion away, but not near: 1",
                     "38 employees — cap 9 (29 over)", "t-busan", "ineligible"):  # fmt: skip
        assert fragment in run.out, fragment
    assert run.out.index("t-upgrade") < run.out.index("kr-kosmes-sf-as-2021")
    # v2 §4.5: the A/S funds a 4,000만 project whose own share, 2,000만, the cash 5,000만
    # covers: no maintenance gap (v1 boxed a false one: "short ... (smallest 1.4억)")
    assert "MAINTENANCE GAP" not in run.out and "1.4억" not in run.out


def test_a_maintenance_gap_is_boxed_with_the_figures_of_the_table(cli, tmp_path):
    company = tmp_path / "short.toml"
    text = COMPANY.read_text(encoding="utf-8").replace('"5,000만"', '"1,000만"')
    company.write_text(text, encoding="utf-8")
    run = cli("recommend", company, "--programs", CATALOG, "--as-of", AS_OF)
    assert run.code == 0
    box = run.out[run.out.index("MAINTENANCE GAP") :].split("╰")[0]
    text = " ".join(w for w in box.split() if w != "│")
    assert "own 2,000만" in run.out  # the table's figure, and the gap's: one computation
    assert (
        "your cash 1,000만 is short of the own share of every open program covering"
        " maintenance (smallest 2,000만: kr-kosmes-sf-as-2021, for a 4,000만 project, the"
        " most this program funds (your budget is larger))"
    ) in text


def test_a_narrow_terminal_keeps_every_column(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    run = recommend(cli, "--all")
    from rich.cells import cell_len

    assert all(cell_len(line) <= 80 for line in run.out.splitlines())  # Hangul is 2 cells wide
    for fragment in ("Status", "score ", "Support", "covers: AI", "closing soon", "own 8,000만",
                     "t-upgrade", "kr-kosmes-sf-as-2021"):  # fmt: skip
        assert fragment in run.out, fragment


@pytest.mark.parametrize("width", ["72", "80", "100", "110", "140"])
def test_long_ids_never_crop_a_column(cli, monkeypatch, width):
    """Shipped ids run to 36 characters: the layout fits them whole from 80 columns (a copied id
    must be right), folds them below, and never crops a column."""
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", width)
    profile = ROOT / "profiles" / "hanul-precision.toml"
    run = cli("recommend", profile, "--as-of", AS_OF, "--programs", ROOT / "programs")
    assert all(cell_len(line) <= int(width) for line in run.out.splitlines())
    assert "maintenance" in run.out and "Support" in run.out
    assert ("Covers" in run.out) or ("covers: maintenance" in run.out)
    if int(width) >= 80:
        shown = cli("recommend", profile, "--as-of", AS_OF, "--all", "--programs",
                    ROOT / "programs").out  # fmt: skip
        data = cli("recommend", profile, "--as-of", AS_OF, "--format", "json").json()
        for r in data["results"]:
            if r["superseded_by"] is None:
                assert r["program"] in shown, r["program"]  # whole, on one line


def test_table_hides_ineligible_but_counts_them(cli):
    run = recommend(cli)
    assert "t-busan" not in run.out
    assert "2 you cannot apply for are not shown (--all)." in run.out


def test_stale_programs_warn_on_stderr_only(cli):
    run = recommend(cli)
    assert run.err_lines == [line for line in run.err_lines if line.startswith("warning: ")]
    assert "1 of 4 programs last verified over 365 days before 2026-03-02" in run.err
    assert "t-micro" in run.err
    assert "warning" not in run.out


def test_recommend_json_follows_the_contract(cli):
    run = recommend(cli, "--format", "json")
    assert run.code == 0
    data = json.loads(run.out)
    assert data["sfmatch"] == "1" and data["as_of"] == AS_OF
    assert data["company"]["region"] == "incheon"
    assert data["company"]["size"] == "small" and data["company"]["size_derived"] is True
    assert [r["program"] for r in data["results"]] == [
        "t-upgrade",
        "kr-kosmes-sf-as-2021",
        "t-busan",
        "t-micro",
    ]  # every program, all statuses, §4.7 order
    first = data["results"][0]
    for key in ("program", "name", "name_ko", "status", "window", "score", "covers",
                "estimated_support_krw", "self_share_krw", "cofunding_short", "near_miss",
                "criteria", "to_confirm"):  # fmt: skip
        assert key in first
    assert first["covers"] == ["ai"]
    assert first["estimated_support_krw"] == 80_000_000
    assert data["results"][3]["near_miss"] is True and data["results"][3]["score"] is None
    assert data["gaps"] == [{
        "need": "ai",
        "kind": "cofunding",
        "detail": data["gaps"][0]["detail"],
        "programs": ["t-upgrade"],
        "kind_label": "own share short",
    }]  # fmt: skip
    after_care = data["results"][1]
    assert (after_care["estimated_support_krw"], after_care["self_share_krw"],
            after_care["project_krw"], after_care["cofunding_short"]) == (
                20_000_000, 20_000_000, 40_000_000, False)  # fmt: skip


def test_output_is_byte_identical_across_runs(cli):
    for fmt in ("table", "json", "csv"):
        assert recommend(cli, "--format", fmt).out == recommend(cli, "--format", fmt).out


def test_csv_to_file_is_excel_ready(cli, tmp_path):
    target = tmp_path / "out.csv"
    run = recommend(cli, "--format", "csv", "-o", target)
    assert run.code == 0 and run.out == ""
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel shows Hangul
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    from sfmatch.render.data import CSV_COLUMNS

    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r[1] for r in rows[1:]] == ["t-upgrade", "kr-kosmes-sf-as-2021"]
    assert rows[1][2] == "테스트 고도화 지원"


def test_csv_cells_cannot_become_formulas():
    from sfmatch.output import csv_text

    text = csv_text(["a", "b", "c"], [["=SUM(A1)", "+1", 5], ["-x", "@y", "ok"], ["\tz", None, -3]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["'=SUM(A1)", "'+1", "5"]
    assert rows[2] == ["'-x", "'@y", "ok"]
    assert rows[3] == ["'\tz", "", "-3"]


def test_a_failed_write_keeps_the_existing_file(cli, tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("precious", encoding="utf-8")
    import sfmatch.output

    def broken(fd, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sfmatch.output.os, "fsync", broken)
    run = recommend(cli, "--format", "json", "-o", target)
    assert run.code == 1
    assert "No space left on device" in run.err
    assert target.read_text(encoding="utf-8") == "precious"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_output_into_a_missing_folder_is_one_line(cli, tmp_path):
    run = recommend(cli, "-o", tmp_path / "nope" / "out.txt")
    assert run.code == 1 and len([x for x in run.err_lines if x.startswith("error")]) == 1


def test_explain_shows_criteria_score_money_window_and_notes(cli):
    run = cli("explain", COMPANY, "kr-kosmes-sf-as-2021", "--programs", CATALOG, "--as-of", AS_OF)
    assert run.code == 0
    for fragment in ("Criteria", "prior participation required", "received kr-mss-sf-build (2020)", "Score",
                     "needs", "relevance", "funding", "window", "bonus", "total",
                     "Money: support 2,000만", "Window: rolling", "To confirm",
                     "성장연계형 also requires"):  # fmt: skip
        assert fragment in run.out, fragment


def test_explain_json(cli):
    run = cli("explain", COMPANY, "t-micro", "--programs", CATALOG, "--as-of", AS_OF,
              "--format", "json")  # fmt: skip
    data = run.json()
    assert data["result"]["status"] == "ineligible"
    assert data["result"]["flip"] == "38 employees — cap 9 (29 over)"
    assert data["result"]["near"] is False and data["result"]["distance"] == pytest.approx(
        29 / 9, abs=1e-3
    )
    assert {c["name"] for c in data["result"]["score_components"]} == {
        "needs",
        "relevance",
        "funding",
        "window",
        "bonus",
    }


def test_explain_unknown_id_suggests_the_closest(cli):
    run = cli("explain", COMPANY, "kr-kosmes-as", "--programs", CATALOG)
    assert run.code == 2
    assert run.err_lines == [run.err_lines[0]]
    assert "unknown program id 'kr-kosmes-as'" in run.err
    assert "closest: kr-kosmes-sf-as-2021" in run.err


def test_programs_list_and_filters(cli):
    run = cli("programs", "list", "--programs", CATALOG, "--as-of", AS_OF)
    assert run.code == 0 and "4 programs" in run.out
    run = cli("programs", "list", "--programs", CATALOG, "--region", "인천", "--covers", "유지보수")
    assert "kr-kosmes-sf-as-2021" in run.out and "t-busan" not in run.out
    assert "t-micro" in run.out and "2 programs" in run.out
    run = cli("programs", "list", "--programs", CATALOG, "--open-on", "2026-03-10")
    assert "t-upgrade" in run.out and "4 programs" in run.out
    run = cli("programs", "list", "--programs", CATALOG, "--open-on", "2026-04-10")
    assert "t-upgrade" not in run.out and "3 programs" in run.out
    run = cli("programs", "list", "--programs", CATALOG, "--region", "Mars")
    assert run.code == 2 and "unknown region 'Mars'" in run.err


def test_programs_list_fits_80_columns_with_whole_ids(cli, monkeypatch):
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")
    run = cli("programs", "list", "--programs", ROOT / "programs", "--as-of", AS_OF)
    assert all(cell_len(line) <= 80 for line in run.out.splitlines())
    assert "kr-mss-ax-planning-consulting-2026" in run.out and "…" not in run.out
    assert "local · covers co-funding (own share)" in run.out


def test_programs_show(cli):
    run = cli("programs", "show", "t-upgrade", "--programs", CATALOG, "--as-of", AS_OF)
    assert run.code == 0
    for fragment in (
        "테스트 고도화 지원",
        "Eligibility",
        "sf_level",
        "≥ basic",
        "sizes",
        "1억",
        "50%",
    ):
        assert fragment in run.out, fragment
    run = cli("programs", "show", "t-upgrad", "--programs", CATALOG)
    assert run.code == 2 and "closest: t-upgrade" in run.err


def test_validate_defaults_to_the_catalog_and_profiles(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    run = cli("validate")
    assert run.code == 0, run.err
    assert "0 problems" in run.err and run.out == ""


def test_duplicate_program_ids_are_reported(cli, tmp_path):
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text((CATALOG / "t-busan.toml").read_text("utf-8"), "utf-8")
    run = cli("recommend", COMPANY, "--programs", tmp_path)
    assert run.code == 1
    assert "duplicate program id 't-busan', also in" in run.err


def test_problems_of_catalog_and_profile_are_reported_together(cli, tmp_path):
    (tmp_path / "bad.toml").write_text('id = "x"\n', "utf-8")
    bad_profile = DATA / "invalid" / "profiles" / "typo-key.toml"
    run = cli("recommend", bad_profile, "--programs", tmp_path)
    assert run.code == 1
    assert "bad.toml" in run.err and "typo-key.toml" in run.err


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["recommend", "missing.toml"], 1, "missing.toml: file not found"),
        (["recommend", "."], 1, "is a folder, not a file"),
        (["recommend", str(COMPANY), "--programs", "nowhere"], 1, "programs folder not found"),
        (["recommend", str(COMPANY), "--format", "xml"], 2, "unknown format 'xml'"),
        (["recommend", str(COMPANY), "-o", str(COMPANY)], 2, "is the profile itself"),
        (["recommend", str(COMPANY), "--as-of", "2026-13-01"], 2, "--as-of: not a date"),
        (["recommend", str(COMPANY), "--top", "0"], 2, "error:"),
        (["recommend", str(COMPANY), "--colour"], 2, "No such option"),
        (["recommend"], 2, "Missing argument"),
        (["frobnicate"], 2, "No such command"),
        # the option the user typed, and output suffixes that name no format written here
        (["programs", "list", "--open-on", "2026-02-30"], 2, "--open-on: not a date"),
        (["batch", str(ROOT / "profiles"), "--program", "xyzq", "-o", "x.csv"], 2,
         "--program: unknown program id"),
        (["batch", str(ROOT / "profiles"), "-o", "out.xls"], 2,
         "-o: cannot tell a format from 'out.xls' (hint: Excel 97 .xls is not written: name it"
         " .csv, .json, .xlsx, or give --format)"),
        (["batch", str(ROOT / "profiles"), "-o", "out.csv", "--format", "xlsx"], 2,
         "-o: 'out.csv' does not name --format xlsx"),
        (["recommend", str(COMPANY), "-o", "out.xlsx"], 2, "cannot tell a format from 'out.xlsx'"),
        (["gaps", str(ROOT / "profiles"), "-o", "gaps.pdf"], 2, "cannot tell a format"),
    ],
)  # fmt: skip
def test_user_errors_are_one_line_with_the_documented_code(cli, args, code, fragment):
    run = cli(*args)
    assert run.code == code
    assert run.out == ""
    assert len(run.err_lines) == 1, run.err
    assert run.err_lines[0].startswith("error: ") and fragment in run.err


def test_a_group_without_a_command_shows_help_and_no_empty_error(cli):
    run = cli("programs")
    assert run.code == 2
    assert "Usage" in run.out and "error" not in run.err


@pytest.mark.parametrize("fmt", ["json", "table", "csv"])  # csv is small: flushed at exit
def test_a_closed_pipe_is_quiet(fmt):
    """`sfmatch ... | head`: the reader is gone before sfmatch writes; no traceback, exit 1."""
    profile = ROOT / "profiles" / "hanul-precision.toml"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sfmatch", "recommend", str(profile), "--format", fmt],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
    )  # fmt: skip
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == 1
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception" not in err


def test_internal_errors_exit_3_with_a_traceback_only_on_request(cli, monkeypatch):
    import sfmatch.engine

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(sfmatch.engine, "recommend", boom)
    run = recommend(cli)
    assert run.code == 3
    assert len(run.err_lines) == 1 and "please report it" in run.err
    monkeypatch.setenv("SFMATCH_DEBUG", "1")
    run = recommend(cli)
    assert run.code == 3 and "Traceback" in run.err


def test_every_command_has_help(cli):
    for args in (["--help"], ["recommend", "--help"], ["explain", "--help"], ["validate", "--help"],
                 ["programs", "--help"], ["programs", "list", "--help"],
                 ["programs", "show", "--help"]):  # fmt: skip
        run = cli(*args)
        assert run.code == 0 and "Usage" in run.out, args
    assert "Example: sfmatch recommend" in cli("recommend", "--help").out


def test_version(cli):
    from sfmatch import __version__

    assert cli("--version").out == f"sfmatch {__version__}\n"


def _modules_after(args: list[str]) -> set[str]:
    code = (
        f"import sys; from sfmatch.cli import main; main({args!r}); "
        "print('MODULES', ' '.join(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("MODULES"))
    return set(line.split()[1:])


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["recommend", "--help"]])
def test_version_and_help_stay_light(args):
    loaded = _modules_after(args)
    heavy = {"rapidfuzz", "numpy", "openpyxl", "xlsxwriter", "sfmatch.engine", "sfmatch.models",
             "sfmatch.loader", "sfmatch.catalog"}  # fmt: skip
    assert not heavy & loaded, heavy & loaded
    if args != ["recommend", "--help"]:  # Typer ≥ 0.29 itself loads pydantic to parse options
        assert "pydantic" not in loaded
    if args == ["--version"]:
        assert "typer" not in loaded and "rich" not in loaded


def test_the_bundled_catalog_is_used_outside_the_repository(tmp_path):
    """From a folder with no programs/, `recommend` finds the catalog shipped with the package."""
    env = {k: v for k, v in os.environ.items() if k != "SFMATCH_PROGRAMS"}
    env.update(NO_COLOR="1", COLUMNS="100")
    profile = ROOT / "profiles" / "hanul-precision.toml"
    out = subprocess.run(
        [sys.executable, "-m", "sfmatch", "recommend", str(profile), "--as-of", AS_OF,
         "--format", "json"],
        capture_output=True, text=True, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["results"]) >= 25


def test_programs_list_shows_windows_as_of_the_open_on_date(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "140")
    before = cli("programs", "list", "--open-on", "2025-03-01", "--as-of", "2026-11-26")
    # the window as of --open-on, not as of today (the Window column wraps at 16)
    assert "kr-mss-regional-sf-2025" in before.out and "closing soon" in before.out
    assert "(D-23, 2025-03-24)" in before.out
    later = cli("programs", "list", "--open-on", "2026-03-02", "--as-of", "2026-11-26")
    assert "kr-mss-regional-sf-2025" in later.out and "expected open to" in later.out
    assert "~2026-03-24" in later.out


def test_money_says_what_it_is_in_the_table(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("COLUMNS", "140")
    profile = tmp_path / "firm.toml"
    profile.write_text(
        'name = "가람"\nregion = "인천"\ndistrict = "남동구"\nksic = "C25"\nemployees = 30\n'
        'revenue_krw = "50억"\nneeds = ["financing", "maintenance"]\nproject_budget_krw = "5억"\n'
        'cofunding_krw = "3,000만"\nprior = [{ program = "kr-mss-sf-build", year = 2021 }]\n'
        "disqualifiers = []\n",
        encoding="utf-8",
    )
    run = cli("recommend", profile, "--as-of", "2026-11-26", "--all")
    assert "loan ≤ 70억" in run.out  # a loan is credit, never support
    data = cli("recommend", profile, "--as-of", "2026-11-26", "--format", "json").json()
    loan = next(r for r in data["results"] if r["program"] == "kr-kosmes-smart-mfg-loan-2019")
    assert loan["estimated_support_krw"] is None and loan["credit_limit_krw"] == 70 * 10**8
    after_care = next(r for r in data["results"] if r["program"] == "kr-kosmes-sf-as-2021")
    # a 5억 budget is more than the A/S funds: the project it funds is 4,000만, own 2,000만
    # (v2 §4.5: one computation; v1 gave an own share of 4.8억 and a false cash-short gap)
    assert (after_care["project_krw"], after_care["self_share_krw"]) == (4 * 10**7, 2 * 10**7)
    assert after_care["project_basis"] == "capped" and after_care["cofunding_short"] is False
    assert "project_own_krw" not in after_care
    explained = cli("explain", profile, "kr-kosmes-sf-as-2021", "--as-of", "2026-11-26")
    text = " ".join(explained.out.split())
    assert "own share 2,000만" in text and "for a 4,000만 project, the most this program" in text


def test_the_format_follows_the_suffix_of_o(cli, tmp_path):
    import json

    for name, check in (
        ("out.json", lambda text: json.loads(text)["company"]),
        ("out.csv", lambda text: text.startswith("rank,program,")),
        ("out.txt", lambda text: "Eligible" in text or "eligible" in text),
        ("out", lambda text: "eligible" in text.casefold() and not text.startswith("{")),
    ):
        target = tmp_path / name
        run = cli("recommend", COMPANY, "--as-of", AS_OF, "-o", target)
        assert run.code == 0, run.err
        assert check(target.read_text(encoding="utf-8-sig")), name
    assert not (tmp_path / "out.json").read_text().startswith("Rank")
    run = cli("recommend", COMPANY, "--as-of", AS_OF, "--format", "json", "-o", tmp_path / "a.txt")
    assert run.code == 0 and json.loads((tmp_path / "a.txt").read_text())  # --format wins over .txt


@pytest.mark.parametrize(
    "args",
    [
        ["recommend", str(COMPANY)],
        ["explain", str(COMPANY), "kr-kosmes-sf-as-2021"],
        ["programs", "list"],
        ["programs", "show", "kr-kosmes-sf-as-2021"],
        ["batch", str(ROOT / "profiles"), "-o", "{tmp}/out.csv"],
        ["gaps", str(ROOT / "profiles")],
        ["roadmap", str(COMPANY)],
        ["report", str(COMPANY), "-o", "{tmp}/report.html", "--lang", "en"],
        ["programs", "families"],
        ["validate", str(ROOT / "programs")],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_every_command_that_reads_the_catalog_warns_once_when_it_is_stale(cli, tmp_path, args):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    run = cli(*args, "--programs", ROOT / "programs", "--as-of", "2027-06-01")
    assert run.code == 0, run.err
    stale = [line for line in run.err_lines if "last verified over" in line]
    assert len(stale) == 1 and stale[0].startswith("warning: "), run.err
    fresh = cli(*args, "--programs", ROOT / "programs", "--as-of", "2026-06-01")
    assert "last verified over" not in fresh.err


def test_every_shown_ineligible_program_says_why_not(cli, monkeypatch):
    """In CSV (`reason`) and in the table with --all: the first failing criterion, as in JSON."""
    import csv
    import io

    profile = ROOT / "profiles" / "hanul-precision.toml"
    data = cli("recommend", profile, "--as-of", AS_OF, "--all", "--format", "json").json()
    expected = {}
    for r in data["results"]:
        fails = [c["detail"] for c in r["criteria"] if c["outcome"] == "fail"]
        assert bool(r["reason"]) == (r["status"] == "ineligible")
        if r["reason"] and r["reason"] not in fails:  # said as what flips it: a near miss
            assert r["near_miss"] and r["reason"] == r["flip"], r
        expected[r["program"]] = r["reason"] or ""
    assert any(expected.values())
    text = cli("recommend", profile, "--as-of", AS_OF, "--all", "--format", "csv").out
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert {r["program"]: r["reason"] for r in rows} == expected
    monkeypatch.setenv("COLUMNS", "200")
    table = cli("recommend", profile, "--as-of", AS_OF, "--all").out
    ineligible = sum(1 for r in data["results"] if r["status"] == "ineligible")
    assert table.count("why not: ") == ineligible


def test_the_table_leads_with_the_firms_needs_and_counts_the_rest(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    profile = ROOT / "profiles" / "hanul-precision.toml"
    data = cli("recommend", profile, "--as-of", AS_OF, "--format", "json").json()
    open_to = [r for r in data["results"] if r["status"] != "ineligible" and not r["superseded_by"]]
    covering = [r["program"] for r in open_to if r["covers"]]
    others = [r["program"] for r in open_to if not r["covers"]]
    assert covering and others
    table = cli("recommend", profile, "--as-of", AS_OF).out
    assert all(p in table for p in covering)
    assert not any(p in table for p in others)
    eligible = sum(r["status"] == "eligible" for r in open_to if not r["covers"])
    assert (
        f"{len(others)} more programs cover none of your needs: {eligible} eligible,"
        f" {len(others) - eligible} to confirm"
    ) in " ".join(table.split())
    assert all(p in cli("recommend", profile, "--as-of", AS_OF, "--all").out for p in others)
    csv_text = cli("recommend", profile, "--as-of", AS_OF, "--format", "csv").out
    assert all(p in csv_text for p in others)  # data outputs keep every applicable program


def test_a_profile_reads_what_a_lists_cell_reads(cli, tmp_path):
    """Issue 20: one reader for a profile's values and a list's cells: dates written with dots,
    lists in one text, head counts with 명, amounts with 억, and the list's Korean column names as
    keys (quoted, as TOML wants them), each named in a warning. The same firm written the
    canonical way gets the same answer."""
    korean = tmp_path / "korean.toml"
    korean.write_text(
        '"기업명" = "한국정밀"\n"소재지" = "인천 남동구"\n"업종코드" = "C25"\n'
        '"상시근로자수" = "45명"\n"매출액" = "50억"\n"설립일" = "2012.03.15"\n'
        '"필요분야" = "유지보수, 구축"\n',
        encoding="utf-8",
    )
    canonical = tmp_path / "canonical.toml"
    canonical.write_text(
        'name = "한국정밀"\nregion = "인천 남동구"\nksic = "C25"\nemployees = 45\n'
        'revenue_krw = 5_000_000_000\nfounded = 2012-03-15\nneeds = ["maintenance", "construction"]\n',
        encoding="utf-8",
    )
    got = cli("recommend", korean, "--as-of", AS_OF, "--format", "json")
    want = cli("recommend", canonical, "--as-of", AS_OF, "--format", "json")
    assert got.code == want.code == 0, got.err
    assert got.json()["results"] == want.json()["results"]
    assert got.json()["company"] | {"name": None} == want.json()["company"] | {"name": None}
    assert "warning: " in got.err and "key '매출액' read as revenue_krw" in got.err
    assert "key '필요분야' read as needs" in got.err and "read as" not in want.err
    check = cli("validate", korean)
    assert (
        check.code == 0
        and "1 valid profiles" in check.err
        and "'설립일' read as founded" in check.err
    )


def test_a_korean_key_never_hides_the_canonical_one(cli, tmp_path):
    both = tmp_path / "both.toml"
    both.write_text(
        'name = "x"\n"기업명" = "y"\nregion = "인천"\nksic = "C25"\nemployees = 5\n',
        encoding="utf-8",
    )
    run = cli("validate", both)
    assert run.code == 1 and "unknown key '기업명'" in run.err
