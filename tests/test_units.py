"""Money in Korean units, KSIC codes and BRN checksums: table-driven."""

from __future__ import annotations

import pytest

from sfmatch.errors import ValueProblem
from sfmatch.units import (
    brn_check_digit,
    format_money,
    parse_brn,
    parse_ksic,
    parse_ksic_rule,
    parse_money,
)

MONEY = [
    (120_000_000, 120_000_000),
    ("120000000", 120_000_000),
    ("120,000,000원", 120_000_000),
    ("1.5억", 150_000_000),
    ("6,000만", 60_000_000),
    ("6000만원", 60_000_000),
    ("2억5천만", 250_000_000),
    ("2억 5,000만원", 250_000_000),
    ("500만원", 5_000_000),
    ("5천만", 50_000_000),
    ("1조", 10**12),
    ("3억", 300_000_000),
    ("0", 0),
    ("₩5,000", 5_000),
]


@pytest.mark.parametrize(("given", "won"), MONEY)
def test_money(given, won):
    assert parse_money(given) == won


@pytest.mark.parametrize(
    "given",
    ["1.5 billion", "", "억억", "2억5천", "1억5000", "5천만2억", "1.23456원", -5, 1.5, True, None],
)
def test_money_rejects_with_the_accepted_forms(given):
    with pytest.raises(ValueProblem) as caught:
        parse_money(given)
    assert caught.value.what
    if isinstance(given, str) and given:
        assert "2억5천만" in str(caught.value.hint)


@pytest.mark.parametrize(
    ("won", "shown"),
    [(150_000_000, "1.5억"), (60_000_000, "6,000만"), (1_240_000_000, "12.4억"), (5_000, "5,000원"),
     (None, "—"), (100_000_000, "1억")],
)  # fmt: skip
def test_format_money(won, shown):
    assert format_money(won) == shown


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("C25", "C25"),
        ("25", "C25"),
        ("251", "C251"),
        ("25112", "C25112"),
        ("c29", "C29"),
        (29, "C29"),
    ],
)
def test_ksic(given, code):
    assert parse_ksic(given) == code


@pytest.mark.parametrize("given", ["C", "C9", "G46", "46", "C251123", "C35", "abc", 3.5])
def test_ksic_rejects(given):
    with pytest.raises(ValueProblem):
        parse_ksic(given)


def test_ksic_rule_accepts_the_whole_section():
    assert parse_ksic_rule("C") == "C"
    assert parse_ksic_rule("C2511") == "C2511"


def test_brn_checksum_from_the_contract_formula():
    # d = 1,3,1,8,6,0,4,5,6: s = 1+9+7+8+18+0+4+15+30 + ⌊6·5/10⌋ = 92 + 3 = 95 → (10 − 5) % 10 = 5
    assert brn_check_digit("131860456") == 5
    assert parse_brn("131-86-04565") == "131-86-04565"
    assert parse_brn("1318604565") == "131-86-04565"


@pytest.mark.parametrize("given", ["131-86-04566", "131-86-0456", "abc-de-fghij", 1318604565])
def test_brn_rejects(given):
    with pytest.raises(ValueProblem):
        parse_brn(given)
