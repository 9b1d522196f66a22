"""The tables of the knowledge base, each described once: columns, primary key, foreign keys, indexes.

This one description drives everything done to tables: ``Store`` creates them from it and writes
their rows with statements made from it; a document's rows are deleted from the tables that hold a
``document_id``, children first (``DOCUMENT_TABLES``), and written parents first; ``rows`` counts
them into the ``documents`` row (``COUNTED``). Every fact row keeps its quote, its ``start``/``end``
span in the document text and its source ``page``/``line`` (``_QUOTED``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SCHEMA_VERSION = 3  # a base of another version is rebuilt from scratch (it is derived data)


@dataclass(frozen=True)
class Table:
    columns: dict[str, type]
    pk: str | tuple[str, ...] = "id"
    fks: tuple[tuple[str, str, str], ...] = ()  # (column, other table, other column)
    indexes: tuple[tuple[str, ...], ...] = ()

    def insert_sql(self, name: str, replace: bool = False) -> str:
        """An INSERT of every column, in order, with one ``?`` per column."""
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        cols = ", ".join(f"[{c}]" for c in self.columns)
        return f"{verb} INTO [{name}] ({cols}) VALUES ({', '.join('?' * len(self.columns))})"

    def values(self, row: dict[str, Any]) -> tuple:
        return tuple(row.get(c) for c in self.columns)


_LOCATED = {"start": int, "end": int, "page": int, "line": int}  # span in the text, source page and line
_QUOTED = {"quote": str, **_LOCATED}
_OF_DOCUMENT = ("document_id", "documents", "id")

# tables counted into the documents row as n_<table>
COUNTED = (
    "sections", "paragraphs", "targets", "awards", "tiers", "tier_members", "citations", "search_items",
)  # fmt: skip

# declared parents first
TABLES: dict[str, Table] = {
    "documents": Table(
        {
            "id": str, "file": str, "path": str, "format": str, "sha256": str, "build_key": str,
            "title": str, "title_key": str, "doc_number": str, "issuer": str, "issued_on": str,
            "signed_on": str, "period_start": int, "period_end": int, "status": str, "lineage": str,
            "succeeds": str, "chars": int, **{f"n_{t}": int for t in COUNTED},
        },
        indexes=(("lineage",), ("doc_number",), ("title_key",), ("file",)),
    ),
    "sections": Table(
        {
            "id": str, "document_id": str, "section": str, "parent_id": str, "level": int, "number": str,
            "heading": str, "ordinal": int, "style": str, **_LOCATED,
        },
        fks=(_OF_DOCUMENT,),
        indexes=(("document_id",),),
    ),
    "paragraphs": Table(
        {"id": str, "document_id": str, "ord": int, "section_id": str, "kind": str, "text": str, **_LOCATED},
        fks=(_OF_DOCUMENT,),
        indexes=(("document_id", "ord"),),
    ),
    "targets": Table(
        {
            "id": str, "fact_id": str, "document_id": str, "section_id": str, "subject": str, "category": str,
            "value": float, "unit": str, "qualifier": str, "bound": str, "year": int, "kind": str,
            "parent_id": str, **_QUOTED,
        },
        fks=(_OF_DOCUMENT,),
        indexes=(("document_id",), ("category",), ("year",)),
    ),
    "awards": Table(
        {
            "id": str, "fact_id": str, "document_id": str, "section_id": str, "recipient": str, "trigger": str,
            "amount": float, "unit": str, "max": int, "one_off": int, "kind": str, "category": str,
            "threshold_value": float, "threshold_unit": str, "rate": float, **_QUOTED,
        },
        fks=(_OF_DOCUMENT,),
        indexes=(("document_id",), ("category",), ("recipient",), ("amount",)),
    ),
    "tiers": Table(
        {
            "id": str, "document_id": str, "section_id": str, "name": str, "rank": int, "target": float,
            "unit": str, "year": int, "next": str, "next_id": str, **_QUOTED,
        },
        fks=(_OF_DOCUMENT,),
        indexes=(("document_id",), ("name",)),
    ),
    "tier_members": Table(
        {
            "id": str, "tier_id": str, "document_id": str, "ord": int, "name": str, "category": str,
            "target": float, "unit": str,
        },
        fks=(("tier_id", "tiers", "id"), _OF_DOCUMENT),
        indexes=(("tier_id",), ("document_id",), ("category",)),
    ),
    "citations": Table(
        {
            "id": str, "document_id": str, "section_id": str, "text": str, "kind": str, "target": str,
            "target_key": str, **_QUOTED,
        },
        fks=(_OF_DOCUMENT,),
        indexes=(("document_id",), ("target",), ("target_key",)),
    ),
    "entities": Table({"id": str, "kind": str, "name": str}, indexes=(("kind", "name"),)),
    "aliases": Table(
        {"alias": str, "entity_id": str},
        pk=("alias", "entity_id"),
        fks=(("entity_id", "entities", "id"),),
        indexes=(("entity_id",),),
    ),
    "mentions": Table(
        {"document_id": str, "entity_id": str, "count": int, "first_start": int},
        pk=("document_id", "entity_id"),
        fks=(_OF_DOCUMENT, ("entity_id", "entities", "id")),
        indexes=(("entity_id",),),
    ),
    "edges": Table(
        {"id": str, "document_id": str, "src": str, "type": str, "dst": str},
        fks=(_OF_DOCUMENT,),
        # only document_id: the graph reads every edge, and each index more costs the one writer
        # five index insertions per document edge (about 40% of a document's write time)
        indexes=(("document_id",),),
    ),
    "search_items": Table(
        {
            "item": int, "id": str, "document_id": str, "kind": str, "ref_id": str, "text": str, **_LOCATED,
        },
        pk="item",
        fks=(_OF_DOCUMENT,),
        indexes=(("document_id",), ("id",)),
    ),
    "meta": Table({"key": str, "value": str}, pk="key"),
}  # fmt: skip


# Tables holding one document's rows, children first (TABLES is declared parents first, as creating
# a table with foreign keys needs): the order rows are deleted in, and reversed, written in.
DOCUMENT_TABLES = tuple(
    t for t in reversed(TABLES) if t != "documents" and "document_id" in TABLES[t].columns
)

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
