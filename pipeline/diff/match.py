"""Which target or award of one version is which of the other.

``pair_facts`` pairs facts first inside aligned units (the same sentence, edited), then by
canonical category anywhere (lexicon aliases: ``省“隐形冠军”企业`` = ``省级"隐形冠军"企业``), and for
facts without a category by rapidfuzz on the subject (``CATEGORY_MIN``). ``category_pairs`` groups
the targets of two successive policies by category, the categories found in only one included.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge_base.model import Award, Document, Facts, FactSide, Target
from pipeline.align import Alignment, similarity
from pipeline.diff.places import section_label, unit_of

CATEGORY_MIN = 80.0  # rapidfuzz score for two subjects without a lexicon category to be the same thing
NEAR_BONUS = 1000.0  # facts of one aligned unit pair are paired before any others


@dataclass
class CategoryPair:
    """Targets of one category in each version (generational comparison)."""

    category: str
    old: list[FactSide]
    new: list[FactSide]


def category(f: Target | Award) -> str | None:
    if f.category:
        return f.category
    name = f.subject if isinstance(f, Target) else f.recipient
    from extractors.entities import canonical_category

    return canonical_category(name)


def name(f: Target | Award) -> str:
    """What the fact is about: a target's subject, an award's recipient and condition."""
    return compact(f.subject if isinstance(f, Target) else f"{f.recipient}{f.trigger}")


def compact(s: str) -> str:
    return "".join(s.split())


def target_side(doc: Document, t: Target) -> FactSide:
    return FactSide(
        t.value, t.unit, t.qualifier, t.year, t.quote, t.span, section_label(doc, t.section), t.kind
    )


def award_side(doc: Document, a: Award) -> FactSide:
    qual = "最高" if a.max else ""
    return FactSide(
        a.amount, a.unit, qual, None, a.quote, a.span, section_label(doc, a.section), a.kind, a.threshold
    )


def match_score(a: Target | Award, b: Target | Award) -> float:
    """0 for facts of different categories; else name similarity, +100 for one category, +10 for
    one kind of target, + half the similarity of two awards' conditions."""
    ca, cb = category(a), category(b)
    if ca and cb and ca != cb:
        return 0.0
    score = similarity(name(a), name(b))
    if ca and ca == cb:
        score += 100.0
    if isinstance(a, Target) and isinstance(b, Target) and a.kind == b.kind:
        score += 10.0
    if isinstance(a, Award) and isinstance(b, Award):
        score += similarity(compact(a.trigger), compact(b.trigger)) / 2
    return score


def pair_facts(al: Alignment, old: list, new: list) -> list[tuple[int | None, int | None]]:
    """Old/new fact index pairs (None for a fact of one version only): greedy best first, first
    inside aligned units, then by category anywhere."""
    unit_map = {p.old: p.new for p in al.pairs if p.old is not None and p.new is not None}
    o_unit = [unit_of(al.old_units, f.span) for f in old]
    n_unit = [unit_of(al.new_units, f.span) for f in new]
    pairs: list[tuple[int | None, int | None]] = []
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
        if target_unit is None:
            continue
        for j, b in enumerate(new):
            if n_unit[j] == target_unit and type(a) is type(b):
                s = match_score(a, b)
                if s > 0:
                    near.append((s + NEAR_BONUS - abs(i - j) * 1e-3, i, j))
    greedy(near)
    far = []
    for i, a in enumerate(old):
        if i in used_o:
            continue
        for j, b in enumerate(new):
            if j in used_n or type(a) is not type(b):
                continue
            ca, cb = category(a), category(b)
            s = match_score(a, b)
            if (ca and ca == cb) or (not ca and not cb and s >= CATEGORY_MIN + 10.0):
                far.append((s, i, j))
    greedy(far)
    pairs.extend((i, None) for i in range(len(old)) if i not in used_o)
    pairs.extend((None, j) for j in range(len(new)) if j not in used_n)
    return pairs


def category_pairs(old_facts: Facts, new_facts: Facts) -> list[CategoryPair]:
    """Targets grouped by canonical category in both versions; one-sided categories last."""
    groups: dict[str, CategoryPair] = {}
    for facts, which in ((old_facts, "old"), (new_facts, "new")):
        for t in facts.targets:
            cat = category(t)
            if not cat:
                continue
            side = target_side(facts.document, t)
            sides = getattr(groups.setdefault(cat, CategoryPair(cat, [], [])), which)
            if not any(
                (x.value, x.unit, x.qualifier, x.year) == (side.value, side.unit, side.qualifier, side.year)
                for x in sides
            ):
                sides.append(side)  # the same target restated in another section counts once
    both = [g for g in groups.values() if g.old and g.new]
    return both + [g for g in groups.values() if not (g.old and g.new)]
