"""`stridewise serve`: the questionnaire page, the coach desk and the JSON API on a local port.

Only parses options and starts uvicorn; the app is `stridewise.triage.web.create_app`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .errors import boundary, err_console


@boundary
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 shares it with your network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    save_dir: Annotated[
        Path | None,
        typer.Option(
            "--save-dir",
            help="Also save each finished questionnaire and reply draft here (default: nothing kept).",
            file_okay=False,
        ),
    ] = None,
    coach: Annotated[
        Path | None,
        typer.Option(help="Coach profile (YAML or JSON) that signs the desk's and API's replies."),
    ] = None,
) -> None:
    """Serve the runner's questionnaire, the coach desk and the JSON API in a browser.

    Nothing is stored or logged unless --save-dir is given. `stridewise reply --server` sends
    comments here. Stop with Ctrl-C.
    """
    import uvicorn

    from stridewise.triage.coach.profile import DEFAULT_COACH, load_coach
    from stridewise.triage.errors import InvalidInput
    from stridewise.triage.web import create_app

    if save_dir is not None and not save_dir.is_dir():
        raise InvalidInput(f"{save_dir}: --save-dir must be an existing folder.")
    profile = load_coach(coach) if coach else DEFAULT_COACH
    err_console.print(f"stridewise is serving on http://{host}:{port}/ (Ctrl-C stops it).")
    uvicorn.run(
        create_app(save_dir, profile), host=host, port=port, access_log=False, log_level="warning"
    )
