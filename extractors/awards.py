"""Awards and subsidies: who gets how much money, on what condition (奖励, 补助, 贴息, 资助, 奖补 …).

Supports
  * a fixed sum: ``对首次上规且次年仍在库的制造业企业，给予一次性6万元奖励`` -> recipient 制造业企业,
    trigger 首次上规且次年仍在库的制造业企业, amount 60000 元, one_off, kind 奖励;
  * a cap: ``对5G融合示范项目最高300万元补助`` / ``给予不超过50万元的补助`` -> ``max`` True;
  * the amount after the kind: ``一次性补助1万元``, ``每家最高奖励50万元``;
  * a share: ``按贷款利息的50%给予贴息，单个企业最高不超过100万元`` -> rate 0.5, amount 1000000, max;
    without a cap the amount is None;
  * 分别 lists zipped in order — recipients (``对新认定为制造业单项冠军示范企业、单项冠军产品的，分别给予
    一次性100万元、50万元奖励`` -> two awards), thresholds (``年度营业收入首次突破10亿元、50亿元…的，…分别…
    给予30万元、100万元…奖励`` -> one award per revenue threshold {1e9 元}, ``达到2、3、4级`` -> 2/3/4 级)
    and levels (``对获得国家、省级示范（标杆）称号…的企业，分别给予30万元、20万元奖励`` -> two awards whose
    triggers read 获得国家示范… / 获得省级示范…);
  * a single threshold in the condition: ``对年营业收入首次突破10亿元的企业给予50万元奖励``.
  * ``category``: the recipient's canonical enterprise category (``extractors.entities``) when it has one.

Avoids
  * support without money (``给予支持``, ``加大研发投入补贴力度``) and budgets or totals paid out
    (``专项资金不少于1亿元``, ``发放以旧换新补贴121.9亿元``, ``补助资金127.8亿元``, ``补助标准提高到700元``);
  * guessing a 分别 list: when the number of recipients/thresholds differs from the number of amounts,
    an ``ExtractionIssue`` is returned instead of awards;
  * lists inside brackets or ending in 等 (examples, not a respectively list).

The quote of every award is the exact text from its condition (``对…``) to its kind word (or its cap),
``doc.text[award.span]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge_base.model import Award, Document, ExtractionIssue, Span, Threshold, stable_id

# --- rules as data ----------------------------------------------------------------------------

#: What the money is called, longest first.
AWARD_KINDS = ("奖补资金", "奖励", "奖补", "补助", "补贴", "贴息", "资助", "奖金", "救助", "扶持资金", "激励")
#: A cap on the amount (the Quantity qualifiers of the same meaning).
CAP_CUES = ("最高不超过", "最多不超过", "最高不高于", "不超过", "不高于", "最高", "最多", "至多", "上限为")
ONE_OFF = "一次性"
RESPECTIVELY = "分别"
#: A condition begins with one of these at the start of a clause.
CONDITION_STARTS = ("对于", "对")
#: Verbs in front of a recipient that are not part of its name (新认定为X -> X).
RECIPIENT_PREFIXES = (
    "新认定为",
    "新认定的",
    "认定为",
    "新获评",
    "新增的",
    "新增",
    "首次入选",
    "入选",
    "首次获得",
    "新获得",
    "获得",
    "实施",
    "新评为",
    "被评为",
    "评为",
)
#: Words that end the name of a recipient.
RECIPIENT_HEADS = (
    "企业",
    "公司",
    "项目",
    "平台",
    "产品",
    "机构",
    "单位",
    "园区",
    "基地",
    "中心",
    "团队",
    "人才",
    "个人",
    "主体",
    "协会",
    "商会",
    "院校",
    "学校",
    "医院",
    "合作社",
    "家庭",
    "农户",
    "工厂",
    "车间",
)
#: After a recipient head, these start the condition (制造业企业|在台州…, 电子信息制造企业|年主营收入…).
CONDITION_AFTER_HEAD = (
    "在",
    "年",
    "每",
    "的",
    "首次",
    "通过",
    "达到",
    "获得",
    "入选",
    "当年",
    "上年",
    "营业",
    "主营",
    "实现",
)
#: Government levels that can form a 分别 list of their own (国家、省级示范称号).
LEVEL_WORDS = ("国家级", "国家", "省级", "省", "市级", "市", "县级", "县（市、区）级", "区级", "世界", "全国")
#: Before the money: totals paid out or budgeted, not an award to a recipient.
AGGREGATE_CUES = (
    "发放",
    "筹措",
    "兑现",
    "落实",
    "安排",
    "下达",
    "拨付",
    "累计",
    "争取",
    "撬动",
    "带动",
    "投入",
    "发放了",
)
#: After the kind word: the word names a fund, a standard or an effort, not a sum granted.
NOT_A_GRANT_AFTER = ("资金", "标准", "政策", "力度", "范围", "对象", "比例", "机制", "额度", "总额")
#: A clause starting with one of these after the condition is not part of it (…的企业，每个奖项最高…).
NOT_CONDITION_CLAUSE = ("每", "单个", "单家", "单项", "市政府", "由", "并", "其中", "经")
#: A single threshold in the condition: the number follows one of these, or is followed by 以上.
THRESHOLD_CUES = ("首次突破", "首次达到", "突破", "达到", "超过", "超")

_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
_AMOUNT = rf"{_NUM}\s*(?:[十百千万亿]+)?\s*元"
_SEP = r"\s*[、，,和及或]\s*"
_KINDS = "|".join(AWARD_KINDS)
_CAPS = "|".join(CAP_CUES)

#: 给予一次性100万元、50万元奖励 / 最高300万元补助 / 给予不超过50万元的补助
GRANT_AMOUNT_FIRST = re.compile(
    rf"(?P<cap>{_CAPS})?(?P<amounts>{_AMOUNT}(?:{_SEP}{_AMOUNT})*)(?:的)?(?P<once>{ONE_OFF})?(?P<kind>{_KINDS})"
)
#: 一次性补助1万元 / 最高奖励50万元
GRANT_KIND_FIRST = re.compile(
    rf"(?P<cap>{_CAPS})?(?P<kind>{_KINDS})(?P<cap2>{_CAPS})?(?P<amounts>{_AMOUNT}(?:{_SEP}{_AMOUNT})*)"
)
#: 按贷款利息的50%给予贴息 / 按实际投资额的10%给予奖励
GRANT_RATE = re.compile(
    rf"按(?P<base>[^，。；,;]{{1,40}}?)的?(?P<cap>{_CAPS})?(?P<rate>\d+(?:\.\d+)?)\s*[%％](?:的比例)?"
    rf"(?:给予|予以)?(?P<once>{ONE_OFF})?(?P<kind>{_KINDS})"
)
#: 给予设备投资额10%的补助 / 给予不超过实际投资额20%的奖励
GRANT_SHARE = re.compile(
    rf"(?:给予|予以)(?P<cap>{_CAPS})?(?P<base>[^，。；,;\d%]{{1,30}}?)的?(?P<rate>\d+(?:\.\d+)?)\s*[%％]"
    rf"的?(?P<once>{ONE_OFF})?(?P<kind>{_KINDS})"
)
#: the cap that follows a rate: 单个企业最高不超过100万元
RATE_CAP = re.compile(rf"(?P<cap>{_CAPS})(?P<amount>{_AMOUNT})")
#: a list of numbers sharing a unit: 10亿元、50亿元…1000亿元 / 2、3、4级
NUMBER_LIST = re.compile(
    rf"(?P<list>{_NUM}\s*(?:[十百千万亿]*元|级|星|家|个|%)?(?:{_SEP}{_NUM}\s*(?:[十百千万亿]*元|级|星|家|个|%)?)+)"
    r"(?<=[元级星家个%])"
)
_ITEM_UNIT = re.compile(r"(?:[十百千万亿]*元|级|星|家|个|%)$")


@dataclass
class _Grant:
    span: Span  # of the grant words (amounts … kind) in doc.text
    amounts: list[tuple[str, Span]]  # each amount as written, with its span
    kind: str
    cap: bool
    one_off: bool
    rate: float | None = None


# --- numbers (through the shared quantity parser) ----------------------------------------------


def _money(written: str) -> float | None:
    """An amount as written (``6万元``, ``1200万元``) in 元."""
    from extractors.quantities import find_quantities

    for q in find_quantities(written):
        if q.unit == "元" and q.value is not None:
            return float(q.value)
    return None


def _threshold(written: str, unit_hint: str) -> Threshold | None:
    """A threshold item (``10亿元``, ``2`` with the list's unit ``级``) as value + base unit."""
    from extractors.quantities import find_quantities

    text = written if _ITEM_UNIT.search(written) else written + unit_hint
    for q in find_quantities(text):
        if q.value is not None:
            return Threshold(float(q.value), q.unit)
    return None


# --- finding the grants -----------------------------------------------------------------------


def _grants(text: str, start: int, end: int) -> list[_Grant]:
    """Grants in ``text[start:end]`` (doc offsets), in text order, overlapping matches dropped."""
    seg = text[start:end]
    found: list[_Grant] = []
    rate_matches = sorted([*GRANT_RATE.finditer(seg), *GRANT_SHARE.finditer(seg)], key=lambda m: m.start())
    for m in rate_matches:
        if any(g.span.overlaps(Span(start + m.start(), start + m.end())) for g in found):
            continue
        rate = float(m.group("rate")) / 100
        gspan_end = m.end()
        amounts: list[tuple[str, Span]] = []
        cap = False
        tail = seg[m.end() :]
        stop = re.search(r"[。；;]|对", tail)
        tail = tail[: stop.start()] if stop else tail
        c = RATE_CAP.search(tail)
        if c:
            a0 = m.end() + c.start("amount")
            amounts = [(c.group("amount"), Span(start + a0, start + m.end() + c.end("amount")))]
            cap = True
            gspan_end = m.end() + c.end()
        found.append(
            _Grant(
                Span(start + m.start(), start + gspan_end),
                amounts,
                m.group("kind"),
                cap,
                bool(m.group("once")),
                rate,
            )
        )
    for pattern in (GRANT_AMOUNT_FIRST, GRANT_KIND_FIRST):
        for m in pattern.finditer(seg):
            lead = _lead(seg, m.start())
            gspan = Span(start + lead, start + m.end())
            if any(g.span.overlaps(gspan) for g in found):
                continue
            after = seg[m.end() : m.end() + 4]
            before = seg[max(0, m.start() - 6) : m.start()]
            if pattern is GRANT_AMOUNT_FIRST and after.startswith(NOT_A_GRANT_AFTER):
                continue
            if pattern is GRANT_KIND_FIRST and (
                seg[m.end("kind") : m.end("kind") + 2] in NOT_A_GRANT_AFTER
                or not (
                    m.group("cap")
                    or m.group("cap2")
                    or before.endswith(("给予", "予以", ONE_OFF, "每人", "每家", "每个"))
                    or (
                        before.endswith(("，", ",")) and seg.startswith(CONDITION_STARTS)
                    )  # 对…的企业，奖励30万元
                )
            ):
                continue
            if any(cue in before for cue in AGGREGATE_CUES):
                continue
            amounts = []
            a_start = m.start("amounts")
            for am in re.finditer(_AMOUNT, m.group("amounts")):
                s = start + a_start + am.start()
                amounts.append((am.group(0), Span(s, s + len(am.group(0)))))
            led = seg[lead : m.start()]
            once = bool(m.groupdict().get("once")) or ONE_OFF in led
            cap = bool(m.group("cap") or m.groupdict().get("cap2")) or any(c in led for c in CAP_CUES)
            found.append(_Grant(gspan, amounts, m.group("kind"), cap, once))
    found.sort(key=lambda g: g.span.start)
    return found


def _lead(seg: str, at: int) -> int:
    """Where the words leading into a grant begin (…，分别给予一次性|100万元… -> before 分别)."""
    words = sorted((RESPECTIVELY, ONE_OFF, "给予", "予以", "并", "再", *CAP_CUES), key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for w in words:
            if seg.startswith(w, at - len(w)) and at - len(w) >= 0:
                at -= len(w)
                changed = True
                break
    return at


def _units(doc: Document, sent: Span) -> list[Span]:
    """A sentence cut where a clause starts a new condition (…；对A…，对B… -> two units)."""
    from extractors.text import clauses

    cuts = [sent.start]
    for c in clauses(sent.of(doc.text), sent.start):
        if c.start > sent.start and doc.text.startswith(CONDITION_STARTS, c.start):
            cuts.append(c.start)
    # a stray quote mark (“隐形冠军〞) keeps the splitter inside "quotes": cut at every ender anyway
    for m in re.finditer(r"[。；！？]+", sent.of(doc.text)):
        if sent.start + m.end() < sent.end:
            cuts.append(sent.start + m.end())
    cuts = sorted(set(cuts))
    cuts.append(sent.end)
    return [Span(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


# --- conditions and recipients ----------------------------------------------------------------


def _strip_prefix(s: str) -> tuple[str, int]:
    for p in sorted(RECIPIENT_PREFIXES, key=len, reverse=True):
        if s.startswith(p) and len(s) > len(p):
            return s[len(p) :], len(p)
    return s, 0


def _unquote(s: str) -> str:
    s = s.strip()
    if len(s) > 2 and s[0] in '“"「『' and s[-1] in '”"」』〞' and not any(q in s[1:-1] for q in '“”"〞'):
        return s[1:-1]
    return s


def _depth0(s: str) -> list[int]:
    """Bracket depth before each character."""
    depth, out = 0, []
    for ch in s:
        out.append(depth)
        if ch in "（(〔[【《“":
            depth += 1
        elif ch in "）)〕]】》”" and depth:
            depth -= 1
    return out


def _condition(doc: Document, unit: Span, grant: _Grant) -> Span | None:
    """The condition of a grant: from after 对 to the end of its ``…的`` clause (or up to the grant)."""
    from extractors.text import clauses

    text = doc.text
    s, e = unit.start, grant.span.start
    if text.startswith(CONDITION_STARTS, s):
        s += 2 if text.startswith("对于", s) else 1
    else:
        # no 对: the condition is the grant's own clause before it, or else the clause before that
        cl = [c for c in clauses(text[unit.start : grant.span.start], unit.start)]
        if cl:
            s = cl[-1].start
            own = text[s:e].rstrip("，,").strip()
            own = re.sub(rf"(?:{RESPECTIVELY}|给予|予以|并|按)+$", "", own)
            if len(own) < 2 and len(cl) > 1:
                s = cl[-2].start
    region = text[s:e]
    # keep the clauses up to the last one that ends in 的 (…1000亿元的，市政府分别发贺信嘉奖并 -> …1000亿元)
    parts = [c for c in clauses(region, s)]
    de = [c for c in parts if text[c.start : c.end].rstrip("，,：: ").endswith("的")]
    if de and len(parts) > 1:
        e = de[-1].end
    elif len(parts) > 1:  # …的企业，每个奖项|最高奖励 -> stop before the per-unit clause
        for c in parts[1:]:
            if text.startswith(NOT_CONDITION_CLAUSE, c.start):
                e = c.start
                break
    cond = text[s:e]
    # trim trailing punctuation, fillers and the 的 that closes a condition
    trimmed = re.sub(rf"(?:[，,：:\s]|{RESPECTIVELY}|给予|予以|并|的)+$", "", cond)
    trimmed = re.sub(rf"^(?:[，,、\s]|{'|'.join(CONDITION_STARTS)})+", "", trimmed)
    if not trimmed:
        return None
    lead = cond.index(trimmed)
    return Span(s + lead, s + lead + len(trimmed))


def _recipient(cond: str, clause: bool = False) -> str:
    """The recipient named by a condition: the noun after its last 的 (…仍在库的制造业企业), or — when
    the condition is a clause closed by 的 (``clause``: 企业购置…装备的) or has no 的 — its subject."""
    depth = _depth0(cond)
    last_de = max((i for i, ch in enumerate(cond) if ch == "的" and depth[i] == 0), default=-1)
    if not clause and last_de >= 0 and last_de + 1 < len(cond):
        return _unquote(cond[last_de + 1 :])
    body, _ = _strip_prefix(cond)
    first_de = body.find("的")
    subject = None
    for m in re.finditer("|".join(sorted(RECIPIENT_HEADS, key=len, reverse=True)), body):
        rest = body[m.end() :]
        if not rest or rest.startswith(CONDITION_AFTER_HEAD):
            return _unquote(body[: m.end()])
        if clause and subject is None and (first_de < 0 or m.end() <= first_de):
            subject = body[: m.end()]
    return _unquote(subject or body.rstrip("的"))


def _list_in(cond: str, n: int) -> tuple[list[tuple[int, int]], str] | None:
    """The 分别 list of ``n`` items in a condition: item (start, end) offsets and ``"number"``/
    ``"name"``/``"level"``; None when there is none of that length."""
    for m in NUMBER_LIST.finditer(cond):
        items = [
            (x.start(), x.end())
            for x in re.finditer(rf"{_NUM}\s*(?:[十百千万亿]*元|级|星|家|个|%)?", m.group(0))
        ]
        items = [(m.start() + a, m.start() + b) for a, b in items]
        if len(items) == n:
            return items, "number"
    depth = _depth0(cond)
    seps = [i for i, ch in enumerate(cond) if ch == "、" and depth[i] == 0]
    if len(seps) != n - 1:
        return None
    bounds = [0, *[i + 1 for i in seps]]
    items = [(a, (seps[k] if k < len(seps) else len(cond))) for k, a in enumerate(bounds)]
    # the first item begins after a verb (新认定为X) and perhaps a 的 clause before it
    a0, b0 = items[0]
    first = cond[a0:b0]
    cut = max(first.rfind("的", 0, len(first) - 1) + 1, 0) if "的" in first[:-1] else 0
    rest, dropped = _strip_prefix(first[cut:])
    items[0] = (a0 + cut + dropped, b0)
    # the last item: a name ending in 的 (…单项冠军产品的) or a level word followed by what is shared
    al, bl = items[-1]
    last = cond[al:bl]
    if "等" in re.sub(r"（[^（）]*）|\([^()]*\)", "", last).split("的")[0]:
        return None  # 工业互联网、智能化工厂等…: examples, not a respectively list
    head = last.rstrip("的")
    levels = sorted(LEVEL_WORDS, key=len, reverse=True)
    firsts = [cond[a:b] for a, b in items[:-1]]
    all_levels = all(f in LEVEL_WORDS for f in firsts)
    if not all_levels and "的" not in re.sub(
        r"（[^（）]*）|\([^()]*\)", "", head
    ):  # 单项冠军产品的 -> a name
        items[-1] = (al, al + len(head))
        return items, "name"
    for w in levels:
        if last.startswith(w):  # 国家、省级示范称号…的企业 / 国家级、省级、市级企业研究开发中心
            items[-1] = (al, al + len(w))
            return items, "level"
    return None


# --- the extractor ----------------------------------------------------------------------------


def extract_awards(doc: Document) -> tuple[list[Award], list[ExtractionIssue]]:
    """Every award with money in ``doc`` (a sum or a share), and the 分别 lists it would not guess."""
    from extractors.text import sentences

    try:
        from extractors.entities import canonical_category
    except ImportError:  # pragma: no cover - the lexicon is optional
        canonical_category = None  # type: ignore[assignment]

    awards: list[Award] = []
    issues: list[ExtractionIssue] = []
    seen: set[str] = set()
    text = doc.text
    for para in doc.paragraphs:
        for sent in sentences(para.span.of(text), para.span.start):
            for unit in _units(doc, sent):
                prev_end = unit.start
                for g in _grants(text, unit.start, unit.end):
                    sub = Span(prev_end if prev_end > unit.start else unit.start, g.span.end)
                    prev_end = g.span.end
                    if not g.amounts and g.rate is None:
                        continue
                    cspan = _condition(doc, sub, g)
                    cond = cspan.of(text) if cspan else ""
                    # the quote runs from 对 (or the condition, or the grant) to the end of the grant
                    q0 = (
                        sub.start if text.startswith(CONDITION_STARTS, sub.start) else (cspan or g.span).start
                    )
                    quote_span = Span(min(q0, g.span.start), g.span.end)
                    quote = quote_span.of(text)
                    resp = RESPECTIVELY in text[cspan.end if cspan else sub.start : g.span.end]
                    n = len(g.amounts)
                    rows: list[tuple[str, str, tuple[str, Span] | None, Threshold | None]] = []
                    if n > 1 or (resp and n > 1):
                        found = _list_in(cond, n) if resp else None
                        if found is None:
                            issues.append(
                                ExtractionIssue(
                                    f"{n} amounts but no list of {n} recipients or thresholds to pair them with"
                                    + ("" if resp else " (no 分别)"),
                                    quote,
                                    quote_span,
                                )
                            )
                            continue
                        items, how = found
                        a, b = items[0][0], items[-1][1]
                        unit_hint = ""
                        if how == "number":
                            last_item = cond[items[-1][0] : items[-1][1]]
                            um = _ITEM_UNIT.search(last_item)
                            unit_hint = um.group(0) if um else ""
                        for (ia, ib), amount in zip(items, g.amounts, strict=True):
                            item = cond[ia:ib]
                            trig = (
                                cond[:a]
                                + item
                                + (unit_hint if how == "number" and not _ITEM_UNIT.search(item) else "")
                                + cond[b:]
                            )
                            if how == "name":
                                rec = _unquote(item)
                                th = None
                            elif how == "level" and "的" not in cond[b:]:
                                rec = _unquote(
                                    item + cond[b:]
                                )  # 国家级、省级企业技术中心 -> 国家级企业技术中心
                                th = None
                            else:
                                rec = _recipient(cond)
                                th = _threshold(item, unit_hint) if how == "number" else None
                            rows.append((rec, trig, amount, th))
                    else:
                        th = _single_threshold(cond)
                        clause = bool(cspan) and text.startswith("的", cspan.end)
                        rec = _recipient(cond, clause) if cond else ""
                        rows.append((rec, cond, g.amounts[0] if g.amounts else None, th))
                    for rec, trig, amount, th in rows:
                        value = _money(amount[0]) if amount else None
                        if amount and value is None:
                            continue
                        section = doc.section_at(quote_span.start)
                        sid = section.id if section else None
                        aid = stable_id(doc.id, sid, quote, rec, value)
                        if aid in seen:
                            aid = stable_id(doc.id, sid, quote, rec, value, trig)
                        seen.add(aid)
                        awards.append(
                            Award(
                                id=aid,
                                recipient=rec,
                                trigger=trig,
                                amount=value,
                                unit="元",
                                max=g.cap,
                                one_off=g.one_off,
                                kind=g.kind,
                                quote=quote,
                                span=quote_span,
                                source=doc.source_at(quote_span.start),
                                section=sid,
                                threshold=th,
                                rate=g.rate,
                                category=canonical_category(rec) if canonical_category and rec else None,
                            )
                        )
    return awards, issues


def _single_threshold(cond: str) -> Threshold | None:
    """``年营业收入首次突破10亿元的企业`` -> 1e9 元 (one money amount after a threshold cue)."""
    ms = list(re.finditer(_AMOUNT, cond))
    if len(ms) != 1:
        return None
    m = ms[0]
    if cond[: m.start()].endswith(THRESHOLD_CUES) or cond[m.end() : m.end() + 2] == "以上":
        v = _money(m.group(0))
        return Threshold(v, "元") if v is not None else None
    return None
