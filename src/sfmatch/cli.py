"""Entry point and the one error boundary: every error becomes one line and an exit code.

Nothing heavy is imported here: `sfmatch --version` answers before Typer, Rich or pydantic load.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress

from sfmatch import __version__

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
EXIT_HUNG_UP = 129  # 128 + SIGHUP: the terminal the run was started from was closed
EXIT_TERMINATED = 143  # 128 + SIGTERM


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised where the program is, so that files being written are cleaned
    up as for Ctrl-C (a BaseException: no `except Exception` on the way swallows it)."""

    def __init__(self, code: int = EXIT_TERMINATED) -> None:
        super().__init__(code)
        self.code = code
        self.word = "hung up" if code == EXIT_HUNG_UP else "terminated"


_MAIN_PID: list[int] = []  # the process that installed the handler
_SIGNALLED: list[Terminated] = []  # the signal that came, whatever error it turns into


def _terminate(signum, frame) -> None:
    if _MAIN_PID and os.getpid() != _MAIN_PID[0]:
        os._exit(128 + signum)  # a forked worker that got the signal before it set its own
    ended = Terminated(128 + signum)
    _SIGNALLED.append(ended)
    raise ended


def to_stderr(line: str) -> None:
    """One line on stderr in one write, so that a signal cannot come between the text and its
    newline (and run the next line, `error: terminated`, into it)."""
    sys.stderr.write(f"{line}\n")


def _ended_by(exc: BaseException) -> tuple[str, int] | None:
    """How a signal ended the run where it reached the boundary as another exception: a signal
    that a library turned into its own error on the way (pydantic reports what building a
    schema raised, with no cause to follow), or that Python wrapped (`__set_name__` wraps what
    a class's making raises). Else None."""
    if _SIGNALLED:
        return _SIGNALLED[0].word, _SIGNALLED[0].code
    seen: set[int] = set()
    found: BaseException | None = exc
    while found is not None and id(found) not in seen:
        seen.add(id(found))
        if isinstance(found, Terminated):
            return found.word, found.code
        if isinstance(found, KeyboardInterrupt):
            return "interrupted", EXIT_INTERRUPTED
        found = found.__cause__ or found.__context__
    return None


def _last_words(line: str) -> None:
    """The line a signal's end leaves on stderr, unless stderr has gone with the terminal."""
    with suppress(OSError, ValueError):
        to_stderr(line)


def _handled(signal) -> list:
    """The signals that end a run cleanly: SIGTERM, and SIGHUP unless the run was started to
    ignore it (`nohup`)."""
    hangup = getattr(signal, "SIGHUP", None)
    keep = hangup is not None and signal.getsignal(hangup) is not signal.SIG_IGN
    return [signal.SIGTERM, *([hangup] if keep else [])]


def _error_lang(args: list[str]) -> str:
    """The language problems are said in: `--lang`'s where the command line gives one it
    knows, else the locale's."""
    from sfmatch.i18n import LANGS, lang_from_env

    for n, word in enumerate(args):
        value = args[n + 1] if word == "--lang" and n + 1 < len(args) else None
        if word.startswith("--lang="):
            value = word.removeprefix("--lang=")
        if value is not None and value.strip().lower() in LANGS:
            return value.strip().lower()
    return lang_from_env()


class _NeverRaised(Exception):
    """Stands for Typer's errors in a run that does not load Typer."""


def _quick(args: list[str]):
    """The work of a command read without Typer (`commands._quick`), or None."""
    if args[:1] != ["recommend"] or "_SFMATCH_COMPLETE" in os.environ:
        return None  # shell completion is Typer's
    from sfmatch.commands._quick import parse

    return parse(args[1:])


def main(argv: list[str] | None = None) -> int:
    """Entry point and the one error boundary."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--version"]:  # answered before Typer is even imported
        print(f"sfmatch {__version__}")
        return EXIT_OK
    import signal

    try:  # Ctrl-C while the libraries load: the same one line, not a traceback
        from sfmatch.errors import SfmatchError

        quick = _quick(args)
        if quick is None:
            from typer import Abort, Exit
            from typer.exceptions import TyperException
            from typer.main import get_command

            from sfmatch.commands import app
        else:  # Typer is not loaded: nothing raises its errors
            Abort = Exit = TyperException = _NeverRaised
    except KeyboardInterrupt:
        _last_words("error: interrupted")
        return EXIT_INTERRUPTED

    _MAIN_PID[:] = [os.getpid()]
    _SIGNALLED.clear()
    previous = {handled: signal.signal(handled, _terminate) for handled in _handled(signal)}
    try:
        if quick is not None:
            quick()
            code = EXIT_OK
        else:
            from sfmatch.commands._help import localize

            command = get_command(app)
            localize(command, _error_lang(args))  # --help in the run's language
            code = command.main(args=args, prog_name="sfmatch", standalone_mode=False)
        sys.stdout.flush()  # inside the boundary, so a closed pipe is caught below
        if code == EXIT_INTERRUPTED:  # Typer turns Ctrl-C into a quiet Exit(130)
            to_stderr("error: interrupted")
        return code if isinstance(code, int) else EXIT_OK
    except SfmatchError as exc:
        lang = _error_lang(args)
        for problem in exc.problems:
            to_stderr(problem.render(lang))
        return exc.exit_code
    except TyperException as exc:  # usage errors from option parsing
        message = " ".join(exc.format_message().split())
        if message:  # empty when Typer has just shown the help (a group run without a command)
            from sfmatch.usage_words import usage_line

            to_stderr(usage_line(message, _error_lang(args)))
        return getattr(exc, "exit_code", EXIT_USAGE)
    except Exit as exc:
        return exc.exit_code
    except SystemExit as exc:  # --show-completion and --install-completion end with sys.exit
        if not isinstance(exc.code, int | None):
            raise
        return exc.code or EXIT_OK
    except (Abort, KeyboardInterrupt):
        to_stderr("error: interrupted")
        return EXIT_INTERRUPTED
    except Terminated as exc:
        _last_words(f"error: {exc.word}")
        return exc.code
    except BrokenPipeError:  # `sfmatch ... | head`: the reader left; stop quietly, as Typer does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_DATA
    except Exception as exc:  # a bug: one line, the traceback only on request
        # A signal that a library turned into another error on its way (Python wraps what a
        # class's making raises, pydantic what building a schema raises): still that signal.
        ended = _ended_by(exc)
        if ended is not None:
            _last_words(f"error: {ended[0]}")
            return ended[1]
        if os.environ.get("SFMATCH_DEBUG") == "1":
            import traceback

            traceback.print_exc()
        to_stderr(
            f"error: internal error ({type(exc).__name__}: {exc}); please report it with the command"
            " you ran (set SFMATCH_DEBUG=1 to see the traceback)"
        )
        return EXIT_INTERNAL
    finally:
        for handled, before in previous.items():
            signal.signal(handled, before)
