"""How a scenario claims and proves the symptoms of an entry.

A scenario test is marked with the entry and the symptom ids it reproduces:

    @pytest.mark.reproduces("chp-missing-or-broken", "proxy-not-found", "failed-to-start-proxy")
    def test_proxy_not_on_path(hub_factory, symptoms): ...

and checks them against what the hub really printed, through the entry's own patterns:

    symptoms.all_seen(hub.observed())     # every claimed symptom, each where its page says
    ...apply the fix...
    symptoms.all_gone(hub.observed(run=-1))

`seen`/`gone` check one symptom, for a test that proves its claims in several places
(a stray proxy's own log, a later step).

`observed` maps a place (`hub-log`, `proxy-log`, `singleuser-log`, `browser`, `shell`) to
the text seen there; the symptom's own `where` picks the text, so a page that says "in the
proxy log" is held to it. A test that claims a symptom and never proves it fails, and
tests/test_reproduced.py fails when a `reproduced: true` entry has a symptom no scenario
claims.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field

import pytest

from troubleshoot.model import ROOT, Entry, Symptom
from troubleshoot.snippets import jupyterhub_matrix

# The JupyterHub release the scenarios run against; symptoms whose `jupyterhub` range
# excludes it (older wordings) are quoted from sources, not reproduced.
HUB_VERSION = os.environ.get("HUB_JUPYTERHUB_VERSION") or list(jupyterhub_matrix().values())[-1]
# The configurable-http-proxy of the hub image (pinned in tests/hub/chp/package.json).
PROXY_VERSION = json.loads((ROOT / "tests/hub/chp/package.json").read_text())["dependencies"][
    "configurable-http-proxy"
]
# Every release under test, by package: what Symptom.applies_to() holds a symptom to.
RELEASES = {"jupyterhub": HUB_VERSION, "configurable-http-proxy": PROXY_VERSION}


def check_names(hub, entry_id: str) -> bool:
    """Whether `check`, run in the hub's container with the hub's own Python on the hub's
    own configuration, names the entry: how a scenario proves an entry's `checks:`."""
    from tests.hub.config import HUB_CONFIG

    report = hub.troubleshoot_check(HUB_CONFIG)
    return entry_id in {finding["entry"] for finding in report["findings"]}


class SymptomNotSeen(AssertionError):
    pass


def documented_for(symptom: Symptom) -> str:
    hub = f"JupyterHub {symptom.jupyterhub or 'any release'}"
    if symptom.program == "jupyterhub":
        return hub
    return f"{hub} with {symptom.program} {symptom.versions or 'any release'}"


def under_test(symptom: Symptom) -> str:
    hub = f"JupyterHub {HUB_VERSION}"
    if symptom.program in RELEASES and symptom.program != "jupyterhub":
        return f"{hub} with {symptom.program} {RELEASES[symptom.program]}"
    return hub


def _tail(text: str, lines: int = 25) -> str:
    rest = text.splitlines()[-lines:]
    return "\n".join("    " + line for line in rest) or "    (nothing)"


@dataclass
class SymptomChecker:
    entries: dict[str, Entry]
    claimed: list[tuple[str, str]] = field(default_factory=list)  # in the decorators' order
    proven: set[tuple[str, str]] = field(default_factory=set)

    def claim(self, entry_id: str, symptom_id: str) -> None:
        self.symptom(entry_id, symptom_id)  # fails early on a typo in the claim
        if (entry_id, symptom_id) not in self.claimed:
            self.claimed.append((entry_id, symptom_id))

    def symptom(self, entry_id: str, symptom_id: str) -> Symptom:
        if entry_id not in self.entries:
            raise KeyError(f"no entry {entry_id!r}")
        return self.entries[entry_id].symptom(symptom_id)

    def _text(self, symptom: Symptom, observed: dict[str, str]) -> str:
        if symptom.where not in observed:
            raise SymptomNotSeen(
                f"{symptom.entry_id}/{symptom.id}: the page says it appears in the "
                f"{symptom.where}, but the scenario collected no {symptom.where} "
                f"(collected: {', '.join(sorted(observed)) or 'nothing'})"
            )
        return observed[symptom.where]

    def matching_lines(self, entry_id: str, symptom_id: str, observed: dict[str, str]) -> list[str]:
        symptom = self.symptom(entry_id, symptom_id)
        text = self._text(symptom, observed)
        return [line for line in text.splitlines() if symptom.regex.search(line)]

    def seen(self, entry_id: str, symptom_id: str, observed: dict[str, str]) -> list[str]:
        """Assert the documented symptom appears where the page says; return the lines.

        On a JupyterHub release outside the symptom's own range (HUB_JUPYTERHUB_VERSION=...),
        the page says this wording belongs to other releases: it must then *not* appear,
        and the result is empty.
        """
        symptom = self.symptom(entry_id, symptom_id)
        found = self.matching_lines(entry_id, symptom_id, observed)
        if not symptom.applies_to(RELEASES):
            if found:
                raise SymptomNotSeen(
                    f"{entry_id}/{symptom_id} is documented for {documented_for(symptom)}, "
                    f"but {under_test(symptom)} printed it too: widen its range.\n"
                    + "\n".join("    " + line for line in found[:5])
                )
            self.proven.add((entry_id, symptom_id))
            return []
        if not found:
            raise SymptomNotSeen(
                f"expected symptom not found: {entry_id}/{symptom_id} in the {symptom.where}\n"
                f"  documented message: {symptom.message}\n"
                f"  pattern:            {symptom.pattern}\n"
                f"  last lines of the {symptom.where}:\n{_tail(self._text(symptom, observed))}"
            )
        self.proven.add((entry_id, symptom_id))
        return found

    def gone(self, entry_id: str, symptom_id: str, observed: dict[str, str]) -> None:
        """Assert the symptom no longer appears (after the fix)."""
        found = self.matching_lines(entry_id, symptom_id, observed)
        if found:
            raise SymptomNotSeen(
                f"the fix did not remove {entry_id}/{symptom_id}; still seen:\n"
                + "\n".join("    " + line for line in found[:5])
            )

    def _claims(self, entry: str | None) -> list[tuple[str, str]]:
        claims = [c for c in self.claimed if entry is None or c[0] == entry]
        if not claims:
            raise KeyError(f"the test claims no symptom of {entry!r}" if entry else "no claims")
        return claims

    def all_seen(
        self, observed: dict[str, str], entry: str | None = None
    ) -> dict[tuple[str, str], list[str]]:
        """seen() for every claimed symptom (of ``entry`` only, if given); the matching
        lines by (entry, symptom). Reports every symptom that is missing, not the first."""
        found, missing = {}, []
        for entry_id, symptom_id in self._claims(entry):
            try:
                found[entry_id, symptom_id] = self.seen(entry_id, symptom_id, observed)
            except SymptomNotSeen as exc:
                missing.append(str(exc))
        if missing:
            raise SymptomNotSeen("\n".join(missing))
        return found

    def all_gone(self, observed: dict[str, str], entry: str | None = None) -> None:
        """gone() for every claimed symptom (of ``entry`` only, if given)."""
        left = []
        for entry_id, symptom_id in self._claims(entry):
            try:
                self.gone(entry_id, symptom_id, observed)
            except SymptomNotSeen as exc:
                left.append(str(exc))
        if left:
            raise SymptomNotSeen("\n".join(left))

    def all_seen_soon(
        self, observe, entry: str | None = None, timeout: float = 20
    ) -> dict[tuple[str, str], list[str]]:
        """all_seen(observe()), asked again until every symptom shows or ``timeout`` s
        pass: a log line may come after the response that caused it (an access log line,
        the proxy's error page), more so on a loaded machine."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.all_seen(observe(), entry)
            except SymptomNotSeen:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    def unproven(self) -> list[tuple[str, str]]:
        return sorted(set(self.claimed) - self.proven)


# The upgrade scenarios start from UPGRADE_FROM and need a 6.x under test; the others run
# on any release (HUB_JUPYTERHUB_VERSION).
UPGRADE_FROM = "5.5.4"
upgrades_to_6 = pytest.mark.skipif(
    not HUB_VERSION.startswith("6."),
    reason=f"this scenario upgrades from JupyterHub {UPGRADE_FROM} to the 6.x under test",
)
