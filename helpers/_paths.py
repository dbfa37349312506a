"""Paths resolve from the package, never from the working directory."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
PROJ_ROOT = PACKAGE.parent
DATA = PACKAGE / "data"  # user-editable registry and lexicon shipped with the package
SEEDS = PROJ_ROOT / "seeds"  # the embedded default corpus (read-only input)
