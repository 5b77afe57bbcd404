"""Validated files kept between runs as plain data (`records`), so that a command reads a catalog
or a profile it has validated before without validating it again: pydantic alone costs more than
a whole recommendation.

An entry is found by what it was read from: the bytes and names of the files, the version of
sfmatch, and the files of the installed package itself (their sizes and times), so that an edited
program file, an edited profile or another sfmatch never meets an entry made from something else.
Only what validated is kept: a file with problems is read, and reported, every time.

An entry that cannot be read (damaged, half written, from another Python) is made again from its
files; one that cannot be written (a read-only home) is not kept; neither is said, as neither
changes an answer. Where entries live: `$SFMATCH_CACHE` (a folder, or `off`), else
`$XDG_CACHE_HOME/sfmatch`, else `~/.cache/sfmatch`. At most `KEPT` entries are kept; those
used longest ago go first.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

from sfmatch import __version__

T = TypeVar("T")
KEPT = 64  # entries; a catalog entry is about 100 KB, a profile's 1 KB
OFF = "off"
_PACKAGE: list[bytes] = []  # the package's fingerprint, taken once a process


def folder() -> Path | None:
    """Where entries live, or None when caching is off."""
    given = os.environ.get("SFMATCH_CACHE")
    if given is not None:
        return None if given.strip().casefold() in ("", OFF) else Path(given)
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(home) / "sfmatch"


def _package() -> bytes:
    """sfmatch's version and each file of the package with its size and time: a changed engine,
    vocabulary or place table makes new entries (an editable install changes without a new
    version)."""
    if not _PACKAGE:
        root = Path(__file__).parent
        digest = hashlib.sha256(__version__.encode())
        for base, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                stat = os.stat(os.path.join(base, name))
                where = os.path.relpath(os.path.join(base, name), root)
                digest.update(f"{where}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
        _PACKAGE.append(digest.digest())
    return _PACKAGE[0]


def key(kind: str, sources: list[tuple[str, bytes]]) -> str:
    """The name of the entry made of these (name, bytes) sources."""
    digest = hashlib.sha256(_package())
    digest.update(f"{kind}\0{len(sources)}\0".encode())
    for name, data in sources:
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return f"{kind}-{digest.hexdigest()[:40]}.pickle"


def kept(kind: str, sources: Callable[[], list[tuple[str, bytes]]], build: Callable[[], T]) -> T:
    """What `build` makes from `sources` (read now), from the cache when it holds it. `build`
    reads the files itself; what it made is kept only when the files read the same afterwards
    (a file saved in between is not filed under content it was not made from)."""
    where = folder()
    if where is None:
        return build()
    name = key(kind, sources())
    entry = where / name
    try:
        with open(entry, "rb") as handle:
            found = pickle.load(handle)
    except Exception:  # absent, or unreadable: made again below
        pass
    else:
        with suppress(OSError):
            os.utime(entry)  # used now: the last to be pruned
        return found
    made = build()
    if key(kind, sources()) == name:
        _keep(where, entry, made)
    return made


def _keep(where: Path, entry: Path, made: object) -> None:
    temporary = entry.with_name(f".{entry.name}.{os.getpid()}")
    try:
        where.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            pickle.dump(made, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, entry)
        _prune(where)
    except OSError:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)


def _prune(where: Path) -> None:
    """At most KEPT entries: those used longest ago go."""
    entries = []
    for path in where.glob("*.pickle"):
        try:
            entries.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue
    for _time, path in sorted(entries)[:-KEPT]:
        path.unlink(missing_ok=True)


def file_bytes(path: Path) -> bytes | None:
    """A file's bytes, or None where it cannot be read (the loader then says why)."""
    try:
        return path.read_bytes()
    except (OSError, ValueError):
        return None
