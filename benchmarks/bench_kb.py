"""Knowledge-base benchmark on a generated corpus (default 2,000 policies; see make_corpus.py).

Measures and prints: build throughput with --jobs 1 and --jobs 2 (docs/s and the ratio), the time of
a no-op rebuild, search latency (p50/p95/max over a mix of word, lexicon-term, one- and two-character
queries and words typed without a space or quote marks, segmentation included) and the size of the
base. Goals: no-op rebuild < 2 s; search p95 < 20 ms; --jobs 2 >= 1.7x --jobs 1.

    python benchmarks/bench_kb.py [--n 2000] [--jobs1-sample N]

Takes minutes; run it in the background, on a frozen copy of the code if the tree is being edited
(the build re-extracts every file when the extraction code changes). Results also go to
benchmarks/out/bench_kb.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402

from knowledge_base.query import connect  # noqa: E402
from knowledge_base.search import search  # noqa: E402
from pipeline.build import build, segmenter  # noqa: E402

QUERIES = [
    "专精特新 奖励", "小巨人", "专精特新", "隐形冠军", "奖励", "奖", "税", "亩均", "补助", "贴息", "上市",
    "领航型企业", "科技型中小企业", "制造业 高质量发展", "数字经济", "单项冠军 奖励", "2029年", "研发",
    "万亿工业", "集群", "人才", "融资", "标准", "园区", "杭州", "宁波 制造业", "亿元", "股份制改造",
    "工业互联网", "智能制造", "绿色", "品牌", "小微企业园", "规上企业", "营业收入", "省级", "链主",
    "雄鹰", "企业技术中心", "区块链", "专精特新奖励", "小巨人企业",
]  # fmt: skip


def size_mb(db: Path) -> float:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6


def timed_build(folder: Path, db: Path, jobs: int) -> tuple[float, int]:
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    t = time.perf_counter()
    r = build(folder, db, jobs=jobs)
    dt = time.perf_counter() - t
    if r.failed:
        print(f"  {len(r.failed)} failed, first: {r.failed[0]}")
    n = max(len(r.added), 1)
    print(f"  (--jobs {jobs}) writing: {r.write_seconds:.1f} s = {r.write_seconds / n * 1000:.1f} ms per document "
          f"in the one writing process; load average {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    return dt, len(r.added)


def timed_builds(args, corpus: Path, db: Path, res: dict) -> int:
    out = args.out
    folder1 = corpus
    if args.jobs1_sample:
        folder1 = out / "corpus-sample"
        folder1.mkdir(exist_ok=True)
        for p in sorted(corpus.glob("*.txt"))[: args.jobs1_sample]:
            (folder1 / p.name).write_bytes(p.read_bytes())
    dt1, n1 = timed_build(folder1, out / "kb-jobs1.db", 1)
    print(f"build --jobs 1: {n1} docs in {dt1:.1f} s = {n1 / dt1:.2f} docs/s", flush=True)
    dt2, n2 = timed_build(corpus, db, 2)
    print(f"build --jobs 2: {n2} docs in {dt2:.1f} s = {n2 / dt2:.2f} docs/s", flush=True)
    ratio = (n2 / dt2) / (n1 / dt1)
    print(f"  speed-up --jobs 2 / --jobs 1: {ratio:.2f}x (goal >= 1.7x)", flush=True)
    res.update(jobs1_docs=n1, jobs1_s=dt1, jobs2_docs=n2, jobs2_s=dt2, speedup=ratio)
    return n2


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    ap.add_argument("--jobs1-sample", type=int, default=0, help="build --jobs 1 on the first N files only")
    ap.add_argument(
        "--speedup-sample",
        type=int,
        default=0,
        help="only compare --jobs 1 and --jobs 2 on the first N files (separate bases), then stop",
    )
    ap.add_argument(
        "--search-only",
        action="store_true",
        help="skip the timed builds: measure no-op rebuild, search and size on the existing base",
    )
    args = ap.parse_args()
    out = args.out
    corpus = out / "corpus"
    t = time.perf_counter()
    make_corpus(args.n, corpus)
    print(f"corpus: {args.n} files in {corpus} ({time.perf_counter() - t:.1f} s)", flush=True)
    res: dict[str, object] = {"n": args.n, "cpus": os.cpu_count(), "loadavg_start": os.getloadavg()[0]}
    res["code"] = str(ROOT)

    segmenter()  # load jieba once, outside the timings
    if args.speedup_sample:
        sample = out / "corpus-sample"
        sample.mkdir(exist_ok=True)
        for p in sorted(corpus.glob("*.txt"))[: args.speedup_sample]:
            (sample / p.name).write_bytes(p.read_bytes())
        rates = {}
        for jobs in (1, 2):
            dt, n = timed_build(sample, out / f"kb-sample-jobs{jobs}.db", jobs)
            rates[jobs] = n / dt
            print(f"sample build --jobs {jobs}: {n} docs in {dt:.1f} s = {n / dt:.2f} docs/s", flush=True)
        print(f"  speed-up --jobs 2 / --jobs 1: {rates[2] / rates[1]:.2f}x (goal >= 1.7x); "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
        return
    db = out / "kb-jobs2.db"
    if args.search_only:
        prev = json.loads((out / "bench_kb.json").read_text(encoding="utf-8"))
        res.update(
            {k: prev[k] for k in ("jobs1_docs", "jobs1_s", "jobs2_docs", "jobs2_s", "speedup") if k in prev}
        )
        n2 = prev.get("jobs2_docs", args.n)
    else:
        n2 = timed_builds(args, corpus, db, res)
    noop = []
    for _ in range(3):
        t = time.perf_counter()
        r = build(corpus, db)
        noop.append(time.perf_counter() - t)
        if r.changes or r.added or r.updated:
            print(f"  not a no-op: {len(r.updated)} updated (the code changed during the run?)")
    print(f"no-op rebuild of {n2} docs: median {statistics.median(noop):.2f} s (goal < 2 s)", flush=True)
    res["noop_s"] = statistics.median(noop)

    conn = connect(db)
    seg = segmenter()
    lat, hits = [], {}
    for q in QUERIES:
        search(conn, q, seg)  # warm
    per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
    for _ in range(10):
        for q in QUERIES:
            t = time.perf_counter()
            hits[q] = len(search(conn, q, seg, limit=20))
            ms = (time.perf_counter() - t) * 1000
            lat.append(ms)
            per_query[q].append(ms)
    lat.sort()
    p50, p95 = lat[len(lat) // 2], lat[int(len(lat) * 0.95)]
    print(f"search over {len(QUERIES)} queries x 10: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {lat[-1]:.1f} ms "
          f"(goal p95 < 20 ms)", flush=True)  # fmt: skip
    slowest = sorted(per_query, key=lambda q: -statistics.median(per_query[q]))[:5]
    print(
        "  slowest (median ms): " + ", ".join(f"{q} {statistics.median(per_query[q]):.1f}" for q in slowest)
    )
    res.update(search_p50_ms=p50, search_p95_ms=p95, search_max_ms=lat[-1], hits=hits, slowest=slowest)
    mb = size_mb(db)
    print(f"base: {mb:.0f} MB for {n2} docs ({mb * 1000 / max(n2, 1):.0f} KB/doc)", flush=True)
    res["size_mb"] = mb
    res["loadavg_end"] = os.getloadavg()[0]
    (out / "bench_kb.json").write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
