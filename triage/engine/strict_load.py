"""Strict parsing of YAML and JSON text: bounded reads, YAML 1.2 core scalars, no duplicate keys.

YAML 1.1 turns `yes` into true, `1:30` into 90 and `010` into 8; here only YAML 1.2's core
forms are numbers and booleans, and the forms that other tools read differently are refused.
It parses and reads bytes; it knows nothing of what the data means.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

import yaml

from ..errors import StridewiseError

MAX_INT_DIGITS = 4_300  # Python's own limit for turning text into an int

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(
    r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$"
)
# Plain scalars that YAML 1.1 tools read as numbers (base 60, octal, hex, binary, underscores).
_AMBIGUOUS = re.compile(
    r"^[-+]?([0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|0[0-9_]+|0[xob][0-9a-fA-F_]+|"
    r"[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?)$"
)
_AMBIGUOUS_TAG = "tag:stridewise,2024:ambiguous-number"


class StrictLoader(_BASE):  # type: ignore[misc, valid-type]
    """A safe loader that resolves only YAML 1.2 core scalars and refuses duplicate keys."""

    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # the base class refuses unhashable keys with its own message
            key = self.construct_object(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_strict_int(self, node: yaml.ScalarNode) -> int:
        digits = node.value.lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:
            raise yaml.constructor.ConstructorError(
                None, None, f"a number of {len(digits):,} digits is too long", node.start_mark
            )
        return int(node.value)

    def construct_ambiguous(self, node: yaml.ScalarNode) -> Any:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"{node.value!r} is not a plain number (some tools read it as a time, octal or hex "
            "number); write a plain decimal number, or quote it as text",
            node.start_mark,
        )


# First match wins, so the forms other tools read differently are caught before int and float.
for _tag, _pattern, _first in (
    (_AMBIGUOUS_TAG, _AMBIGUOUS.pattern, list("-+0123456789")),
    ("tag:yaml.org,2002:null", r"^(~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", _INT.pattern, list("-+0123456789")),
    ("tag:yaml.org,2002:float", _FLOAT.pattern, list("-+0123456789.")),
    ("tag:yaml.org,2002:merge", r"^<<$", ["<"]),
):
    StrictLoader.add_implicit_resolver(_tag, re.compile(_pattern), _first)
StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_strict_int)
StrictLoader.add_constructor(_AMBIGUOUS_TAG, StrictLoader.construct_ambiguous)


def yaml_load(text: str) -> Any:
    """Parse YAML with StrictLoader; yaml.YAMLError on any problem."""
    return yaml.load(text, Loader=StrictLoader)


class DuplicateKey(ValueError):
    """A JSON object names one key twice."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKey(key)
        seen[key] = value
    return seen


def json_load(text: str) -> Any:
    """Parse JSON refusing duplicate keys (DuplicateKey) and over-long integers (ValueError)."""
    return json.loads(text, object_pairs_hook=_unique_pairs)


def duplicate_line(text: str, key: str) -> int:
    """The line where `key` appears as a JSON key for the second time (1 if not found)."""
    starts = [m.start() for m in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
    if len(starts) < 2:
        starts = [m.start() for m in re.finditer(re.escape(key), text)]
    return text.count("\n", 0, starts[1]) + 1 if len(starts) > 1 else 1


def read_limited(path: Path | str, limit: int, error: type[StridewiseError]) -> bytes:
    """At most `limit` bytes of a regular file, or of stdin for "-"; `error` names the file.

    A FIFO, device or folder is refused before it is opened, so /dev/zero cannot fill memory
    and a FIFO cannot hang the command.
    """
    if str(path) == "-":
        return read_stream(sys.stdin.buffer, "<stdin>", limit, error)
    with open_limited(path, limit, error) as stream:
        return read_stream(stream, str(path), limit, error)


def open_limited(path: Path | str, limit: int, error: type[StridewiseError]) -> BinaryIO:
    """A regular file of at most `limit` bytes, opened for reading in binary; `error` names it.

    A FIFO, device or folder is refused before it is opened, a larger file before it is read.
    """
    name = str(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise error(f"{name}: cannot read the file ({exc.strerror or exc}).") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise error(f"{name}: cannot read the file ({kind}).")
    if info.st_size > limit:
        raise error(
            f"{name}: the file is {info.st_size:,} bytes; expected at most {limit:,} bytes."
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise error(f"{name}: cannot read the file ({exc.strerror or exc}).") from None
    stream = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        stream.close()
        raise error(f"{name}: cannot read the file (not a regular file).")
    return stream


def read_stream(stream: BinaryIO, name: str, limit: int, error: type[StridewiseError]) -> bytes:
    """Read at most limit + 1 bytes, refusing the input when that extra byte arrives."""
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        raise error(f"{name}: cannot read the file ({exc.strerror or exc}).") from None
    if len(data) > limit:
        raise error(f"{name}: the file is over {limit:,} bytes; expected at most {limit:,} bytes.")
    return data
