"""Punctuation rules: quotation marks, brackets, dashes, doubled and half-width punctuation.

Each check takes one paragraph's text and yields ``TextHit(rule, start, end, message, suggestion)`` with
offsets inside that paragraph; ``pipeline.lint`` turns hits into ``Finding``s with document spans.

Supports (real examples from the Taizhou drafts)
    * ``quote-mismatch``: ``省级“隐形冠军〞企业`` (〞 closes a “), ``推进“亩效得地“改革`` (a second “
      used as the closing mark), a “ never closed or a ” never opened in the paragraph.
    * ``bracket-mismatch``: ``（…)`` / ``(…）`` pairs of different widths, unclosed or unopened
      brackets (``1）`` list markers at the start of a paragraph are allowed).
    * ``punct-halfwidth``: ``,`` ``;`` ``:`` ``?`` ``!`` next to Chinese characters and ``(…)`` pairs
      around or beside Chinese text: ``各县(市、区)``, ``(2020—2025年)``, and ``"…"`` pairs (``推进"亩均论英雄"改革``); a ``?`` after 、 or ， (``、?水灌区``)
      is told as a character lost in encoding.
    * ``punct-doubled``: ``。。`` ``，，`` ``，。`` and other runs of two clause/sentence marks.
    * ``dash-halfwidth``: ``-`` ``－`` ``–`` joining Chinese words: ``培养-认定-使用-支持``.
    * ``dash-stray``: the character 一 standing for a dash in a chain of dashed items:
      ``“数字化车间一智能工厂-未来工厂”``.
    * ``dash-mixed``: number ranges written with different dashes in one document
      (``2020—2025年`` and ``2025-2029年``); the less frequent style is reported.

Avoids
    * ``1,000`` ``10:30`` (digits on both sides), ``IPv6 (…)`` (no Chinese inside or beside),
      the labels of a saved web page's frame (``分享:``, ``您的位置:``), budget subjects written as
      their path of 类-款-项 (``“一般公共服务支出-…事务-行政运行”科目``),
      ``……`` and ``——`` (ellipsis and the long dash are single marks), ``？！``.
    * 一 inside words (一批, 统一, 进一步): only a standalone 一 (a token of its own after jieba
      segmentation) inside a chain that already has a real dash is reported.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

# --- rules as data ------------------------------------------------------------------------------

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")
# full-width marks that count as "Chinese text" around a half-width mark
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』…—"

DOUBLE_OPEN = "“"
DOUBLE_CLOSE = "”"
# characters that are not Chinese quotation marks but get typed for them
WRONG_CLOSE = {"〞": "”", "〟": "”", "″": "”"}
WRONG_OPEN = {"〝": "“"}

BRACKETS = {
    "（": "）",
    "(": ")",
    "《": "》",
    "〔": "〕",
    "【": "】",
    "[": "]",
    "〈": "〉",
    "「": "」",
    "『": "』",
}
CLOSING = {v: k for k, v in BRACKETS.items()}
# the same bracket in the other width: （…) is a mismatch, not a nesting
WIDTH_TWIN = {"（": "(", "(": "（", "）": ")", ")": "）", "[": "【", "]": "】"}
LIST_MARKER_RE = re.compile(r"^\s*[0-9a-zA-Z一二三四五六七八九十]{1,3}[)）]")

HALFWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
STRAIGHT_QUOTES_RE = re.compile(r'"([^"\n]{1,60})"')  # "亩均论英雄": straight quotes around Chinese
# a bare label of a web page's frame saved with the text (分享:, 您的位置:) is not the document's own text
WEB_CHROME_RE = re.compile(r"^\s*(?:分享到?|来源|您的位置|当前位置|字号|字体|责任编辑)\s*[:：]\s*$")
# 、?水灌区: a question mark after a mark that cannot end a question stands for a character lost in encoding
LOST_CHAR_BEFORE = "、，,；;：:（(“‘《"
DOUBLED_SET = "，。、；：？！"
DOUBLED_ALLOWED = {"？！", "！？", "！！", "？？"}

# dashes joining two Chinese words: only the long dash — is standard (GB/T 15834-2011 一字线)
SHORT_DASHES = "－–-"  # keep "-" last: these go into regex character classes
RANGE_RE = re.compile(
    r"(?<![\d.])(\d{1,4}(?:\.\d+)?)\s*([—－–\-～~])\s*(\d{1,4}(?:\.\d+)?)(?=\s*[年月日万亿%个家项名元人])"
)
FORMULA_RE = re.compile(r"[=＝×÷/／]")
# a budget subject written as its path of 类-款-项 (“一般公共服务支出-政府办公厅（室）及相关机构事务-行政
# 运行”科目): the notation of budgets and final accounts, hyphens and all
BUDGET_PATH_RE = re.compile(r"“[^“”]*(?:支出|收入)\s*-[^“”]*”|[^，。；：“”\s]*(?:支出|收入)\s*-[^，。；：“”\s]*科目")
DASH_JOIN_RE = re.compile(f"(?<=[{CJK}])\\s*[{SHORT_DASHES}]\\s*(?=[{CJK}])")
# a dashed chain runs up to punctuation or a quote mark (the dashes themselves do not stop it)
CHAIN_RE = re.compile("[^" + re.escape(CJK_PUNCT.replace("—", "") + ",;:()\n") + "]*")
STRAY_YI_CHAIN_RE = re.compile(f"[{CJK}]{{2,}}(?:(?:[—{SHORT_DASHES}]|一)[{CJK}]{{2,}})+")


@dataclass
class TextHit:
    """A finding inside one paragraph: ``start``/``end`` are offsets in the paragraph's text."""

    rule: str
    start: int
    end: int
    message: str
    suggestion: str | None = None
    dangling: str | None = None  # an opener left open at the end, or a closer never opened


def is_cjk(ch: str) -> bool:
    return bool(ch) and bool(CJK_RE.match(ch))


def _chinese_side(ch: str) -> bool:
    return is_cjk(ch) or (ch != "" and ch in CJK_PUNCT)


# --- quotation marks ----------------------------------------------------------------------------


def quotes(text: str) -> Iterator[TextHit]:
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch == DOUBLE_OPEN or ch in WRONG_OPEN:
            if open_at is not None:
                yield TextHit(
                    "quote-mismatch",
                    open_at,
                    i + 1,
                    "引号不配对：前引号“之后又出现前引号“，后一个应为后引号”",
                    text[open_at:i] + DOUBLE_CLOSE,
                )
                open_at = None
                continue
            if ch in WRONG_OPEN:
                yield TextHit("quote-mismatch", i, i + 1, f"“{ch}”不是中文引号，应为“", WRONG_OPEN[ch])
            open_at = i
        elif ch == DOUBLE_CLOSE:
            if open_at is None:
                yield TextHit(
                    "quote-mismatch", max(0, i - 6), i + 1, "引号不配对：后引号”之前没有前引号“", None, ch
                )
            open_at = None
        elif ch in WRONG_CLOSE:
            start = open_at if open_at is not None else i
            yield TextHit(
                "quote-mismatch",
                start,
                i + 1,
                f"引号不配对：{ch}（U+{ord(ch):04X}）不是中文后引号，应为”",
                text[start:i] + WRONG_CLOSE[ch],
            )
            open_at = None
    if open_at is not None:
        yield TextHit(
            "quote-mismatch",
            open_at,
            min(len(text), open_at + 12),
            "引号不配对：前引号“在本段内没有后引号”",
            None,
            DOUBLE_OPEN,
        )


# --- brackets -----------------------------------------------------------------------------------


def brackets(text: str) -> Iterator[TextHit]:
    stack: list[tuple[str, int]] = []
    marker = LIST_MARKER_RE.match(text)
    skip_close = marker.end() - 1 if marker else -1
    for i, ch in enumerate(text):
        if ch in "《》" and (text[i - 1 : i] == ch or text[i + 1 : i + 2] == ch):
            continue  # 》》点击进入《《: arrows drawn with doubled marks, not brackets
        if ch in BRACKETS:
            stack.append((ch, i))
        elif ch in CLOSING:
            if i == skip_close:
                continue
            if stack and BRACKETS[stack[-1][0]] == ch:
                stack.pop()
            elif stack and WIDTH_TWIN.get(stack[-1][0]) == CLOSING[ch]:
                o, at = stack.pop()
                yield TextHit(
                    "bracket-mismatch",
                    at,
                    i + 1,
                    f"括号不配对：{o}与{ch}全角半角混用",
                    o + text[at + 1 : i] + BRACKETS[o],
                )
            elif any(BRACKETS[o] == ch for o, _ in stack):
                while stack and BRACKETS[stack[-1][0]] != ch:
                    o, at = stack.pop()
                    yield TextHit("bracket-mismatch", at, at + 1, f"括号不配对：{o}没有对应的{BRACKETS[o]}")
                stack.pop()
            else:
                yield TextHit(
                    "bracket-mismatch", i, i + 1, f"括号不配对：{ch}之前没有{CLOSING[ch]}", None, ch
                )
    for o, at in stack:
        yield TextHit(
            "bracket-mismatch",
            at,
            min(len(text), at + 8),
            f"括号不配对：{o}在本段内没有{BRACKETS[o]}",
            None,
            o,
        )


# --- half-width and doubled punctuation ---------------------------------------------------------


def _neighbour(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and text[j] in " \t":
        j += step
    return text[j] if 0 <= j < len(text) else ""


def halfwidth(text: str) -> Iterator[TextHit]:
    if WEB_CHROME_RE.match(text):
        return
    for i, ch in enumerate(text):
        if ch in HALFWIDTH:
            before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
            if before.isdigit() and after.isdigit():
                continue
            if ch == "?" and before in LOST_CHAR_BEFORE and is_cjk(after):
                yield TextHit(
                    "punct-halfwidth",
                    i,
                    i + 1,
                    "中文文本中出现半角问号“?”，此处不是问句，可能是一个无法显示的字（生僻字）在转换中丢失",
                    None,
                )
                continue
            if is_cjk(before) or is_cjk(after):
                yield TextHit("punct-halfwidth", i, i + 1, f"中文文本中使用了半角标点“{ch}”", HALFWIDTH[ch])
    for m in STRAIGHT_QUOTES_RE.finditer(text):
        inner = m.group(1)
        before, after = _neighbour(text, m.start(), -1), _neighbour(text, m.end() - 1, 1)
        if CJK_RE.search(inner) or is_cjk(before) or is_cjk(after):
            yield TextHit(
                "punct-halfwidth", m.start(), m.end(), '中文文本中使用了半角引号""，应为“”', f"“{inner}”"
            )
    for m in re.finditer(r"\(([^()（）]*)\)", text):
        inner = m.group(1)
        before, after = _neighbour(text, m.start(), -1), _neighbour(text, m.end() - 1, 1)
        if CJK_RE.search(inner) or is_cjk(before) or is_cjk(after):
            yield TextHit("punct-halfwidth", m.start(), m.end(), "中文文本中使用了半角括号()", f"（{inner}）")


def doubled(text: str) -> Iterator[TextHit]:
    for m in re.finditer(f"[{DOUBLED_SET}]{{2,}}", text):
        if m.group() in DOUBLED_ALLOWED:
            continue
        yield TextHit("punct-doubled", m.start(), m.end(), f"标点重复：“{m.group()}”", m.group()[-1])


# --- dashes -------------------------------------------------------------------------------------


def _chain_bounds(text: str, i: int) -> tuple[int, int]:
    """The dashed chain around position ``i``: up to the nearest punctuation or quote on each side."""
    left = CHAIN_RE.match(text[:i][::-1]).end()
    return i - left, CHAIN_RE.match(text, i).end()


def dash_joins(text: str) -> Iterator[TextHit]:
    """Short dashes between Chinese words, one hit per chain (``培养-认定-使用-支持``)."""
    seen_end = -1
    if FORMULA_RE.search(text):
        return  # （医疗收入－上一年度医疗收入）／上一年度医疗收入: a minus sign in a formula
    paths = [(p.start(), p.end()) for p in BUDGET_PATH_RE.finditer(text)]
    for m in DASH_JOIN_RE.finditer(text):
        if m.start() < seen_end or any(a <= m.start() < b for a, b in paths):
            continue
        s, e = _chain_bounds(text, m.start())
        joins = list(DASH_JOIN_RE.finditer(text, m.start(), e))
        # the quote: a quoted chain whole, else the dashes with the word on either side (培养-认定-使用-支持)
        quoted = s > 0 and text[s - 1] in "“‘《" and e < len(text) and text[e] in "”’》" and e - s <= 24
        if not quoted:
            s = m.start() - _word_length(text[s : m.start()], from_end=True)
            e = joins[-1].end() + _word_length(text[joins[-1].end() : e], from_end=False)
        seen_end = e
        chars = "".join(sorted({x.group().strip() for x in joins}))
        yield TextHit(
            "dash-halfwidth",
            s,
            e,
            f"中文词语之间使用了短横线“{chars}”作连接号，应使用一字线“—”",
            _dashes_fixed(text[s:e]),
        )


def _word_length(piece: str, from_end: bool) -> int:
    """Length of the jieba word(s) at the end (or start) of ``piece``: at least two characters."""
    from extractors.nlp import segment

    words = segment(piece)
    if from_end:
        words.reverse()
    n = 0
    for w in words:
        n += len(w)
        if n >= 2:
            break
    return min(n, len(piece))


def _dashes_fixed(piece: str) -> str:
    """``piece`` with every short dash between Chinese words, and a 一 standing for a dash, made —."""
    fixed = DASH_JOIN_RE.sub("—", piece)
    for h in stray_yi(fixed):
        fixed = fixed[: h.start] + (h.suggestion or "") + fixed[h.end :]
    return fixed


def _standalone_yi(segment: str, k: int) -> bool:
    """Is the 一 at ``segment[k]`` a word of its own (not part of 一批, 统一, 进一步 ...)?"""
    import jieba

    pos = 0
    for tok in jieba.lcut(segment, HMM=False):
        if pos == k:
            return tok == "一"
        if pos > k:
            return False
        pos += len(tok)
    return False


def stray_yi(text: str) -> Iterator[TextHit]:
    """一 used as a dash: a chain ``A一B-C`` where the other joins are real dashes."""
    for m in STRAY_YI_CHAIN_RE.finditer(text):
        chain = m.group()
        if not any(d in chain for d in "—" + SHORT_DASHES):
            continue
        for k, ch in enumerate(chain):
            if ch != "一" or k < 2 or k > len(chain) - 3:
                continue
            # the chain regex is greedy over Chinese characters: judge 一 inside its own dashed part
            part_start = max(chain.rfind(d, 0, k) for d in "—" + SHORT_DASHES) + 1
            part_end = min(
                [p for p in (chain.find(d, k) for d in "—" + SHORT_DASHES) if p >= 0] or [len(chain)]
            )
            part = chain[part_start:part_end]
            kk = k - part_start
            if kk < 2 or kk > len(part) - 3:
                continue
            if _standalone_yi(part, kk):
                yield TextHit(
                    "dash-stray",
                    m.start(),
                    m.end(),
                    "汉字“一”被当作连接号使用，应为一字线“—”",
                    DASH_JOIN_RE.sub("—", chain[:k] + "—" + chain[k + 1 :]),
                )
                break


def number_ranges(text: str) -> Iterator[tuple[str, int, int]]:
    """(dash character, start, end) of every number range such as ``2020—2025`` in ``text``."""
    for m in RANGE_RE.finditer(text):
        yield m.group(2), m.start(), m.end()


def mixed_range_dashes(ranges: list[tuple[str, int, int]]) -> Iterator[TextHit]:
    """Given all ranges of a document (document offsets), hit the ones in the less frequent style."""
    counts = Counter(d for d, _, _ in ranges)
    if len(counts) < 2:
        return
    main, _ = counts.most_common(1)[0]
    for d, s, e in ranges:
        if d != main:
            yield TextHit(
                "dash-mixed",
                s,
                e,
                f"数字范围的连接号不统一：本文多用“{main}”（{counts[main]}处），此处用“{d}”",
                None,
            )


PARAGRAPH_CHECKS = (quotes, brackets, halfwidth, doubled, dash_joins, stray_yi)
