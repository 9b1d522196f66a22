"""One document with every fact highlighted in place: a self-contained HTML page (``policykb show``).

The text is cut into segments at every fact boundary, so overlapping facts (a target clause holding
a reference, an award holding its threshold) never break the markup: each segment is one ``<span>``
that lists every fact covering it, coloured by the innermost one. Hovering a segment shows the typed
facts (value, unit, year, qualifier, trigger, threshold) as its title; clicking pins them in a side
panel. A legend, the outline and a table of every fact with links (``#f-…``) into the text follow.
Inline CSS and JS only, no network; jinja2 escapes all document text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge_base.model import Document, Facts, Source, Span

#: The kinds of fact shown, in legend order, with their colour.
KINDS: dict[str, dict[str, str]] = {
    "target": {"label": "目标 target", "colour": "#ffe08a"},
    "award": {"label": "奖补 award", "colour": "#b7f0c0"},
    "tier": {"label": "梯队 tier", "colour": "#d9c8ff"},
    "reference": {"label": "引用 reference", "colour": "#a8d8ff"},
    "quantity": {"label": "其他数值 other quantity", "colour": "#ffc9c9"},
}

#: Fields repeated in the hover text besides the one-line title.
TIP_FIELDS = ("qualifier", "year", "trigger", "threshold", "rate", "max", "one_off", "bound", "role", "kind")


@dataclass
class Mark:
    """One fact as the page shows it."""

    id: str  # html id, f-<kind initial><n>
    kind: str
    span: Span
    title: str  # one line: what the fact says
    fields: dict[str, str]  # the typed values
    quote: str
    line: str  # where in the source: "12" (line) or "p3:12" (PDF page and line)
    section: str | None = None


@dataclass
class Segment:
    text: str
    marks: list[Mark] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # html ids of the facts that start here
    heading: bool = False  # part of a run-in section heading

    @property
    def kind(self) -> str | None:
        """The innermost (shortest) fact decides the colour."""
        return min(self.marks, key=lambda m: len(m.span)).kind if self.marks else None

    @property
    def classes(self) -> str:
        kinds = sorted({m.kind for m in self.marks})
        return " ".join(["f", f"k-{self.kind}", *(f"in-{k}" for k in kinds)]) + (
            " multi" if len(self.marks) > 1 else ""
        )

    @property
    def ids(self) -> str:
        return " ".join(m.id for m in self.marks)

    @property
    def tip(self) -> str:
        """The hover text: each covering fact, innermost first, with its qualifying fields."""
        lines = []
        for m in sorted(self.marks, key=lambda m: len(m.span)):
            extra = [f"{k}: {v}" for k, v in m.fields.items() if k in TIP_FIELDS]
            lines.append(m.title + (f" — {'; '.join(extra)}" if extra else ""))
        return "\n".join(lines)


def _where(src: Source) -> str:
    if src.line is None:
        return ""
    return f"p{src.page}:{src.line}" if src.page is not None else str(src.line)


def _num(v: float | None) -> str:
    if v is None:
        return ""
    if abs(v) >= 1e8 and (v / 1e8).is_integer():
        return f"{v / 1e8:g}亿"
    if abs(v) >= 1e4 and (v / 1e4).is_integer():
        return f"{v / 1e4:g}万"
    return f"{v:g}"


def _fields(**kw: Any) -> dict[str, str]:
    return {k: str(v) for k, v in kw.items() if v not in (None, "", [], False)}


def marks(facts: Facts) -> list[Mark]:
    """Every fact of ``facts`` as a ``Mark``; quantities only where no other fact already covers them."""
    doc = facts.document
    out: list[Mark] = []

    def line(span: Span) -> str:
        return _where(doc.source_at(span.start))

    for i, t in enumerate(facts.targets):
        value = f"{t.qualifier if t.bound != 'exact' else ''}{_num(t.value)}{t.unit}"
        out.append(
            Mark(
                f"f-t{i}",
                "target",
                t.span,
                f"目标 {t.subject}: {value}" + (f" ({t.year}年)" if t.year else ""),
                _fields(
                    subject=t.subject,
                    category=t.category,
                    value=_num(t.value),
                    unit=t.unit,
                    year=t.year,
                    qualifier=t.qualifier,
                    bound=t.bound,
                    kind=t.kind,
                ),
                t.quote,
                line(t.span),
                t.section,
            )
        )
    for i, a in enumerate(facts.awards):
        amount = (
            f"{'最高' if a.max else ''}{_num(a.amount)}{a.unit}" if a.amount is not None else f"{a.rate:.0%}"
        )
        th = f"{_num(a.threshold.value)}{a.threshold.unit}" if a.threshold else None
        out.append(
            Mark(
                f"f-a{i}",
                "award",
                a.span,
                f"{a.kind} {a.recipient}: {amount}" + (f" (门槛 {th})" if th else ""),
                _fields(
                    recipient=a.recipient,
                    trigger=a.trigger,
                    amount=_num(a.amount),
                    unit=a.unit,
                    max="yes" if a.max else None,
                    one_off="yes" if a.one_off else None,
                    kind=a.kind,
                    threshold=th,
                    rate=f"{a.rate:g}" if a.rate is not None else None,
                    category=a.category,
                ),
                a.quote,
                line(a.span),
                a.section,
            )
        )
    for i, t in enumerate(facts.tiers):
        out.append(
            Mark(
                f"f-r{i}",
                "tier",
                t.span,
                f"梯队 {t.rank}. {t.name}" + (f": {_num(t.target)}{t.unit}" if t.target is not None else ""),
                _fields(
                    name=t.name,
                    rank=t.rank,
                    target=_num(t.target),
                    unit=t.unit,
                    year=t.year,
                    next=t.next,
                    members="、".join(m.name for m in t.members),
                ),
                t.quote,
                line(t.span),
            )
        )
    for i, r in enumerate(facts.references):
        out.append(
            Mark(
                f"f-c{i}",
                "reference",
                r.span,
                f"引用 ({r.kind}) {r.target or r.text}",
                _fields(kind=r.kind, target=r.target, text=r.text),
                r.quote,
                line(r.span),
            )
        )
    covered = [m.span for m in out if m.kind in ("target", "award", "tier")]
    for i, q in enumerate(facts.quantities):
        if any(c.overlaps(q.span) for c in covered):
            continue
        out.append(
            Mark(
                f"f-q{i}",
                "quantity",
                q.span,
                f"数值 {q.text}: {_num(q.value)}{q.unit}" + (f" ({q.role})" if q.role else ""),
                _fields(
                    value=_num(q.value),
                    unit=q.unit,
                    qualifier=q.qualifier,
                    bound=q.bound if q.bound != "exact" else None,
                    role=q.role,
                    per=q.per,
                ),
                doc.text[q.span.start : q.span.end],
                line(q.span),
            )
        )
    out.sort(key=lambda m: (m.span.start, -m.span.end))
    return out


def segments(text: str, span: Span, ms: list[Mark], heading: Span | None = None) -> list[Segment]:
    """``text[span]`` cut at every boundary of the marks that overlap it (and of a run-in ``heading``,
    ``（一）指导思想。`` before its text); each piece lists its marks."""
    inside = [m for m in ms if m.span.start < span.end and span.start < m.span.end and len(m.span)]
    cuts = {span.start, span.end}
    bounds = [(m.span.start, m.span.end) for m in inside] + (
        [(heading.start, heading.end)] if heading else []
    )
    for a, b in bounds:
        cuts.update(c for c in (a, b) if span.start < c < span.end)
    points = sorted(cuts)
    out: list[Segment] = []
    for a, b in zip(points, points[1:], strict=False):
        cover = [m for m in inside if m.span.start <= a and b <= m.span.end]
        # a fact that began in an earlier paragraph gets its anchor where it began
        starts = [m.id for m in cover if m.span.start == a]
        seg = Segment(text[a:b], cover, starts)
        seg.heading = heading is not None and heading.start <= a and b <= heading.end
        out.append(seg)
    return out


def page_context(facts: Facts) -> dict[str, Any]:
    """What ``templates/document.html.j2`` needs: blocks of segments, legend, outline and fact table."""
    doc: Document = facts.document
    ms = marks(facts)
    starts = {s.heading_span.start: s for s in doc.sections}
    blocks = []
    for p in doc.paragraphs:
        sec = starts.get(p.span.start)
        whole_heading = sec is not None and sec.heading_span.end >= p.span.end - 1
        blocks.append(
            {
                "tag": f"h{min(sec.level + 1, 6)}" if whole_heading else "p",
                "id": f"s-{sec.id}" if sec is not None else None,
                "line": _where(p.source),
                "segments": segments(
                    doc.text, p.span, ms, None if whole_heading or sec is None else sec.heading_span
                ),
                "table_row": p.kind == "table_row",
            }
        )
    counts = {k: sum(1 for m in ms if m.kind == k) for k in KINDS}
    m = doc.metadata
    return {
        "doc": doc,
        "title": m.title or doc.id,
        "meta": {
            "文号 doc number": m.doc_number,
            "发文机关 issuer": m.issuer,
            "日期 date": m.issued_on or m.signed_on,
            "期限 period": f"{m.period.start}–{m.period.end}" if m.period else None,
            "状态 status": m.status,
        },
        "kinds": KINDS,
        "counts": counts,
        "blocks": blocks,
        "marks": ms,
        "outline": [s for s in doc.sections if s.level <= 2],
        "issues": facts.issues,
        "facts_json": {mk.id: {"kind": mk.kind, "title": mk.title, **mk.fields} for mk in ms},
    }


def render_document(facts: Facts) -> str:
    """The self-contained HTML page of ``facts.document`` with its facts in place."""
    from pipeline.report import render

    return render("document.html.j2", **page_context(facts))


def write_document_page(
    facts: Facts, out: Path | None = None, folder: Path = Path("knowledge_base/reports")
) -> Path:
    """Write the page to ``out`` (default ``<folder>/<document id>.html``) and return its path."""
    from knowledge_base.model import PolicyKBError

    out = out or folder / f"{facts.document.id}.html"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_document(facts), encoding="utf-8")
    except OSError as e:
        raise PolicyKBError(out, f"cannot write the page: {e.strerror or e}") from e
    return out
