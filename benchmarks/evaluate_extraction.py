"""Precision and recall of extraction against the gold read by hand in ``tests/data/gold/``.

    python benchmarks/evaluate_extraction.py            # table per fact type and document
    python benchmarks/evaluate_extraction.py --details  # plus every miss and false positive

Documents: the policies of ``policies_raw/manifest.toml`` and every dev-corpus text with a gold file
(its id is the file name); a gold file with a header and no rows means "none": every prediction is then a false
positive. Each fact type is a ``FactType``: where its gold lives (``<doc id><suffix>``), how
to read it, how to take predictions from ``Facts``, and when a prediction matches a gold row. Add a
fact type with ``register(FactType(...))`` next to the ones below. Matching is one-to-one: pairs are
scored, the best pairs are taken first, and every gold row and prediction is used at most once.

Targets match when value, unit and year are exactly equal and the subject or the quote overlaps
(the gold ``quote_fragment`` inside the predicted quote, or subjects equal after folding quotes,
width and spaces, or one containing the other). Awards match when amount, unit, threshold and rate are equal and
the quote or recipient overlaps. Tiers match on name, rank and target.
"""

from __future__ import annotations

import csv
import json
import math
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold"
POLICIES = ROOT / "policies_raw"
CORPUS = ROOT / "tests" / "data" / "corpus"
sys.path.insert(0, str(ROOT))


# --- gold files -----------------------------------------------------------------------------------


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a gold TSV; lines starting with ``#`` are comments."""
    lines = [
        ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")
    ]
    return [
        {k: (v or "").strip() for k, v in row.items()}
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]


def number(s: str | None) -> float | None:
    return float(s) if s not in (None, "") else None


def year(s: str | None) -> int | None:
    return int(s) if s not in (None, "") else None


def same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def fold(s: str) -> str:
    from extractors.entities import key

    return key(s or "")


def overlaps(a: str, b: str, min_share: float = 0.6) -> bool:
    """One text inside the other, the shorter being at least ``min_share`` of the longer."""
    x, y = sorted((fold(a), fold(b)), key=len)
    return bool(x) and x in y and len(x) >= min_share * len(y)


def contains(quote: str, fragment: str) -> bool:
    """The gold fragment is inside the predicted quote."""
    f = fold(fragment)
    return bool(f) and f in fold(quote)


# --- the pluggable part ---------------------------------------------------------------------------


@dataclass
class FactType:
    name: str
    suffix: str  # gold file: <doc id><suffix>
    read_gold: Callable[[Path], list[dict[str, Any]]]
    predict: Callable[[Any], list[Any]]  # Facts -> predictions
    score: Callable[[dict[str, Any], Any], int]  # 0 = no match; higher = better match
    show_gold: Callable[[dict[str, Any]], str]
    show_pred: Callable[[Any], str]


FACT_TYPES: dict[str, FactType] = {}


def register(ft: FactType) -> FactType:
    FACT_TYPES[ft.name] = ft
    return ft


def _target_score(g: dict[str, Any], t: Any) -> int:
    if not (same_number(number(g["value"]), t.value) and g["unit"] == t.unit and year(g["year"]) == t.year):
        return 0
    by_subject = fold(g["subject"]) == fold(t.subject) or overlaps(g["subject"], t.subject)
    by_quote = contains(t.quote, g["quote_fragment"])
    return int(by_subject) + int(by_quote) + (fold(g["subject"]) == fold(t.subject))


register(
    FactType(
        name="targets",
        suffix=".targets.tsv",
        read_gold=read_tsv,
        predict=lambda facts: facts.targets,
        score=_target_score,
        show_gold=lambda g: (
            f"{g['subject']} = {g['value']} {g['unit']} ({g['year'] or '-'}) «{g['quote_fragment']}»"
        ),
        show_pred=lambda t: f"{t.subject} = {t.value:g} {t.unit} ({t.year or '-'}) «{t.quote}»",
    )
)


def _read_tiers(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["tiers"]


def _tier_score(g: dict[str, Any], t: Any) -> int:
    if fold(g["name"]) != fold(t.name) or g["rank"] != t.rank or not same_number(g.get("target"), t.target):
        return 0
    members = {fold(m["name"]) for m in g["members"]}
    got = {fold(m.name) for m in t.members}
    return 1 + (members == got) + (g.get("next") == t.next)


register(
    FactType(
        name="tiers",
        suffix=".tiers.json",
        read_gold=_read_tiers,
        predict=lambda facts: facts.tiers,
        score=_tier_score,
        show_gold=lambda g: f"{g['rank']}. {g['name']} {g.get('target')} -> {g.get('next')}",
        show_pred=lambda t: f"{t.rank}. {t.name} {t.target} -> {t.next}",
    )
)


def _award_score(g: dict[str, Any], a: Any) -> int:
    """Awards match when amount, unit, threshold and rate (a share, 0.5 for 50 %) are exactly equal and the quote
    or recipient overlaps."""
    th = (number(g["threshold_value"]), g["threshold_unit"]) if g["threshold_value"] else None
    a_th = (a.threshold.value, a.threshold.unit) if a.threshold else None
    same_th = (th is None and a_th is None) or (
        th is not None and a_th is not None and same_number(th[0], a_th[0]) and th[1] == a_th[1]
    )
    same_rate = same_number(number(g.get("rate")), a.rate)
    if not (same_number(number(g["amount"]), a.amount) and g["unit"] == a.unit and same_th and same_rate):
        return 0
    by_quote = overlaps(g["quote_fragment"], a.quote)
    by_recipient = fold(g["recipient"]) == fold(a.recipient)
    if not (by_quote or by_recipient):
        return 0
    return int(by_quote) + int(by_recipient)


register(
    FactType(
        name="awards",
        suffix=".awards.tsv",
        read_gold=read_tsv,
        predict=lambda facts: facts.awards,
        score=_award_score,
        show_gold=lambda g: (
            f"{g['recipient']} {g['amount'] or '-'} {g['unit']} @{g['threshold_value'] or '-'}{g['threshold_unit']}"
            f"{' rate ' + g['rate'] if g.get('rate') else ''} «{g['quote_fragment']}»"
        ),
        show_pred=lambda a: (
            f"{a.recipient} {a.amount if a.amount is None else f'{a.amount:g}'} {a.unit}"
            f" @{f'{a.threshold.value:g}{a.threshold.unit}' if a.threshold else '-'}"
            f"{f' rate {a.rate:g}' if a.rate is not None else ''} «{a.quote}»"
        ),
    )
)


def _reference_score(g: dict[str, Any], r: Any) -> int:
    """References match on kind and canonical target; the quote as written adds to the score."""
    if g["kind"] != r.kind or g["target"] != r.target:
        return 0
    return 1 + (g["quote"] == r.quote)


register(
    FactType(
        name="references",
        suffix=".references.tsv",
        read_gold=read_tsv,
        predict=lambda facts: facts.references,
        score=_reference_score,
        show_gold=lambda g: f"{g['kind']}: {g['target']}",
        show_pred=lambda r: f"{r.kind}: {r.target} «{r.quote}»",
    )
)


# --- evaluation -----------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, other: Result) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses += other.misses
        self.false_positives += other.false_positives


def match(ft: FactType, gold: list[dict[str, Any]], preds: list[Any], doc_id: str = "") -> Result:
    pairs = sorted(
        ((ft.score(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(preds)),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    for score, gi, pi in pairs:
        if score <= 0:
            break
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
    r = Result(ft.name, tp=len(used_g))
    r.misses = [f"{doc_id}: {ft.show_gold(g)}" for gi, g in enumerate(gold) if gi not in used_g]
    r.false_positives = [f"{doc_id}: {ft.show_pred(p)}" for pi, p in enumerate(preds) if pi not in used_p]
    r.fn, r.fp = len(r.misses), len(r.false_positives)
    return r


def documents() -> list[tuple[str, Path]]:
    """(doc id, file) of every policy in the manifest, then every dev-corpus text (id = file name
    without extension) that has a gold file."""
    manifest = tomllib.loads((POLICIES / "manifest.toml").read_text(encoding="utf-8"))
    docs = [(d["id"], POLICIES / d["file"]) for d in manifest.get("document", [])]
    with_gold = {p.name.split(".")[0] for p in GOLD.iterdir() if p.is_file()}
    docs += [(f.stem, f) for f in sorted(CORPUS.glob("*/*.txt")) if f.stem in with_gold]
    return docs


def evaluate(
    names: list[str] | None = None, corpus: bool = True
) -> tuple[dict[str, Result], dict[tuple[str, str], Result]]:
    """Totals per fact type, and results per (fact type, doc id), over every document with gold
    (``corpus=False``: the manifest's policies only)."""
    from pipeline import parse_file
    from pipeline.extract import extract

    names = names or list(FACT_TYPES)
    totals = {n: Result(n) for n in names}
    per_doc: dict[tuple[str, str], Result] = {}
    for doc_id, path in documents():
        if not corpus and path.parent != POLICIES:
            continue
        if not any((GOLD / f"{doc_id}{FACT_TYPES[n].suffix}").exists() for n in names):
            continue
        facts = extract(parse_file(path, doc_id))
        for n in names:
            ft = FACT_TYPES[n]
            gold_file = GOLD / f"{doc_id}{ft.suffix}"
            if not gold_file.exists():
                continue
            r = match(ft, ft.read_gold(gold_file), ft.predict(facts), doc_id)
            per_doc[(n, doc_id)] = r
            totals[n].add(r)
    return totals, per_doc


def main(argv: list[str]) -> int:
    details = "--details" in argv
    names = [a for a in argv if not a.startswith("-")] or None
    totals, per_doc = evaluate(names)
    print(
        f"{'fact type':<12} {'document':<24} {'gold':>5} {'pred':>5} {'tp':>4} {'precision':>9} {'recall':>7}"
    )
    print_scores([*per_doc.items(), *(((n, "ALL"), r) for n, r in totals.items())], totals, details)
    return 0


def print_scores(rows, totals, details: bool, width: int = 24) -> None:
    """One line per ``((fact type, document), Result)`` row; with ``details`` every miss and false fact."""
    for (n, doc_id), r in rows:
        print(
            f"{n:<12} {doc_id:<{width}} {r.tp + r.fn:>5} {r.tp + r.fp:>5} {r.tp:>4} {r.precision:>9.3f} {r.recall:>7.3f}"
        )
    if details:
        for n, r in totals.items():
            for m in r.misses:
                print(f"MISS  {n}: {m}")
            for m in r.false_positives:
                print(f"FALSE {n}: {m}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
