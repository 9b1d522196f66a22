"""The documented JSON of ``policykb diff --format json`` (README "Comparing versions")."""

from __future__ import annotations

from typing import Any

from knowledge_base.model import Change, FactSide, document_json, to_json


def side_json(s: FactSide | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "value": to_json(s.value),
        "unit": s.unit,
        "qualifier": s.qualifier,
        "year": s.year,
        "text": s.text,
        "quote": s.quote,
        "span": s.span.to_json(),
        "section": s.section,
        "kind": s.kind,
        "threshold": to_json(s.threshold),
    }


def change_json(c: Change) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "fields": list(c.fields),
        "category": c.category,
        "fact_type": c.fact_type,
        "old": side_json(c.old),
        "new": side_json(c.new),
    }


def diff_json(result, with_text: bool = True) -> dict[str, Any]:
    """The documented JSON of ``policykb diff --format json``."""
    alike, total = result.shared
    return {
        "old": document_json(result.old, with_text=with_text),
        "new": document_json(result.new, with_text=with_text),
        "relation": {"kind": result.relation, "sentences_alike": alike, "sentences": total},
        "changes": [change_json(c) for c in result.changes],
        "sections": [
            {
                "status": s.status,
                "old": f"{s.old.number}{s.old.heading}" if s.old else None,
                "new": f"{s.new.number}{s.new.heading}" if s.new else None,
            }
            for s in result.sections
        ],
        "categories": [
            {
                "category": cp.category,
                "old": [side_json(s) for s in cp.old],
                "new": [side_json(s) for s in cp.new],
            }
            for cp in result.categories
        ],
        "text": [
            {
                "status": a.status,
                "old_span": to_json(a.old_span),
                "new_span": to_json(a.new_span),
                "old_section": a.old_section,
                "new_section": a.new_section,
                "similarity": a.similarity,
                "ops": [
                    {
                        "op": o.op,
                        "old": o.old,
                        "new": o.new,
                        "old_span": to_json(o.old_span),
                        "new_span": to_json(o.new_span),
                    }
                    for o in a.ops
                ],
            }
            for a in result.text
        ],
    }
