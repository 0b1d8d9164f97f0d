"""`kb lint`: every problem in a knowledge-base folder as a frozen record with a stable code.

Loading problems become lint problems too, so one run reports everything; nothing prints here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import process

from ..engine.intake import Region
from ..engine.kb_loader import default_root, load_knowledge_base
from ..engine.kb_models import KnowledgeBase, Level, RuleSpec, Stage
from ..errors import KnowledgeBaseError
from .group_lint import group_problems
from .lexicon_lint import lexicon_problems
from .reach import REGION_ATOMS, Reach, missing_atoms, reach

_FROZEN = ConfigDict(extra="forbid", frozen=True)


class Severity(StrEnum):
    error = "error"
    warning = "warning"


# code -> (severity, title). Codes are public and stable: never reuse one.
CODES: dict[str, tuple[Severity, str]] = {
    "KB000": (Severity.error, "another problem that keeps the knowledge base from loading"),
    "KB001": (Severity.error, "a file cannot be read or is not a list of entries"),
    "KB002": (Severity.error, "an entry does not match its schema"),
    "KB003": (Severity.error, "duplicate id"),
    "KB004": (Severity.error, "unknown id"),
    "KB005": (Severity.error, "a rule id or alias is used as another rule's alias"),
    "KB006": (Severity.error, "a rule breaks the contract of its stage"),
    "KB007": (Severity.error, "a red flag does not block loading advice"),
    "KB008": (Severity.error, "a contraindication no safety rule enforces"),
    "KB009": (Severity.error, "an any-group mixes general and per-complaint atoms"),
    "KB101": (Severity.error, "a rule's rationale is missing, placeholder or not a sentence"),
    "KB102": (Severity.error, "placeholder or empty text"),
    "KB103": (Severity.error, "an empty rule example"),
    "KB104": (Severity.error, "a rule whose conditions no question or comment can produce"),
    "KB105": (Severity.error, "a rule whose conditions contradict within one complaint"),
    "KB106": (Severity.warning, "a rule id whose prefix differs from the rest of its file"),
    "KB201": (Severity.error, "an exercise that no rule can recommend"),
    "KB301": (Severity.error, "a finding that leads to neither an exercise nor a referral"),
    "KB302": (Severity.error, "a finding that no rule concludes"),
    "KB401": (Severity.warning, "a source that nothing cites"),
    "KB501": (Severity.error, "a question or lexicon entry whose answer does not fit the intake"),
    "KB601": (Severity.error, "a lexicon phrase that cannot match what its author wrote"),
    "KB602": (Severity.error, "a lexicon example sentence that does not read as intended"),
    "KB603": (Severity.error, "a lexicon entry that does not load (such as an unknown concept)"),
    "KB604": (Severity.error, "an ordinary word that is no typing slip from any fuzzy word"),
    "KB701": (Severity.error, "a checklist item that is not yes/no, or a checklist split apart"),
    "KB702": (Severity.error, "a checklist (question group) with no members or no why"),
}


class LintProblem(BaseModel):
    """One problem: where it is, what is wrong, and a close match when there is one."""

    model_config = _FROZEN
    code: str = Field(description="Stable code such as KB104; see CODES.")
    severity: Severity
    file: str = Field(description="File relative to the knowledge-base folder.")
    entry: str | None = Field(None, description="Id of the entry, when the problem has one.")
    message: str
    suggestion: str | None = Field(None, description='A "did you mean" match, if any.')

    def line(self) -> str:
        where = f"{self.file}: {self.entry}" if self.entry else self.file
        hint = f' (did you mean "{self.suggestion}"?)' if self.suggestion else ""
        return f"{where}: {self.code} {self.message}{hint}"


class LintReport(BaseModel):
    """Every problem in one folder; `loaded` is False when the deeper checks were skipped."""

    model_config = _FROZEN
    root: str
    loaded: bool
    problems: tuple[LintProblem, ...]

    @property
    def errors(self) -> list[LintProblem]:
        return [p for p in self.problems if p.severity == Severity.error]

    @property
    def warnings(self) -> list[LintProblem]:
        return [p for p in self.problems if p.severity == Severity.warning]


def problem(
    code: str, file: str, entry: str | None, message: str, suggestion: str | None = None
) -> LintProblem:
    return LintProblem(
        code=code,
        severity=CODES[code][0],
        file=file,
        entry=entry,
        message=message,
        suggestion=suggestion,
    )


def lint_folder(root: Path | None = None) -> LintReport:
    """Lint a knowledge-base folder; a KB that fails to load reports its load problems."""
    root = root or default_root()
    try:
        kb = load_knowledge_base(root)
    except KnowledgeBaseError as exc:
        problems = tuple(from_load_problem(line, root) for line in exc.problems)
        return LintReport(root=str(root), loaded=False, problems=problems)
    return LintReport(root=str(root), loaded=True, problems=tuple(lint(kb)))


# Loader lines look like "file: entry: message"; these patterns give each kind its code.
_LOAD_CODES = (
    (
        r"not valid (YAML|JSON)|cannot read|file is empty|folder not found|expected a list of",
        "KB001",
    ),
    (r"nested|undecodable|bytes; expected at most", "KB001"),
    (r"duplicate id", "KB003"),
    (r"^unknown ", "KB004"),
    (r"^alias .* is already used", "KB005"),
    (r"must block all exercise advice", "KB007"),
    (r"is not enforced by any safety rule", "KB008"),
    (r"mixes general and per-complaint", "KB009"),
    (r"^(a|an) \w+ rule|^a red flag must|^only \w+|has no conditions", "KB006"),
    (r", got ", "KB002"),
)
_SUGGESTION = re.compile(r' \(did you mean "(?P<match>.+?)"\?\)$')
_ENTRY = re.compile(r"^[\w\-\[\]]+$")


def from_load_problem(line: str, root: Path) -> LintProblem:
    """Turn one loader line into a record: file relative to root, entry, code, suggestion."""
    file, _, rest = line.partition(": ")
    if not re.search(r"\.(ya?ml|json|j2)$", file):
        file, rest = "", line
    file = file.removeprefix(str(root)).lstrip("/")
    entry, _, message = rest.partition(": ")
    if not message or not _ENTRY.match(entry):
        entry, message = "", rest
    suggestion = _SUGGESTION.search(message)
    if suggestion:
        message = message[: suggestion.start()]
    code = next((c for pattern, c in _LOAD_CODES if re.search(pattern, message)), "KB000")
    return problem(
        code, file or ".", entry or None, message, suggestion["match"] if suggestion else None
    )


def lint(kb: KnowledgeBase) -> list[LintProblem]:
    """Every check over a loaded knowledge base, in a stable order."""
    reached = reach(kb)
    return [
        *_text_problems(kb),
        *_rule_problems(kb, reached),
        *_id_prefix_problems(kb),
        *_exercise_problems(kb),
        *_finding_problems(kb),
        *_source_problems(kb),
        *_answer_problems(reached),
        *(problem(code, "lexicon.yaml", entry, msg) for code, entry, msg in lexicon_problems(kb)),
        *(problem(code, file, entry, msg) for code, file, entry, msg in group_problems(kb)),
    ]


PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME|XXX|lorem ipsum|placeholder)\b", re.IGNORECASE)
MIN_RATIONALE_WORDS = 8


def placeholder(text: str | None) -> str | None:
    """Why a piece of text is not real content yet, or None when it is."""
    if text is None or not text.strip():
        return "is empty"
    found = PLACEHOLDER.search(text)
    return f"is placeholder text ({found.group(0)!r})" if found else None


def _texts(kb: KnowledgeBase) -> Iterator[tuple[str, str, str, str | None]]:
    """(file, entry, field, text) for every free-text field a reviewer reads."""
    for rule in kb.rules.values():
        file = kb.rule_files[rule.id]
        yield file, rule.id, "title", rule.title
        if rule.then.disposition:
            yield file, rule.id, "then.disposition.do_now", rule.then.disposition.do_now
        if rule.then.block:
            yield file, rule.id, "then.block.reason", rule.then.block.reason
    for ex in kb.exercises.values():
        for name in ("name", "description", "progression", "regression"):
            yield "exercises.yaml", ex.id, name, getattr(ex, name)
        for i, cue in enumerate(ex.cues):
            yield "exercises.yaml", ex.id, f"cues[{i}]", cue
    for finding in kb.findings.values():
        yield "findings.yaml", finding.id, "label", finding.label
        yield "findings.yaml", finding.id, "summary", finding.summary
    for source in kb.sources.values():
        yield "sources.yaml", source.id, "citation", source.citation
    for question in kb.questions.values():
        yield "questions.yaml", question.id, "text", question.text


def _text_problems(kb: KnowledgeBase) -> Iterator[LintProblem]:
    for file, entry, name, text in _texts(kb):
        why = placeholder(text)
        if why:
            yield problem("KB102", file, entry, f"{name} {why}")


def _rule_problems(kb: KnowledgeBase, reached: Reach) -> Iterator[LintProblem]:
    for rule in kb.rules.values():
        file = kb.rule_files[rule.id]
        why = placeholder(rule.rationale)
        words = len(rule.rationale.split())
        if why or words < MIN_RATIONALE_WORDS:
            detail = why or f"has {words} words; say why in at least one full sentence"
            yield problem("KB101", file, rule.id, f"rationale {detail}")
        for kind in ("fires", "silent"):
            for i, example in enumerate(getattr(rule.examples, kind)):
                if not any(example.values()):
                    yield problem(
                        "KB103", file, rule.id, f"examples.{kind}[{i}] names no atom as true"
                    )
        clash = _contradiction(rule)
        if clash:
            yield problem("KB105", file, rule.id, clash)
        elif rule.id not in reached.firable:
            yield problem("KB104", file, rule.id, _unproducible(kb, rule, reached))


def _unproducible(kb: KnowledgeBase, rule: RuleSpec, reached: Reach) -> str:
    """Name the atoms no way in produces; if each is produced somewhere, the best area's gap."""
    missing = missing_atoms(rule.when, reached.producible())
    if not missing:

        def gap_in(context: str | None) -> tuple[int, int]:
            gap = missing_atoms(rule.when, reached.atoms[context])
            return sum(a in REGION_ATOMS for a in gap), len(gap)

        context = min(reached.live(), key=gap_in)
        gap = ", ".join(repr(a) for a in missing_atoms(rule.when, reached.atoms[context]))
        where = f"the {context} area" if context else "no complaint"
        return (
            "can never fire: its atoms are never produced for one area together; "
            f"for {where}, nothing produces {gap}"
        )
    parts = []
    for atom in missing:
        if atom in kb.findings:
            by = [r.id for r in kb.rules.values() if atom in r.then.findings]
            why = f"concluded only by {', '.join(by)}, which cannot fire" if by else None
            parts.append(f"{atom!r} [{why or 'no rule concludes it'}]")
        else:
            parts.append(f"{atom!r}")
    return "can never fire: no question or comment phrase produces " + ", ".join(parts)


_EXCLUSIVE = (
    ("one region", {f"{region.value}_pain" for region in Region}),
    ("one onset", {"sudden_onset", "gradual_onset"}),
)


def _contradiction(rule: RuleSpec) -> str | None:
    """A complaint has one region and one onset; `all` cannot ask for two of either."""
    for what, group in _EXCLUSIVE:
        clash = sorted(set(rule.when.all) & group)
        if len(clash) > 1:
            return f"when.all needs {', '.join(clash)}, but a complaint has {what}"
    return None


def _id_prefix_problems(kb: KnowledgeBase) -> Iterator[LintProblem]:
    by_file: dict[str, list[str]] = {}
    for rule_id, file in kb.rule_files.items():
        by_file.setdefault(file, []).append(rule_id)
    for file, ids in sorted(by_file.items()):
        prefix, count = Counter(i.split("-")[0] for i in ids).most_common(1)[0]
        if len(ids) < 3 or count * 3 < len(ids) * 2:
            continue  # no obvious convention in this file
        for rule_id in ids:
            if not rule_id.startswith(f"{prefix}-"):
                yield problem(
                    "KB106", file, rule_id, f"the other rules in this file use {prefix}-", prefix
                )


def _exercise_problems(kb: KnowledgeBase) -> Iterator[LintProblem]:
    recommended = {e for r in kb.rules_in_stage(Stage.candidate) for e in r.then.recommend}
    for exercise_id in kb.exercises:
        if exercise_id not in recommended:
            yield problem(
                "KB201",
                "exercises.yaml",
                exercise_id,
                "no candidate rule recommends it, so no runner can be given it",
            )


def _finding_problems(kb: KnowledgeBase) -> Iterator[LintProblem]:
    for finding_id in kb.findings:
        concluders = [r for r in kb.rules.values() if finding_id in r.then.findings]
        users = [r for r in kb.rules.values() if finding_id in r.when.positive_atoms()]
        if not concluders:
            yield problem("KB302", "findings.yaml", finding_id, "no rule concludes it")
            continue
        to_exercise = any(r.stage == Stage.candidate for r in users)
        to_referral = any(_refers(r) for r in (*concluders, *users))
        if not (to_exercise or to_referral):
            yield problem(
                "KB301",
                "findings.yaml",
                finding_id,
                "no candidate rule uses it and no rule concluding or using it refers the runner",
            )


def _refers(rule: RuleSpec) -> bool:
    """A red flag, or a rule that sets a disposition of routine or more urgent."""
    d = rule.then.disposition
    return rule.stage == Stage.red_flag or (d is not None and Level[d.level] >= Level.routine)


def _source_problems(kb: KnowledgeBase) -> Iterator[LintProblem]:
    cited = {
        *(r.source for r in kb.rules.values()),
        *(f.source for f in kb.findings.values()),
        *(e.source for e in kb.exercises.values()),
    }
    for source_id in kb.sources:
        if source_id not in cited:
            yield problem(
                "KB401", "sources.yaml", source_id, "no rule, finding or exercise cites it"
            )


_CHOICES = re.compile(r"expected one of (?P<choices>.+), got '(?P<got>[^']*)'")


def _answer_problems(reached: Reach) -> Iterator[LintProblem]:
    for source, why in reached.bad_answers:
        found = _CHOICES.search(why)
        hint = None
        if found:
            choices = re.findall(r"'([^']*)'", found["choices"])
            hint = process.extractOne(found["got"], choices, score_cutoff=75)
        yield problem("KB501", source.file, source.entry, why, hint[0] if hint else None)
