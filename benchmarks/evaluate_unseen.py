"""Precision and recall of extraction on policies kept outside the repository.

    python benchmarks/evaluate_unseen.py TEXTS GOLD             # table per fact type and document
    python benchmarks/evaluate_unseen.py TEXTS GOLD --details   # plus every miss and false positive
    python benchmarks/evaluate_unseen.py TEXTS GOLD awards      # only the fact types named

TEXTS is a folder of ``.txt`` policies (any format ``policykb`` reads works: ``.md``, ``.docx``, ``.pdf``);
GOLD a folder of gold files named ``<file stem><suffix>`` in the format of ``tests/data/gold/``
(``X.awards.tsv``, ``X.targets.tsv``, ``X.tiers.json``, ``X.references.tsv``). A document is scored for
every fact type it has a gold file for; an empty gold file (header only) means "none": every prediction
is then a false positive. Matching, scoring and the gold formats are those of
``benchmarks/evaluate_extraction.py`` (imported, not copied), so both scripts always agree.

Why a separate script: these texts are other cities' published policies, third-party pages that are not
ours to redistribute, so neither the texts nor their gold live in the repository. The pages measured so far
are listed in ``tests/data/unseen_sources.tsv`` (address, title, date read, file stem): save each page's
policy text under its file stem, read it and write its gold before running the extractor, then run this
script. The sentence patterns these pages showed are kept, rewritten with other names and amounts, as
regression cases in ``tests/data/extract/unseen_style_cases.tsv`` (``tests/test_unseen_style.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import evaluate_extraction as ev  # noqa: E402  (a sibling script, not a package)

SUFFIXES = {".txt", ".md", ".docx", ".pdf"}


def evaluate_folder(
    texts: Path, gold: Path, names: list[str] | None = None
) -> tuple[dict[str, ev.Result], dict[tuple[str, str], ev.Result]]:
    """Totals per fact type and results per (fact type, document) for every file of ``texts`` that has
    at least one gold file in ``gold``."""
    from pipeline import parse_file
    from pipeline.extract import extract

    names = names or list(ev.FACT_TYPES)
    totals = {n: ev.Result(n) for n in names}
    per_doc: dict[tuple[str, str], ev.Result] = {}
    for path in sorted(p for p in texts.iterdir() if p.suffix.lower() in SUFFIXES):
        doc_id = path.stem
        gold_files = {n: gold / f"{doc_id}{ev.FACT_TYPES[n].suffix}" for n in names}
        if not any(f.exists() for f in gold_files.values()):
            continue
        facts = extract(parse_file(path, doc_id))
        for n, gold_file in gold_files.items():
            if not gold_file.exists():
                continue
            ft = ev.FACT_TYPES[n]
            r = ev.match(ft, ft.read_gold(gold_file), ft.predict(facts), doc_id)
            per_doc[(n, doc_id)] = r
            totals[n].add(r)
    return totals, per_doc


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("-")]
    if len(args) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    texts, gold = Path(args[0]), Path(args[1])
    for folder in (texts, gold):
        if not folder.is_dir():
            print(f"{folder}: not a folder", file=sys.stderr)
            return 2
    unknown = [n for n in args[2:] if n not in ev.FACT_TYPES]
    if unknown:
        print(f"unknown fact type {unknown[0]!r}; known: {', '.join(ev.FACT_TYPES)}", file=sys.stderr)
        return 2
    totals, per_doc = evaluate_folder(texts, gold, args[2:] or None)
    print(
        f"{'fact type':<12} {'document':<30} {'gold':>5} {'pred':>5} {'tp':>4} {'precision':>9} {'recall':>7}"
    )
    rows = sorted(per_doc.items()) + [((n, "ALL"), r) for n, r in totals.items() if r.tp + r.fn + r.fp]
    ev.print_scores(rows, totals, "--details" in argv, width=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
