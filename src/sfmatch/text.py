"""Hangul-aware text keys and fuzzy scores shared by vocabularies and relevance matching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
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
    return Mentions(text).of(term)


class Mentions:
    """One free text, prepared once, asked how strongly it mentions term after term (`mentions`)."""

    def __init__(self, text: str) -> None:
        self.folded = fold(text)
        self.key = _NOT_WORD.sub("", self.folded)  # key(text), uncached: texts are met once
        self.tokens = _TOKEN.findall(self.folded)

    def _literal(self, k: str) -> float | None:
        """The strength decided without fuzzy matching, or None when that is needed."""
        if not k:
            return 0.0
        if is_short_latin(k):
            return 1.0 if re.search(rf"(?<![a-z]){re.escape(k)}(?![a-z])", self.folded) else 0.0
        if k in self.key:
            return 1.0
        if len(jamo(k)) < 6:
            return 0.0
        return None

    def of(self, term: str) -> float:
        k = key(term)
        found = self._literal(k)
        if found is not None:
            return found
        near = [similarity(k, t) for t in self.tokens if abs(len(t) - len(k)) <= 2]
        return _strength(max(near, default=0.0))


class TermSet:
    """Many terms prepared once, to find which of them each of many texts mentions (batch).

    `mentioned(text)` gives, for every term with `mentions(text, term)` above 0, that strength
    (a test holds the two equal). Literal checks are plain substring tests; the fuzzy ones are
    worked out once per distinct word (words recur from text to text), with one rapidfuzz
    `cdist` over a text's new words, with the same scorer, so the same scores.
    """

    def __init__(self, terms: Sequence[str]) -> None:
        import numpy as np  # batch only

        keyed = [(t, key(t)) for t in dict.fromkeys(terms)]
        self.latin = [
            (t, re.compile(rf"(?<![a-z]){re.escape(k)}(?![a-z])"))
            for t, k in keyed
            if k and is_short_latin(k)
        ]
        words = [(t, k) for t, k in keyed if k and not is_short_latin(k)]
        self.words = [t for t, _ in words]
        self.keys = [k for _, k in words]
        long = [i for i, k in enumerate(self.keys) if len(jamo(k)) >= 6]  # may match fuzzily
        self.long = np.array(long, dtype=np.intp)
        self.long_jamo = [jamo(self.keys[i]) for i in long]
        self.long_lengths = np.array([len(self.keys[i]) for i in long])
        self.near: dict[str, list[tuple[int, float]]] = {}  # word → (long term, fuzzy score)

    def mentioned(self, text: str) -> dict[str, float]:
        prepared = Mentions(text)
        found = {term: 1.0 for term, pattern in self.latin if pattern.search(prepared.folded)}
        literal = [k in prepared.key for k in self.keys]
        found.update((t, 1.0) for t, hit in zip(self.words, literal, strict=True) if hit)
        best: dict[int, float] = {}  # long term → its best fuzzy score over the text's words
        for word in self._near_words(prepared.tokens):
            for i, score in self.near[word]:
                best[i] = max(best.get(i, 0.0), score)
        for i, score in best.items():
            term = self.words[self.long[i]]
            if term not in found:  # a literal mention is 1.0 whatever the fuzzy score
                found[term] = _strength(score)
        return found

    def _near_words(self, words: list[str]) -> list[str]:
        """The text's distinct words, each known in `near`: the long terms it nearly spells
        (score >= 85, lengths within 2), scored once per distinct word in one `cdist`."""
        import numpy as np
        from rapidfuzz.process import cdist

        distinct = list(dict.fromkeys(words))
        new = [w for w in distinct if w not in self.near]
        if len(self.near) + len(new) > NEAR_WORDS_LIMIT:
            self.near.clear()
            new = distinct
        if new and len(self.long):
            scores = cdist(self.long_jamo, [jamo(w) for w in new],
                           scorer=fuzz.ratio, dtype=np.float64, score_cutoff=85)  # fmt: skip
            near = np.abs(self.long_lengths[:, None] - np.array(list(map(len, new)))) <= 2
            scores = np.where(near, scores, 0.0)
            for j, word in enumerate(new):
                hits = np.flatnonzero(scores[:, j]).tolist()
                self.near[word] = [(i, float(scores[i, j])) for i in hits]
        else:
            self.near.update((w, []) for w in new)
        return distinct


NEAR_WORDS_LIMIT = 50_000  # distinct words remembered by a TermSet; a full memory starts again


def _strength(best: float) -> float:
    return round(best / 100, 2) if best >= 85 else 0.0
