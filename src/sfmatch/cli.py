"""Entry point and the one error boundary: every error becomes one line and an exit code.

Nothing heavy is imported here: `sfmatch --version` answers before Typer, Rich or pydantic load.
"""

from __future__ import annotations

import os
import sys

from sfmatch import __version__

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that files being written are cleaned up as for
    Ctrl-C (a BaseException: no `except Exception` on the way swallows it)."""


_MAIN_PID: list[int] = []  # the process that installed the handler


def _terminate(signum, frame) -> None:
    if _MAIN_PID and os.getpid() != _MAIN_PID[0]:
        os._exit(EXIT_TERMINATED)  # a forked worker that got the signal before it set its own
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    """Entry point and the one error boundary."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--version"]:  # answered before Typer is even imported
        print(f"sfmatch {__version__}")
        return EXIT_OK
    import signal

    from typer import Abort, Exit
    from typer.exceptions import TyperException
    from typer.main import get_command

    from sfmatch.commands import app
    from sfmatch.errors import SfmatchError

    _MAIN_PID[:] = [os.getpid()]
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        command = get_command(app)
        code = command.main(args=args, prog_name="sfmatch", standalone_mode=False)
        sys.stdout.flush()  # inside the boundary, so a closed pipe is caught below
        if code == EXIT_INTERRUPTED:  # Typer turns Ctrl-C into a quiet Exit(130)
            print("error: interrupted", file=sys.stderr)
        return code if isinstance(code, int) else EXIT_OK
    except SfmatchError as exc:
        for problem in exc.problems:
            print(problem.render(), file=sys.stderr)
        return exc.exit_code
    except TyperException as exc:  # usage errors from option parsing
        message = " ".join(exc.format_message().split())
        if message:  # empty when Typer has just shown the help (a group run without a command)
            print(f"error: {message} (hint: see sfmatch --help)", file=sys.stderr)
        return getattr(exc, "exit_code", EXIT_USAGE)
    except Exit as exc:
        return exc.exit_code
    except SystemExit as exc:  # --show-completion and --install-completion end with sys.exit
        if not isinstance(exc.code, int | None):
            raise
        return exc.code or EXIT_OK
    except (Abort, KeyboardInterrupt):
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("error: terminated", file=sys.stderr)
        return EXIT_TERMINATED
    except BrokenPipeError:  # `sfmatch ... | head`: the reader left; stop quietly, as Typer does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_DATA
    except Exception as exc:  # a bug: one line, the traceback only on request
        if os.environ.get("SFMATCH_DEBUG") == "1":
            import traceback

            traceback.print_exc()
        print(
            f"error: internal error ({type(exc).__name__}: {exc}); please report it with the command"
            " you ran (set SFMATCH_DEBUG=1 to see the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    finally:
        signal.signal(signal.SIGTERM, previous)
