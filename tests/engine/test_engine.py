"""Engine mechanics, on small synthetic rule sets so they do not depend on clinical content."""

from __future__ import annotations

from stridewise.triage.engine.experta_engine import engine_for, run
from stridewise.triage.engine.kb_models import KnowledgeBase, RuleSpec
from stridewise.triage.engine.rules import conditions_for
from stridewise.triage.engine.signals import Evidence, Signal

EVIDENCE = (Evidence(field="test", value="yes"),)


def _rule(kb: KnowledgeBase, rule_id: str, stage: str, when: dict, then: dict) -> RuleSpec:
    return RuleSpec.model_validate(
        {
            "id": rule_id,
            "title": f"synthetic {rule_id}",
            "stage": stage,
            "when": when,
            "then": then,
            "rationale": "A synthetic rule used only to test engine mechanics.",
            "source": next(iter(kb.sources)),
            "examples": {"fires": [{"knee_pain": True}], "silent": [{"knee_pain": False}]},
        }
    )


def _kb_with(kb: KnowledgeBase, *rules: RuleSpec, tag: str) -> KnowledgeBase:
    return kb.model_copy(
        update={
            "rules": {r.id: r for r in rules},
            "rule_files": {r.id: "rules/synthetic.yaml" for r in rules},
            "sha256": f"synthetic-{tag}",
        }
    )


def _signals(*names: str) -> list[Signal]:
    return [Signal(name, "c0", EVIDENCE) for name in names]


def test_a_fact_concluded_twice_is_asserted_once_and_both_rules_are_kept(kb):
    finding = next(iter(kb.findings))
    rules = [
        _rule(kb, "TST-001", "finding", {"all": ["knee_pain"]}, {"findings": [finding]}),
        _rule(kb, "TST-002", "finding", {"all": ["pain_on_stairs"]}, {"findings": [finding]}),
    ]
    result = run(_kb_with(kb, *rules, tag="dup"), _signals("knee_pain", "pain_on_stairs"))
    asserted = [a for f in result.firings for a in f.asserted]
    assert asserted == [f"finding:{finding}@c0"]
    assert {c.rule for c in result.of_kind("finding")} == {"TST-001", "TST-002"}


def test_any_group_compiles_to_one_membership_pattern_not_an_or_chain(kb):
    spec = _rule(
        kb,
        "TST-003",
        "finding",
        {
            "all": ["knee_pain"],
            "any": [["pain_on_stairs", "pain_on_hills", "pain_at_night"]],
            "none": ["swelling"],
        },
        {"findings": [next(iter(kb.findings))]},
    )
    assert len(conditions_for(spec)) == 3


def test_a_blocked_candidate_is_never_recommended_even_among_equal_salience_rules(kb):
    exercises = sorted(kb.exercises)[:3]
    rules = [
        _rule(kb, f"TST-1{i}0", "candidate", {"all": ["knee_pain"]}, {"recommend": exercises})
        for i in range(4)
    ] + [
        _rule(
            kb,
            "TST-900",
            "safety",
            {"all": ["knee_pain"]},
            {"block": {"exercises": [exercises[1]], "reason": "synthetic block"}},
        )
    ]
    result = run(_kb_with(kb, *rules, tag="block"), _signals("knee_pain"))
    assert exercises[1] not in result.recommended
    assert sorted(result.recommended) == sorted([exercises[0], exercises[2]])


def test_the_engine_is_built_once_per_knowledge_base_and_reset_per_case(kb):
    engine = engine_for(kb)
    run(kb, _signals("knee_pain"))
    run(kb, _signals("achilles_pain"))
    assert engine_for(kb) is engine
    assert {f.rule for f in run(kb, []).firings} == {f.rule for f in run(kb, []).firings}
