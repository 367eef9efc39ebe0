"""database/cookie-secret-file-rejected: the page's private secret is accepted, and a secret
variable in base64 instead of hex stops the hub. (The readable file: scenario.yaml.)"""

from __future__ import annotations

import re

import pytest

from tests.hub.sections import exec_section, fragment, run_section, section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "cookie-secret-file-rejected"
SECRET_SH = f"database/{ENTRY}/secret.sh"
CHECK_SH = f"database/{ENTRY}/check.sh"
# A base64 secret, as `openssl rand -base64 32` makes: the wrong encoding for the variable.
BASE64_SECRET = "q2Jp0Z8sYVvQmJ1xw3T4gN5cR6yL7eK8aH9uF0iD1oA="


def test_a_secret_made_with_the_pages_other_command_is_accepted(hub_factory, symptoms):
    # The readable file and its fix are the plain scenario (scenario.yaml). Here: the page's
    # other command, under the same usual umask, makes a secret that is born private.
    hub = hub_factory([fragment(f"database/{ENTRY}/broken.py")])
    hub.before_start("umask 022\n" + section(SECRET_SH, "create-private"))
    hub.start()
    symptoms.gone(ENTRY, "refusing-secret-file", hub.observed(run=-1))
    made = exec_section(hub, CHECK_SH, "check")
    assert made.stdout.startswith("600 root "), made.output
    UserClient.with_server(hub, "you")


@pytest.mark.reproduces("cookie-secret-file-rejected", "env-secret-not-hex")
def test_cookie_secret_variable_in_base64_stops_the_hub(hub_factory, symptoms):
    broken = hub_factory(env={"JPY_COOKIE_SECRET": BASE64_SECRET})
    assert broken.start_until_exit() != 0, broken.log(run=-1)[-3000:]
    symptoms.all_seen(broken.observed(run=-1))

    # The page's command makes the value (here, on the host that starts the hub's
    # container); a hub given it starts and serves a user.
    made = run_section(SECRET_SH, "env-secret")
    secret = made.stdout.strip()
    assert made.returncode == 0 and re.fullmatch(r"[0-9a-f]{64}", secret), made
    hub = hub_factory(env={"JPY_COOKIE_SECRET": secret})
    hub.start()
    symptoms.all_gone(hub.observed(run=-1))
    UserClient.with_server(hub, "you")
