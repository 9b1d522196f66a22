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
      (每年/年均), ``increment`` (新增/净增/新培育), ``coverage`` (实现/推动/推进/做到…全覆盖: value 100 %), else
      ``level``.
    * A count shared by parallel nouns: ``新建200个智能车间、智能工厂`` is one target of 200; a share before its noun
      after 推动/力争/确保: ``推动60%以上的县级特困供养机构三级达标`` -> 60 %, share.
    * A subject that is only 总数/数量 or empty borrows the object of the clause before:
      ``打造升级版小微企业工业园，总数达到100个以上`` -> 升级版小微企业工业园总数;
      ``科技型中小企业实现倍增，达到20000家`` -> 科技型中小企业.

Avoids (tense and kind of number — the choice made)
    * Past achievements: a sentence with a past cue (去年, 上年, 过去, 累计, 同比, 比上年, 增至, 居全国…)
      and no future cue (力争, 目标, 预期, 到YYYY年, 今年…) is an achievement, not a target; so is every
      sentence of a work report's review part (from 过去一年 / 回顾 / 五年来 … up to 今年 / 主要预期目标 /
      工作安排 …).
    * Awards: a sentence with 给予/奖励/补助/补贴/资助, a sum or share of money and no deadline belongs to
      ``extractors.awards`` (``残疾人“两项补贴”`` names no money and leaves the sentence's targets alone).
    * Conditions: a clause ending in 的 before 可/给予/按… (``人员数量达到职工人数25%…的，可申请…``); counts of the
      text's own parts (``抓好十一个方面工作``).
    * Thresholds and names: ``产值 1 亿元以上企业``, ``年产值10亿元以上大型企业`` (an amount followed by
      a noun), ``中国制造业民营企业500强`` (a number followed by 强), ``上市“100”行动`` (a quoted number),
      years, ordinals, 一批/一次性 (units 批/次), 倍, 级.
    * A count before a noun only counts after a target verb (打造, 培育, 实施 …) or in a list of such
      counts: ``聚焦七大千亿产业和33个百亿支柱产业`` is not a target.
    * Counts that introduce a list (``知识产权保护方面5项：``), bare numbers without 达到/突破 before them
      (``“川字号”优品100``), rules phrased as 原则上…不低于 keep their subject only after cleaning.

Tense lives in ``extractors.tense``, subject phrases in ``extractors.subjects``. This package assembles targets
from them and from ``extractors.quantities``: here the walk over paragraphs and sentences (deadlines, the parts of a
work report); ``sentence`` the targets of one sentence; ``positions`` where a number stands; ``build`` the Target
itself and 全覆盖; ``rules`` the cue words and patterns.
"""

from __future__ import annotations

from extractors.subjects import QUOTE_FOLD
from extractors.targets.build import Ctx
from extractors.targets.sentence import sentence_targets
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
from knowledge_base.model import Document, Paragraph, Quantity, Target

# --- the extractor ------------------------------------------------------------------------------


def extract_targets(doc: Document, quantities: list[Quantity] | None = None) -> list[Target]:
    """Every target the document sets, in text order, with quote, span, source and section.

    ``quantities`` (all numbers of the document, Document offsets) may be passed in when they are
    already known; otherwise they are found here paragraph by paragraph.
    """
    from extractors.quantities import find_quantities

    ctx = Ctx(doc, document_year(doc))
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
    ctx: Ctx,
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
        sentence_targets(ctx, para, s, stext, sq, sent_year, out)
    return year


__all__ = ["extract_targets"]
