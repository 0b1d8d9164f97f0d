"""The compiled lexicon cache changes start-up time only: what it returns is what compiling
gives, and a cache that cannot be read or written is rebuilt or skipped without a word."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys

import pytest

from stridewise.triage.errors import StridewiseError
from stridewise.triage.reading import compiled_cache
from stridewise.triage.reading.compiled import compile_lexicon
from stridewise.triage.reading.compiled_cache import CACHE_ENV, compiled_lexicon
from stridewise.triage.reading.nlp import CommentMatcher, matcher_for
from stridewise.triage.reading.reader import comment_lexicon

SAMPLES = [
    "My achilles is stiff in the morning and sore during runs, 4/10, for 3 weeks.",
    "No chest pain, but my left calf is swollen and hot since the flight home.",
    "My son is 13 and his knee hurts after football, is it growing pains?",
]


@pytest.fixture(scope="module")
def lexicon(kb):
    return comment_lexicon(kb)


@pytest.fixture(scope="module")
def norms(kb, lexicon):
    return matcher_for(lexicon, kb.sha256).norms


@pytest.fixture(scope="module")
def fresh(lexicon, norms):
    return compile_lexicon(lexicon, norms)


def test_patterns_read_back_from_the_cache_equal_freshly_compiled_ones(
    lexicon, norms, fresh, tmp_path, monkeypatch
):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    assert compiled_lexicon(lexicon, norms, "test") == fresh
    assert len(list(tmp_path.glob("lexicon-*.sqlite"))) == 1

    def no_compiling(*args):
        raise AssertionError("compiled again despite the cache")

    monkeypatch.setattr(compiled_cache, "compile_lexicon", no_compiling)
    assert compiled_lexicon(lexicon, norms, "test") == fresh


def test_an_unwritable_cache_folder_is_skipped_silently(
    lexicon, norms, fresh, tmp_path, monkeypatch
):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    assert compiled_lexicon(lexicon, norms, "test") == fresh


def _damage_meta(path, key, eager):
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE meta SET key = ?, eager = ?", (key, eager))


@pytest.mark.parametrize(
    "damage",
    [
        lambda path, key: path.write_text(""),
        lambda path, key: path.write_text("{not json"),
        lambda path, key: _damage_meta(path, "another key", "{}"),
        lambda path, key: _damage_meta(path, key, "{not json"),
        lambda path, key: _damage_meta(path, key, '{"unkeyed": 5}'),
    ],
    ids=["empty", "not a database", "another key", "eager not json", "eager wrong shape"],
)
def test_a_damaged_cache_file_is_rebuilt(lexicon, norms, fresh, tmp_path, monkeypatch, damage):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    compiled_lexicon(lexicon, norms, "test")
    (cached,) = tmp_path.glob("lexicon-*.sqlite")
    key = compiled_cache.cache_key(lexicon, "test")
    damage(cached, key)
    assert compiled_lexicon(lexicon, norms, "test") == fresh
    assert compiled_cache.load(cached, key) == fresh


def test_a_damaged_row_read_later_is_a_clear_error_naming_the_file(
    lexicon, norms, tmp_path, monkeypatch
):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    compiled_lexicon(lexicon, norms, "test")
    (cached,) = tmp_path.glob("lexicon-*.sqlite")
    with contextlib.closing(sqlite3.connect(cached)) as connection, connection:
        connection.execute("UPDATE keyed SET entry = '[5' WHERE word = 'knee'")
    stored = compiled_cache.load(cached, compiled_cache.cache_key(lexicon, "test"))
    with pytest.raises(StridewiseError, match="compiled lexicon cache is damaged") as raised:
        stored.keyed.get("knee")
    assert str(cached) in str(raised.value)
    assert stored.keyed.get("calf") is not None


def test_a_matcher_loads_only_the_words_its_comments_hold(lexicon, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    CommentMatcher(lexicon)  # fills the cache
    matcher = CommentMatcher(lexicon)
    words = set(matcher.read(SAMPLES[0]).tokens)
    loaded = {matcher.nlp.vocab.strings[n] for n in matcher._targets._loaded}
    assert loaded == words
    assert len(loaded) * 20 < len(
        compiled_cache.compiled_lexicon(lexicon, matcher.norms, "x").keyed
    )


def test_another_lexicon_or_tokenizer_gets_another_key(lexicon):
    changed = lexicon.model_copy(update={"injury_words": (*lexicon.injury_words, "zzzz")})
    keys = {
        compiled_cache.cache_key(lexicon, "spacy 3.7.5"),
        compiled_cache.cache_key(changed, "spacy 3.7.5"),
        compiled_cache.cache_key(lexicon, "spacy 3.8.0"),
    }
    assert len(keys) == 3


def test_an_empty_cache_setting_turns_the_cache_off(lexicon, norms, fresh, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert compiled_lexicon(lexicon, norms, "test") == fresh
    assert list(tmp_path.rglob("*")) == []


def test_a_matcher_built_from_the_cache_reads_as_one_built_without_it(
    kb, lexicon, tmp_path, monkeypatch
):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    CommentMatcher(lexicon)  # fills the cache
    from_cache = CommentMatcher(lexicon)
    monkeypatch.setenv(CACHE_ENV, "")
    uncached = matcher_for(lexicon, kb.sha256)
    assert [from_cache.read(t) for t in SAMPLES] == [uncached.read(t) for t in SAMPLES]


def test_reading_does_not_import_quickumls_or_nltk_yet_quickumls_still_imports_after():
    code = (
        "import sys\n"
        "from stridewise.triage.reading.reader import read_comment\n"
        "read_comment('my knee hurts')\n"
        "print(sorted(m for m in ('quickumls', 'nltk') if m in sys.modules))\n"
        "import quickumls\n"
        "print(hasattr(quickumls, 'QuickUMLS'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["[]", "True"]


def test_the_cache_keeps_only_the_newest_compiled_lexicons(lexicon, norms, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    for n in range(compiled_cache.KEEP_CACHED + 3):
        older = tmp_path / f"lexicon-old{n}.json"
        older.write_text("{}")
        os.utime(older, (n, n))
    compiled_lexicon(lexicon, norms, "test")
    kept = sorted(f.name for f in tmp_path.glob("lexicon-*.*"))
    assert len(kept) == compiled_cache.KEEP_CACHED
    assert "lexicon-old0.json" not in kept
    assert any(not name.startswith("lexicon-old") for name in kept)
