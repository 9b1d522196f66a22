"""Moved text: one ``moved`` change per block of moved units (``move_changes``); a number removed
here and added there with the same words around it is a move too (``moved_numbers``), and joins
the moved block it touches (``join_moves``): a moved line that began mid-sentence is one move."""

from __future__ import annotations

from knowledge_base.model import Change, Document, FactSide, Span
from pipeline.align import Alignment, Pair
from pipeline.diff.places import section_label

MOVED_CONTEXT = 5  # characters either side of a number that must be the same for it to have moved


def move_changes(old: Document, new: Document, al: Alignment) -> list[Change]:
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
        first_o, last_o = al.old_units[b[0].old], al.old_units[b[-1].old]  # type: ignore[index]
        first_n, last_n = al.new_units[b[0].new], al.new_units[b[-1].new]  # type: ignore[index]
        os_, ns_ = Span(first_o.span.start, last_o.span.end), Span(first_n.span.start, last_n.span.end)
        out.append(
            Change(
                "moved",
                ["moved"],
                None,
                FactSide(None, "", "", None, old.quote(os_), os_, section_label(old, first_o.section)),
                FactSide(None, "", "", None, new.quote(ns_), ns_, section_label(new, first_n.section)),
                fact_type="text",
            )
        )
    return out


def _compact(s: str) -> str:
    return "".join(s.split())


def moved_numbers(numbers: list[Change]) -> tuple[list[Change], list[Change]]:
    """A number removed in one place and added in another with the same clause around it was
    moved (a moved fragment of a reflowed paragraph joins a different sentence): one ``moved``
    text change instead of a removed and an added number."""

    def near(side: FactSide) -> tuple[str, str]:  # the number and the characters either side
        q = _compact(side.quote)
        i = max(q.find(side.text), 0)
        return side.text, q[max(0, i - MOVED_CONTEXT) : i + len(side.text) + MOVED_CONTEXT]

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


def join_moves(blocks: list[Change], numbers: list[Change], old: Document, new: Document) -> list[Change]:
    """A moved number whose clause touches a moved block in both versions (only spaces and
    punctuation between) was moved with it — a moved line that began mid-sentence: the block
    grows to take it in, one move instead of two."""
    out = list(blocks)
    for c in numbers:
        for k, b in enumerate(out):
            o, n = _touching(old, c.old.span, b.old.span), _touching(new, c.new.span, b.new.span)  # type: ignore[union-attr]
            if o is not None and n is not None:
                out[k] = Change(
                    "moved", ["moved"], None, _grown(old, b.old, o), _grown(new, b.new, n), "text"
                )  # type: ignore[arg-type]
                break
        else:
            out.append(c)
    return out


def _touching(doc: Document, a: Span, b: Span) -> Span | None:
    """The span covering ``a`` and ``b`` if only whitespace and punctuation lie between them."""
    lo, hi = (a, b) if a.start <= b.start else (b, a)
    gap = doc.text[lo.end : hi.start]
    if lo.end > hi.start or any(ch.isalnum() for ch in gap):
        return None
    return Span(lo.start, max(lo.end, hi.end))


def _grown(doc: Document, side: FactSide, span: Span) -> FactSide:
    return FactSide(None, "", "", None, doc.quote(span), span, side.section)
