"""Naming choices: which of several names for the same thing each article and outlet uses.

Names come from the lexicon's alias groups (`helpers.load_lexicon().alias_groups`: group ->
names, canonical first), e.g. `China` -> `China`, `Tiongkok`. Matching is whole-word and
case-insensitive on folded text; where names overlap the longest wins, so `Federasi Rusia`
counts once as `Federasi Rusia` and not also as `Rusia`. The exception: acronyms the
lexicon marks exact (`Lexicon.exact_names`, e.g. `AS`, `UN`) and any all-capital name of
up to three letters are matched only as written, so English "as" or "un" is not a name.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from helpers.compare._common import (
    NameFinder,
    outlet_labels,
    resolve_alias_groups,
    resolve_exact_names,
)
from helpers.frames import require_columns

COLUMNS = ["article_id", "outlet", "group", "name", "count"]


PARALLEL_FROM = 20_000  # articles; below this a second process costs more than it saves
_TASK: tuple | None = None  # (finder, items) `_names_of` reads: forked workers inherit it


def _names_of(lo: int, hi: int) -> list[tuple]:
    """Rows of articles `lo:hi` of `_TASK` (a worker's share)."""
    finder, items = _TASK
    rows = []
    for article_id, outlet, text in items[lo:hi]:
        if not isinstance(text, str):
            continue
        tally = Counter((m.group, m.name) for m in finder.finditer(text))
        rows.extend((article_id, outlet, g, n, c) for (g, n), c in tally.items())
    return rows


def naming(articles: pd.DataFrame, lexicon: object = None) -> pd.DataFrame:
    """Occurrences of each alias-group name per article.

    `lexicon` is a Lexicon (its `alias_groups` are used), a dict group -> names, or None for
    the default lexicon. Returns `article_id`, `outlet`, `group`, `name` (the form used, as
    the lexicon spells it), `count`; one row per article x name that occurs. A large corpus
    is read over up to two processes.

    >>> arts = pd.DataFrame({"article_id": ["a"], "outlet": ["X"],
    ...                      "text": ["Federasi Rusia, Tiongkok dan Rusia."]})
    >>> groups = {"China": ["China", "Tiongkok"], "Rusia": ["Rusia", "Federasi Rusia"]}
    >>> naming(arts, groups)[["group", "name", "count"]].to_dict("records")
    [{'group': 'China', 'name': 'Tiongkok', 'count': 1}, {'group': 'Rusia', 'name': 'Federasi Rusia', 'count': 1}, {'group': 'Rusia', 'name': 'Rusia', 'count': 1}]
    """
    require_columns(articles, "article_id", "text", what="articles")
    finder = NameFinder(resolve_alias_groups(lexicon), exact=resolve_exact_names(lexicon))
    outlets = articles["outlet"] if "outlet" in articles else pd.Series(pd.NA, index=articles.index)
    items = list(zip(articles["article_id"], outlets, articles["text"], strict=True))
    from helpers.compare.reuse import _map_chunks, _spans, _workers

    global _TASK
    n_workers = _workers(None) if len(items) >= PARALLEL_FROM else 1
    _TASK = (finder, items)
    try:
        parts = _map_chunks(_names_of, _spans(len(items), n_workers), n_workers)
    finally:
        _TASK = None
    out = pd.DataFrame([row for part in parts for row in part], columns=COLUMNS)
    out["outlet"] = out["outlet"].astype("string")
    out["count"] = out["count"].astype("int64")
    return out.sort_values(["article_id", "group", "name"], kind="stable").reset_index(drop=True)


def naming_shares(names: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Share of each name within its group, per `by` (`outlet` or `article_id`).

    Returns `by`, `group`, `name`, `count`, `group_count` (the denominator: all names of that
    group used by that outlet or article) and `share`. Missing outlets count as `(unknown outlet)`.
    """
    require_columns(names, "article_id", "outlet", "group", "name", "count", what="names")
    key = outlet_labels(names) if by == "outlet" else names[by]
    frame = names.assign(**{by: key.to_numpy()})
    out = frame.groupby([by, "group", "name"], as_index=False)["count"].sum()
    out["group_count"] = out.groupby([by, "group"])["count"].transform("sum").astype("int64")
    out["share"] = out["count"] / out["group_count"]
    return out.sort_values([by, "group", "share"], ascending=[True, True, False]).reset_index(
        drop=True
    )
