"""Writing results to files: atomically, and CSV that Excel opens safely (contract §5, Output files)."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sfmatch.errors import DataError, Problem

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def safe_cell(value: object) -> object:
    """Text that Excel would run as a formula gets a leading `'`; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(handle: IO[str], header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Excel-style CSV (CRLF), with formula-looking text neutralised; rows may be a stream."""
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO(newline="")
    write_csv(buffer, header, rows)
    return buffer.getvalue()


@contextmanager
def atomic_open(path: Path, encoding: str = "utf-8", binary: bool = False) -> Iterator[IO]:
    """A file opened for writing through a temporary file that replaces `path` only on success:
    a failure or an interrupt never leaves a partial file and never damages an existing one."""
    target = path.expanduser()
    if target.is_dir():
        raise DataError([Problem(str(path), "is a folder", hint="give a file name")])
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise DataError([Problem(str(path), "folder does not exist", hint="create it first")])
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise DataError([Problem(str(path), f"cannot write: {exc.strerror}")]) from None
    try:
        mode = "wb" if binary else "w"
        options = {} if binary else {"encoding": encoding, "newline": ""}
        with os.fdopen(fd, mode, **options) as handle:
            yield handle
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


def atomic_write(path: Path, data: str, encoding: str = "utf-8") -> None:
    with atomic_open(path, encoding) as handle:
        handle.write(data)
