"""Read-only questions to the knowledge base: targets, awards, history, and raw SQL.

Every function takes a connection from ``connect(path)``: opened ``mode=ro`` with ``PRAGMA
query_only`` and an authorizer that denies every write, ``ATTACH`` and ``PRAGMA`` that changes
anything. User text reaches SQL only as parameters. Full-text search is in ``search.py``.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge_base.model import PolicyKBError


class QueryError(PolicyKBError):
    """A query the base refuses or cannot answer (a write in ``sql``, an unknown table, …)."""


@dataclass
class Rows:
    """A table of results: column names and rows, in order."""

    columns: list[str]
    rows: list[tuple[Any, ...]]

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]


# --- the read-only connection --------------------------------------------------------------

_ALLOWED = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}
# PRAGMAs that only read; the first group takes a table or index name as its argument
_PRAGMAS_WITH_NAME = {
    "table_info",
    "table_xinfo",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "integrity_check",
    "quick_check",
    "table_list",
}
_PRAGMAS_NO_ARG = {
    "database_list", "compile_options", "data_version", "page_count", "page_size", "freelist_count",
    "function_list", "pragma_list", "module_list", "collation_list", "schema_version", "user_version",
    "query_only", "encoding", "journal_mode",
}  # fmt: skip


def _authorize(
    action: int, arg1: str | None, arg2: str | None, dbname: str | None, source: str | None
) -> int:
    if action in _ALLOWED:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and arg1:
        name = arg1.lower()
        if name in _PRAGMAS_WITH_NAME or (name in _PRAGMAS_NO_ARG and arg2 is None):
            return sqlite3.SQLITE_OK
    # opening an FTS5 table declares its schema, which SQLite reports as an update of sqlite_master
    # (sqlite_master itself cannot be written by a statement; mode=ro and query_only stop the rest)
    if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master" and dbname == "main":
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def connect(path: str | Path) -> sqlite3.Connection:
    """Open the base read-only (URI ``mode=ro``, ``query_only``, and an authorizer denying writes)."""
    path = Path(path)
    if not path.exists():
        raise QueryError(path, "no knowledge base here: run `policykb build` first")
    if path.is_dir():
        raise QueryError(path, "a folder, not a knowledge base file (give --db a file name)")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM documents").fetchone()
    except sqlite3.DatabaseError as e:
        raise QueryError(path, f"not a policykb knowledge base: {e}") from e
    conn.set_authorizer(_authorize)
    return conn


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Rows:
    cur = conn.execute(sql, params)
    return Rows([d[0] for d in cur.description or ()], [tuple(r) for r in cur.fetchall()])


def run_sql(
    conn: sqlite3.Connection,
    sql: str,
    params: Sequence[Any] | dict[str, Any] = (),
    *,
    limit: int | None = None,
    where: str = "sql",
) -> Rows:
    """Run one read-only statement; writes, ATTACH and setting PRAGMAs are refused."""
    try:
        cur = conn.execute(sql, params)
        rows = cur.fetchmany(limit) if limit else cur.fetchall()
    except (sqlite3.DatabaseError, sqlite3.Warning) as e:
        msg = str(e)
        if any(cue in msg for cue in ("not authorized", "authorization denied", "readonly", "query_only")):
            msg = f"refused: the knowledge base is read-only here ({msg})"
        elif "one statement at a time" in msg:
            msg = "refused: one statement at a time"
        raise QueryError(where, msg) from e
    return Rows([d[0] for d in cur.description or ()], [tuple(r) for r in rows])


# --- facts -----------------------------------------------------------------------------------


def _norm(name: str) -> str:
    """A category name without quote marks or spaces, for matching what people type."""
    return re.sub(r"[\s\"'“”‘’「」『』]", "", name)


def resolve_category(conn: sqlite3.Connection, name: str) -> str | None:
    """The canonical category for ``name``: itself, an alias from the lexicon, or the same name
    written with other quote marks."""
    r = conn.execute(
        "SELECT e.name FROM aliases a JOIN entities e ON e.id = a.entity_id "
        "WHERE a.alias = ? AND e.kind = 'category'",
        [name],
    ).fetchone()
    if r:
        return r[0]
    want = _norm(name)
    names = [
        x[0]
        for x in conn.execute(
            "SELECT DISTINCT category FROM targets WHERE category IS NOT NULL "
            "UNION SELECT DISTINCT category FROM awards WHERE category IS NOT NULL "
            "UNION SELECT alias FROM aliases"
        )
    ]
    for n in names:
        if n == name or _norm(n) == want:
            r = conn.execute(
                "SELECT e.name FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.alias = ?", [n]
            ).fetchone()
            return r[0] if r else n
    return None


def _containing(text: str) -> str:
    """A LIKE pattern for text containing ``text`` (its own % and _ taken literally)."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


def _select(conn: sqlite3.Connection, select: str, where: list[tuple[str, list[Any]]], order: str) -> Rows:
    """``select`` with the conditions of ``where`` (SQL with ``?``, and its parameters) and ``order``."""
    sql = select + (" WHERE " + " AND ".join(w for w, _ in where) if where else "") + " ORDER BY " + order
    return _rows(conn, sql, [p for _, ps in where for p in ps])


def targets(
    conn: sqlite3.Connection, *, category: str | None = None, year: int | None = None, doc: str | None = None
) -> Rows:
    """Targets with their document, value and source; filtered by category, target year, document."""
    where = []
    if category:
        canon = resolve_category(conn, category) or category
        where.append(("(t.category = ? OR t.subject LIKE ? ESCAPE '\\')", [canon, _containing(category)]))
    if year is not None:
        where.append(("t.year = ?", [year]))
    if doc:
        where.append(("t.document_id = ?", [doc]))
    return _select(
        conn,
        "SELECT t.document_id, t.category, t.subject, t.value, t.unit, t.qualifier, t.year, t.kind, "
        "t.quote, t.start, t.[end], t.page, t.line FROM targets t",
        where,
        "t.document_id, t.start",
    )


def awards(
    conn: sqlite3.Connection,
    *,
    recipient: str | None = None,
    min_amount: float | None = None,
    category: str | None = None,
    doc: str | None = None,
) -> Rows:
    """Awards with amount (元), kind and source; filtered by recipient text, least amount, category."""
    where = []
    if recipient:
        where.append(
            (
                "(a.recipient LIKE ? ESCAPE '\\' OR a.category LIKE ? ESCAPE '\\')",
                [_containing(recipient)] * 2,
            )
        )
    if min_amount is not None:
        where.append(("a.amount >= ?", [min_amount]))
    if category:
        where.append(("a.category = ?", [resolve_category(conn, category) or category]))
    if doc:
        where.append(("a.document_id = ?", [doc]))
    return _select(
        conn,
        "SELECT a.document_id, a.recipient, a.category, a.kind, a.amount, a.unit, a.max, a.one_off, "
        "a.trigger, a.quote, a.start, a.[end], a.page, a.line FROM awards a",
        where,
        "a.amount DESC, a.document_id, a.start",
    )


def lineage_order(conn: sqlite3.Connection) -> dict[str, int]:
    """Position of each document in its lineage: predecessors (``succeeds``) first, then by date."""
    docs = {
        r[0]: r
        for r in conn.execute(
            "SELECT id, succeeds, coalesce(issued_on, ''), coalesce(period_start, 0) FROM documents"
        )
    }

    def depth(did: str, seen: frozenset[str] = frozenset()) -> int:
        prev = docs[did][1]
        if not prev or prev not in docs or prev in seen:
            return 0
        return 1 + depth(prev, seen | {did})

    ranked = sorted(docs, key=lambda d: (depth(d), docs[d][2], docs[d][3], d))
    return {d: i for i, d in enumerate(ranked)}


def history(conn: sqlite3.Connection, category: str) -> Rows:
    """One target category across the documents of each lineage, oldest version first."""
    canon = resolve_category(conn, category)
    if canon is None:  # part of a name (小巨人): the one category of the targets that contains it
        want = _norm(category)
        written = conn.execute(  # every category of the targets, as named and as its aliases
            "SELECT DISTINCT t.category, coalesce(a.alias, t.category) FROM targets t "
            "LEFT JOIN entities e ON e.kind = 'category' AND e.name = t.category "
            "LEFT JOIN aliases a ON a.entity_id = e.id WHERE t.category IS NOT NULL"
        )
        names = sorted({name for name, form in written if want and want in _norm(form)})
        if len(names) > 1:
            raise QueryError(category, f"several categories contain it, name one: {'; '.join(names[:8])}")
        if not names:
            raise QueryError(category, "no such category among the targets (try `policykb targets`)")
        canon = names[0]
    rows = _rows(
        conn,
        "SELECT category, lineage, document_id, title, status, year, value, unit, qualifier, kind, quote, "
        "page, line FROM target_history WHERE category = ?",
        [canon],
    )
    order = lineage_order(conn)
    li, di = rows.columns.index("lineage"), rows.columns.index("document_id")
    rows.rows.sort(key=lambda r: (r[li] or "", order.get(r[di], 0)))
    return rows


def documents(conn: sqlite3.Connection) -> Rows:
    return _rows(
        conn,
        "SELECT id, file, title, doc_number, status, lineage, succeeds, n_paragraphs, n_targets, n_awards, "
        "n_tiers, n_citations FROM documents ORDER BY id",
    )
