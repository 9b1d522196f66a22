"""policykb's top layer: files in, documents, facts, diffs, lint findings and reports out.

Light on purpose: ``import pipeline`` must not import jieba, spaCy or pdfplumber.
"""

from knowledge_base.model import PolicyKBError

__all__ = ["PolicyKBError", "parse_file", "extract_file"]


def parse_file(path, doc_id=None):
    """Read any supported file into a normalized ``Document`` with outline and metadata."""
    from pipeline.parse import parse_file as _parse

    return _parse(path, doc_id=doc_id)


def extract_file(path, doc_id=None):
    """Parse a file and extract its facts (``Facts``)."""
    from pipeline.extract import extract

    return extract(parse_file(path, doc_id=doc_id))
