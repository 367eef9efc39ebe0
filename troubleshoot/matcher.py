"""The log matcher: which entries does a pasted log or error page point to?

The browser's paste-your-log box implements the same semantics in JavaScript from the
same signatures file (docs/assets/signatures.json):

1. the text is split into lines and ANSI colour codes are removed;
2. every line is searched (not anchored) with every symptom pattern;
3. an entry scores 1 per distinct symptom of it that matched (0.5 for router pages, which
   only point onwards to causes);
4. entries are listed by score, then problem pages before routers, then by the first
   matching line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .generate import SIGNATURES

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
ROUTER_WEIGHT = 0.5


@dataclass
class Finding:
    entry: dict
    symptoms: set[str] = field(default_factory=set)
    lines: list[tuple[int, str, str]] = field(default_factory=list)  # (number, where, text)

    @property
    def score(self) -> float:
        weight = ROUTER_WEIGHT if self.entry["kind"] == "router" else 1.0
        return weight * len(self.symptoms)


def load_signatures(path: Path = SIGNATURES) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    for sig in data["signatures"]:
        sig["regex"] = re.compile(sig["pattern"], re.ASCII)
    return data


def diagnose(text: str, signatures: dict | None = None) -> list[Finding]:
    signatures = signatures or load_signatures()
    entries = {e["id"]: e for e in signatures["entries"]}
    found: dict[str, Finding] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = ANSI.sub("", raw)
        for sig in signatures["signatures"]:
            if sig["regex"].search(line):
                finding = found.setdefault(sig["entry"], Finding(entries[sig["entry"]]))
                finding.symptoms.add(sig["symptom"])
                if not finding.lines or finding.lines[-1][0] != number:
                    finding.lines.append((number, sig["where"], line.strip()))
    return sorted(
        found.values(),
        key=lambda f: (-f.score, f.entry["kind"] == "router", f.lines[0][0]),
    )
