"""Document -> Facts: runs each extractor over the document and gathers their facts.

The order is fixed: quantities (every number, paragraph by paragraph, in Document offsets), then
targets and tiers (which reuse those quantities and targets), awards (with the issues they would not
guess at) and references. Each extractor is a pure function of the document.
"""

from __future__ import annotations

import importlib

from knowledge_base.model import Document, Facts


def _optional(module: str):
    """An extractor module, or None while it does not exist yet (any other import error is raised)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name != module:
            raise
        return None


def extract(doc: Document) -> Facts:
    """All facts of ``doc``: quantities, targets, tiers, awards (+ issues) and references."""
    from extractors.quantities import find_quantities
    from extractors.targets import extract_targets
    from extractors.tiers import extract_tiers

    facts = Facts(document=doc)
    for p in doc.paragraphs:
        facts.quantities.extend(find_quantities(p.span.of(doc.text), p.span.start))
    facts.targets = extract_targets(doc, facts.quantities)
    facts.tiers = extract_tiers(doc, facts.targets)
    awards = _optional("extractors.awards")
    if awards is not None:
        facts.awards, issues = awards.extract_awards(doc)
        facts.issues.extend(issues)
    references = _optional("extractors.references")
    if references is not None:
        facts.references = references.extract_references(doc)
    return facts
