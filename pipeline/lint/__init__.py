"""Draft lint: ``lint(doc, facts, earlier) -> list[Finding]`` — drafting errors a reviewer would mark.

A pure function over a parsed ``Document`` (and, for the fact rules, its ``Facts`` and those of the
earlier version). Every finding carries the rule id, a severity, a message in Chinese, the exact
quote (``doc.text[span]``), its section and its source page/line.

The rules are registered in ``RULES`` below (a declarative table: id, severity, family, what it
checks). ``rules=`` keeps only the given ids or families, ``ignore=`` drops them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from knowledge_base.model import Document, Facts, Finding, Span

# --- the rule registry ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # "error" | "warning" | "info"
    family: str
    description: str


RULES: tuple[Rule, ...] = (
    Rule("quote-mismatch", "error", "punctuation", "引号不配对（“…〞、“…“、缺前引号或后引号）"),
    Rule("bracket-mismatch", "error", "punctuation", "括号不配对或全角半角混用（（…)）"),
    Rule("punct-halfwidth", "warning", "punctuation", "中文文本中的半角标点 , ; : ? ! ( )"),
    Rule("punct-doubled", "error", "punctuation", "标点重复（。。 ，， ，。）"),
    Rule("dash-halfwidth", "warning", "punctuation", "中文词语之间用短横线 - 作连接号"),
    Rule("dash-stray", "error", "punctuation", "汉字“一”被当作连接号（车间一智能工厂）"),
    Rule("dash-mixed", "warning", "punctuation", "数字范围的连接号不统一（2020—2025 与 2025-2029）"),
    Rule("space-stray", "warning", "layout", "中文之间多余的空格"),
    Rule("page-break-split", "warning", "layout", "分页或空行把词语、句子拆成两段"),
    Rule("outline-gap", "error", "outline", "标题编号跳号（一、二、四、）"),
    Rule("outline-repeat", "error", "outline", "标题编号重复或倒退（（二）（二））"),
    Rule("outline-level", "warning", "outline", "标题层级与同类编号不一致（## （二） 与 ### （一））"),
    Rule("breakdown-sum", "error", "facts", "“其中”分项之和与总数不符（考虑“以上”等限定词）"),
    Rule("target-conflict", "warning", "facts", "同一类别在文中给出不同目标（数值、年份或限定词）"),
    Rule("deadline-period", "warning", "facts", "目标年份超出规划期"),
    Rule("annual-total", "warning", "facts", "每年目标乘以年数与期末总目标不符"),
    Rule("award-conflict", "error", "facts", "同一奖励条件给出不同金额（文内或与上一版本）"),
    Rule("award-changed", "warning", "facts", "同一奖励条件的金额与上一版本不同（--against）"),
    Rule("award-stacking", "warning", "facts", "允许叠加享受的条款与“不重复享受”条款冲突"),
    Rule("name-variant", "warning", "facts", "同一类别在文中（或与上一版本）写法不同"),
)
RULE_BY_ID = {r.id: r for r in RULES}
FAMILIES = sorted({r.family for r in RULES})


def select_rules(rules: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[Rule]:
    """The rules to run: ids or family names in ``rules`` (all when None), minus ``ignore``."""

    def expand(names: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for name in names:
            name = name.strip()
            if not name:
                continue
            if name in RULE_BY_ID:
                out.add(name)
            elif name in FAMILIES:
                out |= {r.id for r in RULES if r.family == name}
            else:
                raise ValueError(
                    f"unknown lint rule {name!r}: use one of {', '.join(RULE_BY_ID)} or {', '.join(FAMILIES)}"
                )
        return out

    keep = expand(rules) if rules else set(RULE_BY_ID)
    drop = expand(ignore) if ignore else set()
    return [r for r in RULES if r.id in keep and r.id not in drop]


# --- running the rules ----------------------------------------------------------------------------


PAIR_ACROSS = 10  # paragraphs a quote or bracket may stay open across (a wrapped title, a cut line)


def _paragraph_hits(doc: Document) -> Iterator[tuple[str, Span, str, str | None]]:
    from pipeline.lint import punctuation as P

    ranges: list[tuple[str, int, int]] = []
    hits: list[tuple[P.TextHit, int, int]] = []  # hit, paragraph base offset, paragraph index
    for n, para in enumerate(doc.paragraphs):
        text = para.span.of(doc.text)
        base = para.span.start
        hits += [(h, base, n) for check in P.PARAGRAPH_CHECKS for h in check(text)]
        ranges += [(d, base + s, base + e) for d, s, e in P.number_ranges(text)]
    # a quote or bracket left open at the end of one paragraph and closed at the start of a later
    # one (within PAIR_ACROSS paragraphs) is one pair cut by line breaks — a wrapped title, a
    # scraped page: the cut is reported by page-break-split where it is a defect, not here
    dropped: set[int] = set()
    for i, (h, _, n) in enumerate(hits):
        if h.dangling not in P.CLOSING and h.dangling != P.DOUBLE_CLOSE:
            continue
        opener = P.CLOSING.get(h.dangling, P.DOUBLE_OPEN)
        for j in range(i - 1, -1, -1):
            ph, _, pn = hits[j]
            if pn < n - PAIR_ACROSS:
                break
            if pn < n and j not in dropped and ph.dangling == opener:
                dropped |= {i, j}
                break
    for i, (h, base, _) in enumerate(hits):
        if i not in dropped:
            yield h.rule, Span(base + h.start, base + h.end), h.message, h.suggestion
    for h in P.mixed_range_dashes(ranges):
        yield h.rule, Span(h.start, h.end), h.message, h.suggestion


def _layout_hits(doc: Document) -> Iterator[tuple[str, Span, str, str | None]]:
    from pipeline.lint import layout as L
    from pipeline.lint import outline as O

    for gen in (L.stray_spaces(doc), L.page_break_splits(doc), O.outline(doc)):
        for h in gen:
            yield h.rule, h.span, h.message, h.suggestion


def _fact_hits(
    doc: Document, facts: Facts | None, earlier: Facts | None
) -> Iterator[tuple[str, Span, str, str | None]]:
    from pipeline.lint import awards, names
    from pipeline.lint import facts as F

    for gen in (
        F.check(doc, facts, earlier),
        awards.check(doc, facts, earlier),
        names.name_variants(doc, earlier),
    ):
        for h in gen:
            yield h.rule, h.span, h.message, h.suggestion


def lint(
    doc: Document,
    facts: Facts | None = None,
    earlier: Facts | None = None,
    rules: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> list[Finding]:
    """All findings for ``doc``, in document order. ``earlier`` is the previous version's facts
    (for award amounts and names that changed); ``rules``/``ignore`` are rule ids or families."""
    wanted = {r.id for r in select_rules(rules, ignore)}
    families = {RULE_BY_ID[r].family for r in wanted}
    streams: list[Iterator[tuple[str, Span, str, str | None]]] = []
    if "punctuation" in families:
        streams.append(_paragraph_hits(doc))
    if families & {"layout", "outline"}:
        streams.append(_layout_hits(doc))
    if "facts" in families:
        streams.append(_fact_hits(doc, facts, earlier))
    findings: list[Finding] = []
    seen: set[tuple[str, int, int]] = set()
    for stream in streams:
        for rule, span, message, suggestion in stream:
            if rule not in wanted or (rule, span.start, span.end) in seen:
                continue
            seen.add((rule, span.start, span.end))
            section = doc.section_at(span.start)
            findings.append(
                Finding(
                    rule=rule,
                    severity=RULE_BY_ID[rule].severity,
                    message=message,
                    quote=doc.quote(span),
                    span=span,
                    source=doc.source_at(span.start),
                    section=section.id if section else None,
                    suggestion=suggestion,
                )
            )
    findings.sort(key=lambda f: (f.span.start, f.span.end, f.rule))
    return findings


def section_label(doc: Document, section_id: str | None) -> str:
    """``二、（三）`` style path of a section id, for people."""
    by_id = {s.id: s for s in doc.sections}
    parts: list[str] = []
    s = by_id.get(section_id or "")
    while s is not None:
        parts.append(s.number.strip() or s.heading[:12])
        s = by_id.get(s.parent or "")
    return "".join(reversed(parts))


def findings_json(doc: Document, findings: list[Finding]) -> dict:
    """The documented JSON of ``policykb lint --format json``."""
    from knowledge_base.model import document_json

    return {
        "document": {
            k: v
            for k, v in document_json(doc, with_text=False).items()
            if k not in ("paragraphs", "sections")
        },
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "quote": f.quote,
                "span": f.span.to_json(),
                "section": section_label(doc, f.section) or None,
                "source": f.source.to_json(),
                "suggestion": f.suggestion,
            }
            for f in findings
        ],
    }


__all__ = ["RULES", "Rule", "findings_json", "lint", "section_label", "select_rules"]
