"""Compare two versions of a policy: aligned text, number changes and fact changes.

``diff_documents(old, new, old_facts, new_facts) -> DiffResult`` is a pure function.

Supports
    * Text: units aligned by ``pipeline.align`` (outline first, then sentences; moved, reflowed,
      split and merged paragraphs survive). Each changed unit is diffed on *tokens*
      (``pipeline.diff.tokens``): a number with its unit and its qualifier (``50万元``, ``20家以上``,
      ``不少于1亿元``) is one atomic token, the rest is single CJK characters, Latin words and
      punctuation. ``50万元→100万元`` is one replacement, never ``−5 +10 0万元``.
    * Numbers (``pipeline.diff.clauses``): every number token that differs inside an aligned unit
      becomes a ``Change`` with ``fact_type="number"`` and fields among value / unit / qualifier /
      year; numbers of added and removed units are ``added`` / ``removed``. Moved units report
      ``moved`` and no number change.
    * Facts: targets and awards are paired across versions first through the text alignment, then by
      canonical category (lexicon aliases) and rapidfuzz on subject and context
      (``pipeline.diff.match``); each pair is classified with fields among value, unit, qualifier,
      year, kind, threshold, renamed (``pipeline.diff.facts``). A number change already told by a
      fact change is not repeated.
    * Relation: ``versions`` of one text (at least ``VERSIONS_SHARED`` of the units alike),
      ``successive`` policies (less text shared, but targets of one category in both: the 2019 plan
      and the 2024 draft) or ``unrelated`` texts. Successive policies are compared by their facts
      and aligned sentences: the numbers of sentences found in only one of them are not listed.
      Unrelated texts report no change at all.
    * Generations: ``categories`` pairs the targets of the same category in two successive policies
      (e.g. 国家级专精特新“小巨人”企业 20家以上 (2025) → 280家 (2029)) and lists those found in only one.

Avoids
    * Reporting formatting: ``1 万亿元`` vs ``1万亿元``, full vs half width, ``10000家`` vs ``1万家``.
    * Reporting outline renumbering as number changes (it is listed in ``sections``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge_base.model import Change, Document, Facts
from pipeline.align import Pair, SectionPair, align
from pipeline.diff.clauses import AlignedClause, Kept, TextOp, compare_pair
from pipeline.diff.facts import fact_changes, tells
from pipeline.diff.match import CategoryPair, category_pairs
from pipeline.diff.moves import join_moves, move_changes, moved_numbers
from pipeline.diff.tokens import Token, tokenize

VERSIONS_SHARED = 0.3  # below this share of units alike (equal, edited or moved), not versions of one text


@dataclass
class DiffResult:
    old: Document
    new: Document
    changes: list[Change]
    text: list[AlignedClause]
    sections: list[SectionPair] = field(default_factory=list)
    categories: list[CategoryPair] = field(default_factory=list)
    relation: str = "versions"  # "versions" | "successive" | "unrelated"

    @property
    def shared(self) -> tuple[int, int]:
        """(aligned units alike in both versions, all lines of the alignment)."""
        return sum(1 for a in self.text if a.status in ("equal", "changed", "moved")), len(self.text)


def diff_documents(
    old: Document, new: Document, old_facts: Facts | None = None, new_facts: Facts | None = None
) -> DiffResult:
    """Compare ``old`` and ``new``: aligned text, number changes, fact changes (see module doc)."""
    al = align(old, new)
    cats = category_pairs(old_facts, new_facts) if old_facts and new_facts else []
    relation = _relation(al.pairs, cats)
    text: list[AlignedClause] = []
    numbers: list[Change] = []
    kept = Kept()
    for p in al.pairs:
        clause, nums = compare_pair(old, new, al, p, kept)
        text.append(clause)
        # two policies, not two drafts: the numbers of their other sentences are no change
        if relation == "versions" or (p.old is not None and p.new is not None):
            numbers.extend(nums)
    numbers, moved = moved_numbers(numbers)
    moves = join_moves(move_changes(old, new, al), moved, old, new)
    facts: list[Change] = []
    if old_facts is not None and new_facts is not None:
        facts = fact_changes(al, old_facts, new_facts, kept)
        numbers = [n for n in numbers if not any(tells(f, n, old, new) for f in facts)]
    changes = [] if relation == "unrelated" else sorted(facts + numbers + moves, key=_reading_key)
    return DiffResult(old, new, changes, text, al.sections, cats, relation)


def _relation(pairs: list[Pair], cats: list[CategoryPair]) -> str:
    alike = sum(1 for p in pairs if p.status in ("equal", "changed", "moved"))
    if not pairs or alike >= VERSIONS_SHARED * len(pairs):
        return "versions"
    if any(cp.old and cp.new for cp in cats):
        return "successive"
    return "unrelated"


def _reading_key(c: Change) -> tuple:
    side = c.new or c.old
    assert side is not None
    return (0 if c.new else 1, side.span.start, c.fact_type)


__all__ = [
    "AlignedClause",
    "CategoryPair",
    "DiffResult",
    "TextOp",
    "Token",
    "category_pairs",
    "diff_documents",
    "fact_changes",
    "tokenize",
]
