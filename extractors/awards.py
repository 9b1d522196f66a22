"""Awards and subsidies: who gets how much money, on what condition (奖励, 补助, 贴息, 资助, 奖补 …).

Supports
  * a fixed sum: ``对首次上规且次年仍在库的制造业企业，给予一次性6万元奖励`` -> recipient 制造业企业,
    trigger 首次上规且次年仍在库的制造业企业, amount 60000 元, one_off, kind 奖励;
  * a cap: ``对5G融合示范项目最高300万元补助`` / ``给予不超过50万元的补助`` -> ``max`` True;
  * the amount after the kind: ``一次性补助1万元``, ``每家最高奖励50万元``, ``企业获得…一等奖的，奖励200万元``;
  * what the money is for before the kind: ``给予最高200万元的安家补贴`` (kind 补贴);
  * a grantee named after 给予: ``对年纳税额首次超过1亿元的企业，给予企业经营团队不超过50万元的奖励`` ->
    recipient 企业经营团队, threshold 1e8 元;
  * a share: ``按贷款利息的50%给予贴息，单个企业最高不超过100万元`` -> rate 0.5, amount 1000000, max;
    without a cap the amount is None; ``给予设备投资额10%的补助``; ``给予贴息，贴息比例不超过50%`` (rate 0.5, max);
  * 分别 lists zipped in order — recipients (``对新认定为制造业单项冠军示范企业、单项冠军产品的，分别给予
    一次性100万元、50万元奖励`` -> two awards), thresholds (``年度营业收入首次突破10亿元、50亿元…的，…分别…
    给予30万元、100万元…奖励`` -> one award per revenue threshold {1e9 元}, ``达到2、3、4级`` -> 2/3/4 级)
    and levels (``对获得国家、省级示范（标杆）称号…的企业，分别给予30万元、20万元奖励`` -> two awards whose
    triggers read 获得国家示范… / 获得省级示范…); one amount for a list goes to each
    (``对新认定的国家级、省级专精特新中小企业，分别给予一次性10万元奖励`` -> two awards of 100000 元);
  * a single threshold in the condition: ``对年营业收入首次突破10亿元的企业给予50万元奖励``.
  * ``category``: the recipient's canonical enterprise category (``extractors.entities``) when it has one.

Avoids
  * support without money (``给予支持``, ``加大研发投入补贴力度``) and budgets or totals paid out
    (``专项资金不少于1亿元``, ``发放以旧换新补贴121.9亿元``, ``补助资金127.8亿元``, ``补助标准提高到700元``);
  * guessing a 分别 list: when the number of recipients/thresholds differs from the number of amounts,
    an ``ExtractionIssue`` is returned instead of awards;
  * lists inside brackets or ending in 等 (examples, not a respectively list).

Cue words (kinds, caps, recipient heads and prefixes, levels, aggregate and threshold cues …) are data:
``extractors/lexicon/award_cues.tsv``, one row per cue. Amounts and thresholds are read by
``extractors.quantities``. The quote of every award is the exact text from its condition (``对…``) to
its kind word (or its cap), ``doc.text[award.span]``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from knowledge_base.model import Award, Document, ExtractionIssue, Span, Threshold, stable_id

# --- rules as data: cue words in extractors/lexicon/award_cues.tsv, patterns here -------------

CUES_FILE = "award_cues.tsv"
ONE_OFF = "一次性"
RESPECTIVELY = "分别"
#: Words that may lead into a grant besides the caps (…，分别给予一次性|100万元…).
GRANT_LEAD = (RESPECTIVELY, ONE_OFF, "给予", "予以", "并", "再", "每人", "每户", "每家", "每个")
#: Before a kind-first grant (一次性补助1万元, 每人…) one of these must stand, or a cap, or a 对 clause.
KIND_FIRST_AFTER = ("给予", "予以", ONE_OFF, "每人", "每家", "每个")

_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
_AMOUNT = rf"{_NUM}\s*(?:[十百千万亿]+)?\s*元"
_SEP = r"\s*[、，,和及或]\s*"
_ITEM = rf"{_NUM}\s*(?:[十百千万亿]*元|级|星|家|个|%)?"
_ITEM_UNIT = re.compile(r"(?:[十百千万亿]*元|级|星|家|个|%)$")
#: up to four characters naming what the money is for, before the kind (200万元的安家补贴); never
#: a word that makes the amount a condition (100万元以上的项目补助)
_MODIFIER = r"(?:(?![的以上下内外用于及和或、，。；])[\u4e00-\u9fff]){0,4}?"
_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")


@dataclass(frozen=True)
class Rules:
    """The cue words by group (longest first) and the grant patterns made from them."""

    cues: dict[str, tuple[str, ...]]
    amount_first: re.Pattern[str]  # 给予一次性100万元、50万元奖励 / 最高300万元补助 / 给予不超过50万元的补助
    kind_first: re.Pattern[str]  # 一次性补助1万元 / 最高奖励50万元 / 每家分别给予一次性补助80万元、20万元
    rate: re.Pattern[str]  # 按贷款利息的50%给予贴息 / 按实际投资额的10%给予奖励
    share: re.Pattern[str]  # 给予设备投资额10%的补助 / 给予不超过购置金额20%的补助
    rate_after: re.Pattern[str]  # 给予贴息，贴息比例不超过50%
    rate_cap: re.Pattern[str]  # the cap after a share: 单个企业最高不超过100万元
    number_list: re.Pattern[str]  # 10亿元、50亿元…1000亿元 / 2、3、4级
    heads: re.Pattern[str]  # any recipient head word

    def __getitem__(self, group: str) -> tuple[str, ...]:
        return self.cues[group]


@cache
def rules() -> Rules:
    """Read ``lexicon/award_cues.tsv`` once and compile the grant patterns."""
    text = resources.files("extractors.lexicon").joinpath(CUES_FILE).read_text(encoding="utf-8")
    rows = csv.DictReader(
        [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")], delimiter="\t"
    )
    groups: dict[str, list[str]] = {}
    for row in rows:
        groups.setdefault(row["group"], []).append(row["cue"])
    cues = {g: tuple(sorted(set(v), key=len, reverse=True)) for g, v in groups.items()}
    kinds, caps = "|".join(cues["kind"]), "|".join(cues["cap"])
    amounts = rf"{_AMOUNT}(?:{_SEP}{_AMOUNT})*"
    return Rules(
        cues=cues,
        amount_first=re.compile(
            rf"(?P<cap>{caps})?(?P<amounts>{amounts})(?:的)?(?P<once>{ONE_OFF})?{_MODIFIER}(?P<kind>{kinds})"
        ),
        kind_first=re.compile(rf"(?P<cap>{caps})?(?P<kind>{kinds})(?P<cap2>{caps})?(?P<amounts>{amounts})"),
        rate=re.compile(
            rf"按(?P<base>[^，。；,;]{{1,40}}?)的?(?P<cap>{caps})?(?P<rate>\d+(?:\.\d+)?)\s*[%％](?:的比例)?"
            rf"(?:给予|予以)?(?P<once>{ONE_OFF})?(?P<kind>{kinds})"
        ),
        share=re.compile(
            rf"(?:给予|予以)(?P<cap>{caps})?(?P<base>[^，。；,;\d%]{{1,30}}?)的?(?P<rate>\d+(?:\.\d+)?)\s*[%％]"
            rf"的?(?P<once>{ONE_OFF})?(?P<kind>{kinds})"
        ),
        rate_after=re.compile(
            rf"(?P<kind>{kinds})(?:比例|标准)(?:为|按)?(?P<cap>{caps})?(?P<rate>\d+(?:\.\d+)?)\s*[%％]"
        ),
        rate_cap=re.compile(rf"(?P<cap>{caps})(?P<amount>{_AMOUNT})"),
        number_list=re.compile(rf"{_ITEM}(?:{_SEP}{_ITEM})+(?<=[元级星家个%])"),
        heads=re.compile("|".join(cues["recipient_head"])),
    )


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
    R = rules()
    seg = text[start:end]
    found: list[_Grant] = []
    for m in sorted([*R.rate.finditer(seg), *R.share.finditer(seg)], key=lambda m: m.start()):
        if any(g.span.overlaps(Span(start + m.start(), start + m.end())) for g in found):
            continue
        g = _Grant(
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
            found.append(_Grant(gspan, [], m.group("kind"), bool(m.group("cap")), False, rate))
    for pattern in (R.amount_first, R.kind_first):
        for m in pattern.finditer(seg):
            at = _purpose_start(seg, m.start()) if pattern is R.kind_first else m.start()
            lead = _lead(seg, at)
            gspan = Span(start + lead, start + m.end())
            if any(g.span.overlaps(gspan) for g in found) or not _is_grant(seg, m, pattern is R.kind_first):
                continue
            amounts = []
            for am in re.finditer(_AMOUNT, m.group("amounts")):
                a = start + m.start("amounts") + am.start()
                amounts.append((am.group(0), Span(a, a + len(am.group(0)))))
            led = seg[lead : m.start()]
            once = bool(m.groupdict().get("once")) or ONE_OFF in led
            cap = bool(m.group("cap") or m.groupdict().get("cap2")) or any(c in led for c in R["cap"])
            found.append(_Grant(gspan, amounts, m.group("kind"), cap, once))
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


def _units(doc: Document, sent: Span) -> list[Span]:
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


# --- conditions and recipients ----------------------------------------------------------------


def _strip_prefix(s: str) -> tuple[str, int]:
    for p in rules()["recipient_prefix"]:
        if s.startswith(p) and len(s) > len(p):
            return s[len(p) :], len(p)
    return s, 0


def _unquote(s: str) -> str:
    s = s.strip()
    if len(s) > 2 and s[0] in '“"「『' and s[-1] in '”"」』〞' and not any(q in s[1:-1] for q in '“”"〞'):
        return s[1:-1]
    return s


def _depth(s: str) -> list[int]:
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

    R = rules()
    text = doc.text
    s, e = unit.start, grant.span.start
    if text.startswith(R["condition_start"], s):
        s += len(next(w for w in R["condition_start"] if text.startswith(w, s)))
    else:
        # no 对: the condition is the grant's own clause before it, or else the clause before that
        cl = clauses(text[unit.start : grant.span.start], unit.start)
        if cl:
            s = cl[-1].start
            own = re.sub(rf"(?:{RESPECTIVELY}|给予|予以|并|按)+$", "", text[s:e].rstrip("，,").strip())
            if len(own) < 2 and len(cl) > 1:
                s = cl[-2].start
            # …实施免费手术2000例、“两癌”患病妇女给予…: an earlier item with a count is another action
            depth = _depth(text[s:e])
            seps = [i for i, ch in enumerate(text[s:e]) if ch == "、" and depth[i] == 0]
            if (
                len(seps)
                and grant.amounts
                and len(grant.amounts) == 1
                and re.search(r"\d", text[s : s + seps[-1]])
            ):
                s += seps[-1] + 1
    parts = clauses(text[s:e], s)
    de = [c for c in parts if text[c.start : c.end].rstrip("，,：: ").endswith("的")]
    if de and len(parts) > 1:  # …1000亿元的，市政府分别发贺信嘉奖并 -> …1000亿元的
        e = de[-1].end
    elif len(parts) > 1:  # …的企业，每个奖项|最高奖励 -> stop before the per-unit clause
        e = next((c.start for c in parts[1:] if text.startswith(R["not_condition_clause"], c.start)), e)
    cond = text[s:e]
    # trim trailing punctuation, fillers and the 的 that closes a condition
    trimmed = re.sub(rf"(?:[，,：:\s]|{RESPECTIVELY}|给予|予以|并|的)+$", "", cond)
    trimmed = re.sub(rf"^(?:[，,、\s]|{'|'.join(R['condition_start'])})+", "", trimmed)
    if not trimmed:
        return None
    lead = cond.index(trimmed)
    return Span(s + lead, s + lead + len(trimmed))


def _recipient(cond: str, clause: bool = False) -> str:
    """The recipient named by a condition: the noun after its last 的 (…仍在库的制造业企业), or — when
    the condition is a clause closed by 的 (``clause``: 企业购置…装备的) or has no 的 — its subject."""
    R = rules()
    depth = _depth(cond)
    last_de = max((i for i, ch in enumerate(cond) if ch == "的" and depth[i] == 0), default=-1)
    if not clause and 0 <= last_de < len(cond) - 1:
        return _unquote(cond[last_de + 1 :])
    body, _ = _strip_prefix(cond)
    first_de = body.find("的")
    subject = None
    for m in R.heads.finditer(body):
        rest = body[m.end() :]
        if not rest or rest.startswith(R["condition_after_head"]):
            return _unquote(body[: m.end()])
        # the subject of a 的 clause; heads in a row make one noun (困难家庭|子女)
        before_de = first_de < 0 or m.end() <= first_de
        if clause and before_de and (subject is None or m.start() == len(subject)):
            subject = body[: m.end()]
    return _unquote(subject or body.rstrip("的"))


def _general_grant(sentence: str) -> tuple[str, int] | None:
    """``对困难家庭子女普通高校入学给予资助，…`` -> (困难家庭子女, end): a grant without money whose
    recipient the sums that follow in the sentence (录取到本科院校的一次性补助1万元) are paid to."""
    R = rules()
    m = re.search(rf"对(?P<x>[^，。；,;]{{2,30}}?)(?:给予|予以)(?:{'|'.join(R['kind'])})(?=[，,])", sentence)
    if m is None or re.search(_AMOUNT, m.group(0)):
        return None
    return _recipient(m.group("x"), clause=True), m.end()


def _explicit_recipient(before_grant: str) -> str | None:
    """``…的企业，给予企业经营团队|不超过50万元的奖励`` -> 企业经营团队 (named between 给予 and the money)."""
    m = re.search(r"(?:给予|予以)(?P<r>[^，。；、,;\d]{2,16})$", before_grant)
    if m is None or m.group("r").startswith("每"):
        return None
    r = m.group("r")
    return r if r.endswith(rules()["recipient_head"]) else None


def _single_threshold(cond: str) -> Threshold | None:
    """``年营业收入首次突破10亿元的企业`` -> 1e9 元 (one money amount after a threshold cue)."""
    ms = list(re.finditer(_AMOUNT, cond))
    if len(ms) != 1:
        return None
    m = ms[0]
    if cond[: m.start()].endswith(rules()["threshold_cue"]) or cond.startswith("以上", m.end()):
        v = _money(m.group(0))
        return Threshold(v, "元") if v is not None else None
    return None


# --- 分别 lists ---------------------------------------------------------------------------------


def _list_in(cond: str, n: int) -> tuple[list[tuple[int, int]], str] | None:
    """The 分别 list of ``n`` items in a condition: item (start, end) offsets and ``"number"``,
    ``"name"`` or ``"level"``; None when there is none of that length."""
    R = rules()
    for m in R.number_list.finditer(cond):
        items = [(m.start() + x.start(), m.start() + x.end()) for x in re.finditer(_ITEM, m.group(0))]
        if len(items) == n:
            return items, "number"
    depth = _depth(cond)
    seps = [i for i, ch in enumerate(cond) if ch == "、" and depth[i] == 0]
    if len(seps) != n - 1:
        return None
    items = [(a, seps[k] if k < len(seps) else len(cond)) for k, a in enumerate([0, *[i + 1 for i in seps]])]
    # the first item begins after a verb (新认定为X) and perhaps a 的 clause before it
    a0, b0 = items[0]
    first = cond[a0:b0]
    cut = first.rfind("的", 0, len(first) - 1) + 1
    _, dropped = _strip_prefix(first[cut:])
    items[0] = (a0 + cut + dropped, b0)
    # the last item: a name ending in 的 (…单项冠军产品的) or a level word followed by what is shared
    al, bl = items[-1]
    last = cond[al:bl]
    if "等" in _BRACKETED.sub("", last).split("的")[0]:
        return None  # 工业互联网、智能化工厂等…: examples, not a respectively list
    head = last.rstrip("的")
    all_levels = all(cond[a:b] in R["level"] for a, b in items[:-1])
    if not all_levels and "的" not in _BRACKETED.sub("", head):  # 单项冠军产品的 -> a name
        items[-1] = (al, al + len(head))
        return items, "name"
    for w in R["level"]:
        if last.startswith(w):  # 国家、省级示范称号…的企业 / 国家级、省级、市级企业研究开发中心
            items[-1] = (al, al + len(w))
            return items, "level"
    return None


def _paired(cond: str, g: _Grant) -> list[tuple[str, str, tuple[str, Span], Threshold | None]] | None:
    """(recipient, trigger, amount, threshold) for each amount of a 分别 grant; None if the lists differ.
    One amount for a list of recipients (对国家级、省级…分别给予10万元) goes to each of them."""
    amounts = g.amounts
    if len(amounts) == 1:
        depth = _depth(cond)
        k = 1 + sum(1 for i, ch in enumerate(cond) if ch == "、" and depth[i] == 0)
        found = _list_in(cond, k) if k > 1 else None
        if found is None or found[1] == "number":
            return None
        amounts = amounts * k
    else:
        found = _list_in(cond, len(amounts))
    if found is None:
        return None
    items, how = found
    a, b = items[0][0], items[-1][1]
    um = _ITEM_UNIT.search(cond[items[-1][0] : items[-1][1]]) if how == "number" else None
    unit_hint = um.group(0) if um else ""
    rows = []
    for (ia, ib), amount in zip(items, amounts, strict=True):
        item = cond[ia:ib]
        written = item + (unit_hint if how == "number" and not _ITEM_UNIT.search(item) else "")
        trigger = cond[:a] + written + cond[b:]  # the condition as it reads for this item
        th = None
        if how == "name":
            rec = _unquote(item)
        elif how == "level" and "的" not in cond[b:]:
            rec = _unquote(item + cond[b:])  # 国家级、省级企业技术中心 -> 国家级企业技术中心
        else:
            rec = _recipient(cond)
            th = _threshold(item, unit_hint) if how == "number" else None
        rows.append((rec, trigger, amount, th))
    return rows


def _per_unit(text: str, start: int, end: int) -> str:
    """``元`` with what the sum is paid per, written with 每 between the condition and the money:
    给予每人1万元 -> 元/人, 按每亩200元 -> 元/亩, 每人每月给予300元 -> 元/人/月."""
    rx = re.compile("每(" + "|".join(rules()["per_unit"]) + ")")
    per = [m.group(1) for m in rx.finditer(text, start, end)]
    return "/".join(["元", *per])


# --- the extractor ----------------------------------------------------------------------------


def extract_awards(doc: Document) -> tuple[list[Award], list[ExtractionIssue]]:
    """Every award with money in ``doc`` (a sum or a share), and the 分别 lists it would not guess.

    A work report's review part (过去一年 … up to 今年 / 工作安排, ``extractors.tense``) reports what was paid,
    so it gives no awards; nor does a sentence that reports a sum as received (育儿家庭每月多了300元补贴)."""
    from extractors.tense import is_heading_like, review_state
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
        if in_review or is_heading_like(ptext):
            continue
        for sent in sentences(ptext, para.span.start):
            general = _general_grant(sent.of(text))
            for unit in _units(doc, sent):
                prev_end = unit.start
                for g in _grants(text, unit.start, unit.end):
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
    doc: Document, sub: Span, g: _Grant, general: str | None, issues: list[ExtractionIssue]
) -> list[Award]:
    """The awards of one grant: one per amount (分别 lists paired), or an issue when they cannot be paired."""
    from extractors.entities import canonical_category

    text = doc.text
    cspan = _condition(doc, sub, g)
    cond = cspan.of(text) if cspan else ""
    # the quote runs from 对 (or the condition, or the grant) to the end of the grant
    q0 = sub.start if text.startswith(rules()["condition_start"], sub.start) else (cspan or g.span).start
    quote_span = Span(min(q0, g.span.start), g.span.end)
    quote = quote_span.of(text)
    resp = RESPECTIVELY in text[cspan.end if cspan else sub.start : g.span.end]
    n = len(g.amounts)
    rows = _paired(cond, g) if resp and n >= 1 else None
    if rows is None and n > 1:
        why = "" if resp else " (no 分别)"
        message = f"{n} amounts but no list of {n} recipients or thresholds to pair them with{why}"
        issues.append(ExtractionIssue(message, quote, quote_span))
        return []
    if rows is None:
        clause = bool(cspan) and text.startswith("的", cspan.end)
        # 给予企业经营团队…; or the recipient of a grant without money before (对困难家庭子女…给予资助，…)
        rec = _explicit_recipient(text[sub.start : g.span.start]) or general
        rec = rec or (_recipient(cond, clause) if cond else "")
        rows = [(rec, cond, g.amounts[0] if g.amounts else None, _single_threshold(cond))]
    section = doc.section_at(quote_span.start)
    sid = section.id if section else None
    first = g.amounts[0][1].start if g.amounts else g.span.end
    unit = _per_unit(text, cspan.end if cspan else sub.start, first)
    out = []
    for rec, trigger, amount, th in rows:
        value = _money(amount[0]) if amount else None
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
