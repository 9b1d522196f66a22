"""Numbers in Chinese policy text, typed: value in base units, unit, range, qualifier, role.

``find_quantities(text, offset=0)`` returns every numeric mention as a ``Quantity`` whose span is
its position in ``text`` plus ``offset`` (``text[span]`` is exactly ``Quantity.text``: the number
with its unit, without the qualifiers); ``parse_number(s)`` reads one isolated numeral string.
Numbers are matched on characters with regular expressions (never on jieba tokens); plain Arabic
numbers never reach cn2an, and Chinese numerals are read by cn2an (``smart`` mode) one matched
numeral at a time, never by a sentence-level transform (which turns 一次性 into 1次性). Units,
qualifiers and non-number phrases are data: ``extractors/lexicon/units.tsv``, ``qualifiers.tsv``
and ``not_quantities.tsv``.

Roles: ``amount`` (money), ``count`` (家 个 项 人 ... and 七大), ``measure`` (亩 吨 千瓦 公里 年 天 ...),
``percent`` (unit %), ``pp`` (percentage points, unit 百分点), ``rate`` (倍), ``ordinal`` (级 强),
``year``, ``period``, ``date``, ``index`` (a bare Arabic number) and ``code`` (a name, see Avoids).

Supports (real examples from the corpus)
    * Arabic, Chinese and mixed numerals with multipliers: ``6万元`` -> 60000 元, ``1.5亿元``,
      ``1万亿元`` -> 1e12 元, ``达到 120 亿元`` (spaces), ``3500家``, ``9,101.68万元``, ``二〇二五年``,
      ``壹仟玖佰圆整``, full-width ``８％``; multiplier-led units stay units: ``100万千瓦`` -> 1e6 千瓦,
      ``一百千瓦``, ``15个百分点``. Values are in base units: 万人 -> 人, 万吨 -> 吨, 万亩 -> 亩.
    * Currencies: 元 (also 圆, 人民币), 美元 欧元 港元 日元 ... kept as their own unit, never converted;
      a currency written before 元 is the unit: ``港币两千九百六十元`` -> 2960 港元.
    * Ranges, one unit shared: ``1000-2000万元`` -> low 1e7, high 2e7; ``1—2个``, ``1~2``,
      ``1至2``, ``10-15%``, ``4.5%—5%``, ``5%-5.5%``, ``三到五年``, ``一千到两千万元``, ``从8500到3万港元``
      (8500..30000: 万 is shared only when the first number is not larger), ``1万(含)-5万元``;
      adjacent digits ``三五百``/``八九亿``/``七八家`` are ranges too. Bound ``range``, ``value`` = low.
    * Percentages and points: ``30%``, ``3.2%``, ``百分之三十`` (30 %), ``百分之百``, ``5‰`` and
      ``千分之五`` (0.5 %), ``万分之三`` (0.03 %), ``三分之一`` and ``1/3`` (33.33 %), ``九成`` and
      ``2.5成`` (90 %, 25 %), ``15个百分点`` (role ``pp``, unit 百分点).
    * Per-unit figures: ``30万元/人`` -> 300000 元 per 人, ``40万元/亩``, ``796元/月``, and a
      denominator written before: ``每立方米2.4元``, ``每家最高奖励50万元`` (per 家).
    * Counts in words: ``七大千亿产业`` -> 7 大 (``千亿`` has no leading digit: part of the name),
      ``两家``, ``五大工程``, ``两所``, ``三个100`` -> 3 个 (and 100 as an index). Without a unit,
      a number with 万/亿 is a count of what follows: ``惠及43万儿童`` -> 430000 (unit "").
    * Lists sharing one unit: ``2、3、4级`` -> three quantities 2, 3, 4 级 (role ``ordinal``); in a
      、 list of like quantities the cue before the first and after the last belong to every item:
      ``达到1亿元、2亿元、5亿元`` (all 达到, min), ``分别增长4.5%、5.5%左右`` (both approx).
    * Approximations: ``二百余万元`` -> low 2e6, high 3e6 (high is exclusive: the next step of
      the last written digit; ``750余万人次`` -> 7.5e6..7.6e6), bound ``range``, qualifier ``余``;
      ``3000多家``, ``千余家``; ``近3年`` (max: within the last 3 years); ``约50%`` (approx).
    * Qualifiers kept as written with a bound: prefix ``超过 超 突破 不少于 不低于 至少 达到 力争 ≥``
      (min), ``不超过 最高 最多 最高不超过 最高奖励 近 不到 ≤`` (max), ``约`` (approx); suffix ``以上`` (min),
      ``以下 以内`` (max), ``左右`` (approx). ``最高不超过50万元`` is a cap (max), not "more than".
      Prefix and suffix together are kept as ``达到…以上``; the suffix decides the bound unless the
      prefix is a cap (``达到25%左右`` is approx).
    * Years and periods: ``2025年`` / ``2025 年`` (role year), ``2020—2025年`` / ``2025-2029年``
      (role period, low/high), ``到2029年`` / ``力争到 2025 年`` (qualifier as written, bound max).
      Dates ``2024年12月10日``, ``二〇一九年十二月四日``, ``12月31日``, ``2026-02-09``, ``3月``,
      ``1—11月``, ``19日晚`` are one quantity of role ``date`` with ``value`` None (never a count of
      2024). Clock times (``9:30``, ``8时40分``) are skipped.
    * Bare Arabic numbers without a unit (``指数达到95以上``) are role ``index``, unit "".

Avoids
    * Words that contain a numeral: ``一次性 一批 一带一路 一对一 一盘棋 第一 一体化 统一 进一步 一是
      最多跑一次 十四五 零部件 二十大 二氧化碳``. A Chinese numeral counts only when a unit or counter
      follows it; ``第N`` is an ordinal marker and skipped; ``not_quantities.tsv`` lists the rest.
    * Codes and names: a number inside a short quotation (at most 12 characters, e.g. ``“2211”``,
      ``“135”``, ``“三个 100”``, ``“四倍增”``, ``“七大千亿产业”``) gets role ``code``; it keeps its
      value only when it has a unit (七大 -> 7), otherwise ``value`` is None; so do bare numbers in a
      《》 title (``《中国制造2025》``, ``《哪吒2》``). Numbers joined by ``+``
      (``“1+X”``, ``“10+N”``, ``“5+5+6”``), numbers touching Latin letters (``5G``, ``IPv6``,
      ``PM2.5``, ``3A级``, ``R&D`` has no digit) and versions (``2.0工程``, ``工业4.0``) are codes
      with ``value`` None.
    * Document numbers (``台政办发〔2019〕58号``), standard numbers (``GB/T 19001-2016``), phone and
      fax numbers and postal codes after their cue (``电话：88510737``), times (``9:30``), URLs and
      e-mail addresses, outline markers (``1.`` ``1、`` ``一、`` ``（1）`` at the start of a line),
      note markers (``［21］``) and ``附件1``: skipped. Bare digit strings of 7 or more digits are
      skipped (identifiers).
    * Out of scope: colloquial and vague amounts (``15k``, ``30w``, ``几十万``, ``数十亿``, 块/毛/角/分,
      ``半``), discounts (``九折``), temperatures in 度, ``兆`` (1e6 or 1e12 depending on region), a
      full-width ``，`` as a thousands separator (in Chinese it separates clauses), comparatives
      written after the number (``比170低``) and ``在20和30之间``. ``benchmarks/eval_quantities.py``
      measures all of this against cn2an, JioNLP, chinese2digits and Recognizers-Text tables.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from extractors.numerals import (
    CN_DIGITS,
    CN_PLACES,
    CN_START,
    FOLD,
    FOLD_RE,
    MULTIPLIERS,
    digit_step,
    parse_folded,
    parse_number,
    round_value,
)
from extractors.units import (
    Unit,
    alternation,
    cues,
    currency_prefixes,
    not_quantities,
    units,
    word_numbers,
)
from knowledge_base.model import Quantity, Span

# --- declarative tables ------------------------------------------------------------------------

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


_VERSION_RE = re.compile(r"\d+\.0")
RATIO = "∶:"  # 4.0∶37.7∶58.3 is a ratio of numbers, not a version
# 一 before one of these counters, with no qualifier, is an article (建设一个平台, 走出一条新路, 形成一种常态), not
# a count of one; 至少一人 / 1个以上 / 一年 stay quantities.
ARTICLE_COUNTERS = frozenset("个项条种支处起件张类套场部家所座间道份次届轮批片")
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


@dataclass
class _Num:
    start: int  # start of the numeral (after 百分之 / sign)
    end: int  # end of the numeral including 余/多 and trailing multipliers
    n: str
    value: float
    pct: str = ""
    yu: str = ""
    arabic: bool = True
    step: float = 0.0  # for 余/多: the width of the range


def _mult_unit_at(text: str, end: int) -> bool:
    """Does a unit led by a multiplier (千瓦, 千米, 百分点) start at one of the last two characters?"""
    return bool(MULT_UNIT_RE.match(text, end - 1) or MULT_UNIT_RE.match(text, end - 2))


def _number(m: re.Match[str], text: str) -> _Num | None:
    n = m.group("n")
    if (
        not n[0].isdigit()
        and not m.group("pct")
        and not m.group("yu")
        and text[m.end() : m.end() + 1] not in FOLLOW
        and not (n[-1] in CN_PLACES and _mult_unit_at(text, m.end()))
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
    if value is None and not m.group("yu") and not m.group("pct") and not _mult_unit_at(text, end):
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
    num = _Num(
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


def _unit_at(text: str, pos: int) -> tuple[Unit, int] | None:
    """The unit written at ``pos`` (one space allowed before it), and where it ends."""
    p = pos + 1 if pos < len(text) and text[pos] == " " else pos
    m = UNIT_RE.match(text, p)
    if not m:
        return None
    return UNITS[m.group()], m.end()


def _prefix(text: str, start: int, year: bool = False) -> tuple[str, str, int]:
    """The qualifier written just before ``start``: (cue, bound, where it starts)."""
    rx, bounds = (YEAR_RE, YEAR_BOUNDS) if year else (PREFIX_RE, PREFIX_BOUNDS)
    m = rx.search(text, max(0, start - PREFIX_WINDOW), start)
    if not m:
        return "", "exact", start
    return m.group(1), bounds[m.group(1)], m.start()


def _suffix(text: str, end: int) -> tuple[str, str, int]:
    m = SUFFIX_RE.match(text, end)
    if not m:
        return "", "exact", end
    w = m.group().strip()
    bound = SUFFIX_BOUNDS[w]
    return w, bound, m.end()


def _currency(text: str, start: int, base: str) -> str:
    """港币两千九百六十元: a currency written before an amount in 元 is its unit."""
    if base != "元":
        return base
    p = start - 1 if start > 0 and text[start - 1] == " " else start
    for written, unit in CURRENCY_PREFIX:
        if text.endswith(written, 0, p):
            return unit
    return base


def _combine(pre: tuple[str, str, int], suf: tuple[str, str, int]) -> tuple[str, str]:
    if pre[0] and suf[0]:  # 达到25%左右 is approx, 最高…以下 stays a cap
        bound = pre[1] if pre[1] == "max" else suf[1]
        return f"{pre[0]}…{suf[0]}", bound
    if pre[0]:
        return pre[0], pre[1]
    return suf[0], suf[1]


# --- the parser --------------------------------------------------------------------------------


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Every numeric mention in ``text``, in order; spans are positions in ``text`` plus ``offset``."""
    src = text
    text = FOLD_RE.sub(lambda m: m.group().translate(FOLD), text)  # same length: spans stay valid
    taken = bytearray(len(text))  # 1 = already used or masked

    def free(a: int, b: int) -> bool:
        return taken.find(1, a, b) < 0

    def take(a: int, b: int) -> None:
        taken[a:b] = b"\x01" * (b - a)

    out: list[Quantity] = []

    def emit(a: int, b: int, **kw) -> None:
        take(a, b)
        out.append(Quantity(text=src[a:b], span=Span(a + offset, b + offset), **kw))

    for rx in (NOT_QUANTITY_RE, SESSION_RE, *MASK_RES):
        for m in rx.finditer(text):
            take(m.start(), m.end())
    for m in DATE_RE.finditer(text):
        if free(m.start(), m.end()):
            emit(m.start(), m.end(), value=None, unit="", role="date")
    for m in CODE_RE.finditer(text):
        if free(m.start(), m.end()) and re.search(r"\d", m.group()):
            emit(m.start(), m.end(), value=None, unit="", role="code")
    for m in FRACTION_RE.finditer(text):
        den, num = (
            parse_number(m.group("den") or m.group("den2")),
            parse_number(m.group("num") or m.group("num2")),
        )
        if free(m.start(), m.end()) and den and num is not None:
            pre, suf = _prefix(text, m.start()), _suffix(text, m.end())
            q, bound = _combine(pre, suf)
            emit(
                m.start(),
                m.end(),
                value=round_value(num / den * 100),
                unit="%",
                role="percent",
                qualifier=q,
                bound=bound,
            )

    for m in WORD_NUMBER_RE.finditer(text):  # 一半, 过半
        w = WORD_NUMBERS[m.group()]
        if free(m.start(), m.end()):
            pre, suf = _prefix(text, m.start()), _suffix(text, m.end())
            q, bound = _combine(pre, suf)
            emit(m.start(), m.end(), value=w.value, unit=w.unit, role=w.role,
                 qualifier=q or w.qualifier, bound=bound if q else w.bound)  # fmt: skip

    nums = [
        x
        for m in NUMBER_RE.finditer(text)
        if free(m.start(), m.end()) and not text.endswith(SKIP_AFTER, 0, m.start())
        if (x := _number(m, text)) is not None
    ]
    nums += _adjacent(text, taken)
    nums.sort(key=lambda x: x.start)
    i = 0
    while i < len(nums):
        i = _read(text, nums, i, emit, free)
    _mark_codes(text, out, offset)
    _share_qualifiers(text, out, offset)
    out.sort(key=lambda q: (q.span.start, q.span.end))
    return out


def _adjacent(text: str, taken: bytearray) -> list[_Num]:
    """三五百 / 八九亿 / 七八家: two adjacent digits make a range (kept as a _Num with a step)."""
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
        if _unit_at(text, m.end()) or m.group(3):
            out.append(
                _Num(m.start(), m.end(), m.group(), lo * mult, arabic=False, step=(hi - lo) * mult, yu="~")
            )
    return out


def _unit_after(text: str, x: _Num) -> tuple[Unit | None, int, _Num]:
    """The unit after a number; a trailing multiplier may belong to the unit (100万千瓦, 15百分点)."""
    for k in (2, 1):
        if x.yu or len(x.n) <= k or x.n[-k] not in CN_PLACES:
            continue
        for u in MULT_UNITS:
            if text.startswith(u, x.end - k) and len(u) > k:
                v = parse_number(x.n[:-k])
                if v is not None:
                    x = replace(x, end=x.end - k, n=x.n[:-k], value=-v if x.value < 0 else v)
                    return UNITS[u], x.end + len(u), x
    got = _unit_at(text, x.end)
    if got is None:
        return None, x.end, x
    unit, end = got
    after = text[end : end + 1]
    if (after and after in unit.not_before) or (unit.written == "成" and x.value > 10):
        return None, x.end, x
    return unit, end, x


def _is_year(x: _Num, unit: Unit | None) -> bool:
    return (
        (unit is None or unit.written == "年")
        and not x.yu
        and x.value.is_integer()
        and 1900 <= x.value <= 2100
        and (len(x.n) == 4)
    )


def _read(text: str, nums: list[_Num], i: int, emit, free) -> int:
    """Read the mention starting at ``nums[i]``; returns the index of the next unread number."""
    x = nums[i]
    if not free(x.start, x.end):
        return i + 1
    unit, uend, x = _unit_after(text, x)
    # a range: A [unit] [(含)] sep B [unit]
    if i + 1 < len(nums):
        y = nums[i + 1]
        sep = RANGE_SEP_RE.match(text, uend)
        if sep and sep.end() == y.start and not x.pct and not x.yu:
            yunit, yend, y = _unit_after(text, y)
            if _range(text, x, unit, y, yunit, yend, emit):
                return i + 2
    # a list sharing one unit: 2、3、4级
    if unit is None and not x.pct:
        j = i
        while j + 1 < len(nums) and text[nums[j].end : nums[j + 1].start] == "、":
            j += 1
        same = all(nums[k].arabic == x.arabic and not nums[k].yu for k in range(i, j + 1))
        if j > i and same:
            lunit, lend, last = _unit_after(text, nums[j])
            if lunit is not None and not _is_year(last, lunit):
                for k in range(i, j + 1):
                    z = nums[k] if k < j else last
                    end = z.end if k < j else lend
                    emit(
                        z.start,
                        end,
                        value=round_value(z.value * lunit.factor),
                        unit=lunit.base,
                        role=lunit.role,
                    )
                return j + 1
    _single(text, x, unit, uend, emit)
    return i + 1


def _range(text, x: _Num, xunit, y: _Num, yunit, yend, emit) -> bool:
    if _is_year(x, xunit) and _is_year(y, yunit) and y.value > x.value:
        pre = _prefix(text, x.start, year=True)
        emit(
            x.start,
            yend,
            value=x.value,
            low=x.value,
            high=y.value,
            unit="年",
            role="period",
            qualifier=pre[0],
            bound="range",
        )
        return True
    unit = yunit or xunit
    if unit is None and not y.pct:
        return False
    if xunit is not None and yunit is not None and xunit.base != yunit.base:
        return False
    lo, hi = x.value, y.value
    if xunit is None:
        # the multiplier of B is shared when A has none: 1000-2000万元, 一千到两千万元, 两到三万
        lo = _shared(x, y)
    factor = unit.factor if unit else 1.0
    lo, hi = round_value(lo * factor), round_value(hi * factor)
    if hi < lo:
        return False
    pre = _prefix(text, x.start)
    suf = _suffix(text, yend)
    q, _ = _combine(pre, suf)
    role = "percent" if y.pct else unit.role
    emit(
        x.start,
        yend,
        value=lo,
        low=lo,
        high=hi,
        unit="%" if y.pct else unit.base,
        role=role,
        qualifier=q,
        bound="range",
    )
    return True


def _shared(x: _Num, y: _Num) -> float:
    """A's value with B's trailing multiplier, when A is written without one and is not larger."""
    if any(c in "万亿萬億" for c in x.n) or not y.n or y.n[-1] not in CN_PLACES:
        return x.value
    tail = len(y.n) - len(y.n.rstrip(CN_PLACES))
    for k in range(1, tail + 1):
        base = parse_number(y.n[:-k])
        if base is None:
            continue
        if x.value <= base:
            mult = 1.0
            for ch in y.n[-k:]:
                mult *= MULTIPLIERS[ch]
            return x.value * mult
    return x.value


def _single(text: str, x: _Num, unit: Unit | None, uend: int, emit) -> None:
    if x.pct:
        unit = Unit(x.pct, "%", PERCENT_PREFIXES[x.pct], "percent")
        start, end = x.start - len(x.pct), x.end
    else:
        start, end = x.start, uend
    if unit is None:
        scaled = x.yu not in ("", "~") or any(c in "万亿萬億" for c in x.n)
        if not x.arabic and not scaled:
            return  # a Chinese numeral without a unit is a word (统一, 一是), not a number
        digits = x.n.replace(",", "")
        if len(digits) >= LONG_DIGITS and digits.isdigit():
            return
        if _VERSION_RE.fullmatch(digits) and not (
            text[end : end + 1] in RATIO or text[start - 1 : start] in RATIO
        ):
            emit(start, end, value=None, unit="", role="code")
            return
    per = None
    if unit is not None and text[end : end + 1] == "/":
        got = _unit_at(text, end + 1)
        if got:
            per, end = got[0].base, got[1]
        elif text[end + 1 : end + 2] in PER_ONLY:
            per, end = text[end + 1], end + 2
    if unit is not None and _is_year(x, unit):
        pre = _prefix(text, start, year=True)
        emit(start, end, value=x.value, unit="年", role="year", qualifier=pre[0], bound=pre[1])
        return
    pre, suf = _prefix(text, start), _suffix(text, end)
    q, bound = _combine(pre, suf)
    if x.n == "一" and unit is not None and unit.written in ARTICLE_COUNTERS and not q and per is None:
        return  # 建设一个平台: an article
    if per is None and unit is not None and (m := PER_PREFIX_RE.search(text, max(0, pre[2] - 6), pre[2])):
        per = UNITS[m.group(1)].base  # 每立方米2.4元: the denominator written before
    factor = unit.factor if unit else 1.0
    value = round_value(x.value * factor)
    # without a unit: 43万(儿童), 120余万(婴幼儿) are counts of what follows; 95(以上) is an index
    role = unit.role if unit else ("count" if x.yu or any(c in "万亿萬億" for c in x.n) else "index")
    base = _currency(text, start, unit.base) if unit else ""
    if x.yu:
        emit(
            start, end, value=value, low=value, high=round_value(value + x.step * factor), unit=base, role=role,
            qualifier=q or x.yu if x.yu != "~" else q, bound="range", per=per,
        )  # fmt: skip
        return
    emit(start, end, value=value, unit=base, role=role, qualifier=q, bound=bound, per=per)


def _share_qualifiers(text: str, out: list[Quantity], offset: int) -> None:
    """达到1亿元、2亿元、5亿元 / 分别增长4.5%、5.5%左右: in a 、 list of like quantities the cue before
    the first and the cue after the last belong to every item."""
    i = 0
    while i < len(out):
        j = i
        while (
            j + 1 < len(out)
            and text[out[j].span.end - offset : out[j + 1].span.start - offset] == "、"
            and out[j + 1].unit == out[i].unit
            and out[j + 1].role == out[i].role
        ):
            j += 1
        if j > i and out[i].role not in ("code", "date", "year", "period"):
            first, last = out[i].span.start - offset, out[j].span.end - offset
            pre, suf = _prefix(text, first), _suffix(text, last)
            if pre[0] or suf[0]:
                q, bound = _combine(pre, suf)
                for k in range(i, j + 1):
                    if out[k].bound != "range":
                        out[k] = replace(out[k], qualifier=q, bound=bound)
        i = j + 1


def _mark_codes(text: str, out: list[Quantity], offset: int) -> None:
    """Numbers inside a short quotation are names: role code (value kept only with a unit)."""
    if not out:
        return
    out.sort(key=lambda q: (q.span.start, q.span.end))
    starts = [q.span.start for q in out]
    for m in TITLE_RE.finditer(text):  # 《哪吒2》, 《中国制造2025》: a bare number in a title is a name
        inside = Span(m.start() + offset, m.end() + offset)
        for k in range(bisect_left(starts, inside.start), bisect_left(starts, inside.end)):
            if inside.contains(out[k].span) and out[k].role == "index":
                out[k] = replace(out[k], role="code", value=None, qualifier="", bound="exact")
    for m in QUOTE_RE.finditer(text):
        inside = Span(m.start() + offset, m.end() + offset)
        for k in range(bisect_left(starts, inside.start), bisect_left(starts, inside.end)):
            q = out[k]
            if inside.contains(q.span) and q.role != "code":
                keep = q.unit != "" and q.role not in ("index", "year", "period", "date")
                out[k] = replace(
                    q,
                    role="code",
                    value=q.value if keep else None,
                    low=None,
                    high=None,
                    bound="exact",
                    qualifier="",
                )


__all__ = ["find_quantities", "parse_number"]
