"""Person names: titles, short forms, spelling variants and when two names are one person.

The word lists are data (``data/titles.txt``, ``data/nicknames.csv``); a
:class:`NameLexicon` holds them once loaded.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from analysis.settings import DATA_DIR

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$", re.IGNORECASE)
#: A contraction the tagger ran into the name that follows it ("My name’s Hady Amr").
_LEADING_CLITIC = re.compile(r"^['’](?:s|re|ve|ll|d|m)\s+", re.IGNORECASE)
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_SPACE = re.compile(r"\s+")
_GENDERS = {"male": "m", "mostly_male": "m?", "female": "f", "mostly_female": "f?"}

#: Spelling variants closer than this (0-100) are one name: Mehmood/Mahmood, Qassem/Qasem.
VARIANT_SIMILARITY = 84


@dataclass(frozen=True)
class NameLexicon:
    """Titles that may precede a name, and given names with their short forms."""

    titles: frozenset[str]
    title_words: frozenset[str]
    nickname_groups: dict[str, frozenset[str]]
    #: Nicknames of one person ("mbs") -> that person's full name as written in the data.
    person_aliases: dict[str, str] = field(default_factory=dict)

    def same_given_name(self, a: str, b: str) -> bool:
        """True when two given names are one: equal, a short form, or an initial."""
        if a == b:
            return True
        if len(a) == 1 or len(b) == 1:
            return a[0] == b[0]
        group = self.nickname_groups.get(a)
        if group is not None and b in group:
            return True
        return min(len(a), len(b)) >= 4 and fuzz.ratio(a, b) >= VARIANT_SIMILARITY


def _read_lines(path: Path) -> list[str]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(line.lower())
    return lines


@functools.lru_cache(maxsize=4)
def load_name_lexicon(data_dir: Path = DATA_DIR) -> NameLexicon:
    """Read ``titles.txt`` and ``nicknames.csv`` from ``data_dir``."""
    titles = frozenset(_read_lines(data_dir / "titles.txt"))
    title_words = frozenset(word for title in titles for word in title.split())
    groups: dict[str, set[str]] = {}
    person_aliases: dict[str, str] = {}
    with (data_dir / "nicknames.csv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            variants = {v.strip().lower() for v in row["variants"].split(";") if v.strip()}
            if len(row["name"].split()) >= 2:
                # A full name: its variants are nicknames of that one person.
                for variant in variants:
                    person_aliases[variant] = row["name"].strip()
                continue
            names = {row["name"].strip().lower()} | variants
            for name in names:
                groups.setdefault(name, set()).update(names)
    return NameLexicon(
        titles=titles,
        title_words=title_words,
        nickname_groups={k: frozenset(v) for k, v in groups.items()},
        person_aliases=person_aliases,
    )


@functools.lru_cache(maxsize=1 << 14)
def clean_surface(surface: str) -> str:
    """A mention as a name: no leading contraction or "the", no possessive, no edge
    punctuation, one space."""
    text = _SPACE.sub(" ", unicodedata.normalize("NFC", surface)).strip()
    text = _LEADING_CLITIC.sub("", text)
    if text.lower().startswith("the "):
        text = text[4:]
    text = _POSSESSIVE.sub("", text)
    return _EDGE_PUNCT.sub("", text).strip()


def split_title(name: str, lexicon: NameLexicon) -> tuple[str, str]:
    """Split leading titles off a name: "Secretary Pompeo" -> ("Secretary", "Pompeo")."""
    words = name.split()
    cut = 0
    while cut < len(words) - 1:
        matched = 0
        for size in (3, 2, 1):
            candidate = " ".join(words[cut : cut + size]).lower()
            if cut + size < len(words) and candidate in lexicon.titles:
                matched = size
                break
        if not matched:
            break
        cut += matched
    return " ".join(words[:cut]), " ".join(words[cut:])


@functools.lru_cache(maxsize=1 << 14)
def name_parts(name: str) -> tuple[str, ...]:
    """Lower-case tokens of a name without dots or accents: "Michael R. Pompeo" -> (michael, r, pompeo)."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = folded.replace(".", " ").replace("-", " ")
    return tuple(part for part in folded.split() if part)


def same_surname(a: str, b: str) -> bool:
    """Surnames that are one: equal, or a close spelling variant of five letters or more."""
    if a == b:
        return True
    return min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= VARIANT_SIMILARITY + 4


def _close_surnames(a: str, b: str) -> bool:
    return a[:1] == b[:1] and min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= VARIANT_SIMILARITY


#: Words that join the parts of a surname ("Le Drian", "bin Salman", "van der Leyen").
SURNAME_PARTICLES = frozenset(
    "al el le la de del della der di da das dos du van von ter ten bin ibn bint ben".split()
)
#: Particles of a patronymic: in "Mohammed bin Salman" the last part names the father.
PATRONYMIC_PARTICLES = frozenset({"bin", "ibn", "bint"})


def full_names_match(a: tuple[str, ...], b: tuple[str, ...], lexicon: NameLexicon) -> bool:
    """Two names of two or more parts that denote one person.

    The last parts are one surname and the first parts one given name (short form,
    initial or spelling variant). "Kim Jong Un" and "Kim Yo Jong" stay apart, as do
    "Imran Khan" and "Sadiq Khan".
    """
    if len(a) < 2 or len(b) < 2:
        return False
    if len(a) != len(b) and (is_short_form_of(a, b) or is_short_form_of(b, a)):
        return True  # "Javad Zarif" and "Mohammad Javad Zarif"
    if not lexicon.same_given_name(a[0], b[0]):
        return False
    if _initial_joins_surname(a, b) or _initial_joins_surname(b, a):
        return True  # "Yemane G. Meskel" and "Yemane Gebremeskel"
    if not same_surname(a[-1], b[-1]):
        # With the given names spelled out in full on both sides, a looser surname
        # variant is enough: "Vassily Nebenzia" and "Vasily Nebenzya".
        spelled_out = min(len(a[0]), len(b[0])) >= 3
        if not (spelled_out and _close_surnames(a[-1], b[-1])):
            return False
    # Middle parts, when both have them, must not contradict each other.
    middle_a, middle_b = a[1:-1], b[1:-1]
    if middle_a and middle_b:
        return lexicon.same_given_name(middle_a[0], middle_b[0])
    return True


def _initial_joins_surname(split: tuple[str, ...], joined: tuple[str, ...]) -> bool:
    """A surname of two parts written apart with the first as an initial, and
    together in full: "Yemane G. Meskel" (the G for Gebre) and "Yemane
    Gebremeskel". The given names are already known to be one."""
    if len(split) != 3 or len(joined) != 2 or len(split[1]) != 1:
        return False
    surname = joined[-1]
    return (
        len(surname) > len(split[2]) + 1
        and surname.startswith(split[1])
        and surname.endswith(split[2])
        and len(split[2]) >= 3
    )


def is_short_form_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """A shorter name that denotes the person called ``full``: the surname, or for
    names of three parts or more the family name that comes first ("Kim"); a
    compound surname ("Le Drian", "Bhutto Zardari", "Lopez Obrador"); for a name
    with a patronymic ("Mohammed bin Salman") the given name, never the father's."""
    if not short or len(full) <= len(short):
        return False
    if len(short) >= 2:
        tail = full[-len(short) :]
        if not all(same_surname(s, t) for s, t in zip(short, tail, strict=True)):
            return False
        return short[0] in SURNAME_PARTICLES or len(full) >= 3
    word = short[0]
    if any(part in PATRONYMIC_PARTICLES for part in full[1:-1]):
        return word == full[0]
    return same_surname(word, full[-1]) or (len(full) >= 3 and word == full[0])


def refers_to(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether name ``short`` can denote the person called ``full`` in one text: the
    same name, its surname, or — for names written family name first ("Wang Yi",
    "Yang Jiechi") — the family name."""
    if short == full or is_short_form_of(short, full):
        return True
    if len(short) == 1 and len(full) >= 2 and short[0] == full[0]:
        return given_name_gender(short[0]) is None
    return False


@functools.lru_cache(maxsize=1)
def _gender_detector():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


def load_given_names() -> None:
    """Read the given-name list now (about half a second), where word lists are
    loaded, rather than in the middle of the first article analysed; a worker
    process forked afterwards shares it."""
    _gender_detector()


def given_name_gender(given: str) -> str | None:
    """ "m" or "f" for a given name known to be one, "m?"/"f?" when mostly so, else None."""
    return _GENDERS.get(_gender_detector().get_gender(given.capitalize()))
