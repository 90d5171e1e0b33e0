"""Storage of articles and their analysis through SQLAlchemy Core.

SQLite (a file under ``data/``) by default; any SQLAlchemy URL, PostgreSQL in
particular, through ``CHANCERY_DATABASE_URL`` or the CLI's ``--db``. Each call of
:func:`store_analyses` is one transaction: an error or a kill part-way leaves no
partial article behind.

Several processes may write to one database at once (two ingests, a dashboard
upload during an ingest, the writer of a distributed ingest): on SQLite and
PostgreSQL each writing transaction first takes the database's writer lock
(``BEGIN IMMEDIATE``; a transaction-scoped advisory lock), so writers take turns
and each reads what the previous one committed. An article another writer
stored in the meantime is then a duplicate, and an actor it created is joined,
never created twice: that is also why the lock covers a whole batch rather than
single rows, since actor resolution ("Qureshi" joins "Shah Mehmood Qureshi")
reads every stored actor. Unique constraints with ``ON CONFLICT DO NOTHING``
back this up. Readers never wait for the lock.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from analysis.errors import StoreError
from analysis.models import Analysis
from analysis.resolution import CorpusResolver, KnownActor, ResolutionRules

#: 2: article dates copied into article_actors and article_topics; counts kept on write;
#: quotes' speaker labels.
SCHEMA_VERSION = 2

#: The PostgreSQL advisory lock (any 64-bit number, per database) that Chancery's
#: writing transactions hold in turn: the bytes of "chancery".
WRITER_LOCK_ID = int.from_bytes(b"chancery", "big")


class StoredString(sa.types.TypeDecorator):
    """A ``VARCHAR(n)`` column that stores any Python string on every backend.

    PostgreSQL enforces ``VARCHAR(n)`` lengths and cannot hold NUL characters in
    text; SQLite does neither. So a value is cut to the column's length (a
    2,000-character site name stays an article, not a failed batch) and each NUL
    becomes U+FFFD, one character for one, so that quote offsets still index the
    text. Bound values in comparisons are treated alike, so a lookup of a long
    key finds the row its insert made.
    """

    impl = sa.String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if isinstance(value, str):
            if "\x00" in value:
                value = value.replace("\x00", "\ufffd")
            if self.impl.length is not None and len(value) > self.impl.length:
                value = value[: self.impl.length]
        return value


class StoredText(StoredString):
    """A ``TEXT`` column, with NUL characters replaced as in :class:`StoredString`."""

    impl = sa.Text
    cache_ok = True


metadata = sa.MetaData()

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", StoredString(64), primary_key=True),
    sa.Column("value", StoredText(), nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("identity", StoredString(64), nullable=False, unique=True),
    sa.Column("title", StoredText(), nullable=False),
    sa.Column("date", sa.Date, nullable=True, index=True),
    sa.Column("source", StoredString(300), nullable=False, index=True),
    sa.Column("url", StoredText(), nullable=True),
    sa.Column("origin", StoredText(), nullable=False),
    sa.Column("text", StoredText(), nullable=False),
    sa.Column("text_offset", sa.Integer, nullable=False, default=0),
    sa.Column("ingested_at", sa.DateTime, nullable=False),
)

sentences = sa.Table(
    "sentences",
    metadata,
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", StoredString(400), nullable=False, unique=True),
    sa.Column("name", StoredString(300), nullable=False, index=True),
    sa.Column("type", StoredString(16), nullable=False, index=True),
    sa.Column("country", StoredString(120), nullable=True),
)

aliases = sa.Table(
    "aliases",
    metadata,
    sa.Column("actor_id", sa.ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("alias", StoredString(300), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False, default=0),
)

roles = sa.Table(
    "roles",
    metadata,
    sa.Column("actor_id", sa.ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("role", StoredString(300), primary_key=True),
    sa.Column("first_seen", sa.Date, nullable=True),
    sa.Column("last_seen", sa.Date, nullable=True),
    sa.Column("count", sa.Integer, nullable=False, default=0),
)

article_actors = sa.Table(
    "article_actors",
    metadata,
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("actor_id", sa.ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("mentions", sa.Integer, nullable=False),
    # The article's date, copied: an actor's timeline reads its rows in date order from
    # an index alone instead of looking up every article (articles never change date).
    sa.Column("date", sa.Date, nullable=True),
    sa.Index("ix_article_actors_actor", "actor_id", "article_id"),
    # Covering indexes: actor rankings count articles and sum mentions from the index
    # alone, by actor and date or (for a narrow filter) by article.
    sa.Index("ix_article_actors_actor_date", "actor_id", "date", "article_id", "mentions"),
    sa.Index("ix_article_actors_article_mentions", "article_id", "actor_id", "mentions"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("actor_id", sa.ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("surface", StoredString(300), nullable=False),
    sa.Index("ix_mentions_article", "article_id", "sentence"),
    sa.Index("ix_mentions_actor", "actor_id", "article_id"),
)

quotes = sa.Table(
    "quotes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("speaker_id", sa.ForeignKey("actors.id", ondelete="SET NULL"), nullable=True),
    sa.Column("text", StoredText(), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("kind", StoredString(16), nullable=False),
    sa.Column("cue", StoredString(64), nullable=True),
    sa.Column("channel", StoredString(64), nullable=True),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    # How the article describes a speaker it does not name ("police officials"), for a
    # quote without a speaker actor; NULL otherwise.
    sa.Column("speaker_label", StoredString(300), nullable=True),
    sa.Index("ix_quotes_article", "article_id"),
    sa.Index("ix_quotes_speaker", "speaker_id"),
)

topics = sa.Table(
    "topics",
    metadata,
    sa.Column("id", StoredString(120), primary_key=True),
    sa.Column("label", StoredString(200), nullable=False),
    sa.Column("description", StoredText(), nullable=False, default=""),
    sa.Column("parent", StoredString(120), nullable=True),
)

article_topics = sa.Table(
    "article_topics",
    metadata,
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("topic_id", sa.ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("sentences", sa.Integer, nullable=False),
    # The article's date, copied, as in ``article_actors``.
    sa.Column("date", sa.Date, nullable=True),
    sa.Index("ix_article_topics_topic", "topic_id", "article_id"),
    sa.Index("ix_article_topics_topic_date", "topic_id", "date", "article_id"),
)

#: Tables holding a copy of their article's date (schema version 2).
DATED_TABLES = (article_actors, article_topics)

# Monthly counts per source, kept up to date by every write (see analysis/summaries.py),
# so that rankings and timelines over most of a large corpus read a few rows per actor,
# topic and month instead of every article. Dated articles only.
actor_months = sa.Table(
    "actor_months",
    metadata,
    sa.Column("actor_id", sa.ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("month", sa.Date, primary_key=True),
    sa.Column("source", StoredString(300), primary_key=True),
    sa.Column("articles", sa.Integer, nullable=False),
    sa.Column("mentions", sa.Integer, nullable=False),
)

# All time, undated articles included: the actor list and the order in which a
# ranking looks at actors (no actor's count in a period exceeds its count here).
actor_totals = sa.Table(
    "actor_totals",
    metadata,
    sa.Column("actor_id", sa.ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("articles", sa.Integer, nullable=False),
    sa.Column("mentions", sa.Integer, nullable=False),
    sa.Index("ix_actor_totals_articles", "articles"),
)

# Per source, all time: rankings within sources, and the bound of a ranking that
# also filters dates.
actor_sources = sa.Table(
    "actor_sources",
    metadata,
    sa.Column("actor_id", sa.ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("source", StoredString(300), primary_key=True),
    sa.Column("articles", sa.Integer, nullable=False),
    sa.Column("mentions", sa.Integer, nullable=False),
    sa.Index("ix_actor_sources_source", "source", "actor_id", "articles", "mentions"),
)

topic_months = sa.Table(
    "topic_months",
    metadata,
    sa.Column("topic_id", sa.ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("month", sa.Date, primary_key=True),
    sa.Column("source", StoredString(300), primary_key=True),
    sa.Column("articles", sa.Integer, nullable=False),
)

article_months = sa.Table(
    "article_months",
    metadata,
    sa.Column("month", sa.Date, primary_key=True),
    sa.Column("source", StoredString(300), primary_key=True),
    sa.Column("articles", sa.Integer, nullable=False),
)

#: The tables of counts :mod:`analysis.summaries` keeps (new in schema version 2).
SUMMARY_TABLES = (actor_months, actor_totals, actor_sources, topic_months, article_months)

sentence_topics = sa.Table(
    "sentence_topics",
    metadata,
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("sentence", sa.Integer, primary_key=True),
    sa.Column("topic_id", sa.ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_sentence_topics_topic", "topic_id"),
)

#: The analyst's taxonomy edits: a row overrides the topic of ``data/topics.yaml``
#: with the same id, or adds a topic (one promoted from discovery). Phrase lists
#: are JSON arrays of text; ``origin`` is "edited" or "promoted".
topic_definitions = sa.Table(
    "topic_definitions",
    metadata,
    sa.Column("id", StoredString(120), primary_key=True),
    sa.Column("label", StoredString(200), nullable=False),
    sa.Column("description", StoredText(), nullable=False, default=""),
    sa.Column("parent", StoredString(120), nullable=True),
    sa.Column("terms", StoredText(), nullable=False),
    sa.Column("exclude", StoredText(), nullable=False, default="[]"),
    sa.Column("require_any", StoredText(), nullable=False, default="[]"),
    sa.Column("origin", StoredString(16), nullable=False),
    sa.Column("position", sa.Integer, nullable=False, default=0),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

interactions = sa.Table(
    "interactions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("a_id", sa.ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
    sa.Column("b_id", sa.ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
    sa.Column("type", StoredString(32), nullable=False),
    sa.Column("date", sa.Date, nullable=True),
    sa.Column("place", StoredString(200), nullable=True),
    sa.Column("evidence", StoredText(), nullable=False),
    sa.Index("ix_interactions_a", "a_id"),
    sa.Index("ix_interactions_b", "b_id"),
)

#: The analyst's corrections of actors, oldest first (see :mod:`analysis.curation`).
#: ``kind`` is merge, split, rename or retype; ``actor_key``/``actor_name``/``actor_type``
#: name the actor edited (for a merge, the one kept) as it was then; ``other_*`` the
#: actor absorbed (merge) or given the alias (split); ``value`` the alias split off,
#: the new name or the new type; ``names`` (JSON) the names a rule routes; ``undo``
#: (JSON) what undoing the edit restores.
actor_edits = sa.Table(
    "actor_edits",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", StoredString(16), nullable=False),
    sa.Column("actor_key", StoredString(400), nullable=False),
    sa.Column("actor_name", StoredString(300), nullable=False),
    sa.Column("actor_type", StoredString(16), nullable=False),
    sa.Column("other_key", StoredString(400), nullable=True),
    sa.Column("other_name", StoredString(300), nullable=True),
    sa.Column("other_type", StoredString(16), nullable=True),
    sa.Column("value", StoredString(300), nullable=True),
    sa.Column("names", StoredText(), nullable=False, default="[]"),
    sa.Column("undo", StoredText(), nullable=False, default="{}"),
    sa.Column("created_at", sa.DateTime, nullable=False),
)


def default_database_url() -> str:
    """The database URL from the settings (environment, else ``data/chancery.db``)."""
    from analysis.settings import setting

    return setting("CHANCERY_DATABASE_URL")


#: Seconds a SQLite connection waits for another one's lock before giving up.
SQLITE_BUSY_SECONDS = 30


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    _use_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _use_wal(cursor) -> None:
    """Put the database in WAL mode, once per file.

    Switching needs the file to itself and, unlike other statements, answers
    "database is locked" at once instead of waiting out the busy timeout; two
    processes opening a new database together meet that, so the switch is
    retried for as long as the busy timeout would have waited.
    """
    import sqlite3

    if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def open_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default: the settings), with the schema created if missing.

    SQLite files get WAL journaling, foreign keys and a 30 s busy timeout so that
    the dashboard can read while an ingest writes. Raises :class:`StoreError`
    when the database cannot be opened or holds a newer schema.
    """
    url = url or default_database_url()
    try:
        sa_url = sa.engine.make_url(url)
    except sa.exc.ArgumentError as error:
        raise StoreError(f"not a database URL: {url!r}") from error
    kwargs: dict = {}
    if sa_url.get_backend_name() == "sqlite":
        if sa_url.database and sa_url.database != ":memory:":
            Path(sa_url.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_SECONDS, "check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = sa.create_engine(sa_url, **kwargs)
    except (ImportError, sa.exc.ArgumentError) as error:
        raise StoreError(
            f"cannot open {sa_url.render_as_string(hide_password=True)}: {error}"
        ) from error
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    ensure_schema(engine)
    return engine


def begin_writing(conn: Connection) -> None:
    """Make ``conn``'s transaction, which must not have run a statement yet, the only
    Chancery writer of the database until it ends (see the module's docstring).

    SQLite: ``BEGIN IMMEDIATE`` takes the write lock now, waiting up to the busy
    timeout, instead of at the first write, when what the transaction read may be
    stale. PostgreSQL: a transaction-scoped advisory lock; each statement after it
    sees what earlier writers committed (READ COMMITTED). Other databases: nothing.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITER_LOCK_ID)))


def ensure_schema(engine: Engine) -> None:
    """Create the tables if missing and record the schema version; refuse a newer schema."""
    try:
        with engine.begin() as conn:
            # Two processes opening a new database at once would both create the tables.
            begin_writing(conn)
            metadata.create_all(conn, checkfirst=True)
            _add_columns(conn)
            # create_all makes indexes only with their tables: add those a newer
            # Chancery defines to the tables of an older database.
            for table in metadata.sorted_tables:
                for index in table.indexes:
                    index.create(conn, checkfirst=True)
            if conn.dialect.name == "sqlite":
                # The article lists (newest first, title search) read titles from this
                # index alone rather than from rows that hold the whole text. SQLite
                # only: a PostgreSQL index entry cannot hold a title of any length.
                conn.exec_driver_sql(
                    "CREATE INDEX IF NOT EXISTS ix_articles_listing "
                    "ON articles (date, id, source, title)"
                )
            found = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version"))
            version = found.scalar_one_or_none()
            if version is not None and int(version) < 2:
                from analysis import summaries  # it imports this module

                summaries.rebuild(conn)  # the monthly tables are new in version 2
            if version is None:
                conn.execute(
                    sa.insert(meta).values(key="schema_version", value=str(SCHEMA_VERSION))
                )
            elif int(version) > SCHEMA_VERSION:
                raise StoreError(
                    f"the database holds schema version {version}; this Chancery reads "
                    f"version {SCHEMA_VERSION}: upgrade Chancery"
                )
            elif int(version) < SCHEMA_VERSION:
                conn.execute(
                    sa.update(meta)
                    .where(meta.c.key == "schema_version")
                    .values(value=str(SCHEMA_VERSION))
                )
    except sa.exc.OperationalError as error:
        raise StoreError(f"cannot use the database: {error.orig}") from error


def _add_columns(conn: Connection) -> None:
    """Give the tables of a version 1 database the columns version 2 added: the copies
    of the article's date (filled in from the articles) and the quotes' speaker labels."""
    for table, column in [*((t, t.c.date) for t in DATED_TABLES), (quotes, quotes.c.speaker_label)]:
        present = {c["name"] for c in sa.inspect(conn).get_columns(table.name)}
        if column.name in present:
            continue
        name = conn.dialect.identifier_preparer.quote(column.name)
        kind = column.type.compile(dialect=conn.dialect)
        conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}")
        if table in DATED_TABLES:
            conn.execute(
                sa.update(table).values(
                    date=sa.select(articles.c.date)
                    .where(articles.c.id == table.c.article_id)
                    .scalar_subquery()
                )
            )


@dataclass
class IngestSummary:
    """What one call of :func:`store_analyses` did."""

    new: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    def extend(self, other: IngestSummary) -> None:
        self.new.extend(other.new)
        self.duplicates.extend(other.duplicates)


def known_identities(conn: Connection, identities: Iterable[str]) -> set[str]:
    """Which of these article identities the database already holds."""
    wanted = list(dict.fromkeys(identities))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = conn.execute(sa.select(articles.c.identity).where(articles.c.identity.in_(chunk)))
        found.update(rows.scalars())
    return found


def load_resolver(conn: Connection) -> CorpusResolver:
    """A resolver that knows every actor already stored, with its aliases, and the
    analyst's edits as rules."""
    alias_rows = conn.execute(sa.select(aliases.c.actor_id, aliases.c.alias)).all()
    by_actor: dict[int, list[str]] = {}
    for actor_id, alias in alias_rows:
        by_actor.setdefault(actor_id, []).append(alias)
    known = [
        KnownActor(
            id=row.id,
            key=row.key,
            name=row.name,
            type=row.type,
            aliases=tuple(by_actor.get(row.id, ())),
        )
        for row in conn.execute(sa.select(actors.c.id, actors.c.key, actors.c.name, actors.c.type))
    ]
    edits = conn.execute(sa.select(actor_edits).order_by(actor_edits.c.id)).mappings()
    return CorpusResolver(known, rules=ResolutionRules.from_edits(edits))


@dataclass(frozen=True)
class _ResolverFingerprint:
    """What tells a writer whether others changed the stored actors since it last wrote."""

    revision: int
    last_actor_id: int
    alias_rows: int


def _resolver_fingerprint(conn: Connection) -> _ResolverFingerprint:
    revision = sa.select(meta.c.value).where(meta.c.key == REVISION_KEY).scalar_subquery()
    row = conn.execute(
        sa.select(
            revision,
            sa.select(sa.func.max(actors.c.id)).scalar_subquery(),
            sa.select(sa.func.count()).select_from(aliases).scalar_subquery(),
        )
    ).one()
    return _ResolverFingerprint(int(row[0] or 0), int(row[1] or 0), int(row[2]))


class ResolverCache:
    """The corpus resolver of one ingest, kept from batch to batch.

    :func:`load_resolver` reads every stored actor and alias, which costs more as
    the corpus grows; one ingest's batches instead share one resolver, which learns
    what each batch stores. At the start of each batch (holding the writer lock) a
    fingerprint says whether another writer stored meanwhile: when it only added
    actors, those and their aliases are read (ids above the last one known); when
    it also gave known actors new aliases, or an edit changed the stored analysis
    (the ``revision`` meta key), everything is loaded again.
    """

    def __init__(self) -> None:
        self._resolver: CorpusResolver | None = None
        self._fingerprint: _ResolverFingerprint | None = None
        #: How many times every stored actor was loaded (a measure, for tests).
        self.full_loads = 0

    def resolver(self, conn: Connection) -> CorpusResolver:
        """The resolver for a batch about to be stored through ``conn``, which holds
        the writer lock: it knows every actor stored so far."""
        now = _resolver_fingerprint(conn)
        known = self._fingerprint
        if self._resolver is None or known is None or now.revision != known.revision:
            return self._load(conn, now)
        if now == known:
            return self._resolver
        added = _actors_after(conn, known.last_actor_id)
        if known.alias_rows + sum(len(a.aliases) for a in added) != now.alias_rows:
            return self._load(conn, now)
        for actor in added:
            self._resolver.add(actor)
        self._fingerprint = now
        return self._resolver

    def wrote(self, conn: Connection) -> None:
        """Note, before ``conn``'s batch commits, what it leaves stored, so that the
        next batch can tell its own writes from another writer's."""
        self._fingerprint = _resolver_fingerprint(conn)

    def forget(self) -> None:
        """Drop the resolver (after a rolled-back batch): the next batch loads again."""
        self._resolver = None
        self._fingerprint = None

    def _load(self, conn: Connection, now: _ResolverFingerprint) -> CorpusResolver:
        self._resolver = load_resolver(conn)
        self._fingerprint = now
        self.full_loads += 1
        return self._resolver


def _actors_after(conn: Connection, last_id: int) -> list[KnownActor]:
    """The stored actors whose id is above ``last_id``, with their aliases."""
    by_actor: dict[int, list[str]] = {}
    for actor_id, alias in conn.execute(
        sa.select(aliases.c.actor_id, aliases.c.alias).where(aliases.c.actor_id > last_id)
    ):
        by_actor.setdefault(actor_id, []).append(alias)
    rows = conn.execute(
        sa.select(actors.c.id, actors.c.key, actors.c.name, actors.c.type)
        .where(actors.c.id > last_id)
        .order_by(actors.c.id)
    )
    return [
        KnownActor(
            id=row.id,
            key=row.key,
            name=row.name,
            type=row.type,
            aliases=tuple(by_actor.get(row.id, ())),
        )
        for row in rows
    ]


def ensure_topics(conn: Connection, topic_rows: Sequence[dict]) -> None:
    """Insert or update the taxonomy's topics (``id``, ``label``, ``description``, ``parent``)."""
    existing = {row.id: row for row in conn.execute(sa.select(topics))}
    for row in topic_rows:
        old = existing.get(row["id"])
        if old is None:
            conn.execute(sa.insert(topics).values(**row))
        elif (old.label, old.description, old.parent) != (
            row["label"],
            row["description"],
            row["parent"],
        ):
            conn.execute(sa.update(topics).where(topics.c.id == row["id"]).values(**row))


def store_analyses(
    engine: Engine,
    analyses: Sequence[Analysis],
    topic_rows: Sequence[dict] = (),
    resolvers: ResolverCache | None = None,
) -> IngestSummary:
    """Store a batch of analysed articles in one transaction; skip those already stored.

    Actors are resolved against the whole corpus: an article's "Qureshi" joins the
    stored "Shah Mehmood Qureshi". ``resolvers``, shared by the batches of one
    ingest, spares reloading every stored actor for each batch (without it, they
    are loaded). Returns the origins of new and duplicate articles.
    """
    summary = IngestSummary()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    try:
        with engine.begin() as conn:
            # Taken before reading, so that what is read is what the batch writes against.
            begin_writing(conn)
            if topic_rows:
                ensure_topics(conn, topic_rows)
            seen = known_identities(conn, (a.article.identity for a in analyses))
            resolver = resolvers.resolver(conn) if resolvers else load_resolver(conn)
            names = NameCounts()
            new_ids = []
            for analysis in analyses:
                article = analysis.article
                if article.identity in seen:
                    summary.duplicates.append(article.origin)
                    continue
                seen.add(article.identity)
                article_id = _insert_analysis(conn, analysis, resolver, now, names)
                if article_id is not None:
                    summary.new.append(article.origin)
                    new_ids.append(article_id)
                else:
                    summary.duplicates.append(article.origin)
            write_name_counts(conn, names)
            # These modules import this one.
            from analysis import summaries
            from analysis.curation import settle_stored_actors

            summaries.add_articles(conn, new_ids)

            settle_stored_actors(conn, resolver)
            if resolvers:
                resolvers.wrote(conn)
    except BaseException:
        # The resolver learnt actors that the rollback takes away again.
        if resolvers:
            resolvers.forget()
        raise
    return summary


def _actor_id(conn: Connection, resolver: CorpusResolver, actor) -> int:
    match = resolver.match(actor)
    if match is not None:
        return match.id
    actor_id = _insert_unless_stored(
        conn,
        actors,
        {"key": actor.key, "name": actor.name, "type": actor.type, "country": actor.country},
        unique="key",
    )
    if actor_id is None:
        # Stored by a writer that did not take the lock, or under a key cut to its column.
        actor_id = conn.execute(
            sa.select(actors.c.id).where(actors.c.key == actor.key)
        ).scalar_one()
    resolver.add(
        KnownActor(id=actor_id, key=actor.key, name=actor.name, type=actor.type, aliases=())
    )
    return actor_id


def _insert_unless_stored(
    conn: Connection, table: sa.Table, values: dict, unique: str
) -> int | None:
    """Insert a row and return its ``id``; None when a row with the same ``unique``
    column value exists (``ON CONFLICT DO NOTHING`` on SQLite and PostgreSQL)."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        return conn.execute(sa.insert(table).values(**values)).inserted_primary_key[0]
    statement = (
        insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=[unique])
        .returning(table.c.id)
    )
    return conn.execute(statement).scalar_one_or_none()


def _insert_analysis(
    conn: Connection,
    analysis: Analysis,
    resolver: CorpusResolver,
    now: dt.datetime,
    names: NameCounts | None = None,
    article_id: int | None = None,
) -> int | None:
    """Insert one article and all it yields; returns its id, or None (and nothing
    written) when the article is already stored.

    Its actors' aliases and roles are added to ``names``, for the caller to write
    with the rest of its batch; without ``names`` they are written here. An
    ``article_id`` is the id to store it under (re-analysis keeps each article's id,
    so that links to it go on working); by default the database picks one. The
    monthly counts (:mod:`analysis.summaries`) are the caller's to update.
    """
    if names is None:
        names = NameCounts()
        stored = _insert_analysis(conn, analysis, resolver, now, names, article_id)
        if stored is not None:
            write_name_counts(conn, names)
        return stored
    article = analysis.article
    article_id = _insert_unless_stored(
        conn,
        articles,
        {
            "identity": article.identity,
            "title": article.title,
            "date": article.date,
            "source": article.source,
            "url": article.url,
            "origin": article.origin,
            "text": article.text,
            "text_offset": article.text_offset,
            "ingested_at": now,
        }
        | ({"id": article_id} if article_id is not None else {}),
        unique="identity",
    )
    if article_id is None:
        return None
    if analysis.sentences:
        conn.execute(
            sa.insert(sentences),
            [
                {"article_id": article_id, "idx": i, "start": s, "end": e}
                for i, (s, e) in enumerate(analysis.sentences)
            ],
        )
    actor_ids: dict[str, int] = {}
    for actor in analysis.actors:
        actor_id = _actor_id(conn, resolver, actor)
        actor_ids[actor.key] = actor_id
        _add_aliases(names, resolver, actor_id, actor.aliases)
        _add_roles(names, actor_id, actor.roles, article.date)
    counts: dict[int, int] = {}
    for actor in analysis.actors:
        actor_id = actor_ids[actor.key]
        counts[actor_id] = counts.get(actor_id, 0) + actor.mentions
    if counts:
        conn.execute(
            sa.insert(article_actors),
            [
                {"article_id": article_id, "actor_id": k, "mentions": v, "date": article.date}
                for k, v in counts.items()
            ],
        )
    if analysis.mentions:
        conn.execute(
            sa.insert(mentions),
            [
                {
                    "article_id": article_id,
                    "actor_id": actor_ids[m.actor_key],
                    "sentence": m.sentence,
                    "start": m.start,
                    "end": m.end,
                    "surface": m.surface[:300],
                }
                for m in analysis.mentions
                if m.actor_key in actor_ids
            ],
        )
    if analysis.quotes:
        conn.execute(
            sa.insert(quotes),
            [
                {
                    "article_id": article_id,
                    "speaker_id": actor_ids.get(q.speaker_key) if q.speaker_key else None,
                    "text": q.text,
                    "start": q.start,
                    "end": q.end,
                    "kind": q.kind,
                    "cue": q.cue,
                    "channel": q.channel,
                    "confidence": q.confidence,
                    "sentence": q.sentence,
                    "speaker_label": None
                    if q.speaker_key
                    else _stored_name(q.speaker or "") or None,
                }
                for q in analysis.quotes
            ],
        )
    if analysis.topics:
        conn.execute(
            sa.insert(article_topics),
            [
                {
                    "article_id": article_id,
                    "topic_id": t.topic_id,
                    "sentences": t.sentences,
                    "date": article.date,
                }
                for t in analysis.topics
            ],
        )
        rows = {(i, t.topic_id) for t in analysis.topics for i in t.sentence_indexes}
        if rows:
            conn.execute(
                sa.insert(sentence_topics),
                [
                    {"article_id": article_id, "sentence": i, "topic_id": tid}
                    for i, tid in sorted(rows)
                ],
            )
    pairs = [(actor_ids.get(i.a_key), actor_ids.get(i.b_key), i) for i in analysis.interactions]
    if any(a and b for a, b, _ in pairs):
        conn.execute(
            sa.insert(interactions),
            [
                {
                    "article_id": article_id,
                    "a_id": a,
                    "b_id": b,
                    "type": i.type,
                    "date": i.date,
                    "place": i.place,
                    "evidence": i.evidence,
                }
                for a, b, i in pairs
                if a and b
            ],
        )
    return article_id


def _stored_name(name: str) -> str:
    """``name`` as an alias or role column stores it (see :class:`StoredString`), so
    that two spellings the database holds as one row are counted as one."""
    return name.replace("\x00", "\ufffd")[:300]


@dataclass
class NameCounts:
    """The aliases and roles a batch adds, summed per actor, to be written together.

    ``aliases`` maps (actor id, alias) to the articles naming the actor so;
    ``roles`` maps (actor id, role) to (first date, last date, articles).
    """

    aliases: dict[tuple[int, str], int] = field(default_factory=dict)
    roles: dict[tuple[int, str], tuple[dt.date | None, dt.date | None, int]] = field(
        default_factory=dict
    )

    def add_role(self, actor_id: int, role: str, date: dt.date | None) -> None:
        key = (actor_id, _stored_name(role))
        first, last, count = self.roles.get(key, (date, date, 0))
        if date is not None:
            first = date if first is None else min(first, date)
            last = date if last is None else max(last, date)
        self.roles[key] = (first, last, count + 1)


def _add_aliases(
    names: NameCounts, resolver: CorpusResolver, actor_id: int, aliases_seen: Iterable[str]
) -> None:
    for alias in set(aliases_seen):
        key = (actor_id, _stored_name(alias))
        if key not in names.aliases:
            resolver.add_alias(actor_id, key[1])
        names.aliases[key] = names.aliases.get(key, 0) + 1


def _add_roles(
    names: NameCounts, actor_id: int, roles_seen: Iterable[str], date: dt.date | None
) -> None:
    for role in set(roles_seen):
        names.add_role(actor_id, role, date)


def _upsert_insert(conn: Connection):
    """The ``insert`` construct with ``ON CONFLICT`` of ``conn``'s dialect, or None."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert

        return insert
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert

        return insert
    return None


def write_name_counts(conn: Connection, names: NameCounts) -> None:
    """Add ``names`` to the stored aliases and roles: counts are summed, and a role
    keeps its earliest and latest dates. One statement per table on SQLite and
    PostgreSQL (``INSERT ... ON CONFLICT DO UPDATE``), a row at a time elsewhere."""
    # Rows in key order, so that writers lock rows in one order.
    alias_rows = [
        {"actor_id": actor_id, "alias": alias, "count": count}
        for (actor_id, alias), count in sorted(names.aliases.items())
    ]
    role_rows = [
        {"actor_id": actor_id, "role": role, "first_seen": first, "last_seen": last, "count": n}
        for (actor_id, role), (first, last, n) in sorted(names.roles.items())
    ]
    insert = _upsert_insert(conn)
    if insert is None:
        _write_name_counts_row_by_row(conn, alias_rows, role_rows)
        return
    if alias_rows:
        statement = insert(aliases)
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=[aliases.c.actor_id, aliases.c.alias],
                set_={"count": aliases.c.count + statement.excluded.count},
            ),
            alias_rows,
        )
    if role_rows:
        statement = insert(roles)
        new = statement.excluded
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=[roles.c.actor_id, roles.c.role],
                set_={
                    # A NULL date neither moves a stored one nor is kept over it.
                    "first_seen": sa.case(
                        (roles.c.first_seen.is_(None), new.first_seen),
                        (new.first_seen < roles.c.first_seen, new.first_seen),
                        else_=roles.c.first_seen,
                    ),
                    "last_seen": sa.case(
                        (roles.c.last_seen.is_(None), new.last_seen),
                        (new.last_seen > roles.c.last_seen, new.last_seen),
                        else_=roles.c.last_seen,
                    ),
                    "count": roles.c.count + new.count,
                },
            ),
            role_rows,
        )


def _write_name_counts_row_by_row(
    conn: Connection, alias_rows: list[dict], role_rows: list[dict]
) -> None:
    """:func:`write_name_counts` for databases without ``ON CONFLICT``."""
    for row in alias_rows:
        updated = conn.execute(
            sa.update(aliases)
            .where(aliases.c.actor_id == row["actor_id"], aliases.c.alias == row["alias"])
            .values(count=aliases.c.count + row["count"])
        )
        if updated.rowcount == 0:
            conn.execute(sa.insert(aliases).values(**row))
    for row in role_rows:
        where = (roles.c.actor_id == row["actor_id"], roles.c.role == row["role"])
        stored = conn.execute(
            sa.select(roles.c.first_seen, roles.c.last_seen).where(*where)
        ).first()
        if stored is None:
            conn.execute(sa.insert(roles).values(**row))
            continue
        first = min((d for d in (stored.first_seen, row["first_seen"]) if d), default=None)
        last = max((d for d in (stored.last_seen, row["last_seen"]) if d), default=None)
        conn.execute(
            sa.update(roles)
            .where(*where)
            .values(first_seen=first, last_seen=last, count=roles.c.count + row["count"])
        )


#: The ``meta`` key counting edits that change analysis without adding articles.
REVISION_KEY = "revision"


def bump_revision(conn: Connection) -> None:
    """Record, inside ``conn``'s writing transaction, that stored analysis changed
    (an actor merged, a corpus re-tagged), so that :func:`corpus_version` changes
    and every cached view is recomputed."""
    increment_counter(conn, REVISION_KEY)


def increment_counter(conn: Connection, key: str) -> None:
    """Add one to the counter stored in ``meta`` under ``key`` (starting from 0),
    inside ``conn``'s writing transaction."""
    updated = conn.execute(
        sa.update(meta)
        .where(meta.c.key == key)
        .values(value=sa.cast(sa.cast(meta.c.value, sa.Integer) + 1, sa.Text))
    )
    if updated.rowcount == 0:
        conn.execute(sa.insert(meta).values(key=key, value="1"))


def stored_origins(engine: Engine, limit: int) -> list[str]:
    """Where up to ``limit`` of the stored articles came from (a file path, with
    ``#n`` for the n-th article of a file of several), in storage order."""
    with engine.connect() as conn:
        statement = sa.select(articles.c.origin).order_by(articles.c.id).limit(limit)
        return [origin for origin in conn.execute(statement).scalars()]


def corpus_version(engine: Engine) -> tuple[int, int]:
    """A fingerprint that changes whenever articles are added or analysis is edited:
    (highest article id, edit revision); (0, 0) for an empty database.

    Two primary-key lookups, cheap at any size: every cached view asks for it.
    Articles are only ever removed by re-analysis, which keeps their ids and bumps
    the revision, and writers take turns, so a new article always has a higher id.
    """
    with engine.connect() as conn:
        highest = conn.execute(sa.select(sa.func.max(articles.c.id))).scalar_one()
        revision = conn.execute(
            sa.select(meta.c.value).where(meta.c.key == REVISION_KEY)
        ).scalar_one_or_none()
    return int(highest or 0), int(revision or 0)
