"""Reading one numeral: Arabic, Chinese (through cn2an), mixed, fractions; the character tables.

``parse_number(s)`` is the public entry (re-exported by ``extractors.quantities``); the constants are
shared with the quantity parser. Plain Arabic numbers never reach cn2an.
"""

from __future__ import annotations

import re
from functools import lru_cache

# 1:1 folding (same length, so spans stay valid): full-width digits, letters and signs.
FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "．": ".",
        "％": "%",
        "～": "~",
        "－": "-",
        "＋": "+",
        "／": "/",
        "：": ":",
        "\u3000": " ",
    }
)
FOLD_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in FOLD) + "]+")
CN_DIGITS = "零〇一二两兩三四五六七八九壹贰叁肆伍陆柒捌玖廿"
CN_PLACES = "十百千万亿拾佰仟萬億"
CN_START = "零〇一二两兩三四五六七八九壹贰叁肆伍陆柒捌玖十拾廿"
MULTIPLIERS = {
    "十": 10,
    "拾": 10,
    "百": 100,
    "佰": 100,
    "千": 1000,
    "仟": 1000,
    "万": 1e4,
    "萬": 1e4,
    "亿": 1e8,
    "億": 1e8,
}


# --- numbers -----------------------------------------------------------------------------------


def parse_number(s: str) -> float | None:
    """The value of one isolated numeral string: ``"3,500"`` ``"1.5亿"`` ``"二百"`` ``"1万600"``.

    Plain Arabic numbers (also ``2e5``) are read without cn2an; anything with Chinese numerals goes
    through ``cn2an.cn2an(s, "smart")``. Also read: a leading 负 (``负10000``), fractions
    (``三分之一`` -> 0.333…, ``4分之3`` -> 0.75, ``百分之三十`` -> 0.3), ``万万`` (= 亿), decimals
    with a multiplier (``零点零零三四二万`` -> 34.2), and 余/多/几 as the lower bound (``500余万`` ->
    5e6). Returns None when ``s`` is not a well-formed number (``十四五``, ``千亿``, ``零点``).
    """
    return parse_folded(
        s.translate(FOLD).strip().replace(" ", "").replace("倆", "两").replace("兩", "两").replace("幾", "几")
    )


_PLAIN_RE = re.compile(r"-?(?:(?:\d+(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?")
_SLASH_RE = re.compile(r"(-?\d+(?:\.\d+)?)/(\d+(?:\.\d+)?)")
_MIXED_RE = re.compile(r"(-?(?:\d+(?:,\d{3})+|\d+)(?:\.\d+)?)([十百千万亿拾佰仟萬億]+)")
_FRACTION_RE = re.compile(r"(.+?)分之(.+)")
_VAGUE_RE = re.compile(r"零?[余多几](?=[十百千万亿萬億]*$)")
_TAIL_RE = re.compile(r"(.+?)([万亿萬億]+)")
PERCENT_BASES = {"百": 100.0, "千": 1000.0, "万": 1e4, "萬": 1e4}


@lru_cache(maxsize=4096)
def parse_folded(s: str) -> float | None:
    """``parse_number`` for a string already folded to half-width and without spaces (cached)."""
    if not s or s.endswith("点") or s in ("-", "负"):
        return None
    if s[0] in "负負" and len(s) > 1:
        v = parse_folded(s[1:])
        return None if v is None else -v
    if _PLAIN_RE.fullmatch(s):
        return float(s.replace(",", ""))
    m = _MIXED_RE.fullmatch(s)
    if m:  # 1.5亿, 3千万亿: Arabic base times stacked multipliers
        v = float(m.group(1).replace(",", ""))
        for ch in m.group(2):
            v *= MULTIPLIERS[ch]
        return round_value(v)
    if "又" in s:  # 三百五又三分之一: a whole number and a fraction
        whole, _, frac = s.partition("又")
        a, b = parse_folded(whole), parse_folded(frac)
        return None if a is None or b is None else round_value(a - b if a < 0 else a + b)
    m = _SLASH_RE.fullmatch(s)
    if m:
        den = float(m.group(2))
        return round_value(float(m.group(1)) / den) if den else None
    m = _FRACTION_RE.fullmatch(s)
    if m:
        num = parse_folded(m.group(2))
        den = PERCENT_BASES.get(m.group(1)) or parse_folded(m.group(1))
        return None if num is None or not den else round_value(num / den)
    s = s.replace(",", "").replace("万万", "亿").replace("萬萬", "億")
    if s[0] in "点點":
        return None  # 点五: cn2an rejects a leading 点 too
    if _VAGUE_RE.search(s) and len(s) > 1:
        return parse_folded(_VAGUE_RE.sub("", s))
    import cn2an  # imported here: only Chinese numerals need it

    try:
        return round_value(float(cn2an.cn2an(s, "smart")))
    except (ValueError, KeyError, IndexError, TypeError):
        pass
    m = _TAIL_RE.fullmatch(s)  # 零点零零三四二万: cn2an reads the decimal, we apply the multiplier
    if m and (v := parse_folded(m.group(1))) is not None:
        for ch in m.group(2):
            v *= MULTIPLIERS[ch]
        return round_value(v)
    return None


def round_value(v: float) -> float:
    """12 significant digits: 1.5 * 1e8 is 150000000.0, 3541.07 * 1e4 is 35410700.0."""
    return float(f"{v:.12g}")


def digit_step(n: str, value: float) -> float:
    """The unit of the last written digit: 二百 -> 100, 2000 -> 1000, 1.5 -> 0.1 (for 余 / 多)."""
    if re.fullmatch(r"\d+\.\d+", n):
        return 10.0 ** -len(n.split(".")[1])
    v = abs(int(round(value))) or 1
    k = 0
    while v % 10 == 0:
        v //= 10
        k += 1
    return 10.0**k


__all__ = [
    "parse_number",
    "parse_folded",
    "round_value",
    "digit_step",
    "FOLD",
    "FOLD_RE",
    "CN_DIGITS",
    "CN_PLACES",
    "CN_START",
    "MULTIPLIERS",
]
