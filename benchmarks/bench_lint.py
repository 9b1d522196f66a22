"""How long `lint` takes on a 20,000-character draft (budget: 1 s).

The draft is the 2024 Taizhou draft followed by the 2019 plan, twice over (the two together are about
11,000 characters), cut at 20,000 characters of source: real text with its real defects. Parsing and fact extraction are timed apart; `lint` is timed cold (first call: the
lexicon pattern and jieba's dictionary load) and warm (median of 5 runs), with and without --against.

    python benchmarks/bench_lint.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies_raw"
BUDGET_S = 1.0
SIZE = 20_000


def main() -> None:
    from pipeline import parse_file
    from pipeline.extract import extract
    from pipeline.lint import lint

    new = (POLICIES / "taizhou-2024-draft-quality-enterprise-matrix-2025-2029.txt").read_text(
        encoding="utf-8"
    )
    old_path = POLICIES / "taizhou-2019-58-manufacturing-hq-plan-2020-2025.txt"
    both = new + "\n" + old_path.read_text(encoding="utf-8")
    text = (both + "\n" + both)[:SIZE]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft-20k.txt"
        path.write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        doc = parse_file(path)
        t1 = time.perf_counter()
        facts = extract(doc)
        t2 = time.perf_counter()
    earlier = extract(parse_file(old_path))

    t3 = time.perf_counter()
    findings = lint(doc, facts)
    cold = time.perf_counter() - t3
    warm_runs, against_runs = [], []
    for _ in range(5):
        t = time.perf_counter()
        lint(doc, facts)
        warm_runs.append(time.perf_counter() - t)
        t = time.perf_counter()
        lint(doc, facts, earlier)
        against_runs.append(time.perf_counter() - t)
    warm = statistics.median(warm_runs)
    against = statistics.median(against_runs)

    print(f"draft: {len(doc.text):,} characters, {len(doc.paragraphs)} paragraphs, {len(findings)} findings")
    print(f"parse:                {t1 - t0:7.3f} s")
    print(f"extract:              {t2 - t1:7.3f} s")
    print(f"lint, cold:           {cold:7.3f} s   ({cold / BUDGET_S:.2f} of the {BUDGET_S:g} s budget)")
    print(f"lint, warm (median):  {warm:7.3f} s   ({warm / BUDGET_S:.2f} of the budget)")
    print(f"lint --against:       {against:7.3f} s   ({against / BUDGET_S:.2f} of the budget)")
    print(f"characters per second (warm): {len(doc.text) / warm:,.0f}")


if __name__ == "__main__":
    main()
