"""`stridewise serve`: the questionnaire as a web page, a reply desk for coaches, a JSON API.

A thin shell like the CLI: it parses forms and JSON, calls the library and renders templates.
It stores nothing unless given a folder to save into, and makes no requests of its own.
"""

from .app import create_app

__all__ = ["create_app"]
