"""Reading a log the way an operator hands it over: a file, `-`, a pipe or process
substitution (`<(journalctl -u jupyterhub)`), gzip-compressed or not, of any size.

Lines come out one at a time, split where the matcher's rules split them (Python's
str.splitlines()), so a 200 MB log is read with flat memory. Input that is no log (a
directory, a binary file, nothing at all) is a `LogError`: one line naming the input and
what to do instead.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import sys
from collections.abc import Callable, Iterator
from typing import BinaryIO

CHUNK = 1 << 20  # bytes read at a time
GZIP_MAGIC = b"\x1f\x8b"


class LogError(Exception):
    """Input that is not a readable text log; the message is one line for the user."""


def open_log(name: str) -> BinaryIO:
    """The raw bytes of `name` ("-": standard input), decompressed when gzip."""
    if name == "-":
        raw: BinaryIO = sys.stdin.buffer
    else:
        if os.path.isdir(name):
            raise LogError(f"{name}: is a directory; give a log file, or - to read standard input")
        try:
            # Not only regular files: pipes, /dev/stdin and <(command) are read the same way.
            raw = open(name, "rb")  # noqa: SIM115 (the caller closes it)
        except FileNotFoundError:
            raise LogError(f"{name}: no such file") from None
        except PermissionError:
            raise LogError(f"{name}: permission denied; run as a user who may read it") from None
        except OSError as error:
            raise LogError(f"{name}: cannot be read: {error.strerror or error}") from None
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=buffered)  # type: ignore[return-value]
    return buffered


def read_lines(
    name: str,
    line_break: re.Pattern[str],
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[str]:
    """The lines of the log `name`, split by `line_break` (a final break ends the last
    line); raises LogError for binary or empty input. `on_progress(bytes_read)` after each
    chunk."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    carry, seen_text, total = "", False, 0
    with open_log(name) as source:
        while True:
            try:
                chunk = source.read(CHUNK)
            except (OSError, EOFError) as error:  # a truncated or corrupt .gz
                raise LogError(f"{name}: cannot be read: {error}") from None
            total += len(chunk)
            if total == len(chunk) and b"\0" in chunk[:8192]:
                raise LogError(
                    f"{name}: looks binary, not a text log; give the log file itself "
                    "(gzip-compressed logs are read as they are)"
                )
            text = carry + decoder.decode(chunk, final=not chunk)
            seen_text = seen_text or bool(text.strip())
            if not chunk:
                break
            # "\r\n" may be cut between two chunks: keep a final "\r" for the next one.
            hold = "\r" if text.endswith("\r") else ""
            lines = line_break.split(text[: len(text) - len(hold)])
            carry = lines.pop() + hold
            yield from lines
            if on_progress:
                on_progress(total)
    if not seen_text:
        raise LogError(f"{name}: is empty; paste or give the log that shows the problem")
    lines = line_break.split(text)
    if lines[-1] == "":
        lines.pop()
    yield from lines
