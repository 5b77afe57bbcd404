"""Validated files as plain data: what the engine, the renderers and the cache read.

`models` validates a file with pydantic; `models.to_record` turns what it validated into these
plain objects. A record has its model's fields as attributes, in the model's order, and nothing
else to learn: it is read-only, compared by value, and pickled by its fields. So a command can
read a catalog or a profile that it validated before (`cache`) without pydantic, which would
cost more than the whole recommendation. Importing this module imports nothing.

Each model of `models` has a record class of the same name here (a test holds them paired),
with the little behaviour the engine asks of them: a program's family, the criteria a table
states (in `CRITERIA_KEYS`' order, which the models use too).
"""

from __future__ import annotations

# The criteria of an eligibility table, in the order the engine checks and shows them: the fields
# of `models.Criteria` (a test holds them equal, and `criteria.CRITERIA` has one function each).
CRITERIA_KEYS = (
    "regions",
    "districts",
    "sizes",
    "employees",
    "revenue_krw",
    "ksic",
    "exclude_ksic",
    "sf_level",
    "age_years",
    "root",
    "processes_any",
    "prior_required",
    "prior_excluded",
    "clean_record",
)


class Record:
    """Fields as read-only attributes; equal when of one kind with equal fields."""

    def __init__(self, fields: dict) -> None:
        object.__setattr__(self, "__dict__", fields)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:  # as a frozen model's: a record holding a list has none
        return hash((type(self), *self.__dict__.values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items())
        return f"{type(self).__name__}({fields})"

    def __reduce__(self) -> tuple:
        return (type(self), (self.__dict__,))


class Count(Record):
    """A head count range (min, max)."""


class Years(Record):
    """A range of years since founding (min, max)."""


class MoneyRange(Record):
    """A range of won (min, max)."""


class LevelRange(Record):
    """A range of smart-factory levels (min, max)."""


class PriorEntry(Record):
    """A program the company took part in (program, year)."""


class Readiness(Record):
    """How ready the company is (ceo_commitment, dedicated_staff, data_ready)."""


class Profile(Record):
    """A company (contract §2)."""


class Window(Record):
    """An application window (opens, closes, recurs)."""


class Funding(Record):
    """What a program pays, and how (contract §3, v2 §4.5)."""


class PriorExcluded(Record):
    """Programs whose recent use excludes a firm (programs, within_years, max_uses)."""


class Criteria(Record):
    """Conditions on who may apply, one key a criterion; absent keys are None."""

    def given(self) -> list[str]:
        """The criteria this table states, in the table's order."""
        fields = self.__dict__
        return [name for name in CRITERIA_KEYS if fields[name] is not None]


class Alternative(Criteria):
    """One way of meeting a rule with alternatives."""


class Rule(Criteria):
    """A condition with its own source (`[[eligibility.rules]]`), weak or not, or alternatives."""


class OpenToAll(Record):
    """The file's sourced statement that every manufacturer may apply."""


class Eligibility(Criteria):
    """A program's conditions: the table's criteria, its rules, or open_to_all."""


class Program(Record):
    """A support program, one edition of it (contract §3)."""

    @property
    def family_id(self) -> str:
        return self.family or self.id  # type: ignore[attr-defined]
