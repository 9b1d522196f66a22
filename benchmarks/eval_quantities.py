"""Run other parsers' expected-value tables through ``parse_number`` / ``find_quantities``.

Usage: ``python benchmarks/eval_quantities.py [-v]`` prints the pass rate per table (in scope only)
and how many cases each exclusion rule removed; ``-v`` lists every in-scope failure.

Tables (``tests/data/quantities/specs/``, copied unchanged from the projects named in their files):
cn2an (numeral tables per mode, error lists, sentence transforms), JioNLP money parser and
extractor, chinese2digits, and Microsoft Recognizers-Text Chinese Number / Percent / NumberRange /
Ordinal / Currency / Dimension / Age / Temperature models. Each loader turns a table row into one
``Case`` whose check says what "pass" means for that table (see the ``_check_*`` functions).

Out-of-scope rows are removed by ``spec_exclusions.tsv`` (table, regex on the input, category,
reason). In-scope rows we still get wrong are listed in ``spec_known_failures.tsv`` (the test fails
if a new failure appears or a listed one starts passing).
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.quantities import find_quantities, parse_number  # noqa: E402
from knowledge_base.model import Quantity  # noqa: E402

DATA = ROOT / "tests" / "data" / "quantities"
SPECS = DATA / "specs"


@dataclass
class Rule:
    table: str
    pattern: str
    category: str
    reason: str
    rx: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.rx = re.compile(self.pattern)

    def applies(self, table: str, text: str) -> bool:
        t = self.table
        ok = table == t or (t.endswith("*") and table.startswith(t[:-1]))
        return ok and bool(self.rx.search(text))


@dataclass
class Case:
    table: str
    input: str
    expected: object
    check: Callable[[Case], tuple[bool, str]]
    passed: bool = False
    detail: str = ""
    excluded_by: Rule | None = None

    @property
    def in_scope(self) -> bool:
        return self.excluded_by is None


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)


def _show(qs: list[Quantity]) -> str:
    return (
        "; ".join(f"{q.text}={q.value}{q.unit}[{q.low},{q.high}]{q.bound}/{q.role}" for q in qs) or "nothing"
    )


# --- checks ----------------------------------------------------------------------------------------


def _check_value(c: Case) -> tuple[bool, str]:
    got = parse_number(c.input)
    return _close(got, float(c.expected)), f"parse_number -> {got}"


def _check_error(c: Case) -> tuple[bool, str]:
    got = parse_number(c.input)
    return got is None, f"parse_number -> {got} (expected None)"


def _numbers(q: Quantity) -> list[float]:
    if q.low is not None and q.high is not None and q.role != "period":
        return [q.low, q.high]
    return [q.value] if q.value is not None else []


def _check_transform(c: Case) -> tuple[bool, str]:
    """Every number of the Arabic rendering is found, and nothing else."""
    want = sorted(float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", str(c.expected)))
    qs = find_quantities(c.input)
    got = sorted(v for q in qs for v in _numbers(q))
    ok = len(want) == len(got) and all(_close(a, b) for a, b in zip(want, got, strict=True))
    return ok, _show(qs)


def _check_parse_items(c: Case) -> tuple[bool, str]:
    """Recognizers Number / chinese2digits: each extracted numeral reads to the expected value."""
    bad = []
    for text, value in c.expected:
        got = parse_number(text)
        if not _close(got, value):
            bad.append(f"{text} -> {got} (expected {value})")
    return not bad, "; ".join(bad)


def _check_found(role_ok: Callable[[Quantity], bool], scale: float = 1.0):
    """Each expected value is the value of some quantity found in the input whose role fits."""

    def check(c: Case) -> tuple[bool, str]:
        qs = [q for q in find_quantities(c.input) if role_ok(q)]
        # a range found where the table has one end of it (5-20% -> 20%) counts
        values = [v for q in qs for v in (q.value, q.low, q.high) if v is not None]
        missing = [v for v in c.expected if not any(_close(v * scale, x) for x in values)]
        if not c.expected:
            return not qs, _show(qs)
        return not missing, f"missing {missing}; found {_show(qs)}"

    return check


def _parse_interval(s: str) -> tuple[float | None, float | None]:
    lo, hi = s.strip("[]()").split(",")
    return (float(lo) if lo else None, float(hi) if hi else None)


def _is_min(q: Quantity, v: float) -> bool:
    # 大于100 (min), and 五百多个 / 二百三十余万 whose low end is the table's open lower bound
    return (_close(q.value, v) and q.bound == "min") or (_close(q.low, v) and q.qualifier in ("余", "多"))


def _check_range(c: Case) -> tuple[bool, str]:
    """An interval is one quantity with low/high, or (our convention for 1000以上，1500以下 and
    大于10小于20) a min quantity and a max quantity; 等于 X is an exact X."""
    qs = find_quantities(c.input)
    missing = []
    for lo, hi in c.expected:
        if lo is not None and hi is not None and _close(lo, hi):
            ok = any(_close(q.value, lo) and q.bound == "exact" for q in qs)
        elif lo is not None and hi is not None:
            ok = any(_close(q.low, lo) and _close(q.high, hi) for q in qs) or (
                any(_is_min(q, lo) for q in qs) and any(_close(q.value, hi) and q.bound == "max" for q in qs)
            )
        elif lo is not None:
            ok = any(_is_min(q, lo) for q in qs)
        else:
            ok = any(_close(q.value, hi) and q.bound == "max" for q in qs)
        if not ok:
            missing.append((lo, hi))
    return not missing, f"missing {missing}; found {_show(qs)}"


JIO_BOUND = {"accurate": {"exact"}, "blur": {"approx", "range"}, "blur-": {"max"}, "blur+": {"min"}}


def _check_jio_parse(c: Case) -> tuple[bool, str]:
    e = c.expected
    qs = [q for q in find_quantities(c.input) if q.role == "amount"]
    if len(qs) != 1:
        return False, f"{len(qs)} amounts: {_show(qs)}"
    q = qs[0]
    if isinstance(e["num"], list):
        ok = _close(q.low, float(e["num"][0])) and _close(q.high, float(e["num"][1]))
    else:
        ok = _close(q.value, float(e["num"]))
    ok = ok and q.unit == e["case"] and q.bound in JIO_BOUND[e["definition"]]
    return ok, _show(qs)


def _check_jio_extract(c: Case) -> tuple[bool, str]:
    want = [(e["text"], tuple(e["offset"])) for e in c.expected]
    qs = [q for q in find_quantities(c.input) if q.role == "amount"]
    got = [(q.text, (q.span.start, q.span.end)) for q in qs]
    return got == want, str(got)


# --- loaders ---------------------------------------------------------------------------------------


def _json(rel: str):
    return json.loads((SPECS / rel).read_text(encoding="utf-8"))


def _cn2an() -> list[Case]:
    t = _json("cn2an/cn2an_test.json")["tables"]
    out = []
    # cn2an_test.py checks strict_data_dict in "strict", normal_data_dict in "normal", smart_data_dict in
    # "smart" and direct_data_dict in "direct" mode; parse_number (cn2an "smart" plus our own Arabic reader)
    # should read all of them, and reject the error lists.
    for name, mode in [
        ("strict_data_dict", "strict"),
        ("normal_data_dict", "normal"),
        ("smart_data_dict", "smart"),
        ("direct_data_dict", "direct"),
    ]:
        out += [Case(f"cn2an/{mode}", i, e, _check_value) for i, e in t[name]]
    for name in ["error_smart_datas", "error_normal_datas", "error_strict_datas"]:
        out += [Case(f"cn2an/{name.split('_')[1]}-errors", i, None, _check_error) for i in t[name]]
    tr = _json("cn2an/transform_test.json")["tables"]
    # strict_data_dict is [arabic, chinese]; smart and direct_cn2an are [chinese, arabic]; direct_an2cn is
    # [arabic, chinese]: we read the side with words and expect the numbers of the Arabic side.
    out += [Case("cn2an/transform", cn, an, _check_transform) for an, cn in tr["strict_data_dict"]]
    out += [Case("cn2an/transform", cn, an, _check_transform) for cn, an in tr["smart_data_dict"]]
    out += [Case("cn2an/transform", cn, an, _check_transform) for cn, an in tr["direct_cn2an_data_dict"]]
    out += [Case("cn2an/transform", an, an, _check_transform) for an, _cn in tr["direct_an2cn_data_dict"]]
    return out


def _jionlp() -> list[Case]:
    p = _json("jionlp/test_money_parser.json")["tables"]["money_string_list"]
    x = _json("jionlp/test_money_extractor.json")["tables"]["money_string_list"]
    return [Case("jionlp/money_parser", i, e, _check_jio_parse) for i, e in p] + [
        Case("jionlp/money_extractor", i, e, _check_jio_extract) for i, e in x
    ]


def _c2d_value(s: str) -> float | None:
    if "/" in s:
        a, b = s.split("/")
        return float(a) / float(b)
    if s.endswith("%"):
        return float(s[:-1]) / 100
    try:
        return float(s)
    except ValueError:
        return None


def _chinese2digits() -> list[Case]:
    out = []
    for c in _json("chinese2digits/test_cases.json")["cases"]:
        e = c["expected"]
        for ch, digits in zip(e["CHNumberStringList"], e["digitsStringList"], strict=True):
            out.append(Case("chinese2digits", ch, [(ch, _c2d_value(digits))], _check_parse_items))
    return out


def _rt(rel: str) -> list[dict]:
    return _json(f"recognizers-text/{rel}.json")


def _recognizers() -> list[Case]:
    out = []
    for x in _rt("Number/Chinese/NumberModel"):
        items = [(r["Text"], float(r["Resolution"]["value"])) for r in x["Results"]]
        out.append(Case("recognizers/Number", x["Input"], items, _check_parse_items))
    for x in _rt("Number/Chinese/PercentModel"):
        vals = [float(r["Resolution"]["value"].rstrip("%")) for r in x["Results"]]
        out.append(
            Case("recognizers/Percent", x["Input"], vals, _check_found(lambda q: q.role in ("percent", "pp")))
        )
    for name in ["NumberRangeModel", "NumberRangeModelExperimentalMode"]:
        for x in _rt(f"Number/Chinese/{name}"):
            ivs = [_parse_interval(r["Resolution"]["value"]) for r in x["Results"]]
            out.append(Case(f"recognizers/{name.replace('Model', '')}", x["Input"], ivs, _check_range))
    for x in _rt("Number/Chinese/OrdinalModel"):
        vals = [float(r["Resolution"]["value"]) for r in x["Results"]]
        out.append(Case("recognizers/Ordinal", x["Input"], vals, _check_found(lambda q: q.role == "ordinal")))
    for name, role_ok in [
        ("Currency", lambda q: q.role == "amount"),
        ("Dimension", lambda q: q.role in ("measure", "count")),
        ("Age", lambda q: q.role == "measure"),
        ("Temperature", lambda q: q.role == "measure"),
    ]:
        for x in _rt(f"NumberWithUnit/Chinese/{name}Model"):
            vals = [
                float(r["Resolution"]["value"])
                for r in x["Results"]
                if r["Resolution"].get("value") is not None
            ]
            out.append(Case(f"recognizers/{name}", x["Input"], vals, _check_found(role_ok)))
    return out


TABLES = [
    "cn2an/strict", "cn2an/normal", "cn2an/smart", "cn2an/direct", "cn2an/smart-errors", "cn2an/normal-errors",
    "cn2an/strict-errors", "cn2an/transform", "jionlp/money_parser", "jionlp/money_extractor", "chinese2digits",
    "recognizers/Number", "recognizers/Percent", "recognizers/NumberRange", "recognizers/NumberRangeExperimentalMode",
    "recognizers/Ordinal", "recognizers/Currency", "recognizers/Dimension", "recognizers/Age", "recognizers/Temperature",
]  # fmt: skip


def _tsv(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def exclusions() -> list[Rule]:
    return [Rule(*r[:4]) for r in _tsv("spec_exclusions.tsv")]


def known_failures() -> set[tuple[str, str]]:
    return {(r[0], r[1]) for r in _tsv("spec_known_failures.tsv")}


def evaluate() -> list[Case]:
    rules = exclusions()
    cases = _cn2an() + _jionlp() + _chinese2digits() + _recognizers()
    for c in cases:
        c.excluded_by = next((r for r in rules if r.applies(c.table, c.input)), None)
        c.passed, c.detail = c.check(c)
    return cases


def main(argv: list[str]) -> None:
    cases = evaluate()
    print(f"{'table':42} {'cases':>5} {'excl':>5} {'in scope':>8} {'pass':>5} {'rate':>7} {'all cases':>10}")
    total = [0, 0, 0, 0]
    for t in TABLES:
        cs = [c for c in cases if c.table == t]
        scope = [c for c in cs if c.in_scope]
        ok = sum(c.passed for c in scope)
        ok_all = sum(c.passed for c in cs)
        total[0] += len(cs)
        total[1] += len(scope)
        total[2] += ok
        total[3] += ok_all
        rate = f"{100 * ok / len(scope):.1f}%" if scope else "-"
        print(
            f"{t:42} {len(cs):5} {len(cs) - len(scope):5} {len(scope):8} {ok:5} {rate:>7} {100 * ok_all / len(cs):9.1f}%"
        )
    print(
        f"{'all':42} {total[0]:5} {total[0] - total[1]:5} {total[1]:8} {total[2]:5} "
        f"{100 * total[2] / total[1]:6.1f}% {100 * total[3] / total[0]:9.1f}%"
    )
    print("('all cases': the pass rate over every case, the excluded ones included)")
    print("\nexcluded by category:")
    cats: dict[str, int] = {}
    for c in cases:
        if c.excluded_by:
            cats[c.excluded_by.category] = cats.get(c.excluded_by.category, 0) + 1
    for k, v in sorted(cats.items(), key=lambda kv: -kv[1]):
        print(f"  {v:4}  {k}")
    if "-v" in argv:
        print("\nin-scope failures:")
        for c in cases:
            if c.in_scope and not c.passed:
                print(f"  {c.table}\t{c.input}\t{c.detail}")


if __name__ == "__main__":
    main(sys.argv[1:])
