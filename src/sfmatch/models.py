"""Strict models of the two file formats: company profiles (§2) and support programs (§3).

Values are normalised while loading (aliases → codes, Korean money → won), so the engine only ever
sees canonical data. An absent key stays `None` ("unknown"), which is not the same as empty.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

from sfmatch import places, records, vocab
from sfmatch.errors import ValueProblem, described
from sfmatch.i18n import N_
from sfmatch.units import (
    parse_brn,
    parse_ksic,
    parse_ksic_rule,
    parse_money,
    read_count,
    read_date,
    read_items,
)


def _date(value: object) -> dt.date:
    """TOML dates (`2006-04-01`), or a date written as text the way a list's cell may hold it
    (`"2006-04-01"`, `"2006.04.01"`, `"2006. 4. 1."`: `units.read_date`)."""
    if isinstance(value, dt.datetime):
        raise ValueProblem(N_("expected a date, got date and time {value}", value=str(value)),
                           N_("write only YYYY-MM-DD"))  # fmt: skip
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        found = read_date(value)
        if found is not None:
            return found
    raise ValueProblem(N_("expected a date, got {value}", value=repr(value)),
                       N_("write it as YYYY-MM-DD, e.g. 2024-03-01"))  # fmt: skip


def _slug(value: str) -> str:
    if not value or not all(
        c.isascii() and (c.islower() or c.isdigit() or c == "-") for c in value
    ):
        raise ValueProblem(
            N_("{value} is not a valid id", value=repr(value)),
            N_("use lowercase letters, digits and -, e.g. kr-mss-sf-as"),
        )
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueProblem(N_("empty text"), N_("write something or remove the key"))
    return value.strip()


def _distinct(values: list) -> list:
    return list(dict.fromkeys(values))


Date = Annotated[dt.date, BeforeValidator(_date)]


def _program_year(value: dt.date) -> dt.date:
    if not 1900 <= value.year <= 2100:
        raise ValueProblem(N_("date {value} is outside 1900–2100", value=str(value)),
                           N_("check the year"))  # fmt: skip
    return value


ProgramDate = Annotated[Date, AfterValidator(_program_year)]  # windows and checks: 1900–2100
Money = Annotated[int, BeforeValidator(parse_money)]
Text = Annotated[str, AfterValidator(_text)]
Slug = Annotated[str, AfterValidator(_slug)]
RegionOrGroup = Annotated[str, BeforeValidator(vocab.resolve_region_or_group)]
District = Annotated[str, BeforeValidator(vocab.resolve_rule_district)]
Size = Annotated[str, BeforeValidator(vocab.SIZES.resolve)]
Level = Annotated[str, BeforeValidator(vocab.LEVELS.resolve)]
Need = Annotated[str, BeforeValidator(vocab.resolve_need)]
NeedCode = Annotated[str, BeforeValidator(vocab.NEEDS.resolve)]
Process = Annotated[str, BeforeValidator(vocab.PROCESSES.resolve)]
Disqualifier = Annotated[str, BeforeValidator(vocab.DISQUALIFIERS.resolve)]
Ksic = Annotated[str, BeforeValidator(parse_ksic)]
KsicRule = Annotated[str, BeforeValidator(parse_ksic_rule)]
Year = Annotated[int, Field(ge=1950, le=2100)]
# Lists a person writes: far more entries than anyone writes is a broken file, refused at once
# (a list of 40,000 is not read through, entry by entry). District and KSIC rules may be longer.
LONG = 100
LONGER = 1_000
MAX_EMPLOYEES = 200_000  # more than any employer in Korea has


def _head_count(value: int) -> int:
    if value > MAX_EMPLOYEES:
        raise ValueProblem(
            N_("{value} employees is more than any employer in Korea has", value=f"{value:,}"),
            N_("check the cell: a revenue or a phone number in the wrong column?"),
        )
    return value


def _count(value: object) -> object:
    """A head count written as text, as a list's cell may hold it (`"45명"`, `"1,200"`)."""
    return read_count(value) if isinstance(value, str) else value


def _listed(value: object) -> object:
    """A list written in one text, as a list's cell holds it (`"유지보수, 자동화"`)."""
    return read_items(value) if isinstance(value, str) else value


HeadCount = Annotated[int, Field(ge=0), BeforeValidator(_count), AfterValidator(_head_count)]


class _Read(str):
    """A place already read by `Profile._place` (a code), passed through its field as it is."""


class _Unreadable:
    """A place `Profile._place` could not read; its field reports the problem."""

    def __init__(self, problem: ValueProblem) -> None:
        self.problem = problem


class _NotAKey:
    """`area` written in a file: it is worked out, never given."""


def _place_code(value: object) -> object:
    if isinstance(value, _Read):
        return str(value)
    if isinstance(value, _Unreadable):
        raise value.problem
    if isinstance(value, str):  # a code set by a program, e.g. Profile.trusted's callers
        return value
    raise ValueProblem(N_("expected a place as text, got {given}", given=described(value)))


PlaceCode = Annotated[str, BeforeValidator(_place_code)]


def _unreadable(value: object) -> object:
    if isinstance(value, _Unreadable):
        raise value.problem
    return value


def _area(value: object) -> object:
    if isinstance(value, _NotAKey):
        raise ValueProblem(N_("unknown key {key}", key="'area'"),
                           N_("write region, district or address instead"))  # fmt: skip
    return value


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


class _Range(Strict):
    @model_validator(mode="after")
    def _ordered(self):
        lo, hi = self.min, self.max  # type: ignore[attr-defined]
        if lo is not None and hi is not None and _order(lo) > _order(hi):
            raise ValueProblem(N_("min {lo} is above max {hi}", lo=lo, hi=hi), N_("swap them"))
        if lo is None and hi is None:
            raise ValueProblem(N_("empty range"), N_("give min, max or both"))
        return self


def _order(value: object) -> int:
    return vocab.LEVELS.rank(value) if isinstance(value, str) else value  # type: ignore[return-value]


class Count(_Range):
    """A head count range of a rule (employees), within what a firm can have."""

    min: Annotated[int, Field(ge=0, le=MAX_EMPLOYEES)] | None = None
    max: Annotated[int, Field(ge=0, le=MAX_EMPLOYEES)] | None = None


MAX_AGE_YEARS = 200  # years since founding a rule may ask for


class Years(_Range):
    """A range of years since founding (age_years)."""

    min: Annotated[int, Field(ge=0, le=MAX_AGE_YEARS)] | None = None
    max: Annotated[int, Field(ge=0, le=MAX_AGE_YEARS)] | None = None


class MoneyRange(_Range):
    min: Money | None = None
    max: Money | None = None


class LevelRange(_Range):
    min: Level | None = None
    max: Level | None = None


class PriorEntry(Strict):
    # An id, a family, or a name people write (`스마트공장 구축`), read by the catalog.
    program: Text
    year: Year


class Readiness(Strict):
    ceo_commitment: Annotated[int, Field(ge=1, le=5)] | None = None
    dedicated_staff: bool | None = None
    data_ready: Annotated[int, Field(ge=1, le=5)] | None = None


class Profile(Strict):
    """A company, as a consultant describes it (contract §2)."""

    name: Text
    brn: Annotated[str, BeforeValidator(parse_brn)] | None = None
    region: PlaceCode
    district: PlaceCode | None = None
    address: Annotated[Text, BeforeValidator(_unreadable)] | None = None
    ksic: Ksic
    industry: Text | None = None
    employees: HeadCount | None = None  # unknown: criteria on head count or size are open
    revenue_krw: Money | None = None
    founded: Date | None = None
    size: Size | None = None
    sf_level: Level | None = None
    processes: (
        Annotated[list[Process], Field(max_length=LONG), BeforeValidator(_listed),
                  AfterValidator(_distinct)] | None
    ) = None  # fmt: skip
    root_certified: bool | None = None
    needs: (
        Annotated[list[Need], Field(max_length=LONG), BeforeValidator(_listed),
                  AfterValidator(_distinct)] | None
    ) = None  # fmt: skip
    goals: Text | None = None
    project_budget_krw: Money | None = None
    cofunding_krw: Money | None = None
    prior: Annotated[list[PriorEntry], Field(max_length=LONG)] | None = None
    disqualifiers: (
        Annotated[list[Disqualifier], Field(max_length=LONG), BeforeValidator(_listed),
                  AfterValidator(_distinct)] | None
    ) = None  # fmt: skip
    readiness: Readiness | None = None
    # Not a file key: a former region or district the input named, where it tells more than
    # region and district do (`광주광역시` with no district: `gwangju`). Set by `_place`.
    area: Annotated[str | None, BeforeValidator(_area), Field(exclude=True)] = None

    @classmethod
    def trusted(cls, data: dict) -> Profile:
        """A profile from values each already validated by its field's own validator.

        `applicants.FastReader` validates every distinct cell once and builds a profile per row
        from the results; a test holds the outcome equal to `model_validate` of the same row.
        This sets the instance up as `model_construct` does, without its per-field default
        lookups (ten times faster, which counts at a hundred thousand rows).
        """
        profile = cls.__new__(cls)
        object.__setattr__(profile, "__dict__", _UNSET_PROFILE | data)
        object.__setattr__(profile, "__pydantic_fields_set__", set(data))
        object.__setattr__(profile, "__pydantic_extra__", None)
        object.__setattr__(profile, "__pydantic_private__", None)
        return profile

    @model_validator(mode="before")
    @classmethod
    def _place(cls, data: object, info: ValidationInfo) -> object:
        """Region, district and address read together into today's codes (`places.resolve`):
        an address gives the district, and its 동 decides where a district was divided. A list
        reader that has read the place already passes it as `context={"placed": ...}`."""
        if not isinstance(data, dict):
            return data
        if "area" in data:
            return {**data, "area": _NotAKey()}
        placed = (info.context or {}).get("placed")
        if placed is not None:
            found = {**data, "region": _Read(placed.region), "area": placed.area}
            found.pop("district", None)
            return {**found, "district": _Read(placed.district)} if placed.district else found
        region, district, address = (data.get(k) for k in ("region", "district", "address"))
        if not isinstance(region, str):
            return data  # missing, or of the wrong type: the field says so
        district_text = district if isinstance(district, str) else None
        address_text = address if isinstance(address, str) else None
        try:
            placed = places.resolve(region, district_text, address_text)
        except places.PlaceProblem as exc:
            return {**data, exc.field: _Unreadable(exc)}
        found = {**data, "region": _Read(placed.region), "area": placed.area}
        if isinstance(district, str) or placed.district:
            found.pop("district", None)
            if placed.district:
                found["district"] = _Read(placed.district)
        return found


_UNSET_PROFILE = {
    name: None for name, info in Profile.model_fields.items() if not info.is_required()
}
assert all(v.default is None for v in Profile.model_fields.values() if not v.is_required())


class Window(Strict):
    opens: ProgramDate | None = None
    closes: ProgramDate | None = None
    recurs: Literal["yearly"] | None = None

    @model_validator(mode="after")
    def _ordered(self):
        if not (self.opens or self.closes or self.recurs):
            raise ValueProblem(N_("empty [window]"), N_("remove it for a rolling (상시) program"))
        if self.opens and self.closes and self.opens > self.closes:
            raise ValueProblem(N_("opens {opens} is after closes {closes}", opens=self.opens,
                                  closes=self.closes), N_("swap them"))  # fmt: skip
        return self


FundingKind = Literal["grant", "loan", "voucher", "service", "guarantee"]


class Funding(Strict):
    # What the money is: a grant (the default), a loan (max_krw is a credit limit, never support),
    # a voucher, a service (in-kind help: expert visits, consulting; no cash) or a guarantee.
    kind: FundingKind = "grant"
    max_krw: Money | None = None
    # 1% to 100% of the project cost: a share below 1% would make the own share absurd
    gov_share: Annotated[float, Field(ge=0.01, le=1)] | None = None
    slots: Annotated[int, Field(ge=0, le=1_000_000)] | None = None
    budget_krw: Money | None = None
    # Extension (contract v2 §4.5): the largest total project cost the program funds, where it
    # states one (지역특화형: 고도화 TPC ≤4억). With `max_krw / gov_share` the smaller decides.
    project_max_krw: Money | None = None
    # Extension: a matching program pays `gov_share` of the firm's own share in one of these
    # programs (ids or families), up to `max_krw`; it is estimated on that own share.
    matches: Annotated[list[Slug], Field(min_length=1, max_length=LONG)] | None = None

    @model_validator(mode="after")
    def _matching(self):
        if self.matches is not None and self.kind in ("loan", "guarantee"):
            raise ValueProblem(
                N_("a {kind} cannot match another program's own share", kind=self.kind),
                N_("remove matches"),
            )
        if self.matches is not None and self.project_max_krw is not None:
            raise ValueProblem(
                N_("a matching program's project is the own share it matches, not project_max_krw"),
                N_("remove project_max_krw"),
            )
        return self


class PriorExcluded(Strict):
    programs: Annotated[list[Slug], Field(min_length=1, max_length=LONG)]
    within_years: Annotated[int, Field(ge=1)]
    # Extension: how many uses the window allows (the voucher's "at most 3 in 5 years").
    max_uses: Annotated[int, Field(ge=1)] = 1


class Criteria(Strict):
    """The conditions on who may apply, one key a criterion (contract §3); absent keys are not
    checked. `criteria.CRITERIA` has one function per key."""

    regions: Annotated[list[RegionOrGroup], Field(min_length=1, max_length=LONGER)] | None = None
    districts: Annotated[list[District], Field(min_length=1, max_length=LONGER)] | None = None
    sizes: Annotated[list[Size], Field(min_length=1, max_length=LONGER)] | None = None
    employees: Count | None = None
    revenue_krw: MoneyRange | None = None
    ksic: Annotated[list[KsicRule], Field(min_length=1, max_length=LONGER)] | None = None
    exclude_ksic: Annotated[list[KsicRule], Field(min_length=1, max_length=LONGER)] | None = None
    sf_level: LevelRange | None = None
    age_years: Years | None = None
    root: Literal[True] | None = None
    processes_any: Annotated[list[Process], Field(min_length=1, max_length=LONGER)] | None = None
    prior_required: Annotated[list[Slug], Field(min_length=1, max_length=LONGER)] | None = None
    prior_excluded: PriorExcluded | None = None
    clean_record: Literal[True] | None = None

    def given(self) -> list[str]:
        """The criteria this table states, in the table's order."""
        return [name for name in records.CRITERIA_KEYS if getattr(self, name) is not None]


class Alternative(Criteria):
    """One way of meeting a rule with alternatives: every criterion it states must hold."""

    @model_validator(mode="after")
    def _some(self):
        if not self.given():
            raise ValueProblem(N_("empty alternative"),
                               N_("give at least one criterion, e.g. root = true"))  # fmt: skip
        return self


MAX_RULES = 32  # extra rules of one program (contract v2 §4.1 extension)


class Rule(Criteria):
    """Extension (contract v2 §4.1): a condition with its own source, `[[eligibility.rules]]`.

    Either criteria keys, each checked as its own rule, or `any`: alternatives of which one must
    hold (root technology or a high-carbon division). `weak = true` marks a condition from a weak,
    single or inferred source: where it fails, the firm is asked to confirm it, never refused.
    """

    source: Text  # the research item and the press or page it rests on
    weak: bool = False
    any: Annotated[list[Alternative], Field(min_length=2, max_length=LONG)] | None = None

    @model_validator(mode="after")
    def _one_form(self):
        if self.any is not None and self.given():
            raise ValueProblem(
                N_(
                    "a rule with `any` has no criteria of its own (found {found})",
                    found=", ".join(self.given()),
                ),
                N_("put them inside one of the alternatives, or in a rule of their own"),
            )
        if self.any is None and not self.given():
            raise ValueProblem(
                N_("empty rule"),
                N_("give a criterion (sizes = [...]) or alternatives (any = [...])"),
            )
        return self


class OpenToAll(Strict):
    """Extension (contract v2 §4.1): the file states, with its source, that every manufacturer
    may apply; `validate` warns about it, so that a person checks the announcement."""

    source: Text


class Eligibility(Criteria):
    # Extension (contract v2 §4.1): rules with a source of their own, weak ones, alternatives.
    rules: Annotated[list[Rule], Field(max_length=MAX_RULES)] = []
    open_to_all: OpenToAll | None = None

    @model_validator(mode="after")
    def _open_or_ruled(self):
        if self.open_to_all is not None and (self.given() or self.rules):
            raise ValueProblem(
                N_("open_to_all says every manufacturer may apply, but conditions are given too"),
                N_("remove open_to_all, or the conditions"),
            )
        return self


class Program(Strict):
    """A support program, one edition of it (contract §3)."""

    id: Slug
    family: Slug | None = None
    name: Text
    name_ko: Text | None = None
    operator: Text
    operator_ko: Text | None = None  # who runs it, as Koreans name them
    scope: Literal["central", "local"]
    covers: Annotated[
        list[NeedCode], Field(min_length=1, max_length=LONG), AfterValidator(_distinct)
    ]
    keywords: Annotated[list[Text], Field(max_length=LONG)] = []
    summary: Text | None = None
    summary_ko: Text | None = None  # the summary in Korean, for Korean readers
    url: Text | None = None
    source: Text
    verified: ProgramDate
    notes: Annotated[list[Text], Field(max_length=LONG)] = []
    notes_ko: Annotated[list[Text], Field(max_length=LONG)] = []  # each note in Korean, in order
    window: Window | None = None
    funding: Funding | None = None
    eligibility: Eligibility = Eligibility()

    @model_validator(mode="after")
    def _notes_paired(self):
        if self.notes_ko and len(self.notes_ko) != len(self.notes):
            raise ValueProblem(
                N_("notes_ko has {ko} notes and notes {en}", ko=len(self.notes_ko),
                   en=len(self.notes)),
                N_("write the Korean of each note, in the same order"),
            )  # fmt: skip
        return self

    @property
    def family_id(self) -> str:
        return self.family or self.id


def to_record(value: object) -> object:
    """What a model validated, as plain data (`records`): each model becomes the record of its
    name, with its fields in order; lists stay lists."""
    if isinstance(value, BaseModel):
        kind = getattr(records, type(value).__name__)
        return kind({name: to_record(field) for name, field in value.__dict__.items()})
    if isinstance(value, list):
        return [to_record(item) for item in value]
    return value
