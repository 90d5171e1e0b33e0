from analysis.models import ArticleActor
from analysis.resolution import CorpusResolver, KnownActor


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
