"""Everything language-specific, behind one small interface.

Indonesian (`id`) and English (`en`) are siblings: a third language is one more module
that builds a `Language`, registered in `LANGUAGES`. Nothing outside this package
spells a month name, a weekday, a boilerplate marker or a reporting verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from helpers.frames import require_choice


@dataclass(frozen=True, eq=False)  # hashed by identity: one instance per language
class Language:
    """The vocabulary the loader and the analysis verbs need for one language."""

    code: str
    name: str
    months: dict[str, int]
    weekdays: dict[str, int]  # Monday = 0, as datetime.weekday()
    stopwords: frozenset[str]
    # Whole lines that are site furniture, not article text: pattern -> reason recorded.
    boilerplate: tuple[tuple[str, str], ...]
    # Credit lines `Label: value` -> article column they fill (byline, editor, ...).
    credit_labels: dict[str, str]
    # Verbs that attribute speech: `kata Xi`, `Xi said`.
    reporting_verbs: tuple[str, ...]
    # Words after which a full stop does not end a sentence.
    abbreviations: frozenset[str] = field(default_factory=frozenset)
    # Words that open a relative date: `pada Selasa (21/1)`, `on Tuesday`.
    date_prepositions: tuple[str, ...] = ()

    @cached_property
    def boilerplate_re(self) -> re.Pattern[str]:
        """All boilerplate patterns in one expression (one scan per line); `lastgroup` names the reason."""
        return re.compile(
            "|".join(f"(?P<b{i}>{p})" for i, (p, _) in enumerate(self.boilerplate)), re.IGNORECASE
        )

    def boilerplate_reason(self, line: str) -> str | None:
        """Why `line` is furniture, or None when it is article text."""
        m = self.boilerplate_re.match(line)  # every pattern is anchored at the start
        return self.boilerplate[int(m.lastgroup[1:])][1] if m else None

    @cached_property
    def month_re(self) -> str:
        names = sorted(self.months, key=len, reverse=True)
        return "|".join(re.escape(n) for n in names)

    @cached_property
    def weekday_re(self) -> str:
        names = sorted(self.weekdays, key=len, reverse=True)
        return "|".join(re.escape(n) for n in names)


def get(code: str) -> Language:
    """The `Language` for an ISO 639-1 code.

    >>> get("id").weekdays["selasa"]
    1
    >>> get("fr")
    Traceback (most recent call last):
    ...
    helpers.errors.InvalidValue: language='fr' is not valid; expected one of ['id', 'en']
    """
    require_choice("language", code, LANGUAGES)
    return LANGUAGES[code]


from helpers.lang import en, id  # noqa: E402  (modules build their Language from the class above)

LANGUAGES: dict[str, Language] = {"id": id.LANGUAGE, "en": en.LANGUAGE}
DEFAULT = "id"
