"""`sfmatch gaps`: the policy view equals the sum of `recommend` over the same firms, need by need
and program by program, and its breakdowns add up to the whole."""

from __future__ import annotations

import csv
import io
import random
import re
from collections import Counter
from pathlib import Path

import pytest
import tomli_w

from sfmatch import vocab

from conftest import AS_OF, DATA, ROOT

PROGRAMS = ROOT / "programs"


FIVE = ("covered_sure", "covered_possible", "closed-only", "cofunding", "uncovered")


def _catalog(tmp_path: Path) -> Path:
    """A copy of the catalog, so that one test reads one catalog throughout (it is edited
    meanwhile) and may add or leave out programs."""
    import shutil

    folder = tmp_path / "catalog"
    shutil.copytree(PROGRAMS, folder, ignore=shutil.ignore_patterns("scenarios"))
    return folder


def _kind(results: list[dict], need: str) -> str:
    """How `recommend`'s results cover a need, as the policy view counts it: for sure (an
    eligible program, its window not closed, the firm's cash not short of its own share), else
    possibly (a needs-info one, likewise), else as `engine.find_gaps` judges it."""
    covering = [r for r in results if not r["superseded_by"] and need in r["covers"]
                and r["status"] != "ineligible"]  # fmt: skip
    not_closed = [r for r in covering if r["window"] != "closed"]
    paying = [r for r in not_closed if r["cofunding_short"] is not True]
    if not covering:
        return "uncovered"
    if not not_closed:
        return "closed-only"
    if not paying:
        return "cofunding"
    if any(r["status"] == "eligible" for r in paying):
        return "covered_sure"
    return "covered_possible"


def _settles(path: Path, programs: Path, need: str, as_of: str) -> set[str]:
    """The facts that would settle a firm's possible coverage of a need: what the open checks of
    each needs-info program that would cover it ask (`criteria.settles`), from the engine."""
    import datetime as dt

    from sfmatch.catalog import load_catalog
    from sfmatch.criteria import settles
    from sfmatch.engine import recommend
    from sfmatch.loader import load_profile

    catalog = load_catalog(programs)
    rec = recommend(load_profile(path), catalog, dt.date.fromisoformat(as_of))
    return {
        name
        for r in rec.results
        if r.current and r.status == "needs-info" and need in r.covers
        and r.window.status != "closed" and r.money.cofunding_short is not True
        for c in r.checks if c.open
        for name in settles(c)
    }  # fmt: skip


def _recommend_sums(cli, paths, programs, as_of=AS_OF):
    """What the policy view must show, added up from `recommend` one firm at a time."""
    coverage: Counter = Counter()  # (need, kind) → firms
    settle: Counter = Counter()  # (need, fact) → possibly covered firms lacking it
    stating: Counter = Counter()
    sums: dict[str, Counter] = {name: Counter() for name in (
        "eligible", "needs_info", "demand_krw", "demand_firms", "demand_cap_krw",
        "demand_cap_firms", "demand_unknown_firms", "needs_info_max_krw",
        "needs_info_unknown_firms")}  # fmt: skip
    no_needs = 0
    for path in paths:
        data = cli("recommend", path, "--as-of", as_of, "--format", "json",
                   "--programs", programs).json()  # fmt: skip
        needs = data["company"]["needs"] or []
        no_needs += not needs
        for need in needs:
            stating[need] += 1
            kind = _kind(data["results"], need)
            coverage[need, kind] += 1
            if kind == "covered_possible":
                settle.update((need, fact) for fact in _settles(path, programs, need, as_of))
        for r in data["results"]:
            if r["superseded_by"] or r["status"] == "ineligible":
                continue
            p, support = r["program"], r["estimated_support_krw"]
            if r["funding_kind"] in ("loan", "guarantee"):  # credit: not summed as support
                sums["eligible" if r["status"] == "eligible" else "needs_info"][p] += 1
                continue
            if r["status"] == "needs-info":
                sums["needs_info"][p] += 1
                if support is None:
                    sums["needs_info_unknown_firms"][p] += 1
                else:
                    sums["needs_info_max_krw"][p] += support
                continue
            sums["eligible"][p] += 1
            if support is None:
                sums["demand_unknown_firms"][p] += 1
            elif r["support_is_cap"]:
                sums["demand_cap_krw"][p] += support
                sums["demand_cap_firms"][p] += 1
            else:
                sums["demand_krw"][p] += support
                sums["demand_firms"][p] += 1
    return coverage, settle, stating, sums, no_needs


def _check(cli, target, paths, programs, as_of=AS_OF):
    run = cli("gaps", target, "--as-of", as_of, "--format", "json", "--programs", programs)
    assert run.code == 0, run.err
    got = run.json()
    coverage, settle, stating, sums, no_needs = _recommend_sums(cli, paths, programs, as_of)
    for row in got["needs"]:
        need = row["need"]
        assert row["stating"] == stating[need], row
        for kind in FIVE:
            assert row[kind] == coverage[need, kind], (row, kind)
        assert sum(row[kind] for kind in FIVE) == row["stating"], row
        wanted = {fact: n for (of, fact), n in settle.items() if of == need}
        assert row["to_settle"] == wanted, row
    assert {r["need"] for r in got["needs"]} >= set(stating)
    assert got["summary"]["no_needs"] == no_needs
    for p in got["programs"]:
        for name, counted in sums.items():
            want = counted[p["program"]]
            if name.endswith("_krw"):  # an amount no firm gave is unknown, never zero
                firms = {"demand_krw": "demand_firms", "demand_cap_krw": "demand_cap_firms"}
                given = p[firms[name]] if name in firms else (
                    p["needs_info"] - p["needs_info_unknown_firms"])  # fmt: skip
                want = want if given else None
            if p["funding_kind"] in ("loan", "guarantee") and name not in (
                "eligible",
                "needs_info",
            ):
                want = None if name.endswith("_krw") else 0  # credit: see the kinds table
            assert p[name] == want, (p, name)
        demand, budget = p["demand_krw"], p["budget_krw"]
        ratio = round(demand / budget, 2) if budget and demand is not None else None
        assert p["demand_to_budget"] == ratio, p
    return got


def test_gaps_over_the_examples_equals_the_sum_of_recommend(cli, tmp_path):
    paths = sorted((ROOT / "profiles").glob("*.toml"))
    got = _check(cli, ROOT / "profiles", paths, _catalog(tmp_path))
    maintenance = next(r for r in got["needs"] if r["need"] == "maintenance")
    assert maintenance["stating"] >= 1  # and the maintenance row always shows
    assert got["summary"]["read"] == len(paths)
    assert any(r["covered_possible"] for r in got["needs"]), "the split is exercised"


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
    got = _check(cli, folder, paths, _catalog(tmp_path), "2026-03-02")
    kinds = {kind for r in got["needs"] for kind in FIVE if r[kind]}
    assert {"covered_sure", "covered_possible", "uncovered"} <= kinds, kinds


def test_breakdowns_add_up_to_the_whole(cli):
    whole = cli("gaps", ROOT / "profiles", "--as-of", AS_OF, "--format", "json").json()
    for by in ("district", "size", "level", "root", "division"):
        split = cli("gaps", ROOT / "profiles", "--as-of", AS_OF, "--format", "json",
                    "--by", by).json()  # fmt: skip
        for need in {r["need"] for r in whole["needs"]}:
            total = next(r for r in whole["needs"] if r["need"] == need)
            parts = [r for r in split["needs"] if r["need"] == need]
            for key in ("stating", *FIVE):
                assert sum(r[key] for r in parts) == total[key], (by, need, key)
            settled: Counter = Counter()
            for r in parts:
                settled.update(r["to_settle"])
            assert dict(settled) == total["to_settle"], (by, need)
        assert len({r["group"] for r in split["needs"]}) >= 2, by


def test_gaps_reads_lists_as_batch_does_and_loses_no_row(cli, tmp_path):
    source = DATA / "registry" / "factoryon.xlsx"
    out = tmp_path / "needs.csv"
    run = cli("gaps", source, "--as-of", "2026-11-26", "--format", "csv", "-o", out,
              "--by", "district")  # fmt: skip
    assert run.code == 1  # three rows are rejected; the rest are counted
    assert "read 120 = scored 117 + rejected 3" in run.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    groups = {r["group"] for r in rows}
    assert "incheon/yeongjong" in groups and "gyeonggi/hwaseong-manse" in groups
    assert sum(int(r["firms"]) for r in rows if r["need"] == "maintenance") == 117


def test_the_table_shows_maintenance_and_says_what_demand_is(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    run = cli("gaps", ROOT / "profiles", "--as-of", AS_OF)
    assert run.code == 0
    assert "maintenance" in run.out and "(유지보수·사후관리·A/S)" in run.out
    heads = " ".join(run.out.split())  # headers wrap: their words, the rows' lines joined
    words = set(heads.split())
    assert {"covered", "for", "sure", "possibly", "closed", "only", "short"} <= words
    assert "Programs: demand of eligible firms" in run.out and "credit" in run.out
    assert "firms with an upper bound" not in run.out and "0원 –" not in run.out
    assert "Demand: the estimated support of eligible firms" in run.out
    data = cli("gaps", ROOT / "profiles", "--as-of", AS_OF, "--format", "json").json()
    for r in data["needs"]:  # a line says what would settle each need possibly covered
        line = f"{r['need']} ({vocab.NEEDS.label(r['need'])}): {r['covered_possible']} firm"
        assert (line in heads) == bool(r["covered_possible"]), r["need"]


def test_the_table_says_what_would_settle_a_possible_coverage_largest_first(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    run = cli("gaps", DATA / "registry" / "factoryon.xlsx", "--as-of", "2026-11-26", "--need",
              "maintenance")  # fmt: skip
    data = cli("gaps", DATA / "registry" / "factoryon.xlsx", "--as-of", "2026-11-26", "--need",
               "maintenance", "--format", "json").json()  # fmt: skip
    row = next(r for r in data["needs"] if r["need"] == "maintenance")
    line = next(line for line in run.out.splitlines() if "possibly covered; to settle" in line)
    from sfmatch.labels import CRITERION

    facts = sorted(row["to_settle"].items(), key=lambda item: -item[1])
    said = [f"{CRITERION[fact]} for {n:,} firm" for fact, n in facts]
    positions = [line.index(s) for s in said]
    assert positions == sorted(positions), line  # largest first


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


def _kinds(cli, folder: Path, programs: Path, need: str) -> dict[str, str]:
    """Each firm's coverage of a need, as `recommend` run on that catalog gives it."""
    found = {}
    for path in sorted(folder.glob("*.toml")):
        data = cli("recommend", path, "--as-of", AS_OF, "--format", "json",
                   "--programs", programs).json()  # fmt: skip
        if need in (data["company"]["needs"] or []):
            found[path.stem] = _kind(data["results"], need)
    return found


def _moves(before: dict[str, str], after: dict[str, str]) -> dict[str, int]:
    """The firms a what-if moves, firm by firm, as the policy view counts them."""
    sure, possible = "covered_sure", "covered_possible"
    moves = {"newly_sure": 0, "newly_possible": 0, "losing_sure": 0, "losing_possible": 0}
    for firm, was in before.items():
        now = after[firm]
        moves["newly_sure"] += now == sure != was
        moves["newly_possible"] += now == possible and was not in (sure, possible)
        moves["losing_sure"] += was == sure != now
        moves["losing_possible"] += was == possible and now not in (sure, possible)
    return moves


def test_a_what_if_program_covers_the_firms_it_should(cli, tmp_path):
    """The proposed Incheon maintenance program covers Incheon's micro, small and medium firms
    that need maintenance, for sure: here exactly two of the four (a and b); the what-if's
    sure, possible and uncovered counts and the firms it moves are those of `recommend` run on
    both catalogs, firm by firm."""
    import shutil

    folder = tmp_path / "firms"
    folder.mkdir()
    _firm(folder, "a-incheon-medium", region="인천", district="남동구", needs=["maintenance"])
    _firm(folder, "b-incheon-small", region="인천", district="부평구", employees=20,
          revenue_krw="50억", needs=["maintenance"])  # fmt: skip
    _firm(folder, "c-busan-medium", region="부산", needs=["maintenance"])
    _firm(folder, "d-incheon-midsize", region="인천", revenue_krw="1,500억", needs=["maintenance"])
    _firm(folder, "e-incheon-no-need", region="인천", needs=["ai"])
    scenario = ROOT / "programs" / "scenarios" / "incheon-maintenance"
    catalog = _catalog(tmp_path)
    proposed = tmp_path / "proposed"
    shutil.copytree(catalog, proposed)
    shutil.copy(scenario / "ic-maintenance-cost-proposal.toml", proposed)
    args = ("gaps", folder, "--as-of", AS_OF, "--format", "json", "--programs", catalog)
    run = cli(*args, "--with", scenario)
    assert run.code == 0, run.err
    got = run.json()
    row = next(r for r in got["needs"] if r["need"] == "maintenance")
    before = _kinds(cli, folder, catalog, "maintenance")
    after = _kinds(cli, folder, proposed, "maintenance")
    assert after["a-incheon-medium"] == after["b-incheon-small"] == "covered_sure"
    assert {f for f, k in after.items() if k == "covered_sure" != before[f]} <= {
        "a-incheon-medium", "b-incheon-small"}  # fmt: skip
    assert row["stating"] == 4
    for key, kind in (("what_if_sure", "covered_sure"), ("what_if_possible", "covered_possible"),
                      ("what_if_uncovered", "uncovered")):  # fmt: skip
        assert row[key] == sum(k == kind for k in after.values()), (row, key)
    assert {k: row[k] for k in _moves(before, after)} == _moves(before, after), row
    assert row["losing_sure"] == row["losing_possible"] == 0  # adding a program takes nothing
    proposal = next(p for p in got["what_if_programs"]
                    if p["program"] == "ic-maintenance-cost-proposal")  # fmt: skip
    assert proposal["eligible"] == 3  # a, b and e (e states no maintenance need)
    # at most 2,000만 each: no budget is given beyond the firm's 4,000만, so 2,000만 estimates
    assert (proposal["demand_krw"], proposal["demand_firms"]) == (60_000_000, 3)
    # leaving the national A/S programs out covers nobody new; whom it takes is recommend's
    removed = ("kr-kosmes-sf-as-2021", "kr-kosmes-sf-as-subscription")
    without = tmp_path / "without"
    shutil.copytree(catalog, without)
    for program in removed:
        next(without.rglob(f"{program}.toml")).unlink()
    run = cli(*args, *(f"--without={program}" for program in removed))
    lost = next(r for r in run.json()["needs"] if r["need"] == "maintenance")
    moves = _moves(before, _kinds(cli, folder, without, "maintenance"))
    assert moves["newly_sure"] == moves["newly_possible"] == 0
    assert {k: lost[k] for k in moves} == moves, lost


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
        kind = _kind(data["results"], "maintenance")
        if "maintenance" in (data["company"]["needs"] or []) and kind != "covered_sure":
            expected[data["company"]["name"]] = kind.replace("covered_", "")
    assert {r["name"]: r["coverage"] for r in rows} == expected and expected
    for r in rows:
        assert "kr-kosmes-sf-as-2021: " in r["reasons"] and r["file"].endswith(".toml")
    # firms only possibly covered are listed too, with what to confirm
    registry = (DATA / "registry" / "factoryon.xlsx", "--as-of", "2026-11-26", "--need", "유지보수")
    row = next(r for r in cli("gaps", *registry, "--format", "json").json()["needs"]
               if r["need"] == "maintenance")  # fmt: skip
    listed = cli("gaps", *registry, "--list-uncovered", "maintenance", "--format", "json").json()
    kinds = Counter(r["coverage"] for r in listed["uncovered"])
    assert len(listed["uncovered"]) == row["stating"] - row["covered_sure"]
    assert kinds["possible"] == row["covered_possible"] > 0, kinds
    assert kinds["uncovered"] == row["uncovered"], kinds
    run = cli("gaps", ROOT / "profiles", "--list-uncovered", "everything")
    assert run.code == 2 and "--list-uncovered" in run.err


def test_a_need_can_be_taken_as_every_firms_for_a_registry_export(cli):
    source = DATA / "registry" / "factoryon.xlsx"
    plain = cli("gaps", source, "--as-of", "2026-11-26", "--format", "json").json()
    assert plain["summary"]["no_needs"] == 117  # the registry states no needs
    run = cli("gaps", source, "--as-of", "2026-11-26", "--format", "json", "--need", "유지보수")
    row = next(r for r in run.json()["needs"] if r["need"] == "maintenance")
    assert row["stating"] == 117 and run.json()["summary"]["no_needs"] == 0
    assert sum(row[kind] for kind in FIVE) == 117
    # the registry gives no prior participation, no level: most firms are only possibly covered,
    # and what would settle it is counted per fact, each at most the possible firms
    assert row["covered_possible"] and row["to_settle"]
    assert max(row["to_settle"].values()) <= row["covered_possible"] <= sum(
        row["to_settle"].values())  # fmt: skip


def _sheets(path):
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    # under the header row a person reads, the codes and the rows, as the CSV has them
    return {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)][1:] for sheet in book}


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
    assert len(sheets["rejected"]) == 1 + 3
    about = dict(sheets["about"][1:])
    assert (about["read"], about["scored"], about["rejected"]) == (120, 117, 3)
    groups = {row[0]: row[1] for row in sheets["groups"][1:]}
    assert sum(groups.values()) == 117 and "incheon/yeongjong" in groups


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
    assert "필요 분야별 지원 현황" in korean and "전체 기업" in korean
    assert "유지보수·사후관리·A/S" in korean


def test_a_breakdown_is_one_table_a_need_groups_as_rows_the_most_uncovered_first(cli, monkeypatch):
    """`--by district` on the registry: one table for the need (not a table per district),
    districts named as people name them, the most uncovered first, 30 at most with a line for
    the rest; every figure as the JSON has it, never cropped at any width."""
    from rich.cells import cell_len

    from sfmatch.labels import group_words
    from sfmatch.render.gaps import MAX_GROUPS

    source = DATA / "registry" / "factoryon.xlsx"
    args = (source, "--as-of", "2026-11-26", "--need", "유지보수", "--by", "district")
    rows = [r for r in cli("gaps", *args, "--format", "json").json()["needs"]
            if r["need"] == "maintenance"]  # fmt: skip
    rows.sort(key=lambda r: (-r["uncovered"], -r["stating"], r["group"]))
    assert len(rows) > MAX_GROUPS and rows[0]["uncovered"] > rows[-1]["uncovered"]
    for lang in ("ko", "en"):
        for width in (60, 80, 100, 160):
            monkeypatch.setenv("COLUMNS", str(width))
            out = cli("gaps", *args, "--lang", lang).out
            lines = out.splitlines()
            assert all(cell_len(line) <= width for line in lines), (lang, width)
            title = (
                "유지보수·사후관리·A/S: 시·군·구별 현황"
                if lang == "ko"
                else "maintenance by district"
            )
            assert out.count(title) == 1, (lang, width)
            block = lines[lines.index(next(x for x in lines if title in x)) :]
            block = block[next(n for n, x in enumerate(block) if "───" in x) + 1 :]
            block = block[: next(n for n, x in enumerate(block) if not x.strip())]
            data = [x for x in block if re.search(r"\d%?\s*$", x)]  # a wrapped name's rest: none
            got = [[t for t in x.split() if re.fullmatch(r"[\d,]+%?", t)][:2] for x in data]
            want = [[f"{r['stating']:,}", f"{r['uncovered']:,}"] for r in rows[:MAX_GROUPS]]
            assert got == want, (lang, width)
            if width >= (100 if lang == "ko" else 160):  # every name whole on its line
                for r, x in zip(rows[:MAX_GROUPS], data, strict=True):
                    assert x.startswith(f" {group_words(r['group'], 'district').say(lang)} ")
            more = str(len(rows) - MAX_GROUPS)
            assert (f"{more}개 그룹" if lang == "ko" else f"{more} more groups") in out
    monkeypatch.setenv("COLUMNS", "100")
    korean = cli("gaps", *args, "--lang", "ko").out
    assert "인천광역시 영종구" in korean and "busan/" not in korean  # names, not codes
    plain = cli("gaps", source, "--as-of", "2026-11-26", "--need", "유지보수", "--lang", "en").out
    assert "maintenance by " not in plain  # no breakdown asked, none shown


def test_sejong_is_its_own_group_having_no_district(cli, tmp_path):
    """Issue 20: 세종 has no 시·군·구 tier: its firms are grouped as 세종, never as a region whose
    district is unknown (an Incheon firm without its district still is)."""
    source = tmp_path / "list.csv"
    source.write_text(
        "기업명,소재지,업종코드,상시근로자수,필요분야\n가나,세종특별자치시,C25,12,유지보수\n"
        "다라,세종시 조치원읍,C25,8,유지보수\n마바,인천,C25,5,유지보수\n",
        encoding="utf-8",
    )
    run = cli("gaps", source, "--by", "district", "--format", "json", "--as-of", "2026-11-27")
    groups = {row["group"] for row in run.json()["needs"]}
    assert "sejong" in groups and "incheon (district unknown)" in groups
    assert not any(g.startswith("sejong ") for g in groups)
