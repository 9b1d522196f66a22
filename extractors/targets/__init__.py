"""Targets: the forward-looking numbers a policy sets (to a year, 力争, 达到, 培育, 新增, 打造 ...).

Supports
    * ``subject 达到 N unit``: ``规上工业总产值达到 1 万亿元`` -> subject 规上工业总产值, 1e12 元.
    * ``verb N unit subject``: ``每年实施150项以上数字化技术改造项目`` (annual_increment),
      ``打造1个以上世界级先进制造业集群、7个左右国家级新型工业化产业示范基地`` (two targets).
    * Lists: ``培育“雄鹰”企业10家、“链主”企业8家`` gives two targets; a coordinated subject without
      its own number keeps its partners: ``省级未来工厂、智能工厂和数字化车间150家以上`` is one.
    * ``分别``: ``“两化”融合发展指数、信息化发展指数分别达到95以上、120以上`` pairs subjects and values
      in order; a shared head noun is distributed: ``国家级、市级专精特新“小巨人”企业分别…`` ->
      国家级专精特新“小巨人”企业, 市级专精特新“小巨人”企业; ``战略性新兴产业、高新技术产业增加值占比`` ->
      战略性新兴产业增加值占比, 高新技术产业增加值占比. Counts that do not agree give no target.
    * ``均`` gives every subject the one value (``马铃薯种植、收获机械化率均达到45%``); values listed without
      分别 pair the same way (``改造老旧供热、燃气、排水管网800公里、600公里、300公里``).
    * ``其中``: ``达到20000家（其中规上企业8000家、…）`` — the parts point at the total's id (``parent``);
      so do the parts of a ``，其中…`` clause (``全国农机总动力超过10亿千瓦，其中灌排机械动力达到1.2亿千瓦``).
    * A work report's plan part (``三、2026年重点工作``) gives its targets the year the report is named for.
    * The deadline is inherited: ``到2025年`` / ``2025年底前`` governs the rest of its paragraph (and a
      paragraph continuing an unfinished one); ``今年`` is the document's year when known.
    * ``kind``: ``share`` (% with 占比/比重), ``rate`` (% with 率/增长/提高/下降), ``annual_increment``
      (每年/年均), ``increment`` (新增/净增/新培育), ``coverage`` (实现…全覆盖: value 100 %), else ``level``.
    * A subject that is only 总数/数量 or empty borrows the object of the clause before:
      ``打造升级版小微企业工业园，总数达到100个以上`` -> 升级版小微企业工业园总数;
      ``科技型中小企业实现倍增，达到20000家`` -> 科技型中小企业.

Avoids (tense and kind of number — the choice made)
    * Past achievements: a sentence with a past cue (去年, 上年, 过去, 累计, 同比, 比上年, 增至, 居全国…)
      and no future cue (力争, 目标, 预期, 到YYYY年, 今年…) is an achievement, not a target; so is every
      sentence of a work report's review part (from 过去一年 / 回顾 / 五年来 … up to 今年 / 主要预期目标 /
      工作安排 …).
    * Awards: a sentence with 给予/奖励/补助/补贴/资助 and no deadline belongs to ``extractors.awards``.
    * Thresholds and names: ``产值 1 亿元以上企业``, ``年产值10亿元以上大型企业`` (an amount followed by
      a noun), ``中国制造业民营企业500强`` (a number followed by 强), ``上市“100”行动`` (a quoted number),
      years, ordinals, 一批/一次性 (units 批/次), 倍, 级.
    * A count before a noun only counts after a target verb (打造, 培育, 实施 …) or in a list of such
      counts: ``聚焦七大千亿产业和33个百亿支柱产业`` is not a target.
    * Counts that introduce a list (``知识产权保护方面5项：``), bare numbers without 达到/突破 before them
      (``“川字号”优品100``), rules phrased as 原则上…不低于 keep their subject only after cleaning.

Tense lives in ``extractors.tense``, subject phrases in ``extractors.subjects``; this module assembles
targets from them and from ``extractors.quantities``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.subjects import (
    CJK,
    GENERIC_SUBJECTS,
    ITEM_BREAKS,
    QUOTE_FOLD,
    QUOTES,
    SUBJECT_HEAD,
    category,
    clause_bounds,
    clean_subject,
    distribute,
    item_start,
    previous_object,
    quote_depth,
    split_each,
    split_subjects,
    squash,
)
from extractors.tense import (
    DEADLINE,
    FIVE_YEARS,
    FUTURE_CUES,
    THIS_YEAR,
    YEAR_OPENING,
    continues,
    document_year,
    is_forward,
    is_heading_like,
    is_report,
    reports_the_past,
    review_state,
    zone_year,
)
from knowledge_base.model import Document, Paragraph, Quantity, Span, Target, stable_id

# --- rules as data ------------------------------------------------------------------------------


# a count before a noun is a target only after one of these verbs
PRENOMINAL_VERBS = re.compile(
    r"(?:打造|培育|实施|新增|建设|建成|创建|引进|推行|培养|认定|组建|争创|设立|新建|招引|"
    r"完成|布局|支持|推动|扶持|遴选|选树|开展|举办|形成|每年|建立|办好|抓好|新培育|新认定)\s*$"
)
QUALIFIER_VERBS = {
    "突破": "min",
    "超过": "min",
    "超": "min",
    "不少于": "min",
    "不低于": "min",
    "不超过": "max",
}
COUNT_UNITS = frozenset("个家项名所座条户支处人台套只种")
EXCLUDED_UNITS = frozenset(
    {
        "批",
        "次",
        "倍",
        "年",
        "级",
        "届",
        "期",
        "轮",
        "号",
        "强",
        "大",
        "岁",
        "月",
        "日",
        "天",
        "周",
        "代",
        "G",
    }
)
EXCLUDED_ROLES = frozenset({"year", "period", "ordinal", "date"})
NAME_SUFFIX = re.compile(r"^\s*(?:强|大|佳|优|百强|G\b)")  # 500强, 七大, 十佳, 5G
# kind of target, first match wins: (kind, needs percent, pattern over the context before the number)
KIND_RULES: list[tuple[str, bool, re.Pattern[str]]] = [
    ("share", True, re.compile(r"占比|比重|比例|占")),
    ("rate", True, re.compile(r"率|增长|增速|提高|下降|降低|减少|增幅|涨幅")),
    ("annual_increment", False, re.compile(r"每年|年均|每年度")),
    ("increment", False, re.compile(r"新增|净增|新培育|新认定|新引进|新建|增加(?!值)")),
]
# a share before its noun is a target only right after one of these: 推动60%以上的县级特困供养机构三级达标
SHARE_VERB = re.compile(r"(?:推动|力争|确保|实现|使|让)\s*(?:超过|超)?\s*$")
COVERAGE = re.compile(r"全覆盖")
# the verb that makes 全覆盖 a goal (实现…全覆盖, 推动市级未成年人救助保护机构全覆盖), the last one before it wins
COVERAGE_VERB = re.compile(r"实现|推动|推进|做到")
# a list of subjects and the word that pairs them with values: 分别 (in order), 均 (one value for all)
OWN_VERB = re.compile(r"达到|达|提升到|提高到|突破|超过|保持在|稳定在|控制在|增长|提高|下降")
DURATION = re.compile(r"\d\s*个月")  # 顶岗实习时间一般为6个月: a duration, unlike 12月 (a date)
EACH = re.compile(r"分别|均(?=达到|达|为|不低于|不少于|超过|保持|稳定|控制|提高|增长)")
INDEX_VERB = re.compile(r"(?:达到|达|提升到|提高到|提升至|提高至|突破|超过|保持在|稳定在|为)\s*$")
# a qualifier written after the number (its span may stop before it)
SUFFIX_QUALIFIER = re.compile(r"^\s*(?:以上|以下|以内|左右|余|多)")
# an item starting like this is a condition (以…为重点, 对…的企业), not a target's subject
# (never the first character of a word: 经济, 经营, 对外, 当地, 如期 …)
CONDITION_START = re.compile(r"^(?:以(?!上)|对(?!外)|按|凡|经(?!济|营|贸|费)|当(?!地|年|前)|从|由|如(?!期))")
# a clause ending in 的 before what follows from it is a condition: …人数达到职工人数25%…的，可申请…
CONDITION_END = re.compile(r"^的[，,]\s*(?:可以|可|均可|给予|予以|按|享受|视为|视同|免予|不再|应当|须)")
# a count of the parts of the text (抓好八个方面工作, 重点做好六个方面工作), not a goal
OUTLINE_COUNT = re.compile(r"^方面|^(?:重点|主要|关键)?(?:工作|任务)$")
# qualifiers that only repeat the verb: 达到 1 万亿元 is a level, not a bound
VERB_QUALIFIERS = frozenset({"达到", "力争", "到", "达"})


@dataclass
class _Ctx:
    doc: Document
    doc_year: int | None


# --- the extractor ------------------------------------------------------------------------------


def extract_targets(doc: Document, quantities: list[Quantity] | None = None) -> list[Target]:
    """Every target the document sets, in text order, with quote, span, source and section.

    ``quantities`` (all numbers of the document, Document offsets) may be passed in when they are
    already known; otherwise they are found here paragraph by paragraph.
    """
    from extractors.quantities import find_quantities

    ctx = _Ctx(doc, document_year(doc))
    text = doc.text
    targets: list[Target] = []
    if reports_the_past(doc):
        return targets
    report = is_report(doc)
    default_year: int | None = None  # a work report's plan part: the year it is named for
    in_review = False
    carried_year: int | None = None
    prev: Paragraph | None = None
    by_para = _group(quantities, doc.paragraphs) if quantities is not None else None
    for i, para in enumerate(doc.paragraphs):
        ptext = para.span.of(text)
        if para.kind == "table_row":
            continue
        if report:
            default_year = zone_year(ptext, ctx.doc_year, default_year)
        if para.kind == "heading" or is_heading_like(ptext):
            in_review = review_state(ptext, in_review)
            prev, carried_year = para, None
            continue
        in_review = review_state(ptext, in_review)
        continuing = prev is not None and continues(prev.span.of(text), ptext)
        year = carried_year if continuing else None
        prev = para
        if in_review:
            carried_year = None
            continue
        qs = by_para[i] if by_para is not None else find_quantities(ptext, para.span.start)
        year = _paragraph_targets(ctx, para, ptext, qs, year, targets, default_year)
        carried_year = year
    return targets


def _group(quantities: list[Quantity], paragraphs: list[Paragraph]) -> list[list[Quantity]]:
    out: list[list[Quantity]] = [[] for _ in paragraphs]
    starts = [p.span.start for p in paragraphs]
    import bisect

    for q in quantities:
        i = bisect.bisect_right(starts, q.span.start) - 1
        if i >= 0:
            out[i].append(q)
    return out


def _paragraph_targets(
    ctx: _Ctx,
    para: Paragraph,
    ptext: str,
    qs: list[Quantity],
    year: int | None,
    out: list[Target],
    default_year: int | None = None,
) -> int | None:
    from extractors.text import sentences

    base = para.span.start
    past = False  # set by a sentence about a past year, until a deadline or a future cue
    # 〝〞 pair with “” in real texts (省级“隐形冠军〞企业): fold them, same length, for splitting
    for s in sentences(ptext.translate(QUOTE_FOLD), base):
        stext = s.of(ctx.doc.text)
        found = [(m.group("a") or m.group("b") or m.group("c")) for m in DEADLINE.finditer(stext)]
        if found:
            year = int(found[0])
        sent_year = year
        if not found and FIVE_YEARS.search(stext):
            sent_year = None  # 今后五年…: not the deadline an earlier sentence gave
        if sent_year is None and THIS_YEAR.search(stext):
            sent_year = ctx.doc_year
        if sent_year is None and not FIVE_YEARS.search(stext):
            sent_year = default_year
        if found or FUTURE_CUES.search(stext):
            past = False
        opening = YEAR_OPENING.match(stext)
        if opening and ctx.doc_year and int(stext[:4]) < ctx.doc_year:
            past = True  # 2000年国务院召开…: this and the sentences after it report the past
        elif opening and ctx.doc_year and int(stext[:4]) > ctx.doc_year and not found:
            year = sent_year = int(
                stext[:4]
            )  # 2025年，全市…达到…: a later year opening a sentence is its deadline
        if past or not is_forward(stext, bool(found)):
            continue
        sq = [q for q in qs if s.start <= q.span.start and q.span.end <= s.end]
        _sentence_targets(ctx, para, s, stext, sq, sent_year, out)
    return year


# --- one sentence -------------------------------------------------------------------------------


def _sentence_targets(
    ctx: _Ctx, para: Paragraph, s: Span, stext: str, qs: list[Quantity], year: int | None, out: list[Target]
) -> None:
    base = s.start
    if not qs and "全覆盖" not in stext:
        return
    depth = quote_depth(stext)
    children_regions = [(m.start(), _close_paren(stext, m.start())) for m in re.finditer(r"[（(]其中", stext)]
    first_new = len(out)
    totals: list[Target] = []
    candidates = [
        q
        for q in qs
        if _is_candidate(stext, q, base, depth, bool(_in_regions(q.span.start - base, children_regions)))
    ]
    used: set[int] = set()
    # 分别: subjects before it, values after it, paired in order
    for m in EACH.finditer(stext):
        if depth[m.start()] or _in_regions(m.start(), children_regions):
            continue
        cstart, cend = clause_bounds(stext, m.start(), depth)
        values = [
            q for q in candidates if cstart <= q.span.start - base < cend and q.span.start - base > m.start()
        ]
        values = [q for q in values if _is_postnominal(stext, q, base, depth)]
        subjects = split_subjects(stext, cstart, m.start(), depth)
        if m.group() == "均" and len(values) == 1 and len(subjects) >= 2:
            values = values * len(subjects)  # 马铃薯种植、收获机械化率均达到45%: one value for each
        if len(values) >= 2 and len(values) == len(subjects):
            for (sub_start, sub_text), q in zip(distribute(subjects), values, strict=True):
                t = _make(ctx, para, base, stext, sub_text, sub_start, q, year, cstart, depth=depth)
                out.append(t)
                used.add(id(q))
        elif values and m.group() == "分别":
            used.update(id(q) for q in values)  # counts disagree: no guess
    _value_lists(ctx, para, base, stext, candidates, used, depth, year, out)
    for q in candidates:
        if id(q) in used:
            continue
        qs_, qe = q.span.start - base, q.span.end - base
        region = _in_regions(qs_, children_regions)
        if _is_postnominal(stext, q, base, depth):
            start = item_start(stext, qs_, depth, region)
            subject_raw = stext[start:qs_]
            if CONDITION_START.match(subject_raw.lstrip()):
                continue
            sub_start, subject = clean_subject(stext, start, qs_)
            if not region:
                sub_start, subject = _coordinated(stext, start, sub_start, subject, depth, candidates, base)
            if subject and (not CJK.search(subject) or re.fullmatch(r"[\d.]+\s*\S{0,2}", subject)):
                continue  # 505户1748人: a count after a count is a description
            if not q.unit and not INDEX_VERB.search(stext[:qs_]):
                continue  # a bare number is an index only after 达到/突破…: 优品100 is a name
            if not subject or subject in GENERIC_SUBJECTS:
                borrowed = previous_object(stext, start, depth)
                if borrowed is None:
                    continue
                sub_start, prev_subject = borrowed
                # 工业园 + 总数; 合计/共计/总计 add nothing to what they sum
                subject = prev_subject + (subject if subject not in ("合计", "共计", "总计") else "")
            if subject.endswith("各") and len(subject) > 1:
                # 新建省重点实验室、省技术创新中心、省工程研究中心各20家: one target per item
                for part in split_each(subject[:-1]):
                    out.append(_make(ctx, para, base, stext, part, sub_start, q, year, start, depth=depth))
                continue
            t = _make(ctx, para, base, stext, subject, sub_start, q, year, start, depth=depth)
        elif _is_prenominal(stext, q, base, depth):
            end = _end(stext, q, base)
            qe = end
            while (
                end < len(stext)
                and stext[end] not in ITEM_BREAKS
                and not re.match(r"等(?:[“”\"，。；、）)]|$)", stext[end : end + 2])
                and not re.match(r"[和及与]\s*\d", stext[end : end + 3])
            ):
                end += 1
            if end < len(stext) and stext[end] == "、":
                # 100个以上行业级、场景级大模型和智能体 / 40个吸引力强、带动面广的消费场景: modifiers share a noun
                more = end + 1
                while more < len(stext) and stext[more] not in ITEM_BREAKS.replace("、", ""):
                    more += 1
                rest = stext[end:more]
                if not re.search(r"\d", rest) and (
                    re.search(r"[级型类]$", stext[qe:end]) or "的" in rest or _parallel_nouns(stext[qe:end], rest)
                ):
                    end = more
            subject = squash(stext[qe:end])
            if not subject or stext[qe] in QUOTES.values() or re.search(r"\d", subject):
                continue  # 推动11个能源重点领域项目投资突破2000亿元: the later number is the target
            if OUTLINE_COUNT.search(subject):
                continue
            t = _make(
                ctx,
                para,
                base,
                stext,
                subject,
                qs_,
                q,
                year,
                item_start(stext, qs_, depth, region),
                end=end,
                depth=depth,
            )
        elif (share := _share_before_noun(stext, q, base, depth)) is not None:
            sub_start, subject, end = share
            t = _make(ctx, para, base, stext, subject, qs_, q, year, qs_, end=end, depth=depth)
            t.kind = "share"
        else:
            continue
        cstart = clause_bounds(stext, q.span.start - base, depth)[0]
        if not region and stext[cstart:].lstrip().startswith("其中"):
            # 全国农机总动力超过10亿千瓦，其中灌排机械动力达到1.2亿千瓦: a part of the total before;
            # 建设1000个…项目，其中小型水库7座、…993个: counts are parts of a count
            if totals and _part_of(t, totals[-1]):
                t.parent = totals[-1].id
            out.append(t)
            continue
        if region:
            parent = _total_before(totals, region[0] + base)
            if parent is not None:
                t.parent = parent.id
                t.year = parent.year
                t.kind = parent.kind if parent.kind in ("level", "increment") else t.kind
        else:
            totals.append(t)
        out.append(t)
    _coverage(ctx, para, s, stext, depth, year, out)
    out[first_new:] = sorted(out[first_new:], key=lambda t: (t.span.start, t.span.end))


def _value_lists(
    ctx: _Ctx,
    para: Paragraph,
    base: int,
    stext: str,
    candidates: list[Quantity],
    used: set[int],
    depth: list[int],
    year: int | None,
    out: list[Target],
) -> None:
    """Values listed without 分别: ``改造老旧供热、燃气、排水管网800公里、600公里、300公里`` pairs like 分别."""
    free = [q for q in candidates if id(q) not in used and _is_postnominal(stext, q, base, depth)]
    runs: list[list[Quantity]] = []
    for q in free:
        if runs and re.fullmatch(r"\s*、\s*", stext[_end(stext, runs[-1][-1], base) : q.span.start - base]):
            runs[-1].append(q)
        else:
            runs.append([q])
    for run in runs:
        if len(run) < 2:
            continue
        first = run[0].span.start - base
        cstart, _ = clause_bounds(stext, first, depth)
        subjects = split_subjects(stext, cstart, first, depth)
        if len(subjects) != len(run):
            continue
        for (sub_start, sub_text), q in zip(distribute(subjects), run, strict=True):
            out.append(_make(ctx, para, base, stext, sub_text, sub_start, q, year, cstart, depth=depth))
            used.add(id(q))


def _part_of(part: Target, total: Target) -> bool:
    """Units a part can share with its total: the same unit (not %: 增长5%，其中…占比25% is no part),
    or two counts (个, 座, 家 …)."""
    if part.unit == total.unit:
        return part.unit != "%"
    return part.unit in COUNT_UNITS and total.unit in COUNT_UNITS


def _close_paren(stext: str, start: int) -> int:
    d = 0
    for i in range(start, len(stext)):
        if stext[i] in "（(":
            d += 1
        elif stext[i] in "）)":
            d -= 1
            if d == 0:
                return i
    return len(stext)


def _in_regions(pos: int, regions: list[tuple[int, int]]) -> tuple[int, int] | None:
    for r in regions:
        if r[0] <= pos < r[1]:
            return r
    return None


def _total_before(totals: list[Target], pos: int) -> Target | None:
    before = [t for t in totals if t.span.end <= pos + 1]
    return before[-1] if before else None


def _is_candidate(stext: str, q: Quantity, base: int, depth: list[int], in_region: bool) -> bool:
    if q.role in EXCLUDED_ROLES or (q.unit in EXCLUDED_UNITS and not DURATION.search(q.text)):
        return False
    if q.value is None and q.low is None:
        return False
    qs_, qe = q.span.start - base, q.span.end - base
    if qs_ < 0 or qe > len(stext):
        return False
    if NAME_SUFFIX.match(stext[qe:]):
        return False
    if qs_ > 0 and stext[qs_ - 1] in QUOTES and qe < len(stext) and stext[qe] in QUOTES.values():
        return False  # a quoted number is a name: 上市“100”行动
    if not re.search(r"\d|[一二三四五六七八九十百千万两]", q.text):
        return False
    if q.value == 1 and not re.search(r"\d", q.text):
        return False  # 一件、一个: a word, not a target
    if CONDITION_END.match(stext[clause_bounds(stext, qs_, depth)[1] - 1 :]):
        return False  # …达到职工人数25%…的，可申请…: a condition, not a goal
    # a number inside quote marks or brackets is part of a name (“中国制造业民营企业500强”)
    return depth[qs_] <= (1 if in_region else 0)


def _next_char(stext: str, pos: int) -> str:
    while pos < len(stext) and stext[pos] in " \u3000\t":
        pos += 1
    return stext[pos] if pos < len(stext) else ""


def _end(stext: str, q: Quantity, base: int) -> int:
    """Where the number ends in the sentence, a qualifier written after it (以上, 左右) included."""
    qe = q.span.end - base
    m = SUFFIX_QUALIFIER.match(stext[qe:])
    return qe + m.end() if m else qe


def _is_postnominal(stext: str, q: Quantity, base: int, depth: list[int]) -> bool:
    """The number ends its item: what follows is a break, the end, 和/及 + number, or （其中."""
    qe = _end(stext, q, base)
    rest = stext[qe:].lstrip(" \u3000")
    if rest[:1] in ("：", ":"):
        return False  # 知识产权保护方面5项：…: a count that introduces a list
    if not rest or rest[0] in ITEM_BREAKS:
        return True
    return bool(re.match(r"^(?:和|及|或|与)\s*\d", rest))


def _is_prenominal(stext: str, q: Quantity, base: int, depth: list[int]) -> bool:
    """A count before its noun after a target verb (or after another such count in a list)."""
    if q.unit not in COUNT_UNITS and not (q.unit and q.unit[-1] in COUNT_UNITS):
        return False
    qs_ = q.span.start - base
    nxt = _next_char(stext, _end(stext, q, base))
    if not nxt or nxt in ITEM_BREAKS or nxt == "的":
        return False
    before = stext[:qs_]
    if PRENOMINAL_VERBS.search(before):
        return True
    # a list item right after another prenominal count: 、7个左右国家级…
    return bool(re.search(r"[、和及]\s*$", before)) and bool(
        re.search(r"(?:打造|培育|实施|推行|建设|新增|创建)", before)
    )


def _share_before_noun(stext: str, q: Quantity, base: int, depth: list[int]) -> tuple[int, str, int] | None:
    """A share of what follows, right after a target verb: ``推动60%以上的县级特困供养机构三级达标`` -> subject
    县级特困供养机构三级达标 (to the end of the clause); returns (subject start, subject, end) or None."""
    if q.unit != "%":
        return None
    qs_ = q.span.start - base
    after = _end(stext, q, base)
    if not stext.startswith("的", after) or not SHARE_VERB.search(stext[:qs_]):
        return None
    end = clause_bounds(stext, qs_, depth)[1]
    subject = squash(stext[after + 1 : end])
    if not subject or re.search(r"\d", subject):
        return None
    return after + 1, subject, end


def _parallel_nouns(first: str, rest: str) -> bool:
    """``、``-items after a counted noun that name the same kind of thing share its count: 200个智能车间、智能工厂,
    100项省级重大科技专项、重点研发专项 (each item starts or ends like the first, and none starts with a verb)."""
    first = squash(first)
    items = [squash(x) for x in rest.split("、") if x.strip()]
    if len(first) < 2 or not items:
        return False
    return all(
        len(x) >= 2 and not PRENOMINAL_VERBS.search(x[:2]) and (x[:2] == first[:2] or x[-2:] == first[-2:])
        for x in items
    )


def _coordinated(
    stext: str,
    start: int,
    sub_start: int,
    subject: str,
    depth: list[int],
    candidates: list[Quantity],
    base: int,
) -> tuple[int, str]:
    """Extend a subject over preceding 、-items that have no number of their own (same clause)."""
    i = start - 1
    cur = start
    while i >= 0 and stext[i] == "、" and not depth[i]:
        prev_start = item_start(stext, i, depth, None)
        if any(prev_start <= q.span.start - base < i for q in candidates):
            break
        if re.search(r"\d", stext[prev_start:i]):
            break
        s2, _ = clean_subject(stext, prev_start, i)
        sub_start = s2
        subject = squash(stext[s2:cur]) + subject
        cur = prev_start
        i = prev_start - 1
    return sub_start, subject


def _kind(context: str, unit: str) -> str:
    for kind, needs_percent, pattern in KIND_RULES:
        if needs_percent and unit != "%":
            continue
        if pattern.search(context):
            return kind
    return "level"


def _unit(q: Quantity) -> str:
    return f"{q.unit}/{q.per}" if q.per else q.unit


def _make(
    ctx: _Ctx,
    para: Paragraph,
    base: int,
    stext: str,
    subject: str,
    sub_start: int,
    q: Quantity,
    year: int | None,
    clause_start: int,
    end: int | None = None,
    depth: list[int] | None = None,
) -> Target:
    doc = ctx.doc
    qs_, qe = q.span.start - base, _end(stext, q, base)
    span_end = base + (end if end is not None else qe)
    span = Span(base + min(sub_start, qs_), span_end)
    quote = span.of(doc.text)
    context = stext[clause_start:qe]
    clause_head = stext[
        clause_bounds(stext, qs_, depth if depth is not None else quote_depth(stext))[0] : qs_
    ]
    own_verb = OWN_VERB.search(stext[item_start(stext, qs_, depth or quote_depth(stext), None) : qs_])
    unit = _unit(q)
    # 再增加2—4家、省实验室达到20家: an item with its own verb is judged alone; 新增A50个、B40家: B shares 新增
    kind = _kind(context if own_verb else clause_head + context, q.unit)
    qualifier, bound = q.qualifier.split("…")[-1], q.bound
    if qualifier in VERB_QUALIFIERS:
        qualifier, bound = "", "exact"
    verb = re.search(r"(突破|超过|超|不少于|不低于|不超过)\s*$", stext[:qs_])
    if not qualifier and verb:
        qualifier, bound = verb.group(1), QUALIFIER_VERBS[verb.group(1)]
    value = q.value if q.value is not None else q.low
    section = para.section
    if section is None:
        sec = doc.section_at(span.start)
        section = sec.id if sec else None
    return Target(
        id=stable_id(doc.id, section, quote, subject, value),
        subject=subject,
        category=category(subject),
        value=value,
        unit=unit,
        qualifier=qualifier,
        year=year,
        kind=kind,
        quote=quote,
        span=span,
        source=doc.source_at(span.start),
        section=section,
        bound=bound,
    )


# --- 全覆盖 -------------------------------------------------------------------------------------


def _coverage(
    ctx: _Ctx, para: Paragraph, s: Span, stext: str, depth: list[int], year: int | None, out: list[Target]
) -> None:
    base = s.start
    for m in COVERAGE.finditer(stext):
        if depth[m.start()]:
            continue  # “三个全覆盖”: a name
        after = stext[m.end() : m.end() + 6]
        if after.startswith(("的", "基础", "为")):
            continue  # 在…全覆盖的基础上: a premise, not a goal
        cstart, _ = clause_bounds(stext, m.start(), depth)
        clause = stext[cstart : m.start()]
        if not COVERAGE_VERB.search(clause):
            continue
        start = item_start(stext, m.start(), depth, None)
        # 实现单位职工、退休人员、灵活就业人员全覆盖: items without their own 全覆盖 share it
        while (
            start > cstart + 1
            and stext[start - 1] == "、"
            and "全覆盖" not in stext[item_start(stext, start - 1, depth, None) : start]
        ):
            start = item_start(stext, start - 1, depth, None)
        raw = stext[start : m.start()]
        lead = 0
        verbs = list(COVERAGE_VERB.finditer(raw))
        k = verbs[-1].start() if verbs else -1
        obj = ""
        if k >= 0:
            lead = verbs[-1].end()
            dui = re.search(r"对(.+?)(?:实现|推动|推进|做到)", raw)
            if dui:
                obj = squash(dui.group(1))
        else:
            hm = SUBJECT_HEAD.match(raw)
            lead = hm.end() if hm else 0
        subject = obj + squash(raw[lead:])
        if not subject:
            continue
        span = Span(base + start + (raw.find(obj[:1]) if obj else lead), base + m.end())
        quote = span.of(ctx.doc.text)
        section = para.section
        if section is None:
            sec = ctx.doc.section_at(span.start)
            section = sec.id if sec else None
        out.append(
            Target(
                id=stable_id(ctx.doc.id, section, quote, subject, 100.0),
                subject=subject,
                category=category(subject),
                value=100.0,
                unit="%",
                qualifier="全覆盖",
                year=year,
                kind="coverage",
                quote=quote,
                span=span,
                source=ctx.doc.source_at(span.start),
                section=section,
                bound="exact",
            )
        )


__all__ = ["extract_targets"]
