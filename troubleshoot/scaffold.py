"""`nox -s new -- <section> <id>`: the files of a new entry, full of TODOs that fail until replaced.

It writes the page (docs/<section>/<id>.md), its snippet folder (broken.py, fix.py,
check.sh, verify.sh, and the plain scenario scenario.yaml; or, with --code, a failing scenario module
tests/scenarios/<section>/test_<id>.py), and adds the page's URL to published-urls.txt. Every TODO is reported by
`python -m troubleshoot validate` with its file and field or line; the scenario fails
with a message saying what to write.
"""

from __future__ import annotations

from pathlib import Path

from .generate import PUBLISHED_URLS, listed_urls
from .model import entry_paths
from .plain_scenario import FILENAME
from .vocabulary import DOCS, ROOT, SECTIONS, SLUG, SNIPPETS, did_you_mean

SCENARIOS = ROOT / "tests" / "scenarios"


class ScaffoldError(Exception):
    pass


def check_new_id(section: str, entry_id: str, root: Path = ROOT) -> None:
    """Refuse an unknown section, an id that is not a slug, or an id used now or before."""
    if section not in SECTIONS:
        raise ScaffoldError(
            f"unknown section {section!r}{did_you_mean(section, SECTIONS)}; "
            f"known: {', '.join(SECTIONS)}"
        )
    if not SLUG.match(entry_id):
        raise ScaffoldError(
            f"{entry_id!r} is not a valid id: use lowercase words joined by '-', "
            "naming the problem (e.g. proxy-api-token-mismatch)"
        )
    for page in entry_paths(root / "docs"):
        if page.stem == entry_id:
            raise ScaffoldError(
                f"id {entry_id!r} exists: {page.relative_to(root)}; fix that page, or pick "
                "another id"
            )
    for url in listed_urls(root / PUBLISHED_URLS.relative_to(ROOT)):
        if url.strip("/").split("/")[-1] == entry_id:
            raise ScaffoldError(
                f"id {entry_id!r} was published before ({url} in "
                f"{PUBLISHED_URLS.relative_to(ROOT)}): ids are never reused; pick another"
            )


def page_text(section: str, entry_id: str) -> str:
    return f"""\
---
id: {entry_id}
title: "TODO: the problem in a few words, as an operator would describe it"
kind: problem
section: {section}
summary: "TODO: one sentence naming the cause; it appears in the symptom index."
tags: [TODO-pick-from-tags_allowed-in-mkdocs.yml]
jupyterhub: "TODO: the versions it applies to, e.g. >=4.1"
status: current
symptoms:
  - id: TODO-short-name
    where: "TODO: browser, hub-log, proxy-log, singleuser-log, front-log, database-log or shell"
    message: "TODO: the message, one line, verbatim, without the log prefix"
    pattern: "TODO: a regular expression for the parts that vary, or delete this line"
reproduced: true
sources:
  - "TODO: owner/repo#123 of the issue or thread, or an https:// URL"
---

# TODO: the title again

TODO: two or three sentences for an operator in a hurry: what breaks and what to change.

## What you see {{#symptoms}}

### `TODO: the message, verbatim, as in the front matter`

TODO: where it appears and what the user is doing at the time.

## Why it happens {{#cause}}

TODO: the cause, in terms of the hub's configuration and processes. A configuration that
shows the problem (the scenario starts its hub with this same file):

```python title="jupyterhub_config.py"
--8<-- "{section}/{entry_id}/broken.py"
```

To tell whether this is your problem:

```sh
--8<-- "{section}/{entry_id}/check.sh:check"
```

## How to fix it {{#fix}}

TODO: the fix. A fix that widens exposure says here what to close again and why.

```python title="jupyterhub_config.py"
--8<-- "{section}/{entry_id}/fix.py:fix"
```

## Check that it worked {{#verify}}

```sh
--8<-- "{section}/{entry_id}/verify.sh:verify"
```

TODO: what the reader should see when it worked.

## Versions {{#versions}}

TODO: the versions you saw the messages on, and what differs between them.
"""


BROKEN = """\
# TODO: the smallest configuration that produces the symptom (the scenario starts the hub with it).
"""

FIX = """\
# --8<-- [start:fix]
# TODO: the fix, as the reader will paste it into jupyterhub_config.py.
# --8<-- [end:fix]
"""

# check.sh diagnoses, verify.sh proves the fix (CONTRIBUTING.md, "Two shell files").
CHECK = """\
#!/bin/sh
# --8<-- [start:check]
# TODO: read-only commands that show whether this is the reader's problem; put values a
# reader edits on lines of their own, e.g. name=alice, so the scenario can set them.
# --8<-- [end:check]
"""

VERIFY = """\
#!/bin/sh
# --8<-- [start:verify]
# TODO: read-only commands that succeed once the fix is in (exit 0), and fail before it.
# --8<-- [end:verify]
"""


PLAIN_SCENARIO = """\
# How the scenario reproduces this entry (CONTRIBUTING.md, "Write the scenario"); every
# field is described in troubleshoot/plain_scenario.py.
broken:
  config: [broken.py]
  expect: "TODO: running, running-unreachable, exit 1 or exit nonzero"
  user:  # what a user does on the running hub (delete for a hub that exits)
    - spawn: you
      fails: true
  diagnose:
    - run: check.sh:check
symptoms: [TODO-short-name]  # or delete: every symptom this release prints
fix:
  config: [broken.py, fix.py]
verify:
  user: server  # or login-page
  run:
    - run: verify.sh:verify
"""


def code_scenario_text(entry_id: str) -> str:
    name = entry_id.replace("-", "_")
    return f'''"""{entry_id}: TODO: what state this scenario stages that scenario.yaml cannot."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.scenario


@pytest.mark.reproduces("{entry_id}", "TODO-short-name")
def test_{name}(hub_factory, symptoms):
    # Shared steps are in tests/hub (README there): hub_factory([fragment(...)]), UserClient,
    # held starts, squatters; then symptoms.all_seen(hub.observed(...)), the page's fix,
    # symptoms.all_gone(hub.observed(run=-1)).
    pytest.fail(
        "TODO: scenario for {entry_id} not written yet (CONTRIBUTING.md, 'Write the scenario'); "
        "if it cannot be reproduced, delete this file and say why in the page's reproduced:"
    )
'''


def scenario_module(section: str, entry_id: str) -> Path:
    """An entry's code scenario: tests/scenarios/<section>/test_<id, underscored>.py."""
    return SCENARIOS / section / f"test_{entry_id.replace('-', '_')}.py"


def scaffold(section: str, entry_id: str, root: Path = ROOT, *, code: bool = False) -> list[Path]:
    """Write the new entry's files; return them. Nothing is written if the id is refused.

    The scenario is data (snippets/<section>/<id>/scenario.yaml) unless `code`: then a
    module of its own, tests/scenarios/<section>/test_<id>.py, for stateful reproductions.
    """
    check_new_id(section, entry_id, root)
    page = root / DOCS.relative_to(ROOT) / section / f"{entry_id}.md"
    snippets = root / SNIPPETS.relative_to(ROOT) / section / entry_id
    urls = root / PUBLISHED_URLS.relative_to(ROOT)
    if snippets.exists():
        raise ScaffoldError(
            f"{snippets.relative_to(root)} exists already; remove it or pick another id"
        )

    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(page_text(section, entry_id), encoding="utf-8")
    snippets.mkdir(parents=True)
    files = {"broken.py": BROKEN, "fix.py": FIX, "check.sh": CHECK, "verify.sh": VERIFY}
    if not code:
        files[FILENAME] = PLAIN_SCENARIO
    for name, text in files.items():
        (snippets / name).write_text(text, encoding="utf-8")
    written = [page, *(snippets / name for name in files)]
    if code:
        module = root / scenario_module(section, entry_id).relative_to(ROOT)
        module.parent.mkdir(parents=True, exist_ok=True)
        module.write_text(code_scenario_text(entry_id), encoding="utf-8")
        written.append(module)
    with urls.open("a", encoding="utf-8") as out:
        out.write(f"{section}/{entry_id}/\n")
    return [*written, urls]
