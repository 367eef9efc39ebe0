"""A one-node Slurm cluster in the hub's own container, for BatchSpawner's SlurmSpawner.

Debian's munge, slurmctld, slurmd and slurm-client are in the hub image. The hub submits
with sbatch, queries with squeue and cancels with scancel (through `sudo -E -u <user>`, as
root), so the controller runs on the hub's machine; the single node is that machine too,
named after the container's hostname: a job's server listens there and calls the hub's API
back, as a server on a compute node would.

    cluster = SlurmCluster(hub)
    cluster.start()             # now if the hub runs, else queued before its next start
    hub.start()
    cluster.wait_idle()         # sinfo shows the node idle
    ...
    cluster.jobs("alice")       # squeue's view: [(job id, state, reason)]
    cluster.job_logs("alice")   # ~alice/jupyterhub_slurmspawner_<id>.log, SlurmSpawner's --output
    cluster.observed(hub.observed(browser), "alice")   # the job logs as the singleuser-log
    cluster.stop_controller()   # slurmctld stopped, as after a crash

The configuration is made for a container: no cgroups (proctrack/linuxproc, task/none, no
job accounting), root as SlurmUser, short MessageTimeout and SlurmctldTimeout so that a
client without its controller gives up in seconds. One partition, `debug` (the default),
with every CPU and 90% of the memory of the machine. A munge key is made at the first
start (mode 0400, owner munge) and kept with the container, as is the controller's state
(job ids go on counting). The daemons go with the container: after hub.stop(), start()
queues them again.
"""

from __future__ import annotations

import shlex
import time

from .errors import HarnessError
from .util import tail

PARTITION = "debug"
CONF = "/etc/slurm/slurm.conf"
CTLD_LOG = "/var/log/slurm/slurmctld.log"
SLURMD_LOG = "/var/log/slurm/slurmd.log"
STATE = "/var/spool/slurmctld"

# $NODE, $CPUS and $MEM (MB: 90% of the machine's) are filled in by the start script, in the container.
SLURM_CONF = f"""\
ClusterName=hub
SlurmctldHost=$NODE
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation={STATE}
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile={CTLD_LOG}
SlurmdLogFile={SLURMD_LOG}
MessageTimeout=3
SlurmctldTimeout=3
KillWait=2
MinJobAge=300
NodeName=$NODE CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName={PARTITION} Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
"""

START = f"""\
NODE=$(hostname)
CPUS=$(nproc)
MEM=$(awk '/^MemTotal:/ {{print int($2 / 1024 * 0.9)}}' /proc/meminfo)
mkdir -p /etc/munge /run/munge /var/log/munge /var/lib/munge /etc/slurm {STATE} \\
    /var/spool/slurmd /var/log/slurm
if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
fi
chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge
chmod 0400 /etc/munge/munge.key
cat >{CONF} <<SLURM_CONF
{SLURM_CONF}SLURM_CONF
# A daemon that was stopped stays a zombie (the hub, PID 1, does not reap it): not running.
running() {{ ps -C "$1" -o stat= | grep -q '^[^Z]'; }}
running munged || su -s /bin/sh munge -c /usr/sbin/munged
running slurmctld || slurmctld
running slurmd || slurmd
"""


class SlurmCluster:
    def __init__(self, hub):
        self.hub = hub

    def start(self) -> None:
        """munged, slurmctld and slurmd as root in the hub's container: now if the hub
        runs (then wait_idle()), else before its next start (the hub starts once they
        are up; call wait_idle() after hub.start())."""
        hub = self.hub
        if hub.container is not None and hub.running:
            hub.exec(START, timeout=30, record=False).check()
            self.wait_idle()
        else:
            hub.before_start(START)

    def node(self) -> str:
        """The node's name: the hub container's hostname."""
        return self.hub.exec("hostname", record=False).check().stdout.strip()

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Wait until sinfo shows the node idle (or, with jobs, mixed/allocated)."""
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            result = self.hub.exec("sinfo -h -o %T", timeout=10, record=False)
            last = result.output.strip()
            if result.exit_code == 0 and last in ("idle", "mixed", "allocated"):
                return
            time.sleep(0.3)
        logs = "\n".join(
            f"{path}:\n{tail(self.hub.read_file(path) or '')}" for path in (CTLD_LOG, SLURMD_LOG)
        )
        raise HarnessError(f"the Slurm node never became idle in {timeout:.0f} s: {last!r}\n{logs}")

    def stop_controller(self) -> None:
        """Stop slurmctld (what a crashed or stopped controller leaves)."""
        self.hub.exec(
            "kill $(cat /run/slurmctld.pid); n=0; "
            "while ps -C slurmctld -o stat= | grep -q '^[^Z]' && [ $n -lt 100 ]; do "
            "sleep 0.1; n=$((n+1)); done",
            record=False,
        ).check()

    def jobs(self, user: str) -> list[tuple[str, str, str]]:
        """The user's jobs that squeue lists: (id, state, reason)."""
        out = (
            self.hub.exec(f"squeue -h -u {shlex.quote(user)} -o '%i %T %r'", record=False)
            .check()
            .stdout
        )
        return [tuple((line.split(" ", 2) + ["", ""])[:3]) for line in out.splitlines() if line]

    def wait_job_state(self, user: str, states: tuple[str, ...], timeout: float = 30.0) -> str:
        """Wait until a job of the user is in one of ``states``; its id."""
        deadline = time.monotonic() + timeout
        seen: list = []
        while time.monotonic() < deadline:
            seen = self.jobs(user)
            for job_id, state, _ in seen:
                if state in states:
                    return job_id
            time.sleep(0.3)
        raise HarnessError(f"no job of {user} in {states} within {timeout:.0f} s: {seen}")

    def last_job_id(self) -> int:
        """The id of the newest job the controller knows (0 if none): `after=` for
        job_logs() and observed(), "only the jobs from here on"."""
        out = self.hub.exec("squeue -h -a -t all -o %i", record=False).stdout
        ids = [int(x) for x in out.split() if x.isdigit()]
        return max(ids, default=0)

    def job_logs(self, user: str, after: int = 0) -> str:
        """The output files of the user's jobs whose id is above ``after``, in job order:
        SlurmSpawner's default --output, ~/jupyterhub_slurmspawner_<job id>.log."""
        home = (
            self.hub.exec(f"getent passwd {shlex.quote(user)} | cut -d: -f6", record=False)
            .check()
            .stdout.strip()
        )
        found = self.hub.read_dir(home)
        logs = []
        for name, text in found.items():
            if name.startswith("jupyterhub_slurmspawner_") and name.endswith(".log"):
                job = name[len("jupyterhub_slurmspawner_") : -len(".log")]
                if job.isdigit() and int(job) > after:
                    logs.append((int(job), text))
        return "".join(text for _, text in sorted(logs))

    def observed(self, observed: dict[str, str], user: str, after: int = 0) -> dict[str, str]:
        """``observed`` with the user's job logs (those above job ``after``) as its
        singleuser-log: where a batch job's single-user server writes."""
        return {**observed, "singleuser-log": self.job_logs(user, after)}
