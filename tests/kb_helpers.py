"""Shared helpers of the knowledge-base tests: copies of the real policies, hand-read facts, row dumps."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path

from knowledge_base.model import Award, Facts, Reference, Span, Target, Tier, TierMember, stable_id

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies_raw"
DATA = Path(__file__).parent / "data" / "kb"
FILES = {
    "tz-2019-58": "taizhou-2019-58-manufacturing-hq-plan-2020-2025.txt",
    "tz-2024-matrix-draft": "taizhou-2024-draft-quality-enterprise-matrix-2025-2029.txt",
}


def tsv(name: str) -> list[dict[str, str]]:
    """Rows of ``tests/data/kb/<name>``; lines starting with ``#`` are comments, the last one the header."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    header = [ln for ln in lines if ln.startswith("#")][-1].lstrip("# ").split("\t")
    body = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    return [
        dict(zip(header, r, strict=False)) for r in csv.reader(body, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]


def copy_policies(dst: Path) -> Path:
    """The real policies and their manifest, copied to ``dst`` (created)."""
    dst.mkdir(parents=True, exist_ok=True)
    for f in [*FILES.values(), "manifest.toml"]:
        shutil.copy(POLICIES / f, dst / f)
    return dst


def built_base(dst: Path, name: str = "kb.db"):
    """The real policies copied to ``dst/policies`` and built into ``dst/<name>``: (folder, db, report)."""
    from pipeline.build import build

    folder = copy_policies(dst / "policies")
    db = dst / name
    report = build(folder, db)
    assert not report.failed, report.failed
    return folder, db, report


def parse_policy(doc_id: str):
    from pipeline import parse_file

    return parse_file(POLICIES / FILES[doc_id], doc_id=doc_id)


def _num(s: str) -> float | None:
    return float(s) if s else None


def hand_facts(doc) -> Facts:
    """``Facts`` of ``doc`` made from the hand-read rows of ``facts.tsv`` (spans found in the real text)."""
    facts = Facts(document=doc)
    rows = [r for r in tsv("facts.tsv") if r["document"] == doc.id]
    targets_by_quote: dict[str, Target] = {}
    for r in rows:
        start = doc.text.find(r["quote"])
        assert start >= 0, f"{doc.id}: quote not in text: {r['quote']}"
        span = Span(start, start + len(r["quote"]))
        src = doc.source_at(start)
        extra = dict((kv.split("=", 1) + [""])[:2] for kv in (r.get("extra") or "").split(";") if kv)
        if r["type"] == "target":
            t = Target(
                id=stable_id(doc.id, "target", r["quote"], r["name"]), subject=r["name"],
                category=r["category"] or None, value=_num(r["value"]), unit=r["unit"],
                qualifier=r["qualifier"], year=int(r["year"]) if r["year"] else None, kind=r["kind"],
                quote=r["quote"], span=span, source=src, bound="min" if r["qualifier"] == "以上" else "exact",
            )  # fmt: skip
            if "parent" in extra:
                t.parent = targets_by_quote[extra["parent"]].id
            targets_by_quote[r["quote"]] = t
            facts.targets.append(t)
        elif r["type"] == "award":
            facts.awards.append(
                Award(
                    id=stable_id(doc.id, "award", r["quote"], r["name"]),
                    recipient=r["name"],
                    trigger="",
                    amount=_num(r["value"]),
                    unit=r["unit"],
                    max=False,
                    one_off="one_off" in extra,
                    kind=r["kind"],
                    quote=r["quote"],
                    span=span,
                    source=src,
                    category=r["category"] or None,
                )  # fmt: skip
            )
        elif r["type"] == "tier":
            members = [TierMember(m) for m in extra.get("members", "").split("|") if m]
            facts.tiers.append(
                Tier(
                    name=r["name"],
                    rank=int(r["kind"]),
                    members=members,
                    quote=r["quote"],
                    span=span,
                    target=_num(r["value"]),
                    unit=r["unit"],
                    year=int(r["year"]) if r["year"] else None,
                    next=extra.get("next"),
                )  # fmt: skip
            )
        elif r["type"] == "reference":
            facts.references.append(Reference(r["name"], r["kind"], r["quote"], span, target=r["name"]))
    return facts


def dump(db: Path, table: str, key: str = "id", drop: tuple[str, ...] = ()) -> dict:
    """``{key: row}`` of one table (columns in ``drop`` left out)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        rows = [dict(r) for r in conn.execute(f"SELECT * FROM [{table}]")]
    finally:
        conn.close()
    return {r[key]: {k: v for k, v in r.items() if k not in drop} for r in rows}


def extraction_counts(facts: Facts) -> dict[str, int]:
    """What the store must hold for these facts, per table."""
    d = facts.document
    return {
        "sections": len(d.sections),
        "paragraphs": len(d.paragraphs),
        "targets": len(facts.targets),
        "awards": len(facts.awards),
        "tiers": len(facts.tiers),
        "tier_members": sum(len(t.members) for t in facts.tiers),
        "citations": len(facts.references),
    }
