"""The condition of a grant (对…的企业) and who receives it: the recipient named by the condition, a grantee
named after 给予, the recipient of a grant without money before, and a single threshold in the condition."""

from __future__ import annotations

import re

from extractors.awards.amounts import money
from extractors.awards.grants import Grant
from extractors.awards.rules import AMOUNT, RESPECTIVELY, rules
from knowledge_base.model import Document, Span, Threshold


def strip_prefix(s: str) -> tuple[str, int]:
    for p in rules()["recipient_prefix"]:
        if s.startswith(p) and len(s) > len(p):
            return s[len(p) :], len(p)
    return s, 0


def unquote(s: str) -> str:
    s = s.strip()
    if len(s) > 2 and s[0] in '“"「『' and s[-1] in '”"」』〞' and not any(q in s[1:-1] for q in '“”"〞'):
        return s[1:-1]
    return s


def bracket_depth(s: str) -> list[int]:
    """Bracket depth before each character."""
    depth, out = 0, []
    for ch in s:
        out.append(depth)
        if ch in "（(〔[【《“":
            depth += 1
        elif ch in "）)〕]】》”" and depth:
            depth -= 1
    return out


def condition(doc: Document, unit: Span, grant: Grant) -> Span | None:
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
            # 企业上市成功的，分阶段给予…: a clause closed by 的 before a grant clause is its condition
            manner = re.search("给予|予以", own) and not R.heads.search(own)
            if len(cl) > 1 and (len(own) < 2 or (manner and cl[-2].of(text).rstrip("，, ").endswith("的"))):
                s = cl[-2].start
            # …实施免费手术2000例、“两癌”患病妇女给予…: an earlier item with a count is another action
            depth = bracket_depth(text[s:e])
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


def recipient(cond: str, clause: bool = False) -> str:
    """The recipient named by a condition: the noun after its last 的 (…仍在库的制造业企业), or — when
    the condition is a clause closed by 的 (``clause``: 企业购置…装备的) or has no 的 — its subject."""
    R = rules()
    depth = bracket_depth(cond)
    last_de = max((i for i, ch in enumerate(cond) if ch == "的" and depth[i] == 0), default=-1)
    if not clause and 0 <= last_de < len(cond) - 1:
        return unquote(cond[last_de + 1 :])
    body, _ = strip_prefix(cond)
    first_de = body.find("的")
    subject = None
    for m in R.heads.finditer(body):
        rest = body[m.end() :]
        if not rest or rest.startswith(R["condition_after_head"]):
            return unquote(body[: m.end()])
        # the subject of a 的 clause; heads in a row make one noun (困难家庭|子女)
        before_de = first_de < 0 or m.end() <= first_de
        if clause and before_de and (subject is None or m.start() == len(subject)):
            subject = body[: m.end()]
    return unquote(subject or body.rstrip("的"))


def general_grant(sentence: str) -> tuple[str, int] | None:
    """``对困难家庭子女普通高校入学给予资助，…`` -> (困难家庭子女, end): a grant without money whose
    recipient the sums that follow in the sentence (录取到本科院校的一次性补助1万元) are paid to."""
    R = rules()
    m = re.search(rf"对(?P<x>[^，。；,;]{{2,30}}?)(?:给予|予以)(?:{'|'.join(R['kind'])})(?=[，,])", sentence)
    if m is None or re.search(AMOUNT, m.group(0)):
        return None
    return recipient(m.group("x"), clause=True), m.end()


def explicit_recipient(before_grant: str) -> str | None:
    """``…的企业，给予企业经营团队|不超过50万元的奖励`` -> 企业经营团队 (named between 给予 and the money)."""
    m = re.search(r"(?:给予|予以)(?P<r>[^，。；、,;\d]{2,16})$", before_grant)
    if m is None or m.group("r").startswith("每"):
        return None
    r = m.group("r")
    return r if r.endswith(rules()["recipient_head"]) else None


def single_threshold(cond: str) -> Threshold | None:
    """``年营业收入首次突破10亿元的企业`` -> 1e9 元 (one money amount after a threshold cue)."""
    ms = list(re.finditer(AMOUNT, cond))
    if len(ms) != 1:
        return None
    m = ms[0]
    if cond[: m.start()].endswith(rules()["threshold_cue"]) or cond.startswith("以上", m.end()):
        v = money(m.group(0))
        return Threshold(v, "元") if v is not None else None
    return None
