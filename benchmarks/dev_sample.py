"""Precision on unseen text: a seeded random sample of extracted targets and awards, checked by hand.

    python benchmarks/dev_sample.py                 # precision of every judged sample in tests/data/dev_sample/
    python benchmarks/dev_sample.py --draw [--seed 2026] [--size 100] [--file sample.tsv] [--force]

``--draw`` runs the extractors over the 90 texts of ``tests/data/corpus`` and writes a seeded random
sample of targets and awards with the sentence each came from, and empty ``verdict`` / ``note``
columns for a person to fill (``correct`` or ``incorrect`` and why). It refuses to overwrite a sample
that has verdicts unless ``--force`` is given. Without ``--draw`` the script prints the precision
of the judged rows per fact type and the notes of every incorrect row.
"""

from __future__ import annotations

import csv
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "data" / "corpus"
SAMPLES = ROOT / "tests" / "data" / "dev_sample"
COLUMNS = [
    "n",
    "type",
    "file",
    "line",
    "subject",
    "value",
    "unit",
    "year",
    "kind",
    "quote",
    "sentence",
    "verdict",
    "note",
]


def _sentence(text: str, start: int, end: int) -> str:
    enders = "。；！？\n"
    s = max(text.rfind(c, 0, start) for c in enders) + 1
    ends = [i for i in (text.find(c, end) for c in enders) if i >= 0]
    return text[s : (min(ends) + 1 if ends else len(text))].replace("\t", " ").strip()


def draw(seed: int, size: int) -> list[dict[str, str]]:
    from pipeline import parse_file
    from pipeline.extract import extract

    facts_rows = []
    for f in sorted(CORPUS.glob("*/*.txt")):
        facts = extract(parse_file(f))
        text = facts.document.text
        name = f"{f.parent.name}/{f.name}"
        for t in facts.targets:
            facts_rows.append(
                {
                    "type": "target",
                    "file": name,
                    "line": t.source.line,
                    "subject": t.subject,
                    "value": f"{t.value:g}" if t.value is not None else "",
                    "unit": t.unit,
                    "year": t.year or "",
                    "kind": t.kind,
                    "quote": t.quote,
                    "sentence": _sentence(text, t.span.start, t.span.end),
                }
            )
        for a in facts.awards:
            facts_rows.append(
                {
                    "type": "award",
                    "file": name,
                    "line": a.source.line,
                    "subject": a.recipient,
                    "value": f"{a.amount:g}" if a.amount is not None else "",
                    "unit": a.unit,
                    "year": "",
                    "kind": a.kind,
                    "quote": a.quote,
                    "sentence": _sentence(text, a.span.start, a.span.end),
                }
            )
    rng = random.Random(seed)
    picked = sorted(rng.sample(range(len(facts_rows)), min(size, len(facts_rows))))
    print(f"{len(facts_rows)} facts in the corpus; {len(picked)} drawn with seed {seed}")
    return [
        {"n": str(i + 1), **{k: str(v) for k, v in facts_rows[j].items()}, "verdict": "", "note": ""}
        for i, j in enumerate(picked)
    ]


def read_sample(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def main(argv: list[str]) -> int:
    if "--draw" in argv:
        sample = SAMPLES / (argv[argv.index("--file") + 1] if "--file" in argv else "sample.tsv")
        seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 2026
        size = int(argv[argv.index("--size") + 1]) if "--size" in argv else 100
        if sample.exists() and any(r["verdict"] for r in read_sample(sample)) and "--force" not in argv:
            print(f"{sample} has verdicts; use --force to draw a new sample")
            return 1
        rows = draw(seed, size)
        sample.parent.mkdir(parents=True, exist_ok=True)
        with sample.open("w", encoding="utf-8", newline="") as f:
            f.write(
                f"# Seeded sample (seed {seed}) of targets and awards extracted from tests/data/corpus, checked by hand.\n"
            )
            f.write(
                "# verdict: correct | incorrect (a fact the text sets, with subject, value, unit and year right).\n"
            )
            w = csv.DictWriter(
                f, COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, quotechar=None
            )
            w.writeheader()
            w.writerows(rows)
        return 0
    for path in sorted(SAMPLES.glob("*.tsv")):
        print(f"== {path.name}: {read_sample_header(path)}")
        report([r for r in read_sample(path) if r["verdict"]])
    return 0


def read_sample_header(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return first.lstrip("# ")


def report(rows: list[dict[str, str]]) -> None:
    if not rows:
        print("  no verdicts yet")
        return
    by_type = Counter((r["type"], r["verdict"]) for r in rows)
    for kind in sorted({r["type"] for r in rows}):
        ok, bad = by_type[(kind, "correct")], by_type[(kind, "incorrect")]
        print(f"{kind:<8} judged {ok + bad:>4}  correct {ok:>4}  precision {ok / (ok + bad):.3f}")
    ok = sum(1 for r in rows if r["verdict"] == "correct")
    print(f"{'all':<8} judged {len(rows):>4}  correct {ok:>4}  precision {ok / len(rows):.3f}")
    notes = Counter(r["note"].split(":")[0] for r in rows if r["verdict"] == "incorrect")
    for note, count in notes.most_common():
        print(f"  {count:>3} x {note}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
