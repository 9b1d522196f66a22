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
