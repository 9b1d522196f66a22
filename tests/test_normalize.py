"""Normalization: paragraphs, page-break repairs, width folding, CJK spacing, the offset map.

Cases live in ``tests/data/formats/normalize_cases.tsv`` (real text from the Taizhou policies and the
dev corpus; ``\\n`` and ``\\t`` escaped); each failing row is reported.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from knowledge_base.model import RawDocument, RawLine
from pipeline.normalize import clean_text, normalize
from pipeline.read import read

DATA = Path(__file__).parent / "data"
FORMATS = DATA / "formats"
RAW = Path(__file__).parents[1] / "policies_raw"
TZ_2019 = RAW / "taizhou-2019-58-manufacturing-hq-plan-2020-2025.txt"
TZ_2024 = RAW / "taizhou-2024-draft-quality-enterprise-matrix-2025-2029.txt"


def _unescape(s: str) -> str:
    return s.replace("\\n", "\n").replace("\\t", "\t")


def _cases():
    with (FORMATS / "normalize_cases.tsv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


CASES = _cases()


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_normalize_case(case, tmp_path):
    path = tmp_path / f"case.{case['format']}"
    path.write_text(_unescape(case["input"]), encoding="utf-8")
    doc = normalize(read(path))
    problems = []
    if doc.text != _unescape(case["expected"]):
        problems.append(f"text {doc.text!r} != {_unescape(case['expected'])!r}")
    repairs = [s.of(doc.text) for s in doc.repairs]
    expected = [r for r in case["repairs"].split(",") if r]
    if repairs != expected:
        problems.append(f"repairs {repairs} != {expected}")
    assert not problems, f"{case['case']} ({case['note']}): " + "; ".join(problems)


def test_page_break_repairs_of_the_2019_policy():
    """The nine places where the published 2019 TXT splits a paragraph by blank lines (found by
    reading it: lines 33/35, 45/47, 59/61, 61/63, 67/69, 73/75, 77/81, 85/87, 95/97)."""
    doc = normalize(read(TZ_2019))
    found = [
        (s.of(doc.text), doc.source_at(s.start).line, doc.source_at(s.end - 1).line) for s in doc.repairs
    ]
    expected = [
        ("升级", 33, 35), ("率第", 45, 47), ("导产", 59, 61), ("的“", 61, 63), ("并重", 67, 69),
        ("可穿", 73, 75), ("家管", 77, 81), ("园区", 85, 87), ("，进", 95, 97),
    ]  # fmt: skip
    assert found == expected


def test_no_repairs_in_the_2024_draft():
    """The 2024 draft's blank lines separate paragraphs; its two titles wrap but are not page breaks."""
    doc = normalize(read(TZ_2024))
    assert [s.of(doc.text) for s in doc.repairs] == []


DEV = [FORMATS / "txt" / f"report_2026_{n}.txt" for n in ("yunnan", "jiangxi", "tianjin")] + sorted(
    (FORMATS / "txt" / "state_council").glob("*.txt")
)


def test_dev_corpus_one_paragraph_per_line():
    """The dev corpus has one paragraph per line; only a line ending in ， or 、 is a wrap (tianjin
    line 23, found by reading). Every other line stays a paragraph of its own: no page-break repair,
    no hard-wrap reflow on these files (63 real texts)."""
    problems = []
    for path in DEV:
        lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
        wraps = sum(1 for ln in lines[:-1] if ln.rstrip()[-1:] in ("，", "、"))
        doc = normalize(read(path))
        if len(doc.paragraphs) != len(lines) - wraps or doc.repairs:
            problems.append(
                f"{path.name}: {len(doc.paragraphs)} paragraphs from {len(lines)} lines ({wraps} wraps)"
            )
    assert len(DEV) == 63
    assert not problems, "\n".join(problems)


def test_hard_wrapped_text_copied_from_a_pdf():
    """pdftotext's output of the 2019 rendition PDF (lines wrapped as printed, —1— page numbers,
    form feeds, spaces around digits) reflows to >= 99.5% of the clean text; no page number left."""
    from rapidfuzz.fuzz import ratio

    clean = (DATA / "renditions" / "tz-2019-58.clean.txt").read_text(encoding="utf-8").rstrip("\n")
    doc = normalize(read(FORMATS / "txt" / "tz-2019.pdftotext.txt"))
    assert ratio(doc.text, clean) >= 99.5
    assert not re.search(r"—\s*\d+\s*—", doc.text)
    # the long paragraphs are whole: e.g. the 指导思想 paragraph, 5 printed lines in the PDF
    assert next(ln for ln in clean.split("\n") if ln.startswith("以习近平")) in doc.text.split("\n")


def test_headings_keep_their_markdown_level():
    doc = normalize(read(TZ_2019))
    heads = [(p.level, p.span.of(doc.text)) for p in doc.paragraphs if p.kind == "heading"]
    # read from the source: '# 台州市人民政府办公室文件' (line 3), '## 一、总体要求' (line 23), '#### （五）…' (line 83)
    assert heads[0] == (1, "台州市人民政府办公室文件")
    assert (2, "一、总体要求") in heads
    assert (4, "（五）大力实施平台提能工程，构建高水平空间布局体系。") in heads
    assert all(not p.span.of(doc.text).startswith("#") for p in doc.paragraphs)


def test_text_invariants_on_real_documents():
    """On every fixture: no blank paragraph, no rule line, no space next to a CJK character, no
    full-width digit or letter, and each paragraph span is exactly its line of the text."""
    files = [
        TZ_2019,
        TZ_2024,
        *sorted((FORMATS / "txt").glob("*.txt")),
        *sorted((DATA / "renditions").glob("*.docx")),
    ]
    cjk_space = re.compile(r"[\u4e00-\u9fff，。、；：“”（）] | [\u4e00-\u9fff，。、；：“”（）]")
    problems = []
    for f in files:
        doc = normalize(read(f))
        lines = doc.text.split("\n")
        if len(lines) != len(doc.paragraphs):
            problems.append(f"{f.name}: {len(lines)} lines vs {len(doc.paragraphs)} paragraphs")
        for p, line in zip(doc.paragraphs, lines, strict=False):
            t = p.span.of(doc.text)
            if t != line or not t.strip():
                problems.append(f"{f.name}: span {p.span} gives {t[:20]!r}, line is {line[:20]!r}")
            if re.fullmatch(r"[-—_*=]{3,}", t):
                problems.append(f"{f.name}: rule line kept")
            if cjk_space.search(t):
                problems.append(f"{f.name}: space next to CJK in {t[:40]!r}")
            if re.search("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]", t):
                problems.append(f"{f.name}: full-width letter or digit in {t[:40]!r}")
    assert not problems, "\n".join(problems[:20])


def test_every_anchor_points_at_its_source_line():
    """The offset map: the text from each anchor to the next comes from the source line it names
    (compared without spaces, full-width forms folded, Markdown markers dropped)."""
    problems = []
    for f in [
        TZ_2019,
        TZ_2024,
        FORMATS / "txt" / "guobanfa_2018_126.txt",
        FORMATS / "md" / "guobanfa_2018_126.md",
    ]:
        raw = read(f)
        by_line = {ln.line: ln.text for ln in raw.lines}
        doc = normalize(raw)
        ends = [a.offset for a in doc.anchors[1:]] + [len(doc.text)]
        for a, end in zip(doc.anchors, ends, strict=True):
            seg = re.sub(r"\s", "", doc.text[a.offset : end])
            src = re.sub(r"[\s|*#]", "", clean_text(by_line[a.line]))
            if not seg or seg not in src:
                problems.append(f"{f.name} line {a.line}: {seg[:30]!r} not in {src[:30]!r}")
    assert not problems, "\n".join(problems[:20])


def test_source_at_gives_page_and_line_for_every_character():
    doc = normalize(read(TZ_2019))
    i = doc.text.index("级全覆盖")
    assert doc.source_at(i).line == 35  # the continuation after the page break, read from the file
    assert doc.source_at(i - 1).line == 33
    assert doc.source_text.split("\n")[34] == read(TZ_2019).lines[34].text


def test_pdf_reflow_unit():
    """Layout reflow on hand-made geometry: a full line continues, an indented or short one does not."""
    h = {"left": 80.0, "right": 520.0, "size": 16.0, "pw": 595}

    def ln(text, line, x0, x1, top, page=1):
        return RawLine(text, page, line, "text", {**h, "x0": x0, "x1": x1, "top": top, "bottom": top + 16})

    raw = RawDocument(
        "x.pdf",
        "pdf",
        [
            ln("以习近平新时代中国特色社会主义思想为指导，以制造业", 1, 112, 520, 100),
            ln("高质量发展为主线。", 2, 80, 230, 128),
            ln("（二）战略定位。", 3, 112, 240, 156),
            ln("聚焦“两化提升”，打造全国先进制造业集群发展示范", 4, 112, 520, 740),
            ln("区。", 5, 80, 112, 72, page=2),
        ],
        pages=2,
    )
    doc = normalize(raw)
    assert doc.text.split("\n") == [
        "以习近平新时代中国特色社会主义思想为指导，以制造业高质量发展为主线。",
        "（二）战略定位。",
        "聚焦“两化提升”，打造全国先进制造业集群发展示范区。",
    ]
    assert [(a.page, a.line) for a in doc.anchors] == [(1, 1), (1, 2), (1, 3), (1, 4), (2, 5)]
    assert doc.source_at(doc.text.index("区。")).page == 2


def test_pdf_number_cut_at_the_line_end():
    """A number the PDF layout cut at the right margin (real sentence of the 2025 budget of the
    普陀区 government office, page 6) is one number again; Latin words keep their space."""
    h = {"left": 80.0, "right": 520.0, "size": 16.0, "pw": 595}

    def ln(text, line, x0, x1, top):
        return RawLine(text, 1, line, "text", {**h, "x0": x0, "x1": x1, "top": top, "bottom": top + 16})

    raw = RawDocument(
        "x.pdf",
        "pdf",
        [
            ln("2025年，上海市普陀区人民政府办公室收入预算9,10", 1, 112, 520, 100),
            ln("1.68万元，其中：财政拨款收入9,101.68万元。", 2, 80, 420, 128),
            ln("推动AI", 3, 112, 520, 156),
            ln("PC、AI手机发展。", 4, 80, 230, 184),
        ],
        pages=1,
    )
    assert normalize(raw).text.split("\n") == [
        "2025年，上海市普陀区人民政府办公室收入预算9,101.68万元，其中：财政拨款收入9,101.68万元。",
        "推动AI PC、AI手机发展。",
    ]
