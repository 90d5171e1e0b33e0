"""Every page through ``streamlit.testing.v1.AppTest``: empty database, demo corpus, filters,
upload; each on SQLite and on PostgreSQL (``database_url``, ``demo_database_url``)."""

import datetime as dt
import json

import pytest
from conftest import BACKENDS, PROJECT_ROOT
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from analysis import charts, queries
from analysis.display import escape_markdown
from analysis.queries import Filters
from analysis.store import open_engine

APP = str(PROJECT_ROOT / "app.py")
PAGES = ["pages/overview.py", "pages/actors.py", "pages/topics.py", "pages/quotes.py",
         "pages/reader.py", "pages/upload.py"]  # fmt: skip
TIMEOUT = 120

NEW_ARTICLE = (
    "date 2022-03-14 Envoys meet in Muscat\n\n"
    "Oman's Foreign Minister Badr Albusaidi hosted talks in Muscat on Monday.\n\n"
    '"We are building bridges, one careful step at a time," Albusaidi told reporters.\n'
)


@pytest.fixture(autouse=True)
def navigation_only(monkeypatch):
    """Keep AppTest from treating ``pages/`` as a legacy (v1) pages folder.

    AppTest resets ``PagesManager.uses_pages_directory`` before every run, and a
    ``pages/`` folder then makes it run the page file alone, without ``app.py``
    and its sidebar. A served app never does: ``st.navigation`` clears the flag
    for the process on the first run.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def empty_db(database_url, monkeypatch) -> str:
    monkeypatch.setenv("CHANCERY_DATABASE_URL", database_url)
    monkeypatch.setenv("CHANCERY_DEMO_CORPUS", "0")
    return database_url


@pytest.fixture
def demo_db(demo_database_url, monkeypatch) -> str:
    monkeypatch.setenv("CHANCERY_DATABASE_URL", demo_database_url)
    monkeypatch.setenv("CHANCERY_DEMO_CORPUS", "0")
    return demo_database_url


def open_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT).run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def figures(at: AppTest) -> dict[str, dict]:
    """The Plotly figures on the page, by widget key, as dictionaries."""
    return {chart.key: json.loads(chart.proto.spec) for chart in at.get("plotly_chart")}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_an_empty_database(empty_db, page):
    at = open_app()
    at.switch_page(page).run()
    assert_clean(at)
    if page != "pages/upload.py":
        assert "no article yet" in at.info[0].value
        assert not at.get("plotly_chart")


@pytest.mark.parametrize(
    "page, charts",
    [
        ("pages/overview.py", {"overview_volume_chart", "overview_actors_chart",
                               "overview_topics_chart"}),
        ("pages/actors.py", {"actors_timeline_chart", "actors_network_chart",
                              "actors_encounter_network_chart"}),
        ("pages/topics.py", {"topics_share_chart", "topics_actor_chart", "topics_source_chart"}),
        ("pages/quotes.py", set()),
        ("pages/reader.py", set()),
        ("pages/upload.py", set()),
    ],
)  # fmt: skip
def test_every_page_renders_on_the_demo_corpus(demo_db, page, charts):
    at = open_app()
    at.switch_page(page).run()
    assert_clean(at)
    drawn = figures(at)
    assert set(drawn) == charts
    for figure in drawn.values():
        assert figure["layout"]["title"]["text"]
        assert figure["data"]


def test_the_sidebar_filters_survive_page_switches_and_go_in_the_url(demo_db):
    at = open_app()
    at.multiselect(key="filters_sources").set_value(["Asia Desk Wire"]).run()
    at.switch_page("pages/quotes.py").run()
    assert at.multiselect(key="filters_sources").value == ["Asia Desk Wire"]
    assert at.query_params["source"] == "Asia Desk Wire"
    speakers = at.multiselect(key="quotes_speakers").options
    assert speakers and all("(" in s for s in speakers)
    assert "Robert Lighthizer" in " ".join(speakers)


def test_a_shared_link_sets_the_filters(demo_db):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params = {"from": "2021-01-01", "topic": "sanctions"}
    at.run()
    assert at.date_input(key="filters_dates").value[0] == dt.date(2021, 1, 1)
    assert at.multiselect(key="filters_topics").value == ["sanctions"]


def test_changing_the_date_range_changes_the_figures(demo_db):
    engine = open_engine(demo_db)
    year = Filters(dt.date(2020, 1, 1), dt.date(2020, 12, 31))  # inside the date bounds
    everything = queries.article_volume(engine, Filters())["articles"].sum()  # dated only
    in_2020 = queries.corpus_summary(engine, year).iloc[0]["articles"]
    assert 0 < in_2020 < everything
    at = open_app()
    before = figures(at)["overview_volume_chart"]["data"][0]
    assert sum(before["y"]) == everything
    at.date_input(key="filters_dates").set_value((year.start, year.end))
    at.run()
    assert_clean(at)
    after = figures(at)["overview_volume_chart"]["data"][0]
    assert sum(after["y"]) == in_2020
    assert min(after["x"]) >= "2020-01-01" and max(after["x"]) <= "2020-12-31"
    assert at.metric[0].value == f"{in_2020:,}"
    assert at.query_params["from"] == "2020-01-01"


def test_the_actor_timeline_follows_the_selection_and_measure(demo_db):
    at = open_app()
    at.switch_page("pages/actors.py").run()
    assert len(at.multiselect(key="actors_selected").value) == 5
    at.multiselect(key="actors_selected").set_value([]).run()
    assert at.info and not figures(at)
    actors = queries.actor_options(open_engine(demo_db))
    biden = int(actors.loc[actors["name"] == "Joe Biden", "actor_id"].iloc[0])
    at.multiselect(key="actors_selected").set_value([biden]).run()
    at.radio(key="actors_measure").set_value("share").run()
    assert_clean(at)
    timeline = figures(at)["actors_timeline_chart"]
    lines = [t for t in timeline["data"] if t.get("mode") == "lines+markers"]
    assert [t["name"] for t in lines] == ["Joe Biden"]
    assert 0 < max(lines[0]["y"]) <= 1
    assert any(t["name"] == "Meetings, calls, visits" for t in timeline["data"])
    assert at.query_params["actor"] == str(biden)
    # Who met whom: a network of the encounters, and the sentences behind each pair.
    network = figures(at)["actors_encounter_network_chart"]
    assert "Joe Biden" in network["data"][-1]["text"]
    pair = at.selectbox(key="actors_encounter_pair").value
    met = queries.actor_interactions(open_engine(demo_db), Filters(), (biden,))
    expected = charts.encounter_evidence(met, *pair)["evidence"]
    shown = " ".join(m.value for m in at.markdown)
    assert len(expected) and all(escape_markdown(" ".join(e.split())) in shown for e in expected)


def test_quotes_filter_by_kind_and_search(demo_db):
    at = open_app()
    at.switch_page("pages/quotes.py").run()
    total = int(at.markdown[0].value.split("**")[1].split()[0].replace(",", ""))
    at.multiselect(key="quotes_kinds").set_value(["direct"]).run()
    direct = int(at.markdown[0].value.split("**")[1].split()[0].replace(",", ""))
    assert 0 < direct < total
    at.text_input(key="quotes_search").input("matters of substance").run()
    assert_clean(at)
    assert any("We have moved forward on matters of substance" in m.value for m in at.markdown)


def quote_headings(at: AppTest) -> list[str]:
    """The quotes shown, as the headings of their cards."""
    return [m.value for m in at.markdown if m.value.startswith("#### ")]


def test_quotes_are_shown_a_page_at_a_time(demo_db):
    at = open_app()
    at.switch_page("pages/quotes.py").run()
    total = int(at.markdown[0].value.split("**")[1].split()[0].replace(",", ""))
    assert total > 100
    first = quote_headings(at)
    assert len(first) == 25 and at.number_input(key="quotes_page").value == 1
    at.button(key="quotes_next_top").click().run()
    assert_clean(at)
    second = quote_headings(at)
    assert at.number_input(key="quotes_page").value == 2
    assert len(second) == 25 and second != first
    at.button(key="quotes_previous_bottom").click().run()
    assert quote_headings(at) == first
    at.selectbox(key="quotes_page_size").set_value(100).run()
    assert quote_headings(at)[:50] == first + second and len(quote_headings(at)) == 100
    at.number_input(key="quotes_page").set_value(2).run()
    assert at.number_input(key="quotes_page").value == 2
    at.multiselect(key="quotes_kinds").set_value(["direct"]).run()  # a new question: page 1
    assert_clean(at)
    assert at.number_input(key="quotes_page").value == 1


def test_an_upload_shows_up_on_the_quotes_page(empty_db):
    at = open_app()
    at.switch_page("pages/upload.py").run()
    at.file_uploader(key="upload_files_0").upload("muscat.txt", NEW_ARTICLE.encode(), "text/plain")
    at.run()
    assert_clean(at)
    assert at.dataframe[0].value["title"].tolist() == ["Envoys meet in Muscat"]
    at.button(key="upload_store").click().run()
    assert_clean(at)
    assert at.success[0].value.startswith("1 new article(s)")
    at.switch_page("pages/quotes.py").run()
    assert_clean(at)
    text = " ".join(m.value for m in at.markdown)
    assert "We are building bridges" in text and "Badr Albusaidi" in text


def test_a_repeated_upload_is_reported_as_a_duplicate(empty_db):
    at = open_app()
    at.switch_page("pages/upload.py").run()
    for round_ in (0, 1):
        at.file_uploader(key=f"upload_files_{round_}").upload("a.txt", NEW_ARTICLE.encode())
        at.run()
        at.button(key="upload_store").click().run()
    assert at.success[0].value.startswith("0 new article(s), 1 duplicate(s)")


def test_rejected_files_are_listed_with_their_reason(empty_db):
    at = open_app()
    at.switch_page("pages/upload.py").run()
    at.file_uploader(key="upload_files_0").upload("empty.txt", b"", "text/plain").run()
    assert_clean(at)
    assert "empty" in at.warning[0].value
    assert at.button(key="upload_store").disabled


def test_article_text_is_shown_inert_in_the_reader(empty_db):
    hostile = (
        "date 2022-01-02 <script>alert(1)</script> [x](javascript:alert(1))\n\n"
        'Minister Jane Doe said "<img src=x onerror=alert(2)>" to reporters in Geneva.\n'
    )
    at = open_app()
    at.switch_page("pages/upload.py").run()
    at.file_uploader(key="upload_files_0").upload("evil.txt", hostile.encode()).run()
    at.button(key="upload_store").click().run()
    at.switch_page("pages/reader.py").run()
    assert_clean(at)
    rendered = " ".join(m.value for m in at.markdown)
    # Markdown shows a backslash-escaped "\\<" as a literal "<"; no tag may be left bare.
    bare = rendered.replace("\\<", "")
    assert "<img" not in bare and "<script" not in bare
    # The Reader's HTML writes every mark as a character reference (analysis.display).
    assert "&#60;img src&#61;x onerror&#61;alert&#40;2&#41;&#62;" in rendered
    assert "\\[x\\]\\(javascript\\:alert\\(1\\)\\)" in at.header[0].value


def test_first_run_ingests_the_demo_corpus_with_a_progress_bar(tmp_path, database_url, monkeypatch):
    sample = tmp_path / "sample"
    sample.mkdir()
    (sample / "one.txt").write_text(NEW_ARTICLE)
    (sample / "two.txt").write_text("date 2022-03-15 Second\n\nThe talks in Muscat went on.\n")
    monkeypatch.setattr("chancery_ui.data.SAMPLE_DIR", sample)
    monkeypatch.setenv("CHANCERY_DATABASE_URL", database_url)
    monkeypatch.setenv("CHANCERY_DEMO_CORPUS", "1")
    at = open_app()
    assert_clean(at)
    assert at.metric[0].value == "2"


def test_a_first_run_cut_short_is_finished_by_the_next_session(tmp_path, database_url, monkeypatch):
    # The first session stored one demo article and went away; the next one finds
    # part of the demo corpus and nothing else, and analyses the rest.
    sample = tmp_path / "sample"
    sample.mkdir()
    (sample / "one.txt").write_text(NEW_ARTICLE)
    monkeypatch.setattr("chancery_ui.data.SAMPLE_DIR", sample)
    monkeypatch.setenv("CHANCERY_DATABASE_URL", database_url)
    monkeypatch.setenv("CHANCERY_DEMO_CORPUS", "1")
    at = open_app()
    assert at.metric[0].value == "1"
    (sample / "two.txt").write_text("date 2022-03-15 Second\n\nThe talks in Muscat went on.\n")
    at = open_app()
    assert_clean(at)
    assert at.metric[0].value == "2"


def test_a_database_of_other_articles_gets_no_demo_corpus(tmp_path, database_url, monkeypatch):
    own = tmp_path / "own"
    own.mkdir()
    (own / "one.txt").write_text(NEW_ARTICLE)
    monkeypatch.setattr("chancery_ui.data.SAMPLE_DIR", own)
    monkeypatch.setenv("CHANCERY_DATABASE_URL", database_url)
    monkeypatch.setenv("CHANCERY_DEMO_CORPUS", "1")
    assert open_app().metric[0].value == "1"
    sample = tmp_path / "sample"
    sample.mkdir()
    (sample / "two.txt").write_text("date 2022-03-15 Second\n\nThe talks in Muscat went on.\n")
    monkeypatch.setattr("chancery_ui.data.SAMPLE_DIR", sample)
    at = open_app()
    assert_clean(at)
    assert at.metric[0].value == "1"


def shown(at: AppTest) -> dict[str, list]:
    """What the page shows a reader: text, metrics, tables, figures and widget choices."""
    return {
        "text": [e.value for kind in ("title", "header", "subheader", "markdown", "caption",
                                      "info", "warning", "success") for e in at.get(kind)],
        "metrics": [(m.label, m.value) for m in at.metric],
        "tables": [t.value.to_json(orient="split", date_format="iso") for t in at.dataframe],
        "figures": figures(at),
        "choices": [(w.key, w.options) for w in (*at.multiselect, *at.selectbox, *at.radio)],
    }  # fmt: skip


@pytest.mark.parametrize(
    "link",
    [{}, {"from": "2019-07-01", "to": "2020-06-30", "topic": "sanctions"}],
    ids=["everything", "a-year-of-sanctions"],
)
def test_every_page_shows_the_same_on_sqlite_and_postgresql(demo_databases, monkeypatch, link):
    """The same demo corpus gives the same pages on both backends: same rows in the same
    order, same dates, same figures (a tie left unordered shows up here)."""
    urls = {backend: demo_databases.url(backend) for backend in BACKENDS}  # or skip
    monkeypatch.setenv("CHANCERY_DEMO_CORPUS", "0")
    seen: dict[str, dict[str, dict]] = {}
    for backend, url in urls.items():
        monkeypatch.setenv("CHANCERY_DATABASE_URL", url)
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.query_params = dict(link)
        at.run()
        seen[backend] = {}
        for page in PAGES:
            at.switch_page(page).run()
            assert_clean(at)
            seen[backend][page] = shown(at)
    assert seen["sqlite"]["pages/overview.py"]["figures"], "the pages showed the corpus"
    for page in PAGES:
        sqlite, postgresql = (seen[backend][page] for backend in BACKENDS)
        for part in sqlite:
            assert sqlite[part] == postgresql[part], (page, part)


@pytest.fixture
def big_db(database_url, monkeypatch) -> str:
    """A synthetic corpus of more articles than the Reader lists."""
    from benchmarks.synthetic_corpus import write_corpus

    engine = open_engine(database_url)
    write_corpus(engine, 260, seed=5, chunk=130, progress=False)
    engine.dispose()
    monkeypatch.setenv("CHANCERY_DATABASE_URL", database_url)
    monkeypatch.setenv("CHANCERY_DEMO_CORPUS", "0")
    return database_url


def test_the_reader_lists_the_newest_articles_and_opens_any_other_by_link(big_db):
    from analysis.display import escape_markdown

    engine = open_engine(big_db)
    everything = queries.article_choices(engine, Filters(), "", 1000)
    assert len(everything) == 260
    oldest = everything.iloc[-1]
    at = open_app().switch_page("pages/reader.py").run()
    assert len(at.selectbox(key="reader_article").options) == 200
    assert oldest["title"] not in " ".join(at.selectbox(key="reader_article").options)
    at.query_params["article"] = str(oldest["article_id"])  # the link is followed
    at.run()
    assert_clean(at)
    picker = at.selectbox(key="reader_article")
    # The 200 newest, and the linked article on top of them.
    assert len(picker.options) == 201 and picker.value == oldest["article_id"]
    assert at.header[0].value == escape_markdown(oldest["title"])
    assert at.query_params["article"] == str(oldest["article_id"])
    assert any("200 newest" in c.value for c in at.caption)
    newest = everything.iloc[0]["article_id"]
    picker.set_value(newest).run()
    assert at.query_params["article"] == str(newest)
    assert len(at.selectbox(key="reader_article").options) == 200


def test_the_reader_finds_an_article_by_words_of_its_title(demo_db):
    engine = open_engine(demo_db)
    everything = queries.article_choices(engine, Filters(), "", 1000)
    oldest = everything.loc[everything["date"].notna()].iloc[-1]
    words = " ".join(oldest["title"].split()[:3])
    matches = queries.article_choices(engine, Filters(), words, 1000)
    at = open_app()
    at.switch_page("pages/reader.py").run()
    at.text_input(key="reader_search").input(words.upper()).run()
    assert_clean(at)
    picker = at.selectbox(key="reader_article")
    assert picker.value == matches.iloc[0]["article_id"]  # the newest match is opened
    assert len(picker.options) == len(matches)
    assert all(words.lower() in label.lower() for label in picker.options)
    assert oldest["title"] in " ".join(picker.options)
    assert at.query_params["article"] == str(picker.value)
    at.text_input(key="reader_search").input("100%").run()  # no title holds it
    assert_clean(at)
    assert any("No title" in c.value for c in at.caption)
    assert at.selectbox(key="reader_article").value == matches.iloc[0]["article_id"]
    assert len(at.selectbox(key="reader_article").options) == len(everything)
