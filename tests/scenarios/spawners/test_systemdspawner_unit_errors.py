"""spawners/systemdspawner-unit-errors: SystemdSpawner 1.0.2 (in the hub image) with the
image's real systemd 252 (Debian 12).

1. In an ordinary hub container the hub is PID 1 and systemd does not run: every
   `systemd-run` and `systemctl` of the spawner fails, as on any machine (or Docker
   container) without systemd. The page's fix is a machine whose PID 1 is systemd: the
   same configuration on a hub container that runs systemd as PID 1 (Hub(init="systemd"),
   tests/hub/systemd.py), where the server starts as the user's own unit.
2. On the systemd hub: a server killed from outside (as an OOM kill or a crash would)
   leaves a failed unit, which the spawner resets at the next start; the page's reset
   removes it by hand. A hub killed and started on a fresh database finds the unit still
   running and kills it. dynamic_users fails in a container (no mount namespaces), and
   local accounts work. mem_limit and cpu_limit are given to systemd, but on this
   host's cgroup v1 inside a container it cannot apply them: the page's check shows it.
"""

from __future__ import annotations

import pytest

from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "systemdspawner-unit-errors"
FOLDER = f"spawners/{ENTRY}"
BROKEN = fragment(f"{FOLDER}/broken.py")
DYNAMIC = fragment(f"{FOLDER}/dynamic.py")
FIX_DYNAMIC = fragment(f"{FOLDER}/fix-dynamic.py")
LIMITS = fragment(f"{FOLDER}/limits.py")
CHECK = f"{FOLDER}/check.sh"
FIX = f"{FOLDER}/fix.sh"
VERIFY = f"{FOLDER}/verify.sh"
# A short start timeout: a start that cannot work gives up after 10 s.
TIMEOUTS = {"http_timeout": 15, "start_timeout": 10, "poll_interval": 2}
READY = r"JupyterHub is now running"

NO_SYSTEMD = ("not-booted-with-systemd", "bus-host-down")
NAMESPACE = ("mount-namespacing-failed", "failed-at-step-namespace", "exit-226-namespace")


def server_stopped(hub, mark, user: str = "you") -> None:
    """Wait until the hub's poll notices the user's server is gone."""
    hub.wait_for_log(rf"User {user} server stopped", source="hub", since=mark, timeout=20)


def kill_server(hub, user: str = "you") -> None:
    """What an OOM kill or a crash does to the server: its unit ends up failed."""
    mark = hub.mark()
    hub.exec(f"systemctl kill -s KILL jupyter-{user}-singleuser").check()
    server_stopped(hub, mark, user)


@pytest.mark.reproduces("systemdspawner-unit-errors", "not-booted-with-systemd", "bus-host-down")
def test_systemdspawner_without_systemd(hub_factory, symptoms):
    hub = hub_factory([BROKEN], spawner=None, timeouts=TIMEOUTS)
    hub.start()
    browser = UserClient.with_failed_spawn(hub, "you")
    observed = hub.observed(browser)
    for symptom in NO_SYSTEMD:
        symptoms.seen(ENTRY, symptom, observed)
    assert "you's server failed to start in 10 seconds" in observed["hub-log"]
    pid1 = exec_section(hub, CHECK, "pid1")
    assert pid1.exit_code != 0 and pid1.stdout.splitlines()[0] == "jupyterhub", pid1.output

    # The fix: the same configuration on a machine whose PID 1 is systemd.
    fixed = hub_factory([BROKEN], spawner=None, timeouts=TIMEOUTS, init="systemd")
    fixed.start()
    pid1 = exec_section(fixed, CHECK, "pid1")
    # "degraded" (exit code 1) means systemd runs but some unit of the machine failed, which
    # SystemdSpawner does not mind (--wait: not "starting", while the machine boots).
    first, state = pid1.stdout.split()[:2]
    assert first == "systemd" and state in ("running", "degraded"), pid1.output
    you = UserClient.with_server(fixed, "you")
    running = exec_section(fixed, VERIFY, "running", name="you")
    assert running.exit_code == 0, running.output
    assert running.stdout.splitlines()[0] == "active", running.output
    assert running.stdout.splitlines()[1].startswith("you "), running.output
    after = fixed.observed(you)
    for symptom in NO_SYSTEMD:
        symptoms.gone(ENTRY, symptom, after)


@pytest.mark.reproduces(
    "systemdspawner-unit-errors",
    "unit-failed-reset",
    "unit-exists-killing",
    "dynamic-user-migrating",
    "mount-namespacing-failed",
    "failed-at-step-namespace",
    "exit-226-namespace",
    "memory-current-not-set",
    "tainted-cgroupsv1",
)
def test_systemdspawner_units_dynamic_users_limits(hub_factory, symptoms):
    hub = hub_factory([BROKEN], spawner=None, timeouts=TIMEOUTS, init="systemd")
    hub.start()
    UserClient.with_server(hub, "you")

    # 1. The server dies from outside: its unit stays, failed.
    kill_server(hub)
    units = exec_section(hub, CHECK, "units")
    assert "jupyter-you-singleuser.service loaded failed failed" in units.output, units.output
    mark = hub.mark()
    UserClient.with_server(hub, "you")  # the spawner resets the unit itself
    symptoms.seen(ENTRY, "unit-failed-reset", hub.observed(since=mark))

    # The page's reset, by hand: the unit is gone, the next start has nothing to reset.
    kill_server(hub)
    reset = exec_section(hub, FIX, "reset", name="you")
    assert reset.exit_code == 0 and "0 loaded units listed" in reset.output, reset.output
    mark = hub.mark()
    UserClient.with_server(hub, "you")
    symptoms.gone(ENTRY, "unit-failed-reset", hub.observed(since=mark))

    # 2. The hub is killed and starts again on a fresh database: the unit still runs.
    mark = hub.mark()
    hub.exec("systemctl kill -s KILL jupyterhub").check()
    hub.exec("rm -f /srv/jupyterhub/jupyterhub.sqlite && systemctl start jupyterhub").check()
    hub.wait_for_log(READY, since=mark, timeout=60)
    units = exec_section(hub, CHECK, "units")
    assert "jupyter-you-singleuser.service loaded active running" in units.output, units.output
    assert hub.user_model("you") is None  # the fresh database knows no user, no server
    mark = hub.mark()
    UserClient.with_server(hub, "you")  # the spawner stops the old unit, then starts anew
    symptoms.seen(ENTRY, "unit-exists-killing", hub.observed(since=mark))

    # 3. dynamic_users in a container: systemd cannot set up the namespaces.
    hub.reconfigure([DYNAMIC])
    hub.restart()
    UserClient.with_failed_spawn(hub, "alice")
    journal = exec_section(hub, CHECK, "journal", name="alice")
    assert "status=226/NAMESPACE" in journal.output, journal.output
    observed = hub.observed(run=-1)
    for symptom in ("dynamic-user-migrating", *NAMESPACE):
        symptoms.seen(ENTRY, symptom, observed)

    # The fix here: local accounts.
    since = hub.exec("date +%s", record=False).stdout.strip()
    hub.reconfigure([FIX_DYNAMIC])
    hub.restart()
    UserClient.with_server(hub, "alice")
    running = exec_section(hub, VERIFY, "running", name="alice")
    assert running.exit_code == 0 and running.stdout.splitlines()[1].startswith("alice ")
    # The journal keeps the failed starts: only what came after the fix.
    journal = hub.exec(f"journalctl --no-pager --since @{since}")
    assert "Started jupyter-alice-singleuser.service" in journal.output, journal.output
    for symptom in NAMESPACE:
        symptoms.gone(ENTRY, symptom, {"shell": journal.output})

    # 4. Limits on this host (cgroup v1, controllers read-only in the container): systemd
    # takes them, the server starts, and nothing measures or enforces them.
    hub.reconfigure([LIMITS])
    hub.restart()
    UserClient.with_server(hub, "you")
    limits = exec_section(hub, CHECK, "limits", name="you")
    assert limits.exit_code == 0, limits.output
    lines = limits.stdout.splitlines()
    assert lines[0] == "tmpfs", limits.output  # cgroup v1 (v2 says cgroup2fs)
    assert "MemoryMax=1073741824" in lines and "CPUQuotaPerSecUSec=500ms" in lines, lines
    observed = hub.observed(run=-1)
    for symptom in ("memory-current-not-set", "tainted-cgroupsv1"):
        symptoms.seen(ENTRY, symptom, observed)
