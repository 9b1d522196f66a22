"""Names of enterprise categories, industries and government bodies, mapped to canonical names.

Supports
    * ``canonical_category(name)``: ``中国民营企业制造业500强`` -> ``中国制造业民营企业500强``;
      ``国家级专精特新“小巨人”企业`` / ``国家专精特新小巨人企业`` -> ``国家级专精特新"小巨人"企业``;
      ``省"隐形冠军"企业`` / ``省级隐形冠军企业`` -> ``省级"隐形冠军"企业``. Three steps: exact lookup of
      the written form, then lookup after folding width, quote marks and spaces (``key``), then a
      rapidfuzz match with a conservative cutoff that never crosses government levels (a 省级 name
      never becomes a 国家级 one) — ``国家级专精特新小巨人企业们`` still maps, ``省级工程研究中心`` does not.
    * ``canonical_industry(name)``, ``canonical_body(name)`` (``市经信局`` -> ``台州市经济和信息化局``).
    * ``find_entities(text, offset=0)``: category / industry / body mentions in running text, found by
      the spaCy ``EntityRuler`` of ``extractors.nlp`` (patterns from ``lexicon/patterns.jsonl``).
    * ``pattern_rows()``: the EntityRuler patterns made from the lexicon; ``python -m
      extractors.entities`` rewrites ``lexicon/patterns.jsonl`` after the TSV files change.

Avoids
    * Guessing across levels or families: fuzzy matching only compares names of the same level
      (国家/省/市/none) and needs a score of at least ``FUZZY_CUTOFF``.

The lexicon lives in ``extractors/lexicon/*.tsv`` (one row per written form, reviewed by people).
"""

from __future__ import annotations

import csv
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from knowledge_base.model import Span

# --- rules as data ------------------------------------------------------------------------------

LEXICONS = {"CATEGORY": "categories.tsv", "INDUSTRY": "industries.tsv", "BODY": "bodies.tsv"}
PATTERNS_FILE = "patterns.jsonl"
# characters ignored when names are compared: quote marks of every style, spaces
IGNORED = re.compile(r"[\s\"'“”‘’「」『』〝〞〃＂]")
# the government level a name starts with (longest first)
LEVEL_PREFIXES = (
    ("国家级", "国家"),
    ("国家", "国家"),
    ("省级", "省"),
    ("省", "省"),
    ("市级", "市"),
    ("市", "市"),
    ("县级", "县"),
)
FUZZY_CUTOFF = 90.0  # rapidfuzz ratio (0-100); below it a name is unknown rather than guessed


@dataclass(frozen=True)
class Entry:
    name: str
    canonical: str
    label: str  # CATEGORY | INDUSTRY | BODY
    level: str = ""
    group: str = ""


@dataclass(frozen=True)
class Mention:
    label: str
    text: str
    canonical: str
    span: Span


def key(name: str) -> str:
    """The comparison form of a name: NFKC width folding, quotes and spaces removed."""
    return IGNORED.sub("", unicodedata.normalize("NFKC", name))


def level_of(name: str) -> str:
    k = key(name)
    for prefix, level in LEVEL_PREFIXES:
        if k.startswith(prefix):
            return level
    return ""


def _read_tsv(filename: str) -> list[dict[str, str]]:
    text = resources.files("extractors.lexicon").joinpath(filename).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def entries(label: str) -> tuple[Entry, ...]:
    """All rows of one lexicon (``CATEGORY``, ``INDUSTRY`` or ``BODY``)."""
    rows = _read_tsv(LEXICONS[label])
    return tuple(
        Entry(
            name=r["name"].strip(),
            canonical=r["canonical"].strip(),
            label=label,
            level=(r.get("level") or "").strip(),
            group=(r.get("group") or "").strip(),
        )
        for r in rows
    )


@cache
def _index(label: str) -> tuple[dict[str, str], dict[str, str]]:
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for e in entries(label):
        exact.setdefault(e.name, e.canonical)
        exact.setdefault(e.canonical, e.canonical)
        folded.setdefault(key(e.name), e.canonical)
        folded.setdefault(key(e.canonical), e.canonical)
    return exact, folded


@cache
def _choices(label: str, level: str) -> tuple[str, ...]:
    return tuple(c for c in _index(label)[1] if level_of(c) == level)


@functools.lru_cache(maxsize=8192)
def canonical(name: str, label: str = "CATEGORY") -> str | None:
    """The canonical name of ``name`` in lexicon ``label``, or None when it is not known."""
    if not name:
        return None
    exact, folded = _index(label)
    if name in exact:
        return exact[name]
    k = key(name)
    if k in folded:
        return folded[k]
    from rapidfuzz import fuzz, process

    best = process.extractOne(k, _choices(label, level_of(k)), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return folded[best[0]] if best else None


def canonical_category(name: str) -> str | None:
    return canonical(name, "CATEGORY")


def canonical_industry(name: str) -> str | None:
    return canonical(name, "INDUSTRY")


def canonical_body(name: str) -> str | None:
    return canonical(name, "BODY")


def category_group(canonical_name: str) -> str | None:
    for e in entries("CATEGORY"):
        if e.canonical == canonical_name:
            return e.group or None
    return None


# --- EntityRuler patterns -----------------------------------------------------------------------


def _variants(name: str) -> list[str]:
    """Written forms worth a phrase pattern: as listed, with Chinese quotes, and with none."""
    forms = [name]
    if '"' in name:
        parts = name.split('"')
        curly = "".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1]
        forms += [curly, name.replace('"', "")]
    return list(dict.fromkeys(forms))


def pattern_rows() -> list[dict[str, str]]:
    """EntityRuler phrase patterns (``label``, ``pattern``, ``id`` = canonical) from the lexicon."""
    rows: list[dict[str, str]] = []
    for label in LEXICONS:
        for e in entries(label):
            for form in _variants(e.name):
                rows.append(
                    {"label": label, "pattern": unicodedata.normalize("NFKC", form), "id": e.canonical}
                )
                if "(" in form:
                    full = form.replace("(", "（").replace(")", "）")
                    rows.append({"label": label, "pattern": full, "id": e.canonical})
    seen: set[tuple[str, str]] = set()
    out = []
    for r in rows:
        if (r["label"], r["pattern"]) not in seen:
            seen.add((r["label"], r["pattern"]))
            out.append(r)
    return out


def patterns_jsonl() -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pattern_rows())


def find_entities(text: str, offset: int = 0) -> list[Mention]:
    """Lexicon mentions in ``text`` (longest match wins), spans shifted by ``offset``."""
    from extractors.nlp import nlp

    doc = nlp()(text)
    return [
        Mention(
            ent.label_,
            ent.text,
            ent.ent_id_ or ent.text,
            Span(ent.start_char + offset, ent.end_char + offset),
        )
        for ent in doc.ents
    ]


if __name__ == "__main__":  # regenerate lexicon/patterns.jsonl from the TSV files
    from pathlib import Path

    target = Path(__file__).with_name("lexicon") / PATTERNS_FILE
    target.write_text(patterns_jsonl(), encoding="utf-8")
    print(f"wrote {len(pattern_rows())} patterns to {target}")
