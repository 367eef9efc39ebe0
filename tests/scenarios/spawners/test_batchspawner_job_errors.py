"""spawners/batchspawner-job-errors: BatchSpawner 1.3.0's SlurmSpawner on a real one-node
Slurm cluster (Debian's slurmctld, slurmd and munge, 22.05) in the hub's container
(tests/hub/slurm.py). The hub runs as root and submits each server as a job with
`sudo -E -u alice sbatch`, as BatchSpawner does by default; the job's server listens on the
node and reports its port to the hub's API.

Each test is one of the page's cases: a job that dies at once (batchspawner-singleuser not
on the job's PATH), a submission that sbatch refuses (a partition that does not exist, more
memory than the node has, no controller), a job that waits in the queue past start_timeout
(a drained node), and a server that Slurm ends at its time limit. Each is fixed as the page
says, and the user's server then works.

Test-only steps, each standing for what an admin or the clock does on a real cluster:
draining the node (`scontrol update ... State=DRAIN`, maintenance); stopping slurmctld (a
controller that crashed); starting slurmctld by hand instead of the page's `systemctl start
slurmctld` (the hub's container runs no systemd); and moving a running job's end time to
now (`scontrol update JobId=... EndTime=now`), so that Slurm's time-limit check ends it in
seconds rather than after its 30 minutes. Timeouts are short (start_timeout 20 s,
10 s where the job waits in the queue).
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from tests.hub.config import scratch_fragment
from tests.hub.sections import exec_section, fragment
from tests.hub.slurm import SlurmCluster
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "batchspawner-job-errors"
FOLDER = f"spawners/{ENTRY}"
BROKEN = fragment(f"{FOLDER}/broken.py")
FIX_PATH = fragment(f"{FOLDER}/fix-path.py")
PARTITION = fragment(f"{FOLDER}/partition.py")
MEMORY = fragment(f"{FOLDER}/memory.py")
FIX_REQUEST = fragment(f"{FOLDER}/fix-request.py")
RUNTIME = fragment(f"{FOLDER}/runtime.py")
FIX_RUNTIME = fragment(f"{FOLDER}/fix-runtime.py")
FIX_TIMEOUT = fragment(f"{FOLDER}/fix-timeout.py")
FIX_HUB_IP = fragment(f"{FOLDER}/fix-hub-ip.py")
CHECK = f"{FOLDER}/check.sh"
FIX = f"{FOLDER}/fix.sh"
USER = "alice"
ARTEFACTS = Path(".artefacts/batchspawner-job-errors")
TIMEOUTS = {"start_timeout": 20, "http_timeout": 20, "poll_interval": 2}


def slurm_hub(hub_factory, fragments, timeouts=None):
    hub = hub_factory(fragments, spawner=None, timeouts=timeouts or TIMEOUTS)
    cluster = SlurmCluster(hub)
    cluster.start()
    hub.start()
    cluster.wait_idle()
    return hub, cluster


def restart_with(hub, cluster, fragments) -> None:
    """The admin edits jupyterhub_config.py and restarts the hub; the cluster's daemons
    go with the container, so they are started again first."""
    hub.reconfigure(fragments)
    hub.stop()
    cluster.start()
    hub.start()
    cluster.wait_idle()


def seen(symptoms, observed, *ids):
    if os.environ.get("HUB_KEEP_ARTEFACTS"):  # what was seen, job logs and browser too
        out = (
            ARTEFACTS / os.environ.get("PYTEST_CURRENT_TEST", "test").split(" ")[0].split("::")[-1]
        )
        out.mkdir(parents=True, exist_ok=True)
        for place, text in observed.items():
            with open(out / f"{place}.txt", "a") as f:
                f.write(text + "\n")
    for symptom_id in ids:
        symptoms.seen(ENTRY, symptom_id, observed)


def gone(symptoms, observed, *ids):
    for symptom_id in ids:
        symptoms.gone(ENTRY, symptom_id, observed)


# The job dies in about a second. If BatchSpawner's first squeue finds it gone, the spawn
# fails at once (the job "has disappeared"); if it saw the job running, BatchSpawner waits
# for a port that never comes, until start_timeout (batchspawner#253). Both happen here.
DIED_AT_ONCE = re.compile(
    r"The Jupyter batch job has disappeared|'s server failed to start in \d+ seconds, giving up"
)


@pytest.mark.reproduces(
    "batchspawner-job-errors",
    "execve-not-found",
    "srun-task-exited",
    "submitting-command",
    "waiting-to-connect",
)
def test_job_dies_without_batchspawner_singleuser_on_path(hub_factory, symptoms):
    hub, cluster = slurm_hub(hub_factory, [BROKEN])
    browser = UserClient.with_failed_spawn(hub, USER)
    observed = cluster.observed(hub.observed(browser), USER)
    seen(symptoms, observed, "execve-not-found", "srun-task-exited", "submitting-command")
    assert DIED_AT_ONCE.search(observed["hub-log"]), observed["hub-log"][-3000:]
    path = exec_section(hub, CHECK, "job-path", name=USER)
    assert "no batchspawner-singleuser on PATH=" in path.output, path.output
    last_job = cluster.last_job_id()

    restart_with(hub, cluster, [BROKEN, FIX_PATH])
    browser = UserClient.with_server(hub, USER)
    after = cluster.observed(hub.observed(browser, run=-1), USER, after=last_job)
    seen(symptoms, after, "waiting-to-connect")
    gone(symptoms, after, "execve-not-found", "srun-task-exited")
    assert not DIED_AT_ONCE.search(after["hub-log"]), after["hub-log"][-3000:]
    log = exec_section(hub, CHECK, "job-log", name=USER)
    assert "JupyterHubSingleUser" in log.output, log.output


@pytest.mark.reproduces(
    "batchspawner-job-errors",
    "sbatch-invalid-partition",
    "sbatch-node-configuration",
    "sbatch-memory-not-satisfied",
    "subprocess-exitcode",
    "unhandled-sbatch-error",
    "spawn-failed-sbatch",
)
def test_submission_refused(hub_factory, symptoms):
    hub, cluster = slurm_hub(hub_factory, [BROKEN, FIX_PATH, PARTITION])
    browser = UserClient.with_failed_spawn(hub, USER)
    observed = hub.observed(browser)
    seen(
        symptoms,
        observed,
        "sbatch-invalid-partition",
        "subprocess-exitcode",
        "unhandled-sbatch-error",
        "spawn-failed-sbatch",
    )
    partitions = exec_section(hub, CHECK, "cluster")
    assert "debug* up" in partitions.output and "gpu" not in partitions.output, partitions.output

    restart_with(hub, cluster, [BROKEN, FIX_PATH, MEMORY])
    browser = UserClient.with_failed_spawn(hub, USER)
    seen(
        symptoms,
        hub.observed(browser, run=-1),
        "sbatch-node-configuration",
        "sbatch-memory-not-satisfied",
        "spawn-failed-sbatch",
    )

    restart_with(hub, cluster, [BROKEN, FIX_PATH, PARTITION, MEMORY, FIX_REQUEST])
    browser = UserClient.with_server(hub, USER)
    gone(
        symptoms,
        hub.observed(browser, run=-1),
        "sbatch-invalid-partition",
        "sbatch-node-configuration",
        "sbatch-memory-not-satisfied",
        "subprocess-exitcode",
        "unhandled-sbatch-error",
        "spawn-failed-sbatch",
    )


@pytest.mark.reproduces("batchspawner-job-errors", "sbatch-no-controller")
def test_controller_down(hub_factory, symptoms):
    hub, cluster = slurm_hub(hub_factory, [BROKEN, FIX_PATH])
    cluster.stop_controller()  # test-only: the controller crashed or was stopped
    browser = UserClient.with_failed_spawn(hub, USER)
    seen(symptoms, hub.observed(browser), "sbatch-no-controller")
    ping = exec_section(hub, CHECK, "cluster")
    assert "is DOWN" in ping.output, ping.output

    mark = hub.mark()
    cluster.start()  # test-only: slurmctld by hand, for the page's systemctl start
    ping = exec_section(hub, CHECK, "cluster")
    assert "is UP" in ping.output, ping.output
    browser = UserClient.with_server(hub, USER)
    gone(symptoms, hub.observed(browser, since=mark), "sbatch-no-controller")


def spawn_while_pending(hub, cluster, browser):
    """Start the user's spawn in the background; return once its job is pending, with
    the page's squeue check then, and a function that waits for the spawn's end."""
    results = []
    spawning = threading.Thread(target=lambda: results.append(browser.spawn(USER, timeout=40)))
    spawning.start()
    job_id = cluster.wait_job_state(USER, ("PENDING",))
    jobs = exec_section(hub, CHECK, "jobs", name=USER)

    def result():
        spawning.join(60)
        assert results, "the spawn did not end"
        return results[0]

    return job_id, jobs, result


@pytest.mark.reproduces(
    "batchspawner-job-errors",
    "neither-pending-nor-running",
    "job-disappeared",
    "spawn-failed-disappeared",
    "pending-in-queue",
    "stopping-server-job",
    "cancelling-job",
    "squeue-nodes-unavailable",
)
def test_job_pending_past_start_timeout(hub_factory, symptoms):
    timeouts = {**TIMEOUTS, "start_timeout": 10}
    hub, cluster = slurm_hub(hub_factory, [BROKEN, FIX_PATH], timeouts=timeouts)
    node = cluster.node()
    # test-only: an admin drains the only node (maintenance)
    hub.exec(f"scontrol update NodeName={node} State=DRAIN Reason=maintenance").check()
    browser = UserClient(hub, timeout=30)
    browser.login(USER)

    # The job waits; someone cancels it in the queue (an admin, the user, a Slurm limit).
    job_id, jobs, result = spawn_while_pending(hub, cluster, browser)
    hub.exec(f"scancel {job_id}").check()  # test-only: the job goes while pending
    assert result().failed
    seen(
        symptoms,
        hub.observed(browser),
        "neither-pending-nor-running",
        "job-disappeared",
        "spawn-failed-disappeared",
    )

    # The job waits until start_timeout: the hub gives up and cancels it.
    mark = hub.mark()
    browser = UserClient(hub, timeout=30)
    browser.login(USER)
    job_id, jobs, result = spawn_while_pending(hub, cluster, browser)
    assert result().failed
    observed = {**hub.observed(browser, since=mark), "shell": jobs.output}
    seen(
        symptoms,
        observed,
        "pending-in-queue",
        "stopping-server-job",
        "cancelling-job",
        "squeue-nodes-unavailable",
    )
    assert cluster.jobs(USER) == [], cluster.jobs(USER)  # the hub cancelled it

    exec_section(hub, FIX, "resume-node", node=node)
    restart_with(hub, cluster, [BROKEN, FIX_PATH, FIX_TIMEOUT])
    browser = UserClient.with_server(hub, USER)
    gone(
        symptoms,
        hub.observed(browser, run=-1),
        "neither-pending-nor-running",
        "job-disappeared",
        "cancelling-job",
    )


@pytest.mark.reproduces(
    "batchspawner-job-errors", "cancelled-time-limit", "server-stopped-exit-code"
)
def test_job_ends_at_time_limit(hub_factory, symptoms):
    hub, cluster = slurm_hub(hub_factory, [BROKEN, FIX_PATH, RUNTIME])
    UserClient.with_server(hub, USER)
    jobs = exec_section(hub, CHECK, "jobs", name=USER)
    assert " RUNNING " in jobs.output and " 30:00 " in jobs.output, jobs.output
    job_id = cluster.wait_job_state(USER, ("RUNNING",))
    # test-only: the clock moves on to the job's end (Slurm checks limits every 30 s)
    hub.exec(f"scontrol update JobId={job_id} EndTime=now").check()
    hub.wait_for_log(rf"User {USER} server stopped, with exit code", source="hub", timeout=60)
    seen(
        symptoms,
        cluster.observed(hub.observed(), USER),
        "cancelled-time-limit",
        "server-stopped-exit-code",
    )

    restart_with(hub, cluster, [BROKEN, FIX_PATH, RUNTIME, FIX_RUNTIME])
    UserClient.with_server(hub, USER)
    jobs = exec_section(hub, CHECK, "jobs", name=USER)
    assert " RUNNING " in jobs.output and " 8:00:00 " in jobs.output, jobs.output


# Test-only: on this one-node cluster the job runs on the hub's own machine, where
# 127.0.0.1:8081 is the hub. On a real cluster the node is another machine, and its
# 127.0.0.1 has no hub. The job's script stands for that: a loopback address in the URL it
# is given becomes 127.0.0.2, where nothing listens (the hub binds 127.0.0.1 only). A URL
# with the hub's machine name, as the page's fix gives, is left alone.
ELSEWHERE = """
c.SlurmSpawner.req_prologue = 'export JUPYTERHUB_API_URL="${JUPYTERHUB_API_URL/127.0.0.1/127.0.0.2}"'
"""


@pytest.mark.reproduces("batchspawner-job-errors", "port-post-refused", "srun-task-exited-1")
def test_port_never_reported(hub_factory, symptoms, tmp_path):
    elsewhere = scratch_fragment(tmp_path, "node-is-elsewhere", ELSEWHERE)
    hub, cluster = slurm_hub(hub_factory, [BROKEN, FIX_PATH, elsewhere])
    browser = UserClient.with_failed_spawn(hub, USER)
    observed = cluster.observed(hub.observed(browser), USER)
    seen(symptoms, observed, "port-post-refused", "srun-task-exited-1")
    assert "progress: Cluster job running... waiting to connect" in observed["browser"]
    assert re.search(r"'s server failed to start in \d+ seconds, giving up", observed["hub-log"])
    last_job = cluster.last_job_id()

    restart_with(hub, cluster, [BROKEN, FIX_PATH, elsewhere, FIX_HUB_IP])
    api = exec_section(hub, CHECK, "hub-api", name=USER)
    assert "0.0.0.0:8081" in api.output and api.output.strip().endswith("200"), api.output
    browser = UserClient.with_server(hub, USER)
    after = cluster.observed(hub.observed(browser, run=-1), USER, after=last_job)
    gone(symptoms, after, "port-post-refused", "srun-task-exited-1")
