"""Diff speed: two 20,000-character versions (parse included), then versions 10x longer.

    python benchmarks/bench_diff.py [--repeat N] [--facts]

The old version is real text (the two Taizhou policies, then the 2026 provincial work reports of
``tests/data/corpus``) cut at a line break near the size; the new version is the seeded mutation of
``tests/data/diff/make_mutations.py`` style: values changed every ~2,000 characters, one paragraph
moved, every line reflowed with PDF-like spaces. Timed: ``parse_file`` of both files plus
``diff_documents`` (``--facts`` adds ``extract`` of both). Goal: < 0.5 s at 20k characters, and the
10x ratio no worse than n·log n (10 · log(10n)/log(n)).
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import parse_file  # noqa: E402
from pipeline.diff import diff_documents  # noqa: E402

SOURCES = sorted((ROOT / "policies_raw").glob("*.txt")) + sorted(
    (ROOT / "tests/data/corpus/gov_work_reports_2026").glob("*.txt")
)
NUMBER = re.compile(r"(?<![\d.])(\d+)(家|个|万元|亿元|%)")


def text_of_size(n: int) -> str:
    out, size = [], 0
    for p in SOURCES:
        for line in p.read_text(encoding="utf-8").splitlines():
            out.append(line)
            size += len(line) + 1
            if size >= n:
                return "\n".join(out)
    raise SystemExit(f"not enough text for {n} characters")


def mutate(text: str, seed: int = 7) -> tuple[str, list[tuple[int, int]]]:
    """Values changed every ~2,000 characters (n -> 2n+1), one line moved a third of the text
    down, every line reflowed at 38 characters with spaces before digits. Returns the new text and
    the value edits (old, new number as written)."""
    rng = random.Random(seed)
    sites = list(NUMBER.finditer(text))
    picked = sorted(rng.sample(sites, k=min(len(sites), max(1, len(text) // 2000))), key=lambda m: -m.start())
    edits = []
    for m in picked:
        n = int(m.group(1))
        text = text[: m.start(1)] + str(n * 2 + 1) + text[m.end(1) :]
        edits.append((n, n * 2 + 1))
    lines = text.split("\n")
    k = rng.randrange(len(lines) // 2)
    para = lines.pop(k)
    lines.insert(min(len(lines), k + len(lines) // 3), para)
    out = []
    for line in lines:
        line = re.sub(r"(?<=[\u4e00-\u9fff])(?=\d)", " ", line)
        out.append("\n".join(line[i : i + 38] for i in range(0, max(len(line), 1), 38)))
    return "\n".join(out), edits


def _tells(c, a: int, b: int) -> bool:
    """Change ``c`` reports value edit ``a -> b``: by the ratio of its values, or by the numbers
    as written (the upper end of a range: 4.5%—5% -> 4.5%—11%)."""
    if abs(c.new.value / c.old.value - b / a) < 1e-9:
        return True
    return bool(
        re.search(rf"(?<![\d.]){a}(?![\d.])", c.old.text)
        and re.search(rf"(?<![\d.]){b}(?![\d.])", c.new.text)
    )


def found(edits: list[tuple[int, int]], changes) -> tuple[int, int]:
    """(value edits reported with the right old and new values, changes that are neither one of
    them nor a move)."""
    told = set()
    for c in changes:
        if c.kind != "changed" or c.old is None or c.new is None or not c.old.value or c.new.value is None:
            continue
        k = next((k for k, (a, b) in enumerate(edits) if k not in told and _tells(c, a, b)), None)
        if k is not None:
            told.add(k)
    moves = sum(1 for c in changes if c.kind == "moved")
    return len(told), len(changes) - len(told) - moves


def run(n: int, tmp: Path, repeat: int, facts: bool) -> dict:
    old_text = text_of_size(n)
    new_text, edits = mutate(old_text)
    old_p, new_p = tmp / f"old-{n}.txt", tmp / f"new-{n}.txt"
    old_p.write_text(old_text, encoding="utf-8")
    new_p.write_text(new_text, encoding="utf-8")
    best, best_diff, res = math.inf, math.inf, None
    for _ in range(repeat):
        t = time.perf_counter()
        od, nd = parse_file(old_p), parse_file(new_p)
        of = nf = None
        if facts:
            from pipeline.extract import extract

            of, nf = extract(od), extract(nd)
        t1 = time.perf_counter()
        res = diff_documents(od, nd, of, nf)
        t2 = time.perf_counter()
        if t2 - t < best:
            best, best_diff = t2 - t, t2 - t1
    assert res is not None
    told, other = found(edits, res.changes)
    moves = sum(1 for c in res.changes if c.kind == "moved")
    return {
        "best": best,
        "diff": best_diff,
        "edits": len(edits),
        "told": told,
        "moves": moves,
        "other": other,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--facts", action="store_true", help="include target/award extraction of both versions")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        run(2000, tmp, 1, args.facts)  # warm up imports (and jieba with --facts)
        small = run(20_000, tmp, args.repeat, args.facts)
        big = run(200_000, tmp, max(1, args.repeat // 2), args.facts)
    bound = 10 * math.log(200_000) / math.log(20_000)
    for size, r, goal in (("20,000", small, "; goal < 0.5 s"), ("200,000", big, "")):
        print(
            f"{size + ' chars:':15}{r['best']:.3f} s, of which diff {r['diff']:.3f} s  "
            f"({r['told']}/{r['edits']} changed values reported, {r['moves']} move, {r['other']} other changes{goal})"
        )
    print(
        f"ratio 10x size: {big['best'] / small['best']:.1f} (diff alone {big['diff'] / small['diff']:.1f}); "
        f"n·log n bound: {bound:.1f}; linear: 10.0"
    )


if __name__ == "__main__":
    main()
