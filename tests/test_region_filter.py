"""`--region` and `--district` keep a list to one place (issue 19): every command that reads
lists keeps the same rows, those whose place is surely in it, and counts the rest apart: the
contract's `read = scored + rejected` holds for the rows read, and every row of the list is read
or left out."""

from __future__ import annotations

import csv
import re

import pytest

from conftest import DATA

REGISTRY = DATA / "registry" / "factoryon.xlsx"
AS_OF = "2026-11-26"
SUMMARY = re.compile(
    r"read (\d+) = (?:scored|converted) (\d+) \+ rejected (\d+)(?:; (\d+) rows outside .+ left out)?"
)


def _counts(err: str) -> tuple[int, int, int, int]:
    read, scored, rejected, outside = SUMMARY.search(err).groups()
    return int(read), int(scored), int(rejected), int(outside or 0)


def test_batch_gaps_and_convert_keep_the_same_rows(cli, tmp_path):
    whole = cli("batch", REGISTRY, "-o", tmp_path / "all.json", "--as-of", AS_OF)
    entries = __import__("json").loads((tmp_path / "all.json").read_text("utf-8"))["applicants"]
    incheon = sorted(e["row"] for e in entries if e["company"]["region"] == "incheon")
    assert 0 < len(incheon) < len(entries)
    read_all = _counts(whole.err)[0]

    run = cli("batch", REGISTRY, "-o", tmp_path / "ic.json", "--as-of", AS_OF, "--region", "인천")
    kept = __import__("json").loads((tmp_path / "ic.json").read_text("utf-8"))
    assert sorted(e["row"] for e in kept["applicants"]) == incheon
    read, scored, rejected, outside = _counts(run.err)
    assert read + outside == read_all and read == scored + rejected and scored == len(incheon)
    assert kept["summary"]["outside"] == outside > 0

    run = cli("batch", REGISTRY, "-o", tmp_path / "ic.csv", "--as-of", AS_OF, "--region", "인천")
    rows = list(csv.DictReader((tmp_path / "ic.csv").open(encoding="utf-8-sig")))
    assert sorted({int(r["row"]) for r in rows}) == incheon
    assert {r["region"] for r in rows} == {"incheon"} and _counts(run.err)[1] == len(incheon)

    gaps = cli("gaps", REGISTRY, "--as-of", AS_OF, "--region", "인천광역시", "--format", "json")
    assert gaps.json()["summary"]["firms"] == len(incheon)
    assert gaps.json()["summary"]["outside"] == outside

    run = cli("convert", REGISTRY, "-o", tmp_path / "profiles", "--region", "인천")
    assert len(list((tmp_path / "profiles").glob("*.toml"))) == _counts(run.err)[1]
    assert _counts(run.err)[3] == outside


def test_a_district_keeps_only_the_rows_surely_in_it(cli, tmp_path):
    """`인천 남동구` written in --region, or as --district: the same rows; a row of Incheon with no
    district may be in 남동구 or not, so it is left out, as every other district's."""
    runs = [
        cli("batch", REGISTRY, "-o", tmp_path / f"{n}.csv", "--as-of", AS_OF, *args)
        for n, args in enumerate(
            (("--region", "인천 남동구"), ("--region", "인천광역시", "--district", "남동구"))
        )
    ]
    tables = [list(csv.DictReader((tmp_path / f"{n}.csv").open(encoding="utf-8-sig")))
              for n in range(2)]  # fmt: skip
    assert tables[0] == tables[1] and _counts(runs[0].err) == _counts(runs[1].err)
    assert {r["district"] for r in tables[0]} == {"incheon/namdong"}
    wide = cli("batch", REGISTRY, "-o", tmp_path / "ic.csv", "--as-of", AS_OF, "--region", "인천")
    assert _counts(wide.err)[1] > _counts(runs[0].err)[1]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--district", "남동구"), "--district: needs --region"),
        (("--region", "아틀란티스"), "--region: unknown region"),
        (("--region", "서울", "--district", "남동구"), "--district: no district '남동구'"),
    ],
)
def test_a_place_that_names_nothing_is_one_usage_line(cli, tmp_path, args, fragment):
    for command in ("batch", "gaps", "convert"):
        out = (
            ("-o", tmp_path / ("x.csv" if command == "batch" else "x")) if command != "gaps" else ()
        )
        run = cli(command, REGISTRY, *out, *args)
        assert run.code == 2 and len(run.err_lines) == 1 and fragment in run.err, command


def test_rows_left_out_say_nothing_of_how_they_were_read(cli, tmp_path):
    """How a place was read (an old name, a merged region) is said of the rows kept only: the
    registry's 광주 and 전라남도 rows are not Incheon's business."""
    whole = cli("batch", REGISTRY, "-o", tmp_path / "all.csv", "--as-of", AS_OF, "--lang", "ko")
    assert "전남광주통합특별시" in whole.err
    kept = cli("batch", REGISTRY, "-o", tmp_path / "ic.csv", "--as-of", AS_OF, "--lang", "ko",
               "--region", "인천")  # fmt: skip
    assert "전남광주통합특별시" not in kept.err and "제물포구" in kept.err


@pytest.mark.parametrize("name", ["factoryon.xlsx", "datagokr_cp949.csv"])
@pytest.mark.parametrize("region", [None, "인천광역시"])
def test_convert_and_batch_say_the_same_of_places(cli, tmp_path, name, region):
    """Issue 20: one reading, one report: how places were read (old names, divided districts),
    with the same row counts, from `batch` and from `convert` of the same list."""
    source = DATA / "registry" / name
    extra = ["--region", region] if region else []

    def readings(err: str) -> list[str]:
        return sorted(line for line in err.splitlines()
                      if line.startswith("warning:") and (" row: " in line or " rows: " in line))  # fmt: skip

    batch = cli("batch", source, "-o", tmp_path / "o.csv", "--as-of", "2026-03-02", *extra)
    convert = cli("convert", source, "-o", tmp_path / "profiles", *extra)
    assert readings(batch.err) and readings(batch.err) == readings(convert.err)
