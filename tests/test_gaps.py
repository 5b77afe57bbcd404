"""`sfmatch gaps`: the policy view equals the sum of `recommend` over the same firms, need by need
and program by program, and its breakdowns add up to the whole."""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from pathlib import Path

import pytest
import tomli_w

from conftest import AS_OF, DATA, ROOT

PROGRAMS = ROOT / "programs"


def _recommend_sums(cli, paths, as_of=AS_OF):
    """What the policy view must show, added up from `recommend` one firm at a time."""
    coverage: Counter = Counter()  # (need, kind) → firms
    stating: Counter = Counter()
    eligible: Counter = Counter()
    needs_info: Counter = Counter()
    low: Counter = Counter()
    high: Counter = Counter()
    no_needs = 0
    for path in paths:
        data = cli("recommend", path, "--as-of", as_of, "--format", "json",
                   "--programs", PROGRAMS).json()  # fmt: skip
        needs = data["company"]["needs"] or []
        no_needs += not needs
        gaps = {g["need"]: g["kind"] for g in data["gaps"]}
        for need in needs:
            stating[need] += 1
            coverage[need, gaps.get(need, "covered")] += 1
        for r in data["results"]:
            if r["superseded_by"]:
                continue
            if r["status"] == "eligible":
                eligible[r["program"]] += 1
                support = r["estimated_support_krw"]
                if support is not None:
                    high[r["program"]] += support
                    low[r["program"]] += 0 if r["support_is_cap"] else support
            elif r["status"] == "needs-info":
                needs_info[r["program"]] += 1
    return coverage, stating, eligible, needs_info, low, high, no_needs


def _check(cli, target, paths, as_of=AS_OF):
    run = cli("gaps", target, "--as-of", as_of, "--format", "json", "--programs", PROGRAMS)
    assert run.code == 0, run.err
    got = run.json()
    coverage, stating, eligible, needs_info, low, high, no_needs = _recommend_sums(
        cli, paths, as_of
    )
    for row in got["needs"]:
        assert row["stating"] == stating[row["need"]], row
        for kind in ("covered", "uncovered", "closed-only", "cofunding"):
            assert row[kind] == coverage[row["need"], kind], (row, kind)
    assert {r["need"] for r in got["needs"]} >= set(stating)
    assert got["summary"]["no_needs"] == no_needs
    for p in got["programs"]:
        assert p["eligible"] == eligible[p["program"]], p
        assert p["needs_info"] == needs_info[p["program"]], p
        if p["demand_low_krw"] is not None:
            assert (p["demand_low_krw"], p["demand_high_krw"]) == (low[p["program"]],
                                                                    high[p["program"]]), p  # fmt: skip
    return got


def test_gaps_over_the_examples_equals_the_sum_of_recommend(cli):
    paths = sorted((ROOT / "profiles").glob("*.toml"))
    got = _check(cli, ROOT / "profiles", paths)
    maintenance = next(r for r in got["needs"] if r["need"] == "maintenance")
    assert maintenance["stating"] >= 1  # and the maintenance row always shows
    assert got["summary"]["read"] == len(paths)


def test_gaps_over_random_firms_equals_the_sum_of_recommend(cli, tmp_path):
    from test_vector import _profile

    rng = random.Random(11)
    folder = tmp_path / "firms"
    folder.mkdir()
    paths = []
    for i in range(40):
        profile = _profile(rng)
        data = profile.model_dump(mode="python", exclude_none=True)
        path = folder / f"firm{i:02d}.toml"
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
        paths.append(path)
    _check(cli, folder, paths, "2026-03-02")


def test_breakdowns_add_up_to_the_whole(cli):
    whole = cli("gaps", ROOT / "profiles", "--as-of", AS_OF, "--format", "json").json()
    for by in ("district", "size", "level", "root", "division"):
        split = cli("gaps", ROOT / "profiles", "--as-of", AS_OF, "--format", "json",
                    "--by", by).json()  # fmt: skip
        for need in {r["need"] for r in whole["needs"]}:
            total = next(r for r in whole["needs"] if r["need"] == need)
            parts = [r for r in split["needs"] if r["need"] == need]
            for key in ("stating", "covered", "uncovered", "closed-only", "cofunding"):
                assert sum(r[key] for r in parts) == total[key], (by, need, key)
        assert len({r["group"] for r in split["needs"]}) >= 2, by


def test_gaps_reads_lists_as_batch_does_and_loses_no_row(cli, tmp_path):
    source = DATA / "registry" / "factoryon.xlsx"
    out = tmp_path / "needs.csv"
    run = cli("gaps", source, "--as-of", "2026-11-26", "--format", "csv", "-o", out,
              "--by", "district")  # fmt: skip
    assert run.code == 1  # five rows are rejected; the rest are counted
    assert "read 120 = scored 115 + rejected 5" in run.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    groups = {r["group"] for r in rows}
    assert "incheon/yeongjong" in groups and "gyeonggi/hwaseong-manse" in groups
    assert sum(int(r["firms"]) for r in rows if r["need"] == "maintenance") == 115


def test_the_table_shows_maintenance_and_says_what_demand_is(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    run = cli("gaps", ROOT / "profiles", "--as-of", AS_OF)
    assert run.code == 0
    assert "maintenance (유지보수·사후관리·A/S)" in run.out
    assert "Programs: demand of eligible firms" in run.out and "credit" in run.out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["--by", "city"], "unknown breakdown 'city'"), (["--table", "x", "--format", "csv"],
      "unknown table 'x'"), (["--format", "pdf"], "unknown format 'pdf'"),
     (["--format", "xlsx"], "cannot go to the terminal")],
)  # fmt: skip
def test_gaps_usage_errors_are_one_line(cli, args, fragment):
    run = cli("gaps", ROOT / "profiles", *args)
    assert run.code == 2 and fragment in run.err and len(run.err_lines) == 1


def _firm(folder, name, **given):
    data = {"name": name, "ksic": "C25", "employees": 60, "revenue_krw": "300억",
            "project_budget_krw": "4,000만", "cofunding_krw": "5,000만", "disqualifiers": [],
            "prior": [], **given}  # fmt: skip
    (folder / f"{name}.toml").write_text(tomli_w.dumps(data), encoding="utf-8")


def test_a_what_if_program_covers_the_firms_it_should(cli, tmp_path):
    """The proposed Incheon maintenance program covers Incheon's micro, small and medium firms
    that need maintenance: here exactly two of the five."""
    folder = tmp_path / "firms"
    folder.mkdir()
    _firm(folder, "a-incheon-medium", region="인천", district="남동구", needs=["maintenance"])
    _firm(folder, "b-incheon-small", region="인천", district="부평구", employees=20,
          revenue_krw="50억", needs=["maintenance"])  # fmt: skip
    _firm(folder, "c-busan-medium", region="부산", needs=["maintenance"])
    _firm(folder, "d-incheon-midsize", region="인천", revenue_krw="1,500억", needs=["maintenance"])
    _firm(folder, "e-incheon-no-need", region="인천", needs=["ai"])
    scenario = ROOT / "programs" / "scenarios" / "incheon-maintenance"
    base = cli("gaps", folder, "--as-of", AS_OF, "--format", "json").json()
    run = cli("gaps", folder, "--as-of", AS_OF, "--format", "json", "--with", scenario)
    assert run.code == 0, run.err
    got = run.json()
    row = next(r for r in got["needs"] if r["need"] == "maintenance")
    before = next(r for r in base["needs"] if r["need"] == "maintenance")
    assert (row["stating"], row["newly_covered"], row["losing"]) == (4, 2, 0), row
    assert row["what_if_covered"] == before["covered"] + 2
    proposal = next(p for p in got["what_if_programs"]
                    if p["program"] == "ic-maintenance-cost-proposal")  # fmt: skip
    assert proposal["eligible"] == 3  # a, b and e (e states no maintenance need)
    # leaving the national A/S out loses the small firm it covered (b), covers nobody new
    run = cli(
        "gaps",
        folder,
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--without",
        "kr-kosmes-sf-as-2021",
        "--without",
        "kr-kosmes-sf-as-subscription",
    )
    lost = next(r for r in run.json()["needs"] if r["need"] == "maintenance")
    assert lost["newly_covered"] == 0 and lost["losing"] == before["covered"]


def test_scenarios_are_not_part_of_the_catalog(cli):
    run = cli("programs", "list")
    assert "proposal" not in run.out
    run = cli("gaps", ROOT / "profiles", "--without", "kr-nope", "--format", "json")
    assert run.code == 2 and "unknown program id 'kr-nope'" in run.err


def test_list_uncovered_names_the_firms_and_why(cli, tmp_path):
    out = tmp_path / "left.csv"
    run = cli(
        "gaps", ROOT / "profiles", "--as-of", AS_OF, "--list-uncovered", "유지보수", "-o", out
    )
    assert run.code == 0, run.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    expected = {}
    for path in sorted((ROOT / "profiles").glob("*.toml")):
        data = cli("recommend", path, "--as-of", AS_OF, "--format", "json").json()
        kinds = {g["need"]: g["kind"] for g in data["gaps"]}
        if "maintenance" in (data["company"]["needs"] or []) and "maintenance" in kinds:
            expected[data["company"]["name"]] = kinds["maintenance"]
    assert {r["name"]: r["coverage"] for r in rows} == expected and expected
    for r in rows:
        assert "kr-kosmes-sf-as-2021: " in r["reasons"] and r["file"].endswith(".toml")
    run = cli("gaps", ROOT / "profiles", "--list-uncovered", "everything")
    assert run.code == 2 and "--list-uncovered" in run.err


def test_a_need_can_be_taken_as_every_firms_for_a_registry_export(cli):
    source = DATA / "registry" / "factoryon.xlsx"
    plain = cli("gaps", source, "--as-of", "2026-11-26", "--format", "json").json()
    assert plain["summary"]["no_needs"] == 115  # the registry states no needs
    run = cli("gaps", source, "--as-of", "2026-11-26", "--format", "json", "--need", "유지보수")
    row = next(r for r in run.json()["needs"] if r["need"] == "maintenance")
    assert row["stating"] == 115 and run.json()["summary"]["no_needs"] == 0
    assert row["covered"] + row["uncovered"] + row["closed-only"] + row["cofunding"] == 115


def _sheets(path):
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    return {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)] for sheet in book}


def _csv_rows(text):
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _cells(rows):
    """Cells as comparable values: a workbook's 0 and a CSV's '0.0' are the same number."""

    def value(v):
        if v is None or v == "":
            return None
        if isinstance(v, bool) or v in ("True", "False"):
            return str(v)
        try:
            return float(v)
        except (TypeError, ValueError):
            return str(v)

    return [[value(v) for v in row] for row in rows]


def test_the_workbook_holds_the_same_rows_as_csv_and_the_rejected_ones(cli, tmp_path):
    """`-o gaps.xlsx`: a sheet per table, the same rows as the CSV, the rejected rows after, and
    the same bytes on a second run (the as-of date, not the clock, dates the document)."""
    source = DATA / "registry" / "factoryon.xlsx"
    args = ("gaps", source, "--as-of", "2026-11-26", "--by", "district", "--need", "유지보수",
            "--with", PROGRAMS / "scenarios" / "incheon-maintenance")  # fmt: skip
    book, again = tmp_path / "gaps.xlsx", tmp_path / "again.xlsx"
    assert cli(*args, "-o", book).code == 1  # five rows rejected, as with CSV
    assert cli(*args, "-o", again).code == 1
    assert book.read_bytes() == again.read_bytes()
    sheets = _sheets(book)
    assert list(sheets) == [
        "about",
        "needs",
        "groups",
        "programs",
        "kinds",
        "what-if programs",
        "rejected",
    ]
    needs = _csv_rows(cli(*args, "--format", "csv").out)
    programs = _csv_rows(cli(*args, "--format", "csv", "--table", "programs").out)
    assert _cells(sheets["needs"]) == _cells(needs)
    assert _cells(sheets["what-if programs"]) == _cells(programs)  # --table programs: what-if's
    assert len(sheets["rejected"]) == 1 + 5
    about = dict(sheets["about"][1:])
    assert (about["read"], about["scored"], about["rejected"]) == (120, 115, 5)
    groups = {row[0]: row[1] for row in sheets["groups"][1:]}
    assert sum(groups.values()) == 115 and "incheon/yeongjong" in groups


def test_the_uncovered_firms_go_to_a_workbook_or_json_too(cli, tmp_path):
    csv_run = cli("gaps", ROOT / "profiles", "--as-of", AS_OF, "--list-uncovered", "maintenance")
    rows = _csv_rows(csv_run.out)
    book = tmp_path / "left.xlsx"
    run = cli("gaps", ROOT / "profiles", "--as-of", AS_OF, "--list-uncovered", "maintenance",
              "-o", book)  # fmt: skip
    assert run.code == 0, run.err
    sheet = _sheets(book)["uncovered"]
    assert _cells(sheet) == _cells(rows) and len(rows) > 1
    data = cli("gaps", ROOT / "profiles", "--as-of", AS_OF, "--list-uncovered", "maintenance",
               "--format", "json").json()  # fmt: skip
    assert data["need"] == "maintenance"
    assert [r["name"] for r in data["uncovered"]] == [r[1] for r in rows[1:]]


def _statuses(cli, path, programs):
    """Program → status for one firm, as `recommend` sees it (an older edition: ineligible)."""
    data = cli("recommend", path, "--as-of", AS_OF, "--all", "--format", "json",
               "--programs", programs).json()  # fmt: skip
    return {r["program"]: "ineligible" if r["superseded_by"] else r["status"]
            for r in data["results"]}  # fmt: skip


def test_changes_lists_what_recommend_would_show_differently(cli, tmp_path):
    """`--changes`: every firm × program whose status differs between the catalog and the what-if
    (the proposal added, the national A/S left out), as `recommend` run on each catalog shows."""
    import shutil

    scenario = PROGRAMS / "scenarios" / "incheon-maintenance"
    what_if = tmp_path / "what-if"
    shutil.copytree(PROGRAMS, what_if, ignore=shutil.ignore_patterns("scenarios"))
    shutil.copy(scenario / "ic-maintenance-cost-proposal.toml", what_if / "incheon")
    next(what_if.rglob("kr-kosmes-sf-as-2021.toml")).unlink()
    out = tmp_path / "changes.csv"
    run = cli("gaps", ROOT / "profiles", "--as-of", AS_OF, "--with", scenario, "--without",
              "kr-kosmes-sf-as-2021", "--changes", "-o", out)  # fmt: skip
    assert run.code == 0, run.err
    got = {(Path(r["file"]).name, r["program"]): (r["before"], r["after"])
           for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))}  # fmt: skip
    expected = {}
    for path in sorted((ROOT / "profiles").glob("*.toml")):
        before, after = _statuses(cli, path, PROGRAMS), _statuses(cli, path, what_if)
        for program in before.keys() | after.keys():
            was, now = before.get(program, "absent"), after.get(program, "absent")
            if was != now and {was, now} != {"ineligible", "absent"}:
                expected[path.name, program] = (was, now)
    assert got == expected
    programs = {program for _, program in got}
    assert programs == {"ic-maintenance-cost-proposal", "kr-kosmes-sf-as-2021"}
    run = cli("gaps", ROOT / "profiles", "--changes")
    assert run.code == 2 and "--changes" in run.err and len(run.err_lines) == 1


def test_no_output_may_overwrite_an_input_or_another_output(cli, tmp_path):
    """A registry export written over by its own report is lost: refused before anything runs."""
    import shutil

    source = tmp_path / "공장등록현황.xlsx"
    shutil.copy(DATA / "registry" / "factoryon.xlsx", source)
    before = source.read_bytes()
    folder = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", folder)
    cases = [
        ((source, "-o", source), "-o", "is an input itself"),
        ((source, "--html", source), "--html", "is an input itself"),
        ((source, "--errors", source), "--errors", "is an input itself"),
        ((folder, "-o", folder / "hanul-precision.toml"), "-o", "is an input itself"),
        ((source, "-o", tmp_path / "a.html", "--html", tmp_path / "a.html"), "--html",
         "is the same file as -o"),
    ]  # fmt: skip
    for args, option, fragment in cases:
        run = cli("gaps", *args)
        assert run.code == 2 and option in run.err and fragment in run.err, (args, run.err)
        assert len(run.err_lines) == 1
    assert source.read_bytes() == before
    assert (folder / "hanul-precision.toml").read_bytes() == (
        ROOT / "profiles" / "hanul-precision.toml").read_bytes()  # fmt: skip
    run = cli("gaps", folder, "--as-of", AS_OF, "-o", folder / "gaps.csv")  # beside: fine
    assert run.code == 0, run.err


def test_a_narrow_terminal_leaves_columns_out_with_a_notice_never_crops(cli, monkeypatch):
    from rich.cells import cell_len

    for lang, word in (("ko", "열을 뺐습니다"), ("en", "left out")):
        for width in ("80", "100", "160"):
            monkeypatch.setenv("COLUMNS", width)
            run = cli("gaps", ROOT / "profiles", "--as-of", AS_OF, "--lang", lang)
            assert all(cell_len(line) <= int(width) for line in run.out.splitlines())
            heads = [line for line in run.out.splitlines() if "kr-ai-applied-product-2026" in line]
            assert heads, "ids are whole"
            if width == "160":
                assert word not in run.out
            elif word not in run.out:
                raise AssertionError(f"{lang} at {width}: no notice")
    monkeypatch.setenv("COLUMNS", "100")
    korean = cli("gaps", ROOT / "profiles", "--as-of", AS_OF, "--lang", "ko").out
    assert (
        "필요 분야별 지원 현황" in korean and "지원 사업 없음" in korean and "전체 기업" in korean
    )
