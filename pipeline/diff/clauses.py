"""The number-token diff of aligned units: edit operations, number changes, moved text.

``compare_pair`` diffs one pair of the alignment (``pipeline.align``) on tokens
(``pipeline.diff.tokens``): its edit operations (``TextOp``) and one ``number`` change per number
token that differs (fields among value / unit / qualifier / year); every number of an added or
removed unit is ``added`` / ``removed`` (list levels, codes, dates and years excepted). ``Kept``
records what an edited unit left in place, so that fact changes can tell a fact that still stands
from one the extractor read differently. Moved text: ``pipeline.diff.moves``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from knowledge_base.model import Change, Document, FactSide, Span, Target
from pipeline.align import Alignment, Pair, Unit
from pipeline.diff.places import CONTEXT_YEAR, paragraph_at, section_label
from pipeline.diff.tokens import Token, is_year, number_fields, pair_numbers, same_value, tokenize

CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:]")
# roles of numbers not listed one by one when a whole sentence is added or removed (list levels,
# codes and names, dates, years and periods, digits the quantity parser declined — e.g. 〔2023〕12号)
SKIP_ROLES = frozenset({"ordinal", "code", "date", "period", "year", "digits"})
STANDS = 0.8  # share of a fact's quote left in place for the fact to still stand (see Kept)


@dataclass
class TextOp:
    """One edit operation of an aligned unit pair; ``old``/``new`` are the text as written."""

    op: str  # "equal" | "replace" | "delete" | "insert"
    old: str
    new: str
    old_span: Span | None
    new_span: Span | None
    numbers: bool = False  # the operation changes a number token


@dataclass
class AlignedClause:
    status: str  # "equal" | "changed" | "moved" | "added" | "removed"
    old_span: Span | None
    new_span: Span | None
    old_section: str | None = None  # outline number and heading (e.g. "（三）主要目标")
    new_section: str | None = None
    similarity: float = 100.0
    ops: list[TextOp] = field(default_factory=list)


Number = tuple[Span, "float | None"]  # a number token: its Document span and value


def fact_value(f) -> float | None:
    return f.value if isinstance(f, Target) else f.amount


@dataclass
class KeptSide:
    """What edited units of one version left in place: the spans of their equal runs of tokens, the
    number tokens in them, and the number tokens edited in place (whose number change is reported)."""

    spans: list[Span] = field(default_factory=list)
    numbers: list[Number] = field(default_factory=list)
    edited: list[Number] = field(default_factory=list)

    def has_number(self, f) -> bool:
        """The number of fact ``f`` is an unchanged number token."""
        value = fact_value(f)
        return value is not None and any(
            f.span.overlaps(sp) and same_value(v, value) for sp, v in self.numbers
        )

    def holds(self, f) -> bool:
        """Does fact ``f`` still stand in the text? Its number (same value, inside its quote) was
        kept or edited in place, or at least ``STANDS`` of its quote was kept or is a number
        edited in place: the extractor missed it in the other version."""
        value = fact_value(f)
        if any(f.span.contains(sp) and same_value(v, value) for sp, v in self.numbers + self.edited):
            return True
        spans = self.spans + [sp for sp, _ in self.edited]
        covered = sum(max(0, min(sp.end, f.span.end) - max(sp.start, f.span.start)) for sp in spans)
        return covered >= STANDS * max(len(f.span), 1)


@dataclass
class NumberEdit:
    """A number token edited in place: its spans, what changed, and both sides as written."""

    old_span: Span
    new_span: Span
    fields: list[str]
    old: FactSide
    new: FactSide


@dataclass
class Kept:
    old: KeptSide = field(default_factory=KeptSide)
    new: KeptSide = field(default_factory=KeptSide)
    edits: list[NumberEdit] = field(default_factory=list)

    def number_kept(self, a, b) -> bool:
        """The number of old fact ``a`` and of new fact ``b`` are both unchanged number tokens."""
        return self.old.has_number(a) and self.new.has_number(b)

    def edit_of(self, a, b) -> NumberEdit | None:
        """The number token edited in place that old fact ``a`` and new fact ``b`` are about: their
        quotes overlap it, and its value is the fact's value in at least one version (the other
        may be misread: ``240`` for ``240亿元以上`` cut by a line break)."""
        va, vb = fact_value(a), fact_value(b)
        best, best_score = None, 0
        for e in self.edits:
            if a.span.overlaps(e.old_span) and b.span.overlaps(e.new_span):
                score = same_value(va, e.old.value) + same_value(vb, e.new.value)
                if score > best_score:
                    best, best_score = e, score
        return best


# --- number sides ---------------------------------------------------------------------------------


def _clause(key: str, start: int, end: int) -> tuple[int, int]:
    """Key range of the clause around key characters ``[start, end)``."""
    s = max((m.end() for m in CLAUSE_BREAK.finditer(key, 0, start)), default=0)
    m = CLAUSE_BREAK.search(key, end)
    return s, (m.start() if m else len(key))


def _unit_year(doc: Document, unit: Unit, tokens: list[Token], at: int) -> int | None:
    """The year the number at token index ``at`` is set for: the nearest year before it in its
    unit, else in its paragraph (``到2025年，…；…达到30家以上``), else the first one after it."""
    years = [
        k for k, t in enumerate(tokens) if t.quantity is not None and is_year(t.quantity) and t.quantity.value
    ]
    before = [k for k in years if k <= at]
    if before:
        return int(tokens[before[-1]].quantity.value)  # type: ignore[union-attr,arg-type]
    para = paragraph_at(doc, unit.span.start)
    if para is not None:
        found = CONTEXT_YEAR.findall(doc.text, para.span.start, unit.span.start)
        if found:
            return int(found[-1])
    return int(tokens[years[0]].quantity.value) if years else None  # type: ignore[union-attr,arg-type]


def number_side(
    doc: Document, unit: Unit, tokens: list[Token], k: int, section: str | None, last: int | None = None
) -> FactSide:
    """One side of a number change: the token as written (through token ``last`` when the number
    was split in two), its clause as the quote."""
    tok = tokens[k]
    end = tokens[last].end if last is not None else tok.end
    q = tok.quantity
    assert q is not None
    span = unit.doc_span(*_clause(unit.key, tok.start, end))
    year_q = is_year(q)
    return FactSide(
        value=None if year_q else q.value,
        unit="" if year_q else q.unit,
        qualifier=tok.qualifier,
        year=int(q.value) if year_q and q.value else _unit_year(doc, unit, tokens, k),
        quote=doc.quote(span),
        span=span,
        section=section,
        text="".join(doc.quote(unit.doc_span(tok.start, end)).split()),
    )


# --- one pair of the alignment ------------------------------------------------------------------


def compare_pair(
    old: Document, new: Document, al: Alignment, p: Pair, kept: Kept | None = None
) -> tuple[AlignedClause, list[Change]]:
    """The aligned clause of pair ``p`` with its edit operations, and its number changes."""
    ou = al.old_units[p.old] if p.old is not None else None
    nu = al.new_units[p.new] if p.new is not None else None
    osec = section_label(old, ou.section) if ou else None
    nsec = section_label(new, nu.section) if nu else None
    clause = AlignedClause(
        p.status, ou.span if ou else None, nu.span if nu else None, osec, nsec, round(p.score, 1)
    )
    if ou is not None and nu is not None and ou.key == nu.key:
        clause.ops = [TextOp("equal", old.quote(ou.span), new.quote(nu.span), ou.span, nu.span)]
        return clause, []
    if ou is None or nu is None:
        return clause, _one_sided(old, new, ou, nu, clause)
    return clause, _edited(old, new, ou, nu, clause, kept)


def _one_sided(
    old: Document, new: Document, ou: Unit | None, nu: Unit | None, clause: AlignedClause
) -> list[Change]:
    """An added or removed unit: one operation, and every number in it."""
    added = nu is not None
    u, doc = (nu, new) if added else (ou, old)
    assert u is not None
    toks = tokenize(u.key)
    text = doc.quote(u.span)
    has_number = any(t.is_number for t in toks)
    if added:
        clause.ops = [TextOp("insert", "", text, None, u.span, has_number)]
    else:
        clause.ops = [TextOp("delete", text, "", u.span, None, has_number)]
    kind = "added" if added else "removed"
    section = section_label(doc, u.section)
    changes = []
    for k, t in enumerate(toks):
        if t.quantity is None or t.quantity.role in SKIP_ROLES or is_year(t.quantity):
            continue
        side = number_side(doc, u, toks, k, section)
        changes.append(Change(kind, [kind], None, None if added else side, side if added else None, "number"))
    return changes


def _edited(
    old: Document, new: Document, ou: Unit, nu: Unit, clause: AlignedClause, kept: Kept | None
) -> list[Change]:
    """A changed or moved-and-edited unit: token operations; number tokens paired and compared."""
    ot, nt = tokenize(ou.key), tokenize(nu.key)
    sm = SequenceMatcher(None, [t.text for t in ot], [t.text for t in nt], autojunk=False)
    changes: list[Change] = []

    def number(u: Unit, t: Token) -> Number:
        return u.doc_span(t.start, t.end), t.quantity.value  # type: ignore[union-attr]

    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        ospan = ou.doc_span(ot[i1].start, ot[i2 - 1].end) if i2 > i1 else None
        nspan = nu.doc_span(nt[j1].start, nt[j2 - 1].end) if j2 > j1 else None
        onum = [k for k in range(i1, i2) if ot[k].is_number]
        nnum = [k for k in range(j1, j2) if nt[k].is_number]
        old_text, new_text = old.quote(ospan) if ospan else "", new.quote(nspan) if nspan else ""
        clause.ops.append(
            TextOp(tag, old_text, new_text, ospan, nspan, tag != "equal" and bool(onum or nnum))
        )
        if tag == "equal":
            if kept is not None and ospan is not None and nspan is not None:
                kept.old.spans.append(ospan)
                kept.new.spans.append(nspan)
                kept.old.numbers += [number(ou, ot[i]) for i in onum]
                kept.new.numbers += [number(nu, nt[j]) for j in nnum]
            continue
        osec, nsec = clause.old_section, clause.new_section
        pairs = pair_numbers(onum, nnum, ot, nt)
        last_o, last_n = _split_numbers(pairs, ot, nt)
        inside_o = {k for first, last in last_o.items() for k in range(first + 1, last + 1)}
        inside_n = {k for first, last in last_n.items() for k in range(first + 1, last + 1)}
        for i, j in pairs:
            if i is not None and j is not None:
                fields = number_fields(ot[i], nt[j])
                o = number_side(old, ou, ot, i, osec, last_o.get(i))
                n = number_side(new, nu, nt, j, nsec, last_n.get(j))
                if kept is not None:  # edited in place: the number change tells it
                    kept.old.edited.append(number(ou, ot[i]))
                    kept.new.edited.append(number(nu, nt[j]))
                    kept.edits.append(
                        NumberEdit(kept.old.edited[-1][0], kept.new.edited[-1][0], fields, o, n)
                    )
                if fields:
                    changes.append(Change("changed", fields, None, o, n, fact_type="number"))
            elif i is not None and i not in inside_o:
                changes.append(
                    Change("removed", ["removed"], None, number_side(old, ou, ot, i, osec), None, "number")
                )
            elif j is not None and j not in inside_n:
                changes.append(
                    Change("added", ["added"], None, None, number_side(new, nu, nt, j, nsec), "number")
                )
    return changes


def _split_numbers(
    pairs: list[tuple], ot: list[Token], nt: list[Token]
) -> tuple[dict[int, int], dict[int, int]]:
    """A range edited into two numbers (``5%—5.5%`` → ``11%—5.5%``, which is no range) or two numbers
    joined into one: a number left unpaired whose text is inside the token it was part of on the
    other side belongs to that token's change. Returns, per paired token index, the last token
    index its side then runs through (old side, new side)."""
    last_o: dict[int, int] = {}
    last_n: dict[int, int] = {}
    paired = [(i, j) for i, j in pairs if i is not None and j is not None]
    for i, j in pairs:
        if i is None and j is not None:  # an extra new number: part of an old token?
            host = next((p for p in paired if nt[j].quantity.text in ot[p[0]].text), None)  # type: ignore[union-attr]
            if host is not None:
                last_n[host[1]] = max(last_n.get(host[1], host[1]), j)
        elif j is None and i is not None:
            host = next((p for p in paired if ot[i].quantity.text in nt[p[1]].text), None)  # type: ignore[union-attr]
            if host is not None:
                last_o[host[0]] = max(last_o.get(host[0], host[0]), i)
    return last_o, last_n
