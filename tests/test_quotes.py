"""Quote extraction and attribution, table-driven over sentences written for these tests."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Span

from analysis.actors import extract_actors, load_actor_lexicon
from analysis.evaluate import same_speaker, source_is_named
from analysis.quotes import extract_quotes, load_quote_lexicon, quote_spans


@pytest.fixture(scope="module")
def extract(nlp):
    actor_lexicon, quote_lexicon = load_actor_lexicon(), load_quote_lexicon()

    def run(text):
        doc = nlp(text)
        quotes, _ = extract_quotes(doc, extract_actors(doc, actor_lexicon), quote_lexicon)
        for quote in quotes:
            assert text[quote.start : quote.end] == quote.text
        return quotes

    return run


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "we agree" and left.', ["we agree"]),
        ("She said “we agree” and left.", ["we agree"]),
        ("“First part,” he said, “second part.”", ["First part", "second part."]),
        ("\"Outer 'inner' words,\" she said.", ["Outer 'inner' words"]),
        ("The minister said ‘we will not yield’ to pressure.", ["we will not yield"]),
        ("Officials called it ''a turning point'' in the talks.", ["a turning point"]),
        ("No quotes at all, it's Pakistan's view.", []),
        ('An opening mark " never closed here', []),
        # Curly marks inside straight ones: the outer quotation, whole.
        (
            'He went on: "I read them the question: “Do you agree?” Forty, yes; fifty, no."',
            ["I read them the question: “Do you agree?” Forty, yes; fifty, no."],
        ),
        # ... but a paragraph wrapped in marks around the quotation it opens with.
        ('"“We will win,” Lind said before he left."', ["We will win"]),
        # Curly marks inside curly ones, balanced: the outer quotation, whole; when
        # they do not balance, the opening never closed is lost, not the rest.
        (
            "“I would rather live in what she calls “a trap” than stay here,” Vos wrote.",
            ["I would rather live in what she calls “a trap” than stay here"],
        ),
        (
            "Jack noted that “most of [Lind’s] “list” are undecided” and that “we are confident.”",
            ["most of [Lind’s] “list” are undecided", "we are confident."],
        ),
        (
            "“The talks began and “the pier” was closed, Vos wrote.",
            ["the pier"],
        ),
        ("““We will win,” Lind said before he left.”", ["We will win"]),
        # A space left out after a comma: before an opening mark or after a closing one.
        (
            'He said,"We will sign." Then: "Not today,"Ana Vos said. "Wait."',
            ["We will sign.", "Not today", "Wait."],
        ),
        ("“Not today,”Ana Vos said. “Wait.”", ["Not today", "Wait."]),
        # British style: double marks inside single ones are part of the quotation.
        (
            "‘We reject what they call a “final offer”,’ Vos said.",
            ["We reject what they call a “final offer”"],
        ),
        # German marks open low and close high; French ones point outwards.
        ("„Nothing has changed“, Peskov said. „We wait.“", ["Nothing has changed", "We wait."]),
        ("«Nothing has changed», Peskov said.", ["Nothing has changed"]),
    ],
)
def test_quote_spans(text, expected):
    assert [text[q.start : q.end] for q in quote_spans(text)] == expected


def test_unbalanced_mark_loses_only_the_broken_quote():
    text = (
        'He said "the talks were useful and long.\n\n'
        'Later she said "we will return next week," and left.'
    )
    found = [text[q.start : q.end] for q in quote_spans(text)]
    assert "we will return next week" in found


def test_quote_over_two_paragraphs_continues():
    text = (
        '"The first paragraph of a long statement runs on\n\n'
        '"and the second paragraph ends it," the envoy said.'
    )
    spans = quote_spans(text)
    assert len(spans) == 2 and spans[0].continues


@pytest.mark.parametrize(
    "text, quote_start, speaker",
    [
        (
            'Zalmay Khalilzad met the Taliban in Doha. "We made progress," Khalilzad said.',
            "We made",
            "Zalmay Khalilzad",
        ),
        # The speaker named right after the quotation, parsed as no subject of the
        # verb that an aside keeps far from it.
        (
            "“We have had better summits than this one,” harbour pilot Tomas Berger, "
            "holding his cap and a rolled-up chart, said calmly as the gulls "
            "circled over the quay.",
            "We have had",
            "Tomas Berger",
        ),
        # "went on": a speech verb, not the last speaker's quote running on.
        (
            'Tomas Berger answered first: "The pier is safe."\n\n'
            '"You know, it floods every spring," Ines Varga went on, as if she had not '
            "heard him.",
            "You know",
            "Ines Varga",
        ),
        # A participle the parse hangs inside the quotations: the main clause's subject.
        (
            "Jonas Lind hardly settled the matter, treating the remark first as praise -- "
            "''That makes me careful'' -- and, when pressed after the vote, asserting, "
            "''Of course, I paid every fee.''",
            "Of course",
            "Jonas Lind",
        ),
        # "put it" speaks.
        (
            "As Laura Becker, a tax lawyer, recently put it, ''Did he lower his taxes "
            "through legal means?''",
            "Did he lower",
            "Laura Becker",
        ),
        # Asked by someone: the asker speaks, not the one asked.
        (
            "Jonas Lind was asked by host Laura Becker, who had interviewed him twice "
            "before, “Has anything changed since the summer?”",
            "Has anything",
            "Laura Becker",
        ),
        # "he" after a sentence whose "said" the parser left without a subject: the
        # person named just before that "said".
        (
            "Foreign Minister Jonas Lind wrote on Twitter that the strikes were "
            "proportionate.\n\nSpeaking in the holy city of Qom, the Supreme Leader, "
            'Ayatollah Ali Khamenei, said military action alone was not enough. "What '
            'happened last night was only a first step," he told a crowd.',
            "What happened",
            "Ali Khamenei",
        ),
        # "shot back": a speech verb nearer the quotation than the criticism before it.
        (
            "After the governor, Daniel Moreau, criticized her plan during the debate, "
            "Laura Becker shot back, “I guess I might have gone home early.”",
            "I guess",
            "Laura Becker",
        ),
        (
            '"We made progress," said Zalmay Khalilzad, the US envoy.',
            "We made",
            "Zalmay Khalilzad",
        ),
        (
            "Antony Blinken spoke after the meeting. “The door remains open,” he said.",
            "The door",
            "Antony Blinken",
        ),
        (
            "Hua Chunying took questions on Monday while Wang Yi was abroad. "
            "“China will not accept this,” she said.",
            "China will",
            "Hua Chunying",
        ),
        (
            "Ned Price briefed reporters. Sergey Lavrov was in Moscow. "
            '"We spoke with Lavrov for an hour," Price said.',
            "We spoke",
            "Ned Price",
        ),
        (
            "Morgan Ortagus, a State Department spokesperson, said: "
            '"The Secretary raised the detention of the sailors."',
            "The Secretary",
            "Morgan Ortagus",
        ),
        (
            "Pakistan's Foreign Minister Shah Mehmood Qureshi arrived on Monday. "
            '"We want calm," the foreign minister said.',
            "We want",
            "Shah Mehmood Qureshi",
        ),
        (
            'The Foreign Office said in a statement: "The ambassador has been summoned."',
            "The ambassador",
            "Foreign Office",
        ),
        (
            "Wang Yi spoke first.\n\n"
            '"The two sides agreed to keep talking," Wang said.\n\n'
            '"There is no alternative to dialogue."',
            "There is",
            "Wang Yi",
        ),
        (
            "Dmytro Kuleba wrote on Twitter: “Ukraine will not trade its territory.”",
            "Ukraine will",
            "Dmytro Kuleba",
        ),
    ],
)
def test_speakers(extract, text, quote_start, speaker):
    quotes = [q for q in extract(text) if q.text.startswith(quote_start)]
    assert quotes, f"no quote starts with {quote_start!r}"
    assert quotes[0].speaker == speaker


def test_split_quote_has_one_speaker_for_both_parts(extract):
    text = "“We are ready,” Imran Khan said, “but we need a partner.”"
    quotes = [q for q in extract(text) if q.kind == "direct"]
    assert [q.text for q in quotes] == ["We are ready", "but we need a partner."]
    assert {q.speaker for q in quotes} == {"Imran Khan"}


@pytest.mark.parametrize(
    "text, content, speaker, cue",
    [
        (
            "Antony Blinken warned that Moscow would pay a heavy price for an invasion.",
            "Moscow would pay a heavy price for an invasion",
            "Antony Blinken",
            "warn",
        ),
        (
            "According to Javad Zarif, the talks in Vienna were constructive.",
            "the talks in Vienna were constructive",
            "Javad Zarif",
            "according to",
        ),
        (
            "Imran Khan urged the United States to separate the Afghan people from the Taliban.",
            "the United States to separate the Afghan people from the Taliban",
            "Imran Khan",
            "urge",
        ),
        (
            "At the border, Imran Khan told the pilgrims that the corridor would stay open.",
            "the corridor would stay open",
            "Imran Khan",
            "tell",
        ),
        (
            "Narendra Modi called for an end to cross-border terrorism in the region.",
            "an end to cross-border terrorism in the region",
            "Narendra Modi",
            "call for",
        ),
        (
            "Amal Haddad assured the visiting envoys that the crossing would stay open.",
            "the crossing would stay open",
            "Amal Haddad",
            "assure",
        ),
        (
            "Amal Haddad informed the committee that the treaty had been signed.",
            "the treaty had been signed",
            "Amal Haddad",
            "inform",
        ),
    ],
)
def test_reported_speech(extract, text, content, speaker, cue):
    reported = [q for q in extract(text) if q.kind == "indirect"]
    assert reported, "no reported speech found"
    assert reported[0].text == content
    assert (reported[0].speaker, reported[0].cue) == (speaker, cue)


@pytest.mark.parametrize(
    "text, content, speaker, cue",
    [
        # An object-control verb: the object is the one who speaks.
        (
            "Senators forced Maria Lopez to admit that the agency had lost the files.",
            "the agency had lost the files",
            "Maria Lopez",
            "admit",
        ),
        # A verb of judgement: the object and what it was called.
        (
            "Helena Marsh called the sanctions a grave mistake.",
            "the sanctions a grave mistake",
            "Helena Marsh",
            "call",
        ),
        # A second cue the parse hangs inside the first cue's reported clause.
        (
            "Rafael Ortiz said the government would cut fuel taxes and warned that "
            "prices could rise again.",
            "prices could rise again",
            "Rafael Ortiz",
            "warn",
        ),
        # A heading run into the sentence gives the verb a second subject.
        (
            "THE BORDER Back when he was young, Mr. Lind said that he considered war a failure.",
            "he considered war a failure",
            "Lind",
            "say",
        ),
        # A surname that is also a title, after "Mr.".
        (
            "Mr. King said the network had never told him what to say.",
            "the network had never told him what to say",
            "King",
            "say",
        ),
        # "that" read as the verb's object.
        (
            "In his speech, Mr Okafor said that as a young man he had marched for independence.",
            "as a young man he had marched for independence",
            "Okafor",
            "say",
        ),
        # A "that" clause read as a relative clause of the noun before it.
        (
            "Foreign Minister Amal Haddad told reporters after the talks that Jordan had "
            "again raised the water treaty.",
            "Jordan had again raised the water treaty",
            "Amal Haddad",
            "tell",
        ),
        # A main verb left without a subject: the person named just before it.
        (
            "According to a statement from the royal palace, King Abdullah told the visiting "
            "senators that Jordan would keep its border open.",
            "Jordan would keep its border open",
            "Abdullah",
            "tell",
        ),
        # A gerund after a preposition: one quote, the subject of the verb it modifies...
        (
            "Maria Lopez responded by saying that the report was unfair.",
            "the report was unfair",
            "Maria Lopez",
            "respond",
        ),
        # A statement "saying" something is its issuer's.
        (
            "Maria Lopez issued a statement saying that the border would stay closed.",
            "the border would stay closed",
            "Maria Lopez",
            "say",
        ),
        # A speech noun with its "that" clause: its owner's or its maker's.
        (
            "Critics mocked Maria Lopez's claim that the border would stay closed.",
            "the border would stay closed",
            "Maria Lopez",
            "claim",
        ),
        (
            "Maria Lopez made a promise that the border would stay open.",
            "the border would stay open",
            "Maria Lopez",
            "promise",
        ),
        # A participle after a clause saying when is the act of that clause's subject,
        # not of a standoff.
        (
            "The standoff began in March 2021 when Tomas Berger closed the northern "
            "crossing, accusing the port authority of ignoring the ferry workers.",
            "the port authority of ignoring the ferry workers",
            "Tomas Berger",
            "accuse",
        ),
        # A finite verb joined to a clause under "would" is no part of that clause.
        (
            "Prime Minister Jonas Lind said on Monday that the country would formally "
            "announce its exit before the summer and suggested that it would quit the "
            "customs union.",
            "it would quit the customs union",
            "Jonas Lind",
            "suggest",
        ),
        # "..., saying": the speaker goes on, though the participle hangs on the
        # reported clause.
        (
            "Jonas Lind argued that a registry would keep smugglers out of the port, "
            "saying it was a matter of management.",
            "it was a matter of management",
            "Jonas Lind",
            "say",
        ),
        # A verb joined to a clause inside the reported one: the reporter's still.
        (
            "Daniel Moreau said the warning showed that the minister did not know what "
            "she was doing, and accused the ministry of misleading the public.",
            "the ministry of misleading the public",
            "Daniel Moreau",
            "accuse",
        ),
        # "who" on a noun that describes the subject: the subject speaks.
        (
            "Jonas Lind is a veteran diplomat and a patient negotiator who has repeatedly "
            "said that the pact must survive.",
            "the pact must survive",
            "Jonas Lind",
            "say",
        ),
        # "It" speaks for the institution last the subject.
        (
            "The Latvian foreign ministry gave its own account on Friday. It said the "
            "talks had ended without agreement.",
            "the talks had ended without agreement",
            "Latvian foreign ministry",
            "say",
        ),
        # "According to X, ..." opening a sentence the parser read as a noun phrase.
        (
            "According to the harbour radio host Daniel Moreau, the levy smacks of "
            "“panic” and haste.",
            "the levy smacks of “panic” and haste",
            "Daniel Moreau",
            "according to",
        ),
        # An appeal: for something, or to someone to do something.
        (
            "Laura Becker, who chaired the panel, appealed to both sides to protect the "
            "civilians trapped in the port.",
            "both sides to protect the civilians trapped in the port",
            "Laura Becker",
            "appeal",
        ),
        (
            "Speaking to the assembly, Laura Becker appealed for continued support.",
            "continued support",
            "Laura Becker",
            "appeal for",
        ),
        # ... but "quoted X as saying" is X's.
        (
            "Xinhua quoted Xi Jinping as saying that China would win the fight against the virus.",
            "China would win the fight against the virus",
            "Xi Jinping",
            "say",
        ),
    ],
)
def test_reported_speech_speaker_from_the_parse(extract, text, content, speaker, cue):
    reported = [q for q in extract(text) if q.kind == "indirect" and q.text == content]
    assert len(reported) == 1, f"not one reported speech {content!r}: {reported}"
    assert (reported[0].speaker, reported[0].cue) == (speaker, cue)


@pytest.mark.parametrize(
    "text, content, described",
    [
        (
            "Officials said the border crossing would reopen on Monday.",
            "the border crossing",
            "Officials",
        ),
        (
            "Several diplomats said the vote had been delayed until spring.",
            "the vote had",
            "Several diplomats",
        ),
        (
            "The harbour master told reporters the pier would close.",
            "the pier would",
            "The harbour master",
        ),
        # A direct quotation of an unnamed source is described the same way.
        (
            "“The pier will close,” a senior port official said.",
            "The pier",
            "a senior port official",
        ),
        # A heading on the line before is no part of the description.
        (
            "More news\n\nPort officials say the pier will reopen on Friday.",
            "the pier will",
            "Port officials",
        ),
        # A pronoun with nobody to stand for describes nobody.
        ("They said the vote had been delayed until spring.", "the vote had", None),
        # A short clause is part of the description; a long one is not.
        (
            "Port workers who saw the fire said the pier would close.",
            "the pier would",
            "Port workers who saw the fire",
        ),
        (
            "A senator who has spent the last ten years opposing every plan to widen"
            " the harbour said the vote would fail.",
            "the vote would",
            "A senator",
        ),
        # The clause that reports is no part of who reports.
        (
            "The ministers ignored the port workers who argued that the pier was safe.",
            "the pier was safe",
            "the port workers",
        ),
    ],
)
def test_an_unnamed_source_is_described_but_no_actor(extract, text, content, described):
    quotes = [q for q in extract(text) if q.text.startswith(content)]
    assert len(quotes) == 1
    assert (quotes[0].speaker, quotes[0].speaker_key, quotes[0].speaker_type) == (
        described,
        None,
        None,
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            'Helena Marsh called the talks "a new beginning for both countries".',
            [("indirect", 'the talks "a new beginning for both countries"', "Helena Marsh")],
        ),
        (
            'Helena Marsh described the visit as "deeply moving".',
            [("indirect", 'the visit as "deeply moving"', "Helena Marsh")],
        ),
        (
            'Helena Marsh said that "the door remains open."',
            [("indirect", '"the door remains open."', "Helena Marsh")],
        ),
        (
            'Helena Marsh said the ministry "will not be rushed".',
            [("indirect", 'the ministry "will not be rushed"', "Helena Marsh")],
        ),
        # Doubled marks, as some archives write them.
        (
            "Helena Marsh said the ministry ''will not be rushed.''",
            [("indirect", "the ministry ''will not be rushed.''", "Helena Marsh")],
        ),
        # Quoted words that run on past the clause's sentence are said all the same.
        (
            'Tomas Berger said the board would "pave the pier in concrete. I do not know '
            'if the fish will mind, but we will find out."',
            [
                (
                    "indirect",
                    'the board would "pave the pier in concrete. I do not know if the fish '
                    'will mind, but we will find out."',
                    "Tomas Berger",
                )
            ],
        ),
        # The marks hold all that was said: a direct quotation.
        (
            'Helena Marsh said: "The door remains open."',
            [("direct", "The door remains open.", "Helena Marsh")],
        ),
        (
            '"The door remains open," Helena Marsh said.',
            [("direct", "The door remains open", "Helena Marsh")],
        ),
        # Praise without quotation marks is the writer's summary; a description is
        # what was said, marks or not.
        ("Helena Marsh praised the accord as a historic step.", []),
        (
            "Helena Marsh described the accord as a historic step.",
            [("indirect", "the accord as a historic step", "Helena Marsh")],
        ),
        # The writer's own label for something, not anyone's speech.
        ("The meeting ended what both sides called a long winter.", []),
    ],
)
def test_words_quoted_inside_a_reported_clause_make_it_reported_speech(extract, text, expected):
    assert [(q.kind, q.text, q.speaker) for q in extract(text)] == expected


@pytest.mark.parametrize(
    "text, quote_start, speaker",
    [
        # A quotation standing as its own paragraph: the subject just before it.
        (
            "Amina Diallo turned to the question of water.\n\n"
            '"Our rivers are drying and our farmers are leaving for the cities."',
            "Our rivers",
            "Amina Diallo",
        ),
        # The subject named in an apposition ("the host, Foreign Minister ...").
        (
            "Karim Nasser opened the session in Amman. Later the host, Foreign Minister "
            "Amal Haddad, turned to the question of water. "
            '"Our rivers are drying and our farmers are leaving for the cities."',
            "Our rivers",
            "Amal Haddad",
        ),
        # A role subject ("the Norwegian prime minister") is the latest mention of
        # its person, whoever was named last.
        (
            "Prime Minister Lars Holm of Norway met Omar Haddad in Oslo. Haddad spoke "
            "about refugees. The Norwegian prime minister said the talks had been useful. "
            '"We will meet again in the spring," he said.',
            "We will meet",
            "Lars Holm",
        ),
    ],
)
def test_speakers_from_the_discourse(extract, text, quote_start, speaker):
    quotes = [q for q in extract(text) if q.text.startswith(quote_start)]
    assert quotes, f"no quote starts with {quote_start!r}"
    assert quotes[0].speaker == speaker


@pytest.mark.parametrize(
    "text, quote_start, speaker, speaker_type",
    [
        # A document speaks for whoever issued it, named with it or before it.
        (
            "Foreign Minister Anna Lindqvist said in a statement that the embassy would "
            "close. 'We did not take this step lightly,' the statement said.",
            "We did not take",
            "Anna Lindqvist",
            "PERSON",
        ),
        (
            "A statement issued by the Chilean presidency said the talks would resume in May.",
            "the talks would",
            "Chilean presidency",
            "ORG",
        ),
        (
            "Taxes would rise for the wealthiest families, according to a speech "
            "Angela Merkel delivered in Berlin.",
            "Taxes would rise",
            "Angela Merkel",
            "PERSON",
        ),
        # An institution of a country is the institution, its possessive written as
        # the adjective; a bare noun is the one named in full before.
        (
            "The Turkish presidency said the talks would resume in May.",
            "the talks would",
            "Turkish presidency",
            "ORG",
        ),
        (
            "Norway's military said two drones had been shot down over the coast.",
            "two drones",
            "Norwegian military",
            "ORG",
        ),
        (
            "The Chilean foreign ministry gave its own account on Friday. "
            '"The border must stay open to trade," the ministry said.',
            "The border must",
            "Chilean foreign ministry",
            "ORG",
        ),
        (
            "The office of Prime Minister Pedro Sanchez said it had received a letter from Rabat.",
            "it had received",
            "Prime Minister Pedro Sanchez's office",
            "ORG",
        ),
        # A country that only describes the speaker is not the speaker.
        (
            "The Brazilian envoy said the vote had been unfair.",
            "the vote",
            "The Brazilian envoy",
            None,
        ),
        (
            "Brazil's trade envoy, Paulo Mendes, arrived in Geneva on Monday. The "
            "Brazilian envoy said the vote had been unfair.",
            "the vote",
            "Paulo Mendes",
            "PERSON",
        ),
        (
            "Presidents Joe Biden and Vladimir Putin met in Geneva on Wednesday. Mr. Biden "
            "spoke to reporters first. The American president said the talks had been useful.",
            "the talks had",
            "Joe Biden",
            "PERSON",
        ),
        # "the president" is not the vice-president.
        (
            "President Joe Biden and Vice-President Kamala Harris toured the port. Harris "
            "spoke to workers. The president said the port would reopen soon.",
            "the port would",
            "Joe Biden",
            "PERSON",
        ),
        # The owner of a lawyer or a chief of staff is not the one speaking.
        (
            "Karl Weber's lawyer said the charges were baseless.",
            "the charges",
            "Karl Weber's lawyer",
            None,
        ),
        (
            "Mayor Anne Hidalgo's chief of staff, Tomas Falk, said the budget was final.",
            "the budget",
            "Tomas Falk",
            "PERSON",
        ),
        # "who" stands for the noun its clause is hung on.
        (
            "The ministers later met Prime Minister Narendra Modi, who said the accord was "
            "a milestone.",
            "the accord",
            "Narendra Modi",
            "PERSON",
        ),
        # A finite verb after an infinitive is the subject's, not the object's.
        (
            "Imran Khan urged the European Union to lift the tariffs and called for new "
            "talks on fisheries.",
            "new talks",
            "Imran Khan",
            "PERSON",
        ),
        # An auxiliary keeps a joined verb inside the reported clause.
        (
            "Officials said President Emmanuel Macron had met the envoy and had assured "
            "him that the port would reopen.",
            "the port would",
            "Emmanuel Macron",
            "PERSON",
        ),
    ],
)
def test_speakers_of_documents_institutions_and_roles(
    extract, text, quote_start, speaker, speaker_type
):
    quotes = [q for q in extract(text) if q.text.startswith(quote_start)]
    assert quotes, f"no quote starts with {quote_start!r}"
    assert (quotes[0].speaker, quotes[0].speaker_type) == (speaker, speaker_type)


@pytest.mark.parametrize(
    "text, expected",
    [
        # The clause before it is reported on its own, up to the quotation.
        (
            'Ines Varga said the ferry was "a relic," adding, "It breaks down every week. '
            'Nobody rides it twice."',
            [
                ("indirect", 'the ferry was "a relic,"'),
                ("direct", "It breaks down every week. Nobody rides it twice."),
            ],
        ),
        # Words that only lead up to it are no reported speech.
        (
            'Tomas Berger said when he left the hall, "The pier is finished. We will build '
            'a new one."',
            [("direct", "The pier is finished. We will build a new one.")],
        ),
    ],
)
def test_a_quotation_set_off_by_a_comma_stands_on_its_own(extract, text, expected):
    assert [(q.kind, q.text) for q in extract(text)] == expected


def test_a_source_of_words_someone_is_said_to_have_said_is_not_their_speaker(extract):
    text = 'The pier, Tomas Berger said, was "beyond repair," according to the harbour board.'
    assert [q.speaker for q in extract(text)] == ["Tomas Berger"]


def test_single_marks_run_on_into_the_next_paragraph(extract):
    text = (
        "He went on:\n\n"
        "‘We have not agreed on everything, and we will keep talking in the spring.\n\n"
        "‘Now the test is whether we deliver.’"
    )
    spans = quote_spans(text)
    assert [text[q.start : q.end] for q in spans] == [
        "We have not agreed on everything, and we will keep talking in the spring.",
        "Now the test is whether we deliver.",
    ]
    assert spans[0].continues
    # One quotation over two paragraphs: one quote, the break and the mark in it.
    quotes = extract(text)
    assert [(q.kind, q.text) for q in quotes] == [
        (
            "direct",
            "We have not agreed on everything, and we will keep talking in the spring.\n\n"
            "‘Now the test is whether we deliver.",
        )
    ]


def test_a_quotation_over_paragraphs_is_said_by_whoever_the_last_names(extract):
    text = (
        "The talks ended at dawn.\n\n"
        '"The first paragraph of a long statement runs on\n\n'
        '"and the second paragraph ends it," the envoy Ines Varga said.'
    )
    quotes = extract(text)
    assert [(q.text, q.speaker) for q in quotes] == [
        (
            'The first paragraph of a long statement runs on\n\n"and the second paragraph ends it',
            "Ines Varga",
        )
    ]


def test_a_speech_noun_with_a_relative_clause_is_no_quote(extract):
    assert extract("Maria Lopez won the claim that was filed in May.") == []


def test_a_president_is_not_whoever_was_called_a_leader(extract):
    text = (
        "Opposition leader Ivan Petrov remains in prison. "
        "The American president said the sanctions would stay in place."
    )
    reported = [q for q in extract(text) if q.kind == "indirect"]
    assert reported and reported[0].speaker != "Ivan Petrov"


def test_an_office_speaks_for_itself_not_for_its_owner(extract):
    quotes = extract("Prime Minister Jonas Lind's office said the visit would go ahead.")
    assert [(q.text, q.speaker_type) for q in quotes] == [("the visit would go ahead", "ORG")]
    assert "office" in quotes[0].speaker


def test_scare_quote_without_speech_is_not_a_quote(extract):
    assert extract('The so-called "phase one" deal was signed in January.') == []


@pytest.mark.parametrize("marks", [('"', '"'), ("“", "”"), ("''", "''")])
def test_words_quoted_inside_the_writers_sentence_are_no_direct_quote(extract, marks):
    # The writer's sentence runs into the opening mark; the quoted words are part
    # of it, whichever marks the paper prints.
    opening, closing = marks
    text = (
        f"Budget hawks in the chamber are {opening}deeply worried about the cost of the "
        f"scheme{closing} after the vote on Tuesday."
    )
    assert [q for q in extract(text) if q.kind == "direct"] == []


def test_transcript_turns_are_quotes_of_the_labelled_speaker(extract):
    text = (
        "MR PRICE: Good afternoon. I have one announcement before questions.\n\n"
        "QUESTION: Is the Secretary travelling to Kyiv?\n\n"
        "MR PRICE: The Secretary has no travel to announce today.\n"
    )
    quotes = extract(text)
    assert [q.speaker for q in quotes] == ["Price", "Price"]
    assert quotes[1].text == "The Secretary has no travel to announce today."


@pytest.mark.parametrize(
    "text, expected",
    [
        # A turn runs over paragraphs until the writer speaks of the speaker again.
        (
            "SECRETARY LANE: Thank you all for coming today.\n\n"
            "We had a long and useful meeting.\n\n"
            "MINISTER OKAFOR: We agree with every word.\n\n"
            "After the remarks, Minister Okafor flew on to Nairobi.\n",
            [
                ("Lane", "Thank you all for coming today."),
                ("Lane", "We had a long and useful meeting."),
                ("Okafor", "We agree with every word."),
            ],
        ),
        # Names with tallies are no turns of speech.
        ("Delegates so far.\n\nMaria Lopez: 1,204.\n\nJohn Ortiz: 987.\n", []),
    ],
)
def test_transcript_turns_end_where_the_writer_resumes(extract, text, expected):
    assert [(q.speaker, q.text) for q in extract(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # "We said ..." in a turn is the turn speaker's; a question's "you said" is nobody's.
        (
            "MR PRICE: Good afternoon. We said all along that the door to diplomacy remains "
            "open.\n\n"
            "QUESTION: You said that the talks had stalled. Is that right?\n\n"
            "MR PRICE: I would not put it that way.\n",
            [("Price", "the door to diplomacy remains open")],
        ),
        # So is "Let me say ...".
        (
            "MR PRICE: Good afternoon. Let me say at the outset that the pier will reopen.\n\n"
            "QUESTION: When?\n\n"
            "MR PRICE: Soon.\n",
            [("Price", "the pier will reopen")],
        ),
        # Outside a transcript, "we" and "I" are the writer.
        (
            "We call on both sides to release their prisoners. I said that the talks would resume.",
            [],
        ),
        (
            "Let me say at the outset that the pier will reopen.",
            [],
        ),
    ],
)
def test_first_person_reported_speech_belongs_to_the_turn_or_to_nobody(extract, text, expected):
    assert [(q.speaker, q.text) for q in extract(text) if q.kind == "indirect"] == expected


def test_transcript_labels_in_ordinary_case_name_the_article_people(extract):
    text = (
        "Hua Chunying took questions in Beijing.\n\n"
        "Q: What is China's response to the visit?\n\n"
        "Hua Chunying: The visit is a grave provocation.\n\n"
        "Note: the briefing ended at noon.\n"
    )
    quotes = extract(text)
    assert [(q.speaker, q.text) for q in quotes] == [
        ("Hua Chunying", "The visit is a grave provocation.")
    ]


@pytest.mark.parametrize(
    "text, speaker",
    [
        # A headline's "Name: 'quote'".
        (
            "Blinken: ‘We will not back down from our commitments’\n\n"
            "The secretary said on Monday that the talks would go on.\n",
            "Blinken",
        ),
        # ... written in title case, as headlines are: speech, not a title.
        (
            "Blinken: ‘We Will Not Back Down From Our Commitments’\n\n"
            "The secretary said on Monday that the talks would go on.\n",
            "Blinken",
        ),
        # A digest's "HEADING - Name: “quote”".
        (
            "Talks resume in Doha.\n\nTHE ENVOY - Zalmay Khalilzad: “We are not leaving "
            "until there is peace.”\n\nZalmay Khalilzad met the Taliban.\n",
            "Zalmay Khalilzad",
        ),
        # A clause whose subject cannot speak: the person named last before the colon.
        (
            "The late swing does not surprise the pollster Laura Becker: “Voters who decide "
            "in the final week rarely answer the phone.”\n",
            "Laura Becker",
        ),
    ],
)
def test_a_name_just_before_a_colon_speaks_the_quote_after_it(extract, text, speaker):
    direct = [q for q in extract(text) if q.kind == "direct"]
    assert [(q.speaker, q.cue) for q in direct] == [(speaker, "colon")]


def test_channel_is_recorded(extract):
    quotes = extract('"We stand with Kyiv," Antony Blinken tweeted on Sunday.')
    assert quotes[0].channel == "tweet"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\"'“”‘’«».,:")), max_size=80))
def test_quote_spans_never_raise_and_stay_in_bounds(text):
    for span in quote_spans(text):
        assert 0 <= span.start <= span.end <= len(text)


# --- the quote scorer (analysis/evaluate.py) ------------------------------------------


@pytest.mark.parametrize(
    "predicted, gold, right",
    [
        # A title on the gold name is no part of it.
        ("Jorge Castaneda", "Mr. Castañeda", True),
        ("Douglas Holtz-Eakin", "Mr. Holtz-Eakin", True),
        # A hyphenated or accented surname inside a described source.
        ("Park Geun-hye", "South Korean President Park Geun-hye", True),
        ("Douglas Holtz-Eakin", "Douglas Holtz-Eakin, an economist,", True),
        # Another person of the same family is still wrong.
        ("Kim Yo Jong", "Kim Yong Nam", False),
    ],
)
def test_scorer_same_speaker(predicted, gold, right):
    assert same_speaker(predicted, gold) is right


@pytest.mark.parametrize(
    "source, text, named",
    [
        # A capital that only opens the sentence, on a word the article also
        # writes in lower case, is no name.
        ("Several officials", "Talks ended. Several officials said so. several times", False),
        ("Police", "It rained. Police said the road was shut. The police left.", False),
        # A surname opening the sentence is still a name.
        ("Trump", "It rained. Trump said the road was shut.", True),
        ("The Indiana governor", "It rained. The Indiana governor said so.", True),
        ("he", "It rained. he said so.", False),
    ],
)
def test_scorer_judges_only_named_sources(source, text, named):
    assert source_is_named(source, text, text.index(source)) is named


@pytest.mark.parametrize(
    "text, expected",
    [
        # Values of markup attributes are no quotations; the passage after is.
        (
            '<post id="5521" author="@harbourwatch">The ferry is late again.</post> '
            'The mayor said "we will fix the timetable."',
            ["we will fix the timetable."],
        ),
        ('<img alt="A quiet harbour at dawn" width="300">', []),
    ],
)
def test_markup_attribute_values_are_not_quotes(text, expected):
    assert [text[q.start : q.end] for q in quote_spans(text)] == expected


@pytest.mark.parametrize(
    "text, kept",
    [
        # A name, not speech, even with a speech verb in the sentence.
        ('The smuggler known as "Falcon" said he had left the port.', []),
        ('Rosa Delgado shared a syllabus for a course called "Harbours" online.', []),
        ('Speaking on the network\'s "Morning Round," Rosa Delgado said she would run.', []),
        ('The "Blue Harbour" singer told reporters that she would tour.', []),
        ('Councillor Marta "Tiny" Ferreira told the crowd that the vote was near.', []),
        # Speech still counts.
        ('Rosa Delgado told reporters: "The port will stay open."', ["The port will stay open."]),
    ],
)
def test_quoted_names_are_not_quotes(extract, text, kept):
    assert [q.text for q in extract(text) if q.kind == "direct"] == kept


@pytest.mark.parametrize(
    "text, quoted",
    [
        # The quotation before its cue stands alone, whatever phrase leads into it.
        (
            "As for the budget, ''every port will get its share this year,'' said Tomas Berger.",
            "every port will get its share this year",
        ),
        (
            'On the harbour fees, "nothing has been decided yet," Ines Varga said.',
            "nothing has been decided yet",
        ),
    ],
)
def test_a_quotation_before_its_cue_is_direct(extract, text, quoted):
    quotes = extract(text)
    assert [(q.kind, q.text) for q in quotes] == [("direct", quoted)]


@pytest.mark.parametrize(
    "text, quoted",
    [
        # The sentence runs on into the quotation in lower case, and the parser
        # leaves the verb without its subject: still what the mayor said.
        (
            "In a speech at the harbour, Mayor Tomas Berger said “ferry subsidies, they "
            "have got no place in a budget debate.”",
            "ferry subsidies, they have got no place in a budget debate.",
        ),
        # A day after the closing mark adds nothing to what was said.
        (
            "Tomas Berger said “ferry subsidies, they have no place in this debate” on Sunday.",
            "ferry subsidies, they have no place in this debate",
        ),
    ],
)
def test_a_quotation_right_after_its_cue_is_direct(extract, text, quoted):
    quotes = extract(text)
    assert [(q.kind, q.text, q.speaker) for q in quotes] == [("direct", quoted, "Tomas Berger")]


def test_words_of_the_clause_before_a_quotation_make_it_reported(extract):
    text = 'The harbour "has never been busier," Ines Varga said.'
    reported = [q for q in extract(text) if q.kind == "indirect"]
    assert [q.text for q in reported] == ['The harbour "has never been busier,"']
    assert reported[0].speaker == "Ines Varga"


def test_reported_speech_stays_in_its_paragraph(extract):
    text = (
        "Both unions say the port authority has never told them how to act\n"
        "''We have never been overruled,'' Tomas Berger told the council."
    )
    quotes = extract(text)
    assert all(q.start >= text.index("''We") for q in quotes if q.speaker == "Tomas Berger")
    assert any(q.kind == "direct" and q.text.startswith("We have never") for q in quotes)


def test_a_headline_is_not_parsed_into_the_paragraph_after_it(extract):
    # The headline ends in a closing mark, without a full stop: parsed as one
    # sentence with the paragraph after it, the reported clause had no subject.
    text = (
        "Khalilzad Says Talks Will Go On 'Until There Is Peace'\n\n"
        "DOHA -- Zalmay Khalilzad, speaking to reporters after a session with Taliban "
        "negotiators on Sunday, said the talks would continue through the week.\n"
    )
    reported = {q.text: q.speaker for q in extract(text) if q.kind == "indirect"}
    assert reported.get("the talks would continue through the week") == "Zalmay Khalilzad"


@pytest.mark.parametrize(
    "text",
    [
        "Marta Okonjo said,“The corridor will stay open through the winter.”",
        'Marta Okonjo said,"The corridor will stay open through the winter."',
        "Marta Okonjo said:“The corridor will stay open through the winter.”",
    ],
)
def test_a_mark_written_against_the_cue_is_still_attributed(extract, nlp, text):
    # Without a space, the cue, the punctuation and the first quoted word were one
    # token: the quotation lost its cue and its speaker.
    assert "said" in [t.text for t in nlp(text)]
    [quote] = extract(text)
    assert (quote.text, quote.speaker, quote.cue) == (
        "The corridor will stay open through the winter.",
        "Marta Okonjo",
        "say",
    )


def test_a_readout_attributable_to_a_spokesperson_is_their_statement(extract):
    text = (
        "Secretary Lind's Call with Foreign Minister Becker.\n\n"
        "The below is attributable to Spokesperson Daniel Moreau:\n\n"
        "Secretary Jonas Lind spoke today with Foreign Minister Laura Becker about the "
        "grain corridor. The Secretary stressed that the corridor must stay open.\n\n"
        "The two also discussed the upcoming summit in Riga.\n\n"
        "Remarks to the press after the call:\n\n"
        "SECRETARY LIND: Good afternoon, everyone.\n\nBECKER: Thank you, Jonas.\n"
    )
    quotes = extract(text)
    statement = [(q.text[:24], q.speaker) for q in quotes if q.cue == "attributable"]
    assert statement == [
        ("Secretary Jonas Lind spo", "Daniel Moreau"),
        ("The two also discussed t", "Daniel Moreau"),
    ]
    # What the readout reports is the Secretary's, as before.
    assert ("the corridor must stay open", "Jonas Lind") in [
        (q.text, q.speaker) for q in quotes if q.kind == "indirect"
    ]


def test_a_dateline_is_no_part_of_the_lead_it_opens(extract):
    text = (
        "OSLO, Norway (Wire) — Sudan's warring generals agreed on Friday to a truce in the "
        "river port of Kosti, the first step towards peace since the war began, UN envoy "
        "Laura Becker announced at the end of a week of talks outside the capital.\n"
    )
    reported = [q for q in extract(text) if q.kind == "indirect"]
    assert [(q.text[:40], q.speaker) for q in reported] == [
        ("Sudan's warring generals agreed on Frida", "Laura Becker")
    ]


def test_a_transcript_quoted_turn_by_turn_speaks_by_its_labels(extract):
    text = (
        "Laura Becker was asked about the talks on Sunday. Partial transcript:\n\n"
        '"HOST: Will the delegation from Riga be there tomorrow?\n\n'
        '"(CROSSTALK.)\n\n'
        '"BECKER: The delegation from Riga will not attend. We said so on Friday.\n\n'
        '"VIDEO: They told us one thing and did another, every single time."\n'
    )
    assert [(q.text[:12], q.speaker, q.cue) for q in extract(text) if q.kind == "direct"] == [
        ("Will the del", "Host", "transcript"),
        ("The delegati", "Laura Becker", "transcript"),
        ("They told us", None, "transcript"),
    ]


def test_a_phrase_quoted_back_to_the_one_addressed_is_no_quote(extract):
    text = (
        "QUESTION: Do you expect, as you put it, “more stable” relations after the "
        "summit?\n\nSECRETARY LIND: We will see."
    )
    assert "more stable" not in [q.text for q in extract(text)]


def test_a_participle_before_a_quotation_is_the_act_of_the_clause_before_it(extract):
    # The parser hangs "telling" on the quoted clause, whose subject is quoted words.
    text = (
        "Marta Okonjo seemed ready to joke about the delay in Riga, telling the crowd, "
        "“Some folks get a bit too excited.”"
    )
    [quote] = extract(text)
    assert (quote.speaker, quote.cue) == ("Marta Okonjo", "tell")


def test_a_name_after_a_closing_mark_written_against_it_is_a_name(nlp):
    doc = nlp("Nobody expected “a breakthrough.”Hakan Fidan arrived on Monday.")
    assert "Hakan Fidan" in [e.text for e in doc.ents if e.label_ == "PERSON"]


@pytest.mark.parametrize(
    "text, content, speaker, cue",
    [
        # The complement after the verb, not a clause before it.
        (
            "It is an unlikely outcome; Ines Varga says the ferry will keep running.",
            "the ferry will keep running",
            "Ines Varga",
            "say",
        ),
        # A subject clause hung on the verb as an adverbial.
        (
            "Tomas Berger said after the vote he would not accept the post.",
            "after the vote he would not accept the post",
            "Tomas Berger",
            "say",
        ),
        # What a speaker urges or proposes: a thing, or a deed named by its gerund.
        (
            "Tomas Berger urged restraint on both sides of the border.",
            "restraint on both sides of the border",
            "Tomas Berger",
            "urge",
        ),
        (
            "Ines Varga proposed dropping the levy on the northern pier.",
            "dropping the levy on the northern pier",
            "Ines Varga",
            "propose",
        ),
        # A source named after the clause is no part of it.
        (
            "The ferry will resume on Monday, according to a statement from the harbour board.",
            "The ferry will resume on Monday",
            "harbour board",
            "according to",
        ),
        # "According to X" hung on the clause's subject tells the source of all of it.
        (
            "The other envoys, according to the ministry, met the king on Monday.",
            "The other envoys, according to the ministry, met the king on Monday",
            "the ministry",
            "according to",
        ),
        # The object of "called" read as a predicate of its own.
        (
            "Ines Varga called both Tomas Berger and Democratic front-runner Ana Lind "
            "“crazy” on Monday.",
            "both Tomas Berger and Democratic front-runner Ana Lind “crazy”",
            "Ines Varga",
            "call",
        ),
        # A source closing the sentence tells all of it, not only the clause or the
        # participle it hangs on.
        (
            'Ines Varga wrote to the board, threatening "a costly appeal," according to the Post.',
            'Ines Varga wrote to the board, threatening "a costly appeal,"',
            "Post",
            "according to",
        ),
        (
            "The pier reopened in May, and the ferry now runs twice a day, according to the "
            "harbour board.",
            "The pier reopened in May, and the ferry now runs twice a day",
            "harbour board",
            "according to",
        ),
        # A source that leads the clause in ("But according to X, ...") is no part
        # of it, nor is the word that leads it in.
        (
            "But according to the harbour board, the ferry will resume on Monday.",
            "the ferry will resume on Monday",
            "harbour board",
            "according to",
        ),
        # Each deed urged, when the parse hangs the later ones on the speech verb.
        (
            "Tomas Berger urged the board to reopen the pier, hire more guards and lower "
            "the fares.",
            "the board to reopen the pier, hire more guards and lower the fares",
            "Tomas Berger",
            "urge",
        ),
        # The reason after a cue set in the clause's midst goes on with the clause;
        # a concession after it is the writer's.
        (
            "Ines Varga spoke in Split. She was not shocked that the pier closed, her "
            "aides said Friday, because she shares the anger.",
            "She was not shocked that the pier closed, her aides said Friday, because "
            "she shares the anger",
            "her aides",
            "say",
        ),
        (
            "Ines Varga said the offer smacked of bribery, because the board had paid the "
            "envoys before.",
            "the offer smacked of bribery, because the board had paid the envoys before",
            "Ines Varga",
            "say",
        ),
        (
            "The ferry paid 8.9 percent, the harbour board said in a May bulletin, and the "
            "trams paid 0.8 percent.",
            "The ferry paid 8.9 percent, the harbour board said in a May bulletin, and the "
            "trams paid 0.8 percent",
            "harbour board",
            "say",
        ),
        (
            "The latest test, the ministry said, was its largest so far, although it may need "
            "days to measure it.",
            "The latest test, the ministry said, was its largest so far",
            "the ministry",
            "say",
        ),
        (
            "Tomas Berger promised to reach and at some ports pass the targets without new levies.",
            "to reach and at some ports pass the targets without new levies",
            "Tomas Berger",
            "promise",
        ),
        # "X, said NAME, an expert, would ...": the name set off after the cue is the
        # speaker, however the parser hangs it.
        (
            "Any fair reading of the deal, said Tomas Berger, an expert on ports at the "
            "Lund institute, would see it as a retreat from the pier.",
            "Any fair reading of the deal, said Tomas Berger, an expert on ports at the "
            "Lund institute, would see it as a retreat from the pier",
            "Tomas Berger",
            "say",
        ),
        (
            "The talks, said Ines Varga, would resume on Monday.",
            "The talks, said Ines Varga, would resume on Monday",
            "Ines Varga",
            "say",
        ),
        # A clause joined to a past speech verb in the present, with a pronoun for
        # its subject, goes on with the words; one in the past is the writer's.
        (
            "Ines Varga said she hopes to reopen the pier, but she knows that the board "
            "will object.",
            "she hopes to reopen the pier, but she knows that the board will object",
            "Ines Varga",
            "say",
        ),
        (
            "Ines Varga told reporters that she did not need the guards at all, but the "
            "police overruled that request.",
            "she did not need the guards at all",
            "Ines Varga",
            "tell",
        ),
        # The day it was said is no part of what was said, unless it belongs to it.
        (
            "Ines Varga said on Monday the pier would close.",
            "the pier would close",
            "Ines Varga",
            "say",
        ),
        (
            "Ines Varga said Monday the pier would close.",
            "the pier would close",
            "Ines Varga",
            "say",
        ),
        (
            "Ines Varga said Monday's vote was a farce.",
            "Monday's vote was a farce",
            "Ines Varga",
            "say",
        ),
        # A word the tokenizer split at its hyphen stays whole at the clause's end.
        (
            "Ines Varga called herself pro-choice.",
            "herself pro-choice",
            "Ines Varga",
            "call",
        ),
        # A clause whose subject is the noun the cue's clause hangs on begins with
        # that clause, not with a bare verb.
        (
            "Officials pointed to a provision Ines Varga said could close the pier.",
            "Ines Varga said could close the pier",
            "Ines Varga",
            "say",
        ),
        # A deed told as a gerund after any speech verb.
        (
            "Ines Varga denied taking money from the harbour board.",
            "taking money from the harbour board",
            "Ines Varga",
            "deny",
        ),
        (
            "Tomas Berger acknowledged signing the pier contract in May.",
            "signing the pier contract in May",
            "Tomas Berger",
            "acknowledge",
        ),
        # A clause whose first word the parser reads as a gerund object.
        (
            "Tomas Berger toured the pier. He said reopening it could bring thousands of "
            "jobs to the coast.",
            "reopening it could bring thousands of jobs to the coast",
            "Tomas Berger",
            "say",
        ),
        # A share of those polled, parsed as a number on the verb.
        (
            "In the harbour poll, about 3 in 10 say they favour a new harbour master.",
            "they favour a new harbour master",
            "about 3 in 10",
            "say",
        ),
        # "As X noted, CLAUSE": the clause the cue stands before; the clause whole
        # when the cue interrupts it after its subject, but not a word leading in.
        (
            "As Ines Varga noted, the ferry has not run since May.",
            "the ferry has not run since May",
            "Ines Varga",
            "note",
        ),
        (
            "The ferry, as Ines Varga noted, has not run since May.",
            "The ferry, as Ines Varga noted, has not run since May",
            "Ines Varga",
            "note",
        ),
        (
            "But as Ines Varga noted, the ferry has not run since May.",
            "the ferry has not run since May",
            "Ines Varga",
            "note",
        ),
        # A promise with the day and place between the verb and the deed.
        (
            "Ines Varga promised Sunday at a rally in Split to reopen the northern crossing.",
            "to reopen the northern crossing",
            "Ines Varga",
            "promise",
        ),
        # A vow to do something.
        (
            "Ines Varga has vowed to reopen the northern crossing before winter.",
            "to reopen the northern crossing before winter",
            "Ines Varga",
            "vow",
        ),
        # What someone is called on to do is part of the call.
        (
            "Ines Varga called for an inquiry to examine the port contracts.",
            "an inquiry to examine the port contracts",
            "Ines Varga",
            "call for",
        ),
        (
            "Tomas Berger has called for the governor to publish the letters.",
            "the governor to publish the letters",
            "Tomas Berger",
            "call for",
        ),
        # The reported clause's subject read as the speech verb's object.
        (
            "Ines Varga promised her entire pier programme would be paid for by the harbour board.",
            "her entire pier programme would be paid for by the harbour board",
            "Ines Varga",
            "promise",
        ),
        (
            "Tomas Berger argued his plan to raise the fares is especially fair.",
            "his plan to raise the fares is especially fair",
            "Tomas Berger",
            "argue",
        ),
        # A participle phrase on the subject read as the subject itself.
        (
            "Most ferry passengers going to the pier on Monday said they support the new "
            "timetable.",
            "they support the new timetable",
            "Most ferry passengers",
            "say",
        ),
        # A thing noted, mentioned or announced is what was said.
        (
            "Ines Varga noted the rise in fuel prices.",
            "the rise in fuel prices",
            "Ines Varga",
            "note",
        ),
        (
            "Ines Varga stressed the importance of reopening the northern pier.",
            "the importance of reopening the northern pier",
            "Ines Varga",
            "stress",
        ),
        (
            "Tomas Berger announced new funds for the northern pier on Monday.",
            "new funds for the northern pier",
            "Tomas Berger",
            "announce",
        ),
        # ... also one of two words, when the first is more than an article.
        ("Tomas Berger announced his resignation.", "his resignation", "Tomas Berger", "announce"),
        ("Ines Varga proposed a summit.", "a summit", "Ines Varga", "propose"),
        # What was described or explained, and how something happened.
        (
            "In an interview, Tomas Berger described the meeting of the port board with "
            "the minister.",
            "the meeting of the port board with the minister",
            "Tomas Berger",
            "describe",
        ),
        (
            "Tomas Berger explained his reasoning for the levy.",
            "his reasoning for the levy",
            "Tomas Berger",
            "explain",
        ),
        (
            "Ines Varga described how the talks on the pier had collapsed.",
            "how the talks on the pier had collapsed",
            "Ines Varga",
            "describe",
        ),
        # ... up to a comma: what follows it is the writer's.
        (
            "Tomas Berger announced a new ferry service, in a surprise to the board.",
            "a new ferry service",
            "Tomas Berger",
            "announce",
        ),
        (
            "The Northern Liberation Front claimed responsibility for the attack on the pier.",
            "responsibility for the attack on the pier",
            "Northern Liberation Front",
            "claim",
        ),
        (
            "The port authority reported a sharp rise in crossings.",
            "a sharp rise in crossings",
            "port authority",
            "report",
        ),
        # ... and a deed told as a gerund, by the noun a relative clause is hung on.
        (
            "Two trade groups, which reported spending heavily on advertising, backed the bill.",
            "spending heavily on advertising",
            "Two trade groups",
            "report",
        ),
        # A question someone asked.
        (
            "Tomas Berger asked the minister whether the crossing would reopen.",
            "whether the crossing would reopen",
            "Tomas Berger",
            "ask",
        ),
        # ... also when the verb is joined to another with the subject.
        (
            "Tomas Berger shook hands with the dockworkers and asked them whether the "
            "crossing would reopen.",
            "whether the crossing would reopen",
            "Tomas Berger",
            "ask",
        ),
        # A question asked of someone: reported, its asker unnamed.
        (
            "When asked whether the crossing would reopen, Tomas Berger smiled.",
            "whether the crossing would reopen",
            None,
            "ask",
        ),
        # ... and so is one whose participle the parser reads as a past tense.
        (
            "“We will not get along,” Tomas Berger told the radio station in an interview "
            "broadcast on Monday when asked how trade would go if he won the vote.",
            "how trade would go if he won the vote",
            None,
            "ask",
        ),
        (
            "Tomas Berger was asked by Ines Varga whether the crossing would reopen.",
            "whether the crossing would reopen",
            "Ines Varga",
            "ask",
        ),
        # An accusation, with whom it is against.
        (
            "Ines Varga accused the port authority of hiding the contracts.",
            "the port authority of hiding the contracts",
            "Ines Varga",
            "accuse",
        ),
        # A clause the parser breaks in two at its negation is one clause.
        (
            "But 16 percent of the dockworkers still say they don’t yet have enough facts about "
            "the plan to take a side.",
            "they don’t yet have enough facts about the plan to take a side",
            "16 percent of the dockworkers",
            "say",
        ),
        # "that" as a determiner stays with its noun, unless it follows the verb,
        # where it is far more often the conjunction.
        (
            "Ines Varga has called for that inquiry to be reopened.",
            "that inquiry to be reopened",
            "Ines Varga",
            "call for",
        ),
        (
            "The ministers affirmed that international law must be upheld.",
            "international law must be upheld",
            "The ministers",
            "affirm",
        ),
        # What a colon after the clause opens is part of it ...
        (
            "The speech is a moving one, but many dockworkers have said it fails for "
            "one reason: The care the senator shows for his town is not one he extends "
            "to other ports.",
            "it fails for one reason: The care the senator shows for his town is not "
            "one he extends to other ports",
            "many dockworkers",
            "say",
        ),
        # The conjunction before the next speaker's clause is neither's.
        (
            "Six in 10 harbour workers said the mayor is fair and competent, and "
            "half said the same of the governor.",
            "the mayor is fair and competent",
            "Six in 10 harbour workers",
            "say",
        ),
    ],
)
def test_reported_speech_constructions(extract, text, content, speaker, cue):
    reported = [q for q in extract(text) if q.kind == "indirect"]
    assert [(q.text, q.speaker, q.cue) for q in reported] == [(content, speaker, cue)]


@pytest.mark.parametrize(
    "text",
    [
        # A pledge with an object is a promise of that thing, its purpose no
        # speech; an accusation of nothing reports nothing; encouragement and
        # an invitation are no report of words.
        "Ines Varga accused the port authority.",
        "Ines Varga encouraged the envoy to visit the northern crossing.",
        "The alliance invited the two governments to join at the summit in May.",
        "The donors pledged two million dollars to rebuild the northern pier.",
        # A pronoun or a bare noun noted is no report of what was said, nor is a
        # noun that only points back to what the article told.
        "Ines Varga noted it.",
        "Tomas Berger mentioned Lisbon.",
        "After the vote, Tomas Berger announced the move.",
        # "say" in a turn of phrase.
        "It goes without saying that the northern crossing will reopen.",
        "Let's say the ferry stops running next week.",
        "Suffice it to say that the talks on the pier were difficult.",
        "The ferry will run all winter. That said, the envoy will travel to Riga on Monday.",
        # A promise kept, with nothing said after it.
        "The ferry kept running, as Ines Varga had promised.",
        # A stance a readout says was reaffirmed is its summary, not reported words.
        "The Secretary reaffirmed the commitment of the United States to the alliance.",
        # A denial not made, and a thing named before the verb that told of it.
        "Ines Varga has not denied taking money from the harbour board.",
        "The fees that Tomas Berger reported receiving in May were high.",
        "The harbour fund fell short of the sum the port board had pledged to raise by May.",
        # Findings that underscore something say nothing.
        "The findings underscore the scale of the shortage at the northern pier.",
        "The storm claimed the lives of two dockworkers.",
        # A thing named ("what's called"), however its name is parsed.
        "As well there is what’s called a harbour buffer available so that there are "
        "ways to reach the islands.",
        # Called a name for a reason: nothing called for.
        "Ines Varga blamed what she calls the pier lobby for pushing the board towards closure.",
    ],
)
def test_no_reported_speech_without_its_speaker_or_words(extract, text):
    assert [q for q in extract(text) if q.kind == "indirect"] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # A stage direction is nobody's words.
        (
            "SECRETARY LANE: Let us look at the footage.\n\n"
            "(BEGIN VIDEO CLIP)\n\n"
            "MINISTER OKAFOR: We will rebuild the pier.\n\n"
            "(END VIDEO CLIP)\n",
            [("Lane", "Let us look at the footage."), ("Okafor", "We will rebuild the pier.")],
        ),
        # A tally opens no turn, so the paragraphs after it are the writer's.
        (
            "Maria Lopez: 1,204.\n\nJohn Ortiz: 987.\n\nThe count resumes on Monday.\n",
            [],
        ),
        # Newsroom labels are no speakers.
        ("PREVIOUSLY: The pier closed in March.\n\nUPDATE: It reopened today.\n", []),
    ],
)
def test_transcript_turns_hold_only_speech(extract, text, expected):
    assert [(q.speaker, q.text) for q in extract(text)] == expected


def test_a_that_clause_parsed_as_an_adverbial_is_what_was_said(nlp):
    # The parser sometimes reads "that" as an adverb and the clause it opens as an
    # adverbial of the cue ("tweeted ... that X was Y" with "that" an advmod):
    # the clause is still the complement. Built by hand, as the parse is rare.
    from spacy.tokens import Doc

    from analysis.quotes import _complement_clause

    words = ["Vos", "tweeted", "on", "Monday", "that", "Lind", "was", "wrong", "."]
    heads = [1, 1, 1, 2, 6, 6, 1, 6, 1]
    deps = ["nsubj", "ROOT", "prep", "pobj", "advmod", "nsubj", "advcl", "acomp", "punct"]
    pos = ["PROPN", "VERB", "ADP", "PROPN", "ADV", "PROPN", "AUX", "ADJ", "PUNCT"]
    tags = ["NNP", "VBD", "IN", "NNP", "WDT", "NNP", "VBD", "JJ", "."]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags)
    assert _complement_clause(doc[1]).i == 6
    # An adverbial with another conjunction is no complement.
    words[4] = "because"
    tags[4], deps[4], pos[4] = "IN", "mark", "SCONJ"
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags)
    assert _complement_clause(doc[1]) is None


def test_a_cue_interrupting_the_subject_reports_the_whole_clause(extract):
    quotes = extract("The gap this time, he told me on Friday, is that both capitals want a deal.")
    assert [q.text for q in quotes] == [
        "The gap this time, he told me on Friday, is that both capitals want a deal"
    ]


def test_a_cue_after_its_quotation_reports_only_the_quotation(extract):
    # The parser hangs "she said" on the participle after it, as if it interrupted
    # a clause; the words after the cue are the writer's.
    quotes = extract(
        'Lena Vos spoke at the rally. "Too much anger," she said, blaming part of it on the new law.'
    )
    assert [(q.kind, q.text, q.speaker) for q in quotes] == [
        ("direct", "Too much anger", "Lena Vos")
    ]


def test_a_cue_hung_on_an_auxiliary_reports_the_clause_of_its_verb(extract):
    # The parser hangs "he said" on "'s", the auxiliary of "learned".
    text = "Even so, he said, he’s heard enough about Lind that he’s sure he won’t back him."
    assert [q.text for q in extract(text)] == [text[:-1]]


def test_an_institution_is_not_another_of_the_same_kind(extract):
    quotes = extract(
        "The Lind campaign said it would appeal. The Okafor campaign said the ruling was fair."
    )
    assert [q.speaker for q in quotes] == ["Lind campaign", "Okafor campaign"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # A feeling voiced: its clause.
        (
            "Minister Lena Vos expressed the hope that the talks would resume soon.",
            ("the talks would resume soon", "Lena Vos", "express"),
        ),
        # A participle set off between the subject and the cue.
        (
            "Prime Minister Jonas Lind, addressing a rally in the capital, said the country "
            "would not bow to pressure.",
            ("the country would not bow to pressure", "Jonas Lind", "say"),
        ),
        # "that" read as the object of a relative clause on "briefing"; "be" takes none.
        (
            "Spokesperson Tomas Berger said at a weekly briefing that the ball was in the "
            "other side's court.",
            ("the ball was in the other side's court", "Tomas Berger", "say"),
        ),
        # "termed" reports a judgement as "called" does, quoted or not.
        ("Jonas Lind termed the move illegal.", ("the move illegal", "Jonas Lind", "term")),
        (
            'Jonas Lind termed the statement "regrettable".',
            ('the statement "regrettable"', "Jonas Lind", "term"),
        ),
    ],
)
def test_reported_speech_of_the_wire_styles(extract, text, expected):
    assert [(q.text, q.speaker, q.cue) for q in extract(text)] == [expected]


def test_he_is_the_subject_just_named_not_the_man_he_spoke_to(extract):
    # "Raveesh" is unknown to the name list, "Mike" is a man's name: that says
    # nothing against Okafor, the subject of the sentence before, and "the
    # secretary" he told is Lind.
    text = (
        "Secretary of State Mike Lind met Foreign Minister Raveesh Okafor on Friday.\n\n"
        '"Our two countries have been good partners," Lind said after the meeting.\n\n'
        "Okafor thanked Lind for his hospitality. He told the secretary that his country "
        "wanted a broader relationship.\n\n"
        '"We want to move from aid to trade," he said.'
    )
    assert [q.speaker for q in extract(text)] == ["Mike Lind", "Raveesh Okafor", "Raveesh Okafor"]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab \n\"'“”`.,:;!?")), min_size=2, max_size=60),
    st.data(),
)
def test_a_clause_widens_to_the_marks_around_it_as_a_full_scan_finds_them(text, data):
    # The marks are looked up by position; every quotation read in turn must agree.
    from types import SimpleNamespace

    from analysis.quotes import _ByPosition, _with_marks

    spans = quote_spans(text)
    closed = [q for q in spans if q.close_at is not None]
    ctx = SimpleNamespace(
        text=text,
        by_opening=_ByPosition(closed, lambda q: q.open_at),
        by_closing=_ByPosition(closed, lambda q: q.close_at),
    )
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    opening = [
        q.open_at
        for q in closed
        if start <= q.close_at
        and q.open_at < start
        and not text[q.open_at + 1 : start].strip(" '`")
    ]
    closing = [
        q.close_at
        for q in closed
        if q.open_at < end and end <= q.close_at and not text[end : q.close_at].strip(".,;:!? '")
    ]
    assert _with_marks(ctx, start, end) == (
        min(opening, default=start),
        max(closing) + 1 if closing else end,
    )


def test_a_briefing_labels_the_office_with_the_name_in_brackets(extract):
    text = (
        "Official Spokesperson (Shri Arindam Bagchi): Thank you. Let me begin with two "
        "announcements.\n\n"
        "Question: Has India been asked to mediate?\n\n"
        "Official Spokesperson (Shri Arindam Bagchi): We have seen those reports. I have "
        "nothing to add.\n"
    )
    quotes = extract(text)
    assert [(q.speaker, q.text) for q in quotes] == [
        ("Arindam Bagchi", "Thank you. Let me begin with two announcements."),
        ("Arindam Bagchi", "We have seen those reports. I have nothing to add."),
    ]


def test_a_questioner_from_a_news_organisation_is_no_person(extract):
    text = (
        "Wang Wenbin: Good afternoon. I have no announcements today.\n\n"
        "CCTV: The talks between the two sides have begun. What is your comment?\n\n"
        "Wang Wenbin: We welcome the talks.\n\n"
        "AFP: Will China join the sanctions?\n\n"
        "Wang Wenbin: China does not approve of sanctions.\n"
    )
    quotes = extract(text)
    assert [(q.speaker, q.speaker_type) for q in quotes] == [
        ("Wang Wenbin", "PERSON"),
        ("CCTV", "ORG"),
        ("Wang Wenbin", "PERSON"),
        ("AFP", "ORG"),
        ("Wang Wenbin", "PERSON"),
    ]


def test_an_interpreter_or_a_transcript_heading_is_no_speaker(nlp):
    # An interpreter speaks another's words; "Video Transcript:" heads a
    # transcript. Neither is a person of the article, in capitals or not.
    text = (
        "Video Transcript: The two ministers met the press in Lima.\n\n"
        "FOREIGN MINISTER REYES: We have agreed on the northern crossing.\n\n"
        "INTERPRETER: The minister asks for the next question.\n\n"
        "SECRETARY VOS: The crossing will reopen in May.\n"
    )
    doc = nlp(text)
    # The heading taken for a person's name, as the model sometimes does.
    doc.set_ents([Span(doc, 0, 2, label="PERSON")], default="unmodified")
    quotes, extra = extract_quotes(
        doc, extract_actors(doc, load_actor_lexicon()), load_quote_lexicon()
    )
    assert [(q.speaker, q.text) for q in quotes] == [
        ("Reyes", "We have agreed on the northern crossing."),
        ("Vos", "The crossing will reopen in May."),
    ]
    assert sorted(a.name for a in extra) == ["Reyes", "Vos"]


def test_a_label_naming_an_office_speaks_as_written_and_is_no_person(nlp):
    text = (
        "MODERATOR: Thank you all for joining the call.\n\n"
        "SENIOR STATE DEPARTMENT OFFICIAL ONE: Thanks. Let me say a word about the trip.\n\n"
        "The Secretary of State will travel to Cairo next week.\n\n"
        "MODERATOR: Next question, please.\n"
    )
    doc = nlp(text)
    quotes, extra = extract_quotes(
        doc, extract_actors(doc, load_actor_lexicon()), load_quote_lexicon()
    )
    assert [(q.speaker, q.speaker_key, q.speaker_type) for q in quotes] == [
        ("Senior State Department Official One", None, None),
        ("Senior State Department Official One", None, None),
    ]
    # "State" in the second paragraph does not end the turn: an office has no name.
    assert quotes[1].text == "The Secretary of State will travel to Cairo next week."
    assert extra == []


def test_the_owner_in_a_speakers_description_is_not_the_speaker(extract):
    text = (
        "Jonas Lind lost the vote on Tuesday.\n\n"
        '"That was outrageous," Lind\'s old campaign adviser said in an interview.'
    )
    assert [q.speaker for q in extract(text)] == ["Lind's old campaign adviser"]


def test_an_excerpt_of_one_paragraph_turns_ends_with_its_last_turn(extract):
    text = (
        "Sarah Collins and David Moore turned to the budget. Partial transcript as follows:\n\n"
        "Collins: Everyone wants the money, nobody wants the tax.\n\n"
        "Moore: Well, the tax is the hard part.\n\n"
        "Collins: And that is why the plan will stall.\n\n"
        "The ministry's own figures suggest the plan would raise far less than promised.\n\n"
        "Critics have made the same point for years.\n"
    )
    turns = [(q.speaker, q.text) for q in extract(text) if q.cue == "transcript"]
    assert turns == [
        ("Sarah Collins", "Everyone wants the money, nobody wants the tax."),
        ("David Moore", "Well, the tax is the hard part."),
        ("Sarah Collins", "And that is why the plan will stall."),
    ]


def test_the_last_turn_of_a_short_briefing_runs_on_while_someone_speaks(extract):
    text = (
        "MR PRICE: Good afternoon.\n\n"
        "QUESTION: Is the Secretary travelling to Cairo?\n\n"
        "MR PRICE: He is, on Monday.\n\n"
        "We expect to have more to say about the talks there later this week.\n"
    )
    assert [q.text for q in extract(text) if q.cue == "transcript"] == [
        "Good afternoon.",
        "He is, on Monday.",
        "We expect to have more to say about the talks there later this week.",
    ]


def _parsed_by_hand(nlp, rows, glued=()):
    """A Doc with the parse given row by row: (word, head, dep, tag, pos, entity
    IOB tag, lemma). For misparses too rare to count on from the model. Words are
    spaced apart, except before a comma or full stop and after the indexes in
    ``glued`` (an opening quotation mark, the word before a closing one)."""
    from spacy.tokens import Doc

    words = [row[0] for row in rows]
    return Doc(
        nlp.vocab,
        words=words,
        spaces=[
            i + 1 < len(words) and words[i + 1] not in {",", "."} and i not in glued
            for i in range(len(words))
        ],
        heads=[row[1] for row in rows],
        deps=[row[2] for row in rows],
        tags=[row[3] for row in rows],
        pos=[row[4] for row in rows],
        ents=[row[5] for row in rows],
        lemmas=[row[6] for row in rows],
    )


def _quotes_of(nlp, rows, glued=()):
    doc = _parsed_by_hand(nlp, rows, glued)
    quotes, _ = extract_quotes(doc, extract_actors(doc, load_actor_lexicon()), load_quote_lexicon())
    return [(q.kind, q.text, q.speaker) for q in quotes]


@pytest.mark.parametrize(
    "text",
    [
        "Chile recalled its ambassador to Lima for consultations on Monday.",
        "The ministry recalled dozens of diplomats from the capital.",
    ],
)
def test_an_envoy_recalled_is_withdrawn_not_remembered(extract, text):
    assert [q.text for q in extract(text)] == []


def test_a_thing_recalled_is_remembered(extract):
    quotes = extract("Ines Varga recalled the talks in Oslo with some pride.")
    assert [(q.text, q.cue) for q in quotes] == [("the talks in Oslo", "recall")]


def test_a_source_owned_by_a_pronoun_is_described_not_listed(nlp):
    text = (
        "Jonas Lind crossed the border on Sunday. His office described the day as a "
        "step towards peace."
    )
    doc = nlp(text)
    quotes, extra = extract_quotes(
        doc, extract_actors(doc, load_actor_lexicon()), load_quote_lexicon()
    )
    assert [(q.text, q.speaker, q.speaker_key) for q in quotes] == [
        ("the day as a step towards peace", "His office", None)
    ]
    assert extra == []


def test_a_verb_left_without_its_subject_speaks_for_the_name_before_the_aside(nlp):
    # "Senator Jonas Lind, the port chief, said that ...", with the parser hanging
    # the name elsewhere: the verb has no subject, and the name is before the aside.
    rows = [
        ("Senator", 2, "compound", "NNP", "PROPN", "O", "Senator"),
        ("Jonas", 2, "compound", "NNP", "PROPN", "B-PERSON", "Jonas"),
        ("Lind", 8, "npadvmod", "NNP", "PROPN", "I-PERSON", "Lind"),
        (",", 2, "punct", ",", "PUNCT", "O", ","),
        ("the", 6, "det", "DT", "DET", "O", "the"),
        ("port", 6, "compound", "NN", "NOUN", "O", "port"),
        ("chief", 2, "appos", "NN", "NOUN", "O", "chief"),
        (",", 2, "punct", ",", "PUNCT", "O", ","),
        ("said", 8, "ROOT", "VBD", "VERB", "O", "say"),
        ("that", 11, "mark", "IN", "SCONJ", "O", "that"),
        ("he", 11, "nsubj", "PRP", "PRON", "O", "he"),
        ("met", 8, "ccomp", "VBD", "VERB", "O", "meet"),
        ("Ana", 13, "compound", "NNP", "PROPN", "B-PERSON", "Ana"),
        ("Vos", 11, "dobj", "NNP", "PROPN", "I-PERSON", "Vos"),
        (".", 8, "punct", ".", "PUNCT", "O", "."),
    ]
    assert _quotes_of(nlp, rows) == [("indirect", "he met Ana Vos", "Jonas Lind")]


def test_an_aside_with_commas_of_its_own_still_leads_back_to_the_name(nlp):
    # "Jonas Lind, a Porto, Portugal, trader, said he met Ana Vos." with the
    # subject hung on the misread "trader": the aside's place has commas of its own.
    rows = [
        ("Jonas", 1, "compound", "NNP", "PROPN", "B-PERSON", "Jonas"),
        ("Lind", 8, "nsubj", "NNP", "PROPN", "I-PERSON", "Lind"),
        (",", 1, "punct", ",", "PUNCT", "O", ","),
        ("a", 6, "det", "DT", "DET", "O", "a"),
        ("Porto", 6, "nmod", "NNP", "PROPN", "B-GPE", "Porto"),
        (",", 6, "punct", ",", "PUNCT", "O", ","),
        ("Portugal", 1, "appos", "NNP", "PROPN", "B-GPE", "Portugal"),
        (",", 1, "punct", ",", "PUNCT", "O", ","),
        ("trader", 10, "ccomp", "VBP", "VERB", "O", "trader"),
        (",", 10, "punct", ",", "PUNCT", "O", ","),
        ("said", 10, "ROOT", "VBD", "VERB", "O", "say"),
        ("he", 12, "nsubj", "PRP", "PRON", "O", "he"),
        ("met", 10, "ccomp", "VBD", "VERB", "O", "meet"),
        ("Ana", 14, "compound", "NNP", "PROPN", "B-PERSON", "Ana"),
        ("Vos", 12, "dobj", "NNP", "PROPN", "I-PERSON", "Vos"),
        (".", 10, "punct", ".", "PUNCT", "O", "."),
    ]
    assert _quotes_of(nlp, rows) == [("indirect", "he met Ana Vos", "Jonas Lind")]


def test_the_name_opening_the_words_after_a_quotation_speaks_not_one_in_its_description(nlp):
    # '"...," Ana Vos, a senior Lind adviser, said', the verb without a subject:
    # Lind is nearer the verb, but Vos is who the words after the quotation name.
    rows = [
        ("Jonas", 1, "compound", "NNP", "PROPN", "B-PERSON", "Jonas"),
        ("Lind", 2, "nsubj", "NNP", "PROPN", "I-PERSON", "Lind"),
        ("spoke", 2, "ROOT", "VBD", "VERB", "O", "speak"),
        (".", 2, "punct", ".", "PUNCT", "O", "."),
        ('"', 19, "punct", "``", "PUNCT", "O", '"'),
        ("The", 6, "det", "DT", "DET", "O", "the"),
        ("port", 7, "nsubj", "NN", "NOUN", "O", "port"),
        ("is", 19, "ccomp", "VBZ", "AUX", "O", "be"),
        ("shut", 7, "acomp", "JJ", "ADJ", "O", "shut"),
        (",", 19, "punct", ",", "PUNCT", "O", ","),
        ('"', 19, "punct", "''", "PUNCT", "O", '"'),
        ("Ana", 12, "compound", "NNP", "PROPN", "B-PERSON", "Ana"),
        ("Vos", 19, "dep", "NNP", "PROPN", "I-PERSON", "Vos"),
        (",", 12, "punct", ",", "PUNCT", "O", ","),
        ("a", 17, "det", "DT", "DET", "O", "a"),
        ("senior", 17, "amod", "JJ", "ADJ", "O", "senior"),
        ("Lind", 17, "compound", "NNP", "PROPN", "B-PERSON", "Lind"),
        ("adviser", 12, "appos", "NN", "NOUN", "O", "adviser"),
        (",", 12, "punct", ",", "PUNCT", "O", ","),
        ("said", 19, "ROOT", "VBD", "VERB", "O", "say"),
        (".", 19, "punct", ".", "PUNCT", "O", "."),
    ]
    assert _quotes_of(nlp, rows) == [("direct", "The port is shut", "Ana Vos")]


def test_what_a_colon_opens_is_not_taken_into_a_clause_when_someone_else_speaks(extract):
    text = "Officials said the talks would resume: the envoy said he was ready."
    assert [q.text for q in extract(text)] == ["the talks would resume", "he was ready"]


def test_a_quotation_before_a_verb_without_subject_stays_direct(extract):
    # The name after the quotation found for a verb left without its subject does
    # not make the quotation and the name a reported clause.
    text = (
        "The group backs her. “Yes, I back Ana Vos,” Jonas Lind III, founder of the "
        "Harbour Policy Centre, tells the Port Herald in an email."
    )
    assert [(q.kind, q.text, q.speaker) for q in extract(text)] == [
        ("direct", "Yes, I back Ana Vos", "Jonas Lind III")
    ]


#: '"Talks are over," Jon Reyes said' parsed by hand, for what follows the verb.
_TALKS_ARE_OVER_REYES_SAID = [
    ('"', 8, "punct", "``", "PUNCT", "O", '"'),
    ("Talks", 2, "nsubj", "NNS", "NOUN", "O", "talk"),
    ("are", 8, "ccomp", "VBP", "AUX", "O", "be"),
    ("over", 2, "advmod", "RB", "ADV", "O", "over"),
    (",", 8, "punct", ",", "PUNCT", "O", ","),
    ('"', 8, "punct", "''", "PUNCT", "O", '"'),
    ("Jon", 7, "compound", "NNP", "PROPN", "B-PERSON", "Jon"),
    ("Reyes", 8, "nsubj", "NNP", "PROPN", "I-PERSON", "Reyes"),
    ("said", 8, "ROOT", "VBD", "VERB", "O", "say"),
]


def test_a_verb_that_credits_the_quotation_before_it_reports_no_clause_after_it(nlp):
    # '"Talks are over," Jon Reyes said in a statement issued before the vote.',
    # with "issued" misread as the verb's complement: Reyes said the quotation only.
    rows = [
        *_TALKS_ARE_OVER_REYES_SAID,
        ("in", 8, "prep", "IN", "ADP", "O", "in"),
        ("a", 11, "det", "DT", "DET", "O", "a"),
        ("statement", 9, "pobj", "NN", "NOUN", "O", "statement"),
        ("issued", 8, "ccomp", "VBD", "VERB", "O", "issue"),
        ("before", 12, "prep", "IN", "ADP", "O", "before"),
        ("the", 15, "det", "DT", "DET", "O", "the"),
        ("vote", 13, "pobj", "NN", "NOUN", "O", "vote"),
        (".", 8, "punct", ".", "PUNCT", "O", "."),
    ]
    assert _quotes_of(nlp, rows) == [("direct", "Talks are over", "Jon Reyes")]


def test_a_participle_after_the_verb_of_a_quotation_still_reports_its_clause(nlp):
    # '"Talks are over," Jon Reyes said, adding that the vote failed.', with the
    # participle misread as the verb's complement: what he added is reported.
    rows = [
        *_TALKS_ARE_OVER_REYES_SAID,
        (",", 8, "punct", ",", "PUNCT", "O", ","),
        ("adding", 8, "ccomp", "VBG", "VERB", "O", "add"),
        ("that", 14, "mark", "IN", "SCONJ", "O", "that"),
        ("the", 13, "det", "DT", "DET", "O", "the"),
        ("vote", 14, "nsubj", "NN", "NOUN", "O", "vote"),
        ("failed", 10, "ccomp", "VBD", "VERB", "O", "fail"),
        (".", 8, "punct", ".", "PUNCT", "O", "."),
    ]
    quotes = _quotes_of(nlp, rows)
    assert ("direct", "Talks are over", "Jon Reyes") in quotes
    added = [q for q in quotes if q[0] == "indirect" and q[1].endswith("the vote failed")]
    assert [speaker for _, _, speaker in added] == ["Jon Reyes"]


def test_a_quoted_judgement_read_into_the_object_is_still_what_was_said(nlp):
    # 'Ana Vos called the use of force "quite dangerous."', the quoted words
    # parsed as a modifier of "use": she called it that.
    rows = [
        ("Ana", 1, "compound", "NNP", "PROPN", "B-PERSON", "Ana"),
        ("Vos", 2, "nsubj", "NNP", "PROPN", "I-PERSON", "Vos"),
        ("called", 2, "ROOT", "VBD", "VERB", "O", "call"),
        ("the", 4, "det", "DT", "DET", "O", "the"),
        ("use", 2, "dobj", "NN", "NOUN", "O", "use"),
        ("of", 4, "prep", "IN", "ADP", "O", "of"),
        ("force", 5, "pobj", "NN", "NOUN", "O", "force"),
        ('"', 4, "punct", "``", "PUNCT", "O", '"'),
        ("quite", 9, "advmod", "RB", "ADV", "O", "quite"),
        ("dangerous", 4, "amod", "JJ", "ADJ", "O", "dangerous"),
        (".", 2, "punct", ".", "PUNCT", "O", "."),
        ('"', 2, "punct", "''", "PUNCT", "O", '"'),
    ]
    assert _quotes_of(nlp, rows, glued={7, 10}) == [
        ("indirect", 'the use of force "quite dangerous."', "Ana Vos")
    ]


def test_a_quoted_judgement_hung_outside_the_object_is_still_what_was_said(nlp):
    # 'Ana Vos called the levy "beyond repair."', the quoted words parsed as a
    # phrase of the verb: the quotation opens right after the object.
    rows = [
        ("Ana", 1, "compound", "NNP", "PROPN", "B-PERSON", "Ana"),
        ("Vos", 2, "nsubj", "NNP", "PROPN", "I-PERSON", "Vos"),
        ("called", 2, "ROOT", "VBD", "VERB", "O", "call"),
        ("the", 4, "det", "DT", "DET", "O", "the"),
        ("levy", 2, "dobj", "NN", "NOUN", "O", "levy"),
        ('"', 6, "punct", "``", "PUNCT", "O", '"'),
        ("beyond", 2, "prep", "IN", "ADP", "O", "beyond"),
        ("repair", 6, "pobj", "NN", "NOUN", "O", "repair"),
        (".", 2, "punct", ".", "PUNCT", "O", "."),
        ('"', 2, "punct", "''", "PUNCT", "O", '"'),
    ]
    assert _quotes_of(nlp, rows, glued={5, 8}) == [
        ("indirect", 'the levy "beyond repair."', "Ana Vos")
    ]


def test_an_object_read_as_the_predicate_still_carries_the_quoted_judgement(nlp):
    # 'Ana Vos called the levy a "disgrace."', the object read as the predicate
    # and the quoted noun hung on it.
    rows = [
        ("Ana", 1, "compound", "NNP", "PROPN", "B-PERSON", "Ana"),
        ("Vos", 2, "nsubj", "NNP", "PROPN", "I-PERSON", "Vos"),
        ("called", 2, "ROOT", "VBD", "VERB", "O", "call"),
        ("the", 4, "det", "DT", "DET", "O", "the"),
        ("levy", 2, "oprd", "NN", "NOUN", "O", "levy"),
        ("a", 7, "det", "DT", "DET", "O", "a"),
        ('"', 7, "punct", "``", "PUNCT", "O", '"'),
        ("disgrace", 4, "dobj", "NN", "NOUN", "O", "disgrace"),
        (".", 2, "punct", ".", "PUNCT", "O", "."),
        ('"', 2, "punct", "''", "PUNCT", "O", '"'),
    ]
    assert _quotes_of(nlp, rows, glued={6, 8}) == [
        ("indirect", 'the levy a "disgrace."', "Ana Vos")
    ]


def test_a_name_in_quotation_marks_after_called_is_no_judgement(nlp):
    # 'Ana Vos called the "Pier of Hope" home.': the quotation is the name of
    # the object, not a judgement of it.
    rows = [
        ("Ana", 1, "compound", "NNP", "PROPN", "B-PERSON", "Ana"),
        ("Vos", 2, "nsubj", "NNP", "PROPN", "I-PERSON", "Vos"),
        ("called", 2, "ROOT", "VBD", "VERB", "O", "call"),
        ("the", 5, "det", "DT", "DET", "O", "the"),
        ('"', 5, "punct", "``", "PUNCT", "O", '"'),
        ("Pier", 2, "oprd", "NNP", "PROPN", "O", "Pier"),
        ("of", 5, "prep", "IN", "ADP", "O", "of"),
        ("Hope", 6, "pobj", "NNP", "PROPN", "O", "Hope"),
        ('"', 5, "punct", "''", "PUNCT", "O", '"'),
        ("home", 2, "npadvmod", "NN", "NOUN", "O", "home"),
        (".", 2, "punct", ".", "PUNCT", "O", "."),
    ]
    assert [q for q in _quotes_of(nlp, rows, glued={4, 7}) if q[0] == "indirect"] == []


def test_a_quotation_after_the_object_of_describe_is_no_predicate(nlp):
    # 'Ana Vos described the crossing "from the pier."': a description takes its
    # predicate with "as"; quoted words after the object say where, not what.
    rows = [
        ("Ana", 1, "compound", "NNP", "PROPN", "B-PERSON", "Ana"),
        ("Vos", 2, "nsubj", "NNP", "PROPN", "I-PERSON", "Vos"),
        ("described", 2, "ROOT", "VBD", "VERB", "O", "describe"),
        ("the", 4, "det", "DT", "DET", "O", "the"),
        ("crossing", 2, "dobj", "NN", "NOUN", "O", "crossing"),
        ('"', 6, "punct", "``", "PUNCT", "O", '"'),
        ("from", 2, "prep", "IN", "ADP", "O", "from"),
        ("the", 8, "det", "DT", "DET", "O", "the"),
        ("pier", 6, "pobj", "NN", "NOUN", "O", "pier"),
        (".", 2, "punct", ".", "PUNCT", "O", "."),
        ('"', 2, "punct", "''", "PUNCT", "O", '"'),
    ]
    assert [q for q in _quotes_of(nlp, rows, glued={5, 9}) if q[0] == "indirect"] == []


def test_a_deed_whose_object_the_relative_clause_left_out_is_not_reported(nlp):
    # "Ana Vos earned more than the sum Jon Reyes reported receiving last year.":
    # what he received is the sum, outside his clause.
    rows = [
        ("Ana", 1, "compound", "NNP", "PROPN", "B-PERSON", "Ana"),
        ("Vos", 2, "nsubj", "NNP", "PROPN", "I-PERSON", "Vos"),
        ("earned", 2, "ROOT", "VBD", "VERB", "O", "earn"),
        ("more", 2, "dobj", "JJR", "ADJ", "O", "more"),
        ("than", 3, "prep", "IN", "ADP", "O", "than"),
        ("the", 6, "det", "DT", "DET", "O", "the"),
        ("sum", 4, "pobj", "NN", "NOUN", "O", "sum"),
        ("Jon", 8, "compound", "NNP", "PROPN", "B-PERSON", "Jon"),
        ("Reyes", 9, "nsubj", "NNP", "PROPN", "I-PERSON", "Reyes"),
        ("reported", 6, "relcl", "VBD", "VERB", "O", "report"),
        ("receiving", 9, "xcomp", "VBG", "VERB", "O", "receive"),
        ("last", 12, "amod", "JJ", "ADJ", "O", "last"),
        ("year", 10, "npadvmod", "NN", "NOUN", "O", "year"),
        (".", 2, "punct", ".", "PUNCT", "O", "."),
    ]
    assert _quotes_of(nlp, rows) == []


def test_a_deed_with_its_own_object_is_reported_in_a_clause_read_as_relative(nlp):
    # "The plan (Ana Vos has proposed taking in refugees) divides the party.", the
    # aside read as a relative clause: the deed has its object, and is hers.
    rows = [
        ("The", 1, "det", "DT", "DET", "O", "the"),
        ("plan", 11, "nsubj", "NN", "NOUN", "O", "plan"),
        ("(", 6, "punct", "-LRB-", "PUNCT", "O", "("),
        ("Ana", 4, "compound", "NNP", "PROPN", "B-PERSON", "Ana"),
        ("Vos", 6, "nsubj", "NNP", "PROPN", "I-PERSON", "Vos"),
        ("has", 6, "aux", "VBZ", "AUX", "O", "have"),
        ("proposed", 1, "relcl", "VBN", "VERB", "O", "propose"),
        ("taking", 6, "xcomp", "VBG", "VERB", "O", "take"),
        ("in", 7, "prt", "RP", "ADP", "O", "in"),
        ("refugees", 7, "dobj", "NNS", "NOUN", "O", "refugee"),
        (")", 6, "punct", "-RRB-", "PUNCT", "O", ")"),
        ("divides", 11, "ROOT", "VBZ", "VERB", "O", "divide"),
        ("the", 13, "det", "DT", "DET", "O", "the"),
        ("party", 11, "dobj", "NN", "NOUN", "O", "party"),
        (".", 11, "punct", ".", "PUNCT", "O", "."),
    ]
    assert _quotes_of(nlp, rows, glued={2, 9}) == [("indirect", "taking in refugees", "Ana Vos")]


def test_a_phrase_hung_on_the_verb_after_its_object_goes_with_the_object(nlp):
    # "Ana Vos announced a concert in support of the dockworkers.", with the
    # phrase parsed as the verb's: it tells of the concert, and was announced.
    rows = [
        ("Ana", 1, "compound", "NNP", "PROPN", "B-PERSON", "Ana"),
        ("Vos", 2, "nsubj", "NNP", "PROPN", "I-PERSON", "Vos"),
        ("announced", 2, "ROOT", "VBD", "VERB", "O", "announce"),
        ("a", 4, "det", "DT", "DET", "O", "a"),
        ("concert", 2, "dobj", "NN", "NOUN", "O", "concert"),
        ("in", 2, "prep", "IN", "ADP", "O", "in"),
        ("support", 5, "pobj", "NN", "NOUN", "O", "support"),
        ("of", 6, "prep", "IN", "ADP", "O", "of"),
        ("the", 9, "det", "DT", "DET", "O", "the"),
        ("dockworkers", 7, "pobj", "NNS", "NOUN", "O", "dockworker"),
        (".", 2, "punct", ".", "PUNCT", "O", "."),
    ]
    assert _quotes_of(nlp, rows) == [
        ("indirect", "a concert in support of the dockworkers", "Ana Vos")
    ]


def test_an_infinitive_hung_on_the_verb_after_its_object_goes_with_the_object(nlp):
    # "Ana Vos demanded a vote to settle the levy.", the infinitive parsed as the
    # verb's: the vote is to settle it.
    rows = [
        ("Ana", 1, "compound", "NNP", "PROPN", "B-PERSON", "Ana"),
        ("Vos", 2, "nsubj", "NNP", "PROPN", "I-PERSON", "Vos"),
        ("demanded", 2, "ROOT", "VBD", "VERB", "O", "demand"),
        ("a", 4, "det", "DT", "DET", "O", "a"),
        ("vote", 2, "dobj", "NN", "NOUN", "O", "vote"),
        ("to", 6, "aux", "TO", "PART", "O", "to"),
        ("settle", 2, "xcomp", "VB", "VERB", "O", "settle"),
        ("the", 8, "det", "DT", "DET", "O", "the"),
        ("levy", 6, "dobj", "NN", "NOUN", "O", "levy"),
        (".", 2, "punct", ".", "PUNCT", "O", "."),
    ]
    assert _quotes_of(nlp, rows) == [("indirect", "a vote to settle the levy", "Ana Vos")]


def test_a_quotation_outside_the_object_of_call_is_no_judgement(nlp):
    # 'Ana Vos called Jonas Lind to discuss "the port levy."': a telephone call.
    rows = [
        ("Ana", 1, "compound", "NNP", "PROPN", "B-PERSON", "Ana"),
        ("Vos", 2, "nsubj", "NNP", "PROPN", "I-PERSON", "Vos"),
        ("called", 2, "ROOT", "VBD", "VERB", "O", "call"),
        ("Jonas", 4, "compound", "NNP", "PROPN", "B-PERSON", "Jonas"),
        ("Lind", 2, "dobj", "NNP", "PROPN", "I-PERSON", "Lind"),
        ("to", 6, "aux", "TO", "PART", "O", "to"),
        ("discuss", 2, "advcl", "VB", "VERB", "O", "discuss"),
        ('"', 10, "punct", "``", "PUNCT", "O", '"'),
        ("the", 10, "det", "DT", "DET", "O", "the"),
        ("port", 10, "compound", "NN", "NOUN", "O", "port"),
        ("levy", 6, "dobj", "NN", "NOUN", "O", "levy"),
        (".", 2, "punct", ".", "PUNCT", "O", "."),
        ('"', 2, "punct", "''", "PUNCT", "O", '"'),
    ]
    assert [q for q in _quotes_of(nlp, rows, glued={7, 11}) if q[0] == "indirect"] == []


def test_a_reported_clause_the_parser_put_above_its_cue_is_reported(nlp):
    # "The deal comes after Jonas Lind told the Post he was ready.", with "told"
    # hung on "was": the clause after the cue's last word is what he told.
    rows = [
        ("The", 1, "det", "DT", "DET", "O", "the"),
        ("deal", 2, "nsubj", "NN", "NOUN", "O", "deal"),
        ("comes", 2, "ROOT", "VBZ", "VERB", "O", "come"),
        ("after", 6, "mark", "IN", "SCONJ", "O", "after"),
        ("Jonas", 5, "compound", "NNP", "PROPN", "B-PERSON", "Jonas"),
        ("Lind", 6, "nsubj", "NNP", "PROPN", "I-PERSON", "Lind"),
        ("told", 10, "advcl", "VBD", "VERB", "O", "tell"),
        ("the", 8, "det", "DT", "DET", "O", "the"),
        ("Post", 6, "dobj", "NNP", "PROPN", "B-ORG", "Post"),
        ("he", 10, "nsubj", "PRP", "PRON", "O", "he"),
        ("was", 2, "ccomp", "VBD", "AUX", "O", "be"),
        ("ready", 10, "acomp", "JJ", "ADJ", "O", "ready"),
        (".", 2, "punct", ".", "PUNCT", "O", "."),
    ]
    assert _quotes_of(nlp, rows) == [("indirect", "he was ready", "Jonas Lind")]


def test_a_clause_after_a_comma_or_conjunction_is_not_the_cues(nlp):
    # "While Lind noted the cost, but he left." parsed with "left" above "noted":
    # a clause set off from the cue by a conjunction is no report of it.
    rows = [
        ("While", 2, "mark", "IN", "SCONJ", "O", "while"),
        ("Lind", 2, "nsubj", "NNP", "PROPN", "B-PERSON", "Lind"),
        ("noted", 8, "advcl", "VBD", "VERB", "O", "note"),
        ("the", 4, "det", "DT", "DET", "O", "the"),
        ("cost", 2, "dobj", "NN", "NOUN", "O", "cost"),
        (",", 2, "punct", ",", "PUNCT", "O", ","),
        ("but", 2, "cc", "CC", "CCONJ", "O", "but"),
        ("he", 8, "nsubj", "PRP", "PRON", "O", "he"),
        ("left", 8, "ROOT", "VBD", "VERB", "O", "leave"),
        (".", 8, "punct", ".", "PUNCT", "O", "."),
    ]
    assert [q for q in _quotes_of(nlp, rows) if q[1].startswith("he")] == []


def _set_off_rows(condition_head):
    # "If she wins, Jonas Lind suggested in a letter, the port will close.", the
    # cue parsed as a complement of "close"; the condition hung on ``condition_head``.
    return [
        ("If", 2, "mark", "IN", "SCONJ", "O", "if"),
        ("she", 2, "nsubj", "PRP", "PRON", "O", "she"),
        ("wins", condition_head, "advcl", "VBZ", "VERB", "O", "win"),
        (",", condition_head, "punct", ",", "PUNCT", "O", ","),
        ("Jonas", 5, "compound", "NNP", "PROPN", "B-PERSON", "Jonas"),
        ("Lind", 6, "nsubj", "NNP", "PROPN", "I-PERSON", "Lind"),
        ("suggested", 14, "ccomp", "VBD", "VERB", "O", "suggest"),
        ("in", 6, "prep", "IN", "ADP", "O", "in"),
        ("a", 9, "det", "DT", "DET", "O", "a"),
        ("letter", 7, "pobj", "NN", "NOUN", "O", "letter"),
        (",", 14, "punct", ",", "PUNCT", "O", ","),
        ("the", 12, "det", "DT", "DET", "O", "the"),
        ("port", 14, "nsubj", "NN", "NOUN", "O", "port"),
        ("will", 14, "aux", "MD", "AUX", "O", "will"),
        ("close", 14, "ROOT", "VB", "VERB", "O", "close"),
        (".", 14, "punct", ".", "PUNCT", "O", "."),
    ]


@pytest.mark.parametrize(
    "condition_head, said",
    [
        # Hung on the cue or on the clause, the condition was said too: commas on
        # both sides set the cue off inside the sentence, which is kept whole.
        (6, "If she wins, Jonas Lind suggested in a letter, the port will close"),
        (14, "If she wins, Jonas Lind suggested in a letter, the port will close"),
    ],
)
def test_a_cue_set_off_by_commas_but_parsed_as_a_complement_reports_the_clause(
    nlp, condition_head, said
):
    assert _quotes_of(nlp, _set_off_rows(condition_head)) == [("indirect", said, "Jonas Lind")]


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        # The cue interrupts the sentence, commas on both sides: the words before
        # it were said too.
        (
            "Though Pakistan wants peace, Qureshi told reporters, it will defend itself.",
            "Though Pakistan wants peace, Qureshi told reporters, it will defend itself",
            "Qureshi",
        ),
        (
            "If the talks fail, Wang Yi told reporters, China will act.",
            "If the talks fail, Wang Yi told reporters, China will act",
            "Wang Yi",
        ),
        # ... but not when they tell when it was said, or of the speaker, ...
        (
            "On Tuesday, Khalilzad told reporters, the Taliban must cut ties with al-Qaeda.",
            "the Taliban must cut ties with al-Qaeda",
            "Zalmay Khalilzad",
        ),
        (
            "Last week, Khalilzad told reporters, the Taliban must cut ties with al-Qaeda.",
            "the Taliban must cut ties with al-Qaeda",
            "Zalmay Khalilzad",
        ),
        (
            "And yet, Khalilzad told reporters, the Taliban must cut ties with al-Qaeda.",
            "the Taliban must cut ties with al-Qaeda",
            "Zalmay Khalilzad",
        ),
        (
            "Speaking in Doha, Khalilzad told reporters, the Taliban must cut ties with al-Qaeda.",
            "the Taliban must cut ties with al-Qaeda",
            "Zalmay Khalilzad",
        ),
        # ... or are clauses of the writer's joined before the cue.
        (
            "Kabul had rejected the plan, and the envoy left, Khalilzad told reporters, "
            "the Taliban must cut ties.",
            "the Taliban must cut ties",
            "Zalmay Khalilzad",
        ),
    ],
)
def test_a_cue_set_off_inside_a_sentence_reports_the_words_around_it(
    extract, text, content, speaker
):
    article = "Zalmay Khalilzad led the American delegation. " + text
    reported = [q for q in extract(article) if q.kind == "indirect"]
    assert [(q.text, q.speaker) for q in reported] == [(content, speaker)]


def test_a_cue_with_an_object_of_its_own_does_not_take_in_the_words_before_it(extract):
    # "claimed responsibility" has its object; the clause after its comma does not
    # reach back over the sentence.
    text = (
        "So far, no group has claimed responsibility for the attack, leading officials "
        "to question whether it was planned abroad."
    )
    assert all(not q.text.startswith("So far") for q in extract(text))


def test_a_cue_reported_by_the_verb_above_it_is_not_set_off(nlp):
    # "Jonas Lind warned twice, she noted.": "warned" is what she noted, not an
    # attribution set off inside her clause.
    rows = [
        ("Jonas", 1, "compound", "NNP", "PROPN", "B-PERSON", "Jonas"),
        ("Lind", 2, "nsubj", "NNP", "PROPN", "I-PERSON", "Lind"),
        ("warned", 6, "ccomp", "VBD", "VERB", "O", "warn"),
        ("twice", 2, "advmod", "RB", "ADV", "O", "twice"),
        (",", 6, "punct", ",", "PUNCT", "O", ","),
        ("she", 6, "nsubj", "PRP", "PRON", "O", "she"),
        ("noted", 6, "ROOT", "VBD", "VERB", "O", "note"),
        (".", 6, "punct", ".", "PUNCT", "O", "."),
    ]
    assert [q for q in _quotes_of(nlp, rows) if q[1] == "she noted"] == []


@pytest.mark.parametrize(
    "text, reported",
    [
        # A second "that" clause, parsed as joined to the verb, is said all the same.
        (
            "Ana Vos predicted that port fees would fall over time, but that the new levy "
            "would offset any loss.",
            "port fees would fall over time, but that the new levy would offset any loss",
        ),
        # ... and so is a verb under a modal with no subject of its own.
        (
            "Ana Vos said she hoped to win the vote, and then would leave the city.",
            "she hoped to win the vote, and then would leave the city",
        ),
        # A clause with its own subject is the writer's account of what came next.
        ("Jonas Lind said he signed the accord, and he left the room.", "he signed the accord"),
    ],
)
def test_a_clause_joined_to_the_verb_goes_on_with_what_was_said(extract, text, reported):
    assert [q.text for q in extract(text) if q.kind == "indirect"] == [reported]


@pytest.mark.parametrize(
    "text, reported",
    [
        # "that" as the clause's subject is part of it; the conjunction is not.
        ("Asked about the talks, Ana Vos said that would take time.", "that would take time"),
        ("Jonas Lind said that that was the plan.", "that was the plan"),
    ],
)
def test_that_as_the_subject_of_the_reported_clause_stays(extract, text, reported):
    assert [q.text for q in extract(text)] == [reported]


def test_a_date_after_call_for_is_no_clause(nlp):
    # "Ana Vos called polls for June 5.": what is called for must have words of
    # its own, not only a date.
    rows = [
        ("Ana", 1, "compound", "NNP", "PROPN", "B-PERSON", "Ana"),
        ("Vos", 2, "nsubj", "NNP", "PROPN", "I-PERSON", "Vos"),
        ("called", 2, "ROOT", "VBD", "VERB", "O", "call"),
        ("polls", 2, "dobj", "NNS", "NOUN", "O", "poll"),
        ("for", 2, "prep", "IN", "ADP", "O", "for"),
        ("June", 4, "pobj", "NNP", "PROPN", "B-DATE", "June"),
        ("5", 5, "nummod", "CD", "NUM", "I-DATE", "5"),
        (".", 2, "punct", ".", "PUNCT", "O", "."),
    ]
    assert _quotes_of(nlp, rows) == []


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Obamacare's supporters argue that the law works.", "Obamacare's supporters"),
        ("America's allies said the plan would fail.", "America's allies"),
        # Those who speak for it are still its voice.
        ("America's diplomats said the plan would fail.", "United States"),
    ],
)
def test_supporters_or_allies_of_something_do_not_speak_for_it(extract, text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


def test_the_one_spoken_of_is_not_the_speaker(extract):
    text = "The Lisbon trader says of Ana Vos, “If she can, she will sell the port.”"
    assert [q.speaker for q in extract(text)] == ["The Lisbon trader"]


def test_of_two_verbs_equally_near_the_inner_one_introduces_the_quotation(extract):
    text = (
        "Jonas Lind thanked those who quit but said, “We are in a different game now, "
        "and we need people who can execute.”"
    )
    assert [(q.cue, q.speaker) for q in extract(text)] == [("say", "Jonas Lind")]


@pytest.mark.parametrize(
    "text",
    [
        "All told, some 2,000 families could be affected by the levy.",
        "It is fair to say that part of the cause is the lack of ferries.",
        "On some counts one could say the port is thriving.",
        "It should be noted that several pilots were hired in May.",
        "Only time will tell whether the truce holds.",
    ],
)
def test_the_writers_turns_of_phrase_report_no_speech(extract, text):
    assert extract(text) == []


@pytest.mark.parametrize(
    "text, said",
    [
        # A paragraph ending with its cue and a colon introduces the next one, set
        # apart without quotation marks (a quotation or a post on a page).
        (
            "Donald Trump tweeted on Friday:\n\nThe talks were a great success for our "
            "country!\n\nOthers disagreed.",
            [("The talks were a great success for our country", "Donald Trump", "tweet")],
        ),
        # ... but not a paragraph going on in lower case (an item of a list), ...
        (
            "Both sides stated:\n\nthe border will reopen on Monday for trade and travel.",
            [],
        ),
        # ... and a paragraph with marks of its own is read as any quotation is.
        (
            'Donald Trump added on Friday:\n\nThe talks, he said, were "a great success."',
            [('The talks, he said, were "a great success."', "Donald Trump", "say")],
        ),
    ],
)
def test_a_cue_closing_its_paragraph_with_a_colon_reports_the_next_one(extract, text, said):
    assert [(q.text, q.speaker, q.cue) for q in extract(text)] == said


@pytest.mark.parametrize(
    "text",
    [
        "Sergei Lavrov called Javad Zarif to offer condolences.",
        "Hillary Clinton called Bernie Sanders to congratulate him.",
        "Some councillors have called her to ask for a meeting.",
    ],
)
def test_calling_someone_to_do_something_is_a_telephone_call_not_an_appeal(extract, text):
    assert [q for q in extract(text) if q.cue == "call"] == []


def test_calling_on_someone_is_an_appeal_however_the_on_is_parsed(nlp):
    # "Britain calls on authorities to stop targeting the media.", with "on" parsed
    # apart from "authorities", read as the object.
    rows = [
        ("Britain", 1, "nsubj", "NNP", "PROPN", "B-GPE", "Britain"),
        ("calls", 1, "ROOT", "VBZ", "VERB", "O", "call"),
        ("on", 1, "prep", "IN", "ADP", "O", "on"),
        ("authorities", 1, "dobj", "NNS", "NOUN", "O", "authority"),
        ("to", 5, "aux", "TO", "PART", "O", "to"),
        ("stop", 1, "xcomp", "VB", "VERB", "O", "stop"),
        ("targeting", 5, "xcomp", "VBG", "VERB", "O", "target"),
        ("the", 8, "det", "DT", "DET", "O", "the"),
        ("media", 6, "dobj", "NNS", "NOUN", "O", "media"),
        (".", 1, "punct", ".", "PUNCT", "O", "."),
    ]
    said = [text for kind, text, _ in _quotes_of(nlp, rows) if kind == "indirect"]
    assert said == ["authorities to stop targeting the media"]


@pytest.mark.parametrize(
    "text, said",
    [
        # What was urged follows the verb; a clause before it is the writer's.
        (
            "Jonas Lind spoke in Lisbon. Only last week, would you believe, he urged "
            "the board to sell off the pier.",
            ["the board to sell off the pier"],
        ),
        # Telling someone, with nothing to do, reports the clause before the verb.
        (
            "Jonas Lind defended his record. The rumours were false, the harbour "
            "candidate told Harbour News' Morning Hour on Sunday.",
            ["The rumours were false"],
        ),
    ],
)
def test_an_appeal_reports_what_follows_it_not_a_clause_before_it(extract, text, said):
    assert [q.text for q in extract(text)] == said


@pytest.mark.parametrize(
    "text, speakers",
    [
        # Those told or warned are not the ones speaking ...
        ("The embassy was told that the convoy was ready.", []),
        ("Residents were warned that the river would flood.", []),
        ('The envoys were told: "The convoy is ready."', [None]),
        # ... the one named as telling them is.
        ("The embassy was told by Ana Vos that the convoy was ready.", ["Ana Vos"]),
    ],
)
def test_those_spoken_to_in_the_passive_are_no_speakers(extract, text, speakers):
    assert [q.speaker for q in extract(text)] == speakers


def test_a_speech_verb_read_as_a_participle_on_the_name_speaks_for_it(nlp):
    # "Ana Vos, the envoy, tweeted on Friday to say she had met Lind." with
    # "tweeted" parsed as a participle hung on the name ("Vos, tweeted by ...").
    rows = [
        ("Ana", 1, "compound", "NNP", "PROPN", "B-PERSON", "Ana"),
        ("Vos", 1, "ROOT", "NNP", "PROPN", "I-PERSON", "Vos"),
        (",", 1, "punct", ",", "PUNCT", "O", ","),
        ("the", 4, "det", "DT", "DET", "O", "the"),
        ("envoy", 1, "appos", "NN", "NOUN", "O", "envoy"),
        (",", 1, "punct", ",", "PUNCT", "O", ","),
        ("tweeted", 1, "acl", "VBN", "VERB", "O", "tweet"),
        ("on", 6, "prep", "IN", "ADP", "O", "on"),
        ("Friday", 7, "pobj", "NNP", "PROPN", "B-DATE", "Friday"),
        ("to", 10, "aux", "TO", "PART", "O", "to"),
        ("say", 6, "xcomp", "VB", "VERB", "O", "say"),
        ("she", 13, "nsubj", "PRP", "PRON", "O", "she"),
        ("had", 13, "aux", "VBD", "AUX", "O", "have"),
        ("met", 10, "ccomp", "VBN", "VERB", "O", "meet"),
        ("Lind", 13, "dobj", "NNP", "PROPN", "B-PERSON", "Lind"),
        (".", 1, "punct", ".", "PUNCT", "O", "."),
    ]
    assert _quotes_of(nlp, rows) == [("indirect", "she had met Lind", "Ana Vos")]


def test_added_to_a_thing_says_nothing_however_parsed(nlp):
    # "Jonas Lind added to sanctions list after Lisbon lifts hold", a headline,
    # with "lifts hold" read as a clause reported by "added".
    rows = [
        ("Jonas", 1, "compound", "NNP", "PROPN", "B-PERSON", "Jonas"),
        ("Lind", 2, "nsubj", "NNP", "PROPN", "I-PERSON", "Lind"),
        ("added", 2, "ROOT", "VBD", "VERB", "O", "add"),
        ("to", 2, "prep", "IN", "ADP", "O", "to"),
        ("sanctions", 5, "compound", "NNS", "NOUN", "O", "sanction"),
        ("list", 3, "pobj", "NN", "NOUN", "O", "list"),
        ("after", 9, "mark", "IN", "SCONJ", "O", "after"),
        ("Lisbon", 9, "nsubj", "NNP", "PROPN", "B-GPE", "Lisbon"),
        ("lifts", 9, "aux", "VBZ", "AUX", "O", "lift"),
        ("hold", 2, "ccomp", "VBP", "VERB", "O", "hold"),
    ]
    assert _quotes_of(nlp, rows) == []
    # Added to someone, it is speech.
    rows[4:6] = [("him", 3, "pobj", "PRP", "PRON", "O", "he")]
    rows = [(w, h - (h > 4), d, t, p, e, lem) for w, h, d, t, p, e, lem in rows]
    assert _quotes_of(nlp, rows) != []


def test_a_name_inside_an_aside_does_not_speak_for_a_verb_that_lost_its_subject(extract):
    text = (
        "The row began on Friday after Tomas Berger, asked about the jailing of sailors "
        "under Jonas Lind, had said, “I think our harbour does plenty of jailing also.”"
    )
    assert [q.speaker for q in extract(text)] == ["Tomas Berger"]


def test_a_quotation_whose_verb_lost_its_subject_is_the_name_before_the_asides(extract):
    text = (
        "But in a call with reporters on Monday, Col. Jonas H. Lind, a military spokesman "
        "in Lisbon, said, “A blockade is an act of war. That is what it is.”"
    )
    assert [q.speaker for q in extract(text)] == ["Jonas H. Lind"]


@pytest.mark.parametrize(
    "text, cue",
    [
        ("“That is a silly question,” scoffed Ana Vos, the trade envoy.", "scoff"),
        ("“We have spent years on this,” Jonas Lind lamented in an interview.", "lament"),
        ("“Out, out, out!” Jonas Lind yelled at the protesters.", "yell"),
    ],
)
def test_verbs_of_manner_of_speaking_introduce_quotations(extract, text, cue):
    assert [(q.cue, q.speaker) for q in extract(text)] == [
        (cue, "Ana Vos" if "Vos" in text else "Jonas Lind")
    ]


def test_a_verb_closing_the_sentence_after_a_quotation_and_its_speaker_introduces_it(
    extract,
):
    # "retaliate" is no speech verb, but it stands where one does; the speech verb
    # of the sentence before is someone else's.
    text = (
        "Tomas Berger said the pier was lost. “The pier is gone,” he claimed.\n"
        "“The pier will always be the pier,” an angry Jonas Lind retaliated on Sunday. "
        "“It never gives up.”"
    )
    assert [(q.text, q.speaker, q.cue) for q in extract(text) if q.kind == "direct"] == [
        ("The pier is gone", "Tomas Berger", "claim"),
        ("The pier will always be the pier", "Jonas Lind", "retaliate"),
        ("It never gives up.", "Jonas Lind", "retaliate"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Tomas Berger Says Pier Fees Are A Threat To The Harbour\n\n"
            "Tomas Berger spoke in Split on Monday.",
            [("Pier Fees Are A Threat To The Harbour", "Tomas Berger", "say")],
        ),
        (
            "Ines Varga says cut fares, new ferries to save the pier.\n\n"
            "Ines Varga spoke in Split on Monday.",
            [("cut fares, new ferries to save the pier", "Ines Varga", "say")],
        ),
    ],
)
def test_a_headline_reports_what_someone_says(extract, text, expected):
    assert [(q.text, q.speaker, q.cue) for q in extract(text)] == expected


def test_a_verb_in_a_sentence_of_its_own_after_a_quotation_does_not_introduce_it(extract):
    text = "The envoys met at noon. “We will rebuild the pier.” Jonas Lind smiled."
    assert all(q.cue is None for q in extract(text))


def test_a_speech_verb_joined_to_the_reported_clause_is_reported_on_its_own(extract):
    text = (
        "The European Union said the killing was a criminal act and urged all sides "
        "to show restraint."
    )
    assert [(q.text, q.cue) for q in extract(text)] == [
        ("the killing was a criminal act", "say"),
        ("all sides to show restraint", "urge"),
    ]


def test_a_speech_verb_sharing_the_clauses_past_perfect_stays_in_it(nlp):
    # "Lind said the envoy had called them and said it was over.": "had" reaches
    # the second "said" too, which is part of what Lind reported.
    rows = [
        ("Lind", 1, "nsubj", "NNP", "PROPN", "B-PERSON", "Lind"),
        ("said", 1, "ROOT", "VBD", "VERB", "O", "say"),
        ("the", 3, "det", "DT", "DET", "O", "the"),
        ("envoy", 5, "nsubj", "NN", "NOUN", "O", "envoy"),
        ("had", 5, "aux", "VBD", "AUX", "O", "have"),
        ("called", 1, "ccomp", "VBN", "VERB", "O", "call"),
        ("them", 5, "dobj", "PRP", "PRON", "O", "they"),
        ("and", 5, "cc", "CC", "CCONJ", "O", "and"),
        ("said", 5, "conj", "VBD", "VERB", "O", "say"),
        ("it", 10, "nsubj", "PRP", "PRON", "O", "it"),
        ("was", 8, "ccomp", "VBD", "AUX", "O", "be"),
        ("over", 10, "advmod", "RB", "ADV", "O", "over"),
        (".", 1, "punct", ".", "PUNCT", "O", "."),
    ]
    texts = [text for _, text, _ in _quotes_of(nlp, rows)]
    assert "the envoy had called them and said it was over" in texts


def test_according_to_inside_a_reported_clause_names_no_second_speaker(extract):
    text = (
        "Ana Vos said the blockade broke the rules of the sea, according to a ministry statement."
    )
    assert [q.speaker for q in extract(text)] == ["Ana Vos"]


def test_a_name_split_by_a_no_break_space_is_one_name_once_spaces_are_plain(extract):
    from analysis.loaders import plain_spaces

    text = plain_spaces("“Imagine it,” mused Blaze co-host Stu\u00a0Burguiere on Monday.")
    assert [q.speaker for q in extract(text)] == ["Stu Burguiere"]


def test_a_cue_set_in_another_cue_s_sentence_reports_the_phrase_it_interrupts(nlp):
    # "Vos said that was fair — no different, he said, from ...", with the second
    # "said" hung on "different" and "different" on the first "said": the second
    # quote is the phrase around its cue, not the whole sentence again.
    rows = [
        ("Vos", 1, "nsubj", "NNP", "PROPN", "B-PERSON", "Vos"),
        ("said", 1, "ROOT", "VBD", "VERB", "O", "say"),
        ("that", 3, "nsubj", "DT", "DET", "O", "that"),
        ("was", 1, "ccomp", "VBD", "AUX", "O", "be"),
        ("fair", 3, "acomp", "JJ", "ADJ", "O", "fair"),
        ("—", 3, "punct", ":", "PUNCT", "O", "—"),
        ("no", 7, "neg", "DT", "DET", "O", "no"),
        ("different", 1, "advmod", "JJ", "ADJ", "O", "different"),
        (",", 10, "punct", ",", "PUNCT", "O", ","),
        ("he", 10, "nsubj", "PRP", "PRON", "O", "he"),
        ("said", 7, "parataxis", "VBD", "VERB", "O", "say"),
        (",", 10, "punct", ",", "PUNCT", "O", ","),
        ("from", 10, "prep", "IN", "ADP", "O", "from"),
        ("a", 14, "det", "DT", "DET", "O", "a"),
        ("boxer", 12, "pobj", "NN", "NOUN", "O", "boxer"),
        ("trading", 14, "acl", "VBG", "VERB", "O", "trade"),
        ("blows", 15, "dobj", "NNS", "NOUN", "O", "blow"),
        (".", 1, "punct", ".", "PUNCT", "O", "."),
    ]
    assert _quotes_of(nlp, rows) == [
        ("indirect", "that was fair", "Vos"),
        ("indirect", "no different, he said, from a boxer trading blows", "Vos"),
    ]


def test_of_two_names_in_apposition_the_one_beside_the_verb_speaks(extract):
    # The parser made "the real Jonas Lind" the subject and the judge its apposition.
    quotes = extract(
        "To understand the real Jonas Lind, Chief Justice Maria Okafor said, one should "
        "read his early letters."
    )
    assert [q.speaker for q in quotes] == ["Maria Okafor"]


def test_a_statement_published_under_a_name_is_that_person_s(extract):
    # The agency carried the statement; the person it was published under wrote it.
    text = (
        "In a statement carried by the state news agency, Lena Vos, the sister of leader "
        "Tomas Berg, accused the minister of lying. The statement, which the agency also "
        "published in English under the name of Lena Vos, read in part:\n\n"
        "“We have no further use for empty promises.”"
    )
    quotes = extract(text)
    assert [(q.text, q.speaker) for q in quotes if q.kind == "direct"] == [
        ("We have no further use for empty promises.", "Lena Vos")
    ]


def test_a_colon_ending_a_clause_about_a_thing_takes_no_speaker_from_before_it(extract):
    # The tenet is the Convention's words, not Chile's nor the forty countries'.
    quotes = extract(
        "Since 1987, forty countries, including Chile, have become parties to the "
        "Convention, which is inspired by the Declaration and its core tenet: “No one shall "
        "be held in slavery or servitude.”"
    )
    assert [q.speaker for q in quotes] == [None]


def test_the_main_clause_s_subject_introduces_a_quote_after_a_colon(extract):
    # "he" of the main clause, not "the deal" of the clause after it.
    quotes = extract(
        "As for Berg, he seemed content that the deal he had pushed for years was done: "
        "“No deal in this world is perfect. But this one is bold.”"
    )
    assert [q.speaker for q in quotes] == ["Berg"]


def test_a_name_ending_an_aside_is_not_the_subject_the_aside_follows(nlp):
    # "In a report, Lena Vos, the sister of leader Tomas Berg, said ...", parsed with
    # no subject for "said": the name before the aside speaks, not the one in it.
    rows = [
        ("In", 14, "prep", "IN", "ADP", "O", "in"),
        ("a", 2, "det", "DT", "DET", "O", "a"),
        ("report", 0, "pobj", "NN", "NOUN", "O", "report"),
        (",", 2, "punct", ",", "PUNCT", "O", ","),
        ("Lena", 5, "compound", "NNP", "PROPN", "B-PERSON", "Lena"),
        ("Vos", 2, "appos", "NNP", "PROPN", "I-PERSON", "Vos"),
        (",", 5, "punct", ",", "PUNCT", "O", ","),
        ("the", 8, "det", "DT", "DET", "O", "the"),
        ("sister", 5, "appos", "NN", "NOUN", "O", "sister"),
        ("of", 8, "prep", "IN", "ADP", "O", "of"),
        ("leader", 12, "compound", "NN", "NOUN", "O", "leader"),
        ("Tomas", 12, "compound", "NNP", "PROPN", "B-PERSON", "Tomas"),
        ("Berg", 9, "pobj", "NNP", "PROPN", "I-PERSON", "Berg"),
        (",", 14, "punct", ",", "PUNCT", "O", ","),
        ("said", 14, "ROOT", "VBD", "VERB", "O", "say"),
        ("the", 16, "det", "DT", "DET", "O", "the"),
        ("talks", 17, "nsubj", "NNS", "NOUN", "O", "talk"),
        ("were", 14, "ccomp", "VBD", "AUX", "O", "be"),
        ("over", 17, "advmod", "RB", "ADV", "O", "over"),
        (".", 14, "punct", ".", "PUNCT", "O", "."),
    ]
    assert _quotes_of(nlp, rows) == [("indirect", "the talks were over", "Lena Vos")]


def test_a_person_a_relative_clause_has_speaking_is_a_subject_for_he(extract):
    text = (
        "Lena Vos sent her foreign minister, Tomas Berg, in her place. Berg told the summit "
        "on Thursday that the region should rethink its institutions. “The era of "
        "exclusions has to end,” he said.\n\nThe sharpest words came from Chile's "
        "president, Jonas Lind, who spoke as the head of the regional bloc. He said that "
        "being the host did not give a country the right to decide who could attend."
    )
    assert [q.speaker for q in extract(text)] == ["Tomas Berg", "Tomas Berg", "Jonas Lind"]


@pytest.mark.parametrize(
    "text, kept",
    [
        # The noun is the missing object of the clause: nothing is said by it alone.
        (
            "Vos said she plans to put to work the $2 million she says she raised for "
            "her campaign on the day after the debate.",
            [
                "she plans to put to work the $2 million she says she raised for her "
                "campaign on the day after the debate"
            ],
        ),
        ("The union praised the impact it said Lind would have on workers in the ports.", []),
        # The noun is the missing subject: what was said of it is reported.
        (
            "Officials blamed a charity that prosecutors said was accused of arming the militia.",
            ["prosecutors said was accused of arming the militia"],
        ),
        # "where", "at which": a whole clause.
        (
            "Vos spoke at a rally where she predicted that neither party would win a majority.",
            ["neither party would win a majority"],
        ),
    ],
)
def test_a_cue_in_a_relative_clause_reports_no_clause_missing_its_object(extract, text, kept):
    assert [q.text for q in extract(text)] == kept


def test_the_subject_of_another_speech_verb_is_not_this_one_s_speaker(extract):
    # The reporter reported; the wife whispered, and she is named by her relation.
    quotes = extract(
        "As the crowd cheered Lind in Ohio on Tuesday night, the Post's Robert Vos "
        'reported, his wife whispered to him: "They\'re still with you."'
    )
    assert [(q.text, q.speaker) for q in quotes] == [("They're still with you.", "his wife")]


@pytest.mark.parametrize(
    "text, speaker",
    [
        # A name the model left untagged, beside the role that introduces it.
        (
            "Hours later, Ruritania's first vice foreign minister, Choe Son Hui, said in a "
            "statement that the idea was interesting.",
            "Choe Son Hui",
        ),
        (
            "Late on Monday, the spokesman of the Ministry of External Affairs, Raveesh Kumar, "
            "said that Modi had asked for no such thing.",
            "Raveesh Kumar",
        ),
        # A place set beside a noun is no one's name.
        (
            "Kazakhstan's new capital, Astana, announced that the summit would go ahead.",
            "Kazakhstan's new capital, Astana",
        ),
    ],
)
def test_a_name_set_beside_a_role_speaks(extract, text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "India's Ministry of External Affairs said on Thursday that it regretted "
            "Pakistan's steps.",
            "Ministry of External Affairs",
        ),
        (
            "The independent Commission on Port Safety said there was in fact a "
            "problem with the crane.",
            "Commission on Port Safety",
        ),
    ],
)
def test_an_institution_speaks_by_the_name_the_model_found_for_it(extract, text, speaker):
    # Not the words before the noun alone ("Indian Ministry", "nonpartisan Commission").
    assert [q.speaker for q in extract(text)] == [speaker]


def test_a_quotation_inside_a_turn_that_no_one_is_named_for_is_part_of_the_turn(extract):
    text = (
        "Regular Press Conference, Beijing.\n\nQUESTION: Will China respond to the visit?"
        "\n\nLENA VOS: As an old saying goes, “A rope pulled too tight will snap.” We urge "
        "the other side to stop before it is too late.\n\nQUESTION: Thank you."
    )
    direct = [(q.text, q.speaker) for q in extract(text) if q.kind == "direct"]
    assert direct == [
        (
            "As an old saying goes, “A rope pulled too tight will snap.” We urge the other "
            "side to stop before it is too late.",
            "Lena Vos",
        )
    ]


def test_a_clause_that_starts_inside_a_quotation_and_runs_out_of_it_is_no_quote(extract):
    quotes = extract(
        '"Ports are having trouble raising funds. Shipping lines have the funds. They '
        'have no choice" but to take the lead on dredging, says Ana Berg, a harbour '
        "consultant."
    )
    assert [(q.kind, q.text) for q in quotes] == [
        (
            "direct",
            "Ports are having trouble raising funds. Shipping lines have the funds. They "
            "have no choice",
        )
    ]


def test_a_participle_read_as_a_noun_speaks_for_the_name_compounded_with_it(nlp):
    # 'The ad shows Lind saying, "We will close the port."', with "Lind saying"
    # tagged as a noun phrase: Lind says it, not the ad.
    rows = [
        ("The", 1, "det", "DT", "DET", "O", "the"),
        ("ad", 2, "nsubj", "NN", "NOUN", "O", "ad"),
        ("shows", 2, "ROOT", "VBZ", "VERB", "O", "show"),
        ("Jonas", 4, "compound", "NNP", "PROPN", "B-PERSON", "Jonas"),
        ("Lind", 5, "compound", "NNP", "PROPN", "I-PERSON", "Lind"),
        ("saying", 2, "dobj", "NN", "NOUN", "O", "saying"),
        (",", 5, "punct", ",", "PUNCT", "O", ","),
        ('"', 8, "punct", "``", "PUNCT", "O", '"'),
        ("We", 9, "nsubj", "PRP", "PRON", "O", "we"),
        ("will", 9, "aux", "MD", "AUX", "O", "will"),
        ("close", 2, "ccomp", "VB", "VERB", "O", "close"),
        ("the", 11, "det", "DT", "DET", "O", "the"),
        ("port", 9, "dobj", "NN", "NOUN", "O", "port"),
        (".", 9, "punct", ".", "PUNCT", "O", "."),
        ('"', 2, "punct", "''", "PUNCT", "O", '"'),
    ]
    assert _quotes_of(nlp, rows, glued={7, 12}) == [
        ("direct", "We will close the port.", "Jonas Lind")
    ]


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        # A recording of someone speaking: the one recorded speaks.
        (
            "Jonas Lind toured the port. Ana Vos released an advertisement featuring a clip "
            "of Lind saying he would close the port.",
            "he would close the port",
            "Jonas Lind",
        ),
        # ... but a share of a people speaks as the share.
        (
            "The survey found 38 percent of Chilean Americans saying they would vote for Ana Vos.",
            "they would vote for Ana Vos",
            "38 percent of Chilean Americans",
        ),
    ],
)
def test_the_one_shown_speaking_speaks(extract, text, content, speaker):
    reported = [q for q in extract(text) if q.kind == "indirect" and q.text == content]
    assert [q.speaker for q in reported] == [speaker]


def _according_rows(verb, lemma, rest):
    # "According to the summary, Vos and an aide VERB the envoy ...", the parser
    # running the subject into the source ("Vos" and "aide" read as more of
    # "summary") and leaving the verb without one.
    return [
        ("According", 9, "prep", "VBG", "VERB", "O", "accord"),
        ("to", 0, "prep", "IN", "ADP", "O", "to"),
        ("the", 3, "det", "DT", "DET", "O", "the"),
        ("summary", 1, "pobj", "NN", "NOUN", "O", "summary"),
        (",", 3, "punct", ",", "PUNCT", "O", ","),
        ("Vos", 3, "conj", "NNP", "PROPN", "B-PERSON", "Vos"),
        ("and", 5, "cc", "CC", "CCONJ", "O", "and"),
        ("an", 8, "det", "DT", "DET", "O", "an"),
        ("aide", 5, "conj", "NN", "NOUN", "O", "aide"),
        (verb, 9, "ROOT", "VBD", "VERB", "O", lemma),
        ("the", 11, "det", "DT", "DET", "O", "the"),
        ("envoy", 9, "dobj", "NN", "NOUN", "O", "envoy"),
        *rest,
    ]


def test_a_subject_run_into_the_source_of_according_to_opens_the_clause(nlp):
    rows = _according_rows("met", "meet", [(".", 9, "punct", ".", "PUNCT", "O", ".")])
    said = [text for kind, text, _ in _quotes_of(nlp, rows) if kind == "indirect"]
    assert said == ["Vos and an aide met the envoy"]


def test_a_speech_verb_after_according_to_keeps_its_own_speaker(nlp):
    # "According to the summary, Vos and an aide told the envoy that the port would
    # reopen": what they told is theirs; the summary is only where it was found.
    rows = _according_rows(
        "told",
        "tell",
        [
            ("that", 16, "mark", "IN", "SCONJ", "O", "that"),
            ("the", 14, "det", "DT", "DET", "O", "the"),
            ("port", 16, "nsubj", "NN", "NOUN", "O", "port"),
            ("would", 16, "aux", "MD", "AUX", "O", "would"),
            ("reopen", 9, "ccomp", "VB", "VERB", "O", "reopen"),
            (".", 9, "punct", ".", "PUNCT", "O", "."),
        ],
    )
    assert not any(text.startswith("Vos") for _, text, _ in _quotes_of(nlp, rows))


def test_a_participle_after_the_source_of_according_to_is_no_clause_of_its_own(nlp):
    # "According to Vos, writing for the Post, the port will reopen.", with "the
    # port" run into the source: the words after the first comma tell who Vos is.
    rows = [
        ("According", 12, "prep", "VBG", "VERB", "O", "accord"),
        ("to", 0, "prep", "IN", "ADP", "O", "to"),
        ("Vos", 1, "pobj", "NNP", "PROPN", "B-PERSON", "Vos"),
        (",", 2, "punct", ",", "PUNCT", "O", ","),
        ("writing", 2, "acl", "VBG", "VERB", "O", "write"),
        ("for", 4, "prep", "IN", "ADP", "O", "for"),
        ("the", 7, "det", "DT", "DET", "O", "the"),
        ("Post", 5, "pobj", "NNP", "PROPN", "B-ORG", "Post"),
        (",", 2, "punct", ",", "PUNCT", "O", ","),
        ("the", 10, "det", "DT", "DET", "O", "the"),
        ("port", 2, "conj", "NN", "NOUN", "O", "port"),
        ("will", 12, "aux", "MD", "AUX", "O", "will"),
        ("reopen", 12, "ROOT", "VB", "VERB", "O", "reopen"),
        (".", 12, "punct", ".", "PUNCT", "O", "."),
    ]
    assert not any(text.startswith("writing") for _, text, _ in _quotes_of(nlp, rows))
