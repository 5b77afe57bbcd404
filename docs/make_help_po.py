"""Keep the Korean catalog of `--help` current: `src/sfmatch/locale/ko/LC_MESSAGES/help.po`.

The help texts are the commands' docstrings and their options' `help=`, in English. This script
walks the commands as `sfmatch` builds them and writes every text `--help` shows (Typer's words
around them too, `commands._help.FRAME`) into the catalog: a new text gets an empty Korean text to
fill, a text no longer shown is dropped, the Korean of the others is kept. Then fill the empty
ones and compile:

    .venv/bin/python docs/make_help_po.py
    .venv/bin/pybabel compile -d src/sfmatch/locale -D help

`tests/test_help.py` fails while a text has no Korean or the compiled catalog is older.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "src/sfmatch/locale/ko/LC_MESSAGES/help.po"


def main() -> int:
    from typer.main import get_command

    from sfmatch.commands import app
    from sfmatch.commands._help import help_texts

    texts = help_texts(get_command(app))
    old = read_po(PO.open("rb")) if PO.exists() else Catalog(locale="ko")
    known = {m.id: m.string for m in old if m.id}
    new = Catalog(locale="ko", domain="help", project="sfmatch", charset="utf-8", fuzzy=False,
                  creation_date=old.creation_date, revision_date=old.revision_date)  # fmt: skip
    for text in texts:
        new.add(text, known.get(text, ""))
    with PO.open("wb") as handle:
        write_po(handle, new, width=100, sort_output=True, no_location=True, omit_header=False)
    empty = [t for t in texts if not known.get(t)]
    print(f"{PO}: {len(texts)} texts, {len(empty)} without Korean", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
