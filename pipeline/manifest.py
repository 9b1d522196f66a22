"""``manifest.toml`` of a policy folder: stable document ids and lineage.

Each ``[[document]]`` entry names a ``file`` of the folder and gives it an ``id``; ``lineage`` groups
the versions of one policy line and ``succeeds`` names the id of the version it replaces::

    [[document]]
    id = "tz-2024-matrix-draft"
    file = "taizhou-2024-draft-quality-enterprise-matrix-2025-2029.txt"
    lineage = "taizhou-manufacturing-enterprise-plans"
    succeeds = "tz-2019-58"

A file without an entry is known by its file name without the extension, with no lineage.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from knowledge_base.model import PolicyKBError

MANIFEST_NAME = "manifest.toml"


class ManifestError(PolicyKBError):
    """``manifest.toml`` cannot be read or contradicts itself."""


@dataclass(frozen=True)
class ManifestEntry:
    id: str
    file: str
    lineage: str | None = None
    succeeds: str | None = None
    title: str | None = None
    doc_number: str | None = None


@dataclass
class Manifest:
    entries: dict[str, ManifestEntry] = field(default_factory=dict)  # by file name

    def entry_for(self, path: Path) -> ManifestEntry:
        """The entry of ``path``, or a default one whose id is the file stem."""
        e = self.entries.get(path.name)
        return e if e is not None else ManifestEntry(id=path.stem, file=path.name)


def load_manifest(folder: str | Path) -> Manifest:
    """Read ``folder/manifest.toml`` (an absent manifest is an empty one)."""
    path = Path(folder) / MANIFEST_NAME
    if not path.exists():
        return Manifest()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ManifestError(path, f"not valid TOML: {e}") from e
    entries: dict[str, ManifestEntry] = {}
    ids: set[str] = set()
    for i, d in enumerate(data.get("document", []), 1):
        if not isinstance(d, dict) or not d.get("id") or not d.get("file"):
            raise ManifestError(path, f"[[document]] #{i} needs both 'id' and 'file'")
        e = ManifestEntry(
            id=str(d["id"]),
            file=str(d["file"]),
            lineage=d.get("lineage"),
            succeeds=d.get("succeeds"),
            title=d.get("title"),
            doc_number=d.get("doc_number"),
        )
        if e.id in ids:
            raise ManifestError(path, f"duplicate document id {e.id!r}")
        if e.file in entries:
            raise ManifestError(path, f"file {e.file!r} listed twice")
        ids.add(e.id)
        entries[e.file] = e
    return Manifest(entries)
