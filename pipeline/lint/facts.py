"""Number rules: figures of a draft that disagree with each other.

The rules use the targets extractor's targets and 其中 links (``Facts.targets``) when there are
facts, and read the text themselves otherwise (numbers by ``extractors.quantities.find_quantities``
— a small built-in pattern stands in while that module is missing — and categories by the lexicon,
see ``names``); the text check of 其中 lists always runs and fills in what the extractor missed.

Supports (checked on the 2024 draft, where every 其中 list adds up)
    * ``breakdown-sum``: ``达到30家（其中千亿级企业2家、“雄鹰”企业10家…）`` — the parts of a 其中 list in
      the total's unit must not add up to MORE than an exact or capped total (``30家`` vs 2+10+8+11);
      a total with ``以上``/``突破`` (``500家以上`` ⊇ 50+280+100+100 = 530) is a floor and never
      contradicted; parts adding up to less are allowed (a 其中 list need not be exhaustive); the
      rounding of the numbers as written is allowed (4.79万+0+246.47万 vs 251.25万元).
    * ``target-conflict``: one category with two values for the same year (or the same value for two
      years). ``上市企业100家`` (target table) and ``上市企业突破100家`` (task text) are NOT reported:
      the same number with and without a floor word is the same goal told twice; only a floor
      against a cap (``100家以上`` / ``不超过100家``) is. Different years with different values are
      milestones, not conflicts. A paragraph opened by a named programme (``“2152”龙头引育工程：…``)
      sets that programme's figures, compared only with each other.
    * ``deadline-period``: ``到2031年`` in a plan for 2025—2029 (period from the metadata, else
      from the title's ``（2025-2029年）``); ``展望/远景`` sentences are skipped.
    * ``annual-total``: ``每年新增…500家`` against ``新增…2000家`` over a five-year period.

Avoids
    * rates and growth figures in 其中 lists (``增长5.4%，其中农村居民收入增长6.3%``) and changes
      (``其中：财政拨款收入18,976.76万元，比2024年预算增加3,355.65万元``);
    * achievements without a deadline (work reports: ``新增专精特新中小企业1003户``) as targets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from knowledge_base.model import Document, Facts, Quantity, Span
from pipeline.lint.hits import Hit, fmt_value, location
from pipeline.lint.names import curly, mentions
from pipeline.lint.punctuation import is_cjk

# --- rules as data ------------------------------------------------------------------------------

BREAKDOWN_CUE = "其中"
# "reach" verbs: the quantity parser reads 达到30家 as a floor, but the total of a 其中 list written
# with them alone states the number itself (达到30家 vs 2+10+8+11 is a contradiction)
REACH_CUES = ("达到", "力争达到", "达", "实现", "增至", "增加到", "提升到")
TOTAL_TO_CUE_GAP = re.compile(r"^[\s（(，,]*$")
# between a category and its number: no punctuation, at most a verb of reaching
TARGET_GAP_RE = re.compile(
    r"^[\s“”\"]*(?:总数|总量|数量)?(?:力争)?(?:达到|达|突破|超过|增加到|增至|提升到|培育)?"
    r"(?:不超过|不少于|不低于|超过|约|近)?\s*$"
)
# what may stand right before a category that opens a target (else the name is part of a longer one)
TARGET_LEADS = ("其中", "培育", "新增", "达到", "力争", "实现", "认定", "打造", "建成", "创建", "累计", "全市", "全省",
                "共有", "拥有", "的", "和", "及", "增加", "每年", "年均", "引进", "形成", "发展")  # fmt: skip
# the rest of a （其中…） list: text with brackets nested at most once (市企业技术（研发）中心), up to its ）
BRACKETED_REST_RE = re.compile(r"(?:[^（()）]|[（(][^（()）]*[）)])*")
SENTENCE_REST_RE = re.compile(r"[^。；;]*")
CHANGE_CUES = re.compile(r"比|较|同比|增加|减少|增长|下降|提高|降低")
# units a 其中 list can add up (counts and money, not rates)
ADDITIVE_UNITS = ("家", "个", "项", "名", "所", "户", "座", "条", "台", "件", "元", "人", "亩", "吨")
INCREMENT_CUES = ("新增", "增加", "净增")
ANNUAL_CUES = ("每年", "年均", "每年度")
YEAR_RE = re.compile(r"(?:到|至|在)\s*(20\d\d)\s*年(?:底|末)?|(20\d\d)\s*年(?:底|末)?(?:前|以前)")
VISION_CUES = ("展望", "远景", "远期")
# 15.“2152”龙头引育工程：… — a paragraph opened by a named programme sets that programme's own figures,
# which are not the document's targets for the same category (培育100家左右“专精特新”企业 vs 突破6000家)
PROGRAMME_RE = re.compile(
    r"^\s*(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}是)?\s*"
    r"([^，。；：:]{2,24}?(?:工程|计划|行动|专项|项目|专栏))\s*[：:]"
)
PERIOD_TITLE_RE = re.compile(r"[（(]\s*(20\d\d)\s*[—\-－–～~至到]+\s*(20\d\d)\s*年?\s*[）)]")

# the stand-in number pattern (used only while extractors.quantities is missing)
_FALLBACK_QTY = re.compile(
    r"(?P<pre>超过|突破|不少于|不低于|不超过|约|近)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<mult>[万亿]?)\s*"
    r"(?P<unit>家|个|项|名|所|户|座|条|台|件|元|人)(?P<post>以上|左右|以内|以下|余)?"
)
_BOUNDS = {"超过": "min", "突破": "min", "不少于": "min", "不低于": "min", "以上": "min", "余": "min",
           "不超过": "max", "以内": "max", "以下": "max", "约": "approx", "近": "approx", "左右": "approx"}  # fmt: skip


@dataclass
class Goal:
    category: str
    written: str
    value: float
    unit: str
    bound: str
    year: int | None
    kind: str  # level | increment | annual_increment
    span: Span  # category .. number


# --- numbers --------------------------------------------------------------------------


def quantities(text: str, offset: int = 0) -> list[Quantity]:
    try:
        from extractors.quantities import find_quantities
    except ImportError:
        find_quantities = None
    if find_quantities is not None:
        return [q for q in find_quantities(text, offset) if q.value is not None]
    out = []
    for m in _FALLBACK_QTY.finditer(text):
        value = float(m.group("num")) * {"万": 1e4, "亿": 1e8}.get(m.group("mult"), 1)
        qual = m.group("pre") or m.group("post") or ""
        out.append(
            Quantity(
                text=m.group(),
                value=value,
                unit=m.group("unit"),
                span=Span(offset + m.start(), offset + m.end()),
                qualifier=qual,
                bound=_BOUNDS.get(qual, "exact"),
            )
        )
    return out


# --- 其中 breakdowns ------------------------------------------------------------------------------


def _is_change(text: str, q: Quantity) -> bool:
    """``比2024年预算增加3,355.65万元``: a change against another figure, not a part of the total."""
    clause_start = max(text.rfind(c, 0, q.span.start) for c in "，,；;：:（(")
    return bool(CHANGE_CUES.search(text[clause_start + 1 : q.span.start]))


def _rounding(q: Quantity) -> float:
    """Half a unit of the last digit written: ``4.79万元`` may stand for up to 47,950 元."""
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", q.text)
    if not m or not q.value:
        return 0.0
    written = float(m.group().replace(",", ""))
    if not written:
        return 0.0
    places = len(m.group(1) or "")
    return 0.5 * 10**-places * (q.value / written)


def _region_end(text: str, start: int, bracketed: bool) -> int:
    """Where a 其中 list that starts at ``start`` ends: its closing bracket, else the sentence end."""
    return (BRACKETED_REST_RE if bracketed else SENTENCE_REST_RE).match(text, start).end()


def breakdowns(doc: Document) -> Iterator[Hit]:
    for para in doc.paragraphs:
        text = para.span.of(doc.text)
        if BREAKDOWN_CUE not in text:
            continue
        qs = quantities(text)
        for m in re.finditer(BREAKDOWN_CUE, text):
            before = [q for q in qs if q.span.end <= m.start()]
            if not before:
                continue
            total = before[-1]
            gap = text[total.span.end : m.start()]
            if not TOTAL_TO_CUE_GAP.match(gap):
                continue
            end = _region_end(text, m.end(), "（" in gap or "(" in gap)
            parts = [
                q
                for q in qs
                if m.end() <= q.span.start
                and q.span.end <= end
                and q.unit == total.unit
                and not _is_change(text, q)
            ]
            bound = "exact" if total.qualifier in REACH_CUES else total.bound
            if len(parts) < 2 or bound == "min" or total.unit not in ADDITIVE_UNITS:
                continue
            low = sum((p.low if p.low is not None else p.value) or 0 for p in parts)
            limit = total.value * (1.1 if bound == "approx" else 1.0) + sum(
                _rounding(q) for q in [total, *parts]
            )
            if low > limit + 1e-9:
                detail = "+".join(fmt_value(p.value) for p in parts)
                span = Span(para.span.start + total.span.start, para.span.start + min(len(text), end + 1))
                yield Hit(
                    "breakdown-sum",
                    span,
                    f"“其中”分项之和超过总数：{detail}={fmt_value(low)}{total.unit}，总数为{total.text.strip()}",
                    None,
                )


# --- targets ------------------------------------------------------------------------------------


def _year_before(text: str, pos: int) -> int | None:
    year = None
    for m in YEAR_RE.finditer(text, 0, pos):
        year = int(m.group(1) or m.group(2))
    return year


def goals(doc: Document) -> list[Goal]:
    """Category + number pairs of the text (``上市企业突破100家``), with year, kind and bound."""
    out: list[Goal] = []
    for para in doc.paragraphs:
        text = para.span.of(doc.text)
        base = para.span.start
        qs = quantities(text)
        for men in mentions(text):
            s, e = men.span.start, men.span.end
            q = next((q for q in qs if e <= q.span.start <= e + 8), None)
            if q is None or q.unit == "元" or not TARGET_GAP_RE.match(text[e : q.span.start]):
                continue
            clause_start = max(text.rfind(c, 0, s) for c in "，。；：,;")
            lead = text[clause_start + 1 : s] + text[e : q.span.start]
            if "分别" in lead:
                continue
            year = _year_before(text, s)
            if year is None:
                continue  # a number without a deadline is a fact or an achievement, not a target
            if is_cjk(text[s - 1 : s]) and not text[:s].endswith(TARGET_LEADS):
                continue  # 先进级智能工厂: the lexicon name is only the tail of a narrower category
            kind = "level"
            if any(c in lead for c in INCREMENT_CUES):
                kind = "annual_increment" if any(c in lead for c in ANNUAL_CUES) else "increment"
            out.append(
                Goal(
                    men.canonical,
                    men.written,
                    q.value,
                    q.unit,
                    q.bound,
                    year,
                    kind,
                    Span(base + s, base + q.span.end),
                )
            )
    return out


def _scope(doc: Document, offset: int) -> str:
    """The named programme whose paragraph holds ``offset`` (empty: the document itself)."""
    para = doc.paragraph_at(offset)
    m = PROGRAMME_RE.match(para.span.of(doc.text)) if para else None
    return m.group(1) if m else ""


def target_conflicts(doc: Document, gs: list[Goal]) -> Iterator[Hit]:
    first: dict[tuple[str, str, str, str], list[Goal]] = {}
    for g in gs:
        key = (_scope(doc, g.span.start), g.category, g.kind, g.unit)
        for prev in first.get(key, []):
            same_year = g.year == prev.year or g.year is None or prev.year is None
            if same_year and abs(g.value - prev.value) > 1e-9:
                why = f"数值不同：{fmt_value(prev.value)}{prev.unit}与{fmt_value(g.value)}{g.unit}"
            elif not same_year and abs(g.value - prev.value) <= 1e-9:
                why = f"年份不同：{prev.year}年与{g.year}年"
            elif same_year and {g.bound, prev.bound} == {"min", "max"}:
                why = "限定词矛盾：一处为下限，一处为上限"
            else:
                continue
            yield Hit(
                "target-conflict",
                g.span,
                f"“{curly(g.category)}”的目标前后不一致（{why}），前文见{location(doc, prev.span)}“{doc.quote(prev.span)}”",
                None,
            )
            break
        first.setdefault(key, []).append(g)


def plan_period(doc: Document) -> tuple[int, int] | None:
    p = doc.metadata.period if doc.metadata else None
    if p and p.start and p.end:
        return p.start, p.end
    for para in doc.paragraphs[:30]:
        m = PERIOD_TITLE_RE.search(para.span.of(doc.text))
        if m:
            return int(m.group(1)), int(m.group(2))
    return None


def deadlines(doc: Document) -> Iterator[Hit]:
    period = plan_period(doc)
    if not period:
        return
    start, end = period
    for para in doc.paragraphs:
        text = para.span.of(doc.text)
        for m in YEAR_RE.finditer(text):
            year = int(m.group(1) or m.group(2))
            if start <= year <= end:
                continue
            sentence_start = max(text.rfind(c, 0, m.start()) for c in "。；")
            if any(c in text[sentence_start + 1 : m.start()] for c in VISION_CUES):
                continue
            yield Hit(
                "deadline-period",
                Span(para.span.start + m.start(), para.span.start + m.end()),
                f"目标年份{year}年超出规划期{start}—{end}年",
                None,
            )


def annual_totals(doc: Document, gs: list[Goal]) -> Iterator[Hit]:
    period = plan_period(doc)
    if not period:
        return
    years = period[1] - period[0] + 1
    totals = {(g.category, g.unit): g for g in gs if g.kind == "increment"}
    for g in gs:
        if g.kind != "annual_increment" or (g.category, g.unit) not in totals:
            continue
        t = totals[(g.category, g.unit)]
        implied = g.value * years
        bad = False
        if g.bound in ("exact", "approx") and t.bound in ("exact", "approx"):
            bad = abs(implied - t.value) > 0.1 * t.value
        elif g.bound == "min" and t.bound in ("exact", "max"):
            bad = implied > t.value * 1.1
        elif g.bound in ("exact", "max") and t.bound == "min":
            bad = implied < t.value * 0.9
        if bad:
            yield Hit(
                "annual-total",
                g.span,
                f"每年目标与总目标不符：每年{fmt_value(g.value)}{g.unit}×{years}年={fmt_value(implied)}{g.unit}，"
                f"而总目标为“{doc.quote(t.span)}”（{location(doc, t.span)}）",
                None,
            )


def goals_from_facts(facts: Facts) -> list[Goal]:
    """The targets extractor's targets as goals: those with a category and a deadline year."""
    return [
        Goal(t.category, t.subject, t.value, t.unit, t.bound, t.year, t.kind, t.span)
        for t in facts.targets
        if t.category and t.year and t.value is not None
    ]


def breakdowns_from_facts(doc: Document, facts: Facts) -> Iterator[Hit]:
    """The same check on the targets extractor's 其中 links (``Target.parent``)."""
    by_id = {t.id: t for t in facts.targets}
    children: dict[str, list] = {}
    for t in facts.targets:
        if t.parent in by_id:
            children.setdefault(t.parent, []).append(t)
    for pid, parts in children.items():
        total = by_id[pid]
        bound = "exact" if total.qualifier in REACH_CUES else total.bound
        parts = [
            p
            for p in parts
            if p.unit == total.unit and p.value is not None and not CHANGE_CUES.search(p.quote)
        ]
        if len(parts) < 2 or bound == "min" or total.value is None or total.unit not in ADDITIVE_UNITS:
            continue
        low = sum(p.value for p in parts)
        if low > total.value * (1.1 if bound == "approx" else 1.0) + 1e-9:
            end = max(p.span.end for p in parts)
            para = doc.paragraph_at(end)
            close = doc.text.find("）", end, para.span.end if para else len(doc.text))
            span = Span(total.span.start, close + 1 if close >= 0 else end)
            detail = "+".join(fmt_value(p.value) for p in parts)
            yield Hit(
                "breakdown-sum",
                span,
                f"“其中”分项之和超过总数：{detail}={fmt_value(low)}{total.unit}，总数为{fmt_value(total.value)}{total.unit}"
                + (total.qualifier if total.qualifier not in REACH_CUES else ""),
                None,
            )


def check(doc: Document, facts: Facts | None, earlier: Facts | None) -> Iterator[Hit]:
    """All fact rules. With the targets extractor's facts, its targets (and 其中 links) are used; the
    text patterns of this module fill in where it found nothing."""
    gs = goals_from_facts(facts) if facts is not None and facts.targets else goals(doc)
    found: list[Span] = []
    if facts is not None and facts.targets:
        for h in breakdowns_from_facts(doc, facts):
            found.append(h.span)
            yield h
    for h in breakdowns(doc):
        if not any(h.span.overlaps(s) for s in found):
            yield h
    yield from target_conflicts(doc, gs)
    yield from deadlines(doc)
    yield from annual_totals(doc, gs)
