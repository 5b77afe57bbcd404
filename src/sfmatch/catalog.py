"""The program catalog: where it lives, loading every file of it, and looking programs up."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process

from sfmatch.errors import DataError, Problem
from sfmatch.loader import load_program
from sfmatch.models import Program


def bundled_dir() -> Path:
    """The catalog shipped inside the package (a source checkout uses its top-level programs/)."""
    shipped = Path(str(resources.files("sfmatch"))) / "catalog"
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
class Catalog:
    """All programs of a catalog folder, ordered by id."""

    root: Path
    programs: tuple[Program, ...]
    _by_id: dict[str, Program] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {p.id: p for p in self.programs})

    def get(self, program_id: str) -> Program | None:
        return self._by_id.get(program_id)

    def family_of(self, program_id: str) -> str:
        """A catalog program's family; an id from outside the catalog is its own family."""
        program = self.get(program_id)
        return program.family_id if program else program_id

    def closest_ids(self, program_id: str, limit: int = 3) -> list[str]:
        ids = [p.id for p in self.programs]
        found = process.extract(program_id, ids, scorer=fuzz.WRatio, limit=limit)
        return [match for match, _score, _ in found]


def program_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.toml") if p.is_file())


def load_catalog(folder: Path) -> Catalog:
    """Every program under `folder`; all problems of all files are reported together."""
    if not folder.exists():
        raise DataError(
            [Problem(str(folder), "programs folder not found", hint="check --programs")]
        )
    if not folder.is_dir():
        raise DataError([Problem(str(folder), "is a file, not a programs folder")])
    files = program_files(folder)
    if not files:
        raise DataError(
            [Problem(str(folder), "no program files (*.toml) found", hint="check --programs")]
        )
    programs: list[tuple[Path, Program]] = []
    problems: list[Problem] = []
    for path in files:
        try:
            programs.append((path, load_program(path)))
        except DataError as exc:
            problems.extend(exc.problems)
    problems.extend(duplicate_ids(programs))
    if problems:
        raise DataError(problems)
    ordered = sorted((program for _, program in programs), key=lambda p: p.id)
    return Catalog(folder, tuple(ordered))


def duplicate_ids(programs: list[tuple[Path, Program]]) -> list[Problem]:
    first: dict[str, Path] = {}
    problems = []
    for path, program in programs:
        if program.id in first:
            problems.append(
                Problem(
                    str(path),
                    f"duplicate program id {program.id!r}, also in {first[program.id]}",
                    where="id",
                    hint="give each edition its own id and link them with family",
                )
            )
        else:
            first[program.id] = path
    return problems
