"""Writing results to files: atomically, and CSV that Excel opens safely (contract §5, Output files)."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from sfmatch.errors import DataError, Problem

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def safe_cell(value: object) -> object:
    """Text that Excel would run as a formula gets a leading `'`; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return buffer.getvalue()


def atomic_write(path: Path, data: str, encoding: str = "utf-8") -> None:
    """Write through a temporary file and rename: a failure never leaves a partial or damaged file."""
    target = path.expanduser()
    if target.is_dir():
        raise DataError([Problem(str(path), "is a folder", hint="give a file name for -o")])
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise DataError([Problem(str(path), "folder does not exist", hint="create it first")])
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise DataError([Problem(str(path), f"cannot write: {exc.strerror}")]) from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DataError([Problem(str(path), f"cannot write: {exc.strerror}")]) from None
        raise
