"""Numerals in running text: where each starts and ends, its value, and what follows it.

``number`` reads one match of ``NUMBER_RE`` in its context (a Chinese numeral counts only when a unit, a
range or a list follows it: 统一, 一是 are words); ``adjacent`` reads 三五百 / 七八家 as ranges; ``Scan`` holds
one pass over a text: what is already used and the quantities found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.numerals import (
    CN_DIGITS,
    CN_PLACES,
    MULTIPLIERS,
    digit_step,
    parse_folded,
    parse_number,
    round_value,
)
from extractors.quantities.rules import ADJACENT_DIGITS, FOLLOW, MULT_UNIT_RE, MULT_UNITS, UNIT_RE, UNITS
from extractors.units import Unit
from knowledge_base.model import Quantity, Span


@dataclass
class Scan:
    """One pass over ``text`` (folded to half-width, same length as ``src``): spans are offsets plus ``offset``."""

    src: str
    text: str
    offset: int = 0
    taken: bytearray = field(default_factory=bytearray)  # 1 = already used or masked
    out: list[Quantity] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.taken = bytearray(len(self.text))

    def free(self, a: int, b: int) -> bool:
        return self.taken.find(1, a, b) < 0

    def take(self, a: int, b: int) -> None:
        self.taken[a:b] = b"\x01" * (b - a)

    def emit(self, a: int, b: int, **kw) -> None:
        self.take(a, b)
        self.out.append(Quantity(text=self.src[a:b], span=Span(a + self.offset, b + self.offset), **kw))


@dataclass
class Num:
    start: int  # start of the numeral (after 百分之 / sign)
    end: int  # end of the numeral including 余/多 and trailing multipliers
    n: str
    value: float
    pct: str = ""
    yu: str = ""
    arabic: bool = True
    step: float = 0.0  # for 余/多: the width of the range


def multunit_at(text: str, end: int) -> bool:
    """Does a unit led by a multiplier (千瓦, 千米, 百分点) start at one of the last two characters?"""
    return bool(MULT_UNIT_RE.match(text, end - 1) or MULT_UNIT_RE.match(text, end - 2))


def number(m: re.Match[str], text: str) -> Num | None:
    n = m.group("n")
    if (
        not n[0].isdigit()
        and not m.group("pct")
        and not m.group("yu")
        and text[m.end() : m.end() + 1] not in FOLLOW
        and not (n[-1] in CN_PLACES and multunit_at(text, m.end()))
    ):
        return None  # a Chinese numeral with nothing after it that could make it a quantity: 统一, 一是
    if n in ("百", "千"):
        n = "一" + n  # 千余家, 百分之百
    if n.strip("零〇") == "":
        return None  # 零部件, 零售: a lone zero written in words is a word
    arabic = n[0].isdigit()
    value: float | None
    if not arabic and len(n) >= 2 and n[:2] in ADJACENT_DIGITS and all(c in CN_PLACES for c in n[2:]):
        return None  # handled as a range by _adjacent
    value = parse_folded(n.replace(" ", ""))
    end, written = m.end(), m.group("n")
    if value is None and not m.group("yu") and not m.group("pct") and not multunit_at(text, end):
        return None
    if value is None and m.group("pct"):  # 百分之七十百分位: the numeral ends before 百
        while value is None and len(n) > 1 and n[-1] in CN_PLACES:
            n, written, end = n[:-1], written[:-1], end - 1
            value = parse_number(n)
    if value is None and not m.group("yu"):  # 一百千瓦: the 千 belongs to the unit
        for k in (1, 2):
            if len(n) > k and any(text.startswith(u, end - k) for u in MULT_UNITS):
                value, n, written, end = parse_number(n[:-k]), n[:-k], written[:-k], end - k
                break
    if value is None:
        return None
    if m.group("sign"):
        value = -value
    num = Num(
        m.start("sign") if m.group("sign") else m.start("n"),
        end,
        written,
        value,
        m.group("pct") or "",
        m.group("yu") or "",
        arabic,
    )
    if num.yu:
        mult = 1.0
        for ch in m.group("m") or "":
            mult *= MULTIPLIERS[ch]
        num.step = digit_step(n.strip(), value) * mult
        num.value = round_value(value * mult)
    return num


def unit_at(text: str, pos: int) -> tuple[Unit, int] | None:
    """The unit written at ``pos`` (one space allowed before it), and where it ends."""
    p = pos + 1 if pos < len(text) and text[pos] == " " else pos
    m = UNIT_RE.match(text, p)
    if not m:
        return None
    return UNITS[m.group()], m.end()


def adjacent(text: str, taken: bytearray) -> list[Num]:
    """三五百 / 八九亿 / 七八家: two adjacent digits make a range (kept as a Num with a step)."""
    out = []
    for m in re.finditer(
        r"(?<![" + CN_DIGITS + CN_PLACES + r"])([一二两三四五六七八])([二三四五六七八九])([十百千万亿]*)",
        text,
    ):
        if m.group(1) + m.group(2) not in ADJACENT_DIGITS or any(taken[m.start() : m.end()]):
            continue
        lo, hi = parse_number(m.group(1)) or 0, parse_number(m.group(2)) or 0
        mult = 1.0
        for ch in m.group(3):
            mult *= MULTIPLIERS[ch]
        if unit_at(text, m.end()) or m.group(3):
            out.append(
                Num(m.start(), m.end(), m.group(), lo * mult, arabic=False, step=(hi - lo) * mult, yu="~")
            )
    return out
