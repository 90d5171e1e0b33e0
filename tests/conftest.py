"""Shared fixtures: one spaCy pipeline per session, paths to the shared corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_8ce8153633974c82.txt"
CORPORA = SHARED / "corpora"


def require_shared(path: Path) -> Path:
    """Skip the calling test, with the reason, when ``path`` under ../shared is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpora sit beside the project in CI only")
    return path


@pytest.fixture(scope="session")
def nlp():
    from analysis.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def analyzer(nlp):
    from analysis.pipeline import Analyzer

    return Analyzer.build(nlp)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return require_shared(SEED)
