"""The program catalog: where it lives, loading every file of it, and looking programs up."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from sfmatch.criteria import Remembered
from sfmatch.errors import DataError, Problem
from sfmatch.i18n import N_, Msg
from sfmatch.records import Program
from sfmatch.text import key, similarity


def bundled_dir() -> Path:
    """The catalog shipped inside the package (a source checkout uses its top-level programs/)."""
    shipped = Path(__file__).parent / "catalog"
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[2] / "programs"


def programs_dir(option: Path | None) -> Path:
    """`--programs`, else `$SFMATCH_PROGRAMS`, else `./programs` when it exists, else the bundled one."""
    if option is not None:
        return option
    env = os.environ.get("SFMATCH_PROGRAMS")
    if env:
        return Path(env)
    local = Path("programs")
    return local if local.is_dir() else bundled_dir()


@dataclass(frozen=True)
class Reading:
    """What a program named in a person's words was read as (`Catalog.read_program`)."""

    text: str
    family: str | None  # None: it names nothing known
    how: str  # id, family, name, edition, fuzzy 91; empty when unread
    closest: tuple[str, ...] = ()  # the nearest families, when unread

    @property
    def exact(self) -> bool:
        return self.how in ("id", "family")

    def note(self) -> Msg | None:
        """A line for the user where the reading was not exact, else None."""
        if self.family is None:
            return N_("prior program {text} names no program or family known (closest: {near})",
                      text=repr(self.text), near=self.closest)  # fmt: skip
        if self.exact:
            return None
        return N_("prior program {text} read as {family} ({how})",
                  text=repr(self.text), family=self.family, how=self.how_words)  # fmt: skip

    @property
    def how_words(self) -> Msg:
        """How it was read, in the words a person reads (`by name`, `fuzzy 91`)."""
        if self.how.startswith("fuzzy "):
            return N_("fuzzy {score}", score=self.how.removeprefix("fuzzy "))
        return READ_WORDS.get(self.how, N_("{how}", how=self.how))


# A press citation in a program's `source`: the outlet, then its date or article number, then
# perhaps the article number in brackets (`asiae 2021-01-27 (2021012708094364300)`).
_CITATION = re.compile(
    r"\b(?P<outlet>[a-z][a-z0-9.-]*[a-z0-9])\s+(?P<first>\d[\w-]*)(?:\s*\((?P<id>\d\w*)\))?"
)


def press_citations(source: str) -> str:
    """The press articles a `source` cites (`asiae 2021-01-27 (2021012708094364300); etnews
    20230130000158`), without the research sheet's references and notes, which are the catalog
    makers' own: what a page for people outside names. Empty when it cites no article."""
    found = [" ".join(filter(None, (m["outlet"], m["first"], m["id"] and f"({m['id']})")))
             for m in _CITATION.finditer(source) if m["outlet"] not in ("item", "of", "the")]  # fmt: skip
    return "; ".join(dict.fromkeys(found))


READ_WORDS = {"id": N_("by id"), "family": N_("by family"), "name": N_("by name"),
              "edition": N_("by edition")}  # fmt: skip


@dataclass(frozen=True)
class Catalog:
    """All programs of a catalog folder, ordered by id."""

    root: Path
    programs: tuple[Program, ...]
    _by_id: dict[str, Program] = field(init=False, repr=False, compare=False)
    _names: dict[str, tuple[str, str]] = field(init=False, repr=False, compare=False)
    _read: dict[str, Reading] = field(init=False, repr=False, compare=False)
    _editions: dict[dt.date, dict[str, str]] = field(init=False, repr=False, compare=False)
    _family_names: dict[str, tuple[str | None, str | None]] = field(
        init=False, repr=False, compare=False
    )
    checks: Remembered = field(init=False, repr=False, compare=False)  # of its conditions

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {p.id: p for p in self.programs})
        object.__setattr__(self, "_names", _name_index(self.programs))
        object.__setattr__(self, "_read", {})
        object.__setattr__(self, "_editions", {})
        object.__setattr__(self, "_family_names", {})
        object.__setattr__(self, "checks", Remembered())

    def superseded(self, as_of: dt.date) -> dict[str, str]:
        """Older editions on `as_of` → the edition of their family that is current then.

        A family is recommended once, as its current edition: the newest whose call started by
        `as_of` (its window's opening, else the year its id ends in), or, when that one's window
        has closed (or is only projected from last year's dates), a newer edition already
        announced with a window to come. The others stay in the catalog, for prior participation
        and `--all`."""
        found = self._editions.get(as_of)
        if found is None:
            found = self._editions[as_of] = _superseded(self.programs, as_of)
        return found

    def get(self, program_id: str) -> Program | None:
        return self._by_id.get(program_id)

    def family_name(self, family: str) -> tuple[str | None, str | None]:
        """A family's (Korean, English) name: its newest edition's, else the past family's; the
        id where neither is known (looked up once: every check of a prior rule names them)."""
        found = self._family_names.get(family)
        if found is None:
            found = self._family_names[family] = self._family_name(family)
        return found

    def _family_name(self, family: str) -> tuple[str | None, str | None]:
        editions = [p for p in self.programs if p.family_id == family]
        if editions:
            newest = max(editions, key=lambda p: p.id)
            return newest.name_ko, newest.name
        ko, en, _aliases = _known_families().get(family, (None, None, ()))
        return (ko, en) if ko or en else (None, family)

    def family_of(self, name: str) -> str | None:
        """The family a program named in a `prior` entry belongs to: a catalog program's id,
        a family, or a name people write (`스마트공장 구축`); None when it names nothing known."""
        return self.read_program(name).family

    def names(self) -> list[tuple[str, str, str]]:
        """(name as compared, its family, the name as written): every id, family, name and alias
        a program or past family answers to (what `read_program` reads)."""
        written: dict[str, str] = {}
        for p in self.programs:
            for name in (p.name_ko, p.name):
                if name:
                    written.setdefault(key(name), name)
        for ko, en, aliases in _known_families().values():
            for name in (ko, en, *aliases):
                if name:
                    written.setdefault(key(name), name)
        return [(k, family, written.get(k, k)) for k, (family, _how) in self._names.items()]

    def read_program(self, text: str) -> Reading:
        """A program or family named by id, family, Korean or English name or a well-known
        alias (`data/families.toml`), read fuzzily where it is not exact; never across a wide
        gap: an unknown id is unread, with the closest families named."""
        found = self._read.get(text)
        if found is None:
            if len(self._read) > 10_000:
                self._read.clear()
            found = self._read[text] = self._reading(text)
        return found

    def _reading(self, text: str) -> Reading:
        program = self.get(text)
        if program is not None:
            return Reading(text, program.family_id, "id")
        k = key(text)
        hit = self._names.get(k)
        if hit is not None:
            return Reading(text, hit[0], hit[1])
        stem = re.fullmatch(r"([a-z0-9-]+)-(19|20)\d\d", text.strip())
        if stem and self._names.get(key(stem.group(1)), ("", ""))[1] == "family":
            return Reading(text, self._names[key(stem.group(1))][0], "edition of the family")
        scores: dict[str, float] = {}
        if not re.fullmatch(r"[a-z0-9-]+", text.strip()):  # ids are never guessed
            for alias, (family, _how) in self._names.items():
                if len(alias) >= 2:
                    scores[family] = max(scores.get(family, 0.0), similarity(k, alias))
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        clear = len(ranked) == 1 or (
            len(ranked) > 1 and ranked[1][1] <= ranked[0][1] - PROGRAM_MARGIN
        )
        if ranked and ranked[0][1] >= PROGRAM_CUTOFF and clear:
            return Reading(text, ranked[0][0], f"fuzzy {ranked[0][1]:.0f}")
        return Reading(text, None, "", tuple(self._closest_families(k)))

    def closest_ids(self, program_id: str, limit: int = 3) -> list[str]:
        ids = [p.id for p in self.programs]
        found = process.extract(program_id, ids, scorer=fuzz.WRatio, limit=limit)
        return [match for match, _score, _ in found]

    def find(self, text: str) -> tuple[Program | None, Reading | None]:
        """A program named by its id, or by a name or family people write (`혁신바우처`): the
        family's newest edition in the catalog (ids end in the edition's year). The reading is
        given where the name was not the id."""
        program = self.get(text.strip())
        if program is not None:
            return program, None
        reading = self.read_program(text)
        editions = [p for p in self.programs if p.family_id == reading.family]
        return (max(editions, key=lambda p: p.id) if editions else None), reading

    def _closest_families(self, k: str) -> list[str]:
        best: dict[str, float] = {}
        for alias, (family, _how) in self._names.items():
            best[family] = max(best.get(family, 0.0), similarity(k, alias))
        return sorted(best, key=lambda f: (-best[f], f))[:3]

    def families(self) -> list[tuple[str, list[str], list[str]]]:
        """(family, its catalog editions, the names it answers to), past families included."""
        editions: dict[str, list[str]] = {}
        for p in self.programs:
            editions.setdefault(p.family_id, []).append(p.id)
        names: dict[str, list[str]] = {}
        for family, (ko, en, aliases) in _known_families().items():
            names.setdefault(family, []).extend([n for n in (ko, en) if n] + list(aliases))
        for p in sorted(self.programs, key=lambda p: p.id, reverse=True):  # newest names first
            own = [n for n in (p.name_ko, p.name) if n]
            names[p.family_id] = list(dict.fromkeys([*own, *names.get(p.family_id, [])]))
        return [(f, editions.get(f, []), names[f]) for f in sorted({*editions, *names})]


def edition_start(program: Program) -> dt.date | None:
    """When an edition's call starts: its window's opening (or closing), else 1 January of the
    year its id ends in; None when neither is known (then it is taken as the oldest)."""
    window = program.window
    if window is not None and (window.opens or window.closes):
        return window.opens or window.closes
    year = re.search(r"-((?:19|20)\d\d)$", program.id)
    return dt.date(int(year.group(1)), 1, 1) if year else None


def _superseded(programs: tuple[Program, ...], as_of: dt.date) -> dict[str, str]:
    from sfmatch.engine import window_state  # the engine imports this module

    families: dict[str, list[Program]] = {}
    for p in programs:
        families.setdefault(p.family_id, []).append(p)
    found: dict[str, str] = {}
    for editions in families.values():
        if len(editions) < 2:
            continue
        ordered = sorted(editions, key=lambda p: (edition_start(p) or dt.date.min, p.id))
        started = [p for p in ordered if (edition_start(p) or dt.date.min) <= as_of]
        current = started[-1] if started else ordered[0]
        later = [p for p in ordered if p not in started and p.window and p.window.opens]
        if later and window_state(current.window, as_of).status in ("closed", "expected-open"):
            current = later[0]  # the next call is announced: it is what a firm can apply to
        found.update((p.id, current.id) for p in editions if p is not current)
    return found


PROGRAM_CUTOFF = 80.0  # jamo similarity for a program name read fuzzily
PROGRAM_MARGIN = 5.0  # and by how much it must beat the next family


@cache
def _known_families() -> dict[str, tuple[str | None, str | None, tuple[str, ...]]]:
    """`data/families.toml`: past families (name_ko, name, aliases) and aliases of the
    catalog's own families (None, None, aliases)."""
    text = (Path(__file__).parent / "data" / "families.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    found: dict[str, tuple[str | None, str | None, tuple[str, ...]]] = {}
    for family, entry in data["past"].items():
        found[family] = (entry["name_ko"], entry["name"], tuple(entry["aliases"]))
    for family, aliases in data["aliases"].items():
        found[family] = (None, None, tuple(aliases))
    return found


def _name_index(programs: tuple[Program, ...]) -> dict[str, tuple[str, str]]:
    """Name key → (family, how it names it): ids and families first, then names and aliases."""
    index: dict[str, tuple[str, str]] = {}
    for p in programs:
        index.setdefault(key(p.family_id), (p.family_id, "family"))
    known = _known_families()
    for family in known:
        index.setdefault(key(family), (family, "family"))
    for p in programs:
        for name in (p.name_ko, p.name):
            if name:
                index.setdefault(key(name), (p.family_id, "name"))
                bare = re.sub(r"\s*\([^)]*\)", "", name)  # `자율형공장 (AI 트랙)` → 자율형공장
                index.setdefault(key(bare), (p.family_id, "name"))
    for family, (ko, en, aliases) in known.items():
        for name in (ko, en, *aliases):
            if name:
                index.setdefault(key(name), (family, "name"))
    index.pop("", None)
    return index


SCENARIOS = "scenarios"  # a catalog's subfolder of what-if programs (`gaps --with`), not loaded


def program_files(folder: Path) -> list[Path]:
    """The catalog's program files; what-if scenarios kept beside it are not part of it."""
    return sorted(
        p
        for p in folder.rglob("*.toml")
        if p.is_file() and SCENARIOS not in p.relative_to(folder).parts[:-1]
    )


def load_catalog(folder: Path) -> Catalog:
    """Every program under `folder`, as records; all problems of all files are reported
    together. A catalog validated before is read from the cache."""
    from sfmatch import cache

    if not folder.exists():
        raise DataError(
            [Problem(str(folder), N_("programs folder not found"), hint=N_("check --programs"))]
        )
    if not folder.is_dir():
        raise DataError([Problem(str(folder), N_("is a file, not a programs folder"))])
    files = program_files(folder)
    if not files:
        raise DataError(
            [
                Problem(
                    str(folder), N_("no program files (*.toml) found"), hint=N_("check --programs")
                )
            ]
        )

    def sources() -> list[tuple[str, bytes]]:
        return [
            (path.relative_to(folder).as_posix(), cache.file_bytes(path) or b"") for path in files
        ]

    return Catalog(folder, cache.kept("catalog", sources, lambda: _programs(files)))


def _programs(files: list[Path]) -> tuple[Program, ...]:
    """The programs of these files, validated, as records ordered by id."""
    from sfmatch.loader import load_program
    from sfmatch.models import to_record

    programs: list[tuple[Path, object]] = []
    problems: list[Problem] = []
    for path in files:
        try:
            programs.append((path, load_program(path)))
        except DataError as exc:
            problems.extend(exc.problems)
    problems.extend(duplicate_ids(programs))
    if problems:
        raise DataError(problems)
    return tuple(sorted((to_record(program) for _, program in programs), key=lambda p: p.id))


def duplicate_ids(programs: list[tuple[Path, object]]) -> list[Problem]:
    first: dict[str, Path] = {}
    problems = []
    for path, program in programs:
        if program.id in first:
            problems.append(
                Problem(
                    str(path),
                    N_(
                        "duplicate program id {id}, also in {path}",
                        id=repr(program.id),
                        path=str(first[program.id]),
                    ),
                    where="id",
                    hint=N_("give each edition its own id and link them with family"),
                )
            )
        else:
            first[program.id] = path
    return problems
