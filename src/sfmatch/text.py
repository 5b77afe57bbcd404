"""Hangul-aware text keys and fuzzy scores shared by vocabularies and relevance matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

_NOT_WORD = re.compile(r"[^0-9a-z\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")
_LATIN = re.compile(r"[a-z]")
_TOKEN = re.compile(r"[0-9a-z\uac00-\ud7a3]+")


def fold(text: str) -> str:
    """NFC (macOS files can hold NFD Hangul), case-folded, single-spaced."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def raw_key(text: str) -> str:
    """A comparison key: folded, with spaces and punctuation removed (`A/S` → `as`)."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFC", text).casefold())  # spaces go too


key = lru_cache(maxsize=8192)(raw_key)  # for the vocabularies' few words, met again and again


@lru_cache(maxsize=8192)
def jamo(text: str) -> str:
    """Hangul syllables decomposed into jamo, so one wrong vowel costs one letter, not one syllable."""
    return unicodedata.normalize("NFD", text)


def tokens(text: str) -> list[str]:
    """Words of a free text, folded (Hangul words keep their particles: matching uses substrings)."""
    return _TOKEN.findall(fold(text))


def similarity(a: str, b: str) -> float:
    """0–100 similarity of two keys, computed on jamo so that Hangul typos cost little."""
    return fuzz.ratio(jamo(a), jamo(b))


def is_short_latin(k: str) -> bool:
    """Acronyms such as `ai`, `as`, `mes`: matched as whole words only, never inside other words."""
    return len(k) <= 3 and bool(_LATIN.search(k))


def mentions(text: str, term: str) -> float:
    """How strongly a free text mentions a term: 1.0 for a literal mention, less for a near one.

    Korean glues particles and nouns together (`유지보수비용`), so a term counts when its key is a
    substring of the text's key. Short Latin acronyms must stand as a word (`ai` in `AI 비전`, not in
    `detail`). A longer term may also match a word fuzzily on jamo (`자동화` ~ `자도화`).
    """
    k = key(term)
    if not k:
        return 0.0
    folded = fold(text)
    if is_short_latin(k):
        return 1.0 if re.search(rf"(?<![a-z]){re.escape(k)}(?![a-z])", folded) else 0.0
    if k in key(text):
        return 1.0
    if len(jamo(k)) < 6:
        return 0.0
    best = max((similarity(k, t) for t in tokens(text) if abs(len(t) - len(k)) <= 2), default=0.0)
    return round(best / 100, 2) if best >= 85 else 0.0
