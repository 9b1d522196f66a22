"""Document -> Facts: runs each extractor over the document and gathers their facts.

The order is fixed: quantities (every number, paragraph by paragraph, in Document offsets), then
targets and tiers (which reuse those quantities and targets), awards (with the issues they would not
guess at) and references. Each extractor is a pure function of the document.
"""

from __future__ import annotations

from knowledge_base.model import Document, Facts


def extract(doc: Document) -> Facts:
    """All facts of ``doc``: quantities, targets, tiers, awards (+ issues) and references."""
    from extractors.awards import extract_awards
    from extractors.quantities import find_quantities
    from extractors.references import extract_references
    from extractors.targets import extract_targets
    from extractors.tiers import extract_tiers

    facts = Facts(document=doc)
    for p in doc.paragraphs:
        facts.quantities.extend(find_quantities(p.span.of(doc.text), p.span.start))
    facts.targets = extract_targets(doc, facts.quantities)
    facts.tiers = extract_tiers(doc, facts.targets)
    facts.awards, issues = extract_awards(doc)
    facts.issues.extend(issues)
    facts.references = extract_references(doc)
    return facts
