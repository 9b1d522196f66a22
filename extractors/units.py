"""The rule tables of the quantity parser, read once from data files in ``extractors/lexicon/``.

* ``units.tsv``: a unit as written -> base unit, factor, role (``万千瓦`` -> 千瓦 x 10000, count, ...),
  and the characters after which it is not a unit (部 before 分: 两部分).
* ``qualifiers.tsv``: a cue as written -> position (prefix, suffix, year) and bound (min, max, approx).
* ``not_quantities.tsv``: set phrases that hold a numeral but are not numbers (``一次性``, ``十四五``).
* ``word_numbers.tsv``: words that are a number without digits (``一半`` -> 50 %, ``过半`` -> more than 50 %).

Lines starting with ``#`` are comments. An analyst extends the parser by adding rows here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEXICON = Path(__file__).parent / "lexicon"


@dataclass(frozen=True)
class Unit:
    written: str
    base: str
    factor: float
    role: str
    not_before: str = ""  # characters that, right after the unit, make it part of a word (两部分)


@dataclass(frozen=True)
class Cue:
    written: str
    position: str  # "prefix" | "suffix" | "year"
    bound: str  # "min" | "max" | "approx"


def _rows(name: str) -> list[list[str]]:
    out = []
    for line in (LEXICON / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append(line.split("\t"))
    return out


@cache
def units() -> dict[str, Unit]:
    """Units after a number, by the form written."""
    rows = [r for r in _rows("units.tsv") if r[3] != "prefix"]
    return {r[0]: Unit(r[0], r[1], float(r[2]), r[3], r[4] if len(r) > 4 else "") for r in rows}


@cache
def currency_prefixes() -> dict[str, str]:
    """Currencies written before an amount in 元 (港币两千九百六十元): written form -> unit."""
    return {r[0]: r[1] for r in _rows("units.tsv") if r[3] == "prefix"}


@cache
def cues() -> dict[str, list[Cue]]:
    """Cues by position, longest first."""
    by: dict[str, list[Cue]] = {"prefix": [], "suffix": [], "year": []}
    for r in _rows("qualifiers.tsv"):
        by[r[1]].append(Cue(r[0], r[1], r[2]))
    for v in by.values():
        v.sort(key=lambda c: -len(c.written))
    return by


@cache
def not_quantities() -> list[str]:
    return [r[0] for r in _rows("not_quantities.tsv")]


@dataclass(frozen=True)
class WordNumber:
    written: str
    value: float
    unit: str
    role: str
    qualifier: str = ""
    bound: str = "exact"


@cache
def word_numbers() -> dict[str, WordNumber]:
    """Words that are a number without digits (一半, 过半), by the form written."""
    return {
        r[0]: WordNumber(r[0], float(r[1]), r[2], r[3], r[4], r[5] or "exact")
        for r in _rows("word_numbers.tsv")
    }


def alternation(words: list[str]) -> str:
    """A regex alternation of ``words``, longest first (so the longest written form wins)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


__all__ = [
    "Unit",
    "Cue",
    "WordNumber",
    "word_numbers",
    "units",
    "currency_prefixes",
    "cues",
    "not_quantities",
    "alternation",
    "LEXICON",
]
