"""Compare two versions of a policy: aligned text, number changes and fact changes.

``diff_documents(old, new, old_facts, new_facts) -> DiffResult`` is a pure function.

Supports
    * Text: units aligned by ``pipeline.align`` (outline first, then sentences; moved, reflowed,
      split and merged paragraphs survive). Each changed unit is diffed on *tokens*: a number with
      its unit and its qualifier (``50万元``, ``20家以上``, ``不少于1亿元``) is one atomic token, the
      rest is single CJK characters, Latin words and punctuation. ``50万元→100万元`` is one
      replacement, never ``−5 +10 0万元``.
    * Numbers: every number token that differs inside an aligned unit becomes a ``Change`` with
      ``fact_type="number"`` and fields among value / unit / qualifier / year; numbers of added and
      removed units are ``added`` / ``removed``. Moved units report ``moved`` and no number change.
    * Facts: targets and awards are paired across versions first through the text alignment, then by
      canonical category (lexicon aliases) and rapidfuzz on subject and context; each pair is
      classified with fields among value, unit, qualifier, year, kind, threshold, renamed. A number
      change already told by a fact change is not repeated.
    * Generations: ``categories`` pairs the targets of the same category in two successive policies
      (e.g. 国家级专精特新“小巨人”企业 20家以上 (2025) → 280家 (2029)) and lists those found in only one.

Avoids
    * Reporting formatting: ``1 万亿元`` vs ``1万亿元``, full vs half width, ``10000家`` vs ``1万家``.
    * Reporting outline renumbering as number changes (it is listed in ``sections``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from knowledge_base.model import (
    Award,
    Change,
    Document,
    Facts,
    FactSide,
    Quantity,
    Span,
    Target,
    Threshold,
)
from pipeline.align import Alignment, Pair, SectionPair, Unit, align, similarity

# --- rules as data ------------------------------------------------------------------------------

# qualifiers glued to a number token when the quantity parser left them outside its span
# (and directions: 比上年减少876.75万元 -> 增加3,355.65万元 is a change a reviewer must see)
QUALIFIERS_BEFORE = tuple(
    [
        "不少于",
        "不低于",
        "不超过",
        "不高于",
        "超过",
        "高于",
        "低于",
        "最高",
        "最多",
        "最低",
        "至少",
        "约",
        "近",
        "逾",
        "增加",
        "减少",
        "增长",
        "下降",
        "提高",
        "降低",
        "上升",
    ]
)
QUALIFIERS_AFTER = ("及以上", "以上", "以下", "以内", "左右", "上下", "余", "多")
# the rest of a unit, token by token: Latin words, digit runs (a number the parser missed), one character
OTHER_TOKEN = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?%?|.", re.S)
YEAR_TOKEN = re.compile(r"^(?:19|20)\d\d年?$")
PARAGRAPH_LOOKBACK = 400  # characters searched back for a deadline year in a reflowed paragraph
CONTEXT_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
CLAUSE_BREAKS = frozenset("，,；;。！？!?：:")
# roles of numbers not listed one by one when a whole sentence is added or removed (list levels,
# codes and names, dates, years and periods, digits the quantity parser declined — e.g. 〔2023〕12号)
SKIP_ROLES = frozenset({"ordinal", "code", "date", "period", "year", "digits"})
STANDS = 0.8  # share of a fact's quote left in place for the fact to still stand (see Kept)
RENAMED_BELOW = 90.0  # subjects this similar are the same name (省级“隐形冠军”企业 / 省“隐形冠军”企业)
CATEGORY_MIN = 80.0  # rapidfuzz score for two subjects without a lexicon category to be the same thing


@dataclass
class Token:
    text: str
    start: int  # in the unit key
    end: int
    quantity: Quantity | None = None
    qualifier: str = ""

    @property
    def is_number(self) -> bool:
        return self.quantity is not None


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
    old_section: str | None = None  # outline number as written (e.g. "（三）")
    new_section: str | None = None
    similarity: float = 100.0
    ops: list[TextOp] = field(default_factory=list)


@dataclass
class CategoryPair:
    """Targets of one category in each version (generational comparison)."""

    category: str
    old: list[FactSide]
    new: list[FactSide]


@dataclass
class Kept:
    """What an edited unit left in place, per version: the spans of its equal runs of tokens, the
    number tokens in them, and the number tokens edited in place (whose number change is reported);
    numbers as (Document span, value)."""

    old: list[Span] = field(default_factory=list)
    new: list[Span] = field(default_factory=list)
    old_numbers: list[tuple[Span, float | None]] = field(default_factory=list)
    new_numbers: list[tuple[Span, float | None]] = field(default_factory=list)
    old_edited: list[tuple[Span, float | None]] = field(default_factory=list)
    new_edited: list[tuple[Span, float | None]] = field(default_factory=list)

    def number_kept(self, a, b) -> bool:
        """The number of old fact ``a`` and of new fact ``b`` are both unchanged number tokens."""

        def kept(numbers: list[tuple[Span, float | None]], f) -> bool:
            value = f.value if isinstance(f, Target) else f.amount
            return value is not None and any(
                f.span.overlaps(sp) and _same_value(v, value) for sp, v in numbers
            )

        return kept(self.old_numbers, a) and kept(self.new_numbers, b)

    def holds(self, which: str, f) -> bool:
        """Does fact ``f`` still stand in the text? Its number (same value, inside its quote) was
        kept or edited in place, or at least ``STANDS`` of its quote was kept or is a number
        edited in place: the extractor missed it in the other version."""
        numbers = getattr(self, f"{which}_numbers") + getattr(self, f"{which}_edited")
        value = f.value if isinstance(f, Target) else f.amount
        if any(f.span.contains(sp) and _same_value(v, value) for sp, v in numbers):
            return True
        spans = getattr(self, which) + [sp for sp, _ in getattr(self, f"{which}_edited")]
        covered = sum(max(0, min(sp.end, f.span.end) - max(sp.start, f.span.start)) for sp in spans)
        return covered >= STANDS * max(len(f.span), 1)


@dataclass
class DiffResult:
    old: Document
    new: Document
    changes: list[Change]
    text: list[AlignedClause]
    sections: list[SectionPair] = field(default_factory=list)
    categories: list[CategoryPair] = field(default_factory=list)


# --- quantities and tokens ------------------------------------------------------------------------


def _find_quantities(text: str) -> list[Quantity]:
    from extractors.quantities import find_quantities

    return find_quantities(text)


def is_year(q: Quantity) -> bool:
    return q.role == "year" or bool(YEAR_TOKEN.match(q.text))


def tokenize(key: str) -> list[Token]:
    """Number tokens (quantity + glued qualifiers) and single characters / words for the rest."""
    quantities = sorted(
        (q for q in _find_quantities(key) if q.span.end > q.span.start), key=lambda q: q.span.start
    )
    tokens: list[Token] = []
    pos = 0
    for q in quantities:
        s, e = q.span.start, q.span.end
        if s < pos:  # overlapping quantities: keep the first
            continue
        before = next(
            (w for w in QUALIFIERS_BEFORE if key.startswith(w, max(pos, s - len(w))) and s - len(w) >= pos),
            "",
        )
        s -= len(before)
        after = next((w for w in QUALIFIERS_AFTER if key.startswith(w, e)), "")
        e += len(after)
        _other(key, pos, s, tokens)
        tokens.append(Token(key[s:e], s, e, q, after or before or q.qualifier))
        pos = e
    _other(key, pos, len(key), tokens)
    return tokens


def _other(key: str, start: int, end: int, out: list[Token]) -> None:
    for m in OTHER_TOKEN.finditer(key, start, end):
        t = m.group(0)
        q = None
        if t[0].isdigit():  # a number the quantity parser did not take is still one token
            v = float(t.rstrip("%"))
            q = Quantity(t, v, "%" if t.endswith("%") else "", Span(m.start(), m.end()), role="digits")
        out.append(Token(t, m.start(), m.end(), q))


# --- sides ----------------------------------------------------------------------------------------


def _clause(unit: Unit, start: int, end: int) -> tuple[int, int]:
    """Key range of the clause around key characters ``[start, end)``."""
    key = unit.key
    s = start
    while s > 0 and key[s - 1] not in CLAUSE_BREAKS:
        s -= 1
    e = end
    while e < len(key) and key[e] not in CLAUSE_BREAKS:
        e += 1
    return s, e


def _unit_year(doc: Document, unit: Unit, tokens: list[Token], upto: int) -> int | None:
    """The year the number at token index ``upto`` is set for: the nearest year before it in its
    unit, else in its paragraph (``到2025年，…；…达到30家以上``), else the first one after it."""
    for k in range(upto, -1, -1):
        q = tokens[k].quantity
        if q is not None and is_year(q) and q.value:
            return int(q.value)
    para = _paragraph_at(doc, unit.span.start)
    if para is not None:
        years = CONTEXT_YEAR.findall(doc.text, para.span.start, unit.span.start)
        if years:
            return int(years[-1])
    for k in range(upto, len(tokens)):
        q = tokens[k].quantity
        if q is not None and is_year(q) and q.value:
            return int(q.value)
    return None


def _number_side(doc: Document, unit: Unit, tokens: list[Token], k: int, section: str | None) -> FactSide:
    tok = tokens[k]
    q = tok.quantity
    assert q is not None
    cs, ce = _clause(unit, tok.start, tok.end)
    span = unit.doc_span(cs, ce)
    year_q = is_year(q)
    return FactSide(
        value=None if year_q else q.value,
        unit="" if year_q else q.unit,
        qualifier=tok.qualifier,
        year=int(q.value) if year_q and q.value else _unit_year(doc, unit, tokens, k),
        quote=doc.quote(span),
        span=span,
        section=section,
        text="".join(doc.quote(unit.doc_span(tok.start, tok.end)).split()),
    )


def _number_fields(a: Token, b: Token) -> list[str]:
    qa, qb = a.quantity, b.quantity
    assert qa is not None and qb is not None
    if is_year(qa) and is_year(qb):
        return ["year"] if qa.value != qb.value else []
    fields = []
    if qa.value is None and qb.value is None:  # dates and other numbers without one value
        return ["value"] if a.text != b.text else []
    if not _same_value(qa.value, qb.value) or (qa.low, qa.high) != (qb.low, qb.high):
        fields.append("value")
    if qa.unit != qb.unit:
        fields.append("unit")
    if a.qualifier != b.qualifier:
        fields.append("qualifier")
    return fields


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _pair_numbers(old: list[int], new: list[int], ot: list[Token], nt: list[Token]) -> list[tuple]:
    """Pair number tokens of one edit operation: in order if the counts agree, else by unit."""
    if len(old) == len(new):
        return list(zip(old, new, strict=True))
    pairs: list[tuple] = []
    rest = list(new)
    for i in old:
        j = next((j for j in rest if nt[j].quantity.unit == ot[i].quantity.unit), None)  # type: ignore[union-attr]
        if j is None:
            pairs.append((i, None))
        else:
            rest.remove(j)
            pairs.append((i, j))
    pairs.extend((None, j) for j in rest)
    return pairs


# --- the diff ---------------------------------------------------------------------------------


_INDEX: dict[int, tuple[Document, dict[str, str], list[int]]] = {}


def _index(doc: Document) -> tuple[dict[str, str], list[int]]:
    """Section labels by id and paragraph starts of ``doc``, built once per diff."""
    hit = _INDEX.get(id(doc))
    if hit is None or hit[0] is not doc or len(hit[2]) != len(doc.paragraphs):
        labels = {s.id: f"{s.number}{s.heading}".strip() for s in doc.sections}
        hit = (doc, labels, [p.span.start for p in doc.paragraphs])
        if len(_INDEX) > 16:  # a few documents at a time; identity-checked, never stale
            _INDEX.clear()
        _INDEX[id(doc)] = hit
    return hit[1], hit[2]


def _section_label(doc: Document, sid: str | None) -> str | None:
    if sid is None:
        return None
    return _index(doc)[0].get(sid, sid)


def _paragraph_at(doc: Document, offset: int):
    starts = _index(doc)[1]
    k = bisect.bisect_right(starts, offset) - 1
    return doc.paragraphs[k] if k >= 0 else None


def diff_documents(
    old: Document, new: Document, old_facts: Facts | None = None, new_facts: Facts | None = None
) -> DiffResult:
    """Compare ``old`` and ``new``: aligned text, number changes, fact changes (see module doc)."""
    al = align(old, new)
    text: list[AlignedClause] = []
    numbers: list[Change] = []
    moves: list[Change] = []
    kept = Kept()
    for p in al.pairs:
        clause, nums = _compare_pair(old, new, al, p, kept)
        text.append(clause)
        numbers.extend(nums)
    moves = _move_changes(old, new, al)
    numbers, moved_numbers = _moved_numbers(numbers)
    moves += moved_numbers
    facts: list[Change] = []
    if old_facts is not None and new_facts is not None:
        facts = fact_changes(al, old_facts, new_facts, kept)
        numbers = [n for n in numbers if not any(_tells(f, n, old, new) for f in facts)]
    changes = facts + numbers + moves
    changes.sort(key=_reading_key)
    cats = category_pairs(old_facts, new_facts) if old_facts and new_facts else []
    return DiffResult(old, new, changes, text, al.sections, cats)


def _moved_numbers(numbers: list[Change]) -> tuple[list[Change], list[Change]]:
    """A number removed in one place and added in another with the same clause around it was
    moved (a moved fragment of a reflowed paragraph joins a different sentence): one ``moved``
    text change instead of a removed and an added number."""

    def near(side: FactSide) -> tuple[str, str]:  # the number and 5 characters either side
        q = _norm(side.quote)
        i = max(q.find(side.text), 0)
        return side.text, q[max(0, i - 5) : i + len(side.text) + 5]

    added: dict[tuple[str, str], list[Change]] = {}
    for c in numbers:
        if c.kind == "added" and c.new is not None:
            added.setdefault(near(c.new), []).append(c)
    gone: set[int] = set()
    moved: list[Change] = []
    for c in numbers:
        if c.kind != "removed" or c.old is None:
            continue
        twins = added.get(near(c.old))
        if twins:
            twin = twins.pop(0)
            gone.update((id(c), id(twin)))
            moved.append(Change("moved", ["moved"], None, c.old, twin.new, fact_type="text"))
    return [c for c in numbers if id(c) not in gone], moved


def _reading_key(c: Change) -> tuple:
    side = c.new or c.old
    assert side is not None
    return (0 if c.new else 1, side.span.start, c.fact_type)


def _compare_pair(
    old: Document, new: Document, al: Alignment, p: Pair, kept: Kept | None = None
) -> tuple[AlignedClause, list[Change]]:
    ou = al.old_units[p.old] if p.old is not None else None
    nu = al.new_units[p.new] if p.new is not None else None
    clause = AlignedClause(
        status=p.status,
        old_span=ou.span if ou else None,
        new_span=nu.span if nu else None,
        old_section=_section_label(old, ou.section) if ou else None,
        new_section=_section_label(new, nu.section) if nu else None,
        similarity=round(p.score, 1),
    )
    changes: list[Change] = []
    if ou is not None and nu is not None and ou.key == nu.key:
        clause.ops = [TextOp("equal", old.quote(ou.span), new.quote(nu.span), ou.span, nu.span)]
        return clause, changes
    if ou is None or nu is None:  # added or removed: every number in it
        u, doc = (nu, new) if nu is not None else (ou, old)
        assert u is not None
        toks = tokenize(u.key)
        kind = "added" if nu is not None else "removed"
        op = "insert" if nu is not None else "delete"
        clause.ops = [
            TextOp(
                op,
                "" if nu else doc.quote(u.span),
                doc.quote(u.span) if nu else "",
                None if nu else u.span,
                u.span if nu else None,
                any(t.is_number for t in toks),
            )
        ]
        for k, t in enumerate(toks):
            if t.quantity is None or t.quantity.role in SKIP_ROLES or is_year(t.quantity):
                continue
            side = _number_side(doc, u, toks, k, _section_label(doc, u.section))
            changes.append(
                Change(kind, [kind], None, None if nu else side, side if nu else None, fact_type="number")
            )
        return clause, changes
    ot, nt = tokenize(ou.key), tokenize(nu.key)
    sm = SequenceMatcher(None, [t.text for t in ot], [t.text for t in nt], autojunk=False)
    osec, nsec = _section_label(old, ou.section), _section_label(new, nu.section)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        ospan = ou.doc_span(ot[i1].start, ot[i2 - 1].end) if i2 > i1 else None
        nspan = nu.doc_span(nt[j1].start, nt[j2 - 1].end) if j2 > j1 else None
        onum = [k for k in range(i1, i2) if ot[k].is_number]
        nnum = [k for k in range(j1, j2) if nt[k].is_number]
        clause.ops.append(
            TextOp(
                tag,
                old.quote(ospan) if ospan else "",
                new.quote(nspan) if nspan else "",
                ospan,
                nspan,
                tag != "equal" and bool(onum or nnum),
            )
        )
        if tag == "equal":
            if kept is not None and ospan is not None and nspan is not None:
                kept.old.append(ospan)
                kept.new.append(nspan)
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    if ot[i].is_number:
                        kept.old_numbers.append((ou.doc_span(ot[i].start, ot[i].end), ot[i].quantity.value))  # type: ignore[union-attr]
                        kept.new_numbers.append((nu.doc_span(nt[j].start, nt[j].end), nt[j].quantity.value))  # type: ignore[union-attr]
            continue
        for i, j in _pair_numbers(onum, nnum, ot, nt):
            if i is not None and j is not None:
                if kept is not None:  # edited in place: the number change tells it
                    kept.old_edited.append((ou.doc_span(ot[i].start, ot[i].end), ot[i].quantity.value))  # type: ignore[union-attr]
                    kept.new_edited.append((nu.doc_span(nt[j].start, nt[j].end), nt[j].quantity.value))  # type: ignore[union-attr]
                fields = _number_fields(ot[i], nt[j])
                if fields:
                    changes.append(
                        Change(
                            "changed",
                            fields,
                            None,
                            _number_side(old, ou, ot, i, osec),
                            _number_side(new, nu, nt, j, nsec),
                            fact_type="number",
                        )
                    )
            elif i is not None:
                changes.append(
                    Change("removed", ["removed"], None, _number_side(old, ou, ot, i, osec), None, "number")
                )
            elif j is not None:
                changes.append(
                    Change("added", ["added"], None, None, _number_side(new, nu, nt, j, nsec), "number")
                )
    return clause, changes


def _move_changes(old: Document, new: Document, al: Alignment) -> list[Change]:
    """One ``moved`` change per block of consecutive moved units."""
    blocks: list[list[Pair]] = []
    for p in al.pairs:
        if p.status != "moved":
            continue
        last = blocks[-1][-1] if blocks else None
        if last is not None and last.old + 1 == p.old and last.new + 1 == p.new:  # type: ignore[operator]
            blocks[-1].append(p)
        else:
            blocks.append([p])
    out = []
    for b in blocks:
        os_ = Span(al.old_units[b[0].old].span.start, al.old_units[b[-1].old].span.end)  # type: ignore[index]
        ns_ = Span(al.new_units[b[0].new].span.start, al.new_units[b[-1].new].span.end)  # type: ignore[index]
        osec = _section_label(old, al.old_units[b[0].old].section)  # type: ignore[index]
        nsec = _section_label(new, al.new_units[b[0].new].section)  # type: ignore[index]
        out.append(
            Change(
                "moved",
                ["moved"],
                None,
                FactSide(None, "", "", None, old.quote(os_), os_, osec),
                FactSide(None, "", "", None, new.quote(ns_), ns_, nsec),
                fact_type="text",
            )
        )
    return out


# --- facts ----------------------------------------------------------------------------------------


def _category(f: Target | Award) -> str | None:
    if f.category:
        return f.category
    name = f.subject if isinstance(f, Target) else f.recipient
    try:
        from extractors.entities import canonical_category
    except ImportError:  # the lexicon is optional for the diff
        return None
    return canonical_category(name)


def _name(f: Target | Award) -> str:
    return f.subject if isinstance(f, Target) else f"{f.recipient}{f.trigger}"


def _target_side(doc: Document, t: Target) -> FactSide:
    return FactSide(
        t.value, t.unit, t.qualifier, t.year, t.quote, t.span, _section_label(doc, t.section), t.kind
    )


def _award_side(doc: Document, a: Award) -> FactSide:
    qual = "最高" if a.max else ""
    return FactSide(
        a.amount, a.unit, qual, None, a.quote, a.span, _section_label(doc, a.section), a.kind, a.threshold
    )


def _text_year(doc: Document, offset: int) -> int | None:
    """The last ``YYYY年`` before ``offset`` in its paragraph as written: reflow line breaks are
    looked through, only a break after a finished sentence (``。`` + line break) ends the paragraph."""
    start = max(0, offset - PARAGRAPH_LOOKBACK)
    window = doc.text[start:offset]
    cut = max(window.rfind("。\n"), window.rfind("；\n"))
    years = CONTEXT_YEAR.findall(window[cut + 1 :] if cut >= 0 else window)
    return int(years[-1]) if years else None


def _same_year_in_text(od: Document, a, nd: Document, b) -> bool:
    """One extraction lost the deadline year (a line break between 到2025年 and the target) but the
    text around both facts states the same year: the year did not change."""
    ya = a.year if a.year is not None else _text_year(od, a.span.start)
    yb = b.year if b.year is not None else _text_year(nd, b.span.start)
    return (a.year is None or b.year is None) and ya is not None and ya == yb


def _fact_fields(a: Target | Award, b: Target | Award) -> list[str]:
    fields: list[str] = []
    if isinstance(a, Target) and isinstance(b, Target):
        if not _same_value(a.value, b.value):
            fields.append("value")
        if a.unit != b.unit:
            fields.append("unit")
        if a.qualifier != b.qualifier or a.bound != b.bound:
            fields.append("qualifier")
        if a.year != b.year:
            fields.append("year")
        if a.kind != b.kind:
            fields.append("kind")
    elif isinstance(a, Award) and isinstance(b, Award):
        if not _same_value(a.amount, b.amount) or not _same_value(a.rate, b.rate):
            fields.append("value")
        if a.unit != b.unit:
            fields.append("unit")
        if a.max != b.max or a.one_off != b.one_off:
            fields.append("qualifier")
        if a.kind != b.kind:
            fields.append("kind")
        ta = (a.threshold.value, a.threshold.unit) if a.threshold else None
        tb = (b.threshold.value, b.threshold.unit) if b.threshold else None
        if ta != tb:
            fields.append("threshold")
    if similarity(_norm(_name(a)), _norm(_name(b))) < RENAMED_BELOW:
        fields.append("renamed")
    return fields


def _norm(s: str) -> str:
    return "".join(c for c in s if not c.isspace())


def _units_of(units: list[Unit], span: Span) -> list[int]:
    """Indexes of the units overlapping ``span``."""
    lo, hi = 0, len(units)
    while lo < hi:
        mid = (lo + hi) // 2
        if units[mid].span.end <= span.start:
            lo = mid + 1
        else:
            hi = mid
    out = []
    for k in range(lo, len(units)):
        if units[k].span.start >= span.end:
            break
        out.append(k)
    return out


def _unit_of(units: list[Unit], span: Span) -> int | None:
    """Index of the unit holding most of ``span``."""
    best, best_len = None, 0
    lo, hi = 0, len(units)
    while lo < hi:  # first unit ending after span.start
        mid = (lo + hi) // 2
        if units[mid].span.end <= span.start:
            lo = mid + 1
        else:
            hi = mid
    for k in range(lo, len(units)):
        u = units[k]
        if u.span.start >= span.end:
            break
        overlap = min(u.span.end, span.end) - max(u.span.start, span.start)
        if overlap > best_len:
            best, best_len = k, overlap
    return best


def _match_score(a: Target | Award, b: Target | Award) -> float:
    ca, cb = _category(a), _category(b)
    if ca and cb and ca != cb:
        return 0.0
    score = similarity(_norm(_name(a)), _norm(_name(b)))
    if ca and ca == cb:
        score += 100.0
    if isinstance(a, Target) and isinstance(b, Target) and a.kind == b.kind:
        score += 10.0
    if isinstance(a, Award) and isinstance(b, Award):
        score += similarity(_norm(a.trigger), _norm(b.trigger)) / 2
    return score


def _pair_facts(al: Alignment, old: list, new: list) -> list[tuple]:
    """Old/new fact pairs: first inside aligned units, then by category anywhere."""
    unit_map = {p.old: p.new for p in al.pairs if p.old is not None and p.new is not None}
    o_unit = [_unit_of(al.old_units, f.span) for f in old]
    n_unit = [_unit_of(al.new_units, f.span) for f in new]
    pairs: list[tuple] = []
    used_o: set[int] = set()
    used_n: set[int] = set()

    def greedy(cands: list[tuple[float, int, int]]) -> None:
        for _s, i, j in sorted(cands, key=lambda c: (-c[0], c[1], c[2])):
            if i not in used_o and j not in used_n:
                used_o.add(i)
                used_n.add(j)
                pairs.append((i, j))

    near = []
    for i, a in enumerate(old):
        target_unit = unit_map.get(o_unit[i])
        for j, b in enumerate(new):
            if target_unit is not None and n_unit[j] == target_unit and type(a) is type(b):
                s = _match_score(a, b)
                if s > 0:
                    near.append((s + 1000.0 - abs(i - j) * 1e-3, i, j))
    greedy(near)
    far = []
    for i, a in enumerate(old):
        if i in used_o:
            continue
        for j, b in enumerate(new):
            if j in used_n or type(a) is not type(b):
                continue
            ca, cb = _category(a), _category(b)
            s = _match_score(a, b)
            if (ca and ca == cb) or (not ca and not cb and s >= CATEGORY_MIN + 10.0):
                far.append((s, i, j))
    greedy(far)
    pairs.extend((i, None) for i in range(len(old)) if i not in used_o)
    pairs.extend((None, j) for j in range(len(new)) if j not in used_n)
    return pairs


def fact_changes(al: Alignment, old_facts: Facts, new_facts: Facts, kept: Kept | None = None) -> list[Change]:
    """Changes of targets and awards between two versions. A fact found in one version only is
    not reported when its number stands unchanged in the aligned text (``kept``): the extractor
    missed it in the other version, the document did not lose or gain it."""
    out: list[Change] = []
    od, nd = old_facts.document, new_facts.document
    same_old = {
        p.old
        for p in al.pairs
        if p.old is not None and p.new is not None and al.old_units[p.old].key == al.new_units[p.new].key
    }
    same_new = {p.new for p in al.pairs if p.old in same_old and p.new is not None}

    def untouched(units: list[Unit], same: set, f, which: str) -> bool:
        """Every unit under the fact's quote is the same text in both versions, or the quote lies in
        an unchanged run of an edited unit."""
        ks = _units_of(units, f.span)
        if ks and all(k in same for k in ks):
            return True
        return kept is not None and any(sp.contains(f.span) for sp in getattr(kept, which))

    for kind, olist, nlist, side in (
        ("target", old_facts.targets, new_facts.targets, _target_side),
        ("award", old_facts.awards, new_facts.awards, _award_side),
    ):
        for i, j in _pair_facts(al, olist, nlist):
            a = olist[i] if i is not None else None
            b = nlist[j] if j is not None else None
            # a fact whose text did not change is not reported, even if the extractor read it
            # differently (line breaks, a neighbouring sentence): the document did not change there
            if (a is None or untouched(al.old_units, same_old, a, "old")) and (
                b is None or untouched(al.new_units, same_new, b, "new")
            ):
                # only the deadline can change around an unchanged fact: 到2029年 -> 到2030年
                if isinstance(a, Target) and isinstance(b, Target) and a.year != b.year:
                    ya, yb = _text_year(od, a.span.start), _text_year(nd, b.span.start)
                    if ya is not None and yb is not None and ya != yb:
                        out.append(Change("changed", ["year"], _category(b), side(od, a), side(nd, b), kind))
                continue
            cat = _category(b or a)  # type: ignore[arg-type]
            if a is not None and b is not None:
                fields = _fact_fields(a, b)
                if "year" in fields and _same_year_in_text(od, a, nd, b):
                    fields.remove("year")
                if kept is not None and kept.number_kept(a, b):
                    # the fact's number stands as written in both versions: its value, unit and
                    # qualifier did not change, whatever the extractor read around a line break
                    fields = [x for x in fields if x not in ("value", "unit", "qualifier")]
                if fields:
                    out.append(Change("changed", fields, cat, side(od, a), side(nd, b), kind))
            elif a is not None:
                if kept is None or not kept.holds("old", a):
                    out.append(Change("removed", ["removed"], cat, side(od, a), None, kind))
            elif b is not None and (kept is None or not kept.holds("new", b)):
                out.append(Change("added", ["added"], cat, None, side(nd, b), kind))
    return out


def _tells(fact: Change, num: Change, old: Document, new: Document) -> bool:
    """Does the fact change ``fact`` already tell the number change ``num``? (Same place, same
    value; an added number may be told by a changed fact, e.g. a target paired across versions;
    a changed deadline year by the year change of a target in the same paragraph.)"""
    if num.kind == "changed" and fact.kind != "changed":
        return False
    if num.fields == ["year"] and "year" in fact.fields:
        return all(
            fs is not None
            and ns is not None
            and fs.year == ns.year
            and _paragraph_at(doc, fs.span.start) is _paragraph_at(doc, ns.span.start)
            for fs, ns, doc in ((fact.old, num.old, old), (fact.new, num.new, new))
        )
    for fs, ns in ((fact.old, num.old), (fact.new, num.new)):
        if ns is None:
            continue
        if fs is None or not fs.span.overlaps(ns.span):
            return False
        threshold = fs.threshold.value if fs.threshold is not None else None
        if ns.value is not None and not (
            _same_value(fs.value, ns.value) or (num.kind != "changed" and _same_value(threshold, ns.value))
        ):
            return False
        if ns.value is None and ns.year != fs.year:
            return False
    return True


def category_pairs(old_facts: Facts, new_facts: Facts) -> list[CategoryPair]:
    """Targets grouped by canonical category in both versions; one-sided categories included."""
    od, nd = old_facts.document, new_facts.document
    groups: dict[str, CategoryPair] = {}
    order: list[str] = []
    for facts, doc, which in ((old_facts, od, "old"), (new_facts, nd, "new")):
        for t in facts.targets:
            cat = _category(t)
            if not cat:
                continue
            if cat not in groups:
                groups[cat] = CategoryPair(cat, [], [])
                order.append(cat)
            side = _target_side(doc, t)
            sides = getattr(groups[cat], which)
            if not any(
                (x.value, x.unit, x.qualifier, x.year) == (side.value, side.unit, side.qualifier, side.year)
                for x in sides
            ):
                sides.append(side)  # the same target restated in another section counts once
    both = [groups[c] for c in order if groups[c].old and groups[c].new]
    one = [groups[c] for c in order if not (groups[c].old and groups[c].new)]
    return both + one


__all__ = [
    "AlignedClause",
    "CategoryPair",
    "DiffResult",
    "TextOp",
    "Threshold",
    "Token",
    "category_pairs",
    "diff_documents",
    "fact_changes",
    "tokenize",
]
