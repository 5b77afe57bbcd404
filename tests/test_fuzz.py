"""Property-based checks of the whole CLI with Hypothesis: hostile profiles, programs and list cells.

Invariants: never exit 3 (an internal error); every stderr line is a one-line `error:` or
`warning:`; what `validate` passes, `recommend` runs; a list's `read = scored + rejected` and
every row is accounted for; no output cell can run as a formula; the same input gives the same
bytes. The normal test run tries a few dozen inputs of each kind in a few seconds; set
`SFMATCH_FUZZ=long` for a longer search (hundreds of each).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sfmatch.output import formula_like

from conftest import DATA, ROOT

LONG = os.environ.get("SFMATCH_FUZZ") == "long"
EXAMPLES = 400 if LONG else 15
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TODAY = dt.date.today().isoformat()  # `validate` judges on today: so does recommend here
CATALOG = DATA / "catalog"

# Values a careless or hostile file may hold, of every TOML type.
_TEXT = st.one_of(
    st.sampled_from(["", " ", "인천", "=HYPERLINK(\"x\")", "＋1", " @x", "1,5억", "억", "nan",
                     "9" * 500, "a\tb", "\u0000", "kr-mss-sf-build:2021", "Mars", "중구"]),
    st.text(max_size=30),
)  # fmt: skip
_SCALAR = st.one_of(
    _TEXT,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 10**15 + 1, 2**63, 200_001]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=6,
)

BASE_PROFILE = {
    "name": "가람정밀",
    "region": "인천광역시",
    "district": "남동구",
    "ksic": "C25",
    "employees": 12,
    "revenue_krw": "30억",
    "founded": dt.date(2010, 4, 1),
    "sf_level": "basic",
    "needs": ["maintenance"],
    "prior": [{"program": "kr-mss-sf-build", "year": 2021}],
    "disqualifiers": [],
}
PROFILE_KEYS = [*BASE_PROFILE, "address", "brn", "size", "processes", "cofunding_krw",
                "project_budget_krw", "goals", "readiness", "root_certified", "typo"]  # fmt: skip


def _toml(data: dict) -> str | None:
    try:
        return tomli_w.dumps(data)
    except (TypeError, ValueError):  # a value TOML cannot hold (a key TOML cannot write)
        return None


def _clean(run) -> None:
    assert run.code != 3, run.err
    for line in run.err_lines:
        assert line.startswith(("error: ", "warning: ", "checked ", "read ")), line


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(PROFILE_KEYS), _VALUE, max_size=3))
def test_hostile_profiles_are_errors_or_run(cli, tmp_path_factory, changes):
    text = _toml({**BASE_PROFILE, **changes})
    if text is None:
        return
    path = tmp_path_factory.mktemp("p") / "firm.toml"
    path.write_text(text, encoding="utf-8")
    checked = cli("validate", path)
    _clean(checked)
    run = cli("recommend", path, "--programs", CATALOG, "--as-of", TODAY, "--format", "json")
    _clean(run)
    if checked.code == 0:
        assert run.code == 0, (text, run.err)


BASE_PROGRAM = {
    "id": "t-fuzz",
    "name": "Fuzz program",
    "operator": "nobody",
    "scope": "local",
    "covers": ["maintenance"],
    "source": "a test",
    "verified": dt.date(2025, 11, 1),
    "window": {"opens": dt.date(2025, 2, 1), "closes": dt.date(2025, 3, 1), "recurs": "yearly"},
    "funding": {"max_krw": "2,000만", "gov_share": 0.5},
    "eligibility": {"regions": ["incheon"], "employees": {"max": 49}},
}
PROGRAM_PATHS = [("funding", "max_krw"), ("funding", "gov_share"), ("funding", "budget_krw"),
                 ("funding", "slots"), ("window", "opens"), ("window", "closes"),
                 ("eligibility", "age_years"), ("eligibility", "revenue_krw"),
                 ("eligibility", "regions"), ("eligibility", "districts"),
                 ("eligibility", "prior_excluded"), ("eligibility", "ksic"), (None, "covers"),
                 (None, "verified"), (None, "keywords")]  # fmt: skip


@FUZZ
@given(changes=st.lists(st.tuples(st.sampled_from(PROGRAM_PATHS), _VALUE), max_size=3))
def test_hostile_programs_are_errors_or_run(cli, tmp_path_factory, changes):
    data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in BASE_PROGRAM.items()}
    for (table, key), value in changes:
        (data.setdefault(table, {}) if table else data)[key] = value
    text = _toml(data)
    if text is None:
        return
    folder = tmp_path_factory.mktemp("catalog")
    (folder / "t-fuzz.toml").write_text(text, encoding="utf-8")
    checked = cli("validate", folder)
    _clean(checked)
    profile = ROOT / "profiles" / "hanul-precision.toml"
    run = cli("recommend", profile, "--programs", folder, "--as-of", TODAY, "--format", "json")
    _clean(run)
    if checked.code == 0:
        assert run.code == 0, (text, run.err)


_CELL = st.one_of(
    _TEXT,
    st.sampled_from(["NaN", "inf", "1e400", "-3", "8,500", "1,5", "C99", "46102", "2031-01-01",
                     '"', 'a"b', "608127****", "인천 중구", "화성", "25111, 29133", "\r\n",
                     "9" * 5000]),
    st.integers(min_value=-5, max_value=10**20).map(str),
)  # fmt: skip
HEADERS = ["기업명", "사업자등록번호", "소재지", "업종코드", "상시근로자수", "매출액(백만원)",
           "설립일", "필요분야", "기수혜", "스마트공장 수준"]  # fmt: skip


@FUZZ
@given(rows=st.lists(st.lists(_CELL, min_size=len(HEADERS), max_size=len(HEADERS)), max_size=8))
def test_hostile_lists_lose_no_row_and_guard_every_cell(cli, tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("list")
    source = folder / "list.csv"
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([HEADERS, *rows])
    source.write_text(buffer.getvalue(), encoding="utf-8")
    outs = []
    for n in (1, 2):
        out, errors = folder / f"out{n}.csv", folder / f"errors{n}.csv"
        run = cli("batch", source, "-o", out, "--errors", errors, "--programs", CATALOG,
                  "--as-of", "2026-03-02")  # fmt: skip
        _clean(run)
        assert run.code in (0, 1), run.err
        outs.append(out.read_bytes())
        for written in (out, errors):
            if written.exists():
                for row in csv.reader(io.StringIO(written.read_text(encoding="utf-8-sig"))):
                    assert not any(formula_like(cell) for cell in row), row
    assert outs[0] == outs[1], "the same input gives the same bytes"
    summary = next(line for line in run.err_lines if line.startswith("read "))
    read, scored, rejected = map(int, re.match(r"read (\d+) = scored (\d+) \+ rejected (\d+)",
                                               summary).groups())  # fmt: skip
    filled = [r for r in rows if "".join(r).strip()]
    assert read == scored + rejected
    assert read <= len(rows) + sum(c.count("\n") for r in rows for c in r)  # lines, at most
    assert read >= len(filled) or "one by one" in run.err
