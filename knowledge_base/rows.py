"""Rows from the model: one document's ``Facts`` -> the rows of every table of the store (pure, no I/O).

``document_record`` runs in the build's worker processes; ``Store.write`` (``store.py``) writes what it
returns in one transaction. Rows are made from the model here and nowhere else: every fact row keeps
its ``quote``, ``start``/``end`` and source ``page``/``line``, and its id derives from the document id
and the fact (``stable_id``), so a rebuild updates rows instead of duplicating them.

The search text of each paragraph and fact is stored twice, pre-tokenized for FTS5: ``tokens`` holds
the words of the injected ``segment`` callable (jieba with the lexicon as user dictionary) joined by
spaces; ``chars`` holds every Han character as its own token (runs of Latin letters and digits stay
whole). This module imports no segmenter: the caller passes one in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge_base.model import Document, Facts, Span, stable_id
from knowledge_base.schema import COUNTED, DOCUMENT_TABLES

Segmenter = Callable[[str], Sequence[str]]

_TITLE_NOISE = re.compile(r"[\s《》〈〉]")
_CHAR_TOKENS = re.compile(r"[0-9A-Za-z]+|[^\W_]")
_WORDY = re.compile(r"[^\W_]")


# --- search text ---------------------------------------------------------------------------


def char_tokens(text: str) -> list[str]:
    """Han characters one by one, runs of Latin letters/digits whole; punctuation dropped."""
    return _CHAR_TOKENS.findall(text)


def word_tokens(text: str, segment: Segmenter) -> list[str]:
    """The segmenter's words that carry a letter, digit or Han character."""
    return [t.strip() for t in segment(text) if _WORDY.search(t)]


def title_key(title: str | None) -> str | None:
    """A title as compared with citations: width folded, no spaces or 《》, brackets as （）."""
    if not title:
        return None
    t = _TITLE_NOISE.sub("", unicodedata.normalize("NFKC", title))
    return t.replace("(", "（").replace(")", "）").replace("－", "—").replace("-", "—")


# --- rows from the model -------------------------------------------------------------------


@dataclass
class DocumentRecord:
    """Every row of one document, ready to write (picklable: made in workers, written by the parent)."""

    document_id: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def document(self) -> dict[str, Any]:
        return self.rows["documents"][0]


@dataclass(frozen=True)
class LexiconEntry:
    """A named thing of the lexicon: ``kind`` is ``category``, ``industry`` or ``body``."""

    kind: str
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.name}"


def node(kind: str, key: str) -> str:
    """Graph node name of a row or a named thing: ``document:tz-2019-58``, ``category:…``."""
    return f"{kind}:{key}"


def _located(doc: Document, span: Span, source=None, quote: str | None = None) -> dict[str, Any]:
    """The location columns of a row: its quote (for facts), its span and its source page and line."""
    s = source if source is not None else doc.source_at(span.start)
    where = {"start": span.start, "end": span.end, "page": s.page, "line": s.line}
    return where if quote is None else {"quote": quote, **where}


def _unique(ids: dict[str, int], base: str) -> str:
    """``base`` the first time, then ``base`` with an occurrence number (duplicate facts stay distinct)."""
    n = ids.get(base, 0)
    ids[base] = n + 1
    return base if n == 0 else stable_id(base, n)


def document_record(
    facts: Facts,
    *,
    segment: Segmenter,
    lexicon: Iterable[LexiconEntry] = (),
    file: str | None = None,
    build_key: str = "",
    lineage: str | None = None,
    succeeds: str | None = None,
    title: str | None = None,
    doc_number: str | None = None,
) -> DocumentRecord:
    """All rows of one document's ``Facts`` (pure: no I/O). ``title``/``doc_number`` fill gaps in
    the extracted metadata (e.g. from the manifest)."""
    doc = facts.document
    did = doc.id
    seen: dict[str, int] = {}
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in ("documents", *DOCUMENT_TABLES)}
    edges: list[tuple[str, str, str]] = []
    doc_node = node("document", did)

    # sections
    sec_row = {s.id: _unique(seen, stable_id(did, "section", s.id)) for s in doc.sections}
    for s in doc.sections:
        rid = sec_row[s.id]
        parent = sec_row.get(s.parent) if s.parent else None
        rows["sections"].append(
            {
                "id": rid, "document_id": did, "section": s.id, "parent_id": parent, "level": s.level,
                "number": s.number, "heading": s.heading, "ordinal": s.ordinal, "style": s.style,
                **_located(doc, s.span, doc.source_at(s.heading_span.start)),
            }
        )  # fmt: skip
        edges.append((node("section", parent) if parent else doc_node, "has_section", node("section", rid)))

    def section_of(sid: str | None, span: Span) -> str | None:
        if sid and sid in sec_row:
            return sec_row[sid]
        s = doc.section_at(span.start)
        return sec_row.get(s.id) if s else None

    def holder(section_id: str | None) -> str:
        return node("section", section_id) if section_id else doc_node

    # paragraphs
    for i, p in enumerate(doc.paragraphs):
        text = p.span.of(doc.text)
        rows["paragraphs"].append(
            {
                "id": _unique(seen, stable_id(did, "paragraph", i, text)), "document_id": did, "ord": i,
                "section_id": section_of(p.section, p.span), "kind": p.kind, "text": text,
                **_located(doc, p.span, p.source),
            }
        )  # fmt: skip

    # targets
    target_row = {t.id: _unique(seen, stable_id(did, "target", t.id)) for t in facts.targets}
    for t in facts.targets:
        rid = target_row[t.id]
        sid = section_of(t.section, t.span)
        parent = target_row.get(t.parent) if t.parent else None
        rows["targets"].append(
            {
                "id": rid, "fact_id": t.id, "document_id": did, "section_id": sid, "subject": t.subject,
                "category": t.category, "value": t.value, "unit": t.unit, "qualifier": t.qualifier,
                "bound": t.bound, "year": t.year, "kind": t.kind, "parent_id": parent,
                **_located(doc, t.span, t.source, t.quote),
            }
        )  # fmt: skip
        edges.append((holder(sid), "states", node("target", rid)))
        if t.category:
            edges.append((node("target", rid), "in_category", node("category", t.category)))
        if parent:
            edges.append((node("target", rid), "part_of", node("target", parent)))

    # awards
    for a in facts.awards:
        rid = _unique(seen, stable_id(did, "award", a.id))
        sid = section_of(a.section, a.span)
        rows["awards"].append(
            {
                "id": rid, "fact_id": a.id, "document_id": did, "section_id": sid,
                "recipient": a.recipient, "trigger": a.trigger, "amount": a.amount, "unit": a.unit,
                "max": int(bool(a.max)), "one_off": int(bool(a.one_off)), "kind": a.kind,
                "category": a.category,
                "threshold_value": a.threshold.value if a.threshold else None,
                "threshold_unit": a.threshold.unit if a.threshold else None, "rate": a.rate,
                **_located(doc, a.span, a.source, a.quote),
            }
        )  # fmt: skip
        edges.append((holder(sid), "states", node("award", rid)))
        if a.category:
            edges.append((node("award", rid), "in_category", node("category", a.category)))

    # tiers and their members
    alias_to_category = {al: e.name for e in lexicon if e.kind == "category" for al in (e.name, *e.aliases)}
    tier_row = {t.name: _unique(seen, stable_id(did, "tier", t.name, t.span.start)) for t in facts.tiers}
    for t in facts.tiers:
        rid = tier_row[t.name]
        sid = section_of(None, t.span)
        next_id = tier_row.get(t.next) if t.next else None
        rows["tiers"].append(
            {
                "id": rid, "document_id": did, "section_id": sid, "name": t.name, "rank": t.rank,
                "target": t.target, "unit": t.unit, "year": t.year, "next": t.next, "next_id": next_id,
                **_located(doc, t.span, quote=t.quote),
            }
        )  # fmt: skip
        edges.append((holder(sid), "states", node("tier", rid)))
        if next_id:
            edges.append((node("tier", rid), "next_tier", node("tier", next_id)))
        for j, m in enumerate(t.members):
            category = alias_to_category.get(m.name)
            rows["tier_members"].append(
                {
                    "id": _unique(seen, stable_id(rid, "member", j, m.name)), "tier_id": rid,
                    "document_id": did, "ord": j, "name": m.name, "category": category,
                    "target": m.target, "unit": m.unit,
                }
            )  # fmt: skip
            member = node("category", category) if category else node("member", m.name)
            edges.append((node("tier", rid), "has_member", member))

    # citations
    for r in facts.references:
        rows["citations"].append(
            {
                "id": _unique(seen, stable_id(did, "citation", r.span.start, r.text)), "document_id": did,
                "section_id": section_of(None, r.span), "text": r.text, "kind": r.kind, "target": r.target,
                "target_key": title_key(r.target or r.text), **_located(doc, r.span, quote=r.quote),
            }
        )  # fmt: skip
        edges.append((doc_node, "cites", node("cited", r.target or r.text)))

    # mentions of lexicon entities (industries, bodies, categories) in the text
    rows["mentions"] = _mentions(did, doc.text, lexicon)
    for m in rows["mentions"]:
        edges.append((doc_node, "mentions", m["entity_id"]))

    # search index: paragraphs and facts
    items = [_item(did, "paragraph", p, p["text"], segment) for p in rows["paragraphs"]]
    for kind in ("target", "award", "tier", "citation"):  # in the tables <kind>s
        items += [_item(did, kind, r, r["quote"], segment) for r in rows[f"{kind}s"]]
    rows["search_items"] = items

    # edges, deduplicated, in a stable order
    uniq: dict[str, dict[str, Any]] = {}
    for src, typ, dst in edges:
        eid = stable_id(src, typ, dst)
        uniq.setdefault(eid, {"id": eid, "document_id": did, "src": src, "type": typ, "dst": dst})
    rows["edges"] = list(uniq.values())

    m = doc.metadata
    rows["documents"] = [
        {
            "id": did, "file": file or Path(doc.path).name, "path": doc.path, "format": doc.format,
            "sha256": doc.sha256, "build_key": build_key, "title": m.title or title,
            "title_key": title_key(m.title or title),
            "doc_number": m.doc_number or doc_number, "issuer": m.issuer,
            "issued_on": m.issued_on.isoformat() if m.issued_on else None,
            "signed_on": m.signed_on.isoformat() if m.signed_on else None,
            "period_start": m.period.start if m.period else None,
            "period_end": m.period.end if m.period else None, "status": m.status,
            "lineage": lineage, "succeeds": succeeds, "chars": len(doc.text),
            **{f"n_{t}": len(rows[t]) for t in COUNTED},
        }
    ]  # fmt: skip
    return DocumentRecord(did, rows)


def _item(did: str, kind: str, row: dict[str, Any], text: str, segment: Segmenter) -> dict[str, Any]:
    return {
        "id": stable_id(did, "search", kind, row["id"]), "document_id": did, "kind": kind,
        "ref_id": row["id"], "text": text, "start": row["start"], "end": row["end"],
        "page": row["page"], "line": row["line"],
        "tokens": " ".join(word_tokens(text, segment)), "chars": " ".join(char_tokens(text)),
    }  # fmt: skip


def _mentions(did: str, text: str, lexicon: Iterable[LexiconEntry]) -> list[dict[str, Any]]:
    names: dict[str, str] = {}
    for e in lexicon:
        for al in (e.name, *e.aliases):
            if len(al) >= 2:
                names.setdefault(al, e.id)
    if not names:
        return []
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    found: dict[str, dict[str, Any]] = {}
    for mt in pattern.finditer(text):
        eid = names[mt.group()]
        r = found.setdefault(
            eid, {"document_id": did, "entity_id": eid, "count": 0, "first_start": mt.start()}
        )
        r["count"] += 1
    return sorted(found.values(), key=lambda r: r["entity_id"])
