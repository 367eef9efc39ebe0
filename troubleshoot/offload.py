"""The search fallback of `diagnose`, on a second CPU for a long log.

`diagnose` tells the fallback of every line of the log and whether a documented message
matched it. Reading those lines (search.QueryLines) costs a few microseconds a line, and
the site's search index has to be built before it can be searched: on a long log, a third
of the command's time. Where the machine has a second CPU and the log is long (BATCH
lines or more), a child process does both while the command goes on matching: it is sent
the lines in batches with their flags, builds the index while it waits for the next, and
answers with the related pages at the end. A short log, or a machine with one CPU, is
read in this process. The pages are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterable
from pathlib import Path

from . import search

BATCH = 1 << 14  # lines a message carries; a shorter log never starts a child


class FallbackError(Exception):
    """The child process failed; the message says how."""


class SearchFallback:
    """The lines no documented message matched → the pages the site's search lists for
    them (search.related), for a log read line by line."""

    def __init__(self, index: search.SearchIndex, parallel: bool | None = None):
        """`index`: loaded from its file (SearchIndex.load), which a child reads again."""
        self.index = index
        self.parallel = (os.cpu_count() or 1) > 1 if parallel is None else parallel
        self.query = search.QueryLines(errors_only=True)  # used when there is no child
        self.batch: list[str] = []
        self.flags = bytearray()
        self.child = None
        self.to_child = self.from_child = None

    def take(self, raw: str, matched: bool) -> None:
        """The log's next line; `matched`: some documented message matched it."""
        self.batch.append(raw)
        self.flags.append(matched)
        if len(self.batch) >= BATCH:
            self._flush()

    def related(self, exclude: Iterable[str], lines: list[str] | None = None) -> list[str]:
        """search.related() for the kept lines of the log, or for `lines` if given (a
        single line is searched as it is), leaving out the pages in `exclude`."""
        exclude = list(exclude)
        self._flush()
        if self.child is None:
            return _related(self.query, self.index, exclude, lines)
        self._send(("end", exclude, lines))
        try:
            outcome, value = self.from_child.recv()
        except EOFError:
            outcome, value = "failed", "it ended without an answer"
        self.child.join()
        self.child = None
        if outcome == "failed":
            raise FallbackError(value)
        return value

    def _flush(self) -> None:
        if not self.batch:
            return
        if self.child is None and self.parallel and len(self.batch) >= BATCH:
            self._start()
        if self.child is not None:
            self._send(("lines", self.batch, bytes(self.flags)))
        else:
            for raw, matched in zip(self.batch, self.flags, strict=True):
                self.query.take(raw, bool(matched))
        self.batch, self.flags = [], bytearray()

    def _send(self, message: tuple) -> None:
        if self.to_child is None:
            return  # the child has stopped reading: its answer says why
        try:
            self.to_child.send(message)
        except (BrokenPipeError, ConnectionResetError):
            self.to_child = None

    def _start(self) -> None:
        context = multiprocessing.get_context()
        batches_in, batches_out = context.Pipe(duplex=False)
        answer_in, answer_out = context.Pipe(duplex=False)
        child = context.Process(
            target=_child,
            args=(self.index.source, batches_in, batches_out, answer_out),
            daemon=True,  # ended with the command, however it ends
            name="diagnose-search-fallback",
        )
        try:
            child.start()
        except OSError:  # no process to be had here: all in this one
            self.parallel = False
            return
        batches_in.close()
        answer_out.close()
        self.child, self.to_child, self.from_child = child, batches_out, answer_in


def _related(query: search.QueryLines, index, exclude: list[str], lines) -> list[str]:
    lines = query.lines() if lines is None else lines
    if not search.normalise("\n".join(lines)):
        return []  # nothing left to search for
    return search.related(lines, index, exclude=exclude)


def _child(index_path: str, batches, batches_sender, answer) -> None:
    # Ctrl-C is the command's to report; the child just goes when the command does.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    batches_sender.close()  # a forked child holds the sending end too: EOF needs it closed
    try:
        query = search.QueryLines(errors_only=True)
        index = search.SearchIndex.load(Path(index_path))
        built = False
        while True:
            if not built and not batches.poll():
                index.index  # noqa: B018 (built while there is nothing else to do)
                built = True
            message = batches.recv()
            if message[0] == "end":
                break
            _, lines, flags = message
            for raw, matched in zip(lines, flags, strict=True):
                query.take(raw, bool(matched))
        _, exclude, lines = message
        answer.send(("pages", _related(query, index, exclude, lines)))
    except (EOFError, BrokenPipeError):
        pass  # the command has gone: nobody to tell
    except Exception as error:  # noqa: BLE001 (told to the command, which says it)
        answer.send(("failed", f"{type(error).__name__}: {error}"))
