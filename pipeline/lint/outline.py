"""Outline rules: numbering gaps, repeats and level mix-ups of the headings.

Supports (real examples)
    * ``outline-gap`` / ``outline-repeat``: 一、二、四、 ; （一）（三）; （二）（二）; numbering not starting at 1.
      A sibling group may also continue the numbering of the previous group of its style (State
      Council texts number （一）…（十四） straight through their chapters), and a 1 after a higher
      number is a restart (an annex, a second text).
    * ``outline-level``: a heading marked at another heading level than the other headings of the
      same numbering style (2019 TXT: ``## （二）`` among ``### （一）``, ``### 三、`` after ``## 二、``;
      in DOCX a ``（二）`` in style Heading 1 where ``（一）`` is Heading 2).

Avoids
    * ``一是…二是…`` enumerations and unnumbered headlines (only the styles in ``CHECKED_STYLES``).
    * Table columns read line by line (一、收入 一、支出 二、收入 …): a run of numbers with
      ``MAX_REPEATS`` or more repeats is not reported.
    * A number that is in the text but not at a paragraph start (``附件1.…`` then ``2.…``), or cut by a
      line break (``（`` / ``三）改革开放…``: the cut bracket is reported by ``bracket-mismatch``).

Headings come from ``doc.sections`` (the outline, numbers as written); without an outline, from the
numbering markers at the start of paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from knowledge_base.model import Document, Span
from pipeline.lint.hits import Hit
from pipeline.lint.layout import MD_DEPTH_RE, source_lines

# --- rules as data ------------------------------------------------------------------------------

NUMERALS = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}
MARKER_STYLES = (  # style, regex on the start of a paragraph (group 1 = the number)
    ("han", re.compile(r"^\s*([一二三四五六七八九十]{1,3})、")),
    ("paren_han", re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]{1,3})\s*[)）]")),
    ("paren_arabic", re.compile(r"^\s*[（(]\s*(\d{1,2})\s*[)）]")),
    ("arabic", re.compile(r"^\s*(\d{1,2})\s*[.．、](?!\d)")),
)

MAX_REPEATS = 2
CHECKED_STYLES = ("han", "paren_han", "arabic", "paren_arabic", "chapter", "article")


def han_value(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + NUMERALS.get(s[1:], 0)
    if s.endswith("十"):
        return NUMERALS.get(s[0], 0) * 10
    if "十" in s:
        a, b = s.split("十")
        return NUMERALS.get(a, 0) * 10 + NUMERALS.get(b, 0)
    return NUMERALS.get(s)


def han_numeral(n: int) -> str:
    digits = "一二三四五六七八九"
    if n < 10:
        return digits[n - 1]
    if n < 20:
        return "十" + (digits[n - 11] if n > 10 else "")
    return digits[n // 10 - 1] + "十" + (digits[n % 10 - 1] if n % 10 else "")


# --- outline numbering --------------------------------------------------------------------------


@dataclass
class Heading:
    style: str
    ordinal: int
    number: str
    span: Span  # the number as written
    parent: int | None  # index of the parent heading in the list
    depth: int | None  # Markdown / heading-style level as marked in the source, None if unmarked


def _marked_depth(doc: Document, offset: int) -> int | None:
    para = doc.paragraph_at(offset)
    if para is None:
        return None
    level = getattr(para, "level", None)
    if level:
        return int(level)
    if doc.format in ("txt", "md") and para.source.line:
        lines = source_lines(doc)
        if 0 < para.source.line <= len(lines):
            m = MD_DEPTH_RE.match(lines[para.source.line - 1])
            if m:
                return len(m.group(1))
    return None


def headings(doc: Document) -> list[Heading]:
    """Numbered headings in document order: from ``doc.sections`` when the outline is there,
    else from the numbering markers at the start of paragraphs."""
    out: list[Heading] = []
    if any(s.ordinal is not None for s in doc.sections):
        index = {}
        for s in sorted(doc.sections, key=lambda s: s.heading_span.start):
            if s.ordinal is None or not s.style:
                continue
            index[s.id] = len(out)
            num = s.number.strip()
            at = doc.text.find(num, s.heading_span.start) if num else -1
            span = Span(at, at + len(num)) if at >= 0 else s.heading_span
            out.append(
                Heading(
                    s.style, s.ordinal, num, span, index.get(s.parent or ""), _marked_depth(doc, span.start)
                )
            )
        return out
    order: list[str] = []  # styles in order of first appearance = levels
    stack: list[int] = []
    for p in doc.paragraphs:
        text = p.span.of(doc.text)
        for style, rx in MARKER_STYLES:
            m = rx.match(text)
            if not m:
                continue
            value = han_value(m.group(1))
            if value is None:
                break
            if style not in order:
                order.append(style)
            level = order.index(style)
            while stack and order.index(out[stack[-1]].style) >= level:
                stack.pop()
            start = p.span.start + len(text) - len(text.lstrip())
            out.append(
                Heading(
                    style,
                    value,
                    m.group().strip(),
                    Span(start, p.span.start + m.end()),
                    stack[-1] if stack else None,
                    _marked_depth(doc, p.span.start),
                )
            )
            stack.append(len(out) - 1)
            break
    return out


def _expected(style: str, n: int) -> str:
    return {
        "han": f"{han_numeral(n)}、",
        "paren_han": f"（{han_numeral(n)}）",
        "arabic": f"{n}.",
        "paren_arabic": f"（{n}）",
    }.get(style, str(n))


def _written_before(doc: Document, style: str, n: int, start: int, end: int) -> bool:
    number = str(n) if "arabic" in style else han_numeral(n)
    # a line break or space may cut the number (（ / 三）改革开放…: a heading split in two by the source)
    rx = {
        "han": f"(?<![一二三四五六七八九十]){number}\\s*、",
        "paren_han": f"[（(]\\s*{number}\\s*[)）]",
        "arabic": f"(?<![\\d.]){number}\\s*[.．、]",
        "paren_arabic": f"[（(]\\s*{number}\\s*[)）]",
    }.get(style)
    return bool(rx and re.search(rx, doc.text[start:end]))


def outline(doc: Document) -> Iterator[Hit]:
    """Numbering gaps and repeats among siblings, and level mix-ups.

    A sibling group may start at 1 or continue the numbering of the previous group of the same
    style (State Council texts number （一）…（十四） straight through their chapters); a 1 after
    a higher number is a restart (an annex, a second text), not a repeat."""
    every = headings(doc)
    hs = [h for h in every if h.style in CHECKED_STYLES]
    groups: dict[tuple[int | None, str], list[Heading]] = {}
    for h in hs:
        groups.setdefault((h.parent, h.style), []).append(h)
    last_of_style: dict[str, int] = {}
    for (_, style), group in sorted(groups.items(), key=lambda kv: kv[1][0].span.start):
        prev = 0
        region_start = every[group[0].parent].span.end if group[0].parent is not None else 0
        hits: list[Hit] = []
        for k, h in enumerate(group):
            continued = k == 0 and h.ordinal == last_of_style.get(style, -1) + 1
            if h.ordinal == prev + 1 or continued or (h.ordinal == 1 and prev >= 2):
                pass
            elif h.ordinal <= prev:
                hits.append(
                    Hit(
                        "outline-repeat",
                        h.span,
                        f"标题编号重复或倒退：“{h.number}”出现在“{_expected(style, prev)}”之后",
                        _expected(style, prev + 1),
                    )
                )
            elif all(
                _written_before(doc, style, n, region_start, h.span.start) for n in range(prev + 1, h.ordinal)
            ):
                pass  # 附件1. …, 注：1、…: the missing numbers are there, only not at a paragraph start
            else:
                missing = "、".join(_expected(style, k).rstrip("、") for k in range(prev + 1, h.ordinal))
                hits.append(
                    Hit(
                        "outline-gap",
                        h.span,
                        f"标题编号跳号：“{h.number}”之前缺少{missing}",
                        _expected(style, prev + 1),
                    )
                )
            prev = h.ordinal
            region_start = h.span.end
        last_of_style[style] = prev
        # two or more repeats in one run of numbers: the columns of a table read line by line
        # (一、收入 一、支出 二、收入 二、支出 …), not headings
        if sum(h.rule == "outline-repeat" for h in hits) < MAX_REPEATS:
            yield from hits
    # level mix-ups: a heading marked at another level than most headings of its numbering style
    by_style: dict[str, Counter[int]] = {}
    for h in hs:
        if h.depth:
            by_style.setdefault(h.style, Counter())[h.depth] += 1
    for h in hs:
        if not h.depth or h.style not in by_style:
            continue
        counts = by_style[h.style]
        usual, n_usual = counts.most_common(1)[0]
        parent = every[h.parent] if h.parent is not None else None
        if parent is not None and parent.depth and h.depth <= parent.depth:
            yield Hit(
                "outline-level",
                h.span,
                f"标题层级错误：“{h.number}”被标成与上级标题“{parent.number}”同级或更高级（标记为第{h.depth}级标题）",
                None,
            )
        elif h.depth != usual and n_usual > counts[h.depth]:
            yield Hit(
                "outline-level",
                h.span,
                f"标题层级不一致：“{h.number}”标记为第{h.depth}级标题，同类编号的标题多为第{usual}级",
                None,
            )
