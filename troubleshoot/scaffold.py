"""`nox -s new -- <section> <id>`: the files of a new entry, full of TODOs that fail until replaced.

It writes the page (docs/<section>/<id>.md), its snippet folder (broken.py, fix.py,
check.sh), a failing scenario skeleton appended to the section's scenario module, and
adds the page's URL to the stable URL list. Every TODO is reported by
`python -m troubleshoot validate` with its file and field or line; the scenario fails
with a message saying what to write.
"""

from __future__ import annotations

from pathlib import Path

from .model import DOCS, ROOT, SECTIONS, SLUG, SNIPPETS, did_you_mean, entry_paths

SCENARIOS = ROOT / "tests" / "scenarios"
STABLE_URLS = ROOT / "tests" / "data" / "entry-urls.txt"


class ScaffoldError(Exception):
    pass


def listed_urls(path: Path = STABLE_URLS) -> list[str]:
    """Entry URLs published so far (section/id/), one per line; '#' starts a comment."""
    if not path.is_file():
        return []
    lines = (
        line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()
    )
    return [line for line in lines if line]


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
    for url in listed_urls(root / STABLE_URLS.relative_to(ROOT)):
        if url.strip("/").split("/")[-1] == entry_id:
            raise ScaffoldError(
                f"id {entry_id!r} was published before ({url} in "
                f"{STABLE_URLS.relative_to(ROOT)}): ids are never reused; pick another"
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
    where: "TODO: browser, hub-log, proxy-log, singleuser-log or shell"
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

## How to fix it {{#fix}}

TODO: the fix. A fix that widens exposure says here what to close again and why.

```python title="jupyterhub_config.py"
--8<-- "{section}/{entry_id}/fix.py:fix"
```

## Check that it worked {{#verify}}

```sh
--8<-- "{section}/{entry_id}/check.sh:check"
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

CHECK = """\
#!/bin/sh
# --8<-- [start:check]
# TODO: commands that show the fix worked; put values a reader edits on lines of their own,
# e.g. name=alice, so the scenario can set them.
# --8<-- [end:check]
"""


def scenario_text(section: str, entry_id: str) -> str:
    name = entry_id.replace("-", "_")
    return f'''

# ---------------------------------------------------------------- {entry_id}


@pytest.mark.reproduces("{entry_id}", "TODO-short-name")
def test_{name}(hub_factory, symptoms):
    # 1. hub = hub_factory([fragment("{section}/{entry_id}/broken.py")]); hub.start()
    #    (fragment from tests.scenarios.snippets; API in tests/hub/README.md)
    # 2. drive it as a user (Browser from tests.hub.browser), then
    #    symptoms.seen("{entry_id}", "<symptom id>", hub.observed(browser)) for every symptom
    # 3. hub.reconfigure([fragment("{section}/{entry_id}/fix.py")]); hub.restart()
    # 4. symptoms.gone(...) and the user's server answers: Browser.with_server(hub, "you")
    pytest.fail(
        "TODO: scenario for {entry_id} not written yet (CONTRIBUTING.md, 'Write the scenario'); "
        "if it cannot be reproduced, delete this test and say why in the page's reproduced:"
    )
'''


SCENARIO_MODULE_HEADER = '''"""Scenarios of the {title} section: each documented symptom reproduced, each fix verified."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.scenario
'''


def scenario_module(section: str) -> Path:
    """The section's scenario module: tests/scenarios/test_<section>.py (underscored)."""
    return SCENARIOS / f"test_{section.replace('-', '_')}.py"


def scaffold(section: str, entry_id: str, root: Path = ROOT) -> list[Path]:
    """Write the new entry's files; return them. Nothing is written if the id is refused."""
    check_new_id(section, entry_id, root)
    page = root / DOCS.relative_to(ROOT) / section / f"{entry_id}.md"
    snippets = root / SNIPPETS.relative_to(ROOT) / section / entry_id
    module = root / scenario_module(section).relative_to(ROOT)
    urls = root / STABLE_URLS.relative_to(ROOT)
    if snippets.exists():
        raise ScaffoldError(
            f"{snippets.relative_to(root)} exists already; remove it or pick another id"
        )

    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(page_text(section, entry_id), encoding="utf-8")
    snippets.mkdir(parents=True)
    (snippets / "broken.py").write_text(BROKEN, encoding="utf-8")
    (snippets / "fix.py").write_text(FIX, encoding="utf-8")
    (snippets / "check.sh").write_text(CHECK, encoding="utf-8")
    if not module.exists():
        module.parent.mkdir(parents=True, exist_ok=True)
        module.write_text(SCENARIO_MODULE_HEADER.format(title=SECTIONS[section]), encoding="utf-8")
    with module.open("a", encoding="utf-8") as out:
        out.write(scenario_text(section, entry_id))
    urls.parent.mkdir(parents=True, exist_ok=True)
    with urls.open("a", encoding="utf-8") as out:
        out.write(f"{section}/{entry_id}/\n")
    return [page, snippets / "broken.py", snippets / "fix.py", snippets / "check.sh", module, urls]
