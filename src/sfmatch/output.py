"""Writing results to files: atomically, and CSV that Excel opens safely (contract §5, Output files)."""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sfmatch.errors import DataError, Problem
from sfmatch.i18n import N_
from sfmatch.signals import held

# What Excel (and other spreadsheets) may take for the start of a formula (OWASP, CSV injection):
# the ASCII signs, their full-width forms, and tab, CR and NUL. A formula sign after leading
# spaces counts too (` =1+1`).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0", "＝", "＋", "－", "＠")


def formula_like(text: str) -> bool:
    return text.startswith(_FORMULA_STARTS) or (
        text[:1] == " " and text.lstrip(" ").startswith(_FORMULA_STARTS)
    )


def safe_cell(value: object) -> object:
    """Text that Excel would run as a formula gets a leading `'`; numbers stay numbers."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def write_csv(handle: IO[str], header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Excel-style CSV (CRLF), with formula-looking text neutralised, the header's included (an
    --errors file repeats the input's headers); rows may be a stream."""
    writer = csv.writer(handle, lineterminator="\r\n")  # writes None as an empty cell
    writer.writerow([safe_cell(h) for h in header])
    starts = _FORMULA_STARTS
    for row in rows:
        # safe_cell, inlined: a batch writes millions of cells (a leading space is rare: the
        # full test runs only then)
        writer.writerow(
            [
                ("'" + v if v.startswith(starts) or (v[:1] == " " and formula_like(v)) else v)
                if type(v) is str
                else v
                for v in row
            ]
        )


class CsvCells:
    """Values as `write_csv` writes them (Excel-safe, quoted as csv.writer quotes), one at a time.

    csv.writer quotes each field on its own, so a row is its fields joined by commas: a writer that
    knows its rows' shape can format a shared part once (an applicant's cells, for each of its
    results) and look repeated text up. Text is remembered up to a limit, so memory stays flat.
    """

    LIMIT = 50_000

    def __init__(self) -> None:
        self._buffer = io.StringIO(newline="")
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")  # as write_csv's
        self._text: dict[str, str] = {}

    def __call__(self, value: object) -> str:
        if value is None:
            return ""
        if type(value) is not str:
            return str(value)  # numbers: what csv.writer writes (never quoted)
        found = self._text.get(value)
        if found is None:
            if len(self._text) >= self.LIMIT:
                self._text.clear()
            found = self._text[value] = self.text(value)
        return found

    def text(self, text: str) -> str:
        """One text cell, not remembered (for text seen once, such as company names)."""
        if not text:
            return ""  # a row of one empty field would be written '""'; in a row it is nothing
        if not ("," in text or '"' in text or "\n" in text or "\r" in text) and not formula_like(
            text
        ):
            return text  # nothing to quote or neutralise, as csv.writer would find
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow([safe_cell(text)])
        return self._buffer.getvalue()[:-2]


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO(newline="")
    write_csv(buffer, header, rows)
    return buffer.getvalue()


STDOUT = Path("-")  # `-o -`: standard output, as in most command-line tools
TMP_PREFIX = "sfmatch-"  # temporaries are `.NAME.sfmatch-PID-XXXX.tmp` beside the target


def writable(path: Path) -> Path:
    """The file a write to `path` replaces: a symlink is written through (its target is
    replaced, the link stays); a problem with the folder is one clear error, found before
    anything is written."""
    target = path.expanduser()
    if target.is_symlink():
        target = target.resolve()
    if target.is_dir():
        raise DataError([Problem(str(path), N_("is a folder"), hint=N_("give a file name"))])
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise DataError(
            [Problem(str(path), N_("folder does not exist"), hint=N_("create it first"))]
        )
    if not os.access(folder, os.W_OK):
        raise DataError(
            [Problem(str(path), N_("folder is not writable"), hint=N_("check its permissions"))]
        )
    return target


def _clean_stale(target: Path) -> None:
    """Temporaries of ours beside `target` whose process is gone (killed with SIGKILL, which no
    program can clean up after): removed before writing again."""
    for stale in target.parent.glob(f".{glob_escape(target.name)}.{TMP_PREFIX}*.tmp"):
        if _orphan(stale.name):
            stale.unlink(missing_ok=True)


def _orphan(name: str) -> bool:
    """Whether `name` is one of our temporaries (`.NAME.sfmatch-PID-XXXX.tmp`) whose process is
    gone."""
    if not (name.startswith(".") and name.endswith(".tmp") and f".{TMP_PREFIX}" in name):
        return False
    pid = name.rsplit(f".{TMP_PREFIX}", 1)[1].split("-")[0]
    return pid.isdigit() and not _alive(int(pid))


def _mode(target: Path) -> int | None:
    """The mode `target` has now (None when it does not exist)."""
    return target.stat().st_mode & 0o7777 if target.exists() else None


def _temporary_name(target: Path) -> Path:
    """A name for a new temporary beside `target`, of this process (`.NAME.sfmatch-PID-X.tmp`).
    The caller keeps the name before `_create` makes the file: a signal that ends the run in
    between finds the name known and removes the file if it exists. (Holding signals back is not
    enough: a signal the kernel gives another thread of the process runs its handler in the
    main thread all the same.)"""
    import secrets

    return target.parent / f".{target.name}.{TMP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}.tmp"


def _create(path: Path) -> int:
    """The file at `path`, new (never an existing one), open for writing, as mkstemp makes it."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)


def _replace(tmp: Path, target: Path, mode: int | None) -> None:
    """`tmp` in place of `target`, with `target`'s mode, or a new file's under the umask."""
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)
    os.replace(tmp, target)


def _cannot_write(path: Path, exc: OSError) -> Problem:
    return Problem(str(path), N_("cannot write: {why}", why=exc.strerror or str(exc)))


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, for writers that need a file name; it replaces `path` only
    on success, so a failure, an interrupt or SIGTERM never leaves a partial file nor damages an
    old one. The old file's permissions are kept; a symlink is written through."""
    target = writable(path)
    _clean_stale(target)
    tmp: Path | None = None
    try:
        # SIGTERM and Ctrl-C wait until the temporary exists and is known here, so that a
        # signal that comes as it is made cannot leave it behind
        with held():
            mode = _mode(target)
            while True:
                tmp = _temporary_name(target)  # known before the file exists
                try:
                    os.close(_create(tmp))
                    break
                except FileExistsError:  # a name of ours taken (one in about 10^9): another
                    continue
        yield tmp
        _fsync(tmp)
        _replace(tmp, target, mode)
    except BaseException as exc:
        if tmp is not None:
            with held():  # a second signal cannot cut the cleaning short
                tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DataError([_cannot_write(path, exc)]) from None
        raise


@contextmanager
def atomic_open(path: Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file written through `atomic_path`."""
    with atomic_path(path) as tmp, tmp.open("w", encoding=encoding, newline="") as handle:
        yield handle


@contextmanager
def open_output(path: Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """`atomic_open`, or standard output for `-` (UTF-8 with no BOM: it goes to a program, as
    the rows come)."""
    if path != STDOUT:
        with atomic_open(path, encoding) as handle:
            yield handle
        return
    yield sys.stdout
    sys.stdout.flush()


def atomic_write(path: Path, data: str, encoding: str = "utf-8") -> None:
    with atomic_open(path, encoding) as handle:
        handle.write(data)


class FolderWrite:
    """Many files written into one folder as one write: each is a temporary beside its target
    until all are written; then one sync of the file system makes them all durable, and each
    replaces its target, with signals held back. A run that fails or is interrupted before
    then leaves none of them and no temporary. `atomic_write` per file would search the folder
    for stale temporaries and sync once per file: minutes for a registry of thousands of firms.

        with FolderWrite(folder) as files:
            files.write("a.toml", text)
    """

    def __init__(self, folder: Path, encoding: str = "utf-8") -> None:
        self.folder, self.encoding = folder, encoding
        self.pending: list[tuple[Path, Path, int | None]] = []  # temporary, target, mode

    def __enter__(self) -> FolderWrite:
        _clean_stale_in(self.folder)
        return self

    def write(self, name: str, data: str) -> None:
        target = writable(self.folder / name)
        with held():  # the temporary is known before it exists (`_temporary_name`)
            mode = _mode(target)
            while True:
                tmp = _temporary_name(target)
                self.pending.append((tmp, target, mode))
                try:
                    fd = _create(tmp)
                    break
                except FileExistsError:
                    self.pending.pop()
        with open(fd, "w", encoding=self.encoding, newline="") as handle:
            handle.write(data)

    def __exit__(self, kind, exc, trace) -> None:
        try:
            if exc is None:
                _sync([tmp for tmp, _, _ in self.pending])
                with held():  # all replaced, then a signal that came meanwhile ends the run
                    for tmp, target, mode in self.pending:
                        _replace(tmp, target, mode)
                    self.pending.clear()
        except OSError as failed:
            exc = failed
        finally:
            with held():  # a second signal cannot cut the cleaning short
                for tmp, _, _ in self.pending:
                    tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DataError([_cannot_write(self.folder, exc)])


def _sync(paths: list[Path]) -> None:
    """The files' contents on disk: one `syncfs` of their file system on Linux (a sync per
    file costs a few ms each), else a sync per file."""
    if not paths:
        return
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fd = os.open(paths[0], os.O_RDONLY)
        try:
            if libc.syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    for path in paths:
        _fsync(path)


def _clean_stale_in(folder: Path) -> None:
    """`_clean_stale` for every file of a folder, in one pass over it."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if _orphan(name):
            (folder / name).unlink(missing_ok=True)
