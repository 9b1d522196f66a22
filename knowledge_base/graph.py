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

from knowledge_base.model import PolicyKBError

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
    found = candidates(g, name)
    return found[0] if len(found) == 1 else None


_NAMED = ("category", "document", "tier", "industry", "body", "member", "cited")  # not facts or sections


def candidates(g: nx.MultiDiGraph, name: str) -> list[str]:
    """Named nodes (categories, documents, tiers, …) whose label contains ``name`` (quote marks aside)."""
    norm = _squash(name)
    return sorted(
        n
        for n, d in g.nodes(data=True)
        if norm and d.get("kind") in _NAMED and norm in _squash(str(d.get("label") or ""))
    )


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


def _layout(g: nx.MultiDiGraph, center: str, size: int) -> dict[str, tuple[float, float]]:
    """``center`` in the middle, its neighbours on an ellipse around it (grouped by kind)."""
    others = sorted((n for n in g if n != center), key=lambda n: (g.nodes[n].get("kind", ""), n))
    c = size / 2
    rx, ry = size / 2 - 320, size / 2 - 40  # an ellipse: room for a label of 24 characters at the sides
    pos = {center: (c, c)}
    for i, n in enumerate(others):
        a = 2 * math.pi * i / max(len(others), 1) - math.pi / 2
        pos[n] = (c + rx * math.cos(a), c + ry * math.sin(a))
    return pos


def _edge_end(pos, u: str, v: str, center: str) -> tuple[float, float, float, float]:
    """The line of edge u→v, stopped at the circle of v so that the arrow head shows."""
    (x1, y1), (x2, y2) = pos[u], pos[v]
    d = math.hypot(x2 - x1, y2 - y1) or 1
    r = 12 if v == center else 7
    return x1, y1, x2 - (x2 - x1) * r / d, y2 - (y2 - y1) * r / d


def _node_label(g: nx.MultiDiGraph, n: str) -> tuple[str, str]:
    """The node's label, and its short form written on the picture."""
    label = str(g.nodes[n].get("label") or n)
    return label, label if len(label) <= 24 else label[:23] + "…"


def to_svg(g: nx.MultiDiGraph, center: str, size: int = 1100) -> str:
    """A self-contained SVG picture: ``center`` in the middle, its neighbours on an ellipse around it."""
    pos = _layout(g, center, size)
    c = size / 2
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}" '
        'font-family="Noto Sans CJK SC, sans-serif" font-size="11">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#999"/></marker></defs>',
        f'<rect width="{size}" height="{size}" fill="white"/>',
    ]
    for u, v, typ in g.edges(keys=True):
        x1, y1, x2, y2 = _edge_end(pos, u, v, center)
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#999" '
            f'marker-end="url(#arrow)"><title>{escape(typ)}</title></line>'
        )
        if (
            g.number_of_edges() <= MAX_EDGE_LABELS
        ):  # beyond that the labels hide each other (hover shows them)
            (ax, ay), (bx, by) = pos[u], pos[v]
            out.append(
                f'<text x="{(ax + bx) / 2:.1f}" y="{(ay + by) / 2:.1f}" fill="#666" font-size="9" '
                f'text-anchor="middle">{escape(typ)}</text>'
            )
    for n, (x, y) in pos.items():
        kind = g.nodes[n].get("kind", "")
        label, short = _node_label(g, n)
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


# where a font with Chinese characters usually is, when fontconfig does not say (macOS, Windows)
_CJK_FONTS = (
    "/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/STHeiti Light.ttc",
    "/Library/Fonts/Arial Unicode.ttf", "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/simhei.ttf",
)  # fmt: skip


def cjk_font() -> str | None:
    """A font file with Chinese characters: fontconfig's first for ``:lang=zh``, else a usual place."""
    import shutil
    import subprocess

    if shutil.which("fc-list"):
        r = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False)
        files = sorted(line.split(":")[0].strip() for line in r.stdout.splitlines() if line.strip())
        if files:
            return files[0]
    return next((f for f in _CJK_FONTS if Path(f).is_file()), None)


def to_png(g: nx.MultiDiGraph, center: str, path: str | Path, size: int = 1100) -> Path:
    """The picture of ``to_svg`` as a PNG (Pillow), written to ``path``; needs a font with Chinese
    characters (``cjk_font``)."""
    from PIL import Image, ImageDraw, ImageFont

    font_file = cjk_font()
    if font_file is None:
        raise PolicyKBError(
            path, "no font with Chinese characters for a PNG: install one (fonts-noto-cjk) or write .svg"
        )
    font, small = ImageFont.truetype(font_file, 12), ImageFont.truetype(font_file, 10)
    pos = _layout(g, center, size)
    c = size / 2
    img = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(img)
    for u, v, typ in g.edges(keys=True):
        x1, y1, x2, y2 = _edge_end(pos, u, v, center)
        draw.line([(x1, y1), (x2, y2)], fill="#999999", width=1)
        a = math.atan2(y2 - y1, x2 - x1)  # arrow head
        head = [(x2 - 8 * math.cos(a + s), y2 - 8 * math.sin(a + s)) for s in (0.4, -0.4)]
        draw.polygon([(x2, y2), *head], fill="#999999")
        if g.number_of_edges() <= MAX_EDGE_LABELS:
            (ax, ay), (bx, by) = pos[u], pos[v]
            draw.text(((ax + bx) / 2, (ay + by) / 2), typ, fill="#666666", font=small, anchor="mm")
    for n, (x, y) in pos.items():
        r = 12 if n == center else 7
        draw.ellipse([x - r, y - r, x + r, y + r], fill=_COLORS.get(g.nodes[n].get("kind", ""), "#17becf"))
        _, short = _node_label(g, n)
        if n == center:
            draw.text((x, y - 18), short, fill="black", font=font, anchor="ms")
        else:
            draw.text((x + 10, y) if x >= c else (x - 10, y), short, fill="black", font=font,
                      anchor="lm" if x >= c else "rm")  # fmt: skip
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "PNG")
    return path
