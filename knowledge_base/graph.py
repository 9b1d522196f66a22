"""The knowledge graph: a networkx ``MultiDiGraph`` built from the store, and its exports.

Nodes are named ``<kind>:<key>``: ``document:tz-2019-58``, ``section:<row id>``, ``target:<row id>``,
``award:…``, ``tier:…``, ``category:<canonical name>``, ``industry:…``, ``body:…``, ``member:<name>``
(a tier member that is not a known category) and ``cited:<document number or title>``. Every node has
``kind`` and ``label``; fact nodes carry their value, quote and source line (a target's or award's
own kind — level, 奖励 … — is ``fact_kind``).

Edges are typed (the edge key and its ``type`` attribute): ``has_section`` (document→section,
section→section), ``states`` (section→fact), ``in_category`` (target/award→category), ``part_of``
(target→its 其中 total), ``has_member`` (tier→member), ``next_tier`` (tier→next tier), ``mentions``
(document→industry/body/category), ``cites`` (document→cited, and document→document when the cited
number or title is a document of the base), ``succeeds`` (document→the version it replaces) and
``revises`` (target→the target of the same category in the predecessor document).
"""

from __future__ import annotations

import json
import math
import sqlite3
from html import escape
from pathlib import Path
from typing import Any

import networkx as nx

FORMATS = ("graphml", "json", "gexf")
MAX_EDGE_LABELS = 20  # an SVG picture writes the type on each edge up to this many edges

# table -> (node kind, attribute columns); labels are made by ``_label``
_FACT_NODES = {
    "documents": ("document", ["title", "doc_number", "status", "lineage", "file"]),
    "sections": ("section", ["document_id", "number", "heading", "level", "page", "line"]),
    "targets": ("target", ["document_id", "category", "subject", "qualifier", "value", "unit", "year", "kind",
                           "quote", "page", "line"]),
    "awards": ("award", ["document_id", "recipient", "category", "amount", "unit", "kind", "quote", "page",
                         "line"]),
    "tiers": ("tier", ["document_id", "name", "rank", "target", "unit", "year", "quote", "page", "line"]),
}  # fmt: skip


def _num(v: Any) -> str:
    if v is None:
        return ""
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _label(kind: str, key: str, a: dict[str, Any]) -> str:
    """A short human label: the title, ``一、总体要求``, ``<category> 20家以上 @2025``, ``<recipient> 1000000元``."""
    if kind == "document":
        return a.get("title") or key
    if kind == "section":
        return f"{a.get('number') or ''}{a.get('heading') or ''}".strip() or key
    if kind == "target":
        what = a.get("category") or a.get("subject") or ""
        year = f" @{a['year']}" if a.get("year") else ""
        return f"{what} {_num(a.get('value'))}{a.get('unit') or ''}{a.get('qualifier') or ''}{year}".strip()
    if kind == "award":
        return f"{a.get('recipient') or ''} {_num(a.get('amount'))}{a.get('unit') or ''}".strip()
    return a.get("name") or key


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    """GraphML and GEXF take no None: leave such attributes out."""
    return {k: v for k, v in attrs.items() if v is not None}


def build_graph(conn: sqlite3.Connection) -> nx.MultiDiGraph:
    """The whole graph of the base (read-only: any connection from ``query.connect`` will do)."""
    g = nx.MultiDiGraph()
    for table, (kind, cols) in _FACT_NODES.items():
        names = ["fact_kind" if c == "kind" else c for c in cols]  # "kind" is the node's kind
        for r in conn.execute(f"SELECT id, {', '.join(f'[{c}]' for c in cols)} FROM [{table}]"):
            attrs = _clean(dict(zip(names, r[1:], strict=True)))
            g.add_node(f"{kind}:{r[0]}", kind=kind, label=_label(kind, r[0], attrs), **attrs)
    for eid, name, kind in conn.execute("SELECT id, name, kind FROM entities"):
        g.add_node(eid, kind=kind, label=name)

    def ensure(n: str) -> None:
        if n not in g:
            kind, _, key = n.partition(":")
            g.add_node(n, kind=kind, label=key)

    for src, typ, dst, did in conn.execute("SELECT src, type, dst, document_id FROM edges ORDER BY rowid"):
        ensure(src)
        ensure(dst)
        g.add_edge(src, dst, key=typ, type=typ, document=did)

    # across documents: lineage, resolved citations, target revisions
    for did, prev in conn.execute("SELECT id, succeeds FROM documents WHERE succeeds IS NOT NULL"):
        if f"document:{prev}" in g:
            g.add_edge(f"document:{did}", f"document:{prev}", key="succeeds", type="succeeds")
    for citing, cited in conn.execute("SELECT DISTINCT citing_id, cited_id FROM citation_links"):
        g.add_edge(f"document:{citing}", f"document:{cited}", key="cites", type="cites")
    revisions = conn.execute(
        "SELECT n.id, o.id, n.kind = o.kind FROM documents d "
        "JOIN targets n ON n.document_id = d.id "
        "JOIN targets o ON o.document_id = d.succeeds AND o.category = n.category "
        "WHERE d.succeeds IS NOT NULL AND n.category IS NOT NULL"
    ).fetchall()
    same_kind = {new for new, _old, same in revisions if same}
    for new, old, same in revisions:
        if same or new not in same_kind:
            g.add_edge(f"target:{new}", f"target:{old}", key="revises", type="revises")
    return g


def find_node(g: nx.MultiDiGraph, name: str) -> str | None:
    """A node by its name (``category:…``), its key (``tz-2019-58``) or its label."""
    if name in g:
        return name
    for n in g:
        if n.partition(":")[2] == name:
            return n
    for n, label in g.nodes(data="label"):
        if label == name:
            return n
    norm = _squash(name)
    for n, label in g.nodes(data="label"):
        if label and _squash(str(label)) == norm:
            return n
    return None


def _squash(s: str) -> str:
    return "".join(ch for ch in s if ch not in " \"'“”‘’「」")


def neighbourhood(g: nx.MultiDiGraph, center: str, depth: int = 1) -> nx.MultiDiGraph:
    """The subgraph of nodes within ``depth`` edges of ``center`` (either direction)."""
    nodes = set(nx.single_source_shortest_path_length(g.to_undirected(as_view=True), center, cutoff=depth))
    return g.subgraph(nodes).copy()


def export(g: nx.MultiDiGraph, fmt: str, path: str | Path) -> Path:
    """Write ``g`` as GraphML, node-link JSON or GEXF."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(g, path)
    elif fmt == "gexf":
        nx.write_gexf(g, path)
    elif fmt == "json":
        data = nx.node_link_data(g, edges="edges")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        raise ValueError(f"unknown graph format {fmt!r}: use one of {', '.join(FORMATS)}")
    return path


_COLORS = {
    "document": "#1f77b4", "section": "#aec7e8", "target": "#2ca02c", "award": "#d62728", "tier": "#9467bd",
    "category": "#ff7f0e", "industry": "#8c564b", "body": "#e377c2", "member": "#bcbd22", "cited": "#7f7f7f",
}  # fmt: skip


def to_svg(g: nx.MultiDiGraph, center: str, size: int = 1100) -> str:
    """A self-contained SVG picture: ``center`` in the middle, its neighbours on a circle around it."""
    others = sorted((n for n in g if n != center), key=lambda n: (g.nodes[n].get("kind", ""), n))
    c = size / 2
    radius = size / 2 - 240
    pos = {center: (c, c)}
    for i, n in enumerate(others):
        a = 2 * math.pi * i / max(len(others), 1) - math.pi / 2
        pos[n] = (c + radius * math.cos(a), c + radius * math.sin(a))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}" '
        'font-family="Noto Sans CJK SC, sans-serif" font-size="11">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#999"/></marker></defs>',
        f'<rect width="{size}" height="{size}" fill="white"/>',
    ]
    for u, v, typ in g.edges(keys=True):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        # stop the arrow at the target circle
        d = math.hypot(x2 - x1, y2 - y1) or 1
        r = 12 if v == center else 7
        x2e, y2e = x2 - (x2 - x1) * r / d, y2 - (y2 - y1) * r / d
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2e:.1f}" y2="{y2e:.1f}" stroke="#999" '
            f'marker-end="url(#arrow)"><title>{escape(typ)}</title></line>'
        )
        if (
            g.number_of_edges() <= MAX_EDGE_LABELS
        ):  # beyond that the labels hide each other (hover shows them)
            out.append(
                f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2:.1f}" fill="#666" font-size="9" '
                f'text-anchor="middle">{escape(typ)}</text>'
            )
    for n, (x, y) in pos.items():
        kind = g.nodes[n].get("kind", "")
        label = str(g.nodes[n].get("label") or n)
        short = label if len(label) <= 24 else label[:23] + "…"
        r = 12 if n == center else 7
        anchor = "middle" if n == center else ("start" if x >= c else "end")
        dx = 0 if n == center else (10 if x >= c else -10)
        dy = -16 if n == center else 4
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{_COLORS.get(kind, "#17becf")}">'
            f"<title>{escape(n)}: {escape(label)}</title></circle>"
        )
        out.append(f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">{escape(short)}</text>')
    out.append("</svg>")
    return "\n".join(out)
