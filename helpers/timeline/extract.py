"""Per-article event extraction: who met whom, how, where, read from which sentence.

Each article is read on its own (no corpus-wide state), so the work runs partition by
partition: `dask_frame.map_partitions(article_events)` on an articles frame gives the same
rows as one call on the whole frame.

Rules (documented here because a researcher must be able to predict them):

- **Evidence** is the sentence the loader read the event date from (`event_date_evidence`).
  Without one, it is the first sentence with a meeting word (`pertemuan`, `bertemu`,
  `telepon`, `talks`, ...) that names two or more people; else missing.
- **Lead** is the first sentence among the first three with a meeting word and a person.
- **Participants** are the people named in the evidence and lead sentences, leaving out
  those only greeted there (`salam ... kepada Presiden Putin`). When that gives fewer than
  two, people named at least twice (not counting greetings) are added, and if still fewer
  than two, the next most-named people up to two (a meeting has two sides). A person named often but
  not in the evidence (Putin in a Xi–Lavrov meeting story) is *mentioned*, not a participant.
- **Mode** is read from the evidence sentence, then the lead, then the first paragraph, then
  any sentence naming a participant; at the first of these with a cue, `virtual` beats
  `phone` beats `in person` (`bertemu secara virtual` is virtual).
- **Place** is a gazetteer place after `di`/`ke` (`in`/`at`) in the evidence or lead sentence
  (the most specific: venue, then city, then country); else the dateline's place
  (`place_from="dateline"`: where the story was filed, usually where the host sat).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from helpers.corpus.sentences import split_sentences
from helpers.frames import require_columns
from helpers.text import fold
from helpers.timeline.people import Mention, PersonRegistry, load_people
from helpers.timeline.places import KINDS, Gazetteer, load_places
from helpers.timeline.vocab import Cues, cues

ARTICLE_EVENT_COLUMNS = [
    "article_id", "event_date", "event_date_from", "participants", "mentioned", "n_mentions",
    "mode", "mode_cue", "place", "place_from", "evidence", "evidence_sentence", "language",
]  # fmt: skip

_GREETING_REACH = 80  # characters: "salam tulus kepada Presiden Rusia Vladimir Putin"


def sentences_by_article(articles: pd.DataFrame, sentences: pd.DataFrame | None) -> dict[str, list]:
    """article_id -> [(sentence index, paragraph, text)], from `sentences` or by splitting `text`.

    Splitting uses the loader's own splitter, so indices match `Corpus.sentences`.
    """
    if sentences is None:
        sentences = split_sentences(articles)
    rows = sentences[sentences["article_id"].isin(articles["article_id"])]
    rows = rows.sort_values(["article_id", "sentence"], kind="stable")
    out: dict[str, list] = {}
    for aid, idx, par, txt in zip(
        rows["article_id"], rows["sentence"], rows["paragraph"], rows["text"], strict=True
    ):
        out.setdefault(aid, []).append((int(idx), int(par), txt))
    return out


def _unwrap(data: Any) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    if isinstance(data, pd.DataFrame):
        return data, None
    if hasattr(data, "articles") and hasattr(data, "sentences"):
        return data.articles, data.sentences
    raise TypeError(f"expected a Corpus or an articles DataFrame, got {type(data).__name__}")


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, tuple | list) and bool(pd.isna(value)))


def _greeted(sentence: str, mention: Mention, cue: Cues) -> bool:
    before = fold(sentence[max(0, mention.start - _GREETING_REACH) : mention.start])
    return cue.res["greeting"].search(before) is not None


def _people_in(sentence: str, registry: PersonRegistry, cue: Cues) -> list[tuple[str, bool]]:
    return [(m.name, _greeted(sentence, m, cue)) for m in registry.find(sentence)]


def _mode(levels: Iterable[str], cue: Cues) -> tuple[Any, Any]:
    for text in levels:
        folded = fold(text)
        for mode, key in (("virtual", "virtual"), ("phone", "phone"), ("in person", "in_person")):
            m = cue.res[key].search(folded)
            if m:
                return mode, text[m.start() : m.end()]
    return pd.NA, pd.NA


def _place(texts: Iterable[str], dateline: object, places: Gazetteer, cue: Cues) -> tuple[Any, Any]:
    rank = {kind: i for i, kind in enumerate(KINDS)}
    preposition = re.compile(rf"(?<!\w)(?:{cue.place_prepositions})\s+$")
    found = []
    for text in texts:
        folded = fold(text)
        for hit in places.find(text):
            if preposition.search(folded[max(0, hit.start - 6) : hit.start]):
                found.append(hit)
    if found:
        best = min(found, key=lambda h: (rank[h.kind], h.start))
        return best.name, "text"
    if isinstance(dateline, str):
        hits = places.find(dateline)
        if hits:
            return min(hits, key=lambda h: (rank[h.kind], h.start)).name, "dateline"
    return pd.NA, pd.NA


def _locate(evidence: str, sentences: list) -> int | None:
    key = " ".join(fold(evidence).split())
    for idx, _par, text in sentences:
        folded = " ".join(fold(text).split())
        if key and (key in folded or folded in key):
            return idx
    return None


def _one(
    row: Mapping[str, Any], sentences: list, registry: PersonRegistry, places: Gazetteer
) -> dict:
    cue = cues(row.get("language"))
    per_sentence = {idx: _people_in(text, registry, cue) for idx, _par, text in sentences}
    texts = {idx: text for idx, _par, text in sentences}
    meeting = {idx for idx, text in texts.items() if cue.res["meeting"].search(fold(text))}

    evidence, evidence_idx = row.get("event_date_evidence"), None
    if not _missing(evidence):
        evidence_idx = _locate(evidence, sentences)
        if evidence_idx is not None:
            evidence = texts[evidence_idx]
    else:
        evidence = pd.NA
        for idx in sorted(meeting):
            if len({n for n, g in per_sentence[idx] if not g}) >= 2:
                evidence, evidence_idx = texts[idx], idx
                break
    lead_idx = next(
        (
            i
            for i, _p, _t in sentences[:3]
            if i in meeting and per_sentence[i] and i != evidence_idx
        ),
        None,
    )

    key_people: list[str] = []
    if evidence_idx is not None:
        key_people += [n for n, g in per_sentence[evidence_idx] if not g]
    elif not _missing(evidence):
        key_people += [n for n, g in _people_in(evidence, registry, cue) if not g]
    if lead_idx is not None:
        key_people += [n for n, g in per_sentence[lead_idx] if not g]
    participants = set(key_people)
    counts = Counter(n for people in per_sentence.values() for n, g in people if not g)
    first_seen: dict[str, int] = {}
    for idx in sorted(per_sentence):
        for n, _g in per_sentence[idx]:
            first_seen.setdefault(n, len(first_seen))
    if len(participants) < 2:
        participants |= {n for n, c in counts.items() if c >= 2}
    if len(participants) < 2:
        rest = sorted(
            (n for n in counts if n not in participants), key=lambda n: (-counts[n], first_seen[n])
        )
        participants |= set(rest[: 2 - len(participants)])
    mentioned = sorted({n for people in per_sentence.values() for n, _g in people})

    core = [texts[i] for i in (evidence_idx, lead_idx) if i is not None]
    if evidence_idx is None and not _missing(evidence):
        core.insert(0, evidence)
    first_par = [t for _i, par, t in sentences if par == (sentences[0][1] if sentences else 0)]
    naming = [
        texts[i] for i in sorted(per_sentence) if {n for n, _ in per_sentence[i]} & participants
    ]
    mode, mode_cue = _mode([*core, " ".join(first_par), *naming], cue)
    place, place_from = _place(core, row.get("dateline"), places, cue)
    return {
        "article_id": row["article_id"],
        "event_date": row.get("event_date", pd.NaT),
        "event_date_from": row.get("event_date_from", pd.NA),
        "participants": tuple(sorted(participants)),
        "mentioned": tuple(mentioned),
        "n_mentions": sum(len(p) for p in per_sentence.values()),
        "mode": mode,
        "mode_cue": mode_cue,
        "place": place,
        "place_from": place_from,
        "evidence": evidence,
        "evidence_sentence": evidence_idx if evidence_idx is not None else pd.NA,
        "language": row.get("language", pd.NA),
    }


def article_events(
    data: Any,
    *,
    people: PersonRegistry | None = None,
    places: Gazetteer | None = None,
) -> pd.DataFrame:
    """One row per article: the main event it reports.

    `data` is a `Corpus` (its `sentences` are used) or an articles frame with at least
    `article_id` and `text` (split into sentences here). Optional columns used when present:
    `event_date`, `event_date_from`, `event_date_evidence`, `dateline`, `language`.

    Columns: `article_id`, `event_date`, `event_date_from`, `participants` (sorted tuple of
    canonical names), `mentioned` (everyone named), `n_mentions`, `mode` (`virtual` |
    `phone` | `in person` | <NA>), `mode_cue` (the words it was read from), `place`,
    `place_from` (`text` | `dateline` | <NA>), `evidence` (sentence), `evidence_sentence`
    (its index in `Corpus.sentences`), `language`.

    >>> frame = pd.DataFrame({"article_id": ["a"], "language": ["en"],
    ...     "text": ["Xi held talks with Putin via video link on Tuesday."]})
    >>> row = article_events(frame).iloc[0]
    >>> row["participants"], row["mode"], row["mode_cue"]
    (('Vladimir Putin', 'Xi Jinping'), 'virtual', 'video link')
    """
    articles, sentences = _unwrap(data)
    require_columns(articles, "article_id", "text", what="articles")
    registry = people if people is not None else load_people()
    gazetteer = places if places is not None else load_places()
    by_article = sentences_by_article(articles, sentences)
    rows = [
        _one(record, by_article.get(record["article_id"], []), registry, gazetteer)
        for record in articles.to_dict("records")
    ]
    out = pd.DataFrame(rows, columns=ARTICLE_EVENT_COLUMNS)
    out["article_id"] = out["article_id"].astype(articles["article_id"].dtype)
    out["event_date"] = pd.to_datetime(out["event_date"]).astype("datetime64[ns]")
    out["n_mentions"] = out["n_mentions"].astype("int64")
    out["evidence_sentence"] = out["evidence_sentence"].astype("Int64")
    for col in (
        "event_date_from",
        "mode",
        "mode_cue",
        "place",
        "place_from",
        "evidence",
        "language",
    ):
        out[col] = out[col].astype("string")
    return out


def person_mentions(data: Any, *, people: PersonRegistry | None = None) -> pd.DataFrame:
    """One row per person mention: `article_id, sentence, name, text, start, end, greeted`.

    `start`/`end` are offsets in the sentence text; `greeted` marks `salam ... kepada X`.
    """
    articles, sentences = _unwrap(data)
    require_columns(articles, "article_id", "text", what="articles")
    registry = people if people is not None else load_people()
    languages = dict(
        zip(articles["article_id"], articles.get("language", pd.Series(dtype=str)), strict=False)
    )
    rows = []
    for aid, sents in sentences_by_article(articles, sentences).items():
        cue = cues(languages.get(aid))
        for idx, _par, text in sents:
            for m in registry.find(text):
                rows.append((aid, idx, m.name, m.text, m.start, m.end, _greeted(text, m, cue)))
    return pd.DataFrame(
        rows, columns=["article_id", "sentence", "name", "text", "start", "end", "greeted"]
    )
