"""How long `lint` takes on a 20,000-character draft (budget: 1 s).

The draft is the 2024 Taizhou draft followed by the 2019 plan, twice over (the two together are about
11,000 characters), cut at 20,000 characters of source: real text with its real defects. Parsing and fact extraction (cold and warm) are timed apart; `lint` is timed cold (first call: the
lexicon pattern and jieba's dictionary load) and warm (median of 5 runs), with and without --against.

    python benchmarks/bench_lint.py
    python benchmarks/bench_lint.py --precision     # precision on the dev corpus, before and after

``--precision`` lints the 90 published texts of ``tests/data/corpus`` and the six budget and final-account
PDFs of ``tests/data/formats/pdf`` and compares every finding with the judged list
``tests/data/lint/dev_findings.tsv`` (each finding read in the source: real or false; ``before``
marks what the lint reported before the fixes those judgments led to). It prints the precision before
and now, on the seeded draw of 15 corpus texts (7 work reports and 8 State Council documents, seed 2026),
on all 90, on the PDFs and on everything, and lists every finding not judged yet and every false one still reported.
"""

from __future__ import annotations

import csv
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies_raw"
BUDGET_S = 1.0
SIZE = 20_000
CORPUS = ROOT / "tests" / "data" / "corpus"
BUDGET_PDFS = ROOT / "tests" / "data" / "formats" / "pdf"
JUDGED = ROOT / "tests" / "data" / "lint" / "dev_findings.tsv"
SAMPLE_SEED = 2026
SAMPLE_SIZES = {"gov_work_reports_2026": 7, "state_council": 8}


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
        extract(doc)
        t_extract_warm = time.perf_counter() - t2
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
    print(f"extract, cold:        {t2 - t1:7.3f} s   (jieba, spaCy and the lexicon load)")
    print(f"extract, warm:        {t_extract_warm:7.3f} s")
    print(f"lint, cold:           {cold:7.3f} s   ({cold / BUDGET_S:.2f} of the {BUDGET_S:g} s budget)")
    print(f"lint, warm (median):  {warm:7.3f} s   ({warm / BUDGET_S:.2f} of the budget)")
    print(f"lint --against:       {against:7.3f} s   ({against / BUDGET_S:.2f} of the budget)")
    print(f"characters per second (warm): {len(doc.text) / warm:,.0f}")


def dev_sample() -> set[str]:
    """The seeded draw: 7 work reports and 8 State Council documents (``corpus/folder/file.txt``)."""
    rng = random.Random(SAMPLE_SEED)
    out: set[str] = set()
    for folder, n in SAMPLE_SIZES.items():
        files = sorted(CORPUS.glob(f"{folder}/*.txt"))
        out |= {f"corpus/{folder}/{f.name}" for f in rng.sample(files, n)}
    return out


def judged_rows() -> list[dict[str, str]]:
    lines = [ln for ln in JUDGED.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def judged_texts() -> list[Path]:
    """The 90 texts of the dev corpus and the budget PDFs of tests/data/formats."""
    return sorted(CORPUS.glob("*/*.txt")) + sorted(BUDGET_PDFS.glob("putuo_*.pdf"))


def finding_key(file: str, rule: str, page, line, quote: str) -> tuple[str, str, str, int, str]:
    return file, rule, str(page or ""), int(line or 0), quote.replace("\n", "⏎")


def precision() -> None:
    from pipeline import parse_file
    from pipeline.extract import extract
    from pipeline.lint import lint

    data = CORPUS.parent
    verdict = {
        finding_key(r["file"], r["rule"], r["page"], r["line"], r["quote"]): r for r in judged_rows()
    }
    sample = dev_sample()
    now: list[tuple[str, str, str, int, str]] = []
    for f in judged_texts():
        doc = parse_file(f)
        name = f.relative_to(data).as_posix()
        now += [
            finding_key(name, x.rule, x.source.page, x.source.line, x.quote) for x in lint(doc, extract(doc))
        ]
    before = [k for k, r in verdict.items() if r["before"] == "1"]
    groups = {
        f"corpus sample ({len(sample)})": lambda k: k[0] in sample,
        "corpus (90 texts)": lambda k: k[0].startswith("corpus/"),
        "budget PDFs (6)": lambda k: k[0].startswith("formats/"),
        "all": lambda k: True,
    }

    def figure(keys: list, keep) -> str:
        keys = [k for k in keys if k in verdict and keep(k)]
        real = sum(verdict[k]["verdict"] == "real" for k in keys)
        share = f"{real / len(keys):.2f}" if keys else "-"
        return f"{len(keys):3d} findings, {real:3d} real, precision {share}"

    print(f"lint on published texts, judged in {JUDGED.relative_to(ROOT)}")
    for label, keep in groups.items():
        print(f"{label:<19} before: {figure(before, keep)}   now: {figure(now, keep)}")
    unjudged = [k for k in now if k not in verdict]
    for k in unjudged:
        print("  not judged yet:", *k)
    for k in now:
        if k in verdict and verdict[k]["verdict"] == "false":
            print("  false, still reported:", *k, "-", verdict[k]["note"])
    if unjudged:
        sys.exit(1)


if __name__ == "__main__":
    precision() if "--precision" in sys.argv[1:] else main()
