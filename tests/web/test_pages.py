"""The pages without a browser: stateless answers, escaping, uploads, errors, --save-dir."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from stridewise.triage.web import create_app
from stridewise.triage.web.coach import marked_segments
from stridewise.triage.web.state import decode, encode


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def post_answer(client, answers: str, question: str, **fields):
    return client.post("/runner", data={"answers": answers, "question": question, **fields})


def test_the_answers_ride_in_the_page_and_replay_to_the_same_questionnaire(kb):
    session = decode(kb, "[]").answer("area", "groin").answer("side", "left")
    session = session.answer("onset", "gradual")
    session = session.answer_step({"chest_pain": "no", "fainting": "not_sure"}).answer("age", 34)
    session = session.answer("hip_screen", ("walking",))
    assert decode(kb, encode(session)) == session


def test_a_checklist_page_records_every_item_and_unchosen_rows_are_no(client, kb):
    answers = encode(decode(kb, "[]").answer("area", "buttock").answer("side", "left"))
    answers = encode(decode(kb, answers).answer("onset", "gradual"))
    response = post_answer(
        client, answers, "chest_pain,fainting,radiates", **{"item-radiates": "yes"}
    )
    assert response.status_code == 200
    assert "Step 5" in response.text and "Any of these nerve signs?" in response.text
    assert 'name="item-tingling" value="no"\n        checked' in response.text
    steps = json.loads(
        response.text.split('name="answers" value="')[1].split('"')[0].replace("&#34;", '"')
    )
    assert steps[-1] == [["chest_pain", "no"], ["fainting", "no"], ["radiates", "yes"]]


def test_a_step_posted_as_a_single_question_of_a_checklist_is_refused(client, kb):
    answers = encode(decode(kb, "[]").answer("area", "knee").answer("side", "left"))
    answers = encode(decode(kb, answers).answer("onset", "gradual"))
    response = post_answer(client, answers, "chest_pain", **{"item-chest_pain": "no"})
    assert response.status_code == 400
    tampered = answers[:-1] + ',[["chest_pain","no"]]]'
    assert post_answer(client, tampered, "age", text="30").status_code == 400


@pytest.mark.parametrize(
    "tampered",
    [
        '[[["side","left"]]]',
        '[[["area","elbow"]]]',
        "not json",
        '{"area":"knee"}',
        '[[["area",true]]]',
        '[["area","knee"]]',
        "[[]]",
    ],
)
def test_tampered_answers_are_refused_with_a_clear_400(client, tampered):
    response = post_answer(client, tampered, "side", choice="left")
    assert response.status_code == 400
    assert "the page is out of date or was changed" in response.text


def test_no_at_the_hip_danger_screen_does_not_stop_with_a_referral(client, kb):
    answers = encode(decode(kb, "[]").answer("area", "groin").answer("side", "left"))
    answers = encode(decode(kb, answers).answer("onset", "gradual"))
    answers = encode(decode(kb, answers).answer_step({"chest_pain": "no", "fainting": "no"}))
    response = post_answer(
        client, encode(decode(kb, answers).answer("age", 34)), "hip_screen", choice="none"
    )
    assert response.status_code == 200
    assert "Step 7" in response.text and "Urgent" not in response.text


def test_none_of_these_ticked_with_a_danger_sign_is_asked_again(client, kb):
    answers = encode(decode(kb, "[]").answer("area", "groin").answer("side", "left"))
    response = post_answer(client, answers, "onset", choice=["sudden"])
    answers = encode(decode(kb, answers).answer("onset", "sudden").answer("sudden_start", ()))
    answers = encode(decode(kb, answers).answer_step({"chest_pain": "no", "fainting": "no"}))
    answers = encode(decode(kb, answers).answer("age", 34))
    response = post_answer(client, answers, "hip_screen", choice=["walking", "none"])
    assert response.status_code == 400
    assert "cannot be ticked together" in response.text


def test_a_typed_answer_that_could_mean_two_choices_is_asked_about(client):
    response = post_answer(client, "[]", "area", text="hip")
    assert response.status_code == 400
    assert "could mean more than one" in response.text


def test_hostile_comment_is_escaped_in_every_place_it_appears(client):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> my knee hurts on stairs'
    response = client.post("/coach/reply", data={"comment": hostile})
    assert response.status_code == 200
    assert "<script>alert" not in response.text and "<img src=x" not in response.text
    assert "&lt;script&gt;" in response.text


def test_an_empty_comment_gets_the_clis_message(client):
    response = client.post("/coach/reply", data={"comment": "   "})
    assert response.status_code == 400
    assert "the comment is empty; expected the reader&#39;s words." in response.text


def test_marked_segments_rebuild_the_comment_exactly(client):
    from stridewise.triage import read_comment

    reading = read_comment("My left achilles aches at night, 7/10, for 3 weeks.")
    segments = marked_segments(reading.text, reading.extracted)
    assert "".join(words for words, _ in segments) == reading.text
    marked = {words: {f.fact.split(".")[1] for f in found} for words, found in segments if found}
    assert marked["left achilles"] == {"side", "region"}
    assert marked["7/10"] == {"pain"}


def test_inbox_upload_lists_drafts_most_urgent_first(client, examples_dir):
    data = (examples_dir / "comments" / "inbox.csv").read_bytes()
    shown = client.post(
        "/coach/inbox", files={"file": ("inbox.csv", data)}, data={"action": "show"}
    )
    assert shown.status_code == 200
    levels = [
        line.split('"badge level-')[1].split('"')[0]
        for line in shown.text.splitlines()
        if '"badge level-' in line
    ]
    order = ["emergency", "urgent", "routine", "self_care", "none"]
    assert levels == sorted(levels, key=order.index) and levels
    download = client.post(
        "/coach/inbox",
        files={"file": ("inbox.csv", data)},
        data={"action": "download", "fmt": "jsonl"},
    )
    assert 'filename="stridewise-drafts.jsonl"' in download.headers["content-disposition"]
    first = json.loads(download.text.splitlines()[0])
    assert first["disposition"] == levels[0]


def test_an_inbox_of_unknown_format_names_the_uploaded_file_not_a_temporary_path(client):
    response = client.post("/coach/inbox", files={"file": ("notes.docx", b"hello")})
    assert response.status_code == 400
    assert "notes.docx: unknown inbox format" in response.text and "/tmp" not in response.text


def test_nothing_is_written_without_save_dir_and_answers_are_with_it(tmp_path, kb):
    saving = TestClient(create_app(save_dir=tmp_path))
    answers = encode(decode(kb, "[]"))
    assert (
        saving.post("/coach/reply", data={"comment": "my knee hurts on stairs"}).status_code == 200
    )
    response = post_answer(saving, answers, "area", choice="none")
    assert response.status_code == 200
    saved = sorted(p.name.split("-")[0] for p in tmp_path.iterdir())
    assert saved == ["reply"]  # the questionnaire is not finished yet
