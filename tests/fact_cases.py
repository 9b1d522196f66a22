"""Shared helpers of the extractor case tests: the two policies, TSV case files, one sentence as a Document."""

from __future__ import annotations

import csv
from pathlib import Path

from knowledge_base.model import Document, Paragraph, Source, Span

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
POLICIES = {
    "tz-2019-58": ROOT / "policies_raw" / "taizhou-2019-58-manufacturing-hq-plan-2020-2025.txt",
    "tz-2024-matrix-draft": ROOT
    / "policies_raw"
    / "taizhou-2024-draft-quality-enterprise-matrix-2025-2029.txt",
}


def read_tsv(path: Path) -> list[dict[str, str]]:
    """The rows of a tab-separated case file; lines starting with # are comments."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def sentence_doc(text: str, name: str = "case") -> Document:
    """One sentence as a Document of one paragraph (line 1 of ``<name>.txt``)."""
    return Document(
        id=name,
        path=f"{name}.txt",
        format="txt",
        text=text,
        paragraphs=[Paragraph(Span(0, len(text)), Source(f"{name}.txt", None, 1))],
    )


def document(*paragraphs: str, name: str = "case") -> Document:
    """A document of the given paragraphs (one per line), as the reader gives a TXT file."""
    text = "\n".join(paragraphs)
    paras, pos = [], 0
    for i, p in enumerate(paragraphs):
        paras.append(Paragraph(Span(pos, pos + len(p)), Source(f"{name}.txt", None, i + 1)))
        pos += len(p) + 1
    return Document(id=name, path=f"{name}.txt", format="txt", text=text, paragraphs=paras)
