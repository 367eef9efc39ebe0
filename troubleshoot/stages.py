"""Which stage of a hub's life a log line comes from, told by the code that printed it.

The diagnoser's last tier: a warning or error that no entry's symptom and no message of
the reference matched still names the module that logged it (JupyterHub's log format is
`[E <time> JupyterHub app:3380]`, the single-user server's is `[W <time> ServerApp]`), and
a traceback's frames name the files it ran through (`File ".../jupyterhub/orm.py", line
1100, in check_db_revision`), also when the paste stops before the exception's last line.
That module tells the stage, and the stage its triage guide (docs/triage/<guide>.md): where
to look next.

The table is written by hand and held to the source by tests/test_stages.py: every file it
names exists in a release of its package, and no module name stands for two stages.
"""

from __future__ import annotations

from pathlib import Path

from .reference import guide_link

# Stage (a triage guide's file name) -> the files, or folders (ending in "/"), whose log
# lines and traceback frames belong to it, as paths inside site-packages. Modules that
# serve every stage (handlers/base.py, utils.py, the REST API) are left out: their lines say
# nothing about the stage.
STAGE_MODULES: dict[str, tuple[str, ...]] = {
    "hub-does-not-start": (
        "jupyterhub/app.py",
        "jupyterhub/orm.py",
        "jupyterhub/crypto.py",
    ),
    # The database's migrations, and the check of the hub's release against the servers'.
    "upgrades": (
        "jupyterhub/dbutil.py",
        "jupyterhub/alembic/",
        "jupyterhub/_version.py",
    ),
    "login-fails": (
        "jupyterhub/auth.py",
        "jupyterhub/authenticators/shared.py",
        "jupyterhub/handlers/login.py",
        "jupyterhub/oauth/provider.py",
        "oauthenticator/",
        "oauthenticator/oauth2.py",
        "oauthenticator/generic.py",
        "oauthenticator/github.py",
        "oauthenticator/gitlab.py",
        "oauthenticator/google.py",
        "oauthenticator/azuread.py",
        "oauthenticator/bitbucket.py",
        "oauthenticator/cilogon.py",
        "oauthenticator/globus.py",
        "oauthenticator/openshift.py",
        "oauthenticator/auth0.py",
        "oauthenticator/mediawiki.py",
        "ldapauthenticator/ldapauthenticator.py",
    ),
    "server-does-not-start": (
        "jupyterhub/spawner.py",
        "jupyterhub/user.py",
        "jupyterhub/handlers/pages.py",
        "jupyterhub/singleuser/",
        "dockerspawner/",
        "dockerspawner/dockerspawner.py",
        "dockerspawner/swarmspawner.py",
        "dockerspawner/systemuserspawner.py",
        "batchspawner/batchspawner.py",
        "systemdspawner/systemdspawner.py",
        "systemdspawner/systemd.py",
        "sudospawner/spawner.py",
        "sudospawner/mediator.py",
    ),
    "routing-and-proxy": ("jupyterhub/proxy.py",),
    # KubeSpawner's frames (its log lines name "spawner" or "proxy" as JupyterHub's do, and
    # stay with those; "reflector" is its own).
    "kubernetes": (
        "kubespawner/",
        "kubespawner/reflector.py",
    ),
}
# Loggers of the single-user server (Jupyter Server's format names no module): its lines
# belong to the server's start whatever module printed them.
SERVER_LOGGERS = (
    "JupyterHubSingleUser",
    "SingleUserNotebookApp",
    "SingleUserLabApp",
    "ServerApp",
    "NotebookApp",
    "LabApp",
)
SERVER_STAGE = "server-does-not-start"
# A warning-or-worse line of JupyterHub's format (`[W 2026-12-07 11:00:00.000 JupyterHub
# app:3380]`) or Jupyter Server's (no module): the level, the logger and the module.
LINE = r"\[[WEC] \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? (\S+?)(?: (\w+):\d+)?\]"
# What every traceback frame starts with: a cheap test before FRAME.
FRAME_LEAD = 'File "'


class StageTableError(ValueError):
    pass


def module_names() -> dict[str, str]:
    """Module name (as the log prints it: the file's name without .py) -> stage."""
    names: dict[str, str] = {}
    for stage, paths in STAGE_MODULES.items():
        for path in paths:
            if path.endswith("/"):
                continue
            name = path.rsplit("/", 1)[-1].removesuffix(".py")
            if names.setdefault(name, stage) != stage:
                raise StageTableError(
                    f"troubleshoot/stages.py: STAGE_MODULES: the module name {name!r} is in "
                    f"both {names[name]!r} and {stage!r}; a log line names the module alone, "
                    "so keep it in one stage (or leave it out)"
                )
    return names


def frame_pattern() -> str:
    """A traceback frame in one of the packages the table names; group 1 is the path from
    the package's folder (the last such folder of the path, / or \\ between its parts)."""
    packages = sorted({path.split("/", 1)[0] for paths in STAGE_MODULES.values() for path in paths})
    return FRAME_LEAD + r'[^"]*[/\\]((?:' + "|".join(packages) + r')[/\\][\w/\\.-]*\.py)", line \d+'


def stage_records(docs: Path | None = None) -> dict:
    """The table as signatures.json lists it for the diagnosers; a stage whose guide is not
    written yet is left out."""
    guides = {stage: guide_link(stage, docs) for stage in STAGE_MODULES}
    guides = {stage: {"url": g["url"], "title": g["title"]} for stage, g in guides.items() if g}
    paths = [
        [path, stage]
        for stage, listed in STAGE_MODULES.items()
        for path in listed
        if stage in guides
    ]
    return {
        "line": LINE,
        "frame_lead": FRAME_LEAD,
        "frame": frame_pattern(),
        # Longest first: a file is tried before the folder that holds it.
        "paths": sorted(paths, key=lambda p: (-len(p[0]), p[0])),
        "modules": {name: stage for name, stage in module_names().items() if stage in guides},
        "loggers": {logger: SERVER_STAGE for logger in SERVER_LOGGERS if SERVER_STAGE in guides},
        "guides": guides,
    }
