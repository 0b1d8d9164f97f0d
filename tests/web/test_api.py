"""The JSON API with FastAPI's test client: the CLI's models and messages, bounded bodies."""

from __future__ import annotations

import json

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from stridewise.cli.app import app as cli
from stridewise.triage.web import create_app
from stridewise.triage.web.guard import MAX_FORM_BYTES


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


@pytest.mark.parametrize(
    "example",
    [
        "achilles_night_ache.yaml",
        "inner_hip_hills.yaml",
        "torn_iliacus_return.yaml",
        "glute_pain_driving.yaml",
    ],
)
def test_api_triage_returns_what_triage_json_prints(client, examples_dir, example):
    path = examples_dir / example
    response = client.post("/api/triage", json=yaml.safe_load(path.read_text()))
    printed = CliRunner().invoke(cli, ["triage", "--answers", str(path), "--json"])
    assert response.status_code == 200
    assert response.json() == json.loads(printed.stdout)


def test_api_triage_rejects_a_bad_answer_with_the_clis_message(client):
    response = client.post("/api/triage", json={"complaints": [{"region": "knee", "pain": 11}]})
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            "request body: complaints[0].pain: expected a number less than or equal to 10, got 11"
        ]
    }


def test_api_reply_returns_what_reply_json_prints(client, examples_dir):
    path = examples_dir / "comments" / "groin_pain_hopping.txt"
    response = client.post("/api/reply", json={"comment": path.read_text()})
    printed = CliRunner().invoke(cli, ["reply", str(path), "--json"])
    assert response.status_code == 200
    assert response.json() == json.loads(printed.stdout)
    assert response.json()["disposition"]["level"] == "urgent"


def test_api_reply_refuses_a_comment_over_the_clis_limit_with_its_message(client):
    response = client.post("/api/reply", json={"comment": "my knee hurts " * 1500})
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("comment: 21,000 characters; expected at most")


def test_a_body_over_the_limit_is_refused_before_it_is_read(client):
    body = json.dumps({"comment": "x" * MAX_FORM_BYTES})
    response = client.post("/api/reply", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "larger than 200,000 bytes" in response.text


def test_schema_is_the_one_stridewise_schema_prints(client):
    printed = CliRunner().invoke(cli, ["schema"])
    assert client.get("/api/schema").json() == json.loads(printed.stdout)


def test_openapi_documents_the_three_endpoints_with_the_cli_models(client):
    spec = client.get("/api/openapi.json").json()
    assert set(spec["paths"]) == {"/api/triage", "/api/reply", "/api/schema"}
    assert {"Intake", "Report", "ReplyRequest", "ReplyDocument"} <= set(
        spec["components"]["schemas"]
    )
    assert client.get("/docs").status_code == 404  # the interactive docs would load a CDN


def test_a_cross_site_post_is_refused(client):
    response = client.post(
        "/api/triage",
        json={},
        headers={"origin": "https://evil.example", "sec-fetch-site": "cross-site"},
    )
    assert response.status_code == 403


def test_every_answer_carries_strict_security_headers_and_no_cookie(client):
    response = client.get("/runner")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert "set-cookie" not in response.headers


def test_the_servers_coach_profile_signs_the_api_reply():
    from stridewise.triage.coach.profile import CoachProfile

    signed = TestClient(create_app(coach=CoachProfile(name="Sam", sign_off="Cheers")))
    response = signed.post("/api/reply", json={"comment": "My knee aches on the stairs."})
    assert response.status_code == 200
    assert response.json()["reply"]["text"].rstrip().endswith("Cheers,\nSam")
