"""Knowledge bases with the shipped rules cloned n times, to see how cost grows with rules.

Each clone gets new rule ids and its own renamed findings, so the clones fire on the same
signals but never feed one another: the work grows with the rules, the answers do not change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from stridewise.triage.engine.kb_loader import default_root, load_knowledge_base
from stridewise.triage.engine.kb_models import KnowledgeBase

CLONE_LETTERS = "XYZWVUQ"  # seven clones for x8; none makes a shipped prefix (FOO+T)


def _renamed(atom: str, findings: set[str], k: int) -> str:
    return f"{atom}_x{k}" if atom in findings else atom


def _clone_rule(rule: dict, findings: set[str], k: int) -> dict:
    prefix, number = rule["id"].split("-")

    def rename(atom: str) -> str:
        return _renamed(atom, findings, k)

    when = rule["when"]
    then = rule["then"]
    return {
        **rule,
        "id": f"{prefix[:3]}{CLONE_LETTERS[k - 1]}-{number}",
        "aliases": [],
        "when": {
            "all": [rename(a) for a in when["all"]],
            "any": [[rename(a) for a in group] for group in when["any"]],
            "none": [rename(a) for a in when["none"]],
        },
        "then": {**then, "findings": [rename(f) for f in then["findings"]]},
        "examples": {
            kind: [{rename(a): v for a, v in example.items()} for example in examples]
            for kind, examples in rule["examples"].items()
        },
    }


def scaled_knowledge_base(factor: int, workdir: Path, kb: KnowledgeBase) -> KnowledgeBase:
    """The shipped knowledge base with every rule present `factor` times, loaded from workdir."""
    if factor == 1:
        return kb
    root = workdir / f"kb_x{factor}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(default_root(), root)
    findings = set(kb.findings)
    extra_findings = []
    clones: dict[int, list[dict]] = {}
    for k in range(1, factor):
        for finding in kb.findings.values():
            extra_findings.append(finding.model_dump(mode="json") | {"id": f"{finding.id}_x{k}"})
        clones[k] = [_clone_rule(r.model_dump(mode="json"), findings, k) for r in kb.rules.values()]
    # Rules and findings come from `kb` itself, not from the folder, which may have moved on.
    all_findings = [f.model_dump(mode="json") for f in kb.findings.values()] + extra_findings
    (root / "findings.yaml").write_text(yaml.safe_dump(all_findings, sort_keys=False))
    for path in (root / "rules").glob("*.yaml"):
        path.unlink()
    originals = [rule.model_dump(mode="json") for rule in kb.rules.values()]
    (root / "rules" / "shipped.yaml").write_text(yaml.safe_dump(originals, sort_keys=False))
    # One file per clone: the loader caps a file's size, and eight copies in one file pass it.
    for k, rules in clones.items():
        (root / "rules" / f"clones_{k}.yaml").write_text(yaml.safe_dump(rules, sort_keys=False))
    return load_knowledge_base(root)
