"""Targets: a Target built from a number and its subject (kind, unit, qualifier, quote, span, source), and the
全覆盖 goals (value 100 %)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.subjects import SUBJECT_HEAD, category, clause_bounds, item_start, quote_depth, squash
from extractors.targets.positions import number_end
from extractors.targets.rules import (
    COVERAGE,
    COVERAGE_VERB,
    KIND_RULES,
    OWN_VERB,
    QUALIFIER_VERBS,
    VERB_QUALIFIERS,
)
from knowledge_base.model import Document, Paragraph, Quantity, Span, Target, stable_id


@dataclass
class Ctx:
    """The document being read and the year it speaks in."""

    doc: Document
    doc_year: int | None


def _kind(context: str, unit: str) -> str:
    for kind, needs_percent, pattern in KIND_RULES:
        if needs_percent and unit != "%":
            continue
        if pattern.search(context):
            return kind
    return "level"


def _unit(q: Quantity) -> str:
    return f"{q.unit}/{q.per}" if q.per else q.unit


def make_target(
    ctx: Ctx,
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
    qs_, qe = q.span.start - base, number_end(stext, q, base)
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
    verb = re.search(r"(突破|超过|超|不少于|不低于|不超过)\s*$", stext[max(0, qs_ - 40) : qs_])  # not O(n²)
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


def coverage_targets(
    ctx: Ctx, para: Paragraph, s: Span, stext: str, depth: list[int], year: int | None, out: list[Target]
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
