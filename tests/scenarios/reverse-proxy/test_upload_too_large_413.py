"""reverse-proxy/upload-too-large-413: Debian's nginx in front of a real hub, with the
page's broken configuration (no client_max_body_size: 1m), then its fix. The user logs in
and spawns through nginx, then saves a notebook of about 1.5 MB as JupyterLab does (one
PUT to the contents API, the server's _xsrf cookie in X-XSRFToken). Apache with a
LimitRequestBody below the notebook's size shows what Apache does with the same save.
scenario.yaml cannot put a server in front of the hub or send a PUT."""

from __future__ import annotations

import base64
import json
import os

import pytest

from tests.hub.front import KINDS, FrontServer
from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "upload-too-large-413"
FOLDER = f"reverse-proxy/{ENTRY}"
CHECK = f"{FOLDER}/check.sh"
FIX = f"{FOLDER}/fix.sh"
NOTEBOOK = "big.ipynb"


def big_notebook(size: int = 1_500_000) -> dict:
    """A notebook with one output holding an image of ``size`` bytes of base64: what a
    notebook with plots weighs."""
    png = base64.b64encode(os.urandom(size * 3 // 4)).decode()
    return {
        "type": "notebook",
        "format": "json",
        "content": {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {},
            "cells": [
                {
                    "cell_type": "code",
                    "id": "plot",
                    "execution_count": 1,
                    "metadata": {},
                    "source": "plot()",
                    "outputs": [
                        {
                            "output_type": "display_data",
                            "metadata": {},
                            "data": {"image/png": png, "text/plain": "<Figure>"},
                        }
                    ],
                }
            ],
        },
    }


def save(client: UserClient, user: str, body: dict):
    """JupyterLab's save: PUT /user/<name>/api/contents/<path> with the whole notebook."""
    path = f"user/{user}/api/contents/{NOTEBOOK}"
    client.open(f"user/{user}/files/hello.txt")  # the server's cookies, via OAuth
    return client.request(
        "PUT", path, follow=False, json=body, headers={"X-XSRFToken": client.xsrf_for(path) or ""}
    )


def seen(hub, front, client) -> dict[str, str]:
    return {
        **hub.observed(client),
        "front-log": front.error_log() + "\n" + front.access_log(),
    }


@pytest.mark.reproduces(
    "upload-too-large-413", "browser-413", "front-error-too-large", "front-access-413"
)
def test_nginx_default_body_limit_refuses_a_big_save(hub_factory, symptoms):
    hub = hub_factory(publish=(80,)).start()
    front = FrontServer(hub, "nginx")
    installed = front.install(fragment(f"{FOLDER}/broken.nginx.conf"))
    assert installed.exit_code == 0, installed.output
    front.start()
    body = big_notebook()
    assert len(json.dumps(body)) > 1024 * 1024

    client = UserClient(front.url)
    client.login("you")
    assert client.spawn("you").ready, client.trail()
    refused = save(client, "you", body)
    assert refused.status == 413, client.trail(4)
    # A small save goes through: only big bodies are refused.
    small = save(client, "you", big_notebook(10_000))
    assert small.status in (200, 201), client.trail(4)
    symptoms.all_seen_soon(lambda: seen(hub, front, client))
    shown = exec_section(hub, CHECK, "error-log")
    assert "client intended to send too large body" in shown.stdout, shown.output
    shown = exec_section(hub, CHECK, "access-log")
    assert '" 413 ' in shown.stdout, shown.output
    limit = exec_section(hub, CHECK, "nginx-limit")
    assert "not set: 1m" in limit.stdout, limit.output
    print("\n--- broken: nginx error.log\n" + front.error_log())
    print("--- broken: nginx access.log\n" + front.access_log())
    print("--- broken: the user saw\n" + client.transcript()[-1500:])

    # The fix: the page's file in place, then its reload command.
    hub.write_file(KINDS["nginx"].site, fragment(f"{FOLDER}/fix.nginx.conf").read_text())
    reloaded = exec_section(hub, FIX, "reload-nginx")
    assert reloaded.exit_code == 0, reloaded.output
    limit = exec_section(hub, CHECK, "nginx-limit")
    assert "client_max_body_size 512m;" in limit.stdout, limit.output

    # End to end through the fixed nginx: a new login, the server, the same save.
    errors_before = front.error_log()
    access_before = front.access_log()
    fixed = UserClient(front.url)
    fixed.login("you")
    assert fixed.spawn("you").ready, fixed.trail()
    saved = save(fixed, "you", body)
    assert saved.status in (200, 201), fixed.trail(4)
    assert json.loads(saved.body)["size"] > 1024 * 1024, saved.body[:300]
    after = {
        "browser": fixed.transcript(),
        "front-log": front.error_log()[len(errors_before) :]
        + front.access_log()[len(access_before) :],
    }
    symptoms.all_gone(after)
    print("--- fixed: nginx access.log\n" + after["front-log"])


APACHE_LIMITED = """\
<VirtualHost *:80>
    ServerName hub.example.org
    ErrorLog ${APACHE_LOG_DIR}/error.log
    CustomLog ${APACHE_LOG_DIR}/access.log combined
    LimitRequestBody 1048576

    ProxyPreserveHost On
    ProxyPass / http://127.0.0.1:8000/ upgrade=websocket
    ProxyPassReverse / http://127.0.0.1:8000/
</VirtualHost>
"""


def test_apache_limit_request_body_on_a_proxied_save(hub_factory):
    hub = hub_factory(publish=(80,)).start()
    front = FrontServer(hub, "apache")
    installed = front.install_text(APACHE_LIMITED)
    assert installed.exit_code == 0, installed.output
    front.start()
    client = UserClient(front.url)
    client.login("you")
    assert client.spawn("you").ready, client.trail()
    # The page says: Apache passes a proxied body over LimitRequestBody on; the server
    # saves the notebook.
    result = save(client, "you", big_notebook())
    assert result.status == 201, (result, front.error_log()[-2000:])
    assert '"PUT /user/you/api/contents/big.ipynb HTTP/1.1" 201 ' in front.access_log()
