"""分别 lists: the recipients, thresholds or government levels of a condition paired in order with the sums of
a grant; None when the lists differ in length (the caller reports it instead of guessing)."""

from __future__ import annotations

import re

from extractors.awards.amounts import threshold
from extractors.awards.conditions import bracket_depth, recipient, strip_prefix, unquote
from extractors.awards.grants import Grant
from extractors.awards.rules import BRACKETED, ITEM, ITEM_UNIT, rules
from knowledge_base.model import Span, Threshold


def list_in(cond: str, n: int) -> tuple[list[tuple[int, int]], str] | None:
    """The 分别 list of ``n`` items in a condition: item (start, end) offsets and ``"number"``,
    ``"name"`` or ``"level"``; None when there is none of that length."""
    R = rules()
    for m in R.number_list.finditer(cond):
        items = [(m.start() + x.start(), m.start() + x.end()) for x in re.finditer(ITEM, m.group(0))]
        if len(items) == n:
            return items, "number"
    depth = bracket_depth(cond)
    seps = [i for i, ch in enumerate(cond) if ch == "、" and depth[i] == 0]
    if len(seps) != n - 1:
        return None
    items = [(a, seps[k] if k < len(seps) else len(cond)) for k, a in enumerate([0, *[i + 1 for i in seps]])]
    # the first item begins after a verb (新认定为X) and perhaps a 的 clause before it
    a0, b0 = items[0]
    first = cond[a0:b0]
    cut = first.rfind("的", 0, len(first) - 1) + 1
    _, dropped = strip_prefix(first[cut:])
    items[0] = (a0 + cut + dropped, b0)
    # the last item: a name ending in 的 (…单项冠军产品的) or a level word followed by what is shared
    al, bl = items[-1]
    last = cond[al:bl]
    if "等" in BRACKETED.sub("", last).split("的")[0]:
        return None  # 工业互联网、智能化工厂等…: examples, not a respectively list
    head = last.rstrip("的")
    all_levels = all(cond[a:b] in R["level"] for a, b in items[:-1])
    if not all_levels and "的" not in BRACKETED.sub("", head):  # 单项冠军产品的 -> a name
        items[-1] = (al, al + len(head))
        return items, "name"
    for w in R["level"]:
        if last.startswith(w):  # 国家、省级示范称号…的企业 / 国家级、省级、市级企业研究开发中心
            items[-1] = (al, al + len(w))
            return items, "level"
    return None


def paired(cond: str, g: Grant) -> list[tuple[str, str, tuple[str, Span], Threshold | None]] | None:
    """(recipient, trigger, amount, threshold) for each amount of a 分别 grant; None if the lists differ.
    One amount for a list of recipients (对国家级、省级…分别给予10万元) goes to each of them."""
    amounts = g.amounts
    if len(amounts) == 1:
        depth = bracket_depth(cond)
        k = 1 + sum(1 for i, ch in enumerate(cond) if ch == "、" and depth[i] == 0)
        found = list_in(cond, k) if k > 1 else None
        if found is None or found[1] == "number":
            return None
        amounts = amounts * k
    else:
        found = list_in(cond, len(amounts))
    if found is None:
        return None
    items, how = found
    a, b = items[0][0], items[-1][1]
    um = ITEM_UNIT.search(cond[items[-1][0] : items[-1][1]]) if how == "number" else None
    unit_hint = um.group(0) if um else ""
    rows = []
    for (ia, ib), amount in zip(items, amounts, strict=True):
        item = cond[ia:ib]
        written = item + (unit_hint if how == "number" and not ITEM_UNIT.search(item) else "")
        trigger = cond[:a] + written + cond[b:]  # the condition as it reads for this item
        th = None
        if how == "name":
            rec = unquote(item)
        elif how == "level" and "的" not in cond[b:]:
            rec = unquote(item + cond[b:])  # 国家级、省级企业技术中心 -> 国家级企业技术中心
        else:
            rec = recipient(cond)
            th = threshold(item, unit_hint) if how == "number" else None
        rows.append((rec, trigger, amount, th))
    return rows
