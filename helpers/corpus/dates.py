"""Dates in news text: publication timestamps, years in copyright lines and URLs, event dates.

A small table of month and weekday names (in `helpers.lang`) and the weekday rule does
better here than a general date parser: `Jumat (30/12)` names a Friday, which fixes the
year once the publication date, or a window of plausible years, is known. General parsers
ignore the weekday and read `80 tahun` or `Copyright © ANTARA 2024` as dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pandas as pd

from helpers.lang import Language

TZ = "Asia/Jakarta"
# Jakarta has kept UTC+7 without daylight saving since 1964: a fixed offset is exact, and
# plain datetimes are far cheaper per article than pandas Timestamps (frames convert in bulk).
JAKARTA = dt.timezone(dt.timedelta(hours=7))
# Indonesia's three zones, and the usual ways to write an offset.
_ZONES = {"wib": 7, "wita": 8, "wit": 9}
_TIME = (r"(?:\s*(?:[|,\-–—@]|pukul|jam|at)?\s*(?P<H>\d{1,2})[:.](?P<M>\d{2})(?::(?P<S>\d{2}))?"
         r"\s*(?P<ampm>[ap]\.?m\.?)?\s*(?P<tz>WIB|WITA|WIT|(?:GMT|UTC)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?)?)?")  # fmt: skip


@dataclass(frozen=True)
class Stamp:
    """A publication time found in text: when, how precise, and the text it came from."""

    value: dt.datetime  # tz-aware, UTC+07:00 (Asia/Jakarta)
    precision: str  # "minute" or "day"
    span: tuple[int, int]
    text: str


@cache
def _stamp_res(language: Language) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each timestamp form, in rank order, with a character it cannot match without.

    Most lines lack `/` or `-`, and a form that cannot match need not be scanned for.
    """
    wd, mon = language.weekday_re, language.month_re
    day_month_year = rf"(?:(?P<wd>{wd}),?\s+)?(?P<d>\d{{1,2}})\s+(?P<mon>{mon})\.?\s+(?P<y>\d{{4}})"
    month_day_year = (
        rf"(?:(?P<wd>{wd}),?\s+)?(?P<mon>{mon})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})"
    )
    numeric = r"(?:(?P<wd>" + wd + r"),?\s+)?(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    iso = (r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})"
           r"(?:\.\d+)?)?\s*(?P<off>Z|[+-]\d{2}:?\d{2})?)?")  # fmt: skip
    forms = [("", day_month_year + _TIME), ("/", numeric + _TIME), ("-", iso)]
    if language.code == "en":
        forms.insert(0, ("", month_day_year + _TIME))
    return tuple(
        (needs, re.compile(rf"(?<![\w/]){f}(?![\w/])", re.IGNORECASE)) for needs, f in forms
    )


_ZONE_TZ = {name: dt.timezone(dt.timedelta(hours=hours)) for name, hours in _ZONES.items()}


def _offset(groups: dict[str, str | None]) -> dt.timezone | None:
    """The zone a matched timestamp states (`groups` of the match), None when it states none."""
    off = groups.get("off")
    if off:
        if off.upper() == "Z":
            return dt.UTC
        sign = -1 if off[0] == "-" else 1
        digits = off[1:].replace(":", "")
        return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0)))
    tz = (groups.get("tz") or "").lower().replace(" ", "")
    if tz in _ZONE_TZ:
        return _ZONE_TZ[tz]
    if tz.startswith(("gmt", "utc")):
        rest = tz[3:]
        if not rest:
            return dt.UTC
        sign = -1 if rest[0] == "-" else 1
        hours, _, minutes = rest[1:].partition(":")
        if len(hours) > 2:
            hours, minutes = hours[:-2], hours[-2:]
        return dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes or 0)))
    return None


def _to_stamp(match: re.Match[str], language: Language) -> Stamp | None:
    g = match.groupdict()
    month = int(g["m"]) if g.get("m") else language.months.get(g["mon"].lower().rstrip("."))
    try:
        day, year = int(g["d"]), int(g["y"])
        hour = int(g["H"]) if g.get("H") else 0
        minute = int(g["M"]) if g.get("M") else 0
        second = int(g["S"]) if g.get("S") else 0
        ampm = (g.get("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        naive = dt.datetime(year, month, day, hour, minute, second)
    except (TypeError, ValueError):
        return None
    if not 1900 <= year <= 2100:
        return None
    tz = _offset(g)
    stamp = naive.replace(tzinfo=tz or JAKARTA).astimezone(JAKARTA)
    precision = "minute" if g.get("H") else "day"
    return Stamp(stamp, precision, match.span(), match.group(0).strip())


def _non_overlapping(matches: list[tuple[int, int, re.Match[str]]]) -> list[re.Match[str]]:
    """Keep matches left to right, earlier patterns first on ties, dropping any that overlap a kept one."""
    kept: list[re.Match[str]] = []
    end = -1
    for start, _, match in sorted(matches, key=lambda t: (t[0], t[1])):
        if start >= end:
            kept.append(match)
            end = match.end()
    return kept


_YEAR = re.compile(r"\d{4}")


def find_timestamps(text: str, language: Language) -> list[Stamp]:
    """Every full date (with time when given) in `text`, converted to Asia/Jakarta.

    >>> from helpers.lang import get
    >>> [s.value.isoformat() for s in find_timestamps("Rabu, 22 Januari 2025 | 02:08 WIB", get("id"))]
    ['2025-01-22T02:08:00+07:00']
    >>> find_timestamps("Senin, 3 Maret 2025 10:00 WITA", get("id"))[0].value.hour
    9
    """
    if not _YEAR.search(text):  # every form has a four-digit year: most lines have none
        return []
    candidates = [
        (m.start(), rank, m)
        for rank, (needs, pattern) in enumerate(_stamp_res(language))
        if needs in text
        for m in pattern.finditer(text)
    ]
    kept = [candidates[0][2]] if len(candidates) == 1 else _non_overlapping(candidates)
    return [s for m in kept if (s := _to_stamp(m, language)) is not None]


def timestamp_line(line: str, language: Language) -> Stamp | None:
    """The timestamp when `line` is essentially only a date (a dateline of its own), else None.

    >>> from helpers.lang import get
    >>> timestamp_line("Rabu, 22 Januari 2025 | 02:08 WIB", get("id")).precision
    'minute'
    >>> timestamp_line("Kedua negara sepakat pada 22 Januari 2025 untuk bekerja sama.", get("id")) is None
    True
    """
    stripped = line.strip()
    if not stripped or len(stripped) > 80:
        return None
    stamps = find_timestamps(stripped, language)
    if len(stamps) != 1:
        return None
    rest = stripped[: stamps[0].span[0]] + stripped[stamps[0].span[1] :]
    return stamps[0] if len(_STAMP_WORDS.sub("", rest)) <= 3 else None


_STAMP_WORDS = re.compile(r"(?i)\b(?:diterbitkan|dipublikasikan|diperbarui|terbit|published|updated|"
                          r"posted|tanggal|date|waktu)\b|[\s|:,\-–—/()]")  # fmt: skip


_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>0?[1-9]|1[0-2])[/-](?P<d>0?[1-9]|[12]\d|3[01])(?=/|$|[-_.])"
    r"|/(?P<y2>(?:19|20)\d{2})(?P<m2>0[1-9]|1[0-2])(?P<d2>0[1-9]|[12]\d|3[01])(?=\d{0,8}(?:/|$|[-_.]))"
)


def url_date(url: str | None) -> dt.datetime | None:
    """A publication date held in a URL path (`/2024/05/16/`, `/20240516`), midnight Asia/Jakarta.

    >>> url_date("https://www.antaranews.com/berita/2024/05/16/xi-bertemu-putin").date()
    datetime.date(2024, 5, 16)
    >>> url_date("https://example.com/read/20240516123456/x").date()
    datetime.date(2024, 5, 16)
    >>> url_date("https://example.com/berita/4012345") is None
    True
    """
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    y, m, d = (
        (match["y"], match["m"], match["d"])
        if match["y"]
        else (match["y2"], match["m2"], match["d2"])
    )
    try:
        return dt.datetime(int(y), int(m), int(d), tzinfo=JAKARTA)
    except ValueError:
        return None


_COPYRIGHT_YEAR = re.compile(r"(?i)(?:copyright|hak\s+cipta|©|\(c\))[^\n]*?\b((?:19|20)\d{2})\b")


def copyright_year(line: str) -> int | None:
    """The year of a `Copyright © ANTARA 2024` line (the latest, for ranges like 2010-2024).

    >>> copyright_year("Copyright © ANTARA 2024")
    2024
    >>> copyright_year("80 tahun yang lalu") is None
    True
    """
    if not _COPYRIGHT_YEAR.search(line):
        return None
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", line)]
    return max(years) if years else None


# --- event dates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RelativeDate:
    """A date as the article states it: `Selasa (21/1)` is day 21, month 1, weekday 1, no year."""

    day: int | None
    month: int | None
    year: int | None
    weekday: int | None
    text: str
    span: tuple[int, int]


_QUALIFIERS = (
    r"(?:(?:kemarin|lalu|ini|malam|pagi|siang|sore|dini\s+hari|waktu\s+setempat|last|this)\s*)*"
)


@cache
def _relative_res(language: Language) -> tuple[re.Pattern[str], ...]:
    wd, mon = language.weekday_re, language.month_re
    preps = "|".join(language.date_prepositions) or "on"
    weekday_numeric = (rf"\b(?P<wd>{wd})\b\s*{_QUALIFIERS}\(\s*(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})"
                       r"(?:\s*/\s*(?P<y>\d{2,4}))?\s*\)")  # fmt: skip
    spelled = rf"\b(?:{preps})\s+(?:(?P<wd>{wd}),?\s+)?(?P<d>\d{{1,2}})\s+(?P<mon>{mon})\b\.?(?:\s+(?P<y>\d{{4}}))?"
    spelled_en = rf"\b(?:{preps})\s+(?:(?P<wd>{wd}),?\s+)?(?P<mon>{mon})\.?\s+(?P<d>\d{{1,2}})\b(?:,?\s+(?P<y>\d{{4}}))?"
    # A bare weekday only when no `(21/1)` follows, qualifiers (`kemarin`, `sore`) notwithstanding.
    weekday_only = rf"\b(?:{preps})\s+(?:hari\s+)?(?P<wd>{wd})\b(?!\s*{_QUALIFIERS}\()"
    forms = [weekday_numeric, spelled, weekday_only]
    if language.code == "en":
        forms.insert(2, spelled_en)
    return tuple(re.compile(f, re.IGNORECASE) for f in forms)


_GROUP_NAME = re.compile(r"\(\?P<(\w+)>")


@cache
def _date_openers(language: Language) -> re.Pattern[str] | None:
    """The words a date can open with (weekdays, prepositions) as a case-sensitive pattern
    for lower-cased text, or None unless all are ASCII (then lower-casing is exact)."""
    words = [w.lower() for w in (*language.weekdays, *(language.date_prepositions or ("on",)))]
    if not all(w.isascii() for w in words):
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@cache
def _first_relative_res(language: Language) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What finds the earliest event date in one scan: where one can start, and all forms at once.

    Every form starts with a weekday or a date preposition at a word boundary, so one scan
    for those words visits every place a date can start; there, the forms joined in rank
    order match what the earliest of the separate searches would (the first alternative
    that matches wins). Form `r` is group `f{r}`, its own groups are renamed `f{r}_wd`, ...
    """
    preps = "|".join(language.date_prepositions) or "on"
    starts = re.compile(rf"\b(?:{language.weekday_re}|{preps})", re.IGNORECASE)
    forms = []
    for rank, pattern in enumerate(_relative_res(language)):
        renamed = _GROUP_NAME.sub(lambda m, r=rank: f"(?P<f{r}_{m[1]}>", pattern.pattern)
        forms.append(f"(?P<f{rank}>{renamed})")
    return starts, re.compile("|".join(forms), re.IGNORECASE)


@cache
def _form_groups(language: Language) -> dict[str, tuple[tuple[str, str], ...]]:
    """Form group (`f1`) -> its own groups as (name in the form, name in the joined pattern)."""
    return {
        f"f{rank}": tuple((name, f"f{rank}_{name}") for name in pattern.groupindex)
        for rank, pattern in enumerate(_relative_res(language))
    }


def find_relative_dates(
    text: str, language: Language, *, first: bool = False
) -> list[RelativeDate]:
    """Event-date mentions in the order they appear (only the earliest when `first`).

    >>> from helpers.lang import get
    >>> [(r.day, r.month, r.year, r.weekday) for r in find_relative_dates(
    ...     "bertemu pada Selasa (21/1) sore, bukan Senin (28/12/2020)", get("id"))]
    [(21, 1, None, 1), (28, 12, 2020, 0)]
    """
    if first:
        matched, earliest = _earliest_relative(text, language)
        if not matched:  # no form matches anywhere: the separate searches find nothing either
            return []
        if earliest is not None:
            return [earliest]
    patterns = _relative_res(language)
    if first:  # the earliest match of each pattern is enough to find the earliest overall
        candidates = [
            (m.start(), rank, m) for rank, p in enumerate(patterns) if (m := p.search(text))
        ]
    else:
        candidates = [
            (m.start(), rank, m) for rank, p in enumerate(patterns) for m in p.finditer(text)
        ]
    found: list[RelativeDate] = []
    for m in _non_overlapping(candidates):
        rel = _relative(m, language)
        if rel is not None:
            found.append(rel)
            if first:
                break
    if first and not found and candidates:  # the earliest was impossible (32/13): look at them all
        return find_relative_dates(text, language)[:1]
    return found


def _earliest_relative(text: str, language: Language) -> tuple[bool, RelativeDate | None]:
    """Whether any form matches, and the earliest event date if it is a possible one.

    The same as the first of `find_relative_dates(text, language)`, found by one scan. A
    match that is an impossible date (32/13) gives (True, None): the caller then runs the
    separate searches, which look further.
    """
    starts, joined = _first_relative_res(language)
    for start in _opener_positions(text, language, starts):
        m = joined.match(text, start)
        if m:
            # The form that matched is the group that closed last; read back its own groups.
            groups = {name: m[full] for name, full in _form_groups(language)[m.lastgroup]}
            return True, _relative_from(groups, m, language)
    return False, None


def _opener_positions(text: str, language: Language, starts: re.Pattern[str]) -> Iterator[int]:
    """Every place, left to right, where a weekday or date preposition starts (maybe mid-word).

    In ASCII text, case-insensitive is lower-case: a case-sensitive pattern of the words on
    the lower-cased text scans several times faster (the regex engine skips ahead to their
    first letters). The word boundary every form starts with is left to the match.
    """
    openers = _date_openers(language)
    if openers is not None and text.isascii():
        text, starts = text.lower(), openers
    start = starts.search(text)
    while start:
        yield start.start()
        start = starts.search(text, start.start() + 1)


def _relative(m: re.Match[str], language: Language) -> RelativeDate | None:
    return _relative_from(m.groupdict(), m, language)


def _relative_from(g: dict, m: re.Match[str], language: Language) -> RelativeDate | None:
    month = (
        int(g["m"])
        if g.get("m")
        else (language.months.get(g["mon"].lower()) if g.get("mon") else None)
    )
    year = int(g["y"]) if g.get("y") else None
    if year is not None and year < 100:
        year += 2000
    weekday = language.weekdays.get(g["wd"].lower()) if g.get("wd") else None
    day = int(g["d"]) if g.get("d") else None
    if day is not None and not (1 <= day <= 31 and month and 1 <= month <= 12):
        return None
    return RelativeDate(day, month, year, weekday, m.group(0).strip(), m.span())


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _local_date(value: dt.datetime) -> dt.date:
    """The calendar date in Jakarta of a timestamp (naive ones are taken as Jakarta time)."""
    return value.astimezone(JAKARTA).date() if value.tzinfo else value.date()


def resolve(
    rel: RelativeDate,
    *,
    published: pd.Timestamp | None = None,
    published_year: int | None = None,
    reference: dt.date | None = None,
    window: int = 15,
) -> tuple[pd.Timestamp | None, str | None, str]:
    """Turn a stated date into a calendar date: (tz-naive midnight, where the year came from, note).

    The year is the stated one; else the publication's (a date just after publication
    belongs to the year before); else the most recent year, within `window` years up to
    `reference`, in which that day and month fall on the stated weekday (`inferred`).

    >>> import datetime as dt
    >>> rel = RelativeDate(30, 12, None, 4, "Jumat (30/12)", (0, 13))
    >>> resolve(rel, reference=dt.date(2025, 1, 22))[:2]
    (Timestamp('2022-12-30 00:00:00'), 'inferred')
    >>> resolve(rel, published=pd.Timestamp("2023-01-02", tz="Asia/Jakarta"))[:2]
    (Timestamp('2022-12-30 00:00:00'), 'text')
    """
    note = ""
    if rel.day is None:  # a bare weekday: the latest such day on or before publication
        if published is None or pd.isna(published) or rel.weekday is None:
            return None, None, "weekday without a date and no publication date"
        pub = _local_date(published)
        back = (pub.weekday() - rel.weekday) % 7
        return (
            pd.Timestamp(pub - dt.timedelta(days=back)),
            "inferred",
            "latest such weekday up to publication",
        )
    if rel.year is not None:
        date = _valid(rel.year, rel.month, rel.day)
        if date and rel.weekday is not None and date.weekday() != rel.weekday:
            note = "stated weekday does not match the date"
        return (pd.Timestamp(date), "text", note) if date else (None, None, "impossible date")
    if published is not None and not pd.isna(published):
        pub = _local_date(published)
        for year in (pub.year, pub.year - 1):
            date = _valid(year, rel.month, rel.day)
            if date and date <= pub + dt.timedelta(days=2):
                if rel.weekday is not None and date.weekday() != rel.weekday:
                    note = "stated weekday does not match the year of publication"
                return pd.Timestamp(date), "text", note
    if published_year is not None:
        date = _valid(published_year, rel.month, rel.day)
        if date:
            if rel.weekday is not None and date.weekday() != rel.weekday:
                note = "stated weekday does not match the year of publication"
            return pd.Timestamp(date), "text", note
    if rel.weekday is None:
        return None, None, "day and month without a year or weekday"
    reference = reference or dt.date.today()
    for year in range(reference.year, reference.year - window - 1, -1):
        date = _valid(year, rel.month, rel.day)
        if date and date <= reference + dt.timedelta(days=1) and date.weekday() == rel.weekday:
            return (
                pd.Timestamp(date),
                "inferred",
                f"year from the weekday, newest up to {reference}",
            )
    return None, None, f"no year within {window} years puts that date on that weekday"
