"""Seeded version pairs of the real policies with RECORDED edits, and the scorer of a diff against them.

Each mutation takes one policy of ``policies_raw/`` as the old version and makes a new version by
editing its text the way drafters do: a changed value, deadline year or qualifier of a target or an
award, a changed award threshold, 万元 slipped to 亿元, an added or removed target sentence, a moved
paragraph, a split or merged paragraph, a renumbered outline, or PDF-like reflow (line breaks inside
paragraphs, spaces between CJK and digits).
Every edit is recorded with its old and new value, so the diff can be scored: an edit is *found* when
a change reports it with the right old and new values; a change that no edit explains is a *false
report*. Moves must be reported as moved; renumbering and reflow must report nothing.

    python tests/data/diff/make_mutations.py [--seed N] [--no-facts]   # prints recall and false reports
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
POLICIES = sorted((ROOT / "policies_raw").glob("*.txt"))
SEED = 20241209
LAYOUT = ("renumber", "reflow", "split", "merge")  # edits that must report nothing

NUMBER = re.compile(
    r"(?<![\d.〔年第])(\d+(?:\.\d+)?)(\s*)(万元/人|万元/亩|万元|亿元|家|个|项|名|%)(以上|左右)?(?![\d号])"
)
YEAR = re.compile(r"到(\s*)(20\d\d)(\s*)年")
QUALIFIED = re.compile(r"(\d+(?:\.\d+)?)(\s*)(万元/人|万元/亩|万元|亿元|家|个|%)(以上|左右)")
THRESHOLD = re.compile(r"(首次(?:突破|达到)|收入(?:超|突破))(\d+(?:\.\d+)?)(亿元|万元)")
AWARD_CUE = re.compile(r"奖励|补助|给予")
TARGET_CUE = re.compile(r"达到|培育|力争|新增|突破|提升到|总数")
ENDERS = "。；"
OUTLINE = re.compile(r"^\s*(#+\s*)?([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+\.)")
HAN = "一二三四五六七八九十"
ADDED_SENTENCES = [
    ("到2029年，力争培育省级绿色低碳工厂{n}家以上。", 50),
    ("到2028年，累计新增国家级绿色工厂{n}家。", 12),
    ("对新认定的省级产业链上下游企业共同体，给予一次性{n}万元奖励。", 40),
    ("规上工业企业研发机构设置率达到{n}%以上；", 85),
]


@dataclass
class Edit:
    kind: str  # value | year | qualifier | threshold | added | removed | moved | renumber | reflow | split | merge
    fact: str  # "target" | "award" | "" (what the edited sentence is about)
    old: str  # the edited text as it was ("" when added)
    new: str  # ... and as it is ("" when removed)
    context_old: str = ""  # the sentence (year: paragraph) the edit is in, old version, whitespace removed
    context_new: str = ""
    old_value: float | None = None  # number as written (20 for "20家"), year, or None
    new_value: float | None = None
    old_qualifier: str = ""
    new_qualifier: str = ""


@dataclass
class Mutation:
    name: str
    policy: Path
    old_text: str
    new_text: str
    edits: list[Edit] = field(default_factory=list)


def compact(s: str) -> str:
    return "".join(s.split())


def _sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)``: up to 。 or ；, across line breaks inside a sentence."""

    def heading_at(k: int) -> bool:  # a line starting at k is a heading or an outline item
        return text[k : k + 1] == "#" or bool(OUTLINE.match(text[k : k + 8]))

    s = start
    while s > 0 and text[s - 1] not in ENDERS and not (text[s - 1] == "\n" and heading_at(s)):
        s -= 1
    e = end
    while e < len(text) and text[e] not in ENDERS and not (text[e] == "\n" and heading_at(e + 1)):
        e += 1
    if e < len(text) and text[e] in ENDERS:
        e += 1
    return s, e


def _paragraph_at(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, len(text) if e < 0 else e


def _fact_of(sentence: str) -> str:
    return "award" if AWARD_CUE.search(sentence) else ("target" if TARGET_CUE.search(sentence) else "")


def _body_sites(text: str, pattern: re.Pattern) -> list[re.Match]:
    """Matches of ``pattern`` in body lines (not headings, dates, the document number)."""
    out = []
    for m in pattern.finditer(text):
        ps, pe = _paragraph_at(text, m.start())
        line = text[ps:pe]
        if (
            line.lstrip().startswith("#")
            or len(line.strip()) < 25
            or "〔" in text[max(0, m.start() - 6) : m.start()]
        ):
            continue
        out.append(m)
    return out


def _new_number(old: str, rng: random.Random) -> str:
    v = float(old)
    if "." in old:
        return f"{v + rng.choice([0.5, 1.0, 1.5]):.1f}"
    choices = [int(v * 2), int(v * 3), int(v) + 5, int(v) + 10]
    if v >= 10 and int(v) % 2 == 0:
        choices.append(int(v) // 2)
    return str(rng.choice([c for c in choices if c != int(v)]))


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _substitute(
    text: str, m: re.Match, group: int, new: str, kind: str, fact: str | None = None,
    written: tuple[int, int] = (0, 0), **values,
) -> tuple[str, list[Edit]]:  # fmt: skip
    """Replace group ``group`` of ``m`` by ``new`` and record the edit: the text as written before and
    after (groups ``written[0]``..``written[1]`` of the match, all of it by default) and the sentence
    around it in both versions; ``values`` are the Edit's values and qualifiers."""
    s, e = _sentence_at(text, m.start(), m.end())
    new_text = _replace(text, m.start(group), m.end(group), new)
    a, b = m.start(written[0]), m.end(written[1])
    old_written = text[a:b]
    new_written = text[a : m.start(group)] + new + text[m.end(group) : b]
    delta = len(new) - len(m.group(group))
    edit = Edit(
        kind, _fact_of(text[s:e]) if fact is None else fact, old_written, new_written,
        compact(text[s:e]), compact(new_text[s : e + delta]), **values,
    )  # fmt: skip
    return new_text, [edit]


def mut_value(text: str, rng: random.Random, want: str) -> tuple[str, list[Edit]] | None:
    sites = []
    for m in _body_sites(text, NUMBER):
        s, e = _sentence_at(text, m.start(), m.end())
        if _fact_of(text[s:e]) == want:
            sites.append(m)
    if not sites:
        return None
    m = rng.choice(sites)
    new_num = _new_number(m.group(1), rng)
    return _substitute(text, m, 1, new_num, "value", want, old_value=float(m.group(1)), new_value=float(new_num))


def mut_year(text: str, rng: random.Random) -> tuple[str, list[Edit]] | None:
    sites = _body_sites(text, YEAR)
    if not sites:
        return None
    m = rng.choice(sites)
    old_y = int(m.group(2))
    new_y = old_y + rng.choice([1, 2, 3])
    ps, pe = _paragraph_at(text, m.start())
    while pe < len(text) and not text[ps:pe].rstrip().endswith("。"):  # a paragraph split by a line break
        pe = _paragraph_at(text, pe + 1)[1]
    new_text = _replace(text, m.start(2), m.end(2), str(new_y))
    s, e = _sentence_at(text, m.start(), m.end())
    edit = Edit(
        "year",
        _fact_of(text[s:e]) or "target",
        m.group(0),
        m.group(0).replace(str(old_y), str(new_y)),
        compact(text[ps:pe]),
        compact(new_text[ps:pe]),
        old_y,
        new_y,
    )
    return new_text, [edit]


def mut_qualifier(text: str, rng: random.Random) -> tuple[str, list[Edit]] | None:
    sites = _body_sites(text, QUALIFIED)
    if not sites:
        return None
    m = rng.choice(sites)
    old_q = m.group(4)
    new_q = "左右" if old_q == "以上" else "以上"
    return _substitute(
        text, m, 4, new_q, "qualifier", old_value=float(m.group(1)), new_value=float(m.group(1)),
        old_qualifier=old_q, new_qualifier=new_q,
    )  # fmt: skip


def mut_threshold(text: str, rng: random.Random) -> tuple[str, list[Edit]] | None:
    sites = _body_sites(text, THRESHOLD)
    if not sites:
        return None
    m = rng.choice(sites)
    new_num = _new_number(m.group(2), rng)
    return _substitute(
        text, m, 2, new_num, "threshold", "award", (2, 3), old_value=float(m.group(2)), new_value=float(new_num)
    )


def _enders(text: str) -> list[int]:
    """Positions just after a 。 that ends a sentence inside a long body paragraph."""
    out = []
    for k, ch in enumerate(text):
        if ch == "。" and k + 1 < len(text) and text[k + 1] not in "\n”）)":
            ps, pe = _paragraph_at(text, k)
            if not text[ps:pe].lstrip().startswith("#") and pe - ps > 60:
                out.append(k + 1)
    return out


def mut_added(text: str, rng: random.Random) -> tuple[str, list[Edit]] | None:
    template, n = rng.choice(ADDED_SENTENCES)
    sentence = template.format(n=n + rng.choice([0, 5, 10]))
    if template.endswith("；"):
        sentence = sentence[:-1] + "。"
    pos = rng.choice(_enders(text))
    new_text = _replace(text, pos, pos, sentence)
    num = float(re.search(r"(\d+)(?:家|万元|%)", sentence).group(1))  # type: ignore[union-attr]
    return new_text, [Edit("added", _fact_of(sentence), "", sentence, "", compact(sentence), None, num)]


def mut_removed(text: str, rng: random.Random) -> tuple[str, list[Edit]] | None:
    sites = []
    for m in _body_sites(text, NUMBER):
        s, e = _sentence_at(text, m.start(), m.end())
        sentence = text[s:e]
        # a whole sentence after another one, inside its paragraph, with a number that is not a year
        if s > 0 and text[s - 1] in ENDERS and sentence[-1:] in ENDERS and not YEAR.search(sentence):
            sites.append((s, e))
    if not sites:
        return None
    s, e = rng.choice(sorted(set(sites)))
    sentence = text[s:e]
    new_text = _replace(text, s, e, "")
    first = NUMBER.search(sentence)
    return new_text, [
        Edit(
            "removed",
            _fact_of(sentence),
            sentence,
            "",
            compact(sentence),
            "",
            float(first.group(1)) if first else None,
        )
    ]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def mut_moved(text: str, rng: random.Random) -> tuple[str, list[Edit]] | None:
    paras = _paragraphs(text)

    def after_sentence(k: int) -> bool:
        """The previous non-blank line ends a sentence (so paragraph ``k`` is not a reflow fragment)."""
        while k > 0 and not text[paras[k - 1][0] : paras[k - 1][1]].strip():
            k -= 1
        return k > 0 and text[paras[k - 1][0] : paras[k - 1][1]].rstrip()[-1:] == "。"

    body = [
        (s, e)
        for k, (s, e) in enumerate(paras)
        if e - s > 40 and text[e - 1] == "。" and not OUTLINE.match(text[s:e]) and after_sentence(k)
    ]
    if len(body) < 3:
        return None
    s, e = rng.choice(body)
    para = text[s:e]
    rest = text[:s] + text[e + 1 :]
    targets = [
        pe for ps, pe in _paragraphs(rest) if pe - ps > 20 and rest[pe - 1] == "。" and abs(ps - s) > 800
    ]
    if not targets:
        return None
    at = rng.choice(targets)
    new_text = rest[:at] + "\n" + para + rest[at:]
    return new_text, [Edit("moved", "", para, para, compact(para), compact(para))]


def mut_renumber(text: str, rng: random.Random) -> tuple[str, list[Edit]] | None:
    lines = text.split("\n")
    style = rng.choice(["han", "paren"])
    changed = 0
    for k, line in enumerate(lines):
        m = OUTLINE.match(line)
        if not m:
            continue
        marker = m.group(2)
        digits = [c for c in marker if c in HAN]
        if len(digits) != 1 or digits[0] == "十":
            continue
        is_paren = marker[0] in "（("
        if (style == "paren") != is_paren:
            continue
        new = marker.replace(digits[0], HAN[HAN.index(digits[0]) + 1])
        lines[k] = line[: m.start(2)] + new + line[m.end(2) :]
        changed += 1
    if not changed:
        return None
    return "\n".join(lines), [Edit("renumber", "", style, style)]


def mut_reflow(text: str, rng: random.Random) -> tuple[str, list[Edit]] | None:
    out = []
    for line in text.split("\n"):
        if line.lstrip().startswith("#") or len(line) < 60:
            out.append(line)
            continue
        # spaces between CJK and digits, as PDF text extraction gives them
        line = re.sub(
            r"(?<=[\u4e00-\u9fff])(?=\d)|(?<=\d)(?=[\u4e00-\u9fff])",
            lambda _m: " " if rng.random() < 0.6 else "",
            line,
        )
        pieces, pos = [], 0
        while len(line) - pos > 45:
            step = rng.randint(30, 45)
            pieces.append(line[pos : pos + step])
            pos += step
        pieces.append(line[pos:])
        out.append("\n".join(pieces))
    return "\n".join(out), [Edit("reflow", "", "", "")]


def mut_split(text: str, rng: random.Random) -> tuple[str, list[Edit]] | None:
    """One paragraph split in two after one of its sentences."""
    pos = rng.choice(_enders(text))
    return text[:pos] + "\n" + text[pos:], [Edit("split", "", "", "")]


def mut_merge(text: str, rng: random.Random) -> tuple[str, list[Edit]] | None:
    """Two paragraphs merged into one (the line break after a finished sentence removed)."""
    paras = [(s, e) for s, e in _paragraphs(text) if text[s:e].strip()]  # blank lines skipped
    joints = [
        (e, s2)
        for (s, e), (s2, e2) in zip(paras, paras[1:], strict=False)
        if e - s > 30 and text[e - 1] == "。" and e2 - s2 > 30 and not OUTLINE.match(text[s2:e2])
        and not text[s2:e2].startswith("#")
    ]  # fmt: skip
    if not joints:
        return None
    end, start = rng.choice(joints)
    return text[:end] + text[start:], [Edit("merge", "", "", "")]


def mut_unit(text: str, rng: random.Random) -> tuple[str, list[Edit]] | None:
    """万元 -> 亿元 (a drafting slip a reviewer must see): the value changes 10,000-fold."""
    sites = [m for m in _body_sites(text, NUMBER) if m.group(3) == "万元"]
    if not sites:
        return None
    m = rng.choice(sites)
    n = float(m.group(1))
    return _substitute(text, m, 3, "亿元", "value", old_value=n, new_value=n * 10_000)


SINGLE = [
    ("value-target", lambda t, r: mut_value(t, r, "target")),
    ("value-award", lambda t, r: mut_value(t, r, "award")),
    ("year", mut_year),
    ("qualifier", mut_qualifier),
    ("threshold", mut_threshold),
    ("added", mut_added),
    ("removed", mut_removed),
    ("moved", mut_moved),
    ("renumber", mut_renumber),
    ("reflow", mut_reflow),
    ("split", mut_split),
    ("merge", mut_merge),
    ("unit", mut_unit),
]
# how many pairs of each kind per policy
PLAN = {"value-target": 6, "value-award": 3, "year": 2, "qualifier": 3, "threshold": 2, "added": 2,
        "removed": 2, "moved": 3, "renumber": 1, "reflow": 2, "split": 1, "merge": 1, "unit": 1}  # fmt: skip
COMBOS = 3  # pairs with three edits in different places (value + qualifier + moved, reflowed)


def generate(policies: list[Path] | None = None, seed: int = SEED) -> list[Mutation]:
    rng = random.Random(seed)
    out: list[Mutation] = []
    funcs = dict(SINGLE)
    for policy in policies or POLICIES:
        text = policy.read_text(encoding="utf-8")
        for name, count in PLAN.items():
            made = 0
            for _attempt in range(count * 5):
                if made == count:
                    break
                r = funcs[name](text, rng)
                if r is None:
                    continue
                new_text, edits = r
                if new_text == text and name not in ("reflow",):
                    continue
                out.append(Mutation(f"{policy.stem[:12]}-{name}-{made}", policy, text, new_text, edits))
                made += 1
        for k in range(COMBOS):
            new_text, edits = text, []
            for name in ("value-target", "qualifier", "moved"):
                r = funcs[name](new_text, rng)
                if r is not None:
                    new_text, e = r
                    edits += e
            if k == 0:
                new_text, e = mut_reflow(new_text, rng)
                edits += e
            out.append(Mutation(f"{policy.stem[:12]}-combo-{k}", policy, text, new_text, edits))
    return out


# --- scoring ---------------------------------------------------------------------------------------


def _within(quote: str, context: str) -> bool:
    q = compact(quote)
    return bool(q) and bool(context) and (q in context or context in q)


def _ratio_ok(c, e: Edit) -> bool:
    o, n = c.old, c.new
    if o is not None and n is not None and o.text and n.text and compact(e.old) in o.text and compact(e.new) in n.text:
        return True  # the number as written, e.g. the upper end of a range 1000-2000万元
    if o is None or n is None or e.old_value in (None, 0):
        return False
    exp = e.new_value / e.old_value  # type: ignore[operator]
    if "threshold" in c.fields and o.threshold and n.threshold and o.threshold.value:
        return abs(n.threshold.value / o.threshold.value - exp) < 1e-6
    if o.value in (None, 0) or n.value is None:
        return False
    return abs(n.value / o.value - exp) < 1e-6


def explains(e: Edit, c) -> bool:
    """Does change ``c`` report edit ``e`` with the right old and new values?"""
    if c.fields == ["renamed"] and e.kind in ("value", "qualifier", "threshold"):
        # the edited number is part of a fact's subject (营业收入10亿元以上企业150家): renamed
        return _within(c.new.quote, e.context_new)
    if e.kind in ("value", "threshold"):
        return (
            c.kind == "changed"
            and ("value" in c.fields or "threshold" in c.fields)
            and _ratio_ok(c, e)
            and (_within(c.old.quote, e.context_old) or _within(c.new.quote, e.context_new))
        )
    if e.kind == "year":
        return (
            c.kind == "changed"
            and "year" in c.fields
            and c.old.year == e.old_value
            and c.new.year == e.new_value
            and _within(c.new.quote, e.context_new)
        )
    if e.kind == "qualifier":
        return (
            c.kind == "changed"
            and "qualifier" in c.fields
            and e.old_qualifier in (c.old.qualifier or "") + (c.old.text or "")
            and e.new_qualifier in (c.new.qualifier or "") + (c.new.text or "")
            and _within(c.new.quote, e.context_new)
        )
    if e.kind == "added":
        return c.kind == "added" and _within(c.new.quote, e.context_new)
    if e.kind == "removed":
        return c.kind == "removed" and _within(c.old.quote, e.context_old)
    if e.kind == "moved":
        return c.kind == "moved" and (
            _within(c.old.quote, e.context_old)
            or _within(c.new.quote, e.context_new)
            or compact(c.old.quote).find(e.context_old[:30]) >= 0
        )
    return False  # renumbering, reflow, split and merged paragraphs must report nothing


def score(m: Mutation, changes) -> tuple[list[Edit], list[Edit], list]:
    """(found edits, missed edits, false reports)."""
    found = [e for e in m.edits if any(explains(e, c) for c in changes)]
    missed = [e for e in m.edits if e.kind not in LAYOUT and e not in found]
    false = [c for c in changes if not any(explains(e, c) for e in m.edits)]
    return found, missed, false


def run(mutations: list[Mutation], tmp: Path, facts: bool = True):
    """Diff every mutation; yields (mutation, result, found, missed, false)."""
    from pipeline import parse_file
    from pipeline.diff import diff_documents

    extract = None
    if facts:
        from pipeline.extract import extract
    cache: dict[Path, tuple] = {}
    tmp.mkdir(parents=True, exist_ok=True)
    for m in mutations:
        if m.policy not in cache:
            od = parse_file(m.policy)
            cache[m.policy] = (od, extract(od) if extract else None)
        od, of = cache[m.policy]
        path = tmp / f"{m.name}.txt"
        path.write_text(m.new_text, encoding="utf-8")
        nd = parse_file(path)
        result = diff_documents(od, nd, of, extract(nd) if extract else None)
        yield (m, result, *score(m, result.changes))


def summary(rows) -> str:
    edits = sum(len([e for e in m.edits if e.kind not in LAYOUT]) for m, *_ in rows)
    found = sum(len(f) for _, _, f, _, _ in rows)
    false = sum(len(x) for *_, x in rows)
    by_kind: dict[str, list[int]] = {}
    for m, _r, f, _miss, _x in rows:
        for e in m.edits:
            if e.kind in LAYOUT:
                continue
            by_kind.setdefault(e.kind, [0, 0])
            by_kind[e.kind][1] += 1
            by_kind[e.kind][0] += e in f
    kinds = ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(by_kind.items()))
    return (
        f"{len(rows)} version pairs, {edits} recorded edits: recall {found}/{edits} = {found / max(edits, 1):.1%} "
        f"({kinds}); false reports: {false}"
    )


if __name__ == "__main__":
    import sys
    import tempfile

    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as d:
        seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else SEED
        rows = list(run(generate(seed=seed), Path(d), facts="--no-facts" not in sys.argv))
    for m, _r, _f, missed, false in rows:
        for e in missed:
            print(f"MISSED {m.name}: {e.kind} {e.old!r} -> {e.new!r}")
        for c in false:
            side = c.new or c.old
            print(
                f"FALSE  {m.name}: {c.fact_type} {c.kind} {c.fields} {side.text or side.value!r} in {side.quote[:40]!r}"
            )
    print(summary(rows))
