"""Changes of targets and awards: each pair of facts (``pipeline.diff.match``) classified.

A changed pair gets fields among ``value``, ``unit``, ``qualifier``, ``year``, ``kind``,
``threshold`` and ``renamed``; a fact of one version only is ``added`` or ``removed``. What the
extractor read differently where the document did not change is not a change:

* a fact whose text is untouched (its units are the same text in both versions, or it lies in an
  unchanged run of an edited unit) is not reported, except a changed deadline year around it;
* a fact whose number stands unchanged as written keeps its value, unit and qualifier; one whose
  number was edited in place takes value, unit and qualifier from the number token as written
  (the extractor may have read ``40 万`` / ``元/亩以上`` across a line break as ``40万``);
* when the words of the sentences under both facts are the same (numbers aside), the subject and
  the kind cannot have changed: ``renamed`` and ``kind`` are dropped;
* a fact of one version only whose number or most of whose quote still stands was missed by the
  extractor in the other version.

``tells(fact, number)`` says whether a fact change already tells a number change (same place,
same value), so that a number is reported once.
"""

from __future__ import annotations

from dataclasses import replace

from knowledge_base.model import Award, Change, Document, Facts, FactSide, Target
from pipeline.align import Alignment, Unit, similarity
from pipeline.diff.clauses import Kept
from pipeline.diff.match import award_side, category, name, pair_facts, target_side
from pipeline.diff.places import paragraph_at, text_year, units_of
from pipeline.diff.tokens import masked, same_value, with_qualifier

FIELD_ORDER = ("value", "unit", "qualifier", "year", "kind", "threshold", "renamed")
NUMBER_FIELDS = ("value", "unit", "qualifier")  # read from the number token as written
RENAMED_BELOW = 90.0  # subjects this similar are the same name (省级“隐形冠军”企业 / 省“隐形冠军”企业)
WORD_FIELDS = ("kind", "renamed")  # read from the words around a number, not from the number


def fact_fields(a: Target | Award, b: Target | Award) -> list[str]:
    """The fields in which two paired facts differ."""
    fields: list[str] = []
    if isinstance(a, Target) and isinstance(b, Target):
        checks = [
            ("value", not same_value(a.value, b.value)),
            ("unit", a.unit != b.unit),
            ("qualifier", a.qualifier != b.qualifier or a.bound != b.bound),
            ("year", a.year != b.year),
            ("kind", a.kind != b.kind),
        ]
    elif isinstance(a, Award) and isinstance(b, Award):
        ta = (a.threshold.value, a.threshold.unit) if a.threshold else None
        tb = (b.threshold.value, b.threshold.unit) if b.threshold else None
        checks = [
            ("value", not same_value(a.amount, b.amount) or not same_value(a.rate, b.rate)),
            ("unit", a.unit != b.unit),
            ("qualifier", a.max != b.max or a.one_off != b.one_off),
            ("kind", a.kind != b.kind),
            ("threshold", ta != tb),
        ]
    else:
        checks = []
    fields = [f for f, differs in checks if differs]
    if similarity(name(a), name(b)) < RENAMED_BELOW:
        fields.append("renamed")
    return fields


def _same_year_in_text(od: Document, a, nd: Document, b) -> bool:
    """One extraction lost the deadline year (a line break between 到2025年 and the target) but the
    text around both facts states the same year: the year did not change."""
    ya = a.year if a.year is not None else text_year(od, a.span.start)
    yb = b.year if b.year is not None else text_year(nd, b.span.start)
    return (a.year is None or b.year is None) and ya is not None and ya == yb


class _Places:
    """Which units of each version are the same text in the other, and their words."""

    def __init__(self, al: Alignment, kept: Kept | None):
        self.al, self.kept = al, kept
        self.same_old = {
            p.old
            for p in al.pairs
            if p.old is not None and p.new is not None and al.old_units[p.old].key == al.new_units[p.new].key
        }
        self.same_new = {p.new for p in al.pairs if p.old in self.same_old and p.new is not None}
        self.paired = {p.old: p.new for p in al.pairs if p.old is not None and p.new is not None}

    def untouched(self, which: str, f) -> bool:
        """Every unit under the fact's quote is the same text in both versions, or the quote lies
        in an unchanged run of an edited unit."""
        units, same = (
            (self.al.old_units, self.same_old) if which == "old" else (self.al.new_units, self.same_new)
        )
        ks = units_of(units, f.span)
        if ks and all(k in same for k in ks):
            return True
        return self.kept is not None and any(sp.contains(f.span) for sp in getattr(self.kept, which).spans)

    def same_words(self, a, b) -> bool:
        """The units under ``a`` are aligned with those under ``b`` and have the same words
        (numbers aside): only numbers changed around the two facts."""
        oks, nks = units_of(self.al.old_units, a.span), units_of(self.al.new_units, b.span)
        if not oks or [self.paired.get(k) for k in oks] != nks:
            return False
        return all(
            _words(self.al.old_units[i]) == _words(self.al.new_units[j])
            for i, j in zip(oks, nks, strict=True)
        )


def _words(u: Unit) -> str:
    return masked(u.key)


def fact_changes(al: Alignment, old_facts: Facts, new_facts: Facts, kept: Kept | None = None) -> list[Change]:
    """Changes of targets and awards between two versions (see the module docstring)."""
    out: list[Change] = []
    od, nd = old_facts.document, new_facts.document
    places = _Places(al, kept)
    for kind, olist, nlist, side in (
        ("target", old_facts.targets, new_facts.targets, target_side),
        ("award", old_facts.awards, new_facts.awards, award_side),
    ):
        for i, j in pair_facts(al, olist, nlist):
            a = olist[i] if i is not None else None
            b = nlist[j] if j is not None else None
            if (a is None or places.untouched("old", a)) and (b is None or places.untouched("new", b)):
                # only the deadline can change around an unchanged fact: 到2029年 -> 到2030年
                if isinstance(a, Target) and isinstance(b, Target) and a.year != b.year:
                    ya, yb = text_year(od, a.span.start), text_year(nd, b.span.start)
                    if ya is not None and yb is not None and ya != yb:
                        out.append(Change("changed", ["year"], category(b), side(od, a), side(nd, b), kind))
                continue
            cat = category(b or a)  # type: ignore[arg-type]
            if a is not None and b is not None:
                fields = fact_fields(a, b)
                sa, sb = side(od, a), side(nd, b)
                if "year" in fields and _same_year_in_text(od, a, nd, b):
                    fields.remove("year")
                edit = kept.edit_of(a, b) if kept is not None else None
                if kept is not None and kept.number_kept(a, b):
                    # the fact's number stands as written in both versions: its value, unit and
                    # qualifier did not change, whatever the extractor read around a line break
                    fields = [x for x in fields if x not in NUMBER_FIELDS]
                elif edit is not None:
                    # the number was edited in place: the token as written tells value, unit and
                    # qualifier (the extractor may have read 40万|元/亩以上 across a line break)
                    fields = [
                        x for x in FIELD_ORDER if x in edit.fields or (x in fields and x not in NUMBER_FIELDS)
                    ]
                    sa, sb = _as_written(sa, edit.old), _as_written(sb, edit.new)
                if any(x in WORD_FIELDS for x in fields) and places.same_words(a, b):
                    fields = [x for x in fields if x not in WORD_FIELDS]
                if fields:
                    out.append(Change("changed", fields, cat, sa, sb, kind))
            elif a is not None:
                if kept is None or not kept.old.holds(a):
                    out.append(Change("removed", ["removed"], cat, side(od, a), None, kind))
            elif b is not None and (kept is None or not kept.new.holds(b)):
                out.append(Change("added", ["added"], cat, None, side(nd, b), kind))
    return out


def _as_written(side: FactSide, token: FactSide) -> FactSide:
    """A fact's side with its number as the text writes it (``1—7个``): value and unit of the token,
    its qualifier when it has one (``突破`` is a verb the token leaves to the fact)."""
    qualifier = token.qualifier or side.qualifier
    text = with_qualifier(token.text, qualifier)
    return replace(side, value=token.value, unit=token.unit, qualifier=qualifier, text=text)


def tells(fact: Change, num: Change, old: Document, new: Document) -> bool:
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
            and paragraph_at(doc, fs.span.start) is paragraph_at(doc, ns.span.start)
            for fs, ns, doc in ((fact.old, num.old, old), (fact.new, num.new, new))
        )
    for fs, ns in ((fact.old, num.old), (fact.new, num.new)):
        if ns is None:
            continue
        if fs is None or not fs.span.overlaps(ns.span):
            return False
        threshold = fs.threshold.value if fs.threshold is not None else None
        if ns.value is not None and not (
            same_value(fs.value, ns.value) or (num.kind != "changed" and same_value(threshold, ns.value))
        ):
            return False
        if ns.value is None and ns.year != fs.year:
            return False
    return True
