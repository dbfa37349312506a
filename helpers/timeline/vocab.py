"""Words that signal a meeting, its mode, a greeting or a reference to the past, per language.

These are the timeline's language specifics (the loader's live in `helpers.lang`). Each is a
regular expression matched on folded text (`helpers.text.fold`: lower case, no accents), so
write the patterns in lower case. A new language is one more entry in `CUES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from helpers.frames import require_choice


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


ID = Cues(
    meeting=_words(
        r"pertemuan",
        r"bertemu",
        r"(?:ber|mem)bicara\w*",
        r"pembicaraan",
        r"perbincangan",
        r"berbincang",
        r"panggilan",
        r"(?:ber|me)?telepon",
        r"kunjungan",
        r"berkunjung",
        r"mengunjungi",
        r"konferensi",
        r"ktt",
        r"berdialog",
        r"dialog",
        r"virtual",
        r"menerima",
        r"menjamu",
        r"berkomunikasi",
    ),
    virtual=_words(
        r"virtual",
        r"secara daring",
        r"daring",
        r"tautan video",
        r"panggilan video",
        r"konferensi video",
        r"sambungan video",
        r"video ?conference",
        r"video call",
    ),
    phone=_words(
        r"panggilan telepon",
        r"sambungan telepon",
        r"percakapan telepon",
        r"bertelepon",
        r"menelepon",
        r"telepon",
        r"teleponan",
    ),
    in_person=_words(
        r"bertemu",
        r"berkunjung",
        r"mengunjungi",
        r"tatap muka",
        r"bertatap muka",
        r"kunjungan (?:kenegaraan|resmi|kerja)",
        r"menerima kunjungan",
        r"menjamu",
        r"menyambut kedatangan",
    ),
    greeting=_words(r"salam", r"ucapan selamat", r"selamat", r"ucapan"),
    place_prepositions=r"di|ke",
    anniversary=(
        r"(?:ulang tahun|hut|hari jadi|dirgahayu) ke-?\s?(?P<n>\d{1,3})(?!\w)",
        r"(?:peringatan|memperingati|merayakan|perayaan|menandai)\s+(?P<n>\d{1,3}) tahun(?!\w)",
        r"(?<!\w)(?P<n>\d{1,3}) tahun (?:yang )?(?:lalu|silam)(?!\w)",
    ),
    future=_words(
        r"hingga", r"sampai", r"menuju", r"target", r"mendatang", r"jelang", r"menjelang"
    ),
)

EN = Cues(
    meeting=_words(
        r"met",
        r"meets?",
        r"meeting",
        r"talks",
        r"talked",
        r"spoke",
        r"calls?",
        r"visit\w*",
        r"summit",
        r"conversation",
        r"hosted",
        r"virtual\w*",
        r"video",
        r"phone",
    ),
    virtual=_words(
        r"virtual\w*",
        r"video ?link",
        r"video ?call",
        r"video ?conference",
        r"videoconference",
        r"online",
    ),
    phone=_words(r"phone call", r"telephone", r"phone", r"by phone", r"phoned"),
    in_person=_words(
        r"met",
        r"meets?",
        r"visit\w*",
        r"in person",
        r"face-to-face",
        r"hosted",
        r"received",
    ),
    greeting=_words(r"greetings?", r"regards", r"best wishes", r"congratulat\w*"),
    place_prepositions=r"in|at",
    anniversary=(
        r"(?P<n>\d{1,3})(?:st|nd|rd|th) anniversary",
        r"(?<!\w)(?P<n>\d{1,3}) years (?:ago|earlier)(?!\w)",
        r"(?:marks?|marking|commemorat\w+|celebrat\w+) (?:the )?(?P<n>\d{1,3}) years(?!\w)",
    ),
    future=_words(r"until", r"by", r"towards?", r"target", r"through"),
)

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
