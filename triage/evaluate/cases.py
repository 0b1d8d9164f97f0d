"""Loads case files: the project's own suite (`tests/cases`, answers or comments) and the
independently written evaluation sets (`{set}/{dev,test}.yaml`, free text). It never runs them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..engine.files import describe_validation_error, read_structured, validate_model
from ..engine.intake import Intake
from ..engine.kb_models import ExerciseTag, KnowledgeBase, LevelName
from ..errors import InvalidInput

_FROZEN = ConfigDict(extra="forbid", frozen=True)
ANY_EXERCISE = "all_exercises"
CASE_SUFFIXES = (".yaml", ".yml", ".json")
SPLITS = ("dev", "test")
TAGS = frozenset(ExerciseTag.__args__)  # type: ignore[attr-defined]
# Words the case writers used for exercises the knowledge base tags otherwise. Exercises carry
# no body area, so `stretch` forbids every mobility exercise recommended for that comment.
NEVER_ALIASES: dict[str, tuple[ExerciseTag, ...]] = {
    "stretch": ("mobility",),
    "impact": ("plyometric", "drill"),
}


class Case(BaseModel):
    """One written case: an input, and what a sports physio would say about it."""

    model_config = _FROZEN
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Stable, unique case id.")
    kind: Literal["answers", "comment"] = Field(description="An answers file or a comment.")
    input: Intake | str = Field(description="The answers (as in an answers file) or the text.")
    disposition: LevelName = Field(description="The disposition a clinician would give.")
    findings: tuple[tuple[str, ...], ...] = Field(
        (), description="Findings a physio would name; each entry lists acceptable ids."
    )
    never: tuple[str, ...] = Field(
        (),
        description=f"Exercise ids or tags that must not be recommended; {ANY_EXERCISE}; "
        f"or an alias: {', '.join(NEVER_ALIASES)}.",
    )
    rationale: str = Field(min_length=10, description="One line of clinical reasoning.")
    source: str = Field(description="Source id of the guidance behind the disposition.")
    mentions: tuple[str, ...] = Field((), description="Conditions named, for people only.")
    file: str = Field("", description="The case file it came from (set by the loader).")
    split: str = Field("", description="Its set, and split if any: `blind/dev`, `cases`.")

    @field_validator("findings", mode="before")
    @classmethod
    def _single_ids_as_groups(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [[v] if isinstance(v, str) else v for v in value]
        return value


class WrittenCase(BaseModel):
    """A case of an evaluation set, as its writers wrote it: a comment and its guidance."""

    model_config = _FROZEN
    id: str
    text: str = Field(min_length=1, description="The comment, quoted as written.")
    disposition: LevelName
    source: str = Field(description="Source id in tests/evaluation/sources.yaml.")
    guidance: str = Field(min_length=10, description="The guidance line that sets it.")
    mentions: tuple[str, ...] = ()
    never: tuple[str, ...] = ()
    traits: tuple[str, ...] = Field((), description="How it is written: slang, ramble...")
    url: str | None = Field(None, description="Where a real-world message was found.")
    site: str | None = None

    def as_case(self, file: str, split: str) -> Case:
        return Case(
            id=self.id,
            kind="comment",
            input=self.text,
            disposition=self.disposition,
            never=self.never,
            rationale=self.guidance,
            source=self.source,
            mentions=self.mentions,
            file=file,
            split=split,
        )


def load_cases(paths: Iterable[str | Path]) -> tuple[Case, ...]:
    """Every case in the given files and folders; InvalidInput names the file, case and field."""
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for path in case_files(paths):
        for case in _load_file(path):
            if case.id in seen:
                raise InvalidInput(
                    f"{path}: {case.id}: duplicate case id (also in {seen[case.id]})"
                )
            seen[case.id] = str(path)
            cases.append(case)
    return tuple(cases)


def case_files(paths: Iterable[str | Path]) -> list[Path]:
    """The case files: a folder's own case files, or, in an evaluation folder (one whose
    subfolders hold dev.yaml and test.yaml), every split of every set."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            files.append(path)
            continue
        found = split_files(path) or sorted(
            p for p in path.iterdir() if p.suffix.lower() in CASE_SUFFIXES
        )
        if not found:
            raise InvalidInput(f"{path}: no case files (*.yaml, *.yml, *.json) in the folder.")
        files.extend(found)
    return files


def split_files(root: Path) -> list[Path]:
    """`root/{set}/{dev,test}.yaml`, sorted by set then split; empty if root has none."""
    return [
        p
        for d in sorted(root.iterdir())
        if d.is_dir()
        for s in SPLITS
        if (p := d / f"{s}.yaml").is_file()
    ]


def split_of(path: Path) -> str:
    """`blind/dev` for a split file, else the folder's name (`cases`)."""
    return f"{path.parent.name}/{path.stem}" if path.stem in SPLITS else path.parent.name


def is_held_out(split: str) -> bool:
    """A test split is scored, never read: its cases' texts and misses are not shown."""
    return split.endswith("/test")


def _load_file(path: Path) -> list[Case]:
    data = read_structured(path, InvalidInput)
    entries = data if isinstance(data, list) else [data]
    problems: list[str] = []
    cases = []
    for index, raw in enumerate(entries):
        label = raw.get("id", f"[{index}]") if isinstance(raw, dict) else f"[{index}]"
        name = f"{path}: {label}"
        if not isinstance(raw, dict):
            problems.append(f"{name}: expected a mapping with id, kind, input, disposition")
            continue
        try:
            cases.append(_case(raw, path, name))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    return cases


def _case(raw: dict, path: Path, name: str) -> Case:
    split = split_of(path)
    if "text" in raw:
        return validate_model(WrittenCase, raw, name, InvalidInput).as_case(str(path), split)
    raw = {**raw, "file": str(path), "split": split}
    if raw.get("kind") == "answers":
        try:
            raw["input"] = Intake.model_validate(raw.get("input"))
        except ValidationError as exc:
            raise InvalidInput(describe_validation_error(name, exc, "input")) from None
    elif raw.get("kind") == "comment" and not isinstance(raw.get("input"), str):
        raise InvalidInput(f"{name}: input: expected the comment text for a comment case")
    return validate_model(Case, raw, name, InvalidInput)


def check_cases(cases: Iterable[Case], kb: KnowledgeBase) -> None:
    """Raise InvalidInput if a case forbids an exercise or tag the knowledge base lacks."""
    known = {*kb.exercises, *TAGS, *NEVER_ALIASES, ANY_EXERCISE}
    problems = [
        f"{case.file}: {case.id}: never: unknown exercise or tag {token!r}"
        for case in cases
        for token in case.never
        if token not in known
    ]
    if problems:
        raise InvalidInput(problems)


def forbidden(case: Case) -> frozenset[str]:
    """The exercise ids and knowledge-base tags a case forbids, aliases expanded."""
    return frozenset(t for token in case.never for t in NEVER_ALIASES.get(token, (token,)))
