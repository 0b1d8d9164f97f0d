"""The ratchet: serious misses a person has listed (with why) in `known_misses.yaml`. A run
passes when every serious miss is listed and no listed case passes; the list only shrinks.

Reads and writes the list, compares it with a run; it never runs cases itself.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, computed_field

from ..engine.files import read_structured, validate_model
from ..engine.kb_models import LevelName
from ..errors import InvalidInput
from .cases import is_held_out
from .results import CaseResult

_FROZEN = ConfigDict(extra="forbid", frozen=True)
FILE_NAME = "known_misses.yaml"
UNREVIEWED = "unreviewed: a person must say why in one sentence"
HELD_OUT = "held out: not read"  # the why of a test-split miss: nobody reads those cases
HEADER = """\
# Serious misses we know about: under-triaged emergency or urgent cases, and unsafe advice.
# CI fails on a serious miss that is not listed here, and on a listed case that now passes.
# Regenerate (keeps every `why`, drops fixed cases, adds new ones for a person to explain):
#     stridewise eval tests/evaluation --update-known-misses
# `why` is written by a person from the dev case; test-split cases are never read, so theirs
# say only "held out: not read". See docs/evaluation.md.
"""


class KnownMiss(BaseModel):
    model_config = _FROZEN
    id: str = Field(description="The case id.")
    split: str = Field(description="Its set and split, e.g. blind/dev.")
    got: LevelName | None = Field(description="The level it was given (None on an error).")
    unsafe: tuple[str, ...] = Field((), description="Forbidden exercises it recommended.")
    why: str = Field(min_length=3, description="Why it misses, in a person's words.")
    regressed_by: str | None = Field(
        None,
        description="The commit that made a case that passed miss, found by bisecting on its "
        "outcome alone (a held-out case stays unread): the one way an entry may join the list "
        "without its case changing, and a pointer for whoever revisits that change.",
    )


class Ratchet(BaseModel):
    """How a run compares with the list of known misses."""

    model_config = _FROZEN
    file: str | None = Field(description="The list used, if any.")
    listed: int = Field(description="Entries for the splits that ran.")
    unlisted: tuple[CaseResult, ...] = Field(description="Serious misses not in the list.")
    fixed: tuple[KnownMiss, ...] = Field(description="Listed cases that no longer miss.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def failed(self) -> bool:
        return bool(self.unlisted or self.fixed)


def find_list(paths: Iterable[str | Path]) -> Path | None:
    """The known-misses file of the first evaluation folder among the paths (or above a
    split file), if there is one."""
    for raw in paths:
        path = Path(raw)
        folder = path if path.is_dir() else path.parent
        for candidate in (folder / FILE_NAME, folder.parent / FILE_NAME):
            if candidate.is_file():
                return candidate
    return None


def load_list(path: Path) -> tuple[KnownMiss, ...]:
    return entries_from(read_structured(path, InvalidInput), str(path))


def entries_from(data: object, name: str) -> tuple[KnownMiss, ...]:
    """The entries of a parsed list (None is an empty list); InvalidInput names the entry."""
    data = data or []
    if not isinstance(data, list):
        raise InvalidInput(f"{name}: expected a list of known misses")
    entries = tuple(
        validate_model(KnownMiss, raw, f"{name}: [{i}]", InvalidInput) for i, raw in enumerate(data)
    )
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise InvalidInput(f"{name}: {entry.id}: listed twice")
        seen.add(entry.id)
    return entries


def compare(results: Iterable[CaseResult], known: Iterable[KnownMiss], file: str | None) -> Ratchet:
    """Errors are never excused; listed entries count only for the splits that ran."""
    results = list(results)
    ran_splits = {r.split for r in results}
    by_id = {r.id: r for r in results}
    listed = {k.id: k for k in known if k.split in ran_splits}
    unlisted = tuple(
        r for r in results if r.serious and (r.outcome == "error" or r.id not in listed)
    )
    fixed = tuple(k for k in listed.values() if k.id not in by_id or not by_id[k.id].serious)
    return Ratchet(file=file, listed=len(listed), unlisted=unlisted, fixed=fixed)


def updated_list(
    results: Iterable[CaseResult], known: Iterable[KnownMiss]
) -> tuple[KnownMiss, ...]:
    """The list after a run: fixed entries dropped, new serious misses added (held-out ones
    marked not read), every written `why` kept, `got` refreshed. Errors are not listable."""
    results = list(results)
    ran_splits = {r.split for r in results}
    known = list(known)
    reasons = {k.id: k.why for k in known}
    culprits = {k.id: k.regressed_by for k in known}
    kept = [k for k in known if k.split not in ran_splits]
    misses = [
        KnownMiss(
            id=r.id,
            split=r.split,
            got=r.got,
            unsafe=r.unsafe,
            why=reasons.get(r.id) or _placeholder(r),
            regressed_by=culprits.get(r.id),
        )
        for r in results
        if r.serious and r.outcome != "error"
    ]
    return tuple(sorted([*kept, *misses], key=lambda k: (k.split, k.id)))


def _placeholder(result: CaseResult) -> str:
    # What it got is kept in `got`, which every update refreshes; a copy here would go stale.
    return HELD_OUT if is_held_out(result.split) else UNREVIEWED


def dump_list(entries: Iterable[KnownMiss]) -> str:
    """The file's text: the header, then one mapping per entry (empty `unsafe` left out)."""
    rows = [
        {k: v for k, v in e.model_dump(mode="json").items() if v not in ([], None)} for e in entries
    ]
    body = yaml.safe_dump(rows, sort_keys=False, allow_unicode=True, width=100) if rows else "[]\n"
    return HEADER + body


def added_without_their_case(
    before: Iterable[KnownMiss],
    after: Iterable[KnownMiss],
    changed_cases: Mapping[str, bool],
    regressions: Collection[str] = (),
) -> list[str]:
    """Entries new in `after` whose case the same change did not add or edit.

    `changed_cases` maps case id -> True when the change added or edited that case;
    `regressions` holds the commits that came in with the change, which a new entry's
    `regressed_by` may name instead.
    """
    old = {k.id for k in before}
    return [
        k.id
        for k in after
        if k.id not in old
        and not changed_cases.get(k.id, False)
        and not (k.regressed_by and k.regressed_by in regressions)
    ]
