"""The knowledge base on disk: SQLite through sqlite-utils — schema, one-transaction writes, search index.

``Store.write(record)`` takes the rows ``rows.document_record`` made of one document and replaces that
document's rows whole, in ONE transaction that includes its ``documents`` row: a crash leaves the
previous state of the document or the new one, never half. WAL journal: readers never block the
builder. The tables, their keys and indexes are described once, in ``schema.py``.

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
from knowledge_base.rows import DocumentRecord, LexiconEntry
from knowledge_base.schema import DOCUMENT_TABLES, FTS_SQL, FTS_TABLE, SCHEMA_VERSION, TABLES, VIEWS


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
        missing = [t for t in TABLES if t not in existing]
        if not missing and FTS_TABLE in existing and set(VIEWS) <= set(db.view_names()):
            return
        with db.atomic():
            for name in missing:
                spec = TABLES[name]
                db[name].create(spec.columns, pk=spec.pk, foreign_keys=list(spec.fks))
                for cols in spec.indexes:
                    db[name].create_index(list(cols), if_not_exists=True)
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
        # plain executemany with statements made from TABLES: the builder's one writing process is the
        # bottleneck of a parallel build, so it does no per-row work it can avoid
        conn = self.db.conn
        documents = TABLES["documents"]
        conn.execute(documents.insert_sql("documents", replace=True), documents.values(record.document))
        items = record.rows.get("search_items") or []
        if items:  # numbered after the items of the base: the number is the FTS5 rowid
            first = conn.execute("SELECT coalesce(max(item), 0) + 1 FROM search_items").fetchone()[0]
            items = [{**it, "item": first + k} for k, it in enumerate(items)]
        for t in reversed(DOCUMENT_TABLES):  # parents before children: tiers before their members
            rows = items if t == "search_items" else record.rows.get(t)
            if rows:
                conn.executemany(TABLES[t].insert_sql(t), [TABLES[t].values(r) for r in rows])
        if items:
            conn.executemany(
                f"INSERT INTO [{FTS_TABLE}] (rowid, tokens, chars) VALUES (?, ?, ?)",
                [(it["item"], it["tokens"], it["chars"]) for it in items],
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
