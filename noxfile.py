"""Every task of the project, each in its own environment.

nox -s serve        build and serve the site at http://127.0.0.1:8000 (live reload)
nox -s test         the whole test suite, with every system package it needs (README)
nox -s checks       fast checks only: entries, snippets, generated files, strict build
nox -s versions     config fragments and entry ranges against JupyterHub 4.1, 5.5 and 6.1
nox -s scenarios    symptoms reproduced against a real hub in containers
nox -s browser      the built site in Debian's Chromium: search, diagnoser, offline
nox -s generate     rewrite docs/symptoms.md, section indexes and signatures.json
nox -s new -- <section> <id> [--code]   scaffold an entry whose TODOs fail the checks until replaced
nox -s build        mkdocs build --strict into site/
nox -s build-zensical  the same site built by Zensical, compared with MkDocs' build
nox -s provenance   every symptom traced to the source of each release that prints it
nox -s drift        the newest JupyterHub and proxy releases against every traced symptom
nox -s lint         ruff (check, format), codespell, pymarkdown, shellcheck, validate, generate --check
nox -s bench-hub    the scenario suite with workers and serially: per-scenario and total time
nox -s bench-search hit@1/hit@3 of search and the diagnoser on real pasted messages
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import nox
from nox.command import CommandFailed
from packaging.version import Version

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["checks"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
QUIET_MKDOCS = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

# command (or absolute path) -> Debian package that provides it.
SYSTEM_PACKAGES = {
    "shellcheck": "shellcheck",  # shell snippets
    "node": "nodejs",  # symptom patterns checked in JavaScript's RegExp
    "podman": "podman",  # the container engine for scenarios
    "runc": "runc",  # podman's runtime on hosts where crun fails (see tests/hub)
    # Recommends of podman, named because --no-install-recommends skips them: port
    # publishing, container names as DNS, and the pause process.
    "/usr/lib/podman/netavark": "netavark",
    "/usr/lib/podman/aardvark-dns": "aardvark-dns",
    "catatonit": "catatonit",
    "iptables": "iptables",
    "debootstrap": "debootstrap",  # builds the base image where no registry is reachable
    "npm": "npm",  # installs configurable-http-proxy for the hub image
    "chromium": "chromium",  # browser tests of the built site
    # The docker client: scenarios run documented commands such as `docker rm -f ...` for
    # real, against Podman's Docker-compatible API too.
    "docker": "docker.io",
    "openssl": "openssl",  # a page's command that makes a secret, run on the host
}
# Only needed when the harness runs its own Podman (not with HUB_ENGINE=docker).
PODMAN_ONLY = {
    "podman",
    "runc",
    "/usr/lib/podman/netavark",
    "/usr/lib/podman/aardvark-dns",
    "catatonit",
    "iptables",
}
FAST_TOOLS = ("shellcheck", "node")

# Scenarios run side by side in this many pytest-xdist workers (HUB_WORKERS=1: one at a
# time). They mostly wait (hub start-up, spawns, the hub's own timeouts); at most two hubs
# boot at once whatever the count (tests/hub/util.py, Slots). `nox -s bench-hub` measures it.
HUB_WORKERS = os.environ.get("HUB_WORKERS", "4")


# A scenario that fails runs once more, and the summary lists it ("R" lines, -rR) with its
# first attempt's traceback: real engines, DNS servers and kernels on a loaded two-core
# machine are now and then late (the flakes seen are in CONTRIBUTING.md). A scenario that
# fails twice fails. HUB_RERUNS=0: none.
HUB_RERUNS = os.environ.get("HUB_RERUNS", "1")


def scenario_args() -> list[str]:
    """pytest options that run the scenarios concurrently, each test where a worker is free,
    and run a failed one once more."""
    reruns = ["--reruns", HUB_RERUNS, "--reruns-delay", "5", "-rR", "--rerun-show-tracebacks"]
    if HUB_WORKERS in ("0", "1"):
        return ["-p", "no:xdist", *reruns]
    return ["-n", HUB_WORKERS, "--dist", "worksteal", *reruns]


def scenario_packages() -> list[str]:
    """What the scenarios need: all of it, unless told to use an existing Docker engine."""
    if os.environ.get("HUB_ENGINE") == "docker":
        return [c for c in SYSTEM_PACKAGES if c not in PODMAN_ONLY]
    return list(SYSTEM_PACKAGES)


def install(session: nox.Session, *groups: str) -> None:
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, *groups))


def ensure_system_packages(session: nox.Session, commands) -> None:
    """Install missing Debian packages as root or with passwordless sudo; else say how."""
    missing = sorted(
        {SYSTEM_PACKAGES[c] for c in commands if shutil.which(c) is None and not os.path.exists(c)}
    )
    if not missing:
        return
    apt = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if os.geteuid() == 0:
        prefix = []
    elif (
        shutil.which("sudo")
        and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0
    ):
        prefix = ["sudo", "-n"]
    else:
        session.error(
            "missing system packages: " + " ".join(missing) + "\n"
            "Install them, then run this again:\n"
            "    sudo apt-get update && sudo " + " ".join(apt)
        )
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run(*prefix, "apt-get", "update", "-q", external=True, env=env)
    session.run(*prefix, *apt, external=True, env=env)


@nox.session
def serve(session: nox.Session) -> None:
    """Build the site and serve it with live reload."""
    install(session, "docs")
    address = session.posargs[0] if session.posargs else "127.0.0.1:8000"
    session.run("mkdocs", "serve", "--livereload", "-a", address, env=QUIET_MKDOCS)


@nox.session
def build(session: nox.Session) -> None:
    """Strict build into site/."""
    install(session, "docs")
    session.run("mkdocs", "build", "--strict", env=QUIET_MKDOCS)


@nox.session(name="build-zensical")
def build_zensical(session: nox.Session) -> None:
    """Build with Zensical into site/, and compare it with MkDocs' build of the same files."""
    install(session, "zensical")
    mkdocs_site = os.path.join(session.create_tmp(), "mkdocs-site")
    session.run("mkdocs", "build", "--strict", "-q", "-d", mkdocs_site, env=QUIET_MKDOCS)
    session.run("zensical", "build", "--clean", "--strict")
    session.run("python", "-m", "tests.zensical_compare", mkdocs_site, "site")


@nox.session
def generate(session: nox.Session) -> None:
    """Rewrite the generated pages and the signatures file from the entries."""
    install(session)
    session.run("python", "-m", "troubleshoot", "generate")


@nox.session
def new(session: nox.Session) -> None:
    """Scaffold an entry: nox -s new -- <section> <id> [--code] (page, snippets, scenario)."""
    if len([a for a in session.posargs if a != "--code"]) != 2:
        session.error(
            "usage: nox -s new -- <section> <id> [--code], e.g. "
            "nox -s new -- proxy proxy-crashes-at-start"
        )
    install(session)
    session.run("python", "-m", "troubleshoot", "new", *session.posargs)


@nox.session
def checks(session: nox.Session) -> None:
    """Fast checks (no containers, no browser); `test` is the whole suite."""
    ensure_system_packages(session, FAST_TOOLS)
    install(session, "test")
    session.run(
        "pytest",
        "-m",
        "not scenario and not browser and not provenance",
        *session.posargs,
        env=QUIET_MKDOCS,
    )


# JupyterHub releases the config checks run against: series -> exact release.
JUPYTERHUB_MATRIX = {
    ".".join(release.split(".")[:2]): release
    for release in PYPROJECT["tool"]["troubleshoot"]["jupyterhub-matrix"]
}


def kubespawner_for(jupyterhub: str) -> str:
    """The KubeSpawner of the newest Zero to JupyterHub chart whose hub image has this
    JupyterHub's major release (the newest chart's if none): the facts in reference/z2jh/
    (troubleshoot/helm_values.py, which this repeats without its dependencies)."""
    charts = []
    for path in Path("reference/z2jh").glob("chart-*.json"):
        pins = json.loads(path.read_text(encoding="utf-8"))["hub_image"]
        charts.append((Version(path.stem.removeprefix("chart-")), pins))
    charts.sort(key=lambda chart: chart[0])
    major = Version(jupyterhub).major
    same = [pins for _, pins in charts if Version(pins["jupyterhub"]).major == major]
    return (same or [pins for _, pins in charts])[-1]["jupyterhub-kubespawner"]


@nox.session
@nox.parametrize("jupyterhub", list(JUPYTERHUB_MATRIX.values()), ids=list(JUPYTERHUB_MATRIX))
def versions(session: nox.Session, jupyterhub: str) -> None:
    """Config fragments, Helm values' hub.config and entry ranges checked against one
    JupyterHub release each (with the KubeSpawner a chart ships beside it)."""
    session.install(
        "-e",
        ".",
        *nox.project.dependency_groups(PYPROJECT, "config"),
        f"jupyterhub=={jupyterhub}",
        f"jupyterhub-kubespawner=={kubespawner_for(jupyterhub)}",
    )
    session.run("pytest", "-p", "no:cacheprovider", "tests/test_versions.py", *session.posargs)


@nox.session
def scenarios(session: nox.Session) -> None:
    """Symptoms reproduced against a real hub in containers."""
    ensure_system_packages(session, scenario_packages())
    install(session, "test", "scenarios")
    session.run("pytest", "-m", "scenario", *scenario_args(), *session.posargs, env=QUIET_MKDOCS)


@nox.session
def provenance(session: nox.Session) -> None:
    """Every symptom traced to the format string that prints it, in each release of
    [tool.troubleshoot.sources] (fetched once from PyPI and npm), and its range checked."""
    ensure_system_packages(session, ["npm"])
    install(session, "test")
    session.run("python", "-m", "troubleshoot", "provenance")
    session.run("pytest", "-m", "provenance", *session.posargs)


@nox.session
def drift(session: nox.Session) -> None:
    """The newest JupyterHub and configurable-http-proxy (-- --pre: pre-releases too) against
    every traced symptom (-- --report drift.md), then the scenarios against that JupyterHub
    unless the matrix holds it already. Fails when something drifted (weekly in CI)."""
    ensure_system_packages(session, ["npm"])
    install(session, "test")
    command = ["python", "-m", "troubleshoot", "drift", *session.posargs]
    # Its last line: "newest: jupyterhub=X configurable-http-proxy=Y".
    newest_line = session.run(*command, "--print-newest", silent=True).strip().splitlines()[-1]
    newest = dict(word.split("=", 1) for word in newest_line.split()[1:])
    try:
        session.run(*command)
        drifted = False
    except CommandFailed as failed:
        if failed.reason != "Returned code 1":  # 2: the check could not run
            raise
        drifted = True  # the scenarios may still say how the new release behaves
    hub = newest["jupyterhub"]
    if hub == list(JUPYTERHUB_MATRIX.values())[-1]:
        session.log(
            f"JupyterHub {hub} is the newest of jupyterhub-matrix: `nox -s scenarios` "
            "runs against it already; no scenario run here"
        )
    else:
        ensure_system_packages(session, scenario_packages())
        install(session, "test", "scenarios")
        env = {**QUIET_MKDOCS, "HUB_JUPYTERHUB_VERSION": hub}
        session.run("pytest", "-m", "scenario", *scenario_args(), env=env)
    if drifted:
        session.error("something drifted: the report above says what")


@nox.session
def browser(session: nox.Session) -> None:
    """The built site in Debian's Chromium: search, diagnoser, offline, palette, screenshots."""
    ensure_system_packages(session, ["chromium"])
    install(session, "test", "browser")
    session.run("pytest", "-m", "browser", *session.posargs, env=QUIET_MKDOCS)


def fetch_axe_core(session: nox.Session) -> None:
    """axe-core for the accessibility checks, from npm into .cache/sources/ (once)."""
    session.run("python", "-m", "tests.browser.test_a11y", "--fetch")


@nox.session
def a11y(session: nox.Session) -> None:
    """axe-core's WCAG 2 A/AA checks of the built site in Chromium, both colour schemes."""
    ensure_system_packages(session, ["chromium", "npm"])
    install(session, "test", "browser")
    fetch_axe_core(session)
    session.run("pytest", "-m", "a11y", *session.posargs, env=QUIET_MKDOCS)


@nox.session
def test(session: nox.Session) -> None:
    """Everything: fast checks, scenarios, browser tests (accessibility included), version
    matrix, Zensical, lint."""
    ensure_system_packages(session, scenario_packages())
    # Each release of the matrix is its own session (its own JupyterHub); queued to run next.
    for series in JUPYTERHUB_MATRIX:
        session.notify(f"versions({series})")
    session.notify("provenance")  # every message traced to the source that prints it
    session.notify("build-zensical")  # Zensical readiness: the same site from its builder
    session.notify("lint")  # what pre-commit runs, so CI enforces it too
    install(session, "test", "scenarios", "browser")
    fetch_axe_core(session)
    # Two runs of one suite: the scenarios side by side (workers), the rest in one process
    # (the browser tests build the site once).
    session.run(
        "pytest", "-m", "not scenario and not provenance", *session.posargs, env=QUIET_MKDOCS
    )
    session.run("pytest", "-m", "scenario", *scenario_args(), *session.posargs, env=QUIET_MKDOCS)


@nox.session
def lint(session: nox.Session) -> None:
    """The checks of .pre-commit-config.yaml, same commands and config (tests/test_lint_config.py).

    Each command is a hook's entry followed by the paths to check: pre-commit appends
    the changed files instead.
    """
    ensure_system_packages(session, ["shellcheck"])
    install(session, "lint")
    session.run("ruff", "check", "--force-exclude", ".")
    session.run("ruff", "format", "--check", "--force-exclude", ".")
    # No paths: the whole tree minus [tool.codespell] skip and hidden files.
    session.run("codespell")
    # Config in [tool.pymarkdown]; --respect-gitignore keeps .nox, site and caches out.
    session.run("pymarkdown", "scan", "-r", "--respect-gitignore", ".")
    # Every *.sh outside hidden and build directories, and .ci/run (bash, no suffix).
    shell_scripts = [".ci/run"]
    for root, dirs, files in os.walk("."):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("site", "build"))
        shell_scripts += sorted(os.path.join(root, f) for f in files if f.endswith(".sh"))
    session.run("shellcheck", *shell_scripts, external=True)
    session.run("python", "-m", "troubleshoot", "validate")
    session.run("python", "-m", "troubleshoot", "generate", "--check")


@nox.session(name="bench-hub")
def bench_hub(session: nox.Session) -> None:
    """Scenario suite wall time with HUB_WORKERS workers and serially (-- --parallel-only,
    -- -k <expr>); `-- --parts` times the harness's parts instead (build, boot, spawn)."""
    ensure_system_packages(session, scenario_packages())
    install(session, "test", "scenarios")
    if "--parts" in session.posargs:
        rest = [a for a in session.posargs if a != "--parts"]
        session.run("python", "-m", "tests.hub.bench", *rest)
        return
    session.run(
        "python",
        "-m",
        "tests.hub.bench_suite",
        "--workers",
        HUB_WORKERS,
        *session.posargs,
        env=QUIET_MKDOCS,
    )


@nox.session(name="bench-search")
def bench_search(session: nox.Session) -> None:
    """hit@1/hit@3 of search (ours vs Material's defaults) and of the diagnoser."""
    ensure_system_packages(session, ["chromium"])
    install(session, "browser")
    session.run("python", "-m", "tests.browser.bench_search", *session.posargs, env=QUIET_MKDOCS)


@nox.session
def lighthouse(session: nox.Session) -> None:
    """Lighthouse (npm) on the home page, an entry and the diagnoser, phone settings, the
    site served with gzip: its four scores and CLS, medians of 3 runs (-- --runs N)."""
    ensure_system_packages(session, ["chromium", "npm"])
    install(session, "docs")
    prefix = os.path.join(".cache", "npm", "lighthouse-13")
    cli = os.path.join(prefix, "node_modules", ".bin", "lighthouse")
    if not os.path.exists(cli):
        session.run(
            "npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", prefix,
            "lighthouse@13", external=True,
        )  # fmt: skip
    site = os.path.join(session.create_tmp(), "site")
    session.run("mkdocs", "build", "--strict", "-q", "-d", site, env=QUIET_MKDOCS)
    session.run("python", "-m", "tests.bench_lighthouse", "--lighthouse", cli, "--site", site,
                *session.posargs)  # fmt: skip


@nox.session(name="bench-cli")
def bench_cli(session: nox.Session) -> None:
    """`diagnose` on a 50 MB log: seconds and peak memory, with and without the search
    fallback, plain and gzip (-- --megabytes N --runs N)."""
    install(session, "docs")
    site = os.path.join(session.create_tmp(), "site")
    session.run("mkdocs", "build", "--strict", "-q", "-d", site, env=QUIET_MKDOCS)
    index = os.path.join(site, "search", "search_index.json")
    session.run("python", "-m", "tests.bench_cli", "--search-index", index, *session.posargs)
