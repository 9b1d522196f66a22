"""A numeral with its unit: a single quantity, a range (``1000-2000万元``), a list sharing one unit
(``2、3、4级``), a year or a period, a per-unit figure (``30万元/人``, ``每立方米2.4元``)."""

from __future__ import annotations

from dataclasses import replace

from extractors.numerals import CN_PLACES, MULTIPLIERS, parse_number, round_value
from extractors.quantities.qualifiers import combine, currency, prefix, suffix
from extractors.quantities.rules import (
    ARTICLE_COUNTERS,
    EDITION_FROM,
    LONG_DIGITS,
    MULT_UNITS,
    PER_ONLY,
    PER_PREFIX_RE,
    PERCENT_PREFIXES,
    RANGE_SEP_RE,
    RATIO,
    UNITS,
    VERSION_RE,
)
from extractors.quantities.scan import Num, unit_at
from extractors.units import Unit


def _unit_after(text: str, x: Num) -> tuple[Unit | None, int, Num]:
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
    got = unit_at(text, x.end)
    if got is None:
        return None, x.end, x
    unit, end = got
    after = text[end : end + 1]
    if (after and after in unit.not_before) or (unit.written == "成" and x.value > 10):
        return None, x.end, x
    return unit, end, x


def _is_year(x: Num, unit: Unit | None) -> bool:
    return (
        (unit is None or unit.written == "年")
        and not x.yu
        and x.value.is_integer()
        and 1900 <= x.value <= 2100
        and (len(x.n) == 4)
    )


def read(text: str, nums: list[Num], i: int, emit, free) -> int:
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


def _range(text, x: Num, xunit, y: Num, yunit, yend, emit) -> bool:
    if _is_year(x, xunit) and _is_year(y, yunit) and y.value > x.value:
        pre = prefix(text, x.start, year=True)
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
    pre = prefix(text, x.start)
    suf = suffix(text, yend)
    q, _ = combine(pre, suf)
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


def _shared(x: Num, y: Num) -> float:
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


def _single(text: str, x: Num, unit: Unit | None, uend: int, emit) -> None:
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
        if VERSION_RE.fullmatch(digits) and not (
            text[end : end + 1] in RATIO or text[start - 1 : start] in RATIO
        ):
            emit(start, end, value=None, unit="", role="code")
            return
    per = None
    if unit is not None and text[end : end + 1] == "/":
        got = unit_at(text, end + 1)
        if got:
            per, end = got[0].base, got[1]
        elif text[end + 1 : end + 2] in PER_ONLY:
            per, end = text[end + 1], end + 2
    if unit is not None and _is_year(x, unit):
        pre = prefix(text, start, year=True)
        emit(start, end, value=x.value, unit="年", role="year", qualifier=pre[0], bound=pre[1])
        return
    pre, suf = prefix(text, start), suffix(text, end)
    q, bound = combine(pre, suf)
    if x.n == "一" and unit is not None and unit.written in ARTICLE_COUNTERS and not q and per is None:
        return  # 建设一个平台: an article
    if (
        not x.arabic
        and unit is not None
        and not q
        and x.value >= EDITION_FROM.get(unit.written, float("inf"))
    ):
        return  # 十四届全运会: an edition number
    if per is None and unit is not None and (m := PER_PREFIX_RE.search(text, max(0, pre[2] - 6), pre[2])):
        per = UNITS[m.group(1)].base  # 每立方米2.4元: the denominator written before
    factor = unit.factor if unit else 1.0
    value = round_value(x.value * factor)
    # without a unit: 43万(儿童), 120余万(婴幼儿) are counts of what follows; 95(以上) is an index
    role = unit.role if unit else ("count" if x.yu or any(c in "万亿萬億" for c in x.n) else "index")
    base = currency(text, start, unit.base) if unit else ""
    if x.yu:
        emit(
            start, end, value=value, low=value, high=round_value(value + x.step * factor), unit=base, role=role,
            qualifier=q or x.yu if x.yu != "~" else q, bound="range", per=per,
        )  # fmt: skip
        return
    emit(start, end, value=value, unit=base, role=role, qualifier=q, bound=bound, per=per)
