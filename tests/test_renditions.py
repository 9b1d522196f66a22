"""One policy, three renditions: the published TXT, the DOCX an office makes of it and the PDF that
LibreOffice prints from that DOCX (``tests/data/renditions/make_renditions.py``) must give the same
paragraphs, the same outline and the same metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from rapidfuzz.fuzz import ratio

from knowledge_base.model import metadata_json
from pipeline import parse_file
from pipeline.normalize import normalize
from pipeline.read import read

RENDITIONS = Path(__file__).parent / "data" / "renditions"
RAW = Path(__file__).parents[1] / "policies_raw"
POLICIES = {
    "tz-2019-58": RAW / "taizhou-2019-58-manufacturing-hq-plan-2020-2025.txt",
    "tz-2024-matrix-draft": RAW / "taizhou-2024-draft-quality-enterprise-matrix-2025-2029.txt",
}
CASES = [(doc_id, fmt) for doc_id in POLICIES for fmt in ("txt", "docx", "pdf")]


def _path(doc_id: str, fmt: str) -> Path:
    return POLICIES[doc_id] if fmt == "txt" else RENDITIONS / f"{doc_id}.{fmt}"


def _clean(doc_id: str) -> list[str]:
    """The clean text the DOCX was typed from (one paragraph per line), made by reading the source."""
    return (RENDITIONS / f"{doc_id}.clean.txt").read_text(encoding="utf-8").rstrip("\n").split("\n")


@pytest.mark.parametrize("doc_id,fmt", CASES, ids=[f"{d}-{f}" for d, f in CASES])
def test_same_paragraphs(doc_id, fmt):
    """>= 99% of the characters equal to the clean text, and the same number of paragraphs."""
    doc = normalize(read(_path(doc_id, fmt)))
    clean = _clean(doc_id)
    similarity = ratio(doc.text, "\n".join(clean))
    paragraphs = doc.text.split("\n")
    problems = []
    if similarity < 99.0:
        problems.append(f"similarity {similarity:.2f}%")
    if len(paragraphs) != len(clean):
        problems.append(f"{len(paragraphs)} paragraphs, clean text has {len(clean)}")
    differing = [(a, b) for a, b in zip(paragraphs, clean, strict=False) if a != b]
    if len(differing) > len(clean) // 100:
        problems.append(
            f"{len(differing)} paragraphs differ, first: {differing[0][0][:40]!r} vs {differing[0][1][:40]!r}"
        )
    assert not problems, f"{doc_id}.{fmt}: " + "; ".join(problems)


def _outline(doc) -> list[tuple]:
    return [(s.level, s.number, s.heading) for s in doc.sections]


@pytest.mark.parametrize("doc_id", list(POLICIES))
def test_same_outline_and_metadata(doc_id):
    """The outline (level, number, heading) and the metadata agree across TXT, DOCX and PDF."""
    docs = {fmt: parse_file(_path(doc_id, fmt)) for fmt in ("txt", "docx", "pdf")}
    base = docs["txt"]
    problems = []
    for fmt in ("docx", "pdf"):
        if _outline(docs[fmt]) != _outline(base):
            a, b = _outline(docs[fmt]), _outline(base)
            first = next(
                (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
            )
            problems.append(
                f"{fmt} outline: {len(a)} vs {len(b)} sections, first difference at #{first}: "
                f"{a[first] if first < len(a) else None} vs {b[first] if first < len(b) else None}"
            )
        if metadata_json(docs[fmt].metadata) != metadata_json(base.metadata):
            ma, mb = metadata_json(docs[fmt].metadata), metadata_json(base.metadata)
            problems.append(
                f"{fmt} metadata: " + ", ".join(f"{k}: {ma[k]!r} vs {mb[k]!r}" for k in ma if ma[k] != mb[k])
            )
    assert not problems, f"{doc_id}: " + "; ".join(problems)
    assert base.sections, "no outline found in the TXT"
