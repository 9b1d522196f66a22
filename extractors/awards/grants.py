"""Finding grants in a sentence: the words that give money (给予一次性6万元奖励, 最高奖励50万元, 按贷款利息的50%给予
贴息), whether a sum is granted at all (not a total paid out or a fund), and the units a sentence is cut into
where a clause starts a new condition."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.awards.rules import AMOUNT, GRANT_LEAD, KIND_FIRST_AFTER, ONE_OFF, rules
from knowledge_base.model import Document, Span

#: a share standing just before a capped sum (按照实际投入的3%，|最高给予60万元奖补)
SHARE_BEFORE_CAP = re.compile(r"按(?:照)?[^，。；,;%％]{1,40}?(?P<rate>\d+(?:\.\d+)?)\s*[%％][，,]$")


@dataclass
class Grant:
    span: Span  # of the grant words (amounts … kind) in doc.text
    amounts: list[tuple[str, Span]]  # each amount as written, with its span
    kind: str
    cap: bool
    one_off: bool
    rate: float | None = None
    grantee: str | None = None  # named between the kind and the sum (奖励开发企业30万元)


def grants(text: str, start: int, end: int) -> list[Grant]:
    """Grants in ``text[start:end]`` (doc offsets), in text order, overlapping matches dropped."""
    R = rules()
    seg = text[start:end]
    found: list[Grant] = []
    shares = [*R.rate.finditer(seg), *R.share.finditer(seg), *R.kind_share.finditer(seg)]
    for m in sorted(shares, key=lambda m: m.start()):
        if any(g.span.overlaps(Span(start + m.start(), start + m.end())) for g in found):
            continue
        g = Grant(
            Span(start + m.start(), start + m.end()),
            [],
            m.group("kind"),
            bool(m.group("cap")),
            bool(m.group("once")),
        )
        g.rate = float(m.group("rate")) / 100
        tail = seg[m.end() :]
        stop = re.search(r"[。；;]|对", tail)
        c = R.rate_cap.search(tail[: stop.start()] if stop else tail)
        if c:  # 按…的50%给予贴息，单个企业最高不超过100万元
            a = start + m.end() + c.start("amount")
            g.amounts = [(c.group("amount"), Span(a, a + len(c.group("amount"))))]
            g.cap = True
            g.span = Span(g.span.start, start + m.end() + c.end())
        found.append(g)
    for m in R.rate_after.finditer(seg):  # 给予贴息，贴息比例不超过50%: the grant starts at 给予贴息
        granted = list(re.finditer(rf"(?:给予|予以){m.group('kind')}", seg[: m.start()]))
        if not granted:
            continue
        gspan = Span(start + granted[-1].start(), start + m.end())
        if not any(g.span.overlaps(gspan) for g in found):
            rate = float(m.group("rate")) / 100
            found.append(Grant(gspan, [], m.group("kind"), bool(m.group("cap")), False, rate))
    for m in R.rate_standard.finditer(seg):  # 返还标准可…按…50%的标准确定: the kind named before
        named = list(R.kind_standard.finditer(seg, 0, m.start()))
        gspan = Span(start + m.start(), start + m.end())
        if named and not any(g.span.overlaps(gspan) for g in found):
            rate = float(m.group("rate")) / 100
            found.append(Grant(gspan, [], named[-1].group("kind"), bool(m.group("cap")), False, rate))
    for pattern in (R.amount_first, R.kind_first):
        for m in pattern.finditer(seg):
            at = _purpose_start(seg, m.start()) if pattern is R.kind_first else m.start()
            lead = _lead(seg, at)
            gspan = Span(start + lead, start + m.end())
            if any(g.span.overlaps(gspan) for g in found) or not _is_grant(seg, m, pattern is R.kind_first):
                continue
            amounts = []
            for am in re.finditer(AMOUNT, m.group("amounts")):
                a = start + m.start("amounts") + am.start()
                amounts.append((am.group(0), Span(a, a + len(am.group(0)))))
            led = seg[lead : m.start()]
            once = bool(m.groupdict().get("once")) or ONE_OFF in led
            cap = bool(m.group("cap") or m.groupdict().get("cap2")) or any(c in led for c in R["cap"])
            grantee = m.groupdict().get("grantee") or None
            g = Grant(gspan, amounts, m.group("kind"), cap, once, grantee=grantee)
            share = SHARE_BEFORE_CAP.search(seg, 0, lead) if cap and len(amounts) == 1 else None
            if share:  # 按照实际投入的3%，最高给予60万元奖补: the share, then its cap
                g.rate = float(share.group("rate")) / 100
            found.append(g)
    found.sort(key=lambda g: g.span.start)
    return found


def _is_grant(seg: str, m: re.Match[str], kind_first: bool) -> bool:
    """False for totals paid out, funds and standards (发放…补贴121.9亿元, 补助资金, 补助标准提高到700元)."""
    R = rules()
    before = seg[max(0, m.start() - 6) : m.start()]
    if any(cue in before for cue in R["aggregate"]):
        return False
    if not kind_first:
        return not seg.startswith(R["not_a_grant_after"], m.end())
    if seg.startswith(R["not_a_grant_after"], m.end("kind")):
        return False
    # 一次性补助1万元 / 最高奖励50万元 / 对…的企业，奖励30万元 — but not 补贴121.9亿元 in passing;
    # what the money is for may stand before the kind (每人分别给予一次性生活补贴5万元)
    p = _purpose_start(seg, m.start())
    before = seg[max(0, p - 6) : p]
    return bool(
        m.group("cap")
        or m.group("cap2")
        or before.endswith(KIND_FIRST_AFTER)
        or (before.endswith(("，", ",")) and seg.startswith(R["condition_start"]))
        # 对当年新增认定的市级小微企业园奖励8万元: one 对 clause straight before the kind
        or (seg.startswith(R["condition_start"]) and not re.search(r"[，,；;。]", seg[:p]))
        or before.endswith(("的，", "的,"))  # 企业获得国家科学技术奖一等奖的，奖励200万元
    )


def _purpose_start(seg: str, at: int) -> int:
    """Where up to four characters naming what the money is for begin, when a grant word stands before
    them (给予一次性|生活|补贴5万元); else ``at``."""
    for k in range(1, 5):
        if at - k < 0 or not ("\u4e00" <= seg[at - k] <= "\u9fff"):
            break
        if seg.endswith(KIND_FIRST_AFTER, 0, at - k):
            return at - k
    return at


def _lead(seg: str, at: int) -> int:
    """Where the words leading into a grant begin (…，分别给予一次性|100万元… -> before 分别)."""
    words = sorted((*GRANT_LEAD, *rules()["cap"]), key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for w in words:
            if at - len(w) >= 0 and seg.startswith(w, at - len(w)):
                at -= len(w)
                changed = True
                break
    return at


def condition_units(doc: Document, sent: Span) -> list[Span]:
    """A sentence cut where a clause starts a new condition (…；对A…，对B… -> two units)."""
    from extractors.text import clauses

    starts = rules()["condition_start"]
    cuts = {sent.start}
    for c in clauses(sent.of(doc.text), sent.start):
        if c.start > sent.start and doc.text.startswith(starts, c.start):
            cuts.add(c.start)
    # a stray quote mark (“隐形冠军〞) keeps the splitter inside "quotes": cut at every ender anyway
    for m in re.finditer(r"[。；！？]+", sent.of(doc.text)):
        if sent.start + m.end() < sent.end:
            cuts.add(sent.start + m.end())
    points = [*sorted(cuts), sent.end]
    return [Span(a, b) for a, b in zip(points, points[1:], strict=False) if b > a]
