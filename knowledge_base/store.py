"""The knowledge base on disk: SQLite through sqlite-utils — schema, one-transaction writes, search index.

``Store.write(record)`` takes the rows ``rows.document_record`` made of one document and replaces that
document's rows whole, in ONE transaction that includes its ``documents`` row: a crash leaves the
previous state of the document or the new one, never half. WAL journal: readers never block the
builder. Tables have primary and foreign keys and indexes on what the queries filter by.

Chinese full-text search: FTS5 cannot segment Chinese (its default tokenizer takes a run of Han
characters as one token, and trigram cannot match one- or two-character queries), so the FTS5 table
``search_fts`` indexes two pre-tokenized columns made by ``rows``: ``tokens`` (segmenter words) and
``chars`` (single characters), so that any string — 奖 or 奖励 — is a phrase query there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from knowledge_base.model import PolicyKBError
from knowledge_base.rows import DOCUMENT_TABLES, DocumentRecord, LexiconEntry

SCHEMA_VERSION = 3  # a base of another version is rebuilt from scratch (it is derived data)

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
        # only document_id: the graph reads every edge, and each index more costs the one writer
        # five index insertions per document edge (about 40% of a document's write time)
        "indexes": [["document_id"]],
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


def _insert_sql(table: str, rows: list[dict[str, Any]], replace: bool = False) -> tuple[str, list[tuple]]:
    """An INSERT for ``table`` over the columns of ``SCHEMA`` and the rows as tuples in that order."""
    cols = list(SCHEMA[table]["columns"])
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    sql = f"{verb} INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) VALUES ({', '.join('?' * len(cols))})"
    if len(rows) == 1 and replace:
        return sql, tuple(rows[0].get(c) for c in cols)
    return sql, [tuple(r.get(c) for c in cols) for r in rows]


class StoreError(PolicyKBError):
    """The knowledge base file cannot be opened or is not a policykb base."""


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
        # plain executemany with statements made from SCHEMA: the builder's one writing process is the
        # bottleneck of a parallel build, so it does no per-row work it can avoid
        conn = self.db.conn
        conn.execute(*_insert_sql("documents", [record.document], replace=True))
        # parents before children: tiers before their members
        for t in reversed(DOCUMENT_TABLES):
            rows = record.rows.get(t) or []
            if rows and t != "search_items":
                conn.executemany(*_insert_sql(t, rows))
        items = record.rows.get("search_items") or []
        if items:
            first = conn.execute("SELECT coalesce(max(item), 0) + 1 FROM search_items").fetchone()[0]
            numbered = [{**it, "item": first + k} for k, it in enumerate(items)]
            conn.executemany(*_insert_sql("search_items", numbered))
            conn.executemany(
                f"INSERT INTO [{FTS_TABLE}] (rowid, tokens, chars) VALUES (?, ?, ?)",
                [(it["item"], it["tokens"], it["chars"]) for it in numbered],
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
