"""Outline of Chinese official documents -> ``Section`` tree with spans.

One idea a module: ``numbering`` (the numbering styles, their values, run-in headings), ``headings``
(headings at a paragraph start, numbered or not), ``parts`` (table of contents, annexes, endnotes,
closing block), ``tree`` (levels, spans and ids), ``enumerations`` (``一是…二是…``); this module walks
the paragraphs. ``pipeline.structure`` re-exports the same names.

``outline(doc)`` fills ``doc.sections`` (document order, parents before children) and sets each
``Paragraph.section`` to the innermost section containing the paragraph's start.

What it recognises (the patterns are the tables below):

* numbered headings at a paragraph start: ``一、`` (style ``han``), ``（一）``/``(一)`` (``paren_han``),
  ``1.``/``1、``/``1．`` (``arabic``), ``（1）``/``(1)`` (``paren_arabic``), ``①`` (``circled``),
  ``第一章`` (``chapter``), ``第一节`` (``jie``), ``第一部分`` (``part``), ``第一条`` (``article``) and decimal
  outlines ``1　总则`` / ``1.1　…`` / ``5.1.2 …`` (``decimal``);
* headings that run on into their first sentence: ``（一）指导思想。以…`` -> heading ``指导思想``; the
  body text belongs to the section. A first sentence longer than ``HEADING_MAX`` characters gives an
  untitled item (heading ``""``); articles (``第一条``) are always untitled;
* inline enumerations ``一是…二是…`` (style ``yishi``): sections inside a paragraph, from ``一是`` to
  just before ``二是``; the enumeration may continue in the following paragraphs; the last item
  ends with its paragraph (or, when every item is a heading paragraph followed by k body paragraphs,
  with as many as the others). ``一是`` alone (no ``二是`` after it) is not an enumeration;
* unnumbered headings once a numbered outline has started: short headline paragraphs followed by a
  long paragraph (``生态底色更加亮丽。``, style ``headline``), ``——`` dash paragraphs (``dash``) and
  Markdown/DOCX heading paragraphs without a number (``md``);
* ``附件``/``附件1``/``附表2``/``附录``/``附：`` on a line of its own starts an annex (style ``annex``, level 1, id ``a1``);
  the outline restarts inside it: its headings are children of the annex, never of the last body
  section;
* ``注释`` / ``名词解释`` on a line of its own starts the endnotes of a report (style ``notes``, id ``n1``),
  a part of its own like an annex;
* a table of contents (``目　　录`` and the headings repeated) makes no sections; after it, a heading
  paragraph without a number (a PDF page title in larger type, a DOCX heading style) is a section of
  the body (style ``md``), also before the first numbered heading;
* the closing block (signature and date, ``抄送：``, ``（此件公开发布）``, ``附件：`` list) and web-page
  residue (``相关报道：``, ``（来源：青海日报）``) end the open sections; a numbering that restarts at 1 after it (a notice, then the plan it transmits) opens a new
  part whose ids start with ``p2.``.

Levels come from the order in which numbering styles first appear (the first style under a parent is
one level below it, as in real documents), not from a fixed table; the numbering style always wins
over a Markdown/DOCX heading level (``## （二）`` is still a sibling of ``（一）``). Numbers are recorded
as written — gaps, repeats and level mix-ups are left for lint to report.

Ids derive from the section path of numbers: ``s1`` (一、), ``s1.2`` (its （二）), ``s1.2.y3`` (三是 in
it), ``s2.h1`` (first unnumbered headline under 二、), ``a1.1`` (一、 in 附件1), ``p2.1`` (一、 after a
restart). A repeated number gets ``~2``, ``~3``… so ids are unique and the same on every rebuild.
"""

from __future__ import annotations

from knowledge_base.model import Document, Section
from pipeline.outline.enumerations import yishi
from pipeline.outline.headings import (
    headline_series,
    is_table_row,
    next_in_list,
    numbered_head,
    unnumbered_head,
)
from pipeline.outline.numbering import clean_heading, numbered, numbering, ordinal_of, title_line
from pipeline.outline.parts import TOC_LEADER_RE, annex_head, is_closing, notes_head, toc_range
from pipeline.outline.tree import Builder

__all__ = ["clean_heading", "numbering", "ordinal_of", "outline"]


def para_texts(doc: Document) -> list[str]:
    return [p.span.of(doc.text) for p in doc.paragraphs]


def outline(doc: Document) -> None:
    """Fill ``doc.sections`` and each paragraph's ``section`` (see the module docstring)."""
    texts = para_texts(doc)
    b = Builder(doc)
    toc = toc_range(texts)
    skip: set[int] = set(range(*toc)) if toc else set()
    any_numbered = any(numbered(t.strip()) for t in texts)
    series = headline_series(texts, doc)
    annex_list = False
    title_until = -1
    for i, p in enumerate(doc.paragraphs):
        t = texts[i]
        if i in skip or not t.strip() or is_table_row(p, t) or TOC_LEADER_RE.search(t):
            continue
        if i < title_until:
            continue  # the title lines of an annex
        found = annex_head(i, p, texts, b)
        if found is not None:
            b.open_annex(p.span.start, found[0])
            title_until = found[1]
            continue
        # after a table of contents, a heading paragraph (a page title in larger type, a heading style)
        # is a section of the body, also before any numbered heading and when it reads 名词解释
        body_heading = p.kind == "heading" and toc is not None and i >= toc[1]
        notes = None if body_heading else notes_head(i, p, texts, b)
        if notes is not None:
            b.open_annex(p.span.start, notes)
            continue
        s = t.strip()
        if annex_list and numbered(s) and len(s) <= 80 and "。" not in s:
            continue  # 2.… : the next title in a 附件：1.… list
        annex_list = False
        c = is_closing(i, texts)
        if c is not None:
            if b.ctx.stack or b.ctx.started:
                b.close_context(doc.paragraphs[c].span.start)
            annex_list = s.startswith(("附件", "附"))
            continue
        h = numbered_head(i, p, t)
        if h is not None and h.key == "decimal2" and "decimal1" not in b.ctx.seen_level and not title_line(t):
            h = None  # 1.5公里…: a two-part decimal with body text needs a decimal outline (1　总则) above it
        if h is None:
            h = next_in_list(i, p, t, b)
        if h is None and (b.ctx.started or body_heading or (not any_numbered and p.kind == "heading")):
            h = unnumbered_head(i, p, t, texts, doc, series)
        if h is not None:
            b.place(h)
    b.finish()
    sections = b.sections + yishi(doc, b, skip)
    sections.sort(key=lambda s: (s.span.start, s.level))
    doc.sections = sections
    _assign_paragraphs(doc)


def _assign_paragraphs(doc: Document) -> None:
    for p in doc.paragraphs:
        best: Section | None = None
        for s in doc.sections:
            if s.span.start > p.span.start:
                break
            if p.span.start < s.span.end and (best is None or s.level > best.level):
                best = s
        p.section = best.id if best else None
