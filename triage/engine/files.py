"""Reads YAML and JSON files safely and turns validation errors into lines naming file and field.

Shared by the answers loader and the knowledge-base loader; it knows nothing of their content.
"""

from __future__ import annotations

import json
import os
import tempfile
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import StridewiseError
from .strict_load import DuplicateKey, duplicate_line, json_load, read_limited, yaml_load

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 2_000_000
MAX_NESTING = 20
MAX_VALUES = 200_000


def read_structured(path: Path, error: type[StridewiseError]) -> Any:
    """Parse a .json, .yaml or .yml file with a safe loader; raise `error` naming the file."""
    raw = read_limited(path, MAX_FILE_BYTES, error)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(
            f"{path}: expected UTF-8 text, found an undecodable byte at {exc.start}."
        ) from None
    return parse_text(text, str(path), json_only=path.suffix.lower() == ".json", error=error)


def parse_text(text: str, name: str, *, json_only: bool, error: type[StridewiseError]) -> Any:
    """Parse JSON, or YAML (a superset of JSON) with a safe loader: no object construction."""
    if not text.strip():
        raise error(f"{name}: the file is empty; expected a YAML or JSON mapping.")
    try:
        data = json_load(text) if json_only else yaml_load(text)
    except DuplicateKey as exc:
        line = duplicate_line(text, exc.key)
        raise error(f"{name}: duplicate key {exc.key!r} (line {line}); keep one of them.") from None
    except json.JSONDecodeError as exc:
        raise error(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except yaml.constructor.ConstructorError as exc:
        raise error(_constructor_message(name, exc)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or "could not parse"
        raise error(f"{name}: not valid YAML{where}: {problem}.") from None
    except ValueError as exc:  # json: an integer beyond Python's 4,300-digit limit
        raise error(f"{name}: a number of more than 4,300 digits; too long ({exc}).") from None
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


def _constructor_message(name: str, exc: yaml.constructor.ConstructorError) -> str:
    mark, problem = exc.problem_mark, exc.problem or "could not read a value"
    if problem.startswith("duplicate key"):
        return f"{name}: {problem} (line {mark.line + 1}); keep one of them."
    if "not a plain number" in problem or "digits is too long" in problem:
        return f"{name}: line {mark.line + 1}: {problem}."
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
    return f"{name}: not valid YAML{where}: {problem}."


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


def describe_validation_error(
    name: str, exc: ValidationError, prefix: str = "", *, quote: bool = True
) -> list[str]:
    """One line per problem: `file: field: expected ..., got ...` (no `got` when not `quote`)."""
    lines = []
    for err in exc.errors(include_url=False):
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        field = format_location([*([prefix] if prefix else []), *loc])
        got = err.get("input")
        shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
        if len(shown) > 60:
            shown = shown[:57] + "..."
        message = _plain_message(err)
        lines.append(f"{name}: {field}: {message}" + (f", got {shown}" if quote else ""))
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
    model: type[M],
    data: Any,
    name: str,
    error: type[StridewiseError],
    prefix: str = "",
    *,
    quote: bool = True,
) -> M:
    """Validate `data` as `model`; raise `error` with every problem, each naming its field.

    A yes/no value where a number belongs is refused: pydantic would read true as 1.
    """
    booleans = [
        f"{name}: {format_location([*([prefix] if prefix else []), *loc])}: "
        "expected a number, got a yes/no value"
        for loc in _booleans_as_numbers(model, data, ())
    ]
    try:
        validated = model.model_validate(data)
    except ValidationError as exc:
        lines = describe_validation_error(name, exc, prefix, quote=quote)
        raise error([*booleans, *lines]) from None
    if booleans:
        raise error(booleans)
    return validated


_NUMBERS = (int, float)


def _booleans_as_numbers(
    model: type[BaseModel], data: Any, loc: tuple[str | int, ...]
) -> Iterator[tuple[str | int, ...]]:
    """Where `data` holds true/false for a field whose type is a number."""
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        info = model.model_fields.get(key) if isinstance(key, str) else None
        if info is None:
            continue
        options = _options(info.annotation)
        if isinstance(value, bool) and any(o in _NUMBERS for o in options):
            yield (*loc, key)
        for option in options:
            inner = typing.get_args(option) if typing.get_origin(option) is tuple else ()
            if _is_model(option):
                yield from _booleans_as_numbers(option, value, (*loc, key))
            elif inner and _is_model(inner[0]) and isinstance(value, list):
                for index, item in enumerate(value):
                    yield from _booleans_as_numbers(inner[0], item, (*loc, key, index))


def _options(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def load_mapping(path: Path, model: type[M], error: type[StridewiseError], expected: str) -> M:
    """Read a file that must hold one mapping and validate it as `model`.

    `expected` names the mapping's usual keys for the message when the file holds something else.
    """
    data = read_structured(path, error)
    if not isinstance(data, dict):
        raise error(f"{path}: expected a mapping with {expected}, got {type(data).__name__}")
    # Through a symlink the file may be anything (a key file, /etc/shadow): never quote it.
    return validate_model(model, data, str(path), error, quote=not path.is_symlink())


def write_atomic(path: Path, text: str, error: type[StridewiseError]) -> None:
    """Write `text` to a temporary file beside `path`, fsync it, then rename it over `path`.

    A full disk or a kill leaves the old file whole; no temporary file is left behind.
    """
    with atomic_writer(path, error) as write:
        write(text)


@contextmanager
def atomic_writer(path: Path, error: type[StridewiseError]) -> Iterator[Callable[[str], None]]:
    """A `write(text)` that appends to a temporary file beside `path`; when the block ends
    without an error the file is fsynced and renamed over `path`, otherwise it is removed.

    A full disk or a kill leaves the old file whole; no temporary file is left behind.
    """

    def cannot_write(exc: OSError) -> StridewiseError:
        return error(f"{path}: cannot write the file ({exc.strerror or exc}).")

    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    except OSError as exc:
        raise cannot_write(exc) from None

    def write(text: str) -> None:
        data = text.encode("utf-8")
        try:
            with memoryview(data) as view:
                written = 0
                while written < len(data):
                    written += os.write(fd, view[written:])
        except OSError as exc:
            raise cannot_write(exc) from None

    try:
        yield write
        try:
            os.fsync(fd)
            os.close(fd)
            fd = -1
            os.replace(temporary, path)
        except OSError as exc:
            raise cannot_write(exc) from None
    except BaseException:
        if fd >= 0:
            os.close(fd)
        os.unlink(temporary)
        raise


def refuse_overwriting_inputs(
    out: Path, inputs: Sequence[Path], error: type[StridewiseError]
) -> None:
    """Refuse an output path that names one of the inputs (also through a link)."""
    for source in inputs:
        if out.resolve() == source.resolve() or (
            out.exists() and source.exists() and os.path.samefile(out, source)
        ):
            raise error(f"{out}: --out is the same file as an input ({source}); choose another.")
