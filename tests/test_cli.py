"""`warta report`: notebooks run headless on a corpus, figures and executed notebooks land in OUT."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers import cli

WARTA = Path(sys.executable).with_name("warta")


@pytest.mark.notebook
def test_report_on_seeds(tmp_path):
    out = tmp_path / "report"
    run = subprocess.run(
        [str(WARTA), "report", "--corpus", "seeds", "--out", str(out), "--only", "00"],
        cwd=cli.PROJ_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "ok     00-corpus.py" in run.stdout
    executed = nbformat.read(out / "notebooks" / "00-corpus.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "export_dir" in injected[0].source
    suffixes = sorted(p.suffix for p in (out / "figures").iterdir())
    assert suffixes == [".csv", ".html", ".json", ".png", ".svg"]
    sidecar = json.loads(next((out / "figures").glob("*.json")).read_text())
    assert sidecar["figure"] == "articles-over-time"
    assert sidecar["corpus_articles"] == 5


@pytest.mark.notebook
def test_failing_notebook_exits_non_zero(tmp_path, capsys):
    books = tmp_path / "notebooks"
    books.mkdir()
    (books / "00-fine.py").write_text(
        '# %% tags=["parameters"]\ncorpus_path = None\nexport_dir = None\n\n# %%\nx = 1\n'
    )
    (books / "01-broken.py").write_text(
        '# %% tags=["parameters"]\ncorpus_path = None\nexport_dir = None\n\n'
        '# %%\nraise ValueError("this notebook is broken")\n'
    )
    status = cli.main(["report", "--notebooks", str(books), "--out", str(tmp_path / "out")])
    err = capsys.readouterr()
    assert status == 1
    assert "FAILED 01-broken.py" in err.err and "this notebook is broken" in err.err
    assert "ok     00-fine.py" in err.out
    assert (tmp_path / "out" / "notebooks" / "01-broken.ipynb").exists()


def test_bad_arguments(tmp_path, capsys):
    assert cli.main(["report", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert cli.main(["report", "--notebooks", str(tmp_path), "--out", str(tmp_path)]) == 2
    assert "no notebooks" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main([])


def test_notebooks_follow_the_convention():
    import jupytext

    for path in cli.find_notebooks():
        nb = jupytext.read(path)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert "parameters" in code[0].metadata.get("tags", []), path.name
        assert "corpus_path = None" in code[0].source and "export_dir = None" in code[0].source
        assert "panel.export(out_dir=export_dir)" in code[-1].source, path.name
