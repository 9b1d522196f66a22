"""The knowledge graph: typed edges from hand-read facts of the real policies, lineage, citations, exports."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from click.testing import CliRunner
from kb_helpers import DATA, FILES, hand_facts, parse_policy

from knowledge_base.graph import build_graph, cjk_font, export, find_node, neighbourhood, to_png, to_svg
from knowledge_base.query import connect
from knowledge_base.rows import document_record
from knowledge_base.store import Store
from pipeline.build import build, load_lexicon, segmenter
from pipeline.cli import main

LINEAGE = "taizhou-manufacturing-enterprise-plans"
XIAOJUREN = 'category:国家级专精特新"小巨人"企业'


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    db = tmp_path_factory.mktemp("graph") / "hand.db"
    lexicon = load_lexicon()
    with Store(db) as store:
        store.set_lexicon(lexicon, "test")
        for did in FILES:
            succeeds = "tz-2019-58" if did == "tz-2024-matrix-draft" else None
            rec = document_record(
                hand_facts(parse_policy(did)), segment=segmenter(), lexicon=lexicon, lineage=LINEAGE,
                succeeds=succeeds,
            )  # fmt: skip
            store.write(rec)
    return db


@pytest.fixture(scope="module")
def g(db):
    return build_graph(connect(db))


def edges(g, typ):
    return [(u, v) for u, v, k in g.edges(keys=True) if k == typ]


def label(g, n):
    return g.nodes[n]["label"]


def test_document_section_fact_chain(g):
    doc = "document:tz-2024-matrix-draft"
    sections = [v for u, v in edges(g, "has_section") if u == doc]
    assert sections, "the document has no top-level sections"
    # the 280 target hangs from a section of the document
    t280 = next(n for n, d in g.nodes(data=True) if d.get("kind") == "target" and d.get("value") == 280)
    holders = [u for u, v in edges(g, "states") if v == t280]
    assert holders and all(h.startswith("section:") for h in holders)
    assert nx.has_path(g, doc, t280)


def test_facts_to_categories(g):
    into = {u for u, v in edges(g, "in_category") if v == XIAOJUREN}
    kinds = {g.nodes[n]["kind"] for n in into}
    assert kinds == {"target", "award"}, into


def test_tiers_members_and_ladder(g):
    ladder = [(label(g, u), label(g, v)) for u, v in edges(g, "next_tier")]
    assert sorted(ladder) == sorted(
        [("科技型中小企业", "科技型骨干企业"), ("科技型骨干企业", "标杆型企业"), ("标杆型企业", "领航型企业")]
    )
    members = {v for u, v in edges(g, "has_member") if label(g, u) == "标杆型企业"}
    assert XIAOJUREN in members  # 国家级专精特新“小巨人”企业 as written resolves to the lexicon's category
    assert len(members) == 4


def test_lineage_and_revisions(g):
    assert ("document:tz-2024-matrix-draft", "document:tz-2019-58") in edges(g, "succeeds")
    revised = {
        (g.nodes[u]["value"], g.nodes[v]["value"], g.nodes[u]["category"]) for u, v in edges(g, "revises")
    }
    # gold: 20家以上 by 2025 (2019 plan) -> 280家 by 2029; 省级“隐形冠军” 30家以上 -> 100家
    assert revised == {(280, 20, '国家级专精特新"小巨人"企业'), (100, 30, '省级"隐形冠军"企业')}


def test_cited_documents(g):
    cited = {label(g, v) for u, v in edges(g, "cites") if u == "document:tz-2024-matrix-draft"}
    assert "浙江省促进中小微企业发展条例" in cited


def test_citation_of_a_document_in_the_base(tmp_path):
    """国办发〔1997〕2号 cites 国办发〔1996〕2号 by number (real State Council texts, real pipeline)."""
    db = tmp_path / "cites.db"
    assert not build(DATA / "cites", db).failed
    g = build_graph(connect(db))
    assert ("document:guobanfa-1997-2", "document:guobanfa-1996-2") in edges(g, "cites")


def test_mentions_of_industries_and_bodies(g):
    kinds = {g.nodes[v]["kind"] for u, v in edges(g, "mentions")}
    assert {"industry", "category"} <= kinds


@pytest.mark.parametrize("fmt", ["graphml", "json", "gexf"])
def test_exports_read_back(g, tmp_path, fmt):
    path = export(g, fmt, tmp_path / f"g.{fmt}")
    if fmt == "graphml":
        back = nx.read_graphml(path)
    elif fmt == "gexf":
        back = nx.read_gexf(path)
    else:
        back = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()


def test_find_node_by_key_label_and_quotes(g):
    assert find_node(g, "tz-2019-58") == "document:tz-2019-58"
    assert find_node(g, '国家级专精特新"小巨人"企业') == XIAOJUREN
    assert find_node(g, "国家级专精特新“小巨人”企业") == XIAOJUREN
    assert find_node(g, "没有") is None


def test_svg_picture(g):
    sub = neighbourhood(g, XIAOJUREN)
    svg = ET.fromstring(to_svg(sub, XIAOJUREN))
    circles = svg.findall("{http://www.w3.org/2000/svg}circle")
    assert len(circles) == sub.number_of_nodes() > 3


def test_find_node_by_part_of_a_name(g):
    assert find_node(g, "制造业高质量发展行动计划") == "document:tz-2019-58"  # part of its title
    assert find_node(g, "小巨人") is None  # in several category names: the CLI lists them


@pytest.mark.skipif(cjk_font() is None, reason="no font with Chinese characters on this machine")
def test_png_picture(g, tmp_path):
    from PIL import Image

    sub = neighbourhood(g, XIAOJUREN)
    img = Image.open(to_png(sub, XIAOJUREN, tmp_path / "n.png")).convert("RGB")
    assert img.size == (1100, 1100)
    colours = {c for _, c in img.getcolors(maxcolors=1 << 20)}
    assert (0xFF, 0x7F, 0x0E) in colours  # the category in the middle
    assert (0x2C, 0xA0, 0x2C) in colours  # its targets
    # text is drawn: dark pixels beside the middle node, where its label is
    label_box = img.crop((400, 500, 700, 540)).getcolors(maxcolors=1 << 20)
    assert any(sum(c) < 200 for _, c in label_box)


def test_cli_graph_show_and_export(db, tmp_path):
    out = tmp_path / "n.svg"
    r = CliRunner().invoke(main, ["graph", "show", "国家级专精特新“小巨人”企业", "--db", str(db), "--svg", str(out),
                                  "--format", "json"])  # fmt: skip
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output[: r.output.rindex("]") + 1])
    assert {"in_category", "has_member"} <= {x["edge"] for x in rows}
    ET.parse(out)
    r = CliRunner().invoke(
        main, ["graph", "export", "--db", str(db), "--format", "gexf", "-o", str(tmp_path / "g.gexf")]
    )
    assert r.exit_code == 0 and "nodes" in r.output
    r = CliRunner().invoke(main, ["graph", "show", "没有这个", "--db", str(db)])
    assert r.exit_code == 2
    r = CliRunner().invoke(main, ["graph", "show", "小巨人", "--db", str(db)])
    assert r.exit_code == 2 and r.output.count("\n") == 1 and "国家级专精特新" in r.output, r.output
