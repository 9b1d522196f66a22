"""Awards and subsidies: who gets how much money, on what condition (奖励, 补助, 贴息, 资助, 奖补 …).

Supports
  * a fixed sum: ``对首次上规且次年仍在库的制造业企业，给予一次性6万元奖励`` -> recipient 制造业企业,
    trigger 首次上规且次年仍在库的制造业企业, amount 60000 元, one_off, kind 奖励;
  * a cap: ``对5G融合示范项目最高300万元补助`` / ``给予不超过50万元的补助`` -> ``max`` True;
  * the amount after the kind: ``一次性补助1万元``, ``每家最高奖励50万元``, ``企业获得…一等奖的，奖励200万元``;
  * what the money is for before the kind: ``给予最高200万元的安家补贴`` (kind 补贴);
  * a grantee named after 给予: ``对年纳税额首次超过1亿元的企业，给予企业经营团队不超过50万元的奖励`` ->
    recipient 企业经营团队, threshold 1e8 元;
    or after the kind without 给予: ``…的，奖励平台管理机构80万元`` / ``对…市级小微企业园奖励8万元``;
  * a share: ``按贷款利息的50%给予贴息，单个企业最高不超过100万元`` -> rate 0.5, amount 1000000, max;
    without a cap the amount is None; ``给予设备投资额10%的补助``; ``给予贴息，贴息比例不超过50%`` (rate 0.5, max);
    the kind first: ``可返还其上年度实际缴纳失业保险费的50%`` (kind 返还); a rate of a standard named before:
    ``返还标准可按…应缴纳社会保险费50%的标准确定``;
  * 分别 lists zipped in order — recipients (``对新认定为制造业单项冠军示范企业、单项冠军产品的，分别给予
    一次性100万元、50万元奖励`` -> two awards), thresholds (``年度营业收入首次突破10亿元、50亿元…的，…分别…
    给予30万元、100万元…奖励`` -> one award per revenue threshold {1e9 元}, ``达到2、3、4级`` -> 2/3/4 级)
    and levels (``对获得国家、省级示范（标杆）称号…的企业，分别给予30万元、20万元奖励`` -> two awards whose
    triggers read 获得国家示范… / 获得省级示范…); one amount for a list goes to each
    (``对新认定的国家级、省级专精特新中小企业，分别给予一次性10万元奖励`` -> two awards of 100000 元);
  * a single threshold in the condition: ``对年营业收入首次突破10亿元的企业给予50万元奖励``.
  * a sum paid per unit keeps it in ``unit``: ``给予每人1万元救助`` -> 10000 元/人, ``按每亩200元给予补贴`` -> 元/亩,
    ``每家企业最高奖励50万元`` -> 元/家 (max), ``每人每月给予不超过300元`` -> 元/人/月;
  * ``category``: the recipient's canonical enterprise category (``extractors.entities``) when it has one.

Avoids
  * support without money (``给予支持``, ``加大研发投入补贴力度``) and budgets or totals paid out
    (``专项资金不少于1亿元``, ``发放以旧换新补贴121.9亿元``, ``补助资金127.8亿元``, ``补助标准提高到700元``);
  * guessing a 分别 list: when the number of recipients/thresholds differs from the number of amounts,
    an ``ExtractionIssue`` is returned instead of awards;
  * lists inside brackets or ending in 等 (examples, not a respectively list);
  * the past: a work report's review part (``extractors.tense``: 过去一年 … up to 今年 / 工作安排) and sums
    reported as received (``育儿家庭每月多了300元补贴``; the ``past`` cues) give no awards.

Cue words (kinds, caps, recipient heads and prefixes, levels, aggregate and threshold cues …) are data:
``extractors/lexicon/award_cues.tsv``, one row per cue. Amounts and thresholds are read by
``extractors.quantities``. The quote of every award is the exact text from its condition (``对…``) to
its kind word (or its cap), ``doc.text[award.span]``.

Modules: ``rules`` (cue words and grant patterns), ``grants`` (finding the words that give money),
``conditions`` (condition, recipient, single threshold), ``lists`` (分别 lists paired with sums), ``amounts``
(sums, thresholds and what a sum is paid per); this module walks the document and builds the ``Award``s.
"""

from __future__ import annotations

from extractors.awards.amounts import money, per_unit
from extractors.awards.conditions import (
    condition,
    explicit_recipient,
    general_grant,
    recipient,
    single_threshold,
)
from extractors.awards.grants import Grant, condition_units, grants
from extractors.awards.lists import paired
from extractors.awards.rules import RESPECTIVELY, rules
from knowledge_base.model import Award, Document, ExtractionIssue, Span, stable_id


def extract_awards(doc: Document) -> tuple[list[Award], list[ExtractionIssue]]:
    """Every award with money in ``doc`` (a sum or a share), and the 分别 lists it would not guess.

    A work report's review part (过去一年 … up to 今年 / 工作安排, ``extractors.tense``) reports what was paid,
    so it gives no awards; nor does a sentence that reports a sum as received (育儿家庭每月多了300元补贴)."""
    from extractors.tense import review_state
    from extractors.text import sentences

    awards: list[Award] = []
    issues: list[ExtractionIssue] = []
    seen: set[str] = set()
    text = doc.text
    past = rules()["past"]
    in_review = False
    for para in doc.paragraphs:
        ptext = para.span.of(text)
        in_review = review_state(ptext, in_review)
        if in_review:
            continue
        for sent in sentences(ptext, para.span.start):
            general = general_grant(sent.of(text))
            for unit in condition_units(doc, sent):
                prev_end = unit.start
                for g in grants(text, unit.start, unit.end):
                    sub = Span(prev_end, g.span.end)  # from the unit (or the previous grant) to this grant
                    prev_end = g.span.end
                    if not g.amounts and g.rate is None:
                        continue
                    if any(cue in text[sent.start : g.span.end] for cue in past):
                        continue
                    general_here = general[0] if general and g.span.start - sent.start >= general[1] else None
                    for a in _awards_of(doc, sub, g, general_here, issues):
                        if a.id in seen:  # same recipient and sum twice in one quote: told apart by trigger
                            a.id = stable_id(doc.id, a.section, a.quote, a.recipient, a.amount, a.trigger)
                        seen.add(a.id)
                        awards.append(a)
    return awards, issues


def _awards_of(
    doc: Document, sub: Span, g: Grant, general: str | None, issues: list[ExtractionIssue]
) -> list[Award]:
    """The awards of one grant: one per amount (分别 lists paired), or an issue when they cannot be paired."""
    from extractors.entities import canonical_category

    text = doc.text
    cspan = condition(doc, sub, g)
    cond = cspan.of(text) if cspan else ""
    # the quote runs from 对 (or the condition, or the grant) to the end of the grant
    q0 = sub.start if text.startswith(rules()["condition_start"], sub.start) else (cspan or g.span).start
    quote_span = Span(min(q0, g.span.start), g.span.end)
    quote = quote_span.of(text)
    resp = RESPECTIVELY in text[cspan.end if cspan else sub.start : g.span.end]
    n = len(g.amounts)
    rows = paired(cond, g) if resp and n >= 1 else None
    if rows is None and n > 1:
        why = "" if resp else " (no 分别)"
        message = f"{n} amounts but no list of {n} recipients or thresholds to pair them with{why}"
        issues.append(ExtractionIssue(message, quote, quote_span))
        return []
    if rows is None:
        clause = bool(cspan) and text.startswith("的", cspan.end)
        # 给予企业经营团队…; or the recipient of a grant without money before (对困难家庭子女…给予资助，…)
        rec = g.grantee or explicit_recipient(text[sub.start : g.span.start]) or general
        rec = rec or (recipient(cond, clause) if cond else "")
        rows = [(rec, cond, g.amounts[0] if g.amounts else None, single_threshold(cond))]
    section = doc.section_at(quote_span.start)
    sid = section.id if section else None
    first = g.amounts[0][1].start if g.amounts else g.span.end
    unit = per_unit(text, cspan.end if cspan else sub.start, first)
    out = []
    for rec, trigger, amount, th in rows:
        value = money(amount[0]) if amount else None
        if amount and value is None:
            continue
        out.append(
            Award(
                id=stable_id(doc.id, sid, quote, rec, value),
                recipient=rec,
                trigger=trigger,
                amount=value,
                unit=unit,
                max=g.cap,
                one_off=g.one_off,
                kind=g.kind,
                quote=quote,
                span=quote_span,
                source=doc.source_at(quote_span.start),
                section=sid,
                threshold=th,
                rate=g.rate,
                category=canonical_category(rec) if rec else None,
            )
        )
    return out


__all__ = ["extract_awards", "rules"]
