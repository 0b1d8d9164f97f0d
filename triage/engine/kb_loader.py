"""Reads the knowledge-base folder into models, then cross-checks it as a whole.

Loading collects every problem (file, entry and field) before raising; it never guesses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import KnowledgeBaseError
from .crosscheck import cross_check
from .files import describe_validation_error, read_structured
from .integrity import integrity_problems
from .kb_digest import default_root, knowledge_base_digest
from .kb_models import (
    Exercise,
    Finding,
    KnowledgeBase,
    Meta,
    Question,
    QuestionGroup,
    RuleSpec,
    Source,
)
from .not_sure_policy import counted_as_yes, widen

_LISTS = {
    "sources.yaml": ("sources", Source),
    "findings.yaml": ("findings", Finding),
    "exercises.yaml": ("exercises", Exercise),
    "questions.yaml": ("questions", Question),
    "question_groups.yaml": ("question_groups", QuestionGroup),
}
_OPTIONAL = frozenset({"question_groups.yaml"})  # a bank without checklists needs no file


def load_knowledge_base(root: Path | None = None) -> KnowledgeBase:
    """Load and cross-check every file under `root`; raise KnowledgeBaseError listing all problems."""
    root = root or default_root()
    problems: list[str] = []
    if not root.is_dir():
        raise KnowledgeBaseError(f"{root}: knowledge base folder not found.")
    if not (root / "rules").is_dir():
        problems.append("rules/: folder not found; the rules live in rules/*.yaml")
    sha256, unreadable = knowledge_base_digest(root)
    for path, exc in unreadable:
        problems.append(f"{_rel(path)}: cannot read the file ({exc.strerror or exc}).")

    meta = _load_one(root / "meta.yaml", Meta, problems)
    collections: dict[str, dict[str, Any]] = {}
    for file_name, (key, model) in _LISTS.items():
        if file_name in _OPTIONAL and not (root / file_name).exists():
            continue
        collections[key] = _load_entries(root / file_name, model, problems)
    rule_files: dict[str, str] = {}
    rules: dict[str, RuleSpec] = {}
    for path in sorted((root / "rules").glob("*.yaml")):
        for rule_id, rule in _load_entries(path, RuleSpec, problems).items():
            if rule_id in rules:
                problems.append(
                    f"{_rel(path)}: {rule_id}: duplicate id (also in {rule_files[rule_id]})"
                )
                continue
            rules[rule_id] = rule
            rule_files[rule_id] = _rel(path)
    extras = {}
    for path in sorted(root.glob("*.yaml")):
        if path.name not in _LISTS and path.name != "meta.yaml":
            extras[path.stem] = _read(path, problems)
    if problems or meta is None:
        raise KnowledgeBaseError(problems)
    kb = KnowledgeBase(
        meta=meta,
        rules=widen(rules, counted_as_yes(collections["questions"].values())),
        rule_files=rule_files,
        extras=extras,
        sha256=sha256,
        **collections,
    )
    problems = cross_check(kb) or integrity_problems(kb, root)
    if problems:
        raise KnowledgeBaseError(problems)
    return kb


def _rel(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[parts.index("rules") :]) if "rules" in parts[-2:] else path.name


def _read(path: Path, problems: list[str]) -> Any:
    try:
        return read_structured(path, KnowledgeBaseError)
    except KnowledgeBaseError as exc:
        problems.extend(exc.problems)
        return None


def _load_one(path: Path, model: type[BaseModel], problems: list[str]) -> Any:
    data = _read(path, problems)
    if data is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(describe_validation_error(_rel(path), exc))
        return None


def _load_entries(path: Path, model: type[BaseModel], problems: list[str]) -> dict[str, Any]:
    """Validate each entry on its own, so one bad entry does not hide the others."""
    data = _read(path, problems)
    if data is None:
        return {}
    if not isinstance(data, list):
        problems.append(f"{_rel(path)}: expected a list of entries, got {type(data).__name__}")
        return {}
    entries: dict[str, Any] = {}
    for index, raw in enumerate(data):
        label = raw.get("id", f"[{index}]") if isinstance(raw, dict) else f"[{index}]"
        try:
            entry = model.model_validate(raw)
        except ValidationError as exc:
            problems.extend(describe_validation_error(f"{_rel(path)}: {label}", exc))
            continue
        if entry.id in entries:
            problems.append(f"{_rel(path)}: {entry.id}: duplicate id")
            continue
        entries[entry.id] = entry
    return entries
