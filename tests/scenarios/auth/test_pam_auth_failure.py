"""auth/pam-auth-failure: PAM refuses the right password of every user but the account
the hub runs as, because that account cannot read /etc/shadow; and PAM sessions that fail
when the hub opens them.

Real PAM, real accounts and passwords: the harness's DummyAuthenticator is off
(authenticator=None) and the page's fragment names PAMAuthenticator. The hub container's
command runs as root; a test-only fragment makes the hub drop to the account `alice` while
it reads its configuration, before it opens its database, its cookie secret or the proxy.
From then on the hub is an ordinary process of alice, as with `User=alice` in a systemd
unit or `jupyterhub` typed in alice's own shell.
"""

from __future__ import annotations

import shlex

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import exec_section, fragment, section, with_parameters
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import HUB_VERSION

pytestmark = pytest.mark.scenario

# The status of a refused login: JupyterHub 5 answers 403, 4.x the form again with 200.
REFUSED = "200" if HUB_VERSION.startswith("4.") else "403"

ENTRY = "pam-auth-failure"
BROKEN = fragment(f"auth/{ENTRY}/broken.py")
SESSIONS_ON = fragment(f"auth/{ENTRY}/sessions.py")
SESSIONS_OFF = fragment(f"auth/{ENTRY}/sessions-off.py")
CHECK_SH = f"auth/{ENTRY}/check.sh"
FIX_SH = f"auth/{ENTRY}/fix.sh"
HUB_PYTHON = "/opt/hub/bin/python"  # the image's hub environment
HUB_USER = "alice"
PASSWORDS = {"alice": "alice-Pa55-word", "bob": "bob-Pa55-word"}

# Test-only staging: real passwords for two of the image's accounts (they have none).
SET_PASSWORDS = "\n".join(
    f"printf '%s\\n' {shlex.quote(f'{user}:{password}')} | chpasswd"
    for user, password in PASSWORDS.items()
)
# Test-only staging: the machine's syslog daemon. A container has none, so what PAM sends
# to /dev/log would be lost; this writes each message to /var/log/auth.log as rsyslog does
# on Debian (the priority taken off), for the page's system-log section to read.
SYSLOG_DAEMON = r"""cat > /usr/local/sbin/test-syslogd <<'PY'
import os, re, socket
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
if os.path.exists("/dev/log"):
    os.unlink("/dev/log")
sock.bind("/dev/log")
os.chmod("/dev/log", 0o666)
with open("/var/log/auth.log", "ab", buffering=0) as log:
    while True:
        log.write(re.sub(rb"^<\d+>", b"", sock.recv(65536)).rstrip(b"\n") + b"\n")
PY
python3 /usr/local/sbin/test-syslogd >/dev/null 2>&1 &
"""
# Test-only staging: the hub's working directory belongs to the account that runs it.
OWN_HUB_DIR = f"chown -R {HUB_USER}: /srv/jupyterhub"
# Test-only config: the hub becomes alice, with her groups, while it reads its config.
RUN_AS_HUB_USER = f"""
import os as _os, pwd as _pwd
_hub = _pwd.getpwnam({HUB_USER!r})
_os.setgroups(_os.getgrouplist(_hub.pw_name, _hub.pw_gid))
_os.setgid(_hub.pw_gid)
_os.setuid(_hub.pw_uid)
_os.environ.update(HOME=_hub.pw_dir, USER=_hub.pw_name, LOGNAME=_hub.pw_name)
"""


def typed(hub, rel: str, part: str, answer: str, /, **values: str):
    """A page's section that asks for a password, run on the hub's machine (its
    container) with the password typed on its standard input."""
    script = with_parameters(section(rel, part), **values)
    return hub.exec(
        f"# snippets/{rel} [{part}]\n"
        f"printf '%s\\n' {shlex.quote(answer)} | sh -ec {shlex.quote(script)}"
    )


def login_status(hub, name: str) -> str:
    """The page's login check: 302 (the user got in) or 403 (refused)."""
    result = typed(hub, CHECK_SH, "login", PASSWORDS[name], name=name)
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def who(hub) -> str:
    result = exec_section(hub, CHECK_SH, "who")
    assert result.exit_code == 0, result.output
    return result.stdout


def start_as_hub_user(hub) -> None:
    hub.before_start(OWN_HUB_DIR)
    hub.start()


@pytest.mark.reproduces(
    "pam-auth-failure",
    "pam-auth-failed",
    "pam-unix-auth-failure",
    "chkpwd-check-failed",
    "chkpwd-user-unknown",
)
def test_unprivileged_hub_checks_only_its_own_password(hub_factory, symptoms, tmp_path):
    as_hub_user = scratch_fragment(tmp_path, "run-as-alice", RUN_AS_HUB_USER)
    hub = hub_factory([BROKEN, as_hub_user], authenticator=None)
    hub.before_start(SET_PASSWORDS)
    hub.before_start(SYSLOG_DAEMON)
    start_as_hub_user(hub)

    # The hub's own account gets in; bob, with his right password, does not.
    assert "runs as: alice" in who(hub) and "alice cannot read /etc/shadow" in who(hub)
    assert login_status(hub, "alice") == "302"
    assert login_status(hub, "bob") == REFUSED
    browser = UserClient(hub)
    refused = browser.login("bob", PASSWORDS["bob"])
    assert str(refused.status) == REFUSED and not browser.logged_in, browser.trail()
    assert "Invalid username or password" in browser.transcript()

    def with_system_log():  # what PAM wrote to the system log, read as the page does
        exec_section(hub, CHECK_SH, "system-log")
        return hub.observed(browser)

    symptoms.all_seen_soon(with_system_log)
    # The page's PAM check: as the hub's account it fails, as root the password is right.
    as_hub = typed(hub, CHECK_SH, "pamela", PASSWORDS["bob"], hub_user=HUB_USER, python=HUB_PYTHON)
    assert as_hub.exit_code != 0, as_hub.output
    assert "[PAM Error 7] Authentication failure" in as_hub.output
    as_root = typed(hub, CHECK_SH, "pamela", PASSWORDS["bob"], hub_user="root", python=HUB_PYTHON)
    assert as_root.exit_code == 0, as_root.output

    # Fix, keeping the hub unprivileged (Debian, Ubuntu): the shadow group, then a restart.
    added = exec_section(hub, FIX_SH, "shadow-group", hub_user=HUB_USER)
    assert added.exit_code == 0 and "(shadow)" in added.output, added.output
    hub.stop()
    start_as_hub_user(hub)
    assert "alice can read /etc/shadow" in who(hub)
    assert login_status(hub, "bob") == "302"
    symptoms.all_gone(hub.observed(run=-1))

    # The page's way back: out of the group, restarted, bob is refused again.
    removed = exec_section(hub, FIX_SH, "undo-shadow-group", hub_user=HUB_USER)
    assert removed.exit_code == 0 and "(shadow)" not in removed.stdout, removed.output
    hub.stop()
    start_as_hub_user(hub)
    assert "alice cannot read /etc/shadow" in who(hub)
    assert login_status(hub, "bob") == REFUSED

    # The other fix: run the hub as root. bob gets in and gets his server.
    hub.stop()
    hub.reconfigure([BROKEN])
    hub.start()
    assert "runs as: root" in who(hub)
    assert login_status(hub, "bob") == "302"
    bob = UserClient(hub)
    bob.login("bob", PASSWORDS["bob"])
    assert bob.logged_in, bob.trail()
    assert bob.spawn("bob").ready and bob.working_server("bob"), bob.trail()
    symptoms.all_gone(hub.observed(bob, run=-1))


@pytest.mark.reproduces("pam-auth-failure", "pam-session-failed", "pam-sessions-disabled")
def test_pam_sessions_fail_and_are_disabled(hub_factory, symptoms):
    hub = hub_factory([BROKEN, SESSIONS_ON], authenticator=None)
    hub.before_start(SET_PASSWORDS)
    hub.start()
    # The session fails, the hub turns sessions off, and the server starts anyway.
    alice = UserClient(hub)
    alice.login("alice", PASSWORDS["alice"])
    assert alice.logged_in, alice.trail()
    assert alice.spawn("alice").ready, alice.trail()
    hub.wait_for_log(r"Disabling PAM sessions from now on", source="hub")
    symptoms.all_seen(hub.observed(alice))

    # The fix: no sessions (the default). Both users start servers without the warnings.
    hub.stop()
    hub.reconfigure([BROKEN, SESSIONS_ON, SESSIONS_OFF])
    hub.start()
    for name in PASSWORDS:
        user = UserClient(hub)
        user.login(name, PASSWORDS[name])
        assert user.spawn(name).ready and user.working_server(name), user.trail()
    symptoms.all_gone(hub.observed(run=-1))
