"""Korean and English from the same objects.

A message is an English msgid with its values (`Msg`), made where the fact is known and said in
the reader's language only where it is shown: `msg.say("ko")`. The Korean texts live in a gettext
catalog (`locale/ko/LC_MESSAGES/sfmatch.po`, compiled to `.mo`), extracted from the `N_(...)`
calls with Babel; `tests/test_i18n.py` fails when a message has no Korean text. English needs no
catalog: the msgid is the English text.

Values inside a message are said in the same language: another `Msg`, a `Term` of a vocabulary
(a need, a size class, a level, a disqualifier), or a sequence of them, joined with commas.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

Lang = Literal["ko", "en"]
LANGS: tuple[Lang, ...] = ("ko", "en")
DOMAIN = "sfmatch"


def lang_from_env(environ: Mapping[str, str] | None = None) -> Lang:
    """The locale's language as gettext finds it: the first of LC_ALL, LC_MESSAGES and LANG that
    is set decides; one starting with `ko` means Korean, anything else English."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    folder = Path(__file__).parent / "locale"
    return gettext.translation(DOMAIN, localedir=str(folder), languages=[lang])


def translate(msgid: str, lang: str) -> str:
    return _catalog(lang).gettext(msgid)


class Msg(NamedTuple):
    """An English text with `{name}` places and their values; `say(lang)` gives it in a language.

    A named tuple, not a dataclass: results make tens of thousands of them in a batch."""

    id: str
    args: tuple[tuple[str, Any], ...] = ()

    def say(self, lang: str) -> str:
        text = translate(self.id, lang)
        if not self.args:
            return text
        return text.format(**{name: said(value, lang) for name, value in self.args})

    def __str__(self) -> str:
        return self.say("en")


def N_(msgid: str, /, **args: Any) -> Msg:
    """Mark a message for the catalog (Babel extracts `N_` calls) with its values (a list is
    kept as a tuple, so that a message can be a key)."""
    if not args:
        return Msg(msgid)
    items = tuple(args.items())
    if any(isinstance(v, list) for v in args.values()):
        items = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in items)
    return Msg(msgid, items)


@dataclass(frozen=True)
class Term:
    """A code of one of the vocabularies, said as its Korean label or its English words."""

    vocabulary: str  # a name in `vocab.BY_NAME`, or `place` (a region, group or district code)
    code: str

    def say(self, lang: str) -> str:
        from sfmatch import vocab

        if self.vocabulary == "place":
            return vocab.place_words(self.code, lang)
        words = vocab.BY_NAME[self.vocabulary]
        return words.label(self.code) if lang == "ko" else words.english(self.code)

    def __str__(self) -> str:
        return self.say("en")


@dataclass(frozen=True)
class Named:
    """A name known in both languages (a program's, from the catalog); English falls back to
    Korean and Korean to English where one is missing."""

    ko: str | None
    en: str | None

    def say(self, lang: str) -> str:
        first, second = (self.ko, self.en) if lang == "ko" else (self.en, self.ko)
        return first or second or ""

    def __str__(self) -> str:
        return self.say("en")


@dataclass(frozen=True)
class Note(Named):
    """A catalog note as its author wrote it (`notes`, and `notes_ko` where given): said in
    Korean where a Korean text exists, else as written."""


def operator_words(program: Any) -> Named:
    """Who runs a program, in both languages (`operator_ko` beside `operator`)."""
    return Named(program.operator_ko, program.operator)


def catalog_notes(program: Any) -> tuple[Note, ...]:
    """A program's notes, each with its Korean."""
    korean = list(program.notes_ko) or [None] * len(program.notes)
    return tuple(Note(ko, en) for ko, en in zip(korean, program.notes, strict=True))


@dataclass(frozen=True)
class Joined:
    """Values said one after the other, with `sep` between (a list says them with commas)."""

    parts: tuple[Any, ...]
    sep: str = "; "

    def __init__(self, parts: Any, sep: str = "; ") -> None:
        object.__setattr__(self, "parts", tuple(parts))
        object.__setattr__(self, "sep", sep)

    def say(self, lang: str) -> str:
        return self.sep.join(said(p, lang) for p in self.parts)

    def __str__(self) -> str:
        return self.say("en")


def said(value: Any, lang: str) -> str:
    """A value as text in `lang`: messages and terms are said, sequences joined, None is empty."""
    if value is None:
        return ""
    if isinstance(value, Msg | Term | Named | Joined):
        return value.say(lang)
    if isinstance(value, list | tuple):
        return ", ".join(said(v, lang) for v in value)
    return str(value)
