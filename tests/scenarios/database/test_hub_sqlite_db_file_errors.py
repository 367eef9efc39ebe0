"""database/hub-sqlite-db-file-errors: the sqlite file's directory missing, and the file
locked by another process."""

from __future__ import annotations

import pytest

from tests.hub.hub import HUB_DIR
from tests.hub.sections import exec_section, fragment, section, with_parameters
from tests.hub.user_client import assert_login_page_answers

pytestmark = pytest.mark.scenario

ENTRY = "hub-sqlite-db-file-errors"
BROKEN = fragment(f"database/{ENTRY}/broken.py")
FIX_SH = f"database/{ENTRY}/fix.sh"
DATA_DIR = f"{HUB_DIR}/data"
DATA_DB = f"{DATA_DIR}/jupyterhub.sqlite"

# Another program holding a write lock on the hub's database (a second hub, a backup job;
# on NFS, a lock the server never releases), as the hub container's pre-start step.
LOCK_HOLDER = (
    'nohup /usr/bin/python3 -c "import sqlite3, time; '
    f"c = sqlite3.connect('{DATA_DB}', isolation_level=None); "
    "c.execute('BEGIN EXCLUSIVE'); open('/tmp/locked', 'w').close(); time.sleep(120)\" "
    ">/tmp/lock-holder.log 2>&1 </dev/null &\n"
    "n=0; while [ ! -e /tmp/locked ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n+1)); done"
)


@pytest.mark.reproduces("hub-sqlite-db-file-errors", "database-locked", "failed-to-connect")
def test_database_locked_by_another_process(hub_factory, symptoms):
    hub = hub_factory([BROKEN], args=["--debug"])
    hub.before_start(with_parameters(section(FIX_SH, "create-dir"), dir=DATA_DIR, hubuser="root"))
    hub.start()  # the database exists and works
    hub.stop()

    hub.before_start(LOCK_HOLDER)
    assert hub.start_until_exit() == 1  # after sqlite's 5 s wait
    seen = hub.observed(run=-1)
    symptoms.all_seen(seen)
    assert "does not exist" not in seen["hub-log"]

    # The page's fix: find who holds the file, stop it by its pid, start the hub.
    hub.before_start(LOCK_HOLDER)  # on a real machine it would still be running
    with hub.held_start():
        found = exec_section(hub, FIX_SH, "find-holder", db=DATA_DB)
        assert found.exit_code == 0, found.output
        holders = [ln for ln in found.stdout.splitlines() if "sqlite3" in ln]
        assert len(holders) == 1, found.output
        pid = holders[0].split()[0]
        stopped = exec_section(hub, FIX_SH, "stop-holder", pid=pid)
        assert stopped.exit_code == 0, stopped.output
    symptoms.all_gone(hub.observed(run=-1))
    assert_login_page_answers(hub)
