"""query_topics.json (the benchmark's topic -> entry map) names only entries that exist.

A fast check, no browser: it runs with the other fast tests.
"""

from __future__ import annotations

import json

from .bench_search import TOPICS


def test_topics_map_to_existing_entries(catalogue):
    topics = json.loads(TOPICS.read_text(encoding="utf-8"))
    ids = {e.id for e in catalogue}
    unknown = {topic: entry for topic, entry in topics.items() if entry and entry not in ids}
    assert not unknown, (
        f"{TOPICS.name} maps topics to entries that do not exist (renamed? use null when "
        f"no entry covers the topic yet): {unknown}"
    )
