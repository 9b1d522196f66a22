"""Parse + extract time next to a bare ``jieba.lcut`` of the same text, measured in one run.

    python benchmarks/bench_extract.py [--repeat N] [--corpus]

Both sides run after a warm-up (jieba's dictionary and the spaCy pipeline loaded once), each timed as
the best of N repeats. The goal: parse + extract in at most 2x the time jieba needs just to segment
the text. Memoised name lookups are cleared before every repeat. ``--corpus`` adds the 90 texts of ``tests/data/corpus`` as one batch.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def clear_caches() -> None:
    """Name lookups are memoised; clear them so that no run profits from the one before."""
    from extractors import entities, subjects

    entities.canonical.cache_clear()
    subjects.category.cache_clear()


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        clear_caches()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str]) -> int:
    import jieba

    from extractors.nlp import jieba_module, nlp
    from pipeline import parse_file
    from pipeline.extract import extract

    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 5
    files = sorted((ROOT / "policies_raw").glob("*.txt"))
    batches = [(f.name, [f]) for f in files]
    if "--corpus" in argv:
        batches.append(
            ("dev corpus (90 texts)", sorted((ROOT / "tests" / "data" / "corpus").glob("*/*.txt")))
        )
    jieba_module()
    nlp()
    for f in files:  # warm-up: every lazy load happens here, not in the timings
        extract(parse_file(f))
    print(f"{'input':<62} {'chars':>8} {'jieba.lcut':>11} {'parse+extract':>14} {'ratio':>6}")
    for name, paths in batches:
        texts = [parse_file(p).text for p in paths]
        chars = sum(len(t) for t in texts)
        t_jieba = best_of(lambda texts=texts: [jieba.lcut(t) for t in texts], repeat)
        t_ours = best_of(lambda paths=paths: [extract(parse_file(p)) for p in paths], repeat)
        print(
            f"{name:<62} {chars:>8} {t_jieba * 1000:>9.1f}ms {t_ours * 1000:>12.1f}ms {t_ours / t_jieba:>6.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
