"""`sfmatch convert`: a list into profile files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from sfmatch.cli import to_stderr
from sfmatch.commands._app import app
from sfmatch.commands._lists import (
    DistrictOpt,
    EncodingOpt,
    ErrorsOpt,
    MapFileOpt,
    MapOpt,
    MappingOpt,
    RegionOpt,
    SheetOpt,
    _mapping,
    _open_applicants,
    _progress,
    _report_readings,
    _report_rows,
    _within,
    _write_errors,
)
from sfmatch.commands._options import LangOpt
from sfmatch.commands._shared import _file_or_stdout, _lang, _usage, _warn
from sfmatch.i18n import N_


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
    region: RegionOpt = None,
    district: DistrictOpt = None,
    lang: LangOpt = None,
) -> None:
    """Turn an applicant list into one profile .toml per applicant, to go on editing by hand.

    Example: sfmatch convert applicants.xlsx -o profiles/
    """
    if output is None:
        raise _usage("-o", N_("convert writes profile files into a folder"),
                     N_("add -o profiles/"))  # fmt: skip
    if _file_or_stdout(output) is None:  # `-o -`
        raise _usage("-o", N_("convert writes a file per row into a folder"),
                     N_("add -o profiles/"))  # fmt: skip
    if output.exists() and not output.is_dir():
        raise _usage("-o", N_("{path} is a file, not a folder", path=str(output)),
                     N_("give a folder"))  # fmt: skip
    mapped = _mapping(map_, map_file)
    within = _within(region, district)
    said_in = _lang(lang)
    if applicants.is_dir():
        raise _usage("APPLICANTS", N_("is already a folder of profiles"),
                     N_("give a .csv or .xlsx"))  # fmt: skip
    with _progress(applicants, said_in, done="converted") as progress:
        listing = _open_applicants(
            applicants, encoding, sheet, show_mapping, mapped, lang=said_in, bar=progress
        )
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            where = N_("cannot create folder {path}: {why}", path=str(output), why=exc.strerror)
            raise _usage("-o", where, N_("give a writable folder")) from None
        written, rejected, unknown, readings, outside = _convert(
            listing, applicants, output, progress, within
        )
    _write_errors(errors, rejected, unknown, said_in)
    _report_rows(rejected, unknown, errors, said_in)
    from sfmatch.batch import left_out, rows_read
    from sfmatch.i18n import Joined, said

    _report_readings(applicants, readings, said_in)
    _warn([Joined((str(applicants), w), ": ") for w in listing.warnings], said_in)
    parts = [rows_read(written + len(rejected), N_("converted"), written, len(rejected))]
    if outside:
        parts.append(left_out(outside, within.code if within else None))
    if listing.blank_rows:
        parts.append(N_("{n} blank rows skipped", n=listing.blank_rows))
    parts.append(N_("wrote {path}", path=str(output)))
    to_stderr(said(Joined(parts), said_in))
    if rejected:
        raise typer.Exit(1)


def _convert(listing, applicants: Path, output: Path, progress, within=None) -> tuple:
    """Write a profile file per row read (of `within`'s place, where given); the rows written,
    rejected and read as unknown, how places were read, and the rows of another place."""
    from sfmatch.applicants import FastReader, Rejected
    from sfmatch.output import FolderWrite
    from sfmatch.profile_files import profile_file_name, profile_toml

    written, rejected, unknown, outside = 0, [], [], 0
    readings: Counter[str] = Counter()
    # read as batch reads: how a place was read is counted by the reader for the rows it reads
    # whole, and by each row read the full way (one reading, one report)
    fast = FastReader(listing) if listing.kind != "folder" else None
    if fast is not None:
        fast.within = within
    parse = listing.parser(fast)
    with FolderWrite(output) as files:  # all the files or, if the run fails, none
        for item in (parse(number, raw) for number, raw in listing.raw_rows()):
            if isinstance(item, Rejected):
                rejected.append(item)
            elif within is not None and not within.holds(
                item.profile.region, item.profile.district, item.profile.area
            ):
                outside += 1
            else:
                if item.unknown is not None:
                    unknown.append(item.unknown)
                readings.update(item.notes)
                name = profile_file_name(item.row, item.profile.name)
                files.write(name, profile_toml(item.profile, f"{applicants}, row {item.row}"))
                written += 1
            if progress is not None and not (written + len(rejected)) % 64:
                progress(written)
    if fast is not None:
        readings.update(fast.notes)
    return written, rejected, unknown, readings, outside
