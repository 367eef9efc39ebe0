"""spawners/spawn-options-form-errors: an options form whose values never reach the
spawner, or that breaks the spawn page.

The page's broken code reads form fields as strings (they are lists of strings) and
assumes every start comes through the form (the admin panel and the REST API send none);
a form callable that raises makes /hub/spawn answer 500. Each fix is the page's fragment,
and the REST API shows the user_options each server was started with (check.sh).
"""

from __future__ import annotations

import html
import json
import re

import pytest
from packaging.version import Version

from tests.hub.sections import exec_section, fragment
from tests.hub.user_client import UserClient
from tests.hub.util import wait_until
from tests.scenarios.reproduce import HUB_VERSION

pytestmark = pytest.mark.scenario

ENTRY = "spawn-options-form-errors"
FORM = fragment(f"spawners/{ENTRY}/form.py")
BROKEN = fragment(f"spawners/{ENTRY}/broken.py")
FIX = fragment(f"spawners/{ENTRY}/fix.py")
APPLY = fragment(f"spawners/{ENTRY}/apply.py")
FORM_RAISES = fragment(f"spawners/{ENTRY}/form-raises.py")
FORM_FIX = fragment(f"spawners/{ENTRY}/form-fix.py")
CHECK = f"spawners/{ENTRY}/check.sh"
FIX_SH = f"spawners/{ENTRY}/fix.sh"

_FORM_ACTION = re.compile(r'<form\b[^>]*\baction="([^"]*)"', re.S)


def submit_form(client: UserClient, fields: dict, path: str = "hub/spawn"):
    """What a browser does with the options form: GET the page, then POST the chosen
    values as multipart/form-data to the form's action (which carries the _xsrf token).
    The answer is not followed: a redirect to the spawn-pending page means the spawn began."""
    page = client.get(path)
    assert page.status == 200, client.trail()
    found = _FORM_ACTION.search(page.body)
    assert found, f"no options form on {page}"
    action = html.unescape(found.group(1))
    files = {key: (None, value) for key, value in fields.items()}
    return client.post(action, files=files, follow=False)


def spawn_began(hop, user: str) -> bool:
    return hop.status == 302 and f"/spawn-pending/{user}" in (hop.location or "")


def server_options(hub, user: str) -> dict:
    """The page's check.sh [options], run on the hub's machine: {server: user_options}."""
    done = exec_section(hub, CHECK, "options", name=user, token=hub.driver_token)
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout.strip().splitlines()[-1])


def server_env(hub, user: str, variable: str) -> str | None:
    """A variable of the user's running server process (test-only: read as that user)."""
    done = hub.exec(
        f"pid=$(pgrep -u {user} -f jupyterhub-singleuser | head -n 1); "
        f"sudo -u {user} cat /proc/$pid/environ | tr '\\0' '\\n'",
        record=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith(f"{variable}="):
            return line.split("=", 1)[1]
    return None


def wait_ready(hub, user: str) -> None:
    hub.wait_server_ready(user, timeout=40)


@pytest.mark.reproduces(
    "spawn-options-form-errors",
    "failed-with-form",
    "typeerror-not-list",
    "form-error-message",
    "unhandled-error-keyerror",
)
def test_form_values_are_lists_and_api_starts_have_none(hub_factory, symptoms):
    hub = hub_factory([FORM, BROKEN]).start()

    # A user fills in the form: options_from_form gets lists and fails; the form comes
    # back with the exception's text above it.
    you = UserClient(hub)
    you.login("you")
    answer = submit_form(you, {"ui": "/tree", "threads": "2"})
    assert answer.status == 200, you.trail()
    hub.wait_for_log(r"Failed to spawn single-user server with form", source="hub")

    # An admin starts alice's server from the admin panel: the same request, without a
    # body, that Start Server sends. No options: the hook's KeyError, a 500.
    assert hub.api("POST", "users/alice").status_code == 201
    started = hub.api("POST", "users/alice/server", timeout=30)
    assert started.status_code == 500, started.text
    hub.wait_for_log(r"Unhandled error starting alice's server", source="hub")
    symptoms.all_seen(hub.observed(you))

    # The fix: take the first value of each field, apply options with defaults.
    hub.reconfigure([FORM, FIX])
    hub.restart()
    you = UserClient(hub)
    you.login("you")
    answer = submit_form(you, {"ui": "/tree", "threads": "2"})
    assert spawn_began(answer, "you"), you.trail()
    wait_ready(hub, "you")
    assert server_options(hub, "you") == {"(default)": {"ui": "/tree", "threads": "2"}}
    assert server_env(hub, "you", "OMP_NUM_THREADS") == "2"
    assert you.working_server("you"), you.trail()

    # The admin panel's start works again, with the defaults: it sent no options.
    started = hub.api("POST", "users/alice/server", timeout=30)
    assert started.status_code in (201, 202), started.text
    wait_ready(hub, "alice")
    assert server_options(hub, "alice") == {"(default)": {}}
    assert server_env(hub, "alice", "OMP_NUM_THREADS") == "1"

    # The page's way to start a server with options through the REST API.
    assert hub.api("POST", "users/bob").status_code == 201
    done = exec_section(hub, FIX_SH, "start-with-options", name="bob", token=hub.driver_token)
    assert done.exit_code == 0 and done.stdout.strip()[-3:] in ("201", "202"), done.output
    wait_ready(hub, "bob")
    assert server_options(hub, "bob") == {"(default)": {"ui": "/tree", "threads": "2"}}
    assert server_env(hub, "bob", "OMP_NUM_THREADS") == "2"
    symptoms.all_gone(hub.observed(you, run=-1))


@pytest.mark.reproduces(
    "spawn-options-form-errors",
    "unhandled-user-options",
    "exception-applying",
    "invalid-user-options",
)
def test_apply_user_options(hub_factory, symptoms):
    # With fix.py's pre_spawn_hook, JupyterHub 5.3 and later still warn that nothing
    # handled the options (4.1 has no such warning: the symptom's range).
    hub = hub_factory([FORM, FIX]).start()
    you = UserClient(hub)
    you.login("you")
    assert spawn_began(submit_form(you, {"ui": "/tree", "threads": "2"}), "you"), you.trail()
    wait_ready(hub, "you")
    assert server_env(hub, "you", "OMP_NUM_THREADS") == "2"
    symptoms.seen(ENTRY, "unhandled-user-options", hub.observed())
    if Version(HUB_VERSION) < Version("5.3"):
        for symptom in ("exception-applying", "invalid-user-options"):
            symptoms.seen(ENTRY, symptom, hub.observed(you))  # 4.x: none, as documented
        return

    # JupyterHub 5.3 and later: apply.py instead of fix.py. No warning, and a value
    # outside the form's range is refused with a 400.
    hub.reconfigure([FORM, APPLY])
    hub.restart()
    carol = UserClient(hub)
    carol.login("carol")
    assert spawn_began(submit_form(carol, {"ui": "/tree", "threads": "3"}), "carol")
    wait_ready(hub, "carol")
    assert server_options(hub, "carol") == {"(default)": {"ui": "/tree", "threads": "3"}}
    assert server_env(hub, "carol", "OMP_NUM_THREADS") == "3"
    symptoms.gone(ENTRY, "unhandled-user-options", hub.observed(run=-1))

    dave = UserClient(hub)
    dave.login("dave")
    refused = submit_form(dave, {"ui": "/tree", "threads": "99"})
    assert refused.status == 400, dave.trail()
    hub.wait_for_log(r"Exception applying user_options for dave", source="hub")
    symptoms.seen(ENTRY, "exception-applying", hub.observed(dave))
    symptoms.seen(ENTRY, "invalid-user-options", hub.observed(dave))


@pytest.mark.reproduces(
    "spawn-options-form-errors",
    "uncaught-exception-spawn",
)
def test_options_form_callable_raises(hub_factory, symptoms):
    hub = hub_factory([FORM_RAISES]).start()
    bob = UserClient(hub)
    bob.login("bob")
    page = bob.get("hub/spawn")
    assert page.status == 500 and "500 : Internal Server Error" in bob.transcript(), bob.trail()
    hub.wait_for_log(r"500 GET /hub/spawn ", source="hub")
    symptoms.all_seen(hub.observed(bob))
    # The frame that names the form's code (a traceback's frame, not a message: in the text).
    hub.wait_for_log(r'jupyterhub/spawner\.py", line \d+, in get_options_form', source="hub")

    hub.reconfigure([FORM_FIX])
    hub.restart()
    bob = UserClient(hub)
    bob.login("bob")
    answer = submit_form(bob, {"ui": "/lab"})
    assert spawn_began(answer, "bob"), bob.trail()
    wait_ready(hub, "bob")
    assert bob.working_server("bob"), bob.trail()
    symptoms.all_gone(hub.observed(bob, run=-1))


@pytest.mark.skipif(
    not HUB_VERSION.startswith("6."), reason="the opt- prefix of /hub/spawn links is JupyterHub 6's"
)
@pytest.mark.reproduces("spawn-options-form-errors", "opt-mix-ignored", "opt-prefix-warning")
def test_spawn_links_need_the_opt_prefix(hub_factory, symptoms):
    hub = hub_factory([FORM, FIX]).start()
    # A link that prefixes one option and not the other: the other is dropped.
    bob = UserClient(hub)
    bob.login("bob")
    bob.get("hub/spawn?opt-ui=/tree&threads=3", follow=False)
    wait_ready(hub, "bob")
    assert server_options(hub, "bob") == {"(default)": {"ui": "/tree"}}
    # A link without prefixes still works on 6, with a warning.
    carol = UserClient(hub)
    carol.login("carol")
    carol.get("hub/spawn/carol?ui=/tree&threads=3", follow=False)
    wait_ready(hub, "carol")
    assert server_options(hub, "carol") == {"(default)": {"ui": "/tree", "threads": "3"}}
    symptoms.all_seen(hub.observed())

    # The fix: every option with opt-.
    mark = hub.mark()
    dave = UserClient(hub)
    dave.login("dave")
    dave.get("hub/spawn?opt-ui=/tree&opt-threads=3", follow=False)
    wait_ready(hub, "dave")
    assert server_options(hub, "dave") == {"(default)": {"ui": "/tree", "threads": "3"}}
    wait_until(lambda: server_env(hub, "dave", "OMP_NUM_THREADS") == "3", "dave's threads", 10)
    symptoms.all_gone(hub.observed(since=mark))
