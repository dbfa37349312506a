"""Metadata from an article's own text: dateline, outlet, wire, publication time, event date.

Each value comes with where it came from (`text`, `metadata` or `inferred`) and the
evidence, so a researcher can check any of them in the `extracted` table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from helpers.corpus.clean import Cleaned
from helpers.corpus.dates import RelativeDate, find_relative_dates, find_timestamps, url_date
from helpers.corpus.outlets import Outlet, OutletRegistry, split_url
from helpers.corpus.sentences import split_spans
from helpers.lang import Language

_PLACE = r"[A-Z][\w.'’-]*(?:[ ][A-Z][\w.'’-]*){0,3}"


_LEADING_DASHES = re.compile(r"^[\s\-–—]+")


@dataclass
class Fact:
    """One extracted value with its provenance."""

    value: object
    source: str  # "text", "metadata" or "inferred"
    evidence: str


@dataclass
class Dateline:
    text: str
    place: str | None
    credits: tuple[str, ...]  # (ANTARA, Xinhua) for `(ANTARA/Xinhua)`; (SinPo.id,) for `SinPo.id -`
    self_named: bool  # `SinPo.id -`: the outlet naming itself, not an agency credit


@cache
def _dateline_res(markers: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two dateline forms, for the registry's marker alternation.

    Keyed by the alternation, not the registry: a registry hashes all its outlets on every
    call, a string computes its hash once.
    """
    credit = re.compile(
        rf"^(?P<place>{_PLACE}(?:,\s*{_PLACE})?)(?:,\s*(?P<when>\w+\.?\s+\d{{1,2}}))?\s*"
        r"\((?P<credit>[A-Z][\w .&/,+-]{0,40})\)\s*[-–—]+\s*"
    )
    named = re.compile(
        rf"^(?:(?P<place>{_PLACE}),\s*)?(?P<marker>(?i:{markers}))(?:,\s*(?P<place2>{_PLACE}))?\s*[-–—]+\s+"
    )
    return credit, named


def find_dateline(paragraph: str, registry: OutletRegistry) -> Dateline | None:
    """The dateline opening a paragraph: `Beijing (ANTARA) -`, `SinPo.id -`, `Jakarta, CNN Indonesia --`.

    >>> from helpers.corpus.outlets import load_registry
    >>> d = find_dateline("Beijing, China (Xinhua) – China dan Rusia", load_registry())
    >>> d.place, d.credits, d.text
    ('Beijing, China', ('Xinhua',), 'Beijing, China (Xinhua) –')
    >>> find_dateline("SinPo.id -  Presiden China", load_registry()).credits
    ('SinPo.id',)
    """
    credit_re, named_re = _dateline_res(registry.dateline_pattern)
    m = credit_re.match(paragraph)
    if m:
        credits = tuple(c.strip() for c in re.split(r"[/,+]| dan | and ", m["credit"]) if c.strip())
        return Dateline(m.group(0).strip(), m["place"], credits, self_named=False)
    m = named_re.match(paragraph)
    if m:
        return Dateline(
            m.group(0).strip(), m["place"] or m["place2"], (m["marker"],), self_named=True
        )
    return None


@dataclass
class Extraction:
    """What one article says about itself; the loader turns it into a row."""

    title: Fact | None = None
    dateline: Dateline | None = None
    outlet: Fact | None = None
    wire: Fact | None = None
    published: Fact | None = None
    published_year: Fact | None = None
    event: tuple[RelativeDate, str] | None = None  # the stated date and its sentence
    facts: dict[str, Fact] = field(default_factory=dict)


def _registry_outlet(registry: OutletRegistry, name: str | None) -> Outlet | None:
    return registry.get(name) if name else None


def _domain_name(url: str | None) -> str | None:
    host, _ = split_url(url)
    return host or None


def extract(
    cleaned: Cleaned,
    *,
    registry: OutletRegistry,
    language: Language,
    record_title: str | None = None,
    record_date: str | None = None,
    record_outlet: str | None = None,
    record_url: str | None = None,
    meta_from: str = "metadata",
) -> Extraction:
    """Everything the article's text and its record say about outlet, wire, dates and title."""
    out = Extraction()
    paragraphs = cleaned.paragraphs

    # Title: the record's (or page's) own title beats a first line that looks like one.
    fm = cleaned.front_matter
    if record_title or fm.get("title"):
        out.title = Fact((record_title or fm["title"]).strip(), "metadata" if not record_title else meta_from,
                         "front matter" if not record_title else "title field")  # fmt: skip
    elif cleaned.title:
        out.title = Fact(cleaned.title, "text", "first line")

    # Dateline, then take it off the first paragraph: it is metadata, and outlets differ in it.
    # A lead or summary line may come before it, so look in the first few paragraphs.
    for index, paragraph in enumerate(paragraphs[:3]):
        dateline = find_dateline(paragraph, registry)
        if dateline:
            out.dateline = dateline
            rest = _LEADING_DASHES.sub("", paragraph[len(dateline.text) :])
            cleaned.removed.append((dateline.text, "dateline (moved to dateline)"))
            if rest:
                paragraphs[index] = rest
            else:
                paragraphs.pop(index)
            break

    out.outlet = _outlet(
        out, cleaned, registry, record_outlet, record_url or fm.get("url"), meta_from
    )
    out.wire = _wire(out, cleaned, registry)

    # Publication time: the record's date, a timestamp line, then a date in the article URL.
    url = record_url or fm.get("url")
    raw_date = record_date or fm.get("date") or fm.get("published")
    if raw_date:
        stamps = find_timestamps(str(raw_date), language) or find_timestamps(
            str(raw_date), _english()
        )
        if stamps:
            out.published = Fact(
                stamps[0].value,
                meta_from if record_date else "metadata",
                f"date field {raw_date!r}",
            )
    if out.published is None and cleaned.stamps:
        out.published = Fact(cleaned.stamps[0].value, "text", cleaned.stamps[0].text)
    if out.published is None and url:
        value = url_date(url)
        if value is not None:
            out.published = Fact(value, "inferred", f"date in the article URL {url}")
    if out.published is not None:
        out.published_year = Fact(
            out.published.value.year, out.published.source, out.published.evidence
        )
    elif cleaned.copyright_year:
        line = next((c for c in cleaned.copyright if str(cleaned.copyright_year) in c), "")
        out.published_year = Fact(cleaned.copyright_year, "text", line)

    out.event = _event(paragraphs, language)
    return out


@cache
def _english() -> Language:
    from helpers.lang import get

    return get("en")


def _outlet(out: Extraction, cleaned: Cleaned, registry: OutletRegistry, record_outlet: str | None,
            url: str | None, meta_from: str) -> Fact | None:  # fmt: skip
    """Strongest signal first: the record, the article's URL, the outlet naming itself in text."""
    if record_outlet:
        outlet = _registry_outlet(registry, record_outlet)
        return Fact(
            outlet.name if outlet else record_outlet.strip(),
            meta_from,
            f"outlet field {record_outlet!r}",
        )
    if url:
        outlet = registry.for_url(url)
        name = outlet.name if outlet else _domain_name(url)
        if name:
            return Fact(name, meta_from, f"article URL {url}")
    dateline = out.dateline
    if dateline and dateline.self_named:
        outlet = _registry_outlet(registry, dateline.credits[0])
        if outlet:
            return Fact(outlet.name, "text", f"dateline {dateline.text!r}")
    copyright_outlets = [o for line in cleaned.copyright for m in registry.mention_re.finditer(line)
                         if (o := registry.get(m.group(0)))]  # fmt: skip
    credited = (
        _registry_outlet(registry, dateline.credits[0]) if dateline and dateline.credits else None
    )
    if copyright_outlets:
        return Fact(copyright_outlets[0].name, "text", cleaned.copyright[0])
    for link in cleaned.urls:
        outlet = registry.for_url(link)
        if outlet and (credited is None or outlet is not credited or not outlet.is_agency):
            return Fact(outlet.name, "text", f"the outlet's own domain in {link}")
    if credited:
        # `Beijing (Xinhua) -` credits the copy; with nothing else, its agency is the likeliest publisher.
        return Fact(credited.name, "inferred", f"dateline credit {dateline.text!r}")
    return None


def _wire(out: Extraction, cleaned: Cleaned, registry: OutletRegistry) -> Fact | None:
    """The agency whose copy this is: a credit line naming one, then the dateline's credit."""
    outlet_name = out.outlet.value if out.outlet else None
    for column in ("byline", "credit_source"):
        value = cleaned.credits.get(column)
        for m in registry.mention_re.finditer(value or ""):
            agency = registry.get(m.group(0))
            if agency and agency.is_agency and agency.name != outlet_name:
                label = "Pewarta/byline" if column == "byline" else "source credit"
                return Fact(agency.name, "text", f"{label} {value!r}")
    if out.dateline and not out.dateline.self_named:
        agencies = [a for c in out.dateline.credits if (a := registry.get(c)) and a.is_agency]
        # `(ANTARA/Xinhua)`: the outlet's own name first, the agency it relays second.
        for agency in agencies:
            if agency.name != outlet_name:
                return Fact(agency.name, "text", f"dateline {out.dateline.text!r}")
        if agencies and out.outlet is not None and out.outlet.source == "inferred":
            return Fact(agencies[0].name, "text", f"dateline {out.dateline.text!r}")
    return None


def _event(paragraphs: list[str], language: Language) -> tuple[RelativeDate, str] | None:
    """The first stated date in the body, with the sentence it sits in (the evidence)."""
    for paragraph in paragraphs:
        found = find_relative_dates(paragraph, language, first=True)
        if found:
            rel = found[0]
            for s, e in split_spans(paragraph, language):
                if s <= rel.span[0] < e:
                    return rel, paragraph[s:e]
            return rel, paragraph
    return None
