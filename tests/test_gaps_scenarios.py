"""Runs every file in tests/gaps/: fictional firms against a small program set (and, where the
file has a `[what_if]`, a what-if catalog: programs added, ids left out), through `sfmatch gaps
--format json`, checked against coverage, demand and breakdown numbers worked out by hand (each
file's comments show the arithmetic). `"none"` stands for JSON null. Every format then holds the
same needs rows, the five kinds of coverage adding up to the firms stating the need."""

from __future__ import annotations

import csv
import html
import io
import re
import tomllib
from pathlib import Path

import pytest
import tomli_w

GAPS_DIR = Path(__file__).parent / "gaps"
FIVE = ("covered_sure", "covered_possible", "closed-only", "cofunding", "uncovered")


def _files():
    for path in sorted(GAPS_DIR.glob("*.toml")):
        yield pytest.param(tomllib.loads(path.read_text(encoding="utf-8")), id=path.stem)


def _folder(path: Path, programs: list[dict], defaults: dict) -> Path:
    path.mkdir()
    for program in programs:
        data = {**defaults, **program}
        (path / f"{program['id']}.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def _args(tmp_path: Path, scenario: dict) -> tuple:
    """The `gaps` command line for a scenario, its programs and firms written out."""
    defaults = scenario.get("program_defaults", {})
    programs = _folder(tmp_path / "programs", scenario["programs"], defaults)
    firms = tmp_path / "firms"
    firms.mkdir()
    for n, firm in enumerate(scenario["firms"], 1):
        (firms / f"{n:02d}.toml").write_text(tomli_w.dumps(firm), encoding="utf-8")
    args = ["gaps", firms, "--programs", programs, "--as-of", str(scenario["as_of"])]
    what_if = scenario.get("what_if")
    if what_if is not None:
        added = _folder(tmp_path / "what-if", what_if.get("programs", []), defaults)
        args += ["--with", added]
        for program_id in what_if.get("without", []):
            args += ["--without", program_id]
    return tuple(args)


def _same(got: dict, expected: dict, where: str) -> None:
    for key, value in expected.items():
        want = None if value == "none" else value
        assert got[key] == pytest.approx(want) if isinstance(want, float) else got[key] == want, (
            f"{where}: {key} is {got[key]!r}, expected {want!r}"
        )


@pytest.mark.parametrize("scenario", list(_files()))
def test_gaps_scenario(cli, tmp_path, scenario):
    args = _args(tmp_path, scenario)
    expect = scenario["expect"]
    run = cli(*args, "--format", "json")
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
    for table in ("programs", "what_if_programs"):
        rows = {r["program"]: r for r in got.get(table, [])}
        for program, row in expect.get(table, {}).items():
            _same(rows[program], row, f"{table}: {program}")
    kinds = {r["funding_kind"]: r for r in got["kinds"]}
    assert set(kinds) >= set(expect.get("kinds", {}))
    for kind, row in expect.get("kinds", {}).items():
        _same(kinds[kind], row, f"kind {kind}")
    for by, groups in expect.get("by", {}).items():
        split = cli(*args, "--format", "json", "--by", by).json()
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


def _settle_cell(to_settle: dict) -> str:
    return "; ".join(f"{name} {n}" for name, n in to_settle.items())


def _number(cell) -> float | None:
    return None if cell in (None, "") else float(cell)


@pytest.mark.parametrize("scenario", list(_files()))
def test_every_format_holds_the_same_needs_and_they_add_up(cli, tmp_path, scenario):
    """CSV, the workbook and the page hold the JSON's needs rows; in each the five kinds of
    coverage add up to the firms stating the need."""
    import openpyxl

    args = _args(tmp_path, scenario)
    page, book = tmp_path / "gaps.html", tmp_path / "gaps.xlsx"
    data = cli(*args, "--format", "json", "--html", page).json()
    rows = data["needs"]
    for r in rows:
        assert sum(r[k] for k in FIVE) == r["stating"], r
        assert max(r["to_settle"].values(), default=0) <= r["covered_possible"], r
        if r["covered_possible"]:  # each possibly covered firm lacks some fact
            assert sum(r["to_settle"].values()) >= r["covered_possible"], r
        else:
            assert r["to_settle"] == {}, r
    run = cli(*args, "--format", "csv")
    assert run.code == 0, run.err
    table = list(csv.DictReader(io.StringIO(run.out.lstrip("\ufeff"))))
    assert cli(*args, "-o", book).code == 0
    sheet = openpyxl.load_workbook(book, read_only=True)["needs"]
    cells = [list(r) for r in sheet.iter_rows(values_only=True)][1:]  # under the labels
    workbook = [dict(zip(cells[0], r, strict=True)) for r in cells[1:]]
    assert len(table) == len(workbook) == len(rows)
    for r, c, w in zip(rows, table, workbook, strict=True):
        for got in (c, w):
            assert (got["group"], got["need"]) == (r["group"], r["need"])
            assert _number(got["stating"]) == r["stating"]
            assert sum(_number(got[k]) for k in FIVE) == r["stating"], got
            assert [_number(got[k]) for k in FIVE] == [r[k] for k in FIVE], got
            assert (got["to_settle"] or "") == _settle_cell(r["to_settle"]), got
    text = re.sub(r"<svg.*?</svg>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))
    for r in rows:  # the page's coverage table: need, stating, the five, % uncovered
        found = re.search(rf"\({re.escape(r['need'])}\) ([\d,]+) ([\d,]+) ([\d,]+) ([\d,]+) "
                          rf"([\d,]+) ([\d,]+) ", text)  # fmt: skip
        assert found, r["need"]
        stating, *five = (int(n.replace(",", "")) for n in found.groups())
        assert stating == r["stating"] and five == [r[k] for k in FIVE], r["need"]
        assert sum(five) == stating
