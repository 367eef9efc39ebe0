"""networking/corporate-http-proxy-env: a forward proxy stands in for the organisation's
(Debian's tinyproxy, on 127.0.0.1:8888 in the hub's container, refusing requests for
internal addresses as such a proxy does), and the hub's container has HTTP_PROXY,
HTTPS_PROXY and http_proxy without NO_PROXY. With JupyterHub 6's HTTP client told to trust
the environment (the page's broken.py), the hub's first request to the proxy's API goes to
tinyproxy, which refuses it, and the hub exits; with the page's exceptions in NO_PROXY and
no_proxy, login and spawn work and tinyproxy sees nothing. Without trust_env, the same
environment (for the single-user server too) does not matter. The page's fix for the
single-user servers keeps what the configuration set before; the page's check finds
trust_env without NO_PROXY.

scenario.yaml cannot start a second server before the hub, nor compare several hubs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.machine import put_files
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import HUB_VERSION, check_names

pytestmark = pytest.mark.scenario

ENTRY = "corporate-http-proxy-env"
FIX = fragment(f"networking/{ENTRY}/fix.py")
BROKEN = fragment(f"networking/{ENTRY}/broken.py")
# The exceptions of the page's fix.sh (systemd, docker), in the hub's environment.
NO_PROXY = "localhost,127.0.0.1,jupyterhub"
MAJOR = int(HUB_VERSION.split(".")[0])

# The organisation's proxy, as the hub's machine sees it: every variable spelling.
PROXY = "http://127.0.0.1:8888"
PROXY_ENV = {"HTTP_PROXY": PROXY, "HTTPS_PROXY": PROXY, "http_proxy": PROXY, "https_proxy": PROXY}
TINYPROXY_LOG = "/var/log/tinyproxy/corp.log"
# tinyproxy refuses, with its "403 Filtered", requests for the hosts in its filter file:
# a proxy that will not connect to internal addresses on anyone's behalf.
TINYPROXY_CONF = f"""\
User tinyproxy
Group tinyproxy
Port 8888
Listen 127.0.0.1
Timeout 10
LogFile "{TINYPROXY_LOG}"
LogLevel Info
PidFile "/run/tinyproxy/corp.pid"
MaxClients 20
Allow 127.0.0.1
Filter "/etc/tinyproxy/corp-filter"
FilterDefaultDeny No
"""
TINYPROXY_FILTER = "^127\\.0\\.0\\.1$\n^localhost$\n^jupyterhub$\n"


def with_organisation_proxy(hub) -> None:
    """tinyproxy started in the hub's container before the hub (at every start)."""
    hub.write_file("/etc/tinyproxy/corp.conf", TINYPROXY_CONF)
    hub.write_file("/etc/tinyproxy/corp-filter", TINYPROXY_FILTER)
    hub.before_start(
        "mkdir -p /run/tinyproxy /var/log/tinyproxy\n"
        "chown tinyproxy:tinyproxy /run/tinyproxy /var/log/tinyproxy\n"
        "env -u HTTP_PROXY -u HTTPS_PROXY -u http_proxy -u https_proxy "
        "tinyproxy -c /etc/tinyproxy/corp.conf\n"
        "n=0; until (exec 3<>/dev/tcp/127.0.0.1/8888) 2>/dev/null || [ $n -ge 50 ]; "
        "do sleep 0.1; n=$((n+1)); done"
    )


def pip_wheel(tmp_path: Path) -> Path:
    """pip's own wheel: the hub image's environment has no pip (it was built with pip run
    from its wheel), and an operator's has one."""
    folder = tmp_path / "pip"
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "pip", "--no-deps", "--quiet",
         "--only-binary=:all:", "-d", str(folder)],
        check=True, timeout=300,
    )  # fmt: skip
    return next(folder.glob("pip-*.whl"))


def pip_into_hub_env(name: str) -> str:
    """The pre-start line that installs pip (its wheel at /tmp/pip/<name>) into the hub's
    environment."""
    return f"/opt/hub/bin/python /tmp/pip/{name}/pip install --quiet --no-index /tmp/pip/{name}"


def pycurl_wheel(tmp_path: Path) -> Path:
    """pycurl's wheel for the hub image's Python, downloaded on the host as the image's own
    wheels are (a wheel bundles its libcurl, which reads the proxy variables)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "pycurl", "--no-deps", "--quiet",
         "--only-binary=:all:", "--python-version", "3.11",
         "--platform", "manylinux_2_28_x86_64", "-d", str(tmp_path)],
        check=True, timeout=300,
    )  # fmt: skip
    return next(tmp_path.glob("pycurl-*.whl"))


def with_pycurl(hub, wheel: Path, pip: Path) -> None:
    """pycurl installed in the hub's Python before it starts, as the Zero to JupyterHub
    hub image has it: JupyterHub 4.1 and 5.x then make their requests with libcurl."""
    hub.write_file("/tmp/harness-no-op", "")  # the container exists from here on
    put_files(
        hub.container,
        {f"tmp/wheels/{wheel.name}": wheel.read_bytes(), f"tmp/pip/{pip.name}": pip.read_bytes()},
    )
    hub.before_start(
        pip_into_hub_env(pip.name) + "\n"
        f"/opt/hub/bin/python -m pip install --quiet --no-index /tmp/wheels/{wheel.name}"
    )


def tinyproxy_log(hub) -> str:
    """tinyproxy's log (read through the engine: the hub's container may have exited)."""
    return hub.read_file(TINYPROXY_LOG) or ""


def check_and_verify(hub) -> None:
    """The page's first step (the running hub's proxy variables) and its verify.sh (curl,
    with the hub's environment, connects to 127.0.0.1:8001 itself)."""
    shown = exec_section(hub, f"networking/{ENTRY}/fix.sh", "check")
    print("--- check ---\n" + shown.output)
    assert f"NO_PROXY={NO_PROXY}" in shown.stdout and f"http_proxy={PROXY}" in shown.stdout, (
        shown.output
    )
    verified = exec_section(hub, f"networking/{ENTRY}/verify.sh", "verify")
    print("--- verify ---\n" + verified.output)
    assert "no_proxy == 'localhost,127.0.0.1,jupyterhub'" in verified.stdout, verified.output
    assert "Connected to 127.0.0.1 (127.0.0.1) port 8001" in verified.stdout, verified.output


def server_environment(hub, user: str) -> dict[str, str]:
    """The environment of the user's running jupyterhub-singleuser (LocalProcessSpawner:
    a process in the hub's container), read as that user (root may not, in a rootless
    container)."""
    found = hub.exec(
        f"pid=$(pgrep -o -u {user} -f jupyterhub-singleuser) && tr '\\0' '\\n' < /proc/$pid/environ",
        user=user,
    )
    assert found.exit_code == 0, found.output
    return dict(line.split("=", 1) for line in found.stdout.splitlines() if "=" in line)


@pytest.mark.skipif(MAJOR < 6, reason="trust_env (JupyterHubHTTPClient) is JupyterHub 6's")
@pytest.mark.reproduces("corporate-http-proxy-env", "api-403-filtered")
def test_trust_env_sends_the_proxy_api_to_the_organisation_proxy(hub_factory, symptoms):
    hub = hub_factory([BROKEN], env=PROXY_ENV)
    with_organisation_proxy(hub)
    code = hub.start_until_exit(timeout=60)
    assert code != 0, hub.log()
    symptoms.all_seen(hub.observed())
    # The request never reached configurable-http-proxy: tinyproxy refused it.
    refused = tinyproxy_log(hub)
    assert "GET http://127.0.0.1:8001/api/routes" in refused, refused
    assert 'refused on filtered domain "127.0.0.1"' in refused, refused
    assert " 403 GET /api/routes" not in hub.proxy_log(), hub.proxy_log()
    print("--- hub log ---\n" + hub.log() + "\n--- tinyproxy log ---\n" + refused)

    # The page's fix: the same environment with the exceptions, NO_PROXY and no_proxy.
    fixed = hub_factory([BROKEN], env={**PROXY_ENV, "NO_PROXY": NO_PROXY, "no_proxy": NO_PROXY})
    with_organisation_proxy(fixed)
    fixed.start()
    UserClient.with_server(fixed, "you")
    symptoms.all_gone(fixed.observed())
    assert "refused on filtered" not in tinyproxy_log(fixed), tinyproxy_log(fixed)
    check_and_verify(fixed)


@pytest.mark.skipif(MAJOR >= 6, reason="JupyterHub 6 does not use pycurl for its requests")
@pytest.mark.reproduces("corporate-http-proxy-env", "api-403-filtered-tornado")
def test_pycurl_sends_the_proxy_api_to_the_organisation_proxy(hub_factory, symptoms, tmp_path):
    wheel, pip = pycurl_wheel(tmp_path), pip_wheel(tmp_path)
    # No setting at all: with pycurl importable, the hub obeys http_proxy by itself.
    hub = hub_factory([], env=PROXY_ENV)
    with_pycurl(hub, wheel, pip)
    with_organisation_proxy(hub)
    code = hub.start_until_exit(timeout=60)
    assert code != 0, hub.log()
    symptoms.all_seen(hub.observed())
    refused = tinyproxy_log(hub)
    assert "GET http://127.0.0.1:8001/api/routes" in refused, refused
    assert 'refused on filtered domain "127.0.0.1"' in refused, refused
    print("--- hub log ---\n" + hub.log() + "\n--- tinyproxy log ---\n" + refused)

    fixed = hub_factory([], env={**PROXY_ENV, "NO_PROXY": NO_PROXY, "no_proxy": NO_PROXY})
    with_pycurl(fixed, wheel, pip)
    with_organisation_proxy(fixed)
    fixed.start()
    UserClient.with_server(fixed, "you")
    symptoms.all_gone(fixed.observed())
    assert "refused on filtered" not in tinyproxy_log(fixed), tinyproxy_log(fixed)


@pytest.mark.skipif(MAJOR < 6, reason="JupyterHub 6's aiohttp client ignores the variables")
def test_without_trust_env_the_variables_do_not_matter(hub_factory, tmp_path):
    # The hub's and the server's environment both name the proxy, no exceptions anywhere.
    servers = scratch_fragment(
        tmp_path, "server-proxy-env", f"c.Spawner.environment = {PROXY_ENV!r}\n"
    )
    hub = hub_factory([servers], env=PROXY_ENV)
    with_organisation_proxy(hub)
    hub.start()
    UserClient.with_server(hub, "you")
    env = server_environment(hub, "you")
    assert env.get("http_proxy") == PROXY and "NO_PROXY" not in env, env
    assert "Request (file descriptor" not in tinyproxy_log(hub), tinyproxy_log(hub)


def test_fix_adds_exceptions_and_keeps_the_servers_other_variables(hub_factory, tmp_path):
    # What a configuration set earlier in the file, before the page's lines.
    earlier = scratch_fragment(
        tmp_path,
        "earlier-environment",
        'c.Spawner.environment = {"TZ": "Europe/Berlin", "http_proxy": "http://proxy:3128"}\n',
    )
    hub = hub_factory([earlier, FIX]).start()
    UserClient.with_server(hub, "you")
    env = server_environment(hub, "you")
    assert env.get("NO_PROXY") == env.get("no_proxy") == "localhost,127.0.0.1,jupyterhub", env
    # update(), not assignment: the earlier settings are still there.
    assert env.get("TZ") == "Europe/Berlin", env
    assert env.get("http_proxy") == "http://proxy:3128", env


@pytest.mark.skipif(
    MAJOR < 6, reason="JupyterHubHTTPClient.session_options (trust_env) is JupyterHub 6's"
)
def test_check_finds_trust_env_without_no_proxy(hub_factory):
    # trust_env with no exception for the internal addresses: the check names the page
    # (no proxy variable is set here, so the hub itself still works).
    hub = hub_factory([BROKEN]).start()
    assert check_names(hub, ENTRY)
    # The same configuration, in an environment with the page's exceptions: quiet.
    fixed = hub_factory([BROKEN], env={"NO_PROXY": NO_PROXY, "no_proxy": NO_PROXY}).start()
    assert not check_names(fixed, ENTRY)
