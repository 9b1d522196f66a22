"""Generate a benchmark corpus of policies by varying the two real Taizhou policies.

Each generated file takes one of the two real texts and changes, deterministically from its number:
the city (台州 -> another city of the list), every plain number (scaled by 0.5–1.5, same kind of
number), the years (shifted together by -6..+6, so periods stay consistent), and the order of a few
neighbouring body paragraphs. The output folder gets no manifest: ids are the file stems.

    python benchmarks/make_corpus.py 2000 benchmarks/out/corpus

Not part of the tests (it writes thousands of files); ``benchmarks/bench_kb.py`` calls it.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "policies_raw").glob("*.txt"))
CITIES = [
    "杭州",
    "宁波",
    "温州",
    "嘉兴",
    "湖州",
    "绍兴",
    "金华",
    "衢州",
    "舟山",
    "丽水",
    "苏州",
    "无锡",
    "常州",
    "南通",
    "扬州",
    "泉州",
    "厦门",
    "福州",
    "佛山",
    "东莞",
    "中山",
    "珠海",
    "惠州",
    "潍坊",
    "烟台",
    "临沂",
    "洛阳",
    "襄阳",
    "宜昌",
    "株洲",
    "芜湖",
    "合肥",
    "赣州",
    "柳州",
    "绵阳",
    "遵义",
    "曲靖",
    "榆林",
    "包头",
    "银川",
]
NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])")


def _year(n: int) -> bool:
    return 1990 <= n <= 2040


def vary(text: str, rng: random.Random) -> str:
    city = rng.choice(CITIES)
    shift = rng.randint(-6, 6)

    def number(m: re.Match) -> str:
        s = m.group(1)
        if "." in s:
            return f"{float(s) * rng.uniform(0.5, 1.5):.1f}"
        n = int(s)
        if _year(n):
            return str(n + shift)
        if n <= 12:  # months, days, list numbers: keep
            return s
        return str(max(1, round(n * rng.uniform(0.5, 1.5))))

    text = NUMBER.sub(number, text.replace("台州", city))
    lines = text.split("\n")
    body = [i for i, ln in enumerate(lines) if len(ln) > 60]
    for _ in range(3):
        if len(body) > 2:
            i = rng.randrange(len(body) - 1)
            a, b = body[i], body[i + 1]
            lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def make_corpus(n: int, out: Path, seed: int = 20241209) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    paths = []
    for i in range(n):
        rng = random.Random(seed * 100003 + i)
        path = out / f"gen-{i:05d}.txt"
        text = vary(texts[i % len(texts)], rng)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    for extra in out.glob("gen-*.txt"):
        if extra not in paths:
            extra.unlink()
    return paths


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "benchmarks" / "out" / "corpus"
    print(f"{len(make_corpus(n, out))} files in {out}")
