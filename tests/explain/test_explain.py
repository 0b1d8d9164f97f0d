"""HOW, WHY and WHY NOT over the example presentations and the shipped knowledge base."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

from stridewise.cli.app import app
from stridewise.triage import Explanation, Intake, load_intake, load_knowledge_base, triage
from stridewise.triage.engine.signals import Evidence
from stridewise.triage.errors import InvalidInput
from stridewise.triage.explain.explainer import derivation, how, why_asked, why_lines, why_not
from stridewise.triage.explain.models import describe_atom
from stridewise.triage.explain.unmet import present_atoms
from stridewise.triage.render.explain import render_explanation
from stridewise.triage.render.terminal import render_report

SHIPPED_KB = Path(__file__).resolve().parents[2] / "knowledge_base"

QUESTIONS = [
    {
        "id": "a_checklist",
        "text": "Does it hurt with any of these?",
        "field": "complaints[].hurts_when",
        "kind": "multi_choice",
        "choices": ["night", "hopping", "hills"],
    },
    {
        "id": "night_ache",
        "text": "Does the ache wake you at night?",
        "field": "complaints[].hurts_when",
        "value": "night",
    },
    {
        "id": "eases",
        "text": "Does it ease when you move about?",
        "field": "complaints[].eases_with_movement",
        "why": "A night-time ache that eases with movement changes the advice.",
    },
    {
        "id": "saddle",
        "text": "Any numbness between the legs or around the back passage?",
        "field": "health.saddle_numbness",
        "screening": True,
    },
    {
        "id": "unused_weekly_km",
        "text": "How many km do you run a week?",
        "field": "training.weekly_km",
        "kind": "number",
    },
]


@pytest.fixture(scope="module")
def qkb(tmp_path_factory):
    """The shipped knowledge base with a small questions.yaml of our own."""
    root = tmp_path_factory.mktemp("kb") / "knowledge_base"
    shutil.copytree(SHIPPED_KB, root)
    (root / "questions.yaml").write_text(yaml.safe_dump(QUESTIONS, sort_keys=False))
    return load_knowledge_base(root)


def test_why_for_a_timing_question_names_every_rule_that_tests_that_timing(qkb):
    explanation = why_asked(qkb, "night_ache")
    assert explanation.kind == "why"
    testing_night = {r.id for r in qkb.rules.values() if "pain_at_night" in r.when.atoms()}
    assert {"ACH-002", "RF-002"} <= testing_night
    assert set(explanation.rules) == testing_night
    assert explanation.summary.startswith('I ask "Does the ache wake you at night?" because')
    for ref, line in zip(explanation.rule_refs, explanation.lines, strict=True):
        assert ref.title in line
        assert ("pain at night" in line) if ref.role == "needs" else ("rules out" in line)
    roles = [ref.role for ref in explanation.rule_refs]
    assert roles == sorted(roles)  # what a yes can lead to comes before what it rules out


def test_why_leads_with_the_most_urgent_thing_the_answer_can_change(qkb):
    summary = why_asked(qkb, "night_ache").summary
    assert "Urgent - stop running" in summary


def test_why_uses_the_questions_own_why_text_when_it_has_one(qkb):
    explanation = why_asked(qkb, "eases")
    assert "a night-time ache that eases with movement changes the advice" in explanation.summary
    assert "ACH-002" in explanation.rules
    assert {r.atoms for r in explanation.rule_refs} == {("eases_with_movement",)}


def test_why_for_a_screening_question_says_it_can_hold_back_all_exercise(qkb):
    explanation = why_asked(qkb, "saddle")
    assert "RF-001" in explanation.rules
    ref = next(r for r in explanation.rule_refs if r.rule == "RF-001")
    assert ref.role == "needs"
    assert "hold back all exercise advice" in ref.concludes


def test_why_for_a_question_no_rule_uses_says_so_and_names_no_rule(qkb):
    explanation = why_asked(qkb, "unused_weekly_km")
    assert explanation.rules == ()
    assert "no rule" in explanation.summary


def test_why_for_an_unknown_question_is_invalid_input_with_a_suggestion(qkb):
    with pytest.raises(InvalidInput, match='did you mean "night_ache"'):
        why_asked(qkb, "night_ach")


def test_why_is_deterministic(qkb):
    assert all(why_asked(qkb, q) == why_asked(qkb, q) for q in qkb.questions)


def _shipped_question_ids():
    return sorted(load_knowledge_base(SHIPPED_KB).questions)


@pytest.mark.parametrize("question_id", _shipped_question_ids())
def test_why_for_each_shipped_question_names_only_rules_that_test_its_answer(kb, question_id):
    question = kb.questions[question_id]
    explanation = why_asked(kb, question_id)
    assert explanation.summary.startswith(f'I ask "{question.text}"')
    for ref in explanation.rule_refs:
        when = kb.rules[ref.rule].when
        assert ref.atoms and set(ref.atoms) <= set(when.atoms())
        assert ref.role == ("needs" if set(ref.atoms) & set(when.positive_atoms()) else "rules_out")
    if not explanation.rules:
        assert any("no rule" in line.lower() for line in explanation.lines)


def test_every_shipped_question_is_needed_by_a_rule_except_the_season_which_sets_the_dose(kb):
    unused = [q for q in sorted(kb.questions) if not why_asked(kb, q).rules]
    assert unused == ["season"]
    assert kb.questions["season"].field == "training.season"
    assert "dosed" in why_asked(kb, "season").summary


# HOW and WHY NOT over the example presentations -----------------------------------------

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def _report(path, kb):
    return triage(load_intake(path), kb)


def _leaves(node):
    if not node.children:
        yield node
    for child in node.children:
        yield from _leaves(child)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_recommendations_how_reaches_an_answer(kb, path):
    report = _report(path, kb)
    for recommendation in report.recommendations:
        explanation = how(report, kb, recommendation.exercise)
        assert explanation.answers, recommendation.exercise
        assert all(a.field and a.value for a in explanation.answers)
        assert set(recommendation.because) <= set(explanation.rules)
        assert explanation.summary.startswith(f"I suggest {recommendation.name}")
        leaves = [leaf for root in explanation.tree for leaf in _leaves(root)]
        assert leaves and all(leaf.kind == "answer" for leaf in leaves)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_blocked_exercises_why_not_names_the_blocking_rule_and_the_reported_fact(kb, path):
    report = _report(path, kb)
    for blocked in report.blocked:
        explanation = why_not(report, kb, blocked.exercise)
        assert blocked.by in explanation.rules
        assert kb.rules[blocked.by].title in explanation.summary
        assert set(blocked.triggered_by) <= set(explanation.facts)
        for fact in blocked.triggered_by:
            assert describe_atom(kb, fact.split("@")[0]) in explanation.summary


def test_the_torn_iliacus_example_has_blocks_to_explain(kb, examples_dir):
    assert _report(examples_dir / "torn_iliacus_return.yaml", kb).blocked


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_why_not_for_an_exercise_that_was_not_relevant_names_unmet_conditions(kb, path):
    report = _report(path, kb)
    shown = {r.exercise for r in report.recommendations} | {b.exercise for b in report.blocked}
    recommendable = {e for r in kb.rules.values() for e in r.then.recommend}
    absent = sorted(recommendable - shown)
    assert absent
    present = present_atoms(report, kb)
    for exercise in absent:
        explanation = why_not(report, kb, exercise)
        assert explanation.unmet, exercise
        for failed in explanation.unmet:
            assert failed.missing or failed.missing_any or failed.present_none
            here = present.get(failed.scope, frozenset()) | present["general"]
            assert not set(failed.missing) & here
            assert all(not set(group) & here for group in failed.missing_any)
            assert set(failed.present_none) <= here
        assert "needs" in explanation.summary or "ruled out" in explanation.summary


def test_why_not_heavy_calf_raises_for_the_hip_goes_one_level_down_to_the_finding(kb, examples_dir):
    report = _report(examples_dir / "inner_hip_hills.yaml", kb)
    explanation = why_not(report, kb, "heavy_slow_calf_raise")
    ach_101 = next(u for u in explanation.unmet if u.rule == "ACH-101")
    assert ach_101.missing == ("midportion_achilles_tendinopathy",)
    assert [d.rule for d in ach_101.deeper] == ["ACH-001"]
    assert ach_101.deeper[0].missing == ("achilles_pain",)
    assert "pain at the achilles" in " ".join(explanation.lines)


def test_why_not_tendinopathy_for_the_night_ache_names_the_pattern_that_rules_it_out(
    kb, examples_dir
):
    report = _report(examples_dir / "achilles_night_ache.yaml", kb)
    explanation = why_not(report, kb, "midportion_achilles_tendinopathy")
    ach_001 = next(u for u in explanation.unmet if u.rule == "ACH-001")
    assert "inflammatory_night_pattern" in ach_001.present_none
    assert "ruled out by night-time ache" in explanation.summary


def test_why_not_a_less_urgent_level_that_was_also_given_says_the_more_urgent_one_wins(
    kb, examples_dir
):
    hip = load_intake(examples_dir / "inner_hip_hills.yaml")
    achilles = load_intake(examples_dir / "achilles_night_ache.yaml")
    report = triage(hip.model_copy(update={"complaints": hip.complaints + achilles.complaints}), kb)
    assert report.disposition.level == "routine"
    assert "self_care" in {r.level for r in report.disposition.reasons}
    explanation = why_not(report, kb, "self_care")
    assert '"Book an appointment" is more urgent and wins' in explanation.summary
    assert explanation.tree and explanation.answers


def test_why_not_an_exercise_no_rule_puts_forward_says_nothing_concludes_it(kb, examples_dir):
    report = _report(examples_dir / "inner_hip_hills.yaml", kb)
    fired = {s.rule for s in report.trace}
    exercise = "heavy_slow_calf_raise"
    putting_forward = {r.id for r in kb.rules.values() if exercise in r.then.recommend}
    assert putting_forward and not putting_forward & fired
    rules = {i: r for i, r in kb.rules.items() if i not in putting_forward}
    orphaned = kb.model_copy(update={"rules": rules})
    explanation = why_not(report, orphaned, exercise)
    assert explanation.summary.startswith("Nothing in the knowledge base concludes Heavy slow")
    assert explanation.rules == () and explanation.unmet == ()


def _red_flag_report(kb, examples_dir):
    data = load_intake(examples_dir / "inner_hip_hills.yaml").model_dump(mode="json")
    data["complaints"][0].update(region="groin", hurts_when=["hopping"])
    report = triage(Intake.model_validate(data), kb)
    assert report.all_exercises_held_by
    return report


def test_why_not_an_exercise_under_a_red_flag_names_the_red_flag(kb, examples_dir):
    report = _red_flag_report(kb, examples_dir)
    red_flag = report.all_exercises_held_by[0]
    shown = {b.exercise for b in report.blocked}
    recommendable = {e for r in kb.rules.values() for e in r.then.recommend}
    for exercise in sorted(set(kb.exercises) - {*shown}):
        explanation = why_not(report, kb, exercise)
        assert kb.rules[red_flag].title in explanation.summary, exercise
        assert red_flag in explanation.rules
        assert bool(explanation.unmet) == (exercise in recommendable)
    for exercise in sorted(shown):
        explanation = why_not(report, kb, exercise)
        assert "All exercise advice is held back" in explanation.summary
        assert kb.rules[red_flag].title in explanation.summary
        assert red_flag in explanation.rules


def test_why_not_a_plan_held_back_beside_an_urgent_referral_reaches_the_referral_and_answer(kb):
    knee = {"region": "knee", "side": "left", "onset": "gradual", "hurts_when": ["stairs"]}
    plan = triage(Intake.model_validate({"complaints": [knee]}), kb).recommendations
    assert plan, "the knee alone gets exercises"
    data = {"complaints": [knee], "health": {"skin_infection": "yes"}}
    report = triage(Intake.model_validate(data), kb)
    assert report.disposition.level == "urgent"
    explanation = why_not(report, kb, plan[0].exercise)
    assert {"SAF-017", "SKN-002"} <= set(explanation.rules)
    assert "skin_infection@general" in explanation.facts
    assert "be seen urgently" in explanation.summary


@pytest.mark.parametrize("explain", [how, why_not])
def test_a_misspelled_id_is_invalid_input_with_a_did_you_mean(kb, examples_dir, explain):
    report = _report(examples_dir / "torn_iliacus_return.yaml", kb)
    with pytest.raises(InvalidInput, match='did you mean "split_stance_jump"'):
        explain(report, kb, "splt_stance_jump")


def test_how_for_something_not_in_the_report_points_to_why_not(kb, examples_dir):
    report = _report(examples_dir / "inner_hip_hills.yaml", kb)
    with pytest.raises(InvalidInput, match="--why-not heavy_slow_calf_raise"):
        how(report, kb, "heavy_slow_calf_raise")


def test_how_quotes_the_question_text_and_the_value_given(qkb, examples_dir):
    report = _report(examples_dir / "achilles_night_ache.yaml", qkb)
    explanation = how(report, qkb, "inflammatory_night_pattern")
    night = next(a for a in explanation.answers if a.field == "complaints[0].hurts_when")
    assert night.question == "night_ache"  # the question about night itself, not the checklist
    assert night.plain == 'You answered "yes" to "Does the ache wake you at night?"'
    eases = next(a for a in explanation.answers if a.field == "complaints[0].eases_with_movement")
    assert eases.question == "eases" and eases.value == "yes"


def test_how_quotes_the_comment_words_with_their_span(kb, examples_dir):
    comment = "my achilles wakes me at night but eases once I walk about"
    start = comment.index("wakes me at night")
    quote = Evidence(
        field="complaints[0].hurts_when",
        value="night",
        text="wakes me at night",
        start=start,
        end=start + len("wakes me at night"),
    )
    intake = load_intake(examples_dir / "achilles_night_ache.yaml")
    report = triage(intake, kb, quotes={"complaints[0].hurts_when": (quote,)})
    explanation = how(report, kb, "inflammatory_night_pattern")
    quoted = [a for a in explanation.answers if a.quote]
    assert [(a.quote, a.start, a.end) for a in quoted] == [(quote.text, quote.start, quote.end)]
    assert comment[quoted[0].start : quoted[0].end] == quoted[0].quote
    assert quoted[0].plain == 'You wrote "wakes me at night"'


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_explanations_are_deterministic(kb, path):
    first, second = _report(path, kb), _report(path, kb)
    assert derivation(first, kb).model_dump_json() == derivation(second, kb).model_dump_json()
    ids = sorted({*kb.exercises, *kb.findings})
    for item in ids:
        assert why_not(first, kb, item) == why_not(second, kb, item)


# Rendering and the command line ------------------------------------------------------------

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "100", "NO_COLOR": "1"})


def _render(explanation, detail=False) -> str:
    out = io.StringIO()
    render_explanation(explanation, Console(file=out, width=100, no_color=True), detail=detail)
    return out.getvalue()


def test_rendered_how_shows_the_summary_then_a_tree_down_to_the_answers(kb, examples_dir):
    report = _report(examples_dir / "achilles_night_ache.yaml", kb)
    text = _render(how(report, kb, "calf_isometric_hold"))
    lines = text.splitlines()
    assert lines[0].startswith("I suggest Calf raise isometric hold")
    assert "How I got there" in text
    assert "└── " in text and 'You answered "yes" to' in text
    assert "ACH-102" not in text


def test_rendered_how_with_detail_adds_rule_ids_fact_ids_and_fields(kb, examples_dir):
    report = _report(examples_dir / "achilles_night_ache.yaml", kb)
    text = _render(how(report, kb, "calf_isometric_hold"), detail=True)
    assert "[ACH-102, step" in text and "[inflammatory_night_pattern@c0]" in text
    assert "complaints[0].hurts_when = night" in text
    assert text.rstrip().splitlines()[-2].startswith("Rules: ")


def test_a_rule_firing_shown_twice_in_the_whole_derivation_is_expanded_once(kb, examples_dir):
    report = _report(examples_dir / "achilles_night_ache.yaml", kb)
    text = _render(derivation(report, kb))
    title = kb.rules["ACH-002"].title
    assert text.count(title) >= 2
    assert text.count("(as above)") >= 1
    first = text.index(title)
    assert "(as above)" in text[text.index(title, first + 1) :]


def test_rendered_why_not_lists_each_rule_that_was_not_met_with_detail(kb, examples_dir):
    report = _report(examples_dir / "inner_hip_hills.yaml", kb)
    text = _render(why_not(report, kb, "heavy_slow_calf_raise"), detail=True)
    assert text.startswith("I did not suggest Heavy slow calf raise because")
    assert "ACH-101 (c0): missing midportion_achilles_tendinopathy" in text
    assert "  ACH-001 (c0): missing achilles_pain" in text


def test_terminal_report_has_a_why_line_under_each_exercise_and_held_back_one(kb, examples_dir):
    for path in EXAMPLES:
        report = _report(path, kb)
        out = io.StringIO()
        render_report(report, Console(file=out, width=100, no_color=True), kb=kb)
        lines = out.getvalue().splitlines()
        whys = why_lines(report, kb)
        for r in report.recommendations:
            at = next(i for i, line in enumerate(lines) if line.startswith(f"- {r.name}"))
            assert lines[at + 2] == f"    Why: {whys[r.exercise]}"[: len(lines[at + 2])]
        if report.blocked:
            held = " ".join(" ".join(lines[lines.index("Held back") :]).split())
            assert all(b.name in held for b in report.blocked)
            rules = {b.by for b in report.blocked}
            assert held.count("Why: because of") >= len(rules)


def test_terminal_report_leaves_why_lines_out_for_a_report_from_another_kb(qkb, examples_dir):
    report = _report(examples_dir / "achilles_night_ache.yaml", qkb)
    other = load_knowledge_base(SHIPPED_KB)
    assert other.sha256 != qkb.sha256
    out = io.StringIO()
    render_report(report, Console(file=out, width=100, no_color=True), kb=other)
    assert "Why:" not in out.getvalue()


def test_explain_prints_the_whole_derivation(examples_dir):
    result = invoke("explain", "-a", str(examples_dir / "glute_pain_driving.yaml"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('The advice is "Book an appointment"')
    assert "I suggest Sciatic nerve slider" in result.stdout


def test_explain_json_always_has_rule_ids_fact_ids_and_answers(examples_dir):
    path = str(examples_dir / "torn_iliacus_return.yaml")
    result = invoke("explain", "-a", path, "--why-not", "split_stance_jump", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "why_not" and data["subject"] == "split_stance_jump"
    assert "SAF-001" in data["rules"] and data["facts"] and data["answers"]
    assert data["answers"][0]["field"].startswith("complaints[0].")


def test_explain_why_needs_no_answers_file(kb):
    if not kb.questions:
        pytest.skip("no questions shipped yet")
    question = sorted(kb.questions)[0]
    result = invoke("explain", "--why", question)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f'I ask "{kb.questions[question].text}"'[:40])


def test_explain_unknown_id_exits_2_with_a_suggestion_and_no_traceback(examples_dir):
    path = str(examples_dir / "inner_hip_hills.yaml")
    result = invoke("explain", "-a", path, "--how", "banded_glute_bridg")
    assert result.exit_code == 2
    assert 'did you mean "banded_glute_bridge"' in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_explain_asks_one_thing_at_a_time_and_needs_answers_for_how(examples_dir):
    path = str(examples_dir / "inner_hip_hills.yaml")
    both = invoke("explain", "-a", path, "--how", "self_care", "--why-not", "routine")
    assert both.exit_code == 2 and "one thing at a time" in both.stderr
    missing = invoke("explain", "--how", "self_care")
    assert missing.exit_code == 2 and "--answers" in missing.stderr


def test_how_for_a_not_sure_timing_names_the_timing_question_and_says_not_sure(qkb):
    intake = Intake.model_validate(
        {"complaints": [{"region": "groin", "not_sure_when": ["night"]}]}
    )
    report = triage(intake, qkb)
    assert report.disposition.level == "routine"
    explanation = how(report, qkb, "routine")
    (night,) = [a for a in explanation.answers if a.field == "complaints[0].not_sure_when"]
    assert night.question == "night_ache"
    assert night.plain.startswith('You answered "not sure" to "Does the ache wake you at night?"')
    assert "not as a yes" in night.plain


def test_rendered_why_with_detail_lists_each_rule_id_with_the_atoms_it_tests(qkb):
    text = _render(why_asked(qkb, "night_ache"), detail=True)
    assert "RF-002 needs pain_at_night" in text
    assert "ACH-002 needs pain_at_night" in text


def test_why_not_a_milder_level_adds_that_the_given_level_is_more_urgent(kb, examples_dir):
    report = _report(examples_dir / "glute_pain_driving.yaml", kb)
    assert report.disposition.level == "routine"
    explanation = why_not(report, kb, "self_care")
    assert explanation.unmet
    assert explanation.lines[0] == 'Even if one had, "Book an appointment" is more urgent and wins.'
    assert not any("more urgent" in line for line in why_not(report, kb, "emergency").lines)


def test_how_names_a_checklist_question_with_the_item_ticked_when_no_question_asks_for_it(qkb):
    intake = Intake.model_validate({"complaints": [{"region": "groin", "hurts_when": ["hopping"]}]})
    report = triage(intake, qkb)
    explanation = how(report, qkb, report.disposition.level)
    (hopping,) = [a for a in explanation.answers if a.field == "complaints[0].hurts_when"]
    assert hopping.question == "a_checklist"
    assert hopping.plain == 'You answered "hopping" to "Does it hurt with any of these?"'


def test_explain_json_validates_against_the_explanation_schema(examples_dir):
    schema = Explanation.model_json_schema()
    path = str(examples_dir / "achilles_night_ache.yaml")
    for args in ([], ["--how", "calf_isometric_hold"], ["--why-not", "heavy_slow_calf_raise"]):
        result = invoke("explain", "-a", path, "--json", *args)
        assert result.exit_code == 0, result.output
        jsonschema.validate(json.loads(result.stdout), schema)


def test_explain_a_comment_quotes_the_readers_own_words_with_their_spans(examples_dir):
    path = examples_dir / "comments" / "charlie_achilles.txt"
    text = path.read_text(encoding="utf-8")
    args = ("explain", "--comment", str(path), "--how", "inflammatory_night_pattern", "--json")
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    answers = json.loads(result.stdout)["answers"]
    quoted = [a for a in answers if a["quote"]]
    assert quoted
    for answer in quoted:
        assert text[answer["start"] : answer["end"]] == answer["quote"]
        assert answer["plain"] == f'You wrote "{answer["quote"]}"'


def test_explain_takes_answers_or_a_comment_not_both(examples_dir):
    both = invoke(
        "explain",
        "-a",
        str(examples_dir / "achilles_night_ache.yaml"),
        "--comment",
        str(examples_dir / "comments" / "charlie_achilles.txt"),
    )
    assert both.exit_code == 2
    assert "--answers" in both.stderr and "--comment" in both.stderr
