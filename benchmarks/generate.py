"""A synthetic corpus of N articles, recombined from the seeds, so that every loader path runs.

Each article takes seed sentences in a new order, an outlet with its own dateline style,
a publication date and a matching relative event date (`pada Selasa (21/1)`), and the
furniture real pages carry: titles, `Laporan:` and timestamp lines, `Baca Juga:` links,
markdown images on the outlet's media domain, credit and copyright lines. Most files are
`.txt`; a share are Markdown with front matter, HTML pages and JSON Lines batches.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import shutil
from pathlib import Path

import helpers
from helpers.lang import get

VERSION = "1"
ROOT = Path(__file__).resolve().parent / "corpora"

# outlet -> (dateline template, media domain)
OUTLETS = [
    ("ANTARA", "Beijing (ANTARA) - ", "img.antaranews.com"),
    ("SinPo.id", "SinPo.id - ", "sinpo.id"),
    ("Suara.com", "", "media.suara.com"),
    ("CNN Indonesia", "Jakarta, CNN Indonesia -- ", "akcdn.detik.net.id"),
    ("Kompas", "JAKARTA, KOMPAS.com - ", "asset.kompas.com"),
    ("Liputan6", "Liputan6.com, Jakarta - ", "cdn1-production-images-kly.akamaized.net"),
    ("Xinhua", "Beijing, China (Xinhua) – ", "indonesian.news.cn"),
    ("Tempo", "TEMPO.CO, Jakarta - ", "statik.tempo.co"),
]
WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember"]  # fmt: skip


def _sentences() -> list[str]:
    corpus = helpers.load_corpus(helpers.SEEDS)
    return [s for s in corpus.sentences["text"] if len(s.split()) >= 6]


def _article(rng: random.Random, pool: list[str], i: int) -> tuple[str, dict]:
    outlet, dateline, media = OUTLETS[rng.randrange(len(OUTLETS))]
    published = dt.datetime(2020, 1, 1) + dt.timedelta(minutes=rng.randrange(6 * 365 * 24 * 60))
    event = published.date() - dt.timedelta(days=rng.choice([0, 1, 1, 2]))
    picked = rng.sample(pool, rng.randint(6, 16))
    lead = picked[0].rstrip(".")
    picked[0] = f"{lead} pada {WEEKDAYS[event.weekday()]} ({event.day}/{event.month})."
    paragraphs = [" ".join(picked[j : j + 2]) for j in range(0, len(picked), 2)]
    paragraphs[0] = dateline + paragraphs[0]
    if rng.random() < 0.5:
        paragraphs.insert(rng.randint(1, len(paragraphs)), "Baca Juga: " + rng.choice(pool)[:60])
    if rng.random() < 0.3:
        paragraphs.insert(1, f"![Foto {i} [Xinhua]](https://{media}/pictures/{i}.jpg)")
    title = " ".join(picked[1].split()[:8]).rstrip(",.")
    stamp = f"{WEEKDAYS[published.weekday()]}, {published.day} {MONTHS[published.month - 1]} {published.year} | {published:%H:%M} WIB"
    header = [title, "", "Laporan: Tim Redaksi", stamp, ""]
    footer = ["", "Editor: Redaksi " + str(i % 50)]
    if outlet == "ANTARA":
        footer += ["Pewarta: Xinhua", f"Copyright © ANTARA {published.year}"]
    if rng.random() < 0.2:
        footer += ["BERITALAINNYA", "BERITATERKINI"]
    text = "\n".join(header) + "\n\n".join(paragraphs) + "\n" + "\n".join(footer) + "\n"
    meta = {
        "title": title,
        "published": published.isoformat(),
        "outlet": outlet,
        "body": "\n\n".join(paragraphs),
    }
    return text, meta


def generate(n: int, *, seed: int = 20250121, root: Path = ROOT) -> Path:
    """Write (or reuse) a corpus of `n` articles; returns its folder."""
    final = root / f"n{n}-s{seed}-v{VERSION}"
    if (final / ".complete").exists():
        return final
    # Write under a private name and rename at the end: two runs at once never see half a corpus.
    folder = root / f".{final.name}.{os.getpid()}"
    if folder.exists():
        shutil.rmtree(folder)
    rng = random.Random(seed)
    pool = _sentences()
    batch: list[str] = []
    for i in range(n):
        text, meta = _article(rng, pool, i)
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        kind = i % 100
        name = f"{i:06d}-{hashlib.blake2b(str(i).encode(), digest_size=4).hexdigest()}"
        if kind < 2:  # JSON Lines, written in batches
            batch.append(json.dumps({"id": name, "text": meta["body"], "title": meta["title"],
                                     "published": meta["published"], "outlet": meta["outlet"]}))  # fmt: skip
            if len(batch) >= 20:
                (sub / f"{name}.jsonl").write_text("\n".join(batch) + "\n", encoding="utf-8")
                batch = []
        elif kind < 5:
            front = f"---\ntitle: {meta['title']}\ndate: {meta['published']}\n---\n"
            (sub / f"{name}.md").write_text(front + meta["body"] + "\n", encoding="utf-8")
        elif kind < 7:
            body = "".join(f"<p>{p}</p>" for p in meta["body"].split("\n\n"))
            page = (f"<html><head><title>{meta['title']}</title><meta property='article:published_time' "
                    f"content='{meta['published']}'></head><body><nav>Beranda Dunia</nav><article><h1>"
                    f"{meta['title']}</h1>{body}</article><footer>Copyright</footer></body></html>")  # fmt: skip
            (sub / f"{name}.html").write_text(page, encoding="utf-8")
        else:
            (sub / f"{name}.txt").write_text(text, encoding="utf-8")
    if batch:
        (folder / "rest.jsonl").write_text("\n".join(batch) + "\n", encoding="utf-8")
    get("id")  # fail early if the language tables are broken
    (folder / ".complete").write_text("ok\n")
    try:
        folder.rename(final)
    except OSError:  # another run finished first: keep its corpus, drop ours
        shutil.rmtree(folder, ignore_errors=True)
    return final


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


if __name__ == "__main__":
    import sys

    print(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
