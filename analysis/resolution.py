"""Joining each article's actors to the actors already known to the corpus.

Within an article, :mod:`analysis.actors` has already merged "Mike Pompeo",
"Pompeo" and "@SecPompeo". Here an article's actor finds its corpus twin: the same
key, a shared full-name alias, a spelling variant of one, or — for a bare surname —
the one known person who carries it.
"""

from __future__ import annotations

from collections.abc import Iterable
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


@dataclass
class CorpusResolver:
    """Finds the stored actor an article's actor denotes; learns as actors are added."""

    known: list[KnownActor]
    lexicon: NameLexicon = field(default_factory=load_name_lexicon)

    def __post_init__(self) -> None:
        self._by_key: dict[str, KnownActor] = {}
        self._by_id: dict[int, KnownActor] = {}
        self._alias_index: dict[tuple[str, str], set[int]] = {}
        self._surname_index: dict[str, set[int]] = {}
        self._full_names: dict[int, set[tuple[str, ...]]] = {}
        for actor in self.known:
            self.add(actor)

    def add(self, actor: KnownActor) -> None:
        """Make ``actor`` (and its aliases) findable."""
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
        """The stored actor that ``actor`` denotes, or None when it is new."""
        exact = self._by_key.get(actor.key)
        if exact is not None:
            return exact
        if actor.type == "COUNTRY":
            return None
        if actor.type == "PERSON":
            return self._match_person(actor)
        return self._unique(self._alias_ids(actor.type, (actor.name, *actor.aliases)))

    def _alias_ids(self, actor_type: str, names: Iterable[str]) -> set[int]:
        ids: set[int] = set()
        for name in names:
            ids |= self._alias_index.get((actor_type, " ".join(name_parts(name))), set())
        return ids

    def _unique(self, ids: set[int]) -> KnownActor | None:
        return self._by_id[next(iter(ids))] if len(ids) == 1 else None

    def _match_person(self, actor: ArticleActor) -> KnownActor | None:
        full = {name_parts(n) for n in (actor.name, *actor.aliases) if not n.startswith("@")}
        full = {p for p in full if len(p) >= 2}
        if not full:
            # A bare surname joins a stored person only when exactly one carries it.
            word = name_parts(actor.name)
            if len(word) != 1:
                return None
            return self._unique(self._surname_ids(word[0]))
        scores: dict[int, int] = {}
        for parts in full:
            for actor_id in self._surname_ids(parts[-1]):
                if any(
                    full_names_match(parts, other, self.lexicon)
                    for other in self._full_names[actor_id]
                ):
                    scores[actor_id] = scores.get(actor_id, 0) + 1
        if not scores:
            return None
        best = max(scores.values())
        winners = [i for i, s in scores.items() if s == best]
        return self._by_id[min(winners)]

    def _surname_ids(self, surname: str) -> set[int]:
        ids = set(self._surname_index.get(surname, set()))
        if len(surname) >= 5:
            for other, other_ids in self._surname_index.items():
                if other != surname and other[0] == surname[0] and same_surname(surname, other):
                    ids |= other_ids
        return ids
