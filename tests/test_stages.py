"""The diagnoser's last tier: a warning, error or traceback frame that nothing else matched
points to the triage guide of the stage its code belongs to (troubleshoot/stages.py,
Explainer.stage_of, diagnose.js newExplainer)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.test_matcher import disagreements, javascript_findings, python_findings
from troubleshoot import matcher, stages
from troubleshoot.model import DOCS
from troubleshoot.provenance import source_matrix
from troubleshoot.reference import guide_link
from troubleshoot.snippets import jupyterhub_matrix
from troubleshoot.sources import release_source
from troubleshoot.vocabulary import PRINTERS

TIME = "2026-12-07 11:00:00.123"
SITE = "/opt/hub/lib/python3.11/site-packages"
# Text no message of the reference and no entry holds.
UNKNOWN = "something went sideways in a way nobody wrote down"


@pytest.fixture(scope="module")
def signatures():
    return matcher.load_signatures()


def stage_of(line: str, signatures) -> str | None:
    return matcher.Explainer(signatures).stage_of(line)


def listed_stage(path: str) -> str | None:
    """The stage the table gives a path inside site-packages (a file before its folder)."""
    for listed in sorted(
        (p for paths in stages.STAGE_MODULES.values() for p in paths), key=len, reverse=True
    ):
        if path.startswith(listed):
            return next(s for s, paths in stages.STAGE_MODULES.items() if listed in paths)
    return None


def test_every_stage_names_a_written_guide():
    for stage in stages.STAGE_MODULES:
        assert guide_link(stage) is not None, f"docs/triage/{stage}.md is missing"


def test_the_signatures_carry_the_table(signatures):
    records = signatures["stages"]
    assert set(records["guides"]) == set(stages.STAGE_MODULES)
    assert records["modules"] == stages.module_names()
    assert {path for path, _ in records["paths"]} == {
        p for paths in stages.STAGE_MODULES.values() for p in paths
    }


def test_a_module_name_in_two_stages_is_refused(monkeypatch):
    monkeypatch.setitem(
        stages.STAGE_MODULES, "routing-and-proxy", ("jupyterhub/proxy.py", "jupyterhub/user.py")
    )
    with pytest.raises(stages.StageTableError, match=r"STAGE_MODULES: the module name 'user'"):
        stages.module_names()


def test_each_modules_warning_points_to_its_stage(signatures):
    for name, stage in stages.module_names().items():
        for level in "WEC":
            line = f"[{level} {TIME} JupyterHub {name}:123] {UNKNOWN}"
            assert stage_of(line, signatures) == stage, line


def test_the_single_user_servers_loggers_point_to_the_server_stage(signatures):
    for logger in stages.SERVER_LOGGERS:
        line = f"[E {TIME} {logger}] {UNKNOWN}"
        assert stage_of(line, signatures) == "server-does-not-start", line


def test_info_debug_and_unlisted_modules_say_nothing(signatures):
    assert stage_of(f"[I {TIME} JupyterHub app:3380] {UNKNOWN}", signatures) is None
    assert stage_of(f"[D {TIME} JupyterHub spawner:99] {UNKNOWN}", signatures) is None
    # handlers/base.py serves every stage: its lines do not tell one.
    assert stage_of(f"[E {TIME} JupyterHub base:1234] {UNKNOWN}", signatures) is None
    assert stage_of(f"[W {TIME} JupyterHub web:2371] {UNKNOWN}", signatures) is None
    assert stage_of(UNKNOWN, signatures) is None


def test_frames_point_to_their_files_stage(signatures):
    cases = {
        f'  File "{SITE}/jupyterhub/orm.py", line 1100, in check_db_revision': (
            "hub-does-not-start"
        ),
        f'  File "{SITE}/jupyterhub/alembic/versions/0eee8c825d24_.py", line 9, in upgrade': (
            "upgrades"
        ),
        f'  File "{SITE}/jupyterhub/dbutil.py", line 150, in upgrade_if_needed': "upgrades",
        f'  File "{SITE}/oauthenticator/oauth2.py", line 1200, in authenticate': "login-fails",
        f'  File "{SITE}/oauthenticator/okta_custom.py", line 12, in get_user': "login-fails",
        f'  File "{SITE}/kubespawner/spawner.py", line 2900, in _start': "kubernetes",
        f'  File "{SITE}/kubespawner/objects.py", line 300, in make_pod': "kubernetes",
        f'  File "{SITE}/jupyterhub/proxy.py", line 880, in api_request': "routing-and-proxy",
        # A venv under /srv/jupyterhub: the last package folder of the path counts.
        '  File "/srv/jupyterhub/venv/lib/python3.12/site-packages/jupyterhub/user.py", '
        "line 1000, in spawn": "server-does-not-start",
        # Windows.
        r'  File "C:\Program Files\Python311\Lib\site-packages\jupyterhub\app.py", '
        "line 3380, in launch_instance": "hub-does-not-start",
        # The user's own config file, and another package: no stage.
        '  File "/srv/jupyterhub/jupyterhub_config.py", line 11, in <module>': None,
        f'  File "{SITE}/sqlalchemy/engine/base.py", line 1400, in execute': None,
        f'  File "{SITE}/jupyterhub/utils.py", line 100, in exponential_backoff': None,
    }
    for line, stage in cases.items():
        assert stage_of(line, signatures) == stage, line


def page_tracebacks() -> list[tuple[str, list[str]]]:
    """Tracebacks the scenarios printed, as the pages quote them: (page, lines from the
    `Traceback` line on)."""
    found = []
    for page in sorted(DOCS.glob("*/*.md")):
        for block in re.findall(r"```text\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
            lines = block.splitlines()
            start = next((i for i, ln in enumerate(lines) if "Traceback (most recent" in ln), None)
            if start is not None:
                found.append((page.stem, lines[start:]))
    return found


def test_a_traceback_cut_after_any_frame_still_leads_somewhere(signatures):
    """Pastes often stop before a traceback's last line. Cut after each frame in a package
    the table lists, a quoted traceback still finds its page, or the guide of that frame's
    stage."""
    tried = 0
    for page, lines in page_tracebacks():
        for cut, line in enumerate(lines):
            path = re.search(r'File "[^"]*site-packages/([^"]+)"', line)
            stage = listed_stage(path.group(1)) if path else None
            if stage is None:
                continue
            tried += 1
            text = "\n".join(lines[: cut + 1])
            findings, explained, leads = matcher.explain_with_leads(text, signatures)
            guides = [lead.guide["url"] for lead in leads]
            linked = [e.message.get("triage", {}).get("url") for e in explained]
            assert findings or f"triage/{stage}/" in guides + linked, (page, line, guides)
    assert tried >= 5, f"only {tried} cut tracebacks: the pages quote fewer than before"


def test_leads_only_when_no_entry_matches_and_not_twice(signatures):
    guide = signatures["stages"]["guides"]["hub-does-not-start"]
    log = f"[E {TIME} JupyterHub app:3380] {UNKNOWN}\n[E {TIME} JupyterHub orm:12] {UNKNOWN}\n"
    findings, explained, leads = matcher.explain_with_leads(log, signatures)
    assert not findings and not explained
    assert [lead.guide for lead in leads] == [guide]
    assert [n for n, _ in leads[0].lines] == [1, 2]
    # A line a page documents: the page is the answer, no lead is shown.
    documented = signatures["signatures"][0]["message"]
    findings, _, leads = matcher.explain_with_leads(log + documented + "\n", signatures)
    assert findings and not leads
    # A message the reference explains links its guide already: no second link to it.
    message = next(
        m
        for m in signatures["messages"]
        if not m["entries"] and m.get("triage", {}).get("url") == guide["url"]
    )
    explained_line = f"[E {TIME} JupyterHub app:1] " + message["text"].replace("{}", "x")
    _, explained, leads = matcher.explain_with_leads(log + explained_line + "\n", signatures)
    assert explained and not leads


def test_python_and_javascript_give_the_same_leads(signatures):
    texts = {
        f"module {name}": f"[E {TIME} JupyterHub {name}:1] {UNKNOWN}"
        for name in stages.module_names()
    }
    texts |= {
        f"logger {logger}": f"[W {TIME} {logger}] {UNKNOWN}" for logger in stages.SERVER_LOGGERS
    }
    for n, (page, lines) in enumerate(page_tracebacks()):
        texts[f"traceback {n} ({page}), cut"] = "\n".join(lines[:-1])
    texts["windows frame"] = (
        r'  File "C:\hub\Lib\site-packages\jupyterhub\orm.py", line 1, in check_db_revision'
    )
    texts["all in one log"] = "\n".join(texts.values())
    python = python_findings(texts)
    assert any(p["leads"] for p in python.values()), "no leads: untested"
    problem = disagreements(python, javascript_findings(texts))
    assert not problem, "the matchers disagree:\n" + problem


def test_cli_lists_where_to_look_next(tmp_path, signatures):
    log = tmp_path / "hub.log"
    log.write_text(
        f"[E {TIME} JupyterHub spawner:1] {UNKNOWN}\n"
        f'  File "{SITE}/jupyterhub/proxy.py", line 880, in api_request\n',
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "troubleshoot", "diagnose", str(log)]
    shown = subprocess.run([*command, "--search-index", "none"], capture_output=True, text=True)
    assert shown.returncode == 1, shown.stderr  # no entry: exit 1, as documented
    guides = signatures["stages"]["guides"]
    assert "Where to look next" in shown.stdout
    for stage in ("server-does-not-start", "routing-and-proxy"):
        assert guides[stage]["title"] in shown.stdout and guides[stage]["url"] in shown.stdout
    as_json = subprocess.run(
        [*command, "--json", "--search-index", "none"], capture_output=True, text=True
    )
    leads = json.loads(as_json.stdout)["leads"]
    assert [lead["guide"] for lead in leads] == [
        guides["server-does-not-start"]["title"],
        guides["routing-and-proxy"]["title"],
    ]
    assert leads[1]["lines"][0]["line"] == 2


@pytest.mark.provenance
def test_every_listed_file_is_in_a_release_of_its_package():
    """The table names real files: each one is in at least one release of the version
    matrix (JupyterHub's, or the plug-in's in [tool.troubleshoot.sources])."""
    missing = []
    for paths in stages.STAGE_MODULES.values():
        for path in paths:
            folder = path.split("/", 1)[0]
            package = "jupyterhub" if folder == "jupyterhub" else PRINTERS[folder][0]
            releases = (
                list(jupyterhub_matrix().values())
                if package == "jupyterhub"
                else source_matrix()[package]
            )
            roots = [release_source(package, version, "pypi") for version in releases]
            if not any((root / path).exists() for root in roots):
                missing.append(f"{path} (in none of {package} {', '.join(releases)})")
    assert not missing, "troubleshoot/stages.py names files no release has:\n" + "\n".join(missing)
