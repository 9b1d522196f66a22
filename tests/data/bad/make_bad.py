"""Make the bad-input fixtures (committed; rerun to regenerate):

    python tests/data/bad/make_bad.py

Each file is small and stands for one way a file can be unreadable; ``cases.tsv`` beside it lists
the file and the words the one-line error must contain. They are cut from the real renditions of
the Taizhou policy (``tests/data/renditions/``) where a real document is needed.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RENDITIONS = HERE.parent / "renditions"
POLICY = "taizhou-2019-58-manufacturing-hq-plan-2020-2025.txt"


def main() -> None:
    pdf = (RENDITIONS / "tz-2019-58.pdf").read_bytes()
    docx = (RENDITIONS / "tz-2019-58.docx").read_bytes()

    (HERE / "empty.txt").write_bytes(b"")
    (HERE / "whitespace.txt").write_bytes(" \n\u3000\n\t\n".encode())
    rnd = random.Random(58)
    (HERE / "binary.txt").write_bytes(bytes(rnd.randrange(256) for _ in range(4096)))
    (HERE / "pdf_named.txt").write_bytes(pdf[:4096])
    (HERE / "truncated.pdf").write_bytes(pdf[: len(pdf) * 2 // 5])
    (HERE / "not_a.pdf").write_bytes("台州市人民政府办公室文件\n".encode())
    (HERE / "encrypted.pdf").write_bytes(_encrypted(pdf))
    (HERE / "scanned.pdf").write_bytes(_scanned(pdf))
    (HERE / "not_zip.docx").write_bytes("台州市人民政府办公室文件".encode())
    (HERE / "legacy.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (HERE / "truncated.docx").write_bytes(docx[: len(docx) // 2])
    (HERE / "no_document.docx").write_bytes(
        _zip({"[Content_Types].xml": b"<Types/>", "word/other.xml": b"<x/>"})
    )
    (HERE / "zipbomb.docx").write_bytes(_zipbomb())
    (HERE / "policy.xls").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(60))
    (HERE / "no_extension").write_bytes("台州市人民政府办公室文件".encode())
    (HERE / "empty.docx").write_bytes(b"")
    (HERE / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (HERE / "image.pdf").write_bytes(_png())
    policy = (HERE.parents[2] / "policies_raw" / POLICY).read_text(encoding="utf-8")[:1200]
    (HERE / "nul.txt").write_bytes(policy[:300].encode() + b"\x00\x00" + policy[300:600].encode())
    (HERE / "mixed.txt").write_bytes(
        policy[:300].encode() + "台州市".encode("gbk") + policy[300:600].encode()
    )
    # Readable input that looks odd: each must parse (see cli_cases.tsv)
    (HERE / "gbk.txt").write_bytes(policy.encode("gbk"))
    (HERE / "utf16.txt").write_bytes(policy.encode("utf-16"))  # with its byte-order mark
    (HERE / "台州 政策 2019.txt").write_text(policy, encoding="utf-8")
    (HERE / "page.txt").write_text(
        "<html><head><style>p{color:red}</style><script>var x = 1;</script></head><body>"
        "<p>台州市人民政府办公室文件</p><p>台政办发〔2019〕58号</p>"
        "<table><tr><td>指标</td><td>2025年</td></tr></table></body></html>",
        encoding="utf-8",
    )
    (HERE / "raw_html.md").write_text(
        "# 台州市制造业高质量发展行动计划\n\n## 一、总体要求\n\n到2025年，规上工业增加值达到3000亿元。\n\n"
        "<table><tr><td>研发投入</td><td>3%</td></tr></table>\n\n<script>alert('x')</script>\n\n"
        "## 二、主要任务\n\n培育百亿企业10家。\n",
        encoding="utf-8",
    )


def _encrypted(pdf: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf)).pages[:1]:
        w.add_page(page)
    w.encrypt(user_password="tz2019", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def _scanned(pdf: bytes) -> bytes:
    """The first page rendered to a grey image and saved as an image-only PDF (a scan)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    image = doc[0].render(scale=0.8).to_pil().convert("L")
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=58)
    return out.getvalue()


def _png() -> bytes:
    """A 1x1 PNG image (a picture renamed .pdf)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _zipbomb() -> bytes:
    """A DOCX-shaped zip whose document.xml expands to 64 MB of spaces (ratio about 1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            block = b" " * (1 << 20)
            for _ in range(64):
                f.write(block)
    return out.getvalue()


if __name__ == "__main__":
    main()
