"""kubernetes/kubespawner-profile-list-errors: a profile_list whose profiles fail the spawn,
or whose overrides never apply, with a real JupyterHub and a real KubeSpawner.

There is no Kubernetes cluster: the hub runs in the `kubespawner` user image (the hub image
plus the KubeSpawner the charts pair with this JupyterHub, tests/hub/user-images/), with a
kubeconfig whose API server is 127.0.0.1:6443 inside the hub's own container, where
nothing listens. KubeSpawner renders the spawn form, parses the posted form and applies
the chosen profile (load_user_options) before it asks the cluster for anything, so every
message of the page comes from the real code paths. A start that gets through its profile
goes on to the first API call and fails there, with "Cannot connect to host
127.0.0.1:6443": the tests assert that for the profiles that work (or, for a later start
on the same hub, which waits on KubeSpawner's failed pod watch, the overrides applied).

The profile lists are the page's own values files: the chart hands
singleuser.profileList to KubeSpawner as profile_list unchanged
(jupyterhub/files/hub/jupyterhub_config.py), and so does the test-only fragment here.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from packaging.version import Version

from tests.hub.config import scratch_fragment
from tests.hub.sections import fragment
from tests.hub.user_client import UserClient
from tests.scenarios.reproduce import HUB_VERSION

pytestmark = pytest.mark.scenario

ENTRY = "kubespawner-profile-list-errors"
BROKEN = "broken.values.yaml"
BROKEN_STORAGE = "broken-storage.values.yaml"
BROKEN_TYPES = "broken-types.values.yaml"
FREE_IMAGE = "free-image.values.yaml"
FIX = "fix.values.yaml"

# The Kubernetes API KubeSpawner is given: a port of the hub container's own loopback
# where nothing listens, so every API call is refused on the spot, on this machine.
FAKE_API = "127.0.0.1:6443"
KUBECONFIG = f"""\
apiVersion: v1
kind: Config
clusters:
  - name: nowhere
    cluster:
      server: https://{FAKE_API}
users:
  - name: hub
    user:
      token: not-a-token
contexts:
  - name: nowhere
    context: {{cluster: nowhere, user: hub, namespace: jhub}}
current-context: nowhere
"""
AT_THE_CLUSTER = re.escape(f"Cannot connect to host {FAKE_API} ")
_FORM_ACTION = re.compile(r'<form\b[^>]*\baction="([^"]*)"', re.S)


def kube_wiring(tmp_path: Path) -> Path:
    """KubeSpawner as the hub's spawner, with the kubeconfig above, and the hub at debug
    level as the page's debug.values.yaml sets it (debug.enabled: true)."""
    return scratch_fragment(
        tmp_path,
        "kubespawner-without-a-cluster",
        "import os, pathlib\n"
        f"pathlib.Path('/srv/jupyterhub/kubeconfig').write_text({KUBECONFIG!r})\n"
        "os.environ['KUBECONFIG'] = '/srv/jupyterhub/kubeconfig'\n"
        "c.JupyterHub.spawner_class = 'kubespawner.KubeSpawner'\n"
        "c.KubeSpawner.namespace = 'jhub'\n"
        "c.JupyterHub.log_level = 'DEBUG'  # debug.values.yaml\n",
    )


def profiles_of(*values: str) -> list[dict]:
    """singleuser.profileList of the page's values files, one list."""
    found = []
    for name in values:
        path = Path(fragment(f"kubernetes/{ENTRY}/{name}"))
        found += yaml.safe_load(path.read_text())["singleuser"]["profileList"]
    return found


def profile_list(tmp_path: Path, name: str, profiles: list[dict]) -> Path:
    """What the chart does with singleuser.profileList: c.KubeSpawner.profile_list."""
    return scratch_fragment(tmp_path, name, f"c.KubeSpawner.profile_list = {profiles!r}\n")


def options_form(client: UserClient, path: str = "hub/spawn"):
    page = client.get(path)
    assert page.status == 200, client.trail()
    found = _FORM_ACTION.search(page.body)
    assert found, f"no options form on {page}"
    return page, html.unescape(found.group(1))


def post_form(client: UserClient, action: str, fields: dict):
    """A browser's POST of the spawn form (multipart/form-data), not followed."""
    files = {key: (None, value) for key, value in fields.items()}
    return client.post(action, files=files, follow=False)


def spawn_with_form(client: UserClient, fields: dict):
    _, action = options_form(client)
    return post_form(client, action, fields)


def refused_at_once(hub, client: UserClient, user: str, hop) -> None:
    """The start failed within JupyterHub's first second: the form comes back with the
    error above it, as a 500 (JupyterHub 4.1 answers 200)."""
    assert hop.status == (500 if Version(HUB_VERSION) >= Version("5") else 200), client.trail()
    shown = f"HTTP 500: Internal Server Error (Unhandled error starting server {user})"
    assert shown in html.unescape(hop.body), hop.body[-2000:]
    hub.wait_for_log(rf"Error starting server {user}: ", source="hub")


def went_on_to_the_cluster(hub, client: UserClient, user: str, hop) -> None:
    """A start that got through its profile: refused at once like the others or, when the
    refused connection took more than JupyterHub's first second, sent on to the progress
    page (which by then may show the failure already). The hub's log says which failure."""
    if hop.status == 302:
        assert f"/spawn-pending/{user}" in (hop.location or ""), client.trail()
        landing = client.get(hop.location)
        assert landing.status in (200, 500), client.trail()
    else:
        refused_at_once(hub, client, user, hop)
    failed_at_the_cluster(hub, user)


def failed_at_the_cluster(hub, user: str, since=None) -> None:
    """The profile applied; the start then failed at the first Kubernetes API call."""
    hub.wait_for_log(
        rf"Unhandled error starting {user}'s server: {AT_THE_CLUSTER}", source="hub", since=since
    )


def start_by_api(hub, user: str, options: dict | None):
    """A start through the REST API (the admin page's Start sends no body)."""
    if hub.user_model(user) is None:
        assert hub.api("POST", f"users/{user}").status_code == 201
    kw = {"json": options} if options is not None else {}
    return hub.api("POST", f"users/{user}/server", timeout=30, **kw)


def hub_log_since(hub, mark) -> str:
    return hub.observed(since=mark)["hub-log"]


@pytest.mark.reproduces("kubespawner-profile-list-errors", "applying-override", "overriding-value")
def test_wrong_override_key_is_applied_without_a_word(hub_factory, tmp_path, symptoms):
    hub = hub_factory(
        [kube_wiring(tmp_path), profile_list(tmp_path, "broken", profiles_of(BROKEN))],
        spawner=None,
        user_image="kubespawner",
    ).start()
    assert "kubespawner.spawner.KubeSpawner-7.0.0" in hub.hub_log()

    # The form lists both profiles; the user picks Large.
    you = UserClient(hub)
    you.login("you")
    page, action = options_form(you)
    assert 'name="profile"' in page.body and 'value="large"' in page.body, page.body[-3000:]
    answer = post_form(you, action, {"profile": "large"})
    went_on_to_the_cluster(hub, you, "you", answer)

    # Large applied: memory_limit is set on the spawner, nothing complains, and the start
    # gets as far as the cluster. Nothing sets mem_limit, the setting the pod would use.
    failed_at_the_cluster(hub, "you")
    log = hub.hub_log()
    assert "Applying KubeSpawner override for profile 'Large'" in log
    assert ".. overriding KubeSpawner value memory_limit=8G" in log
    assert "overriding KubeSpawner value mem_limit" not in log
    assert "memory_limit" not in "\n".join(
        line for line in log.splitlines() if line.startswith(("[E", "[W"))
    )
    symptoms.all_seen(hub.observed(you))

    # The page's fix: the same profiles with KubeSpawner's keys, and an image option.
    hub.reconfigure([kube_wiring(tmp_path), profile_list(tmp_path, "fix", profiles_of(FIX))])
    hub.restart()
    mark = hub.mark()
    alice = UserClient(hub)
    alice.login("alice")
    page, action = options_form(alice)
    assert 'name="profile-option-large--image"' in page.body, page.body[-3000:]
    assert ">SciPy<" in page.body and ">R<" in page.body, page.body[-3000:]
    answer = post_form(alice, action, {"profile": "large", "profile-option-large--image": "r"})
    went_on_to_the_cluster(hub, alice, "alice", answer)
    failed_at_the_cluster(hub, "alice", since=mark)
    log = hub_log_since(hub, mark)
    for applied in (
        "mem_limit=8G",
        "mem_guarantee=4G",
        "storage_capacity=50Gi",
        "image=registry.example.org/data-team/r:2026-11",
    ):
        assert f".. overriding KubeSpawner value {applied}" in log, applied
    assert "memory_limit" not in log

    # A start without the option (the REST API) gets the option's default choice. (A
    # second start on this hub waits for KubeSpawner's failed pod watch, past the API's
    # 10 s: 202, and the failure comes later, which is no matter here.)
    mark = hub.mark()
    assert start_by_api(hub, "bob", {"profile": "large"}).status_code in (202, 500)
    hub.wait_for_log(r"Applying KubeSpawner override for profile 'Large'", source="hub", since=mark)
    log = hub_log_since(hub, mark)
    assert (
        ".. overriding KubeSpawner value image=registry.example.org/data-team/scipy:2026-11" in log
    )


@pytest.mark.reproduces(
    "kubespawner-profile-list-errors",
    "spawn-error-500",
    "no-attribute",
    "trait-wrong-type",
    "memory-specification",
)
def test_override_of_the_wrong_shape_fails_the_spawn(hub_factory, tmp_path, symptoms):
    profiles = profiles_of(BROKEN_STORAGE, BROKEN_TYPES)
    hub = hub_factory(
        [kube_wiring(tmp_path), profile_list(tmp_path, "broken-shapes", profiles)],
        spawner=None,
        user_image="kubespawner",
    ).start()
    clients = {}
    for user, slug in (("you", "big-home"), ("alice", "scipy"), ("bob", "large")):
        client = clients[user] = UserClient(hub)
        client.login(user)
        refused_at_once(hub, client, user, spawn_with_form(client, {"profile": slug}))
        hub.wait_for_log(rf"Unhandled error starting {user}'s server: ", source="hub")
    log = hub.hub_log()
    assert re.search(r"Unhandled error starting you's server: 'KubeSpawner' object has no", log)
    # each profile fails before the start reaches the cluster (its clean-up still tries)
    assert not re.search(rf"Unhandled error starting \S+'s server: {AT_THE_CLUSTER}", log)
    symptoms.all_seen(hub.observed(clients["you"]))

    # The page's fix: KubeSpawner's names and shapes; a start with large reaches the cluster.
    hub.reconfigure([kube_wiring(tmp_path), profile_list(tmp_path, "fix", profiles_of(FIX))])
    hub.restart()
    carol = UserClient(hub)
    carol.login("carol")
    went_on_to_the_cluster(hub, carol, "carol", spawn_with_form(carol, {"profile": "large"}))
    for symptom in ("no-attribute", "trait-wrong-type", "memory-specification"):
        symptoms.gone(ENTRY, symptom, hub.observed(run=-1))


@pytest.mark.reproduces(
    "kubespawner-profile-list-errors",
    "unlisted-choice-not-enabled",
    "unrecognized-form-data",
    "no-such-profile",
    "form-no-choices",
    "unlisted-choice-regex",
    "no-default-choice",
)
def test_choices_the_profile_list_does_not_have(hub_factory, tmp_path, symptoms):
    profiles = profiles_of(FIX)
    hub = hub_factory(
        [kube_wiring(tmp_path), profile_list(tmp_path, "fix", profiles)],
        spawner=None,
        user_image="kubespawner",
    ).start()

    # A typed-in image for an option that has no unlisted_choice (as a script or a
    # changed form would send it).
    you = UserClient(hub)
    you.login("you")
    fields = {
        "profile": "large",
        "profile-option-large--image--unlisted-choice": "docker.io/library/python:3",
    }
    refused_at_once(hub, you, "you", spawn_with_form(you, fields))
    # A custom form field beside profile_list: dropped with a warning, the start goes on.
    alice = UserClient(hub)
    alice.login("alice")
    fields = {"profile": "small", "image": "registry.example.org/data-team/r:2026-11"}
    went_on_to_the_cluster(hub, alice, "alice", spawn_with_form(alice, fields))
    failed_at_the_cluster(hub, "alice")
    # dave's start with large gets through the profile: large is now his last choice.
    mark = hub.mark()
    assert start_by_api(hub, "dave", {"profile": "large"}).status_code in (202, 500)
    hub.wait_for_log(r"Applying KubeSpawner override for profile 'Large'", source="hub", since=mark)
    # erin opens the form while large is still on it.
    erin = UserClient(hub)
    erin.login("erin")
    _, erin_action = options_form(erin)

    # The admin removes large.
    small_only = [p for p in profiles if p["slug"] == "small"]
    hub.reconfigure([kube_wiring(tmp_path), profile_list(tmp_path, "small-only", small_only)])
    hub.restart()
    mark = hub.mark()
    # erin submits the form she opened before: large is gone.
    refused_at_once(hub, erin, "erin", post_form(erin, erin_action, {"profile": "large"}))
    hub.wait_for_log(
        r"Unhandled error starting erin's server: No such profile: large", source="hub", since=mark
    )
    # The admin page's Start for dave sends no options: the hub passes his last ones.
    assert start_by_api(hub, "dave", None).status_code == 500
    hub.wait_for_log(
        r"Unhandled error starting dave's server: No such profile: large\. Options include: small\b",
        source="hub",
        since=mark,
    )

    # A free-text option without choices: the spawn page fails, and starts through the
    # REST API fail on the typed-in value, or on its absence.
    hub.reconfigure(
        [kube_wiring(tmp_path), profile_list(tmp_path, "free", profiles_of(FREE_IMAGE))]
    )
    hub.restart()
    frank = UserClient(hub)
    frank.login("frank")
    page = frank.get("hub/spawn")
    assert page.status == 500 and "500 : Internal Server Error" in frank.transcript()
    hub.wait_for_log(r"500 GET /hub/spawn ", source="hub", run=-1)
    options = {"profile": "own-image", "image--unlisted-choice": "docker.io/library/python:3"}
    assert start_by_api(hub, "bob", options).status_code == 500
    assert start_by_api(hub, "carol", {"profile": "own-image"}).status_code == 500
    hub.wait_for_log(r"Unhandled error starting carol's server: ", source="hub", run=-1)
    # The same start with an image the regex takes gets through to the cluster.
    options = {"profile": "own-image", "image--unlisted-choice": "registry.example.org/r:2026-11"}
    mark = hub.mark()
    assert start_by_api(hub, "heidi", options).status_code == 500
    failed_at_the_cluster(hub, "heidi", since=mark)
    assert ".. overriding KubeSpawner value image=registry.example.org/r:2026-11" in (
        hub_log_since(hub, mark)
    )

    # No profile list at all: a start that names a profile fails the same way, with an
    # empty list of options. KubeSpawner's warning for this case comes after that check,
    # and is never reached.
    hub.reconfigure([kube_wiring(tmp_path)])
    hub.restart()
    mark = hub.mark()
    assert start_by_api(hub, "grace", {"profile": "large"}).status_code == 500
    hub.wait_for_log(
        re.compile(
            r"Unhandled error starting grace's server: No such profile: large\. Options include: ?$",
            re.M,
        ),
        source="hub",
        since=mark,
    )
    assert "requested, but no profile_lists are configured" not in hub.hub_log()
    symptoms.all_seen(hub.observed())


def test_profile_without_slug_or_display_name_breaks_the_spawn_page(hub_factory, tmp_path):
    """The page's other cause: a profile with neither slug nor display_name. KubeSpawner
    makes a slug from the display_name when it renders the form: the spawn page fails."""
    nameless = [{"kubespawner_override": {"mem_limit": "2G"}}]
    hub = hub_factory(
        [kube_wiring(tmp_path), profile_list(tmp_path, "nameless", nameless)],
        spawner=None,
        user_image="kubespawner",
    ).start()
    you = UserClient(hub)
    you.login("you")
    page = you.get("hub/spawn")
    assert page.status == 500 and "500 : Internal Server Error" in you.transcript(), you.trail()
    hub.wait_for_log(r"KeyError: 'display_name'", source="hub")
