"""Request hygiene for the web app: size limits, same-origin form posts, strict headers.

The app keeps no cookies or sessions, so a cross-site form has no ambient state to abuse;
this middleware still refuses cross-site posts and bounds every body before it is read.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_FORM_BYTES = 200_000  # a form or JSON body; a comment is at most 20,000 characters
MAX_UPLOAD_BYTES = 5_000_000  # an inbox export uploaded to the coach desk
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # "no-referrer" would make browsers send `Origin: null` with this site's own forms.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class TooLarge(Exception):
    """The body grew past its limit while it was being read."""


def body_limit(path: str) -> int:
    return MAX_UPLOAD_BYTES if path.startswith("/coach/inbox") else MAX_FORM_BYTES


class BodyLimit:
    """Refuse a body over its limit: by Content-Length at once, else while it streams in."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"])
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(limit)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except TooLarge:
            await _too_large(limit)(scope, receive, send)


def _too_large(limit: int) -> Response:
    return PlainTextResponse(
        f"Error: the request is larger than {limit:,} bytes; send less at a time.", 413
    )


def same_origin(request: Request) -> bool:
    """A post from this site's own pages (or from a client such as curl, which sends no Origin).

    Browsers say where a request comes from in Sec-Fetch-Site; older ones only in Origin.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in {"same-origin", "none"}
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin != "null" and urlsplit(origin).netloc == request.headers.get("host")


async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Refuse cross-site posts; add strict security headers to every answer."""
    if request.method in _UNSAFE_METHODS and not same_origin(request):
        response: Response = PlainTextResponse(
            "Error: this form can only be sent from the stridewise page itself.", 403
        )
    else:
        response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
