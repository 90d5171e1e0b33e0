"""The Actors page's "Edit actors" section through ``streamlit.testing.v1.AppTest``, on a
writable copy of the demo corpus on each backend: a merge changes the charts at once."""

import json

import pytest
import sqlalchemy as sa
from conftest import PROJECT_ROOT
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from analysis import queries, store
from analysis.queries import Filters

APP = str(PROJECT_ROOT / "app.py")
TIMEOUT = 120


@pytest.fixture(autouse=True)
def navigation_only(monkeypatch):
    """Run ``app.py`` with its navigation, not ``pages/`` as a legacy pages folder
    (the quirk documented in ``tests/test_pages.py``)."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def demo_copy(database_url, demo_corpus, monkeypatch):
    """An engine on a database of its own holding the demo corpus, which the app uses."""
    demo_corpus.store(database_url)
    monkeypatch.setenv("CHANCERY_DATABASE_URL", database_url)
    monkeypatch.setenv("CHANCERY_DEMO_CORPUS", "0")
    engine = store.open_engine(database_url)
    yield engine
    engine.dispose()


def actor_id(engine, name: str) -> int:
    options = queries.actor_options(engine)
    return int(options.loc[options["name"] == name, "actor_id"].iloc[0])


def timeline_articles(at: AppTest) -> dict[str, int]:
    """Articles per actor line of the timeline chart (measure: articles)."""
    for chart in at.get("plotly_chart"):
        if chart.key == "actors_timeline_chart":
            figure = json.loads(chart.proto.spec)
            return {
                t["name"]: sum(t["y"]) for t in figure["data"] if t.get("mode") == "lines+markers"
            }
    raise AssertionError("no timeline chart")


def offered(at: AppTest, name: str) -> bool:
    """Whether the actor called ``name`` may be chosen to follow."""
    return any(o.startswith(f"{name} · ") for o in at.multiselect(key="actors_selected").options)


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def follow(engine, *names: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page("pages/actors.py").run()
    ids = [actor_id(engine, n) for n in names]
    at.multiselect(key="actors_selected").set_value(ids).run()
    at.radio(key="actors_measure").set_value("articles").run()
    at.selectbox(key="actors_profile").set_value(ids[0]).run()
    assert_clean(at)
    return at


def test_a_merge_from_the_page_changes_the_charts_at_once(demo_copy):
    pompeo, biden = actor_id(demo_copy, "Mike Pompeo"), actor_id(demo_copy, "Joe Biden")
    dated = Filters()
    before = queries.actor_timeline(demo_copy, dated, (pompeo, biden))
    at = follow(demo_copy, "Mike Pompeo", "Joe Biden")
    lines = timeline_articles(at)
    assert lines == before.groupby("name")["articles"].sum().to_dict()

    # Without the tick nothing is merged.
    at.multiselect(key="actors_merge_absorbed").set_value([biden])
    at.button(key="actors_merge_submit").click().run()
    assert "Tick the box" in at.warning[0].value
    assert offered(at, "Joe Biden")

    at.multiselect(key="actors_merge_absorbed").set_value([biden])
    at.checkbox(key="actors_merge_confirm").check()
    at.button(key="actors_merge_submit").click().run()
    assert_clean(at)
    assert at.success[0].value == "Merged Joe Biden into Mike Pompeo\\."
    assert not offered(at, "Joe Biden")
    assert at.multiselect(key="actors_selected").value == [pompeo]
    merged = queries.actor_timeline(demo_copy, dated, (pompeo,))["articles"].sum()
    shared = queries.cooccurrence_edges(demo_copy, dated, (pompeo, biden))["articles"].sum()
    assert merged == lines["Mike Pompeo"] + lines["Joe Biden"] - shared
    assert timeline_articles(at) == {"Mike Pompeo": merged}
    with demo_copy.connect() as conn:
        kinds = conn.execute(sa.select(store.actor_edits.c.kind)).scalars().all()
    assert kinds == ["merge"]


def test_undo_from_the_history_brings_the_actor_back(demo_copy):
    at = follow(demo_copy, "Mike Pompeo", "Joe Biden")
    biden = actor_id(demo_copy, "Joe Biden")
    at.multiselect(key="actors_merge_absorbed").set_value([biden])
    at.checkbox(key="actors_merge_confirm").check()
    at.button(key="actors_merge_submit").click().run()
    assert not offered(at, "Joe Biden")
    at.button(key="actors_undo_last").click().run()
    assert_clean(at)
    assert at.success[0].value.startswith("Undone\\: merged Joe Biden into Mike Pompeo")
    assert offered(at, "Joe Biden")


def test_renaming_and_hiding_from_the_page(demo_copy):
    at = follow(demo_copy, "Kyiv", "Mike Pompeo")
    at.radio(key="actors_retype_type").set_value("NOT_ACTOR")
    at.button(key="actors_retype_submit").click().run()
    assert_clean(at)
    assert "not an actor" in at.success[0].value
    assert not offered(at, "Kyiv")
    assert "Kyiv" not in timeline_articles(at)
    at.text_input(key="actors_rename_name").input("Michael Richard Pompeo")
    at.button(key="actors_rename_submit").click().run()
    assert_clean(at)
    assert list(timeline_articles(at)) == ["Michael Richard Pompeo"]
