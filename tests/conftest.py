"""Shared fixtures: the real seeds loaded once, and a factory for small hand-written corpora."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

import helpers

# Property tests explore the same examples on every run: the suite stays deterministic, and a
# failure seen once is seen again. (`HYPOTHESIS_PROFILE=explore` searches afresh.)
settings.register_profile("warta", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "warta"))

SEED_IDS = {
    "000": "000_64efa9b70f30cce7",
    "001": "001_4d87d62ba9b3d208",
    "002": "002_cdb469190e8d3993",
    "003": "003_1bb352efa15facdf",
    "004": "004_d0a3107088f248db",
}


@pytest.fixture(scope="session")
def seeds_corpus() -> helpers.Corpus:
    """The five seed articles, loaded once per test session (treat as read-only)."""
    return helpers.load_corpus(helpers.SEEDS)


@pytest.fixture(scope="session")
def seed_ids() -> dict[str, str]:
    """Short names ("000".."004") to the seeds' article ids."""
    return SEED_IDS


@pytest.fixture
def write_files(tmp_path: Path):
    """Write {relative name: str | bytes} under a fresh folder and return the folder."""

    def write(files: dict[str, str | bytes], folder: str = "corpus") -> Path:
        root = tmp_path / folder
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return write
