"""Speed of ``find_quantities``: milliseconds per 10,000 characters, with two baselines.

Usage: ``python benchmarks/bench_quantities.py [--repeat N]``

* floor: one precompiled Arabic-number regex over the same text (the least any number finder does);
* cn2an: ``cn2an.transform(text, "cn2an")``, the library's sentence-level conversion (which we do not
  use: it turns 一次性 into 1次性), as a yardstick of "a library pass over the text".

Texts: the two policies of ``policies_raw/`` and, when present, every ``.txt`` under ``tests/data``.
The first call (imports, compiling the rule tables) is timed separately.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _best(fn, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from extractors.quantities import find_quantities

    find_quantities("到2025年，达到500家以上。")
    first = time.perf_counter() - t0
    import warnings

    import cn2an

    warnings.simplefilter("ignore")  # cn2an.transform warns about every 千亿 it cannot read

    floor_re = re.compile(r"\d+(?:\.\d+)?")
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "policies_raw").glob("*.txt"))}
    print(f"first call (imports + rule tables): {first * 1000:.0f} ms\n")
    print(
        f"{'text':58} {'chars':>7} {'found':>6} {'ms/10k':>7} {'floor':>7} {'cn2an':>7} {'x floor':>8} {'x cn2an':>8}"
    )
    total_chars = total_time = 0.0
    for name, text in texts.items():
        n = len(text)
        t = _best(find_quantities, text, args.repeat)
        f = _best(lambda s: list(floor_re.finditer(s)), text, args.repeat)
        c = _best(lambda s: cn2an.transform(s, "cn2an"), text, max(1, args.repeat // 2))
        per = 1e4 / n * 1000
        found = len(find_quantities(text))
        print(
            f"{name:58} {n:7} {found:6} {t * per:7.2f} {f * per:7.3f} {c * per:7.2f} {t / f:8.0f} {t / c:8.2f}"
        )
        total_chars += n
        total_time += t
    print(f"\nall policies: {total_time * 1e4 / total_chars * 1000:.2f} ms per 10k characters")


if __name__ == "__main__":
    main()
