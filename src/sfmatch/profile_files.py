"""Writing profiles back to TOML (tomli-w) so that a consultant can go on editing them by hand."""

from __future__ import annotations

import re

import tomli_w

from sfmatch.models import Profile

_UNSAFE = re.compile(r"[^0-9A-Za-z\uac00-\ud7a3]+")


def profile_file_name(row: int, name: str) -> str:
    """`00017-한울정밀.toml`: sorted like the list, readable, safe on every file system."""
    stem = _UNSAFE.sub("-", name).strip("-")[:40] or "applicant"
    return f"{row:05d}-{stem}.toml"


def profile_toml(profile: Profile, origin: str) -> str:
    """The profile with canonical values; unknown keys stay absent (unknown is not empty)."""
    dumped = profile.model_dump(mode="python", exclude_none=True)
    data = {k: dumped[k] for k in Profile.model_fields if k in dumped}  # in the contract's order
    return f"# Converted by sfmatch from {origin}.\n" + tomli_w.dumps(data)
