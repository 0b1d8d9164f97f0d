"""The pages in a real browser (Chromium via Playwright): the runner's whole path, red flags,
back and why, the coach desk, an inbox upload, hostile comments, and keyboard-only use."""

from __future__ import annotations

import pytest
from conftest import screenshot
from playwright.sync_api import expect
from test_questionnaire import PRESENTATIONS, drive

from stridewise.triage import load_intake, triage
from stridewise.triage.questionnaire import Questionnaire

COMMENT = (
    "My right groin has been sore for three weeks, worse on hills and after long runs. "
    "Should I keep doing your hip exercises?"
)
LEVEL_ORDER = ["emergency", "urgent", "routine", "self_care", "none"]


def answer_on_page(page, kb, script: dict[str, str]) -> list[str]:
    """Answer each step shown from the script (ticking, choosing or typing), until the result;
    a checklist item the script leaves out stays No. Returns each step's question ids."""
    steps = []
    reader = Questionnaire(kb)
    while page.locator("input[name=question]").count():
        ids = page.locator("input[name=question]").get_attribute("value")
        steps.append(ids)
        questions = [kb.questions[i] for i in ids.split(",")]
        if questions[0].group is not None:
            for item in questions:
                value = reader.read(item, script.get(item.id, "no"))
                page.check(f'input[name="item-{item.id}"][value="{value}"]')
        else:
            _answer_one(page, reader, questions[0], script[questions[0].id])
        page.click("button[value=next]")
        page.wait_for_load_state()
        page.wait_for_selector("main h1")
    return steps


def _answer_one(page, reader, question, typed: str) -> None:
    if question.kind in {"number", "scale"}:
        if typed:
            page.fill("#text", typed)
    elif typed or question.kind != "choice":
        value = reader.read(question, typed)
        for item in (value if isinstance(value, tuple) else (value,)) or ("none",):
            page.check(f'input[name=choice][value="{item}"]')


@pytest.mark.parametrize("name", PRESENTATIONS)
def test_each_example_presentation_gets_its_disposition_through_the_page(
    page, kb, examples_dir, name
):
    script, example, level = PRESENTATIONS[name]
    page.goto("/runner")
    steps = answer_on_page(page, kb, script)
    expected = triage(load_intake(examples_dir / example), kb)
    assert len(steps) <= 15
    expect(page.locator(f".disposition.level-{level}")).to_be_visible()
    assert expected.disposition.label in page.inner_text("#disposition-title")
    for finding in expected.findings:
        assert finding.label in page.inner_text("main")
    if name == "achilles_night_ache":
        screenshot(page, "runner-result.png")
        page.click("text=How did you get this?")
        assert page.locator("details.how ul li").first.is_visible()
    with page.expect_download() as download:
        page.click("text=Download your answers")
    saved = triage(load_intake(download.value.path()), kb)
    assert saved.model_dump(include={"disposition", "findings"}) == drive(kb, script)[
        0
    ].report().model_dump(include={"disposition", "findings"})


def test_chest_pain_stops_at_once_with_an_emergency_shown_in_red_on_a_phone(
    browser, live_server, kb
):
    phone = browser.new_context(base_url=live_server, viewport={"width": 375, "height": 740})
    page = phone.new_page()
    page.goto("/runner")
    script = {"area": "knee", "side": "left", "onset": "gradual", "chest_pain": "yes"}
    assert answer_on_page(page, kb, script) == ["area", "side", "onset", "chest_pain,fainting"]
    box = page.locator(".disposition.level-emergency")
    assert box.get_attribute("role") == "alert"
    assert "stopped there" in box.inner_text() and "emergency" in box.inner_text().lower()
    assert box.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(176, 0, 32)"
    assert "All exercise advice is held back" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "runner-emergency-phone.png")
    phone.close()


def test_why_explains_and_back_returns_to_the_last_question_with_its_answer(page):
    page.goto("/runner")
    page.check('input[value="achilles"]')
    page.click("button[value=next]")
    expect(page.locator("h1")).to_contain_text("Which side?")
    why = page.locator("details.why p").first
    assert not why.is_visible()
    page.click("text=Why are you asking?")
    assert "both sides" in why.inner_text()
    page.click("button[value=back]")
    expect(page.locator("h1")).to_contain_text("Which area hurts most?")
    assert page.is_checked('input[value="achilles"]')


def test_a_pasted_comment_gets_a_draft_with_its_facts_marked_and_a_working_copy_button(
    browser, live_server, examples_dir
):
    context = browser.new_context(base_url=live_server, viewport={"width": 1100, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    page.goto("/coach")
    page.fill("#comment", COMMENT)
    page.click("text=Draft the reply")
    page.wait_for_selector("#reply-text")
    marks = page.locator("mark.fact").all_inner_texts()
    assert {"right groin", "sore for three weeks", "hills"} <= {m.strip() for m in marks}, marks
    assert page.locator(".screening li").count() >= 1
    screenshot(page, "coach-desk.png")
    page.click("text=Copy the reply")
    expect(page.locator(".copied")).to_have_text("Copied.")  # set when the clipboard write resolves
    assert page.evaluate("navigator.clipboard.readText()") == page.input_value("#reply-text")
    context.close()


def test_an_uploaded_inbox_is_drafted_most_urgent_first(page, examples_dir):
    page.goto("/coach")
    page.set_input_files("#file", str(examples_dir / "comments" / "inbox.jsonl"))
    page.click("text=Show the drafts")
    page.wait_for_selector(".draft")
    levels = [b.replace(" ", "_") for b in page.locator(".badge").all_inner_texts()]
    assert levels and levels == sorted(levels, key=LEVEL_ORDER.index)
    assert levels[0] in {"emergency", "urgent"}


def test_a_hostile_comment_is_shown_as_text_and_never_runs(page):
    hostile = (
        '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
        "<b>bold</b> my knee hurts on stairs"
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/coach")
    page.fill("#comment", hostile)
    page.click("text=Draft the reply")
    page.wait_for_selector("#reply-text")
    assert page.evaluate("window.pwned") is None
    assert not dialogs
    assert (
        page.locator(
            "blockquote.comment img, blockquote.comment b, blockquote.comment script"
        ).count()
        == 0
    )
    assert "<script>window.pwned = 1</script>" in page.inner_text("blockquote.comment")


def test_the_questionnaire_can_be_answered_with_the_keyboard_alone(page):
    page.goto("/runner")
    # Keys pressed before the page has put focus on the first choice would be lost. Waiting on
    # a :focus selector, not a JavaScript predicate: the page's CSP forbids eval.
    page.wait_for_selector("input[type=radio]:focus")
    page.keyboard.press("ArrowDown")  # the first choice has focus; arrows move the choice
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.is_checked('input[value="achilles"]')
    page.keyboard.press("Tab")  # to "Why are you asking?"
    page.keyboard.press("Enter")
    assert page.locator("details.why").get_attribute("open") is not None
    page.keyboard.press("Tab")  # to "Next"
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Which side?")
    page.wait_for_selector("input[type=radio]:focus")
    page.keyboard.press("ArrowDown")  # from "left" (focused) to "right"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=How did it start?")
    assert page.locator("p.step").inner_text().startswith("Step 3")
    page.wait_for_selector("input[type=radio]:focus")
    page.keyboard.press("ArrowDown")  # from "suddenly" (focused) to "gradually"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=have you had any of these?")
    # A checklist: focus starts on the first row's "No"; arrows move within a row, Tab to the next.
    page.wait_for_selector("input[name='item-chest_pain']:focus")
    page.keyboard.press("ArrowUp")
    assert page.is_checked('input[name="item-chest_pain"][value="not_sure"]')
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "item-fainting"
    assert page.is_checked('input[name="item-fainting"][value="no"]')
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".disposition.level-emergency")).to_be_visible()
