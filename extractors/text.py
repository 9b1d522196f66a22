"""Sentences, clauses and list items of Chinese policy text, as character spans.

Supports
    * ``sentences(text, offset=0)``: splits after 。！？；!?; and at line breaks. A run of enders
      and closing marks stays with its sentence (``……。”``, ``？！``). Enders inside quotes or
      brackets do not split: ``他说：“好。我们干。”然后`` is one sentence, so is
      ``（见附件。）``. Quotes and brackets tracked: “” ‘’ 「」 『』 《》 〈〉 （） () 【】 〔〕 [] and
      the straight ``"`` (toggles), plus 〝〞; ``〞`` also closes ``“`` (``“隐形冠军〞企业`` in the 2024 draft).
    * ``clauses(text, offset=0)``: each sentence further split after ，,：:；; outside quotes and
      brackets. A comma between two digits (``1,234``) is a thousands separator, not a break.
      ``、`` is NOT a clause break (``分别给予50万元、30万元奖励`` stays one clause); use ``items``.
    * ``items(text, offset=0)``: a clause split after ``、`` (list items), outside quotes and
      brackets; ``2、3、4级`` gives ``2`` ``3`` ``4级``.

Avoids
    * Running away on an unbalanced quote: depth resets at every line break, and a closer
      without an opener is ignored.
    * Empty spans: leading and trailing whitespace is trimmed from every span.

Spans are half-open ``[start, end)`` offsets into ``text`` plus ``offset`` (so calling on a paragraph
with ``offset=paragraph.span.start`` gives ``Document.text`` offsets).
"""

from __future__ import annotations

from knowledge_base.model import Span

# --- rules as data ------------------------------------------------------------------------------

SENTENCE_ENDERS = frozenset("。！？；!?;")
CLAUSE_BREAKS = frozenset("，,：:；;")
ITEM_BREAKS = frozenset("、")
LINE_BREAKS = frozenset("\n\r\u2028\u2029")
# an opener and the closer it expects
OPENERS = {
    "“": "”",
    "〝": "〞",
    "‘": "’",
    "「": "」",
    "『": "』",
    "《": "》",
    "〈": "〉",
    "（": "）",
    "(": ")",
    "【": "】",
    "〔": "〕",
    "[": "]",
}
# a closer -> the openers it closes; also the mixes seen in the wild: “隐形冠军〞 (〞 typed for ”)
CLOSERS = {v: k for k, v in OPENERS.items()}
CLOSERS |= {"”": "“〝", "〞": "“〝", "〟": "“〝"}
TOGGLES = frozenset('"')
# characters that stay attached to the end of a sentence after its ender
TRAILERS = frozenset('。！？；!?;…”’」』）)】〕》〉〞〟"')
SPACE = frozenset(" \t\u3000\u00a0")


def _trimmed(text: str, start: int, end: int, offset: int) -> Span | None:
    while start < end and (text[start] in SPACE or text[start] in LINE_BREAKS):
        start += 1
    while end > start and (text[end - 1] in SPACE or text[end - 1] in LINE_BREAKS):
        end -= 1
    if start >= end:
        return None
    return Span(start + offset, end + offset)


def _split(text: str, breaks: frozenset[str], offset: int, *, digit_guard: bool = False) -> list[Span]:
    """Split ``text`` after any character of ``breaks`` met at bracket depth 0 (and at line breaks)."""
    spans: list[Span] = []
    stack: list[str] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in LINE_BREAKS:
            if (s := _trimmed(text, start, i, offset)) is not None:
                spans.append(s)
            stack.clear()
            start = i + 1
        elif ch in OPENERS:
            stack.append(ch)
        elif ch in TOGGLES:
            if stack and stack[-1] == ch:
                stack.pop()
            else:
                stack.append(ch)
        elif ch in CLOSERS:
            opened = CLOSERS[ch]
            if any(o in opened for o in stack):  # close up to the innermost matching opener
                while stack and stack.pop() not in opened:
                    pass
        elif ch in breaks and not stack:
            if (
                digit_guard
                and ch == ","
                and 0 < i < n - 1
                and text[i - 1].isdigit()
                and text[i + 1].isdigit()
            ):
                i += 1
                continue
            j = i + 1
            # keep trailing enders and closers that close nothing left open
            while j < n and text[j] in TRAILERS and text[j] not in OPENERS and text[j] not in TOGGLES:
                j += 1
            if (s := _trimmed(text, start, j, offset)) is not None:
                spans.append(s)
            start = j
            i = j
            continue
        i += 1
    if (s := _trimmed(text, start, n, offset)) is not None:
        spans.append(s)
    return spans


def sentences(text: str, offset: int = 0) -> list[Span]:
    """Sentence spans of ``text`` (shifted by ``offset``): split after 。！？； and at line breaks."""
    return _split(text, SENTENCE_ENDERS, offset)


def clauses(text: str, offset: int = 0) -> list[Span]:
    """Clause spans: each sentence split after ，：； outside quotes and brackets (not at 、)."""
    out: list[Span] = []
    for s in sentences(text):
        out.extend(_split(text[s.start : s.end], CLAUSE_BREAKS, offset + s.start, digit_guard=True))
    return out


def items(text: str, offset: int = 0) -> list[Span]:
    """List-item spans: each clause split after 、 outside quotes and brackets."""
    out: list[Span] = []
    for c in clauses(text):
        out.extend(_split(text[c.start : c.end], ITEM_BREAKS, offset + c.start))
    return out


__all__ = ["sentences", "clauses", "items"]
