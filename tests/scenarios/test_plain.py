"""Plain reproductions: every `snippets/<section>/<id>/scenario.yaml`, run against a real hub.

One test per entry (`-k port-bind-errors`): the hub starts from the page's broken
fragments and exits or runs as the file says; a user does what it lists; every claimed
symptom must show where the page says; the page's fix (fragments and shell sections) is
applied; the symptoms must be gone and the login page, or a user's server, must work.
The file's format: troubleshoot/plain_scenario.py and CONTRIBUTING.md.
"""

from __future__ import annotations

import re
import time

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
from tests.scenarios.reproduce import RELEASES, SymptomChecker, check_names
from troubleshoot.model import SNIPPETS
from troubleshoot.plain_scenario import FILENAME, PlainScenario, SpecError, Step, read_spec

pytestmark = pytest.mark.scenario

USER = "you"  # the user a plain scenario's steps act as, and whose container they name

# Podman's DNS server (aardvark-dns 1.4, Debian 12) drops its sockets and sets them up again
# each time a container starts or stops on any network (containers/aardvark-dns#389), so a
# container's lookup of a name on its own network can fail while other scenarios run. A step
# expected to succeed that fails on a lookup is run again; a lookup that never works still
# fails the test.
NAME_LOOKUP_FAILED = re.compile(r"Name or service not known|Temporary failure in name resolution")
LOOKUP_TRIES = 3


def plain_entry_ids() -> list[str]:
    return sorted(p.parent.name for p in SNIPPETS.glob(f"*/*/{FILENAME}"))


def resolve(hub, values: dict) -> dict:
    """Fill in the variables a step names ($USER_CONTAINER...) with this hub's values."""
    known = {
        "$USER_CONTAINER": lambda: container_suffix(hub, USER),
        "$HUB_CONTAINER": lambda: hub.container_name,
        "$HUB_TOKEN": lambda: hub.driver_token,
    }
    return {k: known[v]() if v in known else v for k, v in values.items()}


def run_section_once(hub, engine, step: Step) -> tuple[int, str]:
    """Run a page's section where the page says: its exit code and output."""
    values, env = resolve(hub, step.values), resolve(hub, step.env)
    if step.place == "hub":
        result = exec_section(hub, step.path, step.name, env=env or None, **values)
        return result.exit_code, result.output
    proc = run_section(step.path, step.name, env={**engine.env, **env}, **values)
    output = proc.stdout + proc.stderr
    hub.shell.append(f"$ # snippets/{step.section} (on the host)\n{output}".rstrip())
    return proc.returncode, output


def run_step(hub, engine, step: Step) -> None:
    """Run a page's section where the page says, and hold it to what the file expects."""
    code, output = run_section_once(hub, engine, step)
    for _ in range(LOOKUP_TRIES - 1):
        if step.fails or code == 0 or not NAME_LOOKUP_FAILED.search(output):
            break
        hub.shell.append(f"# a name lookup failed in snippets/{step.section}: once more")
        time.sleep(2)
        code, output = run_section_once(hub, engine, step)
    where = f"snippets/{step.section} ({'in the hub container' if step.place == 'hub' else 'on the host'})"
    if step.fails:
        assert code != 0, f"{where} was expected to fail on the broken hub, but exited 0:\n{output}"
    else:
        assert code == 0, f"{where} exited {code}:\n{output}"
    for regex in step.output:
        assert re.search(regex, output, re.M), f"{where}: no line matches {regex!r}:\n{output}"


def queue_before(hub, spec: PlainScenario) -> None:
    """What the page's `before` sections set up (a file, a process) before the hub starts."""
    for step in spec.before:
        script = with_parameters(section(step.path, step.name), **resolve(hub, step.values))
        hub.before_start(f"# snippets/{step.section}\n{script}")


def act(client: UserClient, action) -> None:
    if action.action == "login":
        client.login(action.target)
        assert client.logged_in, client.trail()
    elif action.action == "spawn":
        if not client.logged_in:
            client.login(action.target)
        result = client.spawn(action.target, timeout=60)
        if action.fails:
            assert result.failed, (
                f"the spawn was expected to fail: {result.message}\n{client.trail()}"
            )
        else:
            assert result.ready, f"the spawn failed: {result.message}\n{client.trail()}"
    else:
        hop = client.open(action.target)
        assert hop.status == action.status, f"expected {action.status}: {client.trail()}"


def provable_checks(entry, config: tuple[str, ...] | None, key: str) -> list[int]:
    """The entry's checks (numbered from 1) whose `key` fragments, broken or fixed, are all
    in this configuration: the ones this run can prove."""
    if config is None:
        return []
    here = f"{entry.section}/{entry.id}/"
    return [
        n
        for n, check in enumerate(entry.checks, 1)
        if check.get(key) and {here + f for f in check[key]} <= set(config)
    ]


def assert_check(hub, entry, numbers: list[int], finds: bool) -> None:
    """`check`, run in the hub's container on the hub's own configuration, names the entry
    (finds) or does not (the fixed configuration)."""
    if not numbers:
        return
    state = "broken" if finds else "fixed"
    assert check_names(hub, entry.id) == finds, (
        f"check {numbers} of {entry.id} on the {state} configuration: "
        f"{'missed it' if finds else 'named it'}"
    )


@pytest.mark.parametrize("entry_id", plain_entry_ids())
def test_plain(entry_id, catalogue, hub_factory, engine):
    entries = {e.id: e for e in catalogue}
    entry = entries[entry_id]
    try:
        spec = read_spec(entry)
    except SpecError as exc:
        pytest.fail(str(exc), pytrace=False)
    checker = SymptomChecker(entries)
    for claimed_entry, symptom_id in spec.claims(entry, RELEASES):
        checker.claim(claimed_entry, symptom_id)
    options = dict(
        spawner=spec.spawner,
        args=spec.args,
        env=spec.env,
        timeouts=spec.timeouts,
        user_image=spec.user_image,
    )
    if spec.spawner == "docker":
        options["docker_hub_connect"] = spec.docker_hub_connect

    # The broken hub, as the page shows it.
    hub = hub_factory([fragment(rel) for rel in spec.broken_config], **options)
    queue_before(hub, spec)
    hub.start(wait=None)
    if spec.exit_code is not None:
        code = hub.wait_exit(timeout=40)
        expected = "nonzero" if spec.exit_code < 0 else spec.exit_code
        assert (code != 0) if spec.exit_code < 0 else (code == spec.exit_code), (
            f"the broken hub exited {code}, the file expects exit {expected}:\n"
            + hub.log(run=-1)[-3000:]
        )
    else:
        hub.wait_ready("log" if spec.expect == "running-unreachable" else "http")
    client = UserClient(hub)
    for action in spec.user:
        act(client, action)
    checker.all_seen_soon(lambda: hub.observed(client))
    broken_checks = provable_checks(entry, spec.broken_config, "broken")

    # The page's diagnosis and fix, on the hub's machine. A running hub is diagnosed as it
    # runs; one that exited is diagnosed in its next start, held before the hub (what
    # `before` set up is there again, as it would still be on a real machine).
    exited = spec.exit_code is not None
    if not exited:
        assert_check(hub, entry, broken_checks, finds=True)
        for step in spec.diagnose:
            run_step(hub, engine, step)
        hub.stop()
    queue_before(hub, spec)
    fixed_config = None if spec.fix_config is None else [fragment(r) for r in spec.fix_config]
    if spec.fix_run or (exited and spec.diagnose):
        with hub.held_start():
            if exited:  # the configuration that made it exit, in a running container
                assert_check(hub, entry, broken_checks, finds=True)
            for step in spec.diagnose if exited else ():
                run_step(hub, engine, step)
            if fixed_config is not None:
                hub.reconfigure(fixed_config)
            for step in spec.fix_run:
                run_step(hub, engine, step)
    else:
        if fixed_config is not None:
            hub.reconfigure(fixed_config)
        hub.start()

    # Fixed: the user gets through, the page's check passes, the symptoms are gone.
    if spec.verify_user == "server":
        after_client = UserClient.with_server(hub, USER)
    else:
        after_client = UserClient(hub, timeout=10)
        hop = after_client.get("hub/login")
        assert hop.status == 200, f"{hop}\n{hub.log(run=-1)[-3000:]}"
    for step in spec.verify_run:
        run_step(hub, engine, step)
    checker.all_gone(hub.observed(after_client, run=-1))
    assert_check(hub, entry, provable_checks(entry, spec.fix_config, "fixed"), finds=False)
    # A fix made on the machine (`fixed: []`, a file mode say): quiet after the fix's commands.
    on_machine = [n for n in broken_checks if entry.checks[n - 1].get("fixed") == []]
    assert_check(hub, entry, on_machine, finds=False)
