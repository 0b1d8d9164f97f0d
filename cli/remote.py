"""`reply --server`: send one comment to a running `stridewise serve` and take its reply.

A fresh `stridewise reply` spends over a second importing spaCy and medspaCy and building the
reader before it reads a word; a server has done that once. This client uses only the standard
library, so a reply through it starts as fast as `stridewise --help`. The server's answer is the
document `reply --json` prints, so both routes give the same result.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from stridewise.triage.engine.kb_digest import default_root, knowledge_base_digest
from stridewise.triage.errors import InvalidInput, KnowledgeBaseError

TIMEOUT_S = 60.0
START_HINT = "start one with `stridewise serve`, or leave out --server to read the comment here"


def server_reply(server: str, comment: str) -> dict[str, Any]:
    """POST the comment to the server's /api/reply; its document, or its error lines raised."""
    url = _api_url(server)
    body = json.dumps({"comment": comment}).encode("utf-8")
    request = Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urlopen(request, timeout=TIMEOUT_S) as answer:
            return _document(server, answer.read())
    except HTTPError as error:
        raise _server_error(server, error) from None
    except (URLError, TimeoutError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        raise InvalidInput(
            f"--server {server}: cannot reach it ({reason}); {START_HINT}."
        ) from None


def knowledge_base_mismatch(server: str, document: dict[str, Any]) -> str | None:
    """A note when the server answers from another knowledge base than this install's (a
    server started before an upgrade still runs the old rules); None when they are the same."""
    theirs = document.get("knowledge_base")
    sha = theirs.get("sha256") if isinstance(theirs, dict) else None
    ours, _ = knowledge_base_digest(default_root())
    if sha == ours:
        return None
    told = (
        f"from knowledge base {theirs.get('version')} ({str(sha)[:12]})"
        if sha
        else "without naming its knowledge base"
    )
    return (
        f"Note: --server {server} answered {told}; this install's is {ours[:12]}, so the "
        "reply follows the server's rules. Restart `stridewise serve` to use this install's."
    )


def _api_url(server: str) -> str:
    parts = urlsplit(server)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise InvalidInput(
            f"--server {server!r}: expected the address `stridewise serve` prints, "
            "such as http://127.0.0.1:8000"
        )
    return server.rstrip("/") + "/api/reply"


def _document(server: str, raw: bytes) -> dict[str, Any]:
    try:
        document = json.loads(raw)
    except ValueError:
        document = None
    if not isinstance(document, dict) or not isinstance(document.get("reply"), dict):
        raise InvalidInput(
            f"--server {server}: the answer is not a stridewise reply; {START_HINT}."
        )
    return document


def _server_error(server: str, error: HTTPError) -> InvalidInput | KnowledgeBaseError:
    """The server's own problem lines (400: the comment, 500: its knowledge base)."""
    try:
        problems = json.loads(error.read()).get("errors")
    except (ValueError, AttributeError):
        problems = None
    if not isinstance(problems, list) or not problems:
        return InvalidInput(
            f"--server {server}: answered HTTP {error.code}, not a stridewise reply; {START_HINT}."
        )
    lines = [str(p) for p in problems]
    return KnowledgeBaseError(lines) if error.code >= 500 else InvalidInput(lines)
