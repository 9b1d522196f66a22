"""The shared jieba + spaCy pipeline, loaded once and only when first needed.

Supports
    * ``segment(text)``: jieba words, with the lexicon as user dictionary, so that domain words stay
      whole: ``培育专精特新“小巨人”企业`` -> ``培育`` ``专精特新`` ``“`` ``小巨人`` ``”`` ``企业``.
    * ``nlp()``: ``spacy.blank("zh")`` with the jieba segmenter and an ``EntityRuler`` whose phrase
      patterns (labels ``CATEGORY``, ``INDUSTRY``, ``BODY``; ``ent_id_`` = canonical name) come from
      ``lexicon/patterns.jsonl``, generated from the lexicon TSV files by ``python -m extractors.entities``.

Avoids
    * Numbers: jieba may split a number or its unit across tokens, so numbers, units and amounts are
      matched on characters (``extractors.quantities``); this pipeline is for the words around them.
    * Import cost at start-up: jieba and spaCy are imported inside the functions.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

USER_DICT = "terms.txt"  # jieba user dictionary: "word freq tag" per line
PATTERNS = "patterns.jsonl"


def _lexicon_text(name: str) -> str:
    return resources.files("extractors.lexicon").joinpath(name).read_text(encoding="utf-8")


@cache
def jieba_module():
    """The jieba module with the lexicon loaded (the same instance spaCy's segmenter uses)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for line in _lexicon_text(USER_DICT).splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 else None
        jieba.add_word(parts[0], freq=freq, tag=parts[2] if len(parts) > 2 else None)
    # whole lexicon names without quotes, so that a category stays one token where jieba allows it
    from extractors.entities import LEXICONS, entries, key

    for label in LEXICONS:
        for e in entries(label):
            k = key(e.name)
            if len(k) >= 2 and k.isalnum():
                jieba.add_word(k, freq=1000)
    return jieba


def segment(text: str) -> list[str]:
    """jieba words of ``text`` (accurate mode), lexicon terms kept whole."""
    return jieba_module().lcut(text)


def is_word(text: str) -> bool:
    """Whether ``text`` is a word of jieba's dictionary (or of the lexicon)."""
    return bool(jieba_module().dt.FREQ.get(text))


@cache
def nlp():
    """spaCy blank Chinese with the jieba segmenter and the lexicon EntityRuler."""
    import spacy

    jieba_module()
    pipeline = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ruler = pipeline.add_pipe("entity_ruler", config={"overwrite_ents": True})
    patterns = [json.loads(line) for line in _lexicon_text(PATTERNS).splitlines() if line.strip()]
    ruler.add_patterns(patterns)
    return pipeline
