"""Numbers in Chinese policy text, typed: value in base units, unit, range, qualifier, role.

``find_quantities(text, offset=0)`` returns every numeric mention as a ``Quantity`` whose span is
its position in ``text`` plus ``offset`` (``text[span]`` is exactly ``Quantity.text``: the number
with its unit, without the qualifiers); ``parse_number(s)`` reads one isolated numeral string.
Numbers are matched on characters with regular expressions (never on jieba tokens); plain Arabic
numbers never reach cn2an, and Chinese numerals are read by cn2an (``smart`` mode) one matched
numeral at a time, never by a sentence-level transform (which turns 一次性 into 1次性). Units,
qualifiers, non-number phrases and number words are data: ``extractors/lexicon/units.tsv``,
``qualifiers.tsv``, ``not_quantities.tsv`` and ``word_numbers.tsv``.

Modules: ``rules`` (the patterns and compiled tables), ``scan`` (numerals in running text),
``names`` (masks, dates, codes, names in quotes), ``mentions`` (a numeral with its unit: single, range,
list, year), ``qualifiers`` (cues before and after a number). ``extractors.numerals`` reads one numeral.

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
      ``2.5成`` (90 %, 25 %), ``15个百分点`` (role ``pp``, unit 百分点); words: ``一半``, ``半数`` (50 %),
      ``过半`` (more than 50 %), with the cues around them (``占总课时一半以上``, ``近一半``).
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
      follows it; ``第N`` is an ordinal marker and skipped (``第十四个五年规划`` too); ``not_quantities.tsv``
      lists the rest (``三次产业``, ``冬季两项``).
    * Articles: 一 before a counter, with no qualifier, is "a", not a count of one (``建设一个平台``,
      ``走出一条新路``, ``作为一种常态``, ``打造一支队伍``); ``至少一人``, ``1个以上``, ``一年`` stay quantities.
    * Sessions: a numeral that numbers a congress, plenum or meeting is an ordinal and skipped
      (``党的二十届历次全会``, ``二十届四中全会``, ``省委十三届七次、八次全会``, ``省十四届人大三次会议``);
      a Chinese numeral of ten or more before 届 without a qualifier is an edition number too (``十四届全运会``);
      ``任期不超过两届``, ``两届广交会`` and ``近十届`` are counts.
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

from extractors.numerals import FOLD, FOLD_RE, parse_number, round_value
from extractors.quantities.mentions import read
from extractors.quantities.names import dates_and_codes, mark_codes, mask
from extractors.quantities.qualifiers import combine, prefix, share_qualifiers, suffix
from extractors.quantities.rules import FRACTION_RE, NUMBER_RE, SKIP_AFTER, WORD_NUMBER_RE, WORD_NUMBERS
from extractors.quantities.scan import Scan, adjacent, number
from knowledge_base.model import Quantity


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Every numeric mention in ``text``, in order; spans are positions in ``text`` plus ``offset``."""
    folded = FOLD_RE.sub(lambda m: m.group().translate(FOLD), text)  # same length: spans stay valid
    scan = Scan(text, folded, offset)
    mask(scan)
    dates_and_codes(scan)
    _fractions(scan)
    _word_numbers(scan)
    nums = [
        x
        for m in NUMBER_RE.finditer(folded)
        if scan.free(m.start(), m.end()) and not folded.endswith(SKIP_AFTER, 0, m.start())
        if (x := number(m, folded)) is not None
    ]
    nums += adjacent(folded, scan.taken)
    nums.sort(key=lambda x: x.start)
    i = 0
    while i < len(nums):
        i = read(folded, nums, i, scan.emit, scan.free)
    out = scan.out
    mark_codes(folded, out, offset)
    share_qualifiers(folded, out, offset)
    out.sort(key=lambda q: (q.span.start, q.span.end))
    return out


def _fractions(scan: Scan) -> None:
    """三分之一, 1/3, 百分之三十 written as a fraction: a percentage."""
    text = scan.text
    for m in FRACTION_RE.finditer(text):
        den = parse_number(m.group("den") or m.group("den2"))
        num = parse_number(m.group("num") or m.group("num2"))
        if scan.free(m.start(), m.end()) and den and num is not None:
            q, bound = combine(prefix(text, m.start()), suffix(text, m.end()))
            value = round_value(num / den * 100)
            scan.emit(m.start(), m.end(), value=value, unit="%", role="percent", qualifier=q, bound=bound)


def _word_numbers(scan: Scan) -> None:
    """一半, 过半, 半数 (``lexicon/word_numbers.tsv``), with the cues around them."""
    text = scan.text
    for m in WORD_NUMBER_RE.finditer(text):
        w = WORD_NUMBERS[m.group()]
        if scan.free(m.start(), m.end()):
            q, bound = combine(prefix(text, m.start()), suffix(text, m.end()))
            scan.emit(m.start(), m.end(), value=w.value, unit=w.unit, role=w.role,
                      qualifier=q or w.qualifier, bound=bound if q else w.bound)  # fmt: skip


__all__ = ["find_quantities", "parse_number"]
