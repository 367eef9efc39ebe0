"""auth/auth-state-crypt-key-missing: a hub with auth_state enabled and no usable key in
JUPYTERHUB_CRYPT_KEY does not start; a hub started with another key than the one that
encrypted the stored auth_state cannot read it.

The key reaches the hub as its container's environment, as `docker run --env-file` (or a
systemd EnvironmentFile) passes the page's key file. A user's auth_state is stored through
the REST API (PATCH /hub/api/users/<name>), standing in for an authenticator that stores
it at login: the harness's DummyAuthenticator returns none.
"""

from __future__ import annotations

import pytest

from tests.hub.config import HUB_DB
from tests.hub.sections import exec_section, fragment, run_section

pytestmark = pytest.mark.scenario

ENTRY = "auth-state-crypt-key-missing"
BROKEN = fragment(f"auth/{ENTRY}/broken.py")
KEY_SH = f"auth/{ENTRY}/key.sh"
CHECK_SH = f"auth/{ENTRY}/check.sh"
HUB_API = "http://127.0.0.1:8081/hub/api"
STORED = {"access_token": "stand-in-for-a-provider-token", "refresh_token": "another"}


def key_file_env(path) -> dict:
    """The variables of an environment file, as `docker run --env-file` reads them."""
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def auth_state_seen(hub) -> str:
    out = exec_section(
        hub, CHECK_SH, "auth-state", token=hub.driver_token, name="you", hub_api=HUB_API
    )
    assert out.exit_code == 0, out.output
    return out.stdout.strip()


@pytest.mark.reproduces("auth-state-crypt-key-missing", "no-crypt-key")
def test_auth_state_without_a_key_stops_the_hub(hub_factory, symptoms, tmp_path):
    broken = hub_factory([BROKEN])
    assert broken.start_until_exit() == 1, broken.log(run=-1)[-3000:]
    symptoms.all_seen(broken.observed(run=-1))

    # The page's key file (on the host that starts the hub's container), made private and
    # never overwritten; the hub given it as its environment starts.
    env_file = tmp_path / "jupyterhub" / "crypt-key.env"
    made = run_section(KEY_SH, "env-file", env_file=str(env_file))
    assert made.returncode == 0, made
    env = key_file_env(env_file)
    assert len(env["JUPYTERHUB_CRYPT_KEY"]) == 64, env_file.read_text()
    mode = run_section(CHECK_SH, "key-file", env_file=str(env_file))
    assert mode.stdout.startswith("600 "), mode
    again = run_section(KEY_SH, "env-file", env_file=str(env_file))
    assert again.returncode != 0 and key_file_env(env_file) == env, again

    hub = hub_factory([BROKEN], env=env)
    hub.start()
    symptoms.all_gone(hub.observed(run=-1))
    assert hub.api("POST", "users/you").status_code == 201
    assert hub.api("PATCH", "users/you", json={"auth_state": STORED}).status_code == 200
    assert auth_state_seen(hub) == "auth_state: present (2 fields)"


@pytest.mark.reproduces("auth-state-crypt-key-missing", "bad-crypt-key")
def test_a_key_that_is_not_32_bytes_stops_the_hub(hub_factory, symptoms):
    # A hex key in quotes, as written into a file for `docker run --env-file`, which keeps
    # the quotes: 66 characters.
    made = run_section(KEY_SH, "make-key")
    key = made.stdout.strip()
    assert made.returncode == 0 and len(key) == 64, made
    broken = hub_factory([BROKEN], env={"JUPYTERHUB_CRYPT_KEY": f'"{key}"'})
    assert broken.start_until_exit() == 1, broken.log(run=-1)[-3000:]
    symptoms.all_seen(broken.observed(run=-1))

    hub = hub_factory([BROKEN], env={"JUPYTERHUB_CRYPT_KEY": key})
    hub.start()
    symptoms.all_gone(hub.observed(run=-1))


@pytest.mark.reproduces("auth-state-crypt-key-missing", "auth-state-unreadable")
def test_another_key_cannot_read_the_stored_auth_state(hub_factory, symptoms, tmp_path):
    # First start: a key file, a user's auth_state stored with its key.
    env_file = tmp_path / "crypt-key.env"
    assert run_section(KEY_SH, "env-file", env_file=str(env_file)).returncode == 0
    first_env = key_file_env(env_file)
    first = hub_factory([BROKEN], env=first_env)
    first.start()
    assert first.api("POST", "users/you").status_code == 201
    assert first.api("PATCH", "users/you", json={"auth_state": STORED}).status_code == 200
    assert auth_state_seen(first) == "auth_state: present (2 fields)"
    first.stop()

    # The next start with a new key (a start script that makes one each time): the hub
    # starts, but the stored auth_state is unreadable.
    made = run_section(KEY_SH, "make-key")
    other = hub_factory([BROKEN], env={"JUPYTERHUB_CRYPT_KEY": made.stdout.strip()})
    other.copy_files_from(first, [HUB_DB])
    other.start()
    assert auth_state_seen(other) == "auth_state: none, or unreadable with this key"
    symptoms.all_seen(other.observed(run=-1))
    other.stop()

    # The fix: the old key back. Rotating keeps it in the list behind a new key: the hub
    # reads the auth_state, and stores it again with the new key.
    rotated = run_section(KEY_SH, "rotate", env_file=str(env_file))
    assert rotated.returncode == 0, rotated
    keys = key_file_env(env_file)["JUPYTERHUB_CRYPT_KEY"].split(";")
    assert len(keys) == 2 and keys[1] == first_env["JUPYTERHUB_CRYPT_KEY"], keys
    assert run_section(CHECK_SH, "key-file", env_file=str(env_file)).stdout.startswith("600 ")
    fixed = hub_factory([BROKEN], env=key_file_env(env_file))
    fixed.copy_files_from(other, [HUB_DB])
    fixed.start()
    assert auth_state_seen(fixed) == "auth_state: present (2 fields)"
    symptoms.all_gone(fixed.observed(run=-1))
    fixed.stop()

    # Read once with both keys, it is stored with the new one: the new key alone reads it.
    new_only = hub_factory([BROKEN], env={"JUPYTERHUB_CRYPT_KEY": keys[0]})
    new_only.copy_files_from(fixed, [HUB_DB])
    new_only.start()
    assert auth_state_seen(new_only) == "auth_state: present (2 fields)"
