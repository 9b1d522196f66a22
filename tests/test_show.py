"""`policykb show` and pipeline.report.document: one self-contained, well-formed HTML page holding
the whole text, every fact's quote, anchors for the fact table, and no way out to the network."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from fact_cases import sentence_doc

from knowledge_base.model import Award, Facts, Reference, Span, Target
from pipeline import parse_file
from pipeline.cli import main
from pipeline.extract import extract
from pipeline.report.document import render_document

ROOT = Path(__file__).resolve().parents[1]
POLICIES = sorted((ROOT / "policies_raw").glob("*.txt"))
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}


class Page(HTMLParser):
    """Checks that tags nest, collects the text of each block of #text and every id and href."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.blocks: list[str] = []
        self._in_text = 0  # depth inside <div id="text">
        self._skip = 0  # inside a line-number span
        self._block: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])
        if tag in VOID:
            return
        self.stack.append(tag)
        if self._in_text:
            self._in_text += 1
            if self._in_text == 2:
                self._block = []
            if tag == "span" and a.get("class") == "ln":
                self._skip = len(self.stack)
        elif tag == "div" and a.get("id") == "text":
            self._in_text = 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        if self._skip == len(self.stack):
            self._skip = 0
        self.stack.pop()
        if self._in_text:
            if self._in_text == 2 and self._block is not None:
                self.blocks.append("".join(self._block))
                self._block = None
            self._in_text -= 1

    def handle_data(self, data):
        if self._block is not None and not self._skip:
            self._block.append(data)


def parse_page(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    assert not p.errors, p.errors[:5]
    assert not p.stack, f"unclosed: {p.stack}"
    return p


def all_quotes(facts: Facts) -> list[str]:
    items = [*facts.targets, *facts.awards, *facts.tiers, *facts.references]
    return [x.quote for x in items]


@pytest.mark.parametrize(
    "path",
    [*POLICIES, ROOT / "tests" / "data" / "renditions" / "tz-2024-matrix-draft.pdf"],
    ids=lambda p: p.name[:24],
)
def test_page_of_each_policy(path):
    facts = extract(parse_file(path))
    doc = facts.document
    page = render_document(facts)
    p = parse_page(page)
    # the whole text is there, paragraph by paragraph, exactly
    assert p.blocks == [para.span.of(doc.text) for para in doc.paragraphs]
    joined = "\n".join(p.blocks)
    missing = [q for q in all_quotes(facts) if q not in joined]
    assert not missing, missing
    assert facts.awards or "2019" in path.name  # the draft has awards to show
    if path.suffix == ".pdf":
        assert re.search(r'<span class="ln">p1:\d+</span>', page), "PDF lines carry their page"
    # every fact has an anchor and the fact table links to it
    fact_links = {h[1:] for h in p.hrefs if h.startswith("#f-")}
    assert fact_links and fact_links <= set(p.ids)
    n_facts = len(re.findall(r'<tr class="row-', page))
    assert n_facts == len(fact_links)
    # self-contained: no external script, stylesheet, image or link
    assert "<script src" not in page and "<link" not in page
    assert not [u for u in p.hrefs + p.srcs if re.match(r"(?i)(https?:)?//", u)]


def test_document_text_is_escaped():
    text = "对首次上规的</script><script>alert(1)</script>企业，给予一次性6万元奖励。<b onmouseover=x>"
    doc = sentence_doc(text, "evil")
    span = Span(0, text.index("奖励") + 2)
    award = Award(
        "a", "<i>企业</i>", "t", 60000.0, "元", False, True, "奖励", span.of(text), span, doc.source_at(0)
    )
    page = render_document(Facts(document=doc, awards=[award]))
    assert "<script>alert" not in page and "</script><script>" not in page
    assert "<b onmouseover" not in page and "<i>企业" not in page
    assert "&lt;script&gt;alert(1)" in page
    p = parse_page(page)
    assert p.blocks == [text]


def test_overlapping_facts_split_into_segments():
    # real text (2024 draft 二(四)3): an award clause, a target inside it and a reference that overlaps both ends
    text = "对首次入选“中国制造业企业500强”、“中国制造业民营企业500强”的分别给予500万元、200万元奖励。"
    doc = sentence_doc(text, "evil")
    award_span = Span(0, len(text) - 1)
    inner = Span(text.index("“中国制造业企业"), text.index("、"))
    crossing = Span(text.index("500强") + 2, text.index("的分别"))
    src = doc.source_at(0)
    facts = Facts(
        document=doc,
        awards=[Award("a", "x", "t", 5e6, "元", False, False, "奖励", award_span.of(text), award_span, src)],
        targets=[
            Target("t", "中国制造业企业500强", None, 1.0, "家", "", None, "level", inner.of(text), inner, src)
        ],
        references=[Reference(crossing.of(text), "title", crossing.of(text), crossing)],
    )
    page = render_document(facts)
    p = parse_page(page)
    assert p.blocks == [text]
    # the segment where all three overlap lists all three facts
    assert re.search(r'data-ids="[^"]*f-t0[^"]*"', page)
    triple = [m for m in re.findall(r'data-ids="([^"]+)"', page) if len(m.split()) == 3]
    assert triple, "no segment carries the three overlapping facts"


def test_cli_show_writes_the_page(tmp_path, monkeypatch):
    src = POLICIES[-1]
    out = tmp_path / "page.html"
    r = CliRunner().invoke(main, ["show", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert r.output.strip() == str(out)
    parse_page(out.read_text(encoding="utf-8"))
    # default: knowledge_base/reports/<id>.html under the current folder, id from the manifest
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["show", str(src)])
    assert r.exit_code == 0, r.output
    written = Path(r.output.strip())
    assert written == Path("knowledge_base/reports/tz-2024-matrix-draft.html")
    assert (tmp_path / written).exists()


def test_cli_show_missing_file_is_one_line_error(tmp_path):
    r = CliRunner().invoke(main, ["show", str(tmp_path / "nope.txt")])
    assert r.exit_code == 2
    assert "nope.txt" in r.output and "Traceback" not in r.output


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (apt install chromium)")
def test_clicking_an_award_shows_it_in_a_real_browser(tmp_path):
    from playwright.sync_api import sync_playwright

    facts = extract(parse_file(POLICIES[-1], doc_id="tz-2024-matrix-draft"))
    first = facts.awards[0]
    out = tmp_path / "show.html"
    out.write_text(render_document(facts), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            requests: list[str] = []
            page.on("request", lambda req: requests.append(req.url))
            page.goto(out.as_uri())
            page.locator('.f[data-ids~="f-a0"]').first.click()
            detail = page.locator("#detail").inner_text()
            active = page.locator(".f.active").count()
            page.goto(out.as_uri() + "#f-a1")  # a link from the fact table pins that fact too
            linked = page.locator("#detail").inner_text()
        finally:
            browser.close()
    assert first.recipient in detail and "trigger" in detail and "amount" in detail
    assert active >= 1
    assert facts.awards[1].recipient in linked
    assert all(u.startswith("file://") for u in requests), requests
