"""Every short way `batch` takes for speed must give what the plain way gives.

- CSV text formatted a chunk at a time (`BatchCsv`) equals `write_csv` over `batch_rows`, byte for
  byte, for names that need quoting or neutralising, and with duplicate flags filled in later.
- Worker processes (`--jobs 2`) give the same files and the same summary as one process.
- Plain money cells ("8,500") read as the Decimal way reads them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from dataclasses import replace
from decimal import Decimal

import pytest

from sfmatch.applicants import Applicant, _money
from sfmatch.batch import OtherSite, Scored
from sfmatch.output import CsvCells, write_csv
from sfmatch.render.batch import BATCH_COLUMNS, BatchCsv, batch_rows, with_file
from sfmatch.results import Line, Outline, WindowState
from sfmatch.units import MAX_KRW

from conftest import AS_OF, DATA, ROOT

NASTY = ["", "plain", "a,b", 'say "hi"', "two\nlines", "cr\rhere", "=1+2", "+82", "-5", "@x",
         "\ttab", " lead", "nul\x00inside", "한울, 정밀", "(주)가온", "'quoted'", '"', ","]  # fmt: skip


WINDOWS = [WindowState("open", closes=dt.date(2026, 4, 1), days_left=30),
           WindowState("closed", closes=dt.date(2026, 1, 1), next_opens=dt.date(2027, 1, 1)),
           WindowState("rolling")]  # fmt: skip


def _line(rng: random.Random) -> Line:
    return Line(
        program=rng.choice(["kr-a", "kr-b", "ic-c"]),
        name_ko=rng.choice([None, "스마트공장 구축", "A/S, 유지보수", "=수식"]),
        status=rng.choice(["eligible", "needs-info"]),
        score=rng.choice([0.0, 57.5, 100.0, 33.3]),
        window=rng.choice(WINDOWS),
        covers=tuple(rng.sample(["maintenance", "ai", "build"], rng.randint(0, 2))),
        support=rng.choice([None, 0, 20_000_000]),
        own=rng.choice([None, 0, 5_000_000]),
        short=rng.choice([None, True, False]),
        near_miss=rng.choice([True, False]),
    )


def _scored(rng: random.Random, row: int) -> Scored:
    from sfmatch.models import Profile

    data = {"name": rng.choice(NASTY[1:]) + str(row), "region": "incheon", "ksic": "C25",
            "employees": 5}  # fmt: skip
    if rng.random() < 0.3:
        data["brn"] = "131-86-04565"
    gaps = tuple(rng.sample([("maintenance", "uncovered"), ("ai", "cofunding")], rng.randint(0, 2)))
    outline = Outline(
        size=rng.choice([None, "small"]),
        results=tuple(_line(rng) for _ in range(rng.randint(0, 3))),
        gaps=gaps,
    )
    duplicate = rng.choice([None, None, f"row {row - 1} (same BRN)", 'row 2 ("quoted", odd)'])
    other = None
    if duplicate is None and rng.random() < 0.3:  # its other factory, perhaps: the last column
        other = OtherSite(f'row {row - 1} (same name in another 시·군·구 of "incheon")')
    applicant = Applicant(row, Profile.model_validate(data))
    return Scored(applicant, outline, duplicate, other_site_of=other)


@pytest.mark.parametrize("seed", range(5))
def test_chunked_csv_equals_write_csv(seed):
    rng = random.Random(seed)
    items = [_scored(rng, row) for row in range(2, 202)]
    folder = seed % 2 == 1  # a folder of profiles: a `file` column at the end
    if folder:
        items = [replace(s, applicant=replace(s.applicant, file=f"p/{s.applicant.row}.toml"))
                 for s in items]  # fmt: skip
    expected = io.StringIO(newline="")
    write_csv(expected, with_file(BATCH_COLUMNS, folder), batch_rows(items))

    fast = BatchCsv()
    got = fast.header(folder)
    for start in range(0, len(items), 37):  # chunks of any size, flags filled in afterwards
        chunk = items[start : start + 37]
        heads = [(s.applicant.row, s.applicant.profile.name, s.applicant.profile.brn,
                  s.applicant.profile.region, s.applicant.profile.district, s.applicant.file)
                 for s in chunk]  # fmt: skip
        block = fast.block(heads, [s.outline for s in chunk])
        got += fast.fill(block, [item.duplicate_of or item.other_site_of for item in chunk])
    assert got == expected.getvalue()


@pytest.mark.parametrize("seed", range(5))
def test_xlsx_rows_laid_out_by_workers_equal_batch_rows(tmp_path, seed):
    """The rows `xlsx_block` lays out in worker processes, numbered and flagged by `xlsx_rows`,
    make the same workbook, byte for byte, as `batch_rows` written cell by cell."""
    from sfmatch.render import batch as out

    rng = random.Random(seed)
    items = [_scored(rng, row) for row in range(2, 202)]
    folder = seed % 2 == 1
    if folder:
        items = [replace(s, applicant=replace(s.applicant, file=f"p/{s.applicant.row}.toml"))
                 for s in items]  # fmt: skip
    columns = with_file(BATCH_COLUMNS, folder)
    out.write_xlsx(tmp_path / "cells.xlsx", columns, batch_rows(items, "ko"), [], AS_OF_DAY, "ko")

    out._XLSX.clear()  # as a fresh worker
    assert out.xlsx_block([], [], "ko", run="before") == ([], [], [], [], [], [], [])
    blocks = []
    for start in range(0, len(items), 37):
        chunk = items[start : start + 37]
        heads = [(s.applicant.row, s.applicant.profile.name, s.applicant.profile.brn,
                  s.applicant.profile.region, s.applicant.profile.district, s.applicant.file)
                 for s in chunk]  # fmt: skip
        laid = out.xlsx_block(heads, [s.outline for s in chunk], "ko", run=f"seed {seed}")
        blocks.append((laid, [item.duplicate_of or item.other_site_of for item in chunk]))
    out.write_xlsx(tmp_path / "laid.xlsx", columns, out.xlsx_rows(blocks), [], AS_OF_DAY, "ko")
    assert (tmp_path / "laid.xlsx").read_bytes() == (tmp_path / "cells.xlsx").read_bytes()


AS_OF_DAY = dt.date.fromisoformat(AS_OF)


def test_text_cells_are_quoted_as_csv_quotes_them():
    cells = CsvCells()
    rng = random.Random(3)
    alphabet = 'ab,"\n\r\t=+-@ 가\x00'
    texts = NASTY + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(3000)
    ]
    for text in texts:
        buffer = io.StringIO(newline="")
        write_csv(buffer, ["x", "y"], [[text, 1]])
        expected = buffer.getvalue().split("\r\n", 1)[1].removesuffix(",1\r\n")
        assert cells(text) == expected == cells.text(text), repr(text)


def test_plain_money_cells_read_as_decimals_do():
    rng = random.Random(5)
    for _ in range(2000):
        scale = rng.choice([1, 1000, 10**6, 10**8])
        number = str(rng.randint(0, MAX_KRW // scale))  # amounts past 1,000조 are refused
        text = f"{int(number):,}" if rng.random() < 0.5 else number
        text = rng.choice(["", " "]) + text + rng.choice(["", " "])
        assert _money(text, scale) == int(Decimal(number) * scale)


def _list_with_everything(tmp_path, rows: int) -> str:
    """A list long enough for several chunks, with rejections, blanks and duplicates in it."""
    source = (DATA / "applicants" / "applicants.csv").read_text(encoding="utf-8").splitlines()
    header, body = source[1], [line for line in source[2:] if line.strip(",")]
    lines = [header]
    for n in range(rows):
        lines.append(body[n % len(body)])
        if n % 997 == 0:
            lines.append(",,,,,,,,,,,")
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("fmt", "mode"),
    [("csv", "--top"), ("json", "--top"), ("xlsx", "--top"), ("csv", "--program"),
     ("json", "--program")],
)  # fmt: skip
def test_worker_processes_give_the_same_results(cli, tmp_path, fmt, mode):
    source = _list_with_everything(tmp_path, 5000 if fmt == "csv" else 2500)
    runs = {}
    chosen = ["--top", "2"] if mode == "--top" else ["--program", "kr-kosmes-sf-as-2021"]
    for jobs in (1, 2):
        out = tmp_path / f"out-{jobs}.{fmt}"
        errors = tmp_path / f"errors-{jobs}.csv"
        run = cli("batch", source, "-o", out, "--errors", errors, "--jobs", str(jobs),
                  "--programs", DATA / "catalog", "--as-of", AS_OF, *chosen)  # fmt: skip
        assert run.code == 1, run.err  # some rows are rejected
        summary = run.err_lines[-1].split("; wrote")[0]
        runs[jobs] = (summary, errors.read_bytes(), _content(out, fmt))
    assert runs[1] == runs[2]
    summary = runs[1][0]
    assert "rejected 0" not in summary and "possible duplicates flagged" in summary
    assert "blank rows skipped" in summary


def _content(path, fmt):
    if fmt != "xlsx":
        return path.read_bytes()
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


def test_example_profiles_with_workers(cli, tmp_path):
    """A folder of profiles goes through workers too."""
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"{jobs}.csv"
        run = cli("batch", ROOT / "profiles", "-o", out, "--jobs", jobs, "--as-of", AS_OF)
        assert run.code == 0, run.err
        outs.append(list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")))))
    assert outs[0] == outs[1] and len(outs[0]) > 11


@pytest.mark.parametrize("size", [1, 2, 7, 64, 1 << 20])
def test_lines_are_normalised_in_blocks_as_one_by_one(tmp_path, size):
    """NFC a block of lines at a time gives the lines that NFC line by line gives."""
    import unicodedata

    from sfmatch.applicants import _nfc_lines

    text = unicodedata.normalize(
        "NFD", '한울,"여러\r\n줄",x\r\n가온\r다솔\n\n"a,b"\r\n끝\u2028이어짐,z'
    )
    path = tmp_path / "lines.csv"
    path.write_bytes(text.encode("utf-8"))
    with path.open(encoding="utf-8", newline="") as handle:
        expected = [unicodedata.normalize("NFC", line) for line in handle]
    with path.open(encoding="utf-8", newline="") as handle:
        assert list(_nfc_lines(handle, size)) == expected


def test_workers_started_fresh_as_on_macos_and_windows(cli, tmp_path, monkeypatch):
    """Where processes cannot fork, workers start fresh and get everything by pickling."""
    import sfmatch.batch

    monkeypatch.setattr(sfmatch.batch, "START_METHOD", "spawn")
    source = _list_with_everything(tmp_path, 3000)
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"{jobs}.csv"
        run = cli("batch", source, "-o", out, "--jobs", jobs, "--programs", DATA / "catalog",
                  "--as-of", AS_OF)  # fmt: skip
        assert run.code == 1, run.err
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_is_one_line_and_leaves_no_file(cli, tmp_path, monkeypatch, jobs):
    """Ctrl-C while rows are scored: exit 130, one line, no partial results, no stray workers."""
    import multiprocessing

    import sfmatch.render.batch

    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(sfmatch.render.batch.BatchCsv, "fill", interrupted)
    out = tmp_path / "out.csv"
    run = cli("batch", _list_with_everything(tmp_path, 3000), "-o", out, "--jobs", jobs,
              "--programs", DATA / "catalog", "--as-of", AS_OF)  # fmt: skip
    assert (run.code, run.err_lines[-1]) == (130, "error: interrupted")
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["long.csv"]
    assert not multiprocessing.active_children()


def test_results_past_excel_row_limit_go_on_in_another_sheet(cli, tmp_path, monkeypatch):
    """A sheet holds 1,048,576 rows; xlsxwriter drops the rest silently, so they go on."""
    from openpyxl import load_workbook

    import sfmatch.render.xlsx

    monkeypatch.setattr(sfmatch.render.xlsx, "XLSX_MAX_ROWS", 7)
    out = tmp_path / "out.xlsx"
    run = cli("batch", ROOT / "profiles", "-o", out, "--as-of", AS_OF, "--top", "2")
    assert run.code == 0, run.err
    csv_out = tmp_path / "out.csv"
    cli("batch", ROOT / "profiles", "-o", csv_out, "--as-of", AS_OF, "--top", "2")
    expected = list(csv.reader(io.StringIO(csv_out.read_text(encoding="utf-8-sig"))))
    book = load_workbook(out, read_only=True)
    names = book.sheetnames
    results = [n for n in names if n.startswith("results")]
    assert results == ["results", *(f"results {i}" for i in range(2, len(results) + 1))]
    rows = []
    for name in results:
        sheet = list(book[name].iter_rows(values_only=True))
        assert list(sheet[1]) == expected[0] and 2 < len(sheet) <= 7  # codes under labels
        rows += sheet[2:]
    assert len(rows) == len(expected) - 1 and len(results) >= 3
    assert [str(r[0]) for r in rows] == [r[0] for r in expected[1:]]


def _flags_one_by_one(rows, keys):
    """The duplicate rule, plainly: dicts of first rows, one row at a time. The same BRN; else
    the same name in the same 시·군·구; else, where either row has no 시·군·구, the same name in
    the same 시·도. A name met before only in another 시·군·구 of the 시·도 is counted as the
    firm's other factory."""
    by_brn, by_region, by_district, alone = {}, {}, {}, {}
    flags, others = [], 0
    for row, (brn, region_key, district_key, region, district) in zip(rows, keys, strict=True):
        found = None
        if brn is not None and by_brn.setdefault(brn, row) != row:
            found = f"row {by_brn[brn]} (same BRN)"
        region_first = by_region.setdefault(region_key, row)
        if district_key is not None:
            district_first = by_district.setdefault(district_key, row)
            if found is None and district_first != row:
                found = f"row {district_first} (same name in {district})"
            elif found is None and region_key in alone:
                found = f"row {alone[region_key]} (same name in {region})"
        else:
            alone.setdefault(region_key, row)
            if found is None and region_first != row:
                found = f"row {region_first} (same name in {region})"
        if found is None and district_key is not None and region_first != row:
            others += 1
            found = f"row {region_first} (same name in another 시·군·구 of {region})"
        flags.append(found)
    return flags, others


@pytest.mark.parametrize("seed", range(5))
def test_compact_duplicate_index_flags_as_dicts_do(seed):
    """The index keeps 16 bytes a key in sorted arrays; it must flag exactly as dicts would,
    within a chunk and across chunks of any size, and count the other factories alike."""
    from sfmatch.batch import Duplicates, keys_of

    rng = random.Random(seed)
    n = 5000
    rows = sorted(rng.sample(range(2, 4 * n), n))
    places = [("incheon", None), ("incheon", "incheon/namdong"), ("incheon", "incheon/bupyeong"),
              ("busan", None), ("busan", "busan/gangseo")]  # fmt: skip
    keys = []
    for _ in range(n):
        region, district = rng.choice(places)
        name = rng.choice([f"firm {rng.randrange(10**9)}", f"firm {rng.randrange(300)}"])
        brn = rng.choice([None, None, f"{rng.randrange(1000):010d}"])
        keys.append(keys_of(name, brn, region, district))
    index, got, start = Duplicates(), [], 0
    while start < n:
        size = rng.choice([1, 7, 100, 2048])
        got += index.check(rows[start : start + size], keys[start : start + size])
        start += size
    expected, others = _flags_one_by_one(rows, keys)
    assert got == expected and index.other_sites == others
    assert sum(isinstance(f, OtherSite) for f in got) == others
    assert sum(f is not None and "BRN" in f for f in got) > 100
    assert sum(f is not None and "name" in f for f in got) > 100 and others > 50
    assert len(index.by_name.levels) < 16  # merged as it grows


def test_text_too_long_for_an_excel_cell_is_one_error_not_a_cut(cli, tmp_path, monkeypatch):
    import sfmatch.render.xlsx

    monkeypatch.setattr(sfmatch.render.xlsx, "XLSX_MAX_TEXT", 10)
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"previous results")
    run = cli("batch", ROOT / "profiles", "-o", out, "--as-of", AS_OF)
    assert run.code == 1
    assert run.err_lines == [
        "error: sheet results: row 3, column name: a text of 20 characters is longer than an Excel"
        " cell holds (10) (hint: write CSV or JSON instead (-o results.csv))"
    ]
    assert out.read_bytes() == b"previous results"


def test_no_worker_processes_possible_scores_in_one(cli, tmp_path, monkeypatch):
    """Where worker processes cannot start (no pipes or no fork in some sandboxes), the run goes
    on in one process, the same, with one warning."""
    import multiprocessing.context

    def no_pool(*_args, **_kwargs):
        raise OSError(38, "Function not implemented")

    source = _list_with_everything(tmp_path, 3000)
    plain = tmp_path / "plain.csv"
    cli(
        "batch",
        source,
        "-o",
        plain,
        "--jobs",
        "1",
        "--programs",
        DATA / "catalog",
        "--as-of",
        AS_OF,
    )
    monkeypatch.setattr(multiprocessing.context.BaseContext, "Pipe", no_pool)
    out = tmp_path / "out.csv"
    run = cli("batch", source, "-o", out, "--jobs", "2", "--programs", DATA / "catalog",
              "--as-of", AS_OF)  # fmt: skip
    assert run.code == 1  # rows rejected, as with one process
    assert ("warning: cannot start worker processes (Function not implemented); scoring in one"
            " process") in run.err_lines  # fmt: skip
    assert out.read_bytes() == plain.read_bytes()


@pytest.mark.parametrize(("cpu_max", "expected"), [("150000 100000", 2), ("max 100000", None),
                                                    ("50000 100000", 1), ("junk", None)])  # fmt: skip
def test_default_jobs_follow_a_container_cpu_quota(monkeypatch, cpu_max, expected):
    import os
    from pathlib import Path

    from sfmatch.commands import _lists as commands

    real = Path.read_text

    def read_text(self, *args, **kwargs):
        if str(self) == "/sys/fs/cgroup/cpu.max":
            return cpu_max + "\n"
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(64)), raising=False)
    assert commands._usable_cpus() == (expected or 64)


def test_absurd_numbers_in_a_list_are_scored_not_an_internal_error(cli, tmp_path):
    source = tmp_path / "typos.csv"
    source.write_text(
        "기업명,소재지,업종코드,상시근로자수,매출액\n"
        "가상,인천,C25,10,99999999999999999999999\n"
        "가상2,인천,C25,99999999999999999999,1억\n",
        encoding="utf-8",
    )
    for fmt in ("csv", "json"):
        run = cli("batch", source, "-o", tmp_path / f"out.{fmt}", "--as-of", AS_OF, "--top", "1")
        # a head count no employer has, and a revenue of 10^23 won, are no numbers a firm has:
        # each cell is read as unknown, the row scored
        assert run.code == 0, run.err
        assert "read 2 = scored 2 + rejected 0; 2 cells read as unknown" in run.err, run.err
        assert "a number of 20 digits" in run.err and "more than 1,000조" in run.err
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig"))))
    data = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert [r["program"] for r in rows] == [a["results"][0]["program"] for a in data["applicants"]]


def test_each_run_lays_out_its_own_workbook(cli, tmp_path):
    """Runs in one process (tests, library use) share no layout: a list's column widths do not
    depend on a longer list written before it."""
    header = "기업명,소재지,업종코드,상시근로자수\n"
    short = tmp_path / "short.csv"
    short.write_text(header + "가람,인천 남동구,C25,5\n", encoding="utf-8")
    long = tmp_path / "long.csv"
    long.write_text(header + "가" * 36 + ",인천 남동구,C25,5\n", encoding="utf-8")
    written = []
    for n, source in enumerate((short, long, short)):
        out = tmp_path / f"{n}.xlsx"
        assert cli("batch", source, "-o", out, "--as-of", AS_OF).code == 0
        written.append(out.read_bytes())
    assert written[0] == written[2] != written[1]
