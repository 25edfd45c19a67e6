from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Tests never assert timings: Hypothesis's per-example deadline (200 ms) is one, and it
# fails property tests on a loaded machine. Off for every property test.
settings.register_profile("jixiao", deadline=None)
settings.load_profile("jixiao")

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


@pytest.fixture(scope="session")
def hostile():
    """`tests/hostile_files.py`: zip files built byte by byte (lying sizes, damaged members)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("hostile_files", DATA.parent / "hostile_files.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
