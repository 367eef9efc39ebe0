"""reverse-proxy/tls-misconfiguration: Debian's nginx on 443 in front of a real hub, with
certificates made for the run (a root CA, an intermediate CA, the hub's certificate).

- nginx serving the hub's certificate without its intermediate: clients that trust the
  root (curl in the hub's container, Python on the host) refuse it; the page's fix (the
  full chain) then carries a login, a spawn and a kernel's websocket over wss, verified.
- https spoken to a plain-http port (nginx's proxy_pass https:// to the hub, a client
  to the hub's 8000), and plain http to nginx's https port.
- the hub's own ssl_cert/ssl_key behind nginx, which speaks http to it.

scenario.yaml cannot put nginx in front of the hub, make certificates or use a client's
trust store. The certificates should move into the harness (front.py) once a second
entry needs them; test_front_configs.py needs them too, for `nginx -t` on these files.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import subprocess
import time
import uuid
from pathlib import Path

import aiohttp
import pytest
import requests

from tests.hub.chromium import HubBrowser
from tests.hub.front import KINDS, FrontServer
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "tls-misconfiguration"
FOLDER = f"reverse-proxy/{ENTRY}"
CHECK = f"{FOLDER}/check.sh"
FIX = f"{FOLDER}/fix.sh"
CERTS = "/etc/ssl/jupyterhub"
NAME = "hub.example.org"  # never resolved: clients reach 127.0.0.1 and check this name


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_certificates(where: Path) -> dict[str, str]:
    """A root CA, an intermediate CA it signs, and the hub's certificate the intermediate
    signs (for hub.example.org, localhost and 127.0.0.1), as files' texts by name."""
    ca_ext = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
    (where / "ca.ext").write_text(ca_ext)
    (where / "hub.ext").write_text(
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\n"
        f"subjectAltName=DNS:{NAME},DNS:localhost,IP:127.0.0.1\n"
    )
    openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
        "/CN=Example Root CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-keyout", "ca.key", "-out", "ca.crt", cwd=where,
    )  # fmt: skip
    for name, subject, issuer, ext in (
        ("intermediate", "/CN=Example Intermediate CA", "ca", "ca.ext"),
        ("hub", f"/CN={NAME}", "intermediate", "hub.ext"),
    ):
        openssl(
            "req", "-newkey", "rsa:2048", "-nodes", "-subj", subject,
            "-keyout", f"{name}.key", "-out", f"{name}.csr", cwd=where,
        )  # fmt: skip
        openssl(
            "x509", "-req", "-in", f"{name}.csr", "-CA", f"{issuer}.crt",
            "-CAkey", f"{issuer}.key", "-CAcreateserial", "-days", "2",
            "-extfile", ext, "-out", f"{name}.crt", cwd=where,
        )  # fmt: skip
    files = {
        n: (where / n).read_text() for n in ("ca.crt", "intermediate.crt", "hub.crt", "hub.key")
    }
    return files


def install_certificates(hub, files: dict[str, str], full_chain: bool) -> None:
    """On the hub's machine: the hub's certificate, key and intermediate where the page's
    configuration reads them; the full chain only when asked (the fix makes it)."""
    for name, text in files.items():
        if name != "ca.crt":
            hub.write_file(f"{CERTS}/{name}", text, mode=0o600 if name.endswith(".key") else 0o644)
    # The root CA: what clients on the hub's machine trust (a public CA's root is in every
    # trust store; ours is only in this file, named by SSL_CERT_FILE and CURL_CA_BUNDLE).
    hub.write_file("/opt/tls-test/ca.crt", files["ca.crt"])
    if full_chain:
        hub.write_file(f"{CERTS}/fullchain.crt", files["hub.crt"] + files["intermediate.crt"])


TRUST = {"SSL_CERT_FILE": "/opt/tls-test/ca.crt", "CURL_CA_BUNDLE": "/opt/tls-test/ca.crt"}


def python_error(url: str, **kw) -> str:
    """What Python's requests raises on the host for a GET (the exception's text)."""
    try:
        response = requests.get(url, timeout=10, **kw)
    except requests.RequestException as exc:
        return f"{type(exc).__module__}.{type(exc).__name__}: {exc}"
    return f"{response.status_code} {response.text}"


async def _wss_kernel(client: UserClient, url: str, context: ssl.SSLContext) -> bool:
    """The kernel's websocket over wss, the certificate verified with our root only; True
    when the kernel answers a kernel_info_request through it."""
    origin, path = url.split("/user/", 1)
    path = "/user/" + path
    cookies = "; ".join(
        f"{c.name}={c.value}" for c in client.session.cookies if path.startswith(c.path)
    )
    headers = {"Cookie": cookies, "Origin": origin}
    msg_id = uuid.uuid4().hex
    request = {
        "header": {"msg_id": msg_id, "msg_type": "kernel_info_request", "username": "you",
                   "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell",
    }  # fmt: skip
    wss = "wss" + url[len("https") :]
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as http:
        async with http.ws_connect(wss, headers=headers, ssl=context) as ws:
            await ws.send_str(json.dumps(request))
            async for message in ws:
                if message.type != aiohttp.WSMsgType.TEXT:
                    break
                reply = json.loads(message.data)
                if reply.get("parent_header", {}).get("msg_id") == msg_id:
                    return reply["header"]["msg_type"] == "kernel_info_reply"
    return False


def nginx_front(hub, config: str) -> FrontServer:
    front = FrontServer(hub, "nginx", port=443, scheme="https")
    installed = front.install(fragment(f"{FOLDER}/{config}"))
    assert installed.exit_code == 0, installed.output
    front.start()
    return front


@pytest.mark.reproduces(
    "tls-misconfiguration", "curl-issuer", "python-issuer", "chromium-authority"
)
def test_leaf_without_its_intermediate_is_refused_until_the_full_chain(
    hub_factory, symptoms, tmp_path
):
    files = make_certificates(tmp_path)
    ca = str(tmp_path / "ca.crt")
    hub = hub_factory(publish=(443,), user_image="kernel").start()
    install_certificates(hub, files, full_chain=False)
    front = nginx_front(hub, "broken.nginx.conf")

    curl = exec_section(hub, CHECK, "curl", env=TRUST, url="https://localhost/hub/login")
    chain = exec_section(hub, CHECK, "chain", env=TRUST, host="localhost")
    python = python_error(front.url + "hub/login", verify=ca)
    with HubBrowser(front.url) as browser:
        try:
            browser.goto(front.url + "hub/login")
            chromium = "loaded"
        except Exception as exc:  # "Page.goto: net::ERR_...": Playwright's prefix dropped
            chromium = str(exc).splitlines()[0].removeprefix("Page.goto: ")
    symptoms.all_seen_soon(
        lambda: {
            **hub.observed(),
            "shell": "\n".join([curl.output, python]),
            "browser": chromium,
            "front-log": front.error_log(),
        }
    )
    assert chain.stdout.count(" s:") == 1, chain.output

    # The fix: the page's full chain, the page's configuration, then check and reload.
    made = exec_section(hub, FIX, "fullchain")
    assert made.exit_code == 0, made.output
    digests = made.stdout.split()
    assert digests[0] == digests[2], made.output
    hub.write_file(KINDS["nginx"].site, fragment(f"{FOLDER}/fix.nginx.conf").read_text())
    reloaded = exec_section(hub, FIX, "reload-nginx")
    assert reloaded.exit_code == 0, reloaded.output
    front._wait_listening(20)

    chain = exec_section(hub, CHECK, "chain", env=TRUST, host="localhost")
    assert chain.stdout.count(" s:") == 2 and "Verify return code: 0 (ok)" in chain.stdout, (
        chain.output
    )
    curl = exec_section(hub, CHECK, "curl", env=TRUST, url="https://localhost/hub/login")
    assert curl.exit_code == 0 and curl.stdout.strip() == "200", curl.output
    # End to end, every certificate verified against the root only: login, spawn, and a
    # kernel's websocket over wss.
    client = UserClient(front.url)
    client.session.trust_env = False  # else REQUESTS_CA_BUNDLE overrides verify
    client.session.verify = ca
    client.login("you")
    assert client.logged_in, client.trail()
    spawned = client.spawn("you")
    assert spawned.ready, spawned.message
    kernel = client.start_kernel("you")
    context = ssl.create_default_context(cafile=ca)
    # A kernel just started may close its websocket before it answers, several times in a
    # row on a busy machine (3 tries 2 s apart were not enough in a full run): tries for
    # half a minute. A certificate wss cannot verify raises instead, at once.
    for _ in range(6):
        url = f"{front.url}user/you/api/kernels/{kernel}/channels?session_id={uuid.uuid4()}"
        if asyncio.run(_wss_kernel(client, url, context)):
            break
        time.sleep(5)
    else:
        raise AssertionError(f"no kernel_info_reply over wss in 6 tries: {url}")


@pytest.mark.reproduces(
    "tls-misconfiguration",
    "nginx-wrong-version",
    "curl-wrong-version",
    "python-wrong-version",
    "plain-http-to-https",
)
def test_https_to_a_plain_http_port_and_back(hub_factory, symptoms, tmp_path):
    files = make_certificates(tmp_path)
    hub = hub_factory(publish=(443,), user_image="kernel").start()
    install_certificates(hub, files, full_chain=True)
    front = nginx_front(hub, "upstream-https.nginx.conf")
    through = python_error(front.url + "hub/login", verify=str(tmp_path / "ca.crt"))
    # A client that speaks https to the hub's own port, where http is spoken.
    curl = hub.exec("curl -sS -o /dev/null https://127.0.0.1:8000/hub/login", env=TRUST)
    python = python_error(hub.url.replace("http://", "https://") + "hub/login")
    # And plain http to nginx's https port.
    plain = python_error(front.url.replace("https://", "http://") + "hub/login")
    assert through.startswith("502 "), through
    symptoms.all_seen_soon(
        lambda: {
            **hub.observed(),
            "shell": "\n".join([curl.output, python]),
            "browser": plain,
            "front-log": front.error_log(),
        }
    )
    errors = exec_section(hub, CHECK, "nginx-errors")
    assert "wrong version number" in errors.stdout, errors.output
    assert front.reload(fragment(f"{FOLDER}/fix.nginx.conf")).exit_code == 0
    client = UserClient(front.url)
    client.session.trust_env = False  # else REQUESTS_CA_BUNDLE overrides verify
    client.session.verify = str(tmp_path / "ca.crt")
    client.login("you")
    assert client.logged_in, client.trail()


@pytest.mark.reproduces("tls-misconfiguration", "nginx-upstream-closed", "curl-empty-reply")
def test_hub_ssl_cert_behind_nginx(hub_factory, symptoms, tmp_path):
    files = make_certificates(tmp_path)
    hub = hub_factory([fragment(f"{FOLDER}/hub-ssl.py")], publish=(443,), user_image="kernel")
    hub.create()
    install_certificates(hub, files, full_chain=True)
    hub.start(wait="log")
    front = nginx_front(hub, "fix.nginx.conf")
    through = python_error(front.url + "hub/login", verify=str(tmp_path / "ca.crt"))
    port = exec_section(hub, CHECK, "hub-port", config="/srv/jupyterhub/jupyterhub_config.py")
    assert through.startswith("502 "), through
    symptoms.all_seen_soon(
        lambda: {**hub.observed(), "shell": port.output, "front-log": front.error_log()}
    )
    assert "ssl_cert" in port.stdout, port.output
    # The fix: the two lines gone, the hub restarted (nginx with it: PID 1), login works.
    hub.reconfigure([])
    hub.restart()
    front.start()
    client = UserClient(front.url)
    client.session.trust_env = False  # else REQUESTS_CA_BUNDLE overrides verify
    client.session.verify = str(tmp_path / "ca.crt")
    client.login("you")
    assert client.logged_in, client.trail()
    assert client.spawn("you").ready
