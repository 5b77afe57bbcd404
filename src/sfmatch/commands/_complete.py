"""What the shell completes for an option's value (`sfmatch --install-completion`): the words an
option takes, the catalog's program ids and the needs. Each is the list the command itself
checks against, so that completion never offers what the command refuses."""

from __future__ import annotations

from collections.abc import Callable


def words(choices: tuple[str, ...]) -> Callable[[str], list[str]]:
    """The choices (the tuple the command checks against) that start with what is typed so
    far."""

    def complete(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete or "")]

    return complete


def program_ids(incomplete: str) -> list[str]:
    """The ids of the catalog the command would read ($SFMATCH_PROGRAMS, ./programs or the
    bundled one); none where it cannot be read (the command then says why)."""
    from sfmatch.catalog import load_catalog, programs_dir
    from sfmatch.errors import SfmatchError

    try:
        catalog = load_catalog(programs_dir(None))
    except SfmatchError:
        return []
    return [p.id for p in catalog.programs if p.id.startswith(incomplete or "")]


def needs(incomplete: str) -> list[str]:
    """The needs' codes (a need may also be written in Korean: `유지보수`)."""
    from sfmatch.vocab import NEEDS

    return [code for code in NEEDS.codes if code.startswith(incomplete or "")]


def breakdowns(incomplete: str) -> list[str]:
    """The breakdowns of `gaps --by`."""
    from sfmatch.portfolio import BREAKDOWNS

    return [name for name in BREAKDOWNS if name.startswith(incomplete or "")]
