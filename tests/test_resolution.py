import json

import pytest

from analysis.models import ArticleActor
from analysis.resolution import CorpusResolver, KnownActor, ResolutionRules


def person(name, *aliases):
    return ArticleActor(
        key="PERSON:" + name.lower(), name=name, type="PERSON", aliases={name, *aliases}
    )


def resolver_with(*actors):
    return CorpusResolver(
        [
            KnownActor(id=i, key=a.key, name=a.name, type=a.type, aliases=tuple(a.aliases))
            for i, a in enumerate(actors, start=1)
        ]
    )


def test_spelling_variant_joins_stored_person():
    resolver = resolver_with(person("Shah Mehmood Qureshi", "Qureshi"))
    match = resolver.match(person("Shah Mahmood Qureshi"))
    assert match is not None and match.name == "Shah Mehmood Qureshi"


def test_short_given_name_joins_stored_person():
    resolver = resolver_with(person("Michael R. Pompeo"))
    match = resolver.match(person("Mike Pompeo", "Pompeo"))
    assert match is not None and match.id == 1


def test_bare_surname_joins_only_when_unambiguous():
    one = resolver_with(person("Imran Khan"))
    assert one.match(person("Khan")).name == "Imran Khan"
    two = resolver_with(person("Imran Khan"), person("Sadiq Khan"))
    assert two.match(person("Khan")) is None


def test_full_name_joins_the_one_person_known_by_its_bare_surname():
    resolver = resolver_with(person("Zelenskyy"))
    assert resolver.match(person("Volodymyr Zelenskyy", "Zelenskyy")).id == 1
    # Once that person has a full name, another full name with the surname is someone else.
    named = resolver_with(person("Khan", "Imran Khan"))
    assert named.match(person("Sadiq Khan")) is None
    # A given name is not a surname.
    assert resolver_with(person("Volodymyr")).match(person("Volodymyr Zelenskyy")) is None


def test_different_people_stay_apart():
    resolver = resolver_with(person("Kim Jong Un"))
    assert resolver.match(person("Kim Yo Jong")) is None


def test_organisations_match_by_alias_and_type():
    org = ArticleActor(key="ORG:state department", name="State Department", type="ORG")
    resolver = resolver_with(org)
    same = ArticleActor(
        key="ORG:the state department",
        name="The State Department",
        type="ORG",
        aliases={"State Department"},
    )
    assert resolver.match(same).id == 1
    country = ArticleActor(key="COUNTRY:XX", name="State Department", type="COUNTRY")
    assert resolver.match(country) is None


def test_added_actor_is_found_afterwards():
    resolver = resolver_with()
    resolver.add(
        KnownActor(id=7, key="PERSON:zalmay khalilzad", name="Zalmay Khalilzad", type="PERSON")
    )
    assert resolver.match(person("Khalilzad")).id == 7


# --- the analyst's edits as rules --------------------------------------------------------


def edit(kind, actor, other=None, value=None, names=()):
    """An ``actor_edits`` row as :meth:`ResolutionRules.from_edits` reads it."""
    return {
        "kind": kind,
        "actor_key": actor.key,
        "actor_type": actor.type,
        "other_key": other.key if other else None,
        "other_type": other.type if other else None,
        "value": value,
        "names": json.dumps(list(names)),
    }


def resolver_with_rules(actors, edits):
    resolver = resolver_with(*actors)
    resolver.rules = ResolutionRules.from_edits(edits)
    return resolver


IMRAN = person("Imran Khan", "Khan")
SADIQ = person("Sadiq Khan")
KHALILZAD_ORG = ArticleActor(
    key="ORG:khalilzad", name="Khalilzad", type="ORG", aliases={"Khalilzad"}
)
ZALMAY = person("Zalmay Khalilzad", "Khalilzad")
KYIV = person("Kyiv")


@pytest.mark.parametrize(
    "stored, edits, incoming, expected",
    [
        # A merged actor's key and names join the actor kept, whatever their type.
        ([ZALMAY], [edit("merge", ZALMAY, KHALILZAD_ORG, names=["Khalilzad"])], KHALILZAD_ORG, 1),
        # A bare surname two people carry joins the one the analyst merged it into.
        ([IMRAN, SADIQ], [edit("merge", SADIQ, person("Khan"), names=["Khan"])], person("Khan"), 2),
        # A name split off never joins its old actor again ...
        ([IMRAN], [edit("split", IMRAN, SADIQ, value="Khan")], person("Khan"), None),
        # ... but the actor it was given, once stored ...
        ([IMRAN, SADIQ], [edit("split", IMRAN, SADIQ, value="Khan")], person("Khan"), 2),
        # ... and the actor's full name still joins it.
        ([IMRAN], [edit("split", IMRAN, SADIQ, value="Khan")], person("Imran Khan", "Khan"), 1),
        # Merged back later: the later edit wins.
        (
            [IMRAN],
            [
                edit("split", IMRAN, person("Khan"), value="Khan"),
                edit("merge", IMRAN, person("Khan"), names=["Khan"]),
            ],
            person("Khan"),
            1,
        ),
        # A retyped name joins its actor, and never a person, even one it would fit.
        ([person("Viktor Kyiv"), KYIV], [edit("retype", KYIV, value="PLACE", names=["Kyiv"])], KYIV, 2),
        ([person("Viktor Kyiv")], [edit("retype", KYIV, value="PLACE", names=["Kyiv"])], KYIV, None),
    ],
)  # fmt: skip
def test_rules_steer_resolution(stored, edits, incoming, expected):
    resolver = resolver_with_rules(stored, edits)
    match = resolver.match(incoming)
    assert (match.id if match else None) == expected


def test_without_rules_the_same_names_resolve_otherwise():
    # The cases above are decided by the rules, not by ordinary matching.
    assert resolver_with(IMRAN, SADIQ).match(person("Khan")) is None
    assert resolver_with(IMRAN).match(person("Khan")).id == 1
    assert resolver_with(person("Viktor Kyiv")).match(KYIV).id == 1
    assert resolver_with(ZALMAY).match(KHALILZAD_ORG) is None


def test_a_retyped_name_gives_new_actors_their_type_and_renames_are_pinned():
    rules = ResolutionRules.from_edits(
        [
            edit("retype", KYIV, value="NOT_ACTOR", names=["Kyiv"]),
            edit("rename", IMRAN, value="Imran Ahmed Khan Niazi"),
        ]
    )
    resolver = CorpusResolver([], rules=rules)
    assert resolver.retype_for("PERSON", "KYIV") == "NOT_ACTOR"
    assert resolver.retype_for("ORG", "Kyiv") is None
    assert rules.pinned == {IMRAN.key}


def test_merges_chain_and_a_cycle_is_cut():
    a, b, c = person("Ann Lee"), person("Bo Lee"), person("Cy Lee")
    rules = ResolutionRules.from_edits(
        [edit("merge", b, a), edit("merge", c, b), edit("merge", a, c)]
    )
    assert rules.chain(a.key) == [a.key, b.key, c.key]
    resolver = resolver_with_rules([c], [edit("merge", b, a), edit("merge", c, b)])
    assert resolver.stored(a.key).key == c.key


def test_the_resolver_reports_what_it_matched_and_added():
    resolver = resolver_with(IMRAN)
    assert resolver.take_touched() == (set(), set())
    resolver.match(person("Imran Khan"))
    resolver.add(KnownActor(id=9, key="PERSON:sadiq khan", name="Sadiq Khan", type="PERSON"))
    assert resolver.take_touched() == ({1, 9}, {9})
    assert resolver.take_touched() == (set(), set())
