"""docs/knowledge-base.md's worked example works: every block, applied in order to a copy of
the shipped knowledge base, loads, lints clean, and gives the triage the page promises.

Each YAML block of the example names its target on its first line:
`# knowledge_base/FILE: append`, `...: new file`, `...: add under KEY`,
`...: add to RULE-ID when.none`, `# tests/scenarios/FILE: append` (a scenario), `# NAME.yaml`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from kb_copies import copy_shipped

from stridewise.triage import Intake, load_knowledge_base, triage
from stridewise.triage.coach.reply import reply_to_comment
from stridewise.triage.engine.crosscheck import is_general
from stridewise.triage.engine.experta_engine import run
from stridewise.triage.engine.signals import GENERAL, Evidence, Signal
from stridewise.triage.kb.lint import lint_folder

REPO = Path(__file__).resolve().parent.parent
PAGE = (REPO / "docs" / "knowledge-base.md").read_text(encoding="utf-8")
EXAMPLE = PAGE.split("## Worked example", 1)[1].split("\n## ", 1)[0]
BLOCKS = re.findall(r"```yaml\n# ([^\n]+)\n(.*?)```", EXAMPLE, flags=re.S)
TARGET = re.compile(r"^knowledge_base/(?P<file>\S+): (?P<action>.+)$")


def _apply(root: Path, file: str, action: str, text: str) -> None:
    path = root / file
    if action == "append":
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    elif action == "new file":
        assert not path.exists(), f"{file} already exists in the shipped knowledge base"
        path.write_text(text, encoding="utf-8")
    elif match := re.fullmatch(r"add under (\w+)", action):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data[match[1]].extend(yaml.safe_load(text))
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    elif match := re.fullmatch(r"add to ([A-Z]+-\d+) when\.none", action):
        rules = yaml.safe_load(path.read_text(encoding="utf-8"))
        next(r for r in rules if r["id"] == match[1])["when"]["none"].extend(yaml.safe_load(text))
        path.write_text(yaml.safe_dump(rules, sort_keys=False, allow_unicode=True))
    else:
        raise AssertionError(f"unknown action in docs/knowledge-base.md: {action!r}")


@pytest.fixture(scope="module")
def example_root(tmp_path_factory) -> Path:
    root = copy_shipped(tmp_path_factory.mktemp("worked-example"))
    for target, text in BLOCKS:
        if match := TARGET.match(target):
            _apply(root, match["file"], match["action"], text)
    return root


def _block(name: str) -> str:
    return next(text for target, text in BLOCKS if target.startswith(name))


def _new_rules() -> list[dict]:
    return yaml.safe_load(_block("knowledge_base/rules/ankle.yaml"))


def test_the_worked_example_edits_every_kind_of_knowledge_base_file():
    files = {TARGET.match(t)["file"] for t, _ in BLOCKS if TARGET.match(t)}
    assert {
        "sources.yaml",
        "findings.yaml",
        "exercises.yaml",
        "lexicon.yaml",
        "replies.yaml",
    } <= files
    assert any(f.startswith("rules/") for f in files)


def test_the_worked_example_lints_clean(example_root):
    report = lint_folder(example_root)
    assert report.problems == (), [p.line() for p in report.problems]


def test_the_worked_example_rules_pass_their_own_examples(example_root):
    kb = load_knowledge_base(example_root)
    evidence = (Evidence(field="example", value="true"),)
    for rule in _new_rules():
        for kind in ("fires", "silent"):
            for example in rule["examples"][kind]:
                signals = [
                    Signal(atom, GENERAL if is_general(atom) else "c0", evidence)
                    for atom, present in sorted(example.items())
                    if present
                ]
                fired = {f.rule for f in run(kb, signals).firings}
                assert (rule["id"] in fired) == (kind == "fires"), (rule["id"], example)


def test_the_worked_example_answers_give_what_the_page_promises(example_root):
    kb = load_knowledge_base(example_root)
    report = triage(Intake.model_validate(yaml.safe_load(_block("ankle.yaml"))), kb)
    assert report.disposition.level == "self_care"
    assert [f.id for f in report.findings] == ["possible_lingering_ankle_sprain"]
    assert [r.exercise for r in report.recommendations] == ["single_leg_balance_reach"]


def test_the_worked_example_scenario_holds(example_root):
    kb = load_knowledge_base(example_root)
    (scenario,) = yaml.safe_load(_block("tests/scenarios/"))
    report = triage(Intake.model_validate(scenario["answers"]), kb)
    expect = scenario["expect"]
    assert report.disposition.level == expect["disposition"]
    assert set(expect["findings"]) <= {f.id for f in report.findings}
    assert set(expect["recommended"]) <= {r.exercise for r in report.recommendations}


def test_the_worked_example_comment_is_read_and_the_reply_asks_the_new_question(example_root):
    kb = load_knowledge_base(example_root)
    comment = re.search(r'echo "([^"]+)" \| stridewise reply -', EXAMPLE)
    assert comment, "the page shows a comment piped to reply"
    reading, report, reply = reply_to_comment(comment[1], kb=kb)
    assert any(f.text == "turned my ankle" for f in reading.extracted)
    assert "possible_lingering_ankle_sprain" in {f.id for f in report.findings}
    assert [a.id for a in reply.ask] == ["ankle_bone_or_weight"]


def test_the_shipped_knowledge_base_refers_the_example_as_the_page_says():
    report = triage(Intake.model_validate(yaml.safe_load(_block("ankle.yaml"))))
    assert report.disposition.level == "routine"


def test_without_the_catch_all_edit_the_example_stays_routine(tmp_path):
    """The step the page warns about: skipping the DSP-001 edit leaves the catch-all firing."""
    root = copy_shipped(tmp_path)
    for target, text in BLOCKS:
        if (match := TARGET.match(target)) and "DSP-001" not in match["action"]:
            _apply(root, match["file"], match["action"], text)
    intake = Intake.model_validate(yaml.safe_load(_block("ankle.yaml")))
    assert triage(intake, load_knowledge_base(root)).disposition.level == "routine"
