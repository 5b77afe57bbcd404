"""`sfmatch convert`: a list into profile files."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sfmatch.commands._app import app
from sfmatch.commands._lists import (
    EncodingOpt,
    ErrorsOpt,
    MapFileOpt,
    MapOpt,
    MappingOpt,
    SheetOpt,
    _mapping,
    _open_applicants,
    _report_readings,
    _report_rows,
    _write_errors,
)
from sfmatch.commands._shared import _usage, _warn

if TYPE_CHECKING:
    pass


@app.command()
def convert(
    applicants: Annotated[Path, typer.Argument(help="A .csv or .xlsx applicant list.")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="FOLDER", help="Folder for the profile files."),
    ] = None,
    errors: ErrorsOpt = None,
    show_mapping: MappingOpt = False,
    map_: MapOpt = None,
    map_file: MapFileOpt = None,
    encoding: EncodingOpt = None,
    sheet: SheetOpt = None,
) -> None:
    """Turn an applicant list into one profile .toml per applicant, to go on editing by hand.

    Example: sfmatch convert applicants.xlsx -o profiles/
    """
    if output is None:
        raise _usage("-o", "convert writes profile files into a folder", "add -o profiles/")
    if output.exists() and not output.is_dir():
        raise _usage("-o", f"{output} is a file, not a folder", "give a folder")
    listing = _open_applicants(applicants, encoding, sheet, show_mapping, _mapping(map_, map_file))
    if listing.kind == "folder":
        raise _usage("APPLICANTS", "is already a folder of profiles", "give a .csv or .xlsx")
    from sfmatch.applicants import Rejected
    from sfmatch.output import atomic_write
    from sfmatch.profile_files import profile_file_name, profile_toml

    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = f"cannot create folder {output}: {exc.strerror}"
        raise _usage("-o", where, "give a writable folder") from None
    written, rejected, unknown = 0, [], []
    readings: Counter[str] = Counter()
    for item in listing:
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        if item.unknown is not None:
            unknown.append(item.unknown)
        readings.update(item.notes)
        target = output / profile_file_name(item.row, item.profile.name)
        atomic_write(target, profile_toml(item.profile, f"{applicants}, row {item.row}"))
        written += 1
    _write_errors(errors, rejected, unknown)
    _report_rows(rejected, unknown, errors)
    _report_readings(applicants, readings)
    _warn([f"{applicants}: {w}" for w in listing.warnings])
    read = written + len(rejected)
    blank = f"; {listing.blank_rows} blank rows skipped" if listing.blank_rows else ""
    print(
        f"read {read} = converted {written} + rejected {len(rejected)}{blank}; wrote {output}",
        file=sys.stderr,
    )
    if rejected:
        raise typer.Exit(1)
