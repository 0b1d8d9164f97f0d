"""docs/knowledge-base.md's worked example works: every block, applied in order to a copy of
the shipped knowledge base, loads, lints clean, and gives the triage the page promises.

Each YAML block of the example names its target on its first line:
`# knowledge_base/FILE: append`, `...: new file`, `...: add under KEY`, `...: add after ID`
(a list entry inserted after the entry with that id), `# tests/scenarios/FILE: append`
(a scenario), `# NAME.yaml` (an answers file).
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
from stridewise.triage.engine.kb_loader import default_root
from stridewise.triage.engine.signals import GENERAL, Evidence, Signal, derive_signals
from stridewise.triage.kb.lint import lint_folder
from stridewise.triage.questionnaire import Questionnaire, parse

REPO = Path(__file__).resolve().parent.parent
PAGE = (REPO / "docs" / "knowledge-base.md").read_text(encoding="utf-8")
EXAMPLE = PAGE.split("## Worked example", 1)[1].split("\n## ", 1)[0]
BLOCKS = re.findall(r"```yaml\n# ([^\n]+)\n(.*?)```", EXAMPLE, flags=re.S)
TARGET = re.compile(r"^knowledge_base/(?P<file>\S+): (?P<action>.+)$")

FINDING = "possible_tibialis_posterior_tendinopathy"
EXERCISE = "banded_ankle_inversion"
CATCH_ALL = "DSP-001"
# The example presentation typed into `stridewise ask`: question id -> the line typed.
ASK_SCRIPT = {
    "area": "ankle",
    "side": "right",
    "onset": "gradual",
    "chest_pain": "no",
    "fainting": "no",
    "swelling": "no",
    "bear_weight": "yes",
    "ankle_bone_screen": "none",
    "night": "no",
    "duration": "3",
    "recurring": "no",
    "improving": "no",
    "pain": "3",
    "when_lower_leg": "1 2",
    "worse_next_morning": "no",
    "arch_dropping": "no",
    "changes_running": "no",
    "training_changes": "2",
    "distance_increase": "8",
    "season": "in",
}


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
    elif match := re.fullmatch(r"add after (\w+)", action):
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        at = next(i for i, e in enumerate(entries) if e["id"] == match[1]) + 1
        entries[at:at] = yaml.safe_load(text)
        path.write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True))
    else:
        raise AssertionError(f"unknown action in docs/knowledge-base.md: {action!r}")


@pytest.fixture(scope="module")
def example_root(tmp_path_factory) -> Path:
    root = copy_shipped(tmp_path_factory.mktemp("worked-example"))
    for target, text in BLOCKS:
        if match := TARGET.match(target):
            _apply(root, match["file"], match["action"], text)
    return root


@pytest.fixture(scope="module")
def example_kb(example_root):
    return load_knowledge_base(example_root)


def _block(name: str) -> str:
    return next(text for target, text in BLOCKS if target.startswith(name))


def _new_rules() -> list[dict]:
    (text,) = [
        text for target, text in BLOCKS if re.match(r"knowledge_base/rules/.*new file$", target)
    ]
    return yaml.safe_load(text)


def _answers() -> Intake:
    return Intake.model_validate(yaml.safe_load(_block("inner-ankle.yaml")))


def _fired(kb, intake: Intake) -> set[tuple[str, str]]:
    """(rule id, scope) of every rule that fires for these answers."""
    return {(f.rule, f.scope) for f in run(kb, derive_signals(intake)).firings}


def _drive(kb, script: dict[str, str]) -> Questionnaire:
    """Answer from the script until the questionnaire ends or a red flag stops it."""
    session = Questionnaire(kb)
    while (question := next(iter(session.next_step()), None)) is not None:
        assert question.id in script, f"the script has no answer for {question.id!r}"
        session = session.answer(question.id, parse(question, script[question.id]))
        if session.red_flag_report() is not None:
            break
    return session


def test_the_worked_example_edits_every_kind_of_knowledge_base_file():
    files = {TARGET.match(t)["file"] for t, _ in BLOCKS if TARGET.match(t)}
    assert {
        "sources.yaml",
        "findings.yaml",
        "exercises.yaml",
        "questions.yaml",
        "lexicon.yaml",
        "replies.yaml",
    } <= files
    assert any(f.startswith("rules/") for f in files)


def test_the_worked_example_teaches_a_finding_the_shipped_knowledge_base_lacks():
    shipped = load_knowledge_base()
    assert FINDING not in shipped.findings
    assert EXERCISE not in shipped.exercises
    assert not {r["id"] for r in _new_rules()} & set(shipped.rules)


def test_the_worked_example_lints_clean(example_root):
    report = lint_folder(example_root)
    assert report.problems == (), [p.line() for p in report.problems]


def test_the_worked_example_rules_pass_their_own_examples(example_kb):
    evidence = (Evidence(field="example", value="true"),)
    for rule in _new_rules():
        for kind in ("fires", "silent"):
            for example in rule["examples"][kind]:
                signals = [
                    Signal(atom, GENERAL if is_general(atom) else "c0", evidence)
                    for atom, present in sorted(example.items())
                    if present
                ]
                fired = {f.rule for f in run(example_kb, signals).firings}
                assert (rule["id"] in fired) == (kind == "fires"), (rule["id"], example)


def test_the_worked_example_answers_give_what_the_page_promises(example_kb):
    report = triage(_answers(), example_kb)
    assert report.disposition.level == "self_care"
    assert [f.id for f in report.findings] == [FINDING]
    assert [r.exercise for r in report.recommendations] == [EXERCISE]


def test_the_worked_example_scenario_holds(example_kb):
    (scenario,) = yaml.safe_load(_block("tests/scenarios/"))
    report = triage(Intake.model_validate(scenario["answers"]), example_kb)
    expect = scenario["expect"]
    assert report.disposition.level == expect["disposition"]
    assert set(expect["findings"]) <= {f.id for f in report.findings}
    assert set(expect["recommended"]) <= {r.exercise for r in report.recommendations}


def test_the_worked_example_comment_is_read_and_the_reply_asks_the_new_question(example_kb):
    comment = re.search(r'echo "([^"]+)" \| stridewise reply -', EXAMPLE)
    assert comment, "the page shows a comment piped to reply"
    reading, report, reply = reply_to_comment(comment[1], kb=example_kb)
    assert any(f.text == "tib post" for f in reading.extracted)
    assert FINDING in {f.id for f in report.findings}
    assert [a.id for a in reply.ask] == ["ankle_bone_tender_spot"]


def test_the_worked_example_questionnaire_asks_the_new_screen_and_agrees_with_the_answers(
    example_kb,
):
    session = _drive(example_kb, ASK_SCRIPT)
    assert "ankle_bone_screen" in session.asked
    assert session.asked.index("ankle_bone_screen") < session.asked.index("duration")
    report = session.report()
    assert report.disposition.level == "self_care"
    assert [f.id for f in report.findings] == [FINDING]


def test_in_the_worked_example_a_yes_to_hopping_stops_the_questionnaire_at_urgent(example_kb):
    session = _drive(example_kb, {**ASK_SCRIPT, "ankle_bone_screen": "hopping"})
    assert session.asked[-1] == "ankle_bone_screen"
    report = session.red_flag_report()
    assert report is not None and report.disposition.level == "urgent"
    assert FINDING not in {f.id for f in report.findings}


def test_the_shipped_knowledge_base_sends_the_example_to_the_catch_all_as_the_page_says():
    report = triage(_answers())
    assert report.disposition.level == "self_care"
    assert report.findings == () and report.recommendations == ()
    assert (CATCH_ALL, "c0") in _fired(load_knowledge_base(), _answers())


def test_the_worked_example_leaves_the_catch_all_untouched_and_silent_for_its_complaint(
    example_root, example_kb
):
    """No block edits dispositions.yaml, yet DSP-001 no longer fires for the tendon complaint,
    while a second complaint that matches nothing still gets it."""
    edited = {TARGET.match(t)["file"] for t, _ in BLOCKS if TARGET.match(t)}
    assert "rules/dispositions.yaml" not in edited
    shipped = (default_root() / "rules" / "dispositions.yaml").read_bytes()
    assert (example_root / "rules" / "dispositions.yaml").read_bytes() == shipped
    answers = yaml.safe_load(_block("inner-ankle.yaml"))
    answers["complaints"].append({"region": "knee", "onset": "gradual", "pain": 2})
    fired = _fired(example_kb, Intake.model_validate(answers))
    assert ("ANK-051", "c0") in fired
    assert (CATCH_ALL, "c0") not in fired
    assert (CATCH_ALL, "c1") in fired
