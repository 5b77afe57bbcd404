"""Korean money amounts, KSIC codes and business registration numbers: parse, check, format."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from sfmatch.errors import ValueProblem, described
from sfmatch.i18n import N_

MONEY_FORMS = '120_000_000, "1.5억", "6,000만", "6000만원", "2억5천만", "500만원"'

_BIG = {"조": 10**12, "억": 10**8, "만": 10**4}
_SMALL = {"천": 1000, "백": 100, "십": 10}
# A number as people write one in an amount: digits, or thousands separated by commas (8,500),
# with an optional fraction. `1,5` (a decimal comma, or a typo), `1,,000` and `,1` are not.
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
PLAIN_NUMBER = re.compile(_NUMBER)
_MONEY_PART = re.compile(rf"({_NUMBER})?(조|억|만|천|백|십)")
MAX_KRW = 10**15  # 1,000조: more than any Korean firm's revenue or any program's budget


def parse_money(value: object) -> int:
    """An amount in won from an integer or a Korean-unit string (`"2억5천만"` → 250,000,000)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueProblem(
            N_("expected an amount, got {given}", given=described(value)),
            N_("use {forms}", forms=MONEY_FORMS),
        )
    if isinstance(value, int):
        return checked_amount(value, value)
    text = re.sub(r"[\s_]", "", value).removesuffix("원").removeprefix("₩")
    if not text:
        raise ValueProblem(N_("empty amount"), N_("use {forms}", forms=MONEY_FORMS))
    if text.startswith("-") and any(c.isdigit() for c in text):
        raise ValueProblem(N_("amount {value} is negative", value=shorten(value)),
                           N_("amounts are 0 or more"))  # fmt: skip
    try:
        if PLAIN_NUMBER.fullmatch(text) and "." not in text:
            amount = int(text.replace(",", ""))
        elif not any(c.isdigit() for c in text):
            raise ValueError(text)  # a bare unit (`억`): which amount is meant?
        else:
            amount = _korean_amount(text)
    except (ValueError, InvalidOperation):
        raise ValueProblem(N_("cannot read amount {value}", value=shorten(value)),
                           N_("use {forms}", forms=MONEY_FORMS)) from None  # fmt: skip
    return checked_amount(amount, value)


def checked_amount(amount: int, given: object) -> int:
    """An amount in won that a firm or a program can have: 0 up to `MAX_KRW`."""
    if amount < 0:
        raise ValueProblem(N_("amount {value} is negative", value=shorten(given)),
                           N_("amounts are 0 or more"))  # fmt: skip
    if amount > MAX_KRW:
        raise ValueProblem(
            N_("amount {value} is more than 1,000조 won", value=shorten(given)),
            N_("check the number and its unit"),
        )
    return amount


def shorten(value: object, limit: int = 60) -> str:
    """A value as a message quotes it, cut to a readable length (`'…'` marks the cut)."""
    shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 5] + "…" + shown[-4:]


def _korean_amount(text: str) -> int:
    total = Decimal(0)
    group = Decimal(0)  # the part below 만 being built from 천/백/십
    grouped = False  # whether 천/백/십 were written (`0천만` is 0, not 1만)
    pos = 0
    last_big = None
    for m in _MONEY_PART.finditer(text):
        if m.start() != pos:
            raise ValueError(text)
        pos = m.end()
        number = Decimal(m.group(1).replace(",", "")) if m.group(1) else Decimal(1)
        unit = m.group(2)
        if unit in _SMALL:
            group += number * _SMALL[unit]
            grouped = True
            continue
        if last_big is not None and _BIG[unit] >= _BIG[last_big]:
            raise ValueError(text)  # units must descend: 2억5천만, never 5천만2억
        total += (group + number if m.group(1) else group if grouped else 1) * _BIG[unit]
        group, grouped = Decimal(0), False
        last_big = unit
    if pos != len(text):
        raise ValueError(text)  # a bare number after a unit (`1억5000`) is ambiguous
    if grouped and last_big is not None:
        raise ValueError(text)  # `2억5천` could mean 2억5천만: ask for the unit
    total += group
    if total != total.to_integral_value():
        raise ValueError(text)
    return int(total)


def format_money(krw: int | None) -> str:
    """A short Korean rendering for people: 150,000,000 → `1.5억`, 60,000,000 → `6,000만`."""
    if krw is None:
        return "—"
    if krw >= 10**8:
        return f"{krw / 10**8:,.2f}".rstrip("0").rstrip(".") + "억"
    if krw >= 10**4 and krw % 10**4 == 0:
        return f"{krw // 10**4:,}만"
    return f"{krw:,}원"


# KSIC: manufacturing is section C, divisions 10–34 (11th revision).
_KSIC = re.compile(r"^(c)?(\d{2,5})$")


def parse_ksic(value: object) -> str:
    """A company's KSIC code at any depth (`"C25"`, `"25"`, `"251"`, `"25112"`) → `C25112`."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueProblem(N_("expected a KSIC code, got {given}", given=described(value)))
    m = _KSIC.match(value.strip().replace(" ", "").casefold())
    if not m:
        from sfmatch import ksic_names

        if ksic_names.has_hangul(value):  # a class name (업종명): read exactly, never guessed
            code = ksic_names.exact_code(value)
            if code is None:
                raise ksic_names.no_such_name(value)
            return code
        raise ValueProblem(
            N_("cannot read KSIC code {value}", value=repr(value)),
            N_('give 2 to 5 digits, optionally after C: "C25", "25", "251", "25112"'),
        )
    digits = m.group(2)
    if not 10 <= int(digits[:2]) <= 34:
        raise ValueProblem(
            N_(
                "KSIC {value} is not a manufacturing code (division {division})",
                value=repr(value),
                division=digits[:2],
            ),
            N_("sfmatch matches manufacturers: KSIC section C, divisions 10–34"),
        )
    return "C" + digits


def parse_ksic_rule(value: object) -> str:
    """A program rule's KSIC prefix: `"C"` (all manufacturing), `"C25"`, `"C2511"`."""
    if isinstance(value, str) and value.strip().casefold() == "c":
        return "C"
    return parse_ksic(value)


def ksic_division(code: str) -> int:
    return int(code[1:3])


_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_MASKED = re.compile(r"^\d{3,9}\*+$")  # some leading digits, the rest masked


def brn_check_digit(first9: str) -> int:
    d = [int(c) for c in first9]
    s = sum(x * w for x, w in zip(d, _BRN_WEIGHTS, strict=True)) + (d[8] * 5) // 10
    return (10 - s % 10) % 10


def parse_brn(value: object) -> str:
    """A 사업자등록번호 with a valid check digit → `123-45-67890`; one masked as public data
    publishes it (`608127****`, `608-12-7****`) → `608-12-7****`, with no check digit to test."""
    if not isinstance(value, str):
        raise ValueProblem(
            N_("expected the BRN as text, got {given}", given=described(value)),
            N_('quote it: brn = "123-45-67890" (a number loses leading zeros)'),
        )
    digits = value.strip().replace("-", "").replace(" ", "")
    if len(digits) == 10 and _MASKED.match(digits):
        return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
    if not (len(digits) == 10 and digits.isdigit()):
        raise ValueProblem(N_("BRN {value} is not 10 digits", value=repr(value)),
                           N_('write it as "123-45-67890"'))  # fmt: skip
    if brn_check_digit(digits[:9]) != int(digits[9]):
        raise ValueProblem(N_("BRN {value} fails its checksum", value=repr(value)),
                           N_("check the number on the 사업자등록증 for a typo"))  # fmt: skip
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


# --- what a person writes, in a list's cell or a profile's value (one reader for both) -----

DATE_TEXT = re.compile(r"^(\d{4})[-./\s]*(\d{1,2})[-./\s]*(\d{1,2})\.?$")
LIST_SPLIT = re.compile(r"[;,\n]")
COUNT_UNITS = ("명", "인")  # 45명, 12인


def read_date(text: str) -> dt.date | None:
    """`2012-03-15`, `2012.03.15`, `2012. 3. 15.`, `2012/03/15`, `20120315`; None otherwise."""
    m = DATE_TEXT.match(text.strip())
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


def read_count(text: str) -> int:
    """A head count as written: `45`, `1,200`, `45명`."""
    digits = text.replace(",", "").strip()
    for unit in COUNT_UNITS:
        digits = digits.removesuffix(unit).strip()
    if digits.lstrip("-").isdigit() and digits.isascii():
        if len(digits) > 18:  # past any count a list holds (and past what int() reads at 4,300)
            raise ValueProblem(N_("a number of {n} digits", n=f"{len(digits):,}"),
                               N_("check the cell"))  # fmt: skip
        return int(digits)
    raise ValueProblem(N_("expected a whole number, got {value}", value=shorten(text)))


def read_items(text: str) -> list[str]:
    """`유지보수, 자동화` or `유지보수; 자동화`: the items of a list written in one text."""
    return [part.strip() for part in LIST_SPLIT.split(text) if part.strip()]
