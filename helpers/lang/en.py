"""English: dates, credits, boilerplate, stopwords and reporting verbs."""

from __future__ import annotations

import stopwordsiso

from helpers import lang

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip

BOILERPLATE = (
    (r"^\s*(?:read|see)\s+(?:also|more)\s*[:\-–]", "related-link line (Read also)"),
    (r"^\s*related\s*(?:articles?|stories|news)?\s*[:\-–]?\s*$", "section furniture (Related)"),
    (r"^\s*(?:more|latest)\s+news\s*$", "section furniture (More news)"),
    (r"^\s*(?:copyright|all\s+rights\s+reserved)\b", "copyright line"),
    (r"^\s*©\s*\d{4}", "copyright line"),
    (r"^\s*(?:photo|image|picture)\s*:", "photo credit line"),
    (r"^\s*(?:tags?|topics?)\s*:", "tag line"),
    (r"^\s*(?:advertisement|sponsored|scroll\s+to\s+continue)\s*$", "advertisement marker"),
    (r"^\s*(?:sign\s+up|subscribe)\s+(?:for|to)\b.*$", "promotion line"),
)  # fmt: skip

CREDIT_LABELS = {
    "reporter": "byline",
    "reporting by": "byline",
    "written by": "byline",
    "by": "byline",
    "author": "byline",
    "editor": "editor",
    "editing by": "editor",
    "edited by": "editor",
    "translated by": "translator",
    "source": "credit_source",
}

REPORTING_VERBS = (
    "said", "says", "told", "added", "stressed", "noted", "stated", "according to",
    "emphasized", "emphasised", "underlined", "warned", "urged", "remarked",
)  # fmt: skip

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr vs etc inc ltd co corp gov gen col lt sgt rep sen no jan feb "
    "mar apr jun jul aug sep sept oct nov dec u.s u.n e.g i.e".split()
)

LANGUAGE = lang.Language(
    code="en",
    name="English",
    months=MONTHS,
    weekdays=WEEKDAYS,
    stopwords=frozenset(stopwordsiso.stopwords("en")),
    boilerplate=BOILERPLATE,
    credit_labels=CREDIT_LABELS,
    reporting_verbs=REPORTING_VERBS,
    abbreviations=ABBREVIATIONS,
    date_prepositions=("on", "since", "last"),
)
