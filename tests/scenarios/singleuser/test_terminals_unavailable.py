"""singleuser/terminals-unavailable: what a user's server answers when terminals are
turned off, when terminado cannot be imported, and when the user's shell is missing or
refuses logins. A terminal is made with a POST and used over a websocket, with the
user's own cookies, which scenario.yaml cannot express; the account's shell and the
missing package are changed in the hub's container between starts.

terminado missing is staged by moving its package aside in the container (the image has
it): the import then fails for real. The page's fix, `pip install`, needs the network,
so the scenario puts the package back instead."""

from __future__ import annotations

import asyncio
import json

import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import check_names

pytestmark = pytest.mark.scenario

ENTRY = "terminals-unavailable"
FOLDER = f"singleuser/{ENTRY}"
CHECK = f"{FOLDER}/check.sh"
JUPYTER = "/opt/hub/bin/jupyter"
HUB_URL = "http://127.0.0.1:8000"  # the proxy's public port, from inside the hub's container
SITE = "/opt/hub/lib/python3.11/site-packages"


def server_xsrf(user: UserClient, name: str) -> str:
    """The _xsrf cookie the user's server set (path /user/<name>/), as JupyterLab sends it."""
    for cookie in user.session.cookies:
        if cookie.name == "_xsrf" and cookie.path.startswith(f"/user/{name}"):
            return cookie.value
    raise AssertionError(f"no _xsrf cookie of /user/{name}/: {user.trail()}")


def new_terminal(user: UserClient, name: str):
    """POST /user/<name>/api/terminals, as JupyterLab does for File > New > Terminal."""
    return user.post(
        f"user/{name}/api/terminals",
        data="{}",
        follow=False,
        headers={
            "X-XSRFToken": server_xsrf(user, name),
            "Content-Type": "application/json",
            "Sec-Fetch-Mode": "cors",
            "Sec-Fetch-Dest": "empty",
        },
    )


async def _terminal_session(hub, user, name, term, typed, seconds):
    base = hub.url.replace("http://", "ws://").rstrip("/")
    cookies = "; ".join(f"{c.name}={c.value}" for c in user.session.cookies)
    request = HTTPRequest(
        f"{base}/user/{name}/terminals/websocket/{term}",
        headers={"Cookie": cookies, "Origin": hub.url.rstrip("/")},
    )
    try:
        conn = await websocket_connect(request)
    except Exception as exc:  # noqa: BLE001 - the answer is what the test looks at
        return f"websocket refused: {exc}"
    if typed:
        await conn.write_message(json.dumps(["stdin", typed]))
    out = []
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while loop.time() < end:
        try:
            message = await asyncio.wait_for(conn.read_message(), end - loop.time())
        except TimeoutError:
            break
        if message is None:
            break
        out.append(message)
    conn.close()
    return "\n".join(out)


def terminal_session(hub, user, name, term, typed="", seconds=3.0) -> str:
    """The terminal's websocket, as the browser opens it: what came back, or why refused."""
    return asyncio.run(_terminal_session(hub, user, name, term, typed, seconds))


def user_token(hub, name: str) -> str:
    """A token of the user, as they would make on /hub/token (the driver may make it)."""
    r = hub.api("POST", f"users/{name}/tokens", json={"note": "terminals check"})
    assert r.status_code == 201, r.text
    return r.json()["token"]


def assert_terminal_works(hub, user, name="you"):
    """The user opens a terminal and types in it, as in JupyterLab."""
    made = new_terminal(user, name)
    assert made.status == 200, user.trail()
    term = json.loads(made.body)["name"]
    session = terminal_session(hub, user, name, term, typed="echo works-$((6*7))\r")
    assert '["setup", {}]' in session and "works-42" in session, session


def run_verify(hub, name="you"):
    """The page's verify.sh (the API answers 200), then terminal.sh, which opens, checks
    and closes a terminal: "Terminal N closed" is expected after it."""
    token = user_token(hub, name)
    verify = exec_section(
        hub, f"{FOLDER}/verify.sh", "verify", hub_url=HUB_URL, name=name, token=token
    )
    assert verify.stdout.strip() == "terminals available", verify.output
    tried = exec_section(
        hub, f"{FOLDER}/terminal.sh", "try", hub_url=HUB_URL, name=name, token=token
    )
    assert "still running" in tried.stdout and "closed" in tried.stdout, tried.output


@pytest.mark.reproduces("terminals-unavailable", "api-terminals-404")
def test_terminals_disabled(hub_factory, symptoms):
    hub = hub_factory([fragment(f"{FOLDER}/broken.py")])
    hub.start()
    user = UserClient.with_server(hub, "you")
    mark = hub.mark()
    listing = user.get("user/you/api/terminals")  # the URL the page tells the user to open
    assert listing.status == 404, user.trail()
    assert new_terminal(user, "you").status == 404, user.trail()
    assert terminal_session(hub, user, "you", "1").startswith("websocket refused: HTTP 404")
    symptoms.all_seen(hub.observed(user, since=mark))

    api = exec_section(hub, CHECK, "api", hub_url=HUB_URL, name="you", token=user_token(hub, "you"))
    assert api.stdout.strip() == "404", api.output
    assert (
        exec_section(
            hub,
            f"{FOLDER}/verify.sh",
            "verify",
            hub_url=HUB_URL,
            name="you",
            token=user_token(hub, "you"),
        ).exit_code
        != 0
    )
    settings = exec_section(hub, CHECK, "settings", name="you", jupyter=JUPYTER)
    assert "ServerApp.terminals_enabled=False" in settings.stdout, settings.output
    assert check_names(hub, ENTRY)

    # The fix: terminals on again, from the next start of the server.
    hub.reconfigure([fragment(f"{FOLDER}/broken.py"), fragment(f"{FOLDER}/fix.py")])
    hub.restart()
    mark = hub.mark()
    user = UserClient.with_server(hub, "you")
    assert user.get("user/you/api/terminals").status == 200, user.trail()
    assert_terminal_works(hub, user)
    run_verify(hub)
    api = exec_section(hub, CHECK, "api", hub_url=HUB_URL, name="you", token=user_token(hub, "you"))
    assert api.stdout.strip() == "200", api.output
    symptoms.all_gone(hub.observed(user, since=mark))
    assert not check_names(hub, ENTRY)


@pytest.mark.reproduces("terminals-unavailable", "terminado-missing")
def test_terminado_missing(hub_factory, symptoms):
    hub = hub_factory([])
    hub.start()
    hub.exec(f"mv {SITE}/terminado {SITE}/terminado.moved-aside").check()
    user = UserClient.with_server(hub, "you")
    assert user.get("user/you/api/terminals").status == 404, user.trail()
    symptoms.all_seen(hub.observed(user))
    listed = exec_section(hub, CHECK, "extensions", name="you", jupyter=JUPYTER)
    assert "could not be found (No module named 'terminado')" in listed.stdout, listed.output

    # The fix: the package back in the environment (pip install, offline here), then a
    # new start of the user's server.
    hub.exec(f"mv {SITE}/terminado.moved-aside {SITE}/terminado").check()
    hub.stop_server("you")
    mark = hub.mark()
    user = UserClient.with_server(hub, "you")
    assert_terminal_works(hub, user)
    run_verify(hub)
    listed = exec_section(hub, CHECK, "extensions", name="you", jupyter=JUPYTER)
    assert "jupyter_server_terminals" in listed.stdout and "OK" in listed.stdout, listed.output
    symptoms.all_gone(hub.observed(user, since=mark))


@pytest.mark.reproduces(
    "terminals-unavailable",
    "shell-not-found",
    "post-terminals-500",
    "terminal-closed",
    "websocket-404",
)
def test_login_shell_missing_or_nologin(hub_factory, symptoms):
    hub = hub_factory([])
    hub.start()

    # The account's shell is a program that is not installed.
    hub.exec("usermod -s /bin/zsh you").check()
    mark = hub.mark()
    user = UserClient.with_server(hub, "you")
    assert user.get("user/you/api/terminals").status == 200, user.trail()  # listing works
    made = new_terminal(user, "you")
    assert made.status == 500 and '"Unhandled error"' in made.body, user.trail()
    shell = exec_section(hub, CHECK, "shell", name="you")
    assert "you's shell '/bin/zsh' is NOT executable" in shell.stdout, shell.output

    # The account's shell refuses logins: the terminal opens and closes at once.
    hub.stop_server("you")
    hub.exec("usermod -s /usr/sbin/nologin you").check()
    user = UserClient.with_server(hub, "you")
    made = new_terminal(user, "you")
    assert made.status == 200, user.trail()
    term = json.loads(made.body)["name"]
    hub.wait_for_log(rf"Terminal {term} closed", 10, source="singleuser:you", since=mark)
    refused = terminal_session(hub, user, "you", term)
    assert refused.startswith("websocket refused: HTTP 404"), refused
    shell = exec_section(hub, CHECK, "shell", name="you")
    assert "refuses logins" in shell.stdout, shell.output
    tried = exec_section(
        hub,
        f"{FOLDER}/terminal.sh",
        "try",
        hub_url=HUB_URL,
        name="you",
        token=user_token(hub, "you"),
    )
    assert "created" in tried.stdout and "still running" not in tried.stdout, tried.output
    symptoms.all_seen(hub.observed(user, since=mark))

    # One fix: terminado_settings names the shell for every user.
    hub.reconfigure([fragment(f"{FOLDER}/shell-command.py")])
    hub.restart()
    mark = hub.mark()
    user = UserClient.with_server(hub, "you")
    assert_terminal_works(hub, user)
    symptoms.all_gone(hub.observed(user, since=mark))
    run_verify(hub)  # closes its own terminal: "Terminal 2 closed" is expected from here

    # The other: the account gets a shell that exists (the page's usermod).
    hub.reconfigure([])
    hub.restart()
    exec_section(hub, f"{FOLDER}/fix.sh", "login-shell", name="you").check()
    mark = hub.mark()
    user = UserClient.with_server(hub, "you")
    assert_terminal_works(hub, user)
    symptoms.all_gone(hub.observed(user, since=mark))
    run_verify(hub)
    shell = exec_section(hub, CHECK, "shell", name="you")
    assert "you's shell /bin/bash is executable" in shell.stdout, shell.output
