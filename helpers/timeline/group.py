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

import numpy as np
import pandas as pd

from helpers.errors import InvalidValue
from helpers.frames import require_columns
from helpers.timeline.extract import _unwrap, article_events
from helpers.timeline.people import PersonRegistry, load_people
from helpers.timeline.places import KINDS, Gazetteer, load_places
from helpers.timeline.similar import content_terms, idf, tfidf

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


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, tuple) and bool(pd.isna(value)))


def _place(members: list[dict], places: Gazetteer) -> Any:
    kind = {name: k for name, _a, k, _c in places.places}
    rank = {k: i for i, k in enumerate(KINDS)}
    for source in ("text", "dateline"):
        found = [
            r["place"]
            for r in members
            if r.get("place_from") == source and not _missing(r.get("place"))
        ]
        if found:
            best = min(rank.get(kind.get(p, "city"), 1) for p in found)
            return _majority([p for p in found if rank.get(kind.get(p, "city"), 1) == best])
    return pd.NA


def _evidence(members: list[dict]) -> Any:
    with_evidence = [r for r in members if not _missing(r.get("evidence"))]
    if not with_evidence:
        return pd.NA
    # The fullest sentence: one that also says how (mode cue) and where (place in text).
    scores = [
        int(not _missing(r.get("mode_cue"))) + int(r.get("place_from") == "text")
        for r in with_evidence
    ]
    return with_evidence[scores.index(max(scores))]["evidence"]


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
    candidate_days: int | None = 14,
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
    `candidate_days`: an undated article that has a publication time only competes for events
    dated up to that many days before it (and one day after); `None` lifts the limit.
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
        inferred = _join_undated(
            table, articles, clusters, undated, threshold=threshold, margin=margin,
            candidate_days=candidate_days, people=people, places=places,
        )  # fmt: skip

    records = table.to_dict("records")  # position == index: table has a RangeIndex
    rows = []
    for c, members in enumerate(clusters):
        dated = [records[i] for i in members]
        extra = sorted(inferred.get(c, []), key=lambda t: records[t[0]]["article_id"])
        everyone = dated + [records[t[0]] for t in extra]
        dates = [r["event_date"] for r in dated]
        rows.append(
            {
                "date": _majority(dates, tuple(sorted(dates))),
                "participants": dated[0]["participants"],
                "mode": _majority([r["mode"] for r in everyone], _MODES),
                "place": _place(everyone, places),
                "article_ids": tuple(sorted(r["article_id"] for r in dated)),
                "inferred_article_ids": tuple(records[t[0]]["article_id"] for t in extra),
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
        row = records[i]
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


def _join_undated(
    table: pd.DataFrame,
    articles: pd.DataFrame,
    clusters: list[list[int]],
    undated: list[int],
    *,
    threshold: float,
    margin: float,
    candidate_days: int | None,
    people: PersonRegistry,
    places: Gazetteer,
) -> dict[int, list[tuple[int, float, str]]]:
    """Best event per undated row: {cluster: [(row, score, matched article id)]}.

    Sparse matrices keep this linear in the corpus: scores are computed for a chunk of
    undated articles against every event centroid at once, then masked to the candidates.
    """
    from scipy import sparse  # installed with datasketch; only needed for this step

    by_id = articles.drop_duplicates("article_id").set_index("article_id")
    texts = by_id["text"].reindex(table["article_id"]).tolist()
    langs = by_id.get("language", pd.Series(pd.NA, index=by_id.index)).reindex(table["article_id"])
    bags = [
        content_terms(
            text, language=lang if isinstance(lang, str) else None, people=people, places=places
        )
        for text, lang in zip(texts, langs.tolist(), strict=True)
    ]
    weights = idf(bags)
    vocab = {t: j for j, t in enumerate(weights)}
    data, cols, ptr = [], [], [0]
    for bag in bags:
        vec = tfidf(bag, weights)
        cols += [vocab[t] for t in vec]
        data += list(vec.values())
        ptr.append(len(cols))
    x = sparse.csr_matrix((data, cols, ptr), shape=(len(bags), len(vocab)), dtype="float64")
    member_rows = [i for members in clusters for i in members]
    member_of = [c for c, members in enumerate(clusters) for _ in members]
    indicator = sparse.csr_matrix(
        ([1.0] * len(member_rows), (member_of, member_rows)), shape=(len(clusters), len(bags))
    )
    centres = indicator @ x
    norms = np.sqrt(np.asarray(centres.multiply(centres).sum(axis=1)).ravel())
    centres = (
        sparse.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ centres
    )

    # Candidates: events sharing a participant, dated near the article's publication.
    event_people = [set(table["participants"].iat[members[0]]) for members in clusters]
    by_person: dict[str, list[int]] = {}
    for c, names in enumerate(event_people):
        for name in names:
            by_person.setdefault(name, []).append(c)
    dates = table["event_date"].to_numpy(dtype="datetime64[ns]")
    event_dates = np.array([dates[members].min() for members in clusters], dtype="datetime64[ns]")
    participants = table["participants"].tolist()
    ids = table["article_id"].tolist()
    published = (
        _naive(articles.drop_duplicates("article_id").set_index("article_id")["published"])
        if "published" in articles
        else None
    )

    out: dict[int, list[tuple[int, float, str]]] = {}
    chunk = 512
    for lo in range(0, len(undated), chunk):
        rows = undated[lo : lo + chunk]
        scores = (x[rows] @ centres.T).toarray()
        mask = np.zeros_like(scores, dtype=bool)
        for k, i in enumerate(rows):
            own = participants[i]
            if own:
                mask[k, sorted({c for n in own for c in by_person.get(n, ())})] = True
            else:
                mask[k, :] = True
            stamp = published.get(ids[i]) if published is not None else None
            if candidate_days is not None and stamp is not None and not pd.isna(stamp):
                day = np.datetime64(pd.Timestamp(stamp).normalize(), "ns")
                near = (event_dates >= day - np.timedelta64(candidate_days, "D")) & (
                    event_dates <= day + np.timedelta64(1, "D")
                )
                mask[k] &= near
        scores = np.where(mask, scores, -1.0)
        for k, i in enumerate(rows):
            if not mask[k].any():
                continue
            order = np.argsort(-scores[k], kind="stable")
            best, c = float(scores[k, order[0]]), int(order[0])
            runner_up = max(float(scores[k, order[1]]), 0.0) if len(order) > 1 else 0.0
            if best >= threshold and best - runner_up >= margin:
                members = clusters[c]
                own_sims = (x[members] @ x[i].T).toarray().ravel()
                matched = members[int(np.argmax(own_sims))]
                out.setdefault(c, []).append((i, round(best, 4), ids[matched]))
    return out


def _naive(stamps: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(stamps)
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_convert("Asia/Jakarta").dt.tz_localize(None)
    return stamps


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
