"""`python -m benchmarks [--sizes 1000,10000,100000]`: run every benchmark, print and save the table."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
from pathlib import Path

from benchmarks import bench_load, bench_panel, bench_themes
from benchmarks.generate import generate

RESULTS = Path(__file__).resolve().parent / "results.md"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem_kb = int(
            next(
                ln
                for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")
            ).split()[1]
        )
        mem = f"{mem_kb / 1024**2:.0f} GiB"
    except (OSError, StopIteration):
        mem = "?"
    return f"{cpu}, {os.cpu_count()} cores, {mem} RAM, Python {platform.python_version()}, {platform.platform()}"


def fmt(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def table(rows: list[dict]) -> str:
    head = "| benchmark | articles | value | unit | baseline | ratio | target | met |\n|---|---:|---:|---|---:|---:|---|---|"
    lines = [head]
    for r in rows:
        lines.append("| " + " | ".join([str(r["figure"]), f"{r['n']:,}", fmt(r.get("value")), r.get("unit") or "",
                     fmt(r.get("baseline")), (fmt(r["ratio"]) + "x") if r.get("ratio") else "",
                     r.get("target") or "", fmt(r.get("met")) if r.get("met") is not None else ""]) + " |")  # fmt: skip
    return "\n".join(lines)


def themes(n: int, folder: Path) -> list[dict]:
    """Theme counting over the generated corpus's article texts."""
    import helpers

    texts = helpers.load_corpus(folder, cache=True).articles["text"].tolist()
    return [{**row, "n": n} for row in bench_themes.run(texts)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="corpus sizes, comma-separated"
    )
    parser.add_argument(
        "--only", default="", help="comma-separated benchmark names (load, themes, panel)"
    )
    parser.add_argument("--no-save", action="store_true", help="print only; leave results.md alone")
    parser.add_argument("--append", action="store_true", help="add this run's table to results.md")
    parser.add_argument(
        "--panels", default="", help="panel bench: which panels (00,01,02,03; default all)"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    chosen = tuple(p for p in args.panels.split(",") if p)

    def panels(n: int, folder: Path) -> list[dict]:
        return bench_panel.run(n, folder, panels=chosen or None)

    benches = {"load": bench_load.run, "themes": themes, "panel": panels}
    only = [b for b in args.only.split(",") if b]
    rows: list[dict] = []
    for n in sizes:
        print(f"generating {n:,} articles...", file=sys.stderr, flush=True)
        folder = generate(n)
        for name, bench in benches.items():
            if only and name not in only:
                continue
            print(f"  {name} at {n:,}...", file=sys.stderr, flush=True)
            rows.extend(bench(n, folder))
    out = table(rows)
    print(out)
    if args.append and RESULTS.exists():
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(f"\n## Run of {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC (`--sizes {args.sizes}"
                     f"{' --only ' + args.only if args.only else ''}"
                     f"{' --panels ' + args.panels if args.panels else ''}`)\n\n{out}\n")  # fmt: skip
    elif not args.no_save:
        RESULTS.write_text(
            f"# Benchmark results\n\nRun {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `make bench` on: {machine()}.\n"
            "Each ratio is against a baseline measured in the same run.\n\n" + out + "\n",
            encoding="utf-8",
        )
    return 0 if all(r.get("met") is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
