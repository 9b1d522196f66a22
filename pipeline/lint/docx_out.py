"""Findings as Word comments: a reviewed copy of the draft, one comment per finding on its exact text.

* DOCX input: the original is copied (never written to) and each comment is anchored on the quote
  inside the body paragraph it came from (``Source.line`` = 1-based body paragraph number; when the
  text there differs, the paragraph is found by its text). Runs are split so that a comment
  covers exactly the quote, and the split runs keep their formatting; runs inside hyperlinks, content
  controls and tracked insertions count, deleted runs do not (the reader accepts tracked changes).
* TXT / Markdown / PDF input: a new DOCX with one paragraph per document paragraph.

Comments are written with python-docx's comments API (author ``policykb``, initials ``pk``); the
comment text is ``[rule] message`` plus the suggestion. ``read_comments`` gives back each comment
with the text it is anchored on (used by the tests).
"""

from __future__ import annotations

import copy
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from knowledge_base.model import Document, Finding, PolicyKBError

AUTHOR = "policykb"
INITIALS = "pk"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# runs whose text is not part of the paragraph as read: deleted (tracked), moved away, in a text box
SKIPPED_RUN_PARENTS = {f"{{{W_NS}}}{tag}" for tag in ("del", "moveFrom", "txbxContent")}


class DocxOutError(PolicyKBError):
    """The reviewed copy cannot be written."""


def comment_text(f: Finding) -> str:
    text = f"[{f.rule}] {f.message}"
    if f.suggestion:
        text += f" 建议：{f.suggestion}"
    return text


# --- runs ---------------------------------------------------------------------------------------


def _split_run(run, k: int):
    """Split ``run`` at character ``k`` of its text; returns the new run holding the tail."""
    from docx.text.run import Run

    text = run.text
    new_r = copy.deepcopy(run._r)
    run._r.addnext(new_r)
    tail = Run(new_r, run._parent)
    run.text = text[:k]
    tail.text = text[k:]
    return tail


def _text_runs(paragraph) -> list:
    """The runs whose text the reader reads, in order: also those inside hyperlinks, content controls
    and tracked insertions (``paragraph.runs`` has only the paragraph's own), not deleted ones."""
    from docx.text.run import Run

    return [
        Run(r, paragraph)
        for r in paragraph._p.iter(f"{{{W_NS}}}r")
        if not any(a.tag in SKIPPED_RUN_PARENTS for a in r.iterancestors())
    ]


def _paragraph_text(paragraph) -> str:
    return "".join(r.text for r in _text_runs(paragraph))


def _runs_covering(paragraph, start: int, end: int) -> list:
    """Runs of ``paragraph`` covering exactly characters ``[start, end)`` of its text (splitting runs)."""
    for boundary in (start, end):
        pos = 0
        for run in _text_runs(paragraph):
            n = len(run.text)
            if pos < boundary < pos + n:
                _split_run(run, boundary - pos)
                break
            pos += n
    out, pos = [], 0
    for run in _text_runs(paragraph):
        n = len(run.text)
        if n and start <= pos and pos + n <= end:
            out.append(run)
        pos += n
    return out


# --- where a finding goes -----------------------------------------------------------------------


@dataclass
class _Place:
    paragraph: object  # docx Paragraph
    start: int
    end: int


def _find_in(text: str, quote: str, near: int) -> tuple[int, int] | None:
    """``[start, end)`` of ``quote`` in ``text`` nearest to ``near``; when the normalizer changed
    the text (width folding, spaces removed), matched on folded text without spaces."""
    best, i = -1, text.find(quote)
    while i >= 0:
        if best < 0 or abs(i - near) < abs(best - near):
            best = i
        i = text.find(quote, i + 1)
    if best >= 0:
        return best, best + len(quote)
    folded, index = [], []
    for k, ch in enumerate(text):
        if not ch.isspace():
            folded.append(unicodedata.normalize("NFKC", ch)[:1] or ch)
            index.append(k)
    q = "".join(unicodedata.normalize("NFKC", ch)[:1] or ch for ch in quote if not ch.isspace())
    at = "".join(folded).find(q) if q else -1
    if at < 0:
        return None
    return index[at], index[at + len(q) - 1] + 1


def _places(doc: Document, f: Finding, lookup, every: list) -> list[_Place]:
    """The DOCX paragraph(s) and character range(s) of a finding (a quote across a paragraph break
    gives two places: the end of one paragraph and the start of the next)."""
    places: list[_Place] = []
    for para in doc.paragraphs:
        if not para.span.overlaps(f.span):
            continue
        s = max(f.span.start, para.span.start)
        e = min(f.span.end, para.span.end)
        piece = doc.text[s:e]
        if not piece.strip():
            continue
        near = lookup(para)
        mine = {id(p._p) for p in near}
        for target in near + [p for p in every if id(p._p) not in mine]:
            found = _find_in(_paragraph_text(target), piece, s - para.span.start)
            if found:
                places.append(_Place(target, *found))
                break
    return places


def _annotate(document, doc: Document, findings: list[Finding], lookup, every: list) -> int:
    placed = 0
    # place every finding first: splitting runs for one must not move another's offsets
    plan = [(f, _places(doc, f, lookup, every)) for f in findings]
    for _, places in plan:
        for p in places:
            _runs_covering(p.paragraph, p.start, p.end)
    for f, places in plan:
        runs = [r for p in places for r in _runs_covering(p.paragraph, p.start, p.end)]
        text = comment_text(f)
        if not runs:
            # the quote is not in the Word text as written (a field, a text box): the comment goes on
            # the whole paragraph the finding is in, and names the quote
            para = doc.paragraph_at(f.span.start)
            near = lookup(para) if para is not None else []
            runs = [r for r in (_text_runs(near[0]) if near else []) if r.text]
            text = f"「{f.quote}」{text}"
        if not runs:
            continue
        document.add_comment(runs, text=text, author=AUTHOR, initials=INITIALS)
        placed += 1
    return placed


def _row_paragraphs(row) -> list:
    """The paragraphs of a table row's cells (a merged cell once)."""
    seen, out = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out += cell.paragraphs
    return out


def _body_lines(document) -> dict[int, list]:
    """The Word paragraphs of each ``Source.line`` as the DOCX reader counts: a body paragraph, or the
    cells of a table row, in document order from 1."""
    from docx.table import Table

    out, n = {}, 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                n += 1
                out[n] = _row_paragraphs(row)
        else:
            n += 1
            out[n] = [block]
    return out


def write_docx(doc: Document, findings: list[Finding], out: str | Path) -> int:
    """Write the reviewed copy to ``out``; returns the number of comments placed."""
    import docx

    out = Path(out)
    src = Path(doc.path)
    if out.resolve() == src.resolve():
        raise DocxOutError(out, "the reviewed copy must not overwrite the draft itself")
    try:
        if doc.format == "docx":
            shutil.copyfile(src, out)
            document = docx.Document(str(out))
            by_line = _body_lines(document)
            every = [p for n in sorted(by_line) for p in by_line[n]]

            def lookup(para):
                return by_line.get(para.source.line or 0, [])

        else:
            document = docx.Document()
            made = {}
            for para in doc.paragraphs:
                p = document.add_paragraph()
                p.add_run(para.span.of(doc.text))
                made[id(para)] = p
            every = list(made.values())

            def lookup(para):
                return [made[id(para)]] if id(para) in made else []

        placed = _annotate(document, doc, findings, lookup, every)
        document.save(str(out))
    except OSError as e:
        raise DocxOutError(out, f"cannot write the reviewed copy: {e.strerror or e}") from e
    return placed


def read_comments(path: str | Path) -> list[tuple[str, str, str]]:
    """(author, comment text, anchored text) of every comment in a DOCX, in comment id order."""
    import docx

    document = docx.Document(str(path))
    body = document.element.body
    anchored: dict[str, list[str]] = {}
    open_ids: set[str] = set()
    for el in body.iter():
        tag = el.tag.split("}")[-1]
        if tag == "commentRangeStart":
            cid = el.get(f"{{{W_NS}}}id")
            open_ids.add(cid)
            anchored.setdefault(cid, [])
        elif tag == "commentRangeEnd":
            open_ids.discard(el.get(f"{{{W_NS}}}id"))
        elif tag == "t" and el.text:
            for cid in open_ids:
                anchored[cid].append(el.text)
    out = []
    for c in document.comments:
        out.append((c.author, c.text, "".join(anchored.get(str(c.comment_id), []))))
    return out
