"""spawners/resource-limits-not-enforced: mem_limit and cpu_limit set, and no server held
to them.

Two hubs. LocalProcessSpawner (the page's broken.py) writes the limits into the server's
environment and nothing else: the server shares the hub's control groups, and its user
takes more memory than the limit. DockerSpawner (fix.py) gives each container the
limits, and the kernel kills a process that goes over, once the container is created
with them: a container made before the limits were set is started again without them.
"""

from __future__ import annotations

import re

import pytest

from tests.hub.sections import (
    container_suffix,
    exec_section,
    fragment,
    run_section,
    section,
    with_parameters,
)
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "resource-limits-not-enforced"
BROKEN = fragment(f"spawners/{ENTRY}/broken.py")
FIX = fragment(f"spawners/{ENTRY}/fix.py")
CHECK = f"spawners/{ENTRY}/check.sh"
VERIFY = f"spawners/{ENTRY}/verify.sh"
FIX_SH = f"spawners/{ENTRY}/fix.sh"

LIMIT = 256 * 1024 * 1024  # the pages' 256M
# No memory limit, as cgroup v1 (this machine) and cgroup v2 (e.g. GitHub's runners) say it.
NO_MEMORY_LIMIT = r"^(?:9223372036854771712|max)$"


@pytest.mark.reproduces("resource-limits-not-enforced", "mem-limit-env", "cpu-limit-env")
def test_local_process_spawner_only_sets_variables(hub_factory, symptoms):
    hub = hub_factory([BROKEN]).start()
    assert check_names(hub, ENTRY)  # the page's check finds it in the configuration
    UserClient.with_server(hub, "you")

    # The page's diagnosis: the variables are there, and the server is in the hub's groups.
    local = exec_section(hub, CHECK, "local", name="you")
    assert local.exit_code == 0, local.output
    assert f"MEM_LIMIT={LIMIT}" in local.stdout.splitlines(), local.output
    assert "same control groups as the hub" in local.stdout, local.output
    symptoms.all_seen(hub.observed())

    # In the server's environment (its container: the hub's machine here), its user takes
    # 384 MiB, more than the limit.
    terminal = hub.exec(with_parameters(section(CHECK, "terminal")), user="you")
    assert terminal.exit_code == 0, terminal.output
    assert "384 MiB allocated" in terminal.stdout, terminal.output


@pytest.mark.reproduces("resource-limits-not-enforced", "found-existing-container")
def test_docker_spawner_enforces_limits_on_new_containers(hub_factory, engine, image, symptoms):
    # A DockerSpawner hub whose users' containers were made before any limit was set.
    hub = hub_factory([], spawner="docker").start()
    UserClient.with_server(hub, "you")
    hub.stop_server("you")

    # The limits are added (fix.py) and the hub restarted; the user's next start finds
    # the old container and starts it as it was: no limit.
    hub.reconfigure([FIX])
    hub.restart()
    assert not check_names(hub, ENTRY)
    mark = hub.mark()
    UserClient.with_server(hub, "you")
    name = container_suffix(hub, "you")
    inspected = run_section(CHECK, "container", env=engine.env, name=name)
    assert inspected.returncode == 0, inspected.stderr
    assert "Memory=0 " in inspected.stdout and "CpuQuota=0 " in inspected.stdout, inspected.stdout
    assert re.search(NO_MEMORY_LIMIT, inspected.stdout, re.M), inspected.stdout
    symptoms.all_seen(hub.observed(since=mark))
    # The engine itself applies limits (the page's probe).
    probe = run_section(CHECK, "engine", env=engine.env, image=image.tag)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == str(LIMIT), probe.stdout + probe.stderr
    assert "discarded" not in probe.stderr, probe.stderr

    # The fix: remove the old container (the page's fix.sh); the next start creates one
    # with the limits, and the kernel kills what goes over.
    hub.stop_server("you")
    removed = run_section(FIX_SH, "remove-old-container", env=engine.env, name=name)
    assert removed.returncode == 0, removed.stderr
    assert hub.user_container("you") is None
    mark = hub.mark()
    UserClient.with_server(hub, "you")
    inspected = run_section(CHECK, "container", env=engine.env, name=name)
    assert inspected.returncode == 0, inspected.stderr
    assert f"Memory={LIMIT} MemorySwap={LIMIT} CpuQuota=50000 CpuPeriod=100000" in (
        inspected.stdout
    ), inspected.stdout
    assert re.search(rf"^{LIMIT}$", inspected.stdout, re.M), inspected.stdout
    assert re.search(r"^(?:50000 100000|50000)$", inspected.stdout, re.M), inspected.stdout
    killed = run_section(VERIFY, "allocate", env=engine.env, name=name)
    assert killed.returncode == 0, killed.stdout + killed.stderr
    assert "killed: the memory limit holds" in killed.stdout, killed.stdout
    # The user's server is still there, and answers.
    UserClient.with_server(hub, "you")
    symptoms.all_gone(hub.observed(since=mark))
