"""Joining each article's actors to the actors already known to the corpus.

Within an article, :mod:`analysis.actors` has already merged "Mike Pompeo",
"Pompeo" and "@SecPompeo". Here an article's actor finds its corpus twin: the same
key, a shared full-name alias, a spelling variant of one, or — for a bare surname —
the one known person who carries it (and, the other way round, a full name finds
the one person stored so far under its bare surname).

An analyst's corrections (:mod:`analysis.curation`) reach resolution as
:class:`ResolutionRules`, keyed by names and actor keys rather than row ids, so
that they hold for articles stored later and after re-analysis: a merged name
joins the actor it was merged into, a split name never joins its old actor again,
and a retyped name ("Kyiv", tagged a person) never comes back with its old type.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from analysis.models import ArticleActor
from analysis.names import (
    NameLexicon,
    full_names_match,
    load_name_lexicon,
    name_parts,
    same_surname,
)


@dataclass
class KnownActor:
    """An actor stored in the corpus, with the aliases recorded for it."""

    id: int
    key: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()


NameKey = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class Route:
    """Where an article's actor of a given type and name goes: the actor stored under
    ``key`` (or the actor that one was merged into). A ``strict`` route never falls
    back to ordinary matching; ``retype`` is the type to give an actor it creates."""

    key: str
    strict: bool = False
    retype: str | None = None


@dataclass
class ResolutionRules:
    """The analyst's edits as rules for resolution, built by :meth:`from_edits`."""

    #: Key of an absorbed actor -> key of the actor it was merged into.
    redirects: dict[str, str] = field(default_factory=dict)
    #: (type, name parts) of an article's actor -> where it goes.
    routes: dict[NameKey, Route] = field(default_factory=dict)
    #: Actor key -> name parts that may never join that actor (split off it).
    barred: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)
    #: Keys of actors whose name the analyst chose (not refreshed from their aliases).
    pinned: set[str] = field(default_factory=set)
    #: (actor key, alias) pairs split off, in edit order: the alias's mentions belong
    #: to the actor under the third element's key.
    splits: list[tuple[str, str, str]] = field(default_factory=list)

    @classmethod
    def from_edits(cls, edits: Iterable[Mapping]) -> ResolutionRules:
        """Rules from rows of the ``actor_edits`` table, oldest first.

        Each row has ``kind`` (merge, split, rename, retype), ``actor_key`` and
        ``actor_type`` (the actor edited; for a merge the one kept), ``other_key`` and
        ``other_type`` (merge: the absorbed actor; split: the actor the alias went to),
        ``value`` (split: the alias; retype: the new type) and ``names`` (a JSON list:
        merge: the absorbed actor's names; retype: the actor's names). A later edit
        overrides an earlier one on the same name.
        """
        rules = cls()
        for edit in edits:
            rules.add(edit)
        return rules

    def add(self, edit: Mapping) -> None:
        """Add the rule of one more edit (a row as :meth:`from_edits` reads them)."""
        kind = edit["kind"]
        names = json.loads(edit["names"] or "[]")
        if kind == "merge":
            self.redirects[edit["other_key"]] = edit["actor_key"]
            self.barred.pop(edit["other_key"], None)
            for parts in filter(None, map(name_parts, names)):
                self.routes[(edit["other_type"], parts)] = Route(edit["actor_key"])
                self.barred.get(edit["actor_key"], set()).discard(parts)
        elif kind == "split":
            parts = name_parts(edit["value"])
            if not parts:
                return
            # Whatever type the name came with, it no longer goes to the old actor.
            for (actor_type, routed), route in list(self.routes.items()):
                if routed == parts and route.key == edit["actor_key"]:
                    self.routes[(actor_type, routed)] = Route(edit["other_key"])
            self.routes[(edit["actor_type"], parts)] = Route(edit["other_key"])
            self.barred.setdefault(edit["actor_key"], set()).add(parts)
            self.barred.get(edit["other_key"], set()).discard(parts)
            self.splits.append((edit["actor_key"], edit["value"], edit["other_key"]))
        elif kind == "rename":
            self.pinned.add(edit["actor_key"])
        elif kind == "retype":
            for parts in filter(None, map(name_parts, names)):
                self.routes[(edit["actor_type"], parts)] = Route(
                    edit["actor_key"], strict=True, retype=edit["value"]
                )

    def route(self, actor_type: str, name: str) -> Route | None:
        """The route of an article's actor of this type and name, if a rule gives one."""
        return self.routes.get((actor_type, name_parts(name)))

    def chain(self, key: str) -> list[str]:
        """``key`` and the keys it was merged into, in order (a cycle is cut)."""
        keys = [key]
        while keys[-1] in self.redirects and self.redirects[keys[-1]] not in keys:
            keys.append(self.redirects[keys[-1]])
        return keys

    def is_barred(self, key: str, name: str) -> bool:
        """Whether a name was split off the actor stored under ``key``."""
        return name_parts(name) in self.barred.get(key, ())


@dataclass
class CorpusResolver:
    """Finds the stored actor an article's actor denotes; learns as actors are added."""

    known: list[KnownActor]
    lexicon: NameLexicon = field(default_factory=load_name_lexicon)
    rules: ResolutionRules = field(default_factory=ResolutionRules)

    def __post_init__(self) -> None:
        self._by_key: dict[str, KnownActor] = {}
        self._by_id: dict[int, KnownActor] = {}
        self._alias_index: dict[tuple[str, str], set[int]] = {}
        self._surname_index: dict[str, set[int]] = {}
        self._full_names: dict[int, set[tuple[str, ...]]] = {}
        #: Ids of the actors matched or added since the last :meth:`take_touched`.
        self.touched: set[int] = set()
        #: Ids of the actors added (new to the corpus) since then.
        self.created: set[int] = set()
        for actor in self.known:
            self.add(actor)
        self.take_touched()

    def take_touched(self) -> tuple[set[int], set[int]]:
        """The ids matched or added, and those added, since the last call; then forget them."""
        touched, created = self.touched, self.created
        self.touched, self.created = set(), set()
        return touched, created

    def known_actor(self, actor_id: int) -> KnownActor:
        """The known actor of id ``actor_id``."""
        return self._by_id[actor_id]

    def stored(self, key: str) -> KnownActor | None:
        """The actor stored under ``key``, or under the key it was last merged into."""
        found = None
        for each in self.rules.chain(key):
            found = self._by_key.get(each, found)
        return found

    def add(self, actor: KnownActor) -> None:
        """Make ``actor`` (and its aliases) findable."""
        self.created.add(actor.id)
        self.touched.add(actor.id)
        self._by_key[actor.key] = actor
        self._by_id[actor.id] = actor
        for alias in (actor.name, *actor.aliases):
            self.add_alias(actor.id, alias)

    def add_alias(self, actor_id: int, alias: str) -> None:
        actor = self._by_id[actor_id]
        parts = name_parts(alias)
        if not parts:
            return
        self._alias_index.setdefault((actor.type, " ".join(parts)), set()).add(actor_id)
        if actor.type == "PERSON" and len(parts) >= 2 and not alias.startswith("@"):
            self._full_names.setdefault(actor_id, set()).add(parts)
            self._surname_index.setdefault(parts[-1], set()).add(actor_id)

    def match(self, actor: ArticleActor) -> KnownActor | None:
        """The stored actor that ``actor`` denotes, or None when it is new.

        The analyst's rules come first: a routed name joins its actor, and no name
        joins an actor it was split off.
        """
        found = self._match(actor)
        if found is not None:
            self.touched.add(found.id)
        return found

    def _match(self, actor: ArticleActor) -> KnownActor | None:
        route = self.rules.route(actor.type, actor.name)
        if route is not None:
            routed = self.stored(route.key)
            if routed is not None or route.strict:
                return routed
        redirected = self.stored(actor.key)
        if redirected is not None and self._allowed(redirected.id, actor.name):
            return redirected
        if actor.type == "COUNTRY":
            return None
        if actor.type == "PERSON":
            return self._match_person(actor)
        ids = self._alias_ids(actor.type, (actor.name, *actor.aliases))
        return self._unique(ids, actor.name)

    def retype_for(self, actor_type: str, name: str) -> str | None:
        """The type a new actor of this type and name must take instead, if a rule says so."""
        route = self.rules.route(actor_type, name)
        return route.retype if route is not None else None

    def _allowed(self, actor_id: int, name: str) -> bool:
        return not self.rules.is_barred(self._by_id[actor_id].key, name)

    def _alias_ids(self, actor_type: str, names: Iterable[str]) -> set[int]:
        ids: set[int] = set()
        for name in names:
            ids |= self._alias_index.get((actor_type, " ".join(name_parts(name))), set())
        return ids

    def _unique(self, ids: set[int], name: str) -> KnownActor | None:
        ids = {i for i in ids if self._allowed(i, name)}
        return self._by_id[next(iter(ids))] if len(ids) == 1 else None

    def _match_person(self, actor: ArticleActor) -> KnownActor | None:
        full = {name_parts(n) for n in (actor.name, *actor.aliases) if not n.startswith("@")}
        full = {p for p in full if len(p) >= 2}
        if not full:
            # A bare surname joins a stored person only when exactly one carries it.
            word = name_parts(actor.name)
            if len(word) != 1:
                return None
            return self._unique(self._surname_ids(word[0]), actor.name)
        scores: dict[int, int] = {}
        for parts in full:
            for actor_id in self._surname_ids(parts[-1]):
                if not self._allowed(actor_id, actor.name):
                    continue
                if any(
                    full_names_match(parts, other, self.lexicon)
                    for other in self._full_names[actor_id]
                ):
                    scores[actor_id] = scores.get(actor_id, 0) + 1
        if not scores:
            return self._bare_surname_person(full, actor.name)
        best = max(scores.values())
        winners = [i for i, s in scores.items() if s == best]
        return self._by_id[min(winners)]

    def _bare_surname_person(self, full: set[tuple[str, ...]], name: str) -> KnownActor | None:
        """The one stored person known so far only by a bare surname that ends one of
        the ``full`` names ("Zelenskyy", met before "Volodymyr Zelenskyy"), so that
        the order articles arrive in does not decide whether a person is split."""
        ids = {
            actor_id
            for parts in full
            for actor_id in self._alias_index.get(("PERSON", parts[-1]), set())
            if actor_id not in self._full_names
        }
        return self._unique(ids, name)

    def _surname_ids(self, surname: str) -> set[int]:
        ids = set(self._surname_index.get(surname, set()))
        if len(surname) >= 5:
            for other, other_ids in self._surname_index.items():
                if other != surname and other[0] == surname[0] and same_surname(surname, other):
                    ids |= other_ids
        return ids
