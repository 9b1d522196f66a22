"""Chinese full-text search over the paragraphs and facts of the knowledge base.

Search needs the same segmenter the base was indexed with; the caller passes it in (this layer
imports no NLP library). A query is split on white space into terms; all terms must match. Each term
is looked up first as a phrase of its words in the ``tokens`` column (bm25-ranked); then, while
fewer than ``limit`` hits are found, as a phrase of single characters in the ``chars`` column, which
answers one- and two-character queries, words the segmenter cut otherwise in context (专精特新
inside the lexicon word 专精特新中小企业) and names typed without their quote marks (小巨人企业 for
“小巨人”企业); and last as all the words of the terms in any order, for several words typed
without spaces (专精特新奖励). Ranking is exact for queries with up to ``RANKED_CANDIDATES`` matches;
beyond that the best of the first ones in index order. FTS5 expressions are made of quoted phrases
and passed as parameters.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge_base.rows import char_tokens, word_tokens
from knowledge_base.schema import FTS_TABLE

Segmenter = Callable[[str], Sequence[str]]

# Search ranks (bm25) the first matches in index order, up to this many: exact for every query with
# fewer matches, bounded in time for a word found in nearly every document.
RANKED_CANDIDATES = 1000


@dataclass
class SearchHit:
    kind: str  # "paragraph" | "target" | "award" | "tier" | "citation"
    document_id: str
    ref_id: str
    text: str
    start: int
    end: int
    page: int | None
    line: int | None
    score: float
    matches: list[tuple[int, int]]  # spans of the query terms within ``text``
    mode: str  # "words" (segmented index) | "chars" (single characters) | "loose" (words in any order)

    def snippet(self, open_mark: str = "[", close_mark: str = "]", width: int = 36) -> str:
        """``text`` around the first match (±``width`` characters), every match wrapped in marks."""
        return snippet(self.text, self.matches, open_mark, close_mark, width)


def _phrase(tokens: Sequence[str]) -> str:
    return '"' + " ".join(tokens).replace('"', '""') + '"'


def _terms(query: str, segment: Segmenter) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """The query's terms (split on white space), and each term's words and characters."""
    terms = [t for t in query.split() if char_tokens(t)]
    return terms, [word_tokens(t, segment) for t in terms], [char_tokens(t) for t in terms]


def fts_queries(query: str, segment: Segmenter) -> tuple[str | None, str | None, list[str]]:
    """The FTS5 expressions for the ``tokens`` and ``chars`` columns, and the query's terms."""
    terms, words, chars = _terms(query, segment)
    if not terms:
        return None, None, []
    w = " AND ".join(_phrase(x) for x in words) if all(words) else None
    c = " AND ".join(_phrase(x) for x in chars)
    return (f"tokens : ({w})" if w else None), f"chars : ({c})", terms


def _loose_query(words: list[list[str]]) -> str | None:
    """Every word of every term, in any order: for a term of several words typed without spaces
    (专精特新奖励); None when no term has more than one word."""
    if not all(words) or all(len(w) == 1 for w in words):
        return None
    return "tokens : (" + " AND ".join(_phrase([w]) for ws in words for w in dict.fromkeys(ws)) + ")"


def search(
    conn: sqlite3.Connection,
    query: str,
    segment: Segmenter,
    *,
    limit: int = 20,
    kinds: Sequence[str] | None = None,
    document: str | None = None,
) -> list[SearchHit]:
    """Paragraphs and facts matching every term of ``query``, best first (bm25), with match spans.

    Modes, each tried while fewer than ``limit`` hits are found: ``words`` (each term a phrase of
    its words), ``chars`` (each term a phrase of its characters, punctuation between them ignored),
    ``loose`` (every word of every term, in any order)."""
    words_q, chars_q, terms = fts_queries(query, segment)
    if not terms:
        return []
    _, words, _ = _terms(query, segment)
    filters, params = [], []
    if kinds:
        filters.append(f"kind IN ({','.join('?' * len(kinds))})")
        params += list(kinds)
    if document:
        filters.append("document_id = ?")
        params.append(document)
    where = f" AND rowid IN (SELECT item FROM search_items WHERE {' AND '.join(filters)})" if filters else ""
    # bm25 costs a few microseconds per matching row: rank at most RANKED_CANDIDATES of them
    sql = (
        f"SELECT i.item, i.kind, i.document_id, i.ref_id, i.text, i.start, i.[end], i.page, i.line, c.score "
        f"FROM (SELECT rowid AS rid, bm25([{FTS_TABLE}]) AS score FROM [{FTS_TABLE}] "
        f"      WHERE [{FTS_TABLE}] MATCH ?{where} LIMIT {RANKED_CANDIDATES}) c "
        f"JOIN search_items i ON i.item = c.rid ORDER BY c.score LIMIT ?"
    )
    hits: list[SearchHit] = []
    seen: set[int] = set()
    clauses: set[tuple[str, int, int]] = set()  # two facts of one clause (分别…) are one hit
    for mode, q in (("words", words_q), ("chars", chars_q), ("loose", _loose_query(words))):
        if q is None or len(hits) >= limit:
            continue
        for r in conn.execute(sql, [q, *params, 2 * limit + len(seen)]):
            if r[0] in seen or (r[2], r[5], r[6]) in clauses:
                continue
            seen.add(r[0])
            clauses.add((r[2], r[5], r[6]))
            matches = _find(r[4], terms, words)
            hits.append(SearchHit(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], -r[9], matches, mode))
            if len(hits) >= limit:
                break
    return hits


def _find(text: str, terms: Sequence[str], words: Sequence[Sequence[str]]) -> list[tuple[int, int]]:
    """Where the terms are in ``text``: each as written, else its characters with punctuation
    between them (小巨人企业 in 小巨人”企业), else each of its words."""
    spans: list[tuple[int, int]] = []
    for term, ws in zip(terms, words, strict=True):
        spaced = r"[\W_]*".join(re.escape(c) for c in char_tokens(term))
        for patterns in ([re.escape(term)], [spaced], [re.escape(w) for w in ws]):
            found = [(m.start(), m.end()) for p in patterns for m in re.finditer(p, text)]
            if found:
                spans += found
                break
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def snippet(
    text: str,
    matches: Sequence[tuple[int, int]],
    open_mark: str = "[",
    close_mark: str = "]",
    width: int = 36,
    escape: Callable[[str], str] = str,
) -> str:
    """A window of about ``3 * width`` characters of ``text``, placed where it holds the most matches,
    with every match inside it marked."""
    span = 3 * width
    best, lo = -1, 0
    for s0, _ in matches or [(0, 0)]:
        start = max(0, s0 - width)
        n = sum(1 for s, e in matches if start <= s and e <= start + span)
        if n > best:
            best, lo = n, start
    hi = min(len(text), lo + span)
    lo = max(0, min(lo, hi - span))
    out, pos = [], lo
    for s, e in matches:
        if e <= lo or s >= hi:
            continue
        s, e = max(s, lo), min(e, hi)
        out += [escape(text[pos:s]), open_mark, escape(text[s:e]), close_mark]
        pos = e
    out.append(escape(text[pos:hi]))
    return ("…" if lo > 0 else "") + "".join(out) + ("…" if hi < len(text) else "")
