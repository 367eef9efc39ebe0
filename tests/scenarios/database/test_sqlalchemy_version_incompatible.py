"""database/sqlalchemy-version-incompatible: SQLAlchemy 1.4 installed into a real hub's
environment, beside the alembic the hub was installed with (which needs SQLAlchemy 2): the
hub fails on start-up. The page's check shows the pair; its fix (pip install
"SQLAlchemy>=2", run with pip pointed at a local folder of wheels, since the test has no
network) brings the hub back: login and spawn work.

The wheels come from the host, as the image's own wheels do. scenario.yaml cannot put a
package into the hub's environment before it starts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.hub.machine import put_files
from tests.hub.sections import exec_section
from tests.hub.user_client import UserClient

pytestmark = pytest.mark.scenario

ENTRY = "sqlalchemy-version-incompatible"
FOLDER = f"database/{ENTRY}"
HUB_PYTHON = "/opt/hub/bin/python"
OLD = "1.4.54"  # the newest 1.4, with a wheel for Python 3.11
NEW = "2.1.9"


def wheel(tmp_path: Path, version: str) -> Path:
    """SQLAlchemy's wheel for the hub image's Python, downloaded on the host, with the
    wheels it needs (greenlet, for 1.4) beside it."""
    folder = tmp_path / version
    subprocess.run(
        [sys.executable, "-m", "pip", "download", f"SQLAlchemy=={version}", "--quiet", "--only-binary=:all:", "--python-version", "3.11",
         "--platform", "manylinux2014_x86_64", "-d", str(folder)],
        check=True, timeout=300,
    )  # fmt: skip
    return next(folder.glob("[Ss][Qq][Ll]*.whl"))


def pip_wheel(tmp_path: Path) -> Path:
    """pip's own wheel: the hub image's environment has no pip (it was built with pip run
    from its wheel), and an operator's has one."""
    folder = tmp_path / "pip"
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "pip", "--no-deps", "--quiet",
         "--only-binary=:all:", "-d", str(folder)],
        check=True, timeout=300,
    )  # fmt: skip
    return next(folder.glob("pip-*.whl"))


def pip_into_hub_env(name: str) -> str:
    """The pre-start line that installs pip (its wheel at /tmp/pip/<name>) into the hub's
    environment."""
    return f"/opt/hub/bin/python /tmp/pip/{name}/pip install --quiet --no-index /tmp/pip/{name}"


@pytest.mark.reproduces("sqlalchemy-version-incompatible", "alembic-import-error")
def test_sqlalchemy_1_4_beside_alembic_for_2(hub_factory, symptoms, tmp_path):
    old, new, pip = wheel(tmp_path, OLD), wheel(tmp_path, NEW), pip_wheel(tmp_path)
    hub = hub_factory()
    hub.write_file("/tmp/harness-no-op", "")  # the container exists from here on
    put_files(
        hub.container,
        {
            **{f"tmp/old-wheels/{w.name}": w.read_bytes() for w in old.parent.glob("*.whl")},
            f"tmp/wheels/{new.name}": new.read_bytes(),
            f"tmp/pip/{pip.name}": pip.read_bytes(),
        },
    )
    # What an operator's "pip install SQLAlchemy==1.4.x" does to the hub's environment.
    hub.before_start(
        pip_into_hub_env(pip.name) + "\n"
        f"{HUB_PYTHON} -m pip install --quiet --no-index --find-links /tmp/old-wheels "
        f"SQLAlchemy=={OLD}"
    )
    assert hub.start_until_exit(timeout=60) != 0, hub.log()
    symptoms.all_seen(hub.observed())
    print("--- hub log ---\n" + hub.log())

    # The page's check and fix, while the next start is held (the hub is not running).
    with hub.held_start():
        shown = exec_section(hub, f"{FOLDER}/check.sh", "versions", hub_python=HUB_PYTHON)
        print("--- check ---\n" + shown.output)
        assert f"SQLAlchemy {OLD}" in shown.stdout or OLD in shown.stdout, shown.output
        assert "alembic" in shown.stdout.lower() and "has requirement" in shown.stdout, shown.output
        fixed = exec_section(
            hub, f"{FOLDER}/fix.sh", "upgrade", hub_python=HUB_PYTHON,
            env={"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": "/tmp/wheels"},
        )  # fmt: skip
        print("--- fix ---\n" + fixed.output)
        assert fixed.exit_code == 0, fixed.output
    UserClient.with_server(hub, "you")
    symptoms.all_gone(hub.observed(run=-1))
