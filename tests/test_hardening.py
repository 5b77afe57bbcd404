"""Hostile and broken inputs: a bad cell costs a cell, never the list; money follows the contract
exactly; no output cell can run as a formula; the same input gives the same bytes, XLSX included."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sfmatch.errors import ValueProblem
from sfmatch.output import formula_like, safe_cell
from sfmatch.units import MAX_KRW, parse_money

from conftest import AS_OF, DATA

CATALOG = DATA / "catalog"


def batch(cli, source, *extra):
    return cli("batch", source, "--programs", CATALOG, "--as-of", AS_OF, *extra)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_one_bad_money_cell_costs_that_cell_not_the_list(cli, tmp_path, fmt):
    source = tmp_path / "list.csv"
    rows = ["nan", "NaN", "inf", "Infinity", "1e400", "9" * 400, "1,5", "8,500"]
    source.write_text(
        "기업명,소재지,업종코드,상시근로자수,매출액(백만원)\n"
        + "".join(f'가람{i},인천,C25,12,"{value}"\n' for i, value in enumerate(rows)),
        encoding="utf-8",
    )
    run = batch(cli, source, "-o", tmp_path / f"out.{fmt}")
    assert run.code == 0, run.err
    assert f"read {len(rows)} = scored {len(rows)} + rejected 0; 7 cells read as unknown" in run.err
    assert "internal error" not in run.err


@pytest.mark.parametrize(
    "text", ["1,5억", "억", "만", "1,,000", ",1억", "1e3", "1억5000", "2억5천", "-3억", "nan"]
)
def test_money_strings_that_mean_something_else_or_nothing_are_refused(text):
    with pytest.raises(ValueProblem):
        parse_money(text)


@pytest.mark.parametrize(
    ("text", "won"),
    [("1.5억", 150_000_000), ("6,000만", 60_000_000), ("6000만원", 60_000_000),
     ("2억5천만", 250_000_000), ("500만원", 5_000_000), ("120,000,000", 120_000_000),
     ("2억 5천만", 250_000_000), ("1,000조", MAX_KRW)],
)  # fmt: skip
def test_the_contracts_money_forms_read_as_written(text, won):
    assert parse_money(text) == won


_UNITS = st.sampled_from(["", "조", "억", "만", "천", "백", "십", "원", "천만", "억원"])
_NUMBERS = st.integers(min_value=0, max_value=99_999).map(str) | st.sampled_from(
    ["1.5", "0.25", "6,000", "1,5", ",1", "1,,000", "", "e3", "nan", "-1"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_NUMBERS, _UNITS), min_size=1, max_size=4))
def test_any_money_string_is_an_amount_in_range_or_one_clear_problem(parts):
    text = "".join(n + u for n, u in parts)
    try:
        won = parse_money(text)
    except ValueProblem as exc:
        assert exc.what and "\n" not in exc.what
        return
    assert 0 <= won <= MAX_KRW


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "＝1+1", "＋1", "－1", "＠A1", " =1+1", "  @x"],
)
def test_formula_like_text_is_neutralised(text):
    assert formula_like(text) and safe_cell(text) == "'" + text
    assert not formula_like("한울정밀") and not formula_like("1 + 1")


def test_errors_file_headers_cannot_run_as_formulas(cli, tmp_path):
    source = tmp_path / "list.csv"
    source.write_text(
        '기업명,소재지,업종코드,상시근로자수,"=HYPERLINK(""http://x"";""y"")"\n'
        "가람,Atlantis,C25,12,x\n",
        encoding="utf-8",
    )
    errors = tmp_path / "errors.csv"
    batch(cli, source, "-o", tmp_path / "out.csv", "--errors", errors)
    header = next(csv.reader(io.StringIO(errors.read_text(encoding="utf-8-sig"))))
    assert header[-1].startswith("'=HYPERLINK"), header
    assert not any(formula_like(cell) for cell in header)


def test_xlsx_is_byte_identical_across_runs(cli, tmp_path):
    source = DATA / "applicants" / "applicants.csv"
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    batch(cli, source, "-o", first)
    batch(cli, source, "-o", second)
    assert first.read_bytes() == second.read_bytes()


def test_json_and_csv_of_a_list_with_bad_cells_agree(cli, tmp_path):
    source = tmp_path / "list.csv"
    source.write_text(
        "기업명,소재지,업종코드,상시근로자수,매출액\n가람,인천,C25,12,inf\n나래,인천,C25,12,3억\n",
        encoding="utf-8",
    )
    batch(cli, source, "-o", tmp_path / "o.csv", "--top", "1")
    batch(cli, source, "-o", tmp_path / "o.json", "--top", "1")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "o.csv").read_text("utf-8-sig"))))
    data = json.loads((tmp_path / "o.json").read_text("utf-8"))
    assert [r["program"] for r in rows] == [a["results"][0]["program"] for a in data["applicants"]]


_SCALES = {"": 1, "원": 1, "만": 10**4, "만원": 10**4, "천만": 10**7, "억": 10**8, "억원": 10**8}


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=9_999_999), st.sampled_from(sorted(_SCALES)), st.booleans()
)
def test_a_number_with_a_unit_reads_as_that_many_won(number, unit, commas):
    text = (f"{number:,}" if commas else str(number)) + unit
    assert parse_money(text) == number * _SCALES[unit]


def test_zero_thousands_are_zero():  # found by the property above
    assert parse_money("0천만") == 0 and parse_money("3천5백만") == 35_000_000


def _list(tmp_path, text: str | bytes, name: str = "list.csv"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


HEADER = "기업명,소재지,업종코드,상시근로자수\n"


def test_a_stray_quote_never_swallows_rows_silently(cli, tmp_path):
    rows = "가람,인천,C25,3\n나래,인천,C25,4\n" + '"다온,인천,C25,5\n' + "라온,인천,C25,6\n" * 4
    out = tmp_path / "out.csv"
    run = batch(cli, _list(tmp_path, HEADER + rows), "-o", out)
    assert "read 7 = scored 7 + rejected 0" in run.err
    assert "line 4: a quote opens a cell and never closes; that line was read alone" in run.err
    numbers = {r["row"] for r in csv.DictReader(io.StringIO(out.read_text("utf-8-sig")))}
    assert numbers == {str(n) for n in range(2, 9)}


def test_a_stray_quote_never_takes_a_good_multi_line_cell_with_it(cli, tmp_path):
    """Issue 20's case: line 3 opens a quote that never closes, line 5 holds a correctly quoted
    two-line cell. Five applicants in, five read: the broken line costs only itself."""
    text = ("기업명,소재지,업종코드,상시근로자수,비고\n가나,인천,C25,12,ok\n"
            '"다라,인천,C24,30,broken\n마바,인천,C29,8,ok\n사아,인천,C25,5,"두 줄\n메모"\n'
            "자차,인천,C25,7,ok\n")  # fmt: skip
    for bom in ("", "\ufeff"):
        out = tmp_path / "out.csv"
        run = batch(cli, _list(tmp_path, bom + text), "-o", out)
        assert "read 5 = scored 5 + rejected 0" in run.err, run.err
        rows = {
            r["row"]: r["name"] for r in csv.DictReader(io.StringIO(out.read_text("utf-8-sig")))
        }
        assert rows == {"2": "가나", "3": '"다라', "4": "마바", "5": "사아", "7": "자차"}


ROW_KINDS = ("plain", "stray", "multi", "cp949")


# `cli` runs the command in this process and reads what it printed: nothing is kept between runs
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.lists(st.sampled_from(ROW_KINDS), min_size=1, max_size=12), st.booleans())
def test_broken_lines_cost_only_themselves(cli, tmp_path_factory, kinds, bom):
    """Any mix of stray quotes, cells over two lines and lines in another encoding, with or
    without a BOM: every record is read once (rows in = scored + rejected), a line in another
    encoding is rejected alone, and every other applicant is scored."""
    tmp = tmp_path_factory.mktemp("lines")
    parts = [
        ("\ufeff" if bom else "").encode("utf-8")
        + "기업명,소재지,업종코드,상시근로자수,비고\n".encode()
    ]
    for n, kind in enumerate(kinds):
        name = f"기업{n}"
        line = {
            "plain": f"{name},인천,C25,{n + 1},ok\n",
            "stray": f'"{name},인천,C25,{n + 1},open\n',
            "multi": f'{name},인천,C25,{n + 1},"첫 줄\n둘째 줄"\n',
            "cp949": f"{name},인천,C25,{n + 1},ok\n",
        }[kind]
        parts.append(line.encode("cp949" if kind == "cp949" else "utf-8"))
    source = tmp / "list.csv"
    source.write_bytes(b"".join(parts))
    run = batch(cli, source, "-o", tmp / "out.csv")
    bad = kinds.count("cp949")
    if bad > max(1, (len(kinds) + 1 + kinds.count("multi")) // 10):
        assert run.code == 1 and "cannot tell the text encoding" in run.err  # too many to skip
        return
    assert f"read {len(kinds)} = scored {len(kinds) - bad} + rejected {bad}" in run.err, run.err


def test_a_cell_with_line_breaks_is_still_one_cell(cli, tmp_path):
    rows = '가람,인천,C25,3\n"나래\n정밀",인천,C25,4\n'
    run = batch(cli, _list(tmp_path, HEADER + rows), "-o", tmp_path / "o.csv")
    assert "read 2 = scored 2 + rejected 0" in run.err and "never closes" not in run.err


def test_a_line_in_another_encoding_costs_that_line(cli, tmp_path):
    body = "".join(f"가람{i},인천,C25,{i + 1}\n" for i in range(20))
    data = (HEADER + body).encode("utf-8") + "똠방,인천,C25,3\n".encode("cp949")
    errors = tmp_path / "e.csv"
    run = batch(cli, _list(tmp_path, data), "-o", tmp_path / "o.csv", "--errors", errors)
    assert run.code == 1 and "read 21 = scored 20 + rejected 1" in run.err
    assert "line 22 is not utf-8 text" in run.err and "--encoding" in run.err


def test_the_delimiter_follows_the_header_not_tabs_in_text(cli, tmp_path):
    rows = "".join(f"가람{i},인천,C25,{i + 1},설비\t예지보전\t고도화\n" for i in range(12))
    run = batch(cli, _list(tmp_path, "기업명,소재지,업종코드,상시근로자수,목표\n" + rows), "-o",
                tmp_path / "o.csv")  # fmt: skip
    assert run.code == 0 and "read 12 = scored 12 + rejected 0" in run.err


def test_an_oversized_cell_is_its_rows_problem_and_messages_stay_readable(cli, tmp_path):
    text = (
        HEADER.replace("\n", ",목표\n")
        + "가람,인천,C25,3,"
        + "x" * 200_000
        + "\n나래,인천,C25,4,ok\n"
    )
    run = batch(cli, _list(tmp_path, text), "-o", tmp_path / "o.csv")
    assert "read 2 = scored 2 + rejected 0; 1 cells read as unknown" in run.err
    assert "a cell of 200,000 characters" in run.err
    long_region = HEADER + "가람," + "화" * 100_000 + ",C25,3\n"
    run = batch(cli, _list(tmp_path, long_region, "b.csv"), "-o", tmp_path / "o.csv")
    assert run.code == 1 and max(len(line) for line in run.err_lines) < 1_500


def test_huge_lists_in_a_profile_are_refused_at_once(cli, tmp_path):
    import time

    path = tmp_path / "firm.toml"
    needs = ", ".join(f'"need {i}"' for i in range(20_000))
    prior = ", ".join(f'"id{i}:2020"' for i in range(40_000))
    path.write_text(
        f'name = "x"\nregion = "인천"\nksic = "C25"\nemployees = 3\nneeds = [{needs}]\n'
        f"prior = [{prior}]\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    run = cli("validate", path)
    assert time.perf_counter() - started < 5
    assert run.code == 1 and len(run.err_lines) <= 52
    assert "at most 100 items" in run.err


def test_a_prior_entry_that_is_no_table_gets_a_prior_hint(cli, tmp_path):
    path = tmp_path / "firm.toml"
    path.write_text(
        'name = "x"\nregion = "인천"\nksic = "C25"\nemployees = 3\nprior = ["id:2020"]\n'
    )
    run = cli("validate", path)
    assert "year = 2021" in run.err and "min = 1" not in run.err


def test_a_flood_of_problems_is_capped_with_a_count(cli, tmp_path):
    path = tmp_path / "firm.toml"
    typos = "".join(f"typo{i} = 1\n" for i in range(80))
    path.write_text(f'name = "x"\nregion = "인천"\nksic = "C25"\nemployees = 3\n{typos}')
    run = cli("validate", path)
    errors = [line for line in run.err_lines if line.startswith("error: ")]
    assert len(errors) == 51 and "... and 30 more problems" in errors[-1]


def test_numbers_past_4300_digits_in_a_list_are_cells_problems(cli, tmp_path):
    big = "9" * 5000
    text = (
        "기업명,소재지,업종코드,상시근로자수,매출액\n"
        f"가람,인천,C25,{big},3억\n나래,인천,C25,3,{big}\n"
    )
    run = batch(cli, _list(tmp_path, text), "-o", tmp_path / "o.csv")
    assert run.code == 0 and "internal error" not in run.err  # a head count is optional
    assert "read 2 = scored 2 + rejected 0; 2 cells read as unknown" in run.err
    assert "a number of 5,000 digits" in run.err


def test_excel_cells_of_every_kind_are_read_or_reported(cli, tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["기업명", "소재지", "업종코드", "상시근로자수", "매출액", "설립일"])
    sheet.append(["가람", "인천", "C25", 12, 1e300, dt.datetime(1, 1, 1)])
    sheet.append(["나래", "인천", 25112, 7, "#DIV/0!", 45000])  # a date Excel shows as a number
    sheet.append(["다온", "인천", "C25", 3.5, -1, 2006])
    path = tmp_path / "list.xlsx"
    book.save(path)
    out = tmp_path / "out.json"
    run = batch(cli, path, "-o", out)
    assert run.code == 0 and "internal error" not in run.err
    assert "read 3 = scored 3 + rejected 0" in run.err  # 3.5 employees: head count unknown
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [a["row"] for a in data["applicants"]] == [2, 3, 4]
    # a date before 1900 is a negative serial, which Excel shows as ####: it reads as a time
    assert "column 설립일: cannot read date '00:00:00'" in run.err
    assert (
        "cannot read amount '#DIV/0!'" in run.err
        and "expected a whole number, got '3.5'" in run.err
    )
