"""Tests of analysis/countries.py and of the table it reads, data/countries.csv."""

from __future__ import annotations

import csv
from pathlib import Path

import pycountry
import pytest

from analysis.countries import (
    COLUMNS,
    Country,
    CountryIndex,
    CountryTableError,
    default_countries_path,
    load_country_index,
    split_compound,
)

# The 193 member states of the United Nations, by ISO 3166-1 alpha-2 code.
_UN_MEMBER_CODES = """
AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ
CA CD CF CG CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI
FJ FM FR GA GB GD GE GH GM GN GQ GR GT GW GY HN HR HT HU ID IE IL IN IQ IR IS IT JM
JO JP KE KG KH KI KM KN KP KR KW KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG
MH MK ML MM MN MR MT MU MV MW MX MY MZ NA NE NG NI NL NO NP NR NZ OM PA PE PG PH PK
PL PT PW PY QA RO RS RU RW SA SB SC SD SE SG SI SK SL SM SN SO SR SS ST SV SY SZ TD
TG TH TJ TL TM TN TO TR TT TV TZ UA UG US UY UZ VC VE VN VU WS YE ZA ZM ZW
"""
UN_MEMBERS = frozenset(_UN_MEMBER_CODES.split())
NON_MEMBERS = frozenset({"TW", "PS", "XK", "VA", "SU"})

HEADER = ",".join(COLUMNS)


@pytest.fixture(scope="module")
def index() -> CountryIndex:
    return CountryIndex.from_csv(default_countries_path())


def table_rows() -> list[dict[str, str]]:
    """The rows of data/countries.csv, read with the csv module alone."""
    with default_countries_path().open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def write_table(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "countries.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "surface, code",
    [
        ("Pakistan", "PK"),
        ("Pakistani", "PK"),
        ("Pakistanis", "PK"),
        ("Pakistan's", "PK"),
        ("US", "US"),
        ("U.S.", "US"),
        ("U.S.A.", "US"),
        ("USA", "US"),
        ("United States", "US"),
        ("the United States", "US"),
        ("The United States", "US"),
        ("United States of America", "US"),
        ("America", "US"),
        ("American", "US"),
        ("Americans", "US"),
        ("Americans'", "US"),
        ("the U.S.’s", "US"),
        ("UNITED STATES", "US"),
        ("Iran", "IR"),
        ("Iranian", "IR"),
        ("Iranians", "IR"),
        ("Iran's", "IR"),
        ("Iran’s", "IR"),
        ("Islamic Republic of Iran", "IR"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
        ("British", "GB"),
        ("Britons", "GB"),
        ("the United Kingdom", "GB"),
        ("Russia", "RU"),
        ("Russian", "RU"),
        ("the Russian Federation", "RU"),
        ("South Korea", "KR"),
        ("Republic of Korea", "KR"),
        ("ROK", "KR"),
        ("South Korean", "KR"),
        ("North Korea", "KP"),
        ("DPRK", "KP"),
        ("North Korean", "KP"),
        ("Chinese", "CN"),
        ("PRC", "CN"),
        ("Taiwanese", "TW"),
        ("Emirati", "AE"),
        ("UAE", "AE"),
        ("Saudi", "SA"),
        ("Saudi Arabia", "SA"),
        ("Afghan", "AF"),
        ("Afghans", "AF"),
        ("Soviet Union", "SU"),
        ("USSR", "SU"),
        ("Soviet", "SU"),
        ("Palestinian", "PS"),
        ("Palestine", "PS"),
        ("Israeli", "IL"),
        ("Israelis", "IL"),
        ("Filipino", "PH"),
        ("the Philippines", "PH"),
        ("Dutch", "NL"),
        ("the Netherlands", "NL"),
        ("Swiss", "CH"),
        ("Thai", "TH"),
        ("Turkish", "TR"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Turkey", "TR"),
        ("Czech", "CZ"),
        ("Czechia", "CZ"),
        ("Czech Republic", "CZ"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d’Ivoire", "CI"),
        ("Congolese", "CD"),
        ("DRC", "CD"),
        ("Democratic Republic of the Congo", "CD"),
        ("Republic of the Congo", "CG"),
        ("Congo-Brazzaville", "CG"),
        ("Dominican", "DO"),
        ("Dominica", "DM"),
        ("Micronesia", "FM"),
        ("Guinea-Bissau", "GW"),
        ("Timor-Leste", "TL"),
        ("East Timor", "TL"),
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
        ("Laos", "LA"),
        ("Syria", "SY"),
        ("the Vatican", "VA"),
        ("Holy See", "VA"),
        ("Kosovo", "XK"),
        ("Nigerien", "NE"),
        ("Nigerian", "NG"),
        ("  Saudi   Arabia ", "SA"),
    ],
)
def test_lookup_finds_the_country(index: CountryIndex, surface: str, code: str) -> None:
    country = index.lookup(surface)
    assert country is not None, surface
    assert country.code == code


@pytest.mark.parametrize(
    "surface",
    [
        "us",
        "Us",
        "u.s.",
        "Prc",
        "Kashmir",
        "Kashmiri",
        "South Asia",
        "Middle East",
        "Brussels",
        "Washington",
        "Beijing",
        "the Kremlin",
        "Persian",
        "Korea",
        "Korean",
        "State Department",
        "Hong Kong",
        "Gaza",
        "the",
        "",
        "   ",
    ],
)
def test_lookup_refuses_what_is_not_a_country_name(index: CountryIndex, surface: str) -> None:
    assert index.lookup(surface) is None


@pytest.mark.parametrize(
    "surface, code",
    [
        ("Washington", "US"),
        ("the White House", "US"),
        ("Washington, D.C.", "US"),
        ("Beijing", "CN"),
        ("Beijing's", "CN"),
        ("the Kremlin", "RU"),
        ("the Kremlin’s", "RU"),
        ("Moscow", "RU"),
        ("Tehran", "IR"),
        ("Islamabad", "PK"),
        ("New Delhi", "IN"),
        ("Delhi", "IN"),
        ("Kabul", "AF"),
        ("Kyiv", "UA"),
        ("Kiev", "UA"),
        ("Pyongyang", "KP"),
        ("Seoul", "KR"),
        ("Tokyo", "JP"),
        ("London", "GB"),
        ("Downing Street", "GB"),
        ("Whitehall", "GB"),
        ("Paris", "FR"),
        ("the Elysee", "FR"),
        ("Élysée", "FR"),
        ("Berlin", "DE"),
        ("Ankara", "TR"),
        ("Riyadh", "SA"),
        ("Cairo", "EG"),
        ("Taipei", "TW"),
        ("Canberra", "AU"),
        ("Ottawa", "CA"),
        ("Doha", "QA"),
        ("Abu Dhabi", "AE"),
        ("Baghdad", "IQ"),
        ("Damascus", "SY"),
        ("Caracas", "VE"),
        ("Havana", "CU"),
        ("Minsk", "BY"),
        ("Hanoi", "VN"),
    ],
)
def test_lookup_seat_finds_the_government(index: CountryIndex, surface: str, code: str) -> None:
    country = index.lookup_seat(surface)
    assert country is not None, surface
    assert country.code == code


@pytest.mark.parametrize(
    "surface",
    ["Brussels", "Jerusalem", "The Hague", "State Department", "Pakistan", "US", "Kashmir"],
)
def test_lookup_seat_refuses_what_is_not_a_seat(index: CountryIndex, surface: str) -> None:
    assert index.lookup_seat(surface) is None


@pytest.mark.parametrize(
    "surface, parts",
    [
        ("U.S.-Pakistan", ["U.S.", "Pakistan"]),
        ("Iran-US", ["Iran", "US"]),
        ("US–China", ["US", "China"]),
        ("Russia—Ukraine", ["Russia", "Ukraine"]),
        ("India-Pakistan-China", ["India", "Pakistan", "China"]),
        ("Guinea-Bissau-Senegal", ["Guinea-Bissau", "Senegal"]),
        ("Guinea-Bissau", ["Guinea-Bissau"]),
        ("Timor-Leste", ["Timor-Leste"]),
        ("Bosnia-Herzegovina", ["Bosnia-Herzegovina"]),
        ("Congo-Brazzaville", ["Congo-Brazzaville"]),
        ("U.S.-led", ["U.S.-led"]),
        ("Israel-Gaza", ["Israel-Gaza"]),
        ("us-China", ["us-China"]),
        ("Indo-Pacific", ["Indo-Pacific"]),
        ("Port-au-Prince", ["Port-au-Prince"]),
        ("Pakistan", ["Pakistan"]),
        ("US-", ["US-"]),
    ],
)
def test_split_compound(index: CountryIndex, surface: str, parts: list[str]) -> None:
    assert index.split_compound(surface) == parts
    assert split_compound(surface) == parts


def test_by_code(index: CountryIndex) -> None:
    pakistan = index.by_code("PK")
    assert pakistan is not None
    assert pakistan.name == "Pakistan"
    assert index.by_code("pk") is pakistan
    assert index.by_code("ZZ") is None


@pytest.mark.parametrize(
    "code, name",
    [
        ("IR", "Iran"),
        ("RU", "Russia"),
        ("SY", "Syria"),
        ("VE", "Venezuela"),
        ("BO", "Bolivia"),
        ("TZ", "Tanzania"),
        ("VN", "Vietnam"),
        ("LA", "Laos"),
        ("MD", "Moldova"),
        ("KR", "South Korea"),
        ("KP", "North Korea"),
        ("TW", "Taiwan"),
        ("PS", "Palestine"),
        ("CZ", "Czechia"),
        ("TR", "Turkey"),
        ("CD", "Democratic Republic of the Congo"),
        ("CG", "Republic of the Congo"),
        ("FM", "Micronesia"),
        ("GB", "United Kingdom"),
        ("US", "United States"),
        ("SU", "Soviet Union"),
    ],
)
def test_canonical_names_are_short_common_names(index: CountryIndex, code: str, name: str) -> None:
    country = index.by_code(code)
    assert country is not None
    assert country.name == name


def test_table_holds_every_un_member_and_the_listed_others(index: CountryIndex) -> None:
    assert len(UN_MEMBERS) == 193
    assert {country.code for country in index} == UN_MEMBERS | NON_MEMBERS
    assert len(index) >= 195


def test_every_row_has_a_unique_valid_code_a_name_and_a_demonym() -> None:
    rows = table_rows()
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    for row in rows:
        code = row["code"]
        assert len(code) == 2 and code.isascii() and code.isupper(), row
        if code == "SU":
            assert pycountry.historic_countries.get(alpha_2=code) is not None
        elif code != "XK":  # Kosovo's code is user-assigned, used by the EU and IMF
            assert pycountry.countries.get(alpha_2=code) is not None, code
        assert row["name"].strip(), code
        assert any(form.strip() for form in row["demonyms"].split(";")), code


def test_every_country_is_found_by_its_name_code_and_demonyms(index: CountryIndex) -> None:
    for country in index:
        assert index.lookup(country.name) is country, country.name
        assert index.by_code(country.code) is country
        for form in (*country.aliases, *country.demonyms):
            owner = index.lookup(form)
            expected = country if form not in country.shared else owner
            assert owner is not None and owner is expected, form
        for seat in country.seats:
            assert index.lookup_seat(seat) is country, seat


def test_shared_forms_resolve_to_their_owner(index: CountryIndex) -> None:
    dominica = index.by_code("DM")
    assert dominica is not None
    assert "Dominican" in dominica.demonyms
    assert "Dominican" in dominica.shared
    assert index.lookup("Dominicans") is index.by_code("DO")


def test_load_country_index_is_cached() -> None:
    assert load_country_index() is load_country_index()
    assert len(load_country_index()) >= 195


def test_index_built_from_countries_directly() -> None:
    index = CountryIndex(
        [
            Country("PK", "Pakistan", ("Islamic Republic of Pakistan",), ("Pakistani",), ()),
            Country("US", "United States", ("US",), ("American",), ("Washington",)),
        ]
    )
    assert len(index) == 2
    assert index.lookup("U.S.") is index.by_code("US")
    assert index.lookup("us") is None
    assert index.lookup_seat("Washington") is index.by_code("US")
    assert index.split_compound("U.S.-Pakistan") == ["U.S.", "Pakistan"]


def test_index_refuses_a_form_given_to_two_countries() -> None:
    countries = [
        Country("NE", "Niger", (), ("Nigerian",), ()),
        Country("NG", "Nigeria", (), ("Nigerian",), ()),
    ]
    with pytest.raises(CountryTableError, match=r"Nigerian.*NE"):
        CountryIndex(countries)


@pytest.mark.parametrize(
    "rows, line, message",
    [
        ([HEADER, "PK,Pakistan,,Pakistani"], 2, "expected 5 fields"),
        ([HEADER, "PK,Pakistan,,Pakistani,Islamabad,extra"], 2, "expected 5 fields"),
        ([HEADER, "PK,Pakistan,,Pakistani,", "pk,Pakistan,,Pakistani,"], 3, "'pk'"),
        ([HEADER, "PAK,Pakistan,,Pakistani,"], 2, "'PAK'"),
        (["# comment", HEADER, "", "P1,Pakistan,,Pakistani,"], 4, "'P1'"),
        ([HEADER, "PK,,,Pakistani,"], 2, "needs a name"),
        ([HEADER, "PK,Pakistan,,Pakistani,", "PK,Pakistan,,Pakistani,"], 3, "already used"),
        ([HEADER, "NE,Niger,,Nigerian,", "NG,Nigeria,,Nigerian,"], 3, "line 2"),
        ([HEADER, "DM,Dominica,,~Dominican,Roseau"], 2, "marked as shared"),
        ([HEADER, "RU,Russia,,Russian,~Moscow"], 2, "seats cannot be shared"),
        ([HEADER, "PK,Pakistan,,Pakistani;...,"], 2, "empty form"),
        (["code,name,demonyms", "PK,Pakistan,Pakistani"], 1, "header must be"),
        (["PK,Pakistan,,Pakistani,"], 1, "header must be"),
        ([HEADER, 'PK,"Pakistan,,Pakistani,'], 2, "expected 5 fields"),
    ],
)
def test_malformed_table_raises_naming_the_line(
    tmp_path: Path, rows: list[str], line: int, message: str
) -> None:
    path = write_table(tmp_path, *rows)
    with pytest.raises(CountryTableError) as caught:
        CountryIndex.from_csv(path)
    assert f"{path}, line {line}:" in str(caught.value)
    assert message in str(caught.value)


def test_missing_or_headerless_table_raises(tmp_path: Path) -> None:
    with pytest.raises(CountryTableError, match="cannot read"):
        CountryIndex.from_csv(tmp_path / "absent.csv")
    with pytest.raises(CountryTableError, match="no header row"):
        CountryIndex.from_csv(write_table(tmp_path, "# only a comment"))


def test_quoted_field_may_hold_a_comma(tmp_path: Path) -> None:
    path = write_table(
        tmp_path, HEADER, 'US,United States,US,American,"Washington;Washington, D.C."'
    )
    index = CountryIndex.from_csv(path)
    assert index.lookup_seat("Washington, D.C.") is index.by_code("US")
