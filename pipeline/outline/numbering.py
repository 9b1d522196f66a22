"""Outline numbers at the start of a paragraph: the numbering styles of Chinese official documents
(``一、`` ``（一）`` ``1.`` ``（1）`` ``①`` ``第一章`` ``第一条`` ``1.1``), their values and the run-in heading after
them. The styles are the table ``NUMBERED_STYLES``, tried in order.
"""

from __future__ import annotations

import re
from functools import lru_cache

# ---- rules as data ---------------------------------------------------------------------------

HAN_DIGITS = "一二三四五六七八九十百零〇"
SP = r"[ \t\u3000\u00a0]"
# units / date words after a bare number: ``2025 年``, ``30 万元`` are numbers, not a ``1　总则`` outline
UNIT_CHARS = "年月日时分秒万亿千百元角个家项人户名次倍岁辆台套吨米度天周期批层级类%％‰号期届所座条件只头公平立兆克升微毫厘斤亩艘架株版"

# (style, pattern at paragraph start); group ``n`` is the number. Tried in order.
NUMBERED_STYLES: list[tuple[str, str]] = [
    ("chapter", rf"第(?P<n>[{HAN_DIGITS}\d]+)章"),
    ("part", rf"第(?P<n>[{HAN_DIGITS}\d]+)(?:部分|篇)"),
    ("jie", rf"第(?P<n>[{HAN_DIGITS}\d]+)节"),
    ("article", rf"第(?P<n>[{HAN_DIGITS}\d]+)条(?![、，,和至])"),
    ("paren_han", rf"[（(]{SP}*(?P<n>[{HAN_DIGITS}]+){SP}*[）)]"),
    ("paren_arabic", rf"[（(]{SP}*(?P<n>\d{{1,3}}){SP}*[）)]"),
    ("circled", r"(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])"),
    # 一、总体要求 / 一、一年接着一年干 ; not 一、二类 / 三、四线城市 (a list of numbers)
    ("han", rf"(?P<n>[{HAN_DIGITS}]+){SP}*[、．.](?![{HAN_DIGITS}]+[、类级线等期批档])"),
    # 1.1　编制目的 / 5.1.2 … : two or more components, none zero or with a leading zero (2.0工程 is
    # a name, 1.5万亿元 an amount: a unit may not follow)
    ("decimal", rf"(?P<n>[1-9]\d?(?:[.．][1-9]\d?){{1,4}}){SP}*(?=[^\d.．%％\sA-Za-z{UNIT_CHARS}])"),
    # 1.实行… / 4．2025年部门…预算表 ; not 1.5万亿元
    ("arabic", r"(?P<n>\d{1,3})" + SP + r"*[.．、](?=(?:19|20)\d\d年|[^\d.．])"),
    # 1　总则 : one component, then a word (not a unit); only on a short title line (see DECIMAL1_MAX)
    ("decimal", rf"(?P<n>[1-9]\d?){SP}*(?=[^\d\s.．、A-Za-z%％{UNIT_CHARS}])"),
]
_NUMBERED = [(s, re.compile(p)) for s, p in NUMBERED_STYLES]
# 21.5+2就业之家 : digits after the dot; a list item only when it continues an open 1. list (20. before)
NEXT_ARABIC_RE = re.compile(r"(?P<n>\d{1,3})[.．](?=\d)")

YISHI_RE = re.compile(
    rf"(?:(?<=^)|(?<=[。；：，！？、\s（(“]))(?P<n>[{HAN_DIGITS}]{{1,3}})是(?=[^\d，。；]|$)"
)
SENTENCE_END = "。；！？：;!?:"
DECIMAL1_MAX = 30  # ``1总则``: a one-component decimal heading is a short title line of its own
HEADING_MAX = 60  # a run-in heading longer than this is body text: the item is untitled

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
WS = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


# ---- numbers ---------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def ordinal_of(number: str) -> int | None:
    """The value of an outline number as written: ``一`` -> 1, ``十二`` -> 12, ``3`` -> 3, ``③`` -> 3."""
    n = number.translate(FULLWIDTH_DIGITS).strip()
    if not n:
        return None
    if n.isdigit():
        return int(n)
    if len(n) == 1 and "①" <= n <= "⑳":
        return ord(n) - ord("①") + 1
    import cn2an

    try:
        return int(cn2an.cn2an(n, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def clean_heading(s: str) -> str:
    """Heading text as a person would write it: letter-spacing between CJK characters removed,
    trailing sentence punctuation dropped."""
    s = _CJK_GAP.sub("", s.strip())
    s = WS.sub(" ", s)
    return s.rstrip("。；;，,：:").strip()


# ---- numbering at a paragraph start ----------------------------------------------------------


def title_line(t: str) -> bool:
    s = t.strip()
    return len(s) <= DECIMAL1_MAX and not any(c in s for c in "。，；：,;:")


def numbering(text: str) -> tuple[str, str] | None:
    """The numbering style and the number as written at the start of a paragraph, if any:
    ``（一）指导思想。`` -> ``("paren_han", "（一）")``; ``1.5万亿元`` -> None."""
    found = numbered(text.strip())
    return (found[0], found[2].group(0).strip()) if found else None


def numbered(text: str) -> tuple[str, str, re.Match[str]] | None:
    probe = text[:80].translate(FULLWIDTH_DIGITS)  # numbers are at the start; 1:1 characters
    for style, rx in _NUMBERED:
        m = rx.match(probe)
        if not m:
            continue
        n = m.group("n") if m.group("n") is not None else (m.groupdict().get("n2") or "")
        key = style
        if style == "decimal":
            depth = n.count(".") + n.count("．") + 1
            if depth == 1 and not title_line(text):
                continue
            key = f"decimal{depth}"
        return style, key, m
    return None


def run_in(rest: str) -> tuple[str, int]:
    """Heading of a numbered paragraph from the text after its number: the whole text when it is
    one short sentence, else its first sentence. Returns (raw heading, its length in ``rest``)."""
    i = 0
    while i < len(rest) and rest[i] in " \t\u3000\u00a0":
        i += 1
    end = len(rest)
    for j in range(i, len(rest)):
        if rest[j] in SENTENCE_END:
            end = j
            break
    raw = rest[i:end].rstrip()
    if not raw or len(raw) > HEADING_MAX:
        return "", 0
    return raw, i + len(raw)
