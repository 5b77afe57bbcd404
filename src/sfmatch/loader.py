"""Reading profile and program files into models, with every problem located and collected."""

from __future__ import annotations

import re
import tomllib
import types
import typing
import unicodedata
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from rapidfuzz import fuzz, process

from sfmatch.errors import DataError, Problem, ValueProblem, described
from sfmatch.i18n import N_, Msg
from sfmatch.models import Profile, Program

M = TypeVar("M", bound=BaseModel)

_BOMS = {b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16"}


def read_text(path: Path) -> str:
    """A text file's contents as NFC text, or one clear problem: missing, a folder, binary, not UTF-8."""

    def fail(what: Msg, hint: Msg | str = "", line: int | None = None) -> DataError:
        return DataError([Problem(str(path), what, hint=hint, line=line)])

    if not path.exists():
        raise fail(N_("file not found"), N_("check the path and spelling"))
    if path.is_dir():
        raise fail(N_("is a folder, not a file"), N_("give a .toml file inside it"))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(N_("cannot read file: {why}", why=exc.strerror or str(exc)),
                   N_("check its permissions")) from None  # fmt: skip
    if not data.strip():
        raise fail(N_("file is empty"),
                   N_("fill it in, starting from an example in profiles/ or programs/"))  # fmt: skip
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            raise fail(N_("file is {name} text, not UTF-8", name=name), N_("save it as UTF-8"))
    if b"\x00" in data[:8192]:
        raise fail(N_("binary file, not text"), N_("give a TOML text file"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            data.decode("cp949")
            what = N_("file is not UTF-8 (it looks like CP949/EUC-KR, Korean Windows' default)")
        except UnicodeDecodeError:
            what = N_("file is not UTF-8 text")
        raise fail(what, N_("save it as UTF-8"), line) from None
    return unicodedata.normalize("NFC", text)


_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


MAX_DEPTH = 16  # tables and lists inside each other: the formats need 3


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    text = read_text(path)
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise DataError([_too_deep(path)]) from None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_POS.search(msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        what = _TOML_POS.sub("", msg).replace(" (at end of document)", " at end of file")
        raise DataError(
            [
                Problem(
                    str(path),
                    N_("invalid TOML: {what}", what=what),
                    hint=N_('quote text values, e.g. name = "Hanul"; dates as 2024-03-01'),
                    line=line,
                    col=col,
                )
            ]
        ) from None
    except ValueError as exc:  # an integer past Python's 4,300 digits
        raise DataError(
            [
                Problem(
                    str(path),
                    f"a value cannot be read: {str(exc).split(':')[0]}",
                    hint="check the numbers in the file",
                )
            ]
        ) from None
    if _depth(data) > MAX_DEPTH:
        raise DataError([_too_deep(path)])
    return data, text


def _too_deep(path: Path) -> Problem:
    return Problem(
        str(path),
        f"lists or tables nested more than {MAX_DEPTH} deep",
        hint="the formats nest 3 deep at most; see the examples",
    )


def _depth(value: object) -> int:
    """How deep lists and tables nest in a TOML value (without recursion)."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                todo.extend(
                    (v, depth + 1) for v in (item.values() if isinstance(item, dict) else item)
                )
    return deepest


def validate_model(model: type[M], data: dict[str, Any], path: Path, text: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataError(_problems(exc, model, str(path), text)) from None


def load_profile(path: Path, notes: list[str] | None = None) -> Profile:
    """A profile file; `notes` gets how its keys and its place were read where a person should
    know (a key named in Korean, an old place name, a divided district, a non-exact match)."""
    data, text = read_toml(path)
    data, renamed = profile_keys(data)
    profile = validate_model(Profile, data, path, text)
    if notes is not None:
        notes.extend(renamed)
        notes.extend(place_notes(data))
    return profile


def profile_keys(data: dict[str, Any]) -> tuple[dict[str, Any], list[Msg]]:
    """A profile's keys as a list's headers are read: a key written as a list names its column
    (`매출액`, `상시근로자수`, `설립일`) is read as the profile key, each with a note naming it.
    Only exact names, never one a profile already has, and never a key of a program."""
    from sfmatch.headers import header_key

    fields = set(Profile.model_fields) | set(Program.model_fields)
    found: dict[str, Any] = {}
    notes = []
    for name, value in data.items():
        key = header_key(name) if name not in fields else None
        if key == "ksic_name":  # a class name (업종명): the code where none is given (read
            # exactly by the model), and the industry where none is given
            key = "industry" if "ksic" in data or "ksic" in found else "ksic"
            if key == "ksic" and "industry" not in data:
                found.setdefault("industry", value)
        if key is None or "." in key or key in data or key in found:
            found[name] = value
            continue
        found[key] = value
        notes.append(N_("key {given} read as {key}", given=repr(name), key=key))
    return found, notes


def place_notes(data: dict[str, Any]) -> tuple[str, ...]:
    from sfmatch.places import resolve

    given = [data.get(k) for k in ("region", "district", "address")]
    if not all(v is None or isinstance(v, str) for v in given) or given[0] is None:
        return ()
    return resolve(*given).notes


def load_program(path: Path) -> Program:
    data, text = read_toml(path)
    return validate_model(Program, data, path, text)


def profile_problems(exc: ValidationError, path: str) -> list[Problem]:
    """Problems of a profile built from a list row rather than a file (no lines to locate)."""
    return _problems(exc, Profile, path, "")


# --- turning pydantic errors into located, actionable one-liners -----------------------------

_EXPECTED = {
    "int_type": N_("an integer"),
    "int_from_float": N_("an integer"),
    "int_parsing": N_("an integer"),
    "float_type": N_("a number"),
    "bool_type": N_("true or false"),
    "string_type": N_("text in quotes"),
    "list_type": N_('a list, e.g. ["a", "b"]'),
    "tuple_type": N_("a list"),
    "model_type": N_("a table, e.g. {min = 1, max = 9}"),
    "model_attributes_type": N_("a table"),
    "dict_type": N_("a table"),
}


def where_of(loc: tuple[str | int, ...]) -> str:
    """`('prior', 1, 'year')` → `prior[1].year`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


MAX_PROBLEMS = 50  # of one file; the rest are counted in one more line


def _problems(exc: ValidationError, model: type[BaseModel], path: str, text: str) -> list[Problem]:
    problems = []
    errors = exc.errors(include_url=False)
    lines = _key_lines(text)
    for err in errors[:MAX_PROBLEMS]:
        loc = tuple(err["loc"])
        kind = err["type"]
        given = err.get("input")
        hint = ""
        if kind == "extra_forbidden":
            name = str(loc[-1])
            what = N_("unknown key {key}", key=repr(name))
            fields = _fields_at(model, loc[:-1])
            guess = process.extractOne(name, fields, scorer=fuzz.WRatio, score_cutoff=60)
            hint = (N_("did you mean {key}?", key=repr(guess[0])) if guess
                    else N_("known keys: {keys}", keys=", ".join(fields)))  # fmt: skip
        elif kind == "missing":
            what = N_("missing required key {key}", key=repr(str(loc[-1])))
            hint = N_("add {key} = ...", key=loc[-1])
        elif isinstance(err.get("ctx", {}).get("error"), ValueProblem):
            problem = err["ctx"]["error"]
            what, hint = problem.what, problem.hint
        elif kind in _EXPECTED:
            expected = _EXPECTED[kind]
            if kind == "model_type" and "prior" in loc:
                expected = N_('a table, e.g. {program = "스마트공장 구축", year = 2021}')
            what = N_("expected {expected}, got {given}", expected=expected, given=described(given))
            if kind == "string_type" and isinstance(given, int):
                hint = N_("put the value in quotes")
        elif kind == "too_short":
            ctx = err.get("ctx", {})
            what = N_("a list of {length}: at least {least} needed",
                      length=ctx.get("actual_length"), least=ctx.get("min_length"))  # fmt: skip
            if loc and loc[-1] == "any":
                hint = N_("with one alternative, write its criteria in the rule itself")
        elif kind == "literal_error":
            allowed = err["msg"].removeprefix("Input should be ").replace("True", "true")
            what = N_("{given} is not allowed: use {allowed}", given=described(given),
                      allowed=allowed.replace(" or ", ", "))  # fmt: skip
            hint = N_("omit the key when it does not apply") if given is False else ""
        else:
            msg = err["msg"].removeprefix("Value error, ").removeprefix("Input should be ")
            what = (N_("{given} should be {what}", given=described(given), what=msg)
                    if "Input should" in err["msg"] else msg)  # fmt: skip
        line = _locate(lines, loc)
        problems.append(Problem(path, what, where=where_of(loc), hint=hint, line=line))
    if len(errors) > MAX_PROBLEMS:
        more = len(errors) - MAX_PROBLEMS
        problems.append(Problem(path, N_("... and {more} more problems", more=f"{more:,}"),
                                hint=N_("fix these first")))  # fmt: skip
    return problems


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """Field names of the (nested) model a location points into, for "did you mean"."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            break
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        current = _submodel(field.annotation) if field else None
    return list(current.model_fields) if current else []


def _submodel(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, tuple, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _submodel(arg)
            if found:
                return found
    return None


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(r"^\s*([A-Za-z0-9_\-.\"' ]+?)\s*=")


def _dotted(text: str) -> list[str]:
    return [part.strip().strip("\"'") for part in text.split(".")]


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Each key path written in `text` (tables and assignments) → the first line it is on."""
    found: dict[tuple[str, ...], int] = {}
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            table = _dotted(header.group(1))
            path = table
        else:
            assign = _ASSIGN.match(line)
            if not assign:
                continue
            path = table + _dotted(assign.group(1))
        found.setdefault(tuple(path), number)
    return found


def _locate(lines: dict[tuple[str, ...], int], loc: tuple[str | int, ...]) -> int | None:
    """The line of the deepest key of `loc` written in the file (TOML values carry no
    positions): one look-up per depth, so many problems cost no more than one pass."""
    want = tuple(p for p in loc if isinstance(p, str))
    for depth in range(len(want), 0, -1):
        if want[:depth] in lines:
            return lines[want[:depth]]
    return None


def locate(text: str, loc: tuple[str | int, ...]) -> int | None:
    """Best-effort line of the deepest key of `loc` written in `text`."""
    return _locate(_key_lines(text), loc)
