"""Loader: cold parse vs plain reading, warm re-open through the Parquet cache, peak memory."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import files


def _read_all(paths: list[Path]) -> int:
    total = 0
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            total += len(fh.read())
    return total


def _timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


_MEMORY_PROBE = """
import json, sys
import helpers, pandas, pyarrow  # imports are not the corpus: measure from here
from helpers.corpus import loader, parse, formats  # noqa
helpers.load_corpus(helpers.SEEDS).subset([])  # every module and pool warmed: measure the corpus only
def rss_kb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1])
try:  # reset the high-water mark, so the peak is this load's, not the imports'
    open("/proc/self/clear_refs", "w").write("5")
except OSError:
    pass
before = rss_kb("VmRSS:")
corpus = helpers.load_corpus(sys.argv[1], cache=sys.argv[2])  # the cache is warm: assembly only
after = rss_kb("VmHWM:")
text = int(corpus.articles["text"].str.len().sum())
print(json.dumps({"before_kb": before, "after_kb": after, "text_chars": text}))
"""


def run(n: int, folder: Path) -> list[dict]:
    import helpers

    paths = files(folder)
    _read_all(paths)  # warm the page cache so that both sides read from memory
    read_s, chars = _timed(_read_all, paths)
    with tempfile.TemporaryDirectory() as cache:
        # A user's first open: parse and extract everything, and write the Parquet cache.
        cold_s, corpus = _timed(helpers.load_corpus, folder, cache=cache)
        warm_s, warm = _timed(helpers.load_corpus, folder, cache=cache)
        assert len(warm.articles) == len(corpus.articles)
        del warm
        # Peak memory of a session holding the whole corpus: one process, every frame built.
        probe = subprocess.run([sys.executable, "-c", _MEMORY_PROBE, str(folder), cache],
                               capture_output=True, text=True, check=True)  # fmt: skip
    mb = chars / 1e6
    rows = [
        {"figure": "read files (open().read(), 1 process)", "n": n, "value": read_s, "unit": "s"},
        {"figure": "cold load (parse + extract on all cores, cache written)", "n": n, "value": cold_s,
         "unit": "s", "baseline": read_s, "ratio": cold_s / read_s, "target": "<= 10x read",
         "met": cold_s / read_s <= 10},
        {"figure": "cold load throughput", "n": n, "value": len(corpus.articles) / cold_s, "unit": "articles/s"},
        {"figure": "cold load throughput (text)", "n": n, "value": mb / cold_s, "unit": "MB/s"},
    ]  # fmt: skip
    rows.append({"figure": "warm re-open (Parquet cache)", "n": n, "value": warm_s, "unit": "s",
                 "baseline": cold_s, "ratio": cold_s / warm_s, "target": "<= 3 s and >= 10x faster than cold",
                 "met": warm_s <= 3 and cold_s / warm_s >= 10})  # fmt: skip
    mem = json.loads(probe.stdout.strip().splitlines()[-1])
    grown = (mem["after_kb"] - mem["before_kb"]) * 1024
    text_bytes = mem["text_chars"]
    rows.append({"figure": "peak memory growth opening the corpus / text size", "n": n, "value": grown / 1e6,
                 "unit": "MB", "baseline": text_bytes / 1e6, "ratio": grown / max(text_bytes, 1),
                 "target": "<= 4x text", "met": grown <= 4 * text_bytes})  # fmt: skip
    return rows
