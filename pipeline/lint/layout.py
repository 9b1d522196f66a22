"""Layout rules: stray spaces, words split by page breaks, outline numbering.

These rules look at the source as written (``Document.source_text``) where normalization may have
already cleaned the text (spaces removed, split lines joined), and report at the matching place in
``Document.text``.

Supports (real examples)
    * ``space-stray``: a space between two Chinese characters or marks, as in the 2019 TXT
      ``台州市人民政府办公室 关于印发`` and the 2024 draft ``开展产融合作试点。 深化``.
      Not reported: spaces between Chinese and digits or Latin (``到 2025 年``, ``R&D 占比``: a
      spacing style, not an error), a space before a field label (``马亦跃 电话：``), PDF sources
      (their spaces come from the layout).
    * ``page-break-split``: a sentence or word cut by blank lines in the source (2019 TXT
      ``优化升`` / blank / ``级全覆盖``, ``兼并`` / ``重组``). Taken from ``Document.repairs`` when the
      normalizer records its joins, otherwise found in ``source_text``: a line of at least
      ``SPLIT_MIN_LINE`` characters ending without a sentence-final mark, blank line(s), then a
      line that does not start like a heading. Not reported for PDF (a page break inside a
      sentence is normal there).
    * ``outline-gap`` / ``outline-repeat``: 一、二、四、 ; （一）（三）; （二）（二）; numbering not starting at 1.
    * ``outline-level``: a heading marked at another heading level than the other headings of the
      same numbering style (2019 TXT: ``## （二）`` among ``### （一）``, ``### 三、`` after ``## 二、``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from knowledge_base.model import Document, Span
from pipeline.lint.punctuation import CJK, CJK_PUNCT

# --- rules as data ------------------------------------------------------------------------------

SPACES = " \t\u3000\u00a0"
STRAY_SPACE_RE = re.compile(f"(?<=[{CJK}{CJK_PUNCT}])[{SPACES}]+(?=[{CJK}{CJK_PUNCT}])")
# 技兴齐鲁 乐业山东: two four-character phrases set side by side (a slogan), bounded by marks
PARALLEL_RE = re.compile(f"(?:^|.*[^{CJK}])[{CJK}]{{4}}[{SPACES}]+[{CJK}]{{4}}(?:[^{CJK}].*|$)")
# 中共中央办公厅 国务院办公厅: issuers side by side on a short line
ORGAN_END_RE = re.compile(r"(?:中共中央|办公厅|委员会|部|委|局|院|署|厅|政府)$")
# 本报记者 韩卿立 摄: a photo byline
BYLINE_RE = re.compile(r"(?:记者|通讯员|摄影)$")
NAME_AT_END_RE = re.compile(
    f"[{CJK}]{{2,4}}\\s*|[{CJK}]{{1,6}}·[{CJK}]{{1,8}}\\s*"
)  # 省长 刘小明: a name set off at the end of a line
LABEL_AFTER_RE = re.compile(f"[{CJK}]{{1,6}}[：:]")  # 电话：, 单位： — a new field on the same line
SENTENCE_END = set("。！？；：…”’）》】〕」』!?;:)")
SPLIT_MIN_LINE = 30
HEADING_START_RE = re.compile(
    r"^\s*(?:#|第[一二三四五六七八九十百\d]+[章节条部分]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、](?!\d)|附件)"
)
HEADING_MARK_RE = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零\d]+[章节条部分]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、])"
)
MD_DEPTH_RE = re.compile(r"^\s*(#{1,6})\s")

NUMERALS = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}
MARKER_STYLES = (  # style, regex on the start of a paragraph (group 1 = the number)
    ("han", re.compile(r"^\s*([一二三四五六七八九十]{1,3})、")),
    ("paren_han", re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]{1,3})\s*[)）]")),
    ("paren_arabic", re.compile(r"^\s*[（(]\s*(\d{1,2})\s*[)）]")),
    ("arabic", re.compile(r"^\s*(\d{1,2})\s*[.．、](?!\d)")),
)


@dataclass
class Hit:
    rule: str
    span: Span
    message: str
    suggestion: str | None = None


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


# --- source lines <-> document text -------------------------------------------------------------


def source_lines(doc: Document) -> list[str]:
    return doc.source_text.split("\n") if doc.source_text else []


def locate(doc: Document, line: int, before: str, after: str, gap: str = r"\s*") -> Span | None:
    """The span of ``before`` + gap + ``after`` in ``doc.text``, nearest to source line ``line``."""
    if not before and not after:
        return None
    pattern = re.compile(re.escape(before) + gap + re.escape(after))
    near = next((a.offset for a in doc.anchors if a.line == line and a.page is None), None)
    if near is None:
        near = next((p.span.start for p in doc.paragraphs if p.source.line == line), 0)
    best: Span | None = None
    for m in pattern.finditer(doc.text, max(0, near - 2000)):
        span = Span(m.start(), m.end())
        if best is None or abs(span.start - near) < abs(best.start - near):
            best = span
        if m.start() > near + 2000:
            break
    return best


def _strip_md(line: str) -> str:
    return re.sub(r"^\s*#{1,6}\s*", "", line)


# --- stray spaces -------------------------------------------------------------------------------


def _after_heading_mark(line: str, pos: int) -> bool:
    """``第八章　会议制度``, ``（三） 合理用药``: the space set after a heading number."""
    m = HEADING_MARK_RE.match(line)
    return bool(m) and m.end() == pos


def stray_spaces(doc: Document) -> Iterator[Hit]:
    if doc.format == "pdf":
        return
    for n, raw in enumerate(source_lines(doc), start=1):
        line = _strip_md(raw)
        for m in STRAY_SPACE_RE.finditer(line):
            if (
                "\t" in line  # a table row: cells are separated by tabs and spaces
                or len(m.group()) >= 2  # 孙春兰　　国务院副总理: spaces that align columns
                or PARALLEL_RE.fullmatch(line[max(0, m.start() - 5) : m.end() + 5].strip(SPACES), 0)
                or ORGAN_END_RE.search(line, 0, m.start())
                or BYLINE_RE.search(line, 0, m.start())
                or line[m.end() :].strip() == "摄"
                or LABEL_AFTER_RE.match(line, m.end())
                or _after_heading_mark(line, m.start())
                or NAME_AT_END_RE.fullmatch(line, m.end())
            ):
                continue
            before = line[max(0, m.start() - 4) : m.start()].lstrip(SPACES)
            after = line[m.end() : m.end() + 4].rstrip(SPACES)
            span = locate(doc, n, before, after, gap=f"[{SPACES}]*")
            if span is None:
                continue
            width = "全角空格" if "\u3000" in m.group() else "空格"
            yield Hit(
                "space-stray",
                span,
                f"中文之间有多余的{width}（原文第{n}行：“{before}{m.group()}{after}”）",
                before + after,
            )


# --- page-break splits --------------------------------------------------------------------------


def page_break_splits(doc: Document) -> Iterator[Hit]:
    if doc.format == "pdf":
        return
    repairs = getattr(doc, "repairs", None)
    if repairs:
        for r in repairs:
            para = doc.paragraph_at(r.start)
            lo = para.span.start if para else 0
            hi = para.span.end if para else len(doc.text)
            span = Span(max(lo, r.start - 4), min(hi, max(r.end, r.start) + 4))
            first = doc.source_at(r.start).line
            last = doc.source_at(max(r.start, r.end - 1)).line
            where = (
                f"原文第{first}行在句子中间断开，隔空行接第{last}行"
                if last != first
                else f"原文第{first}行附近断开"
            )
            yield Hit(
                "page-break-split",
                span,
                f"{where}（分页或空行残留）：“{doc.quote(span)}”应在同一段",
                None,
            )
        return
    lines = source_lines(doc)
    for i, raw in enumerate(lines):
        if MD_DEPTH_RE.match(raw):  # a Markdown heading ends where it ends
            continue
        line = _strip_md(raw).rstrip(SPACES)
        if len(line) < SPLIT_MIN_LINE or line[-1] in SENTENCE_END:
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j == i + 1 or j >= len(lines):
            continue
        nxt = lines[j].strip()
        if HEADING_START_RE.match(nxt) or set(nxt) <= set("-—_*"):
            continue
        tail = line[-4:].lstrip(SPACES)
        head = nxt[:4].rstrip(SPACES)
        span = locate(doc, i + 1, tail, head)
        if span is None:
            continue
        yield Hit(
            "page-break-split",
            span,
            f"原文第{i + 1}行在句子中间断开，隔{j - i - 1}个空行接第{j + 1}行：“{tail}”与“{head}”应在同一段",
            tail + head,
        )


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
    rx = {
        "han": f"(?<![一二三四五六七八九十]){number}、",
        "paren_han": f"[（(]{number}[)）]",
        "arabic": f"(?<![\\d.]){number}[.．、]",
        "paren_arabic": f"[（(]{number}[)）]",
    }.get(style)
    return bool(rx and re.search(rx, doc.text[start:end]))


MAX_REPEATS = 2
CHECKED_STYLES = ("han", "paren_han", "arabic", "paren_arabic", "chapter", "article")


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
