"""proxy/proxy-bind-ip-wrong (legacy): `ip = '*'`, the 2016 advice's suspect, today starts
the hub with a warning; the page's other spellings start it without one."""

from __future__ import annotations

import shlex

import pytest

from tests.hub.sections import exec_section, fragment, section
from tests.hub.user_client import assert_login_page_answers

pytestmark = pytest.mark.scenario

BROKEN = fragment("proxy/proxy-bind-ip-wrong/broken.py")


@pytest.mark.reproduces("proxy-bind-ip-wrong", "interpreting-star", "starting-proxy-star")
def test_ip_star_starts_today_with_a_warning(hub_factory, symptoms):
    hub = hub_factory([BROKEN]).start()
    symptoms.all_seen(hub.observed())
    assert_login_page_answers(hub)

    # The page's spellings of what '*' means: no warning, and the login page answers.
    for fix in ("proxy/proxy-bind-ip-wrong/fix.py", "proxy/port-bind-errors/ipv4.py"):
        hub.reconfigure([BROKEN, fragment(fix)])
        hub.restart()
        symptoms.all_gone(hub.observed(run=-1))
        check = exec_section(hub, "proxy/chp-missing-or-broken/verify.sh", "verify")
        assert check.stdout.strip() == "200", f"{fix}: {check.stdout}{check.stderr}"
        assert_login_page_answers(hub)

    # The command-line spelling: its options after `-f <config>`, given to a hub whose config
    # still says '*' (the command line wins).
    (cmd,) = [
        ln
        for ln in section("proxy/proxy-bind-ip-wrong/fix.sh", "cli").splitlines()
        if ln.startswith("jupyterhub ")
    ]
    words = shlex.split(cmd)[1:]
    args = [w for i, w in enumerate(words) if w != "-f" and (i == 0 or words[i - 1] != "-f")]
    assert args == ["--ip=0.0.0.0"], cmd
    cli = hub_factory([BROKEN], args=args).start()
    symptoms.all_gone(cli.observed(run=-1))
    assert_login_page_answers(cli)
