"""Every rule's own `fires` and `silent` examples, run through the whole engine.

Test ids carry the rule id, so `pytest -k RF-002` runs one rule's examples.
"""

from __future__ import annotations

import pytest

from stridewise.triage import load_knowledge_base
from stridewise.triage.engine.crosscheck import is_general
from stridewise.triage.engine.experta_engine import run
from stridewise.triage.engine.signals import GENERAL, Evidence, Signal

KB = load_knowledge_base()


def _signals(example: dict[str, bool]) -> list[Signal]:
    evidence = (Evidence(field="example", value="true"),)
    return [
        Signal(atom, GENERAL if is_general(atom) else "c0", evidence)
        for atom, present in sorted(example.items())
        if present
    ]


CASES = [
    pytest.param(rule.id, kind, example, id=f"{rule.id}-{kind}-{i}")
    for rule in KB.rules.values()
    for kind in ("fires", "silent")
    for i, example in enumerate(getattr(rule.examples, kind))
]


@pytest.mark.parametrize(("rule_id", "kind", "example"), CASES)
def test_rule_example(rule_id: str, kind: str, example: dict[str, bool]):
    fired = {f.rule for f in run(KB, _signals(example)).firings}
    if kind == "fires":
        assert rule_id in fired, f"{rule_id} should fire on {example}; fired: {sorted(fired)}"
    else:
        assert rule_id not in fired, f"{rule_id} should stay silent on {example}"
