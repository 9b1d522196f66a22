"""Every file-taking command on every real file: wall time per file and command, and every crash.

    python benchmarks/bench_cli_files.py [--slow SECONDS]

Runs ``parse``, ``extract`` (json and table), ``show``, ``lint`` and ``lint --format json --docx-out``
in one process (click's CliRunner, after one warm-up run, so start-up is not counted) on the 90 texts
of ``tests/data/corpus``, the PDFs and DOCX/Markdown files of ``tests/data/formats``, the PDFs of
``tests/data/renditions`` and ``policies_raw``. Prints one line per file (total, then each command)
and a line per crash: an exception, or an exit code other than 0 (lint: 0 or 1). Ends with the files
whose slowest command took more than ``--slow`` seconds (default 10). Exit 1 if anything crashed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402

from pipeline.cli import main as cli  # noqa: E402


def files() -> list[Path]:
    data = ROOT / "tests" / "data"
    return [
        *sorted((data / "corpus").rglob("*.txt")),
        *sorted((data / "formats").rglob("*.pdf")),
        *sorted((data / "renditions").glob("*.pdf")),
        *sorted((data / "formats").rglob("*.docx")),
        *sorted((data / "formats").rglob("*.md")),
        *sorted((ROOT / "policies_raw").glob("*.txt")),
    ]


def commands(f: Path, out: Path) -> dict[str, list[str]]:
    return {
        "parse": ["parse", str(f)],
        "extract": ["extract", str(f)],
        "extract-table": ["extract", str(f), "--format", "table"],
        "show": ["show", str(f), "-o", str(out / f"{f.stem}.html")],
        "lint": ["lint", str(f)],
        "lint-json-docx": ["lint", str(f), "--format", "json", "--docx-out", str(out / f"{f.stem}.docx")],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--slow", type=float, default=10.0, help="report commands slower than this (seconds)")
    args = ap.parse_args()
    runner = CliRunner()
    out = Path(tempfile.mkdtemp(prefix="policykb-bench-"))
    todo = files()
    runner.invoke(cli, ["extract", str(todo[0])])  # warm-up: jieba, spaCy, lexicons
    crashes, slow, grand = 0, [], 0.0
    for f in todo:
        times: dict[str, float] = {}
        for name, argv in commands(f, out).items():
            t = time.perf_counter()
            r = runner.invoke(cli, argv)
            times[name] = time.perf_counter() - t
            ok = r.exit_code in ((0, 1) if name.startswith("lint") else (0,))
            if not ok or (r.exception is not None and not isinstance(r.exception, SystemExit)):
                crashes += 1
                print(f"CRASH {name} {f.relative_to(ROOT)}: exit {r.exit_code} {r.stderr[-300:]!r}")
                if r.exc_info and not isinstance(r.exception, SystemExit):
                    traceback.print_exception(*r.exc_info)
        total = sum(times.values())
        grand += total
        worst = max(times, key=times.get)
        if times[worst] > args.slow:
            slow.append(f"{f.relative_to(ROOT)}: {worst} {times[worst]:.1f} s")
        cells = " ".join(f"{k}={v:.2f}" for k, v in times.items())
        print(f"{total:7.2f} s  {cells}  {f.relative_to(ROOT)} ({f.stat().st_size:,} bytes)", flush=True)
    print(f"{len(todo)} files, {len(todo) * 6} runs, {grand:.1f} s, {crashes} crashes")
    print(f"slower than {args.slow:g} s: " + ("; ".join(slow) if slow else "none"))
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
