"""Number tokens of a unit key: a number with its unit and its qualifier is one atomic token.

``tokenize(key)`` cuts a unit key (``pipeline.align.Unit.key``) into tokens: each quantity found by
``extractors.quantities`` together with the qualifier written next to it (``50万元``, ``20家以上``,
``不少于1亿元``, ``1000-2000万元``, ``减少876.75万元``) is one token; the rest is single CJK
characters, Latin words and punctuation. A digit run the quantity parser declined is still one
token (role ``digits``), so no changed number is ever cut into characters.

``number_fields(a, b)`` tells what differs between two number tokens: value, unit, qualifier, or
year (for two years).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from knowledge_base.model import Quantity, Span

# --- rules as data ------------------------------------------------------------------------------

# qualifiers glued to a number token when the quantity parser left them outside its span
# (and directions: 比上年减少876.75万元 -> 增加3,355.65万元 is a change a reviewer must see)
QUALIFIERS_BEFORE = (
    "不少于", "不低于", "不超过", "不高于", "超过", "高于", "低于", "最高", "最多", "最低", "至少",
    "约", "近", "逾",
    "增加", "减少", "增长", "下降", "提高", "降低", "上升",
)  # fmt: skip
QUALIFIERS_AFTER = ("及以上", "以上", "以下", "以内", "左右", "上下", "余", "多")
# the rest of a unit, token by token: Latin words, digit runs (a number the parser missed), one character
OTHER_TOKEN = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?%?|.", re.S)
YEAR_TOKEN = re.compile(r"^(?:19|20)\d\d年?$")


@dataclass
class Token:
    text: str
    start: int  # in the unit key
    end: int
    quantity: Quantity | None = None
    qualifier: str = ""

    @property
    def is_number(self) -> bool:
        return self.quantity is not None


@cache
def prefix_qualifiers() -> frozenset[str]:
    """Qualifiers written before the number: the lexicon's prefix cues and ``QUALIFIERS_BEFORE``."""
    from extractors.units import cues

    return frozenset(c.written for c in cues()["prefix"]) | frozenset(QUALIFIERS_BEFORE)


def with_qualifier(number: str, qualifier: str) -> str:
    """``突破`` + ``100家`` -> ``突破100家``; ``20家`` + ``以上`` -> ``20家以上``; kept as is when written."""
    if not qualifier or qualifier in number:
        return number
    return qualifier + number if qualifier in prefix_qualifiers() else number + qualifier


def is_year(q: Quantity) -> bool:
    return q.role == "year" or bool(YEAR_TOKEN.match(q.text))


def tokenize(key: str) -> list[Token]:
    """Number tokens (quantity + glued qualifiers) and single characters / words for the rest."""
    from extractors.quantities import find_quantities

    quantities = sorted(
        (q for q in find_quantities(key) if q.span.end > q.span.start), key=lambda q: q.span.start
    )
    tokens: list[Token] = []
    pos = 0
    for q in quantities:
        s, e = q.span.start, q.span.end
        if s < pos:  # overlapping quantities: keep the first
            continue
        before = next(
            (w for w in QUALIFIERS_BEFORE if s - len(w) >= pos and key.startswith(w, s - len(w))), ""
        )
        s -= len(before)
        after = next((w for w in QUALIFIERS_AFTER if key.startswith(w, e)), "")
        e += len(after)
        _other(key, pos, s, tokens)
        tokens.append(Token(key[s:e], s, e, q, after or before or q.qualifier))
        pos = e
    _other(key, pos, len(key), tokens)
    return tokens


def _other(key: str, start: int, end: int, out: list[Token]) -> None:
    for m in OTHER_TOKEN.finditer(key, start, end):
        t = m.group(0)
        q = None
        if t[0].isdigit():  # a number the quantity parser did not take is still one token
            v = float(t.rstrip("%"))
            q = Quantity(t, v, "%" if t.endswith("%") else "", Span(m.start(), m.end()), role="digits")
        out.append(Token(t, m.start(), m.end(), q))


def masked(key: str) -> str:
    """The key with every number token replaced by ``#``: the words of a unit, numbers aside."""
    return "".join("#" if t.is_number else t.text for t in tokenize(key))


def same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def number_fields(a: Token, b: Token) -> list[str]:
    """What differs between number tokens ``a`` and ``b``: value, unit, qualifier, or year."""
    qa, qb = a.quantity, b.quantity
    assert qa is not None and qb is not None
    if is_year(qa) and is_year(qb):
        return ["year"] if qa.value != qb.value else []
    if qa.value is None and qb.value is None:  # dates and other numbers without one value
        return ["value"] if a.text != b.text else []
    fields = []
    if not same_value(qa.value, qb.value) or (qa.low, qa.high) != (qb.low, qb.high):
        fields.append("value")
    if qa.unit != qb.unit:
        fields.append("unit")
    if a.qualifier != b.qualifier:
        fields.append("qualifier")
    return fields


def pair_numbers(old: list[int], new: list[int], ot: list[Token], nt: list[Token]) -> list[tuple]:
    """Pair number tokens of one edit operation: in order if the counts agree, else by unit."""
    if len(old) == len(new):
        return list(zip(old, new, strict=True))
    pairs: list[tuple] = []
    rest = list(new)
    for i in old:
        j = next((j for j in rest if nt[j].quantity.unit == ot[i].quantity.unit), None)  # type: ignore[union-attr]
        if j is None:
            pairs.append((i, None))
        else:
            rest.remove(j)
            pairs.append((i, j))
    pairs.extend((None, j) for j in rest)
    return pairs
