"""Read-only questions the dashboard asks of the store, answered as tidy DataFrames.

Every function takes an engine or a connection first, then plain hashable
arguments (a :class:`Filters`, ids, a period name), and returns a DataFrame whose
columns its docstring lists. Counting and grouping happen in SQL (SQLAlchemy
Core), so a large corpus never travels to Python row by row.

"Articles in the filtered period" means articles whose date lies in
``[filters.start, filters.end]`` (undated articles are left out when either
bound is set), whose source is one of ``filters.sources`` and which carry at
least one of ``filters.topics`` (an empty tuple does not filter).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from analysis.curation import NOT_AN_ACTOR, describe_edit
from analysis.display import paragraph_around
from analysis.errors import ChanceryError
from analysis.store import (
    actor_edits,
    actor_months,
    actor_sources,
    actor_totals,
    actors,
    aliases,
    article_actors,
    article_months,
    article_topics,
    articles,
    interactions,
    mentions,
    quotes,
    roles,
    sentence_topics,
    sentences,
    topic_months,
    topics,
)

Bind = Engine | Connection
Freq = Literal["day", "week", "month", "quarter"]
FREQS: tuple[Freq, ...] = ("day", "week", "month", "quarter")
#: Separates the article titles packed into one cell by :func:`actor_timeline`.
TITLE_SEPARATOR = "\x1f"
#: How many article titles :func:`actor_timeline` packs per actor and period (the
#: chart's hover shows that many and counts the rest).
TIMELINE_TITLES = 6


class UnsupportedQuery(ChanceryError):
    """A question this database or these arguments cannot answer."""


@dataclass(frozen=True)
class Filters:
    """The shared sidebar filters; hashable, so it can key a cache. Empty means "all"."""

    start: dt.date | None = None
    end: dt.date | None = None
    sources: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


# --- building blocks ---------------------------------------------------------------------


def _period_totals(dialect: str, filters: Filters, freq: Freq) -> sa.Subquery:
    """Filtered, dated articles per period (``period``, ``total``): the denominator of
    every share."""
    counted = _counts(dialect, "articles", filters, freq=freq)
    return sa.select(counted.c.period, counted.c.articles.label("total")).subquery("totals")


@contextmanager
def _connection(bind: Bind) -> Iterator[Connection]:
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.connect() as conn:
            yield conn


def _frame(bind: Bind, statement, columns: Sequence[str]) -> pd.DataFrame:
    with _connection(bind) as conn:
        rows = conn.execute(statement).all()
    return pd.DataFrame([tuple(row) for row in rows], columns=list(columns))


def _conditions(filters: Filters) -> list:
    """WHERE clauses on ``articles`` for the shared filters."""
    clauses: list = []
    if filters.start is not None:
        clauses.append(articles.c.date >= filters.start)
    if filters.end is not None:
        clauses.append(articles.c.date <= filters.end)
    if filters.sources:
        clauses.append(articles.c.source.in_(filters.sources))
    if filters.topics:
        # An alias, so that a query over article_topics itself does not correlate it away.
        tagged = article_topics.alias("filter_topics")
        clauses.append(
            sa.exists().where(
                tagged.c.article_id == articles.c.id,
                tagged.c.topic_id.in_(filters.topics),
            )
        )
    return clauses


def _dated_conditions(table: sa.Table, filters: Filters) -> list:
    """WHERE clauses for the shared filters on ``article_actors`` or ``article_topics``,
    which carry their article's date: the dates on the table's own column, sources and
    topics through the articles."""
    clauses: list = []
    if filters.start is not None:
        clauses.append(table.c.date >= filters.start)
    if filters.end is not None:
        clauses.append(table.c.date <= filters.end)
    return clauses + _in_filtered(table.c.article_id, replace(filters, start=None, end=None))


def _filtered_ids(filters: Filters):
    return sa.select(articles.c.id).where(*_conditions(filters))


def _in_filtered(article_id, filters: Filters) -> list:
    """WHERE clauses keeping rows whose ``article_id`` is a filtered article: none when
    nothing is filtered, since every stored row belongs to a stored article (foreign
    keys), and the test would cost a lookup per row of the largest tables."""
    if filters == Filters():
        return []
    return [article_id.in_(_filtered_ids(filters))]


def _period(dialect: str, column, freq: Freq):
    """The first day of the day, week (Monday), month or quarter that ``column`` falls in."""
    if freq not in FREQS:
        raise UnsupportedQuery(f"unknown period {freq!r}; choose one of {', '.join(FREQS)}")
    if dialect == "sqlite":
        if freq == "day":
            return sa.func.date(column)
        if freq == "week":
            return sa.func.date(column, "weekday 0", "-6 days")
        if freq == "month":
            return sa.func.strftime("%Y-%m-01", column)
        first_month = (sa.cast(sa.func.strftime("%m", column), sa.Integer) - 1) // 3 * 3 + 1
        quarter = sa.func.printf("%s-%02d-01", sa.func.strftime("%Y", column), first_month)
        # printf makes "-00-01" of a missing date, where the other periods stay NULL.
        return sa.case((column.is_(None), sa.null()), else_=quarter)
    if dialect == "postgresql":
        return sa.cast(sa.func.date_trunc(freq, column), sa.Date)
    raise UnsupportedQuery(f"periods are computed for SQLite and PostgreSQL, not {dialect}")


#: How far the next period starts after a period's first day.
_PERIOD_LENGTHS = {
    "day": ("+1 day", "1 day"),
    "week": ("+7 days", "7 days"),
    "month": ("+1 month", "1 month"),
    "quarter": ("+3 months", "3 months"),
}


def _period_end(dialect: str, start, freq: Freq):
    """The first day of the period after the one starting at ``start`` (from :func:`_period`)."""
    sqlite_shift, interval = _PERIOD_LENGTHS[freq]
    if dialect == "sqlite":
        return sa.func.date(start, sqlite_shift)
    return sa.cast(start + sa.text(f"interval '{interval}'"), sa.Date)


def _dialect(bind: Bind) -> str:
    return bind.dialect.name


def _as_dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.assign(**{c: pd.to_datetime(frame[c]) for c in columns})


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- monthly counts -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Split:
    """A date filter cut into whole months, read from the monthly counts, and the days at
    its ends, read from the rows. ``first``/``last``: the first days of the first and last
    whole months (None: open); ``days``: inclusive date ranges; ``undated``: whether
    undated articles count (no date filter)."""

    whole: bool
    first: dt.date | None
    last: dt.date | None
    days: tuple[tuple[dt.date, dt.date], ...]
    undated: bool


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _split(filters: Filters, freq: Freq | None) -> _Split:
    """How the monthly counts answer ``filters`` counted by ``freq``. Without them (a
    topic filter: they are per month and source, not per topic; or periods shorter
    than a month) the rows answer the whole date range."""
    start, end = filters.start, filters.end
    if filters.topics or freq not in (None, "month", "quarter"):
        return _Split(False, None, None, ((start, end),), False)
    first = None if start is None else (start if start.day == 1 else _next_month(start))
    last = None
    if end is not None:
        last = _month_start(end) if _next_month(end) - end == dt.timedelta(days=1) else None
        if last is None:
            last = _month_start(_month_start(end) - dt.timedelta(days=1))
    whole = first is None or last is None or first <= last
    if not whole:
        return _Split(False, None, None, ((start, end),), False)
    days = []
    if start is not None and start != first:
        days.append((start, first - dt.timedelta(days=1)))
    if end is not None and _next_month(end) - end != dt.timedelta(days=1):
        days.append((_month_start(end), end))
    return _Split(True, first, last, tuple(days), start is None and end is None)


@dataclass(frozen=True)
class _Counted:
    """A monthly table and the rows it counts: ``key`` names the column both share
    (None for article totals); ``measures`` are (label, monthly column, row aggregate)."""

    monthly: sa.Table
    rows: sa.Table
    key: str | None
    measures: tuple[tuple[str, str, object], ...]


_COUNTED = {
    "actors": _Counted(
        actor_months,
        article_actors,
        "actor_id",
        (
            ("articles", "articles", sa.func.count()),
            ("mentions", "mentions", sa.func.sum(article_actors.c.mentions)),
        ),
    ),
    "topics": _Counted(
        topic_months, article_topics, "topic_id", (("articles", "articles", sa.func.count()),)
    ),
    "articles": _Counted(
        article_months, articles, None, (("articles", "articles", sa.func.count()),)
    ),
}


def _grouping(dialect: str, key, source, when, keys, by_source: bool, freq: Freq | None):
    """The columns, GROUP BY terms and WHERE clauses of one part of
    :func:`_counts`: its ``key`` column (if any, limited to ``keys``), its
    ``source`` column if ``by_source``, and the period of ``when`` if ``freq``."""
    columns, group, where = [], [], []
    if key is not None:
        columns.append(key.label(key.name))
        group.append(key)
        if keys is not None:
            where.append(key.in_(list(keys)))
    if by_source:
        columns.append(source.label("source"))
        group.append(source)
    if freq:
        period = _period(dialect, when, freq)
        columns.append(period.label("period"))
        group.append(period)
    return columns, group, where


def _counts(
    dialect: str,
    what: str,
    filters: Filters,
    keys: Sequence | None = None,
    freq: Freq | None = None,
    by_source: bool = False,
) -> sa.Subquery:
    """Counts of ``what`` (actors, topics or articles) in the filtered articles: columns
    ``key`` (``actor_id`` or ``topic_id``; none for articles), ``source`` when
    ``by_source``, ``period`` when ``freq`` is given (dated articles only), then the
    measures (``articles``, and ``mentions`` for actors). ``keys``, unless None, limits
    the actors or topics counted. Whole months come from the monthly counts, the rest
    of the date range (its end days, or all of it, see :func:`_split`) from the rows,
    by their own dates."""
    split = _split(filters, freq)
    counted = _COUNTED[what]
    monthly, rows = counted.monthly, counted.rows
    parts = []
    if split.whole:
        where = []
        if split.first is not None:
            where.append(monthly.c.month >= split.first)
        if split.last is not None:
            where.append(monthly.c.month <= split.last)
        if filters.sources:
            where.append(monthly.c.source.in_(filters.sources))
        key = monthly.c[counted.key] if counted.key else None
        columns, group, chosen = _grouping(
            dialect, key, monthly.c.source, monthly.c.month, keys, by_source, freq
        )
        where += chosen
        measures = [sa.func.sum(monthly.c[c]).label(label) for label, c, _ in counted.measures]
        parts.append(sa.select(*columns, *measures).where(*where).group_by(*group))
    ranges = []
    for low, high in split.days:
        dated = []
        if low is not None:
            dated.append(rows.c.date >= low)
        if high is not None:
            dated.append(rows.c.date <= high)
        if not dated and freq:
            dated.append(rows.c.date.is_not(None))  # periods are of dated rows only
        ranges.append(dated)
    if split.undated and not freq:
        ranges.append([rows.c.date.is_(None)])
    # The dates are the rows' own; the other filters go through their articles.
    others = replace(filters, start=None, end=None)
    for where in ranges:
        joined = rows
        if by_source and what != "articles":
            joined = rows.join(articles, articles.c.id == rows.c.article_id)
        if what == "articles" or by_source:
            where += _conditions(others)
        else:
            where += _in_filtered(rows.c.article_id, others)
        key = rows.c[counted.key] if counted.key else None
        columns, group, chosen = _grouping(
            dialect, key, articles.c.source, rows.c.date, keys, by_source, freq
        )
        where += chosen
        measures = [aggregate.label(label) for label, _, aggregate in counted.measures]
        statement = sa.select(*columns, *measures).select_from(joined)
        parts.append(statement.where(*where).group_by(*group))
    if len(parts) == 1:
        return parts[0].subquery(f"{what}_counts")
    together = sa.union_all(*parts).subquery(f"{what}_parts")
    columns = [together.c[counted.key]] if counted.key else []
    if by_source:
        columns.append(together.c.source)
    if freq:
        columns.append(together.c.period)
    measures = [
        sa.cast(sa.func.sum(together.c[label]), sa.Integer).label(label)
        for label, _, _ in counted.measures
    ]
    statement = sa.select(*columns, *measures)
    if columns:
        statement = statement.group_by(*columns)
    return statement.subquery(f"{what}_counts")


# --- the corpus at a glance ----------------------------------------------------------------


def corpus_summary(bind: Bind, filters: Filters) -> pd.DataFrame:
    """One row: ``articles``, ``sources``, ``first_date``, ``last_date``, ``actors``, ``quotes``."""
    if filters == Filters():
        # One index probe per actor rather than a read of every row of article_actors.
        named = sa.select(sa.func.count(actors.c.id)).where(
            actors.c.type != NOT_AN_ACTOR,
            sa.exists().where(article_actors.c.actor_id == actors.c.id),
        )
        said = sa.select(sa.func.count(quotes.c.id))
    else:
        # Each actor's type read once, not once per article naming it.
        present = (
            sa.select(article_actors.c.actor_id)
            .where(*_dated_conditions(article_actors, filters))
            .group_by(article_actors.c.actor_id)
            .subquery()
        )
        named = (
            sa.select(sa.func.count(actors.c.id))
            .join(present, present.c.actor_id == actors.c.id)
            .where(actors.c.type != NOT_AN_ACTOR)
        )
        said = sa.select(sa.func.count(quotes.c.id)).where(
            *_in_filtered(quotes.c.article_id, filters)
        )
    statement = sa.select(
        sa.func.count(articles.c.id),
        sa.func.count(sa.distinct(articles.c.source)),
        sa.func.min(articles.c.date),
        sa.func.max(articles.c.date),
        named.scalar_subquery(),
        said.scalar_subquery(),
    ).where(*_conditions(filters))
    columns = ["articles", "sources", "first_date", "last_date", "actors", "quotes"]
    return _frame(bind, statement, columns)


def date_bounds(bind: Bind) -> pd.DataFrame:
    """One row: ``first_date``, ``last_date`` of all dated articles (None when there are none)."""
    statement = sa.select(sa.func.min(articles.c.date), sa.func.max(articles.c.date))
    return _frame(bind, statement, ["first_date", "last_date"])


def source_options(bind: Bind) -> pd.DataFrame:
    """Every source: ``source``, ``articles``; most articles first."""
    count = sa.func.count(articles.c.id)
    statement = (
        sa.select(articles.c.source, count)
        .group_by(articles.c.source)
        .order_by(count.desc(), articles.c.source)
    )
    return _frame(bind, statement, ["source", "articles"])


def topic_options(bind: Bind) -> pd.DataFrame:
    """Every topic some article carries: ``topic_id``, ``label``, ``articles``; most first."""
    count = sa.func.count(article_topics.c.article_id)
    statement = (
        sa.select(topics.c.id, topics.c.label, count)
        .join(article_topics, article_topics.c.topic_id == topics.c.id)
        .group_by(topics.c.id, topics.c.label)
        .order_by(count.desc(), topics.c.label)
    )
    return _frame(bind, statement, ["topic_id", "label", "articles"])


def article_volume(bind: Bind, filters: Filters, freq: Freq = "month") -> pd.DataFrame:
    """Dated articles per period: ``period`` (datetime, start of the period), ``articles``."""
    period = _period(_dialect(bind), articles.c.date, freq).label("period")
    statement = (
        sa.select(period, sa.func.count(articles.c.id))
        .where(articles.c.date.is_not(None), *_conditions(filters))
        .group_by(period)
        .order_by(period)
    )
    return _as_dates(_frame(bind, statement, ["period", "articles"]), "period")


def latest_articles(bind: Bind, filters: Filters, limit: int = 10) -> pd.DataFrame:
    """The newest articles: ``article_id``, ``title``, ``date``, ``source``, ``url``."""
    statement = (
        sa.select(
            articles.c.id, articles.c.title, articles.c.date, articles.c.source, articles.c.url
        )
        .where(*_conditions(filters))
        .order_by(articles.c.date.desc().nulls_last(), articles.c.id.desc())
        .limit(limit)
    )
    return _frame(bind, statement, ["article_id", "title", "date", "source", "url"])


# --- actors --------------------------------------------------------------------------------


#: Actors a short ranking first looks at (at least): the most named of all time.
_RANKING_CANDIDATES = 64
#: Times a short ranking looks at four times more actors before counting them all.
_RANKING_ROUNDS = 3


def top_actors(
    bind: Bind,
    filters: Filters,
    limit: int | None = 10,
    actor_ids: Sequence[int] = (),
    types: Sequence[str] = (),
) -> pd.DataFrame:
    """Actors by articles mentioning them in the filtered period.

    Columns: ``actor_id``, ``name``, ``type``, ``articles``, ``mentions``. ``actor_ids``
    and ``types``, when given, restrict the actors counted.
    """
    if limit is None or limit <= 0 or filters.topics or not (filters.start or filters.end):
        return _actor_ranking(bind, filters, limit, actor_ids, types)
    # No actor is named in more articles of a period than of all time (in its sources):
    # count the period for the actors most named of all time only, and stop once the
    # last of the ``limit`` best beats every actor left out.
    bound = _all_time(filters.sources)
    candidates = max(4 * limit, _RANKING_CANDIDATES)
    for _ in range(_RANKING_ROUNDS):
        statement = (
            sa.select(bound.c.actor_id, bound.c.articles)
            .join(actors, actors.c.id == bound.c.actor_id)
            .where(actors.c.type != NOT_AN_ACTOR)
            .order_by(bound.c.articles.desc(), bound.c.actor_id)
            .limit(candidates + 1)
        )
        if types:
            statement = statement.where(actors.c.type.in_(list(types)))
        if actor_ids:
            statement = statement.where(bound.c.actor_id.in_(list(actor_ids)))
        with _connection(bind) as conn:
            rows = conn.execute(statement).all()
        chosen = [row.actor_id for row in rows[:candidates]]
        if not chosen:
            return _actor_ranking(bind, filters, 0, (), types)
        ranking = _actor_ranking(bind, filters, limit, chosen, types)
        if len(rows) <= candidates:
            return ranking
        if len(ranking) == limit and ranking["articles"].iloc[-1] > rows[candidates].articles:
            return ranking
        candidates *= 4
    return _actor_ranking(bind, filters, limit, actor_ids, types)


def _all_time(sources: Sequence[str] = ()) -> sa.Subquery:
    """Each actor's articles and mentions of all time (in ``sources`` if any):
    ``actor_id``, ``articles``, ``mentions``."""
    if not sources:
        columns = (actor_totals.c.actor_id, actor_totals.c.articles, actor_totals.c.mentions)
        return sa.select(*columns).subquery("all_time")
    return (
        sa.select(
            actor_sources.c.actor_id,
            sa.func.sum(actor_sources.c.articles).label("articles"),
            sa.func.sum(actor_sources.c.mentions).label("mentions"),
        )
        .where(actor_sources.c.source.in_(list(sources)))
        .group_by(actor_sources.c.actor_id)
        .subquery("all_time")
    )


def _actor_ranking(
    bind: Bind,
    filters: Filters,
    limit: int | None,
    actor_ids: Sequence[int],
    types: Sequence[str],
) -> pd.DataFrame:
    """:func:`top_actors` counted for every actor (of ``actor_ids`` if any)."""
    # Counted per actor id first, then joined to the names.
    if not (filters.start or filters.end or filters.topics):
        per_actor = _all_time(filters.sources)
    else:
        per_actor = _counts(_dialect(bind), "actors", filters, actor_ids or None)
    statement = (
        sa.select(
            actors.c.id, actors.c.name, actors.c.type, per_actor.c.articles, per_actor.c.mentions
        )
        .join(per_actor, per_actor.c.actor_id == actors.c.id)
        .where(actors.c.type != NOT_AN_ACTOR)
        .order_by(
            per_actor.c.articles.desc(), per_actor.c.mentions.desc(), actors.c.name, actors.c.id
        )
    )
    if actor_ids:
        statement = statement.where(actors.c.id.in_(list(actor_ids)))
    if types:
        statement = statement.where(actors.c.type.in_(list(types)))
    if limit is not None:
        statement = statement.limit(limit)
    return _frame(bind, statement, ["actor_id", "name", "type", "articles", "mentions"])


def network_actors(
    bind: Bind, filters: Filters, limit: int, include: Sequence[int] = ()
) -> pd.DataFrame:
    """The ``limit`` actors named in most filtered articles, plus those of ``include`` named
    there at all; columns as :func:`top_actors`."""
    wanted = set(include)
    if limit > 0:
        wanted |= set(top_actors(bind, filters, limit)["actor_id"])
    if not wanted:
        return top_actors(bind, filters, 0)
    return top_actors(bind, filters, None, tuple(sorted(wanted)))


def actor_options(bind: Bind) -> pd.DataFrame:
    """Every actor: ``actor_id``, ``name``, ``type``, ``articles`` (all time); most first."""
    return top_actors(bind, Filters(), limit=None).drop(columns="mentions")


def actor_timeline(
    bind: Bind, filters: Filters, actor_ids: Sequence[int], freq: Freq = "month"
) -> pd.DataFrame:
    """Mentions of ``actor_ids`` per period in the filtered, dated articles.

    Columns: ``actor_id``, ``name``, ``period`` (datetime), ``articles`` (articles
    mentioning the actor), ``mentions``, ``total_articles`` (all filtered articles in
    the period), ``share`` (``articles / total_articles``) and ``titles`` (the titles
    of the period's first :data:`TIMELINE_TITLES` articles, oldest first, joined by
    :data:`TITLE_SEPARATOR`). Periods where an actor does not appear have no row.
    """
    if not actor_ids:
        return pd.DataFrame(
            columns=[
                "actor_id",
                "name",
                "period",
                "articles",
                "mentions",
                "total_articles",
                "share",
                "titles",
            ]
        )
    dialect = _dialect(bind)
    per_actor = _counts(dialect, "actors", filters, actor_ids, freq)
    totals = _period_totals(dialect, filters, freq)
    statement = (
        sa.select(
            per_actor.c.actor_id,
            actors.c.name,
            per_actor.c.period,
            per_actor.c.articles,
            per_actor.c.mentions,
            totals.c.total,
            sa.cast(per_actor.c.articles, sa.Float) / totals.c.total,
        )
        .join(actors, actors.c.id == per_actor.c.actor_id)
        .join(totals, totals.c.period == per_actor.c.period)
        .order_by(per_actor.c.actor_id, per_actor.c.period)
    )
    # The first few titles of each actor and period, oldest first: a leading actor is
    # named in tens of thousands of articles, so each (actor, period) reads only its
    # first rows, in the order of the index on (actor, date, article).
    later = article_actors.alias("later")
    first_ones = (
        sa.select(later.c.article_id)
        .where(
            later.c.actor_id == per_actor.c.actor_id,
            later.c.date >= per_actor.c.period,
            later.c.date < _period_end(dialect, per_actor.c.period, freq),
            *_dated_conditions(later, filters),
        )
        .order_by(later.c.date, later.c.article_id)
        .limit(TIMELINE_TITLES)
    )
    if dialect == "sqlite":
        # SQLite has no LATERAL; it runs this correlated list once per (actor, period).
        found = per_actor.join(articles, articles.c.id.in_(first_ones.correlate(per_actor)))
    else:
        # PostgreSQL would test the correlated list against every article: a LATERAL
        # join runs it once per (actor, period).
        first = first_ones.lateral("first_ones")
        found = per_actor.join(first, sa.true()).join(articles, articles.c.id == first.c.article_id)
    titled = (
        sa.select(per_actor.c.actor_id, per_actor.c.period, articles.c.title)
        .select_from(found)
        .order_by(per_actor.c.actor_id, per_actor.c.period, articles.c.date, articles.c.id)
    )
    columns = [
        "actor_id",
        "name",
        "period",
        "articles",
        "mentions",
        "total_articles",
        "share",
        "titles",
    ]
    titles = (
        _frame(bind, titled, ["actor_id", "period", "title"])
        .groupby(["actor_id", "period"], sort=False)["title"]
        .agg(TITLE_SEPARATOR.join)
        .rename("titles")
    )
    timeline = _frame(bind, statement, columns[:-1]).join(titles, on=["actor_id", "period"])
    return _as_dates(timeline[columns], "period")


def actor_interactions(
    bind: Bind, filters: Filters, actor_ids: Sequence[int], freq: Freq = "month"
) -> pd.DataFrame:
    """Meetings, calls and visits involving any of ``actor_ids`` in the filtered articles.

    Columns: ``interaction_id``, ``date`` (the interaction's, else the article's),
    ``period`` (datetime), ``type``, ``a_id``, ``a_name``, ``b_id``, ``b_name``,
    ``place``, ``evidence``, ``article_id``, ``title``; newest first.
    """
    a_actor = actors.alias("a_actor")
    b_actor = actors.alias("b_actor")
    when = sa.func.coalesce(interactions.c.date, articles.c.date)
    statement = (
        sa.select(
            interactions.c.id,
            when,
            _period(_dialect(bind), when, freq),
            interactions.c.type,
            interactions.c.a_id,
            a_actor.c.name,
            interactions.c.b_id,
            b_actor.c.name,
            interactions.c.place,
            interactions.c.evidence,
            articles.c.id,
            articles.c.title,
        )
        .join(articles, articles.c.id == interactions.c.article_id)
        .join(a_actor, a_actor.c.id == interactions.c.a_id)
        .join(b_actor, b_actor.c.id == interactions.c.b_id)
        .where(
            sa.or_(
                interactions.c.a_id.in_(list(actor_ids)), interactions.c.b_id.in_(list(actor_ids))
            ),
            a_actor.c.type != NOT_AN_ACTOR,
            b_actor.c.type != NOT_AN_ACTOR,
            *_conditions(filters),
        )
        .order_by(when.desc().nulls_last(), interactions.c.id)
    )
    columns = [
        "interaction_id",
        "date",
        "period",
        "type",
        "a_id",
        "a_name",
        "b_id",
        "b_name",
        "place",
        "evidence",
        "article_id",
        "title",
    ]
    return _as_dates(_frame(bind, statement, columns), "period")


def actor_profile(bind: Bind, actor_id: int) -> pd.DataFrame:
    """One row (none for an unknown id): ``actor_id``, ``name``, ``type``, ``country``,
    ``articles``, ``mentions``, ``quotes``, ``first_date``, ``last_date`` (all time)."""
    seen = article_actors.c.actor_id == actor_id
    statement = sa.select(
        actors.c.id,
        actors.c.name,
        actors.c.type,
        actors.c.country,
        sa.select(sa.func.count(article_actors.c.article_id)).where(seen).scalar_subquery(),
        sa.select(sa.func.coalesce(sa.func.sum(article_actors.c.mentions), 0))
        .where(seen)
        .scalar_subquery(),
        sa.select(sa.func.count(quotes.c.id))
        .where(quotes.c.speaker_id == actor_id)
        .scalar_subquery(),
        sa.select(sa.func.min(articles.c.date))
        .join(article_actors, article_actors.c.article_id == articles.c.id)
        .where(seen)
        .scalar_subquery(),
        sa.select(sa.func.max(articles.c.date))
        .join(article_actors, article_actors.c.article_id == articles.c.id)
        .where(seen)
        .scalar_subquery(),
    ).where(actors.c.id == actor_id)
    columns = [
        "actor_id",
        "name",
        "type",
        "country",
        "articles",
        "mentions",
        "quotes",
        "first_date",
        "last_date",
    ]
    return _frame(bind, statement, columns)


def actor_aliases(bind: Bind, actor_id: int) -> pd.DataFrame:
    """The names an actor was written as: ``alias``, ``count`` (articles); most used first."""
    statement = (
        sa.select(aliases.c.alias, aliases.c.count)
        .where(aliases.c.actor_id == actor_id)
        .order_by(aliases.c.count.desc(), aliases.c.alias)
    )
    return _frame(bind, statement, ["alias", "count"])


def actor_roles(bind: Bind, actor_id: int) -> pd.DataFrame:
    """An actor's titles: ``role``, ``first_seen``, ``last_seen``, ``count``; latest first."""
    statement = (
        sa.select(roles.c.role, roles.c.first_seen, roles.c.last_seen, roles.c.count)
        .where(roles.c.actor_id == actor_id)
        .order_by(roles.c.last_seen.desc().nulls_last(), roles.c.count.desc(), roles.c.role)
    )
    return _frame(bind, statement, ["role", "first_seen", "last_seen", "count"])


def co_mentioned_actors(
    bind: Bind, filters: Filters, actor_id: int, limit: int = 8
) -> pd.DataFrame:
    """Actors sharing filtered articles with ``actor_id``: ``actor_id``, ``name``, ``type``,
    ``articles`` (shared articles); most shared first."""
    own = article_actors.alias("own")
    other = article_actors.alias("other")
    shared = (
        sa.select(other.c.actor_id, sa.func.count(other.c.article_id).label("articles"))
        .select_from(own)
        .join(other, sa.and_(other.c.article_id == own.c.article_id, other.c.actor_id != actor_id))
        .where(own.c.actor_id == actor_id, *_dated_conditions(own, filters))
        .group_by(other.c.actor_id)
        .subquery()
    )
    statement = (
        sa.select(actors.c.id, actors.c.name, actors.c.type, shared.c.articles)
        .join(shared, shared.c.actor_id == actors.c.id)
        .where(actors.c.type != NOT_AN_ACTOR)
        .order_by(shared.c.articles.desc(), actors.c.name)
        .limit(limit)
    )
    return _frame(bind, statement, ["actor_id", "name", "type", "articles"])


def cooccurrence_edges(bind: Bind, filters: Filters, actor_ids: Sequence[int]) -> pd.DataFrame:
    """Pairs of ``actor_ids`` named in the same filtered articles.

    Columns: ``source_id``, ``target_id`` (``source_id < target_id``), ``articles``.
    """
    columns = ["source_id", "target_id", "articles"]
    ids = sorted(set(actor_ids))
    if len(ids) < 2:
        return pd.DataFrame(columns=columns)
    if len(ids) > _MASK_BITS:
        return _cooccurrence_edges_joined(bind, filters, ids)
    # Each article's chosen actors as one integer, a bit each (rows are unique per actor
    # and article, so the sum is the union); articles grouped by that set, and the pairs
    # counted from the few distinct sets here rather than by joining article_actors to itself.
    bits = {actor_id: 1 << i for i, actor_id in enumerate(ids)}
    bit = sa.case(bits, value=article_actors.c.actor_id)
    chosen = [
        article_actors.c.actor_id.in_(ids),
        *_dated_conditions(article_actors, filters),
    ]
    per_article = (
        sa.select(sa.func.sum(bit).label("actors"))
        .where(*chosen)
        .group_by(article_actors.c.article_id)
        .having(sa.func.count() > 1)
        .subquery()
    )
    statement = sa.select(per_article.c.actors, sa.func.count()).group_by(per_article.c.actors)
    with _connection(bind) as conn:
        sets = conn.execute(statement).all()
    pairs: dict[tuple[int, int], int] = {}
    for mask, articles_with_it in sets:
        named = [actor_id for i, actor_id in enumerate(ids) if int(mask) >> i & 1]
        for k, source in enumerate(named):
            for target in named[k + 1 :]:
                pairs[source, target] = pairs.get((source, target), 0) + articles_with_it
    ranked = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
    return pd.DataFrame([(s, t, n) for (s, t), n in ranked], columns=columns)


#: Most actors :func:`cooccurrence_edges` packs into one 64-bit integer per article.
_MASK_BITS = 62


def _cooccurrence_edges_joined(bind: Bind, filters: Filters, ids: list[int]) -> pd.DataFrame:
    """:func:`cooccurrence_edges` by a self-join, for more actors than an integer has bits."""
    one = article_actors.alias("one")
    two = article_actors.alias("two")
    count = sa.func.count(one.c.article_id)
    statement = (
        sa.select(one.c.actor_id, two.c.actor_id, count)
        .join(two, sa.and_(two.c.article_id == one.c.article_id, two.c.actor_id > one.c.actor_id))
        .where(
            one.c.actor_id.in_(ids),
            two.c.actor_id.in_(ids),
            *_dated_conditions(one, filters),
        )
        .group_by(one.c.actor_id, two.c.actor_id)
        .order_by(count.desc(), one.c.actor_id, two.c.actor_id)
    )
    return _frame(bind, statement, ["source_id", "target_id", "articles"])


# --- quotes --------------------------------------------------------------------------------


def _main_roles() -> sa.Subquery:
    """The role each actor was most often given (then the latest, then the first by name):
    ``actor_id``, ``role``. Ranked once for all actors, so that a list of quotes joins it
    instead of sorting the speaker's roles again for every quote."""
    rank = sa.func.row_number().over(
        partition_by=roles.c.actor_id,
        order_by=(roles.c.count.desc(), roles.c.last_seen.desc().nulls_last(), roles.c.role),
    )
    ranked = sa.select(roles.c.actor_id, roles.c.role, rank.label("rank")).subquery("ranked_roles")
    return (
        sa.select(ranked.c.actor_id, ranked.c.role).where(ranked.c.rank == 1).subquery("main_roles")
    )


QUOTE_COLUMNS = [
    "quote_id",
    "text",
    "kind",
    "cue",
    "channel",
    "confidence",
    "speaker_id",
    "speaker",
    "speaker_type",
    "role",
    "article_id",
    "title",
    "date",
    "source",
    "url",
    "start",
    "end",
]


def _matching_quotes(
    columns: Sequence,
    filters: Filters,
    speaker_ids: Sequence[int],
    kinds: Sequence[str],
    search: str,
    article_id: int | None = None,
    joined: bool = False,
) -> sa.Select:
    """A SELECT of ``columns`` over the quotes the arguments keep (see :func:`quotes_frame`),
    unordered. The articles are joined when ``joined`` asks or the filters need them, the
    speakers when the search needs them: a count then reads no more than it must."""
    statement = sa.select(*columns).select_from(quotes)
    conditions = _conditions(filters)
    if joined or conditions:
        statement = statement.join(articles, articles.c.id == quotes.c.article_id).where(
            *conditions
        )
    if speaker_ids:
        statement = statement.where(quotes.c.speaker_id.in_(list(speaker_ids)))
    if kinds:
        statement = statement.where(quotes.c.kind.in_(list(kinds)))
    if article_id is not None:
        statement = statement.where(quotes.c.article_id == article_id)
    words = search.strip()
    if words:
        pattern = f"%{_escape_like(words)}%"
        statement = statement.outerjoin(
            actors, sa.and_(actors.c.id == quotes.c.speaker_id, actors.c.type != NOT_AN_ACTOR)
        ).where(
            sa.or_(
                quotes.c.text.ilike(pattern, escape="\\"),
                actors.c.name.ilike(pattern, escape="\\"),
                quotes.c.speaker_label.ilike(pattern, escape="\\"),
            )
        )
    return statement


#: Newest article first, undated last, then text order; the quote id breaks the last ties,
#: so that pages of the list neither repeat nor skip a quote.
_NEWEST_QUOTES_FIRST = (
    articles.c.date.desc().nulls_last(),
    articles.c.id.desc(),
    quotes.c.start,
    quotes.c.id,
)


def _quote_rows(statement: sa.Select) -> sa.Select:
    """The :data:`QUOTE_COLUMNS` of the quotes ``statement`` (from :func:`_matching_quotes`)
    selects by id, newest first."""
    main_roles = _main_roles()
    chosen = statement.subquery("chosen_quotes")
    return (
        sa.select(
            quotes.c.id,
            quotes.c.text,
            quotes.c.kind,
            quotes.c.cue,
            quotes.c.channel,
            quotes.c.confidence,
            actors.c.id,
            # An actor's name, else how the article describes the unnamed speaker.
            sa.func.coalesce(actors.c.name, quotes.c.speaker_label),
            actors.c.type,
            main_roles.c.role,
            articles.c.id,
            articles.c.title,
            articles.c.date,
            articles.c.source,
            articles.c.url,
            quotes.c.start,
            quotes.c.end,
        )
        .select_from(quotes)
        .join(chosen, chosen.c.id == quotes.c.id)
        .join(articles, articles.c.id == quotes.c.article_id)
        .outerjoin(
            actors,
            sa.and_(actors.c.id == quotes.c.speaker_id, actors.c.type != NOT_AN_ACTOR),
        )
        .outerjoin(main_roles, main_roles.c.actor_id == actors.c.id)
        .order_by(*_NEWEST_QUOTES_FIRST)
    )


def quotes_frame(
    bind: Bind,
    filters: Filters,
    speaker_ids: Sequence[int] = (),
    kinds: Sequence[str] = (),
    search: str = "",
    article_id: int | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Quotes in the filtered articles, newest article first, in text order within one.

    ``search`` matches the quote's text or its speaker's name, ignoring case.
    Columns: :data:`QUOTE_COLUMNS` (``role`` is the speaker's most frequent title).
    """
    chosen = _matching_quotes(
        [quotes.c.id], filters, speaker_ids, kinds, search, article_id, joined=limit is not None
    )
    if limit is not None:
        chosen = chosen.order_by(*_NEWEST_QUOTES_FIRST).limit(limit)
    return _frame(bind, _quote_rows(chosen), QUOTE_COLUMNS)


def quote_count(
    bind: Bind,
    filters: Filters,
    speaker_ids: Sequence[int] = (),
    kinds: Sequence[str] = (),
    search: str = "",
) -> pd.DataFrame:
    """One row: ``quotes``, the number of rows :func:`quotes_frame` returns for the same
    arguments, counted without reading them."""
    statement = _matching_quotes([sa.func.count(quotes.c.id)], filters, speaker_ids, kinds, search)
    return _frame(bind, statement, ["quotes"])


def quotes_page(
    bind: Bind,
    filters: Filters,
    speaker_ids: Sequence[int] = (),
    kinds: Sequence[str] = (),
    search: str = "",
    page: int = 1,
    page_size: int = 25,
) -> pd.DataFrame:
    """Page ``page`` (the first is 1) of :func:`quotes_frame` cut into pages of
    ``page_size`` quotes: the same columns in the same order; no row past the last page."""
    if page < 1 or page_size < 1:
        raise UnsupportedQuery(
            f"page {page} of {page_size} quote(s) does not exist; pages count from 1"
        )
    chosen = (
        _matching_quotes([quotes.c.id], filters, speaker_ids, kinds, search, joined=True)
        .order_by(*_NEWEST_QUOTES_FIRST)
        .limit(page_size)
        .offset((page - 1) * page_size)
    )
    return _frame(bind, _quote_rows(chosen), QUOTE_COLUMNS)


def quote_speakers(bind: Bind, filters: Filters) -> pd.DataFrame:
    """Speakers quoted in the filtered articles: ``speaker_id``, ``speaker``, ``quotes``."""
    per_speaker = (
        sa.select(quotes.c.speaker_id, sa.func.count(quotes.c.id).label("quotes"))
        .where(quotes.c.speaker_id.is_not(None), *_in_filtered(quotes.c.article_id, filters))
        .group_by(quotes.c.speaker_id)
        .subquery()
    )
    statement = (
        sa.select(actors.c.id, actors.c.name, per_speaker.c.quotes)
        .join(per_speaker, per_speaker.c.speaker_id == actors.c.id)
        .where(actors.c.type != NOT_AN_ACTOR)
        .order_by(per_speaker.c.quotes.desc(), actors.c.name)
    )
    return _frame(bind, statement, ["speaker_id", "speaker", "quotes"])


def quote_paragraphs(bind: Bind, quote_ids: Sequence[int]) -> pd.DataFrame:
    """The paragraph around each quote: ``quote_id``, ``paragraph``."""
    statement = (
        sa.select(quotes.c.id, quotes.c.start, quotes.c.end, articles.c.text)
        .join(articles, articles.c.id == quotes.c.article_id)
        .where(quotes.c.id.in_(list(quote_ids)))
    )
    with _connection(bind) as conn:
        rows = conn.execute(statement).all()
    return pd.DataFrame(
        [(row[0], paragraph_around(row[3], row[1], row[2])) for row in rows],
        columns=["quote_id", "paragraph"],
    )


# --- topics --------------------------------------------------------------------------------


def top_topics(bind: Bind, filters: Filters, limit: int | None = 10) -> pd.DataFrame:
    """Topics by filtered articles carrying them: ``topic_id``, ``label``, ``articles``."""
    per_topic = _counts(_dialect(bind), "topics", filters)
    statement = (
        sa.select(topics.c.id, topics.c.label, per_topic.c.articles)
        .join(per_topic, per_topic.c.topic_id == topics.c.id)
        .order_by(per_topic.c.articles.desc(), topics.c.label)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return _frame(bind, statement, ["topic_id", "label", "articles"])


def top_sources(bind: Bind, filters: Filters, limit: int | None = 10) -> pd.DataFrame:
    """Sources by filtered articles: ``source``, ``articles``; most first."""
    count = sa.func.count(articles.c.id)
    statement = (
        sa.select(articles.c.source, count)
        .where(*_conditions(filters))
        .group_by(articles.c.source)
        .order_by(count.desc(), articles.c.source)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return _frame(bind, statement, ["source", "articles"])


def topic_share(
    bind: Bind, filters: Filters, topic_ids: Sequence[str], freq: Freq = "month"
) -> pd.DataFrame:
    """How much of each period's coverage carries each topic.

    Columns: ``topic_id``, ``label``, ``period`` (datetime), ``articles`` (filtered
    articles carrying the topic), ``total_articles`` (all filtered articles in the
    period) and ``share`` (``articles / total_articles``).
    """
    dialect = _dialect(bind)
    per_topic = _counts(dialect, "topics", filters, topic_ids, freq)
    totals = _period_totals(dialect, filters, freq)
    statement = (
        sa.select(
            per_topic.c.topic_id,
            topics.c.label,
            per_topic.c.period,
            per_topic.c.articles,
            totals.c.total,
            sa.cast(per_topic.c.articles, sa.Float) / totals.c.total,
        )
        .join(topics, topics.c.id == per_topic.c.topic_id)
        .join(totals, totals.c.period == per_topic.c.period)
        .order_by(per_topic.c.topic_id, per_topic.c.period)
    )
    columns = ["topic_id", "label", "period", "articles", "total_articles", "share"]
    return _as_dates(_frame(bind, statement, columns), "period")


def topic_actor_matrix(
    bind: Bind, filters: Filters, topic_ids: Sequence[str], actor_ids: Sequence[int]
) -> pd.DataFrame:
    """Filtered articles carrying a topic and naming an actor, for each pair that has any.

    Columns: ``topic_id``, ``label``, ``actor_id``, ``name``, ``articles``.
    """
    count = sa.func.count(article_topics.c.article_id)
    statement = (
        sa.select(topics.c.id, topics.c.label, actors.c.id, actors.c.name, count)
        .select_from(article_topics)
        .join(topics, topics.c.id == article_topics.c.topic_id)
        .join(article_actors, article_actors.c.article_id == article_topics.c.article_id)
        .join(actors, actors.c.id == article_actors.c.actor_id)
        .where(
            article_topics.c.topic_id.in_(list(topic_ids)),
            # "+ 0": each article's actors are read in one index range (about a dozen)
            # rather than looked up one chosen actor at a time (SQLite's choice otherwise).
            (article_actors.c.actor_id + 0).in_(list(actor_ids)),
            *_dated_conditions(article_topics, filters),
        )
        .group_by(topics.c.id, topics.c.label, actors.c.id, actors.c.name)
        .order_by(topics.c.label, actors.c.name)
    )
    return _frame(bind, statement, ["topic_id", "label", "actor_id", "name", "articles"])


def topic_source_matrix(
    bind: Bind, filters: Filters, topic_ids: Sequence[str], sources: Sequence[str]
) -> pd.DataFrame:
    """Filtered articles of each source carrying each topic: ``topic_id``, ``label``,
    ``source``, ``articles`` (pairs with none are absent)."""
    columns = ["topic_id", "label", "source", "articles"]
    wanted = [x for x in sources if not filters.sources or x in filters.sources]
    if not wanted:
        return pd.DataFrame(columns=columns)
    narrowed = replace(filters, sources=tuple(wanted))
    counted = _counts(_dialect(bind), "topics", narrowed, topic_ids, by_source=True)
    statement = (
        sa.select(topics.c.id, topics.c.label, counted.c.source, counted.c.articles)
        .join(counted, counted.c.topic_id == topics.c.id)
        .order_by(topics.c.label, counted.c.source)
    )
    return _frame(bind, statement, columns)


def topic_sentences(bind: Bind, filters: Filters, topic_id: str, limit: int = 50) -> pd.DataFrame:
    """Sentences that matched ``topic_id`` in the filtered articles, newest first.

    Columns: ``article_id``, ``title``, ``date``, ``source``, ``sentence`` (its index
    in the article), ``text``.
    """
    text = sa.func.substr(
        articles.c.text, sentences.c.start + 1, sentences.c.end - sentences.c.start
    )
    # The newest articles with such sentences first (each has at least one), in the
    # order of the index on (topic, date, article), rather than every matched sentence.
    matched = sentence_topics.alias("matched")
    newest = (
        sa.select(article_topics.c.article_id)
        .where(
            article_topics.c.topic_id == topic_id,
            *_dated_conditions(article_topics, filters),
            sa.exists().where(
                matched.c.article_id == article_topics.c.article_id,
                matched.c.topic_id == topic_id,
            ),
        )
        .order_by(article_topics.c.date.desc().nulls_last(), article_topics.c.article_id.desc())
        .limit(limit)
    )
    statement = (
        sa.select(
            articles.c.id,
            articles.c.title,
            articles.c.date,
            articles.c.source,
            sentence_topics.c.sentence,
            text,
        )
        .select_from(sentence_topics)
        .join(
            sentences,
            sa.and_(
                sentences.c.article_id == sentence_topics.c.article_id,
                sentences.c.idx == sentence_topics.c.sentence,
            ),
        )
        .join(articles, articles.c.id == sentence_topics.c.article_id)
        .where(
            sentence_topics.c.topic_id == topic_id,
            sentence_topics.c.article_id.in_(newest),
            *_conditions(filters),
        )
        .order_by(articles.c.date.desc().nulls_last(), articles.c.id.desc(), sentences.c.idx)
        .limit(limit)
    )
    columns = ["article_id", "title", "date", "source", "sentence", "text"]
    return _frame(bind, statement, columns)


# --- one article ---------------------------------------------------------------------------


def article_options(bind: Bind, filters: Filters) -> pd.DataFrame:
    """Filtered articles to choose from: ``article_id``, ``title``, ``date``, ``source``."""
    return latest_articles(bind, filters, limit=None).drop(columns="url")


#: Article ids are stored as 64-bit integers at most; a larger number names no article
#: (and SQLite could not even bind it).
_LARGEST_ID = 2**63 - 1


def article_choices(
    bind: Bind, filters: Filters, search: str = "", limit: int = 200
) -> pd.DataFrame:
    """At most ``limit`` filtered articles whose title contains ``search`` (ignoring case;
    ``%`` and ``_`` stand for themselves; blank: every title), newest first, undated last:
    ``article_id``, ``title``, ``date``, ``source``."""
    if limit < 0:
        raise UnsupportedQuery(f"a list of articles cannot hold {limit} of them")
    statement = (
        sa.select(articles.c.id, articles.c.title, articles.c.date, articles.c.source)
        .where(*_conditions(filters))
        .order_by(articles.c.date.desc().nulls_last(), articles.c.id.desc())
        .limit(limit)
    )
    words = search.strip()
    if words:
        pattern = f"%{_escape_like(words)}%"
        statement = statement.where(articles.c.title.ilike(pattern, escape="\\"))
    return _frame(bind, statement, ["article_id", "title", "date", "source"])


def article_labels(bind: Bind, article_ids: Sequence[int]) -> pd.DataFrame:
    """The stored articles among ``article_ids``, whatever the filters (unknown ids are
    left out): ``article_id``, ``title``, ``date``, ``source``; by id."""
    wanted = sorted({int(i) for i in article_ids if 0 < int(i) <= _LARGEST_ID})
    statement = (
        sa.select(articles.c.id, articles.c.title, articles.c.date, articles.c.source)
        .where(articles.c.id.in_(wanted))
        .order_by(articles.c.id)
    )
    return _frame(bind, statement, ["article_id", "title", "date", "source"])


def article_detail(bind: Bind, article_id: int) -> pd.DataFrame:
    """One row (none for an unknown id): ``article_id``, ``title``, ``date``, ``source``,
    ``url``, ``origin``, ``text``."""
    statement = sa.select(
        articles.c.id,
        articles.c.title,
        articles.c.date,
        articles.c.source,
        articles.c.url,
        articles.c.origin,
        articles.c.text,
    ).where(articles.c.id == article_id)
    columns = ["article_id", "title", "date", "source", "url", "origin", "text"]
    return _frame(bind, statement, columns)


def article_mentions(bind: Bind, article_id: int) -> pd.DataFrame:
    """Where actors are named in an article: ``start``, ``end``, ``actor_id``, ``name``,
    ``type``; in text order."""
    statement = (
        sa.select(mentions.c.start, mentions.c.end, actors.c.id, actors.c.name, actors.c.type)
        .join(actors, actors.c.id == mentions.c.actor_id)
        .where(mentions.c.article_id == article_id, actors.c.type != NOT_AN_ACTOR)
        .order_by(mentions.c.start)
    )
    return _frame(bind, statement, ["start", "end", "actor_id", "name", "type"])


def article_actor_list(bind: Bind, article_id: int) -> pd.DataFrame:
    """Actors of an article: ``actor_id``, ``name``, ``type``, ``mentions``; most named first."""
    statement = (
        sa.select(actors.c.id, actors.c.name, actors.c.type, article_actors.c.mentions)
        .join(article_actors, article_actors.c.actor_id == actors.c.id)
        .where(article_actors.c.article_id == article_id, actors.c.type != NOT_AN_ACTOR)
        .order_by(article_actors.c.mentions.desc(), actors.c.name)
    )
    return _frame(bind, statement, ["actor_id", "name", "type", "mentions"])


def article_topic_list(bind: Bind, article_id: int) -> pd.DataFrame:
    """Topics of an article: ``topic_id``, ``label``, ``sentences``; most sentences first."""
    statement = (
        sa.select(topics.c.id, topics.c.label, article_topics.c.sentences)
        .join(article_topics, article_topics.c.topic_id == topics.c.id)
        .where(article_topics.c.article_id == article_id)
        .order_by(article_topics.c.sentences.desc(), topics.c.label)
    )
    return _frame(bind, statement, ["topic_id", "label", "sentences"])


# --- discovery -----------------------------------------------------------------------------


def corpus_sentences(bind: Bind, filters: Filters) -> pd.DataFrame:
    """Every sentence of the filtered articles, in article and sentence order.

    Columns: ``article_id``, ``sentence`` (its index), ``date``, ``title``, ``source``,
    ``text``, ``topic_ids`` (tuple of the topics the sentence carries, sorted) and
    ``person_spans`` (tuple of the (start, end) offsets in ``text`` of the persons
    named in it).
    """
    text = sa.func.substr(
        articles.c.text, sentences.c.start + 1, sentences.c.end - sentences.c.start
    )
    statement = (
        sa.select(
            articles.c.id,
            sentences.c.idx,
            articles.c.date,
            articles.c.title,
            articles.c.source,
            text,
            sentences.c.start,
        )
        .join(sentences, sentences.c.article_id == articles.c.id)
        .where(*_conditions(filters))
        .order_by(articles.c.id, sentences.c.idx)
    )
    columns = ["article_id", "sentence", "date", "title", "source", "text", "start"]
    frame = _frame(bind, statement, columns)
    persons = _frame(
        bind,
        sa.select(mentions.c.article_id, mentions.c.sentence, mentions.c.start, mentions.c.end)
        .join(actors, actors.c.id == mentions.c.actor_id)
        .where(actors.c.type == "PERSON", mentions.c.article_id.in_(_filtered_ids(filters)))
        .order_by(mentions.c.article_id, mentions.c.start),
        ["article_id", "sentence", "start", "end"],
    )
    starts = dict(zip(zip(frame["article_id"], frame["sentence"], strict=True), frame["start"],
                      strict=True))  # fmt: skip
    spans: dict[tuple[int, int], tuple[tuple[int, int], ...]] = {}
    for row in persons.itertuples(index=False):
        key = (row.article_id, row.sentence)
        if key in starts:
            span = (row.start - starts[key], row.end - starts[key])
            spans[key] = (*spans.get(key, ()), span)
    tags = _frame(
        bind,
        sa.select(
            sentence_topics.c.article_id, sentence_topics.c.sentence, sentence_topics.c.topic_id
        )
        .where(sentence_topics.c.article_id.in_(_filtered_ids(filters)))
        .order_by(sentence_topics.c.topic_id),
        ["article_id", "sentence", "topic_id"],
    )
    carried: dict[tuple[int, int], tuple[str, ...]] = {}
    for row in tags.itertuples(index=False):
        key = (row.article_id, row.sentence)
        carried[key] = (*carried.get(key, ()), row.topic_id)
    keys = list(zip(frame["article_id"], frame["sentence"], strict=True))
    return frame.drop(columns="start").assign(
        topic_ids=[carried.get(key, ()) for key in keys],
        person_spans=[spans.get(key, ()) for key in keys],
    )


def emerging_themes(
    bind: Bind,
    filters: Filters,
    period_start: dt.date,
    period_end: dt.date,
    n_themes: int = 10,
) -> pd.DataFrame:
    """Themes of the filtered articles' sentences, most emerging between ``period_start``
    and ``period_end`` first; the columns of :func:`analysis.discovery.discover_themes`.

    Raises :class:`analysis.discovery.DiscoveryError` when the period cannot be
    compared with the rest.
    """
    from analysis.discovery import (
        Period,
        default_stopwords_path,
        discover_themes,
        load_stopwords,
    )

    labels = dict(_frame(bind, sa.select(topics.c.id, topics.c.label), ["id", "label"]).values)
    return discover_themes(
        corpus_sentences(bind, filters),
        Period(period_start, period_end),
        load_stopwords(default_stopwords_path()),
        topic_labels=labels,
        n_themes=n_themes,
    )


# --- the analyst's actor edits -------------------------------------------------------------


def actor_edit_history(bind: Bind, limit: int = 50) -> pd.DataFrame:
    """The latest actor edits, newest first: ``edit_id``, ``kind``, ``made`` (when, UTC),
    ``edit`` (what it did, in words) and ``undoable`` (only the newest, and only when it
    was made after the last re-analysis)."""
    with _connection(bind) as conn:
        rows = conn.execute(
            sa.select(actor_edits).order_by(actor_edits.c.id.desc()).limit(limit)
        ).mappings()
        records = [
            (row["id"], row["kind"], row["created_at"], describe_edit(row), row["undo"] != "{}")
            for row in rows
        ]
    frame = pd.DataFrame(records, columns=["edit_id", "kind", "made", "edit", "undoable"])
    return frame.assign(undoable=frame["undoable"] & (frame.index == 0))
