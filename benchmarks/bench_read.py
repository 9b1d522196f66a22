"""Reading speed: TXT characters/s, DOCX files/s, outline and metadata time over the corpus texts,
and PDF pages/s next to bare pdfplumber on the same pages.

    python benchmarks/bench_read.py [--repeat N]

The baseline is what any pdfplumber user pays: open the PDF and ``page.extract_text()`` on every
page. Ours is ``read`` + ``normalize`` (words grouped into lines, furniture dropped, reflow, offset
map). Both run in this process, one after the other, best of N runs; the ratio is ours / baseline.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.normalize import normalize  # noqa: E402
from pipeline.read import read  # noqa: E402

TXT = sorted((ROOT / "policies_raw").glob("*.txt")) + sorted((ROOT / "tests/data/formats/txt").glob("*.txt"))
PDF = sorted((ROOT / "tests/data/formats/pdf").glob("*.pdf")) + sorted(
    (ROOT / "tests/data/renditions").glob("*.pdf")
)
CORPUS = sorted((ROOT / "tests/data/corpus").glob("*/*.txt")) + sorted((ROOT / "policies_raw").glob("*.txt"))
DOCX = sorted((ROOT / "tests/data/renditions").glob("*.docx")) + sorted(
    (ROOT / "tests/data/formats/docx").glob("*.docx")
)


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bare_pdfplumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(p.extract_text() or "") for p in pdf.pages)


def ours(path: Path) -> int:
    return len(normalize(read(path)).text)


def outline_and_metadata(n: int) -> None:
    """Outline and metadata of every corpus text, read and normalized beforehand (one process, warm)."""
    from extractors.metadata import extract_metadata
    from pipeline.outline import outline

    docs = [normalize(read(p)) for p in CORPUS]
    for d in docs:
        outline(d)  # warm-up: imports, caches
    chars = sum(len(d.text) for d in docs)
    sections = sum(len(d.sections) for d in docs)
    t_out = best(lambda: [outline(d) for d in docs], n)
    t_meta = best(lambda: [extract_metadata(d) for d in docs], n)
    print(
        f"OUTLINE: {len(docs)} texts, {chars:,} characters, {sections:,} sections: "
        f"outline {t_out:.2f} s, metadata {t_meta:.2f} s"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    n = ap.parse_args().repeat
    import pdfplumber  # import cost outside the timings

    chars = sum(ours(p) for p in TXT)
    t = best(lambda: [ours(p) for p in TXT], n)
    print(f"TXT : {len(TXT)} files, {chars:,} characters in {t * 1000:.0f} ms -> {chars / t:,.0f} chars/s")
    t = best(lambda: [ours(p) for p in DOCX], n)
    print(f"DOCX: {len(DOCX)} files in {t * 1000:.0f} ms -> {len(DOCX) / t:.1f} files/s")
    outline_and_metadata(n)

    total_ours = total_base = 0.0
    total_pages = 0
    print(f"PDF : {'file':<58} {'pages':>5} {'ours s':>7} {'bare s':>7} {'ratio':>6}")
    for p in PDF:
        with pdfplumber.open(p) as pdf:
            pages = len(pdf.pages)
        tb = best(lambda p=p: bare_pdfplumber(p), n)
        to = best(lambda p=p: ours(p), n)
        total_ours += to
        total_base += tb
        total_pages += pages
        print(f"      {p.name:<58} {pages:>5} {to:>7.2f} {tb:>7.2f} {to / tb:>6.2f}")
    print(
        f"PDF : {total_pages} pages: ours {total_pages / total_ours:.1f} pages/s, bare pdfplumber extract_text "
        f"{total_pages / total_base:.1f} pages/s, ratio {total_ours / total_base:.2f} (goal <= 1.5)"
    )


if __name__ == "__main__":
    main()
