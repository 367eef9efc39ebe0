"""spawners/sudospawner-misconfigured: SudoSpawner on a hub that runs as its own ordinary
account, without the sudoers rule it needs, then with a mediator path that names no file,
then with a link to the mediator in another directory; each fixed as the page says.

The hub container's command runs as root; a test-only fragment makes the hub drop to the
account `rhea` while it reads its configuration, before it opens its database, its cookie
secret or the proxy (as tests/scenarios/auth/test_pam_auth_failure.py does). From then on
the hub is an ordinary process of rhea, as with `User=rhea` in a systemd unit, and calls
the image's real sudo (1.9.13) for each start. The sudoers rule is read by sudo at each
call: the page's rule works without restarting the hub.
"""

from __future__ import annotations

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "sudospawner-misconfigured"
FOLDER = f"spawners/{ENTRY}"
BROKEN = fragment(f"{FOLDER}/broken.py")
MISSING_PATH = fragment(f"{FOLDER}/missing-path.py")
NO_N = fragment(f"{FOLDER}/no-n.py")
FIX_PATH = fragment(f"{FOLDER}/fix-path.py")
SUDOERS = fragment(f"{FOLDER}/sudoers")
CHECK = f"{FOLDER}/check.sh"
FIX = f"{FOLDER}/fix.sh"
HUB_USER = "rhea"
MEDIATOR = "/opt/hub/bin/sudospawner"  # pip's, in the hub image's environment
DOCS_MEDIATOR = "/usr/local/bin/sudospawner"  # the path of JupyterHub's documentation
RULE_FILE = "/root/sudoers"  # where the reader wrote the page's rule

# Test-only staging: the hub's own account, and its working directory (the harness puts the
# config file there as root before each start).
STAGE_ACCOUNT = f"""
id {HUB_USER} >/dev/null 2>&1 || useradd --system --create-home --shell /usr/sbin/nologin {HUB_USER}
chown -R {HUB_USER}: /srv/jupyterhub
"""
# Test-only config: the hub becomes rhea, with her groups, while it reads its config.
RUN_AS_HUB_USER = f"""
import os as _os, pwd as _pwd
_hub = _pwd.getpwnam({HUB_USER!r})
_os.setgroups(_os.getgrouplist(_hub.pw_name, _hub.pw_gid))
_os.setgid(_hub.pw_gid)
_os.setuid(_hub.pw_uid)
_os.environ.update(HOME=_hub.pw_dir, USER=_hub.pw_name, LOGNAME=_hub.pw_name)
"""


# What the fixed hub must no longer print (the debug line of the sudo command stays).
CAUSES = (
    "sudo-password-required",
    "no-json-from-mediator",
    "unhandled-substring-not-found",
    "valueerror-substring-not-found",
    "spawn-failed-substring-not-found",
    "sudo-terminal-required",
    "sudo-mediator-not-found",
    "mediator-no-singleuser",
    "unhandled-keyerror-pid",
    "spawn-failed-pid",
)


def start_as_hub_user(hub) -> None:
    hub.stop()
    hub.before_start(STAGE_ACCOUNT)
    hub.start()


# SudoSpawner's line once the mediator's (empty) answer was read: proof that sudo's refusal
# went the page's main way.
EMPTY_ANSWER = "Failed to get JSON result from mediator"


def failed_spawn(hub, user: str = "you", *, until: str | None = None) -> UserClient:
    """A failed spawn. With ``until``: another attempt (three in all) while the hub's log
    lacks that text; sudo sometimes exits before the hub has written the mediator's request,
    and that attempt fails with "Stream is closed" instead (the page says so)."""
    for _ in range(3):
        mark = hub.mark()
        client = UserClient.with_failed_spawn(hub, user)
        if until is None or until in hub.observed(since=mark)["hub-log"]:
            break
    return client


def install_rule(hub) -> None:
    """The page's steps 2 and 3: the group, then the rule checked and installed."""
    added = exec_section(hub, FIX, "group", name="you")
    assert added.exit_code == 0, added.output
    hub.write_file(RULE_FILE, SUDOERS.read_text())
    installed = exec_section(hub, FIX, "install", file=RULE_FILE)
    assert installed.exit_code == 0 and "parsed OK" in installed.output, installed.output
    mode = hub.exec("stat -c '%a %U' /etc/sudoers.d/jupyterhub")
    assert mode.output.strip() == "440 root", mode.output


def mediator_check(hub, name: str, mediator: str = MEDIATOR):
    return exec_section(hub, CHECK, "mediator", hub_user=HUB_USER, name=name, mediator=mediator)


@pytest.mark.reproduces(
    "sudospawner-misconfigured",
    "sudo-password-required",
    "no-json-from-mediator",
    "unhandled-substring-not-found",
    "valueerror-substring-not-found",
    "spawn-failed-substring-not-found",
    "spawning-sudo-command",
    "sudo-list-not-allowed",
    "sudo-terminal-required",
    "sudo-mediator-not-found",
    "mediator-no-singleuser",
    "unhandled-keyerror-pid",
    "spawn-failed-pid",
)
def test_sudospawner_without_rule_and_with_wrong_mediator(hub_factory, symptoms, tmp_path):
    as_hub_user = scratch_fragment(tmp_path, "run-as-rhea", RUN_AS_HUB_USER)
    # --debug: the hub logs the sudo command it runs. fast_imports off: the hub passes no
    # PYTHONPATH, which the mediator would drop with a warning.
    hub = hub_factory([as_hub_user, BROKEN], fast_imports=False, args=["--debug"])
    hub.before_start(STAGE_ACCOUNT)
    hub.start()
    ps = hub.exec("ps -o user= -p 1")
    assert ps.output.strip() == HUB_USER, ps.output

    # 1. No sudoers rule: sudo refuses, the start fails at once.
    browser = failed_spawn(hub, until=EMPTY_ANSWER)
    observed = hub.observed(browser)
    for symptom in (
        "sudo-password-required",
        "no-json-from-mediator",
        "unhandled-substring-not-found",
        "valueerror-substring-not-found",
        "spawn-failed-substring-not-found",
        "spawning-sudo-command",
    ):
        symptoms.seen(ENTRY, symptom, observed)
    assert f"'-nH', '{MEDIATOR}', '--logging=INFO']" in observed["hub-log"]
    rule = exec_section(hub, CHECK, "rule", hub_user=HUB_USER)
    assert rule.exit_code == 0, rule.output
    symptoms.seen(ENTRY, "sudo-list-not-allowed", hub.observed())
    by_hand = mediator_check(hub, "you")
    assert by_hand.exit_code != 0 and "sudo: a password is required" in by_hand.output

    # sudo_args without -n: sudo wants a terminal to ask for the password.
    hub.reconfigure([as_hub_user, BROKEN, NO_N])
    start_as_hub_user(hub)
    assert check_names(hub, ENTRY)  # the page's check finds it in the configuration
    browser = failed_spawn(hub)
    observed = hub.observed(browser, run=-1)
    symptoms.seen(ENTRY, "sudo-terminal-required", observed)
    assert "Spawning ['sudo', '-u', 'you', '-H', " in observed["hub-log"]

    # The fix: the group and the page's rule, while the hub runs (sudo reads it each time).
    hub.reconfigure([as_hub_user, BROKEN])
    start_as_hub_user(hub)
    assert not check_names(hub, ENTRY)
    install_rule(hub)
    rule = exec_section(hub, CHECK, "rule", hub_user=HUB_USER)
    assert f"(%jupyterhub-users) NOPASSWD: {MEDIATOR}" in rule.output, rule.output
    by_hand = mediator_check(hub, "you")
    assert by_hand.exit_code == 0, by_hand.output
    assert f"Usage: {MEDIATOR} [OPTIONS]" in by_hand.output
    # No wider than meant: not for a user outside the group, not for another command.
    outside = mediator_check(hub, "bob")
    assert outside.exit_code != 0 and "sudo: a password is required" in outside.output
    other = hub.exec(f"sudo -u {HUB_USER} sudo -n -u you /bin/sh -c id")
    assert other.exit_code != 0 and "a password is required" in other.output, other.output
    mark = hub.mark()
    you = UserClient.with_server(hub, "you")
    fixed = hub.observed(you, since=mark)
    for symptom in CAUSES:
        symptoms.gone(ENTRY, symptom, fixed)
    whose = hub.exec("ps -eo user=,args=").output.splitlines()
    servers = [line.split()[0] for line in whose if "jupyterhub-singleuser" in line]
    assert servers == ["you"], whose
    hub.stop_server("you")

    # 2. The documentation's path in the rule and the config; nothing is there.
    hub.exec(f"sed -i 's#{MEDIATOR}#{DOCS_MEDIATOR}#' /etc/sudoers.d/jupyterhub").check()
    hub.reconfigure([as_hub_user, BROKEN, MISSING_PATH])
    start_as_hub_user(hub)
    browser = failed_spawn(hub, until=EMPTY_ANSWER)
    observed = hub.observed(browser, run=-1)
    symptoms.seen(ENTRY, "sudo-mediator-not-found", observed)
    symptoms.seen(ENTRY, "no-json-from-mediator", observed)
    beside = exec_section(hub, CHECK, "beside", mediator=DOCS_MEDIATOR)
    assert beside.exit_code != 0 and "No such file or directory" in beside.output

    # 3. The old advice: a link to the mediator there. sudo runs it; it finds no server.
    hub.exec(f"ln -s {MEDIATOR} {DOCS_MEDIATOR}").check()
    mark = hub.mark()
    browser = failed_spawn(hub)
    observed = hub.observed(browser, since=mark)
    for symptom in ("mediator-no-singleuser", "unhandled-keyerror-pid", "spawn-failed-pid"):
        symptoms.seen(ENTRY, symptom, observed)
    beside = exec_section(hub, CHECK, "beside", mediator=DOCS_MEDIATOR)
    assert beside.exit_code != 0 and f"{DOCS_MEDIATOR} -> {MEDIATOR}" in beside.output

    # The fix: the real file, next to jupyterhub-singleuser, in the rule and the config.
    beside = exec_section(hub, CHECK, "beside", mediator=MEDIATOR)
    assert beside.exit_code == 0 and "/opt/hub/bin/jupyterhub-singleuser" in beside.output
    install_rule(hub)
    hub.reconfigure([as_hub_user, BROKEN, MISSING_PATH, FIX_PATH])
    start_as_hub_user(hub)
    you = UserClient.with_server(hub, "you")
    fixed = hub.observed(you, run=-1)
    for symptom in CAUSES:
        symptoms.gone(ENTRY, symptom, fixed)
    hub.stop_server("you")

    # The page's way back for one user: out of the group, the rule no longer covers them.
    removed = exec_section(hub, FIX, "undo", name="you")
    assert removed.exit_code == 0, removed.output
    again = mediator_check(hub, "you")
    assert again.exit_code != 0 and "sudo: a password is required" in again.output
