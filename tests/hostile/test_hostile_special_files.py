"""Special files: a FIFO, /dev/zero, a folder or endless stdin is refused at once, never read whole
(exit 2); a symlinked file's error never quotes the target's content."""

from __future__ import annotations

import os

import pytest
from hostile_cli import run_cli, write

from stridewise.triage import InvalidInput
from stridewise.triage.engine.strict_load import read_limited


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


COMMANDS = {
    "answers": lambda p: ("triage", "--answers", str(p)),
    "comment": lambda p: ("reply", str(p)),
    "inbox": lambda p: ("reply", "--batch", str(p), "--out", str(p) + ".md"),
    "coach": lambda p: ("reply", "-", "--coach", str(p)),
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=list(COMMANDS))
def test_a_fifo_is_refused_without_waiting_for_a_writer(fifo, command):
    target = fifo.with_suffix(".csv") if command(fifo)[1] == "--batch" else fifo
    if target != fifo:
        os.mkfifo(target)
    result = run_cli(*command(target), stdin=b"My knee hurts.")
    assert result.exit_code == 2
    assert f"{target}: cannot read the file (not a regular file)" in result.stderr


@pytest.mark.parametrize("command", COMMANDS.values(), ids=list(COMMANDS))
def test_dev_zero_is_refused_as_not_a_regular_file(command):
    result = run_cli(*command("/dev/zero"), stdin=b"My knee hurts.")
    assert result.exit_code == 2
    assert "/dev/zero: " in result.stderr


def test_an_endless_stdin_is_read_only_to_the_limit_plus_one_byte():
    class Endless:
        def __init__(self) -> None:
            self.asked: list[int] = []

        def read(self, size: int = -1) -> bytes:
            assert size > 0, "stdin was read without a limit"
            self.asked.append(size)
            return b"a" * size

    stream = Endless()
    from stridewise.triage.engine.strict_load import read_stream

    with pytest.raises(InvalidInput, match="over 100 bytes"):
        read_stream(stream, "<stdin>", 100, InvalidInput)
    assert stream.asked == [101]


def test_a_huge_comment_on_stdin_exits_2():
    result = run_cli("reply", "-", stdin=b"my knee hurts " * 20_000)
    assert result.exit_code == 2
    assert "<stdin>: the file is over 100,000 bytes" in result.stderr


def test_read_limited_refuses_a_folder(tmp_path):
    with pytest.raises(InvalidInput, match="a folder"):
        read_limited(tmp_path, 10, InvalidInput)


def test_an_error_on_a_symlinked_file_never_quotes_the_targets_content(tmp_path):
    secret = write(tmp_path, "secret.yaml", "complaints: []\npassword: hunter2-secret\n")
    link = tmp_path / "answers.yaml"
    link.symlink_to(secret)
    result = run_cli("triage", "--answers", str(link))
    assert result.exit_code == 2
    assert f"{link}: password: is not a known field" in result.stderr
    assert "hunter2" not in result.stderr
