"""The command line, and the ``analyze`` JSON Lines contract that outside scripts read."""

import json
import subprocess
import sys

import pytest
import sqlalchemy as sa

from analysis import cli
from analysis.store import articles, open_engine

ARTICLE = (
    " date 2021-03-18 Secretary of State Antony Blinken met Chinese foreign policy chief "
    "Yang Jiechi in Anchorage on Thursday. “We will raise our deep concerns,” Blinken said. "
    "Yang answered that Washington should stop interfering.\n\n"
    '"The United States does not have the qualification to speak from a position of '
    'strength," Yang told reporters.\n'
)
ACTOR_KEYS = {"name", "type", "aliases", "mentions"}
QUOTE_KEYS = {"text", "start", "end", "speaker", "speaker_type", "kind"}
TOP_KEYS = {"source", "title", "date", "actors", "quotes", "topics", "interactions"}


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "anchorage.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "batch.csv").write_text(
        'title,date,text\nTalks,2021-03-19,"Blinken said the talks were ""tough and direct""."\n'
        "Empty,2021-03-19,\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.fixture
def records(inputs, analyzer, monkeypatch, capsys):
    monkeypatch.setattr(cli, "_analyzer", lambda: analyzer)
    status = cli.main(["analyze", str(inputs / "anchorage.txt"), str(inputs / "batch.csv")])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return [json.loads(line) for line in captured.out.splitlines()], captured.err, inputs


def test_analyze_output_keeps_the_contract(records):
    rows, _, _ = records
    assert len(rows) == 2
    for row in rows:
        assert set(row) == TOP_KEYS
        assert row["date"] is None or len(row["date"]) == 10
        for actor in row["actors"]:
            assert set(actor) == ACTOR_KEYS
            assert actor["type"] in {"PERSON", "COUNTRY", "ORG"}
            assert isinstance(actor["aliases"], list) and actor["mentions"] >= 1
        for quote in row["quotes"]:
            assert set(quote) == QUOTE_KEYS
            assert quote["kind"] in {"direct", "indirect"}
            assert quote["speaker_type"] in {"PERSON", "ORG", None}
        for topic in row["topics"]:
            assert set(topic) == {"topic", "sentences"}


def test_quote_offsets_index_the_file_as_read(records):
    rows, _, inputs = records
    text = (inputs / "anchorage.txt").read_text(encoding="utf-8")
    row = next(r for r in rows if r["source"].endswith("anchorage.txt"))
    assert row["date"] == "2021-03-18"
    assert row["quotes"], "the article has quotes"
    for quote in row["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
    speakers = {q["speaker"] for q in row["quotes"] if q["kind"] == "direct"}
    assert {"Antony Blinken", "Yang Jiechi"} <= speakers


def test_rows_are_named_and_rejections_reported(records):
    rows, err, _ = records
    assert any(r["source"].endswith("batch.csv#1") for r in rows)
    assert "batch.csv#2" in err


def test_names_merge_across_articles_of_one_run(records):
    rows, _, _ = records
    csv_row = next(r for r in rows if r["source"].endswith("batch.csv#1"))
    names = {a["name"] for a in csv_row["actors"] if a["type"] == "PERSON"}
    assert "Antony Blinken" in names


def test_ingest_stores_then_finds_duplicates(inputs, analyzer, monkeypatch, capsys, database_url):
    monkeypatch.setattr(cli, "_analyzer", lambda: analyzer)
    url = database_url
    assert cli.main(["ingest", str(inputs), "--db", url, "--quiet"]) == 0
    first = capsys.readouterr().out
    assert "2 new article(s)" in first and "rejected" in first and "batch.csv#2" in first
    assert cli.main(["ingest", str(inputs), "--db", url, "--quiet"]) == 0
    assert "0 new article(s), 2 duplicate(s)" in capsys.readouterr().out
    engine = open_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one() == 2
    engine.dispose()


def test_nothing_readable_exits_non_zero(tmp_path, capsys):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    url = f"sqlite:///{tmp_path / 'none.db'}"  # SQLite only: nothing reaches the database
    assert cli.main(["ingest", str(tmp_path / "notes.pdf"), "--db", url]) == cli.EXIT_NOTHING_DONE
    assert "unsupported" in capsys.readouterr().out


def test_module_entry_point_shows_help():
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "ingest" in done.stdout and "analyze" in done.stdout


def stored_rows(url: str) -> dict[str, list]:
    """Articles, actors and quotes in the database at ``url``, without ids."""
    from analysis import store

    engine = open_engine(url)
    with engine.connect() as conn:
        rows = {
            "articles": sorted(conn.execute(sa.select(store.articles.c.identity)).scalars()),
            "actors": sorted(conn.execute(sa.select(store.actors.c.key)).scalars()),
            "quotes": sorted(conn.execute(sa.select(store.quotes.c.text)).scalars()),
            "aliases": sorted(
                conn.execute(sa.select(store.aliases.c.alias, store.aliases.c.count)).all()
            ),
        }
    engine.dispose()
    return rows


def test_ingest_with_two_processes_stores_what_one_process_stores(
    inputs, analyzer, monkeypatch, capsys, database_url, tmp_path
):
    monkeypatch.setattr(cli, "_analyzer", lambda: analyzer)
    files = [str(inputs / "anchorage.txt"), str(inputs / "batch.csv")]
    one = f"sqlite:///{tmp_path / 'one-process.db'}"
    assert cli.main(["ingest", *files, "--db", one, "--quiet"]) == 0
    capsys.readouterr()
    assert cli.main(["ingest", *files, "--db", database_url, "--quiet", "--processes", "2"]) == 0
    assert capsys.readouterr().out.startswith("2 new article(s)")
    assert stored_rows(database_url) == stored_rows(one)
    assert stored_rows(one)["quotes"], "the inputs yield quotes"
