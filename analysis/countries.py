"""Countries: map the names, demonyms and capitals that spaCy tags to one canonical country.

The table is data, ``data/countries.csv`` (documented in its ``#`` header lines): one row
per country with columns ``code,name,aliases,demonyms,seats``, the last three being lists
separated by ``;``. ``code`` is the ISO 3166-1 alpha-2 code (``XK`` for Kosovo, ``SU`` for
the Soviet Union), ``name`` the short English name the dashboard shows.

A :class:`CountryIndex` answers two questions, kept apart on purpose:

* :meth:`CountryIndex.lookup`: is this surface a country's name, alias or demonym
  ("Pakistani", "U.S.", "the United Kingdom's")?
* :meth:`CountryIndex.lookup_seat`: is it a capital or seat of government ("Washington",
  "the Kremlin")? A capital is also a city, so only the caller, reading the parse, can tell
  "Washington warned" (the government) from "talks in Washington" (a place).

Matching ignores white space, accents, dots ("U.S." = "US"), a leading "the" and a
possessive "'s"/"’s", and ignores case except for forms written in the table as all-capital
acronyms: "US" matches "US" and "U.S." but never the pronoun "us". Plurals are matched
only when the table lists them ("Pakistanis"); nothing is guessed.

A form may resolve to one country only. A form written with a leading ``~`` (Dominica's
"~Dominican") documents a usage shared with another country, which is the one the form
resolves to; such forms are kept in :attr:`Country.shared`. Repeats and dangling ``~``
forms are errors, so a typo in the table fails at load time with the line to fix.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.errors import ChanceryError
from analysis.settings import DATA_DIR

COLUMNS = ("code", "name", "aliases", "demonyms", "seats")
SHARED_MARK = "~"

_CODE = re.compile(r"[A-Z]{2}")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "ʻ": "'", "`": "'", "´": "'"})
_HYPHENS = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-"})
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"'s?$", re.IGNORECASE)
# Separators of compounds such as "U.S.-Pakistan" or "Iran–US": hyphen, non-breaking
# hyphen, en and em dash, with any spaces around them.
_COMPOUND_SEPARATOR = re.compile(r"\s*[-‐‑–—]\s*")


class CountryTableError(ChanceryError):
    """The country table cannot be read: ``origin`` names the file and line, the message why."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


@dataclass(frozen=True)
class Country:
    """One country of the table.

    ``aliases``, ``demonyms`` and ``seats`` are the forms as written in the table (without
    any ``~`` mark); ``shared`` lists those of its aliases and demonyms that another country
    owns, so that :class:`CountryIndex` resolves them to that other country.
    """

    code: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    seats: tuple[str, ...]
    shared: tuple[str, ...] = ()


@lru_cache(maxsize=16384)
def normalise_surface(surface: str) -> str:
    """``surface`` as the index compares it, case kept: "the U.S.’s" -> "US".

    Folds accents and apostrophe and dash variants, drops dots, a leading "the", a
    possessive "'s" (or a bare "'" after a plural) and collapses white space.
    """
    text = unicodedata.normalize("NFKD", surface.translate(_APOSTROPHES).translate(_HYPHENS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = " ".join(text.replace(".", "").split())
    text = _POSSESSIVE.sub("", text).rstrip()
    return _LEADING_THE.sub("", text)


def _is_acronym(form: str) -> bool:
    # "US", "UAE", "DPRK": written in capitals in the table, they must be in capitals in
    # the text too, or the pronoun "us" would be the United States.
    return form.isalpha() and form.isupper()


class _FormTable:
    """Normalised forms to countries: acronyms matched exactly, other words in any case."""

    def __init__(self) -> None:
        self.exact: dict[str, Country] = {}
        self.folded: dict[str, Country] = {}

    def key(self, form: str) -> tuple[dict[str, Country], str] | None:
        normal = normalise_surface(form)
        if not normal:
            return None
        if _is_acronym(normal):
            return self.exact, normal
        return self.folded, normal.casefold()

    def get(self, surface: str) -> Country | None:
        normal = normalise_surface(surface)
        found = self.exact.get(normal)
        if found is None:
            found = self.folded.get(normal.casefold())
        return found


def _fill(
    table: _FormTable,
    claims: Iterable[tuple[Country, str, Iterable[str]]],
    kind: str,
) -> None:
    """Enter every (country, origin, forms) claim into ``table``, refusing repeats."""
    owners: dict[tuple[int, str], str] = {}
    for country, origin, forms in claims:
        for form in forms:
            slot = table.key(form)
            if slot is None:
                continue
            mapping, key = slot
            held = mapping.get(key)
            if held is not None and held.code != country.code:
                raise CountryTableError(
                    origin,
                    f"{kind} {form!r} of {country.code} is already a {kind} of {held.code} "
                    f"({owners[id(mapping), key]}); keep it under one country and mark it "
                    f"'{SHARED_MARK}{form}' under the other",
                )
            mapping[key] = country
            owners[id(mapping), key] = origin


class CountryIndex:
    """Countries by code, by name/alias/demonym and by seat of government.

    Lookups normalise the surface once (cached) and then cost one or two dict lookups.
    """

    def __init__(self, countries: Sequence[Country], *, origins: Sequence[str] = ()) -> None:
        """Index ``countries``; ``origins`` (one per country, such as "countries.csv, line 9")
        only makes error messages point at the right place.

        Raises :class:`CountryTableError` on a repeated code or a form given to two countries.
        """
        where = list(origins) or [f"country {country.code}" for country in countries]
        if len(where) != len(countries):
            raise ValueError("origins must name each country once")
        self._countries = tuple(countries)
        self._by_code: dict[str, Country] = {}
        code_origin: dict[str, str] = {}
        for country, origin in zip(self._countries, where, strict=True):
            if country.code in self._by_code:
                raise CountryTableError(
                    origin, f"code {country.code} is already used ({code_origin[country.code]})"
                )
            self._by_code[country.code] = country
            code_origin[country.code] = origin

        self._names = _FormTable()
        _fill(
            self._names,
            (
                (country, origin, _own_forms(country))
                for country, origin in zip(self._countries, where, strict=True)
            ),
            "name",
        )
        self._seats = _FormTable()
        _fill(
            self._seats,
            (
                (country, origin, country.seats)
                for country, origin in zip(self._countries, where, strict=True)
            ),
            "seat",
        )
        for country, origin in zip(self._countries, where, strict=True):
            for form in country.shared:
                owner = self._names.get(form)
                if owner is None:
                    raise CountryTableError(
                        origin,
                        f"{SHARED_MARK}{form} is marked as shared but no other country "
                        f"lists {form!r}; drop the '{SHARED_MARK}' or add it to its owner",
                    )

    @classmethod
    def from_csv(cls, path: Path) -> CountryIndex:
        """The index of the table at ``path`` (see ``data/countries.csv``).

        Lines starting with ``#`` and blank lines are skipped; a quoted field may hold a
        comma but not a line break. Raises :class:`CountryTableError` naming the file and
        line of the first malformed row.
        """
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise CountryTableError(str(path), f"cannot read the country table ({error})") from None

        countries: list[Country] = []
        origins: list[str] = []
        header_seen = False
        for number, line in enumerate(lines, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            origin = f"{path}, line {number}"
            try:
                fields = [field.strip() for field in next(csv.reader([line]))]
            except csv.Error as error:
                raise CountryTableError(origin, f"not a CSV row ({error})") from None
            if not header_seen:
                if tuple(fields) != COLUMNS:
                    raise CountryTableError(
                        origin, f"the header must be {','.join(COLUMNS)}, not {line.strip()!r}"
                    )
                header_seen = True
                continue
            countries.append(_country_from_fields(fields, origin))
            origins.append(origin)
        if not header_seen:
            raise CountryTableError(str(path), f"no header row {','.join(COLUMNS)}")
        return cls(countries, origins=origins)

    def lookup(self, surface: str) -> Country | None:
        """The country ``surface`` names by name, alias or demonym, else ``None``.

        "Pakistani", "the U.S.", "Britain's", "Americans" find a country; "us", "Kashmir",
        "Middle East" and capitals such as "Washington" (see :meth:`lookup_seat`) do not.
        """
        return self._names.get(surface)

    def lookup_seat(self, surface: str) -> Country | None:
        """The country whose capital or seat of government ``surface`` is, else ``None``.

        "Washington", "the White House", "the Kremlin", "Beijing"; not "Brussels" (the EU)
        nor "Jerusalem" (contested).
        """
        return self._seats.get(surface)

    def by_code(self, code: str) -> Country | None:
        """The country with ISO 3166-1 alpha-2 ``code`` (any case), else ``None``."""
        return self._by_code.get(code.strip().upper())

    def split_compound(self, surface: str) -> list[str]:
        """The country parts of a hyphenated compound, else ``[surface]``.

        "U.S.-Pakistan" -> ["U.S.", "Pakistan"]; "Iran–US" -> ["Iran", "US"]. A whole name
        wins over its pieces ("Guinea-Bissau", "Timor-Leste" stay whole), and longer pieces
        over shorter ones ("Guinea-Bissau-Senegal" -> ["Guinea-Bissau", "Senegal"]). If any
        piece is not a country ("U.S.-led", "Israel-Gaza") the surface comes back unsplit.
        Parts are substrings of ``surface``, for :meth:`lookup`.
        """
        text = surface.strip()
        if self.lookup(text) is not None:
            return [surface]
        separators = list(_COMPOUND_SEPARATOR.finditer(text))
        if not separators:
            return [surface]
        starts = [0] + [match.end() for match in separators]
        ends = [match.start() for match in separators] + [len(text)]
        parts: list[str] = []
        first = 0
        while first < len(starts):
            for last in range(len(starts) - 1, first - 1, -1):
                piece = text[starts[first] : ends[last]]
                if piece and self.lookup(piece) is not None:
                    parts.append(piece)
                    first = last + 1
                    break
            else:
                return [surface]
        return parts if len(parts) > 1 else [surface]

    def __iter__(self) -> Iterator[Country]:
        return iter(self._countries)

    def __len__(self) -> int:
        return len(self._countries)


def _own_forms(country: Country) -> list[str]:
    shared = {normalise_surface(form).casefold() for form in country.shared}
    forms = [country.name, *country.aliases, *country.demonyms]
    return [form for form in forms if normalise_surface(form).casefold() not in shared]


def _split_list(field: str, column: str, origin: str) -> tuple[list[str], list[str]]:
    """The forms of a ``;``-separated cell and, apart, those marked shared with ``~``."""
    forms: list[str] = []
    shared: list[str] = []
    for raw in field.split(";"):
        form = raw.strip()
        if not form:
            continue
        if form.startswith(SHARED_MARK):
            form = form[len(SHARED_MARK) :].strip()
            if column == "seats":
                raise CountryTableError(
                    origin, f"seat {form!r} is marked '{SHARED_MARK}'; seats cannot be shared"
                )
            shared.append(form)
        if not normalise_surface(form):
            raise CountryTableError(origin, f"{column} holds an empty form {raw.strip()!r}")
        forms.append(form)
    return forms, shared


def _country_from_fields(fields: list[str], origin: str) -> Country:
    if len(fields) != len(COLUMNS):
        raise CountryTableError(
            origin,
            f"expected {len(COLUMNS)} fields ({','.join(COLUMNS)}), found {len(fields)}; "
            "quote a field that holds a comma",
        )
    code, name, aliases_field, demonyms_field, seats_field = fields
    if not _CODE.fullmatch(code):
        raise CountryTableError(
            origin, f"code {code!r} is not an ISO 3166-1 alpha-2 code (two capital letters)"
        )
    if not name or name.startswith(SHARED_MARK):
        raise CountryTableError(origin, f"country {code} needs a name (without '{SHARED_MARK}')")
    aliases, shared_aliases = _split_list(aliases_field, "aliases", origin)
    demonyms, shared_demonyms = _split_list(demonyms_field, "demonyms", origin)
    seats, _ = _split_list(seats_field, "seats", origin)
    return Country(
        code=code,
        name=name,
        aliases=tuple(aliases),
        demonyms=tuple(demonyms),
        seats=tuple(seats),
        shared=tuple(shared_aliases + shared_demonyms),
    )


def default_countries_path() -> Path:
    """``data/countries.csv`` of this project."""
    return DATA_DIR / "countries.csv"


@lru_cache(maxsize=8)
def load_country_index(path: Path | None = None) -> CountryIndex:
    """The index of the table at ``path`` (default :func:`default_countries_path`).

    Loaded once per path and shared: a :class:`CountryIndex` is never changed after it is
    built. Edits to the file are seen after ``load_country_index.cache_clear()``.
    """
    return CountryIndex.from_csv(path or default_countries_path())


def split_compound(surface: str, index: CountryIndex | None = None) -> list[str]:
    """:meth:`CountryIndex.split_compound` on ``index`` (default: the project's table)."""
    return (index or load_country_index()).split_compound(surface)
