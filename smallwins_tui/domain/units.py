"""A goal's unit after a number: "200 words", but "1 word".

Units are typed by the user, usually as the plural ("words", "glasses", "calories"). After
exactly 1 the unit reads in the singular, made by the common English rules and their usual
exceptions; a word they get wrong is rare, and reads no worse than "1 glasses" did.
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
}
_SAME = frozenset({"series", "species", "news"})
"""Plural words that are their own singular."""
_IES_TO_IE = frozenset({"calories", "cookies", "movies", "pies", "ties", "lies", "smoothies"})
_ES_AFTER_O = frozenset({"potatoes", "tomatoes", "heroes", "echoes", "mangoes"})


def singular(unit: str) -> str:
    """The singular of a plural unit ("glasses" -> "glass"); other words as they are.

    The noun of several words is the last one ("push ups"), or the one before "of" ("cups of
    tea").
    """
    before, of, after = unit.partition(" of ")
    if of:
        return singular(before) + of + after
    head, space, last = unit.rpartition(" ")
    return head + space + _singular_word(last)


def _singular_word(word: str) -> str:
    lower = word.lower()
    if lower in _IRREGULAR:
        one = _IRREGULAR[lower]
        return one.capitalize() if word[:1].isupper() else one
    if lower in _SAME or not lower.endswith("s") or lower.endswith(("ss", "us", "is")):
        return word
    if lower in _IES_TO_IE:
        return word[:-1]
    if lower in _ES_AFTER_O:
        return word[:-2]
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if lower.endswith(("sses", "shes", "ches", "xes", "zzes")) and not lower.endswith("aches"):
        return word[:-2]
    return word[:-1]


def unit_after(value: float, unit: str) -> str:
    """How `unit` reads after `value`: singular for exactly one, else as given."""
    return singular(unit) if value == 1 else unit


def number(value: float) -> str:
    """A number for people: 1284 -> "1,284"; 2.5 -> "2.5"; 0.333333 -> "0.33"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def amount(value: float, unit: str) -> str:
    """A number with its unit: "200 words", "1 glass", "2.5 km" ("3" without a unit)."""
    return f"{number(value)} {unit_after(value, unit)}".rstrip()
