"""The Topics page's Discover and Edit taxonomy tabs, driven through AppTest."""

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import PROJECT_ROOT
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from analysis.store import article_topics, open_engine
from analysis.taxonomy_store import stored_topics

APP = str(PROJECT_ROOT / "app.py")
TIMEOUT = 180


@pytest.fixture(autouse=True)
def navigation_only(monkeypatch):
    """Keep AppTest from running ``pages/`` files alone, as tests/test_pages.py explains."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, analyzer) -> Path:
    """A SQLite file holding the demo corpus, stored once for this module."""
    from analysis.ingest import ingest_loaded
    from analysis.loaders import load_paths
    from analysis.settings import SAMPLE_DIR

    path = tmp_path_factory.mktemp("topics") / "demo.db"
    engine = open_engine(f"sqlite:///{path}")
    assert ingest_loaded(engine, analyzer, load_paths([SAMPLE_DIR])).new
    engine.dispose()
    return path


@pytest.fixture
def own_demo_db(demo_file, tmp_path, monkeypatch) -> str:
    """A copy of the demo database for one test, since these tests change it."""
    target = tmp_path / "demo.db"
    shutil.copy(demo_file, target)
    url = f"sqlite:///{target}"
    monkeypatch.setenv("CHANCERY_DATABASE_URL", url)
    monkeypatch.setenv("CHANCERY_DEMO_CORPUS", "0")
    return url


def topics_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page("pages/topics.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def articles_with(url: str, topic_id: str) -> int:
    engine = open_engine(url)
    with engine.connect() as conn:
        count = conn.execute(
            sa.select(sa.func.count()).where(article_topics.c.topic_id == topic_id)
        ).scalar_one()
    engine.dispose()
    return int(count)


def test_the_page_has_three_tabs(own_demo_db):
    at = topics_page()
    assert [tab.label for tab in at.tabs] == ["Trends", "Discover", "Edit taxonomy"]
    assert at.get("plotly_chart")
    assert at.selectbox(key="topics_edit_topic").value


def test_an_edit_is_saved_and_a_retag_applies_it(own_demo_db):
    before = articles_with(own_demo_db, "sanctions")
    assert before > 0
    at = topics_page()
    at.selectbox(key="topics_edit_topic").set_value("sanctions").run()
    at.text_input(key="topics_edit_sanctions_label").set_value("Sanctions and embargoes")
    at.text_area(key="topics_edit_sanctions_terms").set_value("Zanzibar quarantine")
    at.button(key="FormSubmitter:topics_edit_sanctions_form-Save topic").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    engine = open_engine(own_demo_db)
    saved = {s.topic.id: s.topic for s in stored_topics(engine)}
    engine.dispose()
    assert saved["sanctions"].label == "Sanctions and embargoes"
    assert saved["sanctions"].terms == ("Zanzibar quarantine",)
    assert "re-tag" in " ".join(i.value for i in at.info)
    assert articles_with(own_demo_db, "sanctions") == before  # until re-tagged

    at.button(key="topics_retag_button").click().run()
    assert not at.exception and not at.error
    assert "Re-tagged" in at.success[0].value
    assert articles_with(own_demo_db, "sanctions") == 0


def test_an_invalid_edit_shows_an_error_and_stores_nothing(own_demo_db):
    at = topics_page()
    at.selectbox(key="topics_edit_topic").set_value("sanctions").run()
    at.text_area(key="topics_edit_sanctions_terms").set_value("")
    at.button(key="FormSubmitter:topics_edit_sanctions_form-Save topic").click().run()
    assert not at.exception
    assert "terms is empty" in at.error[0].value
    engine = open_engine(own_demo_db)
    assert stored_topics(engine) == []
    engine.dispose()


def test_a_discovered_theme_can_be_promoted(own_demo_db):
    at = topics_page()
    # Discovery runs only when asked for.
    assert not [b for b in at.button if b.key.startswith("FormSubmitter:topics_promote_")]
    at.button(key="topics_discover_run").click().run()
    submit = [b for b in at.button if b.key.startswith("FormSubmitter:topics_promote_")]
    assert submit, "no emerging theme on the demo corpus"
    theme = submit[0].key.split("topics_promote_")[1].split("_form")[0]
    at.text_input(key=f"topics_promote_{theme}_label").set_value("Test theme")
    submit[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "test-theme" in at.success[0].value
    engine = open_engine(own_demo_db)
    promoted = [s for s in stored_topics(engine) if s.origin == "promoted"]
    engine.dispose()
    assert [s.topic.id for s in promoted] == ["test-theme"]
    assert promoted[0].topic.terms
