"""Hostile article text for display tests: payloads that would run if shown as markup.

`write_hostile_corpus(folder)` writes a small corpus (`.jsonl` records and a `.txt` file)
whose titles, outlets, URLs and text carry the payloads; the unit tests and the browser
test load it with `helpers.load_corpus`. `rendered_strings(fig)` lists every string plotly
would render as (pseudo-)HTML, and `unescaped(text)` what of it is markup from the data.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
IMG_FLAG = '<img src=x onerror="window.__xss=1">'  # sets a flag the browser test reads
SVG = '"><svg onload=alert(1)>'
JS_URL = "javascript:alert(1)"
ENTITY = "&lt;b&gt;bold&lt;/b&gt;"  # must show as these characters, not as <b>bold</b>
PAYLOADS = (SCRIPT, IMG, IMG_FLAG, SVG, JS_URL, ENTITY)
FORMULAS = ('=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR")

RECORDS = [
    {
        "id": "h1",
        "title": f"{SCRIPT} Xi dan Putin",
        "outlet": IMG_FLAG,
        "url": JS_URL,
        "date": "2025-01-21",
        "language": "id",
        "text": (
            f"Presiden Xi Jinping bertemu Presiden Putin di Beijing pada Selasa (21/1). {IMG_FLAG} "
            "Kedua pemimpin membahas kerja sama.\n\n"
            f"Mereka juga menyebut {SVG} dan {ENTITY} serta {JS_URL} dalam pernyataan bersama."
        ),
    },
    {
        "id": "h2",
        "title": f"{SVG} {ENTITY}",
        "outlet": "ANTARA",
        "date": "2025-01-22",
        "language": "id",
        "text": (
            f"{FORMULAS[0]} Menteri Luar Negeri China berbicara tentang kerja sama strategis "
            f"dengan Rusia pada Rabu (22/1). {SCRIPT}"
        ),
    },
    {
        "id": "h3",
        "title": f"{IMG} {JS_URL}",
        "outlet": "Xinhua",
        "date": "2025-02-03",
        "language": "id",
        "text": f"Beijing (Xinhua) - Kerja sama terus berlanjut pada Senin (3/2). {IMG}",
    },
]
TXT = (
    f"{SCRIPT} judul berita\n\n"
    f"Jakarta (ANTARA) - Presiden {IMG} bertemu pada Senin (20/1/2025). "
    f"Kerja sama {ENTITY} terus berlanjut.\n"
)


def write_hostile_corpus(folder: Path) -> Path:
    """Write the hostile corpus into `folder` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    (folder / "hostile.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "hostile-title.txt").write_text(TXT, encoding="utf-8")
    return folder


# plotly's pseudo-HTML that builders write themselves (never from data)
_OWN_TAGS = re.compile(
    r"</?(?:b|i|em|br|sub|sup)\s*/?>|<span style='[^'<>]*'>|<span style=\"[^\"<>]*\">|</span>"
)
# keys whose strings plotly.js renders as pseudo-HTML (hover, legend, ticks, cells, titles)
_RENDERED = {"name", "text", "hovertext", "x", "y", "values", "ticktext", "labels", "title"}


def rendered_strings(fig: Any) -> list[str]:
    """Every string of a figure that plotly renders as text (the template left out)."""
    spec = fig.to_plotly_json()
    found: list[str] = []

    def strings(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key in _RENDERED or key == "text":
                    strings(item)
                elif isinstance(item, dict | list | tuple):
                    walk(item)
        elif isinstance(value, list | tuple) or hasattr(value, "tolist"):
            for item in value.tolist() if hasattr(value, "tolist") else value:
                strings(item)

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "template":
                    continue
                if key in _RENDERED:
                    strings(item)
                else:
                    walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(spec.get("data", []))
    walk(spec.get("layout", {}))
    return found


def unescaped(text: str) -> list[str]:
    """Markup in `text` that the builder did not write: raw `<...` from the data."""
    return re.findall(r"<[^<]{0,40}", _OWN_TAGS.sub("", text))


def shown(text: str) -> str:
    """What a reader sees: the builder's own tags dropped, entities decoded once."""
    return html.unescape(_OWN_TAGS.sub(" ", text))
