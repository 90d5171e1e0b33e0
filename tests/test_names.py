import pytest

from analysis.names import (
    clean_surface,
    full_names_match,
    is_short_form_of,
    load_name_lexicon,
    name_parts,
    split_title,
)


@pytest.fixture(scope="module")
def lexicon():
    return load_name_lexicon()


@pytest.mark.parametrize(
    "surface, expected",
    [
        ("Pompeo's", "Pompeo"),
        ("Qureshi’s", "Qureshi"),
        ("the State Department", "State Department"),
        ("  Imran   Khan ", "Imran Khan"),
        ("(Jaishankar)", "Jaishankar"),
        # A contraction run into the name ("My name’s Hady Amr").
        ("’s Hady Amr", "Hady Amr"),
        ("'s Clinton", "Clinton"),
    ],
)
def test_clean_surface(surface, expected):
    assert clean_surface(surface) == expected


@pytest.mark.parametrize(
    "name, title, rest",
    [
        ("Secretary Pompeo", "Secretary", "Pompeo"),
        ("Minister Qureshi", "Minister", "Qureshi"),
        ("Mr Jaishankar", "Mr", "Jaishankar"),
        ("PM Modi", "PM", "Modi"),
        ("Dr. Tedros Adhanom", "Dr.", "Tedros Adhanom"),
        ("Prime Minister Imran Khan", "Prime Minister", "Imran Khan"),
        ("Mike Pompeo", "", "Mike Pompeo"),
        ("President", "", "President"),
    ],
)
def test_split_title(lexicon, name, title, rest):
    assert split_title(name, lexicon) == (title, rest)


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Mike Pompeo", "Michael R. Pompeo", True),
        ("Shah Mehmood Qureshi", "Shah Mahmood Qureshi", True),
        ("Qassem Soleimani", "Qasem Soleimani", True),
        ("S Jaishankar", "Subrahmanyam Jaishankar", True),
        ("Sergey Lavrov", "Sergei Lavrov", True),
        ("Kim Jong Un", "Kim Yo Jong", False),
        ("Imran Khan", "Sadiq Khan", False),
        ("Bill Clinton", "Hillary Clinton", False),
        ("Mike Pompeo", "Mike Pence", False),
        # Given names spelled out agree, so a looser surname variant is enough.
        ("Vassily Nebenzia", "Vasily Nebenzya", True),
        ("Joe Biden", "Hunter Biden", False),
        ("Kim Yo Jong", "Kim Yong Nam", False),
        # The name without its first given name.
        ("Javad Zarif", "Mohammad Javad Zarif", True),
        # A surname of two parts, its first an initial, and written as one word.
        ("Yemane G. Meskel", "Yemane Gebremeskel", True),
        ("Yemane G. Meskel", "Yemane Gebrehiwot", False),
        ("Tomas B. Lind", "Tomas Berger", False),
        ("Tomas B. Lind", "Tomas Blind", False),
        ("Ana K. Li", "Ana Kaili", False),
    ],
)
def test_full_names_match(lexicon, a, b, same):
    assert full_names_match(name_parts(a), name_parts(b), lexicon) is same
    assert full_names_match(name_parts(b), name_parts(a), lexicon) is same


@pytest.mark.parametrize(
    "short, full, expected",
    [
        ("Qureshi", "Shah Mehmood Qureshi", True),
        ("Pompeo", "Michael R. Pompeo", True),
        ("Kim", "Kim Jong Un", True),
        ("Khan", "Imran Khan", True),
        ("Imran", "Imran Khan", False),
        ("Pompeo", "Mike Pence", False),
        # Compound surnames.
        ("Le Drian", "Jean-Yves Le Drian", True),
        ("Bhutto Zardari", "Bilawal Bhutto Zardari", True),
        ("Lopez Obrador", "Andrés Manuel López Obrador", True),
        ("Ali Zardari", "Bilawal Bhutto Zardari", False),
        # A patronymic: the father's name is no short form, the given name is.
        ("Salman", "Mohammed bin Salman", False),
        ("Mohammed", "Mohammed bin Salman", True),
        ("Faisal", "Faisal bin Farhan", True),
    ],
)
def test_is_short_form_of(short, full, expected):
    assert is_short_form_of(name_parts(short), name_parts(full)) is expected


@pytest.mark.parametrize(
    "nickname, person",
    [("mbs", "Mohammed bin Salman"), ("amlo", "Andrés Manuel López Obrador")],
)
def test_person_nicknames_are_read_from_the_data(lexicon, nickname, person):
    assert lexicon.person_aliases[nickname] == person


def test_person_nickname_rows_do_not_become_given_names(lexicon):
    assert "mbs" not in lexicon.nickname_groups
