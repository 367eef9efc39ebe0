"""The messages a release prints at warning level or worse, read from its source
(troubleshoot/messages.py): each way JupyterHub writes one, on a module of our own, and on
the real source, where the messages the catalogue quotes must be read as they print."""

from __future__ import annotations

import json
import re

import pytest

from troubleshoot.__main__ import main
from troubleshoot.formats import templates, traces
from troubleshoot.messages import Message, javascript_messages, python_messages, release_messages
from troubleshoot.sources import release_source

MODULE = '''
"""A docstring is never a message."""
import logging
from textwrap import dedent
from tornado import web
from tornado.web import HTTPError

app_log = logging.getLogger("x")


class Thing:
    def run(self, name, code):
        self.log.warning("Server %s is slow", name)
        self.log.warn("old spelling for %s", name)
        app_log.error(f"Failed for {name}: {code}")
        self.app.log.critical("Hub {} died".format(name))
        msg = "Could not start %s" % name
        msg += " because " + code
        self.log.exception(msg)
        self.log.warning(dedent("""
            Deprecated setting.
              Use the other one.
            """))
        self.log.error("\\n".join(["If you upgraded,", "run upgrade-db"]))
        self.log.warning(dedent("""
            Old secret in {0}.
            """).format(name))
        self.log.info("not a warning %s", name)
        warnings.warn("a Python warning, not the log")
        self.log.error(code)
        if code:
            why = f"Invalid name: {name}"
        else:
            why = "Invalid names: {}".format(name)
        raise HTTPError(400, why)
        raise web.HTTPError(403, "User %s may not %s" % (name, code))
        raise HTTPError(400, ("usernames must be str, not %r", type(name)))
        raise HTTPError(code, f"Status {code}")
        raise web.HTTPError(404)
'''


def test_every_way_a_message_is_written_is_read(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "thing.py").write_text(MODULE)
    (tmp_path / "tests").mkdir()  # tests quote messages without printing them
    (tmp_path / "tests" / "test_thing.py").write_text('log.error("only quoted")\n')
    found = [(m.level, m.text, m.status) for m in python_messages(tmp_path)]
    assert found == [
        ("warning", "Server {} is slow", None),
        ("warning", "old spelling for {}", None),
        ("error", "Failed for {}: {}", None),
        ("critical", "Hub {} died", None),
        ("exception", "Could not start {} because {}", None),
        ("warning", "Deprecated setting.\n  Use the other one.", None),
        ("error", "If you upgraded,\nrun upgrade-db", None),
        ("warning", "Old secret in {}.", None),
        ("error", None, None),
        ("http", "Invalid name: {}", 400),
        ("http", "Invalid names: {}", 400),
        ("http", "User {} may not {}", 403),
        ("http", "usernames must be str, not {}", 400),
        ("http", "Status {}", None),
    ]
    assert {m.file for m in python_messages(tmp_path)} == {"pkg/thing.py"}


def test_a_message_prints_on_one_line_with_its_place():
    message = Message("warning", "a\nb {}", "pkg/x.py", 3, 5)
    assert str(message) == "pkg/x.py:3: warning: a\\nb {}"
    assert str(Message("http", None, "pkg/x.py", 9, 9, 404)) == "pkg/x.py:9: http 404: (no text)"


def test_the_command_refuses_a_package_it_cannot_read(capsys):
    assert main(["messages", "left-pad", "1.3.0"]) == 2
    err = capsys.readouterr().err
    assert "left-pad: not a package of pyproject.toml's [tool.troubleshoot.sources]" in err
    assert "jupyterhub" in err and "Traceback" not in err


def test_javascript_log_calls_are_read(tmp_path):
    """winston calls on a receiver named log or logger, at warn or error: a literal with
    util.format's conversions, a template literal, a `+` chain; other values have no text;
    info and debug, other receivers, node_modules and tests are not read."""
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "proxy.js").write_text(
        "function f(req, e) {\n"
        '  this.log.warn("option %s is deprecated, use %s.", a, b);\n'
        "  that.log.error(`Proxy ${req.url} failed`);\n"
        '  log.error("Uncaught Exception: " + e.message);\n'
        "  log.error(e.stack);\n"
        '  log.info("Adding route %s", x);\n'
        '  console.error("not a logger %s", x);\n'
        '  logger.warn(\n    "spans %s lines",\n    n\n  );\n'
        "}\n",
        encoding="utf-8",
    )
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "dep.js").write_text('log.error("a dependency");\n')
    (tmp_path / "lib" / "proxy.test.js").write_text('log.error("a test");\n')
    found = javascript_messages(tmp_path)
    assert [(m.level, m.text, m.line, m.end_line) for m in found] == [
        ("warning", "option {} is deprecated, use {}.", 2, 2),
        ("error", "Proxy {} failed", 3, 3),
        ("error", "Uncaught Exception: {}", 4, 4),
        ("error", None, 5, 5),
        ("warning", "spans {} lines", 8, 11),
    ]
    assert {m.file for m in found} == {"lib/proxy.js"}


@pytest.mark.provenance
def test_the_catalogues_hub_messages_are_read_alike_at_their_calls(catalogue):
    """Each documented message that the provenance check traces to a string of JupyterHub
    6.1.1 inside a log call or an HTTPError: the call's message, as read here, holds that
    string as one of its printed lines. Two readings of the same source agree."""
    root = release_source("jupyterhub", "6.1.1", "pypi")
    calls = python_messages(root)
    strings = templates(root)
    checked, wrong = set(), []
    for entry in catalogue:
        for symptom in entry.symptoms:
            if symptom.program != "jupyterhub" or symptom.format:
                continue
            for template in traces(symptom.message, strings):
                call = next(
                    (m for m in calls if m.file == template.file
                     and m.line <= template.line <= m.end_line and m.text),
                    None,
                )  # fmt: skip
                if call is None:
                    continue  # a string printed some other way (a page, a variable)
                checked.add(f"{entry.id}/{symptom.id}")
                lines = {re.sub(r"(?:\{\})+", "{}", line.strip()) for line in call.text.split("\n")}
                if template.text not in lines:
                    wrong.append(f"{entry.id}/{symptom.id}: {call} lacks {template.text!r}")
    assert len(checked) >= 40, f"only {len(checked)} documented messages were found at a call"
    assert not wrong, "\n".join(wrong)


@pytest.mark.provenance
def test_the_command_lists_a_release_as_json(capsys):
    assert main(["messages", "jupyterhub", "6.1.1", "--json"]) == 0
    found = [Message(**m) for m in json.loads(capsys.readouterr().out)]
    assert found == release_messages("jupyterhub", "6.1.1")
    levels = {m.level for m in found}
    assert levels == {"warning", "error", "exception", "critical", "http"}
