"""The knowledge base on disk: SQLite through sqlite-utils — schema, one-transaction writes, search index.

Two halves, so that extraction can run in worker processes while only one process writes:

* ``document_record(facts, ...)`` turns one document's ``Facts`` into rows for every table (a pure
  function: no I/O). Rows are made from the model here and nowhere else.
* ``Store.write(record)`` replaces that document's rows whole, in ONE transaction that includes its
  ``documents`` row: a crash leaves the previous state of the document or the new one, never half.

Every fact row keeps its ``quote``, its ``start``/``end`` span in the document text and its source
``page``/``line``. Row ids derive from content (``stable_id`` of the document id and the fact), so a
rebuild updates rows instead of duplicating them.

Chinese full-text search: FTS5 cannot segment Chinese (its default tokenizer takes a run of Han
characters as one token, and trigram cannot match one- or two-character queries), so each searchable
text is stored twice, pre-tokenized: ``tokens`` holds the words of the injected ``segment`` callable
(jieba with the lexicon as user dictionary) joined by spaces; ``chars`` holds every Han character as
its own token (runs of Latin letters and digits stay whole), so any string — 奖 or 奖励 — is a phrase
query there. This module imports no segmenter: the caller passes one in.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge_base.model import Document, Facts, PolicyKBError, Span, stable_id

Segmenter = Callable[[str], Sequence[str]]

SCHEMA_VERSION = 2  # a base of another version is rebuilt from scratch (it is derived data)

# table -> (columns, primary key, foreign keys, indexes). Foreign keys: (column, table, column).
SCHEMA: dict[str, dict[str, Any]] = {
    "documents": {
        "columns": {
            "id": str,
            "file": str,
            "path": str,
            "format": str,
            "sha256": str,
            "build_key": str,
            "title": str,
            "title_key": str,
            "doc_number": str,
            "issuer": str,
            "issued_on": str,
            "signed_on": str,
            "period_start": int,
            "period_end": int,
            "status": str,
            "lineage": str,
            "succeeds": str,
            "chars": int,
            "n_sections": int,
            "n_paragraphs": int,
            "n_targets": int,
            "n_awards": int,
            "n_tiers": int,
            "n_tier_members": int,
            "n_citations": int,
            "n_search_items": int,
        },
        "pk": "id",
        "fks": [],
        "indexes": [["lineage"], ["doc_number"], ["title_key"], ["file"]],
    },
    "sections": {
        "columns": {
            "id": str,
            "document_id": str,
            "section": str,
            "parent_id": str,
            "level": int,
            "number": str,
            "heading": str,
            "ordinal": int,
            "style": str,
            "start": int,
            "end": int,
            "page": int,
            "line": int,
        },
        "pk": "id",
        "fks": [("document_id", "documents", "id")],
        "indexes": [["document_id"]],
    },
    "paragraphs": {
        "columns": {
            "id": str,
            "document_id": str,
            "ord": int,
            "section_id": str,
            "kind": str,
            "text": str,
            "start": int,
            "end": int,
            "page": int,
            "line": int,
        },
        "pk": "id",
        "fks": [("document_id", "documents", "id")],
        "indexes": [["document_id", "ord"]],
    },
    "targets": {
        "columns": {
            "id": str,
            "fact_id": str,
            "document_id": str,
            "section_id": str,
            "subject": str,
            "category": str,
            "value": float,
            "unit": str,
            "qualifier": str,
            "bound": str,
            "year": int,
            "kind": str,
            "parent_id": str,
            "quote": str,
            "start": int,
            "end": int,
            "page": int,
            "line": int,
        },
        "pk": "id",
        "fks": [("document_id", "documents", "id")],
        "indexes": [["document_id"], ["category"], ["year"]],
    },
    "awards": {
        "columns": {
            "id": str,
            "fact_id": str,
            "document_id": str,
            "section_id": str,
            "recipient": str,
            "trigger": str,
            "amount": float,
            "unit": str,
            "max": int,
            "one_off": int,
            "kind": str,
            "category": str,
            "threshold_value": float,
            "threshold_unit": str,
            "rate": float,
            "quote": str,
            "start": int,
            "end": int,
            "page": int,
            "line": int,
        },
        "pk": "id",
        "fks": [("document_id", "documents", "id")],
        "indexes": [["document_id"], ["category"], ["recipient"], ["amount"]],
    },
    "tiers": {
        "columns": {
            "id": str,
            "document_id": str,
            "section_id": str,
            "name": str,
            "rank": int,
            "target": float,
            "unit": str,
            "year": int,
            "next": str,
            "next_id": str,
            "quote": str,
            "start": int,
            "end": int,
            "page": int,
            "line": int,
        },
        "pk": "id",
        "fks": [("document_id", "documents", "id")],
        "indexes": [["document_id"], ["name"]],
    },
    "tier_members": {
        "columns": {
            "id": str,
            "tier_id": str,
            "document_id": str,
            "ord": int,
            "name": str,
            "category": str,
            "target": float,
            "unit": str,
        },
        "pk": "id",
        "fks": [("tier_id", "tiers", "id"), ("document_id", "documents", "id")],
        "indexes": [["tier_id"], ["document_id"], ["category"]],
    },
    "citations": {
        "columns": {
            "id": str,
            "document_id": str,
            "section_id": str,
            "text": str,
            "kind": str,
            "target": str,
            "target_key": str,
            "quote": str,
            "start": int,
            "end": int,
            "page": int,
            "line": int,
        },
        "pk": "id",
        "fks": [("document_id", "documents", "id")],
        "indexes": [["document_id"], ["target"], ["target_key"]],
    },
    "entities": {
        "columns": {"id": str, "kind": str, "name": str},
        "pk": "id",
        "fks": [],
        "indexes": [["kind", "name"]],
    },
    "aliases": {
        "columns": {"alias": str, "entity_id": str},
        "pk": ("alias", "entity_id"),
        "fks": [("entity_id", "entities", "id")],
        "indexes": [["entity_id"]],
    },
    "mentions": {
        "columns": {"document_id": str, "entity_id": str, "count": int, "first_start": int},
        "pk": ("document_id", "entity_id"),
        "fks": [("document_id", "documents", "id"), ("entity_id", "entities", "id")],
        "indexes": [["entity_id"]],
    },
    "edges": {
        "columns": {"id": str, "document_id": str, "src": str, "type": str, "dst": str},
        "pk": "id",
        "fks": [("document_id", "documents", "id")],
        "indexes": [["document_id"], ["src"], ["dst"], ["type"]],
    },
    "search_items": {
        "columns": {
            "item": int,
            "id": str,
            "document_id": str,
            "kind": str,
            "ref_id": str,
            "text": str,
            "start": int,
            "end": int,
            "page": int,
            "line": int,
        },
        "pk": "item",
        "fks": [("document_id", "documents", "id")],
        "indexes": [["document_id"], ["id"]],
    },
    "meta": {"columns": {"key": str, "value": str}, "pk": "key", "fks": [], "indexes": []},
}

# Tables holding one document's rows, children first (the order rows are deleted in).
DOCUMENT_TABLES = (
    "search_items", "edges", "mentions", "tier_members", "tiers", "citations", "awards", "targets",
    "paragraphs", "sections",
)  # fmt: skip

FTS_TABLE = "search_fts"
FTS_SQL = f"CREATE VIRTUAL TABLE IF NOT EXISTS [{FTS_TABLE}] USING fts5(tokens, chars)"

VIEWS = {
    # every target with its document and lineage, in the order history is read
    "target_history": """
        SELECT t.category, d.lineage, d.id AS document_id, d.title, d.doc_number, d.status,
               d.issued_on, d.period_start, d.period_end, t.year, t.value, t.unit, t.qualifier,
               t.bound, t.kind, t.quote, t.page, t.line, t.id AS target_id
        FROM targets t JOIN documents d ON d.id = t.document_id
        WHERE t.category IS NOT NULL""",
    # a citation that names a document of the base, by document number or title
    "citation_links": """
        SELECT c.document_id AS citing_id, d.id AS cited_id, c.text, c.kind, c.quote, c.page, c.line
        FROM citations c JOIN documents d
          ON d.id != c.document_id
         AND (d.doc_number = c.target OR d.doc_number = c.text OR d.title_key = c.target_key)""",
}

_TITLE_NOISE = re.compile(r"[\s《》〈〉]")
_CHAR_TOKENS = re.compile(r"[0-9A-Za-z]+|[^\W_]")
_WORDY = re.compile(r"[^\W_]")


class StoreError(PolicyKBError):
    """The knowledge base file cannot be opened or is not a policykb base."""


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


def _src(doc: Document, span: Span, source=None) -> tuple[int | None, int | None]:
    s = source if source is not None else doc.source_at(span.start)
    return s.page, s.line


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
    sec_row: dict[str, str] = {}
    for s in doc.sections:
        sec_row[s.id] = _unique(seen, stable_id(did, "section", s.id))
    for s in doc.sections:
        page, line = _src(doc, s.heading_span)
        rid = sec_row[s.id]
        parent = sec_row.get(s.parent) if s.parent else None
        rows["sections"].append(
            {
                "id": rid, "document_id": did, "section": s.id, "parent_id": parent, "level": s.level,
                "number": s.number, "heading": s.heading, "ordinal": s.ordinal, "style": s.style,
                "start": s.span.start, "end": s.span.end, "page": page, "line": line,
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
                "start": p.span.start, "end": p.span.end, "page": p.source.page, "line": p.source.line,
            }
        )  # fmt: skip

    # targets
    target_row: dict[str, str] = {}
    for t in facts.targets:
        target_row[t.id] = _unique(seen, stable_id(did, "target", t.id))
    for t in facts.targets:
        rid = target_row[t.id]
        sid = section_of(t.section, t.span)
        page, line = _src(doc, t.span, t.source)
        parent = target_row.get(t.parent) if t.parent else None
        rows["targets"].append(
            {
                "id": rid, "fact_id": t.id, "document_id": did, "section_id": sid, "subject": t.subject,
                "category": t.category, "value": t.value, "unit": t.unit, "qualifier": t.qualifier,
                "bound": t.bound, "year": t.year, "kind": t.kind, "parent_id": parent, "quote": t.quote,
                "start": t.span.start, "end": t.span.end, "page": page, "line": line,
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
        page, line = _src(doc, a.span, a.source)
        rows["awards"].append(
            {
                "id": rid, "fact_id": a.id, "document_id": did, "section_id": sid,
                "recipient": a.recipient, "trigger": a.trigger, "amount": a.amount, "unit": a.unit,
                "max": int(bool(a.max)), "one_off": int(bool(a.one_off)), "kind": a.kind,
                "category": a.category,
                "threshold_value": a.threshold.value if a.threshold else None,
                "threshold_unit": a.threshold.unit if a.threshold else None, "rate": a.rate,
                "quote": a.quote, "start": a.span.start, "end": a.span.end, "page": page, "line": line,
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
        page, line = _src(doc, t.span)
        next_id = tier_row.get(t.next) if t.next else None
        rows["tiers"].append(
            {
                "id": rid, "document_id": did, "section_id": sid, "name": t.name, "rank": t.rank,
                "target": t.target, "unit": t.unit, "year": t.year, "next": t.next, "next_id": next_id,
                "quote": t.quote, "start": t.span.start, "end": t.span.end, "page": page, "line": line,
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
        rid = _unique(seen, stable_id(did, "citation", r.span.start, r.text))
        page, line = _src(doc, r.span)
        sid = section_of(None, r.span)
        rows["citations"].append(
            {
                "id": rid, "document_id": did, "section_id": sid, "text": r.text, "kind": r.kind,
                "target": r.target, "target_key": title_key(r.target or r.text), "quote": r.quote, "start": r.span.start, "end": r.span.end,
                "page": page, "line": line,
            }
        )  # fmt: skip
        edges.append((doc_node, "cites", node("cited", r.target or r.text)))

    # mentions of lexicon entities (industries, bodies, categories) in the text
    rows["mentions"] = _mentions(did, doc.text, lexicon)
    for m in rows["mentions"]:
        edges.append((doc_node, "mentions", m["entity_id"]))

    # search index: paragraphs and facts
    items: list[dict[str, Any]] = []
    for p in rows["paragraphs"]:
        items.append(_item(did, "paragraph", p, p["text"], segment))
    for kind, table in (
        ("target", "targets"),
        ("award", "awards"),
        ("tier", "tiers"),
        ("citation", "citations"),
    ):
        for r in rows[table]:
            items.append(_item(did, kind, r, r["quote"], segment))
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
            "n_sections": len(rows["sections"]), "n_paragraphs": len(rows["paragraphs"]),
            "n_targets": len(rows["targets"]), "n_awards": len(rows["awards"]),
            "n_tiers": len(rows["tiers"]), "n_tier_members": len(rows["tier_members"]),
            "n_citations": len(rows["citations"]), "n_search_items": len(items),
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


# --- the store -----------------------------------------------------------------------------


class Store:
    """A policykb SQLite base opened for writing (WAL journal: readers never block the builder)."""

    def __init__(self, path: str | Path):
        import sqlite_utils

        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(str(self.path))
            self.db = sqlite_utils.Database(conn)
            if self.db.journal_mode != "wal":
                self.db.enable_wal()
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            self.ensure_schema()
        except sqlite3.DatabaseError as e:
            raise StoreError(self.path, f"not a usable SQLite knowledge base: {e}") from e

    # schema
    def ensure_schema(self) -> None:
        """Create missing tables, indexes, the FTS table and views (a no-op on a current base)."""
        db = self.db
        existing = set(db.table_names())
        if "meta" in existing:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if not row or row[0] != str(SCHEMA_VERSION):
                self._drop_all()
                existing = set(db.table_names())
        missing = [t for t in SCHEMA if t not in existing]
        if not missing and FTS_TABLE in existing and set(VIEWS) <= set(db.view_names()):
            return
        with db.atomic():
            for name in SCHEMA:
                if name in existing:
                    continue
                spec = SCHEMA[name]
                db[name].create(spec["columns"], pk=spec["pk"], foreign_keys=spec["fks"])
                for cols in spec["indexes"]:
                    db[name].create_index(cols, if_not_exists=True)
            db.execute(FTS_SQL)
            for vname, sql in VIEWS.items():
                db.execute(f"CREATE VIEW IF NOT EXISTS [{vname}] AS {sql}")
            db["meta"].upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")

    def _drop_all(self) -> None:
        self.db.execute("PRAGMA foreign_keys = OFF")  # (no effect inside a transaction)
        with self.db.atomic():
            for v in self.db.view_names():
                self.db.execute(f"DROP VIEW [{v}]")
            self.db.execute(f"DROP TABLE IF EXISTS [{FTS_TABLE}]")
            for t in self.db.table_names():
                if not t.startswith(FTS_TABLE):
                    self.db.execute(f"DROP TABLE IF EXISTS [{t}]")
        self.db.execute("PRAGMA foreign_keys = ON")

    # reading what is there
    def known(self) -> dict[str, dict[str, Any]]:
        """Every document row's id, file, sha256 and build key, by id."""
        return {r["id"]: r for r in self.db.query("SELECT id, file, path, sha256, build_key FROM documents")}

    @property
    def total_changes(self) -> int:
        return self.db.conn.total_changes

    # writing
    def write(self, record: DocumentRecord) -> None:
        """Replace one document's rows whole, in one transaction (its ``documents`` row included)."""
        with self.db.atomic():
            self._delete_rows(record.document_id)
            self._insert(record)

    def delete(self, document_id: str) -> None:
        """Remove a document and every row that belongs to it, in one transaction."""
        with self.db.atomic():
            self._delete_rows(document_id)
            self.db.execute("DELETE FROM documents WHERE id = ?", [document_id])

    def _delete_rows(self, did: str) -> None:
        ex = self.db.execute
        ex(
            f"DELETE FROM [{FTS_TABLE}] WHERE rowid IN (SELECT item FROM search_items WHERE document_id = ?)",
            [did],
        )
        for t in DOCUMENT_TABLES:
            ex(f"DELETE FROM [{t}] WHERE document_id = ?", [did])

    def _insert(self, record: DocumentRecord) -> None:
        db = self.db
        db["documents"].insert(record.document, replace=True)
        # parents before children: a section's parent is an earlier section, tiers before members
        for t in reversed(DOCUMENT_TABLES):
            rows = record.rows.get(t) or []
            if not rows or t == "search_items":
                continue
            db[t].insert_all(rows)
        conn = db.conn
        for it in record.rows.get("search_items", []):
            cols = {k: v for k, v in it.items() if k not in ("tokens", "chars")}
            cur = conn.execute(
                "INSERT INTO search_items (id, document_id, kind, ref_id, text, start, [end], page, line) "
                "VALUES (:id, :document_id, :kind, :ref_id, :text, :start, :end, :page, :line)",
                cols,
            )
            conn.execute(
                f"INSERT INTO [{FTS_TABLE}] (rowid, tokens, chars) VALUES (?, ?, ?)",
                (cur.lastrowid, it["tokens"], it["chars"]),
            )

    def set_lexicon(self, entries: Iterable[LexiconEntry], fingerprint: str) -> bool:
        """Replace entities and aliases when the lexicon changed; True if anything was written."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'lexicon'").fetchone()
        if row and row[0] == fingerprint:
            return False
        entries = list(entries)
        with self.db.atomic():
            self.db.execute("DELETE FROM aliases")
            self.db.execute("DELETE FROM entities WHERE id NOT IN (SELECT entity_id FROM mentions)")
            self.db["entities"].insert_all(
                [{"id": e.id, "kind": e.kind, "name": e.name} for e in entries], replace=True
            )
            self.db["aliases"].insert_all(
                [
                    {"alias": al, "entity_id": e.id}
                    for e in entries
                    for al in dict.fromkeys((e.name, *e.aliases))
                ],
                replace=True,
            )
            self.db["meta"].upsert({"key": "lexicon", "value": fingerprint}, pk="key")
        return True

    def counts(self, document_id: str) -> dict[str, int]:
        """Rows held for one document, per table."""
        return {
            t: self.db.execute(f"SELECT count(*) FROM [{t}] WHERE document_id = ?", [document_id]).fetchone()[
                0
            ]
            for t in DOCUMENT_TABLES
        }

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
