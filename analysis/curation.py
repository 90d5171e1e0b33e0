"""The analyst's corrections of actors: merge, split an alias off, rename, retype; and
re-analysis of the stored articles that keeps them.

Each edit is one writing transaction that rewrites the stored rows at once, appends a
row to ``actor_edits`` and bumps the store's revision, so that every cached view
follows. The edit rows are also rules, keyed by actor keys and names rather than row
ids (:class:`analysis.resolution.ResolutionRules`): :func:`analysis.store.load_resolver`
hands them to the resolver, so that articles stored later resolve as the analyst
said, :func:`settle_stored_actors` applies what resolution alone cannot (the
mentions of a split name, the type of a retyped name) after each stored batch, and
:func:`reanalyse` replays them all after analysing the corpus again.

Types an actor may take: ``PERSON``, ``COUNTRY``, ``ORG``, and two an analyst gives,
``PLACE`` (a city or region the model took for a person) and :data:`NOT_AN_ACTOR`
(a fragment such as "Affairs"), which every view leaves out.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from analysis import store, summaries
from analysis.errors import ChanceryError
from analysis.models import Article
from analysis.names import clean_surface, load_name_lexicon, name_parts, split_title
from analysis.resolution import CorpusResolver, ResolutionRules
from analysis.store import (
    actor_edits,
    actors,
    aliases,
    article_actors,
    articles,
    interactions,
    mentions,
    quotes,
    roles,
)

#: The type of an actor the analyst marked as not an actor: kept, hidden from every view.
NOT_AN_ACTOR = "NOT_ACTOR"
#: Every type an actor may have, with the word the dashboard shows for it.
TYPE_LABELS = {
    "PERSON": "person",
    "ORG": "organisation",
    "COUNTRY": "country",
    "PLACE": "place",
    NOT_AN_ACTOR: "not an actor",
}
#: The types an analyst may give an actor.
RETYPE_CHOICES = ("ORG", "PLACE", NOT_AN_ACTOR, "PERSON")
EDIT_KINDS = ("merge", "split", "rename", "retype")
#: Rows per ``IN (...)`` list.
_CHUNK = 500


class CurationError(ChanceryError):
    """An edit that cannot be made as asked (an actor gone, an empty name, ...)."""


# --- small pieces ---------------------------------------------------------------------------


def _chunks(values: Sequence, size: int = _CHUNK) -> Iterable[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _actor(conn: Connection, actor_id: int) -> sa.Row:
    row = conn.execute(sa.select(actors).where(actors.c.id == actor_id)).first()
    if row is None:
        raise CurationError(
            f"actor {actor_id} is no longer in the database (edited or re-analysed meanwhile)"
        )
    return row


def _actor_dict(row) -> dict:
    return {k: row._mapping[k] for k in ("id", "key", "name", "type", "country")}


def _names_of(conn: Connection, actor_id: int) -> list[str]:
    """An actor's name and aliases."""
    found = conn.execute(sa.select(aliases.c.alias).where(aliases.c.actor_id == actor_id))
    name = conn.execute(sa.select(actors.c.name).where(actors.c.id == actor_id)).scalar_one()
    return list(dict.fromkeys([name, *found.scalars()]))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _record(
    conn: Connection,
    kind: str,
    actor: sa.Row,
    other: sa.Row | None = None,
    value: str | None = None,
    names: Sequence[str] = (),
    undo: dict | None = None,
) -> None:
    conn.execute(
        sa.insert(actor_edits).values(
            kind=kind,
            actor_key=actor.key,
            actor_name=actor.name,
            actor_type=actor.type,
            other_key=other.key if other is not None else None,
            other_name=other.name if other is not None else None,
            other_type=other.type if other is not None else None,
            value=value,
            names=json.dumps(list(names), ensure_ascii=False),
            undo=json.dumps(undo or {}, ensure_ascii=False),
            created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        )
    )


def _rules(conn: Connection) -> ResolutionRules:
    edits = conn.execute(sa.select(actor_edits).order_by(actor_edits.c.id)).mappings()
    return ResolutionRules.from_edits(edits)


def _new_key(conn: Connection, actor_type: str, name: str) -> str:
    """A key no stored actor has, in the form extraction gives ("PERSON:imran khan")."""
    base = f"{actor_type}:{' '.join(name_parts(name))}"
    key, n = base, 1
    while conn.execute(sa.select(actors.c.id).where(actors.c.key == key)).first() is not None:
        n += 1
        key = f"{base}#{n}"
    return key


def _create_actor(conn: Connection, name: str, actor_type: str, country: str | None) -> sa.Row:
    key = _new_key(conn, actor_type, name)
    conn.execute(sa.insert(actors).values(key=key, name=name, type=actor_type, country=country))
    return conn.execute(sa.select(actors).where(actors.c.key == key)).one()


def _repoint(conn: Connection, column: sa.Column, ids: Sequence[int], actor_id: int) -> None:
    table = column.table
    for chunk in _chunks(ids):
        conn.execute(sa.update(table).where(table.c.id.in_(chunk)).values({column.name: actor_id}))


def _ids(conn: Connection, column: sa.Column, actor_id: int, *where) -> list[int]:
    table = column.table
    return list(conn.execute(sa.select(table.c.id).where(column == actor_id, *where)).scalars())


def _add_alias_count(conn: Connection, actor_id: int, alias: str, count: int) -> None:
    """Add ``count`` to an actor's alias (created when missing; dropped at zero)."""
    where = (aliases.c.actor_id == actor_id, aliases.c.alias == alias)
    stored = conn.execute(sa.select(aliases.c.count).where(*where)).scalar_one_or_none()
    if stored is None:
        if count > 0:
            conn.execute(sa.insert(aliases).values(actor_id=actor_id, alias=alias, count=count))
    elif stored + count <= 0:
        conn.execute(sa.delete(aliases).where(*where))
    else:
        conn.execute(sa.update(aliases).where(*where).values(count=stored + count))


def _article_rows(conn: Connection, actor_ids: Sequence[int], article_ids: Sequence[int]):
    """``article_actors`` rows of these actors in these articles, as [article, actor, n]."""
    rows: list[list[int]] = []
    for chunk in _chunks(article_ids):
        rows += [
            list(r)
            for r in conn.execute(
                sa.select(
                    article_actors.c.article_id,
                    article_actors.c.actor_id,
                    article_actors.c.mentions,
                ).where(
                    article_actors.c.actor_id.in_(list(actor_ids)),
                    article_actors.c.article_id.in_(chunk),
                )
            )
        ]
    return rows


def _replace_article_rows(
    conn: Connection, actor_ids: Sequence[int], article_ids: Sequence[int], rows: list
) -> None:
    summaries.add_articles(conn, article_ids, -1, summaries.ACTOR_PARTS, actor_ids)
    for chunk in _chunks(article_ids):
        conn.execute(
            sa.delete(article_actors).where(
                article_actors.c.actor_id.in_(list(actor_ids)),
                article_actors.c.article_id.in_(chunk),
            )
        )
    if rows:
        # The rows carry their article's date (see ``store.article_actors``).
        dates: dict[int, object] = {}
        for chunk in _chunks(sorted({row[0] for row in rows})):
            dates.update(
                conn.execute(
                    sa.select(articles.c.id, articles.c.date).where(articles.c.id.in_(chunk))
                ).all()
            )
        conn.execute(
            sa.insert(article_actors),
            [{"article_id": a, "actor_id": b, "mentions": n, "date": dates[a]} for a, b, n in rows],
        )
    summaries.add_articles(conn, article_ids, 1, summaries.ACTOR_PARTS, actor_ids)


# --- merge ----------------------------------------------------------------------------------


def _merge_rows(conn: Connection, kept: sa.Row, absorbed: sa.Row) -> dict:
    """Move everything of ``absorbed`` to ``kept`` and delete it; returns what undoing
    needs."""
    a, k = absorbed.id, kept.id
    undo: dict = {"absorbed": _actor_dict(absorbed), "kept_country": kept.country}
    # Per-article counts: summed where both are named.
    own = _article_rows(conn, [a], _ids_in_articles(conn, a))
    undo["article_rows"] = own + _article_rows(conn, [k], [r[0] for r in own])
    summed: Counter = Counter()
    for article_id, _, n in undo["article_rows"]:
        summed[article_id] += n
    _replace_article_rows(
        conn, [a, k], list(summed), [[i, k, n] for i, n in sorted(summed.items())]
    )
    undo["mentions"] = _ids(conn, mentions.c.actor_id, a)
    _repoint(conn, mentions.c.actor_id, undo["mentions"], k)
    undo["quotes"] = _ids(conn, quotes.c.speaker_id, a)
    _repoint(conn, quotes.c.speaker_id, undo["quotes"], k)
    # Meeting oneself means nothing: such interactions go, and come back on undo.
    selfish = conn.execute(
        sa.select(interactions).where(
            sa.or_(
                sa.and_(interactions.c.a_id == a, interactions.c.b_id.in_([a, k])),
                sa.and_(interactions.c.b_id == a, interactions.c.a_id == k),
            )
        )
    ).mappings()
    undo["self_interactions"] = [
        {**row, "date": _iso(row["date"])} for row in (dict(r) for r in selfish)
    ]
    for chunk in _chunks([r["id"] for r in undo["self_interactions"]]):
        conn.execute(sa.delete(interactions).where(interactions.c.id.in_(chunk)))
    undo["interactions_a"] = _ids(conn, interactions.c.a_id, a)
    _repoint(conn, interactions.c.a_id, undo["interactions_a"], k)
    undo["interactions_b"] = _ids(conn, interactions.c.b_id, a)
    _repoint(conn, interactions.c.b_id, undo["interactions_b"], k)
    undo["aliases"] = [
        list(r)
        for r in conn.execute(
            sa.select(aliases.c.alias, aliases.c.count).where(aliases.c.actor_id == a)
        )
    ]
    for alias, count in undo["aliases"]:
        _add_alias_count(conn, k, alias, count)
    undo["roles"], undo["kept_roles"] = _merge_roles(conn, k, a)
    conn.execute(sa.delete(actors).where(actors.c.id == a))
    if kept.country is None and absorbed.country is not None:
        conn.execute(sa.update(actors).where(actors.c.id == k).values(country=absorbed.country))
    return undo


def _ids_in_articles(conn: Connection, actor_id: int) -> list[int]:
    return list(
        conn.execute(
            sa.select(article_actors.c.article_id).where(article_actors.c.actor_id == actor_id)
        ).scalars()
    )


def _merge_roles(conn: Connection, kept: int, absorbed: int) -> tuple[list, list]:
    """Move the absorbed actor's roles to the kept one (counts summed, widest dates);
    returns both actors' roles as they were."""

    def read(actor_id: int) -> dict[str, list]:
        rows = conn.execute(
            sa.select(roles.c.role, roles.c.first_seen, roles.c.last_seen, roles.c.count).where(
                roles.c.actor_id == actor_id
            )
        )
        return {r.role: [r.role, _iso(r.first_seen), _iso(r.last_seen), r.count] for r in rows}

    theirs, ours = read(absorbed), read(kept)
    for role, (_, first, last, count) in theirs.items():
        mine = ours.get(role)
        if mine is None:
            conn.execute(
                sa.insert(roles).values(
                    actor_id=kept,
                    role=role,
                    first_seen=_date(first),
                    last_seen=_date(last),
                    count=count,
                )
            )
            continue
        firsts = [d for d in (first, mine[1]) if d]
        lasts = [d for d in (last, mine[2]) if d]
        conn.execute(
            sa.update(roles)
            .where(roles.c.actor_id == kept, roles.c.role == role)
            .values(
                first_seen=_date(min(firsts)) if firsts else None,
                last_seen=_date(max(lasts)) if lasts else None,
                count=mine[3] + count,
            )
        )
    return list(theirs.values()), [ours[r] for r in theirs if r in ours]


def merge_actors(engine: Engine, kept_id: int, absorbed_ids: Sequence[int]) -> str:
    """Merge the actors ``absorbed_ids`` into ``kept_id``: their mentions, quotes,
    meetings, aliases and roles become the kept actor's, and their names join it in
    articles stored later. One edit (undoable) per absorbed actor. Returns a sentence
    saying what was done."""
    absorbed_ids = [i for i in dict.fromkeys(absorbed_ids) if i != kept_id]
    if not absorbed_ids:
        raise CurationError("choose at least one actor, other than the one kept, to merge")
    with engine.begin() as conn:
        store.begin_writing(conn)
        names = []
        for absorbed_id in absorbed_ids:
            kept = _actor(conn, kept_id)
            absorbed = _actor(conn, absorbed_id)
            absorbed_names = _names_of(conn, absorbed_id)
            undo = _merge_rows(conn, kept, absorbed)
            _record(conn, "merge", kept, absorbed, names=absorbed_names, undo=undo)
            names.append(absorbed.name)
        refresh_canonical_names(conn, [kept_id])
        store.bump_revision(conn)
    return f"Merged {', '.join(names)} into {kept.name}."


# --- split ----------------------------------------------------------------------------------


def denotes(surface: str, alias: str) -> bool:
    """Whether a mention's surface text is the name ``alias`` ("Secretary Blinken's" is
    "Blinken"), ignoring case, accents, dots and titles."""
    wanted = name_parts(alias)
    clean = clean_surface(surface)
    if name_parts(clean) == wanted:
        return True
    return name_parts(split_title(clean, load_name_lexicon())[1]) == wanted


def _split_rows(conn: Connection, source: sa.Row, alias: str, target: sa.Row) -> dict:
    """Give ``target`` the mentions of ``source`` written as ``alias``, and its quotes
    and meetings in the articles where nothing else names ``source``; returns what
    undoing needs (empty when nothing moved)."""
    wanted = name_parts(alias)
    statement = sa.select(mentions.c.id, mentions.c.article_id, mentions.c.surface).where(
        mentions.c.actor_id == source.id
    )
    if wanted and wanted[-1].isascii():
        # Only mentions holding the name's last word can be it: a large actor's other
        # mentions stay in the database.
        last_word = sa.func.lower(mentions.c.surface).contains(wanted[-1], autoescape=True)
        statement = statement.where(last_word)
    candidates = conn.execute(statement).all()
    moved = [(m.id, m.article_id) for m in candidates if denotes(m.surface, alias)]
    alias_rows = [
        list(r)
        for r in conn.execute(
            sa.select(aliases.c.alias, aliases.c.count).where(aliases.c.actor_id == source.id)
        )
        if name_parts(r.alias) == wanted
    ]
    if not moved and not alias_rows:
        return {}
    per_article = Counter(article_id for _, article_id in moved)
    article_ids = sorted(per_article)
    left = _mention_counts(conn, source.id, article_ids) - per_article
    before = _article_rows(conn, [source.id, target.id], article_ids)
    counts = {(a, b): n for a, b, n in before}
    after = []
    for article_id in article_ids:
        rest = counts.get((article_id, source.id), 0) - per_article[article_id]
        if left[article_id]:
            after.append([article_id, source.id, rest if rest > 0 else left[article_id]])
        gained = counts.get((article_id, target.id), 0) + per_article[article_id]
        after.append([article_id, target.id, gained])
    _replace_article_rows(conn, [source.id, target.id], article_ids, after)
    _repoint(conn, mentions.c.actor_id, [i for i, _ in moved], target.id)
    gone = [a for a in article_ids if not left[a]]
    undo: dict = {"mentions": [i for i, _ in moved], "article_rows": before}
    undo["article_ids"] = article_ids
    undo["quotes"] = []
    undo["interactions_a"] = []
    undo["interactions_b"] = []
    for chunk in _chunks(gone):
        in_chunk = quotes.c.article_id.in_(chunk)
        undo["quotes"] += _ids(conn, quotes.c.speaker_id, source.id, in_chunk)
        in_chunk = interactions.c.article_id.in_(chunk)
        undo["interactions_a"] += _ids(conn, interactions.c.a_id, source.id, in_chunk)
        undo["interactions_b"] += _ids(conn, interactions.c.b_id, source.id, in_chunk)
    _repoint(conn, quotes.c.speaker_id, undo["quotes"], target.id)
    _repoint(conn, interactions.c.a_id, undo["interactions_a"], target.id)
    _repoint(conn, interactions.c.b_id, undo["interactions_b"], target.id)
    undo["aliases"] = alias_rows
    for name, count in alias_rows:
        _add_alias_count(conn, source.id, name, -count)
        _add_alias_count(conn, target.id, name, count)
    return undo


def _mention_counts(conn: Connection, actor_id: int, article_ids: Sequence[int]) -> Counter:
    """Mentions of an actor in each of these articles."""
    counts: Counter = Counter()
    for chunk in _chunks(article_ids):
        counts.update(
            dict(
                conn.execute(
                    sa.select(mentions.c.article_id, sa.func.count(mentions.c.id))
                    .where(mentions.c.actor_id == actor_id, mentions.c.article_id.in_(chunk))
                    .group_by(mentions.c.article_id)
                ).all()
            )
        )
    return counts


def split_alias(
    engine: Engine,
    actor_id: int,
    alias: str,
    new_name: str | None = None,
    target_id: int | None = None,
) -> str:
    """Split the name ``alias`` off actor ``actor_id``: its mentions (and, in articles
    where nothing else names the actor, its quotes and meetings) go to the existing
    actor ``target_id``, else to a new actor called ``new_name`` (default: the alias)
    of the same type (the stored actor of that name, if there is one). Articles stored
    later never join that name to the actor again.
    Returns a sentence saying what was done."""
    alias = alias.strip()
    if not name_parts(alias):
        raise CurationError("choose a name of the actor to split off")
    with engine.begin() as conn:
        store.begin_writing(conn)
        source = _actor(conn, actor_id)
        if target_id is not None:
            if target_id == actor_id:
                raise CurationError("split the name off to another actor than its own")
            target, created = _actor(conn, target_id), False
        else:
            name = (new_name or alias).strip()[:300]
            if not name_parts(name):
                raise CurationError("give the new actor a name")
            # A name that is the key of a stored actor (other than this one) is that actor.
            key = f"{source.type}:{' '.join(name_parts(name))}"
            same = conn.execute(sa.select(actors).where(actors.c.key == key)).first()
            if same is not None and same.id != actor_id:
                target, created = same, False
            else:
                target, created = _create_actor(conn, name, source.type, None), True
        undo = _split_rows(conn, source, alias, target)
        if not undo:
            raise CurationError(f"{source.name} is never written as {alias!r}")
        undo["created"] = created
        _record(conn, "split", source, target, value=alias, undo=undo)
        refresh_canonical_names(conn, [source.id, target.id])
        store.bump_revision(conn)
    return f"Split {alias!r} off {source.name}: it is now {target.name}."


# --- rename and retype ----------------------------------------------------------------------


def rename_actor(engine: Engine, actor_id: int, name: str) -> str:
    """Give actor ``actor_id`` the name ``name``, kept from then on (never refreshed
    from its aliases). Returns a sentence saying what was done."""
    name = " ".join(name.split())
    if not name:
        raise CurationError("the new name is empty")
    if len(name) > 300:
        raise CurationError("a name has at most 300 characters")
    with engine.begin() as conn:
        store.begin_writing(conn)
        actor = _actor(conn, actor_id)
        conn.execute(sa.update(actors).where(actors.c.id == actor_id).values(name=name))
        _record(conn, "rename", actor, value=name, undo={"name": actor.name})
        store.bump_revision(conn)
    return f"Renamed {actor.name} to {name}."


def retype_actor(engine: Engine, actor_id: int, actor_type: str) -> str:
    """Give actor ``actor_id`` the type ``actor_type`` (one of :data:`RETYPE_CHOICES`;
    :data:`NOT_AN_ACTOR` hides it from every view). Its names never come back with
    their old type in articles stored later. Returns a sentence saying what was done."""
    if actor_type not in RETYPE_CHOICES:
        raise CurationError(f"unknown type {actor_type!r}: choose one of {RETYPE_CHOICES}")
    with engine.begin() as conn:
        store.begin_writing(conn)
        actor = _actor(conn, actor_id)
        if actor.type == actor_type:
            raise CurationError(f"{actor.name} is already of that type")
        names = _names_of(conn, actor_id)
        conn.execute(sa.update(actors).where(actors.c.id == actor_id).values(type=actor_type))
        _record(conn, "retype", actor, value=actor_type, names=names, undo={"type": actor.type})
        store.bump_revision(conn)
    return f"{actor.name} is now marked as {TYPE_LABELS[actor_type]}."


# --- undo -----------------------------------------------------------------------------------


def undo_last_edit(engine: Engine) -> str:
    """Undo the latest edit and forget its rule. Returns a sentence saying what was undone.

    Articles stored since keep what they added; an edit made before the last
    re-analysis cannot be undone (its rows were rebuilt).
    """
    with engine.begin() as conn:
        store.begin_writing(conn)
        edit = conn.execute(
            sa.select(actor_edits).order_by(actor_edits.c.id.desc()).limit(1)
        ).first()
        if edit is None:
            raise CurationError("there is no edit to undo")
        undo = json.loads(edit.undo or "{}")
        if not undo:
            raise CurationError(
                "the last edit was made before the corpus was re-analysed and cannot be undone"
            )
        current = conn.execute(sa.select(actors).where(actors.c.key == edit.actor_key)).first()
        if current is None:
            raise CurationError(f"{edit.actor_name} is no longer in the database")
        if edit.kind == "merge":
            _undo_merge(conn, current, undo)
        elif edit.kind == "split":
            _undo_split(conn, current, edit, undo)
        elif edit.kind == "rename":
            conn.execute(
                sa.update(actors).where(actors.c.id == current.id).values(name=undo["name"])
            )
        else:
            conn.execute(
                sa.update(actors).where(actors.c.id == current.id).values(type=undo["type"])
            )
        conn.execute(sa.delete(actor_edits).where(actor_edits.c.id == edit.id))
        refresh_canonical_names(conn, [current.id])
        store.bump_revision(conn)
    return f"Undone: {describe_edit(edit._mapping)}."


def _undo_merge(conn: Connection, kept: sa.Row, undo: dict) -> None:
    absorbed = undo["absorbed"]
    taken = conn.execute(sa.select(actors.c.id).where(actors.c.key == absorbed["key"])).first()
    if taken is not None:
        raise CurationError(f"an actor {absorbed['name']} was stored since: merge them instead")
    conn.execute(sa.insert(actors).values(**absorbed))
    a, k = absorbed["id"], kept.id
    article_ids = sorted({r[0] for r in undo["article_rows"]})
    _replace_article_rows(conn, [a, k], article_ids, undo["article_rows"])
    for column, key in (
        (mentions.c.actor_id, "mentions"),
        (quotes.c.speaker_id, "quotes"),
        (interactions.c.a_id, "interactions_a"),
        (interactions.c.b_id, "interactions_b"),
    ):
        _repoint(conn, column, undo[key], a)
    if undo["self_interactions"]:
        conn.execute(
            sa.insert(interactions),
            [{**r, "date": _date(r["date"])} for r in undo["self_interactions"]],
        )
    for alias, count in undo["aliases"]:
        _add_alias_count(conn, k, alias, -count)
        _add_alias_count(conn, a, alias, count)
    kept_roles = {r[0]: r for r in undo["kept_roles"]}
    for role, first, last, count in undo["roles"]:
        where = (roles.c.actor_id == k, roles.c.role == role)
        now = conn.execute(sa.select(roles.c.count).where(*where)).scalar_one_or_none()
        if now is not None and now - count > 0:
            old = kept_roles.get(role)
            values = {"count": now - count}
            if old is not None:
                values.update(first_seen=_date(old[1]), last_seen=_date(old[2]))
            conn.execute(sa.update(roles).where(*where).values(**values))
        elif now is not None:
            conn.execute(sa.delete(roles).where(*where))
        conn.execute(
            sa.insert(roles).values(
                actor_id=a, role=role, first_seen=_date(first), last_seen=_date(last), count=count
            )
        )
    conn.execute(sa.update(actors).where(actors.c.id == k).values(country=undo["kept_country"]))


def _undo_split(conn: Connection, source: sa.Row, edit, undo: dict) -> None:
    target = conn.execute(sa.select(actors).where(actors.c.key == edit.other_key)).first()
    if target is None:
        raise CurationError(f"{edit.other_name} is no longer in the database")
    _replace_article_rows(conn, [source.id, target.id], undo["article_ids"], undo["article_rows"])
    for column, key in (
        (mentions.c.actor_id, "mentions"),
        (quotes.c.speaker_id, "quotes"),
        (interactions.c.a_id, "interactions_a"),
        (interactions.c.b_id, "interactions_b"),
    ):
        _repoint(conn, column, undo[key], source.id)
    for name, count in undo["aliases"]:
        _add_alias_count(conn, target.id, name, -count)
        _add_alias_count(conn, source.id, name, count)
    if undo["created"]:
        _delete_unused_actors(conn, [target.id])


# --- history --------------------------------------------------------------------------------


def describe_edit(edit) -> str:
    """One line saying what an ``actor_edits`` row did."""
    kind = edit["kind"]
    if kind == "merge":
        return f"merged {edit['other_name']} into {edit['actor_name']}"
    if kind == "split":
        return f"split {edit['value']!r} off {edit['actor_name']} (now {edit['other_name']})"
    if kind == "rename":
        return f"renamed {edit['actor_name']} to {edit['value']}"
    return f"marked {edit['actor_name']} as {TYPE_LABELS.get(edit['value'], edit['value'])}"


# --- after storing, and replaying ------------------------------------------------------------


def refresh_canonical_names(
    conn: Connection, actor_ids: Iterable[int] | None = None, pinned: Collection[str] | None = None
) -> int:
    """Name each person (of ``actor_ids``, default all) by their most frequent full form
    (see :func:`canonical_name`) unless the analyst named them (``pinned`` keys, read
    from the edits when not given). Returns how many names changed."""
    if pinned is None:
        pinned = _rules(conn).pinned
    where = [actors.c.type == "PERSON"]
    if actor_ids is not None:
        wanted = sorted(set(actor_ids))
        if not wanted:
            return 0
        where.append(actors.c.id.in_(wanted))
    changed = 0
    for chunk in _chunks(_select_ids(conn, where)):
        named = {
            r.id: r
            for r in conn.execute(
                sa.select(actors.c.id, actors.c.key, actors.c.name).where(actors.c.id.in_(chunk))
            )
        }
        forms: dict[int, list[tuple[str, int]]] = {}
        for row in conn.execute(
            sa.select(aliases.c.actor_id, aliases.c.alias, aliases.c.count).where(
                aliases.c.actor_id.in_(chunk)
            )
        ):
            forms.setdefault(row.actor_id, []).append((row.alias, row.count))
        for actor_id, row in named.items():
            if row.key in pinned:
                continue
            best = canonical_name(row.name, forms.get(actor_id, []))
            if best != row.name:
                conn.execute(sa.update(actors).where(actors.c.id == actor_id).values(name=best))
                changed += 1
    return changed


def _select_ids(conn: Connection, where: list) -> list[int]:
    return list(conn.execute(sa.select(actors.c.id).where(*where)).scalars())


def canonical_name(current: str, forms: Sequence[tuple[str, int]]) -> str:
    """The name a person goes by: of ``forms`` (alias, articles), the most frequent full
    form (two name parts or more, not a @handle), mixed case before all capitals, the
    ``current`` name on a tie; ``current`` when no form is full."""
    full = [(a, n) for a, n in forms if len(name_parts(a)) >= 2 and not a.startswith("@")]
    if not full:
        return current
    return max(full, key=lambda f: (not f[0].isupper(), f[1], f[0] == current, f[0]))[0]


def settle_stored_actors(conn: Connection, resolver: CorpusResolver) -> None:
    """After a batch was stored through ``conn`` with ``resolver``: give actors new to the
    corpus the type a retype rule says, move the mentions of split names off the
    actors they were split from, and refresh the names of the actors the batch named."""
    touched, created = resolver.take_touched()
    if not touched:
        return
    rules = resolver.rules
    for actor_id in sorted(created):
        known = resolver.known_actor(actor_id)
        new_type = resolver.retype_for(known.type, known.name)
        if new_type and new_type != known.type:
            conn.execute(sa.update(actors).where(actors.c.id == actor_id).values(type=new_type))
    for source_key, alias, target_key in rules.splits:
        source = resolver.stored(source_key)
        target = resolver.stored(target_key)
        if source is None or target is None or source.id not in touched or source is target:
            continue
        _split_rows(conn, _actor(conn, source.id), alias, _actor(conn, target.id))
    refresh_canonical_names(conn, touched, rules.pinned)


def _stored_by_chain(conn: Connection, rules: ResolutionRules, key: str) -> sa.Row | None:
    found = None
    for each in rules.chain(key):
        row = conn.execute(sa.select(actors).where(actors.c.key == each)).first()
        found = row or found
    return found


def replay_edits(conn: Connection) -> int:
    """Apply every stored edit again, oldest first, to whatever the store holds now (after
    a re-analysis): what is already so stays. Returns how many edits changed rows."""
    edits = conn.execute(sa.select(actor_edits).order_by(actor_edits.c.id)).mappings().all()
    applied = 0
    rules = ResolutionRules()
    for edit in edits:
        rules.add(edit)
        actor = _stored_by_chain(conn, rules, edit["actor_key"])
        if actor is None:
            continue
        kind = edit["kind"]
        if kind == "merge":
            absorbed = conn.execute(
                sa.select(actors).where(actors.c.key == edit["other_key"])
            ).first()
            if absorbed is not None and absorbed.id != actor.id:
                _merge_rows(conn, actor, absorbed)
                applied += 1
        elif kind == "split":
            target = _stored_by_chain(conn, rules, edit["other_key"])
            if target is None:
                target = conn.execute(
                    sa.insert(actors)
                    .values(
                        key=edit["other_key"],
                        name=edit["other_name"],
                        type=edit["other_type"],
                    )
                    .returning(*actors.c)
                ).one()
            if target.id != actor.id and _split_rows(conn, actor, edit["value"], target):
                applied += 1
            _delete_unused_actors(conn, [target.id])
        elif kind == "rename" and actor.name != edit["value"]:
            conn.execute(
                sa.update(actors).where(actors.c.id == actor.id).values(name=edit["value"])
            )
            applied += 1
        elif kind == "retype" and actor.type != edit["value"]:
            conn.execute(
                sa.update(actors).where(actors.c.id == actor.id).values(type=edit["value"])
            )
            applied += 1
    return applied


def _delete_unused_actors(conn: Connection, actor_ids: Sequence[int] | None = None) -> int:
    """Delete the actors (of ``actor_ids``, default all) that no article names, quotes or
    shows meeting anyone; returns how many went."""
    unused = sa.and_(
        ~sa.exists().where(article_actors.c.actor_id == actors.c.id),
        ~sa.exists().where(mentions.c.actor_id == actors.c.id),
        ~sa.exists().where(quotes.c.speaker_id == actors.c.id),
        ~sa.exists().where(interactions.c.a_id == actors.c.id),
        ~sa.exists().where(interactions.c.b_id == actors.c.id),
    )
    statement = sa.delete(actors).where(unused)
    if actor_ids is not None:
        statement = statement.where(actors.c.id.in_(list(actor_ids)))
    return conn.execute(statement).rowcount


# --- re-analysis ----------------------------------------------------------------------------


#: Called with (articles done, articles to do) after each re-analysed batch.
ReanalysisProgress = Callable[[int, int], None]


@dataclass
class ReanalysisReport:
    """What :func:`reanalyse` did."""

    articles: int = 0
    actors_before: int = 0
    actors_after: int = 0
    edits: int = 0
    edits_applied: int = 0
    missing: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        """A human summary."""
        lines = [
            f"{self.articles} article(s) re-analysed; actors: {self.actors_before} before, "
            f"{self.actors_after} after; {self.edits} edit(s) kept, "
            f"{self.edits_applied} of them re-applied to rebuilt rows"
        ]
        if self.missing:
            lines.append(f"{len(self.missing)} article(s) went missing meanwhile and were skipped")
        return lines


def _article_of(row) -> Article:
    return Article(
        text=row.text,
        title=row.title,
        date=row.date,
        source=row.source,
        url=row.url,
        origin=row.origin,
        text_offset=row.text_offset,
    )


def reanalyse(
    engine: Engine,
    analyzer,
    progress: ReanalysisProgress | None = None,
    batch_size: int = 32,
) -> ReanalysisReport:
    """Analyse every stored article again (after the word lists or the taxonomy changed)
    and replace what it yields, ``batch_size`` articles per transaction; the articles
    (text, source, date, time of ingest) and the analyst's edits are kept, and the
    edits are applied again. Articles keep their ids.

    Alias and role counts are rebuilt from zero; until the last batch is stored they
    count only the articles done, and an interrupted run is completed by running it
    again. ``analyzer`` is a :class:`analysis.pipeline.Analyzer`.
    """
    report = ReanalysisReport()
    with engine.begin() as conn:
        store.begin_writing(conn)
        store.ensure_topics(conn, analyzer.topic_rows())
        ids = list(conn.execute(sa.select(articles.c.id).order_by(articles.c.id)).scalars())
        report.actors_before = conn.execute(sa.select(sa.func.count(actors.c.id))).scalar_one()
        conn.execute(sa.update(aliases).values(count=0))
        conn.execute(sa.update(roles).values(count=0, first_seen=None, last_seen=None))
    if progress:
        progress(0, len(ids))
    for chunk in _chunks(ids, max(1, batch_size)):
        with engine.connect() as conn:
            rows = {
                row.id: row
                for row in conn.execute(sa.select(articles).where(articles.c.id.in_(chunk)))
            }
        todo = [rows[i] for i in chunk if i in rows]
        report.missing += [i for i in chunk if i not in rows]
        analyses = list(analyzer.analyse([_article_of(r) for r in todo], batch_size=batch_size))
        with engine.begin() as conn:
            store.begin_writing(conn)
            resolver = store.load_resolver(conn)
            summaries.add_articles(conn, [row.id for row in todo], -1)
            redone = []
            for row, analysis in zip(todo, analyses, strict=True):
                gone = conn.execute(sa.delete(articles).where(articles.c.id == row.id)).rowcount
                if not gone:
                    report.missing.append(row.id)
                    continue
                store._insert_analysis(conn, analysis, resolver, row.ingested_at, article_id=row.id)
                redone.append(row.id)
                report.articles += 1
            summaries.add_articles(conn, redone)
            settle_stored_actors(conn, resolver)
            store.bump_revision(conn)
        if progress:
            progress(report.articles + len(report.missing), len(ids))
    with engine.begin() as conn:
        store.begin_writing(conn)
        conn.execute(sa.delete(aliases).where(aliases.c.count <= 0))
        conn.execute(sa.delete(roles).where(roles.c.count <= 0))
        _delete_unused_actors(conn)
        report.edits_applied = replay_edits(conn)
        _delete_unused_actors(conn)
        # Row ids an undo would restore are gone with the rows.
        report.edits = conn.execute(sa.update(actor_edits).values(undo="{}")).rowcount
        refresh_canonical_names(conn)
        report.actors_after = conn.execute(sa.select(sa.func.count(actors.c.id))).scalar_one()
        store.bump_revision(conn)
    return report
