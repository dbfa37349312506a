"""`warta report`: run every walkthrough notebook headless and keep what it exports.

    warta report [--corpus PATH] [--out DIR]

Each `notebooks/NN-*.py` (jupytext py:percent) is turned into a notebook in memory and
executed by papermill in a fresh kernel. Executed notebooks land in `OUT/notebooks/`,
exported figures (PNG, SVG, HTML, CSV, JSON provenance) in `OUT/figures/`. If a notebook
fails, the others still run, the failure is named, and the exit status is 1.

Notebook convention (every walkthrough follows it, see `notebooks/00-corpus.py`):

- the first code cell is tagged `parameters` and holds `corpus_path = None` (None means
  `helpers.SEEDS`) and `export_dir = None`; papermill injects the real values after it;
- the notebook builds a `helpers.FilterPanel` named `panel`;
- the last cell is `if export_dir: panel.export(out_dir=export_dir)`.
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from helpers._paths import PROJ_ROOT, SEEDS

NOTEBOOKS = PROJ_ROOT / "notebooks"
NOTEBOOK_GLOB = "[0-9][0-9]-*.py"


def find_notebooks(folder: Path = NOTEBOOKS, only: str | None = None) -> list[Path]:
    """The walkthrough notebooks in run order (`NN-name.py`), optionally those matching `only`."""
    found = sorted(folder.glob(NOTEBOOK_GLOB))
    if only:
        found = [p for p in found if fnmatch.fnmatch(p.stem, only) or p.stem.startswith(only)]
    return found


def run_notebook(source: Path, *, corpus: Path | None, out: Path, timeout: int = 600) -> Path:
    """Execute one jupytext notebook with papermill; return the executed `.ipynb` path."""
    import jupytext
    import papermill

    nb = jupytext.read(source)
    # A py:percent file without a jupytext header names no kernel; papermill needs one.
    nb.metadata.setdefault(
        "kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"}
    )
    nb.metadata.setdefault("language_info", {"name": "python"})
    target = out / "notebooks" / f"{source.stem}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        nb,
        str(target),
        parameters={
            "corpus_path": str(corpus) if corpus is not None else None,
            "export_dir": str(out / "figures"),
        },
        kernel_name="python3",
        cwd=str(source.parent),
        progress_bar=False,
        execution_timeout=timeout,
    )
    return target


def report(
    *,
    corpus: Path | None,
    out: Path,
    notebooks: Path = NOTEBOOKS,
    only: str | None = None,
) -> int:
    """Run the notebooks; print one line per notebook; return the exit status."""
    import papermill

    if corpus is not None and not corpus.exists():
        print(f"warta report: corpus {corpus} does not exist", file=sys.stderr)
        return 2
    found = find_notebooks(notebooks, only)
    if not found:
        print(f"warta report: no notebooks {NOTEBOOK_GLOB!r} in {notebooks}", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    (out / "figures").mkdir(exist_ok=True)
    failed: list[str] = []
    for source in found:
        start = time.perf_counter()
        try:
            target = run_notebook(source, corpus=corpus, out=out)
        except papermill.PapermillExecutionError as err:
            failed.append(source.name)
            executed = out / "notebooks" / f"{source.stem}.ipynb"
            print(
                f"FAILED {source.name}: cell {err.exec_count}: {err.ename}: {err.evalue}\n"
                f"       the executed notebook with the traceback: {executed}",
                file=sys.stderr,
            )
            continue
        except Exception as err:  # a notebook that cannot even start is a failure too
            failed.append(source.name)
            print(f"FAILED {source.name}: {type(err).__name__}: {err}", file=sys.stderr)
            continue
        print(f"ok     {source.name} ({time.perf_counter() - start:.1f} s) -> {target}")
    figures = sorted((out / "figures").iterdir())
    print(
        f"{len(found) - len(failed)} of {len(found)} notebooks ran; {len(figures)} files in "
        f"{out / 'figures'}"
    )
    if failed:
        print(f"warta report: {len(failed)} notebook(s) failed: {failed}", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `warta` console command."""
    parser = argparse.ArgumentParser(prog="warta", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rep = commands.add_parser(
        "report",
        help="run every notebook headless and export its figures",
        description="Execute notebooks/NN-*.py headless (papermill) on a corpus; keep the "
        "executed notebooks in OUT/notebooks and the exported figures in OUT/figures.",
    )
    rep.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help=f"corpus file or folder (default: {SEEDS.relative_to(PROJ_ROOT)}/)",
    )
    rep.add_argument(
        "--out", type=Path, default=Path("reports"), help="output folder (default: reports/)"
    )
    rep.add_argument(
        "--notebooks",
        type=Path,
        default=NOTEBOOKS,
        help="folder holding the NN-*.py notebooks (default: notebooks/)",
    )
    rep.add_argument(
        "--only",
        default=None,
        help="run only notebooks whose name starts with or matches this, e.g. 00",
    )
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve() if args.corpus is not None else None
    return report(
        corpus=corpus, out=args.out.resolve(), notebooks=args.notebooks.resolve(), only=args.only
    )


if __name__ == "__main__":
    raise SystemExit(main())
