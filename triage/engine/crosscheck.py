"""Cross-references of a loaded knowledge base: every id resolves, every stage does its job.

Returns every problem as a line naming the file and the entry, with "did you mean" hints.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process

from .kb_models import KnowledgeBase, RuleSpec, Stage, Then
from .signals import GENERAL, SIGNALS

# Atoms the engine itself asserts, so rules may test them like any other: some rule gave a
# disposition, some rule sent the runner to be seen urgently or as an emergency without holding
# back exercise itself (both general; a red flag holds it back on its own), and some rule
# concluded a finding for this complaint (per complaint).
DISPOSITION_GIVEN = "disposition_given"
URGENT_ADVICE_GIVEN = "urgent_advice_given"
FINDING_CONCLUDED = "finding_concluded"
ENGINE_ATOMS = frozenset({DISPOSITION_GIVEN, URGENT_ADVICE_GIVEN, FINDING_CONCLUDED})
GENERAL_ENGINE_ATOMS = frozenset({DISPOSITION_GIVEN, URGENT_ADVICE_GIVEN})
# Levels that mean stopping running to be seen: the card's urgent and emergency.
URGENT_LEVELS = frozenset({"urgent", "emergency"})


def gives_urgent_advice(then: Then) -> bool:
    """Whether a firing asserts `urgent_advice_given`: it refers urgently or as an emergency and
    does not itself hold back every exercise, as a red flag does."""
    held = then.block is not None and then.block.all_exercises
    return then.disposition is not None and then.disposition.level in URGENT_LEVELS and not held


def is_general(atom: str) -> bool:
    """General atoms describe the runner; the rest belong to one complaint."""
    spec = SIGNALS.get(atom)
    return atom in GENERAL_ENGINE_ATOMS or (spec is not None and spec.scope == GENERAL)


def known_atoms(kb: KnowledgeBase) -> frozenset[str]:
    return frozenset(SIGNALS) | frozenset(kb.findings) | ENGINE_ATOMS


def suggest(name: str, choices: Iterable[str]) -> str:
    """' (did you mean "x"?)' for a close match, else ''."""
    best = process.extractOne(name, list(choices), score_cutoff=75)
    return f' (did you mean "{best[0]}"?)' if best else ""


def cross_check(kb: KnowledgeBase) -> list[str]:
    problems: list[str] = []
    atoms = known_atoms(kb)

    def need(where: str, what: str, ref: str, pool: Iterable[str]) -> None:
        pool = list(pool)
        if ref not in pool:
            problems.append(f"{where}: unknown {what} {ref!r}{suggest(ref, pool)}")

    for finding in kb.findings.values():
        need(f"findings.yaml: {finding.id}", "source", finding.source, kb.sources)
    for exercise in kb.exercises.values():
        where = f"exercises.yaml: {exercise.id}"
        need(where, "source", exercise.source, kb.sources)
        for atom in exercise.contraindications:
            need(where, "contraindication", atom, atoms)
            if atom in atoms and not _blocking_rules(kb, exercise.id, atom):
                problems.append(
                    f"{where}: contraindication {atom!r} is not enforced by any safety rule"
                )
    for question in kb.questions.values():
        if question.group is not None:
            where = f"questions.yaml: {question.id}"
            need(where, "question group", question.group, kb.question_groups)
    aliases: dict[str, str] = {}
    for rule in kb.rules.values():
        where = f"{kb.rule_files[rule.id]}: {rule.id}"
        need(where, "source", rule.source, kb.sources)
        for atom in rule.when.atoms():
            need(where, "condition", atom, atoms)
        for group in rule.when.any:
            if len({is_general(a) for a in group if a in SIGNALS}) > 1:
                problems.append(f"{where}: an any-group mixes general and per-complaint atoms")
        for finding in rule.then.findings:
            need(where, "finding", finding, kb.findings)
        for exercise in rule.then.recommend:
            need(where, "exercise", exercise, kb.exercises)
        if rule.then.block:
            for exercise in rule.then.block.exercises:
                need(where, "exercise", exercise, kb.exercises)
        for example in (*rule.examples.fires, *rule.examples.silent):
            for atom in example:
                need(f"{where}: examples", "atom", atom, atoms)
        for alias in rule.aliases:
            if alias in kb.rules or alias in aliases:
                problems.append(f"{where}: alias {alias!r} is already used")
            aliases[alias] = rule.id
        problems.extend(f"{where}: {p}" for p in _stage_problems(rule))
    return problems


def _stage_problems(rule: RuleSpec) -> list[str]:
    then = rule.then
    out = []
    if not rule.when.all and not rule.when.any and not rule.when.none:
        out.append("has no conditions")
    if rule.stage in {Stage.red_flag, Stage.safety_net}:
        if not then.disposition or then.disposition.level not in {"urgent", "emergency"}:
            out.append("a red flag must set an urgent or emergency disposition")
        if not then.block or not then.block.all_exercises:
            out.append("a red flag must block all exercise advice (block.all_exercises: true)")
    referring = {Stage.red_flag, Stage.safety_net, Stage.finding, Stage.disposition}
    if then.disposition and rule.stage not in referring:
        out.append(f"a {rule.stage.value} rule may not set a disposition")
    if then.recommend and rule.stage != Stage.candidate:
        out.append("only candidate rules recommend exercises")
    if then.block and rule.stage not in {Stage.safety, Stage.red_flag, Stage.safety_net}:
        out.append("only safety and red-flag rules block exercises")
    if rule.stage == Stage.safety and not then.block:
        out.append("a safety rule must block something")
    return out


def _blocking_rules(kb: KnowledgeBase, exercise_id: str, atom: str) -> list[RuleSpec]:
    exercise = kb.exercises[exercise_id]
    found = []
    for rule in kb.rules.values():
        block = rule.then.block
        if not block or atom not in rule.when.positive_atoms():
            continue
        if (
            block.all_exercises
            or exercise_id in block.exercises
            or set(block.tags) & set(exercise.tags)
        ):
            found.append(rule)
    return found
