"""Layout rules: stray spaces and words split by page breaks (the outline rules are in ``outline``).

These rules look at the source as written (``Document.source_text``) where normalization may have
already cleaned the text (spaces removed, split lines joined), and report at the matching place in
``Document.text``.

Supports (real examples)
    * ``space-stray``: a space between two Chinese characters or marks, as in the 2019 TXT
      ``台州市人民政府办公室 关于印发`` and the 2024 draft ``开展产融合作试点。 深化``.
      Not reported: spaces between Chinese and digits or Latin (``到 2025 年``, ``R&D 占比``: a
      spacing style, not an error), a space before a field label (``马亦跃 电话：``), PDF sources
      or texts copied from a paginated page (``— 3 —`` lines, form feeds: pdftotext), whose spaces come
      from the layout; spaces that set fields apart: bylines (``…会议上 陕西省省长
      赵刚``, ``本报记者 韩卿立 摄``), issuers side by side, columns aligned with two or more spaces, a
      regulation's revision history (``…第142号发布　根据…第一次修订``); two phrases of the same length
      set side by side (``“进窗口 走流程”``, ``技兴齐鲁 乐业山东``).
    * ``page-break-split``: a sentence or word cut by blank lines in the source (2019 TXT
      ``优化升`` / blank / ``级全覆盖``, ``兼并`` / ``重组``). Taken from ``Document.repairs`` when the
      normalizer records its joins, otherwise found in ``source_text``: a line of at least
      ``SPLIT_MIN_LINE`` characters ending without a sentence-final mark, blank line(s), then a
      line that does not start like a heading. Not reported for PDF, nor across a printed page break
      (``— 3 —``, a form feed) in a text copied from a paginated page: a page break inside a sentence
      is normal there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from knowledge_base.model import Document, Span
from pipeline.lint.hits import Hit
from pipeline.lint.punctuation import CJK, CJK_PUNCT
from pipeline.normalize import PAGE_NUMBER_LINE

# --- rules as data ------------------------------------------------------------------------------

SPACES = " \t\u3000\u00a0"
STRAY_SPACE_RE = re.compile(f"(?<=[{CJK}{CJK_PUNCT}])[{SPACES}]+(?=[{CJK}{CJK_PUNCT}])")
# 技兴齐鲁 乐业山东, “进窗口 走流程”: two phrases of the same length set side by side (a slogan, a
# couplet-like headline), each bounded by a mark or the line's end
CJK_RUN_RE = re.compile(f"[{CJK}]*")
PARALLEL_LENGTHS = range(2, 13)
# 中共中央办公厅 国务院办公厅: issuers side by side on a short line
ORGAN_END_RE = re.compile(r"(?:中共中央|办公厅|委员会|部|委|局|院|署|厅|政府)$")
# 本报记者 韩卿立 摄: a photo byline
BYLINE_RE = re.compile(r"(?:记者|通讯员|摄影)$")
# …第四次会议上 陕西省省长 赵刚: a speaker's byline, its fields set apart by spaces, ends in office and name
BYLINE_LINE_RE = re.compile(
    f"(?:长|书记|主任|主席|委员|代表|记者|通讯员)[{SPACES}]+(?:[{CJK}]{{2,4}}|[{CJK}]{{1,6}}·[{CJK}]{{1,8}})[{SPACES}]*$"
)
# 国务院令第142号发布　根据…第一次修订　根据…: the space that separates the steps of a regulation's
# revision history in its headnote
REVISION_VERBS = ("发布", "公布", "修订", "修正")
REVISION_NEXT = ("根据", "自")
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


def _printed_page_break(line: str) -> bool:
    """A form feed or a printed page number (``— 3 —``): the text was copied from a paginated page."""
    return "\f" in line or bool(PAGE_NUMBER_LINE.match(line))


def _paginated(doc: Document) -> bool:
    """PDF, or a text copied from one (pdftotext): its spaces and breaks come from the page layout."""
    return doc.format == "pdf" or any(_printed_page_break(ln) for ln in source_lines(doc))


def _strip_md(line: str) -> str:
    return re.sub(r"^\s*#{1,6}\s*", "", line)


# --- stray spaces -------------------------------------------------------------------------------


def _after_heading_mark(line: str, pos: int) -> bool:
    """``第八章　会议制度``, ``（三） 合理用药``: the space set after a heading number."""
    m = HEADING_MARK_RE.match(line)
    return bool(m) and m.end() == pos


def _parallel(line: str, start: int, end: int) -> bool:
    """Are the Chinese phrases on either side of the space ``line[start:end]`` of the same length?"""
    left = CJK_RUN_RE.match(line[:start][::-1]).end()
    right = CJK_RUN_RE.match(line, end).end() - end
    return left == right and left in PARALLEL_LENGTHS


def stray_spaces(doc: Document) -> Iterator[Hit]:
    if _paginated(doc):
        return
    for n, raw in enumerate(source_lines(doc), start=1):
        line = _strip_md(raw)
        if line.rstrip().endswith("摄") or BYLINE_LINE_RE.search(line):
            continue  # a photo caption with its credit (贵州日报记者 李森 摄), a speaker's byline
        for m in STRAY_SPACE_RE.finditer(line):
            if (
                "\t" in line  # a table row: cells are separated by tabs and spaces
                or len(m.group()) >= 2  # 孙春兰　　国务院副总理: spaces that align columns
                or _parallel(line, m.start(), m.end())
                or (line.endswith(REVISION_VERBS, 0, m.start()) and line.startswith(REVISION_NEXT, m.end()))
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
    lines = source_lines(doc)
    if repairs:
        for r in repairs:
            para = doc.paragraph_at(r.start)
            lo = para.span.start if para else 0
            hi = para.span.end if para else len(doc.text)
            span = Span(max(lo, r.start - 4), min(hi, max(r.end, r.start) + 4))
            first = doc.source_at(r.start).line
            last = doc.source_at(max(r.start, r.end - 1)).line
            if first and last and any(_printed_page_break(ln) for ln in lines[first - 1 : last]):
                continue  # a printed page break (— 3 —) inside a sentence: normal on a paginated page
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
