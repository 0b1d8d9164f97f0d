"""Reads YAML and JSON files safely and turns validation errors into lines naming file and field.

Shared by the answers loader and the knowledge-base loader; it knows nothing of their content.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import StridewiseError

M = TypeVar("M", bound=BaseModel)
# libyaml's safe loader when PyYAML was built with it: the same safety, about ten times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 2_000_000
MAX_NESTING = 20
MAX_VALUES = 200_000


def read_structured(path: Path, error: type[StridewiseError]) -> Any:
    """Parse a .json, .yaml or .yml file with a safe loader; raise `error` naming the file."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise error(f"{path}: cannot read the file ({exc.strerror or exc}).") from None
    if size > MAX_FILE_BYTES:
        raise error(
            f"{path}: the file is {size:,} bytes; expected at most {MAX_FILE_BYTES:,} bytes."
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise error(
            f"{path}: expected UTF-8 text, found an undecodable byte at {exc.start}."
        ) from None
    except OSError as exc:
        raise error(f"{path}: cannot read the file ({exc.strerror or exc}).") from None
    return parse_text(text, str(path), json_only=path.suffix.lower() == ".json", error=error)


def parse_text(text: str, name: str, *, json_only: bool, error: type[StridewiseError]) -> Any:
    """Parse JSON, or YAML (a superset of JSON) with a safe loader: no object construction."""
    if not text.strip():
        raise error(f"{name}: the file is empty; expected a YAML or JSON mapping.")
    try:
        data = json.loads(text) if json_only else yaml.load(text, Loader=SAFE_LOADER)
    except json.JSONDecodeError as exc:
        raise error(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or "could not parse"
        raise error(f"{name}: not valid YAML{where}: {problem}.") from None
    except RecursionError:
        raise error(f"{name}: nested too deeply to read.") from None
    depth, values = _shape(data)
    if depth > MAX_NESTING:
        raise error(
            f"{name}: nested more than {MAX_NESTING} levels deep; expected a flat answers file."
        )
    if values > MAX_VALUES:
        raise error(
            f"{name}: more than {MAX_VALUES:,} values once YAML aliases are expanded; too large."
        )
    return data


def _shape(value: Any) -> tuple[int, int]:
    """Depth and number of values, stopping early: a few YAML aliases can stand for billions."""
    depth, values, stack = 0, 0, [(value, 0)]
    while stack and depth <= MAX_NESTING and values <= MAX_VALUES:
        item, level = stack.pop()
        values += 1
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        depth = max(depth, level + 1 if isinstance(item, dict | list) and not children else level)
        stack.extend((child, level + 1) for child in children)
    return depth, values


def format_location(loc: Sequence[str | int]) -> str:
    """('complaints', 0, 'pain') -> 'complaints[0].pain'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def describe_validation_error(name: str, exc: ValidationError, prefix: str = "") -> list[str]:
    """One line per problem: `file: field: expected ..., got ...`."""
    lines = []
    for err in exc.errors(include_url=False):
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        field = format_location([*([prefix] if prefix else []), *loc])
        got = err.get("input")
        shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
        if len(shown) > 60:
            shown = shown[:57] + "..."
        message = _plain_message(err)
        lines.append(f"{name}: {field}: {message}, got {shown}")
    return lines


def _plain_message(err: dict[str, Any]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        return "is not a known field"
    if kind == "missing":
        return "is required"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return f"expected a number {err['msg'].removeprefix('Input should be ')}"
    if kind == "enum" or kind == "literal_error":
        return f"expected one of {ctx.get('expected', '')}"
    return err["msg"].replace("Input should be", "expected")


def validate_model(
    model: type[M], data: Any, name: str, error: type[StridewiseError], prefix: str = ""
) -> M:
    """Validate `data` as `model`; raise `error` with every problem, each naming its field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(describe_validation_error(name, exc, prefix)) from None


def load_mapping(path: Path, model: type[M], error: type[StridewiseError], expected: str) -> M:
    """Read a file that must hold one mapping and validate it as `model`.

    `expected` names the mapping's usual keys for the message when the file holds something else.
    """
    data = read_structured(path, error)
    if not isinstance(data, dict):
        raise error(f"{path}: expected a mapping with {expected}, got {type(data).__name__}")
    return validate_model(model, data, str(path), error)
