"""Readers: TXT / Markdown / DOCX / PDF -> ``RawDocument`` (physical lines with their source location).

``read(path)`` checks the path (exists, a file, a supported extension, not empty, not over 200 MB)
and hands it to the reader of its format; this module holds the TXT/Markdown reader, DOCX is in
``pipeline.read_docx`` and PDF in ``pipeline.read_pdf``. One ``RawLine`` per physical line,
paragraph or table row:

* ``.txt`` / ``.md``: one RawLine per line of the file (1-based ``line``), blank lines kept as
  ``kind="blank"`` (the normalizer uses them to repair page-break splits). The encoding is detected
  without being told: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK, else
  charset-normalizer's best guess; binary content is refused. HTML saved as ``.txt`` is turned into
  text (tags stripped, entities decoded, a line per block element, table cells joined by TAB).
  Markdown ``#`` headings get ``hint={"heading": n}`` (the normalizer strips the markers); a line
  with TAB-separated cells is a ``table_row``.
* ``.docx`` and ``.pdf``: see ``pipeline.read_docx`` and ``pipeline.read_pdf``.

Bad input raises ``ReadError`` naming the file and the cause; never a traceback.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from knowledge_base.model import RawDocument, RawLine, ReadError, UnsupportedFormat

# --- rules as data ---------------------------------------------------------------------------

# extension -> format; a web page is read as text (tags stripped), its format is "txt"
SUPPORTED = {
    ".txt": "txt", ".text": "txt", ".html": "txt", ".htm": "txt",
    ".md": "md", ".markdown": "md", ".docx": "docx", ".pdf": "pdf",
}  # fmt: skip
HTML_SUFFIXES = {".html", ".htm"}
# What to do with the formats people most often have instead.
CONVERT_HINT = {
    ".doc": "save it as .docx", ".wps": "save it as .docx", ".rtf": "save it as .docx",
    ".odt": "save it as .docx", ".ofd": "export it as PDF", ".xls": "not a policy text",
    ".xlsx": "not a policy text",
}  # fmt: skip

MAX_FILE_BYTES = 200 * 1024 * 1024  # refuse bigger files: no policy document is that large

# Magic numbers of formats people rename by mistake.
MAGIC = [
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a zip archive (DOCX/XLSX?)"),
    (b"\xd0\xcf\x11\xe0", "an OLE file (legacy .doc/.xls, or an encrypted Office file)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
]

# Markdown heading: up to three spaces, 1-6 '#', a space (or none, as in '#标题').
MD_HEADING = re.compile(r"^ {0,3}(#{1,6})(?=\s|[^#\s])")
# Markdown table separator row: | --- | :---: |
MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")

# A document looks like HTML if it has a doctype / <html> or at least this many block tags.
HTML_SIGNS = re.compile(r"<!doctype html|<html[\s>]|<body[\s>]", re.I)
HTML_BLOCK_TAGS = re.compile(r"<(?:p|div|br|table|tr|td|li|h[1-6])\b[^>]*>", re.I)
HTML_MIN_BLOCK_TAGS = 3
# Raw HTML in a Markdown line (not an autolink such as <https://…>)
MD_RAW_HTML = re.compile(
    r"</?(?:p|div|br|table|thead|tbody|tr|td|th|li|ul|ol|h[1-6]|span|b|i|u|strong|em|font|sup|sub|a|img"
    r"|script|style|center)\b[^>]*>|<!--",
    re.I,
)
HTML_BLOCK = {
    "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "blockquote", "pre", "title", "dd", "dt", "hr",
}  # fmt: skip
HTML_SKIP = {"script", "style", "head", "noscript", "template"}


# --- entry point -----------------------------------------------------------------------------


def read(path: str | Path) -> RawDocument:
    """Read a supported file into raw lines with their source locations, or raise ``ReadError``."""
    path = Path(path)
    if not path.exists():
        if path.is_symlink():
            raise ReadError(path, "a symbolic link that leads nowhere (a loop, or its target is gone)")
        raise ReadError(path, "no such file")
    if path.is_dir():
        raise ReadError(path, "is a directory, not a file")
    fmt = SUPPORTED.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormat(
            path,
            f"unsupported file type {path.suffix or '(none)'}: "
            + (f"{CONVERT_HINT[path.suffix.lower()]}; " if path.suffix.lower() in CONVERT_HINT else "")
            + "use .txt, .md, .html, .docx or .pdf",
        )
    try:
        size = path.stat().st_size
        if size == 0:
            raise ReadError(path, "empty file")
        if size > MAX_FILE_BYTES:
            raise ReadError(
                path, f"file too large ({size:,} bytes; the limit is {MAX_FILE_BYTES // 2**20} MB)"
            )
        if fmt in ("txt", "md"):
            return _read_text(path, fmt)
        if fmt == "docx":
            from pipeline.read_docx import read_docx

            return read_docx(path)
        from pipeline.read_pdf import read_pdf

        return read_pdf(path)
    except PermissionError:
        raise ReadError(path, "permission denied") from None
    except OSError as e:
        raise ReadError(path, f"cannot read the file: {e.strerror or e}") from None


# --- TXT / Markdown --------------------------------------------------------------------------


def decode_text(data: bytes, path: str | Path) -> tuple[str, str]:
    """Bytes -> (text, encoding name). UTF-8/UTF-16 BOMs, strict UTF-8, GB18030, then
    charset-normalizer. Binary content raises ``ReadError``."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path), "utf-16"
    head = data[:8]
    for magic, what in MAGIC:
        if head.startswith(magic):
            raise ReadError(path, f"not a text file: the content is {what}")
    if b"\x00" in data:
        raise ReadError(path, "not a text file: binary content (NUL bytes)")
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text):
            return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if not _looks_binary(text):
            return text, best.encoding
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ReadError(
            path,
            f"undecodable text (invalid UTF-8 at byte {e.start:,} of {len(data):,}): not UTF-8, not "
            "GB18030, no other encoding detected (mixed encodings, or binary content)",
        ) from None
    raise ReadError(path, "not a text file: control characters throughout (binary content)")


def _strict(data: bytes, enc: str, path) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as e:
        raise ReadError(
            path, f"invalid {enc.upper()} at byte {e.start} despite its byte-order mark"
        ) from None


def _looks_binary(text: str) -> bool:
    """Control characters (other than tab, newlines, form feed) in more than 1 of 1000 characters."""
    if not text:
        return False
    sample = text[:200_000]
    bad = sum(1 for c in sample if c < " " and c not in "\t\n\r\f\v") + sample.count("\ufffd")
    return bad > max(2, len(sample) // 1000)


def _read_text(path: Path, fmt: str) -> RawDocument:
    text, encoding = decode_text(path.read_bytes(), path)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ReadError(path, "no text: the file holds only whitespace")
    page = bool(HTML_SIGNS.search(text[:4000]))
    # Markdown may hold raw HTML: then only its tagged lines are converted (``_numbered_lines``)
    tagged = fmt != "md" and len(HTML_BLOCK_TAGS.findall(text[:20000])) >= HTML_MIN_BLOCK_TAGS
    is_html = path.suffix.lower() in HTML_SUFFIXES or page or tagged
    if is_html:
        text = html_to_text(text)
        if not text.strip():
            raise ReadError(path, "no text: an HTML page without text")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    lines: list[RawLine] = []
    for i, t in _numbered_lines(text, fmt == "md" and not is_html):
        if not t.strip():
            lines.append(RawLine("", None, i, "blank"))
            continue
        hint: dict = {}
        kind = "text"
        if is_html:
            hint["html"] = True
        if "\t" in t.strip():
            kind = "table_row"  # cells joined by TAB, as in text copied from a web page or a sheet
        m = MD_HEADING.match(t)
        if m and not is_html:
            hint["heading"] = len(m.group(1))
        elif fmt == "md" and t.lstrip().startswith("|") and t.rstrip().endswith("|"):
            if MD_TABLE_SEP.match(t):
                lines.append(RawLine("", None, i, "blank", {"md_table_rule": True}))
                continue
            kind = "table_row"
            hint["md_table"] = True
        lines.append(RawLine(t, None, i, kind, hint))
    return RawDocument(path=str(path), format=fmt, lines=lines, encoding=encoding)


def _numbered_lines(text: str, raw_html: bool):
    """(line number, line); with ``raw_html`` a Markdown line holding HTML tags gives the lines of its
    text (``<table>`` rows with cells joined by TAB, ``<script>`` dropped), all with its number."""
    for i, t in enumerate(text.split("\n"), 1):
        if raw_html and MD_RAW_HTML.search(t):
            for piece in html_to_text(t).split("\n"):
                yield i, piece
        else:
            yield i, t


class _HTMLText(HTMLParser):
    """HTML -> text as a browser shows it: a line per block element, cells joined by TAB."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.cell = 0  # inside a table cell, block elements are joined with a space

    def _block(self) -> None:
        self.out.append(" " if self.cell else "\n")

    def handle_starttag(self, tag, attrs):
        if tag in HTML_SKIP:
            self.skip += 1
        elif tag in ("td", "th"):
            self.cell += 1
            self.out.append("\t")
        elif tag in HTML_BLOCK:
            self._block()

    def handle_startendtag(self, tag, attrs):
        if tag in HTML_BLOCK:
            self._block()

    def handle_endtag(self, tag):
        if tag in HTML_SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            self.cell = max(0, self.cell - 1)
        elif tag in HTML_BLOCK:
            self._block()

    def handle_data(self, data):
        if not self.skip:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_text(text: str) -> str:
    p = _HTMLText()
    p.feed(text)
    p.close()
    lines = []
    for ln in "".join(p.out).split("\n"):
        cells = [c.strip() for c in ln.split("\t")]
        cells = [c for c in cells if c]
        if cells:
            lines.append("\t".join(cells))
    return html.unescape("\n".join(lines)) if "&" in "".join(lines) else "\n".join(lines)


# --- shared ----------------------------------------------------------------------------------


def join_broken(text: str) -> str:
    """Join the pieces of a line broken inside a paragraph (DOCX ``<w:br/>``): nothing between CJK,
    one space between Latin words."""
    if "\n" not in text:
        return text
    pieces = [p.strip() for p in text.split("\n")]
    out = pieces[0]
    for p in pieces[1:]:
        if not p:
            continue
        if out and latin_char(out[-1]) and latin_char(p[0]):
            out += " "
        out += p
    return out


def latin_char(c: str) -> bool:
    """A Latin/Greek/Cyrillic letter or a digit (not CJK): words of these are separated by spaces."""
    return c.isascii() and c.isalnum() or unicodedata.category(c)[0] in "LN" and ord(c) < 0x2E80
