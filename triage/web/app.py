"""Builds the FastAPI app: templates with autoescaping, packaged static files, the routers.

Only this module wires things together; the pages live in `runner`, `coach` and `api`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from ..coach.profile import DEFAULT_COACH, CoachProfile
from ..coach.reply import reply_to_comment
from ..errors import InvalidInput, StridewiseError
from .api import router as api_router
from .api import validation_problems
from .coach import router as coach_router
from .guard import BodyLimit, guard
from .runner import router as runner_router

HERE = Path(__file__).resolve().parent


WARM_UP_COMMENT = "My knee aches on the stairs after long runs."


def create_app(save_dir: Path | None = None, coach: CoachProfile = DEFAULT_COACH) -> FastAPI:
    """The whole web app; with `save_dir`, final answers and drafts are also written there.

    `coach` signs the desk's and the API's reply drafts.
    """
    app = FastAPI(
        lifespan=_warm_reader,
        title="stridewise",
        summary="Rule-based injury triage for runners, with explanations. Not a diagnosis.",
        docs_url=None,  # the interactive docs load scripts from a CDN; the schema is enough
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    environment = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    app.state.templates = Jinja2Templates(env=environment)
    app.state.save_dir = save_dir
    app.state.coach = coach
    app.middleware("http")(guard)
    app.add_middleware(BodyLimit)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(runner_router)
    app.include_router(coach_router)
    app.include_router(api_router)
    app.add_exception_handler(StridewiseError, _library_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> Response:
        return app.state.templates.TemplateResponse(request, "home.html", {})

    return app


@asynccontextmanager
async def _warm_reader(app: FastAPI) -> AsyncIterator[None]:
    """Draft one reply before serving, so loading spaCy and the reader (about two seconds)
    happens at start-up and not in the first reader's or `reply --server`'s wait."""
    reply_to_comment(WARM_UP_COMMENT, app.state.coach)
    yield


async def _library_error(request: Request, exc: Exception) -> Response:
    """The CLI's messages; 400 for bad input, 500 if the knowledge base failed."""
    assert isinstance(exc, StridewiseError)
    return _problems(request, exc.problems, 400 if isinstance(exc, InvalidInput) else 500)


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return _problems(request, validation_problems(request, exc), 400)


def _problems(request: Request, problems: list[str], status: int) -> Response:
    """JSON under /api/, a page elsewhere."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"errors": problems}, status_code=status)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"problems": problems}, status_code=status
    )
