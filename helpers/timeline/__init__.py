"""Timeline: from articles to a calendar of events, who covered them when, and the past they invoke.

Per-article work (`article_events`, `person_mentions`, `history_refs`) reads each article on
its own, so it can run partition by partition; `events` groups those rows; `coverage` and
`with_events` only join and count, cheap enough to rerun on every filter change.

>>> import helpers
>>> corpus = helpers.load_corpus(helpers.SEEDS)
>>> table = events(corpus)
>>> table[["event_id", "mode", "n_articles"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
[['2022-12-30-vladimir-putin-xi-jinping', 'virtual', 1],
 ['2024-04-09-sergey-lavrov-xi-jinping', 'in person', 1],
 ['2025-01-21-vladimir-putin-xi-jinping', 'virtual', 3]]
"""

from helpers.timeline.coverage import UNKNOWN_OUTLET, coverage
from helpers.timeline.extract import article_events, person_mentions
from helpers.timeline.group import event_members, events, with_events
from helpers.timeline.history import history_refs, load_history
from helpers.timeline.people import Person, PersonRegistry, load_people
from helpers.timeline.places import Gazetteer, load_places
from helpers.timeline.views import (
    TimelineViews,
    build_panel,
    events_for,
    history_counts,
    lag_by_outlet,
    timeline_frame,
)

__all__ = [
    "UNKNOWN_OUTLET",
    "Gazetteer",
    "Person",
    "PersonRegistry",
    "TimelineViews",
    "article_events",
    "build_panel",
    "coverage",
    "event_members",
    "events",
    "events_for",
    "history_counts",
    "history_refs",
    "lag_by_outlet",
    "load_history",
    "load_people",
    "load_places",
    "person_mentions",
    "timeline_frame",
    "with_events",
]
