"""What `stridewise kb list` can list: kept apart so the CLI can name the choices cheaply."""

from __future__ import annotations

from enum import StrEnum


class ListKind(StrEnum):
    rules = "rules"
    exercises = "exercises"
    findings = "findings"
    red_flags = "red-flags"
