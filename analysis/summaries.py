"""Counts kept beside the analysed rows: ``actor_months``, ``topic_months``,
``article_months``, ``actor_totals`` and ``actor_sources`` (tables in
:mod:`analysis.store`).

The monthly ones hold, per month and source, how many dated articles name an
actor (and how often), carry a topic, or were stored at all; ``actor_totals`` and
``actor_sources`` hold each actor's articles and mentions of all time, in all and
per source. Every writer keeps them exact in the
same transaction as the rows they count: it calls :func:`add_articles` with
``sign=-1`` before deleting or rewriting an article's rows and with ``sign=1`` after
writing them. :func:`rebuild` recomputes them from scratch (an older database, a
bulk load). The dashboard's queries read them for whole months and the raw rows
only for the partial months at the ends of a date range (:mod:`analysis.queries`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from analysis.store import (
    _upsert_insert,
    actor_months,
    actor_sources,
    actor_totals,
    article_actors,
    article_months,
    article_topics,
    articles,
    topic_months,
)

#: Ids per ``IN (...)`` list, well under every database's limit on parameters.
_CHUNK = 500
#: What :func:`add_articles` can update.
PARTS = ("actors", "totals", "sources", "topics", "articles")
#: The parts counting actors.
ACTOR_PARTS = ("actors", "totals", "sources")


def month_of(dialect: str, column):
    """The first day of the month of the date ``column``, as SQL of ``dialect``."""
    if dialect == "sqlite":
        # Stored as SQLAlchemy stores dates in SQLite; read back as a date.
        return sa.type_coerce(sa.func.date(column, "start of month"), sa.Date)
    return sa.cast(sa.func.date_trunc("month", column), sa.Date)


def _chunks(values: Sequence, size: int = _CHUNK) -> Iterable[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _counts(dialect: str, part: str, where: Sequence = ()) -> sa.Select:
    """The rows of ``part``'s table, counted from the analysed rows matching ``where``:
    key columns, then the measures, in the table's column order."""
    month = month_of(dialect, articles.c.date).label("month")
    dated = [articles.c.date.is_not(None), *where]
    if part == "totals":
        return (
            sa.select(
                article_actors.c.actor_id, sa.func.count(), sa.func.sum(article_actors.c.mentions)
            )
            .join(articles, articles.c.id == article_actors.c.article_id)
            .where(*where)
            .group_by(article_actors.c.actor_id)
        )
    if part == "sources":
        return (
            sa.select(
                article_actors.c.actor_id,
                articles.c.source,
                sa.func.count(),
                sa.func.sum(article_actors.c.mentions),
            )
            .join(articles, articles.c.id == article_actors.c.article_id)
            .where(*where)
            .group_by(article_actors.c.actor_id, articles.c.source)
        )
    if part == "actors":
        return (
            sa.select(
                article_actors.c.actor_id,
                month,
                articles.c.source,
                sa.func.count(),
                sa.func.sum(article_actors.c.mentions),
            )
            .join(articles, articles.c.id == article_actors.c.article_id)
            .where(*dated)
            .group_by(article_actors.c.actor_id, month, articles.c.source)
        )
    if part == "topics":
        return (
            sa.select(article_topics.c.topic_id, month, articles.c.source, sa.func.count())
            .join(articles, articles.c.id == article_topics.c.article_id)
            .where(*dated)
            .group_by(article_topics.c.topic_id, month, articles.c.source)
        )
    return (
        sa.select(month, articles.c.source, sa.func.count())
        .where(*dated)
        .group_by(month, articles.c.source)
    )


_TABLES = {
    "actors": actor_months,
    "totals": actor_totals,
    "sources": actor_sources,
    "topics": topic_months,
    "articles": article_months,
}


def _layout(part: str) -> tuple[sa.Table, list[str], list[str]]:
    table = _TABLES[part]
    measures = ["articles", "mentions"] if part in ACTOR_PARTS else ["articles"]
    keys = [c.name for c in table.primary_key.columns]
    return table, keys, measures


def add_articles(
    conn: Connection,
    article_ids: Iterable[int],
    sign: int = 1,
    parts: Sequence[str] = PARTS,
    actor_ids: Sequence[int] | None = None,
) -> None:
    """Add (``sign=1``) or take away (``sign=-1``) what the stored rows of these
    articles count, inside ``conn``'s writing transaction. ``parts`` chooses the tables;
    ``actor_ids`` limits the parts counting actors (:data:`ACTOR_PARTS`) to rows of
    those actors. Rows falling to zero go."""
    dialect = conn.dialect.name
    ids = sorted(set(article_ids))
    counted: dict[str, dict[tuple, list[int]]] = {part: {} for part in parts}

    def add(part: str, key: tuple, values: Sequence) -> None:
        total = counted[part].setdefault(key, [0] * len(values))
        for i, value in enumerate(values):
            total[i] += sign * int(value or 0)

    for chunk in _chunks(ids):
        where = [articles.c.id.in_(chunk)]
        if any(part in ACTOR_PARTS for part in parts):
            # One read of the articles' actor rows feeds the three actor tables.
            by_actor = [*where]
            if actor_ids is not None:
                by_actor.append(article_actors.c.actor_id.in_(list(actor_ids)))
            for actor_id, month, source, n, mentions in conn.execute(
                _actor_rows(dialect, by_actor)
            ):
                if "actors" in parts and month is not None:
                    add("actors", (actor_id, month, source), (n, mentions))
                if "totals" in parts:
                    add("totals", (actor_id,), (n, mentions))
                if "sources" in parts:
                    add("sources", (actor_id, source), (n, mentions))
        for part in parts:
            if part not in ACTOR_PARTS:
                keys = _layout(part)[1]
                for row in conn.execute(_counts(dialect, part, where)):
                    add(part, tuple(row[: len(keys)]), row[len(keys) :])
    for part in parts:
        table, keys, measures = _layout(part)
        _add_rows(conn, table, keys, measures, counted[part])


def _actor_rows(dialect: str, where: Sequence) -> sa.Select:
    """Articles and mentions per actor, month (None when undated) and source of the
    rows matching ``where``: what the three actor tables count."""
    month = month_of(dialect, articles.c.date).label("month")
    return (
        sa.select(
            article_actors.c.actor_id,
            month,
            articles.c.source,
            sa.func.count(),
            sa.func.sum(article_actors.c.mentions),
        )
        .join(articles, articles.c.id == article_actors.c.article_id)
        .where(*where)
        .group_by(article_actors.c.actor_id, month, articles.c.source)
    )


def _add_rows(
    conn: Connection,
    table: sa.Table,
    keys: list[str],
    measures: list[str],
    counted: dict[tuple, list[int]],
) -> None:
    if not counted:
        return
    # In key order, so that concurrent writers lock rows in one order.
    rows = [
        dict(zip(keys, key, strict=True)) | dict(zip(measures, values, strict=True))
        for key, values in sorted(counted.items(), key=lambda item: tuple(map(str, item[0])))
    ]
    insert = _upsert_insert(conn)
    if insert is not None:
        statement = insert(table)
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=[table.c[k] for k in keys],
                set_={m: table.c[m] + statement.excluded[m] for m in measures},
            ),
            rows,
        )
    else:
        for row in rows:
            where = [table.c[k] == row[k] for k in keys]
            updated = conn.execute(
                sa.update(table).where(*where).values({m: table.c[m] + row[m] for m in measures})
            )
            if updated.rowcount == 0:
                conn.execute(sa.insert(table).values(**row))
    if any(value < 0 for values in counted.values() for value in values):
        emptied = [key for key in counted]
        for chunk in _chunks(emptied):
            match = sa.tuple_(*(table.c[k] for k in keys)).in_(chunk)
            conn.execute(sa.delete(table).where(match, table.c.articles <= 0))


def rebuild(conn: Connection) -> None:
    """Recompute every monthly count from the stored rows, inside ``conn``'s writing
    transaction (a database from before these tables, a bulk load)."""
    dialect = conn.dialect.name
    for part in PARTS:
        table, keys, measures = _layout(part)
        conn.execute(sa.delete(table))
        conn.execute(sa.insert(table).from_select(keys + measures, _counts(dialect, part)))


def drift(conn: Connection) -> dict[str, int]:
    """Rows of each monthly table that differ from a recount of the stored rows (missing,
    extra or wrong); all zero when the tables are exact. For tests and checks."""
    dialect = conn.dialect.name
    found = {}
    for part in PARTS:
        table, keys, measures = _layout(part)
        stored = {
            tuple(map(str, row[: len(keys)])): tuple(row[len(keys) :])
            for row in conn.execute(sa.select(*(table.c[c] for c in keys + measures)))
        }
        recount = {
            tuple(map(str, row[: len(keys)])): tuple(int(v) for v in row[len(keys) :])
            for row in conn.execute(_counts(dialect, part))
        }
        found[table.name] = sum(
            stored.get(key) != recount.get(key) for key in set(stored) | set(recount)
        )
    return found
