from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SEED = DATA / "xiwanglu-2022-performance-goals.txt"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_doc():
    """The seed document, read once per session. Tests must not mutate it."""
    from jixiao.core.formats import read

    return read(SEED)


@pytest.fixture
def seed():
    """A fresh copy of the seed document that a test may change."""
    from jixiao.core.formats import read

    return read(SEED)
