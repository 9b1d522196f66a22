"""Subjects of numbers: the words around a number that say what is counted.

Supports
    * Cleaning: lead-in cues (力争, 到2025年, 其中, 一是, 7.) and the verb before the number (达到, 提升到,
      年均增长, 目标设定为 …) are stripped: ``即规上工业总产值达到`` -> ``规上工业总产值``.
    * Brackets and quotes: ``quote_depth`` gives the nesting depth at each character, so that breaks inside
      ``“…”`` or ``（研发）`` do not end an item.
    * ``分别`` lists: ``split_subjects`` and ``distribute`` give each subject its shared head noun
      (``国家级、市级专精特新“小巨人”企业``, ``一产、二产、三产增加值``, ``交通、水利、能源领域投资额``).
    * Borrowing: a subject that is only 总数/数量 (or empty after ``实现倍增``) takes the object of the
      clause before (``previous_object``).
    * ``category(subject)``: the canonical enterprise category the subject counts (via ``extractors.entities``).

Avoids
    * Tokens for numbers: everything here works on characters; jieba/spaCy only see the subject string.
"""

from __future__ import annotations

import functools
import re

# --- rules as data ------------------------------------------------------------------------------

# what may precede the subject and is not part of it (stripped repeatedly from the left)
SUBJECT_HEAD = re.compile(
    r"^(?:[即和及且与、]|以及|全市|全省|全区|全县|力争|争取|确保|努力|推动|推进|"
    r"到\s*(?:19|20)\d\d\s*年(?:底|末)?|(?:19|20)\d\d\s*年(?:底|末)?前|今年|年内|每年|年均|"
    r"新增|新培育|新认定|新建|净增|培育|打造|推行|实施|实现|建成|建设|创建|引进|认定|累计|其中|统筹安排|安排|"
    r"包括|主要包括|原则上|建议|"
    r"[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、](?!\d)|"
    r"\s)+"
)


# verbs between the subject and its number (stripped from the right)
SUBJECT_TAIL = re.compile(
    r"(?:(?:19|20)\d\d\s*年)?(?:均|总体|一般)?(?:年均|每年)?(?:分别)?(?:达到|达|提升到|提高到|提升至|提高至|增加到|增长到|扩大到|突破|超过|超|不少于|不低于|"
    r"不超过|低于|保持在|控制在|稳定在|为|在|至|实现|增长|下降|降低|提高|减少|目标设定为|设定为|确定为|"
    r"再增加|增加)?\s*$"
)


# the value a change starts from, before the verb: 标准从每人每月2375元(提高到2423元) / 比例由77%(提高到80%)
BASELINE_TAIL = re.compile(r"(?<=[\u4e00-\u9fff）”])(?:从|由)[^，。；从由]*\d[^，。；从由]*$")


EMPTY_SUBJECT_TAIL = re.compile(r"(?:实现|力争|)(?:倍增|翻番|翻一番|翻两番|增长)\s*$")


# a verb opening the clause a subject is borrowed from (its object is what is counted)
OBJECT_VERB = re.compile(r"^(?:资助|帮助|救助|扶持|支持|服务|惠及|带动|吸引|安置)")


GENERIC_SUBJECTS = ("总数", "数量", "总量", "规模", "总额", "合计", "共计", "总计")


GENERIC_TAIL = re.compile("(?:" + "|".join(GENERIC_SUBJECTS) + ")$")


CJK = re.compile(r"[\u4e00-\u9fff]")


QUOTE_FOLD = str.maketrans("〝〞", "“”")


ITEM_BREAKS = "，,；;。：:、（(）)\n"


CLAUSE_BREAKS = "，,；;。：:\n"


QUOTES = {"“": "”", "‘": "’", "《": "》", "「": "」", "（": "）", "(": ")"}


def quote_depth(stext: str) -> list[int]:
    """Nesting depth of quote marks and brackets at each character (other than （其中 regions)."""
    depth = [0] * len(stext)
    stack: list[str] = []
    for i, ch in enumerate(stext.translate(QUOTE_FOLD)):
        if stack and ch == stack[-1]:
            depth[i] = len(stack)  # a closer belongs to what it closes
            stack.pop()
            continue
        if ch in QUOTES:
            stack.append(QUOTES[ch])
        depth[i] = len(stack)  # an opener belongs to what it opens
    return depth


def item_start(stext: str, pos: int, depth: list[int], region: tuple[int, int] | None) -> int:
    lo = region[0] + 3 if region else 0
    level = 1 if region else 0
    i = pos - 1
    while i >= lo:
        if stext[i] in ITEM_BREAKS and depth[i] == level:
            return i + 1
        i -= 1
    return lo


def clause_bounds(stext: str, pos: int, depth: list[int]) -> tuple[int, int]:
    start = pos
    while start > 0 and not (stext[start - 1] in CLAUSE_BREAKS and not depth[start - 1]):
        start -= 1
    end = pos
    while end < len(stext) and not (stext[end] in CLAUSE_BREAKS and not depth[end]):
        end += 1
    return start, end


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def clean_subject(stext: str, start: int, end: int) -> tuple[int, str]:
    """Strip lead-in cues and the verb before the number; returns (start offset in sentence, subject)."""
    raw = stext[start:end]
    m = SUBJECT_HEAD.match(raw)
    lead = m.end() if m else 0
    body = raw[lead:]
    for _ in range(3):  # 目标设定为年均增长: verbs can stack
        stripped = SUBJECT_TAIL.sub("", body, count=1)
        stripped = BASELINE_TAIL.sub("", stripped, count=1)
        if stripped == body:
            break
        body = stripped
    # a second pass: 力争培育… after 到2029年，
    return start + lead, squash(body)


def previous_object(stext: str, start: int, depth: list[int]) -> tuple[int, str] | None:
    """The subject of the clause before ``start`` (for 总数/数量/empty subjects)."""
    if start < 2:
        return None
    pstart = item_start(stext, start - 1, depth, None)
    raw = stext[pstart : start - 1]
    raw = EMPTY_SUBJECT_TAIL.sub("", raw)
    s2, subject = clean_subject(stext, pstart, pstart + len(raw))
    verb = OBJECT_VERB.match(subject)
    if verb and len(subject) > verb.end() + 1:
        # 资助残疾人大学生…，合计6300名: what is counted is the object, not the act
        s2, subject = s2 + verb.end(), subject[verb.end() :]
    if not subject or re.search(r"\d", subject):
        return None
    return s2, subject


def split_subjects(stext: str, start: int, end: int, depth: list[int]) -> list[tuple[int, str]]:
    """Subjects of a 分别 list: the text before 分别 split at 、/和/及 outside quotes."""
    out: list[tuple[int, str]] = []
    i = start
    j = start
    while j <= end:
        if j == end or (stext[j] in "、和及" and not depth[j]):
            s2, sub = clean_subject(stext, i, j)
            if sub:
                out.append((s2, sub))
            i = j + 1
        j += 1
    return out


def split_each(subject: str) -> list[str]:
    """The items of a coordinated subject: 省重点实验室、省技术创新中心和省工程研究中心 -> three."""
    return [x for x in re.split(r"[、和及]", subject) if x] or [subject]


LEVEL_MODIFIER = re.compile(r"^(?:国家级|国家|省级|省|市级|市|县级|县|区级)(?:以上)?$")


def distribute(subjects: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Give bare modifiers and shortened items the head noun of the last subject.

    ``国家级、市级专精特新“小巨人”企业`` (a level modifier), ``战略性新兴产业、高新技术产业增加值占比`` (a shared
    word, 产业), ``一产、二产、三产增加值``; parallel two-character items: ``城镇、农村居民人均可支配收入``,
    ``花生种植、收获机械化率``, ``全年交通、水利、能源领域投资额`` (the first item's lead, 花生/全年, is shared too).
    """
    if len(subjects) < 2:
        return subjects
    last = subjects[-1][1]
    items = [sub for _, sub in subjects]
    parallel = _parallel(items)
    out = []
    for i, (pos, sub) in enumerate(subjects[:-1]):
        if LEVEL_MODIFIER.match(sub):
            m = re.match(r"^(?:国家级|国家|省级|省|市级|市|县级|县|区级)(?:以上)?", last)
            out.append((pos, sub + last[m.end() :] if m else sub + last))
            continue
        if sub[-2:] == last[-2:]:
            out.append((pos, sub))  # already whole: “两化”融合发展指数、信息化发展指数
            continue
        head = shared_head(sub, last)
        if not head and parallel:
            lead, head = parallel
            sub = sub if i == 0 else lead + sub
        out.append((pos, sub + head))
    if parallel and parallel[0] and not any(LEVEL_MODIFIER.match(x) for x in items):
        out.append((subjects[-1][0], parallel[0] + last))
    else:
        out.append(subjects[-1])
    return out


def _parallel(items: list[str]) -> tuple[str, str] | None:
    """(lead, head) when the items are two-character words between a shared lead and a shared head."""
    first, last = items[0], items[-1]
    if len(first) < 2 or len(last) < 4 or any(len(x) != 2 for x in items[1:-1]):
        return None
    if shared_head(first, last) or first[-2:] == last[-2:]:
        return None
    from extractors.nlp import is_word

    # the two characters must be words: 花生|种植、收获|机械化率, not 制|造业、数字经济核心产业增加值
    if not (is_word(first[-2:]) and is_word(last[:2])):
        return None
    return first[:-2], last[2:]


def shared_head(sub: str, last: str) -> str:
    """The part of ``last`` after the word that ``sub`` ends with (产业 in 高新技术产业增加值占比;
    产 in 一产、二产、三产增加值)."""
    for n in (3, 2, 1):
        if len(sub) < n:
            continue
        tail = sub[-n:]
        k = last.rfind(tail)
        if k >= 0 and k + n < len(last) and (n > 1 or k == len(sub) - 1):
            return last[k + n :]
    return ""


@functools.lru_cache(maxsize=4096)
def category(subject: str) -> str | None:
    from extractors.entities import canonical_category, find_entities

    found = canonical_category(subject)
    if found:
        return found
    # the counted thing is the last category named, at the end of the subject (总数/数量 aside)
    core = GENERIC_TAIL.sub("", subject)
    mentions = [m for m in find_entities(core) if m.label == "CATEGORY" and m.span.end == len(core)]
    return mentions[-1].canonical if mentions else None
