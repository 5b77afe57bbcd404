"""KSIC class names (업종명) read into codes: what a registry gives where it has no code.

Public registries (KICOX FactoryOn, the Busan 제조업 공장등록현황) name a factory's industry by its
official KSIC class name, sometimes with "외 1종" (and one more class). `data/ksic.tsv` holds the
names of manufacturing (divisions 10–34) of the 10th and 11th revisions, with their sources.

A name is read exactly first; then on a key without spaces, commas, middle dots and "외 N종"
(registries space names their own way); then, by `read_name` only, fuzzily within manufacturing
above `NAME_FLOOR`, with a note. A name of both revisions under two codes reads as the 11th's
(in force since 2024-07-01): the division, which is what the catalog's rules look at, is the same.
"""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache
from pathlib import Path

from sfmatch.errors import ValueProblem
from sfmatch.i18n import N_, Msg

NAME_FLOOR = 90.0  # a name this close (0–100, on jamo) to one class name, and no other, reads as it
_MORE = re.compile(r"\s*(외\s*\d+\s*(종|개)?|등)\s*$")  # "외 1종": the main class is named first
_NOISE = re.compile(r"[\s,·ㆍ・\u00b7]+")
_HANGUL = re.compile(r"[가-힣]")


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))


def name_key(text: str) -> str:
    """A class name as compared: without "외 N종", spaces, commas and middle dots."""
    return _NOISE.sub("", _MORE.sub("", text.strip())).casefold()


@cache
def _table() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(key → code, code → name, key → name): the 11th revision's code where a key has two."""
    path = Path(__file__).parent / "data" / "ksic.tsv"
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    shown: dict[str, str] = {}
    for code, name, _level, revision, _source in csv.reader(
        lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE
    ):
        k = name_key(name)
        if k not in codes or "11" in revision.split(","):
            codes[k], shown[k] = code, name
        if code not in names or "11" in revision.split(","):
            names[code] = name
    return codes, names, shown


def class_name(code: str) -> str | None:
    """The class name of a code (`C13922` or `13922`), the 11th revision's where both have one."""
    return _table()[1].get(code.removeprefix("C"))


def exact_code(text: str) -> str | None:
    """`C13922` for a class name as registries write it (spacing, "외 N종" aside), else None."""
    code = _table()[0].get(name_key(text))
    return None if code is None else "C" + code


@lru_cache(maxsize=4096)
def read_name(text: str) -> tuple[str, Msg | None]:
    """(code, note): a class name read exactly (no note), or the one class name close enough to
    it (a note saying so). Raises `ValueProblem` naming the closest names otherwise."""
    found = exact_code(text)
    if found is not None:
        return found, None
    ranked = _closest(text)
    if ranked and ranked[0][1] >= NAME_FLOOR and (len(ranked) < 2 or ranked[1][1] < ranked[0][1]):
        k, score = ranked[0]
        codes, _, shown = _table()
        return "C" + codes[k], N_(
            "industry {text} read as KSIC {code} {name}, not exact ({score}%)",
            text=repr(text.strip()), code=codes[k], name=shown[k], score=round(score),
        )  # fmt: skip
    raise no_such_name(text, ranked)


_OTHER_TRADES = ("도매업", "소매업", "판매업", "서비스업", "운송업", "중개업", "임대업", "건설업",
                 "공사업", "수리업", "보관업", "창고업")  # fmt: skip


def no_such_name(text: str, ranked: list[tuple[str, float]] | None = None) -> ValueProblem:
    """The problem of a name that is no manufacturing class's, with the closest ones (or, for
    a trade's name, that sfmatch matches manufacturers)."""
    what = N_("industry {value} is not the name of a KSIC manufacturing class", value=repr(text))
    if name_key(text).endswith(_OTHER_TRADES):
        return ValueProblem(what, N_("sfmatch matches manufacturers: KSIC section C, divisions"
                                     " 10–34"))  # fmt: skip
    codes, _, shown = _table()
    near = [
        f"{shown[k]} ({codes[k]})" for k, _ in (ranked if ranked is not None else _closest(text))
    ]
    return ValueProblem(
        what,
        N_("give the KSIC code, or the class name as written in the table; closest: {near}",
           near=near[:3]),
    )  # fmt: skip


def _closest(text: str) -> list[tuple[str, float]]:
    from rapidfuzz import fuzz, process

    from sfmatch.text import jamo

    keys = _jamo_keys()
    found = process.extract(jamo(name_key(text)), list(keys), scorer=fuzz.ratio, limit=3)
    return [(keys[j], score) for j, score, _ in found]


@cache
def _jamo_keys() -> dict[str, str]:
    from sfmatch.text import jamo

    return {jamo(k): k for k in _table()[0]}
