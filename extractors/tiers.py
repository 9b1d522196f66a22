"""Tiers: the enterprise ladders a policy defines (梯度培育: 科技型中小企业 -> … -> 领航型企业).

Supports
    * Ladders of targets with breakdowns: two or more totals in one paragraph, each with its own
      ``其中`` list, are the rungs of one ladder. In the 2024 Taizhou draft: 科技型中小企业 (20000家,
      其中规上企业8000家、…) -> 科技型骨干企业 (9000) -> 标杆型企业 (500以上) -> 领航型企业 (30).
      Members are the ``其中`` parts with their targets; ``rank`` 1 is the base of the ladder (the
      largest count; text order breaks ties) and ``next`` names the rung above.
    * Definitions that list members (``X是指…``, ``X包括A、B和C``, ``所称X，是指…``, ``X分为…``):
      they add members (without targets) to a rung of the same name; two or more such definitions in
      one paragraph of a document that speaks of a ladder (梯度, 梯次, 梯队, 矩阵, 进阶) form a ladder
      of their own, in text order.

Avoids
    * Lists that are not ladders: a single total with a breakdown, or targets without ``其中`` parts
      (the 2019 Taizhou plan's ``国家级、市级专精特新“小巨人”企业分别达到…`` is no ladder).
"""

from __future__ import annotations

import re

from knowledge_base.model import Document, Span, Target, Tier, TierMember

# --- rules as data ------------------------------------------------------------------------------

LADDER_CUES = re.compile(r"梯度|梯次|梯队|矩阵|进阶|阶梯")
DEFINITION = re.compile(
    r"(?:所称)?(?P<name>[^，。；、：（）“”]{2,20}?(?:企业|主体))(?:，)?(?:是指|包括|主要包括|分为)(?P<body>[^。；]+)"
)
MEMBER_SPLIT = re.compile(r"[、，]|以及|和|及")
MIN_RUNGS = 2


def extract_tiers(doc: Document, targets: list[Target] | None = None) -> list[Tier]:
    """The ladders of ``doc``, every rung a ``Tier``; ``targets`` are reused when given."""
    if targets is None:
        from extractors.targets import extract_targets

        targets = extract_targets(doc)
    tiers = _from_breakdowns(doc, targets)
    definitions = _definitions(doc)
    by_name = {t.name: t for t in tiers}
    for name, members, _ in definitions:
        if name in by_name:
            known = {m.name for m in by_name[name].members}
            by_name[name].members += [TierMember(m) for m in members if m not in known]
    if not tiers and LADDER_CUES.search(doc.text):
        tiers = _from_definitions(doc, definitions)
    return tiers


def _from_breakdowns(doc: Document, targets: list[Target]) -> list[Tier]:
    children: dict[str, list[Target]] = {}
    for t in targets:
        if t.parent:
            children.setdefault(t.parent, []).append(t)
    totals = [t for t in targets if t.id in children]
    groups: dict[int, list[Target]] = {}
    for t in totals:
        para = doc.paragraph_at(t.span.start)
        groups.setdefault(para.span.start if para else t.span.start, []).append(t)
    tiers: list[Tier] = []
    for rungs in groups.values():
        if len(rungs) < MIN_RUNGS:
            continue
        order = sorted(range(len(rungs)), key=lambda i: (-(rungs[i].value or 0), i))
        ladder = [rungs[i] for i in order]
        for rank, t in enumerate(ladder, 1):
            parts = children[t.id]
            end = max(c.span.end for c in parts)
            if doc.text[end : end + 1] in ("）", ")"):
                end += 1
            span = Span(t.span.start, end)
            tiers.append(
                Tier(
                    name=t.subject,
                    rank=rank,
                    members=[TierMember(c.subject, c.value, c.unit) for c in parts],
                    quote=span.of(doc.text),
                    span=span,
                    target=t.value,
                    unit=t.unit,
                    year=t.year,
                    next=ladder[rank].subject if rank < len(ladder) else None,
                )
            )
    return tiers


def _definitions(doc: Document) -> list[tuple[str, list[str], Span]]:
    out = []
    for p in doc.paragraphs:
        ptext = p.span.of(doc.text)
        for m in DEFINITION.finditer(ptext):
            members = [x.strip("“”\"' 等") for x in MEMBER_SPLIT.split(m.group("body"))]
            members = [x for x in members if 2 <= len(x) <= 20 and x.endswith(("企业", "公司"))]
            if members:
                out.append((m.group("name"), members, Span(p.span.start + m.start(), p.span.start + m.end())))
    return out


def _from_definitions(doc: Document, definitions: list[tuple[str, list[str], Span]]) -> list[Tier]:
    groups: dict[int, list[tuple[str, list[str], Span]]] = {}
    for d in definitions:
        para = doc.paragraph_at(d[2].start)
        groups.setdefault(para.span.start if para else d[2].start, []).append(d)
    tiers: list[Tier] = []
    for rungs in groups.values():
        if len(rungs) < MIN_RUNGS:
            continue
        for rank, (name, members, span) in enumerate(rungs, 1):
            tiers.append(
                Tier(
                    name=name,
                    rank=rank,
                    members=[TierMember(m) for m in members],
                    quote=span.of(doc.text),
                    span=span,
                    next=rungs[rank][0] if rank < len(rungs) else None,
                )
            )
    return tiers


__all__ = ["extract_tiers"]
