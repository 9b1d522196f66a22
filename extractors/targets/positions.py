"""Targets: where a number stands in its sentence — a candidate at all, after its noun (规上企业8000家),
before it after a target verb (培育20家…), a share before its noun (推动60%以上的…), and which neighbours share it."""

from __future__ import annotations

import re

from extractors.subjects import ITEM_BREAKS, QUOTES, clause_bounds, clean_subject, item_start, squash
from extractors.targets.rules import (
    CONDITION_END,
    COUNT_UNITS,
    DURATION,
    EXCLUDED_ROLES,
    EXCLUDED_UNITS,
    NAME_SUFFIX,
    PRENOMINAL_VERBS,
    SHARE_VERB,
    SUFFIX_QUALIFIER,
)
from knowledge_base.model import Quantity


def is_candidate(stext: str, q: Quantity, base: int, depth: list[int], in_region: bool) -> bool:
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


def number_end(stext: str, q: Quantity, base: int) -> int:
    """Where the number ends in the sentence, a qualifier written after it (以上, 左右) included."""
    qe = q.span.end - base
    m = SUFFIX_QUALIFIER.match(stext[qe:])
    return qe + m.end() if m else qe


def is_postnominal(stext: str, q: Quantity, base: int, depth: list[int]) -> bool:
    """The number ends its item: what follows is a break, the end, 和/及 + number, or （其中."""
    qe = number_end(stext, q, base)
    rest = stext[qe:].lstrip(" \u3000")
    if rest[:1] in ("：", ":"):
        return False  # 知识产权保护方面5项：…: a count that introduces a list
    if not rest or rest[0] in ITEM_BREAKS:
        return True
    return bool(re.match(r"^(?:和|及|或|与)\s*\d", rest))


def is_prenominal(stext: str, q: Quantity, base: int, depth: list[int]) -> bool:
    """A count before its noun after a target verb (or after another such count in a list)."""
    if q.unit not in COUNT_UNITS and not (q.unit and q.unit[-1] in COUNT_UNITS):
        return False
    qs_ = q.span.start - base
    nxt = _next_char(stext, number_end(stext, q, base))
    if not nxt or nxt in ITEM_BREAKS or nxt == "的":
        return False
    before = stext[:qs_]
    if PRENOMINAL_VERBS.search(before):
        return True
    # a list item right after another prenominal count: 、7个左右国家级…
    return bool(re.search(r"[、和及]\s*$", before)) and bool(
        re.search(r"(?:打造|培育|实施|推行|建设|新增|创建)", before)
    )


def share_before_noun(stext: str, q: Quantity, base: int, depth: list[int]) -> tuple[int, str, int] | None:
    """A share of what follows, right after a target verb: ``推动60%以上的县级特困供养机构三级达标`` -> subject
    县级特困供养机构三级达标 (to the end of the clause); returns (subject start, subject, end) or None."""
    if q.unit != "%":
        return None
    qs_ = q.span.start - base
    after = number_end(stext, q, base)
    if not stext.startswith("的", after) or not SHARE_VERB.search(stext[:qs_]):
        return None
    end = clause_bounds(stext, qs_, depth)[1]
    subject = squash(stext[after + 1 : end])
    if not subject or re.search(r"\d", subject):
        return None
    return after + 1, subject, end


def parallel_nouns(first: str, rest: str) -> bool:
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


def coordinated(
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
