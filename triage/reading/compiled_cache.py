"""Keeps the compiled lexicon in a user cache, so that a reader loads only the words it needs.

Compiling tokenizes every phrase, and loading all of it back costs more than reading a comment.
The patterns depend only on the lexicon, the tokenizer (spaCy's version) and this code, so
they are stored under a hash of the three in an SQLite file with one row per first word: a
single reply reads the few rows of the words its comment holds. The cache never changes what
is compiled: a missing, unreadable or stale file is rebuilt, an unwritable folder is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import StridewiseError
from . import compiled as compiled_module
from . import lexicon as lexicon_module
from .compiled import CompiledLexicon, Keyed, compile_lexicon
from .lexicon import Lexicon, Pattern, Tokenize

CACHE_ENV = "STRIDEWISE_CACHE_DIR"  # where the cache lives; "" turns it off
KEEP_CACHED = 8  # compiled lexicons kept, newest first
_SCHEMA = """
CREATE TABLE meta (key TEXT NOT NULL, eager TEXT NOT NULL);
CREATE TABLE keyed (word TEXT PRIMARY KEY, entry TEXT NOT NULL);
"""


def compiled_lexicon(lexicon: Lexicon, norms: Tokenize, tokenizer: str) -> CompiledLexicon:
    """The lexicon's patterns, from the cache when it holds them for this lexicon, tokenizer
    (named by `tokenizer`, such as spaCy's version) and code; else compiled and stored."""
    try:
        key = cache_key(lexicon, tokenizer)
    except OSError:  # this code's own files cannot be read (a zipped install): no cache
        return compile_lexicon(lexicon, norms)
    path = _cache_file(key)
    found = load(path, key) if path else None
    if found is not None:
        return found
    fresh = compile_lexicon(lexicon, norms)
    if path:
        _store(path, key, fresh)
    return fresh


def cache_key(lexicon: Lexicon, tokenizer: str) -> str:
    """A hash of the lexicon, the tokenizer and the code that compiles and stores phrases."""
    digest = hashlib.sha256(f"{tokenizer}\0".encode())
    for module in (lexicon_module.__file__, compiled_module.__file__, __file__):
        digest.update(Path(module).read_bytes())
    digest.update(lexicon.model_dump_json().encode())
    return digest.hexdigest()


def cache_dir() -> Path | None:
    """$STRIDEWISE_CACHE_DIR, else $XDG_CACHE_HOME/stridewise, else ~/.cache/stridewise;
    None when STRIDEWISE_CACHE_DIR is empty or there is no home folder."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        return Path(base) / "stridewise" if base else Path.home() / ".cache" / "stridewise"
    except RuntimeError:  # no home folder
        return None


def _cache_file(key: str) -> Path | None:
    folder = cache_dir()
    return folder / f"lexicon-{key[:24]}.sqlite" if folder else None


class StoredKeyed(Mapping[str, Keyed]):
    """The keyed patterns of a cache file, read a word at a time as comments need them."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self._path = path

    def __getitem__(self, word: str) -> Keyed:
        try:
            row = self._connection.execute(
                "SELECT entry FROM keyed WHERE word = ?", (word,)
            ).fetchone()
            if row is None:
                raise KeyError(word)
            return _keyed(json.loads(row[0]))
        except (sqlite3.Error, ValueError, TypeError) as error:
            raise StridewiseError(
                f"{self._path}: the compiled lexicon cache is damaged ({error}); delete the "
                "file and run again"
            ) from error

    def __iter__(self) -> Iterator[str]:
        return (word for (word,) in self._connection.execute("SELECT word FROM keyed"))

    def __len__(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM keyed").fetchone()[0])


def load(path: Path, key: str) -> CompiledLexicon | None:
    """The compiled lexicon stored at `path` under `key`, or None when it cannot be used.
    Only the patterns every comment needs are read now; the keyed ones on demand."""
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        row = connection.execute("SELECT key, eager FROM meta").fetchone()
        if row is None or row[0] != key:
            raise ValueError("another lexicon")
        eager = json.loads(row[1])
        return CompiledLexicon(
            unkeyed=tuple((str(name), _pattern(p)) for name, p in eager["unkeyed"]),
            keyed=StoredKeyed(connection, path),
            triggers=tuple((int(i), str(p), _pattern(pt)) for i, p, pt in eager["triggers"]),
            known=frozenset(map(str, eager["known"])),
            stems=tuple(map(str, eager["stems"])),
            fuzzy=tuple(map(str, eager["fuzzy"])),
        )
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        connection.close()
        return None


def _keyed(entry: Any) -> Keyed:
    patterns, sequences = entry
    return Keyed(
        patterns=tuple((str(name), _pattern(p)) for name, p in patterns),
        sequences=tuple((str(name), tuple(map(str, words))) for name, words in sequences),
    )


def _pattern(value: Any) -> Pattern:
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise TypeError("a pattern is a list of token specs")
    return value


def _store(path: Path, key: str, compiled: CompiledLexicon) -> None:
    eager = {
        "unkeyed": compiled.unkeyed,
        "triggers": compiled.triggers,
        "known": sorted(compiled.known),
        "stems": compiled.stems,
        "fuzzy": compiled.fuzzy,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".lexicon-", suffix=".tmp")
        os.close(handle)
    except OSError:
        return
    try:
        with contextlib.closing(sqlite3.connect(temporary)) as connection, connection:
            connection.executescript(_SCHEMA)
            connection.execute("INSERT INTO meta VALUES (?, ?)", (key, json.dumps(eager)))
            connection.executemany(
                "INSERT INTO keyed VALUES (?, ?)",
                (
                    (word, json.dumps([entry.patterns, entry.sequences]))
                    for word, entry in compiled.keyed.items()
                ),
            )
        os.replace(temporary, path)
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    _prune(path.parent)


def _prune(folder: Path) -> None:
    """Keep the newest few compiled lexicons (one per lexicon edit would pile up); files of
    the older JSON format go the same way."""
    with contextlib.suppress(OSError):
        files = sorted(folder.glob("lexicon-*.*"), key=lambda f: f.stat().st_mtime)
        for old in files[:-KEEP_CACHED]:
            old.unlink(missing_ok=True)
