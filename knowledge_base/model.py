"""The one vocabulary of policykb: documents, their structure and the facts found in them.

Every stage speaks these dataclasses. JSON is made from them in one place (``to_json``), and
SQL rows in ``knowledge_base/store.py``. Spans are half-open character offsets into
``Document.text``; ``doc.text[span.start:span.end]`` is always exactly the quote.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from typing import Any


class PolicyKBError(Exception):
    """An error a person can act on: names the file and the cause. The CLI prints it on one line."""

    def __init__(self, path: object, cause: str):
        self.path = str(path)
        self.cause = cause
        super().__init__(f"{self.path}: {cause}")


class ReadError(PolicyKBError):
    """The file cannot be read as a policy document (missing, corrupt, encrypted, scanned, ...)."""


class UnsupportedFormat(ReadError):
    """The file's extension is not one of the supported formats."""


def stable_id(*parts: object, length: int = 16) -> str:
    """A content-derived id: the same inputs always give the same id (never run order or chance)."""
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character interval ``[start, end)`` into ``Document.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def shift(self, by: int) -> Span:
        return Span(self.start + by, self.end + by)

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start

    def to_json(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True)
class Source:
    """Where a character came from in the original file.

    ``page`` is the 1-based PDF page (None for other formats); ``line`` is the 1-based line on that
    page (PDF), in the file (TXT/Markdown) or the 1-based body paragraph number (DOCX).
    """

    file: str
    page: int | None
    line: int | None

    def to_json(self) -> dict[str, Any]:
        return {"page": self.page, "line": self.line}


# --- what a reader yields --------------------------------------------------------------------


@dataclass
class RawLine:
    """One physical line (TXT, PDF) or paragraph (DOCX) as the reader saw it, before normalization.

    ``kind`` is ``"text"``, ``"table_row"`` or ``"blank"``. ``hint`` carries layout hints the
    normalizer uses: e.g. ``{"heading": 1}`` for a DOCX heading style or a Markdown ``#``,
    ``{"x0": 90.0, "x1": 505.2, "indent": True}`` for PDF lines, ``{"bold": True, "center": True}``.
    """

    text: str
    page: int | None
    line: int
    kind: str = "text"
    hint: dict[str, Any] = field(default_factory=dict)


@dataclass
class RawDocument:
    path: str
    format: str  # "txt" | "md" | "docx" | "pdf"
    lines: list[RawLine]
    encoding: str | None = None
    pages: int | None = None


# --- the document ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """From ``offset`` in ``Document.text`` on, characters come from ``source`` (until the next anchor)."""

    offset: int
    page: int | None
    line: int | None


@dataclass
class Paragraph:
    span: Span
    source: Source
    section: str | None = None  # Section.id
    kind: str = "text"  # "text" | "heading" | "table_row"
    level: int | None = None  # heading level from the source (Markdown '#' count, DOCX heading style)

    def text_in(self, doc_text: str) -> str:
        return self.span.of(doc_text)


@dataclass
class Section:
    """A node of the outline. ``number`` is the marker as written (``一、`` ``（二）`` ``3.``)."""

    id: str
    level: int
    number: str
    heading: str
    span: Span  # the whole section, heading included, up to the next sibling or ancestor
    heading_span: Span
    parent: str | None = None
    style: str = ""  # numbering style, e.g. "han", "paren_han", "arabic", "paren_arabic", "yishi", "md"
    ordinal: int | None = None  # the value of the number (一 -> 1); None for unnumbered headings


@dataclass
class Period:
    start: int | None
    end: int | None


@dataclass
class DateRange:
    start: date | None
    end: date | None


@dataclass
class Metadata:
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issued_on: date | None = None  # date printed as 印发 / issue date
    signed_on: date | None = None  # date under the signature (成文日期)
    period: Period | None = None
    status: str = "issued"  # "issued" | "draft"
    comment_period: DateRange | None = None
    contact: str | None = None
    cc: list[str] = field(default_factory=list)
    notice_title: str | None = None  # title of the notice that issues the text (关于印发…的通知), if any


@dataclass
class Document:
    id: str
    path: str
    format: str
    text: str
    paragraphs: list[Paragraph]
    sections: list[Section] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    anchors: list[Anchor] = field(default_factory=list)
    sha256: str = ""
    source_text: str = ""  # the text as the reader saw it, lines joined by "\n"
    # Where normalization joined a paragraph split by blank lines (a page-break artifact in the
    # source): each span covers the last character before and the first character after the join.
    repairs: list[Span] = field(default_factory=list)

    def source_at(self, offset: int) -> Source:
        """The page and line of the source that the character at ``offset`` came from."""
        if not self.anchors:
            return Source(self.path, None, None)
        i = bisect.bisect_right([a.offset for a in self.anchors], offset) - 1
        a = self.anchors[max(i, 0)]
        return Source(self.path, a.page, a.line)

    def quote(self, span: Span) -> str:
        return span.of(self.text)

    def section_at(self, offset: int) -> Section | None:
        """The innermost section containing ``offset``."""
        best: Section | None = None
        for s in self.sections:
            if s.span.start <= offset < s.span.end and (best is None or s.level >= best.level):
                best = s
        return best

    def paragraph_at(self, offset: int) -> Paragraph | None:
        starts = [p.span.start for p in self.paragraphs]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.paragraphs[i].span.start <= offset <= self.paragraphs[i].span.end:
            return self.paragraphs[i]
        return None


# --- facts -----------------------------------------------------------------------------------


@dataclass
class Quantity:
    """A numeric mention. ``value`` is in base units (元, 个, %, ...); ranges set ``low``/``high``.

    ``qualifier`` is the cue as written (以上, 不超过, 最高, 约, 余 ...); ``bound`` its meaning:
    ``"min"`` (at least / more than), ``"max"`` (at most / cap), ``"approx"``, ``"exact"`` or
    ``"range"``. ``role`` says what the number is: ``"amount"``, ``"count"``, ``"percent"``,
    ``"year"``, ``"period"``, ``"index"``, ``"ordinal"``, ``"rate"``, ``"measure"``, ``"pp"``
    (percentage points), ``"date"`` (value None) or ``"code"`` (a name such as “2211” or 5G; value
    None unless it has a unit). See ``extractors/quantities.py``.
    """

    text: str
    value: float | None
    unit: str
    span: Span
    low: float | None = None
    high: float | None = None
    qualifier: str = ""
    bound: str = "exact"
    role: str = "count"
    per: str | None = None  # per-unit denominator: 30万元/人 -> "人"


@dataclass
class Target:
    id: str
    subject: str
    category: str | None
    value: float | None
    unit: str
    qualifier: str
    year: int | None
    kind: str  # "level" | "increment" | "annual_increment" | "share" | "rate" | "coverage"
    quote: str
    span: Span
    source: Source
    section: str | None = None
    parent: str | None = None  # Target.id of the 其中 total this is a part of
    bound: str = "exact"


@dataclass
class Threshold:
    value: float
    unit: str


@dataclass
class Award:
    id: str
    recipient: str
    trigger: str
    amount: float | None
    unit: str
    max: bool
    one_off: bool
    kind: str  # "奖励" | "补助" | "贴息" | "资助" | ...
    quote: str
    span: Span
    source: Source
    section: str | None = None
    threshold: Threshold | None = None
    rate: float | None = None  # 按…的10%给予奖励 -> 0.10
    category: str | None = None


@dataclass
class TierMember:
    name: str
    target: float | None = None
    unit: str = ""


@dataclass
class Tier:
    name: str
    rank: int
    members: list[TierMember]
    quote: str
    span: Span
    target: float | None = None
    unit: str = ""
    year: int | None = None
    next: str | None = None  # name of the next (higher) tier


@dataclass
class Reference:
    text: str
    kind: str  # "doc_number" | "law" | "regulation" | "plan" | "policy" | "standard" | "title"
    quote: str
    span: Span
    target: str | None = None  # canonical form (normalized document number or title)


@dataclass
class ExtractionIssue:
    """Something the extractor saw but would not guess at (e.g. a 分别 list count mismatch)."""

    message: str
    quote: str
    span: Span


@dataclass
class Facts:
    document: Document
    targets: list[Target] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    tiers: list[Tier] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    issues: list[ExtractionIssue] = field(default_factory=list)


# --- comparisons and checks ------------------------------------------------------------------


@dataclass
class FactSide:
    value: float | None
    unit: str
    qualifier: str
    year: int | None
    quote: str
    span: Span
    section: str | None = None
    kind: str | None = None
    threshold: Threshold | None = None
    text: str = ""  # the number as written, qualifier included (e.g. "20家以上"); "" for whole facts


@dataclass
class Change:
    kind: str  # "changed" | "added" | "removed" | "moved"
    fields: list[str]
    category: str | None
    old: FactSide | None
    new: FactSide | None
    fact_type: str = "target"  # "target" | "award" | "number" | "text"


@dataclass
class Finding:
    rule: str
    severity: str  # "error" | "warning" | "info"
    message: str
    quote: str
    span: Span
    source: Source
    section: str | None = None
    suggestion: str | None = None


# --- JSON ------------------------------------------------------------------------------------


def to_json(obj: Any) -> Any:
    """Plain JSON-ready values from model objects: spans as ``[start, end]``, dates as ISO strings,
    sources as ``{"page", "line"}``."""
    if isinstance(obj, Span):
        return obj.to_json()
    if isinstance(obj, Source):
        return obj.to_json()
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Document):
        return document_json(obj)
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, dict):
        return {k: to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    if isinstance(obj, float) and obj.is_integer():
        return int(obj)
    return obj


def metadata_json(m: Metadata) -> dict[str, Any]:
    return {
        "title": m.title,
        "doc_number": m.doc_number,
        "issuer": m.issuer,
        "issued_on": to_json(m.issued_on),
        "signed_on": to_json(m.signed_on),
        "period": to_json(m.period),
        "status": m.status,
        "comment_period": to_json(m.comment_period),
        "contact": m.contact,
        "cc": list(m.cc),
        "notice_title": m.notice_title,
    }


def document_json(doc: Document, with_text: bool = True) -> dict[str, Any]:
    """The documented JSON of ``policykb parse``."""
    out: dict[str, Any] = {
        "id": doc.id,
        "path": doc.path,
        "format": doc.format,
        "metadata": metadata_json(doc.metadata),
        "sections": [
            {
                "id": s.id,
                "level": s.level,
                "number": s.number,
                "heading": s.heading,
                "span": s.span.to_json(),
                "parent": s.parent,
                "style": s.style,
                "ordinal": s.ordinal,
                "heading_span": s.heading_span.to_json(),
            }
            for s in doc.sections
        ],
        "paragraphs": [
            {
                "text": p.span.of(doc.text),
                "span": p.span.to_json(),
                "section": p.section,
                "kind": p.kind,
                "source": p.source.to_json(),
            }
            for p in doc.paragraphs
        ],
    }
    if with_text:
        out["text"] = doc.text
    return out


def facts_json(facts: Facts) -> dict[str, Any]:
    """The documented JSON of ``policykb extract``: the document's metadata and every fact with its span."""
    doc = facts.document
    return {
        "document": {"id": doc.id, "path": doc.path, "format": doc.format, **metadata_json(doc.metadata)},
        "targets": [
            {
                "id": t.id,
                "subject": t.subject,
                "category": t.category,
                "value": to_json(t.value),
                "unit": t.unit,
                "qualifier": t.qualifier,
                "bound": t.bound,
                "year": t.year,
                "kind": t.kind,
                "parent": t.parent,
                "section": t.section,
                "quote": t.quote,
                "span": t.span.to_json(),
                "source": t.source.to_json(),
            }
            for t in facts.targets
        ],
        "awards": [to_json(a) for a in facts.awards],
        "tiers": [
            {
                "name": t.name,
                "rank": t.rank,
                "target": to_json(t.target),
                "unit": t.unit,
                "year": t.year,
                "next": t.next,
                "members": [{"name": m.name, "target": to_json(m.target), "unit": m.unit} for m in t.members],
                "quote": t.quote,
                "span": t.span.to_json(),
            }
            for t in facts.tiers
        ],
        "references": [
            {"text": r.text, "kind": r.kind, "target": r.target, "quote": r.quote, "span": r.span.to_json()}
            for r in facts.references
        ],
        "quantities": [
            {
                "text": q.text,
                "value": to_json(q.value),
                "unit": q.unit,
                "per": q.per,
                "low": to_json(q.low),
                "high": to_json(q.high),
                "qualifier": q.qualifier,
                "bound": q.bound,
                "role": q.role,
                "span": q.span.to_json(),
            }
            for q in facts.quantities
        ],
        "issues": [{"message": i.message, "quote": i.quote, "span": i.span.to_json()} for i in facts.issues],
    }


__all__ = [name for name in dir() if not name.startswith("_") and name not in {"annotations", "asdict"}]
