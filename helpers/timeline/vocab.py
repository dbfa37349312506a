"""Words that signal a meeting, its mode, a greeting or a reference to the past, per language.

The words themselves are data in `helpers.lang` (`timeline_id.py`, `timeline_en.py`), beside
the loader's vocabulary; this module turns them into regular expressions matched on folded
text (`helpers.text.fold`: lower case, no accents). A new language is one more
`helpers/lang/timeline_<code>.py` and one more entry in `CUES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from helpers.frames import require_choice
from helpers.lang import timeline_en, timeline_id


@dataclass(frozen=True)
class Cues:
    """Patterns for one language."""

    meeting: str  # a sentence reports a meeting or call
    virtual: str
    phone: str
    in_person: str
    greeting: str  # "salam ... kepada X": X is greeted, not met
    place_prepositions: str  # words before a place: "di Beijing"
    anniversary: tuple[str, ...]  # each with a group (?P<n>\d+): years elapsed
    future: str  # words before a year that make it a plan, not history: "hingga 2025"

    @cached_property
    def res(self) -> dict[str, re.Pattern[str]]:
        keys = ("meeting", "virtual", "phone", "in_person", "greeting", "future")
        return {k: re.compile(getattr(self, k)) for k in keys}

    @cached_property
    def anniversary_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.anniversary)


def _words(*alternatives: str) -> str:
    return r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)"


_WORD_KEYS = ("meeting", "virtual", "phone", "in_person", "greeting", "future")


def _build(data: dict) -> Cues:
    """`Cues` from a `helpers.lang.timeline_<code>` table: word lists become patterns."""
    return Cues(**{k: _words(*v) if k in _WORD_KEYS else v for k, v in data.items()})


ID = _build(timeline_id.CUES)
EN = _build(timeline_en.CUES)

CUES: dict[str, Cues] = {"id": ID, "en": EN}


def cues(language: str | None) -> Cues:
    """The cue set for a language code; unknown or missing languages fall back to Indonesian.

    >>> cues("en").place_prepositions
    'in|at'
    """
    if language is None or language != language or language not in CUES:  # NaN-safe
        return ID
    require_choice("language", language, CUES)
    return CUES[language]
