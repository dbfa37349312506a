"""Voices: who is quoted, how, and how much of each outlet's quoted speech they get.

Three kinds of quoted material:

- `direct`: words inside double quotes (straight or curly) attributed through a reporting
  cue before or after them (`"...," kata Putin`, `Presiden Putin menambahkan, "..."`,
  `"...," Putin said`). A quote that ends in a comma and runs on after the cue
  (`"80 tahun yang lalu," kata Putin, Rusia dan China ...`) keeps the run-on words. A long
  quoted span with no cue is still direct, with no speaker.
- `indirect`: reported speech without quote marks: a subject and a cue with `bahwa`, a
  comma or a colon (`Xi menekankan bahwa ...`, `Putin menyatakan, ...`), `Menurut X, ...`,
  or a sentence that ends with a postposed cue (`..., kata Putin.`).
- `scare`: a short quoted span (at most `scare_words` words) with no cue, such as
  "kemerdekaan Taiwan": the outlet distancing itself from a term, not anyone speaking.

Speakers are canonical names from the person registry; a pronoun subject (`Dia`, `ia`)
takes the speaker of the previous sentence's quote, else that sentence's subject, else the
article's last speaker (`speaker_from` says which: `name` | `pronoun`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise

import numpy as np
import pandas as pd

from helpers.compare._common import outlet_labels, people_finder
from helpers.errors import InvalidValue
from helpers.frames import require_columns
from helpers.lang import LANGUAGES
from helpers.text import count_words, fold

COLUMNS = [
    "article_id", "outlet", "speaker", "kind", "text", "n_words", "cue", "sentence",
    "start", "end", "speaker_from",
]  # fmt: skip

PRONOUNS = ("dia", "ia", "beliau", "dirinya", "he", "she")
# Cues that follow the quoted words and precede the speaker: `..., kata Putin.`
_POSTPOSED = (
    "kata", "katanya", "ujar", "ujarnya", "tutur", "tuturnya", "tegas", "tegasnya", "ucap",
    "ucapnya", "jelas", "jelasnya", "said", "says", "told", "added",
)  # fmt: skip
# Cues that take their content without `bahwa`: `Xi mengatakan China dan Rusia ...`
_BARE = ("mengatakan", "said", "says", "told")
_CONNECTIVES = r"(?:sementara\s+itu|namun|selain\s+itu|dalam\s+kesempatan\s+itu|di\s+sisi\s+lain)"
_DATELINE = re.compile(r"^[^()\n]{0,60}\([^)\n]{1,40}\)\s*-{1,2}\s*")
_QUOTE = re.compile(r'"([^"\n]+)"')
_NOT_RUN_ON = re.compile(r"(?:seraya|sambil|dan\s+menambahkan|yang|while|adding)\b")


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(
        r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True)
    )


@lru_cache(maxsize=8)
def _cues(language: str) -> dict[str, re.Pattern[str]]:
    codes = [language] if language in LANGUAGES else list(LANGUAGES)
    verbs = tuple(sorted({fold(v) for c in codes for v in LANGUAGES[c].reporting_verbs}))
    post = tuple(v for v in _POSTPOSED if v in verbs) or verbs
    cue = _alt(verbs)
    return {
        # after a closing quote: `, kata Putin` / `, tegas Presiden Putin.` / `, Putin said`
        "after_cue_who": re.compile(rf"^\s*[,.]?\s*(?P<cue>{cue})\s+(?P<who>[^,.;:!?\"]{{1,200}})"),
        "after_who_cue": re.compile(
            rf"^\s*[,.]?\s*(?P<who>[^,.;:!?\"]{{1,60}}?)\s+(?P<cue>{cue})(?!\w)"
        ),
        # before an opening quote: `Presiden Putin menambahkan, "` / `kata Xi: "` / `Menurut Xi, "`
        "before_who_cue": re.compile(
            rf"(?P<who>[^,.;:!?\"]{{1,80}}?)\s+(?P<cue>{cue})\s*[,:]?\s*$"
        ),
        "before_cue_who": re.compile(
            rf"(?<!\w)(?P<cue>{cue})\s+(?P<who>[^,.;:!?\"]{{1,80}}?)\s*[,:]\s*$"
        ),
        # indirect: subject + cue + bahwa/comma/colon, at the start of a sentence or clause
        "indirect_lead": re.compile(
            rf"(?:^|,\s+)(?:{_CONNECTIVES}\s*,?\s*)?(?P<who>[^,.;:!?\"]{{1,60}}?)\s+"
            rf"(?:(?:juga|pun|pula|kembali|lantas|kemudian)\s+)?(?P<cue>{cue})"
            rf"(?:\s*(?:bahwa|that)\b|\s*[,:])\s*(?P<content>.+)$"
        ),
        "indirect_bare": re.compile(
            rf"(?:^|,\s+)(?P<who>[^,.;:!?\"]{{1,60}}?)\s+(?:juga\s+)?(?P<cue>{_alt(_BARE)})\s+"
            rf"(?P<content>.+)$"
        ),
        "indirect_menurut": re.compile(
            r"^(?P<cue>menurut|according\s+to)\s+(?P<who>[^,]{1,60}),\s*(?P<content>.+)$"
        ),
        "indirect_tail": re.compile(
            rf"^(?P<content>.+?),\s*(?P<cue>{_alt(post)})\s+(?P<who>[^,.;!?]{{1,200}}?)"
            rf"\s*(?P<end>[.!?]\s*$|$|,\s*(?P<rest>.*)$)"
        ),
    }


People = Callable[[str], tuple[tuple[int, int, str], ...]]


def _speaker(text: str, people: People, *, last: bool = False) -> tuple[str | None, str | None]:
    """The person named in `text` (first, or `last`), else a pronoun marker."""
    found = people(text)
    if found:
        return (found[-1] if last else found[0])[2], "name"
    words = fold(text).split()
    if words and (words[-1] if last else words[0]) in PRONOUNS:
        return None, "pronoun"
    return None, None


def _names_someone(who: str, people: People, *, last: bool = False) -> bool:
    return _speaker(who, people, last=last)[1] is not None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return [s for s in spans if s[1] > s[0]]


def _sentence_of(starts: list[int], ends: list[int], numbers: list[int], pos: int) -> int | None:
    for s, e, n in zip(starts, ends, numbers, strict=True):
        if s <= pos < e:
            return n
    return None


def _paragraph_quotes(
    para: str, cues: dict[str, re.Pattern[str]], people: People, scare_words: int
) -> tuple[tuple, ...]:
    """Quoted spans of one paragraph: `(start, end, speaker, kind, text, n_words, cue,
    speaker_from)`, offsets within the paragraph (matching runs on the folded copy, which
    has the same offsets as the text)."""
    folded = fold(para)
    found = []
    for m in _QUOTE.finditer(folded):
        q_start, q_end = m.start(1), m.end(1)
        content = para[q_start:q_end].strip()
        after, before = folded[m.end() :], folded[: m.start()]
        cue = who_text = None
        who_last = False
        run_on = ""
        base = m.end()
        hit = cues["after_cue_who"].match(after)
        if hit and _names_someone(
            who := para[base + hit.start("who") : base + hit.end("who")], people
        ):
            cue, who_text = hit["cue"], who
            tail = after[hit.end() :]
            # `"80 tahun yang lalu," kata Putin, Rusia dan China ...`: the quote runs on
            if content.endswith(",") and tail.startswith(","):
                rest = para[base + hit.end() + 1 : base + hit.end() + len(tail)]
                rest = re.split(r"(?<=[.!?])\s", rest.strip(), maxsplit=1)[0]
                if rest and not _NOT_RUN_ON.match(fold(rest)):
                    run_on = rest
        elif (hit := cues["after_who_cue"].match(after)) and _names_someone(
            who := para[base + hit.start("who") : base + hit.end("who")], people
        ):
            cue, who_text = hit["cue"], who
        elif hit := cues["before_cue_who"].search(before):
            cue, who_text = hit["cue"], para[hit.start("who") : hit.end("who")]
        elif (hit := cues["before_who_cue"].search(before)) and _names_someone(
            who := para[hit.start("who") : hit.end("who")], people, last=True
        ):
            cue, who_text, who_last = hit["cue"], who, True
        words = count_words(content) + count_words(run_on)
        speaker, source = (None, None)
        if who_text is not None:
            speaker, source = _speaker(who_text, people, last=who_last)
        kind = "scare" if cue is None and words <= scare_words else "direct"
        quoted = f"{content} {run_on}" if run_on else content.rstrip(",").rstrip()
        found.append((q_start, q_end, speaker, kind, quoted, words, cue, source))
    return tuple(found)


def _indirect(
    sent_text: str, cues: dict[str, re.Pattern[str]], people: People
) -> tuple[str | None, str, str, str] | None:
    """Reported speech in one sentence: `(speaker, speaker_from, cue, content)`, or None."""
    f_sent = fold(sent_text)
    lead = _DATELINE.match(f_sent)
    skip = lead.end() if lead else 0
    body = f_sent[skip:]
    for name in ("indirect_menurut", "indirect_tail", "indirect_lead", "indirect_bare"):
        hit = (
            cues[name].search(body)
            if name in ("indirect_lead", "indirect_bare")
            else cues[name].match(body)
        )
        if not hit:
            continue
        who = sent_text[skip + hit.start("who") : skip + hit.end("who")]
        speaker, source = _speaker(who, people, last=name in ("indirect_lead", "indirect_bare"))
        if source is None:
            continue
        if name in ("indirect_lead", "indirect_bare") and not _subject_like(who, speaker, people):
            continue
        content = sent_text[skip + hit.start("content") : skip + hit.end("content")]
        if name == "indirect_tail" and hit["rest"]:
            more = re.search(r"(?:bahwa|that)\s+(.+)$", hit["rest"])
            if more:
                content = (
                    f"{content}; {sent_text[skip + hit.start('rest') + more.start(1) :].strip()}"
                )
        return speaker, source, hit["cue"], content.strip().rstrip(".")
    return None


def _subject_like(who: str, speaker: str | None, people: People) -> bool:
    """A subject phrase is short and ends with the name or pronoun (`Presiden Putin`, `Dia`),
    not a clause that merely mentions someone (`kepada Presiden Putin dan ...`)."""
    words = fold(who).split()
    if len(words) > 6:
        return False
    if speaker is None:
        return words[-1] in PRONOUNS if words else False
    found = people(who)
    return bool(found) and who[found[-1][1] :].strip() == ""


class _Reader:
    """Quote extraction over a worker's share of articles.

    The person registry is resolved once, and each distinct paragraph, sentence and name
    phrase is read once: wire copy, readouts and boilerplate repeat them verbatim across
    articles, and every step is a function of that text (and the language) alone.
    """

    def __init__(self, scare_words: int) -> None:
        self.scare_words = scare_words
        find = people_finder()
        cache: dict[str, tuple] = {}

        def people(text: str) -> tuple[tuple[int, int, str], ...]:
            hit = cache.get(text)
            if hit is None:
                hit = cache[text] = tuple(find(text))
            return hit

        self.people = people
        self._paras: dict[tuple[str, str], tuple] = {}
        self._indirect: dict[tuple[str, str], tuple | None] = {}

    def paragraph(self, para: str, language: str) -> tuple[tuple, ...]:
        key = (language, para)
        hit = self._paras.get(key)
        if hit is None:
            hit = self._paras[key] = _paragraph_quotes(
                para, _cues(language), self.people, self.scare_words
            )
        return hit

    def indirect(self, sent_text: str, language: str) -> tuple | None:
        key = (language, sent_text)
        if key in self._indirect:
            return self._indirect[key]
        found = self._indirect[key] = _indirect(sent_text, _cues(language), self.people)
        return found

    def article(
        self, article_id: object, text: str, language: object, sents: list[tuple]
    ) -> list[list]:
        """Rows (`COLUMNS` without `outlet`) of one article; `sents` are its sentences
        `(text, start, end, number)` in order of `start`."""
        language = language if isinstance(language, str) else ""
        starts = [s[1] for s in sents]
        ends = [s[2] for s in sents]
        numbers = [s[3] for s in sents]
        rows: list[list] = []
        covered: list[tuple[int, int]] = []
        for p_start, p_end in _paragraphs(text):
            for q_s, q_e, speaker, kind, quoted, words, cue, source in self.paragraph(
                text[p_start:p_end], language
            ):
                q_start, q_end = p_start + q_s, p_start + q_e
                if kind == "direct":
                    covered.append((q_start, q_end))
                rows.append(
                    [article_id, speaker, kind, quoted, words, cue,
                     _sentence_of(starts, ends, numbers, q_start), q_start, q_end, source]
                )  # fmt: skip
        # indirect speech, sentence by sentence, skipping sentences that hold a direct quote
        for sent_text, s_start, s_end, number in sents:
            if any(q_s < s_end and q_e > s_start for q_s, q_e in covered):
                continue
            found = self.indirect(sent_text, language)
            if found:
                speaker, source, cue, content = found
                rows.append(
                    [article_id, speaker, "indirect", content, count_words(content), cue,
                     number, s_start, s_end, source]
                )  # fmt: skip
        self._resolve_pronouns(rows, sents)
        return rows

    def _resolve_pronouns(self, rows: list[list], sents: list[tuple]) -> None:
        """Give a pronoun speaker the previous sentence's speaker, its subject, or the last one."""
        by_sentence: dict[int, str] = {}
        subject: dict[int, str] = {}
        for text, _start, _end, number in sents:
            people = self.people(text)
            if people and people[0][0] <= 12:  # named at the start: the sentence's subject
                subject[int(number)] = people[0][2]
        last = None
        # row fields: 1 speaker, 2 kind, 6 sentence, 7 start, 9 speaker_from
        for row in sorted(rows, key=lambda r: (r[6] if r[6] is not None else -1, r[7])):
            number = row[6]
            if row[9] == "pronoun" and number is not None:
                row[1] = by_sentence.get(number - 1) or subject.get(number - 1) or last
            if row[1] is not None and row[2] != "scare":
                last = row[1]
                if number is not None:
                    by_sentence[number] = row[1]


PARALLEL_FROM = 2_000  # articles; below this a second process costs more than it saves
_ROW = ["article_id", "speaker", "kind", "text", "n_words", "cue", "sentence", "start", "end",
        "speaker_from"]  # fmt: skip


_TASK: tuple | None = None  # (items, scare_words) `_quotes_of` reads: forked workers inherit it


def _quotes_of(lo: int, hi: int) -> list[list]:
    """Quote rows of articles `lo:hi` of the `(article_id, text, language, sentences)` items
    in `_TASK` (a worker's share)."""
    items, scare_words = _TASK
    reader = _Reader(scare_words)
    rows: list[list] = []
    for article_id, text, language, sents in items[lo:hi]:
        rows.extend(reader.article(article_id, text, language, sents))
    return rows


def _sentences_by_article(articles: pd.DataFrame, sentences: pd.DataFrame) -> dict[object, list]:
    """article_id -> its sentences `(text, start, end, number)` by `start`, in one sort."""
    ids = pd.Index(pd.unique(articles["article_id"].to_numpy(dtype=object)))
    code = ids.get_indexer(sentences["article_id"].to_numpy(dtype=object))
    order = np.lexsort((sentences["start"].to_numpy(), code))
    order = order[code[order] >= 0]
    code = code[order]
    text = sentences["text"].to_numpy(dtype=object)[order].tolist()
    start = sentences["start"].to_numpy()[order].tolist()
    end = sentences["end"].to_numpy()[order].tolist()
    number = sentences["sentence"].to_numpy()[order].tolist()
    rows = list(zip(text, start, end, number, strict=True))
    bounds = np.flatnonzero(np.r_[True, code[1:] != code[:-1], True]) if len(code) else [0]
    return {ids[code[lo]]: rows[lo:hi] for lo, hi in pairwise(bounds)}


def quotes(corpus: object, *, scare_words: int = 4) -> pd.DataFrame:
    """Quoted and reported speech in every article of `corpus` (needs `articles` with
    `article_id`, `text`, and `sentences` with `start`/`end` offsets).

    Returns one row per quote: `article_id`, `outlet`, `speaker` (canonical name or <NA>),
    `kind` (`direct` | `indirect` | `scare`), `text` (the quoted or reported words),
    `n_words`, `cue` (the reporting word, folded, or <NA>), `sentence` (where it starts),
    `start`, `end` (character offsets in `articles.text`; the whole sentence for indirect
    speech), `speaker_from` (`name` | `pronoun` | <NA>).
    """
    articles = getattr(corpus, "articles", None)
    sentences = getattr(corpus, "sentences", None)
    if not isinstance(articles, pd.DataFrame) or not isinstance(sentences, pd.DataFrame):
        raise InvalidValue(
            "quotes needs a Corpus (with .articles and .sentences); use helpers.load_corpus"
        )
    require_columns(articles, "article_id", "text", what="corpus.articles")
    require_columns(
        sentences, "article_id", "sentence", "text", "start", "end", what="corpus.sentences"
    )
    if not isinstance(scare_words, int) or scare_words < 0:
        raise InvalidValue(f"scare_words={scare_words!r} is not valid; expected an integer >= 0")
    by_article = _sentences_by_article(articles, sentences)
    languages = (
        articles["language"] if "language" in articles else pd.Series(None, index=articles.index)
    )
    items = [
        (article_id, text, language, by_article.get(article_id, []))
        for article_id, text, language in zip(
            articles["article_id"], articles["text"], languages, strict=True
        )
        if isinstance(text, str) and text
    ]
    from helpers.compare.reuse import _map_chunks, _workers

    global _TASK
    n_workers = _workers(None) if len(items) >= PARALLEL_FROM else 1
    size = -(-len(items) // n_workers) if items else 1
    chunks = [(k, min(k + size, len(items))) for k in range(0, len(items), size)]
    _TASK = (items, scare_words)
    try:
        rows = [row for part in _map_chunks(_quotes_of, chunks, n_workers) for row in part]
    finally:
        _TASK = None
    out = pd.DataFrame(rows, columns=_ROW)[[c for c in COLUMNS if c != "outlet"]]
    outlets = articles.set_index("article_id")["outlet"] if "outlet" in articles else None
    out.insert(1, "outlet", out["article_id"].map(outlets) if outlets is not None else pd.NA)
    for col in ("outlet", "speaker", "cue", "speaker_from"):
        out[col] = out[col].astype("string")
    out["sentence"] = out["sentence"].astype("Int64")
    for col in ("n_words", "start", "end"):
        out[col] = out[col].astype("int64")
    return out.sort_values(["article_id", "start", "kind"], kind="stable").reset_index(drop=True)


def voice_shares(
    quotes: pd.DataFrame, articles: pd.DataFrame, *, kinds: tuple[str, ...] = ("direct", "indirect")
) -> pd.DataFrame:
    """Per outlet and speaker, the share of the outlet's quoted words that speaker gets.

    Returns `outlet` (missing outlets as `(unknown outlet)`), `speaker` (`(unattributed)` when
    no speaker was found), `n_quotes`, `quoted_words`, `outlet_quoted_words` (the
    denominator: all words of `kinds` quoted by that outlet), `share`, `outlet_articles`,
    `outlet_words` (all words the outlet published, for a second denominator) and
    `share_of_text` = `quoted_words / outlet_words`. Scare quotes are never speech.
    Outlets in `articles` that quote no one appear once with speaker `(nobody quoted)`.
    """
    require_columns(quotes, "article_id", "speaker", "kind", "n_words", what="quotes")
    require_columns(articles, "article_id", "outlet", what="articles")
    bad = [k for k in kinds if k not in ("direct", "indirect")]
    if bad:
        raise InvalidValue(f"kinds: {bad} not valid; expected some of ['direct', 'indirect']")
    label = pd.Series(outlet_labels(articles).to_numpy(), index=articles["article_id"].to_numpy())
    words = articles["n_words"] if "n_words" in articles else articles["text"].map(count_words)
    totals = pd.DataFrame({"outlet": label.to_numpy(), "words": words.to_numpy()}).groupby("outlet")
    outlet_words = totals["words"].sum()
    outlet_articles = totals.size()
    q = quotes[quotes["kind"].isin(kinds) & quotes["article_id"].isin(label.index)]
    q = q.assign(
        outlet=q["article_id"].map(label).to_numpy(),
        speaker=q["speaker"].astype("string").fillna("(unattributed)").to_numpy(),
    )
    out = (
        q.groupby(["outlet", "speaker"])
        .agg(n_quotes=("n_words", "size"), quoted_words=("n_words", "sum"))
        .reset_index()
    )
    silent = sorted(set(outlet_words.index) - set(out["outlet"]))
    if silent:
        out = pd.concat(
            [
                out,
                pd.DataFrame(
                    {
                        "outlet": silent,
                        "speaker": "(nobody quoted)",
                        "n_quotes": 0,
                        "quoted_words": 0,
                    }
                ),
            ],
            ignore_index=True,
        )
    out["outlet_quoted_words"] = out["outlet"].map(out.groupby("outlet")["quoted_words"].sum())
    out["share"] = (
        out["quoted_words"] / out["outlet_quoted_words"].where(out["outlet_quoted_words"] > 0)
    ).fillna(0.0)
    out["outlet_articles"] = out["outlet"].map(outlet_articles).astype("int64")
    out["outlet_words"] = out["outlet"].map(outlet_words).astype("int64")
    out["share_of_text"] = out["quoted_words"] / out["outlet_words"].where(out["outlet_words"] > 0)
    for col in ("n_quotes", "quoted_words", "outlet_quoted_words"):
        out[col] = out[col].astype("int64")
    return out.sort_values(
        ["outlet", "share", "speaker"], ascending=[True, False, True]
    ).reset_index(drop=True)
