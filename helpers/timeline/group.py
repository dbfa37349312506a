"""Grouping articles into events, and attaching events back to articles.

Same event = same participants and a stated date within `window_days` of the first
article of the event. An article with no stated date joins the event whose articles it
resembles most (TF-IDF cosine against the event centroid, see `helpers.timeline.similar`)
when the score reaches `threshold` **and** beats the runner-up event by `margin`; it is
then listed in `inferred_article_ids`. Only events sharing a participant with the article
compete (all events, when the article names nobody).

Defaults, measured on the seeds: the undated Suara.com article (000) scores 0.49 against the
2025-01-21 Xi–Putin meeting and 0.22 against the 2022-12-30 Xi–Putin meeting; unrelated
China–Russia stories sit around 0.2–0.3 with each other. `threshold=0.35` and `margin=0.1`
separate the two. An undated article that clears neither stays **its own event** with
`date=NaT` and `event_id="undated-<article_id>"`, so every article belongs to exactly
one event and nothing disappears from the tables; the timeline figure notes how many such
events it cannot place on the date axis.
Articles that name nobody from the person registry are never grouped by date alone (two
unrelated stories share a date easily): each is its own event unless undated and similar.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pandas as pd

from helpers.errors import InvalidValue
from helpers.frames import require_columns
from helpers.timeline.extract import _unwrap, article_events
from helpers.timeline.people import PersonRegistry, load_people
from helpers.timeline.places import KINDS, Gazetteer, load_places
from helpers.timeline.similar import centroid, content_terms, cosine, idf, tfidf

EVENT_COLUMNS = [
    "event_id", "date", "participants", "mode", "place", "article_ids", "inferred_article_ids",
    "inferred_similarity", "inferred_matched", "evidence", "n_articles",
]  # fmt: skip
_MODES = ("virtual", "phone", "in person")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _majority(values: list, order: tuple = ()) -> Any:
    values = [v for v in values if not pd.isna(v)]
    if not values:
        return pd.NA
    counts = Counter(values)
    rank = {v: i for i, v in enumerate(order)}
    return min(counts, key=lambda v: (-counts[v], rank.get(v, len(rank)), str(v)))


def _place(members: pd.DataFrame, places: Gazetteer) -> Any:
    kind = {name: k for name, _a, k, _c in places.places}
    rank = {k: i for i, k in enumerate(KINDS)}
    for source in ("text", "dateline"):
        found = members.loc[members["place_from"] == source, "place"].dropna().tolist()
        if found:
            best = min(rank.get(kind.get(p, "city"), 1) for p in found)
            return _majority([p for p in found if rank.get(kind.get(p, "city"), 1) == best])
    return pd.NA


def _evidence(members: pd.DataFrame) -> Any:
    with_evidence = members[members["evidence"].notna()]
    if with_evidence.empty:
        return pd.NA
    # The fullest sentence: one that also says how (mode cue) and where (place in text).
    scores = [
        int(not pd.isna(cue)) + int(isinstance(source, str) and source == "text")
        for cue, source in zip(with_evidence["mode_cue"], with_evidence["place_from"], strict=True)
    ]
    return with_evidence["evidence"].iloc[scores.index(max(scores))]


def _dated_clusters(table: pd.DataFrame, window: pd.Timedelta) -> list[list[int]]:
    clusters: list[list[int]] = []
    dated = table[table["event_date"].notna()]
    for participants, group in dated.groupby("participants", sort=True):
        ordered = group.sort_values(["event_date", "article_id"])
        if not participants:  # nobody named: a shared date is not enough
            clusters += [[i] for i in ordered.index]
            continue
        anchor, current = None, []
        for i, date in ordered["event_date"].items():
            if anchor is not None and date - anchor <= window:
                current.append(i)
                continue
            if current:
                clusters.append(current)
            anchor, current = date, [i]
        clusters.append(current)
    return clusters


def events(
    data: Any,
    *,
    extracted: pd.DataFrame | None = None,
    threshold: float = 0.35,
    margin: float = 0.1,
    window_days: int = 1,
    people: PersonRegistry | None = None,
    places: Gazetteer | None = None,
) -> pd.DataFrame:
    """One row per event reported by the articles of a `Corpus` (or an articles frame).

    Columns: `event_id` (`<date>-<participant slugs>`, or `undated-<article_id>`), `date`
    (tz-naive midnight, NaT for an undated singleton), `participants` (sorted tuple),
    `mode`, `place`, `article_ids` (tuple: articles that state the date),
    `inferred_article_ids` (tuple: joined by similarity), `inferred_similarity` and
    `inferred_matched` (tuples aligned with `inferred_article_ids`: the score against the
    event, and the dated article it resembled most), `evidence` (one member's evidence
    sentence), `n_articles`. Sorted by date, then `event_id`.

    `extracted` reuses an `article_events(...)` table computed earlier (one pass per corpus).
    See the module docstring for the grouping rules and the defaults of `threshold`/`margin`.
    """
    if not 0 <= threshold <= 1:
        raise InvalidValue(f"threshold={threshold!r} is not valid; expected a cosine in [0, 1]")
    if margin < 0 or window_days < 0:
        raise InvalidValue(f"margin={margin!r} and window_days={window_days!r} must be >= 0")
    articles, _sentences = _unwrap(data)
    require_columns(articles, "article_id", "text", what="articles")
    people = people if people is not None else load_people()
    places = places if places is not None else load_places()
    if extracted is None:
        extracted = article_events(data, people=people, places=places)
    require_columns(extracted, "article_id", "event_date", "participants", "mode", what="extracted")
    table = extracted[extracted["article_id"].isin(articles["article_id"])].reset_index(drop=True)

    clusters = _dated_clusters(table, pd.Timedelta(days=window_days))
    member_of = {i: c for c, members in enumerate(clusters) for i in members}
    undated = [i for i in table.index if i not in member_of]
    inferred: dict[int, list[tuple[int, float, str]]] = {}

    if undated and clusters:
        texts = articles.set_index("article_id")["text"]
        langs = articles.set_index("article_id")["language"] if "language" in articles else None
        bags = {
            i: content_terms(
                texts[aid],
                language=None if langs is None else langs[aid],
                people=people,
                places=places,
            )
            for i, aid in table["article_id"].items()
        }
        weights = idf(bags.values())
        vectors = {i: tfidf(bag, weights) for i, bag in bags.items()}
        centres = [centroid(vectors[i] for i in members) for members in clusters]
        for i in undated:
            own = set(table.at[i, "participants"])
            scores = sorted(
                (
                    (cosine(vectors[i], centres[c]), c)
                    for c, members in enumerate(clusters)
                    if not own or own & set(table.at[members[0], "participants"])
                ),
                reverse=True,
            )
            if not scores:
                continue
            best, c = scores[0]
            runner_up = scores[1][0] if len(scores) > 1 else 0.0
            if best >= threshold and best - runner_up >= margin:
                matched = max(clusters[c], key=lambda j: cosine(vectors[i], vectors[j]))
                inferred.setdefault(c, []).append(
                    (i, round(best, 4), table.at[matched, "article_id"])
                )

    rows = []
    for c, members in enumerate(clusters):
        dated = table.loc[members]
        extra = sorted(inferred.get(c, []), key=lambda t: table.at[t[0], "article_id"])
        everyone = table.loc[members + [t[0] for t in extra]]
        participants = dated["participants"].iloc[0]
        rows.append(
            {
                "date": _majority(dated["event_date"].tolist(), tuple(sorted(dated["event_date"]))),
                "participants": participants,
                "mode": _majority(everyone["mode"].tolist(), _MODES),
                "place": _place(everyone, places),
                "article_ids": tuple(sorted(dated["article_id"])),
                "inferred_article_ids": tuple(table.at[t[0], "article_id"] for t in extra),
                "inferred_similarity": tuple(t[1] for t in extra),
                "inferred_matched": tuple(t[2] for t in extra),
                "evidence": _evidence(everyone),
                "n_articles": len(everyone),
            }
        )
    joined = {t[0] for extra in inferred.values() for t in extra}
    for i in undated:
        if i in joined:
            continue
        row = table.loc[i]
        rows.append(
            {
                "event_id": f"undated-{row['article_id']}",
                "date": pd.NaT,
                "participants": row["participants"],
                "mode": row["mode"],
                "place": row.get("place", pd.NA),
                "article_ids": (row["article_id"],),
                "inferred_article_ids": (),
                "inferred_similarity": (),
                "inferred_matched": (),
                "evidence": row.get("evidence", pd.NA),
                "n_articles": 1,
            }
        )
    out = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    out["event_id"] = _name_events(out)
    out = out.sort_values(["date", "event_id"], na_position="last", kind="stable")
    out = out.reset_index(drop=True)
    for col in ("mode", "place", "evidence"):
        out[col] = out[col].astype("string")
    out["n_articles"] = out["n_articles"].astype("int64")
    return out


def _name_events(frame: pd.DataFrame) -> pd.Series:
    """Stable ids: date and participant slugs; a second event with the same both gets `-2`,
    numbered in the order of each event's first article id (not of input rows)."""
    ids = frame["event_id"].astype(object).tolist()
    seen: Counter[str] = Counter()
    first = [min(a) for a in frame["article_ids"]]
    for pos in sorted(range(len(frame)), key=first.__getitem__):
        if isinstance(ids[pos], str):
            continue
        people = "-".join(_slug(p) for p in frame["participants"].iloc[pos]) or "unnamed"
        base = f"{frame['date'].iloc[pos]:%Y-%m-%d}-{people}"
        seen[base] += 1
        ids[pos] = base if seen[base] == 1 else f"{base}-{seen[base]}"
    return pd.Series(ids, index=frame.index, dtype="string")


MEMBER_COLUMNS = [
    "article_id",
    "event_id",
    "participants",
    "event_joined_by",
    "event_similarity",
    "event_matched",
]


def event_members(events_frame: pd.DataFrame) -> pd.DataFrame:
    """One row per article in an event: `article_id, event_id, participants` (the event's),
    `event_joined_by` (`date` | `similarity` | `none` for an undated singleton),
    `event_similarity`, `event_matched` (the dated article an inferred one resembled most)."""
    require_columns(events_frame, "event_id", "article_ids", "inferred_article_ids", what="events")
    rows = []
    for ev in events_frame.to_dict("records"):
        how = "none" if pd.isna(ev["date"]) else "date"
        people = ev.get("participants", ())
        rows += [
            (aid, ev["event_id"], people, how, float("nan"), pd.NA) for aid in ev["article_ids"]
        ]
        sims = ev.get("inferred_similarity") or (float("nan"),) * len(ev["inferred_article_ids"])
        matched = ev.get("inferred_matched") or (pd.NA,) * len(ev["inferred_article_ids"])
        rows += [
            (aid, ev["event_id"], people, "similarity", s, m)
            for aid, s, m in zip(ev["inferred_article_ids"], sims, matched, strict=True)
        ]
    out = pd.DataFrame(rows, columns=MEMBER_COLUMNS)
    out["event_similarity"] = out["event_similarity"].astype("float64")
    for col in ("event_id", "event_joined_by", "event_matched"):
        out[col] = out[col].astype("string")
    return out


def with_events(
    articles: pd.DataFrame, events_frame: pd.DataFrame, *, fill_event_date: bool = False
) -> pd.DataFrame:
    """`articles` plus `event_id`, `participants` (the event's), `event_joined_by`,
    `event_similarity`, `event_matched`, so `filter_articles(events=..., participants=...)` works.

    Articles in no event get `event_id` <NA> and `participants` `()`. Existing columns of those
    names are replaced; the input is not mutated. With `fill_event_date=True`, an article
    without an `event_date` takes its event's date (`event_date_from="inferred"`), so a
    date-range filter on event dates keeps the articles joined by similarity.
    """
    require_columns(articles, "article_id", what="articles")
    members = event_members(events_frame).drop_duplicates("article_id")
    base = articles.drop(columns=[c for c in MEMBER_COLUMNS[1:] if c in articles.columns])
    out = base.merge(members, on="article_id", how="left", validate="one_to_one")
    out.index = articles.index
    out["participants"] = out["participants"].map(lambda p: p if isinstance(p, tuple) else ())
    if fill_event_date:
        require_columns(events_frame, "date", what="events")
        dates = dict(
            zip(
                events_frame["event_id"].astype(str),
                pd.to_datetime(events_frame["date"]),
                strict=True,
            )
        )
        from_event = pd.to_datetime(out["event_id"].astype(object).map(dates)).astype(
            "datetime64[ns]"
        )
        current = out["event_date"] if "event_date" in out else pd.Series(pd.NaT, index=out.index)
        fill = current.isna() & from_event.notna()
        out["event_date"] = current.where(~fill, from_event).astype("datetime64[ns]")
        if "event_date_from" in out or fill.any():
            provenance = out.get("event_date_from", pd.Series(pd.NA, index=out.index)).astype(
                "string"
            )
            out["event_date_from"] = provenance.mask(fill, "inferred")
    return out
