"""Tense of policy sentences: is a number a commitment (a target) or a report of the past?

Supports
    * Deadlines: ``到2025年``, ``至2030年底``, ``2025年底前`` (``DEADLINE``); ``今年`` (the document's year);
      a sentence that opens with a later year than the document's (``2025年，全市…达到…``).
    * Work reports: the review part (from ``过去一年`` / ``回顾`` / ``五年来`` … up to ``今年`` / ``主要预期目标`` /
      ``工作安排`` …) is the past; ``2025年目标任务顺利完成`` inside it does not end it.
    * Sentence cues: past (去年, 上年, 过去, 累计, 同比, 增至, 居全国, 据…介绍 …) versus future (力争, 目标, 预期,
      到YYYY年, 今年 …); award sentences (给予, 奖励, 补助 … with a sum or a share of money and without a
      deadline) belong to the awards extractor.

Avoids
    * Deciding from verbs alone: 新增/达到 are used for both plans and reports, so the part of the document
      and the cues around the number decide.
"""

from __future__ import annotations

import re

from knowledge_base.model import Document

# --- rules as data ------------------------------------------------------------------------------

DEADLINE = re.compile(
    r"(?:到|至|截至|截止到?|力争到|争取到)\s*(?P<a>(?:19|20)\d\d)\s*年(?:底|末)?"
    r"|(?P<b>(?:19|20)\d\d)\s*年(?:底|末)?(?:前|以前|之前)"
    r"|(?<![\d〔（(])(?P<c>(?:19|20)\d\d)\s*年(?:底|末)?\s*(?:达到|达|突破|实现|力争|超过)"
)


THIS_YEAR = re.compile(r"今年|本年度|年内")


FIVE_YEARS = re.compile(r"今后五年|未来五年|“十五五”时期|十五五时期")


FUTURE_CUES = re.compile(
    r"力争|争取|目标|预期|计划|确保|今年|到\s*(?:19|20)\d\d\s*年|(?:19|20)\d\d\s*年(?:底|末)?前"
)


PAST_CUES = re.compile(
    r"去年|上年|上一年|过去|已经|已有|累计|同比|比上年|增至|增加到|提前完成|居全国|居全省|居中部|居西部|"
    r"全国第|位居|跃居|实现了|达到了|完成了|五年来|一年来|前三季度|据.{0,12}(?:介绍|统计|测算|调查)|较上|较去年|较年初"
)


AWARD_CUES = re.compile(r"给予|奖励|补助|补贴|资助|贴息|奖补|扶持资金")
# an award names money, a sum or a share: without one, an award word (残疾人“两项补贴”) leaves the targets alone
MONEY_OR_SHARE = re.compile(r"[\d零〇一二两三四五六七八九十百千万亿]\s*[十百千万亿]*\s*元|%")


# work reports: paragraphs from a review marker up to a plan marker are achievements
PAST_DOCUMENT = re.compile(r"决算|统计公报|年鉴")
REPORT_TITLE = re.compile(r"((?:19|20)\d\d)年.{0,12}(?:政府)?工作报告")
# a report titled only 政府工作报告 is dated by the line under its title: ——2026年1月27日在海南省第七届人民代表大会…
DELIVERED = re.compile(r"^[—―\-（(\s]*((?:19|20)\d\d)年\d{1,2}月\d{1,2}日在")
ZONE_WORDS = re.compile(r"工作|目标|任务|重点|安排")
REVIEW_START = re.compile(r"过去一年|过去五年|过去的一年|一年来|五年来|工作回顾|回顾")


# …目标任务顺利完成，标志着…: a plan marker inside a review sentence does not end the review
REVIEW_STAYS = re.compile(r"完成|顺利|标志着|成绩|取得")


REVIEW_END = re.compile(
    r"今年|(?:19|20)\d\d年(?:经济社会发展)?(?:的)?(?:主要)?(?:预期)?目标|工作安排|重点工作|主要任务|总体要求|"
    r"“十五五”时期|十五五|今后五年|未来五年"
)


# a sentence that opens with a year and no 到/至 before it reports that year: 2003年全国城市污水处理率达到42%
YEAR_OPENING = re.compile(r"^(?:(?:19|20)\d\d)\s*年(?!底前|前|以前)")


def document_year(doc: Document) -> int | None:
    """The year the document speaks in: its issue or signature date, else the year a work report is named for."""
    m = doc.metadata
    for d in (m.issued_on, m.signed_on):
        if d is not None:
            return d.year
    found = REPORT_TITLE.search(m.title or "")
    if found:
        return int(found.group(1))
    delivered = _delivered(doc)
    return int(delivered.group(1)) if delivered else None


def _delivered(doc: Document) -> re.Match[str] | None:
    """The date line under a work report's title (in its first paragraphs), when the title is only 政府工作报告."""
    if not (doc.metadata.title or "").endswith("工作报告"):
        return None
    for para in doc.paragraphs[:6]:
        found = DELIVERED.match(para.span.of(doc.text))
        if found:
            return found
    return None


def reports_the_past(doc: Document) -> bool:
    """Final accounts, statistical bulletins and yearbooks (决算, 统计公报, 年鉴) report what happened: no targets."""
    return bool(PAST_DOCUMENT.search(doc.metadata.title or ""))


def is_report(doc: Document) -> bool:
    """A work report (政府工作报告): its plan part sets targets for the year it is named for."""
    return bool(REPORT_TITLE.search(doc.metadata.title or "")) or _delivered(doc) is not None


def zone_year(ptext: str, doc_year: int | None, current: int | None) -> int | None:
    """The default deadline after a work report heading: ``二、2026年工作安排`` / ``今年…主要预期目标`` give the
    report's year; a review or a ``“十五五”时期`` part gives none."""
    head = ptext[:40]
    if REVIEW_START.search(head) or FIVE_YEARS.search(head):
        return None
    if doc_year and re.search(rf"今年|{doc_year}年", head) and ZONE_WORDS.search(head):
        return doc_year
    return current


def is_heading_like(ptext: str) -> bool:
    return len(ptext) <= 30 and not re.search(r"\d", ptext) and not ptext.endswith(("。", "；"))


def review_state(ptext: str, in_review: bool) -> bool:
    head = ptext[:40]
    if REVIEW_END.search(head) and not REVIEW_START.search(head[:12]) and not REVIEW_STAYS.search(head):
        return False
    if REVIEW_START.search(head):
        return True
    return in_review


def continues(prev_text: str, ptext: str) -> bool:
    """A paragraph continuing one cut off mid-sentence (a page break the reader did not join)."""
    return (
        bool(prev_text)
        and prev_text[-1] not in "。；！？：:;!?）)"
        and not re.match(r"^[（(]?[一二三四五六七八九十\d]+[、.．）)]", ptext)
    )


def is_forward(stext: str, has_deadline: bool) -> bool:
    if AWARD_CUES.search(stext) and MONEY_OR_SHARE.search(stext) and not has_deadline:
        return False
    return not (PAST_CUES.search(stext) and not (has_deadline or FUTURE_CUES.search(stext)))
