"""The rule tables of the quantity parser, compiled once.

Patterns (numbers, fractions, dates, document numbers, phones, codes, sessions) are written here as
declarative tables; units, qualifiers, set phrases and word numbers are data files in
``extractors/lexicon/`` read by ``extractors.units``. An analyst extends the parser by editing either.
"""

from __future__ import annotations

import re

from extractors.numerals import CN_DIGITS, CN_PLACES, CN_START
from extractors.units import (
    Unit,
    alternation,
    cues,
    currency_prefixes,
    not_quantities,
    units,
    word_numbers,
)

# --- patterns ------------------------------------------------------------------------------------

SEPARATORS = r"(?:[-—–―~〜]{1,2}|至|到)"
SKIP_AFTER = ("第", "附件", "附表", "编号", "代码", "No.", "NO.", "no.")
PHONE_CUES = r"(?:联系电话|电话|传真|手机|邮编|邮政编码|热线|联系方式)"
SHORT_QUOTE = 12  # a quotation this short is a name: numbers inside are codes
_Q = "{1,%s}" % SHORT_QUOTE  # noqa: UP031
QUOTES = rf"“[^“”〞\n]{_Q}[”〞]|‘[^‘’\n]{_Q}’|「[^「」\n]{_Q}」|\"[^\"\n]{_Q}\""
PER_ONLY = frozenset("月日周")  # denominators that are not units after a number: 796元/月
LONG_DIGITS = 7  # a bare digit string this long is an identifier (phone, account, code)

_AR = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN = rf"[{CN_START}][{CN_DIGITS}{CN_PLACES}]*(?:[点點][{CN_DIGITS}]+)?"
# 百分之三十 -> 30 %, 千分之五 -> 0.5 %: the prefix and its factor into %
PERCENT_PREFIXES = {
    "百分之": 1.0,
    "千分之": 0.1,
    "仟分之": 0.1,
    "万分之": 0.01,
    "萬分之": 0.01,
    "百万分之": 1e-4,
    "千万分之": 1e-5,
    "万万分之": 1e-6,
    "百万万分之": 1e-8,
}
_LOOK = rf"(?=[-\d{CN_START}百千仟万萬负])"  # every number starts with one of these: lets the scan skip ahead
NUMBER_RE = re.compile(
    rf"{_LOOK}(?P<pct>{alternation(list(PERCENT_PREFIXES))})?"
    # 减负1000亿元 and the dash of 5%-5.5% are not signs
    rf"(?P<sign>(?<![\u4e00-\u9fff])负|(?<![\w.\-—)）%‰])-)?"
    rf"(?P<n>(?:{_AR})(?:\s?[{CN_DIGITS}{CN_PLACES}]+)?|{_CN}|[百千](?=[余多])|(?<=[百佰]分之)[百佰])"
    rf"(?:(?P<yu>余|多)(?P<m>[万亿萬億千百]*))?"
)
FRACTION_RE = re.compile(
    rf"{_LOOK}(?:(?P<den>{_AR}|{_CN})分之(?P<num>{_AR}|{_CN})|(?<![\d/.])(?P<num2>\d{{1,3}})/(?P<den2>\d{{1,3}})(?![\d/.]))"
)
_YEAR = r"(?:1[89]|20|21)\d{2}|[〇零一二][〇零一二三四五六七八九]{3}"
ISO_DATE = r"(?<![\d.])(?:19|20)\d{2}([-/.])(?:1[0-2]|0?[1-9])\1(?:3[01]|[12]\d|0?[1-9])(?![\d.])"
_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY = r"3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九]|廿[一二三四五六七八九]?"
DATE_RE = re.compile(
    rf"(?=[\d〇零一二三四五六七八九十])(?:{ISO_DATE}|(?:{_YEAR})\s?年\s?(?:{_MONTH})\s?月(?:\s?(?:{_DAY})\s?[日号])?"
    rf"|(?<![\d.{CN_DIGITS}{CN_PLACES}])(?:{_MONTH})\s?月\s?(?:{_DAY})\s?[日号]"
    rf"|(?<![\d.月])(?:3[01]|[12]\d|0?[1-9])日(?=晚|早|凌晨|上午|下午|中午|夜)"  # 19日晚
    rf"|(?<![\d.])(?:1[0-2]|0?[1-9])\s?[-—–―~至到]\s?(?:1[0-2]|0?[1-9])\s?月份?"  # 1—11月
    rf"|(?<![\d.])(?:1[0-2]|0?[1-9])\s?月份?)"
)
MASK_RES = [
    re.compile(r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d+\s*号"),  # 台政办发〔2019〕58号
    re.compile(r"[A-Z]{1,4}(?:/[A-Z]{1,2})?\s?\d+(?:\.\d+)*\s?[-—]\s?(?:19|20)\d{2}"),  # GB/T 19001-2016
    re.compile(PHONE_CUES + r"[为是]?[:\s]*(?:[\d\-—()（）\s、，,/]|转)+"),
    re.compile(r"(?<![\d.])0\d{2,3}-\d{7,8}(?!\d)"),  # 0576-88510737 without a cue
    re.compile(r"https?://\S+|www\.\S+|[A-Za-z0-9._\-]+@[A-Za-z0-9\-]+\.[A-Za-z0-9.\-]+"),
    re.compile(r"(?<!\d)\d{1,2}时(?:\d{1,2}分)?"),  # 8时40分
    re.compile(r"(?=\d)(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])"),  # times
    re.compile(r"(?m)(?:^|(?<=\t))[ \t]*\d+[.、](?!\d)"),  # outline markers 1. 1、
    re.compile(r"(?m)^[ \t]*[一二三四五六七八九十]+、"),  # outline markers 一、
    re.compile(r"[(（［\[]\d+[)）］\]]"),  # outline markers (1), note markers ［21］
    re.compile(r"第\s?(?:" + _AR + "|" + _CN + ")"),  # ordinal markers 第一 第3
]
CODE_RE = re.compile(
    r"(?=[0-9A-Za-z])(?:[0-9A-Za-z]+(?:\+[0-9A-Za-z]+)+"  # 1+X, 10+N, 5+5+6
    r"|(?<![A-Za-z0-9_])(?=[A-Za-z0-9_.\-]*\d)(?=[A-Za-z0-9_.\-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9_.\-]*[A-Za-z0-9])"  # 5G IPv6 PM2.5
)
QUOTE_RE = re.compile(QUOTES)
TITLE_RE = re.compile(r"《[^《》\n]{1,80}》")
RANGE_SEP_RE = re.compile(rf"\s?(?:[（(]含[)）])?\s?{SEPARATORS}\s?(?:从)?")
ADJACENT_DIGITS = {"一二", "二三", "三四", "四五", "五六", "六七", "七八", "八九", "三五", "两三"}


VERSION_RE = re.compile(r"\d+\.0")
RATIO = "∶:"  # 4.0∶37.7∶58.3 is a ratio of numbers, not a version
# 一 before one of these counters, with no qualifier, is an article (建设一个平台, 走出一条新路, 形成一种常态), not
# a count of one; 至少一人 / 1个以上 / 一年 stay quantities.
ARTICLE_COUNTERS = frozenset("个项条种支处起件张类套场部家所座间道份次届轮批片")
# a Chinese numeral at least this large before the counter, with no qualifier, numbers a session or edition
# (十四届全运会, 十九届二中全会) rather than counting them; 两届广交会, 近十届 stay counts
EDITION_FROM = {"届": 10}
# a numeral before 届 or 次 that numbers a session is an ordinal, not a count: 党的二十届历次全会, 二十届四中全会,
# 省委十三届七次、八次全会, 省十四届人大三次会议, 十届全国人大四次会议 (but 任期不超过两届, 近十届 are counts)
SESSION_WORDS = ("历次", "全会", "全体会议", "会议", "全国人大", "人大", "人民代表大会", "代表大会", "委员会", "常委会",
                 "党代会", "政协", "省委", "市委", "区委", "县委", "党委")  # fmt: skip
SESSION_BODIES = ("人大", "政协", "省委", "市委", "区委", "县委", "党委")  # 人大三次会议, 省委十次全会
_SN = r"(?:[一二三四五六七八九十百]+|\d+)"
SESSION_RE = re.compile(
    rf"{_SN}届(?:{_SN}次(?:、{_SN}次)*)?(?=(?:{_SN}中、)*(?:{_SN}中)?(?:{alternation(list(SESSION_WORDS))}))"
    rf"|(?:{'|'.join(f'(?<={b})' for b in SESSION_BODIES)})\s?{_SN}次(?:、{_SN}次)*(?=全会|全体会议|会议)"
)


# --- the tables compiled once ------------------------------------------------------------------

UNITS: dict[str, Unit] = units()
CURRENCY_PREFIX = sorted(currency_prefixes().items(), key=lambda kv: -len(kv[0]))
UNIT_RE = re.compile(alternation(list(UNITS)))
# units whose first character is a multiplier (千瓦, 百分点, 万千瓦): the multiplier belongs to the unit
MULT_UNITS = [u for u in UNITS if u[0] in CN_PLACES]
MULT_UNIT_RE = re.compile(alternation(MULT_UNITS))
# what may follow a Chinese numeral that is a quantity: a unit, a range separator, a list comma, a space
FOLLOW = frozenset({u[0] for u in UNITS} | set("-—–~〜至到、 分"))
PREFIX = cues()["prefix"]
SUFFIX = cues()["suffix"]
YEAR_CUES = cues()["year"]
PREFIX_WINDOW = max(len(c.written) for c in PREFIX + YEAR_CUES) + 1
PREFIX_RE = re.compile(r"(" + alternation([c.written for c in PREFIX]) + r") ?$")
PREFIX_BOUNDS = {c.written: c.bound for c in PREFIX}
YEAR_RE = re.compile(r"(" + alternation([c.written for c in YEAR_CUES]) + r") ?$")
YEAR_BOUNDS = {c.written: c.bound for c in YEAR_CUES}
SUFFIX_BOUNDS = {c.written: c.bound for c in SUFFIX}
SUFFIX_RE = re.compile(r"\s?(?:" + alternation([c.written for c in SUFFIX]) + ")")
PER_PREFIX_RE = re.compile(
    "每(" + alternation([u for u, x in UNITS.items() if x.role in ("count", "measure")]) + ")$"
)
NOT_QUANTITY_RE = re.compile(alternation(not_quantities()))
WORD_NUMBERS = word_numbers()
WORD_NUMBER_RE = re.compile(r"(?<![另多])(?:" + alternation(list(WORD_NUMBERS)) + ")")
