"""Folder -> knowledge base: incremental, one transaction per document, extraction in parallel.

``build(folder, db)`` reads ``folder/manifest.toml`` for ids and lineage, then for every supported
file compares a build key (the file's sha256, its manifest entry, and a fingerprint of the code and
lexicon that turn files into facts) with the one stored in the base:

* unchanged files are skipped without being parsed (a no-op rebuild writes nothing);
* new or changed files are parsed and extracted — in ``jobs`` worker processes when ``jobs > 1`` —
  and the parent alone writes each one, whole, in one transaction;
* documents whose file left the folder are removed from the base.

The search index is segmented with ``extractors.nlp.segment`` (jieba with the lexicon as user
dictionary), the same function the CLI uses on queries.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from knowledge_base.model import PolicyKBError, stable_id
from knowledge_base.rows import DocumentRecord, LexiconEntry, document_record
from knowledge_base.store import Store
from pipeline.manifest import ManifestEntry, load_manifest

DEFAULT_DB = Path("knowledge_base/policykb.db")
DEFAULT_FOLDER = Path("policies_raw")

_ROOT = Path(__file__).resolve().parents[1]
# what turns a file into rows: a change here re-extracts every document on the next build
_FINGERPRINT_GLOBS = (
    "extractors/**/*.py", "extractors/**/*.tsv", "extractors/**/*.csv", "extractors/**/*.jsonl",
    "extractors/**/*.json", "extractors/**/*.txt", "extractors/**/*.toml",
    "pipeline/read*.py", "pipeline/normalize.py", "pipeline/reflow_pdf.py", "pipeline/structure.py",
    "pipeline/outline/*.py",
    "pipeline/parse.py",
    "pipeline/extract.py", "pipeline/build.py", "knowledge_base/model.py", "knowledge_base/rows.py",
    "knowledge_base/schema.py", "knowledge_base/store.py",
)  # fmt: skip

Progress = Callable[[int, int, str], None]  # (done, total, file name)


@dataclass
class BuildReport:
    db: Path
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one line per failure: "file: cause"
    seconds: float = 0.0
    changes: int = 0  # rows written (sqlite total_changes)
    write_seconds: float = 0.0  # time spent writing (the one process that writes)


@lru_cache(maxsize=1)
def segmenter():
    """The segmenter shared by the index and the queries: the lexicon-aware one when available."""
    try:
        from extractors.nlp import segment
    except ImportError:  # the shared NLP module is not there: plain jieba
        import jieba

        jieba.setLogLevel(60)
        return jieba.lcut
    return segment


def load_lexicon() -> list[LexiconEntry]:
    """Categories, industries and bodies with every written form (the EntityRuler's patterns), from the
    lexicon of ``extractors``."""
    from extractors.entities import LEXICONS, entries, pattern_rows

    kinds = {label: label.lower() for label in LEXICONS}
    forms: dict[tuple[str, str], list[str]] = {}
    for label in LEXICONS:
        for e in entries(label):
            forms.setdefault((label, e.canonical), []).append(e.name)
    for r in pattern_rows():
        forms.setdefault((r["label"], r["id"]), []).append(r["pattern"])
    return [
        LexiconEntry(kinds[label], name, tuple(dict.fromkeys(a for a in names if a != name)))
        for (label, name), names in sorted(forms.items())
    ]


def lexicon_fingerprint(entries: list[LexiconEntry]) -> str:
    return stable_id(*(f"{e.kind}\x1e{e.name}\x1e{'|'.join(e.aliases)}" for e in entries))


def code_fingerprint() -> str:
    h = hashlib.sha256()
    for pattern in _FINGERPRINT_GLOBS:
        for p in sorted(_ROOT.glob(pattern)):
            if "__pycache__" in p.parts:
                continue
            h.update(str(p.relative_to(_ROOT)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def supported_files(folder: Path) -> list[Path]:
    from pipeline.read import SUPPORTED

    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED)


# --- the worker side: file -> DocumentRecord -------------------------------------------------

_LEXICON: list[LexiconEntry] = []


def _init_worker(lexicon: list[LexiconEntry]) -> None:
    global _LEXICON
    _LEXICON = lexicon


def extract_record(
    path: Path, entry: ManifestEntry, build_key: str, lexicon: list[LexiconEntry]
) -> DocumentRecord:
    """Parse, extract and turn one file into rows (runs in a worker process when ``jobs > 1``)."""
    from pipeline import parse_file
    from pipeline.extract import extract

    facts = extract(parse_file(path, doc_id=entry.id))
    return document_record(
        facts,
        segment=segmenter(),
        lexicon=lexicon,
        file=path.name,
        build_key=build_key,
        lineage=entry.lineage,
        succeeds=entry.succeeds,
        title=entry.title,
        doc_number=entry.doc_number,
    )


def _work(path: Path, entry: ManifestEntry, build_key: str) -> DocumentRecord | str:
    try:
        return extract_record(path, entry, build_key, _LEXICON)
    except PolicyKBError as e:
        return str(e)
    except Exception as e:  # a bug in one document must not lose the others
        return f"{path}: {type(e).__name__}: {e}"


# --- the parent side ---------------------------------------------------------------------------


def build(
    folder: str | Path = DEFAULT_FOLDER,
    db: str | Path = DEFAULT_DB,
    *,
    jobs: int = 1,
    force: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Bring the base ``db`` in line with the files of ``folder`` (see the module docstring)."""
    t0 = time.perf_counter()
    folder, db = Path(folder), Path(db)
    if not folder.is_dir():
        raise PolicyKBError(folder, "not a folder")
    if db.is_dir():
        raise PolicyKBError(db, "a folder, not a knowledge base file (give --db a file name)")
    manifest = load_manifest(folder)
    files = supported_files(folder)
    if not files:  # most likely the wrong folder: the base is left as it is
        raise PolicyKBError(folder, "a folder without .txt, .md, .html, .docx or .pdf files")
    report = BuildReport(db=db)

    entries: dict[Path, ManifestEntry] = {}
    by_id: dict[str, Path] = {}
    for f in files:
        e = manifest.entry_for(f)
        if e.id in by_id:  # one of the two is skipped and reported; the others are built
            report.failed.append(f"{f}: document id {e.id!r} is also the id of {by_id[e.id].name}")
            continue
        by_id[e.id] = f
        entries[f] = e
    files = [f for f in files if f in entries]

    lexicon = load_lexicon()
    fingerprint = stable_id(code_fingerprint(), lexicon_fingerprint(lexicon))

    with Store(db) as store:
        start_changes = store.total_changes
        store.set_lexicon(lexicon, lexicon_fingerprint(lexicon))
        known = store.known()

        for did in sorted(set(known) - set(by_id)):
            store.delete(did)
            report.removed.append(did)

        todo: list[tuple[Path, ManifestEntry, str]] = []
        for f in files:
            e = entries[f]
            sha = hashlib.sha256(f.read_bytes()).hexdigest()
            key = stable_id(sha, f.name, e.id, e.lineage, e.succeeds, e.title, e.doc_number, fingerprint)
            old = known.get(e.id)
            if old is not None and old["build_key"] == key and not force:
                report.unchanged.append(e.id)
                continue
            todo.append((f, e, key))

        def done(i: int, rec: DocumentRecord | str, f: Path) -> None:
            if isinstance(rec, str):
                report.failed.append(rec)
            else:
                t = time.perf_counter()
                store.write(rec)
                report.write_seconds += time.perf_counter() - t
                (report.updated if rec.document_id in known else report.added).append(rec.document_id)
            if progress:
                progress(i, len(todo), f.name)

        if jobs <= 1 or len(todo) <= 1:
            _init_worker(lexicon)
            for i, (f, e, key) in enumerate(todo, 1):
                done(i, _work(f, e, key), f)
        else:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(lexicon,)) as ex:
                futures = {ex.submit(_work, f, e, key): f for f, e, key in todo}
                for i, fut in enumerate(as_completed(futures), 1):
                    done(i, fut.result(), futures[fut])
        report.changes = store.total_changes - start_changes
    report.seconds = time.perf_counter() - t0
    return report
