"""Award rules: ``award-conflict`` (one trigger, two amounts in the draft), ``award-changed`` (another
amount than in the earlier version) and ``award-stacking`` (``可叠加享受`` in a draft that says
``不重复享受``; ``不可叠加享受``, ``不予叠加享受``, ``不得同时享受`` and ``按就高原则`` are clauses against stacking,
and ``同时享受…的，按就高原则`` is no permission).

Awards come from ``Facts.awards`` (``extractors.awards``): 分别 lists are already paired there, so
``对…首次突破10亿元、50亿元…的，分别给予30万元、100万元…奖励`` is one award per threshold. Two awards
have the same trigger when their conditions read the same (quote marks, spaces, a leading 对 and a
trailing 的 ignored) and their thresholds are equal; a condition that names another recipient
(``电子信息制造企业…首次达到10亿元`` vs ``制造业企业…首次突破10亿元``) is another trigger.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from knowledge_base.model import Award, Document, Facts, Span
from pipeline.lint.hits import Hit, fmt_value, location
from pipeline.lint.names import fold

# --- rules as data ------------------------------------------------------------------------------

# 不重复享受, 不得同时享受, 不予叠加支持, 按就高原则, 择优享受: support given once only
NO_STACKING_RE = re.compile(
    r"不(?:得|予|能|可|再)?(?:重复|叠加|同时|累加)(?:享受|支持|奖励|补助|兑现)|"
    r"(?:按|遵循)?(?:就高|从高)(?:原则|不重复)|择优(?:享受|兑现)|只能(?:选择|享受)一项"
)
# 可叠加享受, 可以同时享受, 累加享受: stacking allowed — unless a negation stands right before (不可叠加享受)
STACKING_RE = re.compile(r"(?:可以?|允许|准予)(?:叠加|累加|同时|重复)享受|(?:叠加|累加)享受")
NEGATIONS = "不非勿禁"


def _awards(doc: Document, facts: Facts | None) -> list[Award]:
    if facts is not None and facts.awards:
        return facts.awards
    try:
        from extractors.awards import extract_awards

        return extract_awards(doc)[0]
    except ImportError:
        return []


def _award_key(a: Award) -> tuple[str, float | None]:
    trigger = fold(a.trigger or a.recipient or "")
    trigger = re.sub(r"^(?:对于|对)|(?:的)$", "", trigger)
    return trigger, (a.threshold.value if a.threshold else None)


def award_conflicts(doc: Document, facts: Facts | None, earlier: Facts | None) -> Iterator[Hit]:
    seen: dict[tuple[str, float | None], Award] = {}
    for a in _awards(doc, facts):
        if a.amount is None:
            continue
        k = _award_key(a)
        prev = seen.get(k)
        if prev is not None and prev.amount != a.amount:
            yield Hit(
                "award-conflict",
                a.span,
                f"同一奖励条件金额不一致：此处{fmt_value(a.amount)}元，{location(doc, prev.span)}为{fmt_value(prev.amount)}元",
                None,
            )
        seen.setdefault(k, a)
    if earlier is None:
        return
    old = {}
    for a in _awards(earlier.document, earlier):
        if a.amount is not None:
            old.setdefault(_award_key(a), a)
    for a in _awards(doc, facts):
        o = old.get(_award_key(a))
        if o is not None and a.amount is not None and o.amount != a.amount:
            yield Hit(
                "award-changed",
                a.span,
                f"与上一版本金额不同：上一版本为{fmt_value(o.amount)}元（“{o.quote}”），此处为{fmt_value(a.amount)}元",
                None,
            )


def stacking(doc: Document) -> Iterator[Hit]:
    rule = NO_STACKING_RE.search(doc.text)
    if rule is None:
        return
    seen_end = -1
    for m in STACKING_RE.finditer(doc.text):
        if m.start() < seen_end or any(c in NEGATIONS for c in doc.text[max(0, m.start() - 2) : m.start()]):
            continue
        seen_end = m.end()
        span = Span(m.start(), m.end())
        where = location(doc, Span(rule.start(), rule.end()))
        yield Hit(
            "award-stacking",
            span,
            f"本文规定资金支持不重复享受（{where}“{rule.group()}”），此处却允许叠加享受",
            None,
        )


def check(doc: Document, facts: Facts | None, earlier: Facts | None) -> Iterator[Hit]:
    yield from award_conflicts(doc, facts, earlier)
    yield from stacking(doc)
