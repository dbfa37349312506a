"""Separating an article's text from the furniture around it.

`clean(text, language)` splits a plain-text or Markdown article into its title, header
lines, body paragraphs and credit lines. Nothing is dropped silently: every line that does
not reach `text` is listed in `removed` with the reason, and credit lines (`Pewarta:`,
`Editor:`, `Laporan:`) land in `credits`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from helpers.corpus.dates import Stamp, copyright_year, timestamp_line
from helpers.lang import Language

_MD_IMAGE = re.compile(
    r"!\[(?P<alt>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)"
)
_MD_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
_BARE_URL = re.compile(r"https?://[^\s)\]>\"']+")
_FURNITURE = re.compile(
    r"(?i)^\s*berita\s*(?:lainnya|terkini|terkait|populer|pilihan)\s*$|^\s*(?:related|more)\s+(?:news|stories)\s*$"
)
_FURNITURE_REASON = "section furniture (related-news block)"
_TERMINAL = tuple(".!?…\"”'’)»:;")
# Lines every language treats as furniture.
_UNIVERSAL = (
    (re.compile(r"^\s*(?:copyright|hak\s+cipta)\b|^\s*©"), "copyright line"),
    (re.compile(r"^\s*[-_=*•·~]{3,}\s*$"), "separator line"),
)


@cache
def _furniture_re(language: Language) -> tuple[re.Pattern[str], dict[str, str]]:
    """`_FURNITURE`, the language's boilerplate, then `_UNIVERSAL`, as one anchored pattern.

    Alternatives are tried in order and the first that matches wins, so one match per line
    names the same reason as trying the patterns one after another; the group says which.
    """
    alternatives = [f"(?P<f>(?i:{_FURNITURE.pattern.removeprefix('(?i)')}))"]
    reasons = {"f": _FURNITURE_REASON}
    for i, (pattern, reason) in enumerate(language.boilerplate):
        alternatives.append(f"(?P<b{i}>(?i:{pattern}))")
        reasons[f"b{i}"] = reason
    for i, (rx, reason) in enumerate(_UNIVERSAL):
        alternatives.append(f"(?P<u{i}>{rx.pattern})")
        reasons[f"u{i}"] = reason
    return re.compile("|".join(alternatives)), reasons


@cache
def _by_labels(language: Language) -> tuple[str, ...]:
    """The credit labels ending in `by` (`Reporting by`), each with the space that follows it."""
    return tuple(k + " " for k in language.credit_labels if k.endswith(" by"))


@dataclass
class Cleaned:
    """The parts of one article found by `clean`."""

    paragraphs: list[str] = field(default_factory=list)
    title: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)  # (line, reason)
    credits: dict[str, str] = field(default_factory=dict)  # byline, editor, translator, ...
    stamps: list[Stamp] = field(
        default_factory=list
    )  # publication timestamps on lines of their own
    copyright: list[str] = field(default_factory=list)  # copyright lines, for outlet and year
    copyright_year: int | None = None
    urls: list[str] = field(default_factory=list)  # image and link addresses (outlet domains)
    captions: list[str] = field(default_factory=list)
    front_matter: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _front_matter(lines: list[str], out: Cleaned) -> list[str]:
    """`---`-fenced `key: value` lines at the top of a Markdown file."""
    if not lines or lines[0].strip() != "---":
        return lines
    for end in range(1, min(len(lines), 60)):
        if lines[end].strip() in ("---", "..."):
            for line in lines[1:end]:
                key, sep, value = line.partition(":")
                if sep and key.strip():
                    out.front_matter[key.strip().lower()] = value.strip().strip("\"'")
            out.removed.append(("\n".join(lines[: end + 1]), "front matter (moved to metadata)"))
            return lines[end + 1 :]
    return lines


@cache
def _longest_label(language: Language) -> int:
    return max(map(len, language.credit_labels), default=0)


def _credit(line: str, language: Language) -> tuple[str, str] | None:
    label, sep, value = line.partition(":")
    label = label.strip()
    # Lower-casing never shortens a string, so a longer label cannot be one of them (and a
    # body paragraph with a colon late in it is not lower-cased for nothing).
    known = sep and len(label) <= _longest_label(language)
    column = language.credit_labels.get(label.lower()) if known else None
    if column is None:  # `Reporting by Jane Doe`: English credits need no colon
        by_labels = _by_labels(language)
        lowered = line.lower() if by_labels else ""
        if not by_labels or not lowered.startswith(by_labels):
            return None
        label = next(k for k in by_labels if lowered.startswith(k))[:-1]
        column, value = language.credit_labels[label], line[len(label) + 1 :]
    value = value.strip()
    if column is None or not value or len(value) > 80:
        return None
    return column, value


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(_TERMINAL)


def clean(text: str, language: Language, *, markdown: bool = False) -> Cleaned:
    """Split raw article text into title, body paragraphs, credits and what was removed.

    >>> from helpers.lang import get
    >>> c = clean("Judul Berita\\n\\nBaca Juga: Lain\\nIsi berita ini panjang dan lengkap.\\nEditor: Santoso", get("id"))
    >>> c.title, c.paragraphs, c.credits, [r for _, r in c.removed]
    ('Judul Berita', ['Isi berita ini panjang dan lengkap.'], {'editor': 'Santoso'}, ['related-link line (Baca Juga)', 'credit line (moved to editor)', 'title (moved to title)'])
    """
    out = Cleaned()
    if "\r" in text:  # a one-character test is cheaper than a replace that finds nothing
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\ufeff" in text:
        text = text.replace("\ufeff", "")
    lines = text.split("\n")
    lines = _front_matter(lines, out)
    body: list[str | None] = []  # None marks a paragraph break
    after_furniture = False
    furniture_re, reasons = _furniture_re(language)
    # Without a colon only a `... by` label makes a credit line (none in some languages).
    by_labels = _by_labels(language)
    for raw in lines:
        line = raw.strip()
        if not line:
            body.append(None)
            continue
        # Images: the address names the outlet's media domain; the alt text is a caption.
        # One-character tests first: `str.find` is fastest for a single character.
        images = list(_MD_IMAGE.finditer(line)) if "[" in line and "![" in line else []
        if images:
            for m in images:
                out.urls.append(m["url"])
                if m["alt"].strip():
                    out.captions.append(m["alt"].strip())
            rest = _MD_IMAGE.sub("", line).strip()
            if not rest:
                out.removed.append(
                    (raw.strip(), "markdown image (caption and address kept as metadata)")
                )
                continue
            out.removed.append(("".join(m.group(0) for m in images), "inline markdown image"))
            line = rest
        if "]" in line and "](" in line:
            out.urls.extend(m["url"] for m in _MD_LINK.finditer(line))
            line = _MD_LINK.sub(lambda m: m["text"], line)
        if ":" in line and "://" in line:
            out.urls.extend(_BARE_URL.findall(line))
        heading = _MD_HEADING.match(line) if markdown or line.startswith("#") else None
        if heading:
            if out.title is None:
                out.title = heading["title"].strip()
                out.removed.append((raw.strip(), "title (moved to title)"))
                continue
            line = heading["title"].strip()
        furniture = furniture_re.match(line)
        if furniture and furniture.lastgroup == "f":
            out.removed.append((line, _FURNITURE_REASON))
            after_furniture = True
            continue
        if furniture:
            reason = reasons[furniture.lastgroup]
            if reason == "copyright line":
                out.copyright.append(line)
                out.copyright_year = out.copyright_year or copyright_year(line)
            out.removed.append((line, reason))
            continue
        credit = _credit(line, language) if by_labels or ":" in line else None
        if credit:
            column, value = credit
            out.credits.setdefault(column, value)
            out.removed.append((line, f"credit line (moved to {column})"))
            continue
        stamp = timestamp_line(line, language)
        if stamp:
            out.stamps.append(stamp)
            out.removed.append((line, "publication timestamp (moved to published)"))
            continue
        if after_furniture and not _ends_sentence(line) and _n_words(line, 21) <= 20:
            out.removed.append((line, "related headline after a related-news block"))
            continue
        body.append(line)
    _assemble(body, out)
    return out


def _assemble(body: list[str | None], out: Cleaned) -> None:
    """Lines to paragraphs; the title and header lines before the body come off the top."""
    blocks: list[list[str]] = [[]]
    for line in body:
        if line is None:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(line)
    paragraphs: list[str] = []
    for block in blocks:
        for position, line in enumerate(block):
            # A hard-wrapped line continues when it stops mid-sentence and the next starts lower-case.
            wrapped = position > 0 and line[:1].islower() and not _ends_sentence(paragraphs[-1])
            if wrapped:
                paragraphs[-1] = paragraphs[-1] + " " + line
            else:
                paragraphs.append(line)
    # Header zone: everything before the first line that reads like body text.
    first_body = next((i for i, p in enumerate(paragraphs) if _is_body(p)), len(paragraphs))
    header, rest = paragraphs[:first_body], paragraphs[first_body:]
    if rest and header:
        if out.title is None and _n_words(header[0], 26) <= 25:
            out.title = header[0]
            out.removed.append((header[0], "title (moved to title)"))
            header = header[1:]
        previous = None
        for line in header:
            reason = (
                "repeated line"
                if line == previous
                else "header line before the body (caption or kicker)"
            )
            out.removed.append((line, reason))
            if reason != "repeated line":
                out.captions.append(line)
            previous = line
        paragraphs = rest
    elif out.title is None and len(paragraphs) > 1 and _is_title(paragraphs[0]):
        out.title = paragraphs.pop(0)
        out.removed.append((out.title, "title (moved to title)"))
    out.paragraphs = paragraphs


def _n_words(line: str, enough: int) -> int:
    """The number of whitespace-separated words, or `enough` when there are at least that many.

    The checks only compare with a threshold, and a long paragraph need not be split whole.
    """
    return min(len(line.split(None, enough)), enough)


def _is_title(line: str) -> bool:
    return _n_words(line, 21) <= 20 and not line.rstrip().endswith((".", ",", ";", ":"))


def _is_body(line: str) -> bool:
    """Body text ends like a sentence and is long enough to be more than a caption."""
    return _ends_sentence(line) and _n_words(line, 8) >= 8
