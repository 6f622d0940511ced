"""A goal's unit after a number: "200 words", but "1 word".

Units are typed by the user, usually as the plural ("words", "glasses", "calories"). After a
number that reads as 1, the unit reads in the singular, made by the common English rules and
their usual exceptions. Short words and abbreviations stay as typed ("s", "ms", "km"), but for
a few plurals of abbreviations ("lbs", "hrs").
"""

from __future__ import annotations

_IRREGULAR = {
    "people": "person",
    "children": "child",
    "feet": "foot",
    "teeth": "tooth",
    "men": "man",
    "women": "woman",
    "mice": "mouse",
    "geese": "goose",
    "quizzes": "quiz",
    "buses": "bus",
    "knives": "knife",
    "lives": "life",
    "wives": "wife",
    "loaves": "loaf",
    "halves": "half",
    "shelves": "shelf",
    "leaves": "leaf",
    "wolves": "wolf",
    "calves": "calf",
    "lbs": "lb",
    "hrs": "hr",
    "kms": "km",
    "ozs": "oz",
}
_SAME = frozenset(
    {"series", "species", "news", "lens", "canvas", "bias", "atlas", "alias", "chaos", "kudos"}
    | {"physics", "maths", "athletics", "aerobics", "pilates", "gymnastics", "clothes"}
)
"""Words ending in s that are their own singular."""
_SHORT = 3
"""A unit this short stays as typed: abbreviations ("s", "ms"; "lbs" and "hrs" aside), "gas"."""
_IE = frozenset(
    {"calories", "cookies", "movies", "pies", "ties", "lies", "smoothies", "brownies"}
    | {"veggies", "selfies", "zombies", "goalies", "hoodies", "rookies", "birdies"}
)
"""Plurals of words ending in -ie (most -ies words end in -y: "stories")."""
_ES_AFTER_O = frozenset({"potatoes", "tomatoes", "heroes", "echoes", "mangoes"})


def singular(unit: str) -> str:
    """The singular of a plural unit ("glasses" -> "glass"); other words as they are.

    The noun of several words is the last one ("push ups"), or the one before "of" ("cups of
    tea").
    """
    before, of, after = unit.partition(" of ")
    if of:
        return singular(before) + of + after
    if len(unit) <= _SHORT and unit.lower() not in _IRREGULAR:
        return unit
    head, space, last = unit.rpartition(" ")
    return head + space + _singular_word(last)


def _singular_word(word: str) -> str:
    lower = word.lower()
    if lower in _IRREGULAR:
        one = _IRREGULAR[lower]
        if word.isupper():
            return one.upper()
        return one.capitalize() if word[:1].isupper() else one
    if lower in _SAME or not lower.endswith("s") or lower.endswith(("ss", "us", "is")):
        return word
    if lower in _IE:
        return word[:-1]
    if lower in _ES_AFTER_O:
        return word[:-2]
    if lower.endswith("ies"):
        return word[:-3] + "y"
    if lower.endswith("aches") and (len(lower) == 5 or lower[-6] not in "aeiou"):
        return word[:-1]  # "headaches", "caches"; not "beaches" or "coaches"
    if lower.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    return word[:-1]


def unit_after(shown: str, unit: str) -> str:
    """How `unit` reads after a number printed as `shown`: singular after "1", else as given
    (0.9999999999999999 shown as "1" takes the singular; 1.004 shown whole does not)."""
    return singular(unit) if shown == "1" else unit


def number(value: float) -> str:
    """A number for people: 1284 -> "1,284"; 2.5 -> "2.5"; 0.333333 -> "0.33"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def amount(value: float, unit: str) -> str:
    """A number with its unit: "200 words", "1 glass", "2.5 km" ("3" without a unit)."""
    shown = number(value)
    return f"{shown} {unit_after(shown, unit)}".rstrip()
