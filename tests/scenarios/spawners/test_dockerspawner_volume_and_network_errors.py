"""spawners/dockerspawner-volume-and-network-errors: the engine refuses the volume or the
network that DockerSpawner asks for, or the container joins another network than the one
DockerSpawner reads its address from.

What the tests make outside the harness's labels, and remove themselves: the named volume
of the volume fix (DockerSpawner creates it, unlabelled) and the network that the page's
`docker network create` makes. Every network used sits on this machine's engine; the hub
joins each one under the name `jupyterhub`, so the servers' lookups of the hub stay local.
"""

from __future__ import annotations

import docker.errors
import pytest
from dockerspawner import DockerSpawner

from tests.hub.sections import fragment, run_section
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "dockerspawner-volume-and-network-errors"
VOLUME_BROKEN = fragment(f"spawners/{ENTRY}/volume-broken.py")
VOLUME_FIX = fragment(f"spawners/{ENTRY}/volume-fix.py")
NETWORK_BROKEN = fragment(f"spawners/{ENTRY}/network-broken.py")
NETWORK_FIX = fragment(f"spawners/{ENTRY}/network-fix.py")
MODE_BROKEN = fragment(f"spawners/{ENTRY}/mode-broken.py")
CHECK = f"spawners/{ENTRY}/check.sh"
FIX_SH = f"spawners/{ENTRY}/fix.sh"

EMAIL_USER = "jo.doe@example.org"
FIXED_VOLUME = "jupyterhub-user-jo-2edoe-40example-2eorg"  # volume-fix.py's name for EMAIL_USER
MISSING_NETWORK = "jupyterhub-network"  # network-broken.py's
OTHER_NETWORK = "jupyterhub_default"  # mode-broken.py's network_mode


def docker_hub(hub_factory, fragments):
    """A DockerSpawner hub whose environment names its own network, as compose would."""
    hub = hub_factory(fragments, spawner="docker")
    hub.env["DOCKER_NETWORK_NAME"] = hub.network_name
    return hub


def failed_spawn(hub, user: str) -> UserClient:
    client = UserClient(hub)
    client.login(user)
    assert client.spawn(user).failed, client.trail()
    hub.wait_for_log(rf"Unhandled error starting {user}'s server", source="hub")
    return client


def container_of(hub, user: str) -> str:
    """The user's container name: DockerSpawner's default name_template, with the user's
    name escaped as DockerSpawner does (jo.doe@example.org: jo-2edoe-40example-2eorg)."""
    name = f"{hub.user_prefix}-{DockerSpawner._escape(user)}"
    assert name in [c.name for c in hub.user_containers()], name
    return name


def check(on, section: str, /, **values) -> str:
    """A section of the page's check.sh, on the host, against the engine of hub ``on``."""
    done = run_section(CHECK, section, env=on.engine.env, **values)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.reproduces(
    "dockerspawner-volume-and-network-errors",
    "podman-volume-name-invalid",
    "spawn-failed-volume-name",
)
def test_volume_name_from_raw_username(hub_factory, engine, symptoms):
    hub = hub_factory([VOLUME_BROKEN], spawner="docker").start()
    assert check_names(hub, ENTRY)  # the page's check finds it in the configuration
    client = failed_spawn(hub, EMAIL_USER)
    symptoms.all_seen(hub.observed(client))
    assert not hub.user_containers()  # the engine refused to create it

    # The fix: the escaped name. A new, empty volume (the broken one was never made).
    hub.reconfigure([VOLUME_FIX])
    hub.restart()
    assert not check_names(hub, ENTRY)
    mark = hub.mark()
    try:
        fixed = UserClient.with_server(hub, EMAIL_USER)
        symptoms.all_gone(hub.observed(fixed, since=mark))
        name = container_of(hub, EMAIL_USER)
        shown = check(hub, "container", name=name)
        print(f"check.sh:container {name}:\n{shown}")
        assert f"network {hub.network_name} " in shown
        assert f"mount volume {FIXED_VOLUME} -> /home/jovyan/work" in shown
    finally:
        for c in hub.user_containers():
            c.remove(force=True)
        try:
            engine.client.volumes.get(FIXED_VOLUME).remove(force=True)
        except docker.errors.NotFound:
            pass


@pytest.mark.reproduces(
    "dockerspawner-volume-and-network-errors",
    "podman-network-not-found",
    "spawn-failed-network-not-found",
)
def test_network_name_not_found(hub_factory, engine, symptoms):
    if engine.client.networks.list(names=[MISSING_NETWORK]):
        pytest.fail(f"a network {MISSING_NETWORK} exists on the engine (an earlier run's?)")
    hub = docker_hub(hub_factory, [NETWORK_BROKEN]).start()
    client = failed_spawn(hub, "alice")
    symptoms.all_seen(hub.observed(client))
    networks = [
        line for line in check(hub, "networks", hub=hub.container_name).splitlines() if line
    ]
    assert MISSING_NETWORK not in networks
    assert networks[-1] == hub.network_name  # the hub is on its own network only

    # Fix 1: the name the engine knows, from the hub's environment.
    hub.reconfigure([NETWORK_FIX])
    hub.restart()
    mark = hub.mark()
    fixed = UserClient.with_server(hub, "alice")
    symptoms.all_gone(hub.observed(fixed, since=mark))
    assert f"network {hub.network_name} " in check(
        hub, "container", name=container_of(hub, "alice")
    )

    # Fix 2: the configured name kept, the network created and the hub attached to it.
    hub.reconfigure([NETWORK_BROKEN])
    hub.restart()
    try:
        made = run_section(
            FIX_SH,
            "create-network",
            env=engine.env,
            network=MISSING_NETWORK,
            hub=hub.container_name,
        )
        assert made.returncode == 0, made.stderr
        mark = hub.mark()
        fixed = UserClient.with_server(hub, "bob")
        symptoms.all_gone(hub.observed(fixed, since=mark))
        assert f"network {MISSING_NETWORK} " in check(
            hub, "container", name=container_of(hub, "bob")
        )
    finally:
        for net in engine.client.networks.list(names=[MISSING_NETWORK]):
            net.reload()
            for cid in list(net.attrs.get("Containers") or {}):
                if cid == hub.container.id:
                    net.disconnect(cid, force=True)
                else:
                    engine.client.containers.get(cid).remove(force=True)
            net.remove()


@pytest.mark.reproduces("dockerspawner-volume-and-network-errors", "unknown-docker-network")
def test_network_mode_overrides_network_name(hub_factory, engine, symptoms):
    other = engine.create_network(OTHER_NETWORK, engine.labels("helper"))
    hub = docker_hub(hub_factory, [MODE_BROKEN])
    try:
        hub.start()
        # The hub is on the other network too (as jupyterhub): only the address DockerSpawner
        # reads is missing, and the servers' lookups of the hub stay on this machine.
        other.connect(hub.container, aliases=["jupyterhub"])
        client = failed_spawn(hub, "bob")
        symptoms.all_seen(hub.observed(client))
        name = container_of(hub, "bob")
        assert f"network {OTHER_NETWORK} " in check(hub, "container", name=name)

        # The fix: network_name alone; then the container made before it removed.
        hub.reconfigure([NETWORK_FIX])
        hub.restart()
        removed = run_section(FIX_SH, "remove-container", env=engine.env, name=name)
        assert removed.returncode == 0, removed.stderr
        mark = hub.mark()
        fixed = UserClient.with_server(hub, "bob")
        symptoms.all_gone(hub.observed(fixed, since=mark))
        assert f"network {hub.network_name} " in check(
            hub, "container", name=container_of(hub, "bob")
        )
    finally:
        other.reload()
        for cid in list(other.attrs.get("Containers") or {}):
            if hub.container is not None and cid == hub.container.id:
                other.disconnect(cid, force=True)
            else:
                engine.client.containers.get(cid).remove(force=True)
        other.remove()
