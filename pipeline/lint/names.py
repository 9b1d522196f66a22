"""Category names: where the lexicon's categories are mentioned, and ``name-variant`` — one category
written two ways in a draft or against its earlier version.

Supports
    * word order: ``中国民营企业制造业500强`` (2019 plan) / ``中国制造业民营企业500强`` (2024 draft);
    * level suffix: ``省“隐形冠军”企业`` / ``省级“隐形冠军”企业``, ``国家级高新技术企业`` / ``国家高新技术企业``.
    The form reported is the one that differs from the canonical name (else the less frequent one).

Avoids
    * short forms (``高新技术企业`` after ``国家高新技术企业``, ``“小巨人”企业``): normal writing;
    * quote styles and a trailing 企业 (``“500强”企业`` / ``500强``): the same name.

Mentions are found with every written form of ``extractors/lexicon/categories.tsv`` (quote marks
optional, spaces allowed around digits) and mapped by ``extractors.entities.canonical_category``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from knowledge_base.model import Document, Facts, Span
from pipeline.lint.hits import Hit, location

# --- rules as data ------------------------------------------------------------------------------

LEVEL_SUFFIXES = (("国家级", "国家"), ("省级", "省"), ("市级", "市"), ("县级", "县"))
QUOTE_CHARS = "“”\"〝〞'‘’"


@dataclass
class Mention:
    canonical: str
    written: str
    span: Span


@cache
def _category_pattern() -> re.Pattern[str] | None:
    try:
        from extractors.entities import entries
    except ImportError:
        return None
    names = sorted({e.name for e in entries("CATEGORY")}, key=len, reverse=True)
    alts = []
    for n in names:
        chars = []
        for i, ch in enumerate(n):
            if ch == '"':
                chars.append(f"[{QUOTE_CHARS}]?")
                continue
            if i and ch.isdigit() != n[i - 1].isdigit():
                chars.append(r"\s?")  # 制造业 500 强: spaces around digits as some sources write them
            chars.append(re.escape(ch))
        piece = "".join(chars)
        alts.append(piece.replace(r"\(", "[（(]").replace(r"\)", "[）)]"))
    return re.compile("|".join(alts))


def mentions(text: str, offset: int = 0) -> list[Mention]:
    rx = _category_pattern()
    if rx is None:
        return []
    from extractors.entities import canonical_category

    out = []
    for m in rx.finditer(text):
        canon = canonical_category(m.group())
        if canon:
            out.append(Mention(canon, m.group(), Span(offset + m.start(), offset + m.end())))
    return out


def curly(name: str) -> str:
    """``省级"隐形冠军"企业`` -> ``省级“隐形冠军”企业`` (lexicon names use straight quotes)."""
    parts = re.split(f"[{QUOTE_CHARS}]", name)
    return "".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1]


def _bare(name: str) -> str:
    """The comparison form of a name: no quote marks, no spaces, no trailing 企业."""
    return re.sub("企业$", "", fold(name))


def fold(name: str) -> str:
    return re.sub(f"[{QUOTE_CHARS}\\s]", "", name)


def _variant_kind(a: str, b: str) -> str | None:
    """Why two written forms of one category count as a naming inconsistency (None: they don't)."""
    fa, fb = _bare(a), _bare(b)  # 500强 / 500强企业: the same name
    if fa == fb:
        return None
    if fa in fb or fb in fa:
        return None  # a short form
    if Counter(fa) == Counter(fb):
        return "词序不同"
    for long, short in LEVEL_SUFFIXES:
        if fa.replace(long, short) == fb.replace(long, short):
            return f"“{short}”与“{long}”混用"
    return None


def name_variants(doc: Document, earlier: Facts | None) -> Iterator[Hit]:
    ms = [m for p in doc.paragraphs for m in mentions(p.span.of(doc.text), p.span.start)]
    by_cat: dict[str, list[Mention]] = {}
    for m in ms:
        by_cat.setdefault(m.canonical, []).append(m)
    for cat, group in by_cat.items():
        counts = Counter(fold(m.written) for m in group)
        # the canonical name when the document uses it, else the most frequent form
        canon = _bare(cat)
        main = next((f for f, _ in counts.most_common() if _bare(f) == canon), counts.most_common(1)[0][0])
        reported: set[str] = set()
        for m in group:
            f = fold(m.written)
            if f == main or f in reported:
                continue
            other = next(x for x in group if fold(x.written) == main)
            why = _variant_kind(m.written, other.written)
            if why:
                reported.add(f)
                yield Hit(
                    "name-variant",
                    m.span,
                    f"同一类别“{curly(cat)}”写法不一致（{why}）：此处“{m.written}”，{location(doc, other.span)}作“{other.written}”",
                    curly(cat) if _bare(cat) == _bare(main) else curly(other.written),
                )
    if earlier is None:
        return
    old_doc = earlier.document
    old = [m for p in old_doc.paragraphs for m in mentions(p.span.of(old_doc.text), p.span.start)]
    now_forms = {fold(m.written) for m in ms}
    reported = set()
    for m in ms:
        for o in old:
            if o.canonical != m.canonical or fold(o.written) in now_forms or fold(m.written) in reported:
                continue
            why = _variant_kind(m.written, o.written)
            if why:
                reported.add(fold(m.written))
                yield Hit(
                    "name-variant",
                    m.span,
                    f"与上一版本写法不一致（{why}）：此处“{m.written}”，上一版本作“{o.written}”",
                    None,
                )
                break
