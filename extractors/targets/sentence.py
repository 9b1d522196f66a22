"""Targets of one sentence: numbers after or before their nouns, 分别/均 lists, values listed without 分别, and the
parts of 其中 clauses pointing at their total."""

from __future__ import annotations

import re

from extractors.subjects import (
    CJK,
    GENERIC_SUBJECTS,
    ITEM_BREAKS,
    QUOTES,
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
from extractors.targets.build import Ctx, coverage_targets, make_target
from extractors.targets.positions import (
    coordinated,
    is_candidate,
    is_postnominal,
    is_prenominal,
    number_end,
    parallel_nouns,
    share_before_noun,
)
from extractors.targets.rules import CONDITION_START, COUNT_UNITS, EACH, INDEX_VERB, OUTLINE_COUNT
from knowledge_base.model import Paragraph, Quantity, Span, Target

# --- one sentence -------------------------------------------------------------------------------


def sentence_targets(
    ctx: Ctx, para: Paragraph, s: Span, stext: str, qs: list[Quantity], year: int | None, out: list[Target]
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
        if is_candidate(stext, q, base, depth, bool(_in_regions(q.span.start - base, children_regions)))
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
        values = [q for q in values if is_postnominal(stext, q, base, depth)]
        subjects = split_subjects(stext, cstart, m.start(), depth)
        if m.group() == "均" and len(values) == 1 and len(subjects) >= 2:
            values = values * len(subjects)  # 马铃薯种植、收获机械化率均达到45%: one value for each
        if len(values) >= 2 and len(values) == len(subjects):
            for (sub_start, sub_text), q in zip(distribute(subjects), values, strict=True):
                t = make_target(ctx, para, base, stext, sub_text, sub_start, q, year, cstart, depth=depth)
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
        if is_postnominal(stext, q, base, depth):
            start = item_start(stext, qs_, depth, region)
            subject_raw = stext[start:qs_]
            if CONDITION_START.match(subject_raw.lstrip()):
                continue
            sub_start, subject = clean_subject(stext, start, qs_)
            if not region:
                sub_start, subject = coordinated(stext, start, sub_start, subject, depth, candidates, base)
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
                    out.append(
                        make_target(ctx, para, base, stext, part, sub_start, q, year, start, depth=depth)
                    )
                continue
            t = make_target(ctx, para, base, stext, subject, sub_start, q, year, start, depth=depth)
        elif is_prenominal(stext, q, base, depth):
            end = number_end(stext, q, base)
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
                    re.search(r"[级型类]$", stext[qe:end])
                    or "的" in rest
                    or parallel_nouns(stext[qe:end], rest)
                ):
                    end = more
            subject = squash(stext[qe:end])
            if not subject or stext[qe] in QUOTES.values() or re.search(r"\d", subject):
                continue  # 推动11个能源重点领域项目投资突破2000亿元: the later number is the target
            if OUTLINE_COUNT.search(subject):
                continue
            t = make_target(
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
        elif (share := share_before_noun(stext, q, base, depth)) is not None:
            sub_start, subject, end = share
            t = make_target(ctx, para, base, stext, subject, qs_, q, year, qs_, end=end, depth=depth)
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
    coverage_targets(ctx, para, s, stext, depth, year, out)
    out[first_new:] = sorted(out[first_new:], key=lambda t: (t.span.start, t.span.end))


def _value_lists(
    ctx: Ctx,
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
    free = [q for q in candidates if id(q) not in used and is_postnominal(stext, q, base, depth)]
    runs: list[list[Quantity]] = []
    for q in free:
        if runs and re.fullmatch(
            r"\s*、\s*", stext[number_end(stext, runs[-1][-1], base) : q.span.start - base]
        ):
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
            out.append(make_target(ctx, para, base, stext, sub_text, sub_start, q, year, cstart, depth=depth))
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
