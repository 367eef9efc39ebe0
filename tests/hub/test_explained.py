"""The scenarios' check that every warning or error of JupyterHub's or the proxy's own code
finds an answer (tests/hub/explained.py), on log text alone."""

from __future__ import annotations

import json

import pytest

from tests.hub import explained
from troubleshoot import matcher, reference

TIME = "2026-12-07 11:00:00.123"


class LogsOnly:
    """What the check reads of a hub: its release, its log, its single-user logs."""

    name = "hub"
    container = object()

    def __init__(self, log: str, singleuser: str = "", version: str | None = None):
        self.jupyterhub_version = version or reference.matrix_releases("jupyterhub")[-1]
        self._log, self._singleuser = log, singleuser

    def log(self) -> str:
        return self._log

    def singleuser_logs(self) -> dict[str, str]:
        return {"alice": self._singleuser}


def explained_message() -> str:
    message = next(m for m in matcher.load_signatures()["messages"] if m["package"] == "jupyterhub")
    return f"[W {TIME} JupyterHub app:1] " + message["text"].replace("{}", "x")


UNKNOWN = f"[E {TIME} JupyterHub app:3380] a message no release of JupyterHub prints"


def test_a_message_of_the_reference_passes_and_an_unknown_one_is_named():
    assert explained.unexplained_lines(LogsOnly(explained_message())) == []
    assert explained.unexplained_lines(LogsOnly(UNKNOWN)) == [UNKNOWN]
    singleuser = f"[E {TIME} JupyterHubSingleUser] nothing like this is printed"
    assert explained.unexplained_lines(LogsOnly("", singleuser)) == [singleuser]
    proxy = "2026-12-07T11:00:00.000Z [ConfigProxy] error: something new"
    # the proxy's request-error message takes any text after "error:": explained
    assert explained.unexplained_lines(LogsOnly(proxy)) == []


def test_other_programs_lines_and_quiet_levels_are_left_out():
    others = [
        f"[I {TIME} JupyterHub app:3380] a message no release prints, at info",
        f"[W {TIME} JupyterHub log:192] 403 GET /hub/login (@127.0.0.1) 2.00ms",
        f"[E {TIME} JupyterHub web:1873] Uncaught exception GET /hub/x",
        f"[W {TIME} JupyterHub dockerspawner:1200] a plug-in's warning",
        f"[W {TIME} JupyterHub spawner:2900] kubespawner's module shares JupyterHub's name",
        f"[W {TIME} JupyterHub proxy:285] Traefik API username was not set.",  # traefik-proxy
        f"[W {TIME} ServerApp] Jupyter Server's own warning",
    ]
    assert explained.unexplained_lines(LogsOnly("\n".join(others))) == []
    # a release outside the reference's matrix is not checked
    assert explained.unexplained_lines(LogsOnly(UNKNOWN, version="3.1.1")) == []


def test_a_message_on_the_next_line_is_read_there():
    """`log.exception("")` before its traceback, and a message that starts with a line
    break (its text on the next line)."""
    # as tornado's LogFormatter writes it: the prefix alone, the traceback indented
    exception = (
        f"[E {TIME} JupyterHub app:4090]\n    Traceback (most recent call last):\n      File"
    )
    assert explained.unexplained_lines(LogsOnly(exception)) == []
    text = explained_message().split("] ", 1)[1]
    assert explained.unexplained_lines(LogsOnly(f"[W {TIME} JupyterHub base:1]\n  {text}")) == []
    # JupyterHub 6.1's app.py: a dedented text whose telling line is its third.
    several = (
        f"[W {TIME} JupyterHub app:2249] \nYou can set\n    c.Authenticator.delete_invalid_users"
        " = True\nto automatically delete users from the Hub database that no longer pass\n"
    )
    assert explained.unexplained_lines(LogsOnly(several)) == []
    # configurable-http-proxy's request log: the level follows the status (warn for 4xx)
    request = "2026-12-07T11:00:00.000Z [ConfigProxy] warn: 404 DELETE /api/routes/user/you "
    assert explained.unexplained_lines(LogsOnly(request)) == []
    unknown = f"[W {TIME} JupyterHub base:1899] \n    nothing like this is printed"
    assert explained.unexplained_lines(LogsOnly(unknown)) == [
        f"[W {TIME} JupyterHub base:1899]  nothing like this is printed"
    ]


def test_the_check_fails_naming_the_line_or_records_it(tmp_path, monkeypatch):
    monkeypatch.delenv("HUB_UNEXPLAINED_LOG", raising=False)
    with pytest.raises(AssertionError, match="a message no release of JupyterHub prints"):
        explained.check_hubs([LogsOnly(UNKNOWN)], "test_x")
    survey = tmp_path / "survey.jsonl"
    monkeypatch.setenv("HUB_UNEXPLAINED_LOG", str(survey))
    explained.check_hubs([LogsOnly(UNKNOWN)], "test_x")
    assert json.loads(survey.read_text())["line"] == UNKNOWN
